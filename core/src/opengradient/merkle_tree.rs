//! OpenZeppelin `StandardMerkleTree` (`@openzeppelin/merkle-tree`, checked against 1.0.8) as the
//! OpenGradient facilitator builds it for a settlement batch: leaf encoding
//! `["bytes32", "bytes32", "bytes32", "bytes", "uint256"]` over
//! `[teeId, inputHash, outputHash, signature, timestamp]`, default options (leaves sorted).
//!
//! - leaf = `keccak256(keccak256(abi.encode(teeId, inputHash, outputHash, signature, timestamp)))`
//!   ([`SettlementLeaf::hash`]);
//! - node = `keccak256(min(a, b) ‖ max(a, b))` ([`node_hash`]);
//! - proofs are OpenZeppelin `MerkleProof.processProof` / `processMultiProof`
//!   ([`process_proof`], [`process_multi_proof`]);
//! - the `tree.dump()` JSON uploaded to Walrus is read by [`StandardTreeDump::from_json`], which
//!   re-checks the whole tree as OpenZeppelin's `StandardMerkleTree.load` + `validate` do.

use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use serde::Deserialize;

use super::event::MAX_SIGNATURE_LEN;
use crate::codec::hash::keccak256;
use crate::opengradient::Error;

/// Longest proof [`verify_proof`] accepts (a tree of 2^64 leaves).
pub const MAX_PROOF_LEN: usize = 64;
/// Most leaves in a tree dump, and most leaves in a multiproof.
pub const MAX_TREE_LEAVES: usize = 16_384;
/// Most flags in a multiproof (a multiproof over `n` leaves of a tree has fewer than `2n`).
pub const MAX_MULTI_PROOF_FLAGS: usize = 2 * MAX_TREE_LEAVES;
/// Largest tree dump JSON accepted.
pub const MAX_DUMP_JSON_LEN: usize = 16 * 1024 * 1024;

/// The leaf encoding a settlement tree dump must declare.
pub const LEAF_ENCODING: [&str; 5] = ["bytes32", "bytes32", "bytes32", "bytes", "uint256"];

fn invalid(reason: &'static str) -> Error {
    Error::MerkleProofInvalid { reason }
}

/// One settlement as a tree value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SettlementLeaf<'a> {
    /// `teeId`.
    pub tee_id: [u8; 32],
    /// `inputHash` (the response's `tee_request_hash`).
    pub input_hash: [u8; 32],
    /// `outputHash` (the response's `tee_output_hash`).
    pub output_hash: [u8; 32],
    /// The raw TEE signature bytes.
    pub signature: &'a [u8],
    /// The TEE timestamp (Unix seconds).
    pub timestamp: u64,
}

fn u256_word(v: u64) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&v.to_be_bytes());
    w
}

impl SettlementLeaf<'_> {
    /// The OpenZeppelin standard leaf hash: `keccak256(keccak256(abi.encode(teeId, inputHash,
    /// outputHash, signature, timestamp)))`, where the ABI encoding is the 5 head words
    /// `teeId ‖ inputHash ‖ outputHash ‖ 160 ‖ timestamp`, then `len(signature)` as a word and the
    /// signature zero-padded to a multiple of 32 bytes. Allocation-free.
    pub fn hash(&self) -> [u8; 32] {
        let pad = [0u8; 32];
        let pad_len = (32 - self.signature.len() % 32) % 32;
        let inner = keccak256(&[
            &self.tee_id,
            &self.input_hash,
            &self.output_hash,
            &u256_word(160),
            &u256_word(self.timestamp),
            &u256_word(self.signature.len() as u64),
            self.signature,
            &pad[..pad_len],
        ]);
        keccak256(&[&inner])
    }
}

/// OpenZeppelin's commutative node hash: `keccak256(min(a, b) ‖ max(a, b))` (byte-wise order).
pub fn node_hash(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    if a <= b {
        keccak256(&[a, b])
    } else {
        keccak256(&[b, a])
    }
}

/// OpenZeppelin `MerkleProof.processProof`: folds `proof` into `leaf` with [`node_hash`] and
/// returns the rebuilt root. Any proof gives some root; compare it (or use [`verify_proof`]).
pub fn process_proof(leaf: [u8; 32], proof: &[[u8; 32]]) -> [u8; 32] {
    proof.iter().fold(leaf, |acc, sibling| node_hash(&acc, sibling))
}

