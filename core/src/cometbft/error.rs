//! The errors of the `cometbft` capability: one row per error (see `crate::error` for the layout).

use crate::error::error_table;
use crate::time::Timestamp;
use alloc::string::String;

error_table! {
    /// Why a CometBFT light block, commit or inclusion proof was rejected.
    pub enum Error {
        /// JSON (or another encoding) that does not decode to the expected shape.
        Decode {
            /// Which field.
            field: String,
            /// Why, in a few words.
            reason: String,
        }
            = 201, "cometbft.decode", Malformed, ("{field}: {reason}");
        /// A header field breaks CometBFT's `ValidateBasic` rules.
        HeaderInvalid {
            /// Which field.
            field: &'static str,
            /// Why, in a few words.
            reason: &'static str,
        }
            = 202, "cometbft.header.invalid", Malformed, ("header {field}: {reason}");
        /// A commit breaks CometBFT's `ValidateBasic` rules.
        CommitInvalid {
            /// Why, in a few words.
            reason: &'static str,
        }
            = 203, "cometbft.commit.invalid", Malformed, ("commit: {reason}");
        /// A validator set breaks a structural rule (duplicate address, power bounds, size cap).
        ///
        /// An empty set is not one: it hashes to the empty root, so it fails the header's hash check.
        ValidatorSetInvalid {
            /// Why, in a few words.
            reason: &'static str,
        }
            = 204, "cometbft.validators.invalid", Malformed, ("validator set: {reason}");
        /// A public key type lightcheck cannot verify (a vote is never skipped silently).
        UnsupportedKey {
            /// The key type as the input names it.
            key_type: String,
        }
            = 205, "cometbft.key.unsupported", Malformed, ("validator public key: type {key_type} is not supported, so its vote cannot be verified");
        /// Trust options out of range (trust level outside [1/3, 1], zero trusting period).
        OptionsInvalid {
            /// Why, in a few words.
            reason: &'static str,
        }
            = 206, "cometbft.options.invalid", Malformed, ("trust options: {reason}");
        /// The header belongs to another chain.
        ChainIdMismatch {
            /// The trusted chain ID.
            expected: String,
            /// The header's chain ID.
            found: String,
        }
            = 207, "cometbft.header.chain_id", InvalidChain, ("header chain_id: {found:?}, expected {expected:?}");
        /// `header.hash() != commit.block_id.hash`.
        HeaderHashMismatch
            = 208, "cometbft.header.hash_mismatch", Forged, ("commit block_id.hash: differs from the header's hash");
        /// `validators_hash` (or `next_validators_hash`) does not match the given validator set.
        ValidatorsHashMismatch {
            /// `validators` or `next_validators`.
            which: &'static str,
        }
            = 209, "cometbft.validators.hash_mismatch", Forged, ("header {which}_hash: differs from the hash of the given validator set");
        /// Adjacent step: `untrusted.validators_hash != trusted.next_validators_hash`.
        NextValidatorsMismatch
            = 210, "cometbft.validators.next_mismatch", InvalidChain, ("header validators_hash: differs from the trusted header's next_validators_hash");
        /// Adjacent step: `untrusted.last_block_id.hash != trusted.hash()`.
        LastBlockIdMismatch
            = 211, "cometbft.header.last_block_id", InvalidChain, ("header last_block_id.hash: differs from the trusted header's hash");
        /// The trusted header is outside the trusting period at `now`.
        TrustedExpired {
            /// The trusted header's time.
            trusted_time: Timestamp,
            /// The verification time.
            now: Timestamp,
        }
            = 212, "cometbft.trust.expired", Expired, ("trusted header from {trusted_time} is outside the trusting period at {now}");
        /// The untrusted header is not above the trusted one.
        HeightNotIncreasing {
            /// The trusted height.
            trusted: u64,
            /// The untrusted height.
            untrusted: u64,
        }
            = 213, "cometbft.header.height_not_increasing", InvalidChain, ("header height: {untrusted} is not above the trusted height {trusted}");
        /// The untrusted header's time is not after the trusted one's.
        TimeNotIncreasing
            = 214, "cometbft.header.time_not_increasing", InvalidChain, ("header time: not after the trusted header's time");
        /// The untrusted header's time is at or beyond `now + max_clock_drift`.
        HeaderFromFuture {
            /// The untrusted header's time.
            header_time: Timestamp,
            /// The verification time.
            now: Timestamp,
        }
            = 215, "cometbft.header.from_future", Expired, ("header time: {header_time} is not before now ({now}) plus the allowed clock drift");
        /// Non-adjacent step: signers hold no more than the trust level of the trusted validators.
        NotEnoughTrust {
            /// Voting power of the counted signers.
            tallied: u64,
            /// Total voting power of the set.
            total: u64,
        }
            = 216, "cometbft.trust.not_enough", Untrusted, ("commit: signers hold {tallied} of the trusted validators' {total} voting power, not more than the trust level");
        /// Signers hold no more than 2/3 of the block's validators' power.
        InsufficientVotingPower {
            /// Voting power of the counted signers.
            tallied: u64,
            /// Total voting power of the set.
            total: u64,
        }
            = 217, "cometbft.commit.insufficient_power", Untrusted, ("commit: signers hold {tallied} of {total} voting power, not more than 2/3");
        /// A commit signature does not verify.
        SignatureInvalid {
            /// Index of the signature in the commit.
            index: usize,
        }
            = 218, "cometbft.commit.bad_signature", Forged, ("commit signatures[{index}]: does not verify");
        /// One validator signed at two positions of a commit.
        DoubleVote {
            /// Index of the second signature.
            index: usize,
        }
            = 219, "cometbft.commit.double_vote", InvalidChain, ("commit signatures[{index}]: a validator that already signed at another index");
        /// A light-client schedule could not reach the target.
        Schedule {
            /// Why, in a few words.
            reason: &'static str,
        }
            = 220, "cometbft.schedule", InvalidChain, ("light client: {reason}");
        /// A provider failed to supply a light block.
        Provider {
            /// The height asked for.
            height: u64,
            /// Why, in a few words.
            reason: String,
        }
            = 221, "cometbft.provider", InvalidChain, ("provider at height {height}: {reason}");
        /// An inclusion proof is structurally invalid or does not verify.
        ProofInvalid {
            /// Which proof (`tx`, `tx result`, `ICS23`, …).
            proof: &'static str,
            /// Why, in a few words.
            reason: &'static str,
        }
            = 222, "cometbft.proof.invalid", Malformed, ("{proof} proof: {reason}");
        /// An inclusion proof verifies to a root other than the verified header's.
        ProofRootMismatch {
            /// Which proof (`tx`, `tx result`, `ICS23`, …).
            proof: &'static str,
        }
            = 223, "cometbft.proof.root_mismatch", Forged, ("{proof} proof: root differs from the verified header's");
        /// No witness confirmed the verified header, so the update is not trusted.
        ///
        /// CometBFT calls this "failed header cross-referencing".
        NotConfirmed {
            /// The height no witness confirmed.
            height: u64,
        }
            = 224, "cometbft.witness.not_confirmed", Untrusted, ("no witness confirmed the header at height {height}: every witness was down, behind or dropped");
        /// Two providers served conflicting blocks that both verify: a light-client attack.
        LightClientAttack {
            /// The height where the chains part.
            height: u64,
            /// The witness whose chain conflicts with the primary's.
            witness: usize,
        }
            = 225, "cometbft.attack", Forged, ("light-client attack: the primary and witness {witness} serve conflicting verified blocks at height {height}");
        /// A light client was asked to run without any witness.
        NoWitnesses
            = 226, "cometbft.witness.none", Malformed, ("no witnesses: a light client needs at least one to cross-check the primary");
        /// The block at the trusted height does not hash to the hash the user trusts.
        TrustRootMismatch {
            /// The trusted height.
            height: u64,
        }
            = 227, "cometbft.trust.root_mismatch", Forged, ("trust root: the block at height {height} does not hash to the trusted hash");
    }
}

impl From<crate::codec::DecodeError> for Error {
    fn from(e: crate::codec::DecodeError) -> Self {
        Error::Decode { field: e.field.into(), reason: e.reason.into() }
    }
}
