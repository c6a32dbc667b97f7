//! What the caller requires of a verified document beyond authenticity.

use sha2::{Digest, Sha256};

use super::payload::PCR_LEN;
use super::Attestation;
use crate::Error;

/// The nitriding `user_data` layout: `12 20 ‖ sha256(TLS cert DER) ‖ 12 20 ‖ sha256(key SPKI DER)`
/// (a sha2-256 multihash of each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyBinding<'a> {
    /// DER of the enclave's TLS certificate.
    pub tls_certificate_der: &'a [u8],
    /// DER SubjectPublicKeyInfo of the enclave's signing key.
    pub signing_key_spki_der: &'a [u8],
}

impl KeyBinding<'_> {
    /// The 68 `user_data` bytes this binding expects.
    pub fn expected_user_data(&self) -> [u8; 68] {
        let mut out = [0u8; 68];
        out[..2].copy_from_slice(&[0x12, 0x20]);
        out[2..34].copy_from_slice(&Sha256::digest(self.tls_certificate_der));
        out[34..36].copy_from_slice(&[0x12, 0x20]);
        out[36..].copy_from_slice(&Sha256::digest(self.signing_key_spki_der));
        out
    }
}

/// Requirements on a document's contents. Every field is optional; the default accepts any
/// authentic production document and rejects debug-mode ones.
///
/// An expected value is compared exactly: an all-zero expected PCR is a value, never a wildcard.
#[derive(Debug, Clone, Default)]
pub struct Policy<'a> {
    /// PCRs that must be present with exactly these values (any subset of indices).
    pub expected_pcrs: &'a [(u8, [u8; PCR_LEN])],
    /// Accept debug-mode documents (PCR0, PCR1 and PCR2 all zero).
    pub allow_debug: bool,
    /// The nonce the document must carry.
    pub nonce: Option<&'a [u8]>,
    /// The `user_data` the document must carry.
    pub user_data: Option<&'a [u8]>,
    /// The TLS certificate and signing key `user_data` must bind (nitriding layout).
    pub key_binding: Option<KeyBinding<'a>>,
    /// Reject documents whose `timestamp` is more than this many milliseconds before `now`.
    pub max_age_ms: Option<u64>,
    /// Reject documents whose `timestamp` is more than this many milliseconds after `now`.
    pub max_future_skew_ms: Option<u64>,
}

impl Policy<'_> {
    /// Checks an authenticated document against the policy.
    pub fn check(&self, doc: &Attestation, now_ms: u64) -> Result<(), Error> {
        if doc.is_debug_mode() && !self.allow_debug {
            return Err(Error::PolicyDebugMode);
        }
        for (index, expected) in self.expected_pcrs {
            let actual = doc.pcr(*index).ok_or(Error::PolicyPcrMissing { index: *index })?;
            if actual != expected {
                return Err(Error::PolicyPcrMismatch { index: *index });
            }
        }
        if let Some(nonce) = self.nonce {
            if doc.nonce.as_deref() != Some(nonce) {
                return Err(Error::PolicyNonce);
            }
        }
        if let Some(user_data) = self.user_data {
            if doc.user_data.as_deref() != Some(user_data) {
                return Err(Error::PolicyUserData);
            }
        }
        if let Some(binding) = self.key_binding {
            if doc.user_data.as_deref() != Some(&binding.expected_user_data()[..]) {
                return Err(Error::PolicyKeyBinding);
            }
        }
        if let Some(max_age_ms) = self.max_age_ms {
            if now_ms.saturating_sub(doc.timestamp_ms) > max_age_ms {
                return Err(Error::PolicyTooOld { timestamp_ms: doc.timestamp_ms, now_ms, max_age_ms });
            }
        }
        if let Some(max_skew_ms) = self.max_future_skew_ms {
            if doc.timestamp_ms.saturating_sub(now_ms) > max_skew_ms {
                return Err(Error::PolicyFromFuture { timestamp_ms: doc.timestamp_ms, now_ms, max_skew_ms });
            }
        }
        Ok(())
    }
}
