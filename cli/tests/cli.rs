//! The `lightcheck` binary as users run it: exit codes, output shapes, input forms.

use std::path::PathBuf;
use std::process::{Command, Output};

use base64::Engine;
use serde_json::Value;

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../test-vectors")
}

fn lightcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lightcheck")).args(args).output().expect("run lightcheck")
}

/// Verifies a generated vector at the test PKI's document time with its test root.
fn verify(file: &str, extra: &[&str]) -> Output {
    let nitro = vectors().join("nitro");
    let doc = nitro.join(file);
    let root = nitro.join("root.der");
    let mut args =
        vec!["nitro", "verify", doc.to_str().unwrap(), "--root", root.to_str().unwrap(), "--at", "1748736000250"];
    args.extend_from_slice(extra);
    lightcheck(&args)
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn every_bundled_vector_gives_its_expected_verdict() {
    let out = lightcheck(&["vectors", vectors().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(" 0 failed"), "{text}");
    // Every CometBFT case ran and passed.
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(vectors().join("cometbft/manifest.json")).unwrap()).unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    assert!(cases.len() >= 40);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        assert!(
            text.lines().any(|l| l.starts_with(&format!("ok   cometbft/{name} "))),
            "{name} not reported ok:\n{text}"
        );
    }
}

#[test]
fn a_wrong_cometbft_expectation_is_reported() {
    let dir = std::env::temp_dir().join(format!("lightcheck-cli-vectors-{}", std::process::id()));
    for family in ["nitro", "cometbft"] {
        std::fs::create_dir_all(dir.join(family)).unwrap();
        for entry in std::fs::read_dir(vectors().join(family)).unwrap() {
            let entry = entry.unwrap();
            // Subdirectories (`cometbft/network/`) are other suites, not the manifest's files.
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), dir.join(family).join(entry.file_name())).unwrap();
            }
        }
    }
    let path = dir.join("cometbft/manifest.json");
    let mut manifest: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let case = manifest["cases"].as_array_mut().unwrap().iter_mut().find(|c| c["name"] == "val4-adjacent").unwrap();
    case["expected"] = "INVALID".into();
    case["error_code"] = "cometbft.header.invalid".into();
    std::fs::write(&path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    let out = lightcheck(&["vectors", dir.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("FAIL cometbft/val4-adjacent ") && l.ends_with("got SUCCESS")),
        "{text}"
    );
    assert!(text.ends_with(" 1 failed\n"), "{text}");
}

