//! `lightcheck cometbft …`: one verification step, one commit, one transaction proof.

use std::path::Path;
use std::time::Duration;

use lightcheck::cometbft::{self, CountingMode, LightBlock, Options, SignedHeader, TrustThreshold, Verdict};
use lightcheck::cometbft::{inclusion, json};
use lightcheck::time::Timestamp;
use serde_json::{json, Value};

use crate::args::Args;
use crate::input;
use crate::Outcome;

pub const USAGE: &str = "\
lightcheck cometbft verify --trusted FILE --untrusted FILE [--now UNIX_SECS|RFC3339]
                           [--trust-level N/D] [--trusting-period SECS] [--clock-drift SECS]
                           [--verify-all] [--json]
    one light-client step (adjacent or skipping). FILEs are light blocks in tendermint-rs or
    lumina JSON; the trusted one needs its next_validator_set to skip. Defaults: trust 1/3,
    trusting period 1209600 s (14 days), clock drift 10 s, now = system clock.
lightcheck cometbft verify-commit --signed-header FILE --validators FILE... [--verify-all] [--json]
    one commit against its own validator set; FILEs may be raw RPC /commit and /validators
    responses (repeat --validators for each page).
lightcheck cometbft verify-tx --header FILE --proof FILE [--json]
    a /tx?prove=true response against a verified header (signed header, light block or /commit).";

fn read(path: &str) -> Result<Vec<u8>, String> {
    input::read_file(Path::new(path))
}

fn counting(args: &mut Args) -> CountingMode {
    if args.flag("--verify-all") {
        CountingMode::VerifyAll
    } else {
        CountingMode::StopAtThreshold
    }
}

pub(crate) fn now_arg(args: &mut Args) -> Result<Timestamp, String> {
    match args.value("--now")? {
        None => {
            let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            Timestamp::new(d.as_secs() as i64, d.subsec_nanos()).ok_or("the system clock is past year 9999".to_string())
        }
        Some(s) if s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok().and_then(Timestamp::from_unix_secs).ok_or(format!("--now {s}: out of range"))
        }
        Some(s) => Timestamp::parse(&s).ok_or(format!("--now {s}: expected Unix seconds or RFC 3339")),
    }
}

pub(crate) fn secs_arg(args: &mut Args, name: &str, default: Duration) -> Result<Duration, String> {
    match args.value(name)? {
        None => Ok(default),
        Some(s) => s.parse().map(Duration::from_secs).map_err(|_| format!("{name} {s}: not a number of seconds")),
    }
}

pub(crate) fn trust_level(args: &mut Args) -> Result<TrustThreshold, String> {
    match args.value("--trust-level")? {
        None => Ok(TrustThreshold::ONE_THIRD),
        Some(s) => {
            let (n, d) = s.split_once('/').ok_or(format!("--trust-level {s}: expected N/D"))?;
            let (n, d) = (
                n.parse().map_err(|_| "--trust-level: bad numerator")?,
                d.parse().map_err(|_| "--trust-level: bad denominator")?,
            );
            TrustThreshold::new(n, d).map_err(|e| format!("--trust-level {s}: {e}"))
        }
    }
}

fn header_json(sh: &SignedHeader) -> Value {
    let h = &sh.header;
    json!({
        "chain_id": h.chain_id,
        "height": h.height,
        "time": h.time.to_string(),
        "hash": h.hash().map(hex::encode_upper),
        "app_hash": hex::encode_upper(&h.app_hash),
        "data_hash": hex::encode_upper(&h.data_hash),
        "last_results_hash": hex::encode_upper(&h.last_results_hash),
        "next_validators_hash": hex::encode_upper(&h.next_validators_hash),
    })
}

fn render(result: Result<Value, cometbft::Error>, json_output: bool, verdict_of: Option<Verdict>) -> Outcome {
    let verdict_name = |v: &Verdict| match v {
        Verdict::Success => "SUCCESS",
        Verdict::NotEnoughTrust => "NOT_ENOUGH_TRUST",
        Verdict::Invalid(_) => "INVALID",
    };
    match result {
        Ok(mut value) => {
            value["valid"] = Value::Bool(true);
            if let Some(v) = &verdict_of {
                value["verdict"] = verdict_name(v).into();
            }
            if json_output {
                Outcome::Verified(value.to_string())
            } else {
                let mut out = String::from("VERIFIED");
                for key in ["verdict", "chain_id", "height", "time", "hash", "app_hash", "tx_hash", "index"] {
                    if let Some(v) = value.get(key).filter(|v| !v.is_null()) {
                        out.push_str(&format!(
                            "\n  {key:<12} {}",
                            v.as_str().map_or_else(|| v.to_string(), str::to_string)
                        ));
                    }
                }
                Outcome::Verified(out)
            }
        }
        Err(e) => {
            let mut value = json!({"valid": false, "error": {"code": e.code(), "class": e.class().as_str(), "message": e.to_string()}});
            if let Some(v) = &verdict_of {
                value["verdict"] = verdict_name(v).into();
            }
            if json_output {
                Outcome::Rejected(value.to_string())
            } else {
                let what = verdict_of.as_ref().map_or("REJECTED", |v| {
                    if *v == Verdict::NotEnoughTrust {
                        "NOT ENOUGH TRUST"
                    } else {
                        "REJECTED"
                    }
                });
                Outcome::Rejected(format!("{what}\n  {}: {e}", e.code()))
            }
        }
    }
}

