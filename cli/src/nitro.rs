//! `lightcheck nitro verify`.

use std::path::PathBuf;

use lightcheck::nitro::{Attestation, PolicyBuf, TrustAnchor, Verifier};
use lightcheck::time::Timestamp;
use serde_json::{json, Map, Value};

use crate::args::Args;
use crate::input;
use crate::Outcome;

pub const USAGE: &str = "\
lightcheck nitro verify FILE [--at UNIX_MS|RFC3339] [--pcr N=HEX]... [--pcr-set N=HEX,N=HEX,...]...
                             [--nonce HEX] [--user-data HEX] [--allow-debug] [--max-age SECS]
                             [--max-skew SECS] [--root PEM_OR_DER_FILE]... [--json]

FILE holds the attestation document as raw CBOR, hex or base64. Without --at the system clock
is used. Without --root the AWS Nitro Enclaves root G1 is the only trusted root.
--pcr pins one PCR; every --pcr must hold. --pcr-set (repeatable, at most 16) lists one allowed
image, e.g. the old and the new one during a rolling deploy: the document must match at least
one set (each of its PCRs present with exactly that value), and the output names the first set
that matched, counting the --pcr-set options from 0 (matched_pcr_set).";

pub fn run(mut args: Args) -> Result<Outcome, String> {
    let file = PathBuf::from(args.positional("FILE")?);
    let json_output = args.flag("--json");
    let allow_debug = args.flag("--allow-debug");
    let now = match args.value("--at")? {
        Some(at) => parse_time(&at)?,
        None => system_now(),
    };
    let mut policy = PolicyBuf::default();
    for pcr in args.values("--pcr")? {
        let (index, value) = pcr_arg("--pcr", &pcr)?;
        policy.expect_pcr(index, value).map_err(|e| format!("--pcr {pcr}: {e}"))?;
    }
    for (n, spec) in args.values("--pcr-set")?.into_iter().enumerate() {
        let set = spec.split(',').map(|entry| pcr_arg("--pcr-set", entry)).collect::<Result<Vec<_>, _>>()?;
        policy.add_pcr_set(set).map_err(|e| format!("--pcr-set #{n} ({spec}): {e}"))?;
    }
    policy.allow_debug = allow_debug;
    policy.nonce = args.value("--nonce")?.map(|v| input::hex_arg("--nonce", &v)).transpose()?;
    policy.user_data = args.value("--user-data")?.map(|v| input::hex_arg("--user-data", &v)).transpose()?;
    let secs = |name: &str, v: Option<String>| -> Result<Option<u64>, String> {
        v.map(|v| {
            v.parse::<u64>().map(|s| s.saturating_mul(1000)).map_err(|_| format!("{name}: not a number of seconds"))
        })
        .transpose()
    };
    policy.max_age_ms = secs("--max-age", args.value("--max-age")?)?;
    policy.max_future_skew_ms = secs("--max-skew", args.value("--max-skew")?)?;
    let mut roots = Vec::new();
    for root in args.values("--root")? {
        roots.push(TrustAnchor::from_der(&input::der_or_pem(input::read_file(root.as_ref())?)?));
    }
    if roots.is_empty() {
        roots.push(TrustAnchor::AWS_NITRO_ROOT_G1);
    }
    args.finish()?;

    let document = input::binary_or_text(input::read_file(&file)?);
    let verdict = policy
        .with_policy(|policy| Verifier::<0>::with_roots(&roots).verify_uncached(&document, policy, now))
        .map_err(lightcheck::Error::from);
    Ok(render(&file.display().to_string(), verdict, now, json_output))
}

/// One `N=HEX` PCR of `--pcr` or `--pcr-set`: the index (range-checked by the policy) and the
/// 48-byte value.
fn pcr_arg(option: &str, pcr: &str) -> Result<(u64, [u8; 48]), String> {
    let (index, value) = pcr.split_once('=').ok_or(format!("{option} {pcr}: expected N=HEX"))?;
    let index: u64 = index.trim().parse().map_err(|_| format!("{option} {pcr}: index must be 0..=31"))?;
    let value: [u8; 48] = input::hex_arg(option, value.trim())?
        .try_into()
        .map_err(|v: Vec<u8>| format!("{option} {index}: {} bytes, a SHA-384 PCR has 48", v.len()))?;
    Ok((index, value))
}

