//! TEE response verification against the OpenGradient SDK's own verdicts.
//!
//! `test-vectors/opengradient/responses.json` is written by `scripts/og-vectors.py`, which
//! signs responses with test keys using the SDK's hashing functions and records what the SDK's
//! `verify_response` says about each (valid, or which check failed). CI re-runs the SDK over the
//! committed file (`scripts/og-differential`). Here lightcheck must reach the same verdict on
//! every case, and fail the same check, except where lightcheck is deliberately stricter
//! (listed, with the reason, in [`STRICTER`]).
#![cfg(feature = "opengradient")]

use std::collections::BTreeMap;

use lightcheck::opengradient::pyjson::{self, Value};
use lightcheck::opengradient::Error;
use lightcheck::opengradient::{verify_response, ResponseOptions, SigningKey, VerifiedResponse};

/// Cases the SDK accepts and lightcheck rejects, with the code lightcheck gives and why.
const STRICTER: &[(&str, &str, &str)] = &[
    ("lenient-raw-lone-surrogate", "opengradient.decode", "a lone surrogate is not Unicode text"),
    ("lenient-timestamp-string-space", "opengradient.decode", "tee_timestamp: digits only"),
    ("lenient-timestamp-string-underscores", "opengradient.decode", "tee_timestamp: digits only"),
    ("lenient-timestamp-string-plus", "opengradient.decode", "tee_timestamp: digits only"),
    ("lenient-timestamp-string-newline", "opengradient.decode", "tee_timestamp: digits only"),
    ("lenient-timestamp-string-arabic-indic-digits", "opengradient.decode", "tee_timestamp: ASCII digits only"),
    ("lenient-timestamp-string-fullwidth-digits", "opengradient.decode", "tee_timestamp: ASCII digits only"),
    ("lenient-timestamp-max-uint256-string", "opengradient.decode", "tee_timestamp: must fit 64 bits"),
    ("timestamp-2pow64-int", "opengradient.decode", "tee_timestamp: must fit 64 bits (year 584 billion)"),
    ("lenient-signature-base64-line-breaks", "opengradient.decode", "tee_signature: strict base64"),
    ("lenient-signature-base64-junk-chars", "opengradient.decode", "tee_signature: strict base64"),
    ("lenient-signature-base64-extra-padding", "opengradient.decode", "tee_signature: strict base64"),
    ("lenient-signature-base64-interior-padding", "opengradient.decode", "tee_signature: strict base64"),
    (
        "lenient-signature-leading-zero-stripped",
        "opengradient.response.bad_signature",
        "RFC 8017: a signature is exactly k bytes (OpenSSL pads a short one)",
    ),
];

/// The lightcheck code for each SDK check name.
fn code_for(check: &str) -> Option<&'static str> {
    Some(match check {
        "fields" => "opengradient.decode",
        "tee_id" => "opengradient.response.tee_id",
        "unexpected_tee" => "opengradient.response.unexpected_tee",
        "request_hash" => "opengradient.response.request_hash",
        "output_hash" => "opengradient.response.output_hash",
        "signature" => "opengradient.response.bad_signature",
        "unsupported" => "opengradient.request.unsupported",
        _ => return None, // "error": an exception the SDK does not catch; lightcheck must reject.
    })
}

struct Vectors {
    keys: BTreeMap<String, SigningKey>,
    cases: Vec<Value>,
}

fn load() -> Vectors {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/opengradient/responses.json");
    let doc = pyjson::parse(&std::fs::read(path).expect("responses.json")).expect("parses");
    let keys = doc
        .get("keys")
        .and_then(Value::as_object)
        .expect("keys")
        .iter()
        .map(|(name, pem)| (name.clone(), SigningKey::from_pem_or_der(pem.as_str().unwrap().as_bytes()).expect("key")))
        .collect();
    let cases = doc.get("cases").and_then(Value::as_array).expect("cases").to_vec();
    Vectors { keys, cases }
}

fn run(v: &Vectors, case: &Value) -> Result<VerifiedResponse, Error> {
    let request = match case.get("request_json") {
        Some(Value::Str(text)) => pyjson::parse(text.as_bytes())?,
        _ => case.get("request").expect("request").clone(),
    };
    let key = &v.keys[case.get("key").and_then(Value::as_str).expect("key name")];
    let expected_tee_id = case.get("expected_tee_id").and_then(Value::as_str).filter(|s| !s.is_empty()).map(|s| {
        let mut out = [0u8; 32];
        hex::decode_to_slice(s.trim_start_matches("0x"), &mut out).expect("expected_tee_id hex");
        out
    });
    let options = ResponseOptions { content: case.get("content").and_then(Value::as_str), expected_tee_id };
    verify_response(&request, case.get("response").expect("response"), key, &options)
}

