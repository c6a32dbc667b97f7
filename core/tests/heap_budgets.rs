//! Peak-heap budgets of the large inputs (issue "embedded budgets"): a CometBFT light-client step
//! on decoded blocks, decoding a light block's JSON, a settlement bundle, a zk proof from its
//! bytes. A regression past a budget fails here.
//!
//! `peak_alloc` is the global allocator, as in `heap.rs`: its counters are process-wide, so this
//! file holds exactly one test. Peak is the heap above the level at the call, the returned value
//! included; a `realloc` counts old and new buffers (it allocates, copies, then frees).
//! `cargo test -p lightcheck --all-features --test heap_budgets -- --nocapture` prints the table.
#![cfg(all(feature = "cometbft", feature = "zk", feature = "opengradient"))]

mod common;

use std::path::Path;

use lightcheck::cometbft::json::light_block_from_json;
use lightcheck::cometbft::{verify, CountingMode, LightBlock, Options, TrustThreshold};
use lightcheck::opengradient::pyjson::{self, Value};
use lightcheck::opengradient::{verify_bundle, BundlePolicy, Summary, TrustedState};
use lightcheck::time::Timestamp;
use lightcheck::zk::{self, ProofWithInstances, SrsPoints, Vka};

#[global_allocator]
static ALLOCATOR: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

const KIB: usize = 1024;

#[derive(Default)]
struct Budgets {
    rows: Vec<String>,
    failures: Vec<String>,
}

