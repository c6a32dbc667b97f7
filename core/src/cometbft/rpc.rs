//! What a light client makes of a CometBFT RPC node's answers, without doing the I/O: the
//! errors a node can cause (typed, with stable codes), CometBFT's error texts, the checks on
//! `/commit` and paged `/validators` answers, and the `/broadcast_evidence` call. The native
//! client (`lightcheck-net`), the npm package and any other driver share these, so a node is
//! judged the same way everywhere; only moving the bytes is theirs.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde_json::Value;

use super::header::Header;
use super::request::Fault;
use super::{json, Error, SignedHeader, ValidatorSet};

/// Validators per `/validators` page (CometBFT's maximum).
pub const PER_PAGE: u64 = 100;
/// Most `/validators` pages read for one set (Go's light client: 100, i.e. 10,000 validators).
pub const MAX_PAGES: u64 = 100;

/// A failure talking to one node, from the transport or from what the node said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeError {
    /// The caller cancelled (an `AbortSignal`, a dropped future).
    Aborted,
    /// No answer within the per-request timeout, after every retry.
    Timeout {
        /// The URL asked.
        url: String,
    },
    /// The connection could not be made or broke (node down, refused, reset, DNS, CORS).
    Unreachable {
        /// The URL asked.
        url: String,
        /// What the transport said.
        reason: String,
    },
    /// The node has no block that high yet.
    HeightTooHigh {
        /// The height asked for.
        height: u64,
    },
    /// The block is pruned or was never produced.
    NotAvailable {
        /// The height asked for.
        height: u64,
    },
    /// The node serves another chain than the trusted one.
    WrongChain {
        /// The trusted chain ID.
        expected: String,
        /// The node's.
        found: String,
    },
    /// A response larger than the cap for its endpoint.
    TooLarge {
        /// The endpoint.
        endpoint: &'static str,
        /// The cap in bytes.
        max: usize,
    },
    /// A response that is not the JSON expected, or says something inconsistent.
    Malformed {
        /// The endpoint.
        endpoint: &'static str,
        /// Why.
        reason: String,
    },
    /// A JSON-RPC error this client has no meaning for.
    Rpc {
        /// The endpoint.
        endpoint: &'static str,
        /// The node's message (cut to 200 characters).
        message: String,
    },
    /// An HTTP status other than 200 without a JSON-RPC error body.
    Status {
        /// The URL asked.
        url: String,
        /// The status code.
        status: u16,
    },
    /// A URL this client cannot use (scheme, syntax, https without TLS support).
    BadUrl {
        /// The URL.
        url: String,
        /// Why.
        reason: &'static str,
    },
}

impl NodeError {
    /// The stable machine-readable code (`net.timeout`, …).
    pub fn code(&self) -> &'static str {
        match self {
            NodeError::Aborted => "net.aborted",
            NodeError::Timeout { .. } => "net.timeout",
            NodeError::Unreachable { .. } => "net.unreachable",
            NodeError::HeightTooHigh { .. } => "net.height_too_high",
            NodeError::NotAvailable { .. } => "net.not_available",
            NodeError::WrongChain { .. } => "net.wrong_chain",
            NodeError::TooLarge { .. } => "net.too_large",
            NodeError::Malformed { .. } => "net.malformed",
            NodeError::Rpc { .. } => "net.rpc_error",
            NodeError::Status { .. } => "net.http_status",
            NodeError::BadUrl { .. } => "net.bad_url",
        }
    }

    /// Whether trying again may help: timeouts, failed connections, 5xx statuses (the Go
    /// client retries timeouts only).
    pub fn is_transient(&self) -> bool {
        matches!(self, NodeError::Timeout { .. } | NodeError::Unreachable { .. })
            || matches!(self, NodeError::Status { status, .. } if *status >= 500)
    }

    /// Whether it is about reaching the node rather than what it said.
    pub fn is_transport(&self) -> bool {
        matches!(
            self,
            NodeError::Timeout { .. }
                | NodeError::Unreachable { .. }
                | NodeError::Status { .. }
                | NodeError::BadUrl { .. }
        )
    }

    /// What the light client makes of it.
    pub fn to_fault(&self) -> Fault {
        match self {
            NodeError::Aborted
            | NodeError::Timeout { .. }
            | NodeError::Unreachable { .. }
            | NodeError::Status { .. }
            | NodeError::BadUrl { .. } => Fault::NoResponse,
            NodeError::HeightTooHigh { .. } => Fault::HeightTooHigh,
            NodeError::NotAvailable { .. } => Fault::NotFound,
            NodeError::WrongChain { expected, found } => {
                Fault::Bad(Error::ChainIdMismatch { expected: expected.clone(), found: found.clone() })
            }
            NodeError::TooLarge { endpoint, .. }
            | NodeError::Malformed { endpoint, .. }
            | NodeError::Rpc { endpoint, .. } => {
                Fault::Bad(Error::Decode { field: (*endpoint).into(), reason: self.to_string() })
            }
        }
    }
}

