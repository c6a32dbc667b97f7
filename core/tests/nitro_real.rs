//! Real attestation documents from public projects (`../shared/vectors/nitro`), each verified
//! at its own timestamp.
#![cfg(feature = "nitro")]

mod common;

use common::at_ms;
use lightcheck::nitro::{self, Attestation, Policy, TrustAnchor, Verifier};
use lightcheck::time::Timestamp;
use lightcheck::ErrorClass;
use serde_json::Value;

struct Doc {
    name: String,
    bytes: Vec<u8>,
    entry: Value,
}

fn load() -> Option<(Vec<Doc>, Vec<Doc>)> {
    let dir = common::shared_vectors()?.join("nitro");
    let manifest = common::json(&dir.join("manifest.json"));
    let (mut valid, mut invalid) = (Vec::new(), Vec::new());
    for entry in manifest.as_array().expect("manifest array") {
        let name = entry["file"].as_str().unwrap().to_string();
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        let doc = Doc { name, bytes, entry: entry.clone() };
        if entry["expected"] == "valid" {
            valid.push(doc)
        } else {
            invalid.push(doc)
        }
    }
    assert_eq!(valid.len(), 45, "manifest lists 45 valid documents");
    assert_eq!(invalid.len(), 5, "manifest lists 5 negatives");
    Some((valid, invalid))
}

fn ms(entry: &Value, key: &str) -> u64 {
    Timestamp::parse(entry[key].as_str().unwrap()).unwrap().unix_millis().unwrap()
}

fn debug_ok() -> Policy<'static> {
    Policy { allow_debug: true, ..Policy::default() }
}

#[test]
fn every_valid_document_verifies_with_its_manifest_facts() {
    let Some((valid, _)) = load() else { return };
    for d in &valid {
        let e = &d.entry;
        let pcrs: Vec<(u8, [u8; 48])> = e["pcrs_nonzero"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.parse().unwrap(), common::unhex(v.as_str().unwrap()).try_into().unwrap()))
            .collect();
        let policy = Policy { expected_pcrs: &pcrs, allow_debug: true, ..Policy::default() };
        let at = e["verify_at_ms"].as_u64().unwrap();
        let a = nitro::verify(&d.bytes, &policy, at_ms(at))
            .unwrap_or_else(|err| panic!("{}: {err} ({})", d.name, err.code()));
        assert_eq!(a.module_id, e["module_id"].as_str().unwrap(), "{}", d.name);
        assert_eq!(a.timestamp_ms, e["timestamp_ms"].as_u64().unwrap(), "{}", d.name);
        assert_eq!(a.pcr_iter().count() as u64, e["pcr_count"].as_u64().unwrap(), "{}", d.name);
        assert_eq!(a.is_debug_mode(), e["debug_mode_pcr0_2_zero"].as_bool().unwrap(), "{}", d.name);
        for (field, value) in [("public_key", &a.public_key), ("user_data", &a.user_data), ("nonce", &a.nonce)] {
            match &e["optional_fields"][field] {
                Value::String(s) if s == "null" => assert_eq!(value, &None, "{} {field}", d.name),
                n => assert_eq!(value.as_ref().map(|v| v.len() as u64), n.as_u64(), "{} {field}", d.name),
            }
            // Long values are abbreviated in the manifest as "<N bytes> prefix…".
            if let Some(hex) = e[field].as_str().filter(|h| !h.starts_with('<')) {
                assert_eq!(value.as_deref(), Some(&common::unhex(hex)[..]), "{} {field}", d.name);
            }
        }
        assert_eq!(a.valid_from_ms, ms(e, "chain_valid_from"), "{}", d.name);
        assert_eq!(a.valid_until_ms, ms(e, "chain_valid_until") + 999, "{}", d.name);
    }
}

#[test]
fn negatives_fail_with_their_class() {
    let Some((_, invalid)) = load() else { return };
    let at = 1_700_000_000_000;
    for d in &invalid {
        let err = nitro::verify(&d.bytes, &debug_ok(), at_ms(at)).expect_err(&d.name);
        let want = match d.name.as_str() {
            n if n.contains("selfsigned") || n.contains("corrupted") => ErrorClass::Malformed,
            n if n.contains("custom-root") => ErrorClass::Untrusted,
            n if n.contains("bad-cose-signature") => ErrorClass::Forged,
            n => panic!("unclassified negative {n}"),
        };
        // The forged document must fail only for its signature, so verify at its own time.
        let err = match d.entry["timestamp_ms"].as_u64() {
            Some(t) if want == ErrorClass::Forged => nitro::verify(&d.bytes, &debug_ok(), at_ms(t)).unwrap_err(),
            _ => err,
        };
        assert_eq!(err.class(), want, "{}: {err} ({})", d.name, err.code());
    }
}

