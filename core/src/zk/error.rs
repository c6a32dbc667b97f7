//! The errors of the `zk` capability: one row per error (see `crate::error` for the layout).

use crate::error::error_table;
use alloc::string::String;

error_table! {
    /// Why a halo2/KZG (EZKL) proof was rejected.
    pub enum Error {
        /// An input (proof.json, instances, SRS file) does not decode.
        Decode {
            /// Which field.
            field: String,
            /// Why, in a few words.
            reason: String,
        }
            = 301, "zk.decode", Malformed, ("{field}: {reason}");
        /// The verifying-key artifact (VKA) is malformed or describes something unsupported.
        VkaInvalid {
            /// Why, in a few words.
            reason: &'static str,
        }
            = 302, "zk.vka.invalid", Malformed, ("verifying-key artifact: {reason}");
        /// The VKA is not the one the caller pinned (its digest differs).
        VkaDigestMismatch
            = 303, "zk.vka.digest_mismatch", Untrusted, ("verifying-key artifact: digest differs from the pinned one");
        /// The proof bytes are malformed (wrong length, trailing bytes).
        ProofMalformed {
            /// Why, in a few words.
            reason: &'static str,
        }
            = 304, "zk.proof.malformed", Malformed, ("proof: {reason}");
        /// A point is not on the curve or not in the prime-order subgroup.
        PointInvalid {
            /// Which point.
            what: &'static str,
        }
            = 305, "zk.proof.point_invalid", Malformed, ("{what}: not a point of the BN254 prime-order group");
        /// A field element is not canonical (not below the field modulus).
        ScalarNonCanonical {
            /// Which scalar.
            what: &'static str,
        }
            = 306, "zk.proof.scalar_non_canonical", Malformed, ("{what}: not a canonical field element");
        /// The number of public instances differs from what the circuit expects.
        InstanceCount {
            /// Instances the circuit expects.
            expected: usize,
            /// Instances given.
            found: usize,
        }
            = 307, "zk.instances.count", Malformed, ("instances: {found} given, the circuit expects {expected}");
        /// The SRS points are malformed or not usable.
        SrsInvalid {
            /// Why, in a few words.
            reason: &'static str,
        }
            = 308, "zk.srs.invalid", Malformed, ("SRS: {reason}");
        /// The proof does not verify: the named check failed.
        VerificationFailed {
            /// Which check.
            check: &'static str,
        }
            = 309, "zk.verification_failed", Forged, ("proof does not verify: {check}");
    }
}
