//! ECDSA over P-384 with SHA-384: the only signature scheme in a Nitro attestation.
//!
//! High-S signatures are valid (ECDSA over P-384 has no low-S rule, and more than half of
//! the signatures in real documents are high-S).

use p384::ecdsa::signature::hazmat::PrehashVerifier;
use p384::ecdsa::{Signature, VerifyingKey};

/// Length of a raw `r‖s` signature.
pub const RAW_SIGNATURE_LEN: usize = 96;

/// Parses an uncompressed SEC1 point (`04‖X‖Y`, 97 bytes) that lies on P-384.
pub fn public_key(sec1_uncompressed: &[u8]) -> Option<VerifyingKey> {
    if sec1_uncompressed.len() != 97 || sec1_uncompressed[0] != 0x04 {
        return None;
    }
    VerifyingKey::from_sec1_bytes(sec1_uncompressed).ok()
}

/// Verifies a raw IEEE P1363 `r‖s` signature (exactly 96 bytes) over a SHA-384 digest.
/// This is the path COSE_Sign1 signatures take.
pub fn verify_raw(key: &VerifyingKey, digest: &[u8; 48], signature: &[u8]) -> bool {
    if signature.len() != RAW_SIGNATURE_LEN {
        return false;
    }
    Signature::from_slice(signature).is_ok_and(|sig| key.verify_prehash(digest, &sig).is_ok())
}

/// Verifies a DER `SEQUENCE { r INTEGER, s INTEGER }` signature over a SHA-384 digest.
/// This is the path X.509 certificate signatures take.
pub fn verify_der(key: &VerifyingKey, digest: &[u8; 48], signature: &[u8]) -> bool {
    Signature::from_der(signature).is_ok_and(|sig| key.verify_prehash(digest, &sig).is_ok())
}
