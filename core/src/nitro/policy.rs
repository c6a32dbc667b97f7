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

/// Most PCR sets a [`Policy`] may list (more is [`Error::PolicyInvalid`]).
pub const MAX_PCR_SETS: usize = 16;

/// One PCR set: indices `0..=31`, each listed once, with the exact value each must have.
pub type PcrSet<'a> = &'a [(u8, [u8; PCR_LEN])];

/// Requirements on a document's contents. Every field is optional; the default accepts any
/// authentic production document and rejects debug-mode ones.
///
/// An expected value is compared exactly: an all-zero expected PCR is a value, never a wildcard.
/// Every requirement that is set must hold (they combine by AND).
#[derive(Debug, Clone, Default)]
pub struct Policy<'a> {
    /// PCRs that must be present with exactly these values (any subset of indices).
    pub expected_pcrs: &'a [(u8, [u8; PCR_LEN])],
    /// Allowed PCR sets, e.g. the old and the new image during a rolling deploy. Empty (the
    /// default): no constraint. Otherwise the document must match at least one set: every PCR of
    /// that set present with exactly that value (the set's other PCRs are not constrained by it).
    /// The verified [`Attestation::matched_pcr_set`] is the index of the first set that matches;
    /// no match is [`Error::PolicyPcrSetMismatch`]. Independent of `expected_pcrs`: both must hold.
    ///
    /// Each set must be non-empty, with indices in `0..=31` listed once; at most
    /// [`MAX_PCR_SETS`] sets (else [`Error::PolicyInvalid`]). Two sets may share indices and values.
    pub pcr_sets: &'a [PcrSet<'a>],
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
    /// Checks the policy itself: every expected PCR index within `0..=31` and listed once; at
    /// most [`MAX_PCR_SETS`] PCR sets, each non-empty with indices within `0..=31` listed once.
    /// [`verify`](super::verify) does this before anything else.
    pub fn validate(&self) -> Result<(), Error> {
        unique_indices(self.expected_pcrs, "a PCR index is listed twice")?;
        if self.pcr_sets.len() > MAX_PCR_SETS {
            return Err(Error::PolicyInvalid { reason: TOO_MANY_SETS });
        }
        for set in self.pcr_sets {
            if set.is_empty() {
                return Err(Error::PolicyInvalid { reason: EMPTY_SET });
            }
            unique_indices(set, SET_INDEX_TWICE)?;
        }
        Ok(())
    }

    /// Checks an authenticated document against the policy (after [`validate`](Self::validate)).
    /// The same as [`evaluate`](Self::evaluate) without the index of the matched PCR set.
    pub fn check(&self, doc: &Attestation, now: Timestamp) -> Result<(), Error> {
        self.evaluate(doc, now).map(|_| ())
    }

    /// Checks an authenticated document against the policy (after [`validate`](Self::validate))
    /// and returns the index in [`pcr_sets`](Self::pcr_sets) of the first set the document
    /// matches, or `None` when the policy lists no sets.
    ///
    /// The checks run in this order, the first failure being the error: debug mode,
    /// `expected_pcrs`, `pcr_sets`, nonce, `user_data`, key binding, age, future skew.
    pub fn evaluate(&self, doc: &Attestation, now: Timestamp) -> Result<Option<usize>, Error> {
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
        let matched = self.matched_pcr_set(doc)?;
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
        Ok(matched)
    }

    /// The first of `pcr_sets` the document matches (`None` when there are none); no match is
    /// [`Error::PolicyPcrSetMismatch`] naming the closest set and its first differing index.
    fn matched_pcr_set(&self, doc: &Attestation) -> Result<Option<usize>, Error> {
        if self.pcr_sets.is_empty() {
            return Ok(None);
        }
        let matches = |entry: &(u8, [u8; PCR_LEN])| doc.pcr(entry.0) == Some(&entry.1);
        // (matching PCRs, set, first differing index) of the closest set so far.
        let mut closest: Option<(usize, usize, u8)> = None;
        for (i, set) in self.pcr_sets.iter().enumerate() {
            let Some(&(first_difference, _)) = set.iter().find(|e| !matches(e)) else {
                return Ok(Some(i));
            };
            let matching = set.iter().filter(|e| matches(e)).count();
            if closest.is_none_or(|(best, _, _)| matching > best) {
                closest = Some((matching, i, first_difference));
            }
        }
        let (_, closest, index) = closest.unwrap_or_default();
        Err(Error::PolicyPcrSetMismatch { sets: self.pcr_sets.len(), closest, index })
    }
}

