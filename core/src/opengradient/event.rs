//! The settlement events and calls of OpenGradient's `InferenceSettlementRelay`
//! (og-evm `contracts/solidity/InferenceSettlementRelay.sol`), and their ABI encoding.
//!
//! | item | signature | id |
//! |---|---|---|
//! | event | `IndividualSettlement(bytes32 indexed teeId, address indexed ethAddress, bytes32 inputHash, bytes32 outputHash, uint256 timestamp, bytes walrusBlobId, bytes signature)` | topic0 [`INDIVIDUAL_SETTLEMENT_TOPIC`] |
//! | event | `BatchSettlement(bytes32 indexed merkleRoot, uint256 batchSize, bytes walrusBlobId)` | topic0 [`BATCH_SETTLEMENT_TOPIC`] |
//! | call | `settleIndividual(bytes32 teeId, bytes32 inputHash, bytes32 outputHash, uint256 timestamp, address ethAddress, bytes walrusBlobId, bytes signature)` | selector [`SETTLE_INDIVIDUAL_SELECTOR`] |
//! | call | `batchSettle(bytes32 merkleRoot, uint256 batchSize, bytes walrusBlobId)` | selector [`BATCH_SETTLE_SELECTOR`] |
//!
//! ABI decoding is strict and accepts only the canonical encoding, the one Solidity's `emit` and
//! every standard encoder (viem, ethers) produce: head words in order, each `bytes` offset
//! pointing exactly at the end of the previous item (the first one just past the head), the
//! length word, the content right-padded with zero bytes to a multiple of 32, no byte after the
//! last tail, value types padded with zeros (`address` left-padded, integers within `u64`).
//! A non-canonical but Solidity-decodable calldata is therefore rejected; no standard client
//! produces one.
//!
//! The decoders do not check who emitted a log or which contract a call targets: compare
//! [`Log::address`] / the transaction's `to` with the relay address yourself.

use alloc::vec::Vec;

use super::evm::Log;
use crate::codec::abi::{address_word, Abi};
use crate::opengradient::Error;

/// keccak256("IndividualSettlement(bytes32,address,bytes32,bytes32,uint256,bytes,bytes)").
pub const INDIVIDUAL_SETTLEMENT_TOPIC: [u8; 32] = [
    0x74, 0xe7, 0x1a, 0x19, 0x81, 0xc0, 0x3b, 0xd0, 0xc3, 0x6f, 0x3b, 0x12, 0x27, 0xf3, 0xee, 0x2a, 0x34, 0xdc, 0xa5,
    0xd6, 0xfe, 0xf2, 0x5c, 0x4b, 0x27, 0x87, 0xe0, 0x33, 0xab, 0x60, 0xb7, 0x82,
];
/// keccak256("BatchSettlement(bytes32,uint256,bytes)").
pub const BATCH_SETTLEMENT_TOPIC: [u8; 32] = [
    0xc2, 0xaf, 0xf8, 0xd8, 0xa1, 0x0a, 0x45, 0x43, 0xba, 0xab, 0xf3, 0x9b, 0xd9, 0xff, 0x45, 0xe7, 0xfc, 0x38, 0x81,
    0xd1, 0x90, 0x98, 0xdf, 0x35, 0x0a, 0x3b, 0x7f, 0x33, 0x9e, 0x91, 0x11, 0x27,
];
/// First 4 bytes of keccak256("settleIndividual(bytes32,bytes32,bytes32,uint256,address,bytes,bytes)").
pub const SETTLE_INDIVIDUAL_SELECTOR: [u8; 4] = [0x90, 0x48, 0x0a, 0xd1];
/// First 4 bytes of keccak256("batchSettle(bytes32,uint256,bytes)").
pub const BATCH_SETTLE_SELECTOR: [u8; 4] = [0x1b, 0x24, 0x3a, 0xe6];

/// Longest `walrusBlobId` accepted (a Walrus blob id is 43 characters of URL-safe base64).
pub const MAX_BLOB_ID_LEN: usize = 1024;
/// Longest TEE `signature` accepted (an RSA-2048 signature is 256 bytes; RSA-8192 would be 1024).
pub const MAX_SIGNATURE_LEN: usize = 1024;

fn malformed(field: &str, reason: &str) -> Error {
    Error::Decode { field: field.into(), reason: reason.into() }
}

