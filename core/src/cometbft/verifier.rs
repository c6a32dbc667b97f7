//! The light-client predicates: whether an untrusted light block may be trusted given a trusted
//! one, `now` and the trust options. No I/O and no scheduling here.

use core::time::Duration;

use super::commit::{CommitSig, SignedHeader};
use super::validator::ValidatorSet;
use super::voting::{self, Checked, CountingMode, TrustThreshold};
use crate::cometbft::Error;
use crate::time::Timestamp;

/// A signed header with the validator sets that go with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LightBlock {
    /// Header and commit.
    pub signed_header: SignedHeader,
    /// The validators at this height (they signed the commit).
    pub validators: ValidatorSet,
    /// The validators at the next height, when known. A trusted block needs them for skipping.
    pub next_validators: Option<ValidatorSet>,
}

impl LightBlock {
    /// Height of the block.
    pub fn height(&self) -> u64 {
        self.signed_header.header.height
    }

    /// BFT time of the block.
    pub fn time(&self) -> Timestamp {
        self.signed_header.header.time
    }

    /// Checks what a light block claims about itself: the header is well-formed, the commit is
    /// for this header, and the given validator sets hash to the header's `validators_hash` and
    /// `next_validators_hash`.
    pub fn validate_basic(&self, chain_id: &str) -> Result<(), Error> {
        self.signed_header.validate_basic(chain_id)?;
        let header = &self.signed_header.header;
        if header.validators_hash[..] != self.validators.hash()[..] {
            return Err(Error::ValidatorsHashMismatch { which: "validators" });
        }
        if let Some(next) = &self.next_validators {
            // A set equal to `validators` under an equal hash was just hashed: compare, not rehash.
            let same = header.next_validators_hash == header.validators_hash && *next == self.validators;
            if !same && header.next_validators_hash[..] != next.hash()[..] {
                return Err(Error::ValidatorsHashMismatch { which: "next_validators" });
            }
        }
        Ok(())
    }
}

/// Trust options and how much to verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Trust level for skipping (default 1/3).
    pub trust_threshold: TrustThreshold,
    /// How long a trusted header stays trusted (must be below the unbonding period).
    pub trusting_period: Duration,
    /// How far ahead of `now` a header's time may be.
    pub clock_drift: Duration,
    /// Stop counting at the threshold, or verify every signature.
    pub counting: CountingMode,
}

/// The trusting period every binding uses unless told otherwise: 14 days (two thirds of the
/// common 21-day unbonding period).
pub const DEFAULT_TRUSTING_PERIOD: Duration = Duration::from_secs(14 * 24 * 3600);
/// CometBFT's default clock drift: 10 s.
pub const DEFAULT_CLOCK_DRIFT: Duration = Duration::from_secs(10);

impl Options {
    /// Options with CometBFT's defaults (trust 1/3, clock drift [`DEFAULT_CLOCK_DRIFT`], counting
    /// stops at the threshold) and the given trusting period.
    pub fn new(trusting_period: Duration) -> Options {
        Options {
            trust_threshold: TrustThreshold::ONE_THIRD,
            trusting_period,
            clock_drift: DEFAULT_CLOCK_DRIFT,
            counting: CountingMode::StopAtThreshold,
        }
    }
}

impl Default for Options {
    /// [`Options::new`] with [`DEFAULT_TRUSTING_PERIOD`].
    fn default() -> Options {
        Options::new(DEFAULT_TRUSTING_PERIOD)
    }
}

/// The outcome of one verification step, as the light-client specification names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The untrusted block is now trusted.
    Success,
    /// Too little of the trusted validators' power signed: bisect (not a rejection).
    NotEnoughTrust,
    /// The block is rejected.
    Invalid(Error),
}

impl From<Result<(), Error>> for Verdict {
    fn from(r: Result<(), Error>) -> Verdict {
        match r {
            Ok(()) => Verdict::Success,
            Err(Error::NotEnoughTrust { .. }) => Verdict::NotEnoughTrust,
            Err(e) => Verdict::Invalid(e),
        }
    }
}

fn add(t: Timestamp, d: Duration) -> i128 {
    t.unix_nanos().saturating_add(d.as_nanos().min(i128::MAX as u128) as i128)
}

/// Whether the trusted header is still within the trusting period at `now`
/// (`trusted.time + trusting_period > now`, strict).
pub fn is_within_trust_period(trusted: &Timestamp, trusting_period: Duration, now: Timestamp) -> bool {
    add(*trusted, trusting_period) > now.unix_nanos()
}

