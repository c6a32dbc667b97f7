//! Hash helpers shared by the capabilities.

/// keccak256 over the concatenation of `parts`.
pub(crate) fn keccak256(parts: &[&[u8]]) -> [u8; 32] {
    use sha3::{Digest, Keccak256};
    let mut h = Keccak256::new();
    for part in parts {
        h.update(part);
    }
    h.finalize().into()
}
