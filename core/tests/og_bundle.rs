//! Settlement bundles end to end: the generated conformance vectors (`test-vectors/settlement/`,
//! one per verdict and per broken link), and mutation sweeps over a settled bundle.
#![cfg(feature = "opengradient")]

use lightcheck::opengradient::binding::PcrPin;
use lightcheck::opengradient::pyjson::{self, Value};
use lightcheck::opengradient::{verify_bundle, BundlePolicy, LinkStatus, Report, Summary, TrustedState};
use lightcheck::time::Timestamp;

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-vectors/settlement")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn trusted() -> TrustedState {
    TrustedState::from_json(&read("trusted.json")).expect("trusted state")
}

fn policy_for(case: &Value) -> BundlePolicy<'static> {
    let mut policy = BundlePolicy::default();
    if let Some(h) = case.get("policy").and_then(|p| p.get("pcr_hash")).and_then(Value::as_str) {
        let mut out = [0u8; 32];
        hex::decode_to_slice(h, &mut out).unwrap();
        policy.enclave.pcrs = PcrPin::PcrHash(out);
    }
    policy
}

fn now_of(case: &Value) -> Timestamp {
    let secs: i64 = case.get("now").and_then(Value::as_int).unwrap().parse().unwrap();
    Timestamp::from_unix_secs(secs).unwrap()
}

#[test]
fn every_generated_bundle_gets_its_verdict_link_by_link() {
    let manifest = pyjson::parse(&read("manifest.json")).unwrap();
    let trusted = trusted();
    let cases = manifest.get("cases").and_then(Value::as_array).unwrap();
    assert!(cases.len() >= 20);
    let mut summaries = std::collections::BTreeMap::new();
    for case in cases {
        let file = case.get("file").and_then(Value::as_str).unwrap();
        let expected = case.get("summary").and_then(Value::as_str).unwrap();
        let code = case.get("error_code").and_then(Value::as_str);
        let result = verify_bundle(&read(file), &trusted, &policy_for(case), now_of(case));
        *summaries.entry(expected.to_string()).or_insert(0) += 1;
        if expected == "unreadable" {
            assert_eq!(result.expect_err(file).code(), code.unwrap(), "{file}");
            continue;
        }
        let report = result.unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(report.summary.as_str(), expected, "{file}:\n{report}");
        let links = case.get("links").unwrap();
        for (name, status) in report.links() {
            let want = links.get(name).and_then(Value::as_str).unwrap();
            assert_eq!(status.as_str(), want, "{file}: link {name}\n{report}");
        }
        if let Summary::Rejected { error, .. } = &report.summary {
            assert_eq!(Some(error.code()), code, "{file}:\n{report}");
        }
        if let Summary::Settled { height, .. } = &report.summary {
            let s = report.settlement.as_ref().unwrap();
            assert_eq!(s.height, *height);
            assert!(report.response.is_some());
        }
    }
    for verdict in ["settled", "pending", "rejected"] {
        assert!(summaries.get(verdict).copied().unwrap_or(0) >= 3, "{verdict}: {summaries:?}");
    }
}

fn report(bundle: &[u8], now_secs: i64) -> Result<Report, lightcheck::Error> {
    verify_bundle(bundle, &trusted(), &BundlePolicy::default(), Timestamp::from_unix_secs(now_secs).unwrap())
}

fn settled_case(file: &str) -> (Value, i64) {
    let manifest = pyjson::parse(&read("manifest.json")).unwrap();
    let case = manifest
        .get("cases")
        .and_then(Value::as_array)
        .unwrap()
        .iter()
        .find(|c| c.get("file").and_then(Value::as_str) == Some(file))
        .unwrap();
    (pyjson::parse(&read(file)).unwrap(), now_of(case).unix_secs())
}

/// Every string inside `v` at `path` (a JSON pointer-ish list of keys), with a setter.
fn string_leaves(v: &Value, prefix: String, out: &mut Vec<String>) {
    match v {
        Value::Str(_) => out.push(prefix),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                string_leaves(item, format!("{prefix}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                string_leaves(item, format!("{prefix}/{k}"), out);
            }
        }
        _ => {}
    }
}

fn at_mut<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Value {
    let mut cur = v;
    for part in pointer.split('/').skip(1) {
        cur = match cur {
            Value::Object(m) => m.get_mut(part).unwrap(),
            Value::Array(items) => &mut items[part.parse::<usize>().unwrap()],
            _ => unreachable!(),
        };
    }
    cur
}

/// Changes one character of a hex/base64/decimal string to another of the same alphabet.
fn mutate(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let i = bytes.iter().rposition(|b| b.is_ascii_alphanumeric())?;
    let c = bytes[i];
    let replacement = match c {
        b'0'..=b'8' | b'a'..=b'e' | b'A'..=b'E' => c + 1,
        b'9' => b'0',
        b'f' => b'a',
        b'F' => b'A',
        _ => b'A',
    };
    let mut out = bytes.to_vec();
    out[i] = replacement;
    String::from_utf8(out).ok()
}

/// No single-character change to the settlement evidence, the signed fields or the commits of
/// a settled bundle leaves it settled.
fn sweep(file: &str, subtrees: &[&str]) {
    let (bundle, now) = settled_case(file);
    sweep_bundle(file, &bundle, now, &trusted(), subtrees);
}

