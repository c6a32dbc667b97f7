//! The errors of the `opengradient` capability: one row per error (see `crate::error` for the layout).

use crate::error::error_table;
use alloc::string::String;

error_table! {
    /// Why an OpenGradient response, settlement record or bundle was rejected.
    pub enum Error {
        /// An OpenGradient input (request, response, event, bundle field) does not decode.
        Decode {
            /// Which field.
            field: String,
            /// Why, in a few words.
            reason: String,
        }
            = 401, "opengradient.decode", Malformed, ("{field}: {reason}");
        /// The request cannot be put in the canonical form the gateway hashes.
        RequestUnsupported {
            /// Why, in a few words.
            reason: String,
        }
            = 402, "opengradient.request.unsupported", Malformed, ("request: {reason}");
        /// The signing key is not an acceptable RSA SubjectPublicKeyInfo.
        KeyInvalid {
            /// Why, in a few words.
            reason: &'static str,
        }
            = 403, "opengradient.key.invalid", Malformed, ("signing key: {reason}");
        /// The response's `tee_id` is not keccak256 of the signing key.
        TeeIdMismatch
            = 404, "opengradient.response.tee_id", Forged, ("tee_id: not keccak256 of the signing key's SubjectPublicKeyInfo");
        /// The response comes from another TEE than the one the caller expects.
        UnexpectedTee
            = 405, "opengradient.response.unexpected_tee", Policy, ("tee_id: differs from the TEE the caller expects");
        /// The response's `tee_request_hash` differs from the hash of the canonical request.
        RequestHashMismatch
            = 406, "opengradient.response.request_hash", Forged, ("tee_request_hash: differs from keccak256 of the canonical request");
        /// The response's `tee_output_hash` differs from the hash of the returned content.
        OutputHashMismatch
            = 407, "opengradient.response.output_hash", Forged, ("tee_output_hash: differs from keccak256 of the returned content");
        /// The RSA-PSS signature does not verify over the rebuilt message hash.
        SignatureInvalid
            = 408, "opengradient.response.bad_signature", Forged, ("tee_signature: RSA-PSS (SHA-256, salt 32) does not verify over keccak256(request_hash ‖ output_hash ‖ timestamp)");
        /// `keccak256(pcr0 ‖ pcr1 ‖ pcr2)` of the attestation differs from the pinned `pcrHash`.
        PcrHashMismatch
            = 409, "opengradient.binding.pcr_hash", Policy, ("pcrs: keccak256(PCR0 ‖ PCR1 ‖ PCR2) differs from the pinned pcrHash");
        /// The settlement transaction did not succeed (`code != 0` or an EVM error).
        TxFailed {
            /// The ABCI result code.
            code: u32,
            /// The EVM error, empty if none.
            vm_error: String,
        }
            = 410, "opengradient.settlement.tx_failed", InvalidChain, ("settlement transaction failed: code {code}, vm_error {vm_error:?}");
        /// The proven transaction result holds no matching settlement event from the relay contract.
        EventMissing {
            /// The event looked for.
            event: &'static str,
        }
            = 411, "opengradient.settlement.event_missing", InvalidChain, ("settlement: the proven result holds no {event} event from the settlement contract");
        /// A settlement event or call field (`event outputHash`, `calldata timestamp`, …) differs from the verified response.
        EventMismatch {
            /// Which field (`event outputHash`, `transaction to`, …).
            field: &'static str,
            /// How it differs (`differs from the verified response`, …).
            reason: &'static str,
        }
            = 412, "opengradient.settlement.mismatch", Forged, ("settlement {field}: {reason}");
        /// A batch Merkle proof is malformed.
        MerkleProofInvalid {
            /// Why, in a few words.
            reason: &'static str,
        }
            = 413, "opengradient.batch.proof_invalid", Malformed, ("batch Merkle proof: {reason}");
        /// A batch Merkle proof leads to another root than the settled one.
        MerkleRootMismatch
            = 414, "opengradient.batch.root_mismatch", Forged, ("batch Merkle proof: leads to a root other than the settled one");
        /// The settlement bundle is not a supported version or misses what a link needs.
        BundleInvalid {
            /// Which field.
            field: String,
            /// Why, in a few words.
            reason: String,
        }
            = 415, "opengradient.bundle.invalid", Malformed, ("bundle {field}: {reason}");
    }
}

impl From<crate::codec::DecodeError> for Error {
    fn from(e: crate::codec::DecodeError) -> Self {
        Error::Decode { field: e.field.into(), reason: e.reason.into() }
    }
}

impl From<crate::codec::pyjson::Error> for Error {
    fn from(e: crate::codec::pyjson::Error) -> Self {
        use crate::codec::pyjson::Error as Json;
        match e {
            Json::TooLarge { len, max } => Error::InputTooLarge { what: "json", len, max },
            Json::Syntax { reason } => Error::Decode { field: "json".into(), reason },
            Json::Unsupported { reason } => Error::RequestUnsupported { reason },
        }
    }
}

impl From<crate::codec::pyjson::Error> for crate::Error {
    fn from(e: crate::codec::pyjson::Error) -> Self {
        Error::from(e).into()
    }
}
