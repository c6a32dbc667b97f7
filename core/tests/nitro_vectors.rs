//! The project's Nitro conformance vectors (`test-vectors/nitro/manifest.json`), verified by the
//! core directly: every document at its manifest time, under its policy and root, must give
//! exactly the manifest's verdict (`valid`, or the error code). Each rejection vector breaks one
//! rule (algorithms, names, validity, constraints, key usage, path length, signatures, CBOR
//! shapes, policy), so this is what pins each rule of the verifier; the CLI's `lightcheck
//! vectors` runs the same manifest for users.
#![cfg(feature = "nitro")]

mod common;

use lightcheck::nitro::{KeyBinding, Policy, TrustAnchor, Verifier};
use serde_json::Value;

fn hex(v: &Value, key: &str) -> Option<Vec<u8>> {
    v.get(key).and_then(Value::as_str).map(|s| hex::decode(s).expect("hex in the manifest"))
}

#[test]
fn every_document_gets_its_manifest_verdict() {
    let dir = common::project_vectors().join("nitro");
    let manifest = common::json(&dir.join("manifest.json"));
    let default_root = manifest["root"].as_str().expect("root");
    let docs = manifest["documents"].as_array().expect("documents");
    assert!(docs.len() >= 80, "only {} documents", docs.len());
    let (mut valid, mut rejected) = (0, 0);
    for doc in docs {
        let file = doc["file"].as_str().expect("file");
        let p = &doc["policy"];
        let pcrs: Vec<(u8, [u8; 48])> = p
            .get("pcrs")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter().map(|(k, _)| (k.parse().unwrap(), hex(&p["pcrs"], k).unwrap().try_into().unwrap())).collect()
            })
            .unwrap_or_default();
        let (nonce, user_data) = (hex(p, "nonce"), hex(p, "user_data"));
        let binding =
            p.get("key_binding").map(|b| (hex(b, "tls_certificate").unwrap(), hex(b, "signing_key_spki").unwrap()));
        let policy = Policy {
            expected_pcrs: &pcrs,
            pcr_sets: &[],
            allow_debug: p.get("allow_debug").and_then(Value::as_bool).unwrap_or(false),
            nonce: nonce.as_deref(),
            user_data: user_data.as_deref(),
            key_binding: binding.as_ref().map(|(t, k)| KeyBinding { tls_certificate_der: t, signing_key_spki_der: k }),
            max_age_ms: p.get("max_age_ms").and_then(Value::as_u64),
            max_future_skew_ms: p.get("max_future_skew_ms").and_then(Value::as_u64),
        };
        let root = std::fs::read(dir.join(doc["root"].as_str().unwrap_or(default_root))).expect("root file");
        let roots = [TrustAnchor::from_der(&root)];
        let bytes = std::fs::read(dir.join(file)).expect("document");
        let at = doc["verify_at_ms"].as_u64().expect("verify_at_ms");
        let uncached = Verifier::<0>::with_roots(&roots).verify_uncached(&bytes, &policy, common::at_ms(at));
        // The cached path must agree, on a cold and on a warm cache.
        let mut cached = Verifier::<4>::with_roots(&roots);
        assert_eq!(cached.verify(&bytes, &policy, common::at_ms(at)), uncached, "{file}: cold cache");
        assert_eq!(cached.verify(&bytes, &policy, common::at_ms(at)), uncached, "{file}: warm cache");
        match doc["expected"].as_str() {
            Some("valid") => {
                let attestation = uncached.unwrap_or_else(|e| panic!("{file}: must verify, got {} ({e})", e.code()));
                assert!(attestation.valid_from_ms <= at && at <= attestation.valid_until_ms, "{file}: window");
                valid += 1;
            }
            _ => {
                let want = doc["error_code"].as_str().expect("error_code");
                let err = uncached.err().unwrap_or_else(|| panic!("{file}: must be rejected with {want}"));
                assert_eq!(err.code(), want, "{file}: {err}");
                rejected += 1;
            }
        }
    }
    assert!(valid >= 5 && rejected >= 60, "{valid} valid, {rejected} rejected");
}
