//! A bounded store of trusted light blocks: the light client's memory between calls.
//!
//! It keeps at most `N` blocks (a `heapless` bound), ordered by height; inserting beyond the
//! bound forgets the lowest block. Bindings serialise it to JSON and restore it, so a browser tab
//! or an app can resume from its last verified height.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::json;
use super::verifier::LightBlock;
use crate::cometbft::Error;

/// The trusted light blocks, lowest height first.
#[derive(Debug, Clone, Default)]
pub struct TrustedStore<const N: usize> {
    blocks: heapless::Vec<LightBlock, N>,
}

impl<const N: usize> TrustedStore<N> {
    /// An empty store.
    pub fn new() -> Self {
        TrustedStore { blocks: heapless::Vec::new() }
    }

    /// Adds a verified block (replacing one of the same height). When full, the lowest block is
    /// forgotten, unless the new block is itself the lowest, which is then not stored.
    pub fn insert(&mut self, block: LightBlock) {
        if N == 0 {
            return;
        }
        let height = block.height();
        let at = match self.blocks.binary_search_by_key(&height, LightBlock::height) {
            Ok(i) => {
                self.blocks[i] = block;
                return;
            }
            Err(i) => i,
        };
        if self.blocks.is_full() {
            if at == 0 {
                return;
            }
            self.blocks.remove(0);
            let _ = self.blocks.insert(at - 1, block);
        } else {
            let _ = self.blocks.insert(at, block);
        }
    }

    /// Number of blocks held.
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// The blocks, lowest height first.
    pub fn blocks(&self) -> &[LightBlock] {
        &self.blocks
    }

    /// The highest trusted block.
    pub fn latest(&self) -> Option<&LightBlock> {
        self.blocks.last()
    }

    /// The trusted block at `height`.
    pub fn get(&self, height: u64) -> Option<&LightBlock> {
        self.blocks.iter().find(|b| b.height() == height)
    }

    /// The highest trusted block at or below `height`: where forward verification to `height`
    /// should start.
    pub fn highest_at_or_below(&self, height: u64) -> Option<&LightBlock> {
        self.blocks.iter().rev().find(|b| b.height() <= height)
    }

    /// The lowest trusted block above `height`: where backward verification to `height` starts.
    pub fn lowest_above(&self, height: u64) -> Option<&LightBlock> {
        self.blocks.iter().find(|b| b.height() > height)
    }

    /// The store as a JSON array of light blocks (tendermint-rs form).
    pub fn to_json(&self) -> String {
        let blocks: Vec<serde_json::Value> = self.blocks.iter().map(json::light_block_to_json_value).collect();
        serde_json::Value::Array(blocks).to_string()
    }

    /// Restores a store written by [`to_json`](Self::to_json). The blocks are decoded with every
    /// structural check, but their trust is the caller's: restore only what this library wrote.
    pub fn from_json(bytes: &[u8]) -> Result<Self, Error> {
        let blocks = json::light_blocks_from_json(bytes)?;
        if blocks.len() > N {
            return Err(Error::Decode {
                field: "trusted store".into(),
                reason: "more blocks than the store holds".into(),
            });
        }
        let mut store = Self::new();
        for block in blocks {
            store.insert(block);
        }
        Ok(store)
    }
}
