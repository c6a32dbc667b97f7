//! Tallying the voting power behind a commit.
//!
//! Two tallies, as CometBFT's `VerifyCommitLight` and `VerifyCommitLightTrusting`:
//! - [`tally_own_set`]: against the block's own validator set, index-aligned, > 2/3 needed;
//! - [`tally_trusted_set`]: against an older trusted set, looked up by address, > trust level needed,
//!   a validator signing at two indices is an error.
//!
//! Only Commit-flag votes count; Absent and Nil entries are skipped. Each signature is verified at
//! most once across both tallies of a step ([`Checked`]), and ed25519 signatures are verified in
//! batches of a bounded size (the heap of a step does not grow with the commit beyond a few bytes
//! per vote).

use alloc::vec;
use alloc::vec::Vec;

use super::commit::{Commit, CommitSig};
use super::signature::{self, Ed25519Batch};
use super::validator::{PublicKey, Validator, ValidatorSet};
use crate::cometbft::Error;

/// How much of a commit to verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CountingMode {
    /// CometBFT's light client: stop once the threshold is passed.
    #[default]
    StopAtThreshold,
    /// Verify every Commit-flag signature, even past the threshold.
    VerifyAll,
}

/// A fraction of voting power, in `[1/3, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustThreshold {
    numerator: u64,
    denominator: u64,
}

impl TrustThreshold {
    /// One third: the default trust level of skipping verification.
    pub const ONE_THIRD: TrustThreshold = TrustThreshold { numerator: 1, denominator: 3 };
    /// Two thirds: what a commit needs from its own validator set.
    pub const TWO_THIRDS: TrustThreshold = TrustThreshold { numerator: 2, denominator: 3 };

    /// A threshold `numerator / denominator`; rejected outside `[1/3, 1]` (as
    /// `light.ValidateTrustLevel`).
    pub fn new(numerator: u64, denominator: u64) -> Result<TrustThreshold, Error> {
        if denominator == 0 || numerator > denominator || u128::from(numerator) * 3 < u128::from(denominator) {
            return Err(Error::OptionsInvalid { reason: "trust level must be within [1/3, 1]" });
        }
        Ok(TrustThreshold { numerator, denominator })
    }

    /// `(numerator, denominator)`.
    pub fn fraction(&self) -> (u64, u64) {
        (self.numerator, self.denominator)
    }

    /// Whether `tallied` is strictly more than this fraction of `total`.
    pub fn is_passed_by(&self, tallied: u64, total: u64) -> bool {
        u128::from(tallied) * u128::from(self.denominator) > u128::from(total) * u128::from(self.numerator)
    }
}

impl Default for TrustThreshold {
    fn default() -> Self {
        TrustThreshold::ONE_THIRD
    }
}

/// Signatures already verified in this step: `keys[i]` is the key that verified commit
/// signature `i`.
pub struct Checked<'a> {
    keys: Vec<Option<&'a PublicKey>>,
}

impl<'a> Checked<'a> {
    /// Nothing verified yet, for a commit of `len` signatures.
    pub fn new(len: usize) -> Checked<'a> {
        Checked { keys: vec![None; len] }
    }

    fn is_verified(&self, index: usize, key: &PublicKey) -> bool {
        self.keys.get(index).is_some_and(|k| *k == Some(key))
    }
}

/// The signature of the vote at `index` (empty for an absent one).
fn signature_of(commit: &Commit, index: usize) -> &[u8] {
    match &commit.signatures[index] {
        CommitSig::Commit { signature, .. } | CommitSig::Nil { signature, .. } => signature.as_slice(),
        CommitSig::Absent => &[],
    }
}

/// Verifies one signature of `commit` alone.
fn verify_one(chain_id: &str, commit: &Commit, index: usize, key: &PublicKey) -> bool {
    commit.vote_sign_bytes(chain_id, index).is_some_and(|msg| signature::verify(key, &msg, signature_of(commit, index)))
}