/// Every index within `0..=31` and listed once.
fn unique_indices(pcrs: &[(u8, [u8; PCR_LEN])], twice: &'static str) -> Result<(), Error> {
    let mut seen = 0u32;
    for (index, _) in pcrs {
        let bit = 1u32.checked_shl(u32::from(*index)).ok_or(Error::PolicyInvalid { reason: PCR_INDEX_RANGE })?;
        if seen & bit != 0 {
            return Err(Error::PolicyInvalid { reason: twice });
        }
        seen |= bit;
    }
    Ok(())
}

const PCR_INDEX_RANGE: &str = "a PCR index is outside 0..=31";
const SET_INDEX_TWICE: &str = "a PCR index is listed twice in a PCR set";
const EMPTY_SET: &str = "a PCR set is empty (it would match every document)";
const TOO_MANY_SETS: &str = "more than MAX_PCR_SETS (16) PCR sets";

/// An owned [`Policy`], validated as it is built: what the bindings assemble from their callers'
/// options, then lend to [`verify`](super::verify) with [`with_policy`](Self::with_policy).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyBuf {
    expected_pcrs: Vec<(u8, [u8; PCR_LEN])>,
    pcr_sets: Vec<Vec<(u8, [u8; PCR_LEN])>>,
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
        let index = pcr_index(index)?;
        if self.expected_pcrs.iter().any(|(i, _)| *i == index) {
            return Err(Error::PolicyInvalid { reason: "a PCR index is listed twice" });
        }
        self.expected_pcrs.push((index, value));
        Ok(())
    }

    /// Adds an allowed PCR set (see [`Policy::pcr_sets`]); its index is the number of sets added
    /// before it. An empty set, an index outside `0..=31`, an index listed twice in the set, or
    /// more than [`MAX_PCR_SETS`] sets is [`Error::PolicyInvalid`], and nothing is added.
    pub fn add_pcr_set(&mut self, set: impl IntoIterator<Item = (u64, [u8; PCR_LEN])>) -> Result<(), Error> {
        if self.pcr_sets.len() >= MAX_PCR_SETS {
            return Err(Error::PolicyInvalid { reason: TOO_MANY_SETS });
        }
        let mut checked: Vec<(u8, [u8; PCR_LEN])> = Vec::new();
        for (index, value) in set {
            let index = pcr_index(index)?;
            if checked.iter().any(|(i, _)| *i == index) {
                return Err(Error::PolicyInvalid { reason: SET_INDEX_TWICE });
            }
            checked.push((index, value));
        }
        if checked.is_empty() {
            return Err(Error::PolicyInvalid { reason: EMPTY_SET });
        }
        self.pcr_sets.push(checked);
        Ok(())
    }

    /// The required PCRs, in the order they were added.
    pub fn expected_pcrs(&self) -> &[(u8, [u8; PCR_LEN])] {
        &self.expected_pcrs
    }

    /// The allowed PCR sets, in the order they were added.
    pub fn pcr_sets(&self) -> &[Vec<(u8, [u8; PCR_LEN])>] {
        &self.pcr_sets
    }

    /// Lends the policy, with every field including the PCR sets, to `f`.
    ///
    /// (A closure rather than a borrowed [`Policy`] because [`Policy::pcr_sets`] is a slice of
    /// slices, which this buffer builds for the duration of the call.)
    pub fn with_policy<R>(&self, f: impl FnOnce(&Policy<'_>) -> R) -> R {
        let sets: Vec<PcrSet<'_>> = self.pcr_sets.iter().map(Vec::as_slice).collect();
        f(&Policy {
            expected_pcrs: &self.expected_pcrs,
            pcr_sets: &sets,
            allow_debug: self.allow_debug,
            nonce: self.nonce.as_deref(),
            user_data: self.user_data.as_deref(),
            key_binding: self
                .key_binding
                .as_ref()
                .map(|(tls, key)| KeyBinding { tls_certificate_der: tls, signing_key_spki_der: key }),
            max_age_ms: self.max_age_ms,
            max_future_skew_ms: self.max_future_skew_ms,
        })
    }
}