fn sweep_bundle(file: &str, bundle: &Value, now: i64, trusted: &TrustedState, subtrees: &[&str]) {
    let report = |b: &[u8], now: i64| {
        verify_bundle(b, trusted, &BundlePolicy::default(), Timestamp::from_unix_secs(now).unwrap())
    };
    let original = pyjson::dumps(bundle);
    assert_eq!(report(original.as_bytes(), now).unwrap().summary.as_str(), "settled", "{file}");
    let mut paths = Vec::new();
    for subtree in subtrees {
        let mut copy = bundle.clone();
        string_leaves(at_mut(&mut copy, subtree), subtree.to_string(), &mut paths);
    }
    let mut checked = 0;
    for path in &paths {
        // Fields that are not evidence: the provider label, proposer priorities (not hashed) and
        // total_voting_power (recomputed from the validators, as tendermint-rs does).
        if path.ends_with("/provider") || path.ends_with("/proposer_priority") || path.ends_with("/total_voting_power")
        {
            continue;
        }
        let mut copy = bundle.clone();
        let leaf = at_mut(&mut copy, path);
        let Value::Str(s) = leaf else { unreachable!() };
        let Some(m) = mutate(s) else { continue };
        *leaf = Value::Str(m);
        let verdict = report(pyjson::dumps(&copy).as_bytes(), now).map(|r| r.summary.as_str());
        assert_ne!(verdict.as_ref().ok().copied(), Some("settled"), "{file}: mutating {path} kept it settled");
        checked += 1;
    }
    assert!(checked > 25, "{file}: only {checked} mutations");
}

#[test]
fn individual_bundle_mutation_sweep() {
    sweep(
        "settled-individual.json",
        &["/settlement", "/light_blocks", "/response/tee_signature", "/response/tee_request_hash"],
    );
}

#[test]
fn batch_bundle_mutation_sweep() {
    sweep("settled-batch-proof.json", &["/settlement", "/light_blocks/1/signed_header", "/response/tee_output_hash"]);
}

#[test]
fn commits_are_load_bearing() {
    // Every signature of the H and H+1 commits replaced: the light client must not trust them.
    let (mut bundle, now) = settled_case("settled-individual.json");
    for block in 0..2 {
        let sigs = at_mut(&mut bundle, &format!("/light_blocks/{block}/signed_header/commit/signatures"));
        let Value::Array(items) = sigs else { unreachable!() };
        for sig in items.iter_mut() {
            let Value::Object(m) = sig else { unreachable!() };
            if let Some(Value::Str(s)) = m.get_mut("signature") {
                *s = mutate(s).unwrap();
            }
        }
    }
    let r = report(pyjson::dumps(&bundle).as_bytes(), now).unwrap();
    assert!(matches!(r.header_trust, LinkStatus::Failed(_)), "{r}");
    assert_eq!(r.summary.as_str(), "rejected");
}

#[test]
fn truncated_and_extended_bundles_never_panic() {
    let bytes = read("settled-individual.json");
    for cut in (0..bytes.len()).step_by(97) {
        let _ = report(&bytes[..cut], 0);
    }
    let mut extended = bytes.clone();
    extended.extend_from_slice(b" {}");
    assert!(report(&extended, 0).is_err(), "trailing data after the bundle");
}

/// The bundle `scripts/og-chain-test --record` collected from the OpenGradient-shaped chain (real
/// CometBFT validators signed its commits, real CometBFT computed its hashes; the verdict pinned
/// at the time it was collected).
fn chain_vector() -> (Value, TrustedState, Value) {
    let bundle = pyjson::parse(&read("chain/bundle.json")).unwrap();
    let trusted = TrustedState::from_json(&read("chain/trusted.json")).expect("chain trusted state");
    let expected = pyjson::parse(&read("chain/expected.json")).unwrap();
    (bundle, trusted, expected)
}

#[test]
fn the_bundle_collected_from_the_chain_keeps_its_verdict() {
    let (bundle, trusted, expected) = chain_vector();
    let now: i64 = expected.get("now").and_then(Value::as_int).unwrap().parse().unwrap();
    let report = verify_bundle(
        pyjson::dumps(&bundle).as_bytes(),
        &trusted,
        &BundlePolicy::default(),
        Timestamp::from_unix_secs(now).unwrap(),
    )
    .unwrap();
    let summary = expected.get("summary").unwrap();
    assert_eq!(report.summary.as_str(), summary.get("verdict").and_then(Value::as_str).unwrap(), "{report}");
    let Summary::Settled { height, mode, .. } = &report.summary else { panic!("{report}") };
    assert_eq!(height.to_string(), summary.get("height").and_then(Value::as_int).unwrap());
    assert_eq!(mode.as_str(), summary.get("mode").and_then(Value::as_str).unwrap());
    let links = expected.get("links").unwrap();
    for (name, status) in report.links() {
        assert_eq!(Some(status.as_str()), links.get(name).and_then(Value::as_str), "link {name}\n{report}");
    }
    // Past the trusting period the same evidence no longer settles anything.
    let late = verify_bundle(
        pyjson::dumps(&bundle).as_bytes(),
        &trusted,
        &BundlePolicy::default(),
        Timestamp::from_unix_secs(now + 400 * 24 * 3600).unwrap(),
    )
    .unwrap();
    assert_eq!(late.summary.as_str(), "rejected", "{late}");
}

#[test]
fn chain_bundle_mutation_sweep() {
    let (bundle, trusted, expected) = chain_vector();
    let now: i64 = expected.get("now").and_then(Value::as_int).unwrap().parse().unwrap();
    sweep_bundle(
        "chain/bundle.json",
        &bundle,
        now,
        &trusted,
        &["/settlement", "/light_blocks", "/response/tee_signature", "/response/tee_output_hash"],
    );
}
