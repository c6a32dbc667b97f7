//! Finding where two chains part: CometBFT's `examineConflictingHeaderAgainstTrace`, I/O-free.
//!
//! Given a verified trace (root first) and a conflicting block from another source, walk the
//! trace's heights; at each, take the source's block of that height and verify it (skipping,
//! bisecting with the source's blocks) from the source's previous verified block. The first
//! height where the source's verified block differs from the trace is the bifurcation point.
//! The source's own trace from the last agreed block to there is what evidence is built from.

use alloc::vec::Vec;

use super::super::scheduler::Schedule;
use super::super::verifier::{LightBlock, Options};
use crate::cometbft::Error;
use crate::time::Timestamp;

/// Where the chains part.
#[derive(Debug, Clone)]
pub(crate) struct Bifurcation {
    /// The source's verified blocks: the last block both agree on first, the source's block at
    /// the bifurcation height last.
    pub source_trace: Vec<LightBlock>,
    /// The trace's block at the bifurcation height (or the first trace block above a
    /// conflicting block that is lower than the trace's end: a forward lunatic attack).
    pub diverged: LightBlock,
}

/// An examination in progress.
#[derive(Debug, Clone)]
pub(crate) struct Examination {
    trace: Vec<LightBlock>,
    target: LightBlock,
    options: Options,
    now: Timestamp,
    /// Index in `trace` of the block being matched.
    index: usize,
    /// The source's last verified block (matching the trace so far).
    previous: Option<LightBlock>,
    /// Verifying the source's block at the current trace height from `previous`.
    schedule: Option<Schedule>,
    /// The height last asked for.
    waiting: Option<u64>,
}

/// What an examination wants next.
pub(crate) enum Next {
    /// The source's block at this height.
    Block(u64),
    /// Found.
    Done(alloc::boxed::Box<Bifurcation>),
}

/// Why the source's chain could not be examined (its blocks do not verify, or do not match the
/// trace's root): the source is at fault, not the trace.
pub(crate) type Failure = Error;

impl Examination {
    /// Examines `target` (a block from the source) against `trace` (verified, root first).
    pub fn new(trace: Vec<LightBlock>, target: LightBlock, options: Options, now: Timestamp) -> Result<Self, Failure> {
        let root_height = trace.first().map(LightBlock::height).ok_or(Error::Schedule { reason: "empty trace" })?;
        if target.height() < root_height {
            return Err(Error::Schedule { reason: "the conflicting block is below the trusted height" });
        }
        Ok(Examination { trace, target, options, now, index: 0, previous: None, schedule: None, waiting: None })
    }

    /// Starts (or resumes after a verified match) at the current trace index.
    pub fn start(&mut self) -> Result<Next, Failure> {
        let next = self.advance();
        self.remember(next)
    }

    /// Feeds the source's block for the height last asked for.
    pub fn feed(&mut self, block: LightBlock) -> Result<Next, Failure> {
        if self.waiting.take() != Some(block.height()) {
            return Err(Error::Provider {
                height: block.height(),
                reason: "returned a block of another height".into(),
            });
        }
        let next = self.step(block);
        self.remember(next)
    }

    /// The height the examination waits for, if any.
    pub fn pending(&self) -> Option<u64> {
        self.waiting
    }

    fn remember(&mut self, next: Result<Next, Failure>) -> Result<Next, Failure> {
        self.waiting = match &next {
            Ok(Next::Block(height)) => Some(*height),
            _ => None,
        };
        next
    }

    fn step(&mut self, block: LightBlock) -> Result<Next, Failure> {
        match &mut self.schedule {
            Some(schedule) => {
                schedule.feed(block)?;
                self.after_schedule_step()
            }
            None => self.match_block(block),
        }
    }

    fn after_schedule_step(&mut self) -> Result<Next, Failure> {
        let schedule = self.schedule.as_ref().ok_or(Error::Schedule { reason: "no schedule" })?;
        if let Some(height) = schedule.needed() {
            return Ok(Next::Block(height));
        }
        let schedule = self.schedule.take().ok_or(Error::Schedule { reason: "no schedule" })?;
        let previous = self.previous.take().ok_or(Error::Schedule { reason: "no previous block" })?;
        let trace = schedule.finish()?;
        let mut source_trace = Vec::with_capacity(trace.verified.len() + 1);
        source_trace.push(previous);
        source_trace.extend(trace.verified);
        let source_block = source_trace.last().cloned().ok_or(Error::Schedule { reason: "empty source trace" })?;
        let trace_block = &self.trace[self.index];
        // Parted here. This also covers the forward-lunatic case (the gap up to the conflicting
        // block, lower than this trace block, is now verified): blocks of different heights
        // never share a hash.
        if source_block.signed_header.header.hash() != trace_block.signed_header.header.hash() {
            return Ok(Next::Done(alloc::boxed::Box::new(Bifurcation { source_trace, diverged: trace_block.clone() })));
        }
        self.previous = Some(source_block);
        self.index += 1;
        self.advance()
    }

    /// Decides what the trace block at `index` needs.
    fn advance(&mut self) -> Result<Next, Failure> {
        let Some(trace_block) = self.trace.get(self.index) else {
            // Both chains agree along the whole trace: one of the providers is faulty.
            return Err(Error::Schedule { reason: "no bifurcation point found along the trace" });
        };
        let target_height = self.target.height();
        if trace_block.height() > target_height {
            // A conflicting block below the trace's end: the first trace block above it is the
            // divergent one. Verified time only increases, so it cannot be later than the target.
            if trace_block.time() > self.target.time() {
                return Err(Error::Schedule {
                    reason: "a trace block above the conflicting block has a later time than it",
                });
            }
            let previous = self.previous.clone().ok_or(Error::Schedule { reason: "no previous block" })?;
            if previous.height() == target_height {
                let diverged = trace_block.clone();
                return Ok(Next::Done(alloc::boxed::Box::new(Bifurcation {
                    source_trace: alloc::vec![previous],
                    diverged,
                })));
            }
            return self.verify_from_previous(self.target.clone());
        }
        if trace_block.height() == target_height {
            return self.match_block(self.target.clone());
        }
        Ok(Next::Block(trace_block.height()))
    }

    /// The source's block at the current trace height is in: match it.
    fn match_block(&mut self, source_block: LightBlock) -> Result<Next, Failure> {
        let trace_block = &self.trace[self.index];
        if source_block.height() != trace_block.height() {
            return Err(Error::Provider {
                height: trace_block.height(),
                reason: "returned a block of another height".into(),
            });
        }
        if self.index == 0 {
            if source_block.signed_header.header.hash() != trace_block.signed_header.header.hash() {
                return Err(Error::Schedule {
                    reason: "the source's block at the trusted height differs from the trusted one",
                });
            }
            self.previous = Some(source_block);
            self.index = 1;
            return self.advance();
        }
        self.verify_from_previous(source_block)
    }

    /// Verifies `source_block` from `previous` with the source's blocks (skipping, bisecting).
    fn verify_from_previous(&mut self, source_block: LightBlock) -> Result<Next, Failure> {
        let previous = self.previous.clone().ok_or(Error::Schedule { reason: "no previous block" })?;
        let mut schedule = Schedule::forward(previous, source_block.height(), self.options, self.now)?;
        schedule.feed(source_block)?;
        self.schedule = Some(schedule);
        self.after_schedule_step()
    }
}
