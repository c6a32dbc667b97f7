//! Application state: an ICS23 proof of `store/key → value` (or of the key's absence) → `app_hash`
//! of header **H+1**, where H is the query's height (the app hash of the state after block H is
//! in header H+1; `light/rpc/client.go ABCIQueryWithOptions`).
//!
//! `/abci_query?path=…&data=…&height=H&prove=true` returns
//! `{"response": {"code", "key", "value", "proofOps": {"ops": [{"type", "key", "data"}]}, "height"}}`
//! (bytes in base64). A Cosmos SDK multistore proof has two operators, each `data` a protobuf
//! `ics23.CommitmentProof`:
//!
//! 1. `ics23:iavl`, key = the module key, spec IAVL: `key → value` (or absence) under the store's
//!    root, which is the operator's output;
//! 2. `ics23:simple`, key = the store name, spec Tendermint: `store name → store root` under the
//!    multistore root, which must be the app hash.
//!
//! Operators run in order and consume the key path `/store/key` from the end
//! (`crypto/merkle/proof_op.go ProofOperators.Verify`); each operator computes its root from its
//! proof and checks membership (or, for the first one with no value, non-membership) of its key
//! under that root, with its spec.
//!
//! The ICS23 checks themselves are the `ics23` crate's. Around them, this module:
//! - decodes the protobuf itself (strict: duplicate singular fields, wrong wire types and groups
//!   are rejected; unknown fields are skipped), and accepts only single existence and
//!   non-existence proofs, not batch or compressed ones;
//! - bounds the work: path length at most the spec's `max_depth` (128 when it is 0, as in Go)
//!   before any hashing;
//! - rejects the inputs on which that crate panics: specs that are not binary or have huge sizes,
//!   and non-existence proofs whose two neighbours' paths never diverge (crafted leaf prefixes
//!   can make both neighbours reach the same root);
//! - also requires a non-existence proof's own `key` field to be the key (the crate ignores it).

use alloc::string::String;
use alloc::vec::Vec;

use ics23::commitment_proof::Proof;
use ics23::{
    CommitmentProof, ExistenceProof, HashOp, HostFunctionsManager, InnerOp, LeafOp, NonExistenceProof, ProofSpec,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{as_base64, as_u64, decode_err, opt, parse_json, req, rpc_result, MAX_PROOF_OPS, MAX_PROOF_OP_LEN};
use crate::codec::proto::Reader;
use crate::cometbft::Error;

fn invalid(reason: &'static str) -> Error {
    Error::ProofInvalid { proof: "state", reason }
}

/// Path length allowed when a spec's `max_depth` is 0 (as in the Go `ics23` module).
const DEFAULT_MAX_DEPTH: usize = 128;

/// One proof operator of an `/abci_query` response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofOp {
    /// The operator type, e.g. `ics23:iavl` or `ics23:simple`.
    pub kind: String,
    /// The key this operator proves (module key, then store name).
    pub key: Vec<u8>,
    /// The operator's proof: a protobuf `ics23.CommitmentProof` for `ics23:*` types.
    pub data: Vec<u8>,
}

/// An `/abci_query` response. Nothing in it is trusted until [`verify_abci_query`] accepts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbciQuery {
    /// The application's response code; 0 on success.
    pub code: u32,
    /// The queried key.
    pub key: Vec<u8>,
    /// The value; empty when the key is absent.
    pub value: Vec<u8>,
    /// The height H of the state queried (its app hash is in header H+1).
    pub height: u64,
    /// The proof operators; `None` when the response has no proof (`proofOps: null`).
    pub proof_ops: Option<Vec<ProofOp>>,
}

impl AbciQuery {
    /// Decodes an `/abci_query` response, with or without the JSON-RPC envelope, and with or
    /// without the `response` wrapper. At most [`MAX_PROOF_OPS`] operators of at most
    /// [`MAX_PROOF_OP_LEN`] bytes each are accepted.
    pub fn from_json(json: &[u8]) -> Result<AbciQuery, Error> {
        let doc = parse_json("abci_query response", json)?;
        let result = rpc_result(&doc)?;
        AbciQuery::from_value(opt(result, "response").unwrap_or(result))
    }

