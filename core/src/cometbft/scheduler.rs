//! Reaching a target height from a trusted block: skipping verification with bisection
//! (forwards), hash chaining (backwards). The predicates live in [`super::verifier`]; this module
//! only decides which light block to verify against which.
//!
//! A [`Schedule`] does no I/O: it says which height it [needs](Schedule::needed) and is
//! [fed](Schedule::feed) the light block of that height, verifies it once, and moves on. Drivers
//! (a [`Provider`] loop here, the async JavaScript client, the C callback client) are thin loops
//! around it, so every binding fetches each block once and verifies each step once.

use alloc::vec::Vec;

use super::header::Header;
use super::verifier::{self, LightBlock, Options, Verdict};
use crate::cometbft::Error;
use crate::time::Timestamp;

/// A source of light blocks (an RPC client, a cache, a test fixture).
///
/// Blocks must carry `next_validators`, which skipping from them needs. Nothing a provider
/// returns is trusted: every block is verified before it is used.
pub trait Provider {
    /// The light block at `height`.
    fn light_block(&mut self, height: u64) -> Result<LightBlock, Error>;
}

/// Most light blocks a forward schedule may be fed: bisection needs about `log2(distance)`
/// fetches per validator-set turnover, so this bound is only hit by a provider that keeps
/// answering with blocks that cannot be trusted. A backward schedule needs one block per height
/// and is bounded by its distance, at most `64 × MAX_FETCHES` heights.
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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

/// A light-client schedule in progress: which height it needs next, and what it verified so far.
#[derive(Debug, Clone)]
pub struct Schedule {
    direction: Direction,
    target: u64,
    options: Options,
    now: Timestamp,
    trace: Trace,
    /// The height whose block is wanted next; `None` once the target is verified.
    next: Option<u64>,
    fed: usize,
}

#[derive(Debug, Clone)]
enum Direction {
    /// Skipping with bisection; `pending` holds blocks fed but not yet trusted, highest first.
    Forward { trusted: alloc::boxed::Box<LightBlock>, pending: Vec<LightBlock> },
    /// Hash chaining down from the verified header `above`.
    Backward { above: alloc::boxed::Box<Header> },
    /// The target was trusted from the start.
    Done,
}

impl Schedule {
    /// A forward schedule from `trusted` to `target` (> `trusted.height()`): skipping as far as
    /// trust allows and bisecting on `NotEnoughTrust` ([LCV-FUNC-SCHEDULE.1]): try the target;
    /// when it cannot be trusted yet, try the midpoint between the latest trusted height and the
    /// failed height; on success move the trusted block up and retry the failed heights, nearest
    /// first, up to the target. No height is asked for twice, and any `Invalid` verdict ends the
    /// schedule with its error.
    pub fn forward(trusted: LightBlock, target: u64, options: Options, now: Timestamp) -> Result<Schedule, Error> {
        if target <= trusted.height() {
            return Err(Error::Schedule { reason: "the target is not above the trusted height" });
        }
        let direction = Direction::Forward { trusted: alloc::boxed::Box::new(trusted), pending: Vec::new() };
        Ok(Schedule { direction, target, options, now, trace: Trace::default(), next: Some(target), fed: 0 })
    }

    /// A backward schedule from `trusted` down to `target` (< `trusted.height()`) by hash
    /// chaining: each header's hash must be the `last_block_id.hash` of the verified header
    /// above it, with the same chain ID and an earlier time. No signatures are involved; the
    /// trusted block must be within its trusting period. Needs every height in between.
    pub fn backward(trusted: &LightBlock, target: u64, options: Options, now: Timestamp) -> Result<Schedule, Error> {
        if target >= trusted.height() || target == 0 {
            return Err(Error::Schedule { reason: "the target is not below the trusted height" });
        }
        if !verifier::is_within_trust_period(&trusted.time(), options.trusting_period, now) {
            return Err(Error::TrustedExpired { trusted_time: trusted.time(), now });
        }
        if trusted.height() - target > MAX_FETCHES as u64 * 64 {
            return Err(Error::Schedule { reason: "the target is too far below the trusted height" });
        }
        let above = alloc::boxed::Box::new(trusted.signed_header.header.clone());
        let next = Some(above.height - 1);
        let direction = Direction::Backward { above };
        Ok(Schedule { direction, target, options, now, trace: Trace::default(), next, fed: 0 })
    }

    /// A schedule that is already done: `block` is trusted at the target.
    pub fn trusted(block: LightBlock) -> Schedule {
        let target = block.height();
        Schedule {
            direction: Direction::Done,
            target,
            options: Options::default(),
            now: Timestamp::UNIX_EPOCH,
            trace: Trace { verified: alloc::vec![block], path: Vec::new() },
            next: None,
            fed: 0,
        }
    }

    /// The height whose light block the schedule needs next, or `None` when the target is
    /// verified or the schedule failed.
    pub fn needed(&self) -> Option<u64> {
        self.next
    }

    /// The target height.
    pub fn target(&self) -> u64 {
        self.target
    }

