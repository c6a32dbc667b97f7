//! A CometBFT RPC node as a light-block provider over `fetch`: `/commit`, paged `/validators` and
//! `/broadcast_evidence`; for settlement collection also `/status`, `/tx_search` and
//! `/block_results`. What an answer means (CometBFT's error texts, the height, chain and page
//! checks) is the core's [`lightcheck::cometbft::rpc`], shared with the native client; this module
//! only moves the bytes. Nothing a node returns is trusted.

use lightcheck::cometbft::rpc::{self, ValidatorPages};
use lightcheck::cometbft::{LightBlock, SignedHeader, ValidatorSet};

use crate::fetch::{Http, NetError};

/// Most bytes of `/validators` pages read for one set, in units of the per-response cap: a
/// 10,000-validator set is about 2 MB of JSON, so a node cannot make one set cost 100 full pages.
const SET_BYTES_IN_RESPONSES: usize = 4;

pub use rpc::base_url;

/// One RPC node: its base URL and, once known, the chain every header must belong to.
pub struct Node<'a> {
    /// The base URL (`http://host:port`, no trailing slash).
    pub url: &'a str,
    /// The trusted chain ID, once known.
    pub chain_id: Option<&'a str>,
}

impl Node<'_> {
    async fn get(
        &self,
        http: &Http<'_>,
        endpoint: &'static str,
        query: &str,
        height: Option<u64>,
    ) -> Result<Vec<u8>, NetError> {
        let url = if query.is_empty() {
            format!("{}/{endpoint}", self.url)
        } else {
            format!("{}/{endpoint}?{query}", self.url)
        };
        let response = http.get(&url, endpoint).await?;
        rpc::response_body(response.status, response.body, &url, endpoint, height)
    }

    /// `/commit` at `height` (`None`: the latest): the signed header, of the height asked for and
    /// of the trusted chain.
    pub async fn signed_header(&self, http: &Http<'_>, height: Option<u64>) -> Result<SignedHeader, NetError> {
        let body = self.get(http, "commit", &rpc::commit_query(height), height).await?;
        rpc::signed_header(&body, height, self.chain_id)
    }

    /// The validator set at `height`: every page of `/validators` (at most 100 pages of 100, and
    /// at most 4 times the response cap in all), each checked.
    pub async fn validators(&self, http: &Http<'_>, height: u64) -> Result<ValidatorSet, NetError> {
        let mut pages = ValidatorPages::new(height, http.max_response().saturating_mul(SET_BYTES_IN_RESPONSES));
        loop {
            let body = self.get(http, "validators", &pages.next_query(), Some(height)).await?;
            if let Some(set) = pages.add(body)? {
                return Ok(set);
            }
        }
    }

    /// The light block at `height` (`None`: the latest), with its next validator set: the
    /// block's own set when the header says they are equal, else `/validators` at height + 1
    /// (absent only when the node has no block that high yet).
    pub async fn light_block(&self, http: &Http<'_>, height: Option<u64>) -> Result<LightBlock, NetError> {
        let signed_header = self.signed_header(http, height).await?;
        let h = signed_header.header.height;
        let validators = self.validators(http, h).await?;
        let next_validators = if rpc::needs_next_validators(&signed_header.header) {
            match self.validators(http, h + 1).await {
                Ok(set) => Some(set),
                Err(NetError::HeightTooHigh { .. }) => None,
                Err(e) => return Err(e),
            }
        } else {
            Some(validators.clone())
        };
        Ok(LightBlock { signed_header, validators, next_validators })
    }

    /// `/status`: the node's chain and latest height (untrusted: only for when to ask again).
    #[cfg(feature = "opengradient")]
    pub async fn status(&self, http: &Http<'_>) -> Result<rpc::Status, NetError> {
        rpc::status(&self.get(http, "status", "", None).await?)
    }

    /// `/tx_search?{query}`, raw: `query` is the encoded query string the core's
    /// `opengradient::collect::Search::needed` names.
    #[cfg(feature = "opengradient")]
    pub async fn tx_search(&self, http: &Http<'_>, query: &str) -> Result<Vec<u8>, NetError> {
        self.get(http, "tx_search", query, None).await
    }

    /// `/block_results` at `height`, raw (the core's `BlockResults` reads it).
    #[cfg(feature = "opengradient")]
    pub async fn block_results(&self, http: &Http<'_>, height: u64) -> Result<Vec<u8>, NetError> {
        self.get(http, "block_results", &format!("height={height}"), Some(height)).await
    }

    /// Posts `evidence` (CometBFT's JSON of the evidence) to `/broadcast_evidence` (JSON-RPC
    /// `POST` to the base URL); returns the evidence hash the node reports. An error means the
    /// node refused it (its message says why) or could not be reached.
    pub async fn broadcast_evidence(&self, http: &Http<'_>, evidence: &str) -> Result<String, NetError> {
        let endpoint = "broadcast_evidence";
        let evidence: serde_json::Value = serde_json::from_str(evidence)
            .map_err(|e| NetError::Malformed { endpoint, reason: format!("the evidence JSON: {e}") })?;
        let body = rpc::broadcast_evidence_request(&evidence);
        let body = String::from_utf8(body).unwrap_or_default();
        let response = http.post_json(self.url, &body, endpoint).await?;
        let body = rpc::response_body(response.status, response.body, self.url, endpoint, None)?;
        rpc::broadcast_evidence_hash(&body)
    }
}
