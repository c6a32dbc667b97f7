//! The suite both wasm-bindgen-test targets run (tests/node.rs in Node, tests/browser.rs in
//! headless Chromium): every exported function called as JavaScript calls it, on the project's
//! test vectors, asserting the verified values and the codes of rejections.

mod vectors;

use js_sys::{Array, Function, Promise, Reflect, Uint8Array, JSON};
use lightcheck_wasm as lc;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use vectors::{COMETBFT_FILES, NITRO_FILES, SETTLEMENT_FILES};

macro_rules! vector_str {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/", $path))
    };
}
macro_rules! vector_bytes {
    ($path:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/", $path))
    };
}

const NITRO_ROOT: &[u8] = vector_bytes!("nitro/root.der");
const NITRO_VALID: &[u8] = vector_bytes!("nitro/valid-definite-map.cbor");
const NITRO_AT: f64 = 1_748_736_000_250.0;
const PCR0: &str = "082b13a3f8faf32e9eb3bb823d3e529894728c15be19aaad7851511c7a9a578c7f2c0bdeaaa779381bd2db4cef950508";
const SETTLEMENT_NOW_MS: f64 = 1_770_000_600_000.0;

// ---- helpers -----------------------------------------------------------------------------------

fn bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

fn js(v: &Value) -> JsValue {
    JSON::parse(&v.to_string()).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn string(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_else(|| panic!("{key} is not a string: {:?}", get(v, key)))
}

fn number(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().unwrap_or_else(|| panic!("{key} is not a number: {:?}", get(v, key)))
}

fn numbers(v: &JsValue) -> Vec<f64> {
    v.dyn_ref::<Array>().expect("an array").iter().map(|x| x.as_f64().unwrap()).collect()
}

/// The thrown value of a call that must fail: a JavaScript `Error` with `code` and `errorClass`.
#[track_caller]
fn thrown<T>(result: Result<T, JsValue>) -> (String, String, String) {
    let Err(e) = result else { panic!("expected a throw") };
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {e:?}");
    let message = String::from(e.unchecked_ref::<js_sys::Error>().message());
    (string(&e, "code"), string(&e, "errorClass"), message)
}

fn nitro_file(name: &str) -> &'static [u8] {
    NITRO_FILES.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no nitro vector {name}")).1
}

fn cometbft_file(name: &str) -> &'static str {
    COMETBFT_FILES.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no cometbft vector {name}")).1
}

fn settlement_file(name: &str) -> &'static str {
    SETTLEMENT_FILES.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no settlement vector {name}")).1
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect()
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &d)| n | u32::from(d) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

// ---- module ------------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn version_and_capabilities() {
    assert_eq!(lc::version(), env!("CARGO_PKG_VERSION"));
    let caps: Vec<String> =
        lc::capabilities().unchecked_into::<Array>().iter().map(|c| c.as_string().unwrap()).collect();
    assert_eq!(caps, ["nitro", "cometbft", "zk", "opengradient"]);
}

// ---- Nitro -------------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn nitro_valid_document() {
    let policy = js(&json!({ "expectedPcrs": { "0": PCR0 } }));
    Reflect::set(&policy, &"roots".into(), &Array::of1(&bytes(NITRO_ROOT))).unwrap();
    let a = lc::verify_nitro(bytes(NITRO_VALID), JsValue::from_f64(NITRO_AT), policy).unwrap();
    assert_eq!(string(&a, "moduleId"), "i-0123456789abcdef0-enc0123456789abcdef");
    assert_eq!(number(&a, "timestampMs"), NITRO_AT);
    assert_eq!(string(&a, "digest"), "SHA384");
    let pcr0 = get(&get(&a, "pcrs"), "0").dyn_into::<Uint8Array>().unwrap().to_vec();
    assert_eq!(pcr0, hex_bytes(PCR0));
    assert_eq!(get(&a, "publicKey").dyn_into::<Uint8Array>().unwrap().length(), 97);
    assert!(get(&a, "userData").is_null() && get(&a, "nonce").is_null());
    assert_eq!(get(&a, "debugMode").as_bool(), Some(false));
    assert!(number(&a, "validFromMs") <= NITRO_AT && NITRO_AT <= number(&a, "validUntilMs"));
    // A Date gives the same verdict.
    let date: JsValue = js_sys::Date::new(&JsValue::from_f64(NITRO_AT)).into();
    let policy = js(&json!({}));
    Reflect::set(&policy, &"roots".into(), &Array::of1(&bytes(NITRO_ROOT))).unwrap();
    lc::verify_nitro(bytes(NITRO_VALID), date, policy).unwrap();
    assert_eq!(lc::nitro_claimed_timestamp_ms(bytes(NITRO_VALID)).unwrap(), NITRO_AT);
}

