//! The one error type of the library.
//!
//! Every failure is an [`Error`] variant. Each variant has a stable, machine-readable
//! [`code`](Error::code) (for bindings, logs and test manifests; codes never change meaning
//! once published), a [`class`](Error::class) that groups codes the way a caller reacts to
//! them, and a human message (`Display`) that names the field and the reason.

use alloc::string::String;
use core::fmt;

/// Where a certificate sits in an attestation document's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CertPosition {
    /// `cabundle[i]`: index 0 is the root.
    Bundle(u8),
    /// The leaf: the document's `certificate` field.
    Leaf,
}

impl fmt::Display for CertPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertPosition::Bundle(i) => write!(f, "cabundle[{i}]"),
            CertPosition::Leaf => f.write_str("certificate"),
        }
    }
}

/// What kind of failure an error is, for callers that react by category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorClass {
    /// The input is not a well-formed instance of its format (or breaks a size limit).
    Malformed,
    /// The input is well-formed but does not chain to a trusted anchor, or too little trusted
    /// voting power signed it.
    Untrusted,
    /// A chaining rule is broken: certificate path (constraints, key usage, algorithms, naming)
    /// or header sequence (heights, times, validator hand-over, chain id).
    InvalidChain,
    /// Something is outside its validity window at the verification time.
    Expired,
    /// A signature does not verify: the input was altered or forged.
    Forged,
    /// Everything verifies, but the caller's policy rejects it.
    Policy,
}

impl ErrorClass {
    /// Stable name of the class (`"malformed"`, `"untrusted"`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorClass::Malformed => "malformed",
            ErrorClass::Untrusted => "untrusted",
            ErrorClass::InvalidChain => "invalid_chain",
            ErrorClass::Expired => "expired",
            ErrorClass::Forged => "forged",
            ErrorClass::Policy => "policy",
        }
    }
}

