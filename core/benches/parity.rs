//! WASM parity, native side: exactly the operations `wasm/bench/bench.mjs` times through the npm
//! package's WebAssembly in Node, on exactly its inputs, so that `scripts/bench-compare wasm` can
//! print WASM / native per operation from one run.
//!
//! Build it with the features the npm package's WebAssembly has and **without `std`**
//! (`cargo bench -p lightcheck --features nitro,cometbft,zk --bench parity`): the code is then the
//! same on both sides (no `std` means no ed25519 batch verification, as in the WebAssembly).
//!
//! Benchmarks (criterion group `parity`), each a whole call from bytes, as the JS API does it:
//! - `nitro_verify_cold/base-1.cbor`: `nitro::verify` of `../shared/vectors/nitro/base-1.cbor` at its
//!   manifest `verify_at_ms`, `allow_debug`, no cache (the JS `verifyNitro(doc, at,
//!   { allowDebug: true })`; the same call as `nitro/verify_cold` of `benches/nitro.rs`);
//! - `cometbft_step/val100-adjacent`: `light_block_from_json` of both blocks of
//!   `test-vectors/cometbft/manifest.json`'s `val100-adjacent` (100 validators, height 1 → 2) and
//!   `cometbft::verify` with the case's options and `now`, `CountingMode::StopAtThreshold` (the JS
//!   `verifyLightBlock(trustedText, untrustedText, now, options)`);
//! - `tendermint_step/val100-adjacent` (information: the peer's native figure for its WASM ratio):
//!   tendermint-rs 0.41 on the same JSON, `serde_json::from_slice::<LightBlock>` of both blocks and
//!   `ProdVerifier::verify_update_header` (what `wasm/bench/peer-tendermint` exports);
//! - `zk_verify/<vector>`: `Vka::from_bytes` + `ProofWithInstances::from_ezkl_json` +
//!   `SrsPoints::from_bytes` + `zk::verify` (the JS `verifyZk(vka, proofJson, { srs })`), on the
//!   first valid case of `test-vectors/zk/manifest.json` that `benches/zk.rs` names
//!   (`linear-k6-public-public`, k = 1 reduced SRS) and on the shared set
//!   `ezkl-23.0.5-k8-public-io` (full `kzg.srs`; the proof `@ezkljs/engine` also accepts).
//!
//! Every input must verify before anything is timed (the bench panics otherwise). The Nitro
//! document and the shared zk set need `../shared/vectors`; without them those benches are skipped
//! loudly. Run: `scripts/bench-compare wasm`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode};
use lightcheck::cometbft::json::light_block_from_json;
use lightcheck::cometbft::{verify, CountingMode, Options, TrustThreshold};
use lightcheck::nitro::{self, Policy};
use lightcheck::time::Timestamp;
use lightcheck::zk::{self, ProofWithInstances, SrsPoints, Vka};
use serde_json::Value;
use tendermint_light_client_verifier::options::Options as TmOptions;
use tendermint_light_client_verifier::types::{LightBlock as TmLightBlock, Time, TrustThreshold as TmTrustThreshold};
use tendermint_light_client_verifier::{ProdVerifier, Verdict as TmVerdict, Verifier};

#[path = "../tests/common/mod.rs"]
mod common;

const NITRO_DOCUMENT: &str = "base-1.cbor";
const COMET_CASE: &str = "val100-adjacent";
const ZK_SHARED_SET: &str = "ezkl-23.0.5-k8-public-io";

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Nitro

fn nitro_input() -> Option<(Vec<u8>, Timestamp)> {
    let dir = common::shared_vectors()?.join("nitro");
    let manifest = common::json(&dir.join("manifest.json"));
    let entry = manifest
        .as_array()
        .expect("manifest array")
        .iter()
        .find(|e| e["file"] == NITRO_DOCUMENT)
        .unwrap_or_else(|| panic!("{NITRO_DOCUMENT} not in manifest.json"));
    Some((read(&dir.join(NITRO_DOCUMENT)), common::at_ms(entry["verify_at_ms"].as_u64().expect("verify_at_ms"))))
}

fn nitro_policy() -> Policy<'static> {
    Policy { allow_debug: true, ..Policy::default() }
}

// ---------------------------------------------------------------------------------------------
// CometBFT

struct Step {
    trusted: Vec<u8>,
    untrusted: Vec<u8>,
    options: Options,
    now: Timestamp,
    tm_options: TmOptions,
    tm_now: Time,
}

fn comet_input() -> Step {
    let dir = common::project_vectors().join("cometbft");
    let manifest = common::json(&dir.join("manifest.json"));
    let case = manifest["cases"]
        .as_array()
        .expect("manifest cases")
        .iter()
        .find(|c| c["name"] == COMET_CASE)
        .unwrap_or_else(|| panic!("{COMET_CASE} not in the cometbft manifest"));
    assert_eq!(case["expected"], "SUCCESS", "{COMET_CASE} must be a SUCCESS case");
    let field = |k: &str| case[k].as_str().unwrap_or_else(|| panic!("case field {k}"));
    let uint = |k: &str| case[k].as_u64().unwrap_or_else(|| panic!("case field {k}"));
    let trust: Vec<u64> =
        case["trust_level"].as_array().expect("trust_level").iter().map(|v| v.as_u64().unwrap()).collect();
    let (period, drift) =
        (Duration::from_secs(uint("trusting_period_secs")), Duration::from_secs(uint("clock_drift_secs")));
    Step {
        trusted: read(&dir.join(field("trusted"))),
        untrusted: read(&dir.join(field("untrusted"))),
        options: Options {
            trust_threshold: TrustThreshold::new(trust[0], trust[1]).expect("trust level"),
            trusting_period: period,
            clock_drift: drift,
            counting: CountingMode::StopAtThreshold,
        },
        now: Timestamp::parse(field("now")).expect("now"),
        tm_options: TmOptions {
            trust_threshold: TmTrustThreshold::new(trust[0], trust[1]).expect("trust level"),
            trusting_period: period,
            clock_drift: drift,
        },
        tm_now: Time::parse_from_rfc3339(field("now")).expect("now"),
    }
}