impl fmt::Display for NodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeError::Aborted => write!(f, "aborted by the caller"),
            NodeError::Timeout { url } => write!(f, "{url}: no answer in time (retried)"),
            NodeError::Unreachable { url, reason } => write!(f, "{url}: unreachable: {reason}"),
            NodeError::HeightTooHigh { height } => write!(f, "the node has no block at height {height} yet"),
            NodeError::NotAvailable { height } => write!(f, "the node does not have height {height} (pruned?)"),
            NodeError::WrongChain { expected, found } => {
                write!(f, "the node serves chain {found:?}, expected {expected:?}")
            }
            NodeError::TooLarge { endpoint, max } => write!(f, "{endpoint}: response larger than {max} bytes"),
            NodeError::Malformed { endpoint, reason } => write!(f, "{endpoint}: {reason}"),
            NodeError::Rpc { endpoint, message } => write!(f, "{endpoint}: the node says: {message}"),
            NodeError::Status { url, status } => write!(f, "{url}: HTTP status {status}"),
            NodeError::BadUrl { url, reason } => write!(f, "{url}: {reason}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for NodeError {}

/// Checks that `url` is an `http://` or `https://` base URL with a host (no spaces, query or
/// fragment); returns it without trailing slashes.
pub fn base_url(url: &str) -> Result<String, NodeError> {
    let bad = |reason| Err(NodeError::BadUrl { url: url.into(), reason });
    let Some(rest) = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://")) else {
        return bad("only http:// and https:// URLs are supported");
    };
    if rest.trim_end_matches('/').is_empty() {
        return bad("no host");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) || url.contains(['?', '#']) {
        return bad("a node URL is a base URL: no spaces, query or fragment");
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// The message of a JSON-RPC error object (`message: data`), cut to 200 characters.
fn rpc_error_message(v: &Value) -> Option<String> {
    let e = v.get("error").filter(|e| !e.is_null())?;
    let message = e.get("message").and_then(Value::as_str).unwrap_or("");
    let data = e.get("data").and_then(Value::as_str).unwrap_or("");
    Some(format!("{message}: {data}").chars().take(200).collect())
}

/// A response turned into its body, or into the error the node meant: CometBFT answers errors
/// with a non-200 status and a JSON-RPC error whose text says what happened (`height H must be
/// less than or equal to the current blockchain height`, `is not available, lowest height is`).
/// `height` is the height asked for, if any.
pub fn response_body(
    status: u16,
    body: Vec<u8>,
    url: &str,
    endpoint: &'static str,
    height: Option<u64>,
) -> Result<Vec<u8>, NodeError> {
    if status == 200 {
        return Ok(body);
    }
    let status_error = || NodeError::Status { url: url.into(), status };
    let Ok(v) = serde_json::from_slice::<Value>(&body) else { return Err(status_error()) };
    let Some(message) = rpc_error_message(&v) else { return Err(status_error()) };
    let h = height.unwrap_or(0);
    if message.contains("must be less than or equal to the current blockchain height") {
        Err(NodeError::HeightTooHigh { height: h })
    } else if message.contains("is not available, lowest height is")
        || message.contains("could not find results for height")
    {
        Err(NodeError::NotAvailable { height: h })
    } else if message.contains("Timeout exceeded") || message.contains("timed out") {
        Err(NodeError::Timeout { url: url.into() })
    } else {
        Err(NodeError::Rpc { endpoint, message })
    }
}

/// The `/commit` query for `height` (`None`: the latest).
pub fn commit_query(height: Option<u64>) -> String {
    height.map(|h| format!("height={h}")).unwrap_or_default()
}

/// The signed header of a `/commit` answer, checked to be of the height asked for and, once
/// known, of the trusted chain.
pub fn signed_header(body: &[u8], height: Option<u64>, chain_id: Option<&str>) -> Result<SignedHeader, NodeError> {
    let sh = json::signed_header_from_json(body)
        .map_err(|e| NodeError::Malformed { endpoint: "commit", reason: e.to_string() })?;
    if let Some(h) = height.filter(|h| *h != sh.header.height) {
        return Err(NodeError::Malformed {
            endpoint: "commit",
            reason: format!("asked for height {h}, got {}", sh.header.height),
        });
    }
    if let Some(expected) = chain_id.filter(|c| *c != sh.header.chain_id) {
        return Err(NodeError::WrongChain { expected: expected.into(), found: sh.header.chain_id.clone() });
    }
    Ok(sh)
}

/// Whether a light block needs `/validators` at height + 1 for its next set: not when the header
/// says both sets are the same.
pub fn needs_next_validators(header: &Header) -> bool {
    header.next_validators_hash != header.validators_hash
}

/// Reading a validator set page by page: what to ask next, each page checked as it comes (of
/// the height asked, not empty, agreeing on a positive total of at most 10,000, at most
/// `max_bytes` of JSON in all), the set once complete.
#[derive(Debug)]
pub struct ValidatorPages {
    height: u64,
    max_bytes: usize,
    pages: Vec<Vec<u8>>,
    bytes: usize,
    total: Option<u64>,
}

impl ValidatorPages {
    /// The pages of the set at `height`, at most `max_bytes` of JSON in all.
    pub fn new(height: u64, max_bytes: usize) -> ValidatorPages {
        ValidatorPages { height, max_bytes, pages: Vec::new(), bytes: 0, total: None }
    }

    /// The `/validators` query for the next page.
    pub fn next_query(&self) -> String {
        format!("height={}&page={}&per_page={PER_PAGE}", self.height, self.pages.len() + 1)
    }

    /// The height asked for.
    pub fn height(&self) -> u64 {
        self.height
    }

    /// Takes the next page's answer: `Ok(Some(set))` once every page is in, `Ok(None)` when
    /// another page is needed.
    pub fn add(&mut self, body: Vec<u8>) -> Result<Option<ValidatorSet>, NodeError> {
        let malformed = |reason: String| NodeError::Malformed { endpoint: "validators", reason };
        let page = self.pages.len() as u64 + 1;
        self.bytes = self.bytes.saturating_add(body.len());
        if self.bytes > self.max_bytes {
            return Err(NodeError::TooLarge { endpoint: "validators", max: self.max_bytes });
        }
        let head: Value = serde_json::from_slice(&body).map_err(|e| malformed(e.to_string()))?;
        let r = head.get("result").unwrap_or(&head);
        let number = |key: &str| r.get(key).and_then(Value::as_str).and_then(|s| s.parse::<u64>().ok());
        let total = number("total").filter(|t| *t > 0).ok_or_else(|| malformed("no positive `total`".into()))?;
        if total > MAX_PAGES * PER_PAGE {
            return Err(malformed(format!("a set of {total} validators (at most {} are read)", MAX_PAGES * PER_PAGE)));
        }
        if number("block_height") != Some(self.height) {
            return Err(malformed(format!("not the validators of height {}", self.height)));
        }
        if r.get("validators").and_then(Value::as_array).is_none_or(Vec::is_empty) {
            return Err(malformed(format!("page {page} is empty")));
        }
        if self.total.replace(total).is_some_and(|t| t != total) {
            return Err(malformed("pages disagree on the total".into()));
        }
        self.pages.push(body);
        if page * PER_PAGE < total {
            return Ok(None);
        }
        let refs: Vec<&[u8]> = self.pages.iter().map(Vec::as_slice).collect();
        json::validator_set_from_json_pages(&refs).map(Some).map_err(|e| malformed(e.to_string()))
    }
}

/// The JSON-RPC request that posts `evidence` (CometBFT's JSON of it) to `/broadcast_evidence`.
pub fn broadcast_evidence_request(evidence: &Value) -> Vec<u8> {
    let request = serde_json::json!({
        "jsonrpc": "2.0", "id": 1, "method": "broadcast_evidence", "params": { "evidence": evidence },
    });
    request.to_string().into_bytes()
}

/// The evidence hash from a `/broadcast_evidence` answer (given to [`response_body`] first), or
/// the node's refusal.
pub fn broadcast_evidence_hash(body: &[u8]) -> Result<String, NodeError> {
    let endpoint = "broadcast_evidence";
    let v: Value =
        serde_json::from_slice(body).map_err(|e| NodeError::Malformed { endpoint, reason: e.to_string() })?;
    if let Some(message) = rpc_error_message(&v) {
        return Err(NodeError::Rpc { endpoint, message });
    }
    v.pointer("/result/hash")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or(NodeError::Malformed { endpoint, reason: "no result.hash".into() })
}

/// How many times a driver should offer evidence to a node that is not there yet, one block
/// time apart (see [`evidence_too_early`]).
pub const EVIDENCE_ATTEMPTS: u32 = 10;

/// Whether a node refused evidence only because it has not committed the conflicting height yet
/// (CometBFT: `don't have commit at height #H`, `don't have header #H`): the conflicting block is
/// the other chain's latest, and the honest node is one block behind it. Offering the evidence
/// again a block later succeeds; any other refusal is final.
pub fn evidence_too_early(error: &NodeError) -> bool {
    matches!(error, NodeError::Rpc { endpoint: "broadcast_evidence", message }
        if message.contains("don't have commit at height") || message.contains("don't have header"))
}

/// What `/status` says (untrusted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// `node_info.network`.
    pub chain_id: String,
    /// `sync_info.latest_block_height`.
    pub latest_height: u64,
}

/// Reads a `/status` answer.
pub fn status(body: &[u8]) -> Result<Status, NodeError> {
    let malformed = |reason: String| NodeError::Malformed { endpoint: "status", reason };
    let v: Value = serde_json::from_slice(body).map_err(|e| malformed(e.to_string()))?;
    let r = v.get("result").unwrap_or(&v);
    let chain_id = r
        .pointer("/node_info/network")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("no node_info.network".into()))?;
    let latest_height = r
        .pointer("/sync_info/latest_block_height")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| malformed("no sync_info.latest_block_height".into()))?;
    Ok(Status { chain_id: chain_id.to_string(), latest_height })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err_body(message: &str, data: &str) -> Vec<u8> {
        serde_json::json!({"jsonrpc": "2.0", "id": -1, "error": {"code": -32603, "message": message, "data": data}})
            .to_string()
            .into_bytes()
    }

    #[test]
    fn cometbft_error_texts_are_typed() {
        let too_high =
            err_body("Internal error", "height 500 must be less than or equal to the current blockchain height 20");
        assert_eq!(
            response_body(500, too_high, "u", "commit", Some(500)),
            Err(NodeError::HeightTooHigh { height: 500 })
        );
        let pruned = err_body("Internal error", "height 3 is not available, lowest height is 100");
        assert_eq!(response_body(500, pruned, "u", "commit", Some(3)), Err(NodeError::NotAvailable { height: 3 }));
        let other = err_body("Internal error", "tx (AB) not found");
        assert!(
            matches!(response_body(500, other, "u", "tx", None), Err(NodeError::Rpc { message, .. }) if message.contains("not found"))
        );
        assert_eq!(
            response_body(502, b"<html>".to_vec(), "u", "commit", None),
            Err(NodeError::Status { url: "u".into(), status: 502 })
        );
        assert_eq!(response_body(200, b"x".to_vec(), "u", "commit", None), Ok(b"x".to_vec()));
        assert!(NodeError::Status { url: "u".into(), status: 503 }.is_transient());
        assert!(!NodeError::HeightTooHigh { height: 1 }.is_transient());
    }

    #[test]
    fn base_urls() {
        assert_eq!(base_url("http://127.0.0.1:26657/").unwrap(), "http://127.0.0.1:26657");
        for bad in ["ftp://x", "http://", "http://x/?a=1", "http://x y"] {
            assert!(matches!(base_url(bad), Err(NodeError::BadUrl { .. })), "{bad}");
        }
    }

    #[test]
    fn validator_pages_are_checked() {
        let page = |height: &str, total: &str, n: usize| {
            let v = serde_json::json!({"pub_key": {"type": "tendermint/PubKeyEd25519", "value": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}, "voting_power": "1", "address": "", "proposer_priority": "0"});
            serde_json::json!({"result": {"block_height": height, "total": total, "count": n.to_string(), "validators": alloc::vec![v; n]}})
                .to_string()
                .into_bytes()
        };
        assert_eq!(ValidatorPages::new(7, 1 << 20).next_query(), "height=7&page=1&per_page=100");
        let cases: [(&str, Vec<u8>); 4] = [
            ("another height", page("8", "1", 1)),
            ("empty page", page("7", "1", 0)),
            ("zero total", page("7", "0", 1)),
            ("over 10,000", page("7", "10001", 1)),
        ];
        for (what, body) in cases {
            assert!(matches!(ValidatorPages::new(7, 1 << 20).add(body), Err(NodeError::Malformed { .. })), "{what}");
        }
        assert!(matches!(ValidatorPages::new(7, 10).add(page("7", "1", 1)), Err(NodeError::TooLarge { .. })));
        // A first page of a 150-validator set asks for a second; the set is decoded (and here
        // refused: one key 150 times) once the last page is in.
        let mut pages = ValidatorPages::new(7, 1 << 20);
        assert_eq!(pages.add(page("7", "150", 100)), Ok(None));
        assert_eq!(pages.next_query(), "height=7&page=2&per_page=100");
        assert!(
            matches!(pages.add(page("7", "151", 50)), Err(NodeError::Malformed { reason, .. }) if reason.contains("total"))
        );
        assert!(matches!(pages.add(page("7", "150", 50)), Err(NodeError::Malformed { .. })));
    }

    #[test]
    fn evidence_too_early_is_told_from_a_refusal() {
        let early = response_body(
            500,
            err_body(
                "Internal error",
                "failed to add evidence: Invalid evidence: don't have commit at height #62. Evidence: …",
            ),
            "u",
            "broadcast_evidence",
            None,
        )
        .unwrap_err();
        assert!(evidence_too_early(&early));
        let refused = response_body(
            500,
            err_body("Internal error", "failed to add evidence: Invalid evidence: evidence from height 1 is too old"),
            "u",
            "broadcast_evidence",
            None,
        )
        .unwrap_err();
        assert!(!evidence_too_early(&refused));
    }

    #[test]
    fn evidence_answers() {
        assert_eq!(broadcast_evidence_hash(br#"{"result": {"hash": "AB"}}"#), Ok("AB".into()));
        assert!(matches!(
            broadcast_evidence_hash(&err_body("Internal error", "evidence is invalid")),
            Err(NodeError::Rpc { .. })
        ));
        assert!(String::from_utf8(broadcast_evidence_request(&serde_json::json!({"type": "x"})))
            .unwrap()
            .contains("\"method\":\"broadcast_evidence\""));
    }
}