/// An `IndividualSettlement` event: one TEE response settled with its full signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndividualSettlement {
    /// `teeId` (topic 1): keccak256 of the TEE signing key.
    pub tee_id: [u8; 32],
    /// `ethAddress` (topic 2): the user the response was served to.
    pub eth_address: [u8; 20],
    /// `inputHash`: the response's `tee_request_hash`.
    pub input_hash: [u8; 32],
    /// `outputHash`: the response's `tee_output_hash`.
    pub output_hash: [u8; 32],
    /// `timestamp`: the response's `tee_timestamp` (Unix seconds; must fit in 64 bits).
    pub timestamp: u64,
    /// `walrusBlobId`: UTF-8 bytes of the Walrus blob id (at most [`MAX_BLOB_ID_LEN`]).
    pub walrus_blob_id: Vec<u8>,
    /// `signature`: the raw RSA-PSS signature (at most [`MAX_SIGNATURE_LEN`]).
    pub signature: Vec<u8>,
}

/// Whether `log` carries the `IndividualSettlement` topic0 (nothing else is checked).
pub fn is_individual(log: &Log) -> bool {
    log.topics.first() == Some(&INDIVIDUAL_SETTLEMENT_TOPIC)
}

/// Whether `log` carries the `BatchSettlement` topic0 (nothing else is checked).
pub fn is_batch(log: &Log) -> bool {
    log.topics.first() == Some(&BATCH_SETTLEMENT_TOPIC)
}

impl IndividualSettlement {
    /// Decodes the event from a log: exactly 3 topics (topic0 =
    /// [`INDIVIDUAL_SETTLEMENT_TOPIC`], `teeId`, `ethAddress` left-padded with zeros) and data =
    /// canonical ABI `(bytes32 inputHash, bytes32 outputHash, uint256 timestamp, bytes
    /// walrusBlobId, bytes signature)`. The emitting address is not checked.
    pub fn from_log(log: &Log) -> Result<Self, Error> {
        let [topic0, tee_id, address] = log.topics[..] else {
            return Err(malformed("IndividualSettlement.topics", "not exactly 3 topics"));
        };
        if topic0 != INDIVIDUAL_SETTLEMENT_TOPIC {
            return Err(malformed("IndividualSettlement.topics[0]", "not the IndividualSettlement topic"));
        }
        let eth_address = address_word(&address)
            .ok_or_else(|| malformed("IndividualSettlement.ethAddress", "topic with non-zero padding"))?;
        let mut abi = Abi::new("IndividualSettlement.data", &log.data, 5)?;
        let input_hash = abi.bytes32(0);
        let output_hash = abi.bytes32(1);
        let timestamp = abi.u64(2, "IndividualSettlement.timestamp")?;
        let walrus_blob_id = abi.bytes(3, "IndividualSettlement.walrusBlobId", MAX_BLOB_ID_LEN)?.to_vec();
        let signature = abi.bytes(4, "IndividualSettlement.signature", MAX_SIGNATURE_LEN)?.to_vec();
        abi.finish()?;
        Ok(IndividualSettlement { tee_id, eth_address, input_hash, output_hash, timestamp, walrus_blob_id, signature })
    }
}

/// A `BatchSettlement` event: the Merkle root of a batch of TEE responses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchSettlement {
    /// `merkleRoot` (topic 1): root of the OpenZeppelin `StandardMerkleTree`
    /// (see [`merkle_tree`](super::merkle_tree)).
    pub merkle_root: [u8; 32],
    /// `batchSize`: number of responses in the batch (must fit in 64 bits).
    pub batch_size: u64,
    /// `walrusBlobId`: UTF-8 bytes of the Walrus blob id holding the tree dump.
    pub walrus_blob_id: Vec<u8>,
}

impl BatchSettlement {
    /// Decodes the event from a log: exactly 2 topics (topic0 = [`BATCH_SETTLEMENT_TOPIC`],
    /// `merkleRoot`) and data = canonical ABI `(uint256 batchSize, bytes walrusBlobId)`. The
    /// emitting address is not checked.
    pub fn from_log(log: &Log) -> Result<Self, Error> {
        let [topic0, merkle_root] = log.topics[..] else {
            return Err(malformed("BatchSettlement.topics", "not exactly 2 topics"));
        };
        if topic0 != BATCH_SETTLEMENT_TOPIC {
            return Err(malformed("BatchSettlement.topics[0]", "not the BatchSettlement topic"));
        }
        let mut abi = Abi::new("BatchSettlement.data", &log.data, 2)?;
        let batch_size = abi.u64(0, "BatchSettlement.batchSize")?;
        let walrus_blob_id = abi.bytes(1, "BatchSettlement.walrusBlobId", MAX_BLOB_ID_LEN)?.to_vec();
        abi.finish()?;
        Ok(BatchSettlement { merkle_root, batch_size, walrus_blob_id })
    }
}

