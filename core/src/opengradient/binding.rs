//! Binding a response-signing key to an attested enclave.
//!
//! An OpenGradient TEE generates its RSA key inside a Nitro enclave and has nitriding put
//! `SHA-256(key SPKI DER)` into the attestation's 68-byte `user_data`
//! (`12 20 ‖ SHA-256(TLS certificate DER) ‖ 12 20 ‖ SHA-256(signing key SPKI DER)`). The
//! document's `public_key` is a placeholder and is ignored. Which code runs in the enclave is
//! pinned by PCR0–2, either explicitly or through the registry's
//! `pcrHash = keccak256(pcr0 ‖ pcr1 ‖ pcr2)`.

use sha2::{Digest, Sha256};

use super::signing_key::SigningKey;
use crate::codec::hash::keccak256;
use crate::nitro::Error as NitroError;
use crate::nitro::{self, Attestation, KeyBinding, TrustAnchor};
use crate::opengradient::Error as OgError;
use crate::time::Timestamp;
use crate::Error;

/// The registry's freshness rule for an attestation: at most 300 s old ...
pub const REGISTRATION_MAX_AGE_MS: u64 = 300_000;
/// ... and at most 60 s in the future, relative to the registration block time.
pub const REGISTRATION_MAX_SKEW_MS: u64 = 60_000;

/// Length of nitriding's `user_data`.
pub const NITRIDING_USER_DATA_LEN: usize = 68;
const MULTIHASH_SHA256: [u8; 2] = [0x12, 0x20];

/// How the caller pins the code running in the enclave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PcrPin<'a> {
    /// No pin: any authentic production enclave. Proves "some enclave", not "this code".
    Any,
    /// These PCRs must be present with exactly these values.
    Pcrs(&'a [(u8, [u8; 48])]),
    /// `keccak256(pcr0 ‖ pcr1 ‖ pcr2)` must equal this (the registry's `pcrHash`).
    PcrHash([u8; 32]),
    /// The document must match one of these PCR sets (e.g. the old and the new image of a
    /// rolling deploy), as [`nitro::Policy::pcr_sets`]; the attestation's `matched_pcr_set` says
    /// which. Set rules and errors are the Nitro policy's (at most [`nitro::MAX_PCR_SETS`] sets).
    AnySet(&'a [nitro::PcrSet<'a>]),
}

/// What an enclave binding must satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnclavePolicy<'a> {
    /// The code pin.
    pub pcrs: PcrPin<'a>,
    /// If given, `user_data` must also commit to this TLS certificate (DER).
    pub tls_certificate_der: Option<&'a [u8]>,
    /// Accept debug-mode enclaves (PCR0–2 all zero), whose memory the host can read.
    pub allow_debug: bool,
    /// When to check the certificate chain and freshness (for example the block time of the
    /// TEE's registration). `None` uses the time the document claims, which proves the document
    /// was valid when it was produced.
    pub at: Option<Timestamp>,
    /// Reject documents older than this at `at` ([`REGISTRATION_MAX_AGE_MS`] for the
    /// registry's rule).
    pub max_age_ms: Option<u64>,
    /// Reject documents further than this in the future of `at`
    /// ([`REGISTRATION_MAX_SKEW_MS`]).
    pub max_future_skew_ms: Option<u64>,
}

impl Default for EnclavePolicy<'_> {
    /// No PCR pin, no TLS certificate, production enclaves only, checked at the document's own
    /// time with the registry's freshness bounds.
    fn default() -> Self {
        EnclavePolicy {
            pcrs: PcrPin::Any,
            tls_certificate_der: None,
            allow_debug: false,
            at: None,
            max_age_ms: Some(REGISTRATION_MAX_AGE_MS),
            max_future_skew_ms: Some(REGISTRATION_MAX_SKEW_MS),
        }
    }
}

/// A signing key proven to have been generated in an attested enclave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnclaveBinding {
    /// The verified attestation document.
    pub attestation: Attestation,
    /// `keccak256(pcr0 ‖ pcr1 ‖ pcr2)`, comparable with the registry's `pcrHash`.
    pub pcr_hash: [u8; 32],
    /// `SHA-256` of the TLS certificate the document commits to.
    pub tls_certificate_sha256: [u8; 32],
    /// The time the chain was checked at.
    pub verified_at: Timestamp,
}

/// `keccak256(pcr0 ‖ pcr1 ‖ pcr2)` of a document (OpenGradient's `pcrHash`).
pub fn pcr_hash(attestation: &Attestation) -> Result<[u8; 32], Error> {
    let pcr = |i: u8| attestation.pcr(i).ok_or(Error::from(NitroError::PolicyPcrMissing { index: i }));
    Ok(keccak256(&[pcr(0)?, pcr(1)?, pcr(2)?]))
}

