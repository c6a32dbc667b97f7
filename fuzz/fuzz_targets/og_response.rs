//! OpenGradient TEE responses.
//!
//! - Raw bytes through the Python-compatible JSON parser: what parses re-serialises
//!   (`json.dumps(sort_keys=True)` form) to a fixed point.
//! - The project's signed responses with JSON edits to the request and the response: whatever
//!   still verifies must have the very hashes, timestamp and TEE the signature was made over
//!   (anything else would be a forgery of RSA-PSS or keccak).
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use lightcheck::opengradient::pyjson::{self, Value};
use lightcheck::opengradient::{verify_response, ResponseOptions, SigningKey, VerifiedResponse};
use lightcheck_fuzz::{apply_json, read, JsonEdit};

struct Seed {
    request: serde_json::Value,
    response: serde_json::Value,
    key: SigningKey,
    content: Option<String>,
    verified: VerifiedResponse,
}

fn seeds() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let doc = pyjson::parse(&read("test-vectors/opengradient/responses.json")).expect("responses.json");
        let keys = doc.get("keys").and_then(Value::as_object).expect("keys");
        let mut seeds = Vec::new();
        for case in doc.get("cases").and_then(Value::as_array).expect("cases") {
            let request = match case.get("request_json") {
                Some(Value::Str(text)) => pyjson::parse(text.as_bytes()).ok(),
                _ => case.get("request").cloned(),
            };
            let (Some(request), Some(response), Some(key)) = (
                request,
                case.get("response"),
                case.get("key").and_then(Value::as_str).and_then(|k| keys.get(k)).and_then(Value::as_str),
            ) else {
                continue;
            };
            let Ok(key) = SigningKey::from_pem_or_der(key.as_bytes()) else { continue };
            let content = case.get("content").and_then(Value::as_str).map(str::to_owned);
            let options = ResponseOptions { content: content.as_deref(), expected_tee_id: None };
            let Ok(verified) = verify_response(&request, response, &key, &options) else { continue };
            let (Ok(request), Ok(response)) = (pyjson::to_serde_json(&request), pyjson::to_serde_json(response)) else {
                continue;
            };
            seeds.push(Seed { request, response, key, content, verified });
        }
        assert!(seeds.len() > 50, "only {} verifying seeds", seeds.len());
        seeds
    })
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    raw: &'a [u8],
    seed: u8,
    request_edits: Vec<JsonEdit>,
    response_edits: Vec<JsonEdit>,
}

fuzz_target!(|input: Input| {
    if let Ok(value) = pyjson::parse(input.raw) {
        let text = pyjson::dumps(&value);
        let again = pyjson::parse(text.as_bytes()).expect("json.dumps output parses");
        assert_eq!(pyjson::dumps(&again), text, "json.dumps is not a fixed point");
    }

    let seeds = seeds();
    let seed = &seeds[usize::from(input.seed) % seeds.len()];
    let (mut request, mut response) = (seed.request.clone(), seed.response.clone());
    apply_json(&mut request, &input.request_edits);
    apply_json(&mut response, &input.response_edits);
    let (Ok(request), Ok(response)) =
        (pyjson::parse(request.to_string().as_bytes()), pyjson::parse(response.to_string().as_bytes()))
    else {
        return;
    };
    let options = ResponseOptions { content: seed.content.as_deref(), expected_tee_id: None };
    if let Ok(verified) = verify_response(&request, &response, &seed.key, &options) {
        let v = &seed.verified;
        assert_eq!(
            (verified.tee_id, verified.request_hash, verified.output_hash, verified.timestamp),
            (v.tee_id, v.request_hash, v.output_hash, v.timestamp),
            "an edited response verified with other signed values"
        );
    }
});
