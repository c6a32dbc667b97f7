//! The one-pass reader's own branches: the envelope read while keys stream, strings with escapes,
//! keys too long for the stack buffer, conversion errors kept typed while the array is read on.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::{json, Value};

use super::*;

fn block() -> Value {
    serde_json::from_str(include_str!("../../../../test-vectors/cometbft/val4-h1.json")).expect("val4-h1.json")
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).expect("JSON")
}

fn decode_error(e: Error) -> (String, String) {
    match e {
        Error::Decode { field, reason } => (field, reason),
        other => panic!("not a decode error: {other:?}"),
    }
}

#[test]
fn an_envelope_around_a_light_block_reads_as_the_bare_block() {
    let bare = light_block_from_json(&bytes(&block())).expect("bare");
    let wrapped = json!({"jsonrpc": "2.0", "id": 7, "result": block()});
    assert_eq!(light_block_from_json(&bytes(&wrapped)).expect("enveloped"), bare);
    // `result` and `error` alone (no `jsonrpc`) are an envelope too.
    assert_eq!(light_block_from_json(&bytes(&json!({"result": block()}))).expect("result only"), bare);
}

#[test]
fn an_envelope_error_is_reported_with_its_message_and_string_data() {
    let err = |error: Value| {
        decode_error(light_block_from_json(&bytes(&json!({"jsonrpc": "2.0", "error": error}))).unwrap_err())
    };
    let (field, reason) =
        err(json!({"code": -32603, "message": "Internal error", "data": "height 9 is not available"}));
    assert_eq!((field.as_str(), reason.as_str()), ("error", "Internal error: height 9 is not available"));
    // Data that is not a string is left out; an error that is not an object has no message.
    assert_eq!(err(json!({"message": "Internal error", "data": {"height": 9}})).1, "Internal error");
    assert_eq!(err(json!("boom")).1, "JSON-RPC error");
    // The server's text is cut to 200 bytes.
    assert_eq!(err(json!({"message": "x".repeat(500)})).1.len(), 200);
    // An envelope whose result is null, or missing, carries nothing.
    for doc in [json!({"jsonrpc": "2.0", "result": null}), json!({"jsonrpc": "2.0", "id": 1})] {
        assert_eq!(decode_error(light_block_from_json(&bytes(&doc)).unwrap_err()).0, "result");
    }
    // The Value-based rule (inclusion proofs) reads envelopes the same way.
    let doc = json!({"jsonrpc": "2.0", "error": {"message": "Internal error", "data": "tx not found"}});
    assert_eq!(decode_error(rpc_result(&doc).unwrap_err()).1, "Internal error: tx not found");
}

#[test]
fn a_body_that_also_has_a_result_key_is_not_an_envelope() {
    let mut doc = block();
    doc["result"] = json!({"anything": 1});
    assert_eq!(
        light_block_from_json(&bytes(&doc)).expect("bare body"),
        light_block_from_json(&bytes(&block())).unwrap()
    );
    assert_eq!(rpc_result(&doc).expect("bare body"), &doc);
}

#[test]
fn a_field_written_twice_is_refused() {
    let text = String::from_utf8(bytes(&block())).unwrap();
    let dup = text.replacen('{', "{\"validator_set\":{\"validators\":[]},", 1);
    assert!(dup.contains("\"validator_set\":{\"validators\":[]}"), "the test input changed");
    let (_, reason) = decode_error(light_block_from_json(dup.as_bytes()).unwrap_err());
    assert!(reason.contains("duplicate field `validator_set`"), "{reason}");
}

#[test]
fn escaped_characters_in_hex_and_base64_strings_decode_as_the_plain_ones() {
    let plain = light_block_from_json(&bytes(&block())).unwrap();
    let text = String::from_utf8(bytes(&block())).unwrap();
    let hash = block()["signed_header"]["header"]["data_hash"].as_str().unwrap().to_string();
    let escaped = hash.replacen('E', "\\u0045", 1);
    assert_ne!(hash, escaped);
    let key = block()["validator_set"]["validators"][0]["pub_key"]["value"].as_str().unwrap().to_string();
    let first = key.chars().next().unwrap();
    let escaped_key = alloc::format!("\\u{:04x}{}", u32::from(first), &key[1..]);
    let text = text.replacen(&hash, &escaped, 1).replacen(&key, &escaped_key, 1);
    assert!(text.contains("\\u0045") && text.contains(&escaped_key), "the test input changed");
    assert_eq!(light_block_from_json(text.as_bytes()).expect("escaped strings"), plain);
}

#[test]
fn a_key_longer_than_the_stack_buffer_is_reported_by_its_type() {
    let mut doc = block();
    let bls = base64::engine::general_purpose::STANDARD.encode([7u8; 96]);
    doc["validator_set"]["validators"][1]["pub_key"] = json!({"type": "tendermint/PubKeyBls12_381", "value": bls});
    assert_eq!(light_block_from_json(&bytes(&doc)).unwrap_err().code(), "cometbft.key.unsupported");
    // Bad base64 there is a decode error naming the validator.
    doc["validator_set"]["validators"][1]["pub_key"]["value"] = json!("!".repeat(100));
    assert_eq!(decode_error(light_block_from_json(&bytes(&doc)).unwrap_err()).0, "validators[1].pub_key");
}

#[test]
fn the_first_bad_array_element_is_named_and_the_count_limit_comes_first() {
    let mut doc = block();
    doc["signed_header"]["commit"]["signatures"][2]["signature"] = json!("not base64!");
    doc["signed_header"]["commit"]["signatures"][3]["signature"] = json!("not base64 either!");
    assert_eq!(decode_error(light_block_from_json(&bytes(&doc)).unwrap_err()).0, "commit.signatures[2].signature");

    // 10 001 entries: the count is reported, not the bad element among them.
    let absent =
        json!({"block_id_flag": 1, "validator_address": "", "timestamp": "0001-01-01T00:00:00Z", "signature": null});
    let mut sigs: Vec<Value> = alloc::vec![absent; MAX_VALIDATORS + 1];
    sigs[0] = doc["signed_header"]["commit"]["signatures"][2].clone();
    doc["signed_header"]["commit"]["signatures"] = Value::Array(sigs);
    let (field, reason) = decode_error(light_block_from_json(&bytes(&doc)).unwrap_err());
    assert_eq!((field.as_str(), reason.as_str()), ("commit.signatures", "more than 10000 entries"));
}

#[test]
fn validator_pages_name_the_index_within_their_page() {
    let vals = block()["validator_set"]["validators"].clone();
    let mut second = vals.clone();
    second[1]["pub_key"]["value"] = json!("!!!!");
    let first = bytes(&json!({"validators": vals, "total": "8"}));
    let second = bytes(&json!({"validators": second, "total": "8"}));
    let err = validator_set_from_json_pages(&[&first, &second]).unwrap_err();
    assert_eq!(decode_error(err).0, "validators[1].pub_key");
    // Pages that do not add up to their total are reported before any bad validator.
    let short = bytes(&json!({"validators": vals, "total": "9"}));
    let (_, reason) = decode_error(validator_set_from_json_pages(&[&short, &second]).unwrap_err());
    assert!(reason.contains("pages disagree on the total"), "{reason}");
}