/// Verifies `untrusted` against `trusted` at `now`: adjacent (height + 1, validator hand-over by
/// `next_validators_hash`, > 2/3 of the new set) or skipping (> trust level of the trusted
/// block's next validators, then > 2/3 of the new set). `Err(CometNotEnoughTrust)` means "bisect".
///
/// Check order: trusting period; the untrusted block's own consistency (header, commit, hashes,
/// chain ID); height and time monotonicity; clock drift; validator hand-over; voting power last,
/// because it is the expensive part an attacker could inflate.
pub fn verify(untrusted: &LightBlock, trusted: &LightBlock, options: &Options, now: Timestamp) -> Result<(), Error> {
    let trusted_header = &trusted.signed_header.header;
    let header = &untrusted.signed_header.header;
    let commit = &untrusted.signed_header.commit;
    if options.trusting_period.is_zero() {
        // Nothing could ever be trusted: a misconfiguration, not an expired header.
        return Err(Error::OptionsInvalid { reason: "the trusting period must be positive" });
    }
    // The trusted block must at least be well formed (as Go's light client requires of a block
    // before it first trusts it): a corrupted trusted state is refused, not built upon.
    trusted.signed_header.validate_basic(&trusted_header.chain_id)?;
    if !is_within_trust_period(&trusted_header.time, options.trusting_period, now) {
        return Err(Error::TrustedExpired { trusted_time: trusted_header.time, now });
    }
    untrusted.validate_basic(&trusted_header.chain_id)?;
    check_commit_shape(untrusted)?;
    if header.height <= trusted_header.height {
        return Err(Error::HeightNotIncreasing { trusted: trusted_header.height, untrusted: header.height });
    }
    if header.time <= trusted_header.time {
        return Err(Error::TimeNotIncreasing);
    }
    if add(header.time, Duration::ZERO) >= add(now, options.clock_drift) {
        return Err(Error::HeaderFromFuture { header_time: header.time, now });
    }
    let chain_id = header.chain_id.as_str();
    let mut checked = Checked::new(commit.signatures.len());
    if header.height == trusted_header.height + 1 {
        if header.validators_hash != trusted_header.next_validators_hash {
            return Err(Error::NextValidatorsMismatch);
        }
    } else {
        let trusted_next = trusted
            .next_validators
            .as_ref()
            .ok_or(Error::Schedule { reason: "the trusted block lacks its next validator set, needed to skip" })?;
        if trusted_header.next_validators_hash[..] != trusted_next.hash()[..] {
            return Err(Error::ValidatorsHashMismatch { which: "next_validators" });
        }
        voting::tally_trusted_set(
            chain_id,
            trusted_next,
            commit,
            options.trust_threshold,
            options.counting,
            &mut checked,
        )?;
    }
    voting::tally_own_set(chain_id, &untrusted.validators, commit, options.counting, &mut checked)
}

/// Verifies one commit against its own validator set, with no trusted state: the light block's
/// self-consistency ([`LightBlock::validate_basic`] with `next_validators` unchecked) and more than
/// 2/3 of `validators`' power signing. This is what `/commit` + `/validators` of one height prove
/// on their own: that this validator set finalised this header, not that the set is the chain's.
pub fn verify_commit(
    signed_header: &SignedHeader,
    validators: &ValidatorSet,
    counting: CountingMode,
) -> Result<(), Error> {
    let block =
        LightBlock { signed_header: signed_header.clone(), validators: validators.clone(), next_validators: None };
    block.validate_basic(&signed_header.header.chain_id)?;
    check_commit_shape(&block)?;
    let commit = &signed_header.commit;
    let mut checked = Checked::new(commit.signatures.len());
    voting::tally_own_set(&signed_header.header.chain_id, validators, commit, counting, &mut checked)
}

/// The commit has one entry per validator, at least one of them a vote, and every voter is the
/// validator at its index; a voter that already voted at another index is a double vote.
fn check_commit_shape(block: &LightBlock) -> Result<(), Error> {
    let commit = &block.signed_header.commit;
    let vals = block.validators.validators();
    if commit.signatures.len() != vals.len() {
        return Err(Error::CommitInvalid { reason: "signature count differs from the validator count" });
    }
    let mut any_vote = false;
    for (i, (sig, val)) in commit.signatures.iter().zip(vals).enumerate() {
        if let CommitSig::Commit { validator_address, .. } | CommitSig::Nil { validator_address, .. } = sig {
            any_vote = true;
            if *validator_address != val.address {
                let voted_before = commit.signatures[..i].iter().any(|s| match s {
                    CommitSig::Commit { validator_address: a, .. } | CommitSig::Nil { validator_address: a, .. } => {
                        a == validator_address
                    }
                    CommitSig::Absent => false,
                });
                return Err(if voted_before {
                    Error::DoubleVote { index: i }
                } else {
                    Error::CommitInvalid { reason: "a signer is not the validator at its index" }
                });
            }
        }
    }
    if !any_vote {
        return Err(Error::CommitInvalid { reason: "no votes" });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
