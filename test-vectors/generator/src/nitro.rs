//! The Nitro conformance vectors: valid documents of each shape real NSMs produce, and one
//! document per rejection reason, each with the verdict and error code lightcheck must give.

use p384::ecdsa::signature::hazmat::PrehashSigner;
use p384::ecdsa::{Signature, SigningKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256, Sha384};

use crate::cbor;
use crate::pki::{self, CertSpec};

/// Protected header `{1: -35}` (alg ES384).
const PROTECTED_ES384: [u8; 4] = [0xa1, 0x01, 0x38, 0x22];
/// 2025-06-01T00:00:00Z: when the test documents are created.
const T0: i64 = 1_748_736_000;
const TIMESTAMP_MS: u64 = T0 as u64 * 1000 + 250;

/// An optional payload field.
#[derive(Clone)]
enum Opt {
    Absent,
    Null,
    Bytes(Vec<u8>),
}

/// A payload as an ordered list of encoded entries, so vectors can add, drop, repeat or
/// corrupt any of them.
#[derive(Clone)]
struct Payload {
    entries: Vec<(Vec<u8>, Vec<u8>)>,
    indefinite: bool,
}

impl Payload {
    fn encode(&self) -> Vec<u8> {
        cbor::map(&self.entries, self.indefinite)
    }

    fn set(&mut self, key: &str, value: Vec<u8>) -> &mut Self {
        let k = cbor::text(key);
        match self.entries.iter_mut().find(|(ek, _)| *ek == k) {
            Some(e) => e.1 = value,
            None => self.entries.push((k, value)),
        }
        self
    }

    fn remove(&mut self, key: &str) -> &mut Self {
        let k = cbor::text(key);
        self.entries.retain(|(ek, _)| *ek != k);
        self
    }
}

fn pcrs(values: &[(u64, Vec<u8>)]) -> Vec<u8> {
    let entries: Vec<_> = values.iter().map(|(i, v)| (cbor::uint(*i), cbor::bytes(v))).collect();
    cbor::map(&entries, false)
}

fn pcr_value(i: u64) -> Vec<u8> {
    Sha384::digest(format!("lightcheck test PCR {i}")).to_vec()
}

/// Production PCRs: 0–4 measured, 5–15 zero, as real documents have them.
fn production_pcrs() -> Vec<(u64, Vec<u8>)> {
    (0..16).map(|i| (i, if i <= 4 { pcr_value(i) } else { vec![0; 48] })).collect()
}

fn payload(
    chain: &[Vec<u8>],
    pcr_list: &[(u64, Vec<u8>)],
    public_key: Opt,
    user_data: Opt,
    nonce: Opt,
    indefinite: bool,
) -> Payload {
    let mut p = Payload { entries: Vec::new(), indefinite };
    p.set("module_id", cbor::text("i-0123456789abcdef0-enc0123456789abcdef"))
        .set("digest", cbor::text("SHA384"))
        .set("timestamp", cbor::uint64(TIMESTAMP_MS))
        .set("pcrs", pcrs(pcr_list))
        .set("certificate", cbor::bytes(&chain[4]))
        .set("cabundle", cbor::array(&chain[..4].iter().map(|c| cbor::bytes(c)).collect::<Vec<_>>()));
    for (key, value) in [("public_key", public_key), ("user_data", user_data), ("nonce", nonce)] {
        match value {
            Opt::Absent => {}
            Opt::Null => {
                p.set(key, vec![cbor::NULL]);
            }
            Opt::Bytes(b) => {
                p.set(key, cbor::bytes(&b));
            }
        }
    }
    p
}

/// SHA-384 of `Sig_structure = ["Signature1", protected, h'', payload]`.
fn sig_structure_digest(protected: &[u8], payload: &[u8]) -> Vec<u8> {
    let structure =
        cbor::array(&[cbor::text("Signature1"), cbor::bytes(protected), cbor::bytes(&[]), cbor::bytes(payload)]);
    Sha384::digest(structure).to_vec()
}

fn sign_raw(key: &SigningKey, protected: &[u8], payload: &[u8]) -> Vec<u8> {
    let sig: Signature = key.sign_prehash(&sig_structure_digest(protected, payload)).expect("sign");
    sig.to_bytes().to_vec()
}

/// `[protected, unprotected, payload, signature]`, optionally behind tag 18.
fn envelope(protected: &[u8], unprotected: &[u8], payload: &[u8], signature: &[u8], tagged: bool) -> Vec<u8> {
    let body = [vec![0x84], cbor::bytes(protected), unprotected.to_vec(), cbor::bytes(payload), cbor::bytes(signature)]
        .concat();
    if tagged {
        [vec![0xd2], body].concat()
    } else {
        body
    }
}

