//! `lightcheck vectors [DIR]`: runs the project's conformance vectors and reports each verdict
//! against the manifest's expectation.
//!
//! `DIR/nitro/manifest.json` is `{"root": FILE, "documents": [{"file", "verify_at_ms",
//! "expected": "valid"|"invalid", "error_code", "description", "root"?, "policy"?}]}`; a
//! document's own `root` replaces the manifest's trust anchor for it; `policy` holds any
//! of `allow_debug`, `pcrs` (`{"N": hex}`), `nonce`, `user_data`, `max_age_ms`,
//! `max_future_skew_ms`, `key_binding` (`{"tls_certificate": hex, "signing_key_spki": hex}`).
//!
//! `DIR/cometbft/manifest.json`, when present, is `{"cases": [{"name", "trusted", "untrusted",
//! "now", "trust_level": [N, D], "trusting_period_secs", "clock_drift_secs", "expected":
//! "SUCCESS"|"NOT_ENOUGH_TRUST"|"INVALID", "error_code", "description"}]}`: one light-client step
//! per case, run in both counting modes, which must agree.
//!
//! `DIR/zk/manifest.json` and `DIR/settlement/manifest.json` are described at their runners.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lightcheck::cometbft::{self, json as comet_json, CountingMode, Options, TrustThreshold, Verdict};
use lightcheck::nitro::{KeyBinding, Policy, TrustAnchor, Verifier};
use lightcheck::time::Timestamp;
use serde_json::Value;

use crate::args::Args;
use crate::{input, Outcome};

pub fn run(mut args: Args) -> Result<Outcome, String> {
    let dir = PathBuf::from(args.optional_positional().unwrap_or_else(|| "test-vectors".into()));
    args.finish()?;
    let (mut passed, mut failed, mut report) = nitro(&dir.join("nitro"))?;
    let comet_dir = dir.join("cometbft");
    if comet_dir.join("manifest.json").exists() {
        let (p, f, r) = comet(&comet_dir)?;
        (passed, failed) = (passed + p, failed + f);
        report = format!("{report}\n{r}");
    }
    let zk_dir = dir.join("zk");
    if zk_dir.join("manifest.json").exists() {
        let (p, f, r) = zk(&zk_dir)?;
        (passed, failed) = (passed + p, failed + f);
        report = format!("{report}\n{r}");
    }
    let og_dir = dir.join("settlement");
    if og_dir.join("manifest.json").exists() {
        let (p, f, r) = settlement(&og_dir)?;
        (passed, failed) = (passed + p, failed + f);
        report = format!("{report}\n{r}");
    }
    let summary = format!("{report}\nvectors: {passed} passed, {failed} failed");
    Ok(if failed == 0 { Outcome::Verified(summary) } else { Outcome::Rejected(summary) })
}

