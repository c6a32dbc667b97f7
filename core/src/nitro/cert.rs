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
use crate::nitro::CertPosition;
use crate::nitro::Error;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The generated vectors' root: a self-signed ecdsa-with-SHA384 / P-384 CA.
    const ROOT: &[u8] = include_bytes!("../../../test-vectors/nitro/root.der");
    const SIG_ALG: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];
    const EC_KEY: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    const CURVE: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];

    fn positions(needle: &[u8]) -> alloc::vec::Vec<usize> {
        (0..=ROOT.len() - needle.len()).filter(|&i| &ROOT[i..i + needle.len()] == needle).collect()
    }

    /// The root with the last byte of the `n`-th occurrence of `oid` changed.
    fn patched(oid: &[u8], n: usize) -> alloc::vec::Vec<u8> {
        let mut der = ROOT.to_vec();
        der[positions(oid)[n] + oid.len() - 1] ^= 0x03;
        der
    }

    fn code(der: &[u8]) -> &'static str {
        parse(der, CertPosition::Bundle(0)).err().map_or("ok", |e| e.code())
    }

    #[test]
    fn each_algorithm_field_is_checked_on_its_own() {
        assert_eq!(code(ROOT), "ok");
        // signatureAlgorithm appears twice (in the TBS and outside it): either one wrong fails.
        assert_eq!(positions(SIG_ALG).len(), 2);
        assert_eq!(code(&patched(SIG_ALG, 0)), "nitro.cert.algorithm");
        assert_eq!(code(&patched(SIG_ALG, 1)), "nitro.cert.algorithm");
        // The key: an EC key on secp384r1, each part checked.
        assert_eq!(code(&patched(EC_KEY, 0)), "nitro.cert.algorithm");
        assert_eq!(code(&patched(CURVE, 0)), "nitro.cert.algorithm");
    }

    #[test]
    fn names_are_digested_by_their_bytes() {
        let facts = parse(ROOT, CertPosition::Bundle(0)).unwrap();
        // Self-signed: issuer and subject are the same name.
        assert_eq!(facts.issuer, facts.subject);
        let expected: [u8; 32] = Sha256::digest(name_der(ROOT)).into();
        assert_eq!(facts.subject, expected);
    }

    /// The subject name's DER, found by re-encoding the parsed name (an independent path).
    fn name_der(der: &[u8]) -> alloc::vec::Vec<u8> {
        use der::Encode;
        Certificate::from_der(der).unwrap().tbs_certificate().subject().to_der().unwrap()
    }
}
