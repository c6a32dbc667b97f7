//! EVM transaction results and Ethereum transactions inside an OpenGradient (Cosmos EVM) block.
//!
//! Two byte strings a light client can prove on a CometBFT chain carry the settlement:
//!
//! - `ExecTxResult.data` (proven under `LastResultsHash` of the next header) is a
//!   `cosmos.base.abci.v1beta1.TxMsgData` whose `msg_responses` hold one
//!   `cosmos.evm.vm.v1.MsgEthereumTxResponse` per Ethereum transaction, with the EVM logs:
//!   [`eth_tx_responses`].
//! - The transaction itself (proven under `DataHash`) is a `cosmos.tx.v1beta1.TxRaw` whose body
//!   holds `cosmos.evm.vm.v1.MsgEthereumTx{from, raw}`, `raw` being the signed Ethereum
//!   transaction: [`ethereum_txs`], [`decode_raw_tx`].
//!
//! Message layouts (cosmos/evm `proto/cosmos/evm/vm/v1/tx.proto` and `evm.proto`, the same in
//! OpenGradient/og-evm):
//!
//! | message | fields |
//! |---|---|
//! | `MsgEthereumTx` | `reserved 1, 2, 3, 4`; `5 from bytes`; `6 raw bytes` (go-ethereum `MarshalBinary`: `type ‖ rlp(...)`, or bare RLP for legacy) |
//! | `MsgEthereumTxResponse` | `1 hash string`, `2 logs repeated Log`, `3 ret bytes`, `4 vm_error string`, `5 gas_used uint64`, `6 max_used_gas`, `7 block_hash`, `8 block_timestamp` |
//! | `Log` | `1 address string`, `2 topics repeated string`, `3 data bytes`, `4`–`10` node-filled metadata (ignored) |
//! | `TxMsgData` | `1 data` (deprecated), `2 msg_responses repeated Any` |
//! | `TxRaw` | `1 body_bytes`, `2 auth_info_bytes`, `3 signatures` |
//! | `TxBody` | `1 messages repeated Any`, others ignored |
//!
//! Nothing here checks a signature: the bytes are trusted because a Merkle proof binds them to a
//! verified header, and this module only has to read them the way the chain does, without
//! ambiguity. Every decoder is bounded by the `MAX_*` constants below and never panics.

use alloc::string::String;
use alloc::vec::Vec;

use crate::codec::hash::keccak256;
use crate::codec::proto::{Reader, LEN, VARINT};
use crate::codec::rlp::Rlp;
use crate::opengradient::Error;

/// `type_url` of the response Any that [`eth_tx_responses`] decodes.
pub const MSG_ETHEREUM_TX_RESPONSE_TYPE_URL: &str = "/cosmos.evm.vm.v1.MsgEthereumTxResponse";
/// `type_url` of the message Any that [`ethereum_txs`] decodes.
pub const MSG_ETHEREUM_TX_TYPE_URL: &str = "/cosmos.evm.vm.v1.MsgEthereumTx";

/// Largest `ExecTxResult.data` accepted by [`eth_tx_responses`].
pub const MAX_TX_MSG_DATA_LEN: usize = 4 * 1024 * 1024;
/// Most `msg_responses` (of any type) in one `TxMsgData`.
pub const MAX_MSG_RESPONSES: usize = 64;
/// Most logs in one `MsgEthereumTxResponse`.
pub const MAX_LOGS: usize = 4096;
/// Most topics in one log (the EVM's `LOG4`).
pub const MAX_TOPICS: usize = 4;
/// Largest Cosmos transaction accepted by [`ethereum_txs`] (also bounds [`decode_raw_tx`]).
pub const MAX_COSMOS_TX_LEN: usize = 4 * 1024 * 1024;
/// Most messages (of any type) in one Cosmos transaction body.
pub const MAX_TX_MESSAGES: usize = 64;

/// Legacy (pre-EIP-2718) transaction, reported as type 0.
pub const TX_TYPE_LEGACY: u8 = 0x00;
/// EIP-2930 (access list) transaction type.
pub const TX_TYPE_EIP2930: u8 = 0x01;
/// EIP-1559 (dynamic fee) transaction type, what the settlement relay sends.
pub const TX_TYPE_EIP1559: u8 = 0x02;

fn malformed(field: &str, reason: &str) -> Error {
    Error::Decode { field: field.into(), reason: reason.into() }
}

fn too_large(what: &'static str, len: usize, max: usize) -> Result<(), Error> {
    if len > max {
        Err(Error::InputTooLarge { what, len, max })
    } else {
        Ok(())
    }
}

fn utf8<'a>(field: &str, b: &'a [u8]) -> Result<&'a str, Error> {
    core::str::from_utf8(b).map_err(|_| malformed(field, "not UTF-8"))
}

/// `0x` followed by exactly `2 * N` hex digits (either case).
fn hex_fixed<const N: usize>(field: &str, s: &[u8]) -> Result<[u8; N], Error> {
    let digits = s.strip_prefix(b"0x").ok_or_else(|| malformed(field, "hex string without the 0x prefix"))?;
    if digits.len() != 2 * N {
        return Err(malformed(field, "hex string of the wrong length"));
    }
    let mut out = [0u8; N];
    hex::decode_to_slice(digits, &mut out).map_err(|_| malformed(field, "not a hex string"))?;
    Ok(out)
}

