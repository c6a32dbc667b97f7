//! Encoders for OpenGradient settlement vectors: Cosmos EVM protobufs (`TxMsgData`,
//! `MsgEthereumTxResponse`, `Log`, `TxRaw` with a `MsgEthereumTx`), the settlement events and
//! calls' ABI encoding, and a syntactically valid EIP-1559 transaction.
//!
//! Layouts as in `lightcheck::opengradient::evm` / `event` (cosmos/evm
//! `proto/cosmos/evm/vm/v1/tx.proto`: `MsgEthereumTx{5 from, 6 raw}`). Everything is
//! deterministic; the transaction signature is a fixed dummy (never recovered by lightcheck).

use sha3::{Digest, Keccak256};

/// `type_url` of a `MsgEthereumTxResponse` Any.
pub const MSG_ETHEREUM_TX_RESPONSE_TYPE_URL: &str = "/cosmos.evm.vm.v1.MsgEthereumTxResponse";
/// `type_url` of a `MsgEthereumTx` Any.
pub const MSG_ETHEREUM_TX_TYPE_URL: &str = "/cosmos.evm.vm.v1.MsgEthereumTx";
/// `IndividualSettlement(bytes32,address,bytes32,bytes32,uint256,bytes,bytes)` as hashed for topic0.
pub const INDIVIDUAL_SETTLEMENT_SIGNATURE: &str =
    "IndividualSettlement(bytes32,address,bytes32,bytes32,uint256,bytes,bytes)";
/// `BatchSettlement(bytes32,uint256,bytes)` as hashed for topic0.
pub const BATCH_SETTLEMENT_SIGNATURE: &str = "BatchSettlement(bytes32,uint256,bytes)";
/// The `MsgEthereumTx.from` written by [`cosmos_tx_with_msg_ethereum_tx`] (a dummy sender).
pub const DUMMY_FROM: [u8; 20] = [0xf0; 20];

/// keccak256 of `data`.
pub fn keccak(data: &[u8]) -> [u8; 32] {
    Keccak256::digest(data).into()
}

// ---- protobuf ----

fn uvarint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// A length-delimited field (always written, even when empty).
fn len_field(out: &mut Vec<u8>, field: u64, bytes: &[u8]) {
    uvarint(out, field << 3 | 2);
    uvarint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// A length-delimited field, omitted when empty (proto3 scalars).
fn opt_len_field(out: &mut Vec<u8>, field: u64, bytes: &[u8]) {
    if !bytes.is_empty() {
        len_field(out, field, bytes);
    }
}

/// A varint field, omitted when zero.
fn varint_field(out: &mut Vec<u8>, field: u64, v: u64) {
    if v != 0 {
        uvarint(out, field << 3);
        uvarint(out, v);
    }
}

/// A `google.protobuf.Any`.
pub fn any(type_url: &str, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    opt_len_field(&mut out, 1, type_url.as_bytes());
    opt_len_field(&mut out, 2, value);
    out
}

/// `cosmos.base.abci.v1beta1.TxMsgData{msg_responses}` with each element of `responses` (an
/// encoded `MsgEthereumTxResponse`) wrapped in an Any of [`MSG_ETHEREUM_TX_RESPONSE_TYPE_URL`]:
/// what Cosmos EVM writes to `ExecTxResult.data`.
pub fn tx_msg_data(responses: &[Vec<u8>]) -> Vec<u8> {
    let anys: Vec<(&str, &[u8])> =
        responses.iter().map(|r| (MSG_ETHEREUM_TX_RESPONSE_TYPE_URL, r.as_slice())).collect();
    tx_msg_data_anys(&anys)
}

/// `TxMsgData{msg_responses}` with arbitrary `(type_url, value)` responses.
pub fn tx_msg_data_anys(responses: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (type_url, value) in responses {
        len_field(&mut out, 2, &any(type_url, value));
    }
    out
}

/// One EVM log to encode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogSpec {
    /// Emitting contract.
    pub address: [u8; 20],
    /// Topics (at most 4 for a valid log).
    pub topics: Vec<[u8; 32]>,
    /// ABI data.
    pub data: Vec<u8>,
}

/// EIP-55 mixed-case hex of an address, `0x`-prefixed (go-ethereum's `Address.Hex()`, which
/// `Log.address` holds).
pub fn checksum_address(address: &[u8; 20]) -> String {
    let lower = hex::encode(address);
    let hash = keccak(lower.as_bytes());
    let mut out = String::from("0x");
    for (i, c) in lower.chars().enumerate() {
        let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0xf;
        out.push(if c.is_ascii_alphabetic() && nibble >= 8 { c.to_ascii_uppercase() } else { c });
    }
    out
}

