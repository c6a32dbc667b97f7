//! Peak heap of one cold verification of real documents (`../shared/vectors/nitro`).
//!
//! `peak_alloc` is the global allocator (so no `unsafe` lives outside `ffi/`); it counts
//! process-wide, and a `realloc` counts the new size only.
//!
//! This file holds exactly one test, so nothing else runs in this process while measuring.
//! Run with `cargo test -p lightcheck --test heap -- --nocapture` to see the figures;
//! `scripts/bench-compare` parses the `PEAK_HEAP_MAX` line.
#![cfg(feature = "nitro")]

mod common;

use lightcheck::nitro::{self, Policy};

/// The budget: one cold verification must fit in 64 KiB of heap.
const PEAK_LIMIT: usize = 64 * 1024;

#[global_allocator]
static ALLOCATOR: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

#[test]
fn peak_heap_of_one_cold_verification_fits_in_64_kib() {
    let Some(dir) = common::shared_vectors() else { return };
    let dir = dir.join("nitro");
    let manifest = common::json(&dir.join("manifest.json"));
    let policy = Policy { allow_debug: true, ..Policy::default() };

    let mut rows = Vec::new();
    for entry in manifest.as_array().expect("manifest array") {
        if entry["expected"] != "valid" {
            continue;
        }
        let name = entry["file"].as_str().expect("file").to_string();
        let at = common::at_ms(entry["verify_at_ms"].as_u64().expect("verify_at_ms"));
        let bytes = std::fs::read(dir.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (peak, result) = common::peak_heap_of(&ALLOCATOR, || nitro::verify(&bytes, &policy, at));
        // The attestation is dropped after the measurement: it is part of the peak.
        result.unwrap_or_else(|e| panic!("{name}: {e}"));
        rows.push((name, bytes.len(), peak));
    }
    assert!(!rows.is_empty(), "no valid documents in the manifest");

    rows.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)));
    println!("peak heap of one cold nitro::verify (bytes above the level at the call):");
    println!("{:<22} {:>9} {:>10}", "document", "doc bytes", "peak heap");
    for (name, len, peak) in &rows {
        println!("PEAK_HEAP {name:<22} {len:>9} {peak:>10}");
    }
    let (name, len, peak) = &rows[0];
    println!("PEAK_HEAP_MAX bytes={peak} doc={name} doc_bytes={len} documents={} limit={PEAK_LIMIT}", rows.len());
    assert!(*peak <= PEAK_LIMIT, "{name}: peak heap {peak} B exceeds {PEAK_LIMIT} B");
}