/// One EVM log as `MsgEthereumTxResponse` carries it. Only the consensus fields are kept
/// (address, topics, data); the node-filled metadata (block number, hashes, indices) is ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Log {
    /// Emitting contract (parsed from the `0x`-hex string; the EIP-55 case is not checked,
    /// compare bytes).
    pub address: [u8; 20],
    /// Topics in order, at most [`MAX_TOPICS`]; `topics[0]` is the event signature hash for
    /// non-anonymous Solidity events.
    pub topics: Vec<[u8; 32]>,
    /// ABI-encoded non-indexed event arguments.
    pub data: Vec<u8>,
}

/// One `cosmos.evm.vm.v1.MsgEthereumTxResponse`.
///
/// A reverted EVM call is **not** an error here or on chain: the Cosmos transaction succeeds
/// (`ExecTxResult.code == 0`) and the failure shows only in [`vm_error`](Self::vm_error).
/// Callers must require `vm_error` to be empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EthTxResponse {
    /// Ethereum transaction hash as the node wrote it: `0x` and 64 hex digits (checked).
    pub hash: String,
    /// The logs the transaction emitted, in order (at most [`MAX_LOGS`]).
    pub logs: Vec<Log>,
    /// Return data, or revert data when the call failed.
    pub ret: Vec<u8>,
    /// Empty when the EVM call succeeded; the EVM error text otherwise.
    pub vm_error: String,
    /// Gas consumed (after refunds).
    pub gas_used: u64,
}

impl EthTxResponse {
    /// [`hash`](Self::hash) as bytes. Always `Ok` for a response from [`eth_tx_responses`] (which
    /// checks the format); an error only for a hand-built value.
    pub fn tx_hash(&self) -> Result<[u8; 32], Error> {
        hex_fixed::<32>("MsgEthereumTxResponse.hash", self.hash.as_bytes())
    }
}

/// Decodes a `google.protobuf.Any` into `(type_url, value)`. Unknown fields and repeated
/// singular fields are rejected.
fn decode_any<'a>(what: &'static str, buf: &'a [u8]) -> Result<(&'a str, &'a [u8]), Error> {
    let mut r = Reader::new(what, buf);
    let mut seen = 0u32;
    let (mut type_url, mut value): (&[u8], &[u8]) = (&[], &[]);
    while let Some((field, wt)) = r.tag()? {
        match field {
            1 => {
                r.once(&mut seen, field)?;
                type_url = r.len_field(wt)?;
            }
            2 => {
                r.once(&mut seen, field)?;
                value = r.len_field(wt)?;
            }
            _ => return Err(malformed(what, "unknown field in a google.protobuf.Any")),
        }
    }
    Ok((utf8(what, type_url)?, value))
}

fn decode_log(buf: &[u8]) -> Result<Log, Error> {
    let mut r = Reader::new("Log", buf);
    let mut seen = 0u32;
    let mut address = None;
    let mut topics = Vec::new();
    let mut data: &[u8] = &[];
    while let Some((field, wt)) = r.tag()? {
        match field {
            1 => {
                r.once(&mut seen, field)?;
                address = Some(hex_fixed::<20>("Log.address", r.len_field(wt)?)?);
            }
            2 => {
                let topic = r.len_field(wt)?;
                if topics.len() == MAX_TOPICS {
                    return Err(malformed("Log.topics", "more than 4 topics"));
                }
                topics.push(hex_fixed::<32>("Log.topics", topic)?);
            }
            3 => {
                r.once(&mut seen, field)?;
                data = r.len_field(wt)?;
            }
            // block_number, tx_index, index, removed, block_timestamp: node-filled, ignored.
            4 | 6 | 8 | 9 | 10 => {
                r.once(&mut seen, field)?;
                r.expect(wt, VARINT)?;
                r.varint()?;
            }
            // tx_hash, block_hash: node-filled strings, ignored.
            5 | 7 => {
                r.once(&mut seen, field)?;
                r.len_field(wt)?;
            }
            _ => r.skip(wt)?,
        }
    }
    let address = address.ok_or_else(|| malformed("Log.address", "missing"))?;
    Ok(Log { address, topics, data: data.to_vec() })
}

fn decode_response(buf: &[u8]) -> Result<EthTxResponse, Error> {
    let mut r = Reader::new("MsgEthereumTxResponse", buf);
    let mut seen = 0u32;
    let mut hash: &[u8] = &[];
    let mut logs = Vec::new();
    let mut ret: &[u8] = &[];
    let mut vm_error: &[u8] = &[];
    let mut gas_used = 0;
    while let Some((field, wt)) = r.tag()? {
        match field {
            1 => {
                r.once(&mut seen, field)?;
                hash = r.len_field(wt)?;
            }
            2 => {
                let log = r.len_field(wt)?;
                too_large("MsgEthereumTxResponse.logs", logs.len() + 1, MAX_LOGS)?;
                logs.push(decode_log(log)?);
            }
            3 => {
                r.once(&mut seen, field)?;
                ret = r.len_field(wt)?;
            }
            4 => {
                r.once(&mut seen, field)?;
                vm_error = r.len_field(wt)?;
            }
            5 => {
                r.once(&mut seen, field)?;
                r.expect(wt, VARINT)?;
                gas_used = r.varint()?;
            }
            // max_used_gas, block_timestamp.
            6 | 8 => {
                r.once(&mut seen, field)?;
                r.expect(wt, VARINT)?;
                r.varint()?;
            }
            // block_hash.
            7 => {
                r.once(&mut seen, field)?;
                r.expect(wt, LEN)?;
                r.bytes()?;
            }
            _ => r.skip(wt)?,
        }
    }
    hex_fixed::<32>("MsgEthereumTxResponse.hash", hash)?;
    Ok(EthTxResponse {
        hash: utf8("MsgEthereumTxResponse.hash", hash)?.into(),
        logs,
        ret: ret.to_vec(),
        vm_error: utf8("MsgEthereumTxResponse.vm_error", vm_error)?.into(),
        gas_used,
    })
}

