// Generated from the error tables by core/tests/error_table.rs: do not edit by hand
// (`LIGHTCHECK_BLESS=1 cargo test -p lightcheck --all-features --test error_table`).

use crate::status::Entry;

/// The outcome of a lightcheck call. `LC_OK` (0) is success; every other value names why the
/// call failed, and `lc_last_error_message()` says which field and why.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lc_status {
    /// `ok`: Success: the input verified (or the call did what it says).
    LC_OK = 0,
    /// `call.null_pointer`: A required pointer argument is NULL (or NULL with a non-zero length).
    LC_ERR_NULL_POINTER = 1,
    /// `call.invalid_argument`: An argument is out of range, empty where input is required, or not valid UTF-8 where text is required.
    LC_ERR_INVALID_ARGUMENT = 2,
    /// `call.invalid_handle`: The handle is not live: already freed, never returned by lightcheck, or of another kind.
    LC_ERR_INVALID_HANDLE = 3,
    /// `call.busy`: The handle is in use by another call (e.g. a light-client callback re-entering its own client).
    LC_ERR_BUSY = 4,
    /// `call.resource_limit`: Too many live handles (see LC_MAX_LIVE_HANDLES); free some first.
    LC_ERR_RESOURCE_LIMIT = 5,
    /// `call.internal`: An internal error (a caught panic): a bug in lightcheck; please report it.
    LC_ERR_INTERNAL = 6,
    /// `input.too_large`: An input is larger than the decoder accepts.
    LC_INPUT_TOO_LARGE = 100,
    /// `nitro.cose.malformed`: The document is not a COSE_Sign1 structure.
    LC_NITRO_COSE_MALFORMED = 101,
    /// `nitro.cose.trailing_bytes`: Bytes follow the COSE_Sign1 array.
    LC_NITRO_COSE_TRAILING_BYTES = 102,
    /// `nitro.cose.algorithm`: The protected header is not exactly `{1: -35}` (alg ES384).
    LC_NITRO_COSE_ALGORITHM = 103,
    /// `nitro.cose.unprotected_header`: The unprotected header is not an empty map.
    LC_NITRO_COSE_UNPROTECTED_HEADER = 104,
    /// `nitro.cose.signature_length`: The signature is not a raw 96-byte `r‖s`.
    LC_NITRO_COSE_SIGNATURE_LENGTH = 105,
    /// `nitro.cose.bad_signature`: The COSE signature does not verify under the leaf certificate's key.
    LC_NITRO_COSE_BAD_SIGNATURE = 106,
    /// `nitro.payload.malformed`: The payload is not valid CBOR of the expected shape.
    LC_NITRO_PAYLOAD_MALFORMED = 107,
    /// `nitro.payload.missing_field`: A mandatory payload field is absent.
    LC_NITRO_PAYLOAD_MISSING_FIELD = 108,
    /// `nitro.payload.duplicate_field`: A payload key appears twice.
    LC_NITRO_PAYLOAD_DUPLICATE_FIELD = 109,
    /// `nitro.payload.unknown_field`: A payload key that the attestation-document CDDL does not define.
    LC_NITRO_PAYLOAD_UNKNOWN_FIELD = 110,
    /// `nitro.payload.field_length`: A payload field's length (bytes or items) is outside its allowed range.
    LC_NITRO_PAYLOAD_FIELD_LENGTH = 111,
    /// `nitro.payload.digest`: `digest` is not `"SHA384"`.
    LC_NITRO_PAYLOAD_DIGEST = 112,
    /// `nitro.payload.timestamp`: `timestamp` is zero.
    LC_NITRO_PAYLOAD_TIMESTAMP = 113,
    /// `nitro.payload.pcr_index`: A PCR index is outside `0..=31` or repeated.
    LC_NITRO_PAYLOAD_PCR_INDEX = 114,
    /// `nitro.cert.malformed`: A certificate is not valid DER X.509 of the expected profile.
    LC_NITRO_CERT_MALFORMED = 115,
    /// `nitro.cert.untrusted_root`: `cabundle[0]` is not one of the trusted roots.
    LC_NITRO_CERT_UNTRUSTED_ROOT = 116,
    /// `nitro.cert.issuer_mismatch`: A certificate's issuer is not its parent's subject.
    LC_NITRO_CERT_ISSUER_MISMATCH = 117,
    /// `nitro.cert.algorithm`: A certificate or key uses an algorithm other than ecdsa-with-SHA384 over P-384.
    LC_NITRO_CERT_ALGORITHM = 118,
    /// `nitro.cert.bad_signature`: A certificate's signature does not verify under its parent's key.
    LC_NITRO_CERT_BAD_SIGNATURE = 119,
    /// `nitro.cert.expired`: The verification time is after a certificate's `notAfter`.
    LC_NITRO_CERT_EXPIRED = 120,
    /// `nitro.cert.not_yet_valid`: The verification time is before a certificate's `notBefore`.
    LC_NITRO_CERT_NOT_YET_VALID = 121,
    /// `nitro.cert.basic_constraints`: basicConstraints is wrong for the certificate's role.
    LC_NITRO_CERT_BASIC_CONSTRAINTS = 122,
    /// `nitro.cert.path_length`: A CA's pathLenConstraint is exceeded.
    LC_NITRO_CERT_PATH_LENGTH = 123,
    /// `nitro.cert.key_usage`: keyUsage is missing or lacks the bit the certificate's role needs.
    LC_NITRO_CERT_KEY_USAGE = 124,
    /// `nitro.cert.unknown_critical_extension`: A critical extension this verifier does not understand.
    LC_NITRO_CERT_UNKNOWN_CRITICAL_EXTENSION = 125,
    /// `nitro.policy.debug_mode`: Debug-mode document (PCR0, PCR1 and PCR2 all zero) and the policy does not allow it.
    LC_NITRO_POLICY_DEBUG_MODE = 126,
    /// `nitro.policy.pcr_missing`: An expected PCR is absent from the document.
    LC_NITRO_POLICY_PCR_MISSING = 127,
    /// `nitro.policy.pcr_mismatch`: A PCR differs from the expected value.
    LC_NITRO_POLICY_PCR_MISMATCH = 128,
    /// `nitro.policy.nonce`: The nonce differs from the expected one (or is absent).
    LC_NITRO_POLICY_NONCE = 129,
    /// `nitro.policy.user_data`: `user_data` differs from the expected bytes (or is absent).
    LC_NITRO_POLICY_USER_DATA = 130,
    /// `nitro.policy.key_binding`: `user_data` does not bind the given TLS certificate and signing key (nitriding layout).
    LC_NITRO_POLICY_KEY_BINDING = 131,
    /// `nitro.policy.too_old`: The document is older than the policy's maximum age.
    LC_NITRO_POLICY_TOO_OLD = 132,
    /// `nitro.policy.from_future`: The document's timestamp is further in the future than the allowed skew.
    LC_NITRO_POLICY_FROM_FUTURE = 133,
    /// `nitro.policy.invalid`: The policy itself is invalid (a PCR index outside `0..=31`, a PCR index listed twice, an empty or excess PCR set).
    LC_NITRO_POLICY_INVALID = 134,
    /// `nitro.policy.pcr_set_mismatch`: The policy lists PCR sets and the document matches none of them (every PCR of a set present with exactly its value).
    LC_NITRO_POLICY_PCR_SET_MISMATCH = 135,
    /// `cometbft.decode`: JSON (or another encoding) that does not decode to the expected shape.
    LC_COMETBFT_DECODE = 201,
    /// `cometbft.header.invalid`: A header field breaks CometBFT's `ValidateBasic` rules.
    LC_COMETBFT_HEADER_INVALID = 202,
    /// `cometbft.commit.invalid`: A commit breaks CometBFT's `ValidateBasic` rules.
    LC_COMETBFT_COMMIT_INVALID = 203,
    /// `cometbft.validators.invalid`: A validator set breaks a structural rule (duplicate address, power bounds, size cap).
    LC_COMETBFT_VALIDATORS_INVALID = 204,
    /// `cometbft.key.unsupported`: A public key type lightcheck cannot verify (a vote is never skipped silently).
    LC_COMETBFT_KEY_UNSUPPORTED = 205,
    /// `cometbft.options.invalid`: Trust options out of range (trust level outside [1/3, 1], zero trusting period).
    LC_COMETBFT_OPTIONS_INVALID = 206,
    /// `cometbft.header.chain_id`: The header belongs to another chain.
    LC_COMETBFT_HEADER_CHAIN_ID = 207,
    /// `cometbft.header.hash_mismatch`: `header.hash() != commit.block_id.hash`.
    LC_COMETBFT_HEADER_HASH_MISMATCH = 208,
    /// `cometbft.validators.hash_mismatch`: `validators_hash` (or `next_validators_hash`) does not match the given validator set.
    LC_COMETBFT_VALIDATORS_HASH_MISMATCH = 209,
    /// `cometbft.validators.next_mismatch`: Adjacent step: `untrusted.validators_hash != trusted.next_validators_hash`.
    LC_COMETBFT_VALIDATORS_NEXT_MISMATCH = 210,
    /// `cometbft.header.last_block_id`: Adjacent step: `untrusted.last_block_id.hash != trusted.hash()`.
    LC_COMETBFT_HEADER_LAST_BLOCK_ID = 211,
    /// `cometbft.trust.expired`: The trusted header is outside the trusting period at `now`.
    LC_COMETBFT_TRUST_EXPIRED = 212,
    /// `cometbft.header.height_not_increasing`: The untrusted header is not above the trusted one.
    LC_COMETBFT_HEADER_HEIGHT_NOT_INCREASING = 213,
    /// `cometbft.header.time_not_increasing`: The untrusted header's time is not after the trusted one's.
    LC_COMETBFT_HEADER_TIME_NOT_INCREASING = 214,
    /// `cometbft.header.from_future`: The untrusted header's time is at or beyond `now + max_clock_drift`.
    LC_COMETBFT_HEADER_FROM_FUTURE = 215,
    /// `cometbft.trust.not_enough`: Non-adjacent step: signers hold no more than the trust level of the trusted validators.
    LC_COMETBFT_TRUST_NOT_ENOUGH = 216,
    /// `cometbft.commit.insufficient_power`: Signers hold no more than 2/3 of the block's validators' power.
    LC_COMETBFT_COMMIT_INSUFFICIENT_POWER = 217,
    /// `cometbft.commit.bad_signature`: A commit signature does not verify.
    LC_COMETBFT_COMMIT_BAD_SIGNATURE = 218,
    /// `cometbft.commit.double_vote`: One validator signed at two positions of a commit.
    LC_COMETBFT_COMMIT_DOUBLE_VOTE = 219,
    /// `cometbft.schedule`: A light-client schedule could not reach the target.
    LC_COMETBFT_SCHEDULE = 220,
    /// `cometbft.provider`: A provider failed to supply a light block.
    LC_COMETBFT_PROVIDER = 221,
    /// `cometbft.proof.invalid`: An inclusion proof is structurally invalid or does not verify.
    LC_COMETBFT_PROOF_INVALID = 222,
    /// `cometbft.proof.root_mismatch`: An inclusion proof verifies to a root other than the verified header's.
    LC_COMETBFT_PROOF_ROOT_MISMATCH = 223,
    /// `cometbft.witness.not_confirmed`: No witness confirmed the verified header, so the update is not trusted.
    LC_COMETBFT_WITNESS_NOT_CONFIRMED = 224,
    /// `cometbft.attack`: Two providers served conflicting blocks that both verify: a light-client attack.
    LC_COMETBFT_ATTACK = 225,
    /// `cometbft.witness.none`: A light client was asked to run without any witness.
    LC_COMETBFT_WITNESS_NONE = 226,
    /// `cometbft.trust.root_mismatch`: The block at the trusted height does not hash to the hash the user trusts.
    LC_COMETBFT_TRUST_ROOT_MISMATCH = 227,
    /// `zk.decode`: An input (proof.json, instances, SRS file) does not decode.
    LC_ZK_DECODE = 301,
    /// `zk.vka.invalid`: The verifying-key artifact (VKA) is malformed or describes something unsupported.
    LC_ZK_VKA_INVALID = 302,
    /// `zk.vka.digest_mismatch`: The VKA is not the one the caller pinned (its digest differs).
    LC_ZK_VKA_DIGEST_MISMATCH = 303,
    /// `zk.proof.malformed`: The proof bytes are malformed (wrong length, trailing bytes).
    LC_ZK_PROOF_MALFORMED = 304,
    /// `zk.proof.point_invalid`: A point is not on the curve or not in the prime-order subgroup.
    LC_ZK_PROOF_POINT_INVALID = 305,
    /// `zk.proof.scalar_non_canonical`: A field element is not canonical (not below the field modulus).
    LC_ZK_PROOF_SCALAR_NON_CANONICAL = 306,
    /// `zk.instances.count`: The number of public instances differs from what the circuit expects.
    LC_ZK_INSTANCES_COUNT = 307,
    /// `zk.srs.invalid`: The SRS points are malformed or not usable.
    LC_ZK_SRS_INVALID = 308,
    /// `zk.verification_failed`: The proof does not verify: the named check failed.
    LC_ZK_VERIFICATION_FAILED = 309,
    /// `opengradient.decode`: An OpenGradient input (request, response, event, bundle field) does not decode.
    LC_OPENGRADIENT_DECODE = 401,
    /// `opengradient.request.unsupported`: The request cannot be put in the canonical form the gateway hashes.
    LC_OPENGRADIENT_REQUEST_UNSUPPORTED = 402,
    /// `opengradient.key.invalid`: The signing key is not an acceptable RSA SubjectPublicKeyInfo.
    LC_OPENGRADIENT_KEY_INVALID = 403,
    /// `opengradient.response.tee_id`: The response's `tee_id` is not keccak256 of the signing key.
    LC_OPENGRADIENT_RESPONSE_TEE_ID = 404,
    /// `opengradient.response.unexpected_tee`: The response comes from another TEE than the one the caller expects.
    LC_OPENGRADIENT_RESPONSE_UNEXPECTED_TEE = 405,
    /// `opengradient.response.request_hash`: The response's `tee_request_hash` differs from the hash of the canonical request.
    LC_OPENGRADIENT_RESPONSE_REQUEST_HASH = 406,
    /// `opengradient.response.output_hash`: The response's `tee_output_hash` differs from the hash of the returned content.
    LC_OPENGRADIENT_RESPONSE_OUTPUT_HASH = 407,
    /// `opengradient.response.bad_signature`: The RSA-PSS signature does not verify over the rebuilt message hash.
    LC_OPENGRADIENT_RESPONSE_BAD_SIGNATURE = 408,
    /// `opengradient.binding.pcr_hash`: `keccak256(pcr0 ‖ pcr1 ‖ pcr2)` of the attestation differs from the pinned `pcrHash`.
    LC_OPENGRADIENT_BINDING_PCR_HASH = 409,
    /// `opengradient.settlement.tx_failed`: The settlement transaction did not succeed (`code != 0` or an EVM error).
    LC_OPENGRADIENT_SETTLEMENT_TX_FAILED = 410,
    /// `opengradient.settlement.event_missing`: The proven transaction result holds no matching settlement event from the relay contract.
    LC_OPENGRADIENT_SETTLEMENT_EVENT_MISSING = 411,
    /// `opengradient.settlement.mismatch`: A settlement event or call field (`event outputHash`, `calldata timestamp`, …) differs from the verified response.
    LC_OPENGRADIENT_SETTLEMENT_MISMATCH = 412,
    /// `opengradient.batch.proof_invalid`: A batch Merkle proof is malformed.
    LC_OPENGRADIENT_BATCH_PROOF_INVALID = 413,
    /// `opengradient.batch.root_mismatch`: A batch Merkle proof leads to another root than the settled one.
    LC_OPENGRADIENT_BATCH_ROOT_MISMATCH = 414,
    /// `opengradient.bundle.invalid`: The settlement bundle is not a supported version or misses what a link needs.
    LC_OPENGRADIENT_BUNDLE_INVALID = 415,
}

