//! OpenGradient: TEE response signatures and settlement bundles.

use std::ffi::{c_char, CString};

use core_lib::opengradient::binding::PcrPin;
use core_lib::opengradient::settlement::SettlementMode;
use core_lib::opengradient::{
    pyjson, report_to_json, verify_bundle, verify_response, BundlePolicy, LinkStatus, Report, ResponseOptions,
    SigningKey, Summary, TrustedState,
};

use crate::call::{self, guard, Fail};
use crate::{handle, lc_bytes, lc_status, lc_time};

/// Options of `lc_og_verify_response`; zero-initialise (`{0}`) for none.
#[repr(C)]
pub struct lc_og_response_options {
    /// The signed output text (UTF-8, `content_len` bytes) when it is not the response's first
    /// choice (e.g. a stream's accumulated text); NULL: the first choice.
    pub content: *const c_char,
    /// Length of `content` in bytes.
    pub content_len: usize,
    /// The TEE the response must come from (`tee_id`, 32 bytes); NULL: any.
    pub expected_tee_id: *const u8,
}

/// A TEE response whose signature verified.
#[repr(C)]
pub struct lc_og_response {
    /// The TEE's id: keccak256 of its signing key's SubjectPublicKeyInfo.
    pub tee_id: [u8; 32],
    /// keccak256 of the canonical request (Python `json.dumps(sort_keys=True)` form).
    pub request_hash: [u8; 32],
    /// keccak256 of the output content.
    pub output_hash: [u8; 32],
    /// The signed message: keccak256(request_hash ‖ output_hash ‖ uint256(timestamp)).
    pub msg_hash: [u8; 32],
    /// The signed timestamp, Unix seconds.
    pub timestamp: u64,
}

/// Verifies an OpenGradient TEE response: recomputes the request hash (Python's
/// `json.dumps(sort_keys=True)` of `request`, JSON text), the output hash and the signed message,
/// checks that the response's `tee_id` is keccak256 of `signing_key` (PEM text or DER of its
/// SubjectPublicKeyInfo, from the TEE registry) and the RSA-PSS signature. `options` may be NULL.
///
/// Pass the request exactly as sent: re-serialising can turn `1.0` into `1`, which changes the
/// hash. On `LC_OK`, `*out` holds the verified hashes; otherwise e.g.
/// `LC_OPENGRADIENT_RESPONSE_REQUEST_HASH`, `LC_OPENGRADIENT_RESPONSE_BAD_SIGNATURE`. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_og_verify_response(
    request: *const u8,
    request_len: usize,
    response: *const u8,
    response_len: usize,
    signing_key: *const u8,
    signing_key_len: usize,
    options: *const lc_og_response_options,
    out: *mut lc_og_response,
) -> lc_status {
    guard(|| {
        // SAFETY: every pointer is NULL or valid for its length / type by the header's contract.
        let (out, request, response, key, options) = unsafe {
            (
                call::out(out, "out")?,
                call::bytes(request, request_len, "request")?,
                call::bytes(response, response_len, "response")?,
                call::bytes(signing_key, signing_key_len, "signing_key")?,
                options.as_ref(),
            )
        };
        let (content, expected_tee_id) = match options {
            None => (None, None),
            // SAFETY: the option pointers are NULL or valid for their lengths by contract.
            Some(o) => unsafe {
                (
                    call::optional_bytes(o.content.cast(), o.content_len, "options.content")?,
                    call::optional_array::<32>(o.expected_tee_id),
                )
            },
        };
        let content = content
            .map(|bytes| std::str::from_utf8(bytes).map_err(|_| Fail::argument("options.content", "not UTF-8")))
            .transpose()?;
        let key = SigningKey::from_pem_or_der(key)?;
        let request = pyjson::parse(request)?;
        let response = pyjson::parse(response)?;
        let verified = verify_response(&request, &response, &key, &ResponseOptions { content, expected_tee_id })?;
        *out = lc_og_response {
            tee_id: verified.tee_id,
            request_hash: verified.request_hash,
            output_hash: verified.output_hash,
            msg_hash: verified.msg_hash,
            timestamp: verified.timestamp,
        };
        Ok(())
    })
}

