//! Certificate path validation from a trusted root to the leaf, root first.
//!
//! The path is fixed by the document: `cabundle[0]` (must be a trust anchor), then each
//! `cabundle[i]`, then `certificate`. Nothing is searched or reordered. Each certificate is
//! checked in this order, and the first failure is returned: profile (DER, algorithms),
//! issuer name, signature under the parent's key, validity at `now`, unknown critical
//! extensions, basicConstraints and pathLen, keyUsage.

use p384::ecdsa::VerifyingKey;
use sha2::{Digest, Sha256};

use super::anchor::TrustAnchor;
use super::cache::{CaCache, CachedCa, PrefixKey};
use super::cert::{self, CertFacts};
use super::es384;
use crate::nitro::CertPosition;
use crate::nitro::Error;
use crate::time::Timestamp;

/// What a verified chain yields.
pub(crate) struct VerifiedChain {
    pub leaf_key: VerifyingKey,
    /// Intersection of all certificates' validity windows, Unix seconds, inclusive.
    pub not_before: i64,
    pub not_after: i64,
}

/// State carried from a verified CA certificate to the one it issued.
#[derive(Clone)]
pub(crate) struct IssuerState {
    pub key: VerifyingKey,
    pub subject: [u8; 32],
    /// CA certificates still allowed below this one (`None`: unlimited).
    pub path_budget: Option<u8>,
    pub not_before: i64,
    pub not_after: i64,
}

/// Validates `cabundle` + `leaf` at `now`. With a cache, the longest already-verified
/// prefix of the bundle is skipped; the verdict is the same with or without it, because an
/// entry is keyed by the exact bytes of the whole prefix and used only inside the prefix's
/// validity window.
pub(crate) fn verify<const N: usize>(
    anchors: &[TrustAnchor],
    cabundle: &[&[u8]],
    leaf: &[u8],
    now: Timestamp,
    mut cache: Option<&mut CaCache<N>>,
) -> Result<VerifiedChain, Error> {
    let root = cabundle.first().ok_or(Error::CertUntrustedRoot)?;
    let root_fingerprint: [u8; 32] = Sha256::digest(root).into();
    if !anchors.iter().any(|a| *a.fingerprint() == root_fingerprint) {
        return Err(Error::CertUntrustedRoot);
    }

    // prefix_keys[i] identifies cabundle[0..=i] exactly (DER is self-delimiting, so the
    // concatenation determines the sequence).
    let mut prefix = Sha256::new();
    let mut prefix_keys: [PrefixKey; super::payload::CABUNDLE_MAX] = Default::default();
    for (i, der) in cabundle.iter().enumerate() {
        prefix.update(der);
        prefix_keys[i] = prefix.clone().finalize().into();
    }

    let cached = cache.as_deref().and_then(|c| {
        (0..cabundle.len())
            .rev()
            .find_map(|i| c.get(&prefix_keys[i], now.unix_secs()).map(|e| (i + 1, e.issuer.clone())))
    });
    let (start, mut issuer) = match cached {
        Some(hit) => hit,
        None => {
            let root_state = verify_root(root, now)?;
            if let Some(c) = cache.as_deref_mut() {
                c.insert(CachedCa { key: prefix_keys[0], issuer: root_state.clone() });
            }
            (1, root_state)
        }
    };

    for (i, der) in cabundle.iter().enumerate().skip(start) {
        let pos = CertPosition::Bundle(i as u8);
        let facts = cert::parse(der, pos)?;
        check_issued_by(&facts, &issuer, pos, now)?;
        let constraints = check_ca(&facts, pos)?;
        let path_budget = match issuer.path_budget {
            Some(0) => return Err(Error::CertPathLength { cert: pos }),
            budget => {
                let remaining = budget.map(|b| b - 1);
                match (remaining, constraints) {
                    (Some(r), Some(p)) => Some(r.min(p)),
                    (r, p) => r.or(p),
                }
            }
        };
        issuer = IssuerState {
            key: facts.key,
            subject: facts.subject,
            path_budget,
            not_before: issuer.not_before.max(facts.not_before),
            not_after: issuer.not_after.min(facts.not_after),
        };
        if let Some(c) = cache.as_deref_mut() {
            c.insert(CachedCa { key: prefix_keys[i], issuer: issuer.clone() });
        }
    }

    let pos = CertPosition::Leaf;
    let facts = cert::parse(leaf, pos)?;
    check_issued_by(&facts, &issuer, pos, now)?;
    check_leaf(&facts)?;
    Ok(VerifiedChain {
        leaf_key: facts.key,
        not_before: issuer.not_before.max(facts.not_before),
        not_after: issuer.not_after.min(facts.not_after),
    })
}

