//! One call, one verdict: [`verify_bundle`] checks every link from a response to a finalized
//! block and says where the trust gap stands.
//!
//! The links, in order:
//!
//! | link | verified means |
//! |---|---|
//! | `response_signature` | the TEE key signed this request, content and timestamp |
//! | `attestation` | the Nitro document is authentic, production, PCR-pinned, fresh |
//! | `enclave_binding` | the document's `user_data` commits to the signing key |
//! | `header_trust` | headers H and H+1 are verified from the caller's trusted state |
//! | `inclusion` | the settlement transaction's result is in block H |
//! | `settlement_match` | that result settles exactly this response |
//!
//! Each link is verified, failed (with the typed error) or missing (its evidence is not in the
//! bundle, or a link it depends on did not verify). The summary is **settled** when the
//! response signature and every settlement link verified, **rejected** when any link failed,
//! and **pending** otherwise.

use alloc::format;
use alloc::string::String;
use core::fmt;

use super::binding::{check_key_binding, verify_attestation, EnclavePolicy};
use super::bundle::{attestation_part, light_blocks, settlement_evidence, Bundle, TrustedState};
use super::response::{verify_response, ResponseOptions, VerifiedResponse};
use super::settlement::{match_settlement, prove_inclusion, Settlement, SettlementMode};
use super::signing_key::SigningKey;
use crate::cometbft::Error as CometError;
use crate::cometbft::{LightBlock, LightClient, Provider};
use crate::nitro::TrustAnchor;
use crate::time::Timestamp;
use crate::Error;

/// The network's stated bound for settlement: batches flush within 15 minutes.
pub const SETTLEMENT_BOUND_SECS: u64 = 15 * 60;

/// Trusted light blocks a bundle verification keeps (the trusted state's plus those verified).
const STORE_CAPACITY: usize = 96;

/// What the caller requires beyond authenticity.
#[derive(Debug, Clone, Copy)]
pub struct BundlePolicy<'a> {
    /// Rules for the attestation and the enclave it describes.
    pub enclave: EnclavePolicy<'a>,
    /// The TEE the response must come from.
    pub expected_tee_id: Option<[u8; 32]>,
    /// How long settlement may take before a pending response counts as overdue.
    pub settlement_bound_secs: u64,
}

impl Default for BundlePolicy<'_> {
    fn default() -> Self {
        BundlePolicy {
            enclave: EnclavePolicy::default(),
            expected_tee_id: None,
            settlement_bound_secs: SETTLEMENT_BOUND_SECS,
        }
    }
}

/// The state of one link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    /// Checked and holds; the text says what was established.
    Verified(String),
    /// Checked and broken.
    Failed(Error),
    /// Not checked; the text says why (no evidence, or a link it needs did not verify).
    Missing(String),
}

impl LinkStatus {
    /// `"verified"`, `"failed"` or `"missing"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            LinkStatus::Verified(_) => "verified",
            LinkStatus::Failed(_) => "failed",
            LinkStatus::Missing(_) => "missing",
        }
    }

    /// Whether the link verified.
    pub fn is_verified(&self) -> bool {
        matches!(self, LinkStatus::Verified(_))
    }
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Summary {
    /// The response is settled in block `height`, finalized by its verified commit.
    Settled {
        /// The block that executed the settlement.
        height: u64,
        /// Its header time.
        time: Timestamp,
        /// Individual or batch.
        mode: SettlementMode,
    },
    /// The response verified but its settlement is not (yet) shown.
    Pending {
        /// Whether the signing key is bound to a verified enclave attestation.
        attested: bool,
        /// Seconds from the response's timestamp to `now` (0 if the timestamp is ahead).
        since_response_secs: u64,
        /// The network's stated settlement bound.
        bound_secs: u64,
    },
    /// A link failed.
    Rejected {
        /// The first failed link.
        link: &'static str,
        /// Its error.
        error: Error,
    },
}

impl Summary {
    /// `"settled"`, `"pending"` or `"rejected"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Summary::Settled { .. } => "settled",
            Summary::Pending { .. } => "pending",
            Summary::Rejected { .. } => "rejected",
        }
    }
}

