//! Transaction results: `ExecTxResult`s of block H → `last_results_hash` of header **H+1**.
//!
//! `last_results_hash` is the RFC 6962 root over the deterministic encoding of each result, in
//! block order (`state/store.go TxResultsHash`, `abci/types DeterministicExecTxResult`). Only four
//! fields are kept, with proto3 omission of zero values:
//!
//! | field | number | type |
//! |---|---|---|
//! | `code` | 1 | uint32 varint |
//! | `data` | 2 | bytes |
//! | `gas_wanted` | 5 | int64 varint (negative: 10 bytes) |
//! | `gas_used` | 6 | int64 varint |
//!
//! `log`, `info`, `events` and `codespace` are not committed to, so they cannot be proven: only
//! [`ExecTxResult`]'s four fields are. The message is `ResponseDeliverTx` in 0.34/0.37 and
//! `ExecTxResult` in 0.38+, with the same field numbers. No RPC endpoint returns a results proof:
//! recompute the root from all results of the block ([`verify_tx_result`], fed by
//! `/block_results`), or check a server-built path ([`verify_tx_result_proof`]).

use alloc::format;
use alloc::vec::Vec;

use serde_json::Value;

use super::{as_base64, as_i64, as_u64, decode_err, opt, parse_json, path, rpc_result, MAX_RESULTS};
use crate::codec::proto::Writer;
use crate::cometbft::merkle::{leaf_hash, root_from_aunts, root_from_leaf_hashes, Hash, MAX_AUNTS};
use crate::cometbft::Error;

fn invalid(reason: &'static str) -> Error {
    Error::ProofInvalid { proof: "tx_result", reason }
}

/// The committed part of a transaction's execution result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecTxResult {
    /// 0 on success, otherwise an application error code.
    pub code: u32,
    /// Application data returned by the transaction (e.g. EVM logs on Cosmos EVM chains).
    pub data: Vec<u8>,
    /// Gas requested by the transaction.
    pub gas_wanted: i64,
    /// Gas used by the transaction.
    pub gas_used: i64,
}

impl ExecTxResult {
    /// The deterministic protobuf encoding that is hashed into `last_results_hash`: fields 1, 2,
    /// 5 and 6, each omitted when zero or empty.
    pub fn deterministic_bytes(&self) -> Vec<u8> {
        Writer::default()
            .varint(1, u64::from(self.code))
            .bytes(2, &self.data)
            .varint(5, self.gas_wanted as u64)
            .varint(6, self.gas_used as u64)
            .finish()
    }

    /// The RFC 6962 leaf of this result: `SHA256(0x00 ‖ deterministic_bytes)`.
    pub fn leaf_hash(&self) -> Hash {
        leaf_hash(&self.deterministic_bytes())
    }

    /// Decodes one RPC result object (`{"code", "data" (base64), "gas_wanted", "gas_used", …}`);
    /// absent or `null` fields are zero, integers may be strings; other fields are ignored.
    pub fn from_value(v: &Value, field: &str) -> Result<ExecTxResult, Error> {
        if !v.is_object() {
            return Err(decode_err(field, "not a JSON object"));
        }
        let code = match opt(v, "code") {
            Some(c) => {
                let f = path(field, "code");
                u32::try_from(as_u64(c, &f)?).map_err(|_| decode_err(&f, "out of the uint32 range"))?
            }
            None => 0,
        };
        let int = |key: &str| opt(v, key).map_or(Ok(0), |x| as_i64(x, &path(field, key)));
        Ok(ExecTxResult {
            code,
            data: as_base64(opt(v, "data"), &path(field, "data"))?,
            gas_wanted: int("gas_wanted")?,
            gas_used: int("gas_used")?,
        })
    }
}

/// `last_results_hash` for a block with these results: the RFC 6962 root over their
/// deterministic encodings (`SHA256("")` for no results).
pub fn results_root(results: &[ExecTxResult]) -> Hash {
    let leaves: Vec<Hash> = results.iter().map(ExecTxResult::leaf_hash).collect();
    root_from_leaf_hashes(&leaves)
}

/// The results of one block, as `/block_results?height=H` returns them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockResults {
    /// The block height H (its results are committed to by header H+1).
    pub height: u64,
    /// One result per transaction, in block order.
    pub results: Vec<ExecTxResult>,
}