/// `cosmos.evm.vm.v1.Log`: address (EIP-55), topics (`0x` lowercase hex), data, and the
/// node-filled `tx_hash` (5) set to `tx_hash` plus `block_number` (4) = 1 and `index` (8) = `index`,
/// which decoders must skip.
pub fn log(spec: &LogSpec, tx_hash: &str, index: u64) -> Vec<u8> {
    let mut out = Vec::new();
    opt_len_field(&mut out, 1, checksum_address(&spec.address).as_bytes());
    for t in &spec.topics {
        len_field(&mut out, 2, format!("0x{}", hex::encode(t)).as_bytes());
    }
    opt_len_field(&mut out, 3, &spec.data);
    varint_field(&mut out, 4, 1);
    opt_len_field(&mut out, 5, tx_hash.as_bytes());
    varint_field(&mut out, 8, index);
    out
}

/// `cosmos.evm.vm.v1.MsgEthereumTxResponse{hash, logs, vm_error, gas_used}` (`ret` empty,
/// `max_used_gas` = `gas_used`).
pub fn msg_ethereum_tx_response(hash: &str, logs: &[LogSpec], vm_error: &str, gas_used: u64) -> Vec<u8> {
    let mut out = Vec::new();
    opt_len_field(&mut out, 1, hash.as_bytes());
    for (i, l) in logs.iter().enumerate() {
        len_field(&mut out, 2, &log(l, hash, i as u64));
    }
    opt_len_field(&mut out, 4, vm_error.as_bytes());
    varint_field(&mut out, 5, gas_used);
    varint_field(&mut out, 6, gas_used);
    out
}

// ---- ABI ----

/// A `uint256` word holding `v`.
pub fn word(v: u64) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&v.to_be_bytes());
    w
}

/// An `address` word (left-padded).
pub fn address_word(a: &[u8; 20]) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a);
    w
}

/// Canonical ABI encoding of a parameter list: `Some(word)` for a static parameter, `None` for a
/// `bytes` parameter taken in order from `dynamic`.
pub fn abi_encode(head: &[Option<[u8; 32]>], dynamic: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut tails = Vec::new();
    let mut next = dynamic.iter();
    for h in head {
        match h {
            Some(w) => out.extend_from_slice(w),
            None => {
                let b = next.next().expect("one dynamic value per None");
                out.extend_from_slice(&word((head.len() * 32 + tails.len()) as u64));
                tails.extend_from_slice(&word(b.len() as u64));
                tails.extend_from_slice(b);
                tails.resize(tails.len() + (32 - b.len() % 32) % 32, 0);
            }
        }
    }
    out.extend(tails);
    out
}

/// An `IndividualSettlement` log emitted by `relay`.
#[allow(clippy::too_many_arguments)]
pub fn individual_settlement_log(
    relay: [u8; 20],
    tee_id: [u8; 32],
    eth_address: [u8; 20],
    input_hash: [u8; 32],
    output_hash: [u8; 32],
    timestamp: u64,
    walrus_blob_id: &[u8],
    signature: &[u8],
) -> LogSpec {
    LogSpec {
        address: relay,
        topics: vec![keccak(INDIVIDUAL_SETTLEMENT_SIGNATURE.as_bytes()), tee_id, address_word(&eth_address)],
        data: abi_encode(
            &[Some(input_hash), Some(output_hash), Some(word(timestamp)), None, None],
            &[walrus_blob_id, signature],
        ),
    }
}

/// A `BatchSettlement` log emitted by `relay`.
pub fn batch_settlement_log(relay: [u8; 20], merkle_root: [u8; 32], batch_size: u64, walrus_blob_id: &[u8]) -> LogSpec {
    LogSpec {
        address: relay,
        topics: vec![keccak(BATCH_SETTLEMENT_SIGNATURE.as_bytes()), merkle_root],
        data: abi_encode(&[Some(word(batch_size)), None], &[walrus_blob_id]),
    }
}

fn selector(signature: &str) -> [u8; 4] {
    keccak(signature.as_bytes())[..4].try_into().unwrap()
}

