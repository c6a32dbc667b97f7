//! Inclusion proofs: that a transaction, its execution result or a piece of application state
//! belongs to a block whose header the light client has already verified.
//!
//! | claim | proof | checked against | module |
//! |---|---|---|---|
//! | tx bytes at position `i` of block H | RFC 6962 path over `SHA256(tx)` (`/tx?prove=true`) | `data_hash` of header **H** | [`tx`] |
//! | `ExecTxResult` `i` of block H | every result of block H (`/block_results`), or an RFC 6962 path | `last_results_hash` of header **H+1** | [`results`] |
//! | `store/key → value` (or absence) after block H | ICS23 proof ops (`/abci_query?prove=true`) | `app_hash` of header **H+1** | [`state`] |
//!
//! Every verifier takes the header field as bytes and trusts nothing else: verify the header first
//! (see [`super::verifier`]), then the proof against the field of that header. The functions
//! return a `Proven*` value holding only data the proof authenticated.
//!
//! Untrusted input is bounded before any work: JSON documents to [`MAX_JSON_LEN`], Merkle paths to
//! [`MAX_AUNTS`](super::merkle::MAX_AUNTS) aunts, proof operators to [`MAX_PROOF_OPS`] of at most
//! [`MAX_PROOF_OP_LEN`] bytes each, and block results to [`MAX_RESULTS`]. Nothing here panics on
//! any input.
//!
//! ```no_run
//! # fn main() -> Result<(), lightcheck::Error> {
//! # let (json, data_hash): (&[u8], [u8; 32]) = (&[], [0; 32]);
//! use lightcheck::cometbft::inclusion::{verify_tx, TxProof};
//! let proof = TxProof::from_json(json)?; // a `/tx?hash=…&prove=true` response
//! let tx = verify_tx(&proof, 58, &data_hash)?; // data_hash of the verified header at height 58
//! println!("tx {:02X?} is #{} of {} in block {}", tx.tx_hash, tx.index, tx.total, tx.height);
//! # Ok(()) }
//! ```

pub mod results;
pub mod state;
pub mod tx;

pub use results::{
    results_root, verify_block_results, verify_tx_result, verify_tx_result_proof, BlockResults, ExecTxResult,
    ProvenTxResult,
};
pub use state::{
    decode_commitment_proof, ics23_existence_root, verify_abci_query, verify_ics23, verify_proof_ops, AbciQuery,
    ProofOp, ProvenState,
};
pub use tx::{tx_search_proofs, verify_tx, ProvenTx, TxProof};

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use base64::Engine;
use serde_json::Value;

use super::merkle::Hash;
use crate::cometbft::Error;

/// Largest JSON document (an RPC response) the decoders here accept, checked before parsing:
/// the one limit of every CometBFT JSON decoder.
pub use super::json::MAX_JSON_LEN;

/// Most proof operators an `/abci_query` proof may carry (Cosmos SDK multistore proofs have 2).
pub const MAX_PROOF_OPS: usize = 4;

/// Largest `data` of one proof operator (an encoded ICS23 `CommitmentProof`), in bytes.
pub const MAX_PROOF_OP_LEN: usize = 64 * 1024;

/// Most transaction results one block may have.
pub const MAX_RESULTS: usize = 100_000;

use super::json::decode_err;

/// Parses an RPC response after the size check (the same reader as the light-block decoders).
fn parse_json(what: &'static str, bytes: &[u8]) -> Result<Value, Error> {
    super::json::parse(what, bytes)
}

use super::json::rpc_result;

/// `obj[key]`, with JSON `null` read as absent.
fn opt<'a>(obj: &'a Value, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

/// `obj[key]`, which must be present and not `null`.
fn req<'a>(obj: &'a Value, key: &str, field: &str) -> Result<&'a Value, Error> {
    opt(obj, key).ok_or_else(|| decode_err(field, "missing"))
}

/// Joins a field path for error messages (`"proof"` + `"total"` → `"proof.total"`).
fn path(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        String::from(key)
    } else {
        format!("{prefix}.{key}")
    }
}

/// A non-negative integer written as a JSON number or a decimal string.
fn as_u64(v: &Value, field: &str) -> Result<u64, Error> {
    match v {
        Value::Number(n) => n.as_u64().ok_or_else(|| decode_err(field, "not a non-negative integer")),
        Value::String(s) => parse_decimal(s).ok_or_else(|| decode_err(field, "not a non-negative integer")),
        _ => Err(decode_err(field, "not an integer")),
    }
}

/// A signed 64-bit integer written as a JSON number or a decimal string.
fn as_i64(v: &Value, field: &str) -> Result<i64, Error> {
    match v {
        Value::Number(n) => n.as_i64().ok_or_else(|| decode_err(field, "not a 64-bit integer")),
        Value::String(s) => {
            let (negative, digits) = match s.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, s.as_str()),
            };
            let magnitude = parse_decimal(digits).ok_or_else(|| decode_err(field, "not a 64-bit integer"))?;
            let value = if negative { 0i64.checked_sub_unsigned(magnitude) } else { i64::try_from(magnitude).ok() };
            value.ok_or_else(|| decode_err(field, "out of the int64 range"))
        }
        _ => Err(decode_err(field, "not an integer")),
    }
}

/// ASCII digits only (no sign, no spaces), without overflow.
fn parse_decimal(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u64, |acc, b| {
        if b.is_ascii_digit() {
            acc.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

/// Standard base64 (with padding); `null` or absent is empty.
fn as_base64(v: Option<&Value>, field: &str) -> Result<Vec<u8>, Error> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => base64::engine::general_purpose::STANDARD.decode(s).map_err(|e| decode_err(field, e)),
        Some(_) => Err(decode_err(field, "not a base64 string")),
    }
}

/// Hex, either case.
fn as_hex(v: &Value, field: &str) -> Result<Vec<u8>, Error> {
    match v {
        Value::String(s) => hex::decode(s).map_err(|e| decode_err(field, e)),
        _ => Err(decode_err(field, "not a hex string")),
    }
}

/// Exactly 32 bytes.
fn as_hash(bytes: &[u8], field: &str) -> Result<Hash, Error> {
    Hash::try_from(bytes).map_err(|_| decode_err(field, "not 32 bytes"))
}