    /// Decodes the `response` object of an `/abci_query` response.
    pub fn from_value(r: &Value) -> Result<AbciQuery, Error> {
        if !r.is_object() {
            return Err(decode_err("response", "not a JSON object"));
        }
        let code = match opt(r, "code") {
            Some(c) => u32::try_from(as_u64(c, "response.code")?)
                .map_err(|_| decode_err("response.code", "out of the uint32 range"))?,
            None => 0,
        };
        let height = opt(r, "height").map_or(Ok(0), |h| as_u64(h, "response.height"))?;
        let key = as_base64(opt(r, "key"), "response.key")?;
        let value = as_base64(opt(r, "value"), "response.value")?;
        let proof_ops = match opt(r, "proofOps").or_else(|| opt(r, "proof_ops")) {
            None => None,
            Some(p) => Some(decode_ops(p)?),
        };
        Ok(AbciQuery { code, key, value, height, proof_ops })
    }
}

fn decode_ops(p: &Value) -> Result<Vec<ProofOp>, Error> {
    let items = match opt(p, "ops") {
        None => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(decode_err("response.proofOps.ops", "not an array")),
    };
    if items.len() > MAX_PROOF_OPS {
        return Err(Error::InputTooLarge { what: "proof ops", len: items.len(), max: MAX_PROOF_OPS });
    }
    let mut ops = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let field = |name: &str| alloc::format!("response.proofOps.ops[{i}].{name}");
        let kind = match req(item, "type", &field("type"))? {
            Value::String(s) => s.clone(),
            _ => return Err(decode_err(&field("type"), "not a string")),
        };
        let key = as_base64(opt(item, "key"), &field("key"))?;
        let data = as_base64(opt(item, "data"), &field("data"))?;
        if data.len() > MAX_PROOF_OP_LEN {
            return Err(Error::InputTooLarge { what: "proof op data", len: data.len(), max: MAX_PROOF_OP_LEN });
        }
        ops.push(ProofOp { kind, key, data });
    }
    Ok(ops)
}

/// A store entry (or its absence) that a verified header's `app_hash` commits to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvenState {
    /// The height H of the queried state (the header used is at H+1).
    pub height_of_query: u64,
    /// The store (module) name, the first part of the key path.
    pub store: String,
    /// The key within the store.
    pub key: Vec<u8>,
    /// The value, or `None` when the proof shows the key is absent.
    pub value: Option<Vec<u8>>,
}

/// Verifies an `/abci_query` response for `store` (the store name of the query path
/// `/store/<store>/key`) against `app_hash` of the verified header at `next_header_height`, which
/// must be `query.height + 1`.
///
/// An empty value is verified as absence (non-membership), as the Cosmos SDK does. The caller
/// should check that [`ProvenState::key`] is the key it asked for.
pub fn verify_abci_query(
    query: &AbciQuery,
    store: &str,
    next_header_height: u64,
    app_hash_of_next_header: &[u8],
) -> Result<ProvenState, Error> {
    if query.code != 0 {
        return Err(invalid("the query failed (non-zero code)"));
    }
    let ops = match &query.proof_ops {
        Some(ops) if !ops.is_empty() => ops,
        _ => return Err(invalid("no proof in the response")),
    };
    if query.height == 0 {
        return Err(invalid("the response has no height"));
    }
    if query.height.checked_add(1) != Some(next_header_height) {
        return Err(invalid("the app hash must come from the header at the query height + 1"));
    }
    let value = (!query.value.is_empty()).then_some(query.value.as_slice());
    verify_proof_ops(ops, &[store.as_bytes(), &query.key], value, app_hash_of_next_header)?;
    Ok(ProvenState {
        height_of_query: query.height,
        store: String::from(store),
        key: query.key.clone(),
        value: value.map(<[u8]>::to_vec),
    })
}

