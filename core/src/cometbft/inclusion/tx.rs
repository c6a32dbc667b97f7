//! Transaction inclusion: tx bytes → `data_hash` of header H (`types/tx.go TxProof.Validate`).
//!
//! `header(H).data_hash` is the RFC 6962 root over the **hashes** of the block's transactions, so
//! the proof's leaf is `SHA256(0x00 ‖ SHA256(tx))`. The RPC returns the proof from
//! `/tx?hash=…&prove=true` and with each item of `/tx_search?query=…&prove=true`:
//!
//! ```json
//! {"hash": "9F28…", "height": "58", "index": 0, "tx": "<base64>", "tx_result": {…},
//!  "proof": {"root_hash": "3081…", "data": "<base64 tx>",
//!            "proof": {"total": "1", "index": "0", "leaf_hash": "<base64>", "aunts": ["<base64>", …]}}}
//! ```
//!
//! Verify against the header at the **same** height H (as the Go light proxy does).

use alloc::format;
use alloc::vec::Vec;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::results::ExecTxResult;
use super::{as_base64, as_hash, as_hex, as_u64, decode_err, opt, parse_json, path, req, rpc_result};
use crate::cometbft::merkle::{leaf_hash, root_from_aunts, Hash, MAX_AUNTS};
use crate::cometbft::Error;

fn invalid(reason: &'static str) -> Error {
    Error::ProofInvalid { proof: "tx", reason }
}

/// A transaction inclusion proof as the RPC returns it. Nothing in it is trusted until
/// [`verify_tx`] accepts it against a verified header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxProof {
    /// The root the proof leads to (`proof.root_hash`); must equal the header's `data_hash`.
    pub root_hash: Hash,
    /// The transaction bytes (`proof.data`).
    pub data: Vec<u8>,
    /// Number of transactions in the block.
    pub total: u64,
    /// Position of the transaction in the block.
    pub index: u64,
    /// `SHA256(0x00 ‖ SHA256(tx))`.
    pub leaf_hash: Hash,
    /// Sibling hashes from the bottom of the tree up.
    pub aunts: Vec<Hash>,
    /// The response's `height`, if it has one: the block the server claims holds the transaction.
    pub height: Option<u64>,
    /// The response's `hash` (the tx hash the server shows), if it has one.
    pub hash: Option<Hash>,
    /// The response's `tx_result`, if it has one. Not covered by this proof: prove it with
    /// [`super::verify_tx_result`] against header H+1.
    pub tx_result: Option<ExecTxResult>,
}

/// A transaction that a verified header's `data_hash` commits to.
///
/// The transaction's inclusion is proven; its `index` and the block's `total` only as far as
/// RFC 6962 proofs bind them. The aunts fix the leaf's left/right turns from the root, not the
/// tree's size, so other `(index, total)` pairs can share them (index 0 of 5 to 8 transactions,
/// or index 2 of 3 and index 1 of 2). CometBFT's Go verifier has the same property. Rely on
/// `index` and `total` only if the block's transaction count is known from elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvenTx {
    /// Height of the block (and of the header whose `data_hash` was used).
    pub height: u64,
    /// The transaction bytes.
    pub tx: Vec<u8>,
    /// `SHA256(tx)`, the hash CometBFT indexes transactions by.
    pub tx_hash: Hash,
    /// Position of the transaction in the block.
    pub index: u64,
    /// Number of transactions in the block.
    pub total: u64,
}

impl TxProof {
    /// Decodes a `/tx?prove=true` response, with or without the JSON-RPC envelope.
    pub fn from_json(json: &[u8]) -> Result<TxProof, Error> {
        let doc = parse_json("tx response", json)?;
        TxProof::from_value(rpc_result(&doc)?, "")
    }

