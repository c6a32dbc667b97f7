//! Generates lightcheck's conformance vectors deterministically. `cargo run -p
//! lightcheck-vectors` rewrites `test-vectors/`; the crate's tests fail if the committed
//! files drift from what the generator produces.

pub mod cbor;
pub mod cometbft;
pub mod der;
pub mod nitro;
pub mod pki;

use std::path::PathBuf;

/// `test-vectors/` in this checkout.
pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}
