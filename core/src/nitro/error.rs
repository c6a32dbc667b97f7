//! The errors of the `nitro` capability: one row per error (see `crate::error` for the layout).

use crate::error::error_table;
use crate::time::Timestamp;

error_table! {
    /// Why an AWS Nitro attestation document was rejected.
    pub enum Error {
        /// The document is not a COSE_Sign1 structure.
        CoseMalformed {
            /// Why, in a few words.
            reason: &'static str,
        }
            = 101, "nitro.cose.malformed", Malformed, ("COSE_Sign1: {reason}");
        /// Bytes follow the COSE_Sign1 array.
        CoseTrailingBytes
            = 102, "nitro.cose.trailing_bytes", Malformed, ("COSE_Sign1: bytes follow the end of the structure");
        /// The protected header is not exactly `{1: -35}` (alg ES384).
        CoseAlgorithm
            = 103, "nitro.cose.algorithm", Malformed, ("COSE_Sign1 protected header: must be exactly {{1: -35}} (alg ES384)");
        /// The unprotected header is not an empty map.
        CoseUnprotectedHeader
            = 104, "nitro.cose.unprotected_header", Malformed, ("COSE_Sign1 unprotected header: must be empty");
        /// The signature is not a raw 96-byte `r‖s`.
        CoseSignatureLength {
            /// Its length (bytes or items).
            len: usize,
        }
            = 105, "nitro.cose.signature_length", Malformed, ("COSE_Sign1 signature: {len} bytes, expected a raw 96-byte r||s (DER is not accepted)");
        /// The COSE signature does not verify under the leaf certificate's key.
        CoseSignatureInvalid
            = 106, "nitro.cose.bad_signature", Forged, ("COSE_Sign1 signature: does not verify under the leaf certificate key");
        /// The payload is not valid CBOR of the expected shape.
        PayloadMalformed {
            /// Which field.
            field: &'static str,
            /// Why, in a few words.
            reason: &'static str,
        }
            = 107, "nitro.payload.malformed", Malformed, ("payload {field}: {reason}");
        /// A mandatory payload field is absent.
        PayloadMissingField {
            /// Which field.
            field: &'static str,
        }
            = 108, "nitro.payload.missing_field", Malformed, ("payload {field}: mandatory field absent");
        /// A payload key appears twice.
        PayloadDuplicateField {
            /// Which field.
            field: &'static str,
        }
            = 109, "nitro.payload.duplicate_field", Malformed, ("payload {field}: key appears twice");
        /// A payload key that the attestation-document CDDL does not define.
        PayloadUnknownField
            = 110, "nitro.payload.unknown_field", Malformed, ("payload: key not defined by the attestation document CDDL");
        /// A payload field's length (bytes or items) is outside its allowed range.
        PayloadFieldLength {
            /// Which field.
            field: &'static str,
            /// Its length (bytes or items).
            len: usize,
            /// The smallest accepted.
            min: usize,
            /// The largest accepted.
            max: usize,
        }
            = 111, "nitro.payload.field_length", Malformed, ("payload {field}: length {len} outside {min}..={max}");
        /// `digest` is not `"SHA384"`.
        PayloadDigest
            = 112, "nitro.payload.digest", Malformed, ("payload digest: must be \"SHA384\"");
        /// `timestamp` is zero.
        PayloadTimestamp
            = 113, "nitro.payload.timestamp", Malformed, ("payload timestamp: must be greater than zero");
        /// A PCR index is outside `0..=31` or repeated.
        PayloadPcrIndex {
            /// The PCR index.
            index: u64,
            /// Why, in a few words.
            reason: &'static str,
        }
            = 114, "nitro.payload.pcr_index", Malformed, ("payload pcrs[{index}]: {reason}");
        /// A certificate is not valid DER X.509 of the expected profile.
        CertMalformed {
            /// Which certificate.
            cert: CertPosition,
            /// Why, in a few words.
            reason: &'static str,
        }
            = 115, "nitro.cert.malformed", Malformed, ("{cert}: {reason}");
        /// `cabundle[0]` is not one of the trusted roots.
        CertUntrustedRoot
            = 116, "nitro.cert.untrusted_root", Untrusted, ("cabundle[0]: not a trusted root certificate");
        /// A certificate's issuer is not its parent's subject.
        CertIssuerMismatch {
            /// Which certificate.
            cert: CertPosition,
        }
            = 117, "nitro.cert.issuer_mismatch", InvalidChain, ("{cert}: issuer is not the subject of the certificate before it");
        /// A certificate or key uses an algorithm other than ecdsa-with-SHA384 over P-384.
        CertAlgorithm {
            /// Which certificate.
            cert: CertPosition,
            /// Why, in a few words.
            reason: &'static str,
        }
            = 118, "nitro.cert.algorithm", InvalidChain, ("{cert}: {reason}");
        /// A certificate's signature does not verify under its parent's key.
        CertSignatureInvalid {
            /// Which certificate.
            cert: CertPosition,
        }
            = 119, "nitro.cert.bad_signature", Forged, ("{cert}: signature does not verify under the issuer's key");
        /// The verification time is after a certificate's `notAfter`.
        CertExpired {
            /// Which certificate.
            cert: CertPosition,
            /// The certificate's notAfter.
            not_after: Timestamp,
            /// The verification time.
            now: Timestamp,
        }
            = 120, "nitro.cert.expired", Expired, ("{cert}: expired at {not_after} (notAfter), verification time {now}");
        /// The verification time is before a certificate's `notBefore`.
        CertNotYetValid {
            /// Which certificate.
            cert: CertPosition,
            /// The certificate's notBefore.
            not_before: Timestamp,
            /// The verification time.
            now: Timestamp,
        }
            = 121, "nitro.cert.not_yet_valid", Expired, ("{cert}: not valid before {not_before} (notBefore), verification time {now}");
        /// basicConstraints is wrong for the certificate's role.
        CertBasicConstraints {
            /// Which certificate.
            cert: CertPosition,
            /// Why, in a few words.
            reason: &'static str,
        }
            = 122, "nitro.cert.basic_constraints", InvalidChain, ("{cert} basicConstraints: {reason}");
        /// A CA's pathLenConstraint is exceeded.
        CertPathLength {
            /// Which certificate.
            cert: CertPosition,
        }
            = 123, "nitro.cert.path_length", InvalidChain, ("{cert}: too many CA certificates below an issuer's pathLenConstraint");
        /// keyUsage is missing or lacks the bit the certificate's role needs.
        CertKeyUsage {
            /// Which certificate.
            cert: CertPosition,
            /// Why, in a few words.
            reason: &'static str,
        }
            = 124, "nitro.cert.key_usage", InvalidChain, ("{cert} keyUsage: {reason}");
        /// A critical extension this verifier does not understand.
        CertUnknownCriticalExtension {
            /// Which certificate.
            cert: CertPosition,
        }
            = 125, "nitro.cert.unknown_critical_extension", InvalidChain, ("{cert}: unknown critical extension");
        /// Debug-mode document (PCR0, PCR1 and PCR2 all zero) and the policy does not allow it.
        PolicyDebugMode
            = 126, "nitro.policy.debug_mode", Policy, ("pcrs: debug-mode document (PCR0, PCR1, PCR2 all zero) and the policy forbids it");
        /// An expected PCR is absent from the document.
        PolicyPcrMissing {
            /// The PCR index.
            index: u8,
        }
            = 127, "nitro.policy.pcr_missing", Policy, ("pcrs[{index}]: expected but absent");
        /// A PCR differs from the expected value.
        PolicyPcrMismatch {
            /// The PCR index.
            index: u8,
        }
            = 128, "nitro.policy.pcr_mismatch", Policy, ("pcrs[{index}]: differs from the expected value");
        /// The nonce differs from the expected one (or is absent).
        PolicyNonce
            = 129, "nitro.policy.nonce", Policy, ("nonce: differs from the expected nonce");
        /// `user_data` differs from the expected bytes (or is absent).
        PolicyUserData
            = 130, "nitro.policy.user_data", Policy, ("user_data: differs from the expected bytes");
        /// `user_data` does not bind the given TLS certificate and signing key (nitriding layout).
        PolicyKeyBinding
            = 131, "nitro.policy.key_binding", Policy, ("user_data: does not bind the given TLS certificate and signing key (nitriding layout)");
        /// The document is older than the policy's maximum age.
        PolicyTooOld {
            /// The document's timestamp.
            timestamp: Timestamp,
            /// The verification time.
            now: Timestamp,
            /// The policy's maximum age in milliseconds.
            max_age_ms: u64,
        }
            = 132, "nitro.policy.too_old", Policy, ("timestamp: document from {timestamp} is older than {max_age_ms} ms at {now}");
        /// The document's timestamp is further in the future than the allowed skew.
        PolicyFromFuture {
            /// The document's timestamp.
            timestamp: Timestamp,
            /// The verification time.
            now: Timestamp,
            /// The policy's allowed skew in milliseconds.
            max_skew_ms: u64,
        }
            = 133, "nitro.policy.from_future", Policy, ("timestamp: document from {timestamp} is more than {max_skew_ms} ms ahead of {now}");
        /// The policy itself is invalid (a PCR index outside `0..=31`, a PCR index listed twice, an empty or excess PCR set).
        PolicyInvalid {
            /// Why, in a few words.
            reason: &'static str,
        }
            = 134, "nitro.policy.invalid", Malformed, ("policy: {reason}");
        /// The policy lists PCR sets and the document matches none of them (every PCR of a set present with exactly its value).
        PolicyPcrSetMismatch {
            /// How many sets were tried (all of the policy's `pcr_sets`).
            sets: usize,
            /// The set that came closest: the most of its PCRs matching, the first such set on a tie.
            closest: usize,
            /// The first PCR index of that set, in the set's order, that is absent or differs.
            index: u8,
        }
            = 135, "nitro.policy.pcr_set_mismatch", Policy, ("pcrs: match none of the allowed PCR sets ({sets} tried; closest: set {closest}, first difference at pcrs[{index}])");
    }
}

/// Where a certificate sits in an attestation document's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CertPosition {
    /// `cabundle[i]`: index 0 is the root.
    Bundle(u8),
    /// The leaf: the document's `certificate` field.
    Leaf,
}

impl core::fmt::Display for CertPosition {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CertPosition::Bundle(i) => write!(f, "cabundle[{i}]"),
            CertPosition::Leaf => f.write_str("certificate"),
        }
    }
}
