//! A light client: a [`TrustedStore`] plus options, reaching any height through a provider.

use super::scheduler::{self, Provider, Trace};
use super::store::TrustedStore;
use super::verifier::{LightBlock, Options};
use crate::time::Timestamp;
use crate::Error;

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
            return Err(Error::CometSchedule { reason: "a trusted state needs 1..=N blocks" });
        }
        let mut store = TrustedStore::new();
        for block in blocks {
            store.insert(block.clone());
        }
        Ok(LightClient { store, options })
    }

    /// Verifies the block at `target`: forwards from the highest trusted block at or below it
    /// (skipping with bisection), or backwards from the lowest trusted block above it (hash
    /// chaining). A height already trusted is returned without fetching. Every newly verified
    /// block is stored.
    pub fn verify_to<P: Provider + ?Sized>(
        &mut self,
        provider: &mut P,
        target: u64,
        now: Timestamp,
    ) -> Result<Trace, Error> {
        if let Some(block) = self.store.get(target) {
            return Ok(Trace { verified: alloc::vec![block.clone()], path: alloc::vec::Vec::new() });
        }
        let trace = match self.store.highest_at_or_below(target) {
            Some(start) => scheduler::verify_to_height(provider, &start.clone(), target, &self.options, now)?,
            None => {
                let start =
                    self.store.lowest_above(target).ok_or(Error::CometSchedule { reason: "no trusted block" })?;
                scheduler::verify_backwards(provider, &start.clone(), target, &self.options, now)?
            }
        };
        for block in &trace.verified {
            self.store.insert(block.clone());
        }
        Ok(trace)
    }
}
