//! AWS Nitro Enclaves attestation documents.

use std::ffi::{c_char, CString};

use core_lib::nitro::{self, Attestation, PolicyBuf, TrustAnchor, Verifier};

use crate::call::{self, guard, Fail};
use crate::{handle, lc_bytes, lc_status, lc_time};

/// No limit, for the `uint64_t` limits of a policy.
pub const LC_NO_LIMIT: u64 = u64::MAX;

/// Most trust anchors a policy may list.
pub const LC_MAX_ROOTS: usize = 16;

/// A PCR value a document must carry: `value` (48 bytes, SHA-384) at `index` (0–31).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct lc_pcr {
    /// The PCR index, 0–31.
    pub index: u32,
    /// The exact value; all zero is a value, not a wildcard.
    pub value: [u8; 48],
}

/// Most PCR sets a policy may list (`lc_nitro_policy.pcr_sets_len`).
pub const LC_MAX_PCR_SETS: usize = 16;
const _: () = assert!(LC_MAX_PCR_SETS == nitro::MAX_PCR_SETS, "the header's limit is the core's");

/// One allowed PCR set (e.g. one image of a rolling deploy): `pcrs_len` entries (1–32, each index
/// once) that must all be present with exactly these values.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct lc_pcr_set {
    /// The set's PCRs (`pcrs_len` entries; non-NULL: a set is never empty).
    pub pcrs: *const lc_pcr,
    /// Number of `pcrs`, 1–32.
    pub pcrs_len: usize,
}

/// What a Nitro attestation must satisfy beyond authenticity. Start from
/// `lc_nitro_policy_default()` and set what you need. Everything it points to is borrowed for
/// the call only.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct lc_nitro_policy {
    /// PCRs that must be present with exactly these values (`expected_pcrs_len` entries; NULL if 0).
    pub expected_pcrs: *const lc_pcr,
    /// Number of `expected_pcrs`.
    pub expected_pcrs_len: usize,
    /// Accept debug-mode documents (PCR0, PCR1 and PCR2 all zero). Default false.
    pub allow_debug: bool,
    /// The nonce the document must carry; NULL: not checked.
    pub nonce: *const u8,
    /// Length of `nonce`.
    pub nonce_len: usize,
    /// The exact `user_data` the document must carry; NULL: not checked.
    pub user_data: *const u8,
    /// Length of `user_data`.
    pub user_data_len: usize,
    /// With `signing_key_spki_der`: the TLS certificate (DER) that `user_data` must bind in
    /// nitriding's layout `0x1220 ‖ sha256(tls cert) ‖ 0x1220 ‖ sha256(key SPKI)`; NULL: not checked.
    pub tls_certificate_der: *const u8,
    /// Length of `tls_certificate_der`.
    pub tls_certificate_der_len: usize,
    /// The enclave signing key's SubjectPublicKeyInfo (DER) for the key binding; NULL: not checked.
    pub signing_key_spki_der: *const u8,
    /// Length of `signing_key_spki_der`.
    pub signing_key_spki_der_len: usize,
    /// Reject documents more than this many milliseconds older than `now`. `LC_NO_LIMIT`: none.
    pub max_age_ms: u64,
    /// Reject documents more than this many milliseconds after `now`. `LC_NO_LIMIT`: none.
    pub max_future_skew_ms: u64,
    /// DER certificates of the roots the chain may start from (`roots_len` entries, at most
    /// `LC_MAX_ROOTS`). NULL/0: the AWS Nitro Enclaves root G1 only.
    pub roots: *const lc_bytes,
    /// Number of `roots`.
    pub roots_len: usize,
    /// Allowed PCR sets (`pcr_sets_len` entries, at most `LC_MAX_PCR_SETS`; NULL if 0), e.g. the
    /// old and the new image during a rolling deploy. The document must match at least one set
    /// (every PCR of the set present with exactly its value), else
    /// `LC_NITRO_POLICY_PCR_SET_MISMATCH`; `lc_attestation_get_matched_pcr_set` says which set
    /// matched first. Independent of `expected_pcrs`: both must hold. 0: no constraint.
    pub pcr_sets: *const lc_pcr_set,
    /// Number of `pcr_sets`.
    pub pcr_sets_len: usize,
}