/// A correctly signed, untagged document.
fn document(leaf_key: &SigningKey, p: &Payload) -> Vec<u8> {
    let bytes = p.encode();
    envelope(&PROTECTED_ES384, &[0xa0], &bytes, &sign_raw(leaf_key, &PROTECTED_ES384, &bytes), false)
}

fn der_chain(specs: &[CertSpec; 5]) -> Vec<Vec<u8>> {
    specs.iter().map(CertSpec::to_der).collect()
}

/// One manifest entry plus its bytes.
pub struct Vector {
    /// The vector's file name.
    pub file: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// A trust anchor other than the manifest's `root`: (file name, DER).
    pub root: Option<(String, Vec<u8>)>,
    /// Its manifest entry.
    pub entry: Value,
}

struct Builder {
    out: Vec<Vector>,
}

impl Builder {
    fn add(
        &mut self,
        file: &str,
        bytes: Vec<u8>,
        at_ms: u64,
        expected: Result<(), &str>,
        policy: Value,
        description: &str,
    ) {
        let (verdict, code) = match expected {
            Ok(()) => ("valid", Value::Null),
            Err(code) => ("invalid", Value::from(code)),
        };
        if let Some(existing) = self.out.iter().find(|v| v.file == file) {
            assert_eq!(existing.bytes, bytes, "{file} written twice with different bytes");
        }
        self.out.push(Vector {
            file: file.into(),
            bytes,
            root: None,
            entry: json!({
                "file": file, "verify_at_ms": at_ms, "expected": verdict, "error_code": code,
                "policy": policy, "description": description,
            }),
        });
    }
}