/// The link-by-link result of [`verify_bundle`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The response's RSA-PSS signature over the recomputed hashes.
    pub response_signature: LinkStatus,
    /// The Nitro attestation.
    pub attestation: LinkStatus,
    /// The attestation's commitment to the signing key.
    pub enclave_binding: LinkStatus,
    /// Headers H and H+1 from the trusted state.
    pub header_trust: LinkStatus,
    /// The settlement result (and transaction) in block H.
    pub inclusion: LinkStatus,
    /// The settlement event against the response.
    pub settlement_match: LinkStatus,
    /// The verdict.
    pub summary: Summary,
    /// The verified response, when its signature verified.
    pub response: Option<VerifiedResponse>,
    /// The settlement, when it matched.
    pub settlement: Option<Settlement>,
}

impl Report {
    /// The links in order, with their names.
    pub fn links(&self) -> [(&'static str, &LinkStatus); 6] {
        [
            ("response_signature", &self.response_signature),
            ("attestation", &self.attestation),
            ("enclave_binding", &self.enclave_binding),
            ("header_trust", &self.header_trust),
            ("inclusion", &self.inclusion),
            ("settlement_match", &self.settlement_match),
        ]
    }
}

fn missing(why: &str) -> LinkStatus {
    LinkStatus::Missing(why.into())
}

fn hex32(b: &[u8; 32]) -> String {
    format!("0x{}", hex::encode(b))
}

/// Checks every link of `bundle` (a version-1 settlement bundle, JSON) against the caller's
/// `trusted` state and `policy` at `now`, and returns the report.
///
/// Errors only when the bundle itself cannot be read (not JSON, wrong format or version, no
/// request, response or signing key); every other failure is a failed link in the report.
pub fn verify_bundle(
    bundle: &[u8],
    trusted: &TrustedState,
    policy: &BundlePolicy<'_>,
    now: Timestamp,
) -> Result<Report, Error> {
    let bundle = Bundle::from_json(bundle)?;
    Ok(verify_decoded_bundle(&bundle, trusted, policy, now))
}

/// [`verify_bundle`] over a decoded bundle.
pub fn verify_decoded_bundle(
    bundle: &Bundle,
    trusted: &TrustedState,
    policy: &BundlePolicy<'_>,
    now: Timestamp,
) -> Report {
    let key = SigningKey::from_pem_or_der(bundle.signing_key.as_bytes());
    let options = ResponseOptions { content: bundle.content.as_deref(), expected_tee_id: policy.expected_tee_id };
    let response = key
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|key| verify_response(&bundle.request, &bundle.response, key, &options));
    let response_signature = match &response {
        Ok(r) => LinkStatus::Verified(format!(
            "TEE {} signed request {} and output {} at {}",
            hex32(&r.tee_id),
            hex32(&r.request_hash),
            hex32(&r.output_hash),
            r.timestamp
        )),
        Err(e) => LinkStatus::Failed(e.clone().into()),
    };

    let (attestation, enclave_binding) = check_enclave(bundle, key.as_ref().ok(), policy, &trusted.nitro_roots);
    let (header_trust, inclusion, settlement_match, settled) =
        check_settlement(bundle, trusted, response.as_ref().ok(), now);

    let mut report = Report {
        response_signature,
        attestation,
        enclave_binding,
        header_trust,
        inclusion,
        settlement_match,
        summary: Summary::Pending { attested: false, since_response_secs: 0, bound_secs: 0 },
        response: response.ok(),
        settlement: None,
    };
    report.summary = summarize(&report, settled.as_ref(), policy, now);
    report.settlement = settled.map(|(s, _)| s);
    report
}

fn summarize(
    report: &Report,
    settled: Option<&(Settlement, Timestamp)>,
    policy: &BundlePolicy<'_>,
    now: Timestamp,
) -> Summary {
    if let Some((link, LinkStatus::Failed(error))) =
        report.links().into_iter().find(|(_, status)| matches!(status, LinkStatus::Failed(_)))
    {
        return Summary::Rejected { link, error: error.clone() };
    }
    if let (Some((settlement, time)), true) = (settled, report.response_signature.is_verified()) {
        return Summary::Settled { height: settlement.height, time: *time, mode: settlement.mode };
    }
    let timestamp = report.response.as_ref().map_or(0, |r| r.timestamp);
    let since = u64::try_from(now.unix_secs()).unwrap_or(0).saturating_sub(timestamp);
    Summary::Pending {
        attested: report.attestation.is_verified() && report.enclave_binding.is_verified(),
        since_response_secs: since,
        bound_secs: policy.settlement_bound_secs,
    }
}