/// Decodes `ExecTxResult.data` of a Cosmos EVM transaction: a
/// `cosmos.base.abci.v1beta1.TxMsgData`, returning its `MsgEthereumTxResponse`s in order.
///
/// - `msg_responses` (field 2) whose `type_url` is not [`MSG_ETHEREUM_TX_RESPONSE_TYPE_URL`] are
///   skipped, as Cosmos EVM's own `DecodeTxResponses` does (`x/vm/types/utils.go`). The k-th
///   returned response therefore belongs to the k-th `MsgEthereumTx` of the transaction (the SDK
///   writes one response per message, in message order).
/// - The deprecated `data` field (1) is **rejected**: Cosmos SDK ≥ 0.46 never writes it, and a
///   result that carries it was not produced by the chain software this decoder describes.
/// - Unknown fields are skipped (as protobuf does); a singular field that appears twice, a wrong
///   wire type, a malformed hash/address/topic string or non-UTF-8 text is an error.
/// - Limits: [`MAX_TX_MSG_DATA_LEN`] bytes, [`MAX_MSG_RESPONSES`] responses, [`MAX_LOGS`] logs
///   per response, [`MAX_TOPICS`] topics per log.
///
/// Empty input decodes to no responses.
pub fn eth_tx_responses(exec_tx_result_data: &[u8]) -> Result<Vec<EthTxResponse>, Error> {
    too_large("ExecTxResult.data", exec_tx_result_data.len(), MAX_TX_MSG_DATA_LEN)?;
    (|| {
        let mut r = Reader::new("TxMsgData", exec_tx_result_data);
        let mut out = Vec::new();
        let mut count = 0usize;
        while let Some((field, wt)) = r.tag()? {
            match field {
                1 => {
                    return Err(malformed(
                        "TxMsgData.data",
                        "the deprecated data field is set (Cosmos SDK >= 0.46 writes msg_responses only)",
                    ))
                }
                2 => {
                    let any = r.len_field(wt)?;
                    count += 1;
                    too_large("TxMsgData.msg_responses", count, MAX_MSG_RESPONSES)?;
                    let (type_url, value) = decode_any("TxMsgData.msg_responses", any)?;
                    if type_url == MSG_ETHEREUM_TX_RESPONSE_TYPE_URL {
                        out.push(decode_response(value)?);
                    }
                }
                _ => r.skip(wt)?,
            }
        }
        Ok(out)
    })()
}

/// One signed Ethereum transaction from a `MsgEthereumTx`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EthereumTx {
    /// [`TX_TYPE_LEGACY`], [`TX_TYPE_EIP2930`] or [`TX_TYPE_EIP1559`].
    pub tx_type: u8,
    /// The EIP-155 chain id: from the typed payload, or from `v` of a legacy transaction
    /// (`None` for a pre-EIP-155 legacy transaction with `v` 27/28).
    pub chain_id: Option<u64>,
    /// Sender nonce.
    pub nonce: u64,
    /// Recipient; `None` for contract creation.
    pub to: Option<[u8; 20]>,
    /// Calldata (or init code for a creation).
    pub input: Vec<u8>,
    /// keccak256 of the raw encoding (`type ‖ rlp(...)`, or the RLP for legacy): the Ethereum
    /// transaction hash, as in `MsgEthereumTxResponse.hash` and `x-settlement-tx-hash`.
    pub hash: [u8; 32],
}