/// Checks that `proof` leads from `leaf` to `root`. Errors: [`Error::MerkleProofInvalid`] when
/// the proof is longer than [`MAX_PROOF_LEN`], [`Error::MerkleRootMismatch`] when the rebuilt
/// root differs.
pub fn verify_proof(leaf: [u8; 32], proof: &[[u8; 32]], root: &[u8; 32]) -> Result<(), Error> {
    if proof.len() > MAX_PROOF_LEN {
        return Err(invalid("proof longer than MAX_PROOF_LEN"));
    }
    if process_proof(leaf, proof) != *root {
        return Err(Error::MerkleRootMismatch);
    }
    Ok(())
}

/// OpenZeppelin `MerkleProof.processMultiProof`: rebuilds the root from `leaves` (in the order
/// OpenZeppelin's `getMultiProof` returns them), the sibling nodes `proof` and `flags` (`true`:
/// combine two queued values; `false`: combine a queued value with the next `proof` element).
///
/// The same checks as the Solidity library: `leaves.len() + proof.len() == flags.len() + 1`, and
/// every proof element consumed; with no flags the result is `leaves[0]`, or `proof[0]` when there
/// are no leaves (OpenZeppelin's "empty set" case; [`verify_multi_proof`] refuses it). Where the
/// Solidity code would read a queue slot it has not written yet (it then reads zero) or a proof
/// element past the end (a revert), this is an error, as in the JavaScript library. Bounded by
/// [`MAX_TREE_LEAVES`] leaves and [`MAX_MULTI_PROOF_FLAGS`] flags. Errors are
/// [`Error::MerkleProofInvalid`] or [`Error::InputTooLarge`].
pub fn process_multi_proof(leaves: &[[u8; 32]], proof: &[[u8; 32]], flags: &[bool]) -> Result<[u8; 32], Error> {
    if leaves.len() > MAX_TREE_LEAVES {
        return Err(Error::InputTooLarge { what: "multiproof leaves", len: leaves.len(), max: MAX_TREE_LEAVES });
    }
    if flags.len() > MAX_MULTI_PROOF_FLAGS {
        return Err(Error::InputTooLarge { what: "multiproof flags", len: flags.len(), max: MAX_MULTI_PROOF_FLAGS });
    }
    if leaves.len() + proof.len() != flags.len() + 1 {
        return Err(invalid("leaves + proof != flags + 1"));
    }
    let mut hashes: Vec<[u8; 32]> = Vec::with_capacity(flags.len());
    let (mut leaf_pos, mut hash_pos, mut proof_pos) = (0usize, 0usize, 0usize);
    let mut next_queued = |hashes: &Vec<[u8; 32]>| -> Result<[u8; 32], Error> {
        if leaf_pos < leaves.len() {
            leaf_pos += 1;
            return Ok(leaves[leaf_pos - 1]);
        }
        let h = hashes.get(hash_pos).ok_or_else(|| invalid("multiproof reads a node before computing it"))?;
        hash_pos += 1;
        Ok(*h)
    };
    for &flag in flags {
        let a = next_queued(&hashes)?;
        let b = if flag {
            next_queued(&hashes)?
        } else {
            let p = proof.get(proof_pos).ok_or_else(|| invalid("multiproof uses more proof elements than given"))?;
            proof_pos += 1;
            *p
        };
        hashes.push(node_hash(&a, &b));
    }
    if let Some(root) = hashes.last() {
        if proof_pos != proof.len() {
            return Err(invalid("multiproof leaves proof elements unused"));
        }
        Ok(*root)
    } else if let Some(leaf) = leaves.first() {
        Ok(*leaf)
    } else {
        Ok(proof[0])
    }
}

/// Checks a multiproof against `root` with [`process_multi_proof`]; additionally at least one
/// leaf is required (proving the empty set proves nothing). Errors:
/// [`Error::MerkleProofInvalid`], [`Error::InputTooLarge`], [`Error::MerkleRootMismatch`].
pub fn verify_multi_proof(
    leaves: &[[u8; 32]],
    proof: &[[u8; 32]],
    flags: &[bool],
    root: &[u8; 32],
) -> Result<(), Error> {
    if leaves.is_empty() {
        return Err(invalid("multiproof without leaves"));
    }
    if process_multi_proof(leaves, proof, flags)? != *root {
        return Err(Error::MerkleRootMismatch);
    }
    Ok(())
}