fn check_enclave(
    bundle: &Bundle,
    key: Option<&SigningKey>,
    policy: &BundlePolicy<'_>,
    roots: &[TrustAnchor],
) -> (LinkStatus, LinkStatus) {
    let Some(part) = &bundle.attestation else {
        return (missing("no attestation in the bundle"), missing("no attestation in the bundle"));
    };
    let part = match attestation_part(part) {
        Ok(p) => p,
        Err(e) => return (LinkStatus::Failed(e), missing("the attestation did not verify")),
    };
    let (attestation, pcr_hash, at) = match verify_attestation(&part.document, &policy.enclave, roots) {
        Ok(v) => v,
        Err(e) => return (LinkStatus::Failed(e), missing("the attestation did not verify")),
    };
    let attested = LinkStatus::Verified(format!(
        "enclave {} with pcrHash {}, verified at {}",
        attestation.module_id,
        hex32(&pcr_hash),
        at
    ));
    let Some(key) = key else {
        return (attested, missing("the signing key did not decode"));
    };
    let tls = part.tls_certificate.as_deref().or(policy.enclave.tls_certificate_der);
    let binding = match check_key_binding(&attestation, key, tls) {
        Ok(_) => LinkStatus::Verified(format!(
            "user_data commits to the signing key{}",
            if tls.is_some() { " and the TLS certificate" } else { "" }
        )),
        Err(e) => LinkStatus::Failed(e),
    };
    (attested, binding)
}

/// Serves the bundle's light blocks to the light client.
struct BundleProvider<'a> {
    blocks: &'a [LightBlock],
}

impl Provider for BundleProvider<'_> {
    fn light_block(&mut self, height: u64) -> Result<LightBlock, crate::cometbft::Error> {
        self.blocks.iter().find(|b| b.height() == height).cloned().ok_or(crate::cometbft::Error::Provider {
            height,
            reason: "the bundle holds no light block at this height".into(),
        })
    }
}

type SettlementLinks = (LinkStatus, LinkStatus, LinkStatus, Option<(Settlement, Timestamp)>);

fn check_settlement(
    bundle: &Bundle,
    trusted: &TrustedState,
    response: Option<&VerifiedResponse>,
    now: Timestamp,
) -> SettlementLinks {
    let Some(part) = &bundle.settlement else {
        let why = "no settlement evidence in the bundle";
        return (missing(why), missing(why), missing(why), None);
    };
    let evidence = match settlement_evidence(part) {
        Ok(e) => e,
        Err(e) => {
            return (
                missing("the settlement evidence did not decode"),
                LinkStatus::Failed(e),
                missing("no proven result"),
                None,
            )
        }
    };
    let Some(blocks) = &bundle.light_blocks else {
        let why = "no light blocks in the bundle";
        return (missing(why), missing(why), missing(why), None);
    };

    // Header trust: H and H+1 from the trusted state.
    let headers = light_blocks(blocks, "light_blocks").and_then(|blocks| {
        let mut client = LightClient::<STORE_CAPACITY>::from_trusted(&trusted.light_blocks, trusted.options)?;
        let mut provider = BundleProvider { blocks: &blocks };
        let h = evidence.height;
        let next = h.checked_add(1).ok_or(Error::from(CometError::Schedule { reason: "height overflows" }))?;
        let header = client.verify_to(&mut provider, h, now)?.verified.pop();
        let next_header = client.verify_to(&mut provider, next, now)?.verified.pop();
        match (header, next_header) {
            (Some(a), Some(b)) => Ok((a, b)),
            _ => Err(Error::from(CometError::Schedule { reason: "the light client returned no block" })),
        }
    });
    let (block, next_block) = match headers {
        Ok(pair) => pair,
        Err(e) => {
            return (
                LinkStatus::Failed(e),
                missing("headers H and H+1 are not trusted"),
                missing("no proven result"),
                None,
            )
        }
    };
    let header = &block.signed_header.header;
    let next_header = &next_block.signed_header.header;
    let header_trust = LinkStatus::Verified(format!(
        "headers {} and {} of {} verified from trusted height {}",
        header.height,
        next_header.height,
        header.chain_id,
        trusted.light_blocks.iter().map(LightBlock::height).max().unwrap_or(0)
    ));

    let proven = match prove_inclusion(&evidence, header, next_header) {
        Ok(p) => p,
        Err(e) => return (header_trust, LinkStatus::Failed(e), missing("no proven result"), None),
    };
    let inclusion = LinkStatus::Verified(format!(
        "result {} of block {}{}",
        proven.index,
        proven.height,
        if proven.tx.is_some() { " and its transaction" } else { "" }
    ));

    let Some(response) = response else {
        return (header_trust, inclusion, missing("the response did not verify"), None);
    };
    match match_settlement(response, &proven, evidence.batch.as_ref(), &trusted.settlement_contract) {
        Ok(settlement) => {
            let matched = LinkStatus::Verified(format!(
                "{} settlement in Ethereum tx {}{}",
                settlement.mode.as_str(),
                settlement.eth_tx_hash,
                settlement.merkle_root.as_ref().map(|r| format!(", batch root {}", hex32(r))).unwrap_or_default()
            ));
            (header_trust, inclusion, matched, Some((settlement, header.time)))
        }
        Err(e) => (header_trust, inclusion, LinkStatus::Failed(e), None),
    }
}

