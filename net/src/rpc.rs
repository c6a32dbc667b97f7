//! A CometBFT RPC node as a light-block provider: `/status`, `/commit`, paged `/validators`,
//! `/block`, `/block_results`, `/tx?prove=true` and `/broadcast_evidence`, over the blocking
//! [`Transport`]. What an answer means (CometBFT's error texts, the height and chain checks, the
//! page checks) is the core's [`lightcheck::cometbft::rpc`], shared with the npm package;
//! nothing a node returns is trusted.

use std::sync::atomic::{AtomicU64, Ordering};

use lightcheck::cometbft::rpc::{self, Status, ValidatorPages};
use lightcheck::cometbft::{LightBlock, LightClientAttackEvidence, SignedHeader, ValidatorSet};

use crate::http::Transport;
use crate::NetError;

/// Caps on what one node may make the client read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest response body in bytes for `/commit`, `/validators`, `/status`, `/tx`.
    pub max_response: usize,
    /// Largest `/block` or `/block_results` body.
    pub max_block_response: usize,
    /// Most bytes of `/validators` pages for one set (a 10,000-validator set is about 2 MB).
    pub max_validator_set: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_response: 4 << 20, max_block_response: 32 << 20, max_validator_set: 16 << 20 }
    }
}

/// One RPC node. Shared between threads when witnesses are asked at once (the request count
/// is atomic for that).
#[derive(Debug)]
pub struct RpcNode {
    base: String,
    transport: Transport,
    limits: Limits,
    chain_id: Option<String>,
    requests: AtomicU64,
}

impl Clone for RpcNode {
    fn clone(&self) -> RpcNode {
        RpcNode {
            base: self.base.clone(),
            transport: self.transport.clone(),
            limits: self.limits,
            chain_id: self.chain_id.clone(),
            requests: AtomicU64::new(self.requests()),
        }
    }
}

impl RpcNode {
    /// A node at `url` (`http://host:port` or `https://…`, with or without a trailing slash;
    /// no query or fragment).
    pub fn new(url: &str, transport: Transport, limits: Limits) -> Result<RpcNode, NetError> {
        let base = rpc::base_url(url)?;
        Ok(RpcNode { base, transport, limits, chain_id: None, requests: AtomicU64::new(0) })
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
        self.requests.load(Ordering::Relaxed)
    }

    fn get(&self, endpoint: &'static str, query: &str, max: usize, height: Option<u64>) -> Result<Vec<u8>, NetError> {
        let url = if query.is_empty() {
            format!("{}/{endpoint}", self.base)
        } else {
            format!("{}/{endpoint}?{query}", self.base)
        };
        self.requests.fetch_add(1, Ordering::Relaxed);
        let response = self.transport.get(&url, max, endpoint)?;
        rpc::response_body(response.status, response.body, &url, endpoint, height)
    }

    /// `/status`.
    pub fn status(&self) -> Result<Status, NetError> {
        rpc::status(&self.get("status", "", self.limits.max_response, None)?)
    }

    /// `/commit` at `height` (`None`: the latest), of that height and of the node's chain.
    pub fn signed_header(&self, height: Option<u64>) -> Result<SignedHeader, NetError> {
        let body = self.get("commit", &rpc::commit_query(height), self.limits.max_response, height)?;
        rpc::signed_header(&body, height, self.chain_id.as_deref())
    }

    /// The validator set at `height`: every page of `/validators`, each checked.
    pub fn validators(&self, height: u64) -> Result<ValidatorSet, NetError> {
        let mut pages = ValidatorPages::new(height, self.limits.max_validator_set);
        loop {
            let body = self.get("validators", &pages.next_query(), self.limits.max_response, Some(height))?;
            if let Some(set) = pages.add(body)? {
                return Ok(set);
            }
        }
    }

    /// The light block at `height` (`None`: the latest), with its next validator set (the
    /// block's own set when the header says they are equal, else `/validators` at height + 1;
    /// absent only when the node does not have it yet).
    pub fn light_block(&self, height: Option<u64>) -> Result<LightBlock, NetError> {
        let signed_header = self.signed_header(height)?;
        let h = signed_header.header.height;
        let validators = self.validators(h)?;
        let next_validators = if rpc::needs_next_validators(&signed_header.header) {
            match self.validators(h + 1) {
                Ok(set) => Some(set),
                Err(NetError::HeightTooHigh { .. }) => None,
                Err(e) => return Err(e),
            }
        } else {
            Some(validators.clone())
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

    /// `/tx_search?{query}`, raw; `query` is the encoded query string
    /// (what `lightcheck::opengradient::collect::Search::needed` returns).
    pub fn tx_search(&self, query: &str) -> Result<Vec<u8>, NetError> {
        self.get("tx_search", query, self.limits.max_block_response, None)
    }

    /// `/tx?hash=0x…&prove=true`, raw.
    pub fn tx(&self, hash: &[u8; 32]) -> Result<Vec<u8>, NetError> {
        self.get("tx", &format!("hash=0x{}&prove=true", hex::encode(hash)), self.limits.max_response, None)
    }

    /// Posts evidence to `/broadcast_evidence` (JSON-RPC); returns the hash the node reports.
    /// An error means the node refused it (its message says why) or could not be reached.
    pub fn broadcast_evidence(&self, evidence: &LightClientAttackEvidence) -> Result<String, NetError> {
        let endpoint = "broadcast_evidence";
        let body = rpc::broadcast_evidence_request(&evidence.to_json());
        self.requests.fetch_add(1, Ordering::Relaxed);
        let response = self.transport.post_json(&self.base, &body, self.limits.max_response, endpoint)?;
        let body = rpc::response_body(response.status, response.body, &self.base, endpoint, None)?;
        rpc::broadcast_evidence_hash(&body)
    }
}