/// A verification failure.
///
/// Times in variants are Unix milliseconds (`now_ms`, document timestamps) or Unix seconds
/// (certificate validity, which X.509 encodes with second precision), as each field name says.
/// Fields are named for what they hold (`field`, `reason`, `cert`, `len`, …) and documented
/// once here rather than per variant.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum Error {
    /// An input is larger than the decoder accepts.
    InputTooLarge { what: &'static str, len: usize, max: usize },

    // ---- Nitro: COSE_Sign1 envelope ----
    /// The document is not a COSE_Sign1 structure.
    CoseMalformed { reason: &'static str },
    /// Bytes follow the COSE_Sign1 array.
    CoseTrailingBytes,
    /// The protected header is not exactly `{1: -35}` (alg ES384).
    CoseAlgorithm,
    /// The unprotected header is not an empty map.
    CoseUnprotectedHeader,
    /// The signature is not a raw 96-byte `r‖s`.
    CoseSignatureLength { len: usize },
    /// The COSE signature does not verify under the leaf certificate's key.
    CoseSignatureInvalid,

    // ---- Nitro: attestation payload ----
    /// The payload is not valid CBOR of the expected shape.
    PayloadMalformed { field: &'static str, reason: &'static str },
    /// A mandatory payload field is absent.
    PayloadMissingField { field: &'static str },
    /// A payload key appears twice.
    PayloadDuplicateField { field: &'static str },
    /// A payload key that the attestation-document CDDL does not define.
    PayloadUnknownField,
    /// A payload field's length (bytes or items) is outside its allowed range.
    PayloadFieldLength { field: &'static str, len: usize, min: usize, max: usize },
    /// `digest` is not `"SHA384"`.
    PayloadDigest,
    /// `timestamp` is zero.
    PayloadTimestamp,
    /// A PCR index is outside `0..=31` or repeated.
    PayloadPcrIndex { index: u64, reason: &'static str },

    // ---- Nitro: certificate chain ----
    /// A certificate is not valid DER X.509 of the expected profile.
    CertMalformed { cert: CertPosition, reason: &'static str },
    /// `cabundle[0]` is not one of the trusted roots.
    CertUntrustedRoot,
    /// A certificate's issuer is not its parent's subject.
    CertIssuerMismatch { cert: CertPosition },
    /// A certificate or key uses an algorithm other than ecdsa-with-SHA384 over P-384.
    CertAlgorithm { cert: CertPosition, reason: &'static str },
    /// A certificate's signature does not verify under its parent's key.
    CertSignatureInvalid { cert: CertPosition },
    /// The verification time is after a certificate's `notAfter`.
    CertExpired { cert: CertPosition, not_after: i64, now_ms: u64 },
    /// The verification time is before a certificate's `notBefore`.
    CertNotYetValid { cert: CertPosition, not_before: i64, now_ms: u64 },
    /// basicConstraints is wrong for the certificate's role.
    CertBasicConstraints { cert: CertPosition, reason: &'static str },
    /// A CA's pathLenConstraint is exceeded.
    CertPathLength { cert: CertPosition },
    /// keyUsage is missing or lacks the bit the certificate's role needs.
    CertKeyUsage { cert: CertPosition, reason: &'static str },
    /// A critical extension this verifier does not understand.
    CertUnknownCriticalExtension { cert: CertPosition },

    // ---- Nitro: policy ----
    /// Debug-mode document (PCR0, PCR1 and PCR2 all zero) and the policy does not allow it.
    PolicyDebugMode,
    /// An expected PCR is absent from the document.
    PolicyPcrMissing { index: u8 },
    /// A PCR differs from the expected value.
    PolicyPcrMismatch { index: u8 },
    /// The nonce differs from the expected one (or is absent).
    PolicyNonce,
    /// `user_data` differs from the expected bytes (or is absent).
    PolicyUserData,
    /// `user_data` does not bind the given TLS certificate and signing key (nitriding layout).
    PolicyKeyBinding,
    /// The document is older than the policy's maximum age.
    PolicyTooOld { timestamp_ms: u64, now_ms: u64, max_age_ms: u64 },
    /// The document's timestamp is further in the future than the allowed skew.
    PolicyFromFuture { timestamp_ms: u64, now_ms: u64, max_skew_ms: u64 },

    // ---- CometBFT: decoding ----
    /// JSON (or another encoding) that does not decode to the expected shape.
    CometDecode { field: String, reason: String },
    /// A header field breaks CometBFT's `ValidateBasic` rules.
    CometHeaderInvalid { field: &'static str, reason: &'static str },
    /// A commit breaks CometBFT's `ValidateBasic` rules.
    CometCommitInvalid { reason: &'static str },
    /// A validator set breaks a structural rule (duplicate address, power bounds, size cap). An
    /// empty set is not one: it hashes to the empty root, so it fails the header's hash check.
    CometValidatorSetInvalid { reason: &'static str },
    /// A public key type lightcheck cannot verify (a vote is never skipped silently).
    CometUnsupportedKey { key_type: String },
    /// Trust options out of range (trust level outside [1/3, 1], zero trusting period).
    CometOptionsInvalid { reason: &'static str },

    // ---- CometBFT: verification ----
    /// The header belongs to another chain.
    CometChainIdMismatch { expected: String, found: String },
    /// `header.hash() != commit.block_id.hash`.
    CometHeaderHashMismatch,
    /// `validators_hash` (or `next_validators_hash`) does not match the given validator set.
    CometValidatorsHashMismatch { which: &'static str },
    /// Adjacent step: `untrusted.validators_hash != trusted.next_validators_hash`.
    CometNextValidatorsMismatch,
    /// Adjacent step: `untrusted.last_block_id.hash != trusted.hash()`.
    CometLastBlockIdMismatch,
    /// The trusted header is outside the trusting period at `now`.
    CometTrustedExpired { trusted_time: String, now: String },
    /// The untrusted header is not above the trusted one.
    CometHeightNotIncreasing { trusted: u64, untrusted: u64 },
    /// The untrusted header's time is not after the trusted one's.
    CometTimeNotIncreasing,
    /// The untrusted header's time is at or beyond `now + max_clock_drift`.
    CometHeaderFromFuture { header_time: String, now: String },
    /// Non-adjacent step: signers hold no more than the trust level of the trusted validators.
    CometNotEnoughTrust { tallied: u64, total: u64 },
    /// Signers hold no more than 2/3 of the block's validators' power.
    CometInsufficientVotingPower { tallied: u64, total: u64 },
    /// A commit signature does not verify.
    CometSignatureInvalid { index: usize },
    /// One validator signed at two positions of a commit.
    CometDoubleVote { index: usize },
    /// A light-client schedule could not reach the target.
    CometSchedule { reason: &'static str },
    /// A provider failed to supply a light block.
    CometProvider { height: u64, reason: String },

    // ---- CometBFT: inclusion proofs ----
    /// An inclusion proof is structurally invalid or does not verify.
    CometProofInvalid { proof: &'static str, reason: &'static str },
    /// An inclusion proof verifies to a root other than the verified header's.
    CometProofRootMismatch { proof: &'static str },

    // ---- zk (halo2 KZG on BN254, EZKL) ----
    /// An input (proof.json, instances, SRS file) does not decode.
    ZkDecode { field: String, reason: String },
    /// The verifying-key artifact (VKA) is malformed or describes something unsupported.
    ZkVkaInvalid { reason: &'static str },
    /// The VKA is not the one the caller pinned (its digest differs).
    ZkVkaDigestMismatch,
    /// The proof bytes are malformed (wrong length, trailing bytes).
    ZkProofMalformed { reason: &'static str },
    /// A point is not on the curve or not in the prime-order subgroup.
    ZkPointInvalid { what: &'static str },
    /// A field element is not canonical (not below the field modulus).
    ZkScalarNonCanonical { what: &'static str },
    /// The number of public instances differs from what the circuit expects.
    ZkInstanceCount { expected: usize, found: usize },
    /// The SRS points are malformed or not usable.
    ZkSrsInvalid { reason: &'static str },
    /// The proof does not verify: the named check failed.
    ZkVerificationFailed { check: &'static str },

    // ---- OpenGradient (TEE responses and settlement) ----
    /// An OpenGradient input (request, response, event, bundle field) does not decode.
    OgDecode { field: String, reason: String },
    /// The request cannot be put in the canonical form the gateway hashes.
    OgRequestUnsupported { reason: String },
    /// The signing key is not an acceptable RSA SubjectPublicKeyInfo.
    OgKeyInvalid { reason: &'static str },
    /// The response's `tee_id` is not keccak256 of the signing key.
    OgTeeIdMismatch,
    /// The response comes from another TEE than the one the caller expects.
    OgUnexpectedTee,
    /// The response's `tee_request_hash` differs from the hash of the canonical request.
    OgRequestHashMismatch,
    /// The response's `tee_output_hash` differs from the hash of the returned content.
    OgOutputHashMismatch,
    /// The RSA-PSS signature does not verify over the rebuilt message hash.
    OgSignatureInvalid,
    /// `keccak256(pcr0 ‖ pcr1 ‖ pcr2)` of the attestation differs from the pinned `pcrHash`.
    OgPcrHashMismatch,
    /// The settlement transaction did not succeed (`code != 0` or an EVM error).
    OgTxFailed { code: u32, vm_error: String },
    /// The proven transaction result holds no matching settlement event from the relay contract.
    OgEventMissing { event: &'static str },
    /// A settlement event or call field (`event outputHash`, `calldata timestamp`, …) differs from the
    /// verified response.
    OgEventMismatch { field: &'static str },
    /// A batch Merkle proof is malformed.
    OgMerkleProofInvalid { reason: &'static str },
    /// A batch Merkle proof leads to another root than the settled one.
    OgMerkleRootMismatch,
    /// The settlement bundle is not a supported version or misses what a link needs.
    OgBundleInvalid { field: String, reason: String },
}

impl Error {
    /// The stable machine-readable code, `capability.area.reason`.
    pub const fn code(&self) -> &'static str {
        use Error::*;
        match self {
            InputTooLarge { .. } => "input.too_large",
            CoseMalformed { .. } => "nitro.cose.malformed",
            CoseTrailingBytes => "nitro.cose.trailing_bytes",
            CoseAlgorithm => "nitro.cose.algorithm",
            CoseUnprotectedHeader => "nitro.cose.unprotected_header",
            CoseSignatureLength { .. } => "nitro.cose.signature_length",
            CoseSignatureInvalid => "nitro.cose.bad_signature",
            PayloadMalformed { .. } => "nitro.payload.malformed",
            PayloadMissingField { .. } => "nitro.payload.missing_field",
            PayloadDuplicateField { .. } => "nitro.payload.duplicate_field",
            PayloadUnknownField => "nitro.payload.unknown_field",
            PayloadFieldLength { .. } => "nitro.payload.field_length",
            PayloadDigest => "nitro.payload.digest",
            PayloadTimestamp => "nitro.payload.timestamp",
            PayloadPcrIndex { .. } => "nitro.payload.pcr_index",
            CertMalformed { .. } => "nitro.cert.malformed",
            CertUntrustedRoot => "nitro.cert.untrusted_root",
            CertIssuerMismatch { .. } => "nitro.cert.issuer_mismatch",
            CertAlgorithm { .. } => "nitro.cert.algorithm",
            CertSignatureInvalid { .. } => "nitro.cert.bad_signature",
            CertExpired { .. } => "nitro.cert.expired",
            CertNotYetValid { .. } => "nitro.cert.not_yet_valid",
            CertBasicConstraints { .. } => "nitro.cert.basic_constraints",
            CertPathLength { .. } => "nitro.cert.path_length",
            CertKeyUsage { .. } => "nitro.cert.key_usage",
            CertUnknownCriticalExtension { .. } => "nitro.cert.unknown_critical_extension",
            PolicyDebugMode => "nitro.policy.debug_mode",
            PolicyPcrMissing { .. } => "nitro.policy.pcr_missing",
            PolicyPcrMismatch { .. } => "nitro.policy.pcr_mismatch",
            PolicyNonce => "nitro.policy.nonce",
            PolicyUserData => "nitro.policy.user_data",
            PolicyKeyBinding => "nitro.policy.key_binding",
            PolicyTooOld { .. } => "nitro.policy.too_old",
            PolicyFromFuture { .. } => "nitro.policy.from_future",
            CometDecode { .. } => "cometbft.decode",
            CometHeaderInvalid { .. } => "cometbft.header.invalid",
            CometCommitInvalid { .. } => "cometbft.commit.invalid",
            CometValidatorSetInvalid { .. } => "cometbft.validators.invalid",
            CometUnsupportedKey { .. } => "cometbft.key.unsupported",
            CometOptionsInvalid { .. } => "cometbft.options.invalid",
            CometChainIdMismatch { .. } => "cometbft.header.chain_id",
            CometHeaderHashMismatch => "cometbft.header.hash_mismatch",
            CometValidatorsHashMismatch { .. } => "cometbft.validators.hash_mismatch",
            CometNextValidatorsMismatch => "cometbft.validators.next_mismatch",
            CometLastBlockIdMismatch => "cometbft.header.last_block_id",
            CometTrustedExpired { .. } => "cometbft.trust.expired",
            CometHeightNotIncreasing { .. } => "cometbft.header.height_not_increasing",
            CometTimeNotIncreasing => "cometbft.header.time_not_increasing",
            CometHeaderFromFuture { .. } => "cometbft.header.from_future",
            CometNotEnoughTrust { .. } => "cometbft.trust.not_enough",
            CometInsufficientVotingPower { .. } => "cometbft.commit.insufficient_power",
            CometSignatureInvalid { .. } => "cometbft.commit.bad_signature",
            CometDoubleVote { .. } => "cometbft.commit.double_vote",
            CometSchedule { .. } => "cometbft.schedule",
            CometProvider { .. } => "cometbft.provider",
            CometProofInvalid { .. } => "cometbft.proof.invalid",
            CometProofRootMismatch { .. } => "cometbft.proof.root_mismatch",
            ZkDecode { .. } => "zk.decode",
            ZkVkaInvalid { .. } => "zk.vka.invalid",
            ZkVkaDigestMismatch => "zk.vka.digest_mismatch",
            ZkProofMalformed { .. } => "zk.proof.malformed",
            ZkPointInvalid { .. } => "zk.proof.point_invalid",
            ZkScalarNonCanonical { .. } => "zk.proof.scalar_non_canonical",
            ZkInstanceCount { .. } => "zk.instances.count",
            ZkSrsInvalid { .. } => "zk.srs.invalid",
            ZkVerificationFailed { .. } => "zk.verification_failed",
            OgDecode { .. } => "opengradient.decode",
            OgRequestUnsupported { .. } => "opengradient.request.unsupported",
            OgKeyInvalid { .. } => "opengradient.key.invalid",
            OgTeeIdMismatch => "opengradient.response.tee_id",
            OgUnexpectedTee => "opengradient.response.unexpected_tee",
            OgRequestHashMismatch => "opengradient.response.request_hash",
            OgOutputHashMismatch => "opengradient.response.output_hash",
            OgSignatureInvalid => "opengradient.response.bad_signature",
            OgPcrHashMismatch => "opengradient.binding.pcr_hash",
            OgTxFailed { .. } => "opengradient.settlement.tx_failed",
            OgEventMissing { .. } => "opengradient.settlement.event_missing",
            OgEventMismatch { .. } => "opengradient.settlement.mismatch",
            OgMerkleProofInvalid { .. } => "opengradient.batch.proof_invalid",
            OgMerkleRootMismatch => "opengradient.batch.root_mismatch",
            OgBundleInvalid { .. } => "opengradient.bundle.invalid",
        }
    }

    /// The category of the failure.
    pub const fn class(&self) -> ErrorClass {
        use Error::*;
        match self {
            InputTooLarge { .. }
            | CoseMalformed { .. }
            | CoseTrailingBytes
            | CoseAlgorithm
            | CoseUnprotectedHeader
            | CoseSignatureLength { .. }
            | PayloadMalformed { .. }
            | PayloadMissingField { .. }
            | PayloadDuplicateField { .. }
            | PayloadUnknownField
            | PayloadFieldLength { .. }
            | PayloadDigest
            | PayloadTimestamp
            | PayloadPcrIndex { .. }
            | CertMalformed { .. }
            | CometDecode { .. }
            | CometHeaderInvalid { .. }
            | CometCommitInvalid { .. }
            | CometValidatorSetInvalid { .. }
            | CometUnsupportedKey { .. }
            | CometOptionsInvalid { .. }
            | CometProofInvalid { .. }
            | ZkDecode { .. }
            | ZkVkaInvalid { .. }
            | ZkProofMalformed { .. }
            | ZkPointInvalid { .. }
            | ZkScalarNonCanonical { .. }
            | ZkInstanceCount { .. }
            | ZkSrsInvalid { .. } => ErrorClass::Malformed,
            ZkVkaDigestMismatch => ErrorClass::Untrusted,
            ZkVerificationFailed { .. } => ErrorClass::Forged,
            OgDecode { .. }
            | OgRequestUnsupported { .. }
            | OgKeyInvalid { .. }
            | OgMerkleProofInvalid { .. }
            | OgBundleInvalid { .. } => ErrorClass::Malformed,
            OgTeeIdMismatch
            | OgRequestHashMismatch
            | OgOutputHashMismatch
            | OgSignatureInvalid
            | OgEventMismatch { .. }
            | OgMerkleRootMismatch => ErrorClass::Forged,
            OgUnexpectedTee | OgPcrHashMismatch => ErrorClass::Policy,
            OgTxFailed { .. } | OgEventMissing { .. } => ErrorClass::InvalidChain,
            CometNotEnoughTrust { .. } | CometInsufficientVotingPower { .. } => ErrorClass::Untrusted,
            CometChainIdMismatch { .. }
            | CometNextValidatorsMismatch
            | CometLastBlockIdMismatch
            | CometHeightNotIncreasing { .. }
            | CometTimeNotIncreasing
            | CometDoubleVote { .. }
            | CometSchedule { .. }
            | CometProvider { .. } => ErrorClass::InvalidChain,
            CometTrustedExpired { .. } | CometHeaderFromFuture { .. } => ErrorClass::Expired,
            CometHeaderHashMismatch
            | CometValidatorsHashMismatch { .. }
            | CometSignatureInvalid { .. }
            | CometProofRootMismatch { .. } => ErrorClass::Forged,
            CertUntrustedRoot => ErrorClass::Untrusted,
            CertIssuerMismatch { .. }
            | CertAlgorithm { .. }
            | CertBasicConstraints { .. }
            | CertPathLength { .. }
            | CertKeyUsage { .. }
            | CertUnknownCriticalExtension { .. } => ErrorClass::InvalidChain,
            CertExpired { .. } | CertNotYetValid { .. } => ErrorClass::Expired,
            CoseSignatureInvalid | CertSignatureInvalid { .. } => ErrorClass::Forged,
            PolicyDebugMode
            | PolicyPcrMissing { .. }
            | PolicyPcrMismatch { .. }
            | PolicyNonce
            | PolicyUserData
            | PolicyKeyBinding
            | PolicyTooOld { .. }
            | PolicyFromFuture { .. } => ErrorClass::Policy,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::time::{Millis, Seconds};
        use Error::*;
        match self {
            InputTooLarge { what, len, max } => {
                write!(f, "{what}: {len} bytes exceeds the limit of {max} bytes")
            }
            CoseMalformed { reason } => write!(f, "COSE_Sign1: {reason}"),
            CoseTrailingBytes => f.write_str("COSE_Sign1: bytes follow the end of the structure"),
            CoseAlgorithm => f.write_str("COSE_Sign1 protected header: must be exactly {1: -35} (alg ES384)"),
            CoseUnprotectedHeader => f.write_str("COSE_Sign1 unprotected header: must be empty"),
            CoseSignatureLength { len } => {
                write!(f, "COSE_Sign1 signature: {len} bytes, expected a raw 96-byte r||s (DER is not accepted)")
            }
            CoseSignatureInvalid => f.write_str("COSE_Sign1 signature: does not verify under the leaf certificate key"),
            PayloadMalformed { field, reason } => write!(f, "payload {field}: {reason}"),
            PayloadMissingField { field } => write!(f, "payload {field}: mandatory field absent"),
            PayloadDuplicateField { field } => write!(f, "payload {field}: key appears twice"),
            PayloadUnknownField => f.write_str("payload: key not defined by the attestation document CDDL"),
            PayloadFieldLength { field, len, min, max } => {
                write!(f, "payload {field}: length {len} outside {min}..={max}")
            }
            PayloadDigest => f.write_str("payload digest: must be \"SHA384\""),
            PayloadTimestamp => f.write_str("payload timestamp: must be greater than zero"),
            PayloadPcrIndex { index, reason } => write!(f, "payload pcrs[{index}]: {reason}"),
            CertMalformed { cert, reason } => write!(f, "{cert}: {reason}"),
            CertUntrustedRoot => f.write_str("cabundle[0]: not a trusted root certificate"),
            CertIssuerMismatch { cert } => {
                write!(f, "{cert}: issuer is not the subject of the certificate before it")
            }
            CertAlgorithm { cert, reason } => write!(f, "{cert}: {reason}"),
            CertSignatureInvalid { cert } => {
                write!(f, "{cert}: signature does not verify under the issuer's key")
            }
            CertExpired { cert, not_after, now_ms } => write!(
                f,
                "{cert}: expired at {} (notAfter), verification time {}",
                Seconds(*not_after),
                Millis(*now_ms)
            ),
            CertNotYetValid { cert, not_before, now_ms } => write!(
                f,
                "{cert}: not valid before {} (notBefore), verification time {}",
                Seconds(*not_before),
                Millis(*now_ms)
            ),
            CertBasicConstraints { cert, reason } => write!(f, "{cert} basicConstraints: {reason}"),
            CertPathLength { cert } => {
                write!(f, "{cert}: too many CA certificates below an issuer's pathLenConstraint")
            }
            CertKeyUsage { cert, reason } => write!(f, "{cert} keyUsage: {reason}"),
            CertUnknownCriticalExtension { cert } => {
                write!(f, "{cert}: unknown critical extension")
            }
            PolicyDebugMode => {
                f.write_str("pcrs: debug-mode document (PCR0, PCR1, PCR2 all zero) and the policy forbids it")
            }
            PolicyPcrMissing { index } => write!(f, "pcrs[{index}]: expected but absent"),
            PolicyPcrMismatch { index } => write!(f, "pcrs[{index}]: differs from the expected value"),
            PolicyNonce => f.write_str("nonce: differs from the expected nonce"),
            PolicyUserData => f.write_str("user_data: differs from the expected bytes"),
            PolicyKeyBinding => {
                f.write_str("user_data: does not bind the given TLS certificate and signing key (nitriding layout)")
            }
            PolicyTooOld { timestamp_ms, now_ms, max_age_ms } => write!(
                f,
                "timestamp: document from {} is older than {max_age_ms} ms at {}",
                Millis(*timestamp_ms),
                Millis(*now_ms)
            ),
            PolicyFromFuture { timestamp_ms, now_ms, max_skew_ms } => write!(
                f,
                "timestamp: document from {} is more than {max_skew_ms} ms ahead of {}",
                Millis(*timestamp_ms),
                Millis(*now_ms)
            ),
            CometDecode { field, reason } => write!(f, "{field}: {reason}"),
            CometHeaderInvalid { field, reason } => write!(f, "header {field}: {reason}"),
            CometCommitInvalid { reason } => write!(f, "commit: {reason}"),
            CometValidatorSetInvalid { reason } => write!(f, "validator set: {reason}"),
            CometUnsupportedKey { key_type } => {
                write!(f, "validator public key: type {key_type} is not supported, so its vote cannot be verified")
            }
            CometOptionsInvalid { reason } => write!(f, "trust options: {reason}"),
            CometChainIdMismatch { expected, found } => {
                write!(f, "header chain_id: {found:?}, expected {expected:?}")
            }
            CometHeaderHashMismatch => f.write_str("commit block_id.hash: differs from the header's hash"),
            CometValidatorsHashMismatch { which } => {
                write!(f, "header {which}_hash: differs from the hash of the given validator set")
            }
            CometNextValidatorsMismatch => {
                f.write_str("header validators_hash: differs from the trusted header's next_validators_hash")
            }
            CometLastBlockIdMismatch => {
                f.write_str("header last_block_id.hash: differs from the trusted header's hash")
            }
            CometTrustedExpired { trusted_time, now } => {
                write!(f, "trusted header from {trusted_time} is outside the trusting period at {now}")
            }
            CometHeightNotIncreasing { trusted, untrusted } => {
                write!(f, "header height: {untrusted} is not above the trusted height {trusted}")
            }
            CometTimeNotIncreasing => f.write_str("header time: not after the trusted header's time"),
            CometHeaderFromFuture { header_time, now } => {
                write!(f, "header time: {header_time} is not before now ({now}) plus the allowed clock drift")
            }
            CometNotEnoughTrust { tallied, total } => write!(
                f,
                "commit: signers hold {tallied} of the trusted validators' {total} voting power, not more than the trust level"
            ),
            CometInsufficientVotingPower { tallied, total } => {
                write!(f, "commit: signers hold {tallied} of {total} voting power, not more than 2/3")
            }
            CometSignatureInvalid { index } => write!(f, "commit signatures[{index}]: does not verify"),
            CometDoubleVote { index } => {
                write!(f, "commit signatures[{index}]: a validator that already signed at another index")
            }
            CometSchedule { reason } => write!(f, "light client: {reason}"),
            CometProvider { height, reason } => write!(f, "provider at height {height}: {reason}"),
            CometProofInvalid { proof, reason } => write!(f, "{proof} proof: {reason}"),
            CometProofRootMismatch { proof } => {
                write!(f, "{proof} proof: root differs from the verified header's")
            }
            ZkDecode { field, reason } => write!(f, "{field}: {reason}"),
            ZkVkaInvalid { reason } => write!(f, "verifying-key artifact: {reason}"),
            ZkVkaDigestMismatch => f.write_str("verifying-key artifact: digest differs from the pinned one"),
            ZkProofMalformed { reason } => write!(f, "proof: {reason}"),
            ZkPointInvalid { what } => write!(f, "{what}: not a point of the BN254 prime-order group"),
            ZkScalarNonCanonical { what } => write!(f, "{what}: not a canonical field element"),
            ZkInstanceCount { expected, found } => {
                write!(f, "instances: {found} given, the circuit expects {expected}")
            }
            ZkSrsInvalid { reason } => write!(f, "SRS: {reason}"),
            ZkVerificationFailed { check } => write!(f, "proof does not verify: {check}"),
            OgDecode { field, reason } => write!(f, "{field}: {reason}"),
            OgRequestUnsupported { reason } => write!(f, "request: {reason}"),
            OgKeyInvalid { reason } => write!(f, "signing key: {reason}"),
            OgTeeIdMismatch => f.write_str("tee_id: not keccak256 of the signing key's SubjectPublicKeyInfo"),
            OgUnexpectedTee => f.write_str("tee_id: differs from the TEE the caller expects"),
            OgRequestHashMismatch => {
                f.write_str("tee_request_hash: differs from keccak256 of the canonical request")
            }
            OgOutputHashMismatch => f.write_str("tee_output_hash: differs from keccak256 of the returned content"),
            OgSignatureInvalid => f.write_str(
                "tee_signature: RSA-PSS (SHA-256, salt 32) does not verify over keccak256(request_hash ‖ output_hash ‖ timestamp)",
            ),
            OgPcrHashMismatch => f.write_str("pcrs: keccak256(PCR0 ‖ PCR1 ‖ PCR2) differs from the pinned pcrHash"),
            OgTxFailed { code, vm_error } => {
                write!(f, "settlement transaction failed: code {code}, vm_error {vm_error:?}")
            }
            OgEventMissing { event } => {
                write!(f, "settlement: the proven result holds no {event} event from the settlement contract")
            }
            OgEventMismatch { field } => write!(f, "settlement {field}: differs from the verified response"),
            OgMerkleProofInvalid { reason } => write!(f, "batch Merkle proof: {reason}"),
            OgMerkleRootMismatch => f.write_str("batch Merkle proof: leads to a root other than the settled one"),
            OgBundleInvalid { field, reason } => write!(f, "bundle {field}: {reason}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}
