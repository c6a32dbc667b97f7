//! Reaching a target height from a trusted block: skipping verification with bisection
//! (forwards), hash chaining (backwards). The predicates live in [`super::verifier`]; this module
//! only decides which light block to verify against which, and fetches them through a
//! [`Provider`] the caller implements.

use alloc::vec::Vec;

use super::verifier::{self, LightBlock, Options, Verdict};
use crate::time::Timestamp;
use crate::Error;

/// A source of light blocks (an RPC client, a cache, a test fixture).
///
/// Blocks must carry `next_validators`, which skipping from them needs. Nothing a provider
/// returns is trusted: every block is verified before it is used.
pub trait Provider {
    /// The light block at `height`.
    fn light_block(&mut self, height: u64) -> Result<LightBlock, Error>;
}

/// Most light blocks one [`verify_to_height`] call may fetch: bisection needs about
/// `log2(distance)` fetches per validator-set turnover, so this bound is only hit by a provider
/// that keeps answering with blocks that cannot be trusted.
pub const MAX_FETCHES: usize = 512;
/// Fetched-but-unverified blocks kept to avoid fetching the target again after each pivot.
const PENDING_CAP: usize = 64;

/// How one height on the path was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    /// Verified against the trusted block of the time (adjacent or skipping).
    Verified,
    /// Too little trusted power signed it: a pivot below it was tried next.
    NotEnoughTrust,
    /// Backwards: its hash is the `last_block_id` of the verified block above it.
    HashLinked,
}

/// One attempt of a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The height tried.
    pub height: u64,
    /// Against which trusted height it was tried.
    pub trusted_height: u64,
    /// What happened.
    pub outcome: StepOutcome,
}

/// What a schedule established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    /// The newly trusted light blocks, in the order they became trusted; the last one is the
    /// target.
    pub verified: Vec<LightBlock>,
    /// Every attempt, in order.
    pub path: Vec<Step>,
}

/// `low + (high + 1 − low) / 2`: the pivot tendermint-rs's bisection uses.
fn midpoint(low: u64, high: u64) -> u64 {
    low + (high + 1 - low) / 2
}

/// Verifies forward from `trusted` to `target` (> `trusted.height()`), skipping as far as trust
/// allows and bisecting on `NotEnoughTrust` ([LCV-FUNC-SCHEDULE.1]): try the target; when it
/// cannot be trusted yet, try the midpoint between the latest trusted height and the failed
/// height; on success move the trusted block up and retry the failed heights, nearest first,
/// up to the target. No block is fetched twice. Any `Invalid` verdict ends the schedule with its
/// error.
pub fn verify_to_height<P: Provider + ?Sized>(
    provider: &mut P,
    trusted: &LightBlock,
    target: u64,
    options: &Options,
    now: Timestamp,
) -> Result<Trace, Error> {
    if target <= trusted.height() {
        return Err(Error::CometSchedule { reason: "the target is not above the trusted height" });
    }
    let mut trace = Trace { verified: Vec::new(), path: Vec::new() };
    // Fetched blocks not yet trusted, highest first.
    let mut pending: Vec<LightBlock> = Vec::new();
    let mut fetches = 0;
    let mut next = target;
    loop {
        let candidate = match pending.iter().position(|b| b.height() == next) {
            Some(i) => pending.remove(i),
            None => {
                fetches += 1;
                if fetches > MAX_FETCHES {
                    return Err(Error::CometSchedule { reason: "too many light blocks fetched" });
                }
                let block = provider.light_block(next)?;
                if block.height() != next {
                    return Err(Error::CometProvider {
                        height: next,
                        reason: "returned a block of another height".into(),
                    });
                }
                block
            }
        };
        let current = trace.verified.last().unwrap_or(trusted);
        let trusted_height = current.height();
        match Verdict::from(verifier::verify(&candidate, current, options, now)) {
            Verdict::Success => {
                trace.path.push(Step { height: next, trusted_height, outcome: StepOutcome::Verified });
                trace.verified.push(candidate);
                if next == target {
                    return Ok(trace);
                }
                // Like CometBFT's pivot stack: the nearest block that failed before is the most
                // likely to be trusted now; the target comes last.
                next = pending.last().map_or(target, LightBlock::height);
            }
            Verdict::NotEnoughTrust => {
                trace.path.push(Step { height: next, trusted_height, outcome: StepOutcome::NotEnoughTrust });
                let pivot = midpoint(trusted_height, next);
                if pivot >= next {
                    // Unreachable for an adjacent block (no trust check), kept as a guard.
                    return Err(Error::CometSchedule { reason: "no height left to bisect" });
                }
                if pending.len() == PENDING_CAP {
                    pending.remove(0);
                }
                pending.push(candidate);
                pending.sort_by_key(|b| core::cmp::Reverse(b.height()));
                next = pivot;
            }
            Verdict::Invalid(e) => return Err(e),
        }
    }
}

/// Verifies backwards from `trusted` down to `target` (< `trusted.height()`) by hash chaining:
/// each header's hash must be the `last_block_id.hash` of the verified header above it, with the
/// same chain ID and an earlier time. No signatures are involved; the trusted block must be
/// within its trusting period. Costs one fetch per height.
pub fn verify_backwards<P: Provider + ?Sized>(
    provider: &mut P,
    trusted: &LightBlock,
    target: u64,
    options: &Options,
    now: Timestamp,
) -> Result<Trace, Error> {
    if target >= trusted.height() || target == 0 {
        return Err(Error::CometSchedule { reason: "the target is not below the trusted height" });
    }
    if !verifier::is_within_trust_period(&trusted.time(), options.trusting_period, now) {
        return Err(Error::CometTrustedExpired {
            trusted_time: alloc::string::ToString::to_string(&trusted.time()),
            now: alloc::string::ToString::to_string(&now),
        });
    }
    if trusted.height() - target > MAX_FETCHES as u64 * 64 {
        return Err(Error::CometSchedule { reason: "the target is too far below the trusted height" });
    }
    let mut trace = Trace { verified: Vec::new(), path: Vec::new() };
    let mut above = trusted.signed_header.header.clone();
    for height in (target..trusted.height()).rev() {
        let block = provider.light_block(height)?;
        let header = &block.signed_header.header;
        // The whole block must be self-consistent (its validator sets hash to what the header
        // says), so once the header is linked, the block can be stored as trusted.
        block.validate_basic(&above.chain_id)?;
        if header.height != height {
            return Err(Error::CometProvider { height, reason: "returned a block of another height".into() });
        }
        if header.time >= above.time {
            return Err(Error::CometTimeNotIncreasing);
        }
        if header.hash().map(|h| h.to_vec()) != Some(above.last_block_id.hash.clone()) {
            return Err(Error::CometLastBlockIdMismatch);
        }
        trace.path.push(Step { height, trusted_height: above.height, outcome: StepOutcome::HashLinked });
        above = header.clone();
        trace.verified.push(block);
    }
    Ok(trace)
}