pub fn verify(mut args: Args) -> Result<Outcome, String> {
    let trusted = args.value("--trusted")?.ok_or("--trusted FILE is required")?;
    let untrusted = args.value("--untrusted")?.ok_or("--untrusted FILE is required")?;
    let json_output = args.flag("--json");
    let counting = counting(&mut args);
    let now = now_arg(&mut args)?;
    let options = Options {
        trust_threshold: trust_level(&mut args)?,
        trusting_period: secs_arg(&mut args, "--trusting-period", cometbft::DEFAULT_TRUSTING_PERIOD)?,
        clock_drift: secs_arg(&mut args, "--clock-drift", cometbft::DEFAULT_CLOCK_DRIFT)?,
        counting,
    };
    args.finish()?;
    let load = |path: &str| -> Result<Result<LightBlock, cometbft::Error>, String> {
        Ok(json::light_block_from_json(&read(path)?))
    };
    let (trusted, untrusted) = (load(&trusted)?, load(&untrusted)?);
    let result = trusted
        .and_then(|t| untrusted.map(|u| (t, u)))
        .and_then(|(t, u)| cometbft::verify(&u, &t, &options, now).map(|()| header_json(&u.signed_header)));
    let verdict = Verdict::from(result.as_ref().map(|_| ()).map_err(Clone::clone));
    Ok(render(result, json_output, Some(verdict)))
}

pub fn verify_commit(mut args: Args) -> Result<Outcome, String> {
    let signed_header = args.value("--signed-header")?.ok_or("--signed-header FILE is required")?;
    let pages = args.values("--validators")?;
    if pages.is_empty() {
        return Err("--validators FILE is required".into());
    }
    let json_output = args.flag("--json");
    let counting = counting(&mut args);
    args.finish()?;
    let sh_bytes = read(&signed_header)?;
    let page_bytes = pages.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
    let page_refs: Vec<&[u8]> = page_bytes.iter().map(Vec::as_slice).collect();
    let result = json::signed_header_from_json(&sh_bytes).and_then(|sh| {
        let vals = json::validator_set_from_json_pages(&page_refs)?;
        cometbft::verify_commit(&sh, &vals, counting).map(|()| header_json(&sh))
    });
    Ok(render(result, json_output, None))
}

pub fn run(command: &str, args: Args) -> Result<Outcome, String> {
    match command {
        "verify" => verify(args),
        "verify-commit" => verify_commit(args),
        "verify-tx" if args.has("--primary") => crate::light::verify_tx(args),
        "verify-tx" => verify_tx(args),
        "sync" => crate::light::sync(args),
        _ => Err(format!("usage:\n{USAGE}")),
    }
}

/// The header a tx proof is checked against: from a signed header, an RPC `/commit` response
/// or a light block. The caller vouches that it is verified (e.g. by `cometbft verify`).
fn header_from_file(bytes: &[u8]) -> Result<SignedHeader, cometbft::Error> {
    json::signed_header_or_light_block(bytes)
}

pub fn verify_tx(mut args: Args) -> Result<Outcome, String> {
    let header = args.value("--header")?.ok_or("--header FILE is required")?;
    let proof = args.value("--proof")?.ok_or("--proof FILE is required")?;
    let json_output = args.flag("--json");
    args.finish()?;
    let (header_bytes, proof_bytes) = (read(&header)?, read(&proof)?);
    let result = header_from_file(&header_bytes).and_then(|sh| {
        let proof = inclusion::TxProof::from_json(&proof_bytes)?;
        let proven = inclusion::verify_tx(&proof, sh.header.height, &sh.header.data_hash)?;
        let mut value = header_json(&sh);
        value["tx_hash"] = hex::encode_upper(proven.tx_hash).into();
        value["index"] = proven.index.into();
        value["total"] = proven.total.into();
        value["tx"] = hex::encode(&proven.tx).into();
        Ok(value)
    });
    Ok(render(result, json_output, None))
}