fn pcr_index(index: u64) -> Result<u8, Error> {
    u8::try_from(index).ok().filter(|i| *i < 32).ok_or(Error::PolicyInvalid { reason: PCR_INDEX_RANGE })
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
            matched_pcr_set: None,
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
        assert_eq!(owned.with_policy(|p| code(p, 1_000_000)), "ok");
        owned.nonce = Some(alloc::vec![6; 20]);
        assert_eq!(owned.with_policy(|p| code(p, 1_000_000)), "nitro.policy.nonce");
    }

    fn sets(policy: &Policy<'_>) -> Result<Option<usize>, Error> {
        policy.evaluate(&doc(), Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn the_first_matching_pcr_set_is_reported() {
        let old_image: &[(u8, [u8; 48])] = &[(0, [7; 48]), (1, [2; 48])];
        let new_image: &[(u8, [u8; 48])] = &[(0, [1; 48]), (1, [2; 48]), (2, [3; 48])];
        let also_new: &[(u8, [u8; 48])] = &[(2, [3; 48])];
        assert_eq!(sets(&Policy::default()), Ok(None));
        assert_eq!(sets(&Policy { pcr_sets: &[old_image, new_image], ..Policy::default() }), Ok(Some(1)));
        assert_eq!(sets(&Policy { pcr_sets: &[new_image, also_new], ..Policy::default() }), Ok(Some(0)));
        assert_eq!(sets(&Policy { pcr_sets: &[old_image, also_new, new_image], ..Policy::default() }), Ok(Some(1)));
        // check() is evaluate() without the index.
        assert!(Policy { pcr_sets: &[new_image], ..Policy::default() }.check(&doc(), Timestamp::UNIX_EPOCH).is_ok());
    }

    #[test]
    fn no_matching_set_names_the_closest_and_its_first_difference() {
        // Set 0 matches one of two PCRs; set 1 two of three (the closest), first differing at 2;
        // set 2 needs an absent PCR.
        let a: &[(u8, [u8; 48])] = &[(0, [9; 48]), (1, [2; 48])];
        let b: &[(u8, [u8; 48])] = &[(0, [1; 48]), (2, [9; 48]), (1, [2; 48])];
        let c: &[(u8, [u8; 48])] = &[(5, [0; 48])];
        let err = sets(&Policy { pcr_sets: &[a, b, c], ..Policy::default() }).unwrap_err();
        assert_eq!(err, Error::PolicyPcrSetMismatch { sets: 3, closest: 1, index: 2 });
        assert_eq!(err.code(), "nitro.policy.pcr_set_mismatch");
        assert_eq!(err.class(), crate::error::ErrorClass::Policy);
        assert_eq!(
            alloc::string::ToString::to_string(&err),
            "pcrs: match none of the allowed PCR sets (3 tried; closest: set 1, first difference at pcrs[2])"
        );
        // A tie goes to the first set; an absent PCR is a difference.
        let err = sets(&Policy { pcr_sets: &[c, c], ..Policy::default() }).unwrap_err();
        assert_eq!(err, Error::PolicyPcrSetMismatch { sets: 2, closest: 0, index: 5 });
    }

    #[test]
    fn pcr_sets_and_expected_pcrs_must_both_hold() {
        let matching: &[(u8, [u8; 48])] = &[(0, [1; 48])];
        let other: &[(u8, [u8; 48])] = &[(0, [4; 48])];
        let good = [(1u8, [2; 48])];
        let bad = [(1u8, [5; 48])];
        let both = Policy { expected_pcrs: &good, pcr_sets: &[matching], ..Policy::default() };
        assert_eq!(sets(&both), Ok(Some(0)));
        // A matching set does not excuse a failing expected PCR: the old error.
        let pin_fails = Policy { expected_pcrs: &bad, pcr_sets: &[matching], ..Policy::default() };
        assert_eq!(sets(&pin_fails).unwrap_err().code(), "nitro.policy.pcr_mismatch");
        // Passing expected PCRs do not excuse a failing set list.
        let set_fails = Policy { expected_pcrs: &good, pcr_sets: &[other], ..Policy::default() };
        assert_eq!(sets(&set_fails).unwrap_err().code(), "nitro.policy.pcr_set_mismatch");
        // The sets come before the nonce, after debug mode.
        let nonce = Policy { pcr_sets: &[other], nonce: Some(&[0; 20]), ..Policy::default() };
        assert_eq!(sets(&nonce).unwrap_err().code(), "nitro.policy.pcr_set_mismatch");
        let mut debug = doc();
        debug.pcrs[0] = Some([0; 48]);
        debug.pcrs[1] = Some([0; 48]);
        debug.pcrs[2] = Some([0; 48]);
        let debug_set: &[(u8, [u8; 48])] = &[(0, [0; 48])];
        let policy = Policy { pcr_sets: &[debug_set], ..Policy::default() };
        assert_eq!(policy.evaluate(&debug, Timestamp::UNIX_EPOCH).unwrap_err().code(), "nitro.policy.debug_mode");
        let policy = Policy { pcr_sets: &[debug_set], allow_debug: true, ..Policy::default() };
        assert_eq!(policy.evaluate(&debug, Timestamp::UNIX_EPOCH), Ok(Some(0)));
    }

    #[test]
    fn invalid_pcr_sets_are_policy_errors() {
        let invalid = |pcr_sets: &[PcrSet<'_>]| match sets(&Policy { pcr_sets, ..Policy::default() }) {
            Err(Error::PolicyInvalid { reason }) => reason,
            other => panic!("{other:?}"),
        };
        let ok: &[(u8, [u8; 48])] = &[(0, [1; 48])];
        assert_eq!(invalid(&[ok, &[]]), EMPTY_SET);
        assert_eq!(invalid(&[&[(32, [0; 48])]]), PCR_INDEX_RANGE);
        assert_eq!(invalid(&[ok, &[(3, [0; 48]), (3, [1; 48])]]), SET_INDEX_TWICE);
        assert_eq!(invalid(&[ok; MAX_PCR_SETS + 1]), TOO_MANY_SETS);
        assert_eq!(sets(&Policy { pcr_sets: &[ok; MAX_PCR_SETS], ..Policy::default() }), Ok(Some(0)));
        // The same index in two sets is fine: they are alternatives.
        assert_eq!(sets(&Policy { pcr_sets: &[ok, ok], ..Policy::default() }), Ok(Some(0)));
    }

    #[test]
    fn an_owned_policy_validates_its_pcr_sets_as_they_are_added() {
        let mut owned = PolicyBuf::default();
        let reason = |r: Result<(), Error>| match r {
            Err(Error::PolicyInvalid { reason }) => reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(reason(owned.add_pcr_set([])), EMPTY_SET);
        assert_eq!(reason(owned.add_pcr_set([(32, [0; 48])])), PCR_INDEX_RANGE);
        assert_eq!(reason(owned.add_pcr_set([(u64::MAX, [0; 48])])), PCR_INDEX_RANGE);
        assert_eq!(reason(owned.add_pcr_set([(4, [0; 48]), (4, [0; 48])])), SET_INDEX_TWICE);
        assert!(owned.pcr_sets().is_empty(), "a refused set is not added");
        owned.add_pcr_set([(0, [9; 48])]).unwrap();
        owned.add_pcr_set([(0, [1; 48]), (2, [3; 48])]).unwrap();
        assert_eq!(owned.pcr_sets().len(), 2);
        assert_eq!(owned.with_policy(sets), Ok(Some(1)));
        for _ in 2..MAX_PCR_SETS {
            owned.add_pcr_set([(0, [9; 48])]).unwrap();
        }
        assert_eq!(reason(owned.add_pcr_set([(0, [1; 48])])), TOO_MANY_SETS);
        assert_eq!(owned.pcr_sets().len(), MAX_PCR_SETS);
        assert_eq!(owned.with_policy(sets), Ok(Some(1)));
    }
}
