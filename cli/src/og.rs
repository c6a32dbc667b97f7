//! `lightcheck og verify-response` and `lightcheck og verify-bundle`.

use std::path::Path;

use lightcheck::opengradient::binding::PcrPin;
use lightcheck::opengradient::pyjson;
use lightcheck::opengradient::{
    report_to_json, verify_bundle, verify_response, BundlePolicy, ResponseOptions, SigningKey, Summary, TrustedState,
};
use serde_json::json;

use crate::args::Args;
use crate::cometbft::now_arg;
use crate::input;
use crate::Outcome;

pub const USAGE: &str = "\
lightcheck og verify-response --request FILE --response FILE --key PEM_OR_DER [--content FILE]
                              [--expected-tee HEX] [--json]
    an OpenGradient TEE response: recomputes the request hash (Python json.dumps canonical form),
    the output hash and the signed message, checks tee_id = keccak256(key) and the RSA-PSS
    signature. --content gives the signed text when it is not the response's first choice
    (streams).
lightcheck og verify-bundle FILE --trusted FILE [--now UNIX_SECS|RFC3339] [--pcr-hash HEX]
                            [--expected-tee HEX] [--allow-debug] [--json]
    every link of a settlement bundle (response signature, attestation, enclave binding, header
    trust from the trusted state, inclusion, settlement match) and the verdict: settled, pending
    or rejected. now = system clock unless --now. Exit 0 settled, 3 pending, 1 rejected.";

fn hash_arg(args: &mut Args, name: &str) -> Result<Option<[u8; 32]>, String> {
    args.value(name)?
        .map(|h| input::hex_arg(name, &h)?.try_into().map_err(|_| format!("{name}: expected 32 bytes")))
        .transpose()
}

pub fn run(command: &str, args: Args) -> Result<Outcome, String> {
    match command {
        "verify-response" => verify_response_cmd(args),
        "verify-bundle" => verify_bundle_cmd(args),
        "collect" => crate::og_collect::run(args, true),
        "settle" => crate::og_collect::run(args, false),
        _ => Err(format!("usage:\n{USAGE}\n{}", crate::og_collect::USAGE)),
    }
}

fn verify_response_cmd(mut args: Args) -> Result<Outcome, String> {
    let request_path = args.value("--request")?.ok_or("--request FILE is required")?;
    let response_path = args.value("--response")?.ok_or("--response FILE is required")?;
    let key_path = args.value("--key")?.ok_or("--key FILE is required")?;
    let content_path = args.value("--content")?;
    let expected_tee_id = hash_arg(&mut args, "--expected-tee")?;
    let json_output = args.flag("--json");
    args.finish()?;
    let read = |p: &str| input::read_file(Path::new(p));
    let (request, response, key) = (read(&request_path)?, read(&response_path)?, read(&key_path)?);
    let content = content_path
        .as_deref()
        .map(|p| String::from_utf8(read(p)?).map_err(|_| format!("{p}: not UTF-8")))
        .transpose()?;

    let verdict = (|| {
        let key = SigningKey::from_pem_or_der(&key)?;
        let request = pyjson::parse(&request)?;
        let response = pyjson::parse(&response)?;
        verify_response(&request, &response, &key, &ResponseOptions { content: content.as_deref(), expected_tee_id })
    })();
    Ok(match (verdict, json_output) {
        (Ok(r), true) => Outcome::Verified(
            json!({"valid": true, "tee_id": hex0x(&r.tee_id), "request_hash": hex0x(&r.request_hash),
                   "output_hash": hex0x(&r.output_hash), "timestamp": r.timestamp, "msg_hash": hex0x(&r.msg_hash)})
            .to_string(),
        ),
        (Ok(r), false) => Outcome::Verified(format!(
            "VERIFIED\n  tee_id        {}\n  request_hash  {}\n  output_hash   {}\n  timestamp     {}\n  msg_hash      {}",
            hex0x(&r.tee_id),
            hex0x(&r.request_hash),
            hex0x(&r.output_hash),
            r.timestamp,
            hex0x(&r.msg_hash)
        )),
        (Err(e), true) => Outcome::Rejected(
            json!({"valid": false, "error": {"code": e.code(), "class": e.class().as_str(), "message": e.to_string()}})
                .to_string(),
        ),
        (Err(e), false) => Outcome::Rejected(format!("REJECTED\n  {}: {e}", e.code())),
    })
}

fn verify_bundle_cmd(mut args: Args) -> Result<Outcome, String> {
    let bundle_path = args.positional("bundle FILE")?;
    let trusted_path = args.value("--trusted")?.ok_or("--trusted FILE is required")?;
    let now = now_arg(&mut args)?;
    let pcr_hash = hash_arg(&mut args, "--pcr-hash")?;
    let expected_tee_id = hash_arg(&mut args, "--expected-tee")?;
    let allow_debug = args.flag("--allow-debug");
    let json_output = args.flag("--json");
    args.finish()?;
    let bundle = input::read_file(Path::new(&bundle_path))?;
    let trusted = TrustedState::from_json(&input::read_file(Path::new(&trusted_path))?)
        .map_err(|e| format!("{trusted_path}: {e} ({})", e.code()))?;

    let mut policy = BundlePolicy { expected_tee_id, ..BundlePolicy::default() };
    policy.enclave.allow_debug = allow_debug;
    if let Some(h) = pcr_hash {
        policy.enclave.pcrs = PcrPin::PcrHash(h);
    }
    let report = match verify_bundle(&bundle, &trusted, &policy, now) {
        Ok(report) => report,
        Err(e) if json_output => return Ok(Outcome::Rejected(
            json!({"summary": {"verdict": "rejected", "link": "bundle", "code": e.code(), "message": e.to_string()}})
                .to_string(),
        )),
        Err(e) => return Ok(Outcome::Rejected(format!("REJECTED: the bundle cannot be read: {e} ({})", e.code()))),
    };
    let text = if json_output { report_to_json(&report).to_string() } else { format!("{bundle_path}\n{report}") };
    Ok(match report.summary {
        Summary::Settled { .. } => Outcome::Verified(text),
        Summary::Pending { .. } => Outcome::Pending(text),
        Summary::Rejected { .. } => Outcome::Rejected(text),
    })
}

fn hex0x(b: &[u8]) -> String {
    format!("0x{}", hex::encode(b))
}