/// Runs proof operators as CometBFT's `ProofOperators.Verify` does: the `keypath` parts are
/// consumed from the end by the operators that carry a key, each operator's output root is the
/// next one's value, the last output must equal `root`, and every key must be used. `value` is
/// `None` to prove absence.
///
/// Supported operator types: `ics23:iavl` (IAVL spec), `ics23:simple` (Tendermint spec) and
/// `ics23:smt` (SMT spec, depth ≤ 256).
pub fn verify_proof_ops(ops: &[ProofOp], keypath: &[&[u8]], value: Option<&[u8]>, root: &[u8]) -> Result<(), Error> {
    if ops.is_empty() {
        return Err(invalid("no proof in the response"));
    }
    if ops.len() > MAX_PROOF_OPS {
        return Err(Error::InputTooLarge { what: "proof ops", len: ops.len(), max: MAX_PROOF_OPS });
    }
    let mut keys = keypath;
    let mut arg: Option<Vec<u8>> = value.map(<[u8]>::to_vec);
    for op in ops {
        if !op.key.is_empty() {
            let Some((last, rest)) = keys.split_last() else {
                return Err(invalid("a proof op has a key beyond the key path"));
            };
            if *last != op.key.as_slice() {
                return Err(invalid("a proof op's key does not match the key path"));
            }
            keys = rest;
        }
        let spec = match op.kind.as_str() {
            "ics23:iavl" => ics23::iavl_spec(),
            "ics23:simple" => ics23::tendermint_spec(),
            "ics23:smt" => ProofSpec { max_depth: 256, ..ics23::smt_spec() },
            _ => return Err(invalid("unsupported proof op type")),
        };
        if op.data.len() > MAX_PROOF_OP_LEN {
            return Err(Error::InputTooLarge { what: "proof op data", len: op.data.len(), max: MAX_PROOF_OP_LEN });
        }
        let proof = decode_commitment_proof(&op.data)?;
        // Bound the work before computing anything.
        check_depths(&proof, &checked_spec(&spec)?)?;
        let op_root = calculate_root(&proof)?;
        check(&proof, &spec, &op_root, &op.key, arg.as_deref())?;
        arg = Some(op_root);
    }
    if arg.as_deref() != Some(root) {
        return Err(Error::ProofRootMismatch { proof: "state" });
    }
    if !keys.is_empty() {
        return Err(invalid("the proof ops do not use the whole key path"));
    }
    Ok(())
}

/// Verifies one encoded ICS23 `CommitmentProof` (an existence or non-existence proof) under
/// `spec`: membership of `key → value` under `root`, or non-membership of `key` when `value` is
/// `None`. The spec must describe a binary tree (`child_order` a permutation of `[0, 1]`).
pub fn verify_ics23(
    proof: &[u8],
    spec: &ProofSpec,
    root: &[u8],
    key: &[u8],
    value: Option<&[u8]>,
) -> Result<(), Error> {
    if proof.len() > MAX_PROOF_OP_LEN {
        return Err(Error::InputTooLarge { what: "ICS23 proof", len: proof.len(), max: MAX_PROOF_OP_LEN });
    }
    let proof = decode_commitment_proof(proof)?;
    check(&proof, spec, root, key, value)
}

/// The root an encoded ICS23 existence proof leads to, without any spec check (the `ics23`
/// crate's `calculate_existence_root`; for a non-existence proof, that of its left neighbour, or
/// else its right one).
pub fn ics23_existence_root(proof: &[u8]) -> Result<Vec<u8>, Error> {
    if proof.len() > MAX_PROOF_OP_LEN {
        return Err(Error::InputTooLarge { what: "ICS23 proof", len: proof.len(), max: MAX_PROOF_OP_LEN });
    }
    calculate_root(&decode_commitment_proof(proof)?)
}

/// Longest path [`calculate_root`] computes (SMT trees are 256 deep).
const MAX_PATH_LEN: usize = 256;