fn lc_step(s: &Step) {
    let trusted = light_block_from_json(&s.trusted).expect("trusted block decodes");
    let untrusted = light_block_from_json(&s.untrusted).expect("untrusted block decodes");
    verify(&untrusted, &trusted, &s.options, s.now).expect("lightcheck verifies");
}

fn tm_step(s: &Step) {
    let trusted: TmLightBlock = serde_json::from_slice(&s.trusted).expect("tendermint-rs decodes");
    let untrusted: TmLightBlock = serde_json::from_slice(&s.untrusted).expect("tendermint-rs decodes");
    let verdict = ProdVerifier::default().verify_update_header(
        untrusted.as_untrusted_state(),
        trusted.as_trusted_state(),
        &s.tm_options,
        s.tm_now,
    );
    assert_eq!(verdict, TmVerdict::Success);
}

// ---------------------------------------------------------------------------------------------
// zk

struct ZkVector {
    name: String,
    vka: Vec<u8>,
    proof_json: Vec<u8>,
    srs: Vec<u8>,
}

fn zk_inputs() -> Vec<ZkVector> {
    let dir = common::project_vectors().join("zk");
    let manifest = common::json(&dir.join("manifest.json"));
    let case: &Value = manifest["cases"]
        .as_array()
        .expect("manifest cases")
        .iter()
        .find(|c| c["expected"] == "valid" && c["mutation"].is_null() && c["name"] == c["dir"])
        .expect("a valid zk case");
    let field = |k: &str| dir.join(case[k].as_str().unwrap_or_else(|| panic!("case field {k}")));
    let mut out = vec![ZkVector {
        name: case["name"].as_str().expect("name").to_string(),
        vka: read(&field("vka")),
        proof_json: read(&field("proof")),
        srs: read(&field("srs")),
    }];
    match common::shared_vectors().map(|s| s.join("halo2").join(ZK_SHARED_SET)) {
        Some(d) if d.is_dir() => out.push(ZkVector {
            name: ZK_SHARED_SET.to_string(),
            vka: read(&d.join("vka.bytes")),
            proof_json: read(&d.join("proof.json")),
            srs: read(&d.join("kzg.srs")),
        }),
        _ => eprintln!("!!!!!!!! benches/parity.rs: shared {ZK_SHARED_SET} missing, NOT BENCHMARKED !!!!!!!!"),
    }
    out
}

fn zk_full(v: &ZkVector) {
    let vka = Vka::from_bytes(&v.vka).expect("VKA decodes");
    let proof = ProofWithInstances::from_ezkl_json(&v.proof_json).expect("proof.json decodes");
    let srs = SrsPoints::from_bytes(&v.srs).expect("SRS decodes");
    zk::verify(&vka, &proof.proof, &proof.instances, &srs, None).expect("verifies");
}

// ---------------------------------------------------------------------------------------------

fn main() {
    let nitro_in = nitro_input();
    if nitro_in.is_none() {
        eprintln!("!!!!!!!! benches/parity.rs: no shared vectors, Nitro NOT BENCHMARKED !!!!!!!!");
    }
    let step = comet_input();
    let zk_in = zk_inputs();

    // Everything must verify before it is timed.
    if let Some((doc, at)) = &nitro_in {
        nitro::verify(doc, &nitro_policy(), *at).unwrap_or_else(|e| panic!("{NITRO_DOCUMENT} does not verify: {e}"));
    }
    lc_step(&step);
    tm_step(&step);
    for v in &zk_in {
        zk_full(v);
    }
    println!("PARITY_STD std={}", cfg!(feature = "std"));

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("parity");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    if let Some((doc, at)) = &nitro_in {
        let policy = nitro_policy();
        group.bench_with_input(BenchmarkId::new("nitro_verify_cold", NITRO_DOCUMENT), doc, |b, doc| {
            b.iter(|| nitro::verify(black_box(doc), &policy, *at).expect("verifies"))
        });
    }
    group.bench_with_input(BenchmarkId::new("cometbft_step", COMET_CASE), &step, |b, s| {
        b.iter(|| lc_step(black_box(s)))
    });
    group.bench_with_input(BenchmarkId::new("tendermint_step", COMET_CASE), &step, |b, s| {
        b.iter(|| tm_step(black_box(s)))
    });
    for v in &zk_in {
        group.bench_with_input(BenchmarkId::new("zk_verify", &v.name), v, |b, v| b.iter(|| zk_full(black_box(v))));
    }
    group.finish();
    c.final_summary();
}