/// The default policy: production enclaves only, no PCR/PCR-set/nonce/user_data/key checks, no
/// age limit, the AWS Nitro root G1.
#[no_mangle]
pub extern "C" fn lc_nitro_policy_default() -> lc_nitro_policy {
    lc_nitro_policy {
        expected_pcrs: std::ptr::null(),
        expected_pcrs_len: 0,
        allow_debug: false,
        nonce: std::ptr::null(),
        nonce_len: 0,
        user_data: std::ptr::null(),
        user_data_len: 0,
        tls_certificate_der: std::ptr::null(),
        tls_certificate_der_len: 0,
        signing_key_spki_der: std::ptr::null(),
        signing_key_spki_der_len: 0,
        max_age_ms: LC_NO_LIMIT,
        max_future_skew_ms: LC_NO_LIMIT,
        roots: std::ptr::null(),
        roots_len: 0,
        pcr_sets: std::ptr::null(),
        pcr_sets_len: 0,
    }
}

/// A verified attestation document. Get its fields with `lc_attestation_get_info`,
/// `lc_attestation_get_pcr` and `lc_attestation_get_matched_pcr_set`; free with
/// `lc_attestation_free`.
pub struct lc_attestation {
    _opaque: [u8; 0],
}

/// The fields of a verified attestation. Pointers are borrowed from the handle.
#[repr(C)]
pub struct lc_attestation_info {
    /// The issuing Nitro hypervisor module (NUL-terminated).
    pub module_id: *const c_char,
    /// When the document was created, Unix milliseconds.
    pub timestamp_ms: u64,
    /// First millisecond at which every certificate of the chain is valid.
    pub valid_from_ms: u64,
    /// Last millisecond at which every certificate of the chain is valid: the verdict expires after it.
    pub valid_until_ms: u64,
    /// Whether PCR0, PCR1 and PCR2 are all zero (a debug-mode enclave).
    pub debug_mode: bool,
    /// Bit `i` is set when PCR `i` is in the document.
    pub pcr_mask: u32,
    /// The document's `public_key`; `ptr` NULL when absent.
    pub public_key: lc_bytes,
    /// The document's `user_data`; `ptr` NULL when absent.
    pub user_data: lc_bytes,
    /// The document's `nonce`; `ptr` NULL when absent.
    pub nonce: lc_bytes,
}

struct AttestationObject {
    attestation: Attestation,
    module_id: CString,
}

/// The policy's parts, copied out of C memory.
struct PolicyParts {
    policy: PolicyBuf,
    roots: Vec<TrustAnchor>,
}