/// Every case of test-vectors/nitro/manifest.json through the JS API.
#[wasm_bindgen_test]
fn nitro_manifest() {
    let manifest: Value = serde_json::from_str(vector_str!("nitro/manifest.json")).unwrap();
    let cases = manifest["documents"].as_array().unwrap();
    assert!(cases.len() >= 80);
    for case in cases {
        let file = case["file"].as_str().unwrap();
        let root = case["root"].as_str().unwrap_or("root.der");
        let p = &case["policy"];
        let mut policy = json!({});
        if let Some(pcrs) = p.get("pcrs") {
            policy["expectedPcrs"] = pcrs.clone();
        }
        for (from, to) in [
            ("allow_debug", "allowDebug"),
            ("nonce", "nonce"),
            ("user_data", "userData"),
            ("max_age_ms", "maxAgeMs"),
            ("max_future_skew_ms", "maxFutureSkewMs"),
        ] {
            if let Some(v) = p.get(from) {
                policy[to] = v.clone();
            }
        }
        let policy = js(&policy);
        if let Some(kb) = p.get("key_binding") {
            let binding = js(&json!({}));
            Reflect::set(
                &binding,
                &"tlsCertificate".into(),
                &bytes(&hex_bytes(kb["tls_certificate"].as_str().unwrap())),
            )
            .unwrap();
            Reflect::set(
                &binding,
                &"signingKeySpki".into(),
                &bytes(&hex_bytes(kb["signing_key_spki"].as_str().unwrap())),
            )
            .unwrap();
            Reflect::set(&policy, &"keyBinding".into(), &binding).unwrap();
        }
        Reflect::set(&policy, &"roots".into(), &Array::of1(&bytes(nitro_file(root)))).unwrap();
        let now = JsValue::from_f64(case["verify_at_ms"].as_f64().unwrap());
        let result = lc::verify_nitro(bytes(nitro_file(file)), now, policy);
        match case["error_code"].as_str() {
            None => {
                assert_eq!(case["expected"], "valid");
                result.unwrap_or_else(|e| panic!("{file}: {:?}", get(&e, "message")));
            }
            Some(code) => assert_eq!(thrown(result).0, code, "{file}: {}", case["description"]),
        }
    }
}

