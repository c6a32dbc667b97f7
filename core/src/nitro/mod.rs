//! AWS Nitro Enclaves attestation documents.
//!
//! [`verify`] (or a [`Verifier`], which adds the trusted roots of your choice and a cache of
//! verified CA certificates) takes the document bytes, a [`Policy`] and `now` (a
//! [`Timestamp`]), and returns the verified [`Attestation`] or the first [`Error`] found:
//!
//! 1. the COSE_Sign1 envelope: tag 18 optional, protected header exactly `{1: -35}` (ES384),
//!    empty unprotected header, raw 96-byte `r‖s` signature, no trailing bytes;
//! 2. the payload, per the AWS CDDL with explicit bounds (see [`payload`]);
//! 3. the certificate chain from `cabundle[0]` (a trust anchor) to `certificate`, each
//!    certificate signed by the one before it and valid at `now`;
//! 4. the COSE signature over `Sig_structure` with the leaf's key;
//! 5. the caller's [`Policy`] (itself checked first: [`Policy::validate`]), including its list
//!    of allowed PCR sets, of which the result names the one that matched
//!    ([`Attestation::matched_pcr_set`]). Bindings build a [`PolicyBuf`], which validates as it
//!    is built.
//!
//! ```no_run
//! # fn main() -> Result<(), lightcheck::Error> {
//! # let document: &[u8] = &[];
//! # let now = lightcheck::time::Timestamp::UNIX_EPOCH;
//! use lightcheck::nitro::{self, Policy};
//! let attestation = nitro::verify(document, &Policy::default(), now)?;
//! println!("PCR0 = {:02x?}, valid until {}", attestation.pcr(0), attestation.valid_until_ms);
//! # Ok(()) }
//! ```

mod anchor;
mod cache;
mod cert;
mod chain;
mod cose;
mod error;
pub mod es384;
pub mod payload;
mod policy;

use alloc::string::String;
use alloc::vec::Vec;
use sha2::{Digest, Sha256};

pub use anchor::TrustAnchor;
pub use cache::{CaCache, DEFAULT_CAPACITY};
pub use cose::{MAX_DOCUMENT_LEN, MAX_PAYLOAD_LEN};
pub use error::{CertPosition, Error};
pub use policy::{KeyBinding, PcrSet, Policy, PolicyBuf, MAX_PCR_SETS};

use crate::time::Timestamp;
use payload::{PCR_COUNT, PCR_LEN};

/// A document whose envelope, payload, chain and signature verified, and which passed the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attestation {
    /// The issuing Nitro hypervisor module.
    pub module_id: String,
    /// When the document was created, Unix milliseconds.
    pub timestamp_ms: u64,
    /// The PCR digest function; always `"SHA384"`.
    pub digest: &'static str,
    /// The locked PCRs, by index.
    pub pcrs: [Option<[u8; PCR_LEN]>; PCR_COUNT],
    /// The optional `public_key` field.
    pub public_key: Option<Vec<u8>>,
    /// The optional `user_data` field.
    pub user_data: Option<Vec<u8>>,
    /// The optional `nonce` field.
    pub nonce: Option<Vec<u8>>,
    /// First millisecond at which every certificate of the chain is valid.
    pub valid_from_ms: u64,
    /// Last millisecond at which every certificate of the chain is valid: the verdict expires after it.
    pub valid_until_ms: u64,
    /// SHA-256 of the leaf certificate's DER.
    pub leaf_fingerprint: [u8; 32],
    /// Which of the policy's [`pcr_sets`](Policy::pcr_sets) the document matched: the index of
    /// the first set whose every PCR is present with exactly its value. `None` exactly when the
    /// policy lists no sets (a policy with sets never yields a verified document without a match).
    pub matched_pcr_set: Option<usize>,
}

impl Attestation {
    /// The PCR at `index`, if the document has it.
    pub fn pcr(&self, index: u8) -> Option<&[u8; PCR_LEN]> {
        self.pcrs.get(usize::from(index))?.as_ref()
    }

    /// The present PCRs in index order.
    pub fn pcr_iter(&self) -> impl Iterator<Item = (u8, &[u8; PCR_LEN])> {
        self.pcrs.iter().enumerate().filter_map(|(i, p)| Some((i as u8, p.as_ref()?)))
    }