/// One value of a tree dump.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DumpValue {
    /// `teeId`.
    pub tee_id: [u8; 32],
    /// `inputHash`.
    pub input_hash: [u8; 32],
    /// `outputHash`.
    pub output_hash: [u8; 32],
    /// The TEE signature (at most [`MAX_SIGNATURE_LEN`] bytes).
    pub signature: Vec<u8>,
    /// The TEE timestamp.
    pub timestamp: u64,
    /// Index of this value's leaf in [`StandardTreeDump::tree`].
    pub tree_index: usize,
}

impl DumpValue {
    /// This value's leaf hash ([`SettlementLeaf::hash`] of [`leaf`](Self::leaf)).
    pub fn leaf_hash(&self) -> [u8; 32] {
        self.leaf().hash()
    }

    /// The value as a leaf.
    pub fn leaf(&self) -> SettlementLeaf<'_> {
        SettlementLeaf {
            tee_id: self.tee_id,
            input_hash: self.input_hash,
            output_hash: self.output_hash,
            signature: &self.signature,
            timestamp: self.timestamp,
        }
    }
}

/// A validated `StandardMerkleTree.dump()` of a settlement batch.
///
/// Guarantees (checked by [`from_json`](Self::from_json)): `1 ≤ n ≤` [`MAX_TREE_LEAVES`] values;
/// `tree` has `2n − 1` nodes in OpenZeppelin's array layout (children of `i` at `2i + 1`,
/// `2i + 2`) and every internal node is the [`node_hash`] of its children; each value's
/// `tree_index` is a distinct leaf position holding that value's [`SettlementLeaf::hash`].
/// Hence [`root`](Self::root) commits to every value. The fields are public for reading; a dump
/// built or modified by hand carries no guarantee (the methods then still never panic).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandardTreeDump {
    /// All nodes, root first, leaves last.
    pub tree: Vec<[u8; 32]>,
    /// The values in the dump's order (insertion order, not tree order).
    pub values: Vec<DumpValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDump {
    format: String,
    #[serde(rename = "leafEncoding")]
    leaf_encoding: Vec<String>,
    tree: Vec<String>,
    values: Vec<RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValue {
    value: (String, String, String, String, RawUint),
    #[serde(rename = "treeIndex")]
    tree_index: u64,
}

/// A `uint256` as the JavaScript value it was given as: a number or a string.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawUint {
    Number(u64),
    Text(String),
}

fn dump_err(field: &str, reason: &str) -> Error {
    Error::Decode { field: field.into(), reason: reason.into() }
}

fn hex_bytes(field: &str, s: &str) -> Result<Vec<u8>, Error> {
    let digits = s.strip_prefix("0x").ok_or_else(|| dump_err(field, "hex string without the 0x prefix"))?;
    hex::decode(digits).map_err(|_| dump_err(field, "not an even-length hex string"))
}

fn hex32(field: &str, s: &str) -> Result<[u8; 32], Error> {
    let digits = s.strip_prefix("0x").ok_or_else(|| dump_err(field, "hex string without the 0x prefix"))?;
    let mut out = [0u8; 32];
    if digits.len() != 64 || hex::decode_to_slice(digits, &mut out).is_err() {
        return Err(dump_err(field, "not 0x and 64 hex digits"));
    }
    Ok(out)
}

/// The forms `@metamask/abi-utils` (used by `@openzeppelin/merkle-tree`) accepts for a `uint256`
/// and `JSON.stringify` can write: a JSON number, a decimal string (leading zeros allowed), or a
/// `0x`/`0X` hex string. Empty strings, whitespace, signs and exponents are rejected (the JS
/// library tolerates some of them; the facilitator writes plain decimals).
fn timestamp(field: &str, v: &RawUint) -> Result<u64, Error> {
    let s = match v {
        RawUint::Number(n) => return Ok(*n),
        RawUint::Text(s) => s.as_str(),
    };
    let (digits, radix) = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => (h, 16),
        None => (s, 10),
    };
    if digits.is_empty() || !digits.bytes().all(|b| (b as char).is_digit(radix)) {
        return Err(dump_err(field, "not a non-negative integer"));
    }
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Ok(0);
    }
    u64::from_str_radix(digits, radix).map_err(|_| dump_err(field, "does not fit in 64 bits"))
}