#[test]
fn every_case_agrees_with_the_sdk() {
    let v = load();
    assert!(v.cases.len() >= 100, "only {} cases", v.cases.len());
    let (mut valid, mut invalid, mut stricter) = (0, 0, 0);
    for case in &v.cases {
        let name = case.get("name").and_then(Value::as_str).unwrap();
        let sdk = case.get("sdk").unwrap();
        let sdk_valid = matches!(sdk.get("valid"), Some(Value::Bool(true)));
        let ours = run(&v, case);
        if let Some((_, code, why)) = STRICTER.iter().find(|(n, _, _)| *n == name) {
            assert!(sdk_valid, "{name}: listed as stricter but the SDK rejects it");
            let err = ours.expect_err(name);
            assert_eq!(err.code(), *code, "{name} ({why}): {err}");
            stricter += 1;
        } else if sdk_valid {
            let r = ours.unwrap_or_else(|e| panic!("{name}: the SDK accepts it, lightcheck says {} ({e})", e.code()));
            let claimed = case.get("response").unwrap().get("tee_id").and_then(Value::as_str).unwrap();
            assert_eq!(hex::encode(r.tee_id), claimed.trim_start_matches("0x").to_ascii_lowercase(), "{name}");
            valid += 1;
        } else {
            let err = ours.err().unwrap_or_else(|| panic!("{name}: the SDK rejects it, lightcheck accepts it"));
            let check = sdk.get("check").and_then(Value::as_str).unwrap_or("");
            if let Some(code) = code_for(check) {
                assert_eq!(err.code(), code, "{name}: SDK check {check}, lightcheck {err}");
            }
            invalid += 1;
        }
    }
    assert_eq!(stricter, STRICTER.len(), "every listed difference must be exercised");
    assert!(valid >= 60 && invalid >= 60, "{valid} valid, {invalid} invalid");
}

/// Every single-bit flip of a valid signature, and every truncation, is rejected.
#[test]
fn signature_mutation_sweep() {
    use base64::Engine as _;
    let v = load();
    let case = v.cases.iter().find(|c| c.get("name").and_then(Value::as_str) == Some("ascii-doc-vector")).unwrap();
    run(&v, case).expect("the base case verifies");
    let response = case.get("response").unwrap();
    let b64 = base64::engine::general_purpose::STANDARD;
    let sig = b64.decode(response.get("tee_signature").unwrap().as_str().unwrap()).unwrap();
    let with_sig = |s: &[u8]| {
        let mut c = case.clone();
        let Value::Object(m) = &mut c else { unreachable!() };
        let Some(Value::Object(r)) = m.get_mut("response") else { unreachable!() };
        r.insert("tee_signature".into(), Value::Str(b64.encode(s)));
        c
    };
    for i in 0..sig.len() {
        for bit in [0x01u8, 0x80] {
            let mut s = sig.clone();
            s[i] ^= bit;
            let err = run(&v, &with_sig(&s)).expect_err("flipped signature");
            assert_eq!(err.code(), "opengradient.response.bad_signature");
        }
    }
    for len in [0, 1, sig.len() - 1, sig.len() + 1] {
        let mut s = sig.clone();
        s.resize(len, 0);
        assert!(run(&v, &with_sig(&s)).is_err(), "length {len}");
    }
}

#[test]
fn keys_outside_the_registry_bounds_are_refused() {
    // A real 1024-bit RSA SubjectPublicKeyInfo: well-formed, below OpenGradient's 2048-bit floor.
    let tiny = hex::decode(concat!(
        "30819f300d06092a864886f70d010101050003818d0030818902818100cdab470664d56fb41fce50a585398ce104ed",
        "6019d6dc6c4e29c0cab45cc70ddf58f1be06d087da1fdb588141ee550c46a25a16598fade462503ed8ad57f92c15baa2",
        "62d6dcc4cac11822fa467e3e3eedc9c2013571837f4dce4cfc661ed9935845028a6f2be78f63a8b3dc9bc812202c0a20",
        "0f0b2164412b59586e828976eb650203010001"
    ))
    .unwrap();
    let err = SigningKey::from_spki_der(&tiny).expect_err("1024-bit key");
    assert_eq!(err.code(), "opengradient.key.invalid");
    assert!(SigningKey::from_pem_or_der(b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").is_err());
    assert!(SigningKey::from_pem_or_der(&[0u8; 20_000]).is_err());
}