/// The arguments of a `settleIndividual` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettleIndividualCall {
    /// `teeId`.
    pub tee_id: [u8; 32],
    /// `inputHash`.
    pub input_hash: [u8; 32],
    /// `outputHash`.
    pub output_hash: [u8; 32],
    /// `timestamp` (must fit in 64 bits).
    pub timestamp: u64,
    /// `ethAddress`.
    pub eth_address: [u8; 20],
    /// `walrusBlobId` (at most [`MAX_BLOB_ID_LEN`]).
    pub walrus_blob_id: Vec<u8>,
    /// `signature` (at most [`MAX_SIGNATURE_LEN`]).
    pub signature: Vec<u8>,
}

/// The arguments of a `batchSettle` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchSettleCall {
    /// `merkleRoot`.
    pub merkle_root: [u8; 32],
    /// `batchSize` (must fit in 64 bits).
    pub batch_size: u64,
    /// `walrusBlobId` (at most [`MAX_BLOB_ID_LEN`]).
    pub walrus_blob_id: Vec<u8>,
}

fn args<'a>(input: &'a [u8], selector: [u8; 4], what: &'static str) -> Result<&'a [u8], Error> {
    match input.split_first_chunk::<4>() {
        Some((s, rest)) if *s == selector => Ok(rest),
        _ => Err(malformed(what, "calldata does not start with the function selector")),
    }
}

/// Decodes `settleIndividual` calldata: [`SETTLE_INDIVIDUAL_SELECTOR`] followed by the canonical
/// ABI encoding of `(bytes32, bytes32, bytes32, uint256, address, bytes, bytes)`.
pub fn decode_settle_individual(input: &[u8]) -> Result<SettleIndividualCall, Error> {
    let what = "settleIndividual";
    let mut abi = Abi::new(what, args(input, SETTLE_INDIVIDUAL_SELECTOR, what)?, 7)?;
    let call = SettleIndividualCall {
        tee_id: abi.bytes32(0),
        input_hash: abi.bytes32(1),
        output_hash: abi.bytes32(2),
        timestamp: abi.u64(3, "settleIndividual.timestamp")?,
        eth_address: abi.address(4, "settleIndividual.ethAddress")?,
        walrus_blob_id: abi.bytes(5, "settleIndividual.walrusBlobId", MAX_BLOB_ID_LEN)?.to_vec(),
        signature: abi.bytes(6, "settleIndividual.signature", MAX_SIGNATURE_LEN)?.to_vec(),
    };
    abi.finish()?;
    Ok(call)
}