/// `settleIndividual(bytes32,bytes32,bytes32,uint256,address,bytes,bytes)` calldata.
pub fn settle_individual_calldata(
    tee_id: [u8; 32],
    input_hash: [u8; 32],
    output_hash: [u8; 32],
    timestamp: u64,
    eth_address: [u8; 20],
    walrus_blob_id: &[u8],
    signature: &[u8],
) -> Vec<u8> {
    let mut out = selector("settleIndividual(bytes32,bytes32,bytes32,uint256,address,bytes,bytes)").to_vec();
    out.extend(abi_encode(
        &[
            Some(tee_id),
            Some(input_hash),
            Some(output_hash),
            Some(word(timestamp)),
            Some(address_word(&eth_address)),
            None,
            None,
        ],
        &[walrus_blob_id, signature],
    ));
    out
}

/// `batchSettle(bytes32,uint256,bytes)` calldata.
pub fn batch_settle_calldata(merkle_root: [u8; 32], batch_size: u64, walrus_blob_id: &[u8]) -> Vec<u8> {
    let mut out = selector("batchSettle(bytes32,uint256,bytes)").to_vec();
    out.extend(abi_encode(&[Some(merkle_root), Some(word(batch_size)), None], &[walrus_blob_id]));
    out
}

// ---- RLP / transactions ----

fn rlp_header(base: u8, len: usize) -> Vec<u8> {
    if len < 56 {
        return vec![base + len as u8];
    }
    let be = (len as u64).to_be_bytes();
    let skip = be.iter().take_while(|&&b| b == 0).count();
    let mut out = vec![base + 55 + (8 - skip) as u8];
    out.extend_from_slice(&be[skip..]);
    out
}

/// RLP of a byte string.
pub fn rlp_bytes(b: &[u8]) -> Vec<u8> {
    if b.len() == 1 && b[0] < 0x80 {
        return b.to_vec();
    }
    let mut out = rlp_header(0x80, b.len());
    out.extend_from_slice(b);
    out
}

/// RLP of an unsigned integer (minimal big-endian).
pub fn rlp_uint(v: u64) -> Vec<u8> {
    let be = v.to_be_bytes();
    let skip = be.iter().take_while(|&&b| b == 0).count();
    rlp_bytes(&be[skip..])
}

/// RLP of a list of already-encoded items.
pub fn rlp_list(items: &[Vec<u8>]) -> Vec<u8> {
    let payload = items.concat();
    let mut out = rlp_header(0xc0, payload.len());
    out.extend(payload);
    out
}

/// A signed-looking EIP-1559 transaction `0x02 ‖ rlp([...])` with the facilitator's fee
/// settings (tip 0.001 gwei, cap 0.002 gwei, gas 9 000 000), value 0, an empty access list and a
/// fixed dummy signature (`y_parity` 0, `r` = keccak("lightcheck r"), `s` = keccak("lightcheck s")
/// with the top bit cleared). Its Ethereum hash is `keccak(result)`.
pub fn eip1559_tx(chain_id: u64, nonce: u64, to: [u8; 20], input: &[u8]) -> Vec<u8> {
    let r = keccak(b"lightcheck r");
    let mut s = keccak(b"lightcheck s");
    s[0] &= 0x7f;
    let mut out = vec![0x02];
    out.extend(rlp_list(&[
        rlp_uint(chain_id),
        rlp_uint(nonce),
        rlp_uint(1_000_000),
        rlp_uint(2_000_000),
        rlp_uint(9_000_000),
        rlp_bytes(&to),
        rlp_uint(0),
        rlp_bytes(input),
        rlp_list(&[]),
        rlp_uint(0),
        rlp_bytes(&r),
        rlp_bytes(&s),
    ]));
    out
}

/// A `cosmos.tx.v1beta1.TxRaw` as Cosmos EVM builds one for an Ethereum transaction: body =
/// `{messages: [Any(MsgEthereumTx{from: DUMMY_FROM, raw})], extension_options:
/// [Any(ExtensionOptionsEthereumTx)]}`, auth info with a fee gas limit of 9 000 000, no
/// signatures.
pub fn cosmos_tx_with_msg_ethereum_tx(raw: &[u8]) -> Vec<u8> {
    let mut msg = Vec::new();
    opt_len_field(&mut msg, 5, &DUMMY_FROM);
    opt_len_field(&mut msg, 6, raw);
    let mut body = Vec::new();
    len_field(&mut body, 1, &any(MSG_ETHEREUM_TX_TYPE_URL, &msg));
    len_field(&mut body, 1023, &any("/cosmos.evm.vm.v1.ExtensionOptionsEthereumTx", &[]));
    let mut fee = Vec::new();
    varint_field(&mut fee, 2, 9_000_000);
    let mut auth_info = Vec::new();
    len_field(&mut auth_info, 2, &fee);
    let mut tx = Vec::new();
    len_field(&mut tx, 1, &body);
    len_field(&mut tx, 2, &auth_info);
    tx
}

