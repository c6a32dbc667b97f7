//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use base64::Engine;

/// `../shared/vectors` beside the checkout (or `$LIGHTCHECK_SHARED_VECTORS`). Tests that need
/// it print a loud notice and pass vacuously when it is absent, so a checkout without the
/// shared folder still builds and runs the project's own vectors.
pub fn shared_vectors() -> Option<PathBuf> {
    let dir = std::env::var_os("LIGHTCHECK_SHARED_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "\n!!!!!!!! SHARED VECTORS NOT FOUND at {} — tests on real documents SKIPPED !!!!!!!!\n",
            dir.display()
        );
        None
    }
}

/// The project's own vectors (`test-vectors/`).
pub fn project_vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../test-vectors")
}

pub fn json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// DER of the first certificate in a PEM file.
pub fn pem_to_der(pem: &str) -> Vec<u8> {
    let body: String = pem
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN"))
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    base64::engine::general_purpose::STANDARD.decode(body).expect("PEM base64")
}

pub fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).expect("hex")
}

/// Peak heap above the level at the call of running `f`, with a `peak_alloc::PeakAlloc` that the
/// calling binary registers as its `#[global_allocator]`. The counters are process-wide: measure
/// from a binary that runs nothing else meanwhile (one test per file, or a bench's setup).
pub fn peak_heap_of<T>(alloc: &peak_alloc::PeakAlloc, f: impl FnOnce() -> T) -> (usize, T) {
    let base = alloc.current_usage();
    alloc.reset_peak_usage();
    let out = f();
    (alloc.peak_usage().saturating_sub(base), out)
}

/// The instant `ms` Unix milliseconds (the verifiers take `now` as a `Timestamp`).
pub fn at_ms(ms: u64) -> lightcheck::time::Timestamp {
    lightcheck::time::Timestamp::from_unix_millis(ms).unwrap_or_else(|| panic!("{ms} ms is out of range"))
}
