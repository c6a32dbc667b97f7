//! RFC 6962 Merkle trees as CometBFT uses them (`crypto/merkle`): `leaf = SHA256(0x00 ‖ x)`,
//! `inner = SHA256(0x01 ‖ l ‖ r)`, split at the largest power of two below the item count,
//! empty tree = `SHA256("")`.

use sha2::{Digest, Sha256};

/// A SHA-256 output.
pub type Hash = [u8; 32];

/// Most aunts a proof may carry (CometBFT's `MaxAunts`), which bounds trees at 2^100 leaves.
pub const MAX_AUNTS: usize = 100;

/// `SHA256(0x00 ‖ leaf)`.
pub fn leaf_hash(leaf: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(leaf);
    h.finalize().into()
}

/// `SHA256(0x01 ‖ left ‖ right)`.
pub fn inner_hash(left: &[u8], right: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The largest power of two strictly less than `n` (`n ≥ 2`). Total for every `n`: above
/// `usize::MAX / 2 + 1` (a proof's untrusted `total`) the next power of two does not exist.
fn split_point(n: usize) -> usize {
    // next_power_of_two(n) / 2 < n ≤ next_power_of_two(n) for every n ≥ 1.
    n.checked_next_power_of_two().map_or(1 << (usize::BITS - 1), |p| p / 2)
}

/// The root over already-hashed leaves (`leaf_hash` of each item).
pub fn root_from_leaf_hashes(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => leaves[0],
        n => {
            let k = split_point(n);
            inner_hash(&root_from_leaf_hashes(&leaves[..k]), &root_from_leaf_hashes(&leaves[k..]))
        }
    }
}

/// The root over raw items.
pub fn root<T: AsRef<[u8]>>(items: &[T]) -> Hash {
    match items.len() {
        0 => Sha256::digest([]).into(),
        1 => leaf_hash(items[0].as_ref()),
        n => {
            let k = split_point(n);
            inner_hash(&root(&items[..k]), &root(&items[k..]))
        }
    }
}

/// The aunts of leaf `index` among `leaves` (already hashed), bottom-up: the proof
/// [`root_from_aunts`] accepts, as CometBFT's `ProofsFromByteSlices` builds it. Empty when
/// `index` is out of range or the tree has one leaf.
pub fn aunts(leaves: &[Hash], index: usize) -> alloc::vec::Vec<Hash> {
    let mut out = alloc::vec::Vec::new();
    let (mut lo, mut hi) = (0, leaves.len());
    if index >= hi {
        return out;
    }
    // Top-down: at each level keep the half holding `index`, remember the other half's root.
    while hi - lo > 1 {
        let k = lo + split_point(hi - lo);
        if index < k {
            out.push(root_from_leaf_hashes(&leaves[k..hi]));
            hi = k;
        } else {
            out.push(root_from_leaf_hashes(&leaves[lo..k]));
            lo = k;
        }
    }
    out.reverse();
    out
}

/// The root a leaf at `index` of a `total`-leaf tree implies, given its aunts (siblings from the
/// bottom up, so the last aunt is the top-level sibling). `None` if the aunt count does not fit
/// the tree's shape or the position is out of range.
pub fn root_from_aunts(index: u64, total: u64, leaf: Hash, aunts: &[Hash]) -> Option<Hash> {
    if index >= total || aunts.len() > MAX_AUNTS {
        return None;
    }
    compute(index, total, leaf, aunts)
}

fn compute(index: u64, total: u64, leaf: Hash, aunts: &[Hash]) -> Option<Hash> {
    match total {
        0 => None,
        1 => aunts.is_empty().then_some(leaf),
        _ => {
            let (last, rest) = aunts.split_last()?;
            let k = split_point(usize::try_from(total).ok()?) as u64;
            if index < k {
                Some(inner_hash(&compute(index, k, leaf, rest)?, last))
            } else {
                Some(inner_hash(last, &compute(index - k, total - k, leaf, rest)?))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn aunts_lead_to_the_root_for_every_leaf() {
        for n in 1..=17u8 {
            let leaves: Vec<Hash> = (0..n).map(|i| leaf_hash(&[i])).collect();
            let root = root_from_leaf_hashes(&leaves);
            for (i, leaf) in leaves.iter().enumerate() {
                let path = aunts(&leaves, i);
                assert_eq!(root_from_aunts(i as u64, u64::from(n), *leaf, &path), Some(root), "leaf {i} of {n}");
            }
            assert!(aunts(&leaves, usize::from(n)).is_empty());
        }
    }

    #[test]
    fn the_split_point_is_the_largest_power_of_two_below_n() {
        let expected = |n: usize| (0..usize::BITS).map(|b| 1usize << b).filter(|p| *p < n).max().unwrap();
        for n in 2..=1100 {
            assert_eq!(split_point(n), expected(n), "n = {n}");
        }
        // Totals beyond the largest power of two (an untrusted proof's `total`).
        assert_eq!(split_point(usize::MAX), 1 << (usize::BITS - 1));
        assert_eq!(split_point((1 << (usize::BITS - 1)) + 1), 1 << (usize::BITS - 1));
        assert_eq!(split_point(1 << (usize::BITS - 1)), 1 << (usize::BITS - 2));
    }

    #[test]
    fn proofs_of_every_leaf_of_every_small_tree_reach_the_root() {
        for n in 1..=33usize {
            let items: Vec<[u8; 1]> = (0..n as u8).map(|i| [i]).collect();
            let leaves: Vec<Hash> = items.iter().map(|i| leaf_hash(i)).collect();
            let expected = root(&items);
            assert_eq!(root_from_leaf_hashes(&leaves), expected);
            for i in 0..n {
                let aunts = aunts_of(&leaves, i);
                assert_eq!(root_from_aunts(i as u64, n as u64, leaves[i], &aunts), Some(expected), "n={n} i={i}");
                if !aunts.is_empty() {
                    assert_eq!(root_from_aunts(i as u64, n as u64, leaves[i], &aunts[1..]), None);
                }
                assert_eq!(root_from_aunts(n as u64, n as u64, leaves[i], &aunts), None);
            }
        }
    }

    /// Aunts from the bottom up, built independently of `compute`.
    fn aunts_of(leaves: &[Hash], i: usize) -> Vec<Hash> {
        if leaves.len() <= 1 {
            return Vec::new();
        }
        let k = split_point(leaves.len());
        let (mut aunts, sibling) = if i < k {
            (aunts_of(&leaves[..k], i), root_from_leaf_hashes(&leaves[k..]))
        } else {
            (aunts_of(&leaves[k..], i - k), root_from_leaf_hashes(&leaves[..k]))
        };
        aunts.push(sibling);
        aunts
    }
}