impl BlockResults {
    /// Decodes a `/block_results` response, with or without the JSON-RPC envelope. Results are
    /// read from `txs_results` (or `tx_results`); `null` or absent means no transactions.
    pub fn from_json(json: &[u8]) -> Result<BlockResults, Error> {
        let doc = parse_json("block_results response", json)?;
        BlockResults::from_value(rpc_result(&doc)?)
    }

    /// Decodes the `result` object of a `/block_results` response.
    pub fn from_value(v: &Value) -> Result<BlockResults, Error> {
        if !v.is_object() {
            return Err(decode_err("block_results", "not a JSON object"));
        }
        let height = as_u64(opt(v, "height").ok_or_else(|| decode_err("height", "missing"))?, "height")?;
        let (key, list) = match (opt(v, "txs_results"), opt(v, "tx_results")) {
            (Some(_), Some(_)) => return Err(decode_err("txs_results", "both txs_results and tx_results")),
            (Some(l), None) => ("txs_results", Some(l)),
            (None, Some(l)) => ("tx_results", Some(l)),
            (None, None) => ("txs_results", None),
        };
        let results = match list {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                if items.len() > MAX_RESULTS {
                    return Err(Error::InputTooLarge { what: "block results", len: items.len(), max: MAX_RESULTS });
                }
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| ExecTxResult::from_value(item, &format!("{key}[{i}]")))
                    .collect::<Result<Vec<_>, Error>>()?
            }
            Some(_) => return Err(decode_err(key, "not an array")),
        };
        Ok(BlockResults { height, results })
    }
}

/// A transaction result that a verified header's `last_results_hash` commits to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvenTxResult {
    /// Height of the block that executed the transaction (the header used is at `height + 1`).
    pub height: u64,
    /// Position of the transaction in the block.
    pub index: u64,
    /// The committed fields of the result.
    pub result: ExecTxResult,
}

/// Verifies that `results` are all the results of a block whose **next** header (H+1) has
/// `last_results_hash`.
pub fn verify_block_results(results: &[ExecTxResult], last_results_hash_of_next_header: &[u8]) -> Result<(), Error> {
    if results.len() > MAX_RESULTS {
        return Err(Error::InputTooLarge { what: "block results", len: results.len(), max: MAX_RESULTS });
    }
    if results_root(results).as_slice() != last_results_hash_of_next_header {
        return Err(Error::ProofRootMismatch { proof: "tx_result" });
    }
    Ok(())
}

/// Verifies result `index` of block `block_height` by recomputing the root over **all** of the
/// block's `results` and comparing it with `last_results_hash` of the verified header at
/// `block_height + 1`.
pub fn verify_tx_result(
    results: &[ExecTxResult],
    index: u64,
    block_height: u64,
    last_results_hash_of_next_header: &[u8],
) -> Result<ProvenTxResult, Error> {
    verify_block_results(results, last_results_hash_of_next_header)?;
    let result = usize::try_from(index)
        .ok()
        .and_then(|i| results.get(i))
        .ok_or_else(|| invalid("index is not below the number of results"))?;
    Ok(ProvenTxResult { height: block_height, index, result: result.clone() })
}

/// Verifies result `index` of a `total`-result block `block_height` with an RFC 6962 path
/// (`aunts`, bottom-up) built by a server, against `last_results_hash` of the verified header at
/// `block_height + 1`.
///
/// As with transactions ([`super::ProvenTx`]), such a path does not bind `index` and `total`
/// exactly: pass the `index` of the transaction proven with [`super::verify_tx`] and its block's
/// real `total`, not values taken from the server.
pub fn verify_tx_result_proof(
    result: &ExecTxResult,
    index: u64,
    total: u64,
    aunts: &[Hash],
    block_height: u64,
    last_results_hash_of_next_header: &[u8],
) -> Result<ProvenTxResult, Error> {
    if total == 0 {
        return Err(invalid("total is zero"));
    }
    if index >= total {
        return Err(invalid("index is not below total"));
    }
    if total > MAX_RESULTS as u64 {
        return Err(invalid("total exceeds MAX_RESULTS"));
    }
    if aunts.len() > MAX_AUNTS {
        return Err(invalid("more aunts than MAX_AUNTS"));
    }
    let root = root_from_aunts(index, total, result.leaf_hash(), aunts)
        .ok_or_else(|| invalid("the number of aunts does not fit index and total"))?;
    if root.as_slice() != last_results_hash_of_next_header {
        return Err(Error::ProofRootMismatch { proof: "tx_result" });
    }
    Ok(ProvenTxResult { height: block_height, index, result: result.clone() })
}
