//! What the caller requires of a verified document beyond authenticity.

use alloc::vec::Vec;

use sha2::{Digest, Sha256};

use super::payload::PCR_LEN;
use super::Attestation;
use crate::nitro::Error;
use crate::time::Timestamp;

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
    /// Checks the policy itself: every expected PCR index within `0..=31` and listed once.
    /// [`verify`](super::verify) does this before anything else.
    pub fn validate(&self) -> Result<(), Error> {
        let mut seen = 0u32;
        for (index, _) in self.expected_pcrs {
            let bit = 1u32.checked_shl(u32::from(*index)).ok_or(Error::PolicyInvalid { reason: PCR_INDEX_RANGE })?;
            if seen & bit != 0 {
                return Err(Error::PolicyInvalid { reason: "a PCR index is listed twice" });
            }
            seen |= bit;
        }
        Ok(())
    }

    /// Checks an authenticated document against the policy (after [`validate`](Self::validate)).
    pub fn check(&self, doc: &Attestation, now: Timestamp) -> Result<(), Error> {
        self.validate()?;
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
        // Before 1970 is before every document (a document's timestamp is positive).
        let now_ms = now.unix_millis().unwrap_or(0);
        let timestamp = Timestamp::from_unix_millis(doc.timestamp_ms).unwrap_or(Timestamp::UNIX_EPOCH);
        if let Some(max_age_ms) = self.max_age_ms {
            if now_ms.saturating_sub(doc.timestamp_ms) > max_age_ms {
                return Err(Error::PolicyTooOld { timestamp, now, max_age_ms });
            }
        }
        if let Some(max_skew_ms) = self.max_future_skew_ms {
            if doc.timestamp_ms.saturating_sub(now_ms) > max_skew_ms {
                return Err(Error::PolicyFromFuture { timestamp, now, max_skew_ms });
            }
        }
        Ok(())
    }
}

const PCR_INDEX_RANGE: &str = "a PCR index is outside 0..=31";

/// An owned [`Policy`], validated as it is built: what the bindings assemble from their callers'
/// options, then lend to [`verify`](super::verify) with [`as_policy`](Self::as_policy).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyBuf {
    expected_pcrs: Vec<(u8, [u8; PCR_LEN])>,
    /// Accept debug-mode documents (PCR0, PCR1 and PCR2 all zero).
    pub allow_debug: bool,
    /// The nonce the document must carry.
    pub nonce: Option<Vec<u8>>,
    /// The `user_data` the document must carry.
    pub user_data: Option<Vec<u8>>,
    /// The TLS certificate DER and signing key SPKI DER that `user_data` must bind (nitriding).
    pub key_binding: Option<(Vec<u8>, Vec<u8>)>,
    /// Reject documents whose `timestamp` is more than this many milliseconds before `now`.
    pub max_age_ms: Option<u64>,
    /// Reject documents whose `timestamp` is more than this many milliseconds after `now`.
    pub max_future_skew_ms: Option<u64>,
}

impl PolicyBuf {
    /// Requires PCR `index` to be present with exactly `value`. An index outside `0..=31` or
    /// one already required is [`Error::PolicyInvalid`].
    pub fn expect_pcr(&mut self, index: u64, value: [u8; PCR_LEN]) -> Result<(), Error> {
        let index =
            u8::try_from(index).ok().filter(|i| *i < 32).ok_or(Error::PolicyInvalid { reason: PCR_INDEX_RANGE })?;
        if self.expected_pcrs.iter().any(|(i, _)| *i == index) {
            return Err(Error::PolicyInvalid { reason: "a PCR index is listed twice" });
        }
        self.expected_pcrs.push((index, value));
        Ok(())
    }

    /// The required PCRs, in the order they were added.
    pub fn expected_pcrs(&self) -> &[(u8, [u8; PCR_LEN])] {
        &self.expected_pcrs
    }