impl fmt::Display for Report {
    /// A plain-text table: one line per link, then the summary.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, status) in self.links() {
            let detail = match status {
                LinkStatus::Verified(d) | LinkStatus::Missing(d) => d.clone(),
                LinkStatus::Failed(e) => format!("{} ({})", e, e.code()),
            };
            writeln!(f, "{name:<20} {:<9} {detail}", status.as_str())?;
        }
        write!(f, "{}", self.summary)
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Summary::Settled { height, time, mode } => {
                write!(f, "SETTLED at height {height}, time {time} ({} settlement, finalized by the verified commit)", mode.as_str())
            }
            Summary::Pending { attested, since_response_secs, bound_secs } => write!(
                f,
                "{}, SETTLEMENT PENDING: {since_response_secs} s since the response; the network settles within {bound_secs} s{}",
                if *attested { "ATTESTED" } else { "SIGNED (enclave binding not shown)" },
                if since_response_secs > bound_secs { " (overdue)" } else { "" }
            ),
            Summary::Rejected { link, error } => write!(f, "REJECTED at {link}: {error} ({})", error.code()),
        }
    }
}

/// The report as JSON (for bindings and `--json`): links with status, detail or error code and
/// message, and the summary.
pub fn report_to_json(report: &Report) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let mut links = Map::new();
    for (name, status) in report.links() {
        let v = match status {
            LinkStatus::Verified(d) => json!({"status": "verified", "detail": d}),
            LinkStatus::Missing(d) => json!({"status": "missing", "detail": d}),
            LinkStatus::Failed(e) => {
                json!({"status": "failed", "code": e.code(), "class": e.class().as_str(), "message": format!("{e}")})
            }
        };
        links.insert(name.into(), v);
    }
    let summary = match &report.summary {
        Summary::Settled { height, time, mode } => {
            json!({"verdict": "settled", "height": height, "time": format!("{time}"), "mode": mode.as_str()})
        }
        Summary::Pending { attested, since_response_secs, bound_secs } => json!({
            "verdict": "pending", "attested": attested, "since_response_secs": since_response_secs,
            "bound_secs": bound_secs, "overdue": since_response_secs > bound_secs,
        }),
        Summary::Rejected { link, error } => {
            json!({"verdict": "rejected", "link": link, "code": error.code(), "message": format!("{error}")})
        }
    };
    let response = report.response.as_ref().map(|r| {
        json!({"tee_id": hex32(&r.tee_id), "request_hash": hex32(&r.request_hash),
               "output_hash": hex32(&r.output_hash), "timestamp": r.timestamp, "msg_hash": hex32(&r.msg_hash)})
    });
    let settlement = report.settlement.as_ref().map(|s| {
        json!({"mode": s.mode.as_str(), "height": s.height, "tx_index": s.tx_index, "eth_tx_hash": s.eth_tx_hash,
               "merkle_root": s.merkle_root.as_ref().map(hex32),
               "walrus_blob_id": String::from_utf8_lossy(&s.walrus_blob_id)})
    });
    let mut out = Map::new();
    out.insert("summary".into(), summary);
    out.insert("links".into(), Value::Object(links));
    out.insert("response".into(), response.unwrap_or(Value::Null));
    out.insert("settlement".into(), settlement.unwrap_or(Value::Null));
    Value::Object(out)
}