/// # Safety
/// Every pointer of `p` must be NULL or valid for its length.
unsafe fn policy_parts(p: &lc_nitro_policy) -> call::Result<PolicyParts> {
    let mut policy = PolicyBuf::default();
    policy.allow_debug = p.allow_debug;
    policy.max_age_ms = limit(p.max_age_ms);
    policy.max_future_skew_ms = limit(p.max_future_skew_ms);
    if p.expected_pcrs_len > 0 {
        if p.expected_pcrs.is_null() {
            return Err(Fail::null("policy.expected_pcrs"));
        }
        if p.expected_pcrs_len > 32 {
            return Err(Fail::argument("policy.expected_pcrs_len", "more than 32 PCRs"));
        }
        // SAFETY: non-NULL and, by the header's contract, valid for `expected_pcrs_len` entries (≤ 32).
        let pcrs = unsafe { std::slice::from_raw_parts(p.expected_pcrs, p.expected_pcrs_len) };
        for (i, pcr) in pcrs.iter().enumerate() {
            policy
                .expect_pcr(u64::from(pcr.index), pcr.value)
                .map_err(|e| Fail::argument(&format!("policy.expected_pcrs[{i}].index"), policy_reason(&e)))?;
        }
    }
    if p.pcr_sets_len > 0 {
        if p.pcr_sets.is_null() {
            return Err(Fail::null("policy.pcr_sets"));
        }
        if p.pcr_sets_len > LC_MAX_PCR_SETS {
            return Err(Fail::argument("policy.pcr_sets_len", "more than LC_MAX_PCR_SETS PCR sets"));
        }
        // SAFETY: non-NULL and, by the header's contract, valid for `pcr_sets_len` entries
        // (≤ LC_MAX_PCR_SETS).
        let sets = unsafe { std::slice::from_raw_parts(p.pcr_sets, p.pcr_sets_len) };
        for (i, set) in sets.iter().enumerate() {
            let name = format!("policy.pcr_sets[{i}]");
            if set.pcrs_len == 0 {
                return Err(Fail::argument(&format!("{name}.pcrs_len"), "0: a PCR set is never empty"));
            }
            if set.pcrs.is_null() {
                return Err(Fail::null(&format!("{name}.pcrs")));
            }
            if set.pcrs_len > 32 {
                return Err(Fail::argument(&format!("{name}.pcrs_len"), "more than 32 PCRs"));
            }
            // SAFETY: non-NULL and, by the header's contract, valid for `pcrs_len` entries (≤ 32).
            let pcrs = unsafe { std::slice::from_raw_parts(set.pcrs, set.pcrs_len) };
            policy
                .add_pcr_set(pcrs.iter().map(|pcr| (u64::from(pcr.index), pcr.value)))
                .map_err(|e| Fail::argument(&name, policy_reason(&e)))?;
        }
    }
    let roots = if p.roots_len == 0 {
        vec![TrustAnchor::AWS_NITRO_ROOT_G1]
    } else {
        if p.roots.is_null() {
            return Err(Fail::null("policy.roots"));
        }
        if p.roots_len > LC_MAX_ROOTS {
            return Err(Fail::argument("policy.roots_len", "more than LC_MAX_ROOTS roots"));
        }
        // SAFETY: non-NULL and valid for `roots_len` (≤ LC_MAX_ROOTS) entries by contract.
        let roots = unsafe { std::slice::from_raw_parts(p.roots, p.roots_len) };
        let mut anchors = Vec::with_capacity(roots.len());
        for (i, root) in roots.iter().enumerate() {
            // SAFETY: each entry's `ptr` is valid for its `len` by contract.
            let der = unsafe { call::bytes(root.ptr, root.len, &format!("policy.roots[{i}]")) }?;
            anchors.push(TrustAnchor::from_der(der));
        }
        anchors
    };
    // SAFETY: each pointer is valid for its length by the caller's contract (checked for NULL).
    let (nonce, user_data, tls, key) = unsafe {
        (
            call::optional_bytes(p.nonce, p.nonce_len, "policy.nonce")?,
            call::optional_bytes(p.user_data, p.user_data_len, "policy.user_data")?,
            call::optional_bytes(p.tls_certificate_der, p.tls_certificate_der_len, "policy.tls_certificate_der")?,
            call::optional_bytes(p.signing_key_spki_der, p.signing_key_spki_der_len, "policy.signing_key_spki_der")?,
        )
    };
    policy.nonce = nonce.map(<[u8]>::to_vec);
    policy.user_data = user_data.map(<[u8]>::to_vec);
    policy.key_binding = match (tls, key) {
        (None, None) => None,
        (Some(tls), Some(key)) => Some((tls.to_vec(), key.to_vec())),
        _ => {
            return Err(Fail::argument(
                "policy.tls_certificate_der",
                "the key binding needs both tls_certificate_der and signing_key_spki_der",
            ))
        }
    };
    Ok(PolicyParts { policy, roots })
}

/// The reason of a policy the core refused (`nitro::Error::PolicyInvalid`).
fn policy_reason(e: &nitro::Error) -> &'static str {
    match e {
        nitro::Error::PolicyInvalid { reason } => reason,
        _ => "invalid",
    }
}

fn limit(value: u64) -> Option<u64> {
    (value != LC_NO_LIMIT).then_some(value)
}

/// Verifies an AWS Nitro Enclaves attestation document (raw CBOR `COSE_Sign1` bytes) at `now`:
/// the COSE envelope and ES384 signature, the payload, the certificate chain to a trusted root,
/// every certificate's validity at `now`, then `policy` (NULL: `lc_nitro_policy_default()`).
///
/// On `LC_OK`, `*out` is a new handle the caller frees with `lc_attestation_free`; on failure it
/// is NULL and the status says why (e.g. `LC_NITRO_CERT_EXPIRED`, `LC_NITRO_POLICY_PCR_MISMATCH`,
/// `LC_NITRO_POLICY_PCR_SET_MISMATCH`; an invalid policy is `LC_ERR_INVALID_ARGUMENT` naming the
/// field).
/// Inputs are borrowed for the call only. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_nitro_verify(
    document: *const u8,
    document_len: usize,
    now: lc_time,
    policy: *const lc_nitro_policy,
    out: *mut *mut lc_attestation,
) -> lc_status {
    // SAFETY: `out` is NULL or writable by the header's contract.
    unsafe { call::clear(out) };
    guard(|| {
        // SAFETY (this block's calls): the header requires every pointer to be NULL or valid for
        // its length / type for the duration of the call.
        let (out, document, policy) = unsafe {
            (
                call::out(out, "out")?,
                call::bytes(document, document_len, "document")?,
                policy.as_ref().copied().unwrap_or_else(|| lc_nitro_policy_default()),
            )
        };
        let now = now.unix_time("now")?;
        // SAFETY: as above, for the policy's pointers.
        let parts = unsafe { policy_parts(&policy) }?;
        let attestation = parts
            .policy
            .with_policy(|policy| Verifier::<0>::with_roots(&parts.roots).verify_uncached(document, policy, now))?;
        let module_id = CString::new(attestation.module_id.clone())
            .map_err(|_| Fail::argument("document.module_id", "contains a NUL byte"))?;
        *out = handle::register(AttestationObject { attestation, module_id })?;
        Ok(())
    })
}