/// `--at`: Unix milliseconds or RFC 3339 text, at or after 1970.
pub fn parse_time(at: &str) -> Result<Timestamp, String> {
    let t = if at.bytes().all(|b| b.is_ascii_digit()) {
        at.parse().ok().and_then(Timestamp::from_unix_millis).ok_or(format!("--at {at}: out of range"))?
    } else {
        Timestamp::parse(at).ok_or(format!("--at {at}: expected Unix milliseconds or RFC 3339 time"))?
    };
    t.unix_millis().ok_or(format!("--at {at}: before 1970"))?;
    Ok(t)
}

fn system_now() -> Timestamp {
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    Timestamp::new(since_epoch.as_secs() as i64, since_epoch.subsec_nanos()).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn ms(ms: u64) -> String {
    Timestamp::from_unix_millis(ms).map_or_else(|| format!("{ms} ms"), |t| t.to_string())
}

fn render(name: &str, verdict: Result<Attestation, lightcheck::Error>, now: Timestamp, json_output: bool) -> Outcome {
    match (verdict, json_output) {
        (Ok(a), true) => Outcome::Verified(to_json(&a).to_string()),
        (Err(e), true) => Outcome::Rejected(
            json!({"valid": false, "error": {"code": e.code(), "class": e.class().as_str(), "message": e.to_string()}})
                .to_string(),
        ),
        (Ok(a), false) => Outcome::Verified(human(name, &a, now)),
        (Err(e), false) => Outcome::Rejected(format!("REJECTED  {name}\n  {}: {e}", e.code())),
    }
}

pub fn to_json(a: &Attestation) -> Value {
    let pcrs: Map<String, Value> = a.pcr_iter().map(|(i, v)| (i.to_string(), Value::from(hex::encode(v)))).collect();
    let opt = |v: &Option<Vec<u8>>| v.as_ref().map_or(Value::Null, |v| Value::from(hex::encode(v)));
    json!({
        "valid": true,
        "module_id": a.module_id,
        "timestamp_ms": a.timestamp_ms,
        "digest": a.digest,
        "pcrs": pcrs,
        "debug_mode": a.is_debug_mode(),
        "public_key": opt(&a.public_key),
        "user_data": opt(&a.user_data),
        "nonce": opt(&a.nonce),
        "valid_from_ms": a.valid_from_ms,
        "valid_until_ms": a.valid_until_ms,
        "leaf_fingerprint": hex::encode(a.leaf_fingerprint),
        "matched_pcr_set": a.matched_pcr_set,
    })
}

fn human(name: &str, a: &Attestation, now: Timestamp) -> String {
    let mut out = format!("VERIFIED  {name}\n");
    let mut line = |k: &str, v: String| out.push_str(&format!("  {k:<13} {v}\n"));
    line("module_id", a.module_id.clone());
    line("timestamp", format!("{} ({} ms)", ms(a.timestamp_ms), a.timestamp_ms));
    line("verified at", now.to_string());
    line("chain valid", format!("{} → {}", ms(a.valid_from_ms), ms(a.valid_until_ms)));
    line("debug mode", if a.is_debug_mode() { "yes (PCR0-2 are zero)".into() } else { "no".into() });
    line("digest", a.digest.into());
    for (i, v) in a.pcr_iter() {
        line(&format!("PCR{i}"), hex::encode(v));
    }
    let opt =
        |v: &Option<Vec<u8>>| v.as_ref().map_or("null".into(), |v| format!("{} ({} bytes)", hex::encode(v), v.len()));
    line("public_key", opt(&a.public_key));
    line("user_data", opt(&a.user_data));
    line("nonce", opt(&a.nonce));
    line("leaf sha256", hex::encode(a.leaf_fingerprint));
    if let Some(set) = a.matched_pcr_set {
        line("pcr set", format!("{set} (the --pcr-set it matched, counting from 0)"));
    }
    out.pop();
    out
}
