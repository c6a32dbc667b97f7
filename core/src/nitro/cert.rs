//! One X.509 certificate of the Nitro profile, reduced to the facts path validation needs.
//!
//! The profile is narrow: v3, ecdsa-with-SHA384 signatures, P-384 keys as uncompressed
//! points, and basicConstraints/keyUsage as the only extensions that may be critical.
//! Anything else fails here, before any signature is checked.

use der::asn1::ObjectIdentifier as Oid;
use der::{Decode, Encode, Header, Reader, SliceReader};
use p384::ecdsa::VerifyingKey;
use sha2::{Digest, Sha256, Sha384};
use x509_cert::certificate::Version;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage};
use x509_cert::name::Name;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

use super::es384;
use crate::error::CertPosition;
use crate::Error;

const ECDSA_WITH_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
const ID_EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const SECP384R1: Oid = Oid::new_unwrap("1.3.132.0.34");
const ID_CE_BASIC_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.19");
const ID_CE_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.15");

/// basicConstraints as the chain walk needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Constraints {
    pub critical: bool,
    pub ca: bool,
    pub path_len: Option<u8>,
}

/// The facts of one certificate. Built only from a certificate that parsed as strict DER
/// and matches the algorithm profile.
pub(crate) struct CertFacts {
    pub key: VerifyingKey,
    /// SHA-384 of the raw `tbsCertificate` bytes: what the issuer signed.
    pub tbs_digest: [u8; 48],
    pub signature_der: alloc::vec::Vec<u8>,
    /// SHA-256 of the DER of the issuer and subject names, for chaining by exact bytes.
    pub issuer: [u8; 32],
    pub subject: [u8; 32],
    /// Validity window, Unix seconds, inclusive.
    pub not_before: i64,
    pub not_after: i64,
    pub constraints: Option<Constraints>,
    /// keyUsage bits (digitalSignature, keyCertSign), if the extension is present.
    pub key_usage: Option<(bool, bool)>,
    pub has_unknown_critical: bool,
}

/// Parses `der` (one certificate at `pos` in the chain) and checks its algorithm profile.
pub(crate) fn parse(der: &[u8], pos: CertPosition) -> Result<CertFacts, Error> {
    let malformed = |reason| Error::CertMalformed { cert: pos, reason };
    let algorithm = |reason| Error::CertAlgorithm { cert: pos, reason };
    let cert = Certificate::from_der(der).map_err(|_| malformed("not a DER X.509 certificate"))?;
    let tbs = cert.tbs_certificate();
    if tbs.version() != Version::V3 {
        return Err(malformed("not an X.509 v3 certificate"));
    }
    if !is_ecdsa_sha384(cert.signature_algorithm()) || !is_ecdsa_sha384(tbs.signature()) {
        return Err(algorithm("signature algorithm is not ecdsa-with-SHA384"));
    }
    let spki = tbs.subject_public_key_info();
    let curve = spki.algorithm.parameters.as_ref().and_then(|p| p.decode_as::<Oid>().ok());
    if spki.algorithm.oid != ID_EC_PUBLIC_KEY || curve != Some(SECP384R1) {
        return Err(algorithm("public key is not an EC key on secp384r1"));
    }
    let point = spki.subject_public_key.as_bytes().ok_or(malformed("public key bit string is not octet-aligned"))?;
    let key =
        es384::public_key(point).ok_or(algorithm("public key is not an uncompressed P-384 point on the curve"))?;
    let signature_der =
        cert.signature().as_bytes().ok_or(malformed("signature bit string is not octet-aligned"))?.to_vec();

    let validity = tbs.validity();
    let seconds = |t: x509_cert::time::Time| t.to_unix_duration().as_secs() as i64;

    let mut constraints = None;
    let mut key_usage = None;
    let mut has_unknown_critical = false;
    let extensions = tbs.extensions().map(|e| e.as_slice()).unwrap_or_default();
    for (i, ext) in extensions.iter().enumerate() {
        if extensions[..i].iter().any(|e| e.extn_id == ext.extn_id) {
            return Err(malformed("an extension appears twice"));
        }
        let value = ext.extn_value.as_bytes();
        if ext.extn_id == ID_CE_BASIC_CONSTRAINTS {
            let bc = BasicConstraints::from_der(value).map_err(|_| malformed("basicConstraints is not valid DER"))?;
            constraints = Some(Constraints { critical: ext.critical, ca: bc.ca, path_len: bc.path_len_constraint });
        } else if ext.extn_id == ID_CE_KEY_USAGE {
            let ku = KeyUsage::from_der(value).map_err(|_| malformed("keyUsage is not valid DER"))?;
            key_usage = Some((ku.digital_signature(), ku.key_cert_sign()));
        } else if ext.critical {
            has_unknown_critical = true;
        }
    }

    Ok(CertFacts {
        key,
        tbs_digest: Sha384::digest(raw_tbs(der).ok_or(malformed("tbsCertificate is not DER"))?).into(),
        signature_der,
        issuer: name_digest(tbs.issuer()),
        subject: name_digest(tbs.subject()),
        not_before: seconds(validity.not_before),
        not_after: seconds(validity.not_after),
        constraints,
        key_usage,
        has_unknown_critical,
    })
}

fn is_ecdsa_sha384(alg: &AlgorithmIdentifierOwned) -> bool {
    alg.oid == ECDSA_WITH_SHA384 && alg.parameters.is_none()
}

/// The raw bytes of `tbsCertificate`, the first element of the outer SEQUENCE, exactly as
/// received (the signature covers these bytes, so they are never re-encoded).
fn raw_tbs(der: &[u8]) -> Option<&[u8]> {
    let mut outer = SliceReader::new(der).ok()?;
    Header::decode(&mut outer).ok()?;
    outer.tlv_bytes().ok()
}

/// SHA-256 of a name's DER encoding, streamed (no allocation).
fn name_digest(name: &Name) -> [u8; 32] {
    struct HashWriter(Sha256);
    impl der::Writer for HashWriter {
        fn write(&mut self, slice: &[u8]) -> der::Result<()> {
            self.0.update(slice);
            Ok(())
        }
    }
    let mut w = HashWriter(Sha256::new());
    // Encoding a name that was just decoded from strict DER cannot fail; if it ever did, the
    // digest would differ from every parent's and chaining would fail closed.
    let _ = name.encode(&mut w);
    w.0.finalize().into()
}