#[wasm_bindgen_test]
fn nitro_rejections() {
    // The default trust anchor is the AWS root, which the test PKI does not chain to.
    let (code, class, _) =
        thrown(lc::verify_nitro(bytes(NITRO_VALID), JsValue::from_f64(NITRO_AT), JsValue::UNDEFINED));
    assert_eq!((code.as_str(), class.as_str()), ("nitro.cert.untrusted_root", "untrusted"));
    let with_root = |extra: Value| {
        let policy = js(&extra);
        Reflect::set(&policy, &"roots".into(), &Array::of1(&bytes(NITRO_ROOT))).unwrap();
        policy
    };
    let (code, class, message) =
        thrown(lc::verify_nitro(bytes(NITRO_VALID), JsValue::from_f64(1_748_746_741_000.0), with_root(json!({}))));
    assert_eq!((code.as_str(), class.as_str()), ("nitro.cert.expired", "expired"));
    assert!(message.contains("expired"), "{message}");
    let zero_pcr = "00".repeat(48);
    let (code, class, _) = thrown(lc::verify_nitro(
        bytes(NITRO_VALID),
        JsValue::from_f64(NITRO_AT),
        with_root(json!({"expectedPcrs": {"0": zero_pcr}})),
    ));
    assert_eq!((code.as_str(), class.as_str()), ("nitro.policy.pcr_mismatch", "policy"));
    let debug = nitro_file("valid-debug-mode.cbor");
    assert_eq!(
        thrown(lc::verify_nitro(bytes(debug), JsValue::from_f64(NITRO_AT), with_root(json!({})))).0,
        "nitro.policy.debug_mode"
    );
    let a =
        lc::verify_nitro(bytes(debug), JsValue::from_f64(NITRO_AT), with_root(json!({"allowDebug": true}))).unwrap();
    assert_eq!(get(&a, "debugMode").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn nitro_input_errors() {
    let at = || JsValue::from_f64(NITRO_AT);
    for (document, now, policy, names) in [
        (JsValue::from_str("not bytes"), at(), JsValue::UNDEFINED, "document:"),
        (bytes(NITRO_VALID), JsValue::from_str("yesterday"), JsValue::UNDEFINED, "now:"),
        (bytes(NITRO_VALID), JsValue::from_f64(f64::NAN), JsValue::UNDEFINED, "now:"),
        (bytes(NITRO_VALID), JsValue::from_f64(-1.0), JsValue::UNDEFINED, "now:"),
        (bytes(NITRO_VALID), at(), JsValue::from_str("strict"), "policy:"),
        (bytes(NITRO_VALID), at(), js(&json!({"expectedPCRs": {}})), "policy.expectedPCRs:"),
        (bytes(NITRO_VALID), at(), js(&json!({"expectedPcrs": {"32": PCR0}})), "policy.expectedPcrs[32]:"),
        (bytes(NITRO_VALID), at(), js(&json!({"expectedPcrs": {"0": "abcd"}})), "policy.expectedPcrs[0]:"),
        (bytes(NITRO_VALID), at(), js(&json!({"nonce": "xyz"})), "policy.nonce:"),
        (bytes(NITRO_VALID), at(), js(&json!({"allowDebug": "yes"})), "policy.allowDebug:"),
        (bytes(NITRO_VALID), at(), js(&json!({"maxAgeMs": -5})), "policy.maxAgeMs:"),
        (bytes(NITRO_VALID), at(), js(&json!({"roots": []})), "policy.roots:"),
        (bytes(NITRO_VALID), at(), js(&json!({"roots": ["pem?"]})), "policy.roots[0]:"),
        (bytes(NITRO_VALID), at(), js(&json!({"keyBinding": {"tlsCertificate": "00"}})), "policy.keyBinding."),
    ] {
        let (code, class, message) = thrown(lc::verify_nitro(document, now, policy));
        assert_eq!((code.as_str(), class.as_str()), ("input.invalid", "malformed"), "{message}");
        assert!(message.starts_with(names), "{message:?} should name {names}");
    }
    assert_eq!(thrown(lc::nitro_claimed_timestamp_ms(bytes(b"\x00"))).1, "malformed");
}

// ---- CometBFT ----------------------------------------------------------------------------------

/// Every case of test-vectors/cometbft/manifest.json through `verifyLightBlock`, with `now` as
/// RFC 3339 text (the manifest's nanosecond boundaries need it).
#[wasm_bindgen_test]
fn cometbft_manifest() {
    let manifest: Value = serde_json::from_str(vector_str!("cometbft/manifest.json")).unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    assert!(cases.len() >= 50);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let options = js(&json!({
            "trustingPeriodSecs": case["trusting_period_secs"],
            "trustLevel": case["trust_level"],
            "clockDriftSecs": case["clock_drift_secs"],
        }));
        let result = lc::verify_light_block(
            JsValue::from_str(cometbft_file(case["trusted"].as_str().unwrap())),
            JsValue::from_str(cometbft_file(case["untrusted"].as_str().unwrap())),
            JsValue::from_str(case["now"].as_str().unwrap()),
            options,
        );
        match case["error_code"].as_str() {
            None => {
                let header = result.unwrap_or_else(|e| panic!("{name}: {:?}", get(&e, "message")));
                let untrusted: Value =
                    serde_json::from_str(cometbft_file(case["untrusted"].as_str().unwrap())).unwrap();
                let h = &untrusted["signed_header"]["header"];
                assert_eq!(number(&header, "height").to_string(), h["height"].as_str().unwrap(), "{name}");
                assert_eq!(string(&header, "appHashHex"), h["app_hash"].as_str().unwrap(), "{name}");
                assert_eq!(
                    string(&header, "hashHex"),
                    untrusted["signed_header"]["commit"]["block_id"]["hash"],
                    "{name}"
                );
            }
            Some(code) => assert_eq!(thrown(result).0, code, "{name}"),
        }
    }
}

#[wasm_bindgen_test]
fn cometbft_parsed_objects_and_bytes_are_accepted() {
    let trusted: Value = serde_json::from_str(cometbft_file("val4-h1.json")).unwrap();
    let header = lc::verify_light_block(
        js(&trusted),
        bytes(cometbft_file("val4-h2.json").as_bytes()),
        JsValue::from_str("2025-06-01T00:00:36.827472557Z"),
        js(&json!({"verifyAll": true})),
    )
    .unwrap();
    assert_eq!(string(&header, "chainId"), "lightcheck-test");
    assert_eq!(number(&header, "height"), 2.0);
    let (code, _, message) = thrown(lc::verify_light_block(
        JsValue::from_f64(1.0),
        JsValue::from_str("{}"),
        JsValue::from_f64(0.0),
        JsValue::UNDEFINED,
    ));
    assert_eq!(code, "input.invalid");
    assert!(message.starts_with("trusted:"), "{message}");
    let (code, _, message) = thrown(lc::verify_light_block(
        js(&trusted),
        js(&trusted),
        JsValue::from_f64(0.0),
        js(&json!({"trustLevel": [1]})),
    ));
    assert_eq!(code, "input.invalid");
    assert!(message.starts_with("options.trustLevel:"), "{message}");
    let (code, class, _) = thrown(lc::verify_light_block(
        js(&trusted),
        JsValue::from_str(cometbft_file("val4-h2.json")),
        JsValue::from_str("2025-06-01T00:00:36.827472557Z"),
        js(&json!({"trustLevel": [1, 4]})),
    ));
    assert_eq!((code.as_str(), class.as_str()), ("cometbft.options.invalid", "malformed"));
}

#[wasm_bindgen_test]
fn cometbft_verify_commit() {
    let block: Value = serde_json::from_str(cometbft_file("val4-h2.json")).unwrap();
    let header =
        lc::verify_commit(js(&block["signed_header"]), js(&block["validator_set"]), JsValue::UNDEFINED).unwrap();
    assert_eq!(number(&header, "height"), 2.0);
    // Pages: an array of /validators responses (here one page).
    let pages = Array::of1(&js(&block["validator_set"]));
    lc::verify_commit(JsValue::from_str(&block.to_string()), pages.into(), js(&json!({"verifyAll": true}))).unwrap();
    // A forged signature, caught when every signature is verified.
    let forged: Value = serde_json::from_str(cometbft_file("reject-bad-signature-ed25519.json")).unwrap();
    let (code, class, _) = thrown(lc::verify_commit(
        js(&forged["signed_header"]),
        js(&forged["validator_set"]),
        js(&json!({"verifyAll": true})),
    ));
    assert_eq!((code.as_str(), class.as_str()), ("cometbft.commit.bad_signature", "forged"));
    // Another block's validators.
    let other: Value = serde_json::from_str(cometbft_file("val1-h2.json")).unwrap();
    let (code, _, _) =
        thrown(lc::verify_commit(js(&block["signed_header"]), js(&other["validator_set"]), JsValue::UNDEFINED));
    assert_eq!(code, "cometbft.validators.hash_mismatch");
}

#[wasm_bindgen_test]
fn cometbft_verify_tx() {
    let bundle: Value = serde_json::from_str(settlement_file("settled-individual.json")).unwrap();
    let proof = &bundle["settlement"]["tx_proof"];
    let tx = lc::verify_tx(js(&bundle["light_blocks"][0]), js(proof)).unwrap();
    assert_eq!(number(&tx, "height"), 8.0);
    assert_eq!(number(&tx, "index"), 1.0);
    assert_eq!(string(&tx, "txHashHex"), proof["hash"].as_str().unwrap());
    assert!(get(&tx, "tx").dyn_into::<Uint8Array>().unwrap().length() > 0);
    // The same proof against block 9's header.
    let (code, class, _) = thrown(lc::verify_tx(js(&bundle["light_blocks"][1]), js(proof)));
    assert_eq!((code.as_str(), class.as_str()), ("cometbft.proof.invalid", "malformed"));
}

/// A provider serving the named vector files by height; records the heights asked for.
fn provider(
    files: &'static [(u64, &'static str)],
    asked: std::rc::Rc<std::cell::RefCell<Vec<u64>>>,
    as_promise: bool,
) -> Function {
    let closure = Closure::<dyn FnMut(f64) -> Result<JsValue, JsValue>>::new(move |height: f64| {
        let height = height as u64;
        asked.borrow_mut().push(height);
        let block = files.iter().find(|(h, _)| *h == height).map(|(_, f)| JsValue::from_str(cometbft_file(f)));
        match (block, as_promise) {
            (Some(b), true) => Ok(Promise::resolve(&b).into()),
            (Some(b), false) => Ok(b),
            (None, true) => Ok(Promise::reject(&js_sys::Error::new(&format!("no block {height}"))).into()),
            (None, false) => Err(js_sys::Error::new(&format!("no block {height}")).into()),
        }
    });
    closure.into_js_value().unchecked_into()
}

