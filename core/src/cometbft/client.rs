//! A light client: a [`TrustedStore`] plus options, reaching any height through a [`Schedule`]
//! (fed by any driver) or a [`Provider`].

use super::scheduler::{self, Provider, Schedule, Trace};
use super::store::TrustedStore;
use super::verifier::{LightBlock, Options};
use crate::cometbft::Error;
use crate::time::Timestamp;

/// Trusted state and options; verified blocks are remembered (up to `N`).
#[derive(Debug, Clone)]
pub struct LightClient<const N: usize> {
    /// The trusted blocks.
    pub store: TrustedStore<N>,
    /// Trust options.
    pub options: Options,
}

impl<const N: usize> LightClient<N> {
    /// A client that trusts `root` (obtained out of band: a height and hash the user trusts).
    pub fn new(root: LightBlock, options: Options) -> Self {
        let mut store = TrustedStore::new();
        store.insert(root);
        LightClient { store, options }
    }

    /// A client that trusts every block of `blocks` (a restored trusted state): at least one,
    /// at most `N`.
    pub fn from_trusted(blocks: &[LightBlock], options: Options) -> Result<Self, Error> {
        if blocks.is_empty() || blocks.len() > N {
            return Err(Error::Schedule { reason: "a trusted state needs 1..=N blocks" });
        }
        let mut store = TrustedStore::new();
        for block in blocks {
            store.insert(block.clone());
        }
        Ok(LightClient { store, options })
    }

    /// The schedule that reaches `target`: forwards from the highest trusted block at or below
    /// it (skipping with bisection), or backwards from the lowest trusted block above it (hash
    /// chaining). A height already trusted gives a schedule that needs nothing. Feed it the
    /// blocks it [needs](Schedule::needed), then [`apply`](Self::apply) its trace.
    pub fn schedule(&self, target: u64, now: Timestamp) -> Result<Schedule, Error> {
        if let Some(block) = self.store.get(target) {
            return Ok(Schedule::trusted(block.clone()));
        }
        match self.store.highest_at_or_below(target) {
            Some(start) => Schedule::forward(start.clone(), target, self.options, now),
            None => {
                let start = self.store.lowest_above(target).ok_or(Error::Schedule { reason: "no trusted block" })?;
                Schedule::backward(start, target, self.options, now)
            }
        }
    }

    /// Stores every block a finished schedule verified.
    pub fn apply(&mut self, trace: &Trace) {
        for block in &trace.verified {
            self.store.insert(block.clone());
        }
    }

    /// Verifies the block at `target` with blocks from `provider`: [`schedule`](Self::schedule),
    /// driven to its end, then [`apply`](Self::apply). Every newly verified block is stored.
    pub fn verify_to<P: Provider + ?Sized>(
        &mut self,
        provider: &mut P,
        target: u64,
        now: Timestamp,
    ) -> Result<Trace, Error> {
        let trace = scheduler::drive(provider, self.schedule(target, now)?)?;
        self.apply(&trace);
        Ok(trace)
    }
}