/// Decodes a Cosmos transaction (`cosmos.tx.v1beta1.TxRaw`, the bytes CometBFT stores in the
/// block) and returns the Ethereum transactions of its `MsgEthereumTx` messages, in message order.
///
/// - Messages of other types are skipped (a Cosmos EVM Ethereum transaction holds only
///   `MsgEthereumTx` messages; the k-th result matches the k-th response of
///   [`eth_tx_responses`]).
/// - `TxRaw` must have only fields 1–3, at most once for 1 and 2; `body_bytes` is required.
///   `TxBody` fields other than `messages` (memo, timeouts, extension options) are skipped.
/// - `MsgEthereumTx` (cosmos/evm `proto/cosmos/evm/vm/v1/tx.proto`: `reserved 1, 2, 3, 4;
///   bytes from = 5; bytes raw = 6`) must carry `raw` and nothing but fields 5 and 6 (the chain's
///   decoder rejects unknown fields too); the old ethermint layout (`data` Any in field 1) is
///   rejected. `from` is not returned: it is only meaningful once the signature is recovered,
///   which this module does not do.
/// - `raw` is decoded by [`decode_raw_tx`].
/// - Limits: [`MAX_COSMOS_TX_LEN`] bytes, [`MAX_TX_MESSAGES`] messages.
///
/// Auth info and signatures are not read, let alone verified: inclusion under a verified
/// `DataHash` is what makes the bytes trustworthy.
pub fn ethereum_txs(cosmos_tx: &[u8]) -> Result<Vec<EthereumTx>, Error> {
    too_large("cosmos tx", cosmos_tx.len(), MAX_COSMOS_TX_LEN)?;
    (|| {
        let mut r = Reader::new("TxRaw", cosmos_tx);
        let mut seen = 0u32;
        let mut body = None;
        while let Some((field, wt)) = r.tag()? {
            match field {
                1 => {
                    r.once(&mut seen, field)?;
                    body = Some(r.len_field(wt)?);
                }
                2 => {
                    r.once(&mut seen, field)?;
                    r.len_field(wt)?;
                }
                3 => {
                    r.len_field(wt)?;
                }
                _ => return Err(malformed("TxRaw", "unknown field")),
            }
        }
        let body = body.ok_or_else(|| malformed("TxRaw.body_bytes", "missing"))?;

        let mut r = Reader::new("TxBody", body);
        let mut out = Vec::new();
        let mut count = 0usize;
        while let Some((field, wt)) = r.tag()? {
            if field != 1 {
                r.skip(wt)?;
                continue;
            }
            let any = r.len_field(wt)?;
            count += 1;
            too_large("TxBody.messages", count, MAX_TX_MESSAGES)?;
            let (type_url, value) = decode_any("TxBody.messages", any)?;
            if type_url == MSG_ETHEREUM_TX_TYPE_URL {
                out.push(decode_raw_tx(msg_ethereum_tx_raw(value)?)?);
            }
        }
        Ok(out)
    })()
}

/// The `raw` field of a `MsgEthereumTx`.
fn msg_ethereum_tx_raw(buf: &[u8]) -> Result<&[u8], Error> {
    let mut r = Reader::new("MsgEthereumTx", buf);
    let mut seen = 0u32;
    let mut raw: &[u8] = &[];
    while let Some((field, wt)) = r.tag()? {
        match field {
            1..=4 => {
                return Err(malformed(
                    "MsgEthereumTx",
                    "reserved field 1-4 set (the old ethermint layout is not supported)",
                ))
            }
            5 => {
                r.once(&mut seen, field)?;
                let from = r.len_field(wt)?;
                if !from.is_empty() && from.len() != 20 {
                    return Err(malformed("MsgEthereumTx.from", "not a 20-byte address"));
                }
            }
            6 => {
                r.once(&mut seen, field)?;
                raw = r.len_field(wt)?;
            }
            _ => return Err(malformed("MsgEthereumTx", "unknown field")),
        }
    }
    if raw.is_empty() {
        return Err(malformed("MsgEthereumTx.raw", "missing"));
    }
    Ok(raw)
}

// ---- Ethereum fields over RLP ----