async fn verify_to(client: &lc::LightClient, height: f64, provider: Function, now: &str) -> Result<JsValue, JsValue> {
    JsFuture::from(client.verify_to(JsValue::from_f64(height), provider.into(), JsValue::from_str(now))).await
}

#[wasm_bindgen_test]
async fn light_client_forwards_backwards_and_restore() {
    const VAL4: &[(u64, &str)] =
        &[(1, "val4-h1.json"), (2, "val4-h2.json"), (3, "val4-h3.json"), (10, "val4-h10.json")];
    let now = "2025-06-01T00:01:24.926836469Z";
    let asked = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));

    // Forwards, skipping 3 → 10 (a promise-returning provider).
    let client = lc::LightClient::new(JsValue::from_str(cometbft_file("val4-h3.json")), JsValue::UNDEFINED).unwrap();
    let trace = verify_to(&client, 10.0, provider(VAL4, asked.clone(), true), now).await.unwrap();
    assert_eq!(numbers(&get(&trace, "verifiedHeights")), [10.0]);
    assert_eq!(numbers(&get(&trace, "fetched")), [10.0]);
    assert_eq!(number(&get(&trace, "header"), "height"), 10.0);
    assert_eq!(numbers(&client.trusted_heights()), [3.0, 10.0]);

    // Backwards, hash-chaining 3 → 2 → 1 (a provider returning plain values): one fetch per re-run.
    asked.borrow_mut().clear();
    let trace = verify_to(&client, 1.0, provider(VAL4, asked.clone(), false), now).await.unwrap();
    assert_eq!(numbers(&get(&trace, "verifiedHeights")), [2.0, 1.0]);
    assert_eq!(numbers(&get(&trace, "fetched")), [2.0, 1.0]);
    assert_eq!(*asked.borrow(), [2, 1]);
    assert_eq!(numbers(&client.trusted_heights()), [1.0, 2.0, 3.0, 10.0]);

    // A trusted height: no fetch.
    asked.borrow_mut().clear();
    let trace = verify_to(&client, 2.0, provider(VAL4, asked.clone(), false), now).await.unwrap();
    assert_eq!(numbers(&get(&trace, "fetched")), Vec::<f64>::new());
    assert!(asked.borrow().is_empty());

    // toJSON / fromJSON keeps the trusted blocks.
    let restored = lc::LightClient::from_json(JsValue::from_str(&client.to_json()), JsValue::UNDEFINED).unwrap();
    assert_eq!(numbers(&restored.trusted_heights()), [1.0, 2.0, 3.0, 10.0]);
    assert_eq!(thrown(lc::LightClient::from_json(JsValue::from_f64(1.0), JsValue::UNDEFINED)).0, "input.invalid");
    assert_eq!(thrown(lc::LightClient::from_json(JsValue::from_str("[]"), JsValue::UNDEFINED)).0, "cometbft.schedule");
}

