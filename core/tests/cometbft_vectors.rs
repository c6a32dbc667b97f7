//! CometBFT encodings against Go's golden values, and the 99 model-based single-step verdicts of
//! tendermint-rs (`../shared/vectors/cometbft`).
#![cfg(feature = "cometbft")]

mod common;

use std::time::Duration;

use lightcheck::cometbft::commit::canonical_vote_sign_bytes;
use lightcheck::cometbft::json::{self, light_block_from_json_value, validator_set_from_json_value};
use lightcheck::cometbft::{merkle, verify, BlockId, LightBlock, Options, PartSetHeader, TrustThreshold, Verdict};
use lightcheck::time::Timestamp;
use serde_json::Value;

fn vectors() -> Option<std::path::PathBuf> {
    Some(common::shared_vectors()?.join("cometbft"))
}

#[test]
fn header_hashes_match_go() {
    let Some(dir) = vectors() else { return };
    let golden = common::json(&dir.join("cometbft-go-golden/header_hash.json"));
    let mut checked = 0;
    for case in golden["cases"].as_array().unwrap() {
        let sh =
            serde_json::json!({"header": case["header"], "commit": {"height": "1", "block_id": {}, "signatures": []}});
        let header = json::signed_header_from_json_value(sh).unwrap().header;
        let got = header.hash().map(hex::encode_upper);
        assert_eq!(got.as_deref(), case["expected_hash"].as_str(), "{}", case["name"]);
        checked += 1;
    }
    assert!(checked >= 2);
    let known = common::json(&dir.join("tendermint-rs/tendermint/serialization/block/header_with_known_hash.json"));
    let sh = serde_json::json!({"header": known, "commit": {"height": "1", "block_id": {}, "signatures": []}});
    let header = json::signed_header_from_json_value(sh).unwrap().header;
    assert_eq!(
        hex::encode_upper(header.hash().unwrap()),
        "F30A71F2409FB15AACAEDB6CC122DFA2525BEE9CAE521721B06BFDCA291B8D56"
    );
}

#[test]
fn vote_sign_bytes_match_go() {
    let Some(dir) = vectors() else { return };
    let golden = common::json(&dir.join("cometbft-go-golden/vote_sign_bytes.json"));
    for case in golden["cases"].as_array().unwrap() {
        let vote = &case["vote"];
        let ts = &case["timestamp_unix"];
        let timestamp = Timestamp::new(ts[0].as_i64().unwrap(), ts[1].as_u64().unwrap() as u32).unwrap();
        let block_id = case["block_id"].as_object().map(|b| BlockId {
            hash: common::unhex(b["hash"].as_str().unwrap()),
            part_set_header: PartSetHeader {
                total: b["parts"]["total"].as_u64().unwrap() as u32,
                hash: common::unhex(b["parts"]["hash"].as_str().unwrap()),
            },
        });
        let got = canonical_vote_sign_bytes(
            vote["type"].as_u64().unwrap(),
            vote["height"].as_i64().unwrap(),
            vote["round"].as_i64().unwrap(),
            block_id.as_ref(),
            &timestamp,
            case["chain_id"].as_str().unwrap(),
        );
        assert_eq!(hex::encode(got), case["expected_hex"].as_str().unwrap(), "case {}", case["index"]);
    }
}

#[test]
fn rfc6962_matches_go() {
    let Some(dir) = vectors() else { return };
    let golden = common::json(&dir.join("cometbft-go-golden/merkle_rfc6962.json"));
    for case in golden["cases"].as_array().unwrap() {
        let hex_of = |k: &str| common::unhex(case[k].as_str().unwrap());
        let got = match case["kind"].as_str().unwrap() {
            "empty_tree" => merkle::root::<&[u8]>(&[]),
            "leaf" => merkle::leaf_hash(&hex_of("input_hex")),
            "inner" => merkle::inner_hash(&hex_of("left_hex"), &hex_of("right_hex")),
            k => panic!("unknown kind {k}"),
        };
        assert_eq!(hex::encode(got), case["expected_hex"].as_str().unwrap(), "{}", case["name"]);
    }
}

/// The tendermint-rs model-based harness: trust 1/3, clock drift 0, the trusted block's validators
/// and next validators both `initial.next_validator_set`; on SUCCESS the block becomes trusted.
#[test]
fn model_based_single_step_verdicts() {
    let Some(dir) = vectors() else { return };
    let mut files: Vec<_> = std::fs::read_dir(dir.join("tendermint-rs/light-client/model_based/single_step"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let (mut steps, mut by_verdict) = (0, std::collections::BTreeMap::<String, usize>::new());
    for path in &files {
        let t = common::json(path);
        if t.get("initial").is_none() {
            continue; // model configuration files
        }
        let initial = &t["initial"];
        let next = validator_set_from_json_value(initial["next_validator_set"].clone()).unwrap();
        let mut trusted = LightBlock {
            signed_header: json::signed_header_from_json_value(initial["signed_header"].clone()).unwrap(),
            validators: next.clone(),
            next_validators: Some(next),
        };
        let period: u64 = initial["trusting_period"].as_str().unwrap().parse().unwrap();
        let options = Options {
            trust_threshold: TrustThreshold::ONE_THIRD,
            trusting_period: Duration::from_nanos(period),
            clock_drift: Duration::ZERO,
            counting: Default::default(),
        };
        for (i, input) in t["input"].as_array().unwrap().iter().enumerate() {
            let expected = input["verdict"].as_str().unwrap();
            let now = Timestamp::parse(input["now"].as_str().unwrap()).unwrap();
            let verdict = match light_block_from_json_value(block_value(&input["block"])) {
                Ok(untrusted) => {
                    let v = Verdict::from(verify(&untrusted, &trusted, &options, now));
                    if v == Verdict::Success {
                        trusted = untrusted;
                    }
                    v
                }
                Err(e) => Verdict::Invalid(e),
            };
            let got = match &verdict {
                Verdict::Success => "SUCCESS",
                Verdict::NotEnoughTrust => "NOT_ENOUGH_TRUST",
                Verdict::Invalid(_) => "INVALID",
            };
            assert_eq!(got, expected, "{} step {i}: {verdict:?}", path.file_name().unwrap().to_string_lossy());
            steps += 1;
            *by_verdict.entry(expected.to_string()).or_default() += 1;
        }
    }
    assert_eq!(steps, 99, "{by_verdict:?}");
}

fn block_value(block: &Value) -> Value {
    serde_json::json!({
        "signed_header": block["signed_header"],
        "validator_set": block["validator_set"],
        "next_validator_set": block["next_validator_set"],
    })
}