    /// What is established so far.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Feeds the light block of height [`needed`](Self::needed), verifies it, and decides what
    /// is needed next. An error ends the schedule (it needs nothing more, and [`finish`](Self::finish)
    /// fails); nothing it verified before the error is lost from [`trace`](Self::trace).
    pub fn feed(&mut self, block: LightBlock) -> Result<(), Error> {
        let Some(height) = self.next else {
            return Err(Error::Schedule { reason: "the schedule needs no block: it reached its target or failed" });
        };
        if block.height() != height {
            self.next = None;
            return Err(Error::Provider { height, reason: "returned a block of another height".into() });
        }
        self.fed += 1;
        let result = match &mut self.direction {
            // Bisection needs about log2(distance) blocks per turnover: the cap only stops a
            // provider that keeps serving blocks that cannot be trusted.
            Direction::Forward { .. } if self.fed > MAX_FETCHES => {
                Err(Error::Schedule { reason: "too many light blocks fetched" })
            }
            Direction::Forward { trusted, pending } => {
                step_forward(trusted, pending, &mut self.trace, &self.options, self.now, self.target, block)
            }
            // One block per height, bounded when the schedule was made.
            Direction::Backward { above } => step_backward(above, &mut self.trace, self.target, block),
            Direction::Done => Err(Error::Schedule { reason: "the schedule needs no block" }),
        };
        match result {
            Ok(next) => {
                self.next = next;
                Ok(())
            }
            Err(e) => {
                self.next = None;
                Err(e)
            }
        }
    }

    /// The trace, once the target is verified.
    pub fn finish(self) -> Result<Trace, Error> {
        match (self.next, self.trace.verified.last()) {
            (None, Some(last)) if last.height() == self.target => Ok(self.trace),
            _ => Err(Error::Schedule { reason: "the schedule did not reach its target" }),
        }
    }
}

/// Verifies a forward `candidate`, then every pending block that has become the next candidate
/// (they were fed before: no block is asked for twice). Returns the height needed next.
fn step_forward(
    trusted: &LightBlock,
    pending: &mut Vec<LightBlock>,
    trace: &mut Trace,
    options: &Options,
    now: Timestamp,
    target: u64,
    mut candidate: LightBlock,
) -> Result<Option<u64>, Error> {
    loop {
        let height = candidate.height();
        let current = trace.verified.last().unwrap_or(trusted);
        let trusted_height = current.height();
        match Verdict::from(verifier::verify(&candidate, current, options, now)) {
            Verdict::Success => {
                trace.path.push(Step { height, trusted_height, outcome: StepOutcome::Verified });
                trace.verified.push(candidate);
                if height == target {
                    return Ok(None);
                }
                // Like CometBFT's pivot stack: the nearest block that failed before is the most
                // likely to be trusted now; the target comes last.
                match pending.pop() {
                    Some(block) => candidate = block,
                    None => return Ok(Some(target)),
                }
            }
            Verdict::NotEnoughTrust => {
                trace.path.push(Step { height, trusted_height, outcome: StepOutcome::NotEnoughTrust });
                let pivot = midpoint(trusted_height, height);
                if pivot >= height {
                    // Unreachable for an adjacent block (no trust check), kept as a guard.
                    return Err(Error::Schedule { reason: "no height left to bisect" });
                }
                if pending.len() == PENDING_CAP {
                    pending.remove(0);
                }
                // Bisection only descends, so `candidate` is the lowest pending block.
                pending.push(candidate);
                return Ok(Some(pivot));
            }
            Verdict::Invalid(e) => return Err(e),
        }
    }
}

/// Links `block` below the verified header `above` by hash. Returns the height needed next.
fn step_backward(above: &mut Header, trace: &mut Trace, target: u64, block: LightBlock) -> Result<Option<u64>, Error> {
    let header = &block.signed_header.header;
    // The whole block must be self-consistent (its validator sets hash to what the header says),
    // so once the header is linked, the block can be stored as trusted.
    block.validate_basic(&above.chain_id)?;
    if header.time >= above.time {
        return Err(Error::TimeNotIncreasing);
    }
    if header.hash().is_none_or(|h| h[..] != above.last_block_id.hash[..]) {
        return Err(Error::LastBlockIdMismatch);
    }
    trace.path.push(Step { height: header.height, trusted_height: above.height, outcome: StepOutcome::HashLinked });
    *above = header.clone();
    let next = (header.height > target).then(|| header.height - 1);
    trace.verified.push(block);
    Ok(next)
}

/// Runs `schedule` to its end, fetching what it needs from `provider`.
pub fn drive<P: Provider + ?Sized>(provider: &mut P, mut schedule: Schedule) -> Result<Trace, Error> {
    while let Some(height) = schedule.needed() {
        let block = provider.light_block(height)?;
        schedule.feed(block)?;
    }
    schedule.finish()
}

/// [`Schedule::forward`] driven by `provider`.
pub fn verify_to_height<P: Provider + ?Sized>(
    provider: &mut P,
    trusted: &LightBlock,
    target: u64,
    options: &Options,
    now: Timestamp,
) -> Result<Trace, Error> {
    drive(provider, Schedule::forward(trusted.clone(), target, *options, now)?)
}

/// [`Schedule::backward`] driven by `provider`.
pub fn verify_backwards<P: Provider + ?Sized>(
    provider: &mut P,
    trusted: &LightBlock,
    target: u64,
    options: &Options,
    now: Timestamp,
) -> Result<Trace, Error> {
    drive(provider, Schedule::backward(trusted, target, *options, now)?)
}