/// Every Nitro vector, in manifest order. The first vector is the test root certificate.
pub fn vectors() -> (Vec<u8>, Vec<Vector>) {
    let specs = pki::hierarchy("lightcheck-test", T0);
    let chain = der_chain(&specs);
    let leaf_key = specs[4].key.clone();
    let at = TIMESTAMP_MS;
    let mut b = Builder { out: Vec::new() };
    let no_policy = json!({});
    let prod_pcrs = production_pcrs();
    let expected_pcrs: Value = (0..3)
        .map(|i| (i.to_string(), Value::from(hex::encode(pcr_value(i)))))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let pubkey = pki::sec1_point(&pki::key("enclave public key"));
    let base = payload(&chain, &prod_pcrs, Opt::Bytes(pubkey.clone()), Opt::Null, Opt::Null, false);
    let valid_doc = document(&leaf_key, &base);

    // ---- valid shapes ----
    b.add(
        "valid-definite-map.cbor",
        valid_doc.clone(),
        at,
        Ok(()),
        json!({"pcrs": expected_pcrs}),
        "definite 9-entry map (0xa9), production PCRs, 97-byte public_key, null user_data and nonce",
    );
    let tls_cert = b"lightcheck test TLS certificate DER".to_vec();
    let spki = b"lightcheck test signing key SPKI DER".to_vec();
    let nitriding =
        [vec![0x12, 0x20], Sha256::digest(&tls_cert).to_vec(), vec![0x12, 0x20], Sha256::digest(&spki).to_vec()]
            .concat();
    let nonce20 = Sha256::digest(b"nonce")[..20].to_vec();
    let indefinite = payload(
        &chain,
        &prod_pcrs,
        Opt::Bytes(b"dummy".to_vec()),
        Opt::Bytes(nitriding.clone()),
        Opt::Bytes(nonce20.clone()),
        true,
    );
    let indefinite_doc = document(&leaf_key, &indefinite);
    let binding = json!({"key_binding": {"tls_certificate": hex::encode(&tls_cert), "signing_key_spki": hex::encode(&spki)}, "nonce": hex::encode(&nonce20), "max_age_ms": 300_000, "max_future_skew_ms": 60_000});
    b.add(
        "valid-indefinite-map.cbor",
        indefinite_doc.clone(),
        at + 299_000,
        Ok(()),
        binding.clone(),
        "indefinite map (0xbf…0xff) as 2026 NSMs write it, nitriding user_data binding, 20-byte nonce, 300 s freshness",
    );
    b.add(
        "valid-empty-optionals.cbor",
        document(
            &leaf_key,
            &payload(&chain, &prod_pcrs, Opt::Bytes(vec![]), Opt::Bytes(vec![]), Opt::Bytes(vec![]), false),
        ),
        at,
        Ok(()),
        no_policy.clone(),
        "public_key, user_data and nonce present and empty",
    );
    b.add(
        "valid-1024-byte-optionals.cbor",
        document(
            &leaf_key,
            &payload(
                &chain,
                &prod_pcrs,
                Opt::Bytes(vec![0xa5; 1024]),
                Opt::Bytes(vec![0x5a; 1024]),
                Opt::Bytes(vec![0x01; 1024]),
                false,
            ),
        ),
        at,
        Ok(()),
        no_policy.clone(),
        "public_key, user_data and nonce at the 1024-byte limit",
    );
    b.add(
        "valid-absent-optionals.cbor",
        document(&leaf_key, &payload(&chain, &prod_pcrs, Opt::Absent, Opt::Absent, Opt::Absent, false)),
        at,
        Ok(()),
        no_policy.clone(),
        "optional keys omitted entirely (6-entry map)",
    );
    let debug_pcrs: Vec<_> = (0..16).map(|i| (i, if i == 4 { pcr_value(4) } else { vec![0; 48] })).collect();
    let debug_doc = document(&leaf_key, &payload(&chain, &debug_pcrs, Opt::Null, Opt::Null, Opt::Null, true));
    b.add(
        "valid-debug-mode.cbor",
        debug_doc.clone(),
        at,
        Ok(()),
        json!({"allow_debug": true}),
        "debug-mode PCRs (0, 1, 2 zero), accepted because the policy allows debug",
    );
    let all_pcrs: Vec<_> = (0..32).map(|i| (i, pcr_value(i))).collect();
    b.add(
        "valid-32-pcrs.cbor",
        document(&leaf_key, &payload(&chain, &all_pcrs, Opt::Null, Opt::Null, Opt::Null, false)),
        at,
        Ok(()),
        no_policy.clone(),
        "all 32 PCR indices",
    );
    {
        let bytes = base.encode();
        let tagged = envelope(&PROTECTED_ES384, &[0xa0], &bytes, &sign_raw(&leaf_key, &PROTECTED_ES384, &bytes), true);
        b.add("valid-tagged.cbor", tagged, at, Ok(()), no_policy.clone(), "COSE_Sign1 behind CBOR tag 18");
    }
    {
        // s → n − s: the same signature in its high-S form, which ECDSA over P-384 accepts.
        let bytes = base.encode();
        let sig = sign_raw(&leaf_key, &PROTECTED_ES384, &bytes);
        let flipped = high_s(&sig);
        b.add(
            "valid-high-s.cbor",
            envelope(&PROTECTED_ES384, &[0xa0], &bytes, &flipped, false),
            at,
            Ok(()),
            no_policy.clone(),
            "COSE signature with s replaced by n − s",
        );
    }
    {
        let mut specs2 = specs.clone();
        specs2[2].extra_extensions.push(("1.3.6.1.4.1.99999.1".into(), false, pki_octets(b"unknown, not critical")));
        let chain2 = der_chain(&specs2);
        b.add(
            "valid-unknown-noncritical-extension.cbor",
            document(&leaf_key, &payload(&chain2, &prod_pcrs, Opt::Null, Opt::Null, Opt::Null, false)),
            at,
            Ok(()),
            no_policy.clone(),
            "zonal CA carries an unknown non-critical extension, which is ignored",
        );
    }

    // ---- time ----
    let leaf_not_after_ms = specs[4].not_after as u64 * 1000;
    let leaf_not_before_ms = specs[4].not_before as u64 * 1000;
    b.add(
        "valid-definite-map.cbor",
        valid_doc.clone(),
        leaf_not_after_ms + 999,
        Ok(()),
        no_policy.clone(),
        "last millisecond of the leaf's validity",
    );
    b.add(
        "valid-definite-map.cbor",
        valid_doc.clone(),
        leaf_not_after_ms + 1000,
        Err("nitro.cert.expired"),
        no_policy.clone(),
        "one millisecond after the leaf expires",
    );
    b.add(
        "valid-definite-map.cbor",
        valid_doc.clone(),
        leaf_not_before_ms - 1,
        Err("nitro.cert.not_yet_valid"),
        no_policy.clone(),
        "one millisecond before the leaf starts",
    );
    {
        let mut s = specs.clone();
        s[2].not_after = T0 - 3600;
        b.add(
            "expired-intermediate.cbor",
            document(&leaf_key, &payload(&der_chain(&s), &prod_pcrs, Opt::Null, Opt::Null, Opt::Null, false)),
            at,
            Err("nitro.cert.expired"),
            no_policy.clone(),
            "zonal CA expired an hour before the document",
        );
        let mut s = specs.clone();
        s[3].not_before = T0 + 3600;
        b.add(
            "not-yet-valid-intermediate.cbor",
            document(&leaf_key, &payload(&der_chain(&s), &prod_pcrs, Opt::Null, Opt::Null, Opt::Null, false)),
            at,
            Err("nitro.cert.not_yet_valid"),
            no_policy.clone(),
            "instance CA valid only from an hour after the document",
        );
    }

    // ---- policy ----
    b.add(
        "valid-debug-mode.cbor",
        debug_doc,
        at,
        Err("nitro.policy.debug_mode"),
        no_policy.clone(),
        "debug-mode document under the default policy",
    );
    let mut wrong_pcr = expected_pcrs.clone();
    wrong_pcr["1"] = Value::from(hex::encode(pcr_value(7)));
    b.add(
        "valid-definite-map.cbor",
        valid_doc.clone(),
        at,
        Err("nitro.policy.pcr_mismatch"),
        json!({"pcrs": wrong_pcr}),
        "expected PCR1 differs",
    );
    b.add(
        "valid-definite-map.cbor",
        valid_doc.clone(),
        at,
        Err("nitro.policy.pcr_mismatch"),
        json!({"pcrs": {"0": hex::encode([0u8; 48])}}),
        "an all-zero expected PCR0 is a value, not a wildcard",
    );
    b.add(
        "valid-indefinite-map.cbor",
        indefinite_doc.clone(),
        at,
        Err("nitro.policy.nonce"),
        json!({"nonce": "00"}),
        "nonce differs",
    );
    b.add(
        "valid-indefinite-map.cbor",
        indefinite_doc.clone(),
        at,
        Err("nitro.policy.user_data"),
        json!({"user_data": "1220"}),
        "user_data differs",
    );
    b.add(
        "valid-indefinite-map.cbor",
        indefinite_doc.clone(),
        at,
        Err("nitro.policy.key_binding"),
        json!({"key_binding": {"tls_certificate": hex::encode(&tls_cert), "signing_key_spki": "00"}}),
        "user_data binds another signing key",
    );
    b.add(
        "valid-indefinite-map.cbor",
        indefinite_doc.clone(),
        at + 300_001,
        Err("nitro.policy.too_old"),
        binding.clone(),
        "300 001 ms after the document, beyond the 300 s freshness bound",
    );
    b.add(
        "valid-indefinite-map.cbor",
        indefinite_doc,
        at - 60_001,
        Err("nitro.policy.from_future"),
        binding,
        "document 60 001 ms ahead of the verifier's clock",
    );

    // ---- COSE envelope ----
    let bytes = base.encode();
    let sig = sign_raw(&leaf_key, &PROTECTED_ES384, &bytes);
    let es256 = [0xa1, 0x01, 0x26];
    b.add(
        "cose-alg-es256.cbor",
        envelope(&es256, &[0xa0], &bytes, &sign_raw(&leaf_key, &es256, &bytes), false),
        at,
        Err("nitro.cose.algorithm"),
        no_policy.clone(),
        "protected header says ES256",
    );
    let protected_kid = [0xa2, 0x01, 0x38, 0x22, 0x04, 0x41, 0x01];
    b.add(
        "cose-protected-extra-label.cbor",
        envelope(&protected_kid, &[0xa0], &bytes, &sign_raw(&leaf_key, &protected_kid, &bytes), false),
        at,
        Err("nitro.cose.algorithm"),
        no_policy.clone(),
        "protected header has a kid besides alg",
    );
    b.add(
        "cose-unprotected-not-empty.cbor",
        envelope(&PROTECTED_ES384, &[0xa1, 0x04, 0x41, 0x01], &bytes, &sig, false),
        at,
        Err("nitro.cose.unprotected_header"),
        no_policy.clone(),
        "unprotected header carries a kid",
    );
    let der_sig = {
        let s: Signature = leaf_key.sign_prehash(&sig_structure_digest(&PROTECTED_ES384, &bytes)).expect("sign");
        s.to_der().as_bytes().to_vec()
    };
    b.add(
        "cose-signature-der.cbor",
        envelope(&PROTECTED_ES384, &[0xa0], &bytes, &der_sig, false),
        at,
        Err("nitro.cose.signature_length"),
        no_policy.clone(),
        "the right signature in DER form",
    );
    b.add(
        "cose-signature-95-bytes.cbor",
        envelope(&PROTECTED_ES384, &[0xa0], &bytes, &sig[..95], false),
        at,
        Err("nitro.cose.signature_length"),
        no_policy.clone(),
        "signature one byte short",
    );
    b.add(
        "cose-trailing-bytes.cbor",
        [valid_doc.clone(), vec![0x00]].concat(),
        at,
        Err("nitro.cose.trailing_bytes"),
        no_policy.clone(),
        "a byte after the COSE_Sign1 array",
    );
    let mut bad_sig = sig.clone();
    bad_sig[40] ^= 0x01;
    b.add(
        "cose-bad-signature.cbor",
        envelope(&PROTECTED_ES384, &[0xa0], &bytes, &bad_sig, false),
        at,
        Err("nitro.cose.bad_signature"),
        no_policy.clone(),
        "one bit of r flipped",
    );
    let other_leaf_sig = sign_raw(&pki::key("not the leaf"), &PROTECTED_ES384, &bytes);
    b.add(
        "cose-signed-by-other-key.cbor",
        envelope(&PROTECTED_ES384, &[0xa0], &bytes, &other_leaf_sig, false),
        at,
        Err("nitro.cose.bad_signature"),
        no_policy.clone(),
        "payload signed by a key that is not the leaf's",
    );
    b.add(
        "cose-three-elements.cbor",
        [vec![0x83], cbor::bytes(&PROTECTED_ES384), vec![0xa0], cbor::bytes(&bytes)].concat(),
        at,
        Err("nitro.cose.malformed"),
        no_policy.clone(),
        "array of three elements",
    );
    b.add(
        "cose-detached-payload.cbor",
        [vec![0x84], cbor::bytes(&PROTECTED_ES384), vec![0xa0, cbor::NULL], cbor::bytes(&sig)].concat(),
        at,
        Err("nitro.cose.malformed"),
        no_policy.clone(),
        "payload is nil (detached)",
    );
    b.add(
        "cose-wrong-tag.cbor",
        [vec![0xd1], valid_doc.clone()].concat(),
        at,
        Err("nitro.cose.malformed"),
        no_policy.clone(),
        "tag 17 (COSE_Mac0) instead of 18",
    );

    // ---- payload ----
    let mut payload_case = |file: &str, code: &str, description: &str, edit: &dyn Fn(&mut Payload)| {
        let mut p = base.clone();
        edit(&mut p);
        b.add(file, document(&leaf_key, &p), at, Err(code), json!({}), description);
    };
    payload_case("payload-unknown-field.cbor", "nitro.payload.unknown_field", "an extra key \"extra\"", &|p| {
        p.set("extra", cbor::uint(1));
    });
    payload_case("payload-duplicate-field.cbor", "nitro.payload.duplicate_field", "module_id appears twice", &|p| {
        let first = p.entries[0].clone();
        p.entries.push(first);
    });
    payload_case("payload-missing-cabundle.cbor", "nitro.payload.missing_field", "no cabundle key", &|p| {
        p.remove("cabundle");
    });
    payload_case("payload-digest-sha256.cbor", "nitro.payload.digest", "digest is \"SHA256\"", &|p| {
        p.set("digest", cbor::text("SHA256"));
    });
    payload_case("payload-timestamp-zero.cbor", "nitro.payload.timestamp", "timestamp is 0", &|p| {
        p.set("timestamp", cbor::uint64(0));
    });
    payload_case(
        "payload-timestamp-negative.cbor",
        "nitro.payload.malformed",
        "timestamp is a negative integer",
        &|p| {
            p.set("timestamp", vec![0x20]);
        },
    );
    payload_case("payload-pcr-index-32.cbor", "nitro.payload.pcr_index", "PCR index 32", &|p| {
        let mut list = production_pcrs();
        list.push((32, pcr_value(32)));
        p.set("pcrs", pcrs(&list));
    });
    payload_case(
        "payload-pcr-32-bytes.cbor",
        "nitro.payload.field_length",
        "a 32-byte PCR under digest SHA384",
        &|p| {
            let mut list = production_pcrs();
            list[5].1 = vec![0; 32];
            p.set("pcrs", pcrs(&list));
        },
    );
    payload_case("payload-pcrs-empty.cbor", "nitro.payload.field_length", "pcrs is an empty map", &|p| {
        p.set("pcrs", pcrs(&[]));
    });
    payload_case("payload-user-data-1025.cbor", "nitro.payload.field_length", "user_data of 1025 bytes", &|p| {
        p.set("user_data", cbor::bytes(&[7; 1025]));
    });
    payload_case("payload-nonce-1025.cbor", "nitro.payload.field_length", "nonce of 1025 bytes", &|p| {
        p.set("nonce", cbor::bytes(&[7; 1025]));
    });
    payload_case("payload-public-key-1025.cbor", "nitro.payload.field_length", "public_key of 1025 bytes", &|p| {
        p.set("public_key", cbor::bytes(&[7; 1025]));
    });
    payload_case("payload-certificate-1025.cbor", "nitro.payload.field_length", "certificate of 1025 bytes", &|p| {
        p.set("certificate", cbor::bytes(&[0x30; 1025]));
    });
    payload_case("payload-certificate-empty.cbor", "nitro.payload.field_length", "certificate of 0 bytes", &|p| {
        p.set("certificate", cbor::bytes(&[]));
    });
    payload_case("payload-cabundle-empty.cbor", "nitro.payload.field_length", "cabundle is an empty array", &|p| {
        p.set("cabundle", cbor::array(&[]));
    });
    let chain_items: Vec<Vec<u8>> = chain[..4].iter().map(|c| cbor::bytes(c)).collect();
    payload_case("payload-cabundle-9.cbor", "nitro.payload.field_length", "cabundle of 9 certificates", &|p| {
        let nine: Vec<Vec<u8>> = chain_items.iter().cycle().take(9).cloned().collect();
        p.set("cabundle", cbor::array(&nine));
    });
    payload_case("payload-module-id-empty.cbor", "nitro.payload.field_length", "module_id is empty", &|p| {
        p.set("module_id", cbor::text(""));
    });
    payload_case(
        "payload-indefinite-byte-string.cbor",
        "nitro.payload.malformed",
        "user_data as an indefinite-length byte string",
        &|p| {
            p.set("user_data", [vec![0x5f], cbor::bytes(b"ab"), vec![0xff]].concat());
        },
    );
    payload_case("payload-tagged-value.cbor", "nitro.payload.malformed", "nonce wrapped in a CBOR tag", &|p| {
        p.set("nonce", [vec![0xc2], cbor::bytes(b"ab")].concat());
    });
    payload_case("payload-module-id-bytes.cbor", "nitro.payload.malformed", "module_id is a byte string", &|p| {
        p.set("module_id", cbor::bytes(b"i-0123"));
    });
    payload_case("payload-integer-key.cbor", "nitro.payload.malformed", "an integer map key", &|p| {
        p.entries.push((cbor::uint(1), cbor::uint(1)));
    });
    {
        let bytes = [base.encode(), vec![0x00]].concat();
        b.add(
            "payload-trailing-bytes.cbor",
            envelope(&PROTECTED_ES384, &[0xa0], &bytes, &sign_raw(&leaf_key, &PROTECTED_ES384, &bytes), false),
            at,
            Err("nitro.payload.malformed"),
            no_policy.clone(),
            "a byte after the payload map",
        );
        // The length check comes before the payload is decoded, so filler after a valid map
        // is enough to exceed the bound.
        let oversized = [base.encode(), vec![0u8; 16_385 - base.encode().len()]].concat();
        assert_eq!(oversized.len(), 16_385);
        b.add(
            "payload-16385-bytes.cbor",
            envelope(&PROTECTED_ES384, &[0xa0], &oversized, &sign_raw(&leaf_key, &PROTECTED_ES384, &oversized), false),
            at,
            Err("nitro.payload.field_length"),
            no_policy.clone(),
            "payload one byte over 16 KiB",
        );
        let doc_too_large = [valid_doc.clone(), vec![0u8; 16_640 + 1 - valid_doc.len()]].concat();
        b.add(
            "document-too-large.cbor",
            doc_too_large,
            at,
            Err("input.too_large"),
            no_policy.clone(),
            "document longer than 16 KiB + 256 bytes",
        );
    }

    // ---- chain ----
    let mut chain_case = |file: &str, code: &str, description: &str, edit: &dyn Fn(&mut [CertSpec; 5])| {
        let mut s = specs.clone();
        edit(&mut s);
        let key = s[4].key.clone();
        let edited = der_chain(&s);
        b.add(
            file,
            document(&key, &payload(&edited, &prod_pcrs, Opt::Null, Opt::Null, Opt::Null, false)),
            at,
            Err(code),
            json!({}),
            description,
        );
        // A case about the root itself trusts that (edited) root, so the rule under test is
        // what fails rather than the anchor.
        if code != "nitro.cert.untrusted_root" && edited[0] != chain[0] {
            let root_file = file.replace(".cbor", ".root.der");
            let last = b.out.last_mut().expect("just added");
            last.entry["root"] = Value::from(root_file.clone());
            last.root = Some((root_file, edited[0].clone()));
        }
    };
    chain_case("chain-wrong-root.cbor", "nitro.cert.untrusted_root", "a complete chain under another root", &|s| {
        *s = pki::hierarchy("rogue", T0);
    });
    chain_case(
        "chain-issuer-mismatch.cbor",
        "nitro.cert.issuer_mismatch",
        "leaf names another issuer (signed by the right key)",
        &|s| {
            s[4].issuer_cn = "someone.else.nitro-enclaves".into();
        },
    );
    chain_case(
        "chain-leaf-signed-by-wrong-key.cbor",
        "nitro.cert.bad_signature",
        "leaf signed by a key that is not the instance CA's",
        &|s| {
            s[4].issuer_key = pki::key("impostor");
        },
    );
    chain_case(
        "chain-zonal-signed-by-wrong-key.cbor",
        "nitro.cert.bad_signature",
        "zonal CA signed by a key that is not the regional CA's",
        &|s| {
            s[2].issuer_key = pki::key("impostor");
        },
    );
    chain_case("chain-leaf-sha256.cbor", "nitro.cert.algorithm", "leaf signed with ecdsa-with-SHA256", &|s| {
        s[4].signature_oid = pki::ECDSA_WITH_SHA256;
    });
    chain_case("chain-leaf-p256-curve.cbor", "nitro.cert.algorithm", "leaf key labelled secp256r1", &|s| {
        s[4].curve_oid = pki::SECP256R1;
    });
    chain_case(
        "chain-ca-no-basic-constraints.cbor",
        "nitro.cert.basic_constraints",
        "zonal CA without basicConstraints",
        &|s| {
            s[2].basic_constraints = None;
        },
    );
    chain_case(
        "chain-ca-basic-constraints-not-critical.cbor",
        "nitro.cert.basic_constraints",
        "regional CA's basicConstraints not critical",
        &|s| {
            s[1].basic_constraints = Some((false, true, Some(2)));
        },
    );
    chain_case("chain-ca-false.cbor", "nitro.cert.basic_constraints", "instance CA has cA FALSE", &|s| {
        s[3].basic_constraints = Some((true, false, None));
    });
    chain_case("chain-root-not-ca.cbor", "nitro.cert.basic_constraints", "the trusted root has cA FALSE", &|s| {
        s[0].basic_constraints = Some((true, false, None));
    });
    chain_case(
        "chain-path-length-exceeded.cbor",
        "nitro.cert.path_length",
        "zonal CA has pathLen 0 but the instance CA sits below it",
        &|s| {
            s[2].basic_constraints = Some((true, true, Some(0)));
        },
    );
    chain_case(
        "chain-root-path-length-exceeded.cbor",
        "nitro.cert.path_length",
        "root pathLen 1 with three CAs below it",
        &|s| {
            s[0].basic_constraints = Some((true, true, Some(1)));
        },
    );
    chain_case(
        "chain-ca-no-key-cert-sign.cbor",
        "nitro.cert.key_usage",
        "instance CA's keyUsage lacks keyCertSign",
        &|s| {
            s[3].key_usage = Some((true, vec![pki::DIGITAL_SIGNATURE]));
        },
    );
    chain_case("chain-ca-no-key-usage.cbor", "nitro.cert.key_usage", "regional CA without keyUsage", &|s| {
        s[1].key_usage = None;
    });
    chain_case("chain-leaf-is-ca.cbor", "nitro.cert.basic_constraints", "leaf has cA TRUE", &|s| {
        s[4].basic_constraints = Some((true, true, None));
    });
    chain_case(
        "chain-leaf-path-length.cbor",
        "nitro.cert.basic_constraints",
        "leaf carries a pathLenConstraint",
        &|s| {
            s[4].basic_constraints = Some((true, false, Some(0)));
        },
    );
    chain_case(
        "chain-leaf-no-digital-signature.cbor",
        "nitro.cert.key_usage",
        "leaf keyUsage lacks digitalSignature",
        &|s| {
            s[4].key_usage = Some((false, vec![pki::NON_REPUDIATION]));
        },
    );
    chain_case("chain-leaf-no-key-usage.cbor", "nitro.cert.key_usage", "leaf without keyUsage", &|s| {
        s[4].key_usage = None;
    });
    chain_case(
        "chain-unknown-critical-extension.cbor",
        "nitro.cert.unknown_critical_extension",
        "zonal CA carries an unknown critical extension",
        &|s| {
            s[2].extra_extensions.push(("1.3.6.1.4.1.99999.2".into(), true, pki_octets(b"must understand")));
        },
    );
    chain_case(
        "chain-leaf-unknown-critical-extension.cbor",
        "nitro.cert.unknown_critical_extension",
        "leaf carries an unknown critical extension",
        &|s| {
            s[4].extra_extensions.push(("1.3.6.1.4.1.99999.2".into(), true, pki_octets(b"must understand")));
        },
    );
    {
        let mut p = base.clone();
        p.set("certificate", cbor::bytes(b"\x30\x03\x02\x01\x01"));
        b.add(
            "chain-leaf-not-a-certificate.cbor",
            document(&leaf_key, &p),
            at,
            Err("nitro.cert.malformed"),
            no_policy.clone(),
            "certificate is a DER SEQUENCE that is not X.509",
        );
        let mut reordered = chain[..4].to_vec();
        reordered.swap(1, 2);
        let mut p = base.clone();
        p.set("cabundle", cbor::array(&reordered.iter().map(|c| cbor::bytes(c)).collect::<Vec<_>>()));
        b.add(
            "chain-cabundle-out-of-order.cbor",
            document(&leaf_key, &p),
            at,
            Err("nitro.cert.issuer_mismatch"),
            no_policy.clone(),
            "cabundle with the regional and zonal CAs swapped",
        );
        let mut reversed = chain[..4].to_vec();
        reversed.reverse();
        let mut p = base.clone();
        p.set("cabundle", cbor::array(&reversed.iter().map(|c| cbor::bytes(c)).collect::<Vec<_>>()));
        b.add(
            "chain-cabundle-reversed.cbor",
            document(&leaf_key, &p),
            at,
            Err("nitro.cert.untrusted_root"),
            no_policy,
            "cabundle with the root last (the anchor must be cabundle[0])",
        );
    }

    (chain[0].clone(), b.out)
}