/// Writes the `tee_id` of a signing key (PEM text or DER of its SubjectPublicKeyInfo):
/// keccak256 of the SubjectPublicKeyInfo, 32 bytes. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_og_tee_id(signing_key: *const u8, signing_key_len: usize, out: *mut u8) -> lc_status {
    guard(|| {
        // SAFETY: `signing_key` is NULL or valid for its length by the header's contract.
        let key = SigningKey::from_pem_or_der(unsafe { call::bytes(signing_key, signing_key_len, "signing_key") }?)?;
        // SAFETY: `out` is NULL or writable for 32 bytes by the header's contract.
        unsafe { call::write_array(out, &key.tee_id()) }
    })
}

/// What `lc_og_verify_bundle` requires beyond authenticity. Start from
/// `lc_og_bundle_policy_default()`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct lc_og_bundle_policy {
    /// Pins the enclave code: keccak256(PCR0 ‖ PCR1 ‖ PCR2) must equal these 32 bytes (the
    /// registry's `pcrHash`); NULL: not pinned.
    pub pcr_hash: *const u8,
    /// The TEE the response must come from (32 bytes); NULL: any.
    pub expected_tee_id: *const u8,
    /// Accept a debug-mode enclave (whose memory the host can read). Default false.
    pub allow_debug: bool,
    /// Seconds after the response within which the network settles; a pending response older
    /// than this is overdue. Default 900.
    pub settlement_bound_secs: u64,
}

/// The default bundle policy: no PCR or TEE pin, production enclaves, 900 s settlement bound.
#[no_mangle]
pub extern "C" fn lc_og_bundle_policy_default() -> lc_og_bundle_policy {
    lc_og_bundle_policy {
        pcr_hash: std::ptr::null(),
        expected_tee_id: std::ptr::null(),
        allow_debug: false,
        settlement_bound_secs: BundlePolicy::default().settlement_bound_secs,
    }
}

/// A settlement report: the verdict and each link. Read it with `lc_og_report_get_summary`,
/// `lc_og_report_get_link`, `lc_og_report_json`; free with `lc_og_report_free`.
pub struct lc_og_report {
    _opaque: [u8; 0],
}

/// The links of a settlement report, in order: `LC_OG_LINK_COUNT` of them.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lc_og_link {
    /// The TEE key signed this request, content and timestamp.
    LC_OG_LINK_RESPONSE_SIGNATURE = 0,
    /// The Nitro attestation is authentic, production, PCR-pinned (if asked) and fresh.
    LC_OG_LINK_ATTESTATION = 1,
    /// The attestation's `user_data` commits to the signing key.
    LC_OG_LINK_ENCLAVE_BINDING = 2,
    /// Headers H and H+1 verify from the trusted state.
    LC_OG_LINK_HEADER_TRUST = 3,
    /// The settlement transaction's result is in block H.
    LC_OG_LINK_INCLUSION = 4,
    /// That result settles exactly this response.
    LC_OG_LINK_SETTLEMENT_MATCH = 5,
}

/// Number of links in a settlement report.
pub const LC_OG_LINK_COUNT: u32 = 6;

/// The state of one link.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lc_og_link_state {
    /// Checked and holds.
    LC_OG_LINK_VERIFIED = 1,
    /// Checked and broken.
    LC_OG_LINK_FAILED = 2,
    /// Not checked (no evidence, or a link it needs did not verify).
    LC_OG_LINK_MISSING = 3,
}

/// A report's verdict.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lc_og_verdict {
    /// The response is settled on chain, in a block finalized by its verified commit.
    LC_OG_SETTLED = 1,
    /// The response verified but its settlement is not (yet) shown.
    LC_OG_PENDING = 2,
    /// A link failed.
    LC_OG_REJECTED = 3,
}

/// How a response was settled.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lc_og_settlement_mode {
    /// Not settled (pending or rejected).
    LC_OG_MODE_NONE = 0,
    /// One `IndividualSettlement` event.
    LC_OG_MODE_INDIVIDUAL = 1,
    /// A `BatchSettlement` Merkle root over a tree with this response's leaf.
    LC_OG_MODE_BATCH = 2,
}