/// The Ethereum transaction fields, read with the shared strict RLP reader.
trait EthFields {
    fn u256(&mut self, field: &'static str) -> Result<(), Error>;
    fn to(&mut self, field: &'static str) -> Result<Option<[u8; 20]>, Error>;
    fn access_list(&mut self, field: &'static str) -> Result<(), Error>;
    fn y_parity(&mut self, field: &'static str) -> Result<(), Error>;
}

impl EthFields for Rlp<'_> {
    fn u256(&mut self, field: &'static str) -> Result<(), Error> {
        self.uint(field, 32)?;
        Ok(())
    }

    /// An address, or the empty string (contract creation).
    fn to(&mut self, field: &'static str) -> Result<Option<[u8; 20]>, Error> {
        let b = self.bytes(field)?;
        match b.len() {
            0 => Ok(None),
            20 => Ok(Some(b.try_into().expect("20 bytes"))),
            _ => Err(malformed(field, "neither empty nor a 20-byte address")),
        }
    }

    /// An EIP-2930 access list: `[[address, [storage_key, ...]], ...]`, checked and discarded.
    fn access_list(&mut self, field: &'static str) -> Result<(), Error> {
        let mut list = self.list(field)?;
        while !list.is_empty() {
            let mut entry = list.list(field)?;
            if entry.bytes(field)?.len() != 20 {
                return Err(malformed(field, "access list address is not 20 bytes"));
            }
            let mut keys = entry.list(field)?;
            while !keys.is_empty() {
                if keys.bytes(field)?.len() != 32 {
                    return Err(malformed(field, "access list storage key is not 32 bytes"));
                }
            }
            entry.end(field)?;
        }
        Ok(())
    }

    fn y_parity(&mut self, field: &'static str) -> Result<(), Error> {
        if self.u64(field)? > 1 {
            return Err(malformed(field, "y parity is neither 0 nor 1"));
        }
        Ok(())
    }
}

/// Decodes one signed Ethereum transaction in go-ethereum's `MarshalBinary` form (what
/// `MsgEthereumTx.raw` holds): `0x02 ‖ rlp([chain_id, nonce, max_priority_fee_per_gas,
/// max_fee_per_gas, gas_limit, to, value, data, access_list, y_parity, r, s])` (EIP-1559),
/// `0x01 ‖ rlp([chain_id, nonce, gas_price, gas_limit, to, value, data, access_list, y_parity, r,
/// s])` (EIP-2930), or a legacy `rlp([nonce, gas_price, gas_limit, to, value, data, v, r, s])`.
///
/// Strict: canonical RLP (shortest length forms, no single byte below 0x80 in a string header),
/// integers without leading zeros (u64 fields at most 8 bytes, 256-bit fields at most 32),
/// exactly the listed fields, `to` empty or 20 bytes, access-list entries exactly
/// `[20-byte address, [32-byte keys]]`, `y_parity` 0 or 1, legacy `v` 27, 28 or ≥ 35, and no
/// byte after the list. Other transaction types (blob, set-code, …) are errors. The signature is
/// checked for form only, not recovered. Size is bounded by [`MAX_COSMOS_TX_LEN`]; the parser
/// descends only into the fixed list depth of these types, without recursion or allocation
/// beyond the returned calldata.
pub fn decode_raw_tx(raw: &[u8]) -> Result<EthereumTx, Error> {
    too_large("ethereum tx", raw.len(), MAX_COSMOS_TX_LEN)?;
    let field = "EthereumTx";
    let (&first, payload) = raw.split_first().ok_or_else(|| malformed(field, "empty"))?;
    let hash = keccak256(&[raw]);
    if first >= 0xc0 {
        let mut outer = Rlp::new(raw);
        let mut tx = outer.list(field)?;
        outer.end(field)?;
        let nonce = tx.u64("EthereumTx.nonce")?;
        tx.u256("EthereumTx.gas_price")?;
        tx.u64("EthereumTx.gas_limit")?;
        let to = tx.to("EthereumTx.to")?;
        tx.u256("EthereumTx.value")?;
        let input = tx.bytes("EthereumTx.data")?.to_vec();
        let v = tx.u64("EthereumTx.v")?;
        tx.u256("EthereumTx.r")?;
        tx.u256("EthereumTx.s")?;
        tx.end(field)?;
        let chain_id = match v {
            27 | 28 => None,
            35.. => Some((v - 35) / 2),
            _ => return Err(malformed("EthereumTx.v", "neither 27, 28 nor an EIP-155 value")),
        };
        return Ok(EthereumTx { tx_type: TX_TYPE_LEGACY, chain_id, nonce, to, input, hash });
    }
    if first != TX_TYPE_EIP2930 && first != TX_TYPE_EIP1559 {
        return Err(malformed(field, "unsupported transaction type (only legacy, 0x01 and 0x02)"));
    }
    let mut outer = Rlp::new(payload);
    let mut tx = outer.list(field)?;
    outer.end(field)?;
    let chain_id = tx.u64("EthereumTx.chain_id")?;
    let nonce = tx.u64("EthereumTx.nonce")?;
    if first == TX_TYPE_EIP1559 {
        tx.u256("EthereumTx.max_priority_fee_per_gas")?;
        tx.u256("EthereumTx.max_fee_per_gas")?;
    } else {
        tx.u256("EthereumTx.gas_price")?;
    }
    tx.u64("EthereumTx.gas_limit")?;
    let to = tx.to("EthereumTx.to")?;
    tx.u256("EthereumTx.value")?;
    let input = tx.bytes("EthereumTx.data")?.to_vec();
    tx.access_list("EthereumTx.access_list")?;
    tx.y_parity("EthereumTx.y_parity")?;
    tx.u256("EthereumTx.r")?;
    tx.u256("EthereumTx.s")?;
    tx.end(field)?;
    Ok(EthereumTx { tx_type: first, chain_id: Some(chain_id), nonce, to, input, hash })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::proto::Writer;
    use alloc::vec;

    fn any(type_url: &str, value: &[u8]) -> Vec<u8> {
        Writer::default().bytes(1, type_url.as_bytes()).bytes(2, value).finish()
    }

    const HASH: &str = "0xAbCdEf0000000000000000000000000000000000000000000000000000000001";

    fn log_bytes(address: &str, topics: &[&str], data: &[u8]) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(1, address.as_bytes());
        for t in topics {
            w.bytes(2, t.as_bytes());
        }
        w.bytes(3, data).varint(4, 7).bytes(5, HASH.as_bytes()).varint(9, 1).varint(10, 1_770_000_000);
        w.finish()
    }

    fn topic(b: u8) -> String {
        let mut s = String::from("0x");
        for _ in 0..32 {
            s.push_str(&alloc::format!("{b:02x}"));
        }
        s
    }

    fn response(logs: &[Vec<u8>], vm_error: &str) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(1, HASH.as_bytes());
        for l in logs {
            w.message(2, l);
        }
        w.bytes(3, b"ret").bytes(4, vm_error.as_bytes()).varint(5, 21_000).varint(6, 30_000).bytes(7, &[9; 32]);
        w.finish()
    }

    #[test]
    fn decodes_responses_and_logs() {
        let t = topic(0xab);
        let log = log_bytes("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", &[&t, &topic(1)], b"payload");
        let resp = response(&[log.clone(), log], "");
        let data = Writer::default()
            .message(2, &any("/cosmos.bank.v1beta1.MsgSendResponse", &[]))
            .message(2, &any(MSG_ETHEREUM_TX_RESPONSE_TYPE_URL, &resp))
            .finish();
        let out = eth_tx_responses(&data).unwrap();
        assert_eq!(out.len(), 1);
        let r = &out[0];
        assert_eq!(r.hash, HASH);
        assert_eq!(r.tx_hash().unwrap()[0], 0xab);
        assert_eq!(r.tx_hash().unwrap()[31], 1);
        assert_eq!(r.gas_used, 21_000);
        assert_eq!(r.ret, b"ret");
        assert_eq!(r.vm_error, "");
        assert_eq!(r.logs.len(), 2);
        assert_eq!(r.logs[0].address[0], 0x5a);
        assert_eq!(r.logs[0].topics, vec![[0xab; 32], [1; 32]]);
        assert_eq!(r.logs[0].data, b"payload");
        assert_eq!(eth_tx_responses(&[]).unwrap(), vec![]);
    }

    #[test]
    fn rejects_bad_responses() {
        let good_log = log_bytes("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", &[], b"");
        let wrap = |resp: &[u8]| Writer::default().message(2, &any(MSG_ETHEREUM_TX_RESPONSE_TYPE_URL, resp)).finish();
        let code = |data: &[u8]| eth_tx_responses(data).unwrap_err().code();
        // Deprecated field 1.
        assert_eq!(code(&Writer::default().message(1, b"").finish()), "opengradient.decode");
        // Five topics.
        let t = topic(2);
        let five = log_bytes("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", &[&t, &t, &t, &t, &t], b"");
        assert_eq!(code(&wrap(&response(&[five], ""))), "opengradient.decode");
        // Bad address forms.
        for addr in [
            "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
            "0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea",
            "0xzzaeb6053f3e94c9b9a09f33669435e7ef1beaed",
            "",
        ] {
            let log = log_bytes(addr, &[], b"");
            assert_eq!(code(&wrap(&response(&[log], ""))), "opengradient.decode", "{addr}");
        }
        // Short topic.
        let log = log_bytes("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", &["0x1234"], b"");
        assert_eq!(code(&wrap(&response(&[log], ""))), "opengradient.decode");
        // Missing / malformed hash.
        let mut no_hash = Writer::default();
        no_hash.message(2, &good_log);
        assert_eq!(code(&wrap(&no_hash.finish())), "opengradient.decode");
        // Duplicate gas_used.
        let mut dup = response(&[], "");
        dup.extend(Writer::default().varint(5, 1).finish());
        assert_eq!(code(&wrap(&dup)), "opengradient.decode");
        // Wrong wire type for gas_used.
        let mut wt = response(&[], "");
        wt.extend(Writer::default().bytes(5, b"x").finish());
        assert_eq!(code(&wrap(&wt)), "opengradient.decode");
        // Non-UTF-8 vm_error.
        let bad = Writer::default().bytes(1, HASH.as_bytes()).bytes(4, &[0xff]).finish();
        assert_eq!(code(&wrap(&bad)), "opengradient.decode");
        // Truncated.
        let full = wrap(&response(&[good_log], ""));
        for n in 1..full.len() {
            assert!(eth_tx_responses(&full[..n]).is_err(), "prefix {n}");
        }
        // Too many responses.
        let mut many = Vec::new();
        for _ in 0..=MAX_MSG_RESPONSES {
            many.extend(Writer::default().message(2, &any("/x", &[])).finish());
        }
        assert_eq!(code(&many), "input.too_large");
        // Unknown Any field.
        let bad_any = Writer::default().message(2, &Writer::default().bytes(3, b"x").finish()).finish();
        assert_eq!(code(&bad_any), "opengradient.decode");
    }

    // ---- RLP helpers for hand-built transactions ----

    fn rlp_len(out: &mut Vec<u8>, base: u8, len: usize) {
        if len < 56 {
            out.push(base + len as u8);
        } else {
            let be = (len as u64).to_be_bytes();
            let skip = be.iter().take_while(|&&b| b == 0).count();
            out.push(base + 55 + (8 - skip) as u8);
            out.extend_from_slice(&be[skip..]);
        }
    }

    fn rlp_bytes(b: &[u8]) -> Vec<u8> {
        if b.len() == 1 && b[0] < 0x80 {
            return b.to_vec();
        }
        let mut out = Vec::new();
        rlp_len(&mut out, 0x80, b.len());
        out.extend_from_slice(b);
        out
    }

    fn rlp_uint(v: u64) -> Vec<u8> {
        let be = v.to_be_bytes();
        let skip = be.iter().take_while(|&&b| b == 0).count();
        rlp_bytes(&be[skip..])
    }

    fn rlp_list(items: &[Vec<u8>]) -> Vec<u8> {
        let payload: Vec<u8> = items.concat();
        let mut out = Vec::new();
        rlp_len(&mut out, 0xc0, payload.len());
        out.extend(payload);
        out
    }

    fn eip1559(to: &[u8], input: &[u8], access_list: Vec<u8>) -> Vec<u8> {
        let mut raw = vec![2u8];
        raw.extend(rlp_list(&[
            rlp_uint(10740),
            rlp_uint(5),
            rlp_uint(1_000_000),
            rlp_uint(2_000_000),
            rlp_uint(9_000_000),
            rlp_bytes(to),
            rlp_uint(0),
            rlp_bytes(input),
            access_list,
            rlp_uint(1),
            rlp_bytes(&[0x11; 32]),
            rlp_bytes(&[0x22; 32]),
        ]));
        raw
    }

    fn cosmos_tx(msgs: &[Vec<u8>]) -> Vec<u8> {
        let mut body = Writer::default();
        for m in msgs {
            body.message(1, m);
        }
        body.bytes(2, b"memo").message(1023, &any("/cosmos.evm.vm.v1.ExtensionOptionsEthereumTx", &[]));
        let body = body.finish();
        Writer::default().bytes(1, &body).bytes(2, b"\x12\x00").finish()
    }

    fn msg_eth(raw: &[u8]) -> Vec<u8> {
        any(MSG_ETHEREUM_TX_TYPE_URL, &Writer::default().bytes(5, &[7; 20]).bytes(6, raw).finish())
    }

    #[test]
    fn decodes_eip1559_in_cosmos_tx() {
        let input = vec![0x90u8; 100];
        let al = rlp_list(&[rlp_list(&[rlp_bytes(&[3; 20]), rlp_list(&[rlp_bytes(&[4; 32])])])]);
        let raw = eip1559(&[0xaa; 20], &input, al);
        let tx = cosmos_tx(&[any("/cosmos.bank.v1beta1.MsgSend", b"x"), msg_eth(&raw)]);
        let out = ethereum_txs(&tx).unwrap();
        assert_eq!(out.len(), 1);
        let t = &out[0];
        assert_eq!(t.tx_type, 2);
        assert_eq!(t.chain_id, Some(10740));
        assert_eq!(t.nonce, 5);
        assert_eq!(t.to, Some([0xaa; 20]));
        assert_eq!(t.input, input);
        assert_eq!(t.hash, keccak256(&[&raw]));
    }

    #[test]
    fn decodes_legacy_and_2930() {
        let legacy = rlp_list(&[
            rlp_uint(0),
            rlp_uint(1),
            rlp_uint(21000),
            rlp_bytes(&[]),
            rlp_uint(0),
            rlp_bytes(b"\x60\x00"),
            rlp_uint(10740 * 2 + 36),
            rlp_bytes(&[1]),
            rlp_bytes(&[2]),
        ]);
        let t = decode_raw_tx(&legacy).unwrap();
        assert_eq!((t.tx_type, t.chain_id, t.nonce, t.to), (0, Some(10740), 0, None));
        let pre155 = rlp_list(&[
            rlp_uint(0),
            rlp_uint(1),
            rlp_uint(21000),
            rlp_bytes(&[]),
            rlp_uint(0),
            rlp_bytes(b""),
            rlp_uint(27),
            rlp_bytes(&[1]),
            rlp_bytes(&[2]),
        ]);
        assert_eq!(decode_raw_tx(&pre155).unwrap().chain_id, None);

        let mut t2930 = vec![1u8];
        t2930.extend(rlp_list(&[
            rlp_uint(1),
            rlp_uint(2),
            rlp_uint(3),
            rlp_uint(4),
            rlp_bytes(&[5; 20]),
            rlp_uint(6),
            rlp_bytes(&[]),
            rlp_list(&[]),
            rlp_uint(0),
            rlp_bytes(&[1]),
            rlp_bytes(&[1]),
        ]));
        let t = decode_raw_tx(&t2930).unwrap();
        assert_eq!((t.tx_type, t.chain_id, t.nonce, t.to), (1, Some(1), 2, Some([5; 20])));
    }

    #[test]
    fn rejects_non_canonical_rlp_and_bad_txs() {
        let good = eip1559(&[0xaa; 20], b"abc", rlp_list(&[]));
        assert!(decode_raw_tx(&good).is_ok());
        let bad = |raw: &[u8]| assert_eq!(decode_raw_tx(raw).unwrap_err().code(), "opengradient.decode");
        // Truncations and trailing bytes.
        for n in 0..good.len() {
            bad(&good[..n]);
        }
        let mut trailing = good.clone();
        trailing.push(0);
        bad(&trailing);
        // Unsupported types.
        for ty in [0u8, 3, 4, 0x7f, 0x80, 0xbf] {
            let mut t = good.clone();
            t[0] = ty;
            bad(&t);
        }
        // A list header in long form for a short payload.
        let small = [
            rlp_uint(1),
            rlp_uint(1),
            rlp_uint(1),
            rlp_uint(1),
            rlp_uint(1),
            rlp_bytes(&[1; 20]),
            rlp_uint(0),
            rlp_bytes(&[]),
            rlp_list(&[]),
            rlp_uint(0),
            rlp_uint(1),
            rlp_uint(1),
        ]
        .concat();
        assert!(small.len() < 56);
        let mut short_form = vec![2u8, 0xc0 + small.len() as u8];
        short_form.extend_from_slice(&small);
        assert!(decode_raw_tx(&short_form).is_ok());
        let mut long_form = vec![2u8, 0xf8, small.len() as u8];
        long_form.extend_from_slice(&small);
        bad(&long_form);
        // Integer with a leading zero (nonce 0x0005).
        let mut raw = vec![2u8];
        raw.extend(rlp_list(&[
            rlp_uint(1),
            rlp_bytes(&[0, 5]),
            rlp_uint(1),
            rlp_uint(1),
            rlp_uint(1),
            rlp_bytes(&[1; 20]),
            rlp_uint(0),
            rlp_bytes(&[]),
            rlp_list(&[]),
            rlp_uint(0),
            rlp_uint(1),
            rlp_uint(1),
        ]));
        bad(&raw);
        // Single byte wrapped in a string header (nonce 0x81 0x05).
        let mut raw = vec![2u8];
        raw.extend(rlp_list(&[
            rlp_uint(1),
            vec![0x81, 0x05],
            rlp_uint(1),
            rlp_uint(1),
            rlp_uint(1),
            rlp_bytes(&[1; 20]),
            rlp_uint(0),
            rlp_bytes(&[]),
            rlp_list(&[]),
            rlp_uint(0),
            rlp_uint(1),
            rlp_uint(1),
        ]));
        bad(&raw);
        // y_parity 2, 19-byte `to`, nonce of 9 bytes, malformed access list, missing field.
        let fields = |nonce: Vec<u8>, to: Vec<u8>, al: Vec<u8>, y: u64, extra: bool| {
            let mut items = vec![
                rlp_uint(1),
                nonce,
                rlp_uint(1),
                rlp_uint(1),
                rlp_uint(1),
                to,
                rlp_uint(0),
                rlp_bytes(&[]),
                al,
                rlp_uint(y),
                rlp_uint(1),
            ];
            if extra {
                items.push(rlp_uint(1));
            }
            let mut raw = vec![2u8];
            raw.extend(rlp_list(&items));
            raw
        };
        assert!(decode_raw_tx(&fields(rlp_uint(1), rlp_bytes(&[1; 20]), rlp_list(&[]), 1, true)).is_ok());
        bad(&fields(rlp_uint(1), rlp_bytes(&[1; 20]), rlp_list(&[]), 2, true));
        bad(&fields(rlp_uint(1), rlp_bytes(&[1; 19]), rlp_list(&[]), 1, true));
        bad(&fields(rlp_bytes(&[1; 9]), rlp_bytes(&[1; 20]), rlp_list(&[]), 1, true));
        bad(&fields(rlp_uint(1), rlp_bytes(&[1; 20]), rlp_list(&[rlp_list(&[rlp_bytes(&[1; 20])])]), 1, true));
        bad(&fields(rlp_uint(1), rlp_bytes(&[1; 20]), rlp_bytes(&[]), 1, true));
        bad(&fields(rlp_uint(1), rlp_bytes(&[1; 20]), rlp_list(&[]), 1, false));
        // Legacy v not in {27, 28, >= 35}.
        let legacy = rlp_list(&[
            rlp_uint(0),
            rlp_uint(1),
            rlp_uint(1),
            rlp_bytes(&[]),
            rlp_uint(0),
            rlp_bytes(&[]),
            rlp_uint(30),
            rlp_uint(1),
            rlp_uint(1),
        ]);
        bad(&legacy);
    }

    #[test]
    fn rejects_bad_cosmos_txs() {
        let raw = eip1559(&[0xaa; 20], b"abc", rlp_list(&[]));
        let code = |tx: &[u8]| ethereum_txs(tx).unwrap_err().code();
        // Old ethermint layout, unknown MsgEthereumTx field, missing raw, bad from.
        let old = any(MSG_ETHEREUM_TX_TYPE_URL, &Writer::default().bytes(1, b"x").bytes(6, &raw).finish());
        assert_eq!(code(&cosmos_tx(&[old])), "opengradient.decode");
        let unknown = any(MSG_ETHEREUM_TX_TYPE_URL, &Writer::default().bytes(6, &raw).varint(7, 1).finish());
        assert_eq!(code(&cosmos_tx(&[unknown])), "opengradient.decode");
        let missing = any(MSG_ETHEREUM_TX_TYPE_URL, &Writer::default().bytes(5, &[1; 20]).finish());
        assert_eq!(code(&cosmos_tx(&[missing])), "opengradient.decode");
        let from = any(MSG_ETHEREUM_TX_TYPE_URL, &Writer::default().bytes(5, &[1; 19]).bytes(6, &raw).finish());
        assert_eq!(code(&cosmos_tx(&[from])), "opengradient.decode");
        // Unknown TxRaw field, missing body, duplicated body.
        assert_eq!(code(&Writer::default().bytes(4, b"x").finish()), "opengradient.decode");
        assert_eq!(code(&Writer::default().bytes(2, b"x").finish()), "opengradient.decode");
        let body = Writer::default().message(1, &msg_eth(&raw)).finish();
        assert_eq!(code(&Writer::default().bytes(1, &body).bytes(1, &body).finish()), "opengradient.decode");
        // Too many messages.
        let many: Vec<Vec<u8>> = (0..=MAX_TX_MESSAGES).map(|_| any("/x", b"")).collect();
        assert_eq!(code(&cosmos_tx(&many)), "input.too_large");
        // Truncated.
        let tx = cosmos_tx(&[msg_eth(&raw)]);
        assert_eq!(ethereum_txs(&tx).unwrap().len(), 1);
        // (The last 4 bytes are the optional auth info.)
        for n in 1..tx.len() - 4 {
            assert!(ethereum_txs(&tx[..n]).is_err(), "prefix {n}");
        }
    }
}