/// Decodes `batchSettle` calldata: [`BATCH_SETTLE_SELECTOR`] followed by the canonical ABI
/// encoding of `(bytes32, uint256, bytes)`.
pub fn decode_batch_settle(input: &[u8]) -> Result<BatchSettleCall, Error> {
    let what = "batchSettle";
    let mut abi = Abi::new(what, args(input, BATCH_SETTLE_SELECTOR, what)?, 3)?;
    let call = BatchSettleCall {
        merkle_root: abi.bytes32(0),
        batch_size: abi.u64(1, "batchSettle.batchSize")?,
        walrus_blob_id: abi.bytes(2, "batchSettle.walrusBlobId", MAX_BLOB_ID_LEN)?.to_vec(),
    };
    abi.finish()?;
    Ok(call)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::hash::keccak256;
    use alloc::vec;

    fn word(v: u64) -> [u8; 32] {
        let mut w = [0u8; 32];
        w[24..].copy_from_slice(&v.to_be_bytes());
        w
    }

    fn tail(b: &[u8]) -> Vec<u8> {
        let mut out = word(b.len() as u64).to_vec();
        out.extend_from_slice(b);
        out.resize(32 + b.len().div_ceil(32) * 32, 0);
        out
    }

    /// Canonical encoding of static words followed by dynamic byte strings; `None` marks where
    /// each dynamic offset goes.
    fn encode(head: &[Option<[u8; 32]>], dynamic: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut tails = Vec::new();
        let mut d = 0;
        for h in head {
            match h {
                Some(w) => out.extend_from_slice(w),
                None => {
                    out.extend_from_slice(&word((head.len() * 32 + tails.len()) as u64));
                    tails.extend(tail(dynamic[d]));
                    d += 1;
                }
            }
        }
        out.extend(tails);
        out
    }

    fn addr_word(a: [u8; 20]) -> [u8; 32] {
        let mut w = [0u8; 32];
        w[12..].copy_from_slice(&a);
        w
    }

    fn individual_log(data: Vec<u8>) -> Log {
        Log { address: [0xee; 20], topics: vec![INDIVIDUAL_SETTLEMENT_TOPIC, [0x11; 32], addr_word([0xab; 20])], data }
    }

    fn individual_data(blob: &[u8], sig: &[u8]) -> Vec<u8> {
        encode(&[Some([0x22; 32]), Some([0x33; 32]), Some(word(1_770_000_000)), None, None], &[blob, sig])
    }

    #[test]
    fn identifiers_are_keccak_of_signatures() {
        assert_eq!(
            keccak256(&[b"IndividualSettlement(bytes32,address,bytes32,bytes32,uint256,bytes,bytes)"]),
            INDIVIDUAL_SETTLEMENT_TOPIC
        );
        assert_eq!(
            hex::encode(INDIVIDUAL_SETTLEMENT_TOPIC),
            "74e71a1981c03bd0c36f3b1227f3ee2a34dca5d6fef25c4b2787e033ab60b782"
        );
        assert_eq!(keccak256(&[b"BatchSettlement(bytes32,uint256,bytes)"]), BATCH_SETTLEMENT_TOPIC);
        assert_eq!(
            hex::encode(BATCH_SETTLEMENT_TOPIC),
            "c2aff8d8a10a4543baabf39bd9ff45e7fc3881d19098df350a3b7f339e911127"
        );
        assert_eq!(
            keccak256(&[b"settleIndividual(bytes32,bytes32,bytes32,uint256,address,bytes,bytes)"])[..4],
            SETTLE_INDIVIDUAL_SELECTOR
        );
        assert_eq!(keccak256(&[b"batchSettle(bytes32,uint256,bytes)"])[..4], BATCH_SETTLE_SELECTOR);
        assert_eq!(SETTLE_INDIVIDUAL_SELECTOR, [0x90, 0x48, 0x0a, 0xd1]);
        assert_eq!(BATCH_SETTLE_SELECTOR, [0x1b, 0x24, 0x3a, 0xe6]);
    }

    #[test]
    fn decodes_individual_settlement() {
        let sig = [0x5a; 256];
        for (blob, sig) in [
            (&b"blob-id-43-chars-xxxxxxxxxxxxxxxxxxxxxxxxxx"[..], &sig[..]),
            (&b""[..], &b""[..]),
            (&[1u8; 32][..], &[2u8; 33][..]),
        ] {
            let log = individual_log(individual_data(blob, sig));
            assert!(is_individual(&log) && !is_batch(&log));
            let ev = IndividualSettlement::from_log(&log).unwrap();
            assert_eq!(ev.tee_id, [0x11; 32]);
            assert_eq!(ev.eth_address, [0xab; 20]);
            assert_eq!(ev.input_hash, [0x22; 32]);
            assert_eq!(ev.output_hash, [0x33; 32]);
            assert_eq!(ev.timestamp, 1_770_000_000);
            assert_eq!(ev.walrus_blob_id, blob);
            assert_eq!(ev.signature, sig);
        }
    }

    #[test]
    fn rejects_bad_individual_settlements() {
        let good = individual_data(b"blob", &[7; 256]);
        let bad =
            |log: &Log| assert_eq!(IndividualSettlement::from_log(log).unwrap_err().code(), "opengradient.decode");
        assert!(IndividualSettlement::from_log(&individual_log(good.clone())).is_ok());
        // Topics: count, topic0, address padding.
        let mut log = individual_log(good.clone());
        log.topics.pop();
        bad(&log);
        let mut log = individual_log(good.clone());
        log.topics.push([0; 32]);
        bad(&log);
        let mut log = individual_log(good.clone());
        log.topics[0] = BATCH_SETTLEMENT_TOPIC;
        bad(&log);
        let mut log = individual_log(good.clone());
        log.topics[2][0] = 1;
        bad(&log);
        // Every truncation, and a trailing byte / word.
        for n in 0..good.len() {
            bad(&individual_log(good[..n].to_vec()));
        }
        let mut long = good.clone();
        long.push(0);
        bad(&individual_log(long));
        let mut long = good.clone();
        long.extend([0; 32]);
        bad(&individual_log(long));
        // Timestamp beyond u64.
        let mut d = good.clone();
        d[64 + 23] = 1;
        bad(&individual_log(d));
        // Offsets: pointing into the head, misaligned, swapped, huge.
        for (i, v) in [(3usize, 0u64), (3, 128), (3, 161), (4, 160), (3, u64::MAX)] {
            let mut d = good.clone();
            d[i * 32..i * 32 + 32].copy_from_slice(&word(v));
            bad(&individual_log(d));
        }
        let mut d = good.clone();
        d[3 * 32] = 1; // offset word with a high byte set
        bad(&individual_log(d));
        // Length beyond the data / beyond the limit.
        for len in [33, 1000, MAX_BLOB_ID_LEN as u64 + 1] {
            let mut d = good.clone();
            d[160..192].copy_from_slice(&word(len));
            bad(&individual_log(d));
        }
        let big = individual_data(b"b", &[1; MAX_SIGNATURE_LEN + 1]);
        bad(&individual_log(big));
        let ok = individual_data(b"b", &[1; MAX_SIGNATURE_LEN]);
        assert!(IndividualSettlement::from_log(&individual_log(ok)).is_ok());
        // Non-zero padding after the blob id ("blob" = 4 bytes, padding at 192+4..224).
        let mut d = good.clone();
        d[192 + 4] = 1;
        bad(&individual_log(d));
    }

    #[test]
    fn batch_settlement_and_calls() {
        let data = encode(&[Some(word(20)), None], &[b"walrus-blob"]);
        let log = Log { address: [1; 20], topics: vec![BATCH_SETTLEMENT_TOPIC, [0x99; 32]], data: data.clone() };
        assert!(is_batch(&log));
        let ev = BatchSettlement::from_log(&log).unwrap();
        assert_eq!(
            ev,
            BatchSettlement { merkle_root: [0x99; 32], batch_size: 20, walrus_blob_id: b"walrus-blob".to_vec() }
        );
        let mut l = log.clone();
        l.topics.push([0; 32]);
        assert!(BatchSettlement::from_log(&l).is_err());
        let mut l = log.clone();
        l.topics[0] = INDIVIDUAL_SETTLEMENT_TOPIC;
        assert!(BatchSettlement::from_log(&l).is_err());
        let mut l = log.clone();
        l.data[0] = 1;
        assert!(BatchSettlement::from_log(&l).is_err());

        let mut call = BATCH_SETTLE_SELECTOR.to_vec();
        call.extend(encode(&[Some([0x99; 32]), Some(word(3)), None], &[b"blob"]));
        let c = decode_batch_settle(&call).unwrap();
        assert_eq!(c, BatchSettleCall { merkle_root: [0x99; 32], batch_size: 3, walrus_blob_id: b"blob".to_vec() });
        assert!(decode_settle_individual(&call).is_err());
        assert!(decode_batch_settle(&call[..call.len() - 1]).is_err());
        assert!(decode_batch_settle(&[]).is_err());

        let mut call = SETTLE_INDIVIDUAL_SELECTOR.to_vec();
        call.extend(encode(
            &[Some([1; 32]), Some([2; 32]), Some([3; 32]), Some(word(42)), Some(addr_word([4; 20])), None, None],
            &[b"blob", &[5; 256]],
        ));
        let c = decode_settle_individual(&call).unwrap();
        assert_eq!(
            c,
            SettleIndividualCall {
                tee_id: [1; 32],
                input_hash: [2; 32],
                output_hash: [3; 32],
                timestamp: 42,
                eth_address: [4; 20],
                walrus_blob_id: b"blob".to_vec(),
                signature: vec![5; 256],
            }
        );
        assert!(decode_batch_settle(&call).is_err());
        let mut bad = call.clone();
        bad[4 + 4 * 32] = 1; // address padding
        assert!(decode_settle_individual(&bad).is_err());
        for n in 0..call.len() {
            assert!(decode_settle_individual(&call[..n]).is_err());
        }
    }
}