#[test]
fn chain_window_edges_are_exact_to_the_millisecond() {
    let Some((valid, _)) = load() else { return };
    for d in &valid {
        let (from, until) = (ms(&d.entry, "chain_valid_from"), ms(&d.entry, "chain_valid_until") + 999);
        for at in [from, until] {
            nitro::verify(&d.bytes, &debug_ok(), at_ms(at)).unwrap_or_else(|e| panic!("{} at {at}: {e}", d.name));
        }
        let before = nitro::verify(&d.bytes, &debug_ok(), at_ms(from - 1)).unwrap_err();
        assert_eq!(before.code(), "nitro.cert.not_yet_valid", "{}", d.name);
        let after = nitro::verify(&d.bytes, &debug_ok(), at_ms(until + 1)).unwrap_err();
        assert_eq!(after.code(), "nitro.cert.expired", "{}", d.name);
    }
}

#[test]
fn other_roots_make_real_documents_untrusted() {
    let Some((valid, _)) = load() else { return };
    let other = [TrustAnchor::from_der(b"not the AWS root")];
    let d = &valid[0];
    let at = d.entry["verify_at_ms"].as_u64().unwrap();
    let err = Verifier::<4>::with_roots(&other).verify_uncached(&d.bytes, &debug_ok(), at_ms(at)).unwrap_err();
    assert_eq!(err.code(), "nitro.cert.untrusted_root");
}

#[test]
fn pinned_root_is_the_published_aws_root() {
    let Some(dir) = common::shared_vectors() else { return };
    let pem = std::fs::read_to_string(dir.join("nitro/aws_nitro_root_g1.pem")).unwrap();
    assert_eq!(TrustAnchor::from_der(&common::pem_to_der(&pem)), TrustAnchor::AWS_NITRO_ROOT_G1);
}

#[test]
fn cache_never_changes_a_verdict() {
    let Some((valid, invalid)) = load() else { return };
    let mut verifier = Verifier::<8>::default();
    let mut hits_possible = 0;
    for d in valid.iter().chain(&invalid) {
        let at = d.entry["verify_at_ms"].as_u64().unwrap_or(1_700_000_000_000);
        let e = &d.entry;
        let mut times = vec![at];
        if e["chain_valid_from"].is_string() {
            times.extend([ms(e, "chain_valid_from").saturating_sub(1), ms(e, "chain_valid_until") + 1000]);
        }
        for t in times {
            // Twice with the cache: cold, then warm.
            for _ in 0..2 {
                assert_eq!(
                    verifier.verify(&d.bytes, &debug_ok(), at_ms(t)),
                    verifier.verify_uncached(&d.bytes, &debug_ok(), at_ms(t)),
                    "{} at {t}",
                    d.name
                );
            }
            hits_possible += 1;
        }
    }
    assert!(hits_possible > 100);
    assert!(!verifier.cache().is_empty());
}

#[test]
fn mutation_sweep_rejects_every_flip_and_truncation() {
    let Some((valid, _)) = load() else { return };
    let mut verifier = Verifier::<16>::default();
    for name in ["base-1.cbor", "opengradient-1.cbor", "blocky-3.cbor", "marlin-9.cbor"] {
        let d = valid.iter().find(|d| d.name == name).unwrap();
        let at = d.entry["verify_at_ms"].as_u64().unwrap();
        verifier.verify(&d.bytes, &debug_ok(), at_ms(at)).expect(name);
        let mut doc = d.bytes.clone();
        for i in 0..doc.len() {
            doc[i] ^= 0x01;
            assert!(verifier.verify(&doc, &debug_ok(), at_ms(at)).is_err(), "{name}: flip at {i} accepted");
            doc[i] ^= 0x01;
        }
        for len in 0..doc.len() {
            assert!(
                verifier.verify(&doc[..len], &debug_ok(), at_ms(at)).is_err(),
                "{name}: truncation to {len} accepted"
            );
        }
        let mut extended = doc.clone();
        extended.push(0);
        assert_eq!(verifier.verify(&extended, &debug_ok(), at_ms(at)).unwrap_err().code(), "nitro.cose.trailing_bytes");
    }
}