/// Verifies `document` with `roots` at the policy's time, with its PCR pin and freshness
/// bounds; the key binding is checked separately by [`check_key_binding`].
///
/// Returns the attestation, its `pcrHash` and the time it was checked at.
pub fn verify_attestation(
    document: &[u8],
    policy: &EnclavePolicy<'_>,
    roots: &[TrustAnchor],
) -> Result<(Attestation, [u8; 32], Timestamp), Error> {
    let at = match policy.at {
        Some(t) => t,
        None => Timestamp::from_unix_millis(nitro::claimed_timestamp_ms(document)?)
            .ok_or(NitroError::PayloadMalformed { field: "timestamp", reason: "after year 9999" })?,
    };
    let nitro_policy = nitro::Policy {
        expected_pcrs: match policy.pcrs {
            PcrPin::Pcrs(pcrs) => pcrs,
            PcrPin::Any | PcrPin::PcrHash(_) | PcrPin::AnySet(_) => &[],
        },
        pcr_sets: match policy.pcrs {
            PcrPin::AnySet(sets) => sets,
            PcrPin::Any | PcrPin::Pcrs(_) | PcrPin::PcrHash(_) => &[],
        },
        allow_debug: policy.allow_debug,
        max_age_ms: policy.max_age_ms,
        max_future_skew_ms: policy.max_future_skew_ms,
        ..nitro::Policy::default()
    };
    let attestation = nitro::Verifier::<0>::with_roots(roots).verify_uncached(document, &nitro_policy, at)?;
    let pcr_hash = pcr_hash(&attestation)?;
    if let PcrPin::PcrHash(expected) = policy.pcrs {
        if pcr_hash != expected {
            return Err(Error::from(OgError::PcrHashMismatch));
        }
    }
    Ok((attestation, pcr_hash, at))
}

/// Checks that a verified attestation's `user_data` has the nitriding layout and commits to
/// `key` (and to `tls_certificate_der`, when given). Returns the TLS certificate hash it holds.
pub fn check_key_binding(
    attestation: &Attestation,
    key: &SigningKey,
    tls_certificate_der: Option<&[u8]>,
) -> Result<[u8; 32], Error> {
    let user_data = attestation.user_data.as_deref().unwrap_or_default();
    let tls_hash = nitriding_tls_hash(user_data, key)?;
    if let Some(tls) = tls_certificate_der {
        let binding = KeyBinding { tls_certificate_der: tls, signing_key_spki_der: key.spki_der() };
        if user_data != binding.expected_user_data() {
            return Err(Error::from(NitroError::PolicyKeyBinding));
        }
    }
    Ok(tls_hash)
}

/// Verifies `document` with `roots` and checks that it binds `key` under `policy`.
///
/// Guarantees on success: the document is an authentic Nitro attestation at the chosen time,
/// passes the PCR pin and freshness bounds, and its `user_data` has the nitriding layout with
/// `SHA-256(key SPKI DER)` (and the TLS certificate's hash when one is given).
pub fn verify_binding(
    document: &[u8],
    key: &SigningKey,
    policy: &EnclavePolicy<'_>,
    roots: &[TrustAnchor],
) -> Result<EnclaveBinding, Error> {
    let (attestation, pcr_hash, verified_at) = verify_attestation(document, policy, roots)?;
    let tls_certificate_sha256 = check_key_binding(&attestation, key, policy.tls_certificate_der)?;
    Ok(EnclaveBinding { attestation, pcr_hash, tls_certificate_sha256, verified_at })
}

/// Checks the nitriding layout and the key half of `user_data`; returns the TLS half.
fn nitriding_tls_hash(user_data: &[u8], key: &SigningKey) -> Result<[u8; 32], Error> {
    let Ok(user_data) = <&[u8; NITRIDING_USER_DATA_LEN]>::try_from(user_data) else {
        return Err(Error::from(NitroError::PolicyKeyBinding));
    };
    let (tls_prefix, rest) = user_data.split_at(2);
    let (tls_hash, rest) = rest.split_at(32);
    let (key_prefix, key_hash) = rest.split_at(2);
    if tls_prefix != MULTIHASH_SHA256 || key_prefix != MULTIHASH_SHA256 {
        return Err(Error::from(NitroError::PolicyKeyBinding));
    }
    if key_hash != Sha256::digest(key.spki_der()).as_slice() {
        return Err(Error::from(NitroError::PolicyKeyBinding));
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(tls_hash);
    Ok(out)
}