/// Every status, in numeric order.
pub(crate) const TABLE: &[Entry] = &[
    Entry::new(lc_status::LC_OK, c"ok", c"ok", c"Success: the input verified (or the call did what it says)."),
    Entry::new(lc_status::LC_ERR_NULL_POINTER, c"call.null_pointer", c"call", c"A required pointer argument is NULL (or NULL with a non-zero length)."),
    Entry::new(lc_status::LC_ERR_INVALID_ARGUMENT, c"call.invalid_argument", c"call", c"An argument is out of range, empty where input is required, or not valid UTF-8 where text is required."),
    Entry::new(lc_status::LC_ERR_INVALID_HANDLE, c"call.invalid_handle", c"call", c"The handle is not live: already freed, never returned by lightcheck, or of another kind."),
    Entry::new(lc_status::LC_ERR_BUSY, c"call.busy", c"call", c"The handle is in use by another call (e.g. a light-client callback re-entering its own client)."),
    Entry::new(lc_status::LC_ERR_RESOURCE_LIMIT, c"call.resource_limit", c"call", c"Too many live handles (see LC_MAX_LIVE_HANDLES); free some first."),
    Entry::new(lc_status::LC_ERR_INTERNAL, c"call.internal", c"call", c"An internal error (a caught panic): a bug in lightcheck; please report it."),
    Entry::new(lc_status::LC_INPUT_TOO_LARGE, c"input.too_large", c"malformed", c"An input is larger than the decoder accepts."),
    Entry::new(lc_status::LC_NITRO_COSE_MALFORMED, c"nitro.cose.malformed", c"malformed", c"The document is not a COSE_Sign1 structure."),
    Entry::new(lc_status::LC_NITRO_COSE_TRAILING_BYTES, c"nitro.cose.trailing_bytes", c"malformed", c"Bytes follow the COSE_Sign1 array."),
    Entry::new(lc_status::LC_NITRO_COSE_ALGORITHM, c"nitro.cose.algorithm", c"malformed", c"The protected header is not exactly {1: -35} (alg ES384)."),
    Entry::new(lc_status::LC_NITRO_COSE_UNPROTECTED_HEADER, c"nitro.cose.unprotected_header", c"malformed", c"The unprotected header is not an empty map."),
    Entry::new(lc_status::LC_NITRO_COSE_SIGNATURE_LENGTH, c"nitro.cose.signature_length", c"malformed", c"The signature is not a raw 96-byte r‖s."),
    Entry::new(lc_status::LC_NITRO_COSE_BAD_SIGNATURE, c"nitro.cose.bad_signature", c"forged", c"The COSE signature does not verify under the leaf certificate's key."),
    Entry::new(lc_status::LC_NITRO_PAYLOAD_MALFORMED, c"nitro.payload.malformed", c"malformed", c"The payload is not valid CBOR of the expected shape."),
    Entry::new(lc_status::LC_NITRO_PAYLOAD_MISSING_FIELD, c"nitro.payload.missing_field", c"malformed", c"A mandatory payload field is absent."),
    Entry::new(lc_status::LC_NITRO_PAYLOAD_DUPLICATE_FIELD, c"nitro.payload.duplicate_field", c"malformed", c"A payload key appears twice."),
    Entry::new(lc_status::LC_NITRO_PAYLOAD_UNKNOWN_FIELD, c"nitro.payload.unknown_field", c"malformed", c"A payload key that the attestation-document CDDL does not define."),
    Entry::new(lc_status::LC_NITRO_PAYLOAD_FIELD_LENGTH, c"nitro.payload.field_length", c"malformed", c"A payload field's length (bytes or items) is outside its allowed range."),
    Entry::new(lc_status::LC_NITRO_PAYLOAD_DIGEST, c"nitro.payload.digest", c"malformed", c"digest is not \"SHA384\"."),
    Entry::new(lc_status::LC_NITRO_PAYLOAD_TIMESTAMP, c"nitro.payload.timestamp", c"malformed", c"timestamp is zero."),
    Entry::new(lc_status::LC_NITRO_PAYLOAD_PCR_INDEX, c"nitro.payload.pcr_index", c"malformed", c"A PCR index is outside 0..=31 or repeated."),
    Entry::new(lc_status::LC_NITRO_CERT_MALFORMED, c"nitro.cert.malformed", c"malformed", c"A certificate is not valid DER X.509 of the expected profile."),
    Entry::new(lc_status::LC_NITRO_CERT_UNTRUSTED_ROOT, c"nitro.cert.untrusted_root", c"untrusted", c"cabundle[0] is not one of the trusted roots."),
    Entry::new(lc_status::LC_NITRO_CERT_ISSUER_MISMATCH, c"nitro.cert.issuer_mismatch", c"invalid_chain", c"A certificate's issuer is not its parent's subject."),
    Entry::new(lc_status::LC_NITRO_CERT_ALGORITHM, c"nitro.cert.algorithm", c"invalid_chain", c"A certificate or key uses an algorithm other than ecdsa-with-SHA384 over P-384."),
    Entry::new(lc_status::LC_NITRO_CERT_BAD_SIGNATURE, c"nitro.cert.bad_signature", c"forged", c"A certificate's signature does not verify under its parent's key."),
    Entry::new(lc_status::LC_NITRO_CERT_EXPIRED, c"nitro.cert.expired", c"expired", c"The verification time is after a certificate's notAfter."),
    Entry::new(lc_status::LC_NITRO_CERT_NOT_YET_VALID, c"nitro.cert.not_yet_valid", c"expired", c"The verification time is before a certificate's notBefore."),
    Entry::new(lc_status::LC_NITRO_CERT_BASIC_CONSTRAINTS, c"nitro.cert.basic_constraints", c"invalid_chain", c"basicConstraints is wrong for the certificate's role."),
    Entry::new(lc_status::LC_NITRO_CERT_PATH_LENGTH, c"nitro.cert.path_length", c"invalid_chain", c"A CA's pathLenConstraint is exceeded."),
    Entry::new(lc_status::LC_NITRO_CERT_KEY_USAGE, c"nitro.cert.key_usage", c"invalid_chain", c"keyUsage is missing or lacks the bit the certificate's role needs."),
    Entry::new(lc_status::LC_NITRO_CERT_UNKNOWN_CRITICAL_EXTENSION, c"nitro.cert.unknown_critical_extension", c"invalid_chain", c"A critical extension this verifier does not understand."),
    Entry::new(lc_status::LC_NITRO_POLICY_DEBUG_MODE, c"nitro.policy.debug_mode", c"policy", c"Debug-mode document (PCR0, PCR1 and PCR2 all zero) and the policy does not allow it."),
    Entry::new(lc_status::LC_NITRO_POLICY_PCR_MISSING, c"nitro.policy.pcr_missing", c"policy", c"An expected PCR is absent from the document."),
    Entry::new(lc_status::LC_NITRO_POLICY_PCR_MISMATCH, c"nitro.policy.pcr_mismatch", c"policy", c"A PCR differs from the expected value."),
    Entry::new(lc_status::LC_NITRO_POLICY_NONCE, c"nitro.policy.nonce", c"policy", c"The nonce differs from the expected one (or is absent)."),
    Entry::new(lc_status::LC_NITRO_POLICY_USER_DATA, c"nitro.policy.user_data", c"policy", c"user_data differs from the expected bytes (or is absent)."),
    Entry::new(lc_status::LC_NITRO_POLICY_KEY_BINDING, c"nitro.policy.key_binding", c"policy", c"user_data does not bind the given TLS certificate and signing key (nitriding layout)."),
    Entry::new(lc_status::LC_NITRO_POLICY_TOO_OLD, c"nitro.policy.too_old", c"policy", c"The document is older than the policy's maximum age."),
    Entry::new(lc_status::LC_NITRO_POLICY_FROM_FUTURE, c"nitro.policy.from_future", c"policy", c"The document's timestamp is further in the future than the allowed skew."),
    Entry::new(lc_status::LC_NITRO_POLICY_INVALID, c"nitro.policy.invalid", c"malformed", c"The policy itself is invalid (a PCR index outside 0..=31, a PCR index listed twice, an empty or excess PCR set)."),
    Entry::new(lc_status::LC_NITRO_POLICY_PCR_SET_MISMATCH, c"nitro.policy.pcr_set_mismatch", c"policy", c"The policy lists PCR sets and the document matches none of them (every PCR of a set present with exactly its value)."),
    Entry::new(lc_status::LC_COMETBFT_DECODE, c"cometbft.decode", c"malformed", c"JSON (or another encoding) that does not decode to the expected shape."),
    Entry::new(lc_status::LC_COMETBFT_HEADER_INVALID, c"cometbft.header.invalid", c"malformed", c"A header field breaks CometBFT's ValidateBasic rules."),
    Entry::new(lc_status::LC_COMETBFT_COMMIT_INVALID, c"cometbft.commit.invalid", c"malformed", c"A commit breaks CometBFT's ValidateBasic rules."),
    Entry::new(lc_status::LC_COMETBFT_VALIDATORS_INVALID, c"cometbft.validators.invalid", c"malformed", c"A validator set breaks a structural rule (duplicate address, power bounds, size cap)."),
    Entry::new(lc_status::LC_COMETBFT_KEY_UNSUPPORTED, c"cometbft.key.unsupported", c"malformed", c"A public key type lightcheck cannot verify (a vote is never skipped silently)."),
    Entry::new(lc_status::LC_COMETBFT_OPTIONS_INVALID, c"cometbft.options.invalid", c"malformed", c"Trust options out of range (trust level outside [1/3, 1], zero trusting period)."),
    Entry::new(lc_status::LC_COMETBFT_HEADER_CHAIN_ID, c"cometbft.header.chain_id", c"invalid_chain", c"The header belongs to another chain."),
    Entry::new(lc_status::LC_COMETBFT_HEADER_HASH_MISMATCH, c"cometbft.header.hash_mismatch", c"forged", c"header.hash() != commit.block_id.hash."),
    Entry::new(lc_status::LC_COMETBFT_VALIDATORS_HASH_MISMATCH, c"cometbft.validators.hash_mismatch", c"forged", c"validators_hash (or next_validators_hash) does not match the given validator set."),
    Entry::new(lc_status::LC_COMETBFT_VALIDATORS_NEXT_MISMATCH, c"cometbft.validators.next_mismatch", c"invalid_chain", c"Adjacent step: untrusted.validators_hash != trusted.next_validators_hash."),
    Entry::new(lc_status::LC_COMETBFT_HEADER_LAST_BLOCK_ID, c"cometbft.header.last_block_id", c"invalid_chain", c"Adjacent step: untrusted.last_block_id.hash != trusted.hash()."),
    Entry::new(lc_status::LC_COMETBFT_TRUST_EXPIRED, c"cometbft.trust.expired", c"expired", c"The trusted header is outside the trusting period at now."),
    Entry::new(lc_status::LC_COMETBFT_HEADER_HEIGHT_NOT_INCREASING, c"cometbft.header.height_not_increasing", c"invalid_chain", c"The untrusted header is not above the trusted one."),
    Entry::new(lc_status::LC_COMETBFT_HEADER_TIME_NOT_INCREASING, c"cometbft.header.time_not_increasing", c"invalid_chain", c"The untrusted header's time is not after the trusted one's."),
    Entry::new(lc_status::LC_COMETBFT_HEADER_FROM_FUTURE, c"cometbft.header.from_future", c"expired", c"The untrusted header's time is at or beyond now + max_clock_drift."),
    Entry::new(lc_status::LC_COMETBFT_TRUST_NOT_ENOUGH, c"cometbft.trust.not_enough", c"untrusted", c"Non-adjacent step: signers hold no more than the trust level of the trusted validators."),
    Entry::new(lc_status::LC_COMETBFT_COMMIT_INSUFFICIENT_POWER, c"cometbft.commit.insufficient_power", c"untrusted", c"Signers hold no more than 2/3 of the block's validators' power."),
    Entry::new(lc_status::LC_COMETBFT_COMMIT_BAD_SIGNATURE, c"cometbft.commit.bad_signature", c"forged", c"A commit signature does not verify."),
    Entry::new(lc_status::LC_COMETBFT_COMMIT_DOUBLE_VOTE, c"cometbft.commit.double_vote", c"invalid_chain", c"One validator signed at two positions of a commit."),
    Entry::new(lc_status::LC_COMETBFT_SCHEDULE, c"cometbft.schedule", c"invalid_chain", c"A light-client schedule could not reach the target."),
    Entry::new(lc_status::LC_COMETBFT_PROVIDER, c"cometbft.provider", c"invalid_chain", c"A provider failed to supply a light block."),
    Entry::new(lc_status::LC_COMETBFT_PROOF_INVALID, c"cometbft.proof.invalid", c"malformed", c"An inclusion proof is structurally invalid or does not verify."),
    Entry::new(lc_status::LC_COMETBFT_PROOF_ROOT_MISMATCH, c"cometbft.proof.root_mismatch", c"forged", c"An inclusion proof verifies to a root other than the verified header's."),
    Entry::new(lc_status::LC_COMETBFT_WITNESS_NOT_CONFIRMED, c"cometbft.witness.not_confirmed", c"untrusted", c"No witness confirmed the verified header, so the update is not trusted."),
    Entry::new(lc_status::LC_COMETBFT_ATTACK, c"cometbft.attack", c"forged", c"Two providers served conflicting blocks that both verify: a light-client attack."),
    Entry::new(lc_status::LC_COMETBFT_WITNESS_NONE, c"cometbft.witness.none", c"malformed", c"A light client was asked to run without any witness."),
    Entry::new(lc_status::LC_COMETBFT_TRUST_ROOT_MISMATCH, c"cometbft.trust.root_mismatch", c"forged", c"The block at the trusted height does not hash to the hash the user trusts."),
    Entry::new(lc_status::LC_ZK_DECODE, c"zk.decode", c"malformed", c"An input (proof.json, instances, SRS file) does not decode."),
    Entry::new(lc_status::LC_ZK_VKA_INVALID, c"zk.vka.invalid", c"malformed", c"The verifying-key artifact (VKA) is malformed or describes something unsupported."),
    Entry::new(lc_status::LC_ZK_VKA_DIGEST_MISMATCH, c"zk.vka.digest_mismatch", c"untrusted", c"The VKA is not the one the caller pinned (its digest differs)."),
    Entry::new(lc_status::LC_ZK_PROOF_MALFORMED, c"zk.proof.malformed", c"malformed", c"The proof bytes are malformed (wrong length, trailing bytes)."),
    Entry::new(lc_status::LC_ZK_PROOF_POINT_INVALID, c"zk.proof.point_invalid", c"malformed", c"A point is not on the curve or not in the prime-order subgroup."),
    Entry::new(lc_status::LC_ZK_PROOF_SCALAR_NON_CANONICAL, c"zk.proof.scalar_non_canonical", c"malformed", c"A field element is not canonical (not below the field modulus)."),
    Entry::new(lc_status::LC_ZK_INSTANCES_COUNT, c"zk.instances.count", c"malformed", c"The number of public instances differs from what the circuit expects."),
    Entry::new(lc_status::LC_ZK_SRS_INVALID, c"zk.srs.invalid", c"malformed", c"The SRS points are malformed or not usable."),
    Entry::new(lc_status::LC_ZK_VERIFICATION_FAILED, c"zk.verification_failed", c"forged", c"The proof does not verify: the named check failed."),
    Entry::new(lc_status::LC_OPENGRADIENT_DECODE, c"opengradient.decode", c"malformed", c"An OpenGradient input (request, response, event, bundle field) does not decode."),
    Entry::new(lc_status::LC_OPENGRADIENT_REQUEST_UNSUPPORTED, c"opengradient.request.unsupported", c"malformed", c"The request cannot be put in the canonical form the gateway hashes."),
    Entry::new(lc_status::LC_OPENGRADIENT_KEY_INVALID, c"opengradient.key.invalid", c"malformed", c"The signing key is not an acceptable RSA SubjectPublicKeyInfo."),
    Entry::new(lc_status::LC_OPENGRADIENT_RESPONSE_TEE_ID, c"opengradient.response.tee_id", c"forged", c"The response's tee_id is not keccak256 of the signing key."),
    Entry::new(lc_status::LC_OPENGRADIENT_RESPONSE_UNEXPECTED_TEE, c"opengradient.response.unexpected_tee", c"policy", c"The response comes from another TEE than the one the caller expects."),
    Entry::new(lc_status::LC_OPENGRADIENT_RESPONSE_REQUEST_HASH, c"opengradient.response.request_hash", c"forged", c"The response's tee_request_hash differs from the hash of the canonical request."),
    Entry::new(lc_status::LC_OPENGRADIENT_RESPONSE_OUTPUT_HASH, c"opengradient.response.output_hash", c"forged", c"The response's tee_output_hash differs from the hash of the returned content."),
    Entry::new(lc_status::LC_OPENGRADIENT_RESPONSE_BAD_SIGNATURE, c"opengradient.response.bad_signature", c"forged", c"The RSA-PSS signature does not verify over the rebuilt message hash."),
    Entry::new(lc_status::LC_OPENGRADIENT_BINDING_PCR_HASH, c"opengradient.binding.pcr_hash", c"policy", c"keccak256(pcr0 ‖ pcr1 ‖ pcr2) of the attestation differs from the pinned pcrHash."),
    Entry::new(lc_status::LC_OPENGRADIENT_SETTLEMENT_TX_FAILED, c"opengradient.settlement.tx_failed", c"invalid_chain", c"The settlement transaction did not succeed (code != 0 or an EVM error)."),
    Entry::new(lc_status::LC_OPENGRADIENT_SETTLEMENT_EVENT_MISSING, c"opengradient.settlement.event_missing", c"invalid_chain", c"The proven transaction result holds no matching settlement event from the relay contract."),
    Entry::new(lc_status::LC_OPENGRADIENT_SETTLEMENT_MISMATCH, c"opengradient.settlement.mismatch", c"forged", c"A settlement event or call field (event outputHash, calldata timestamp, …) differs from the verified response."),
    Entry::new(lc_status::LC_OPENGRADIENT_BATCH_PROOF_INVALID, c"opengradient.batch.proof_invalid", c"malformed", c"A batch Merkle proof is malformed."),
    Entry::new(lc_status::LC_OPENGRADIENT_BATCH_ROOT_MISMATCH, c"opengradient.batch.root_mismatch", c"forged", c"A batch Merkle proof leads to another root than the settled one."),
    Entry::new(lc_status::LC_OPENGRADIENT_BUNDLE_INVALID, c"opengradient.bundle.invalid", c"malformed", c"The settlement bundle is not a supported version or misses what a link needs."),
];