/// The verdict of a settlement report; fields not of its verdict are zero.
#[repr(C)]
pub struct lc_og_summary {
    /// Settled, pending or rejected.
    pub verdict: lc_og_verdict,
    /// Settled: the block that executed the settlement.
    pub height: u64,
    /// Settled: that block's time.
    pub time: lc_time,
    /// Settled: individual or batch.
    pub mode: lc_og_settlement_mode,
    /// Pending: whether the signing key is bound to a verified enclave attestation.
    pub attested: bool,
    /// Pending: seconds from the response's timestamp to `now`.
    pub since_response_secs: u64,
    /// Pending: the settlement bound, seconds.
    pub bound_secs: u64,
    /// Pending: `since_response_secs > bound_secs`.
    pub overdue: bool,
    /// Rejected: the first failed link.
    pub failed_link: lc_og_link,
    /// Rejected: its status.
    pub status: lc_status,
}

/// One link of a settlement report.
#[repr(C)]
pub struct lc_og_link_info {
    /// Verified, failed or missing.
    pub state: lc_og_link_state,
    /// Failed: the error's status; otherwise `LC_OK`.
    pub status: lc_status,
    /// Verified: what was established; failed: the error message; missing: why it was not
    /// checked. NUL-terminated, borrowed from the report.
    pub detail: *const c_char,
}

struct ReportObject {
    report: Report,
    details: [CString; 6],
    json: Vec<u8>,
}

fn status_of(e: &core_lib::Error) -> lc_status {
    Fail::from(e.clone()).status
}

fn c_text(text: String) -> CString {
    CString::new(text.replace('\0', "\\0")).unwrap_or_default()
}

/// Verifies an OpenGradient settlement bundle (JSON, format `lightcheck-settlement-bundle`
/// version 1) against the caller's trusted state (JSON, format `lightcheck-trusted-state`:
/// trusted light blocks, trusting period, settlement contract, Nitro roots) at `now`: the
/// response signature, the enclave attestation and its binding to the key, headers H and H+1
/// from the trusted state, the settlement result's inclusion in block H, and that it settles
/// exactly this response. `policy` NULL: `lc_og_bundle_policy_default()`.
///
/// A broken link is not a failed call: on `LC_OK`, `*out` is a report (free with
/// `lc_og_report_free`) whose verdict may be rejected. The call fails (and `*out` is NULL) only
/// when the bundle or trusted state cannot be read (e.g. `LC_OPENGRADIENT_BUNDLE_INVALID`).
/// Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_og_verify_bundle(
    bundle: *const u8,
    bundle_len: usize,
    trusted_state: *const u8,
    trusted_state_len: usize,
    now: lc_time,
    policy: *const lc_og_bundle_policy,
    out: *mut *mut lc_og_report,
) -> lc_status {
    // SAFETY: `out` is NULL or writable by the header's contract.
    unsafe { call::clear(out) };
    guard(|| {
        // SAFETY: every pointer is NULL or valid for its length / type by the header's contract.
        let (out, bundle, trusted, policy) = unsafe {
            (
                call::out(out, "out")?,
                call::bytes(bundle, bundle_len, "bundle")?,
                call::bytes(trusted_state, trusted_state_len, "trusted_state")?,
                policy.as_ref().copied().unwrap_or_else(|| lc_og_bundle_policy_default()),
            )
        };
        let now = now.timestamp("now")?;
        let mut bundle_policy = BundlePolicy {
            // SAFETY: NULL or valid for 32 bytes by contract.
            expected_tee_id: unsafe { call::optional_array::<32>(policy.expected_tee_id) },
            settlement_bound_secs: policy.settlement_bound_secs,
            ..Default::default()
        };
        // SAFETY: NULL or valid for 32 bytes by contract.
        if let Some(hash) = unsafe { call::optional_array::<32>(policy.pcr_hash) } {
            bundle_policy.enclave.pcrs = PcrPin::PcrHash(hash);
        }
        bundle_policy.enclave.allow_debug = policy.allow_debug;
        let trusted = TrustedState::from_json(trusted)?;
        let report = verify_bundle(bundle, &trusted, &bundle_policy, now)?;
        let details = report.links().map(|(_, link)| {
            c_text(match link {
                LinkStatus::Verified(text) | LinkStatus::Missing(text) => text.clone(),
                LinkStatus::Failed(e) => e.to_string(),
            })
        });
        let json = report_to_json(&report).to_string().into_bytes();
        *out = handle::register(ReportObject { report, details, json })?;
        Ok(())
    })
}