/// PCR sets (rolling deploys) on every real document, at its manifest time: the sets are built
/// from the document's own verified PCRs 0–2, and "other images" by changing one byte of them.
#[test]
fn pcr_sets_accept_any_one_allowed_image_and_name_it() {
    let Some((valid, _)) = load() else { return };
    for d in &valid {
        let at = at_ms(d.entry["verify_at_ms"].as_u64().unwrap());
        let plain = nitro::verify(&d.bytes, &debug_ok(), at).unwrap_or_else(|e| panic!("{}: {e}", d.name));
        assert_eq!(plain.matched_pcr_set, None, "{}: no sets, no index", d.name);
        let image: Vec<(u8, [u8; 48])> = (0..3).map(|i| (i, *plain.pcr(i).unwrap())).collect();
        let other = |changed: &[u8]| -> Vec<(u8, [u8; 48])> {
            let mut set = image.clone();
            for (i, v) in &mut set {
                if changed.contains(i) {
                    v[47] ^= 0x80;
                }
            }
            set
        };
        let (old1, old02) = (other(&[1]), other(&[0, 2]));
        let sets = |pcr_sets| Policy { pcr_sets, allow_debug: true, ..Policy::default() };
        let rolling: [&[(u8, [u8; 48])]; 2] = [&old02, &image];

        // The document runs the second image of the list: it passes, and says which.
        let a = nitro::verify(&d.bytes, &sets(&rolling), at).unwrap_or_else(|e| panic!("{}: {e}", d.name));
        assert_eq!(a.matched_pcr_set, Some(1), "{}", d.name);
        assert_eq!(Attestation { matched_pcr_set: None, ..a }, plain, "{}: same attestation otherwise", d.name);
        // A set of fewer PCRs that matches comes first: the first match is the one reported.
        let pcr2_only = [image[2]];
        let three: [&[(u8, [u8; 48])]; 3] = [&old1, &pcr2_only, &image];
        assert_eq!(nitro::verify(&d.bytes, &sets(&three), at).unwrap().matched_pcr_set, Some(1), "{}", d.name);

        // No set matches: the new error, naming the count, the closest set and its difference.
        let neither: [&[(u8, [u8; 48])]; 2] = [&old02, &old1];
        let err = nitro::verify(&d.bytes, &sets(&neither), at).unwrap_err();
        assert_eq!(err, nitro::Error::PolicyPcrSetMismatch { sets: 2, closest: 1, index: 1 }, "{}", d.name);
        assert_eq!(err.code(), "nitro.policy.pcr_set_mismatch");
        assert_eq!(err.class(), ErrorClass::Policy);
        let absent: [&[(u8, [u8; 48])]; 1] = [&[(31u8, [0; 48])]];
        let err = nitro::verify(&d.bytes, &sets(&absent), at).unwrap_err();
        assert_eq!(err, nitro::Error::PolicyPcrSetMismatch { sets: 1, closest: 0, index: 31 }, "{}", d.name);

        // A set matches but expected_pcrs does not: the expected-PCR error, as before.
        let policy = Policy { expected_pcrs: &old1[1..2], ..sets(&rolling) };
        assert_eq!(nitro::verify(&d.bytes, &policy, at).unwrap_err().code(), "nitro.policy.pcr_mismatch");
        // Both hold: verified, with the index.
        let policy = Policy { expected_pcrs: &image[..1], ..sets(&rolling) };
        assert_eq!(nitro::verify(&d.bytes, &policy, at).unwrap().matched_pcr_set, Some(1));
    }
}

#[test]
fn invalid_pcr_set_lists_are_refused_before_the_document_is_read() {
    let Some((valid, _)) = load() else { return };
    let d = valid.iter().find(|d| d.name == "base-1.cbor").unwrap();
    let at = at_ms(d.entry["verify_at_ms"].as_u64().unwrap());
    let ok: &[(u8, [u8; 48])] = &[(0, [0; 48])];
    let cases: [(&[nitro::PcrSet<'_>], &str); 4] = [
        (&[ok, &[]], "empty set"),
        (&[&[(32, [0; 48])]], "index 32"),
        (&[&[(4, [0; 48]), (4, [1; 48])]], "index twice in a set"),
        (&[ok; nitro::MAX_PCR_SETS + 1], "too many sets"),
    ];
    for (pcr_sets, what) in cases {
        let policy = Policy { pcr_sets, ..Policy::default() };
        for document in [&d.bytes[..], b"not a document"] {
            let err = nitro::verify(document, &policy, at).unwrap_err();
            assert_eq!(err.code(), "nitro.policy.invalid", "{what}: {err}");
        }
    }
}
