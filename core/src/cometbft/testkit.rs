//! Signed light blocks made to order, for the light client's unit tests: deterministic ed25519
//! validators (`key(id)`), and [`Spec`], which builds and signs one block.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::time::Duration;

use ed25519_consensus::SigningKey;

use super::commit::{canonical_vote_sign_bytes, Commit, CommitSig, SignedHeader};
use super::header::{BlockId, Header, PartSetHeader};
use super::validator::{PublicKey, Validator, ValidatorSet};
use super::verifier::LightBlock;
use crate::time::Timestamp;

/// The chain every test block belongs to unless told otherwise.
pub(crate) const CHAIN: &str = "verifier-test";
/// Time of the first block of a test chain.
pub(crate) const T0: i64 = 1_700_000_000;

pub(crate) fn secs(s: i64) -> Timestamp {
    Timestamp::from_unix_secs(s).unwrap()
}

/// One nanosecond before `t`.
pub(crate) fn just_before(t: Timestamp) -> Timestamp {
    t.checked_sub(Duration::from_nanos(1)).unwrap()
}

/// The ed25519 key of test validator `id` (deterministic).
pub(crate) fn key(id: u8) -> SigningKey {
    SigningKey::from([id; 32])
}

pub(crate) fn validator(id: u8, power: u64) -> Validator {
    Validator::new(PublicKey::Ed25519(key(id).verification_key().to_bytes()), power)
}

/// A set of validators with ids `ids`, power 1 each.
pub(crate) fn set(ids: &[u8]) -> ValidatorSet {
    weighted(&ids.iter().map(|&id| (id, 1)).collect::<Vec<_>>())
}

/// A set of `(id, power)` validators.
pub(crate) fn weighted(members: &[(u8, u64)]) -> ValidatorSet {
    ValidatorSet::new(members.iter().map(|&(id, power)| validator(id, power)).collect()).unwrap()
}

/// What a test block is made of; [`Spec::build`] signs it.
#[derive(Clone)]
pub(crate) struct Spec {
    pub chain_id: String,
    pub height: u64,
    pub time: Timestamp,
    pub validators: Vec<u8>,
    pub next_validators: Vec<(u8, u64)>,
    /// Validators that sign (Commit flag); the others are Absent.
    pub signers: Vec<u8>,
    /// The app hash's bytes: blocks of one height that differ only here are a fork.
    pub app: u8,
}

pub(crate) fn spec(height: u64, time: Timestamp, validators: &[u8]) -> Spec {
    Spec {
        chain_id: CHAIN.into(),
        height,
        time,
        validators: validators.to_vec(),
        next_validators: validators.iter().map(|&id| (id, 1)).collect(),
        signers: validators.to_vec(),
        app: 6,
    }
}

impl Spec {
    pub(crate) fn next(self, ids: &[u8]) -> Spec {
        self.next_weighted(&ids.iter().map(|&id| (id, 1)).collect::<Vec<_>>())
    }

    pub(crate) fn next_weighted(mut self, members: &[(u8, u64)]) -> Spec {
        self.next_validators = members.to_vec();
        self
    }

    pub(crate) fn signed_by(mut self, ids: &[u8]) -> Spec {
        self.signers = ids.to_vec();
        self
    }

    pub(crate) fn chain(mut self, chain_id: &str) -> Spec {
        self.chain_id = chain_id.into();
        self
    }

    /// Another app hash (a fork of the same validators).
    pub(crate) fn app(mut self, app: u8) -> Spec {
        self.app = app;
        self
    }

    pub(crate) fn build(&self) -> LightBlock {
        let validators = set(&self.validators);
        let next_validators = weighted(&self.next_validators);
        let header = Header {
            version_block: 11,
            version_app: 0,
            chain_id: self.chain_id.clone(),
            height: self.height,
            time: self.time,
            last_block_id: BlockId {
                hash: vec![1; 32],
                part_set_header: PartSetHeader { total: 1, hash: vec![2; 32] },
            },
            last_commit_hash: vec![3; 32],
            data_hash: vec![4; 32],
            validators_hash: validators.hash().to_vec(),
            next_validators_hash: next_validators.hash().to_vec(),
            consensus_hash: vec![5; 32],
            app_hash: vec![self.app; 32],
            last_results_hash: vec![7; 32],
            evidence_hash: vec![8; 32],
            proposer_address: validators.validators()[0].address.to_vec(),
        };
        let block_id = BlockId {
            hash: header.hash().unwrap().to_vec(),
            part_set_header: PartSetHeader { total: 1, hash: vec![9; 32] },
        };
        let vote_time = self.time;
        let msg = canonical_vote_sign_bytes(2, self.height as i64, 0, Some(&block_id), &vote_time, &self.chain_id);
        let signatures = validators
            .validators()
            .iter()
            .map(|v| match self.signers.iter().find(|&&id| validator(id, 1).address == v.address) {
                Some(&id) => CommitSig::Commit {
                    validator_address: v.address,
                    timestamp: vote_time,
                    signature: key(id).sign(&msg).to_bytes().to_vec(),
                },
                None => CommitSig::Absent,
            })
            .collect();
        let commit = Commit { height: self.height, round: 0, block_id, signatures };
        LightBlock {
            signed_header: SignedHeader { header, commit },
            validators,
            next_validators: Some(next_validators),
        }
    }
}
