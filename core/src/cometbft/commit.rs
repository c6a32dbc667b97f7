//! Commits, commit signatures and the bytes each precommit signs.

use alloc::vec::Vec;

use super::header::{BlockId, Header};
use super::validator::Address;
use crate::codec::proto::Writer;
use crate::cometbft::Error;
use crate::time::Timestamp;

/// Longest signature accepted (`MaxSignatureSize` of CometBFT ≤ 0.38; ed25519 and secp256k1 are 64).
pub const MAX_SIGNATURE_LEN: usize = 64;

/// One validator's entry in a commit, index-aligned with the validator set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitSig {
    /// Flag 1: the validator did not vote.
    Absent,
    /// Flag 2: a precommit for the committed block.
    Commit {
        /// The signer.
        validator_address: Address,
        /// When the validator voted.
        timestamp: Timestamp,
        /// The signature over the vote's sign bytes.
        signature: Vec<u8>,
    },
    /// Flag 3: a precommit for nil.
    Nil {
        /// The signer.
        validator_address: Address,
        /// When the validator voted.
        timestamp: Timestamp,
        /// The signature over the nil vote's sign bytes.
        signature: Vec<u8>,
    },
}

/// A commit: the precommits that finalised a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// Height of the committed block.
    pub height: u64,
    /// Consensus round.
    pub round: u32,
    /// The committed block.
    pub block_id: BlockId,
    /// One entry per validator, in the validator set's canonical order.
    pub signatures: Vec<CommitSig>,
}

impl Commit {
    /// CometBFT's `Commit.ValidateBasic` (the per-signature shape rules are enforced when
    /// signatures are decoded).
    pub fn validate_basic(&self) -> Result<(), Error> {
        let invalid = |reason| Error::CommitInvalid { reason };
        if self.height > i64::MAX as u64 || self.round > i32::MAX as u32 {
            return Err(invalid("height or round out of range"));
        }
        if self.height >= 1 {
            if self.block_id.is_zero() {
                return Err(invalid("block_id is empty"));
            }
            if self.signatures.is_empty() {
                return Err(invalid("no signatures"));
            }
        }
        let hash32 = |b: &[u8]| b.is_empty() || b.len() == 32;
        if !hash32(&self.block_id.hash) || !hash32(&self.block_id.part_set_header.hash) {
            return Err(invalid("block_id hash is neither empty nor 32 bytes"));
        }
        for sig in &self.signatures {
            if let CommitSig::Commit { signature, .. } | CommitSig::Nil { signature, .. } = sig {
                if signature.is_empty() || signature.len() > MAX_SIGNATURE_LEN {
                    return Err(invalid("a signature is empty or longer than 64 bytes"));
                }
            }
        }
        Ok(())
    }

    /// The bytes the validator at `index` signed: `uvarint(len) ‖ proto(CanonicalVote)` with type
    /// precommit, sfixed64 height and round (omitted when zero), the block ID for a Commit vote
    /// (omitted for Nil), the vote's timestamp (always written) and the chain ID.
    /// `None` for an Absent entry or an index out of range.
    pub fn vote_sign_bytes(&self, chain_id: &str, index: usize) -> Option<Vec<u8>> {
        let (timestamp, block_id) = match self.signatures.get(index)? {
            CommitSig::Absent => return None,
            CommitSig::Commit { timestamp, .. } => (timestamp, Some(&self.block_id)),
            CommitSig::Nil { timestamp, .. } => (timestamp, None),
        };
        Some(canonical_vote_sign_bytes(2, self.height as i64, i64::from(self.round), block_id, timestamp, chain_id))
    }
}

/// `uvarint(len) ‖ proto(CanonicalVote)` for any vote type (2 = precommit), built in one buffer.
pub fn canonical_vote_sign_bytes(
    vote_type: u64,
    height: i64,
    round: i64,
    block_id: Option<&BlockId>,
    timestamp: &Timestamp,
    chain_id: &str,
) -> Vec<u8> {
    let mut w = Writer { buf: Vec::with_capacity(160 + chain_id.len()) };
    w.length_prefixed(|vote| {
        vote.varint(1, vote_type).sfixed64(2, height).sfixed64(3, round);
        if let Some(id) = block_id.filter(|id| !id.is_zero()) {
            vote.nested(4, |canonical_id| {
                canonical_id.bytes(1, &id.hash).nested(2, |parts| id.write_part_set(parts));
            });
        }
        vote.nested(5, |time| {
            time.varint(1, timestamp.unix_secs() as u64).varint(2, u64::from(timestamp.subsec_nanos()));
        });
        vote.bytes(6, chain_id.as_bytes());
    });
    w.finish()
}

/// A header with the commit that signs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeader {
    /// The header.
    pub header: Header,
    /// The commit for the header's block.
    pub commit: Commit,
}

impl SignedHeader {
    /// CometBFT's `SignedHeader.ValidateBasic`: both parts valid, same height, and the commit
    /// signs this header (`commit.block_id.hash == header.hash()`). `chain_id` is the chain the
    /// caller expects.
    pub fn validate_basic(&self, chain_id: &str) -> Result<(), Error> {
        self.header.validate_basic()?;
        self.commit.validate_basic()?;
        if self.header.chain_id != chain_id {
            return Err(Error::ChainIdMismatch { expected: chain_id.into(), found: self.header.chain_id.clone() });
        }
        if self.commit.height != self.header.height {
            return Err(Error::CommitInvalid { reason: "commit height differs from the header height" });
        }
        match self.header.hash() {
            Some(hash) if hash[..] == self.commit.block_id.hash[..] => Ok(()),
            _ => Err(Error::HeaderHashMismatch),
        }
    }
}
