//! OpenGradient: TEE response signatures (RSA-PSS over keccak hashes of the canonical request and
//! the output) and settlement bundles, with `lightcheck::opengradient`.
//!
//! Vectors:
//! - responses from `test-vectors/opengradient/responses.json` (written by `scripts/og-vectors.py`
//!   with the OpenGradient SDK 1.1.4, key `keys.test`, RSA-2048): the case `ascii-doc-vector`
//!   (the documented first request, "Hi" → "Hello! 😀") and the largest valid ordinary case:
//!   the SDK says valid, `request` given as an object (not `request_json`), no `content` override,
//!   no `expected_tee_id`, key `test`, name not `equiv-`/`lenient-`/`raw-`, largest
//!   `json.dumps(request, sort_keys=True)` (today `roles-conversation`, 2.7 KB);
//! - bundles `test-vectors/settlement/settled-individual.json` and `settled-batch-proof.json` with
//!   `trusted.json`, at the case's `now` from `manifest.json`, `BundlePolicy::default()`.
//!
//! Benchmarks (criterion group `og`):
//! - `og/verify_response/<case>`: `opengradient::verify_response` on the parsed request and
//!   response, the `SigningKey` decoded beforehand;
//! - `og/verify_response_with_key_decode/<case>`: `SigningKey::from_pem_or_der` of the SPKI PEM,
//!   `pyjson::parse` of the request and response text (`pyjson::dumps` of the stored bodies), then
//!   `verify_response`: everything from text;
//! - `og/verify_bundle/<file>`: `opengradient::verify_bundle(bytes, &trusted, &policy, now)` from
//!   the bundle's bytes (bundle decoding, RSA-PSS, Nitro attestation, enclave binding, light-client
//!   headers H and H+1, inclusion proofs, settlement match); the trusted state is decoded
//!   beforehand.
//!
//! Every response must verify and every bundle must come out `settled` before anything is timed;
//! otherwise the binary panics. Before timing it also prints the **peak heap** of one call
//! (`peak_alloc` as the global allocator, as `benches/cometbft.rs`; bytes above the level at the
//! call, after one warm-up call): lines `OG_PEAK_HEAP <name> <bytes>`, which
//! `scripts/bench-compare og` reads.
//!
//! Run: `cargo bench -p lightcheck --features opengradient,std --bench og` (or
//! `scripts/bench-compare og`).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode};
use lightcheck::opengradient::pyjson::{self, Value};
use lightcheck::opengradient::{
    verify_bundle, verify_response, BundlePolicy, Error, Report, ResponseOptions, SigningKey, Summary, TrustedState,
    VerifiedResponse,
};
use lightcheck::time::Timestamp;

#[path = "../tests/common/mod.rs"]
mod common;

// ---------------------------------------------------------------------------------------------
// Peak heap: `peak_alloc` as the global allocator (process-wide counters; measured during
// setup, before criterion starts).

#[global_allocator]
static ALLOCATOR: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

fn peak_heap<R>(f: impl FnOnce() -> R) -> (usize, R) {
    common::peak_heap_of(&ALLOCATOR, f)
}

// ---------------------------------------------------------------------------------------------
// Inputs

/// The documented response case.
const DOC_CASE: &str = "ascii-doc-vector";
/// The settled bundles benchmarked.
const BUNDLES: [&str; 2] = ["settled-individual.json", "settled-batch-proof.json"];

/// One response case, parsed and as text.
struct ResponseCase {
    name: String,
    request: Value,
    response: Value,
    /// `pyjson::dumps` of `request` / `response` (what a client would parse).
    request_text: String,
    response_text: String,
    /// The registry key, SPKI PEM.
    key_pem: String,
    key: SigningKey,
}

/// One settled bundle.
struct BundleCase {
    file: String,
    bytes: Vec<u8>,
    now: Timestamp,
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn str_field<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or_else(|| panic!("field {k}"))
}

/// A valid, ordinary case: a candidate for the "largest request" benchmark.
fn is_ordinary_valid(case: &Value) -> bool {
    let name = str_field(case, "name");
    matches!(case.get("sdk").and_then(|s| s.get("valid")), Some(Value::Bool(true)))
        && matches!(case.get("request"), Some(Value::Object(_)))
        && matches!(case.get("request_json"), None | Some(Value::Null))
        && matches!(case.get("content"), None | Some(Value::Null))
        && matches!(case.get("expected_tee_id"), None | Some(Value::Null))
        && case.get("key").and_then(Value::as_str) == Some("test")
        && !["equiv-", "lenient-", "raw-"].iter().any(|p| name.starts_with(p))
}

fn load_responses() -> Vec<ResponseCase> {
    let path = common::project_vectors().join("opengradient/responses.json");
    let doc = pyjson::parse(&read(&path)).expect("responses.json parses");
    let key_pem = doc.get("keys").map(|k| str_field(k, "test")).expect("keys.test").to_string();
    let cases = doc.get("cases").and_then(Value::as_array).expect("cases");
    let by_name = |name: &str| cases.iter().find(|c| str_field(c, "name") == name);
    let doc_case = by_name(DOC_CASE).unwrap_or_else(|| panic!("case {DOC_CASE} missing"));
    let largest = cases
        .iter()
        .filter(|c| is_ordinary_valid(c))
        .max_by_key(|c| pyjson::dumps(c.get("request").expect("request")).len())
        .expect("a valid case");
    let mut picked = vec![doc_case];
    if str_field(largest, "name") != DOC_CASE {
        picked.push(largest);
    }
    picked
        .into_iter()
        .map(|c| {
            let request = c.get("request").expect("request").clone();
            let response = c.get("response").expect("response").clone();
            ResponseCase {
                name: str_field(c, "name").to_string(),
                request_text: pyjson::dumps(&request),
                response_text: pyjson::dumps(&response),
                request,
                response,
                key: SigningKey::from_pem_or_der(key_pem.as_bytes()).expect("keys.test decodes"),
                key_pem: key_pem.clone(),
            }
        })
        .collect()
}