fn link_of(name: &str) -> lc_og_link {
    use lc_og_link::*;
    match name {
        "response_signature" => LC_OG_LINK_RESPONSE_SIGNATURE,
        "attestation" => LC_OG_LINK_ATTESTATION,
        "enclave_binding" => LC_OG_LINK_ENCLAVE_BINDING,
        "header_trust" => LC_OG_LINK_HEADER_TRUST,
        "inclusion" => LC_OG_LINK_INCLUSION,
        _ => LC_OG_LINK_SETTLEMENT_MATCH,
    }
}

/// Fills `out` with the report's verdict. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_og_report_get_summary(report: *const lc_og_report, out: *mut lc_og_summary) -> lc_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<ReportObject, _>(report, "report")?;
        let mut summary = lc_og_summary {
            verdict: lc_og_verdict::LC_OG_SETTLED,
            height: 0,
            time: lc_time { unix_secs: 0, nanos: 0 },
            mode: lc_og_settlement_mode::LC_OG_MODE_NONE,
            attested: false,
            since_response_secs: 0,
            bound_secs: 0,
            overdue: false,
            failed_link: lc_og_link::LC_OG_LINK_RESPONSE_SIGNATURE,
            status: lc_status::LC_OK,
        };
        match &object.report.summary {
            Summary::Settled { height, time, mode } => {
                summary.height = *height;
                summary.time = lc_time::of(*time);
                summary.mode = match mode {
                    SettlementMode::Individual => lc_og_settlement_mode::LC_OG_MODE_INDIVIDUAL,
                    SettlementMode::Batch => lc_og_settlement_mode::LC_OG_MODE_BATCH,
                };
            }
            Summary::Pending { attested, since_response_secs, bound_secs } => {
                summary.verdict = lc_og_verdict::LC_OG_PENDING;
                summary.attested = *attested;
                summary.since_response_secs = *since_response_secs;
                summary.bound_secs = *bound_secs;
                summary.overdue = since_response_secs > bound_secs;
            }
            Summary::Rejected { link, error } => {
                summary.verdict = lc_og_verdict::LC_OG_REJECTED;
                summary.failed_link = link_of(link);
                summary.status = status_of(error);
            }
        }
        *out = summary;
        Ok(())
    })
}

/// Fills `out` with link `link` (an `lc_og_link`, below `LC_OG_LINK_COUNT`). The detail string
/// is borrowed from the report. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_og_report_get_link(
    report: *const lc_og_report,
    link: u32,
    out: *mut lc_og_link_info,
) -> lc_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<ReportObject, _>(report, "report")?;
        let index = usize::try_from(link)
            .ok()
            .filter(|i| *i < LC_OG_LINK_COUNT as usize)
            .ok_or_else(|| Fail::argument("link", "not an lc_og_link (0..LC_OG_LINK_COUNT)"))?;
        let (_, status) = object.report.links()[index];
        let (state, code) = match status {
            LinkStatus::Verified(_) => (lc_og_link_state::LC_OG_LINK_VERIFIED, lc_status::LC_OK),
            LinkStatus::Failed(e) => (lc_og_link_state::LC_OG_LINK_FAILED, status_of(e)),
            LinkStatus::Missing(_) => (lc_og_link_state::LC_OG_LINK_MISSING, lc_status::LC_OK),
        };
        *out = lc_og_link_info { state, status: code, detail: object.details[index].as_ptr() };
        Ok(())
    })
}

/// The whole report as JSON (the same document `lightcheck og verify-bundle --json` prints:
/// summary, links, response, settlement), borrowed from the report: valid until it is freed.
#[no_mangle]
pub unsafe extern "C" fn lc_og_report_json(report: *const lc_og_report, out: *mut lc_bytes) -> lc_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<ReportObject, _>(report, "report")?;
        *out = lc_bytes::of(&object.json);
        Ok(())
    })
}

/// Frees a report. NULL is a no-op; freeing twice gives `LC_ERR_INVALID_HANDLE`.
#[no_mangle]
pub extern "C" fn lc_og_report_free(report: *mut lc_og_report) -> lc_status {
    guard(|| handle::free::<ReportObject, _>(report, "report"))
}
