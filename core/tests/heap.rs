//! Peak heap of one cold verification of real documents (`../shared/vectors/nitro`).
//!
//! A counting `#[global_allocator]` wraps `System`. Counting is per thread (thread-local,
//! const-initialised `Cell`s, so the allocator itself never allocates), which keeps the
//! figures free of anything the test harness does on other threads. `realloc` is left to the
//! default `GlobalAlloc::realloc` (allocate new, copy, free old), so a growing buffer counts
//! old + new at its peak, as on a simple embedded allocator.
//!
//! This file holds exactly one test, so nothing else runs in this process while measuring.
//! Run with `cargo test -p lightcheck --test heap -- --nocapture` to see the figures;
//! `scripts/bench-compare` parses the `PEAK_HEAP_MAX` line.
#![cfg(feature = "nitro")]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use lightcheck::nitro::{self, Policy};

/// The budget: one cold verification must fit in 64 KiB of heap.
const PEAK_LIMIT: usize = 64 * 1024;

struct Counting;

thread_local! {
    /// Bytes currently allocated by this thread (may go negative when it frees memory
    /// allocated before the last reset).
    static CURRENT: Cell<isize> = const { Cell::new(0) };
    /// Highest `CURRENT` since the last reset.
    static PEAK: Cell<isize> = const { Cell::new(0) };
    /// Allocations since the last reset.
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn record(delta: isize) {
    // `try_with`: never panic inside the allocator, even during thread teardown.
    let _ = CURRENT.try_with(|c| {
        let now = c.get() + delta;
        c.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
    if delta > 0 {
        let _ = COUNT.try_with(|n| n.set(n.get() + 1));
    }
}

// SAFETY: every call is forwarded unchanged to `System`; the bookkeeping only touches
// thread-local `Cell`s, which neither allocate nor unwind.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            record(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            record(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        record(-(layout.size() as isize));
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak bytes above the level at the call, and number of allocations, of running `f` once on
/// this thread.
fn measure<T>(f: impl FnOnce() -> T) -> (usize, usize, T) {
    CURRENT.with(|c| c.set(0));
    PEAK.with(|p| p.set(0));
    COUNT.with(|n| n.set(0));
    let out = f();
    let peak = PEAK.with(Cell::get);
    let count = COUNT.with(Cell::get);
    (peak.max(0) as usize, count, out)
}

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
        let at = entry["verify_at_ms"].as_u64().expect("verify_at_ms");
        let bytes = std::fs::read(dir.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (peak, allocations, result) = measure(|| nitro::verify(&bytes, &policy, at));
        // The attestation is dropped after the measurement: it is part of the peak.
        result.unwrap_or_else(|e| panic!("{name}: {e}"));
        rows.push((name, bytes.len(), peak, allocations));
    }
    assert!(!rows.is_empty(), "no valid documents in the manifest");

    rows.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)));
    println!("peak heap of one cold nitro::verify (bytes above the level at the call):");
    println!("{:<22} {:>9} {:>10} {:>7}", "document", "doc bytes", "peak heap", "allocs");
    for (name, len, peak, allocations) in &rows {
        println!("PEAK_HEAP {name:<22} {len:>9} {peak:>10} {allocations:>7}");
    }
    let (name, len, peak, _) = &rows[0];
    println!("PEAK_HEAP_MAX bytes={peak} doc={name} doc_bytes={len} documents={} limit={PEAK_LIMIT}", rows.len());
    assert!(*peak <= PEAK_LIMIT, "{name}: peak heap {peak} B exceeds {PEAK_LIMIT} B");
}
