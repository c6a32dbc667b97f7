//! A bounded cache of verified CA certificate prefixes.
//!
//! Verifying many documents from one host repeats the same four CA certificates; only the
//! leaf and the COSE signature change. An entry records that `cabundle[0..=i]` (identified
//! by the SHA-256 of its exact bytes) was verified, with the state the next certificate needs
//! and the prefix's validity window. Entries are used only inside that window, so a cached
//! verdict is always the verdict a full check would give at the same time.

use super::chain::IssuerState;

/// SHA-256 of the concatenated DER of a bundle prefix.
pub(crate) type PrefixKey = [u8; 32];

/// Entries a cache holds by default: room for a few hosts' chains (4 per host).
pub const DEFAULT_CAPACITY: usize = 16;

#[derive(Clone)]
pub(crate) struct CachedCa {
    pub key: PrefixKey,
    pub issuer: IssuerState,
}

/// A fixed-capacity cache of verified CA prefixes; no allocation, least recently inserted
/// entries are evicted first.
#[derive(Clone)]
pub struct CaCache<const N: usize = DEFAULT_CAPACITY> {
    entries: [Option<CachedCa>; N],
    next: usize,
}

impl<const N: usize> Default for CaCache<N> {
    fn default() -> Self {
        CaCache { entries: [const { None }; N], next: 0 }
    }
}

impl<const N: usize> core::fmt::Debug for CaCache<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CaCache").field("capacity", &N).field("len", &self.len()).finish()
    }
}

impl<const N: usize> CaCache<N> {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of cached prefixes.
    pub fn len(&self) -> usize {
        self.entries.iter().flatten().count()
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every entry.
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// The entry for `key`, if one exists whose validity window contains `now` (Unix seconds).
    pub(crate) fn get(&self, key: &PrefixKey, now: i64) -> Option<&CachedCa> {
        self.entries.iter().flatten().find(|e| e.key == *key && e.issuer.not_before <= now && now <= e.issuer.not_after)
    }

    pub(crate) fn insert(&mut self, entry: CachedCa) {
        if N == 0 {
            return;
        }
        if let Some(slot) = self.entries.iter_mut().flatten().find(|e| e.key == entry.key) {
            *slot = entry;
            return;
        }
        self.entries[self.next] = Some(entry);
        self.next = (self.next + 1) % N;
    }
}
