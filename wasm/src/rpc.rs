//! A CometBFT RPC node as a light-block provider over `fetch`: `/commit`, paged `/validators` and
//! `/broadcast_evidence`, with the native client's checks (`net/src/rpc.rs`): the height asked
//! for, the chain, the page totals, the sizes, and CometBFT's error texts turned into the
//! faults the light client understands. Nothing a node returns is trusted.

use lightcheck::cometbft::{json, LightBlock, SignedHeader, ValidatorSet};
use serde_json::Value;

use crate::fetch::{Http, NetError, Response};

/// Validators per `/validators` page (CometBFT's maximum).
const PER_PAGE: u64 = 100;
/// Most `/validators` pages read for one set (Go's light client: 100, i.e. 10,000 validators).
const MAX_PAGES: u64 = 100;
/// Most bytes of `/validators` pages read for one set, in units of the per-response cap: a
/// 10,000-validator set is about 2 MB of JSON, so a node cannot make one set cost 100 full pages.
const SET_BYTES_IN_RESPONSES: usize = 4;

/// Checks that `url` is an `http://` or `https://` URL with a host; returns it without trailing
/// slashes. `Err` says what is wrong.
pub fn base_url(url: &str) -> Result<String, &'static str> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or("only http:// and https:// URLs are supported")?;
    if rest.trim_end_matches('/').is_empty() {
        return Err("no host");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) || url.contains(['?', '#']) {
        return Err("a node URL is a base URL: no spaces, query or fragment");
    }
    Ok(url.trim_end_matches('/').to_string())
}

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
        checked(response, &url, endpoint, height)
    }

    /// `/commit` at `height` (`None`: the latest): the signed header, of the height asked for and
    /// of the trusted chain.
    pub async fn signed_header(&self, http: &Http<'_>, height: Option<u64>) -> Result<SignedHeader, NetError> {
        let query = height.map(|h| format!("height={h}")).unwrap_or_default();
        let body = self.get(http, "commit", &query, height).await?;
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
        if let Some(expected) = self.chain_id {
            if sh.header.chain_id != expected {
                return Err(NetError::WrongChain { expected: expected.into(), found: sh.header.chain_id.clone() });
            }
        }
        Ok(sh)
    }

    /// The validator set at `height`: every page of `/validators` (at most 100 pages of 100, and
    /// at most 4 times the response cap in all), each for that height, none empty, all agreeing
    /// on the total.
    pub async fn validators(&self, http: &Http<'_>, height: u64) -> Result<ValidatorSet, NetError> {
        let malformed = |reason: String| NetError::Malformed { endpoint: "validators", reason };
        let mut pages: Vec<Vec<u8>> = Vec::new();
        let mut total: Option<u64> = None;
        let mut bytes = 0usize;
        let max_bytes = http.max_response().saturating_mul(SET_BYTES_IN_RESPONSES);
        for page in 1..=MAX_PAGES {
            let query = format!("height={height}&page={page}&per_page={PER_PAGE}");
            let body = self.get(http, "validators", &query, Some(height)).await?;
            bytes += body.len();
            if bytes > max_bytes {
                return Err(NetError::TooLarge { endpoint: "validators", max: max_bytes });
            }
            let head: Value = serde_json::from_slice(&body).map_err(|e| malformed(e.to_string()))?;
            let r = head.get("result").unwrap_or(&head);
            let number = |key: &str| r.get(key).and_then(Value::as_str).and_then(|s| s.parse::<u64>().ok());
            let page_total =
                number("total").filter(|t| *t > 0).ok_or_else(|| malformed("no positive `total`".into()))?;
            if page_total > MAX_PAGES * PER_PAGE {
                return Err(malformed(format!(
                    "a set of {page_total} validators (at most {} are read)",
                    MAX_PAGES * PER_PAGE
                )));
            }
            if number("block_height") != Some(height) {
                return Err(malformed(format!("not the validators of height {height}")));
            }
            if r.get("validators").and_then(Value::as_array).is_none_or(Vec::is_empty) {
                return Err(malformed(format!("page {page} is empty")));
            }
            if total.replace(page_total).is_some_and(|t| t != page_total) {
                return Err(malformed("pages disagree on the total".into()));
            }
            pages.push(body);
            if page * PER_PAGE >= page_total {
                let refs: Vec<&[u8]> = pages.iter().map(Vec::as_slice).collect();
                return json::validator_set_from_json_pages(&refs).map_err(|e| malformed(e.to_string()));
            }
        }
        Err(malformed(format!("more than {MAX_PAGES} pages of validators")))
    }

    /// The light block at `height` (`None`: the latest), with its next validator set: the
    /// block's own set when the header says they are equal, else `/validators` at height + 1
    /// (absent only when the node has no block that high yet).
    pub async fn light_block(&self, http: &Http<'_>, height: Option<u64>) -> Result<LightBlock, NetError> {
        let signed_header = self.signed_header(http, height).await?;
        let h = signed_header.header.height;
        let validators = self.validators(http, h).await?;
        let header = &signed_header.header;
        let next_validators = if header.next_validators_hash == header.validators_hash {
            Some(validators.clone())
        } else {
            match self.validators(http, h + 1).await {
                Ok(set) => Some(set),
                Err(NetError::HeightTooHigh { .. }) => None,
                Err(e) => return Err(e),
            }
        };
        Ok(LightBlock { signed_header, validators, next_validators })
    }

    /// Posts `evidence` (CometBFT's JSON of the evidence, as text) to `/broadcast_evidence`
    /// (JSON-RPC `POST` to the base URL); returns the evidence hash the node reports. An error
    /// means the node refused it (its message says why) or could not be reached.
    pub async fn broadcast_evidence(&self, http: &Http<'_>, evidence: &str) -> Result<String, NetError> {
        let endpoint = "broadcast_evidence";
        let body =
            format!(r#"{{"jsonrpc":"2.0","id":1,"method":"broadcast_evidence","params":{{"evidence":{evidence}}}}}"#);
        let response = http.post_json(self.url, &body, endpoint).await?;
        let body = checked(response, self.url, endpoint, None)?;
        let v: Value =
            serde_json::from_slice(&body).map_err(|e| NetError::Malformed { endpoint, reason: e.to_string() })?;
        if let Some(message) = rpc_error_message(&v) {
            return Err(NetError::Rpc { endpoint, message });
        }
        v.pointer("/result/hash")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or(NetError::Malformed { endpoint, reason: "no result.hash".into() })
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
    Some(format!("{message}: {data}").chars().take(200).collect())
}

/// Turns a response into its body, or into the error the node meant: CometBFT answers errors
/// with a non-200 status and a JSON-RPC error whose text says what happened.
fn checked(response: Response, url: &str, endpoint: &'static str, height: Option<u64>) -> Result<Vec<u8>, NetError> {
    if response.status == 200 {
        return Ok(response.body);
    }
    let status = || NetError::Status { url: url.into(), status: response.status };
    let Ok(v) = serde_json::from_slice::<Value>(&response.body) else { return Err(status()) };
    let Some(message) = rpc_error_message(&v) else { return Err(status()) };
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
