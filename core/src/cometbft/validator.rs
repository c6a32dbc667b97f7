//! Validators and validator sets: keys, addresses, canonical order and the set hash.

#[cfg(not(feature = "secp256k1"))]
use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;
use sha2::{Digest, Sha256};

use super::merkle::{self, Hash};
use crate::codec::proto::Writer;
use crate::cometbft::Error;

/// A validator address: 20 bytes derived from the public key.
pub type Address = [u8; 20];

/// Most validators a set may hold (CometBFT's `MaxVotesCount`); a cap on attacker-supplied sets.
pub const MAX_VALIDATORS: usize = 10_000;
const _: () = assert!(MAX_VALIDATORS <= u16::MAX as usize, "validator indices are u16");
/// CometBFT's `MaxTotalVotingPower` (`MaxInt64 / 8`), so tallies never overflow.
pub const MAX_TOTAL_VOTING_POWER: u64 = (i64::MAX / 8) as u64;

/// A consensus public key of a type lightcheck can verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublicKey {
    /// Ed25519, verified with ZIP-215 rules.
    Ed25519([u8; 32]),
    /// secp256k1, compressed SEC1; ECDSA over SHA-256 with low-S.
    Secp256k1([u8; 33]),
}

impl PublicKey {
    /// The address CometBFT derives: `SHA256(pk)[..20]` for ed25519,
    /// `RIPEMD160(SHA256(pk))` for secp256k1.
    pub fn address(&self) -> Address {
        let mut out = [0u8; 20];
        match self {
            PublicKey::Ed25519(pk) => out.copy_from_slice(&Sha256::digest(pk)[..20]),
            PublicKey::Secp256k1(pk) => {
                use ripemd::Ripemd160;
                out.copy_from_slice(&Ripemd160::digest(Sha256::digest(pk)));
            }
        }
        out
    }

    /// Writes `proto(PublicKey)`: the `sum` oneof with field 1 (ed25519) or 2 (secp256k1).
    fn write_proto(&self, w: &mut Writer) {
        match self {
            PublicKey::Ed25519(pk) => w.bytes(1, pk),
            PublicKey::Secp256k1(pk) => w.bytes(2, pk),
        };
    }

    /// Decodes a key from its JSON type tag and raw bytes.
    pub fn from_type_and_bytes(key_type: &str, bytes: &[u8]) -> Result<PublicKey, Error> {
        let bad_len =
            || Error::Decode { field: "pub_key.value".into(), reason: "wrong key length for its type".into() };
        match key_type {
            "tendermint/PubKeyEd25519" | "ed25519" | "/cosmos.crypto.ed25519.PubKey" => {
                Ok(PublicKey::Ed25519(bytes.try_into().map_err(|_| bad_len())?))
            }
            #[cfg(feature = "secp256k1")]
            "tendermint/PubKeySecp256k1" | "secp256k1" | "/cosmos.crypto.secp256k1.PubKey" => {
                Ok(PublicKey::Secp256k1(bytes.try_into().map_err(|_| bad_len())?))
            }
            #[cfg(not(feature = "secp256k1"))]
            "tendermint/PubKeySecp256k1" | "secp256k1" | "/cosmos.crypto.secp256k1.PubKey" => {
                Err(Error::UnsupportedKey {
                    key_type: format!("{key_type} (not in this build: the `secp256k1` feature)"),
                })
            }
            other => Err(Error::UnsupportedKey { key_type: other.to_string() }),
        }
    }
}

/// A validator of a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validator {
    /// Address, equal to the key's derived address.
    pub address: Address,
    /// Consensus key.
    pub pub_key: PublicKey,
    /// Voting power.
    pub voting_power: u64,
}

impl Validator {
    /// A validator from a key and power; its address is derived.
    pub fn new(pub_key: PublicKey, voting_power: u64) -> Validator {
        Validator { address: pub_key.address(), pub_key, voting_power }
    }

