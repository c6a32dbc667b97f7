//! Block headers and block IDs: their hash and CometBFT's `ValidateBasic` rules.

use alloc::string::String;
use alloc::vec::Vec;

use super::merkle::{self, Hash};
use crate::codec::proto::Writer;
use crate::cometbft::Error;
use crate::time::Timestamp;

/// The part-set header of a block ID.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartSetHeader {
    /// Number of parts.
    pub total: u32,
    /// Merkle root of the parts (empty or 32 bytes).
    pub hash: Vec<u8>,
}

/// A block ID: the header hash and the part-set header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockId {
    /// The header hash (empty or 32 bytes).
    pub hash: Vec<u8>,
    /// The part-set header.
    pub part_set_header: PartSetHeader,
}

impl BlockId {
    /// Whether this is the zero block ID (no hash, no parts).
    pub fn is_zero(&self) -> bool {
        self.hash.is_empty() && self.part_set_header.total == 0 && self.part_set_header.hash.is_empty()
    }

    /// Writes `proto(PartSetHeader{1: total, 2: hash})`.
    pub(crate) fn write_part_set(&self, w: &mut Writer) {
        w.varint(1, u64::from(self.part_set_header.total)).bytes(2, &self.part_set_header.hash);
    }

    /// `proto(BlockID{1: hash, 2: PartSetHeader})`; the part-set header is non-nullable, so it is
    /// written even when empty.
    pub(crate) fn to_proto(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(1, &self.hash).nested(2, |parts| self.write_part_set(parts));
        w.finish()
    }
}

/// A block header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Block protocol version.
    pub version_block: u64,
    /// App protocol version.
    pub version_app: u64,
    /// Chain ID (at most 50 bytes).
    pub chain_id: String,
    /// Height (> 0).
    pub height: u64,
    /// BFT time.
    pub time: Timestamp,
    /// The previous block's ID (zero at height 1).
    pub last_block_id: BlockId,
    /// Hash of the previous block's commit.
    pub last_commit_hash: Vec<u8>,
    /// Merkle root of this block's transactions (of their SHA-256 hashes).
    pub data_hash: Vec<u8>,
    /// Hash of this block's validator set.
    pub validators_hash: Vec<u8>,
    /// Hash of the next block's validator set.
    pub next_validators_hash: Vec<u8>,
    /// Hash of the consensus parameters.
    pub consensus_hash: Vec<u8>,
    /// Application state after the previous block.
    pub app_hash: Vec<u8>,
    /// Merkle root of the previous block's transaction results.
    pub last_results_hash: Vec<u8>,
    /// Hash of the evidence in this block.
    pub evidence_hash: Vec<u8>,
    /// Address of the proposer (20 bytes).
    pub proposer_address: Vec<u8>,
}

/// The only block protocol version CometBFT 0.34–1.0 use.
pub const BLOCK_PROTOCOL: u64 = 11;
/// Longest chain ID (`MaxChainIDLen`).
pub const MAX_CHAIN_ID_LEN: usize = 50;

fn timestamp_proto(t: &Timestamp) -> Vec<u8> {
    let mut w = Writer::default();
    w.varint(1, t.unix_secs() as u64).varint(2, u64::from(t.subsec_nanos()));
    w.finish()
}

/// `proto(BytesValue{1: b})`, or nothing for empty bytes (an empty leaf).
fn bytes_value(b: &[u8]) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes(1, b);
    w.finish()
}

impl Header {
    /// The header hash: RFC 6962 root over the 14 proto-encoded fields. `None` when
    /// `validators_hash` is empty (Go returns nil).
    pub fn hash(&self) -> Option<Hash> {
        if self.validators_hash.is_empty() {
            return None;
        }
        let mut version = Writer::default();
        version.varint(1, self.version_block).varint(2, self.version_app);
        let mut chain_id = Writer::default();
        chain_id.bytes(1, self.chain_id.as_bytes());
        let mut height = Writer::default();
        height.varint(1, self.height);
        let last_block_id = self.last_block_id.to_proto();
        let leaves: [Vec<u8>; 14] = [
            version.finish(),
            chain_id.finish(),
            height.finish(),
            timestamp_proto(&self.time),
            last_block_id,
            bytes_value(&self.last_commit_hash),
            bytes_value(&self.data_hash),
            bytes_value(&self.validators_hash),
            bytes_value(&self.next_validators_hash),
            bytes_value(&self.consensus_hash),
            bytes_value(&self.app_hash),
            bytes_value(&self.last_results_hash),
            bytes_value(&self.evidence_hash),
            bytes_value(&self.proposer_address),
        ];
        Some(merkle::root(&leaves))
    }

    /// CometBFT's `Header.ValidateBasic`.
    pub fn validate_basic(&self) -> Result<(), Error> {
        let invalid = |field, reason| Error::HeaderInvalid { field, reason };
        if self.version_block != BLOCK_PROTOCOL {
            return Err(invalid("version.block", "block protocol is not 11"));
        }
        if self.chain_id.len() > MAX_CHAIN_ID_LEN {
            return Err(invalid("chain_id", "longer than 50 bytes"));
        }
        if self.height == 0 || self.height > i64::MAX as u64 {
            return Err(invalid("height", "not in 1..=i64::MAX"));
        }
        let hash32 = |b: &[u8]| b.is_empty() || b.len() == 32;
        if !hash32(&self.last_block_id.hash) || !hash32(&self.last_block_id.part_set_header.hash) {
            return Err(invalid("last_block_id", "hash is neither empty nor 32 bytes"));
        }
        for (field, value) in [
            ("last_commit_hash", &self.last_commit_hash),
            ("data_hash", &self.data_hash),
            ("evidence_hash", &self.evidence_hash),
            ("validators_hash", &self.validators_hash),
            ("next_validators_hash", &self.next_validators_hash),
            ("consensus_hash", &self.consensus_hash),
            ("last_results_hash", &self.last_results_hash),
        ] {
            if !hash32(value) {
                return Err(invalid(field, "neither empty nor 32 bytes"));
            }
        }
        if self.proposer_address.len() != 20 {
            return Err(invalid("proposer_address", "not 20 bytes"));
        }
        Ok(())
    }
}