/// The root is trusted by its bytes, so its self-signature is not checked; its validity and
/// CA extensions are.
fn verify_root(der: &[u8], now: Timestamp) -> Result<IssuerState, Error> {
    let pos = CertPosition::Bundle(0);
    let facts = cert::parse(der, pos)?;
    check_validity(&facts, pos, now)?;
    let path_budget = check_ca(&facts, pos)?;
    Ok(IssuerState {
        key: facts.key,
        subject: facts.subject,
        path_budget,
        not_before: facts.not_before,
        not_after: facts.not_after,
    })
}

fn check_issued_by(facts: &CertFacts, issuer: &IssuerState, pos: CertPosition, now: Timestamp) -> Result<(), Error> {
    if facts.issuer != issuer.subject {
        return Err(Error::CertIssuerMismatch { cert: pos });
    }
    if !es384::verify_der(&issuer.key, &facts.tbs_digest, &facts.signature_der) {
        return Err(Error::CertSignatureInvalid { cert: pos });
    }
    check_validity(facts, pos, now)
}

fn check_validity(facts: &CertFacts, pos: CertPosition, now: Timestamp) -> Result<(), Error> {
    // X.509 validity has whole-second precision, and both bounds are inclusive.
    let secs = now.unix_secs();
    if secs < facts.not_before {
        return Err(Error::CertNotYetValid { cert: pos, not_before: instant(facts.not_before), now });
    }
    if secs > facts.not_after {
        return Err(Error::CertExpired { cert: pos, not_after: instant(facts.not_after), now });
    }
    Ok(())
}

/// A certificate time (DER times lie within years 1950–9999) as a [`Timestamp`].
fn instant(unix_secs: i64) -> Timestamp {
    Timestamp::from_unix_secs(unix_secs).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// An issuer: critical basicConstraints with CA set, keyUsage with keyCertSign. Returns its
/// pathLenConstraint.
fn check_ca(facts: &CertFacts, pos: CertPosition) -> Result<Option<u8>, Error> {
    if facts.has_unknown_critical {
        return Err(Error::CertUnknownCriticalExtension { cert: pos });
    }
    let bc =
        facts.constraints.ok_or(Error::CertBasicConstraints { cert: pos, reason: "absent on a CA certificate" })?;
    if !bc.ca {
        return Err(Error::CertBasicConstraints { cert: pos, reason: "cA is false on an issuing certificate" });
    }
    if !bc.critical {
        return Err(Error::CertBasicConstraints { cert: pos, reason: "not critical on a CA certificate" });
    }
    match facts.key_usage {
        None => Err(Error::CertKeyUsage { cert: pos, reason: "absent on a CA certificate" }),
        Some((_, false)) => {
            Err(Error::CertKeyUsage { cert: pos, reason: "keyCertSign not set on an issuing certificate" })
        }
        Some(_) => Ok(bc.path_len),
    }
}

/// The leaf: not a CA (basicConstraints absent or cA false, no pathLen), digitalSignature set.
fn check_leaf(facts: &CertFacts) -> Result<(), Error> {
    let pos = CertPosition::Leaf;
    if facts.has_unknown_critical {
        return Err(Error::CertUnknownCriticalExtension { cert: pos });
    }
    if let Some(bc) = facts.constraints {
        if bc.ca {
            return Err(Error::CertBasicConstraints { cert: pos, reason: "cA is true on the leaf" });
        }
        if bc.path_len.is_some() {
            return Err(Error::CertBasicConstraints { cert: pos, reason: "pathLenConstraint on the leaf" });
        }
    }
    match facts.key_usage {
        Some((true, _)) => Ok(()),
        Some(_) => Err(Error::CertKeyUsage { cert: pos, reason: "digitalSignature not set on the leaf" }),
        None => Err(Error::CertKeyUsage { cert: pos, reason: "absent on the leaf" }),
    }
}

#[cfg(test)]
mod tests;
