//! OpenGradient settlement bundles against the project's trusted state.
//!
//! - Raw bytes as a bundle (the JSON decoder, every link's decoders).
//! - The settlement vectors with JSON edits: a report is always produced or a typed error
//!   returned; a bundle edited anywhere in its evidence or signed fields that is still
//!   "settled" must settle the same response in the same block (else a link failed open).
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use lightcheck::opengradient::{verify_bundle, BundlePolicy, Report, Summary, TrustedState};
use lightcheck::time::Timestamp;
use lightcheck_fuzz::{apply_json, json, read, JsonEdit};

struct Seed {
    bundle: serde_json::Value,
    now: Timestamp,
    report: Report,
}

struct Fixture {
    trusted: TrustedState,
    seeds: Vec<Seed>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let trusted = TrustedState::from_json(&read("test-vectors/settlement/trusted.json")).expect("trusted state");
        let manifest = json("test-vectors/settlement/manifest.json");
        let mut seeds = Vec::new();
        for case in manifest["cases"].as_array().expect("cases") {
            let (Some(file), Some(now)) = (case["file"].as_str(), case["now"].as_i64()) else { continue };
            let bytes = read(&format!("test-vectors/settlement/{file}"));
            let Ok(bundle) = serde_json::from_slice(&bytes) else { continue };
            let now = Timestamp::from_unix_secs(now).expect("seed time");
            let Ok(report) = verify_bundle(&bytes, &trusted, &BundlePolicy::default(), now) else { continue };
            seeds.push(Seed { bundle, now, report });
        }
        assert!(seeds.len() > 10, "only {} settlement seeds", seeds.len());
        Fixture { trusted, seeds }
    })
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    raw: &'a [u8],
    seed: u8,
    edits: Vec<JsonEdit>,
}

fuzz_target!(|input: Input| {
    let fixture = fixture();
    let policy = BundlePolicy::default();
    let _ = verify_bundle(input.raw, &fixture.trusted, &policy, Timestamp::from_unix_secs(1_770_000_600).unwrap());

    let seed = &fixture.seeds[usize::from(input.seed) % fixture.seeds.len()];
    let mut bundle = seed.bundle.clone();
    apply_json(&mut bundle, &input.edits);
    let Ok(report) = verify_bundle(bundle.to_string().as_bytes(), &fixture.trusted, &policy, seed.now) else { return };
    // (A rejected seed may be edited back into a valid bundle; only settled seeds are compared.)
    if let (Summary::Settled { height, .. }, Summary::Settled { height: seed_height, .. }) =
        (&report.summary, &seed.report.summary)
    {
        assert_eq!(height, seed_height, "settled in another block");
        assert_eq!(report.response, seed.report.response, "settled another response");
        assert_eq!(report.settlement, seed.report.settlement, "another settlement");
    }
});
