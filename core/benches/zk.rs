//! zkML: verification of EZKL 23.0.5 proofs (halo2 PLONK, KZG on BN254, SHPLONK, EVM keccak
//! transcript) with `lightcheck::zk`.
//!
//! Vectors: one valid case per model of `test-vectors/zk/manifest.json` (the case whose name is its
//! model directory: ezkl's own `proof.json` with the k = 1 reduced SRS; mutated, extended and
//! alternate-SRS cases are skipped), and the two shared sets
//! `../shared/vectors/halo2/ezkl-23.0.5-k{6,8}-*` (full SRS `kzg.srs`).
//!
//! Benchmarks (criterion group `zk`), per vector `<name>`:
//! - `zk/verify/<name>`: everything from already-loaded bytes, as `ezkl.verify` does from its
//!   files: `Vka::from_bytes`, `ProofWithInstances::from_ezkl_json`, `SrsPoints::from_bytes`, then
//!   `zk::verify`;
//! - `zk/verify_parsed/<name>`: `zk::verify` alone, on inputs decoded beforehand.
//!
//! Every vector must verify before it is timed; one that does not is reported loudly and skipped.
//! Before timing, the binary prints the **peak heap** of one call of each (`peak_alloc` as the
//! global allocator, as `benches/cometbft.rs`; bytes above the level at the call, after one
//! warm-up call): lines `ZK_PEAK_HEAP name=… mode=verify|verify_parsed bytes=…`, which
//! `scripts/bench-compare zk` reads.
//! Run: `cargo bench -p lightcheck --features zk --bench zk` (or `scripts/bench-compare zk`).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode};
use lightcheck::zk::{self, Error, ProofWithInstances, SrsPoints, Verified, Vka};

#[path = "../tests/common/mod.rs"]
mod common;

#[global_allocator]
static ALLOCATOR: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

/// The shared-vector sets benchmarked (full SRS).
const SHARED_SETS: [&str; 2] = ["ezkl-23.0.5-k6-zero-output", "ezkl-23.0.5-k8-public-io"];

/// One vector: the raw bytes, as read from disk.
struct Vector {
    name: String,
    vka: Vec<u8>,
    proof_json: Vec<u8>,
    srs: Vec<u8>,
}

/// The same vector decoded.
struct Parsed {
    vka: Vka,
    proof: ProofWithInstances,
    srs: SrsPoints,
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn vector(name: &str, vka: &Path, proof: &Path, srs: &Path) -> Vector {
    Vector { name: name.to_string(), vka: read(vka), proof_json: read(proof), srs: read(srs) }
}

fn load() -> Vec<Vector> {
    let dir = common::project_vectors().join("zk");
    let manifest = common::json(&dir.join("manifest.json"));
    let mut out: Vec<Vector> = manifest["cases"]
        .as_array()
        .expect("manifest cases")
        .iter()
        .filter(|c| c["expected"] == "valid" && c["mutation"].is_null() && c["name"] == c["dir"])
        .map(|c| {
            let field = |k: &str| dir.join(c[k].as_str().unwrap_or_else(|| panic!("case field {k}")));
            vector(c["name"].as_str().expect("name"), &field("vka"), &field("proof"), &field("srs"))
        })
        .collect();
    if let Some(shared) = common::shared_vectors() {
        for set in SHARED_SETS {
            let d = shared.join("halo2").join(set);
            if d.is_dir() {
                out.push(vector(set, &d.join("vka.bytes"), &d.join("proof.json"), &d.join("kzg.srs")));
            } else {
                eprintln!("!!!!!!!! benches/zk.rs: {} missing, NOT BENCHMARKED !!!!!!!!", d.display());
            }
        }
    }
    out
}

fn parse(v: &Vector) -> Result<Parsed, Error> {
    Ok(Parsed {
        vka: Vka::from_bytes(&v.vka)?,
        proof: ProofWithInstances::from_ezkl_json(&v.proof_json)?,
        srs: SrsPoints::from_bytes(&v.srs)?,
    })
}

fn verify_parsed(p: &Parsed) -> Result<Verified, Error> {
    zk::verify(&p.vka, &p.proof.proof, &p.proof.instances, &p.srs, None)
}

/// Full verification from bytes: decode the VKA, proof.json and SRS, then verify.
fn verify_full(v: &Vector) -> Result<Verified, Error> {
    verify_parsed(&parse(v)?)
}

fn bench(c: &mut Criterion, vectors: &[(Vector, Parsed)]) {
    let mut group = c.benchmark_group("zk");
    // One verification takes milliseconds: flat sampling, few samples.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for (v, p) in vectors {
        group.bench_with_input(BenchmarkId::new("verify", &v.name), v, |b, v| {
            b.iter(|| verify_full(black_box(v)).expect("verifies"))
        });
        group.bench_with_input(BenchmarkId::new("verify_parsed", &v.name), p, |b, p| {
            b.iter(|| verify_parsed(black_box(p)).expect("verifies"))
        });
    }
    group.finish();
}

fn main() {
    let mut vectors = Vec::new();
    for v in load() {
        let checked = parse(&v).and_then(|p| verify_parsed(&p).map(|_| p));
        match checked {
            Ok(p) => {
                println!(
                    "ZK_BENCH_VECTOR name={} vka_bytes={} proof_json_bytes={} srs_bytes={} proof_bytes={} instances={}",
                    v.name,
                    v.vka.len(),
                    v.proof_json.len(),
                    v.srs.len(),
                    p.proof.proof.len(),
                    p.proof.instances.len()
                );
                vectors.push((v, p));
            }
            Err(e) => eprintln!("!!!!!!!! benches/zk.rs: {} does not verify ({e}), NOT BENCHMARKED !!!!!!!!", v.name),
        }
    }
    if vectors.is_empty() {
        eprintln!("!!!!!!!! benches/zk.rs: no vector verifies, NOTHING BENCHMARKED !!!!!!!!");
        return;
    }
    for (v, p) in &vectors {
        let (bytes, r) = common::peak_heap_of(&ALLOCATOR, || verify_full(v));
        r.expect("verifies");
        println!("ZK_PEAK_HEAP name={} mode=verify bytes={bytes}", v.name);
        let (bytes, r) = common::peak_heap_of(&ALLOCATOR, || verify_parsed(p));
        r.expect("verifies");
        println!("ZK_PEAK_HEAP name={} mode=verify_parsed bytes={bytes}", v.name);
    }
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &vectors);
    c.final_summary();
}