fn calculate_root(proof: &CommitmentProof) -> Result<Vec<u8>, Error> {
    let exist = match &proof.proof {
        Some(Proof::Exist(e)) => e,
        Some(Proof::Nonexist(n)) => match (&n.left, &n.right) {
            (Some(e), _) | (None, Some(e)) => e,
            (None, None) => return Err(invalid("ICS23 non-existence proof has no neighbour")),
        },
        _ => return Err(invalid("only ICS23 existence and non-existence proofs are supported")),
    };
    existence_root(exist)
}

/// `ics23::calculate_existence_root` for paths of at most [`MAX_PATH_LEN`] steps (with `NO_HASH`
/// steps the intermediate values grow, so the work is quadratic in the path length).
fn existence_root(e: &ExistenceProof) -> Result<Vec<u8>, Error> {
    if e.path.len() > MAX_PATH_LEN {
        return Err(invalid("ICS23 path is longer than 256 steps"));
    }
    ics23::calculate_existence_root::<HostFunctionsManager>(e)
        .map_err(|_| invalid("ICS23 existence proof cannot be computed"))
}

/// Shape checks, then the `ics23` crate's verification.
fn check(
    proof: &CommitmentProof,
    spec: &ProofSpec,
    root: &[u8],
    key: &[u8],
    value: Option<&[u8]>,
) -> Result<(), Error> {
    let spec = checked_spec(spec)?;
    match (&proof.proof, value) {
        (Some(Proof::Exist(e)), Some(value)) => {
            check_depths(proof, &spec)?;
            if e.key != key {
                return Err(invalid("ICS23 proof is for another key"));
            }
            if e.value != value {
                return Err(invalid("ICS23 proof is for another value"));
            }
            if calculate_root(proof)? != root {
                return Err(Error::ProofRootMismatch { proof: "state" });
            }
            if !ics23::verify_membership::<HostFunctionsManager>(proof, &spec, &root.to_vec(), key, value) {
                return Err(invalid("ICS23 existence proof does not match the spec"));
            }
            Ok(())
        }
        (Some(Proof::Nonexist(n)), None) => {
            check_depths(proof, &spec)?;
            check_neighbours(n)?;
            if !names_key(n, &spec, key) {
                return Err(invalid("ICS23 proof is for another key"));
            }
            for e in [&n.left, &n.right].into_iter().flatten() {
                if existence_root(e)? != root {
                    return Err(Error::ProofRootMismatch { proof: "state" });
                }
            }
            if !ics23::verify_non_membership::<HostFunctionsManager>(proof, &spec, &root.to_vec(), key) {
                return Err(invalid("ICS23 non-existence proof does not exclude the key"));
            }
            Ok(())
        }
        (Some(Proof::Exist(_)), None) => Err(invalid("an existence proof cannot prove absence")),
        (Some(Proof::Nonexist(_)), Some(_)) => Err(invalid("a non-existence proof cannot prove a value")),
        _ => Err(invalid("only ICS23 existence and non-existence proofs are supported")),
    }
}

/// The spec with the default depth limit filled in, if it is one the `ics23` crate handles
/// without panicking: leaf and inner specs present, a binary `child_order`, and small
/// non-negative sizes.
fn checked_spec(spec: &ProofSpec) -> Result<ProofSpec, Error> {
    let bad = || invalid("unsupported ICS23 spec");
    let (Some(leaf), Some(inner)) = (&spec.leaf_spec, &spec.inner_spec) else { return Err(bad()) };
    let binary = matches!(inner.child_order.as_slice(), [0, 1] | [1, 0]);
    let small = |v: i32| (0..=4096).contains(&v);
    if !binary
        || !(1..=1024).contains(&inner.child_size)
        || !small(inner.min_prefix_length)
        || !small(inner.max_prefix_length)
        || inner.min_prefix_length > inner.max_prefix_length
        || inner.empty_child.len() > 1024
        || leaf.prefix.len() > 4096
        || !small(spec.min_depth)
        || !small(spec.max_depth)
        || (spec.max_depth > 0 && spec.min_depth > spec.max_depth)
    {
        return Err(bad());
    }
    let mut spec = spec.clone();
    if spec.max_depth == 0 {
        // The Rust crate compares with max_depth whenever min_depth is set; Go treats 0 as 128.
        spec.max_depth = DEFAULT_MAX_DEPTH as i32;
    }
    Ok(spec)
}