impl StandardTreeDump {
    /// Parses and fully validates a `tree.dump()` JSON document:
    /// `{"format": "standard-v1", "leafEncoding": ["bytes32","bytes32","bytes32","bytes","uint256"],
    /// "tree": ["0x…", …], "values": [{"value": [teeId, inputHash, outputHash, signature,
    /// timestamp], "treeIndex": n}, …]}`.
    ///
    /// Exactly these keys (no others, no duplicates); `bytes32` values and tree nodes as `0x` and
    /// 64 hex digits (either case); the signature as `0x` and an even number of hex digits (at most
    /// [`MAX_SIGNATURE_LEN`] bytes); the timestamp as a JSON number or a decimal / `0x` string
    /// fitting in 64 bits (the value is whatever the facilitator passed to
    /// `StandardMerkleTree.of`: it writes a decimal string). Then the structural guarantees listed
    /// on [`StandardTreeDump`]. Limits: [`MAX_DUMP_JSON_LEN`] bytes, [`MAX_TREE_LEAVES`] values.
    /// Errors: [`Error::InputTooLarge`], [`Error::Decode`] for malformed JSON, and
    /// [`Error::MerkleProofInvalid`] for an inconsistent tree.
    pub fn from_json(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.len() > MAX_DUMP_JSON_LEN {
            return Err(Error::InputTooLarge { what: "merkle tree dump", len: bytes.len(), max: MAX_DUMP_JSON_LEN });
        }
        let raw: RawDump =
            serde_json::from_slice(bytes).map_err(|e| dump_err("merkle tree dump", &alloc::format!("{e}")))?;
        if raw.format != "standard-v1" {
            return Err(dump_err("merkle tree dump.format", "not \"standard-v1\""));
        }
        if raw.leaf_encoding != LEAF_ENCODING {
            return Err(dump_err(
                "merkle tree dump.leafEncoding",
                "not [\"bytes32\",\"bytes32\",\"bytes32\",\"bytes\",\"uint256\"]",
            ));
        }
        let n = raw.values.len();
        if n > MAX_TREE_LEAVES {
            return Err(Error::InputTooLarge { what: "merkle tree dump values", len: n, max: MAX_TREE_LEAVES });
        }
        if n == 0 {
            return Err(invalid("tree dump without values"));
        }
        if raw.tree.len() != 2 * n - 1 {
            return Err(invalid("tree dump node count is not 2 * values - 1"));
        }
        let tree = raw.tree.iter().map(|s| hex32("merkle tree dump.tree", s)).collect::<Result<Vec<_>, _>>()?;
        for i in 0..n - 1 {
            if tree[i] != node_hash(&tree[2 * i + 1], &tree[2 * i + 2]) {
                return Err(invalid("tree dump internal node is not the hash of its children"));
            }
        }
        let mut used = vec![false; n];
        let mut values = Vec::with_capacity(n);
        for v in &raw.values {
            let (tee_id, input_hash, output_hash, signature, ts) = &v.value;
            let signature = hex_bytes("merkle tree dump.values.signature", signature)?;
            if signature.len() > MAX_SIGNATURE_LEN {
                return Err(dump_err("merkle tree dump.values.signature", "longer than the limit"));
            }
            let value = DumpValue {
                tee_id: hex32("merkle tree dump.values.teeId", tee_id)?,
                input_hash: hex32("merkle tree dump.values.inputHash", input_hash)?,
                output_hash: hex32("merkle tree dump.values.outputHash", output_hash)?,
                signature,
                timestamp: timestamp("merkle tree dump.values.timestamp", ts)?,
                tree_index: usize::try_from(v.tree_index).unwrap_or(usize::MAX),
            };
            // Leaves occupy the last n positions: n - 1 ..= 2n - 2.
            let slot = value.tree_index.checked_sub(n - 1).filter(|&s| s < n);
            let slot = slot.ok_or_else(|| invalid("tree dump treeIndex is not a leaf position"))?;
            if core::mem::replace(&mut used[slot], true) {
                return Err(invalid("tree dump treeIndex used twice"));
            }
            if tree[value.tree_index] != value.leaf().hash() {
                return Err(invalid("tree dump leaf does not hash its value"));
            }
            values.push(value);
        }
        Ok(StandardTreeDump { tree, values })
    }

