//! A CometBFT RPC node as a light-block provider: `/status`, `/commit`, paged `/validators`,
//! `/block`, `/block_results`, `/tx?prove=true` and `/broadcast_evidence`. Nothing it returns is
//! trusted; it only checks what a provider must (the height asked for, the chain, the sizes) so
//! that a misbehaving node is named early.

use std::cell::Cell;

use lightcheck::cometbft::{json, LightBlock, LightClientAttackEvidence, SignedHeader, ValidatorSet};
use serde_json::Value;

use crate::error::NetError;
use crate::http::{Response, Transport};

/// Caps on what one node may make the client read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest response body in bytes for `/commit`, `/validators`, `/status`, `/tx`.
    pub max_response: usize,
    /// Largest `/block` or `/block_results` body.
    pub max_block_response: usize,
    /// Validators per `/validators` page (CometBFT's maximum is 100).
    pub per_page: u32,
    /// Most `/validators` pages read for one set (Go: 100, i.e. 10,000 validators).
    pub max_pages: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_response: 4 << 20, max_block_response: 32 << 20, per_page: 100, max_pages: 100 }
    }
}

/// What `/status` says (untrusted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// `node_info.network`.
    pub chain_id: String,
    /// `sync_info.latest_block_height`.
    pub latest_height: u64,
}

/// One RPC node.
#[derive(Debug, Clone)]
pub struct RpcNode {
    base: String,
    transport: Transport,
    limits: Limits,
    chain_id: Option<String>,
    requests: Cell<u64>,
}

impl RpcNode {
    /// A node at `url` (`http://host:port` or `https://…`, with or without a trailing slash).
    pub fn new(url: &str, transport: Transport, limits: Limits) -> RpcNode {
        RpcNode {
            base: url.trim_end_matches('/').to_string(),
            transport,
            limits,
            chain_id: None,
            requests: Cell::new(0),
        }
    }

    /// The node's URL.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// Requires every header from this node to be of `chain_id`.
    pub fn set_chain_id(&mut self, chain_id: &str) {
        self.chain_id = Some(chain_id.to_string());
    }

    /// HTTP requests made so far (retries included).
    pub fn requests(&self) -> u64 {
        self.requests.get()
    }

    fn get(&self, endpoint: &'static str, query: &str, max: usize, height: Option<u64>) -> Result<Vec<u8>, NetError> {
        let url = if query.is_empty() {
            format!("{}/{endpoint}", self.base)
        } else {
            format!("{}/{endpoint}?{query}", self.base)
        };
        self.requests.set(self.requests.get() + 1);
        let response = self.transport.get(&url, max, endpoint)?;
        checked(response, &url, endpoint, height)
    }