/// Path lengths of an existence proof, or of a non-existence proof's neighbours, within the spec.
fn check_depths(proof: &CommitmentProof, spec: &ProofSpec) -> Result<(), Error> {
    match &proof.proof {
        Some(Proof::Exist(e)) => check_depth(e, spec),
        Some(Proof::Nonexist(n)) => [&n.left, &n.right].into_iter().flatten().try_for_each(|e| check_depth(e, spec)),
        _ => Ok(()),
    }
}

fn check_depth(e: &ExistenceProof, spec: &ProofSpec) -> Result<(), Error> {
    // `checked_spec` made both depths small and non-negative.
    let (min, max) = (spec.min_depth as usize, spec.max_depth as usize);
    if e.path.len() > max {
        return Err(invalid("ICS23 path is deeper than the spec allows"));
    }
    if e.path.len() < min {
        return Err(invalid("ICS23 path is shallower than the spec requires"));
    }
    Ok(())
}

/// Whether a non-existence proof's own `key` field is `key` (or, for specs that compare prehashed
/// keys, `SHA256(key)`, as SMT proofs store it). The `ics23` crates (Go and Rust) ignore this
/// field; it is checked here so that a proof says what it proves.
fn names_key(n: &NonExistenceProof, spec: &ProofSpec, key: &[u8]) -> bool {
    if n.key == key {
        return true;
    }
    let prehash = spec.leaf_spec.as_ref().map_or(0, |l| l.prehash_key);
    match (spec.prehash_key_before_comparison, HashOp::try_from(prehash)) {
        (true, Ok(HashOp::Sha256)) => n.key.as_slice() == Sha256::digest(key).as_slice(),
        // Other prehash functions: the field is not checked (the neighbours still bound the key).
        (true, _) => true,
        (false, _) => false,
    }
}

/// A non-existence proof needs a neighbour, and with two neighbours their paths must diverge
/// before either runs out (the `ics23` crate unwraps there).
fn check_neighbours(n: &NonExistenceProof) -> Result<(), Error> {
    match (&n.left, &n.right) {
        (None, None) => Err(invalid("ICS23 non-existence proof has no neighbour")),
        (Some(left), Some(right)) => {
            let (mut l, mut r) = (left.path.as_slice(), right.path.as_slice());
            loop {
                let (Some((top_l, rest_l)), Some((top_r, rest_r))) = (l.split_last(), r.split_last()) else {
                    return Err(invalid("ICS23 neighbours' paths do not diverge"));
                };
                if top_l.prefix != top_r.prefix || top_l.suffix != top_r.suffix {
                    return Ok(());
                }
                (l, r) = (rest_l, rest_r);
            }
        }
        _ => Ok(()),
    }
}

// ---- protobuf decoding of ics23.CommitmentProof ----

fn malformed(reason: &'static str) -> Error {
    decode_err("ICS23 CommitmentProof", reason)
}

/// Decodes a protobuf `ics23.CommitmentProof` holding an existence or a non-existence proof.
/// Unknown fields are skipped; repeated singular fields, wrong wire types, groups, and batch or
/// compressed proofs are rejected.
pub fn decode_commitment_proof(bytes: &[u8]) -> Result<CommitmentProof, Error> {
    if bytes.len() > MAX_PROOF_OP_LEN {
        return Err(Error::InputTooLarge { what: "ICS23 proof", len: bytes.len(), max: MAX_PROOF_OP_LEN });
    }
    let mut r = Reader::new("ICS23 CommitmentProof", bytes);
    let mut proof = None;
    while let Some((field, wt)) = r.tag()? {
        match field {
            1 | 2 => {
                if proof.is_some() {
                    return Err(malformed("more than one proof in a CommitmentProof"));
                }
                let body = r.len_field(wt)?;
                proof = Some(if field == 1 {
                    Proof::Exist(decode_existence(body)?)
                } else {
                    Proof::Nonexist(decode_non_existence(body)?)
                });
            }
            3 | 4 => return Err(invalid("batch and compressed ICS23 proofs are not supported")),
            _ => r.skip(wt)?,
        }
    }
    if proof.is_none() {
        return Err(malformed("empty CommitmentProof"));
    }
    Ok(CommitmentProof { proof })
}