#[wasm_bindgen_test]
async fn light_client_bisects_and_reports_provider_failures() {
    // At height 10 only a third of the trusted power signed: the client bisects to 1 + (10 + 1 - 1) / 2 = 6,
    // which the provider does not have.
    const FILES: &[(u64, &str)] = &[(10, "reject-trust-one-third.json")];
    let asked = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let client = lc::LightClient::new(JsValue::from_str(cometbft_file("val4-h1.json")), JsValue::UNDEFINED).unwrap();
    let e = verify_to(&client, 10.0, provider(FILES, asked.clone(), true), "2025-06-01T00:01:24.926836469Z")
        .await
        .unwrap_err();
    assert_eq!(string(&e, "code"), "cometbft.provider");
    assert_eq!(string(&e, "errorClass"), "invalid_chain");
    assert!(string(&e, "message").contains("height 6"), "{:?}", get(&e, "message"));
    assert_eq!(string(&get(&e, "cause"), "message"), "no block 6");
    assert_eq!(*asked.borrow(), [10, 6]);
    assert_eq!(numbers(&client.trusted_heights()), [1.0]);

    // A forged block is an error of its own, not a provider failure.
    const FORGED: &[(u64, &str)] = &[(2, "reject-bad-signature-ed25519.json")];
    let e = verify_to(&client, 2.0, provider(FORGED, asked.clone(), false), "2025-06-01T00:00:36.827472557Z")
        .await
        .unwrap_err();
    assert_eq!(string(&e, "code"), "cometbft.commit.bad_signature");

    // Bad arguments reject the promise.
    let e = JsFuture::from(client.verify_to(JsValue::from_f64(0.0), JsValue::NULL, JsValue::from_f64(0.0)))
        .await
        .unwrap_err();
    assert_eq!(string(&e, "code"), "input.invalid");
    let e = JsFuture::from(client.verify_to(JsValue::from_f64(5.0), JsValue::from_str("rpc"), JsValue::from_f64(0.0)))
        .await
        .unwrap_err();
    assert!(string(&e, "message").starts_with("provider:"));
}