    /// The tree root (`tree[0]`), what `BatchSettlement.merkleRoot` must equal. (All zero for a
    /// hand-built dump with an empty `tree`; [`from_json`](Self::from_json) never returns one.)
    pub fn root(&self) -> [u8; 32] {
        self.tree.first().copied().unwrap_or_default()
    }

    /// Whether `value` sits at its `tree_index` with its recomputed leaf hash equal to `leaf`
    /// (cheap comparison first).
    fn holds(&self, value: &DumpValue, leaf: &[u8; 32]) -> bool {
        self.tree.get(value.tree_index) == Some(leaf) && value.leaf().hash() == *leaf
    }

    /// The tree index of the first value whose recomputed leaf hash is `leaf` and sits at its
    /// `tree_index`.
    fn index_of(&self, leaf: &[u8; 32]) -> Result<usize, Error> {
        self.values
            .iter()
            .find(|v| self.holds(v, leaf))
            .map(|v| v.tree_index)
            .ok_or_else(|| invalid("the leaf is not in the tree"))
    }

    fn node(&self, i: usize) -> Result<[u8; 32], Error> {
        self.tree.get(i).copied().ok_or_else(|| invalid("tree index out of range"))
    }

    /// The proof of `leaf` (OpenZeppelin `getProof`): the siblings from the value's leaf position
    /// up to the root. `leaf` must be the recomputed hash of one of the values and sit at its
    /// `tree_index` (the first match is used when a value appears twice). For a dump from
    /// [`from_json`](Self::from_json) the proof verifies against [`root`](Self::root); on a
    /// hand-modified dump a missing node is an error, never a panic.
    pub fn proof_for(&self, leaf: &[u8; 32]) -> Result<Vec<[u8; 32]>, Error> {
        let mut i = self.index_of(leaf)?;
        let mut proof = Vec::new();
        while i > 0 {
            proof.push(self.node(if i % 2 == 1 { i + 1 } else { i - 1 })?);
            i = (i - 1) / 2;
        }
        Ok(proof)
    }

