//! `LightClientAttackEvidence`: what a light client hands to full nodes when two providers
//! served conflicting blocks that both verify.
//!
//! Built as CometBFT's detector builds it (`newLightClientAttackEvidence` and
//! `GetByzantineValidators`, v0.38), so that a node's own checks (`VerifyLightClientAttack` and
//! `ValidateABCI`) accept it: the kind of attack decides the common height, the timestamp and
//! total power come from the block the node will look up, and the byzantine validators are listed
//! in CometBFT's order. Encoded to CometBFT's protobuf (`tendermint.types.Evidence`) and to the
//! JSON its RPC `/broadcast_evidence` reads.

use alloc::string::ToString;
use alloc::vec::Vec;

use sha2::{Digest, Sha256};

use super::commit::{Commit, CommitSig, SignedHeader};
use super::header::Header;
use super::json;
use super::validator::{PublicKey, Validator, ValidatorSet};
use super::verifier::LightBlock;
use crate::codec::proto::Writer;
use crate::time::Timestamp;

/// How the conflicting block came to be, as CometBFT tells attacks apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttackKind {
    /// The conflicting header could not have been derived from the chain: its validators, next
    /// validators, consensus, app or last-results hash differ from the trusted header's.
    Lunatic,
    /// Same derived fields, both commits in the same round: the signers of both double-signed.
    Equivocation,
    /// Same derived fields, commits in different rounds: the culprits cannot be told apart.
    Amnesia,
}

impl AttackKind {
    /// `lunatic`, `equivocation` or `amnesia`.
    pub fn as_str(self) -> &'static str {
        match self {
            AttackKind::Lunatic => "lunatic",
            AttackKind::Equivocation => "equivocation",
            AttackKind::Amnesia => "amnesia",
        }
    }
}

/// Evidence that the signers of `conflicting_block` attacked a light client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LightClientAttackEvidence {
    /// The block one provider served, conflicting with the verified chain of the other.
    pub conflicting_block: LightBlock,
    /// The last height both chains agree on (lunatic), or the conflicting height.
    pub common_height: u64,
    /// The validators held responsible, by voting power descending, then address.
    pub byzantine_validators: Vec<Validator>,
    /// Total voting power of the validator set at the common height.
    pub total_voting_power: u64,
    /// Time of the block at the common height.
    pub timestamp: Timestamp,
    /// Which attack the fields describe.
    pub kind: AttackKind,
}

/// CometBFT's `ConflictingHeaderIsInvalid`: whether `conflicting` differs from `trusted` in a field
/// a correct state transition determines.
pub fn conflicting_header_is_invalid(conflicting: &Header, trusted: &Header) -> bool {
    conflicting.validators_hash != trusted.validators_hash
        || conflicting.next_validators_hash != trusted.next_validators_hash
        || conflicting.consensus_hash != trusted.consensus_hash
        || conflicting.app_hash != trusted.app_hash
        || conflicting.last_results_hash != trusted.last_results_hash
}

/// Sorts validators as CometBFT's `ValidatorsByVotingPower`: power descending, then address.
fn sort_by_power(validators: &mut [Validator]) {
    validators.sort_by(|a, b| b.voting_power.cmp(&a.voting_power).then(a.address.cmp(&b.address)));
}