#[cfg(test)]
mod tests {
    use super::*;
    use lightcheck::opengradient::event::{self, BatchSettlement, IndividualSettlement};
    use lightcheck::opengradient::evm;

    #[test]
    fn checksum_matches_eip55() {
        // EIP-55 test vector.
        let a: [u8; 20] = hex::decode("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").unwrap().try_into().unwrap();
        assert_eq!(checksum_address(&a), "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    }

    #[test]
    fn encodings_decode_with_lightcheck() {
        let relay = [0x5e; 20];
        let (tee, input, output, user) = ([1; 32], [2; 32], [3; 32], [4; 20]);
        let sig = vec![9u8; 256];

        let calldata = settle_individual_calldata(tee, input, output, 1_770_000_000, user, b"blob-a", &sig);
        let raw = eip1559_tx(10740, 7, relay, &calldata);
        let tx = cosmos_tx_with_msg_ethereum_tx(&raw);
        let txs = evm::ethereum_txs(&tx).unwrap();
        assert_eq!(txs.len(), 1);
        assert_eq!((txs[0].tx_type, txs[0].chain_id, txs[0].nonce, txs[0].to), (2, Some(10740), 7, Some(relay)));
        assert_eq!(txs[0].hash, keccak(&raw));
        assert_eq!(evm::decode_raw_tx(&raw).unwrap(), txs[0]);
        let call = event::decode_settle_individual(&txs[0].input).unwrap();
        assert_eq!((call.tee_id, call.timestamp, call.eth_address), (tee, 1_770_000_000, user));
        assert_eq!((call.walrus_blob_id, call.signature), (b"blob-a".to_vec(), sig.clone()));

        let batch_call = batch_settle_calldata([8; 32], 20, b"blob-b");
        let c = event::decode_batch_settle(&batch_call).unwrap();
        assert_eq!((c.merkle_root, c.batch_size, c.walrus_blob_id), ([8; 32], 20, b"blob-b".to_vec()));

        let hash = format!("0x{}", hex::encode(keccak(&raw)));
        let logs = [
            individual_settlement_log(relay, tee, user, input, output, 1_770_000_000, b"blob-a", &sig),
            batch_settlement_log(relay, [8; 32], 20, b"blob-b"),
        ];
        let data = tx_msg_data(&[msg_ethereum_tx_response(&hash, &logs, "", 60_000)]);
        let responses = evm::eth_tx_responses(&data).unwrap();
        assert_eq!(responses.len(), 1);
        let r = &responses[0];
        assert_eq!((r.tx_hash().unwrap(), r.gas_used, r.vm_error.as_str()), (keccak(&raw), 60_000, ""));
        assert_eq!(r.logs.len(), 2);
        assert_eq!(r.logs[0].address, relay);
        let ev = IndividualSettlement::from_log(&r.logs[0]).unwrap();
        assert_eq!(
            ev,
            IndividualSettlement {
                tee_id: tee,
                eth_address: user,
                input_hash: input,
                output_hash: output,
                timestamp: 1_770_000_000,
                walrus_blob_id: b"blob-a".to_vec(),
                signature: sig
            }
        );
        let b = BatchSettlement::from_log(&r.logs[1]).unwrap();
        assert_eq!(b, BatchSettlement { merkle_root: [8; 32], batch_size: 20, walrus_blob_id: b"blob-b".to_vec() });

        // Mixed response types: only the EVM ones come back; a reverted call keeps its vm_error.
        let other = any("/cosmos.bank.v1beta1.MsgSendResponse", &[]);
        let reverted = msg_ethereum_tx_response(&hash, &[], "execution reverted", 30_000);
        let data = tx_msg_data_anys(&[
            ("/cosmos.bank.v1beta1.MsgSendResponse", &other),
            (MSG_ETHEREUM_TX_RESPONSE_TYPE_URL, &reverted),
        ]);
        let responses = evm::eth_tx_responses(&data).unwrap();
        assert_eq!(responses.len(), 1);
        assert_eq!(responses[0].vm_error, "execution reverted");
    }
}