fn settlement_dir() -> PathBuf {
    common::project_vectors().join("settlement")
}

fn load_bundles() -> (TrustedState, Vec<BundleCase>) {
    let dir = settlement_dir();
    let trusted = TrustedState::from_json(&read(&dir.join("trusted.json"))).expect("trusted.json");
    let manifest = pyjson::parse(&read(&dir.join("manifest.json"))).expect("manifest.json parses");
    let cases = manifest.get("cases").and_then(Value::as_array).expect("manifest cases");
    let bundles = BUNDLES
        .iter()
        .map(|file| {
            let case = cases
                .iter()
                .find(|c| c.get("file").and_then(Value::as_str) == Some(file))
                .unwrap_or_else(|| panic!("{file}: not in manifest.json"));
            let secs: i64 = case.get("now").and_then(Value::as_int).expect("now").parse().expect("now: i64");
            BundleCase {
                file: file.to_string(),
                bytes: read(&dir.join(file)),
                now: Timestamp::from_unix_secs(secs).expect("now"),
            }
        })
        .collect();
    (trusted, bundles)
}

// ---------------------------------------------------------------------------------------------
// The timed calls

fn verify_parsed(c: &ResponseCase) -> Result<VerifiedResponse, Error> {
    verify_response(&c.request, &c.response, &c.key, &ResponseOptions::default())
}

/// From text: key PEM decoding, request and response parsing, then verification.
fn verify_from_text(c: &ResponseCase) -> Result<VerifiedResponse, Error> {
    let key = SigningKey::from_pem_or_der(c.key_pem.as_bytes())?;
    let request = pyjson::parse(c.request_text.as_bytes())?;
    let response = pyjson::parse(c.response_text.as_bytes())?;
    verify_response(&request, &response, &key, &ResponseOptions::default())
}

fn verify_settled(b: &BundleCase, trusted: &TrustedState) -> Report {
    let report = verify_bundle(&b.bytes, trusted, &BundlePolicy::default(), b.now)
        .unwrap_or_else(|e| panic!("{}: unreadable: {e}", b.file));
    assert!(matches!(report.summary, Summary::Settled { .. }), "{}: not settled:\n{report}", b.file);
    report
}

fn bench(c: &mut Criterion, responses: &[ResponseCase], trusted: &TrustedState, bundles: &[BundleCase]) {
    let mut group = c.benchmark_group("og");
    // Responses take tens of microseconds: criterion's defaults, shorter windows.
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for r in responses {
        group.bench_with_input(BenchmarkId::new("verify_response", &r.name), r, |b, r| {
            b.iter(|| verify_parsed(black_box(r)).expect("verifies"))
        });
        group.bench_with_input(BenchmarkId::new("verify_response_with_key_decode", &r.name), r, |b, r| {
            b.iter(|| verify_from_text(black_box(r)).expect("verifies"))
        });
    }
    // A bundle takes milliseconds (five P-384 signatures in the attestation): flat sampling.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(4));
    for bundle in bundles {
        group.bench_with_input(BenchmarkId::new("verify_bundle", &bundle.file), bundle, |b, bundle| {
            b.iter(|| {
                verify_bundle(black_box(&bundle.bytes), trusted, &BundlePolicy::default(), bundle.now).expect("reads")
            })
        });
    }
    group.finish();
}

fn main() {
    let responses = load_responses();
    for r in &responses {
        let v = verify_parsed(r).unwrap_or_else(|e| panic!("{}: does not verify: {e}", r.name));
        assert_eq!(verify_from_text(r).as_ref().ok(), Some(&v), "{}: from text", r.name);
        println!(
            "OG_BENCH_RESPONSE name={} request_bytes={} response_bytes={} key_bits={}",
            r.name,
            r.request_text.len(),
            r.response_text.len(),
            r.key.bits()
        );
        verify_parsed(r).expect("verifies"); // warm: nothing lazily allocated on the first call counts
        let (bytes, v) = peak_heap(|| verify_parsed(r));
        drop(v);
        println!("OG_PEAK_HEAP verify_response/{} {bytes}", r.name);
        let (bytes, v) = peak_heap(|| verify_from_text(r));
        drop(v);
        println!("OG_PEAK_HEAP verify_response_with_key_decode/{} {bytes}", r.name);
    }
    let (trusted, bundles) = load_bundles();
    for b in &bundles {
        let report = verify_settled(b, &trusted);
        if let Summary::Settled { height, mode, .. } = &report.summary {
            println!(
                "OG_BENCH_BUNDLE file={} bytes={} now={} height={height} mode={mode:?}",
                b.file,
                b.bytes.len(),
                b.now.unix_secs()
            );
        }
        drop(report);
        let (bytes, report) = peak_heap(|| verify_settled(b, &trusted));
        drop(report);
        println!("OG_PEAK_HEAP verify_bundle/{} {bytes}", b.file);
    }
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &responses, &trusted, &bundles);
    c.final_summary();
}