/// The timestamp (Unix milliseconds) a well-formed document *claims*, read without verifying
/// anything: use it only to choose the time to verify at. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_nitro_claimed_timestamp_ms(
    document: *const u8,
    document_len: usize,
    out: *mut u64,
) -> lc_status {
    guard(|| {
        // SAFETY: pointers are NULL or valid for their lengths by the header's contract.
        let (out, document) = unsafe { (call::out(out, "out")?, call::bytes(document, document_len, "document")?) };
        *out = nitro::claimed_timestamp_ms(document)?;
        Ok(())
    })
}

/// Fills `out` with the attestation's fields. Pointers in `out` are borrowed from the handle and
/// valid until it is freed. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_attestation_get_info(
    attestation: *const lc_attestation,
    out: *mut lc_attestation_info,
) -> lc_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<AttestationObject, _>(attestation, "attestation")?;
        let a = &object.attestation;
        *out = lc_attestation_info {
            module_id: object.module_id.as_ptr(),
            timestamp_ms: a.timestamp_ms,
            valid_from_ms: a.valid_from_ms,
            valid_until_ms: a.valid_until_ms,
            debug_mode: a.is_debug_mode(),
            pcr_mask: a.pcr_iter().fold(0u32, |mask, (i, _)| mask | 1 << i),
            public_key: lc_bytes::of_option(a.public_key.as_deref()),
            user_data: lc_bytes::of_option(a.user_data.as_deref()),
            nonce: lc_bytes::of_option(a.nonce.as_deref()),
        };
        Ok(())
    })
}

/// Copies PCR `index` (0–31) into `out` (48 bytes). `LC_ERR_INVALID_ARGUMENT` if the document
/// has no such PCR (see `pcr_mask`). Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_attestation_get_pcr(
    attestation: *const lc_attestation,
    index: u32,
    out: *mut u8,
) -> lc_status {
    guard(|| {
        if out.is_null() {
            return Err(Fail::null("out"));
        }
        let object = handle::get::<AttestationObject, _>(attestation, "attestation")?;
        let value = u8::try_from(index)
            .ok()
            .and_then(|i| object.attestation.pcr(i))
            .ok_or_else(|| Fail::argument("index", &format!("PCR {index} is not in the document")))?;
        // SAFETY: `out` is non-NULL and, by the header's contract, writable for 48 bytes.
        unsafe { std::ptr::copy_nonoverlapping(value.as_ptr(), out, value.len()) };
        Ok(())
    })
}

/// Which of the policy's `pcr_sets` the attestation matched: `*out` is the index of the first set
/// that matched, or -1 when the policy listed no sets (a verified attestation whose policy listed
/// sets always matched one). Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_attestation_get_matched_pcr_set(
    attestation: *const lc_attestation,
    out: *mut i32,
) -> lc_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<AttestationObject, _>(attestation, "attestation")?;
        // At most LC_MAX_PCR_SETS (16) sets: the index always fits.
        *out = object.attestation.matched_pcr_set.map_or(-1, |i| i32::try_from(i).unwrap_or(i32::MAX));
        Ok(())
    })
}

/// Frees an attestation. NULL is a no-op; freeing twice gives `LC_ERR_INVALID_HANDLE`.
#[no_mangle]
pub extern "C" fn lc_attestation_free(attestation: *mut lc_attestation) -> lc_status {
    guard(|| handle::free::<AttestationObject, _>(attestation, "attestation"))
}