    /// The policy, borrowed.
    pub fn as_policy(&self) -> Policy<'_> {
        Policy {
            expected_pcrs: &self.expected_pcrs,
            allow_debug: self.allow_debug,
            nonce: self.nonce.as_deref(),
            user_data: self.user_data.as_deref(),
            key_binding: self
                .key_binding
                .as_ref()
                .map(|(tls, key)| KeyBinding { tls_certificate_der: tls, signing_key_spki_der: key }),
            max_age_ms: self.max_age_ms,
            max_future_skew_ms: self.max_future_skew_ms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Attestation {
        let mut pcrs = [None; 32];
        pcrs[0] = Some([1; 48]);
        pcrs[1] = Some([2; 48]);
        pcrs[2] = Some([3; 48]);
        Attestation {
            module_id: "i-0-enc0".into(),
            timestamp_ms: 1_000_000,
            digest: "SHA384",
            pcrs,
            public_key: None,
            user_data: Some(alloc::vec![9; 4]),
            nonce: Some(alloc::vec![5; 20]),
            valid_from_ms: 0,
            valid_until_ms: u64::MAX,
            leaf_fingerprint: [0; 32],
        }
    }

    fn code(policy: &Policy<'_>, now_ms: u64) -> &'static str {
        policy.check(&doc(), Timestamp::from_unix_millis(now_ms).unwrap()).err().map_or("ok", |e| e.code())
    }

    #[test]
    fn age_and_skew_bounds_are_inclusive() {
        let age = Policy { max_age_ms: Some(300), ..Policy::default() };
        assert_eq!(code(&age, 1_000_300), "ok");
        assert_eq!(code(&age, 1_000_301), "nitro.policy.too_old");
        assert_eq!(code(&age, 999_000), "ok", "a document from the future is not too old");
        let skew = Policy { max_future_skew_ms: Some(60), ..Policy::default() };
        assert_eq!(code(&skew, 999_940), "ok");
        assert_eq!(code(&skew, 999_939), "nitro.policy.from_future");
        assert_eq!(code(&skew, 2_000_000), "ok", "a document from the past is not from the future");
    }

    #[test]
    fn each_field_must_match_exactly() {
        let pcrs = [(1u8, [2; 48])];
        assert_eq!(code(&Policy { expected_pcrs: &pcrs, ..Policy::default() }, 0), "ok");
        let wrong = [(1u8, [3; 48])];
        assert_eq!(code(&Policy { expected_pcrs: &wrong, ..Policy::default() }, 0), "nitro.policy.pcr_mismatch");
        let absent = [(7u8, [0; 48])];
        assert_eq!(code(&Policy { expected_pcrs: &absent, ..Policy::default() }, 0), "nitro.policy.pcr_missing");
        assert_eq!(code(&Policy { nonce: Some(&[5; 20]), ..Policy::default() }, 0), "ok");
        assert_eq!(code(&Policy { nonce: Some(&[5; 19]), ..Policy::default() }, 0), "nitro.policy.nonce");
        assert_eq!(code(&Policy { user_data: Some(&[9; 4]), ..Policy::default() }, 0), "ok");
        assert_eq!(code(&Policy { user_data: Some(&[9; 5]), ..Policy::default() }, 0), "nitro.policy.user_data");
        let binding = KeyBinding { tls_certificate_der: b"tls", signing_key_spki_der: b"key" };
        assert_eq!(code(&Policy { key_binding: Some(binding), ..Policy::default() }, 0), "nitro.policy.key_binding");
    }

    #[test]
    fn the_key_binding_is_nitridings_layout() {
        let binding = KeyBinding { tls_certificate_der: b"tls", signing_key_spki_der: b"key" };
        let expected = binding.expected_user_data();
        assert_eq!(expected[..2], [0x12, 0x20]);
        assert_eq!(expected[2..34], Sha256::digest(b"tls")[..]);
        assert_eq!(expected[34..36], [0x12, 0x20]);
        assert_eq!(expected[36..], Sha256::digest(b"key")[..]);
        let mut bound = doc();
        bound.user_data = Some(expected.to_vec());
        assert!(Policy { key_binding: Some(binding), ..Policy::default() }
            .check(&bound, Timestamp::UNIX_EPOCH)
            .is_ok());
    }

    #[test]
    fn debug_mode_is_refused_unless_allowed() {
        let mut debug = doc();
        debug.pcrs[0] = Some([0; 48]);
        debug.pcrs[1] = Some([0; 48]);
        debug.pcrs[2] = Some([0; 48]);
        assert_eq!(
            Policy::default().check(&debug, Timestamp::UNIX_EPOCH).unwrap_err().code(),
            "nitro.policy.debug_mode"
        );
        assert!(Policy { allow_debug: true, ..Policy::default() }.check(&debug, Timestamp::UNIX_EPOCH).is_ok());
    }

    #[test]
    fn an_invalid_pcr_index_is_a_policy_error_not_a_missing_pcr() {
        let out_of_range = [(32u8, [0; 48])];
        let policy = Policy { expected_pcrs: &out_of_range, ..Policy::default() };
        assert_eq!(code(&policy, 1_000_000), "nitro.policy.invalid");
        let twice = [(1u8, [2; 48]), (1u8, [2; 48])];
        assert_eq!(code(&Policy { expected_pcrs: &twice, ..Policy::default() }, 1_000_000), "nitro.policy.invalid");
        // Index 31 is a valid index that this document lacks.
        let absent = [(31u8, [0; 48])];
        assert_eq!(
            code(&Policy { expected_pcrs: &absent, ..Policy::default() }, 1_000_000),
            "nitro.policy.pcr_missing"
        );
    }

    #[test]
    fn an_owned_policy_validates_as_it_is_built() {
        let mut owned = PolicyBuf::default();
        owned.expect_pcr(1, [2; 48]).unwrap();
        assert_eq!(owned.expect_pcr(1, [2; 48]).unwrap_err().code(), "nitro.policy.invalid");
        assert_eq!(owned.expect_pcr(32, [0; 48]).unwrap_err().code(), "nitro.policy.invalid");
        assert_eq!(owned.expect_pcr(u64::MAX, [0; 48]).unwrap_err().code(), "nitro.policy.invalid");
        owned.nonce = Some(alloc::vec![5; 20]);
        assert_eq!(owned.expected_pcrs(), &[(1, [2; 48])]);
        assert_eq!(code(&owned.as_policy(), 1_000_000), "ok");
        owned.nonce = Some(alloc::vec![6; 20]);
        assert_eq!(code(&owned.as_policy(), 1_000_000), "nitro.policy.nonce");
    }
}
