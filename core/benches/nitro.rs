//! Nitro attestation verification on a real document (`../shared/vectors/nitro/base-1.cbor`).
//!
//! - `nitro/verify_cold`: `nitro::verify`, no cache: 4 certificate signatures + the COSE
//!   signature (5 P-384 verifications), plus decoding and parsing.
//! - `nitro/verify_warm_cache`: a `Verifier` whose cache already holds the document's CA
//!   prefix: the leaf certificate signature + the COSE signature (2 P-384 verifications).
//! - `nitro/parse_only`: envelope decode + payload parse + root fingerprint, then rejection by
//!   an untrusted root before any signature is checked (the fixed, non-crypto overhead).
//!
//! Run with `cargo bench -p lightcheck --bench nitro` (or `scripts/bench-compare`). When the
//! shared vectors are absent this prints a loud notice and benches nothing.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode};
use lightcheck::nitro::{self, Error, Policy, TrustAnchor, Verifier};
use lightcheck::time::Timestamp;

#[path = "../tests/common/mod.rs"]
mod common;

/// The benchmark document and its manifest verification time.
const DOCUMENT: &str = "base-1.cbor";

fn load() -> Option<(Vec<u8>, Timestamp)> {
    let dir = common::shared_vectors()?.join("nitro");
    let manifest = common::json(&dir.join("manifest.json"));
    let entry = manifest
        .as_array()
        .expect("manifest array")
        .iter()
        .find(|e| e["file"] == DOCUMENT)
        .unwrap_or_else(|| panic!("{DOCUMENT} not in manifest.json"));
    let at = common::at_ms(entry["verify_at_ms"].as_u64().expect("verify_at_ms"));
    let bytes = std::fs::read(dir.join(DOCUMENT)).unwrap_or_else(|e| panic!("{DOCUMENT}: {e}"));
    Some((bytes, at))
}

fn bench(c: &mut Criterion, doc: &[u8], at: Timestamp) {
    let policy = Policy { allow_debug: true, ..Policy::default() };
    nitro::verify(doc, &policy, at).unwrap_or_else(|e| panic!("{DOCUMENT} does not verify: {e}"));

    let mut group = c.benchmark_group("nitro");
    // A cold verification takes milliseconds: flat sampling, few samples, a bit more time.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(30);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(8));

    group.bench_function("verify_cold", |b| {
        b.iter(|| nitro::verify(black_box(doc), &policy, at).expect("verifies"));
    });

    let mut verifier = Verifier::<{ nitro::DEFAULT_CAPACITY }>::default();
    verifier.verify(doc, &policy, at).expect("verifies");
    assert!(!verifier.cache().is_empty(), "the first verification fills the cache");
    group.bench_function("verify_warm_cache", |b| {
        b.iter(|| verifier.verify(black_box(doc), &policy, at).expect("verifies"));
    });

    let untrusted = [TrustAnchor::from_fingerprint([0; 32])];
    let rejecting = Verifier::<0>::with_roots(&untrusted);
    let err = rejecting.verify_uncached(doc, &policy, at).expect_err("untrusted root");
    assert_eq!(err, Error::CertUntrustedRoot, "parse_only must stop at the root check");
    group.bench_function("parse_only", |b| {
        b.iter(|| rejecting.verify_uncached(black_box(doc), &policy, at).expect_err("untrusted root"));
    });

    group.finish();
}

fn main() {
    let Some((doc, at)) = load() else {
        eprintln!("!!!!!!!! benches/nitro.rs: no shared vectors, NOTHING BENCHMARKED !!!!!!!!");
        return;
    };
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &doc, at);
    c.final_summary();
}