impl LightClientAttackEvidence {
    /// The evidence against the provider of `conflicting`, given the other provider's verified
    /// block at the same height (`trusted`) and the last block both agree on (`common`).
    pub fn new(conflicting: &LightBlock, trusted: &LightBlock, common: &LightBlock) -> Self {
        let conflicting_header = &conflicting.signed_header.header;
        let commit = &conflicting.signed_header.commit;
        let trusted_commit = &trusted.signed_header.commit;
        let lunatic = conflicting_header_is_invalid(conflicting_header, &trusted.signed_header.header);
        let (kind, anchor) = if lunatic {
            (AttackKind::Lunatic, common)
        } else if commit.round == trusted_commit.round {
            (AttackKind::Equivocation, trusted)
        } else {
            (AttackKind::Amnesia, trusted)
        };
        let mut byzantine: Vec<Validator> = match kind {
            // The common set's validators who signed the lunatic block.
            AttackKind::Lunatic => committed(commit)
                .filter_map(|(_, address)| common.validators.by_address(address).map(|(_, v)| v.clone()))
                .collect(),
            // Same set on both sides (equal validators hash): the signers of both commits, by index.
            AttackKind::Equivocation => committed(commit)
                .filter(|(i, _)| matches!(trusted_commit.signatures.get(*i), Some(CommitSig::Commit { .. })))
                .filter_map(|(_, address)| conflicting.validators.by_address(address).map(|(_, v)| v.clone()))
                .collect(),
            AttackKind::Amnesia => Vec::new(),
        };
        sort_by_power(&mut byzantine);
        LightClientAttackEvidence {
            conflicting_block: conflicting.clone(),
            common_height: anchor.height(),
            byzantine_validators: byzantine,
            total_voting_power: anchor.validators.total_voting_power(),
            timestamp: anchor.time(),
            kind,
        }
    }

    /// The evidence hash CometBFT reports (`LightClientAttackEvidence.Hash`): SHA-256 over the
    /// conflicting header's hash and the zig-zag varint of the common height. Go copies only the
    /// first 31 bytes of the header hash and leaves byte 31 zero; so does this.
    pub fn hash(&self) -> [u8; 32] {
        let header_hash = self.conflicting_block.signed_header.header.hash().unwrap_or_default();
        let mut bz = Vec::with_capacity(42);
        bz.extend_from_slice(&header_hash[..31]);
        bz.push(0);
        let zigzag = ((self.common_height as i64) << 1 ^ ((self.common_height as i64) >> 63)) as u64;
        crate::codec::proto::uvarint(&mut bz, zigzag);
        Sha256::digest(&bz).into()
    }

    /// `proto(tendermint.types.LightClientAttackEvidence)`.
    pub fn to_proto(&self) -> Vec<u8> {
        let mut w = Writer::default();
        self.write_proto(&mut w);
        w.finish()
    }

    /// `proto(tendermint.types.Evidence)`: the evidence in its oneof (field 2), as nodes store,
    /// gossip and hash it.
    pub fn to_evidence_proto(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.nested(2, |ev| self.write_proto(ev));
        w.finish()
    }

    fn write_proto(&self, w: &mut Writer) {
        w.nested(1, |lb| write_light_block(lb, &self.conflicting_block));
        w.varint(2, self.common_height);
        for v in &self.byzantine_validators {
            w.nested(3, |val| write_validator(val, v));
        }
        w.varint(4, self.total_voting_power);
        w.nested(5, |t| write_timestamp(t, &self.timestamp));
    }

    /// The evidence in CometBFT's JSON (`libs/json`, type-tagged), as `/broadcast_evidence`
    /// reads it in its `evidence` parameter.
    pub fn to_json(&self) -> serde_json::Value {
        let mut block = json::light_block_to_json_value(&self.conflicting_block);
        if let Some(object) = block.as_object_mut() {
            object.remove("next_validator_set");
            object.insert("validator_set".into(), validator_set_json(&self.conflicting_block.validators));
        }
        let byzantine: Vec<serde_json::Value> = self.byzantine_validators.iter().map(validator_json).collect();
        serde_json::json!({
            "type": "tendermint/LightClientAttackEvidence",
            "value": {
                "ConflictingBlock": block,
                "CommonHeight": self.common_height.to_string(),
                "ByzantineValidators": byzantine,
                "TotalVotingPower": self.total_voting_power.to_string(),
                "Timestamp": self.timestamp.to_string(),
            }
        })
    }
}

/// `(index, address)` of each signature for the block (flag Commit).
fn committed(commit: &Commit) -> impl Iterator<Item = (usize, &[u8; 20])> {
    commit.signatures.iter().enumerate().filter_map(|(i, s)| match s {
        CommitSig::Commit { validator_address, .. } => Some((i, validator_address)),
        _ => None,
    })
}

fn write_timestamp(w: &mut Writer, t: &Timestamp) {
    w.varint(1, t.unix_secs() as u64).varint(2, u64::from(t.subsec_nanos()));
}