    /// A debug-mode enclave reports PCR0, PCR1 and PCR2 as all zero.
    pub fn is_debug_mode(&self) -> bool {
        (0..3).all(|i| self.pcr(i).is_some_and(|p| p.iter().all(|&b| b == 0)))
    }
}

/// Verifies `document` against the AWS Nitro root G1 at `now`.
pub fn verify(document: &[u8], policy: &Policy<'_>, now: Timestamp) -> Result<Attestation, Error> {
    verify_inner::<0>(document, &[TrustAnchor::AWS_NITRO_ROOT_G1], policy, now, None)
}

/// The `timestamp` a well-formed document *claims*, in Unix milliseconds, read without verifying
/// anything else. Use it only to choose the time to verify the document at (e.g. "when it was
/// produced"); the value is authenticated only once [`verify`] accepts the document at that time.
pub fn claimed_timestamp_ms(document: &[u8]) -> Result<u64, Error> {
    let envelope = cose::decode(document)?;
    Ok(payload::parse(&envelope.payload)?.timestamp_ms)
}

/// A verifier with chosen trust anchors and a cache of verified CA certificates.
///
/// The cache never changes a verdict: it only skips re-verifying a CA prefix that was verified
/// before and is still inside its validity window.
#[derive(Debug, Clone)]
pub struct Verifier<'r, const N: usize = DEFAULT_CAPACITY> {
    roots: &'r [TrustAnchor],
    cache: CaCache<N>,
}

impl<const N: usize> Default for Verifier<'static, N> {
    /// A verifier that trusts the AWS Nitro root G1.
    fn default() -> Self {
        Verifier::with_roots(&[TrustAnchor::AWS_NITRO_ROOT_G1])
    }
}

impl<'r, const N: usize> Verifier<'r, N> {
    /// A verifier that trusts exactly `roots`, with an empty cache.
    pub fn with_roots(roots: &'r [TrustAnchor]) -> Self {
        Verifier { roots, cache: CaCache::new() }
    }

    /// Verifies `document` at `now`, using and filling the CA cache.
    pub fn verify(&mut self, document: &[u8], policy: &Policy<'_>, now: Timestamp) -> Result<Attestation, Error> {
        verify_inner(document, self.roots, policy, now, Some(&mut self.cache))
    }

    /// Verifies `document` at `now` without reading or writing the cache.
    pub fn verify_uncached(&self, document: &[u8], policy: &Policy<'_>, now: Timestamp) -> Result<Attestation, Error> {
        verify_inner::<0>(document, self.roots, policy, now, None)
    }

    /// The CA cache.
    pub fn cache(&self) -> &CaCache<N> {
        &self.cache
    }

    /// Forgets every cached CA certificate.
    pub fn clear_cache(&mut self) {
        self.cache.clear();
    }
}

fn verify_inner<const N: usize>(
    document: &[u8],
    roots: &[TrustAnchor],
    policy: &Policy<'_>,
    now: Timestamp,
    cache: Option<&mut CaCache<N>>,
) -> Result<Attestation, Error> {
    // A caller's mistake is reported as such, before any work on the document.
    policy.validate()?;
    let envelope = cose::decode(document)?;
    let doc = payload::parse(&envelope.payload)?;
    let chain = chain::verify(roots, doc.cabundle(), doc.certificate, now, cache)?;
    if !es384::verify_raw(&chain.leaf_key, &envelope.signed_digest(), &envelope.signature) {
        return Err(Error::CoseSignatureInvalid);
    }
    let attestation = Attestation {
        module_id: doc.module_id.into(),
        timestamp_ms: doc.timestamp_ms,
        digest: "SHA384",
        pcrs: doc.pcrs.map(|p| p.copied()),
        public_key: doc.public_key.map(<[u8]>::to_vec),
        user_data: doc.user_data.map(<[u8]>::to_vec),
        nonce: doc.nonce.map(<[u8]>::to_vec),
        valid_from_ms: u64::try_from(chain.not_before).unwrap_or(0).saturating_mul(1000),
        valid_until_ms: u64::try_from(chain.not_after).unwrap_or(0).saturating_mul(1000).saturating_add(999),
        leaf_fingerprint: Sha256::digest(doc.certificate).into(),
        matched_pcr_set: None,
    };
    let matched_pcr_set = policy.evaluate(&attestation, now)?;
    Ok(Attestation { matched_pcr_set, ..attestation })
}