    /// `/status`.
    pub fn status(&self) -> Result<Status, NetError> {
        let body = self.get("status", "", self.limits.max_response, None)?;
        let malformed = |reason: &str| NetError::Malformed { endpoint: "status", reason: reason.into() };
        let v: Value = serde_json::from_slice(&body).map_err(|e| malformed(&e.to_string()))?;
        let r = v.get("result").unwrap_or(&v);
        let chain_id =
            r.pointer("/node_info/network").and_then(Value::as_str).ok_or_else(|| malformed("no node_info.network"))?;
        let latest_height = r
            .pointer("/sync_info/latest_block_height")
            .and_then(Value::as_str)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| malformed("no sync_info.latest_block_height"))?;
        Ok(Status { chain_id: chain_id.to_string(), latest_height })
    }

    /// `/commit` at `height` (`None`: the latest).
    pub fn signed_header(&self, height: Option<u64>) -> Result<SignedHeader, NetError> {
        let query = height.map(|h| format!("height={h}")).unwrap_or_default();
        let body = self.get("commit", &query, self.limits.max_response, height)?;
        let sh = json::signed_header_from_json(&body)
            .map_err(|e| NetError::Malformed { endpoint: "commit", reason: e.to_string() })?;
        if let Some(h) = height {
            if sh.header.height != h {
                return Err(NetError::Malformed {
                    endpoint: "commit",
                    reason: format!("asked for height {h}, got {}", sh.header.height),
                });
            }
        }
        if let Some(expected) = &self.chain_id {
            if &sh.header.chain_id != expected {
                return Err(NetError::WrongChain { expected: expected.clone(), found: sh.header.chain_id.clone() });
            }
        }
        Ok(sh)
    }

    /// The validator set at `height`, every page of `/validators` (at most `max_pages`).
    pub fn validators(&self, height: u64) -> Result<ValidatorSet, NetError> {
        let malformed = |reason: String| NetError::Malformed { endpoint: "validators", reason };
        let per_page = self.limits.per_page;
        let mut pages: Vec<Vec<u8>> = Vec::new();
        let mut total: Option<u64> = None;
        for page in 1..=self.limits.max_pages {
            let query = format!("height={height}&page={page}&per_page={per_page}");
            let body = self.get("validators", &query, self.limits.max_response, Some(height))?;
            let head: Value = serde_json::from_slice(&body).map_err(|e| malformed(e.to_string()))?;
            let r = head.get("result").unwrap_or(&head);
            let page_total: u64 = r
                .get("total")
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok())
                .filter(|t| *t > 0)
                .ok_or_else(|| malformed("no positive `total`".into()))?;
            if r.get("block_height").and_then(Value::as_str).and_then(|s| s.parse::<u64>().ok()) != Some(height) {
                return Err(malformed(format!("not the validators of height {height}")));
            }
            let count = r.get("validators").and_then(Value::as_array).map_or(0, Vec::len);
            if count == 0 {
                return Err(malformed(format!("page {page} is empty")));
            }
            if total.replace(page_total).is_some_and(|t| t != page_total) {
                return Err(malformed("pages disagree on the total".into()));
            }
            pages.push(body);
            if u64::from(page) * u64::from(per_page) >= page_total {
                let refs: Vec<&[u8]> = pages.iter().map(Vec::as_slice).collect();
                return json::validator_set_from_json_pages(&refs).map_err(|e| malformed(e.to_string()));
            }
        }
        Err(malformed(format!("more than {} pages of validators", self.limits.max_pages)))
    }

    /// The light block at `height` (`None`: the latest), with its next validator set (the
    /// block's own set when the header says they are equal, else `/validators` at height + 1;
    /// absent only when the node does not have it yet).
    pub fn light_block(&self, height: Option<u64>) -> Result<LightBlock, NetError> {
        let signed_header = self.signed_header(height)?;
        let h = signed_header.header.height;
        let validators = self.validators(h)?;
        let header = &signed_header.header;
        let next_validators = if header.next_validators_hash == header.validators_hash {
            Some(validators.clone())
        } else {
            match self.validators(h + 1) {
                Ok(set) => Some(set),
                Err(NetError::HeightTooHigh { .. }) => None,
                Err(e) => return Err(e),
            }
        };
        Ok(LightBlock { signed_header, validators, next_validators })
    }

    /// `/block_results` at `height`, raw (the core's reader decodes it).
    pub fn block_results(&self, height: u64) -> Result<Vec<u8>, NetError> {
        self.get("block_results", &format!("height={height}"), self.limits.max_block_response, Some(height))
    }

    /// `/block` at `height`, raw.
    pub fn block(&self, height: u64) -> Result<Vec<u8>, NetError> {
        self.get("block", &format!("height={height}"), self.limits.max_block_response, Some(height))
    }

    /// `/tx?hash=0x…&prove=true`, raw.
    pub fn tx(&self, hash: &[u8; 32]) -> Result<Vec<u8>, NetError> {
        self.get("tx", &format!("hash=0x{}&prove=true", hex::encode(hash)), self.limits.max_response, None)
    }

    /// Posts evidence to `/broadcast_evidence` (JSON-RPC); returns the hash the node reports.
    /// An error means the node refused it (its message says why) or could not be reached.
    pub fn broadcast_evidence(&self, evidence: &LightClientAttackEvidence) -> Result<String, NetError> {
        let request = serde_json::json!({
            "jsonrpc": "2.0", "id": 1, "method": "broadcast_evidence",
            "params": { "evidence": evidence.to_json() },
        });
        let body = serde_json::to_vec(&request)
            .map_err(|e| NetError::Malformed { endpoint: "broadcast_evidence", reason: e.to_string() })?;
        self.requests.set(self.requests.get() + 1);
        let response = self.transport.post_json(&self.base, &body, self.limits.max_response, "broadcast_evidence")?;
        let body = checked(response, &self.base, "broadcast_evidence", None)?;
        let v: Value = serde_json::from_slice(&body)
            .map_err(|e| NetError::Malformed { endpoint: "broadcast_evidence", reason: e.to_string() })?;
        if let Some(message) = rpc_error_message(&v) {
            return Err(NetError::Rpc { endpoint: "broadcast_evidence", message });
        }
        v.pointer("/result/hash")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or(NetError::Malformed { endpoint: "broadcast_evidence", reason: "no result.hash".into() })
    }
}

/// The message of a JSON-RPC error object (`message` and `data`), cut to 200 characters.
fn rpc_error_message(v: &Value) -> Option<String> {
    let e = v.get("error")?;
    if e.is_null() {
        return None;
    }
    let message = e.get("message").and_then(Value::as_str).unwrap_or("");
    let data = e.get("data").and_then(Value::as_str).unwrap_or("");
    let text = format!("{message}: {data}");
    Some(text.chars().take(200).collect())
}

/// Turns a response into its body, or into the error the node meant: CometBFT answers errors
/// with a non-200 status and a JSON-RPC error whose text says what happened.
fn checked(response: Response, url: &str, endpoint: &'static str, height: Option<u64>) -> Result<Vec<u8>, NetError> {
    if response.status == 200 {
        return Ok(response.body);
    }
    let Ok(v) = serde_json::from_slice::<Value>(&response.body) else {
        return Err(NetError::Status { url: url.into(), status: response.status });
    };
    let Some(message) = rpc_error_message(&v) else {
        return Err(NetError::Status { url: url.into(), status: response.status });
    };
    let h = height.unwrap_or(0);
    if message.contains("must be less than or equal to the current blockchain height") {
        Err(NetError::HeightTooHigh { height: h })
    } else if message.contains("is not available, lowest height is")
        || message.contains("could not find results for height")
    {
        Err(NetError::NotAvailable { height: h })
    } else if message.contains("Timeout exceeded") || message.contains("timed out") {
        Err(NetError::Timeout { url: url.into() })
    } else {
        Err(NetError::Rpc { endpoint, message })
    }
}