impl Budgets {
    fn check(&mut self, what: String, peak: usize, budget: usize) {
        let row = format!("| {what} | {peak} | {budget} |");
        println!("{row}");
        if peak > budget {
            self.failures.push(format!("{what}: peak heap {peak} B exceeds its budget of {budget} B"));
        }
        self.rows.push(row);
    }
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// CometBFT: the step (decoded blocks, both counting modes) and the JSON decoding.
fn cometbft(b: &mut Budgets) {
    let dir = common::project_vectors().join("cometbft");
    let manifest = common::json(&dir.join("manifest.json"));
    let cases = manifest["cases"].as_array().expect("cases");
    let (mut steps, mut decoded) = (0, std::collections::BTreeSet::new());
    for name in ["val100-adjacent", "val100-skipping", "val150-adjacent", "val150-skipping"] {
        let case = cases.iter().find(|c| c["name"] == name).unwrap_or_else(|| panic!("{name}: not in manifest"));
        let budget = if name.starts_with("val100") { 64 * KIB } else { 96 * KIB };
        let json = |k: &str| read(&dir.join(case[k].as_str().expect("file")));
        let (trusted_json, untrusted_json) = (json("trusted"), json("untrusted"));
        for (file, bytes) in [(&case["trusted"], &trusted_json), (&case["untrusted"], &untrusted_json)] {
            if !decoded.insert(file.to_string()) {
                continue;
            }
            // The bound is 4 x the input; one pass into converted types needs about half.
            let (peak, block) = common::peak_heap_of(&ALLOCATOR, || light_block_from_json(bytes));
            block.expect("decodes");
            b.check(format!("cometbft JSON decode {file} ({} B; 1 x input)", bytes.len()), peak, bytes.len());
        }
        let trusted: LightBlock = light_block_from_json(&trusted_json).expect("trusted");
        let untrusted: LightBlock = light_block_from_json(&untrusted_json).expect("untrusted");
        let now = Timestamp::parse(case["now"].as_str().expect("now")).expect("now");
        for counting in [CountingMode::StopAtThreshold, CountingMode::VerifyAll] {
            let options = Options {
                trust_threshold: TrustThreshold::ONE_THIRD,
                counting,
                ..Options::new(std::time::Duration::from_secs(case["trusting_period_secs"].as_u64().expect("period")))
            };
            verify(&untrusted, &trusted, &options, now).expect("warm-up step verifies");
            let (peak, verdict) = common::peak_heap_of(&ALLOCATOR, || verify(&untrusted, &trusted, &options, now));
            verdict.expect("verifies");
            b.check(format!("cometbft step {name} {counting:?}"), peak, budget);
            steps += 1;
        }
    }
    assert_eq!(steps, 8);
}

/// OpenGradient: every settled bundle of the project's vectors.
fn settlement(b: &mut Budgets) {
    let dir = common::project_vectors().join("settlement");
    let trusted = TrustedState::from_json(&read(&dir.join("trusted.json"))).expect("trusted.json");
    let manifest = pyjson::parse(&read(&dir.join("manifest.json"))).expect("manifest.json");
    let mut settled = 0;
    for case in manifest.get("cases").and_then(Value::as_array).expect("cases") {
        let file = case.get("file").and_then(Value::as_str).expect("file");
        if !file.starts_with("settled-") {
            continue;
        }
        let now: i64 = case.get("now").and_then(Value::as_int).expect("now").parse().expect("now");
        let now = Timestamp::from_unix_secs(now).expect("now");
        let bytes = read(&dir.join(file));
        let policy = BundlePolicy::default();
        let (peak, report) = common::peak_heap_of(&ALLOCATOR, || verify_bundle(&bytes, &trusted, &policy, now));
        let report = report.expect("decodes");
        assert!(matches!(report.summary, Summary::Settled { .. }), "{file}: {:?}", report.summary);
        b.check(format!("settlement verify_bundle {file} ({} B)", bytes.len()), peak, 64 * KIB);
        settled += 1;
    }
    assert!(settled >= 4, "{settled} settled bundles");
}

/// zk: verification from the files' bytes (VKA, proof.json, SRS), as `ezkl verify` does.
fn zk_proofs(b: &mut Budgets) {
    let dir = common::project_vectors().join("zk");
    let manifest = common::json(&dir.join("manifest.json"));
    let mut sets: Vec<(String, [std::path::PathBuf; 3], usize)> = manifest["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter(|c| c["expected"] == "valid" && c["mutation"].is_null() && c["name"] == c["dir"])
        .map(|c| {
            let f = |k: &str| dir.join(c[k].as_str().expect("file"));
            (c["name"].as_str().expect("name").to_string(), [f("vka"), f("proof"), f("srs")], 64 * KIB)
        })
        .collect();
    if let Some(shared) = common::shared_vectors() {
        for set in ["ezkl-23.0.5-k6-zero-output", "ezkl-23.0.5-k8-public-io"] {
            let d = shared.join("halo2").join(set);
            sets.push((set.into(), [d.join("vka.bytes"), d.join("proof.json"), d.join("kzg.srs")], 128 * KIB));
        }
    }
    assert!(sets.len() >= 7, "{} zk sets", sets.len());
    for (name, [vka, proof, srs], budget) in sets {
        let (vka, proof, srs) = (read(&vka), read(&proof), read(&srs));
        let run = || -> Result<_, lightcheck::zk::Error> {
            let p = ProofWithInstances::from_ezkl_json(&proof)?;
            zk::verify(&Vka::from_bytes(&vka)?, &p.proof, &p.instances, &SrsPoints::from_bytes(&srs)?, None)
        };
        run().expect("warm-up verifies");
        let (peak, verified) = common::peak_heap_of(&ALLOCATOR, run);
        verified.expect("verifies");
        b.check(format!("zk verify from bytes {name} (proof.json {} B)", proof.len()), peak, budget);
    }
}

#[test]
fn large_inputs_stay_within_their_heap_budgets() {
    let mut b = Budgets::default();
    println!("| what | peak heap (B) | budget (B) |\n|---|---:|---:|");
    cometbft(&mut b);
    settlement(&mut b);
    zk_proofs(&mut b);
    assert!(b.failures.is_empty(), "{} over budget:\n{}", b.failures.len(), b.failures.join("\n"));
    assert!(b.rows.len() >= 25, "{} budgets checked", b.rows.len());
}