fn read_json(path: &Path) -> Result<Value, String> {
    serde_json::from_slice(&input::read_file(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

fn hex_field(v: &Value, name: &str) -> Result<Option<Vec<u8>>, String> {
    v.get(name).and_then(Value::as_str).map(|h| input::hex_arg(name, h)).transpose()
}

fn nitro(dir: &Path) -> Result<(usize, usize, String), String> {
    let manifest = read_json(&dir.join("manifest.json"))?;
    let default_root = manifest["root"].as_str().ok_or("manifest: root missing")?;
    let docs = manifest["documents"].as_array().ok_or("manifest: documents missing")?;
    let (mut passed, mut failed, mut report) = (0, 0, String::new());
    for doc in docs {
        let file = doc["file"].as_str().ok_or("manifest: file missing")?;
        let at = doc["verify_at_ms"].as_u64().ok_or(format!("{file}: verify_at_ms missing"))?;
        let p = &doc["policy"];
        let pcrs = match p.get("pcrs").and_then(Value::as_object) {
            None => Vec::new(),
            Some(map) => map
                .iter()
                .map(|(k, v)| {
                    let value = input::hex_arg("pcr", v.as_str().unwrap_or_default())?;
                    Ok((
                        k.parse().map_err(|_| format!("{file}: pcr index {k}"))?,
                        value.try_into().map_err(|_| format!("{file}: pcr {k} length"))?,
                    ))
                })
                .collect::<Result<Vec<(u8, [u8; 48])>, String>>()?,
        };
        let (nonce, user_data) = (hex_field(p, "nonce")?, hex_field(p, "user_data")?);
        let binding = p.get("key_binding");
        let (tls, key) = match binding {
            Some(b) => (hex_field(b, "tls_certificate")?, hex_field(b, "signing_key_spki")?),
            None => (None, None),
        };
        let policy = Policy {
            expected_pcrs: &pcrs,
            pcr_sets: &[],
            allow_debug: p.get("allow_debug").and_then(Value::as_bool).unwrap_or(false),
            nonce: nonce.as_deref(),
            user_data: user_data.as_deref(),
            key_binding: tls
                .as_deref()
                .zip(key.as_deref())
                .map(|(t, k)| KeyBinding { tls_certificate_der: t, signing_key_spki_der: k }),
            max_age_ms: p.get("max_age_ms").and_then(Value::as_u64),
            max_future_skew_ms: p.get("max_future_skew_ms").and_then(Value::as_u64),
        };
        let root_file = doc["root"].as_str().unwrap_or(default_root);
        let roots = [TrustAnchor::from_der(&input::read_file(&dir.join(root_file))?)];
        let bytes = input::read_file(&dir.join(file))?;
        let verdict = Verifier::<0>::with_roots(&roots).verify_uncached(
            &bytes,
            &policy,
            Timestamp::from_unix_millis(at).ok_or(format!("{file}: verify_at_ms out of range"))?,
        );
        let got = match &verdict {
            Ok(_) => "valid".to_string(),
            Err(e) => e.code().to_string(),
        };
        let want = match doc["expected"].as_str() {
            Some("valid") => "valid".to_string(),
            _ => doc["error_code"].as_str().unwrap_or("?").to_string(),
        };
        let ok = got == want;
        let mark = count(ok, &mut passed, &mut failed);
        let detail = match &verdict {
            Err(e) if !ok => format!(" ({e})"),
            _ => String::new(),
        };
        report.push_str(&format!("{mark} nitro/{file:<44} expected {want:<40} got {got}{detail}\n"));
    }
    report.pop();
    Ok((passed, failed, report))
}

/// `SUCCESS`, `NOT_ENOUGH_TRUST cometbft.trust.not_enough` or `INVALID <code>`.
fn verdict_text(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Success => "SUCCESS".into(),
        Verdict::NotEnoughTrust => "NOT_ENOUGH_TRUST cometbft.trust.not_enough".into(),
        Verdict::Invalid(e) => format!("INVALID {}", e.code()),
    }
}

/// Runs one CometBFT case in both counting modes: (verdict text, detail when they disagree or fail).
fn comet_case(dir: &Path, case: &Value, name: &str) -> Result<(String, Option<String>), String> {
    let field = |key: &str| case[key].as_str().ok_or(format!("cometbft/{name}: {key} missing"));
    let secs = |key: &str| case[key].as_u64().map(Duration::from_secs).ok_or(format!("cometbft/{name}: {key} missing"));
    let now = Timestamp::parse(field("now")?).ok_or(format!("cometbft/{name}: now is not RFC 3339"))?;
    let level = case["trust_level"].as_array().map(|l| l.iter().filter_map(Value::as_u64).collect::<Vec<_>>());
    let trust_threshold = match level.as_deref() {
        Some(&[n, d]) => TrustThreshold::new(n, d).map_err(|e| format!("cometbft/{name}: {e}"))?,
        _ => return Err(format!("cometbft/{name}: trust_level is not [N, D]")),
    };
    let (trusting_period, clock_drift) = (secs("trusting_period_secs")?, secs("clock_drift_secs")?);
    let trusted = comet_json::light_block_from_json(&input::read_file(&dir.join(field("trusted")?))?);
    let untrusted = comet_json::light_block_from_json(&input::read_file(&dir.join(field("untrusted")?))?);
    let (trusted, untrusted) = match (trusted, untrusted) {
        (Ok(t), Ok(u)) => (t, u),
        (Err(e), _) | (_, Err(e)) => return Ok((verdict_text(&Verdict::Invalid(e.clone())), Some(e.to_string()))),
    };
    let [stop, all] = [CountingMode::StopAtThreshold, CountingMode::VerifyAll].map(|counting| {
        let options = Options { trust_threshold, trusting_period, clock_drift, counting };
        Verdict::from(cometbft::verify(&untrusted, &trusted, &options, now))
    });
    if verdict_text(&stop) != verdict_text(&all) {
        let text = format!("{} (stop at threshold) / {} (verify all)", verdict_text(&stop), verdict_text(&all));
        return Ok((text, None));
    }
    let detail = match &stop {
        Verdict::Invalid(e) => Some(e.to_string()),
        _ => None,
    };
    Ok((verdict_text(&stop), detail))
}

fn comet(dir: &Path) -> Result<(usize, usize, String), String> {
    let manifest = read_json(&dir.join("manifest.json"))?;
    let cases = manifest["cases"].as_array().ok_or("cometbft manifest: cases missing")?;
    let (mut passed, mut failed, mut report) = (0, 0, String::new());
    for case in cases {
        let name = case["name"].as_str().ok_or("cometbft manifest: name missing")?;
        let want = match (case["expected"].as_str(), case["error_code"].as_str()) {
            (Some("SUCCESS"), None) => "SUCCESS".to_string(),
            (Some(verdict @ ("NOT_ENOUGH_TRUST" | "INVALID")), Some(code)) => format!("{verdict} {code}"),
            _ => return Err(format!("cometbft/{name}: expected / error_code malformed")),
        };
        let (got, detail) = comet_case(dir, case, name)?;
        let ok = got == want;
        let mark = count(ok, &mut passed, &mut failed);
        let detail = match detail {
            Some(d) if !ok => format!(" ({d})"),
            _ => String::new(),
        };
        report.push_str(&format!("{mark} cometbft/{name:<41} expected {want:<40} got {got}{detail}\n"));
    }
    report.pop();
    Ok((passed, failed, report))
}

/// `DIR/zk/manifest.json` (written by `scripts/zk-vectors.py`): each case's verdict must be
/// EZKL's (`ezkl_verdict`); a case marked `stricter_ok` (EZKL accepts trailing proof bytes) may
/// also be rejected.
fn zk(dir: &Path) -> Result<(usize, usize, String), String> {
    use lightcheck::zk::{self, ProofWithInstances, SrsPoints, Vka};
    let manifest = read_json(&dir.join("manifest.json"))?;
    let cases = manifest["cases"].as_array().ok_or("zk manifest: cases missing")?;
    let (mut passed, mut failed, mut report) = (0, 0, String::new());
    for case in cases {
        let name = case["name"].as_str().ok_or("zk manifest: name missing")?;
        let file = |key: &str| -> Result<Vec<u8>, String> {
            input::read_file(&dir.join(case[key].as_str().ok_or(format!("{name}: {key} missing"))?))
        };
        let (vka, proof, srs) = (file("vka")?, file("proof")?, file("srs")?);
        let verdict = Vka::from_bytes(&vka).and_then(|vka| {
            let p = ProofWithInstances::from_ezkl_json(&proof)?;
            zk::verify(&vka, &p.proof, &p.instances, &SrsPoints::from_bytes(&srs)?, None)
        });
        let ezkl = case["ezkl_verdict"].as_bool().ok_or(format!("{name}: ezkl_verdict missing"))?;
        let stricter_ok = case["stricter_ok"].as_bool().unwrap_or(false);
        let got = match &verdict {
            Ok(_) => "valid".to_string(),
            Err(e) => e.code().to_string(),
        };
        let ok = verdict.is_ok() == ezkl || (stricter_ok && verdict.is_err());
        let mark = count(ok, &mut passed, &mut failed);
        let want = if ezkl { "valid (ezkl)" } else { "invalid (ezkl)" };
        report.push_str(&format!("{mark} zk/{name:<48} expected {want:<40} got {got}\n"));
    }
    report.pop();
    Ok((passed, failed, report))
}

/// `DIR/settlement/manifest.json` (written by the generator): each bundle verified with the
/// manifest's trusted state at its `now` must reach its `summary` with each link's status, and a
/// rejection must carry `error_code`.
fn settlement(dir: &Path) -> Result<(usize, usize, String), String> {
    use lightcheck::opengradient::binding::PcrPin;
    use lightcheck::opengradient::{verify_bundle, BundlePolicy, TrustedState};
    let manifest = read_json(&dir.join("manifest.json"))?;
    let trusted_file = manifest["trusted"].as_str().ok_or("settlement manifest: trusted missing")?;
    let trusted = TrustedState::from_json(&input::read_file(&dir.join(trusted_file))?)
        .map_err(|e| format!("settlement/{trusted_file}: {e}"))?;
    let cases = manifest["cases"].as_array().ok_or("settlement manifest: cases missing")?;
    let (mut passed, mut failed, mut report) = (0, 0, String::new());
    for case in cases {
        let file = case["file"].as_str().ok_or("settlement manifest: file missing")?;
        let now = case["now"].as_i64().and_then(Timestamp::from_unix_secs).ok_or(format!("{file}: now missing"))?;
        let mut policy = BundlePolicy::default();
        if let Some(h) = hex_field(&case["policy"], "pcr_hash")? {
            policy.enclave.pcrs = PcrPin::PcrHash(h.try_into().map_err(|_| format!("{file}: pcr_hash length"))?);
        }
        let want = match (case["summary"].as_str(), case["error_code"].as_str()) {
            (Some(s @ ("settled" | "pending")), None) => s.to_string(),
            (Some(s @ ("rejected" | "unreadable")), Some(code)) => format!("{s} {code}"),
            _ => return Err(format!("settlement/{file}: summary / error_code malformed")),
        };
        let got = match verify_bundle(&input::read_file(&dir.join(file))?, &trusted, &policy, now) {
            Err(e) => format!("unreadable {}", e.code()),
            Ok(r) => {
                let links_ok =
                    r.links().iter().all(|(name, status)| case["links"][*name].as_str() == Some(status.as_str()));
                let verdict = match &r.summary {
                    lightcheck::opengradient::Summary::Rejected { error, .. } => format!("rejected {}", error.code()),
                    s => s.as_str().to_string(),
                };
                if links_ok {
                    verdict
                } else {
                    format!("{verdict} (links differ)")
                }
            }
        };
        let mark = count(got == want, &mut passed, &mut failed);
        report.push_str(&format!("{mark} settlement/{file:<41} expected {want:<40} got {got}\n"));
    }
    report.pop();
    Ok((passed, failed, report))
}

/// Counts one case and returns its report mark.
fn count(ok: bool, passed: &mut usize, failed: &mut usize) -> &'static str {
    if ok {
        *passed += 1;
        "ok  "
    } else {
        *failed += 1;
        "FAIL"
    }
}