    /// A multiproof of `leaves` (OpenZeppelin `getMultiProof`) as `(leaves, proof, flags)`, the
    /// arguments of [`process_multi_proof`] / [`verify_multi_proof`]. Every leaf must be in the
    /// tree (as for [`proof_for`](Self::proof_for)), no two may resolve to the same position. The
    /// returned leaves are the hashes in descending tree index, the order [`process_multi_proof`]
    /// consumes. With no leaves the proof is `[root]`, as in OpenZeppelin. At most
    /// [`MAX_TREE_LEAVES`] leaves; one hash per value plus `O(m log n)`.
    #[allow(clippy::type_complexity)]
    pub fn multi_proof_for(&self, leaves: &[[u8; 32]]) -> Result<(Vec<[u8; 32]>, Vec<[u8; 32]>, Vec<bool>), Error> {
        if leaves.len() > MAX_TREE_LEAVES {
            return Err(Error::InputTooLarge { what: "multiproof leaves", len: leaves.len(), max: MAX_TREE_LEAVES });
        }
        // (leaf, tree index) of every value that holds its leaf, first occurrence kept.
        let mut by_leaf: Vec<([u8; 32], usize, usize)> = self
            .values
            .iter()
            .enumerate()
            .filter_map(|(order, v)| {
                let leaf = v.leaf().hash();
                (self.tree.get(v.tree_index) == Some(&leaf)).then_some((leaf, order, v.tree_index))
            })
            .collect();
        by_leaf.sort_unstable();
        let mut indices = Vec::with_capacity(leaves.len());
        for leaf in leaves {
            let at = by_leaf.partition_point(|(l, _, _)| l < leaf);
            match by_leaf.get(at) {
                Some((l, _, i)) if l == leaf => indices.push(*i),
                _ => return Err(invalid("the leaf is not in the tree")),
            }
        }
        indices.sort_unstable_by(|a, b| b.cmp(a));
        if indices.windows(2).any(|w| w[0] == w[1]) {
            return Err(invalid("multiproof of the same leaf twice"));
        }
        let mut queue: VecDeque<usize> = indices.iter().copied().collect();
        let mut proof = Vec::new();
        let mut flags = Vec::new();
        while let Some(&j) = queue.front() {
            if j == 0 {
                break;
            }
            queue.pop_front();
            let sibling = if j % 2 == 1 { j + 1 } else { j - 1 };
            if queue.front() == Some(&sibling) {
                flags.push(true);
                queue.pop_front();
            } else {
                flags.push(false);
                proof.push(self.node(sibling)?);
            }
            queue.push_back((j - 1) / 2);
        }
        if indices.is_empty() {
            proof.push(self.node(0)?);
        }
        let leaves = indices.iter().map(|&i| self.node(i)).collect::<Result<Vec<_>, _>>()?;
        Ok((leaves, proof, flags))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> [u8; 32] {
        hex::decode(s).unwrap().try_into().unwrap()
    }

    #[test]
    fn documented_example() {
        let sig = [0xde, 0xad, 0xbe, 0xef];
        let a = SettlementLeaf {
            tee_id: [0x11; 32],
            input_hash: [0x22; 32],
            output_hash: [0x33; 32],
            signature: &sig,
            timestamp: 1_770_000_000,
        };
        let b = SettlementLeaf { tee_id: [0x44; 32], ..a };
        assert_eq!(a.hash(), h("7ad79fdf113111c9d760bcc7fd7af338a3d55b1fd9514c7e45a15c5983bc9d58"));
        assert_eq!(b.hash(), h("c401a9bbcc313ecf36a294f94a0320c42025bdc18dca621ebfa6d8f9ce3d98ac"));
        let root = h("5f3a16aba9da639692fa3f16f46042c8ca3c99b3f2bc39cd90f3abde4373ba17");
        assert_eq!(node_hash(&a.hash(), &b.hash()), root);
        assert_eq!(process_proof(a.hash(), &[b.hash()]), root);
        verify_proof(b.hash(), &[a.hash()], &root).unwrap();
        assert_eq!(verify_proof(b.hash(), &[b.hash()], &root).unwrap_err(), Error::MerkleRootMismatch);
        assert!(matches!(
            verify_proof(b.hash(), &[[0; 32]; MAX_PROOF_LEN + 1], &root),
            Err(Error::MerkleProofInvalid { .. })
        ));

        // The exact dump @openzeppelin/merkle-tree 1.0.8 writes for these two values (the second
        // timestamp given as a number).
        let dump = r#"{"format":"standard-v1","leafEncoding":["bytes32","bytes32","bytes32","bytes","uint256"],"tree":["0x5f3a16aba9da639692fa3f16f46042c8ca3c99b3f2bc39cd90f3abde4373ba17","0xc401a9bbcc313ecf36a294f94a0320c42025bdc18dca621ebfa6d8f9ce3d98ac","0x7ad79fdf113111c9d760bcc7fd7af338a3d55b1fd9514c7e45a15c5983bc9d58"],"values":[{"value":["0x1111111111111111111111111111111111111111111111111111111111111111","0x2222222222222222222222222222222222222222222222222222222222222222","0x3333333333333333333333333333333333333333333333333333333333333333","0xdeadbeef","1770000000"],"treeIndex":2},{"value":["0x4444444444444444444444444444444444444444444444444444444444444444","0x2222222222222222222222222222222222222222222222222222222222222222","0x3333333333333333333333333333333333333333333333333333333333333333","0xdeadbeef",1770000000],"treeIndex":1}]}"#;
        let t = StandardTreeDump::from_json(dump.as_bytes()).unwrap();
        assert_eq!(t.root(), root);
        assert_eq!(t.values[1].timestamp, 1_770_000_000);
        assert_eq!(t.proof_for(&a.hash()).unwrap(), [b.hash()]);
        assert_eq!(t.proof_for(&b.hash()).unwrap(), [a.hash()]);
        assert!(t.proof_for(&root).is_err());
        let (leaves, proof, flags) = t.multi_proof_for(&[a.hash(), b.hash()]).unwrap();
        assert_eq!((&leaves[..], &proof[..], &flags[..]), (&[a.hash(), b.hash()][..], &[][..], &[true][..]));
        verify_multi_proof(&leaves, &proof, &flags, &root).unwrap();
        let (_, empty, _) = t.multi_proof_for(&[]).unwrap();
        assert_eq!(empty, [root]);
        assert_eq!(process_multi_proof(&[], &empty, &[]).unwrap(), root);
        assert!(verify_multi_proof(&[], &empty, &[], &root).is_err());
        assert!(t.multi_proof_for(&[a.hash(), a.hash()]).is_err());

        // Mutations of the dump.
        let bad = |s: &str| assert!(StandardTreeDump::from_json(s.as_bytes()).is_err(), "{s}");
        bad(&dump.replace("standard-v1", "standard-v2"));
        bad(&dump.replace("\"uint256\"]", "\"uint128\"]"));
        bad(&dump.replace("\"treeIndex\":2", "\"treeIndex\":1"));
        bad(&dump.replace("\"treeIndex\":2", "\"treeIndex\":0"));
        bad(&dump.replace("\"treeIndex\":2", "\"treeIndex\":3"));
        bad(&dump.replace("0xdeadbeef\",\"1770000000", "0xdeadbeef\",\"1770000001"));
        bad(&dump.replace("0xdeadbeef\",\"1770000000", "0xdeadbee\",\"1770000000"));
        bad(&dump.replace("0xdeadbeef\",\"1770000000", "deadbeef\",\"1770000000"));
        bad(&dump.replace("\"1770000000\"", "\" 1770000000\""));
        bad(&dump.replace("\"1770000000\"", "\"\""));
        bad(&dump.replace("\"1770000000\"", "1.77e9"));
        bad(&dump.replace("\"1770000000\"", "-1"));
        bad(&dump.replace("0x5f3a", "0x5f3b"));
        bad(&dump.replace("\"values\"", "\"extra\":1,\"values\""));
        bad(&dump.replace(",\"treeIndex\":1", ",\"treeIndex\":1,\"x\":0"));
        bad(&dump.replace("{\"format\":\"standard-v1\",", "{\"format\":\"standard-v1\",\"format\":\"standard-v1\","));
        // Accepted equivalent timestamp forms.
        let ok = |s: &str| StandardTreeDump::from_json(s.as_bytes()).unwrap();
        ok(&dump.replace("\"1770000000\"", "\"0x69800e80\""));
        ok(&dump.replace("\"1770000000\"", "\"001770000000\""));
        ok(&dump.replace("\"1770000000\"", "1770000000"));
    }

    #[test]
    fn multiproof_checks() {
        let l: Vec<[u8; 32]> = (0u8..4).map(|i| [i; 32]).collect();
        let n01 = node_hash(&l[0], &l[1]);
        let n23 = node_hash(&l[2], &l[3]);
        let root = node_hash(&n01, &n23);
        // Leaves 0 and 1 with sibling n23.
        assert_eq!(process_multi_proof(&[l[0], l[1]], &[n23], &[true, false]).unwrap(), root);
        // Length equation.
        assert!(process_multi_proof(&[l[0], l[1]], &[n23], &[true]).is_err());
        assert!(process_multi_proof(&[l[0], l[1]], &[n23, n23], &[true, false]).is_err());
        // Reading a node before it is computed (flags all true with one leaf and one proof).
        assert!(process_multi_proof(&[l[0]], &[n23], &[true]).is_err());
        // Unused proof element: leaves 1, proof 2, flags 2 → [false, true] reads hash 0 then...
        assert!(process_multi_proof(&[l[0]], &[l[1], n23], &[true, true]).is_err());
        // Degenerate cases.
        assert_eq!(process_multi_proof(&[l[0]], &[], &[]).unwrap(), l[0]);
        assert_eq!(process_multi_proof(&[], &[l[1]], &[]).unwrap(), l[1]);
        assert!(process_multi_proof(&[], &[], &[]).is_err());
        verify_multi_proof(&[l[0]], &[], &[], &l[0]).unwrap();
        assert_eq!(verify_multi_proof(&[l[0], l[1]], &[n23], &[true, false], &n23), Err(Error::MerkleRootMismatch));
    }
}