fn write_header(w: &mut Writer, h: &Header) {
    w.nested(1, |v| {
        v.varint(1, h.version_block).varint(2, h.version_app);
    });
    w.bytes(2, h.chain_id.as_bytes()).varint(3, h.height);
    w.nested(4, |t| write_timestamp(t, &h.time));
    w.message(5, &h.last_block_id.to_proto());
    w.bytes(6, &h.last_commit_hash).bytes(7, &h.data_hash).bytes(8, &h.validators_hash);
    w.bytes(9, &h.next_validators_hash).bytes(10, &h.consensus_hash).bytes(11, &h.app_hash);
    w.bytes(12, &h.last_results_hash).bytes(13, &h.evidence_hash).bytes(14, &h.proposer_address);
}

fn write_commit(w: &mut Writer, c: &Commit) {
    w.varint(1, c.height).varint(2, u64::from(c.round));
    w.message(3, &c.block_id.to_proto());
    for sig in &c.signatures {
        w.nested(4, |s| match sig {
            // Go's zero time, which `ValidateBasic` requires of an absent vote (not the Unix epoch).
            CommitSig::Absent => {
                s.varint(1, 1);
                s.nested(3, |t| write_timestamp(t, &Timestamp::GO_ZERO));
            }
            CommitSig::Commit { validator_address, timestamp, signature }
            | CommitSig::Nil { validator_address, timestamp, signature } => {
                s.varint(1, if matches!(sig, CommitSig::Commit { .. }) { 2 } else { 3 });
                s.bytes(2, validator_address);
                s.nested(3, |t| write_timestamp(t, timestamp));
                s.bytes(4, signature);
            }
        });
    }
}

fn write_validator(w: &mut Writer, v: &Validator) {
    w.bytes(1, &v.address);
    w.nested(2, |k| match &v.pub_key {
        PublicKey::Ed25519(pk) => {
            k.bytes(1, pk);
        }
        PublicKey::Secp256k1(pk) => {
            k.bytes(2, pk);
        }
    });
    w.varint(3, v.voting_power);
}

/// The proposer: priorities are not part of a light block lightcheck keeps (nothing hashes,
/// signs or checks them), so every priority is written as 0 and, as CometBFT's
/// `findProposer` picks among equal priorities, the lowest address proposes. A node decoding
/// the set only requires that a proposer is present.
fn proposer(set: &ValidatorSet) -> Option<&Validator> {
    set.validators().iter().min_by_key(|v| v.address)
}

fn write_validator_set(w: &mut Writer, set: &ValidatorSet) {
    for v in set.validators() {
        w.nested(1, |val| write_validator(val, v));
    }
    if let Some(p) = proposer(set) {
        w.nested(2, |val| write_validator(val, p));
    }
    w.varint(3, set.total_voting_power());
}

fn write_light_block(w: &mut Writer, block: &LightBlock) {
    let SignedHeader { header, commit } = &block.signed_header;
    w.nested(1, |sh| {
        sh.nested(1, |h| write_header(h, header));
        sh.nested(2, |c| write_commit(c, commit));
    });
    w.nested(2, |vs| write_validator_set(vs, &block.validators));
}

fn validator_json(v: &Validator) -> serde_json::Value {
    use base64::Engine;
    let (key_type, key) = match &v.pub_key {
        PublicKey::Ed25519(pk) => ("tendermint/PubKeyEd25519", &pk[..]),
        PublicKey::Secp256k1(pk) => ("tendermint/PubKeySecp256k1", &pk[..]),
    };
    serde_json::json!({
        "address": hex::encode_upper(v.address),
        "pub_key": {"type": key_type, "value": base64::engine::general_purpose::STANDARD.encode(key)},
        "voting_power": v.voting_power.to_string(),
        "proposer_priority": "0",
    })
}

fn validator_set_json(set: &ValidatorSet) -> serde_json::Value {
    let validators: Vec<serde_json::Value> = set.validators().iter().map(validator_json).collect();
    serde_json::json!({ "validators": validators, "proposer": proposer(set).map(validator_json) })
}
