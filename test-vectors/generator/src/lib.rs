//! Generates lightcheck's conformance vectors deterministically. `cargo run -p
//! lightcheck-vectors` rewrites `test-vectors/`; the crate's tests fail if the committed
//! files drift from what the generator produces.

pub mod cbor;
pub mod cometbft;
pub mod der;
pub mod evm;
pub mod nitro;
pub mod pki;
pub mod settlement;

use std::path::PathBuf;

/// `test-vectors/` in this checkout.
pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The high-S twin of a raw ECDSA `r‖s` signature: `s` replaced by `order − s` (big-endian,
/// `order` as long as `s`). It verifies wherever high-S is allowed.
pub fn high_s(sig: &[u8], order: &[u8]) -> Vec<u8> {
    let half = sig.len() / 2;
    let s = &sig[half..];
    let mut diff = vec![0u8; half];
    let mut borrow = 0i16;
    for i in (0..half).rev() {
        let d = i16::from(order[i]) - i16::from(s[i]) - borrow;
        borrow = i16::from(d < 0);
        diff[i] = d.rem_euclid(256) as u8;
    }
    [&sig[..half], &diff[..]].concat()
}