    /// Decodes one `/tx` result object (or one item of `/tx_search`'s `txs`); `field` prefixes the
    /// field names in errors.
    pub fn from_value(v: &Value, field: &str) -> Result<TxProof, Error> {
        if !v.is_object() {
            return Err(decode_err(field, "not a JSON object"));
        }
        let Some(outer) = opt(v, "proof") else { return Err(invalid("no proof in the response")) };
        let outer_field = path(field, "proof");
        let inner_field = path(&outer_field, "proof");
        let inner = req(outer, "proof", &inner_field)?;

        let root_field = path(&outer_field, "root_hash");
        let root_hash = as_hash(&as_hex(req(outer, "root_hash", &root_field)?, &root_field)?, &root_field)?;
        let data = as_base64(opt(outer, "data"), &path(&outer_field, "data"))?;

        let total = as_u64(req(inner, "total", &path(&inner_field, "total"))?, &path(&inner_field, "total"))?;
        let index = as_u64(req(inner, "index", &path(&inner_field, "index"))?, &path(&inner_field, "index"))?;
        let leaf_field = path(&inner_field, "leaf_hash");
        let leaf_hash = as_hash(&as_base64(Some(req(inner, "leaf_hash", &leaf_field)?), &leaf_field)?, &leaf_field)?;
        let aunts_field = path(&inner_field, "aunts");
        let aunts = match opt(inner, "aunts") {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                if items.len() > MAX_AUNTS {
                    return Err(invalid("more aunts than MAX_AUNTS"));
                }
                let mut aunts = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let f = format!("{aunts_field}[{i}]");
                    aunts.push(as_hash(&as_base64(Some(item), &f)?, &f)?);
                }
                aunts
            }
            Some(_) => return Err(decode_err(&aunts_field, "not an array")),
        };

        let height = opt(v, "height").map(|h| as_u64(h, &path(field, "height"))).transpose()?;
        let hash = match opt(v, "hash") {
            Some(h) => Some(as_hash(&as_hex(h, &path(field, "hash"))?, &path(field, "hash"))?),
            None => None,
        };
        // The response repeats the tx and its position outside the proof; they must agree with it.
        if let Some(tx) = opt(v, "tx") {
            if as_base64(Some(tx), &path(field, "tx"))? != data {
                return Err(invalid("the response's tx differs from the proof's data"));
            }
        }
        if let Some(i) = opt(v, "index") {
            if as_u64(i, &path(field, "index"))? != index {
                return Err(invalid("the response's index differs from the proof's index"));
            }
        }
        let tx_result =
            opt(v, "tx_result").map(|r| ExecTxResult::from_value(r, &path(field, "tx_result"))).transpose()?;

        Ok(TxProof { root_hash, data, total, index, leaf_hash, aunts, height, hash, tx_result })
    }
}

/// Decodes every proof of a `/tx_search?prove=true` response (with or without the JSON-RPC
/// envelope), in response order. An item without a proof is an error.
pub fn tx_search_proofs(json: &[u8]) -> Result<Vec<TxProof>, Error> {
    let doc = parse_json("tx_search response", json)?;
    let result = rpc_result(&doc)?;
    let items = match opt(result, "txs") {
        None => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(decode_err("txs", "not an array")),
    };
    items.iter().enumerate().map(|(i, item)| TxProof::from_value(item, &format!("txs[{i}]"))).collect()
}

/// Verifies that `proof.data` is transaction `proof.index` of the block at `height` whose verified
/// header has `data_hash`.
///
/// Checks: `0 < total`, `index < total`, at most `MAX_AUNTS` aunts, the response's height (if any)
/// is `height`, `leaf_hash == SHA256(0x00 ‖ SHA256(tx))`, the response's `hash` (if any) is
/// `SHA256(tx)`, the aunts lead from the leaf to `root_hash`, and `root_hash == data_hash`.
pub fn verify_tx(proof: &TxProof, height: u64, data_hash: &[u8]) -> Result<ProvenTx, Error> {
    if proof.total == 0 {
        return Err(invalid("total is zero"));
    }
    if proof.index >= proof.total {
        return Err(invalid("index is not below total"));
    }
    if proof.aunts.len() > MAX_AUNTS {
        return Err(invalid("more aunts than MAX_AUNTS"));
    }
    if proof.height.is_some_and(|h| h != height) {
        return Err(invalid("the proof is for a block at another height"));
    }
    let tx_hash: Hash = Sha256::digest(&proof.data).into();
    if leaf_hash(&tx_hash) != proof.leaf_hash {
        return Err(invalid("leaf_hash is not SHA256(0x00 || SHA256(tx))"));
    }
    if proof.hash.is_some_and(|h| h != tx_hash) {
        return Err(invalid("the response's hash is not SHA256(tx)"));
    }
    match root_from_aunts(proof.index, proof.total, proof.leaf_hash, &proof.aunts) {
        None => return Err(invalid("the number of aunts does not fit index and total")),
        Some(root) if root != proof.root_hash => return Err(invalid("the aunts do not lead to root_hash")),
        Some(_) => {}
    }
    if proof.root_hash.as_slice() != data_hash {
        return Err(Error::ProofRootMismatch { proof: "tx" });
    }
    Ok(ProvenTx { height, tx: proof.data.clone(), tx_hash, index: proof.index, total: proof.total })
}