fn pki_octets(v: &[u8]) -> Vec<u8> {
    crate::der::octet_string(v)
}

/// The order of P-384.
const P384_N: [u8; 48] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf, 0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0,
    0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73,
];

fn high_s(sig: &[u8]) -> Vec<u8> {
    crate::high_s(sig, &P384_N)
}

/// The manifest and every file, as they are committed under `test-vectors/nitro/`.
pub fn files() -> Vec<(String, Vec<u8>)> {
    let (root, vectors) = vectors();
    let mut files = vec![("root.der".to_string(), root)];
    for v in &vectors {
        if !files.iter().any(|(f, _)| *f == v.file) {
            files.push((v.file.clone(), v.bytes.clone()));
        }
        if let Some((name, der)) = &v.root {
            files.push((name.clone(), der.clone()));
        }
    }
    let manifest = json!({
        "generator": "cargo run -p lightcheck-vectors (test-vectors/generator)",
        "description": "lightcheck Nitro conformance vectors: documents under a Nitro-shaped test PKI (root → regional → zonal → instance → leaf). Verify each file at verify_at_ms with root.der as the only trust anchor and the given policy; expect the verdict and error_code.",
        "root": "root.der",
        "documents": vectors.iter().map(|v| v.entry.clone()).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_vec_pretty(&manifest).expect("json");
    text.push(b'\n');
    files.push(("manifest.json".into(), text));
    files
}

/// An OpenGradient-style document from the test hierarchy: production PCRs, `"dummy"`
/// public_key, a 20-byte nonce and `user_data` as given (nitriding's 68 bytes). Returns the
/// root certificate DER, the document and its PCR0–2.
pub fn opengradient_document(user_data: &[u8]) -> (Vec<u8>, Vec<u8>, [Vec<u8>; 3]) {
    let specs = pki::hierarchy("lightcheck-test", T0);
    let chain = der_chain(&specs);
    let nonce = Sha256::digest(b"opengradient nonce")[..20].to_vec();
    let p = payload(
        &chain,
        &production_pcrs(),
        Opt::Bytes(b"dummy".to_vec()),
        Opt::Bytes(user_data.to_vec()),
        Opt::Bytes(nonce),
        true,
    );
    (chain[0].clone(), document(&specs[4].key, &p), [pcr_value(0), pcr_value(1), pcr_value(2)])
}