/// Verifies the signatures of `pending` (commit index, signer): ed25519 ones as one batch (whose
/// heap does not grow with its size), secp256k1 ones alone; when any fails, one by one in order to
/// name the first bad signature. The sign bytes are rebuilt for each check rather than kept.
fn verify_pending<'a>(
    chain_id: &str,
    pending: &[(usize, &'a Validator)],
    commit: &Commit,
    checked: &mut Checked<'a>,
) -> Result<(), Error> {
    let mut batch = Ed25519Batch::default();
    let mut ok = true;
    for (i, val) in pending {
        ok &= match &val.pub_key {
            PublicKey::Ed25519(pk) => {
                commit.vote_sign_bytes(chain_id, *i).is_some_and(|msg| batch.queue(*pk, &msg, signature_of(commit, *i)))
            }
            key @ PublicKey::Secp256k1(_) => verify_one(chain_id, commit, *i, key),
        };
    }
    if !(ok && batch.verify()) {
        if let Some((i, _)) = pending.iter().find(|(i, val)| !verify_one(chain_id, commit, *i, &val.pub_key)) {
            return Err(Error::SignatureInvalid { index: *i });
        }
    }
    for (i, val) in pending {
        checked.keys[*i] = Some(&val.pub_key);
    }
    Ok(())
}

/// A running tally of one commit against one threshold: counts Commit votes, queues their
/// signatures (unless already verified with the same key), and verifies the queue at the end.
struct Tally<'a> {
    chain_id: &'a str,
    commit: &'a Commit,
    threshold: TrustThreshold,
    total: u64,
    mode: CountingMode,
    tallied: u64,
    /// Votes counted whose signature is still to be verified: (commit index, signer).
    pending: Vec<(usize, &'a Validator)>,
}

impl<'a> Tally<'a> {
    fn new(chain_id: &'a str, commit: &'a Commit, threshold: TrustThreshold, total: u64, mode: CountingMode) -> Self {
        let pending = Vec::with_capacity(commit.signatures.len());
        Tally { chain_id, commit, threshold, total, mode, tallied: 0, pending }
    }

    /// Counts the vote at `index` by `val`; `Ok(true)` when counting may stop.
    fn add(&mut self, index: usize, val: &'a Validator, checked: &Checked) -> Result<bool, Error> {
        if !checked.is_verified(index, &val.pub_key) {
            if matches!(self.commit.signatures.get(index), None | Some(CommitSig::Absent)) {
                return Err(Error::CommitInvalid { reason: "an absent vote has no sign bytes" });
            }
            self.pending.push((index, val));
        }
        self.tallied += val.voting_power;
        Ok(self.mode == CountingMode::StopAtThreshold && self.threshold.is_passed_by(self.tallied, self.total))
    }

    /// Verifies the queued signatures, then whether the threshold is passed.
    fn finish(self, checked: &mut Checked<'a>, short: impl FnOnce(u64, u64) -> Error) -> Result<(), Error> {
        verify_pending(self.chain_id, &self.pending, self.commit, checked)?;
        if self.threshold.is_passed_by(self.tallied, self.total) {
            Ok(())
        } else {
            Err(short(self.tallied, self.total))
        }
    }
}

/// `VerifyCommitLight`: the commit's signers must hold more than 2/3 of `vals`, the block's own
/// validator set. Signatures are index-aligned with `vals`, and each signer must be the validator
/// at its index.
pub fn tally_own_set<'a>(
    chain_id: &'a str,
    vals: &'a ValidatorSet,
    commit: &'a Commit,
    mode: CountingMode,
    checked: &mut Checked<'a>,
) -> Result<(), Error> {
    if commit.signatures.len() != vals.validators().len() {
        return Err(Error::CommitInvalid { reason: "signature count differs from the validator count" });
    }
    let mut tally = Tally::new(chain_id, commit, TrustThreshold::TWO_THIRDS, vals.total_voting_power(), mode);
    for (i, (sig, val)) in commit.signatures.iter().zip(vals.validators()).enumerate() {
        let address = match sig {
            CommitSig::Commit { validator_address, .. } => validator_address,
            CommitSig::Nil { validator_address, .. } => {
                if *validator_address != val.address {
                    return Err(Error::CommitInvalid { reason: "a signer is not the validator at its index" });
                }
                continue;
            }
            CommitSig::Absent => continue,
        };
        if *address != val.address {
            return Err(Error::CommitInvalid { reason: "a signer is not the validator at its index" });
        }
        if tally.add(i, val, checked)? {
            break;
        }
    }
    tally.finish(checked, |tallied, total| Error::InsufficientVotingPower { tallied, total })
}

/// `VerifyCommitLightTrusting`: the commit's signers that are in `trusted` (looked up by
/// address) must hold more than `threshold` of `trusted`'s power. Signers unknown to `trusted`
/// are skipped; a validator signing twice is an error.
pub fn tally_trusted_set<'a>(
    chain_id: &'a str,
    trusted: &'a ValidatorSet,
    commit: &'a Commit,
    threshold: TrustThreshold,
    mode: CountingMode,
    checked: &mut Checked<'a>,
) -> Result<(), Error> {
    let mut tally = Tally::new(chain_id, commit, threshold, trusted.total_voting_power(), mode);
    let mut seen = vec![false; trusted.validators().len()];
    for (i, sig) in commit.signatures.iter().enumerate() {
        let CommitSig::Commit { validator_address, .. } = sig else { continue };
        let Some((index, val)) = trusted.by_address(validator_address) else { continue };
        if core::mem::replace(&mut seen[index], true) {
            return Err(Error::DoubleVote { index: i });
        }
        if tally.add(i, val, checked)? {
            break;
        }
    }
    tally.finish(checked, |tallied, total| Error::NotEnoughTrust { tallied, total })
}

#[cfg(test)]
mod tests;