// ---- zk ----------------------------------------------------------------------------------------

const VKA: &[u8] = vector_bytes!("zk/mlp-k10-private-public/vka.bytes");
const PROOF: &[u8] = vector_bytes!("zk/mlp-k10-private-public/proof.json");
const SRS: &[u8] = vector_bytes!("zk/mlp-k10-private-public/kzg1.srs");

#[wasm_bindgen_test]
fn zk_valid_and_forged() {
    let options = js(&json!({}));
    Reflect::set(&options, &"srs".into(), &bytes(SRS)).unwrap();
    let verified = lc::verify_zk(bytes(VKA), bytes(PROOF), options.clone()).unwrap();
    let digest = lc::vka_digest(bytes(VKA)).unwrap();
    assert_eq!(string(&verified, "vkaDigestHex"), digest);
    assert_eq!(digest.len(), 64);
    assert_eq!(number(&verified, "numInstances"), 2.0);

    // Pinned VKA: the SRS points it carries are used.
    let pinned = lc::verify_zk(bytes(VKA), bytes(PROOF), js(&json!({ "vkaDigest": digest }))).unwrap();
    assert_eq!(number(&pinned, "numInstances"), 2.0);
    let (code, class, _) =
        thrown(lc::verify_zk(bytes(VKA), bytes(PROOF), js(&json!({ "vkaDigest": "11".repeat(32) }))));
    assert_eq!((code.as_str(), class.as_str()), ("zk.vka.digest_mismatch", "untrusted"));

    let instance = vector_bytes!("zk/mlp-k10-private-public/mutations/instance-1.json");
    let (code, class, _) = thrown(lc::verify_zk(bytes(VKA), bytes(instance), options.clone()));
    assert_eq!((code.as_str(), class.as_str()), ("zk.verification_failed", "forged"));
    let truncated = vector_bytes!("zk/mlp-k10-private-public/mutations/proof-truncated-32.json");
    assert_eq!(thrown(lc::verify_zk(bytes(VKA), bytes(truncated), options)).1, "malformed");

    let (code, _, message) = thrown(lc::verify_zk(bytes(VKA), bytes(PROOF), JsValue::UNDEFINED));
    assert_eq!(code, "input.invalid");
    assert!(message.starts_with("options.srs:"), "{message}");
}

// ---- OpenGradient ------------------------------------------------------------------------------

