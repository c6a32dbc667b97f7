//! Enclave binding: real OpenGradient attestation documents (from og-evm's tests and
//! integration scripts) and the generated ones that bind the test signing key.
#![cfg(feature = "opengradient")]

mod common;

use lightcheck::nitro::TrustAnchor;
use lightcheck::opengradient::binding::{
    check_key_binding, pcr_hash, verify_attestation, verify_binding, EnclavePolicy, PcrPin,
};
use lightcheck::opengradient::pyjson::{self, Value};
use lightcheck::opengradient::SigningKey;

/// keccak256(PCR0 ‖ PCR1 ‖ PCR2) of OpenGradient's production enclave image in these documents
/// (computed independently with Python's eth-hash).
const OG_PCR_HASH: &str = "8082af22571613eabd5dad9c7e857c4f16154ded3d387386d8193b53906f6a24";

fn hash32(hex: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex, &mut out).unwrap();
    out
}

fn test_key() -> SigningKey {
    let doc =
        pyjson::parse(&std::fs::read(common::project_vectors().join("opengradient/responses.json")).unwrap()).unwrap();
    let pem = doc.get("keys").and_then(|k| k.get("test")).and_then(Value::as_str).unwrap();
    SigningKey::from_pem_or_der(pem.as_bytes()).unwrap()
}

#[test]
fn real_opengradient_documents() {
    let Some(dir) = common::shared_vectors() else { return };
    let aws = [TrustAnchor::AWS_NITRO_ROOT_G1];
    let key = test_key();
    for n in 2..=4 {
        let doc = std::fs::read(dir.join(format!("nitro/opengradient-{n}.cbor"))).unwrap();
        let policy = EnclavePolicy { pcrs: PcrPin::PcrHash(hash32(OG_PCR_HASH)), ..EnclavePolicy::default() };
        let (attestation, pcr, _) = verify_attestation(&doc, &policy, &aws).unwrap_or_else(|e| panic!("#{n}: {e}"));
        assert_eq!(hex::encode(pcr), OG_PCR_HASH);
        assert_eq!(attestation.public_key.as_deref(), Some(&b"dummy"[..]), "the placeholder public_key is ignored");
        // Their user_data has the nitriding layout but binds the gateway's key, not ours.
        let err = check_key_binding(&attestation, &key, None).unwrap_err();
        assert_eq!(err.code(), "nitro.policy.key_binding");
        let other = EnclavePolicy { pcrs: PcrPin::PcrHash([7; 32]), ..EnclavePolicy::default() };
        assert_eq!(verify_attestation(&doc, &other, &aws).unwrap_err().code(), "opengradient.binding.pcr_hash");
        // The registry's freshness rule, at a registration 301 s after the document.
        let late =
            EnclavePolicy { at: Some(common::at_ms(attestation.timestamp_ms + 301_000)), ..EnclavePolicy::default() };
        assert_eq!(verify_attestation(&doc, &late, &aws).unwrap_err().code(), "nitro.policy.too_old");
    }
    // opengradient-1 comes from a debug-mode enclave (PCR0-2 zero): refused unless allowed.
    let debug = std::fs::read(dir.join("nitro/opengradient-1.cbor")).unwrap();
    assert_eq!(
        verify_attestation(&debug, &EnclavePolicy::default(), &aws).unwrap_err().code(),
        "nitro.policy.debug_mode"
    );
    let allow = EnclavePolicy { allow_debug: true, ..EnclavePolicy::default() };
    let (attestation, _, _) = verify_attestation(&debug, &allow, &aws).unwrap();
    // keccak256 of 144 zero bytes (Python eth-hash).
    assert_eq!(
        hex::encode(pcr_hash(&attestation).unwrap()),
        "cd2e66bf0b91eeedc6c648ae9335a78d7c9a4ab0ef33612a824d91cdc68a4f21"
    );
}

#[test]
fn generated_document_binds_the_test_key() {
    let bundle =
        pyjson::parse(&std::fs::read(common::project_vectors().join("settlement/pending-attested.json")).unwrap())
            .unwrap();
    let trusted =
        pyjson::parse(&std::fs::read(common::project_vectors().join("settlement/trusted.json")).unwrap()).unwrap();
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let doc =
        b64.decode(bundle.get("attestation").and_then(|a| a.get("document")).and_then(Value::as_str).unwrap()).unwrap();
    let root_der =
        b64.decode(trusted.get("nitro_roots").and_then(Value::as_array).unwrap()[0].as_str().unwrap()).unwrap();
    let roots = [TrustAnchor::from_der(&root_der)];
    let key = test_key();
    let binding = verify_binding(&doc, &key, &EnclavePolicy::default(), &roots).expect("binds");
    assert_eq!(binding.attestation.user_data.as_ref().map(Vec::len), Some(68));
    // The AWS root does not anchor the test hierarchy.
    let err = verify_binding(&doc, &key, &EnclavePolicy::default(), &[TrustAnchor::AWS_NITRO_ROOT_G1]).unwrap_err();
    assert_eq!(err.code(), "nitro.cert.untrusted_root");
    // A TLS certificate the document does not commit to.
    let tls = EnclavePolicy { tls_certificate_der: Some(b"another certificate"), ..EnclavePolicy::default() };
    assert_eq!(verify_binding(&doc, &key, &tls, &roots).unwrap_err().code(), "nitro.policy.key_binding");
    // Explicit PCRs: PCR0 pinned to the wrong value.
    let wrong = [(0u8, [0x55u8; 48])];
    let pinned = EnclavePolicy { pcrs: PcrPin::Pcrs(&wrong), ..EnclavePolicy::default() };
    assert_eq!(verify_binding(&doc, &key, &pinned, &roots).unwrap_err().code(), "nitro.policy.pcr_mismatch");
    // A list of PCR sets (a rolling deploy): the second one is the document's image.
    let actual = [(0u8, *binding.attestation.pcr(0).unwrap()), (1u8, *binding.attestation.pcr(1).unwrap())];
    let any = EnclavePolicy { pcrs: PcrPin::AnySet(&[&wrong, &actual]), ..EnclavePolicy::default() };
    let rolled = verify_binding(&doc, &key, &any, &roots).expect("the second set matches");
    assert_eq!(rolled.attestation.matched_pcr_set, Some(1));
    assert_eq!(binding.attestation.matched_pcr_set, None, "no sets, no match index");
    let none = EnclavePolicy { pcrs: PcrPin::AnySet(&[&wrong, &wrong]), ..EnclavePolicy::default() };
    assert_eq!(verify_binding(&doc, &key, &none, &roots).unwrap_err().code(), "nitro.policy.pcr_set_mismatch");
    let empty = EnclavePolicy { pcrs: PcrPin::AnySet(&[&[]]), ..EnclavePolicy::default() };
    assert_eq!(verify_binding(&doc, &key, &empty, &roots).unwrap_err().code(), "nitro.policy.invalid");
}