#[test]
fn verified_json_has_the_documented_fields() {
    let out = verify("valid-indefinite-map.cbor", &["--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["valid"], true);
    assert_eq!(v["module_id"], "i-0123456789abcdef0-enc0123456789abcdef");
    assert_eq!(v["timestamp_ms"], 1_748_736_000_250u64);
    assert_eq!(v["digest"], "SHA384");
    assert_eq!(v["pcrs"].as_object().unwrap().len(), 16);
    assert_eq!(v["pcrs"]["5"], "0".repeat(96));
    assert_eq!(v["public_key"], hex::encode(b"dummy"));
    assert_eq!(v["user_data"].as_str().unwrap().len(), 136);
    assert_eq!(v["nonce"].as_str().unwrap().len(), 40);
    // The leaf (3 h from t0 − 60 s) bounds the chain.
    assert_eq!(v["valid_until_ms"], (1_748_736_000u64 + 3 * 3600 - 60) * 1000 + 999);
}

#[test]
fn null_optionals_are_json_null() {
    let v = json_of(&verify("valid-definite-map.cbor", &["--json"]));
    assert_eq!(v["user_data"], Value::Null);
    assert_eq!(v["nonce"], Value::Null);
}

#[test]
fn rejection_exits_1_with_code_and_message() {
    let out = verify("chain-path-length-exceeded.cbor", &["--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["valid"], false);
    assert_eq!(v["error"]["code"], "nitro.cert.path_length");
    assert!(v["error"]["message"].as_str().unwrap().contains("cabundle[3]"), "{v}");

    let human = verify("cose-bad-signature.cbor", &[]);
    assert_eq!(human.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&human.stdout).contains("nitro.cose.bad_signature"));
}

#[test]
fn policy_flags_apply() {
    let pcr0 = {
        let v = json_of(&verify("valid-definite-map.cbor", &["--json"]));
        v["pcrs"]["0"].as_str().unwrap().to_string()
    };
    assert_eq!(verify("valid-definite-map.cbor", &["--pcr", &format!("0={pcr0}")]).status.code(), Some(0));
    let wrong = format!("0={}", "00".repeat(48));
    let out = verify("valid-definite-map.cbor", &["--json", "--pcr", &wrong]);
    assert_eq!(json_of(&out)["error"]["code"], "nitro.policy.pcr_mismatch");
    assert_eq!(json_of(&verify("valid-debug-mode.cbor", &["--json"]))["error"]["code"], "nitro.policy.debug_mode");
    assert_eq!(verify("valid-debug-mode.cbor", &["--allow-debug"]).status.code(), Some(0));
    let out = verify("valid-indefinite-map.cbor", &["--json", "--nonce", "00"]);
    assert_eq!(json_of(&out)["error"]["code"], "nitro.policy.nonce");
    // --max-age is in seconds: the document is 250 ms old at --at, so 0 s fails and 1 s passes.
    let nitro = vectors().join("nitro");
    let doc = nitro.join("valid-definite-map.cbor");
    let root = nitro.join("root.der");
    let run = |max_age: &str| {
        lightcheck(&[
            "nitro",
            "verify",
            doc.to_str().unwrap(),
            "--root",
            root.to_str().unwrap(),
            "--at",
            "1748736001000",
            "--max-age",
            max_age,
        ])
        .status
        .code()
    };
    assert_eq!(run("0"), Some(1));
    assert_eq!(run("1"), Some(0));
}

#[test]
fn rfc3339_time_and_text_encodings_are_accepted() {
    let nitro = vectors().join("nitro");
    let raw = std::fs::read(nitro.join("valid-definite-map.cbor")).unwrap();
    let dir = std::env::temp_dir().join(format!("lightcheck-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let forms = [
        ("doc.hex", hex::encode(&raw).into_bytes()),
        ("doc.b64", base64::engine::general_purpose::STANDARD.encode(&raw).into_bytes()),
        ("doc.b64url", format!("{}\n", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&raw)).into_bytes()),
    ];
    let root = nitro.join("root.der");
    for (name, bytes) in forms {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = lightcheck(&[
            "nitro",
            "verify",
            path.to_str().unwrap(),
            "--root",
            root.to_str().unwrap(),
            "--at",
            "2025-06-01T00:00:00.250Z",
        ]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&out.stdout));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_root_the_aws_root_is_the_only_anchor() {
    let doc = vectors().join("nitro/valid-definite-map.cbor");
    let out = lightcheck(&["nitro", "verify", doc.to_str().unwrap(), "--at", "1748736000250", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_of(&out)["error"]["code"], "nitro.cert.untrusted_root");
}

#[test]
fn usage_and_io_errors_exit_2() {
    for args in [
        &["nitro", "verify"][..],
        &["nitro", "verify", "/nonexistent/doc.cbor"],
        &["nitro", "verify", "x", "--at", "yesterday"],
        &["nitro", "verify", "x", "--pcr", "40=00"],
        &["nitro", "verify", "x", "--frobnicate"],
        &["nitro"],
        &["frobnicate"],
        &[],
    ] {
        let out = lightcheck(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?} explains itself on stderr");
    }
}

fn cometbft_vector(name: &str) -> String {
    vectors().join("cometbft").join(name).to_str().unwrap().to_string()
}

#[test]
fn cometbft_verify_reports_verdicts_and_exit_codes() {
    let now = "2025-06-01T00:05:00Z";
    let run = |trusted: &str, untrusted: &str, extra: &[&str]| {
        let (t, u) = (cometbft_vector(trusted), cometbft_vector(untrusted));
        let mut args = vec!["cometbft", "verify", "--trusted", &t, "--untrusted", &u, "--now", now, "--json"];
        args.extend_from_slice(extra);
        lightcheck(&args)
    };
    let out = run("val4-h1.json", "val4-h10.json", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let v = json_of(&out);
    assert_eq!((v["verdict"].as_str(), v["height"].as_u64()), (Some("SUCCESS"), Some(10)));
    assert_eq!(v["hash"].as_str().unwrap().len(), 64);

    let out = run("rot-h1.json", "rot-all-h7.json", &["--verify-all"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(
        (v["verdict"].as_str(), v["error"]["code"].as_str()),
        (Some("NOT_ENOUGH_TRUST"), Some("cometbft.trust.not_enough"))
    );

    let out = run("val4-h1.json", "reject-chain-id.json", &[]);
    assert_eq!(json_of(&out)["error"]["code"], "cometbft.header.chain_id");
    // A trusting period that ended before `now`.
    let out = run("val4-h1.json", "val4-h10.json", &["--trusting-period", "60"]);
    assert_eq!(json_of(&out)["error"]["code"], "cometbft.trust.expired");
    for bad in [&["--trust-level", "1/4"][..], &["--trust-level", "x"], &["--now", "soon"], &["--clock-drift", "-1"]] {
        assert_eq!(run("val4-h1.json", "val4-h10.json", bad).status.code(), Some(2), "{bad:?}");
    }
    assert_eq!(lightcheck(&["cometbft", "verify", "--trusted", "x"]).status.code(), Some(2));
}

#[test]
fn cometbft_verify_commit_and_tx_on_real_rpc_responses() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors/cometbft/tendermint-rs/rpc");
    if !shared.is_dir() {
        eprintln!("!!!!!!!! SHARED VECTORS NOT FOUND at {} — real RPC CLI test SKIPPED !!!!!!!!", shared.display());
        return;
    }
    let dir = shared.join("kvstore_fixtures/v0_37/incoming");
    let tmp = std::env::temp_dir().join(format!("lightcheck-cometbft-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    // /validators-shaped page built from the genesis validators.
    let genesis: Value = serde_json::from_slice(&std::fs::read(dir.join("genesis.json")).unwrap()).unwrap();
    let vals = serde_json::json!({"jsonrpc": "2.0", "id": 1, "result": {"block_height": "10", "validators": genesis["result"]["genesis"]["validators"], "count": "1", "total": "1"}});
    let vals_path = tmp.join("validators.json");
    std::fs::write(&vals_path, vals.to_string()).unwrap();
    let commit = dir.join("commit_at_height_10.json");
    let out = lightcheck(&[
        "cometbft",
        "verify-commit",
        "--signed-header",
        commit.to_str().unwrap(),
        "--validators",
        vals_path.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json_of(&out)["height"], 10);
    // The same commit against validators that did not sign it.
    let other = serde_json::json!({"validators": [{"address": "", "pub_key": {"type": "tendermint/PubKeyEd25519", "value": "GQEC/HB4sDBAVhHtUzyv4yct9ZGnudaP209QQBSTfSQ="}, "voting_power": "10"}]});
    std::fs::write(&vals_path, other.to_string()).unwrap();
    let out = lightcheck(&[
        "cometbft",
        "verify-commit",
        "--signed-header",
        commit.to_str().unwrap(),
        "--validators",
        vals_path.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_of(&out)["error"]["code"], "cometbft.validators.hash_mismatch");

    // A tx proof against the header of its block (block 44 is in block_search.json).
    let txs: Value = serde_json::from_slice(&std::fs::read(dir.join("tx_search_with_prove.json")).unwrap()).unwrap();
    let blocks: Value = serde_json::from_slice(&std::fs::read(dir.join("block_search.json")).unwrap()).unwrap();
    let tx = txs["result"]["txs"].as_array().unwrap().iter().find(|t| t["height"] == "44").unwrap();
    let block =
        blocks["result"]["blocks"].as_array().unwrap().iter().find(|b| b["block"]["header"]["height"] == "44").unwrap();
    let header = serde_json::json!({"header": block["block"]["header"], "commit": {"height": "44", "block_id": block["block_id"], "signatures": []}});
    let (tx_path, header_path) = (tmp.join("tx.json"), tmp.join("header.json"));
    std::fs::write(&tx_path, serde_json::json!({"result": tx}).to_string()).unwrap();
    std::fs::write(&header_path, header.to_string()).unwrap();
    let out = lightcheck(&[
        "cometbft",
        "verify-tx",
        "--header",
        header_path.to_str().unwrap(),
        "--proof",
        tx_path.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json_of(&out)["tx_hash"], tx["hash"]);
    // Against another block's header.
    let other_block =
        blocks["result"]["blocks"].as_array().unwrap().iter().find(|b| b["block"]["header"]["height"] != "44").unwrap();
    let header = serde_json::json!({"header": other_block["block"]["header"], "commit": {"height": other_block["block"]["header"]["height"], "block_id": other_block["block_id"], "signatures": []}});
    std::fs::write(&header_path, header.to_string()).unwrap();
    let out = lightcheck(&[
        "cometbft",
        "verify-tx",
        "--header",
        header_path.to_str().unwrap(),
        "--proof",
        tx_path.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(json_of(&out)["error"]["code"].as_str().unwrap().starts_with("cometbft.proof."));
    std::fs::remove_dir_all(&tmp).unwrap();
}

fn settlement(file: &str) -> String {
    vectors().join("settlement").join(file).display().to_string()
}

/// The README's main job, and each verdict's exit code: 0 settled, 3 pending, 1 rejected.
#[test]
fn og_verify_bundle_verdicts_and_exit_codes() {
    let trusted = settlement("trusted.json");
    let run = |file: &str, now: &str| {
        lightcheck(&["og", "verify-bundle", &settlement(file), "--trusted", &trusted, "--now", now, "--json"])
    };
    let out = run("settled-individual.json", "1770000600");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let report = json_of(&out);
    assert_eq!(report["summary"]["verdict"], "settled");
    assert_eq!(report["summary"]["height"], 8);
    assert_eq!(report["links"]["settlement_match"]["status"], "verified");

    let out = run("pending-attested.json", "1770000600");
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(json_of(&out)["summary"]["since_response_secs"], 600);

    let out = run("rejected-event-mismatch.json", "1770000600");
    assert_eq!(out.status.code(), Some(1));
    let report = json_of(&out);
    assert_eq!(report["summary"]["link"], "settlement_match");
    assert_eq!(report["links"]["settlement_match"]["code"], "opengradient.settlement.mismatch");

    // Human output: one line per link, then the verdict.
    let out = lightcheck(&[
        "og",
        "verify-bundle",
        &settlement("settled-batch-proof.json"),
        "--trusted",
        &trusted,
        "--now",
        "1770000600",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("SETTLED at height 10"), "{text}");
    assert_eq!(text.lines().filter(|l| l.split_whitespace().nth(1) == Some("verified")).count(), 6, "{text}");

    // A pinned pcrHash the enclave does not have.
    let out = lightcheck(&[
        "og",
        "verify-bundle",
        &settlement("settled-individual.json"),
        "--trusted",
        &trusted,
        "--now",
        "1770000600",
        "--pcr-hash",
        &"11".repeat(32),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_of(&out)["summary"]["code"], "opengradient.binding.pcr_hash");
}

#[test]
fn og_verify_response_from_files() {
    let dir = std::env::temp_dir().join(format!("lightcheck-og-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let doc: Value =
        serde_json::from_slice(&std::fs::read(vectors().join("opengradient/responses.json")).unwrap()).unwrap();
    let case = doc["cases"].as_array().unwrap().iter().find(|c| c["name"] == "ascii-doc-vector").unwrap();
    let write = |name: &str, text: String| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let req = write("request.json", case["request"].to_string());
    let resp = write("response.json", case["response"].to_string());
    let key = write("key.pem", doc["keys"]["test"].as_str().unwrap().to_string());
    let other = write("other.pem", doc["keys"]["other"].as_str().unwrap().to_string());
    let out = lightcheck(&["og", "verify-response", "--request", &req, "--response", &resp, "--key", &key, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_of(&out)["tee_id"], doc["tee_ids"]["test"]);
    let out = lightcheck(&["og", "verify-response", "--request", &req, "--response", &resp, "--key", &other, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_of(&out)["error"]["code"], "opengradient.response.tee_id");
    let out = lightcheck(&["og", "verify-response", "--request", &req, "--response", &resp]);
    assert_eq!(out.status.code(), Some(2), "--key is required");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--pcr-set` (rolling deploys) on a real AWS document (`../shared/vectors/nitro/base-1.cbor` at
/// its manifest `verify_at_ms`), with its manifest PCRs 0–2 as the current image.
#[test]
fn pcr_sets_on_a_real_document() {
    let dir = std::env::var_os("LIGHTCHECK_SHARED_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors"))
        .join("nitro");
    if !dir.join("manifest.json").is_file() {
        eprintln!(
            "!!!!!!!! SHARED VECTORS NOT FOUND at {} — real Nitro --pcr-set test SKIPPED !!!!!!!!",
            dir.display()
        );
        return;
    }
    let manifest: Value = serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let entry = manifest.as_array().unwrap().iter().find(|e| e["file"] == "base-1.cbor").unwrap();
    let at = entry["verify_at_ms"].as_u64().unwrap().to_string();
    let pcr = |i: &str| entry["pcrs_nonzero"][i].as_str().unwrap().to_string();
    let image = format!("0={},1={},2={}", pcr("0"), pcr("1"), pcr("2"));
    // The "old image": PCR1 differs in its last byte.
    let mut old1 = pcr("1");
    old1.replace_range(95.., if old1.ends_with('0') { "1" } else { "0" });
    let old_image = format!("0={},1={old1},2={}", pcr("0"), pcr("2"));
    let doc = dir.join("base-1.cbor");
    let run = |extra: &[&str]| {
        let mut args = vec!["nitro", "verify", doc.to_str().unwrap(), "--at", &at];
        args.extend_from_slice(extra);
        lightcheck(&args)
    };

    let out = run(&["--json", "--pcr-set", &old_image, "--pcr-set", &image]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json_of(&out)["matched_pcr_set"], 1);
    let text = run(&["--pcr-set", &old_image, "--pcr-set", &image]);
    assert_eq!(text.status.code(), Some(0));
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.lines().any(|l| l.trim_start().starts_with("pcr set") && l.contains(" 1 ")), "{text}");
    // Without sets: null in JSON, no line in the text.
    let out = run(&["--json"]);
    assert_eq!(json_of(&out)["matched_pcr_set"], Value::Null);
    assert!(!String::from_utf8_lossy(&run(&[]).stdout).contains("pcr set"));

    // No set matches: the new code; the message names the sets tried and the first difference.
    let out = run(&["--json", "--pcr-set", &old_image, "--pcr-set", &format!("4={}", "00".repeat(48))]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["error"]["code"], "nitro.policy.pcr_set_mismatch");
    assert_eq!(v["error"]["class"], "policy");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("(2 tried; closest: set 0") && message.contains("set 0") && message.contains("pcrs[1]"),
        "{message}"
    );

    // A set matches but --pcr does not: the --pcr error.
    let wrong_pin = format!("1={old1}");
    let out = run(&["--json", "--pcr-set", &image, "--pcr", &wrong_pin]);
    assert_eq!(json_of(&out)["error"]["code"], "nitro.policy.pcr_mismatch");

    // Invalid sets are usage errors (exit 2), before the document is read.
    let zeros = "00".repeat(48);
    for bad in [
        format!("0={zeros},0={zeros}"),
        format!("32={zeros}"),
        format!("0={}", "00".repeat(47)),
        "0".to_string(),
        String::new(),
    ] {
        let out = run(&["--pcr-set", &bad]);
        assert_eq!(out.status.code(), Some(2), "--pcr-set {bad:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let many: Vec<String> = (0..17).flat_map(|_| ["--pcr-set".to_string(), image.clone()]).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(run(&many).status.code(), Some(2));
    assert_eq!(run(&many[2..]).status.code(), Some(0), "16 sets are allowed");
}