/// A case of test-vectors/opengradient/responses.json, its key and the other test key (PEM).
fn og_case(name: &str) -> (Value, String, String) {
    let vectors: Value = serde_json::from_str(vector_str!("opengradient/responses.json")).unwrap();
    let case = vectors["cases"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone();
    let key = vectors["keys"][case["key"].as_str().unwrap()].as_str().unwrap().to_string();
    let other = vectors["keys"]["other"].as_str().unwrap().to_string();
    (case, key, other)
}

#[wasm_bindgen_test]
fn opengradient_tee_response() {
    let (case, key, other_key) = og_case("ascii-doc-vector");
    let r = lc::verify_tee_response(
        js(&case["request"]),
        js(&case["response"]),
        JsValue::from_str(&key),
        JsValue::UNDEFINED,
    )
    .unwrap();
    let tee_id = case["response"]["tee_id"].as_str().unwrap();
    assert_eq!(string(&r, "teeIdHex"), tee_id);
    assert_eq!(string(&r, "requestHashHex"), format!("0x{}", case["response"]["tee_request_hash"].as_str().unwrap()));
    assert_eq!(string(&r, "outputHashHex"), format!("0x{}", case["response"]["tee_output_hash"].as_str().unwrap()));
    assert_eq!(number(&r, "timestamp"), 1_770_000_000.0);
    assert_eq!(string(&r, "content"), "Hello! 😀");
    assert_eq!(string(&r, "msgHashHex").len(), 66);
    assert_eq!(lc::tee_id_of_key(JsValue::from_str(&key)).unwrap(), tee_id);

    // Pinned to this TEE (hex) passes; to another one it is a policy failure.
    let pinned = js(&json!({ "expectedTeeId": tee_id }));
    lc::verify_tee_response(js(&case["request"]), js(&case["response"]), JsValue::from_str(&key), pinned).unwrap();
    let other = js(&json!({ "expectedTeeId": "22".repeat(32) }));
    let (code, class, _) =
        thrown(lc::verify_tee_response(js(&case["request"]), js(&case["response"]), JsValue::from_str(&key), other));
    assert_eq!((code.as_str(), class.as_str()), ("opengradient.response.unexpected_tee", "policy"));
    // Other signed content, another request, another key.
    let content = js(&json!({ "content": "Hello!" }));
    let (code, _, _) =
        thrown(lc::verify_tee_response(js(&case["request"]), js(&case["response"]), JsValue::from_str(&key), content));
    assert_eq!(code, "opengradient.response.output_hash");
    let mut request = case["request"].clone();
    request["messages"][0]["content"] = "Hi!".into();
    let (code, class, _) = thrown(lc::verify_tee_response(
        js(&request),
        js(&case["response"]),
        JsValue::from_str(&key),
        JsValue::UNDEFINED,
    ));
    assert_eq!((code.as_str(), class.as_str()), ("opengradient.response.request_hash", "forged"));
    let (code, _, _) = thrown(lc::verify_tee_response(
        js(&case["request"]),
        js(&case["response"]),
        JsValue::from_str(&other_key),
        JsValue::UNDEFINED,
    ));
    assert_eq!(code, "opengradient.response.tee_id");
    // A private key file is not a registry key.
    let private = vector_str!("opengradient/other-key.pem");
    assert_eq!(thrown(lc::tee_id_of_key(JsValue::from_str(private))).0, "opengradient.key.invalid");
    // DER bytes work as PEM does.
    let der: Vec<u8> = {
        let b64: String = key.lines().filter(|l| !l.starts_with("-----")).collect();
        base64_decode(&b64)
    };
    assert_eq!(lc::tee_id_of_key(bytes(&der)).unwrap(), tee_id);
    let (code, _, message) = thrown(lc::tee_id_of_key(JsValue::from_f64(3.0)));
    assert_eq!(code, "input.invalid");
    assert!(message.starts_with("signingKey:"), "{message}");
}

/// Every case of test-vectors/settlement/manifest.json through `verifySettlementBundle`.
#[wasm_bindgen_test]
fn settlement_manifest() {
    let manifest: Value = serde_json::from_str(vector_str!("settlement/manifest.json")).unwrap();
    let trusted = JsValue::from_str(settlement_file("trusted.json"));
    let cases = manifest["cases"].as_array().unwrap();
    assert!(cases.len() >= 24);
    for case in cases {
        let file = case["file"].as_str().unwrap();
        let mut policy = json!({});
        if let Some(h) = case["policy"].get("pcr_hash") {
            policy["pcrHash"] = h.clone();
        }
        let now = JsValue::from_f64(case["now"].as_f64().unwrap() * 1000.0);
        let result =
            lc::verify_settlement_bundle(JsValue::from_str(settlement_file(file)), trusted.clone(), now, js(&policy));
        if case["summary"] == "unreadable" {
            assert_eq!(thrown(result).0, case["error_code"].as_str().unwrap(), "{file}");
            continue;
        }
        let report = result.unwrap_or_else(|e| panic!("{file}: {:?}", get(&e, "message")));
        let summary = get(&report, "summary");
        assert_eq!(string(&summary, "verdict"), case["summary"].as_str().unwrap(), "{file}");
        for (name, status) in case["links"].as_object().unwrap() {
            let camel: String = name
                .split('_')
                .enumerate()
                .map(|(i, w)| if i == 0 { w.to_string() } else { w[..1].to_uppercase() + &w[1..] })
                .collect();
            let link = get(&get(&report, "links"), &camel);
            assert_eq!(string(&link, "status"), status.as_str().unwrap(), "{file} {camel}");
            if status == "failed" {
                assert_eq!(string(&link, "code"), case["error_code"].as_str().unwrap(), "{file} {camel}");
                assert_eq!(string(&summary, "link"), camel, "{file}");
            }
        }
    }
}

#[wasm_bindgen_test]
fn settlement_report_shape() {
    let trusted = JsValue::from_str(settlement_file("trusted.json"));
    let report = lc::verify_settlement_bundle(
        JsValue::from_str(settlement_file("settled-individual.json")),
        trusted.clone(),
        JsValue::from_f64(SETTLEMENT_NOW_MS),
        JsValue::UNDEFINED,
    )
    .unwrap();
    let summary = get(&report, "summary");
    assert_eq!(string(&summary, "verdict"), "settled");
    assert_eq!(number(&summary, "height"), 8.0);
    assert_eq!(string(&summary, "mode"), "individual");
    let response = get(&report, "response");
    assert_eq!(string(&response, "teeId"), "0x5ad5d3fd3b70a6ccf835ce5eb3c4c2ce912dd5459dc99413878f96b89d3b2538");
    assert_eq!(number(&response, "timestamp"), 1_770_000_000.0);
    let settlement = get(&report, "settlement");
    assert_eq!(number(&settlement, "txIndex"), 1.0);
    assert!(string(&settlement, "ethTxHash").starts_with("0x"));
    assert!(get(&settlement, "merkleRoot").is_null());
    assert!(string(&get(&get(&report, "links"), "headerTrust"), "detail").contains("headers 8 and 9"));

    // Pending: later than the bound, overdue.
    let pending = lc::verify_settlement_bundle(
        JsValue::from_str(settlement_file("pending-overdue.json")),
        trusted.clone(),
        JsValue::from_f64(1_770_003_600_000.0),
        js(&json!({ "settlementBoundSecs": 900 })),
    )
    .unwrap();
    let summary = get(&pending, "summary");
    assert_eq!(string(&summary, "verdict"), "pending");
    assert_eq!(get(&summary, "overdue").as_bool(), Some(true));
    assert!(get(&pending, "settlement").is_null());

    // An unreadable trusted state throws; a misspelt policy key too.
    let (code, _, _) = thrown(lc::verify_settlement_bundle(
        JsValue::from_str(settlement_file("settled-individual.json")),
        JsValue::from_str("{}"),
        JsValue::from_f64(SETTLEMENT_NOW_MS),
        JsValue::UNDEFINED,
    ));
    assert_eq!(code, "opengradient.bundle.invalid");
    let (code, _, message) = thrown(lc::verify_settlement_bundle(
        JsValue::from_str(settlement_file("settled-individual.json")),
        trusted,
        JsValue::from_f64(SETTLEMENT_NOW_MS),
        js(&json!({ "pcr_hash": "00" })),
    ));
    assert_eq!(code, "input.invalid");
    assert!(message.starts_with("policy.pcr_hash:"), "{message}");
}