fn decode_existence(bytes: &[u8]) -> Result<ExistenceProof, Error> {
    let mut r = Reader::new("ICS23 CommitmentProof", bytes);
    let mut seen = 0;
    let mut e = ExistenceProof { key: Vec::new(), value: Vec::new(), leaf: None, path: Vec::new() };
    while let Some((field, wt)) = r.tag()? {
        match field {
            1 => {
                r.once(&mut seen, field)?;
                e.key = r.len_field(wt)?.to_vec();
            }
            2 => {
                r.once(&mut seen, field)?;
                e.value = r.len_field(wt)?.to_vec();
            }
            3 => {
                r.once(&mut seen, field)?;
                e.leaf = Some(decode_leaf(r.len_field(wt)?)?);
            }
            4 => e.path.push(decode_inner(r.len_field(wt)?)?),
            _ => r.skip(wt)?,
        }
    }
    Ok(e)
}

fn decode_non_existence(bytes: &[u8]) -> Result<NonExistenceProof, Error> {
    let mut r = Reader::new("ICS23 CommitmentProof", bytes);
    let mut seen = 0;
    let mut n = NonExistenceProof { key: Vec::new(), left: None, right: None };
    while let Some((field, wt)) = r.tag()? {
        match field {
            1 => {
                r.once(&mut seen, field)?;
                n.key = r.len_field(wt)?.to_vec();
            }
            2 => {
                r.once(&mut seen, field)?;
                n.left = Some(decode_existence(r.len_field(wt)?)?);
            }
            3 => {
                r.once(&mut seen, field)?;
                n.right = Some(decode_existence(r.len_field(wt)?)?);
            }
            _ => r.skip(wt)?,
        }
    }
    Ok(n)
}

fn decode_leaf(bytes: &[u8]) -> Result<LeafOp, Error> {
    let mut r = Reader::new("ICS23 CommitmentProof", bytes);
    let mut seen = 0;
    let mut leaf = LeafOp { hash: 0, prehash_key: 0, prehash_value: 0, length: 0, prefix: Vec::new() };
    while let Some((field, wt)) = r.tag()? {
        if (1..=5).contains(&field) {
            r.once(&mut seen, field)?;
        }
        match field {
            1 => leaf.hash = r.int32(wt)?,
            2 => leaf.prehash_key = r.int32(wt)?,
            3 => leaf.prehash_value = r.int32(wt)?,
            4 => leaf.length = r.int32(wt)?,
            5 => leaf.prefix = r.len_field(wt)?.to_vec(),
            _ => r.skip(wt)?,
        }
    }
    Ok(leaf)
}

fn decode_inner(bytes: &[u8]) -> Result<InnerOp, Error> {
    let mut r = Reader::new("ICS23 CommitmentProof", bytes);
    let mut seen = 0;
    let mut op = InnerOp { hash: 0, prefix: Vec::new(), suffix: Vec::new() };
    while let Some((field, wt)) = r.tag()? {
        if (1..=3).contains(&field) {
            r.once(&mut seen, field)?;
        }
        match field {
            1 => op.hash = r.int32(wt)?,
            2 => op.prefix = r.len_field(wt)?.to_vec(),
            3 => op.suffix = r.len_field(wt)?.to_vec(),
            _ => r.skip(wt)?,
        }
    }
    Ok(op)
}