    /// `proto(SimpleValidator{1: PublicKey, 2: voting_power})`, the leaf of the set hash.
    pub fn hash_bytes(&self) -> Vec<u8> {
        let mut w = Writer { buf: Vec::with_capacity(48) };
        w.nested(1, |key| self.pub_key.write_proto(key)).varint(2, self.voting_power);
        w.finish()
    }
}

/// A validator set in canonical order: voting power descending, then address ascending.
/// Commit signatures are index-aligned to this order and the set hash is computed over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidatorSet {
    validators: Vec<Validator>,
    /// Indices into `validators`, sorted by address, for lookups by address (two bytes each:
    /// [`MAX_VALIDATORS`] fits a `u16`).
    by_address: Vec<u16>,
    total_voting_power: u64,
}

impl ValidatorSet {
    /// Builds a set from validators in any order: sorts them canonically and checks that the set
    /// is within [`MAX_VALIDATORS`], free of duplicate addresses, and within
    /// [`MAX_TOTAL_VOTING_POWER`]. An empty set is representable (tendermint-rs allows it as a
    /// chain's last next-validator set; its hash is `SHA256("")`) but no commit can pass a tally
    /// against it.
    pub fn new(validators: Vec<Validator>) -> Result<ValidatorSet, Error> {
        if validators.len() <= MAX_VALIDATORS && validators.iter().any(|v| v.address != v.pub_key.address()) {
            return Err(Error::ValidatorSetInvalid {
                reason: "a validator's address is not derived from its public key",
            });
        }
        ValidatorSet::from_derived(validators)
    }

    /// [`ValidatorSet::new`] for validators built by [`Validator::new`], whose addresses are
    /// derived already.
    pub(crate) fn from_derived(mut validators: Vec<Validator>) -> Result<ValidatorSet, Error> {
        let invalid = |reason| Error::ValidatorSetInvalid { reason };
        if validators.len() > MAX_VALIDATORS {
            return Err(invalid("more than 10000 validators"));
        }
        validators.sort_by(|a, b| b.voting_power.cmp(&a.voting_power).then(a.address.cmp(&b.address)));
        let mut total = 0u64;
        for v in &validators {
            total = total
                .checked_add(v.voting_power)
                .filter(|t| *t <= MAX_TOTAL_VOTING_POWER)
                .ok_or(invalid("total voting power exceeds MaxTotalVotingPower"))?;
        }
        // Cannot truncate: the count is at most MAX_VALIDATORS, below 2^16.
        let mut by_address: Vec<u16> = (0..validators.len() as u16).collect();
        by_address.sort_unstable_by_key(|&i| validators[usize::from(i)].address);
        let address = |i: u16| &validators[usize::from(i)].address;
        if by_address.windows(2).any(|w| address(w[0]) == address(w[1])) {
            return Err(invalid("duplicate validator address"));
        }
        Ok(ValidatorSet { validators, by_address, total_voting_power: total })
    }

    /// The validators in canonical order.
    pub fn validators(&self) -> &[Validator] {
        &self.validators
    }

    /// Sum of all voting power.
    pub fn total_voting_power(&self) -> u64 {
        self.total_voting_power
    }

    /// The validator with `address`, and its index.
    pub fn by_address(&self, address: &Address) -> Option<(usize, &Validator)> {
        let slot = self.by_address.binary_search_by(|&i| self.validators[usize::from(i)].address.cmp(address)).ok()?;
        let index = usize::from(self.by_address[slot]);
        Some((index, &self.validators[index]))
    }

    /// `validators_hash`: the RFC 6962 root over each validator's `hash_bytes`, in canonical order.
    pub fn hash(&self) -> Hash {
        let leaves: Vec<Hash> = self.validators.iter().map(|v| merkle::leaf_hash(&v.hash_bytes())).collect();
        merkle::root_from_leaf_hashes(&leaves)
    }
}
