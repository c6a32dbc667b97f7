//! Every EZKL set in `../shared/vectors/halo2` gives EZKL's verdict (the repo-asset sets with the
//! VKAs the project generated from their `vk.key`), and hostile inputs give typed errors.
#![cfg(feature = "zk")]

mod common;

use std::path::{Path, PathBuf};

use lightcheck::zk::{self, ProofWithInstances, SrsPoints, Vka};

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn project(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-vectors/zk").join(rel)
}

fn verdict(vka: &Path, proof: &Path, srs: &Path) -> Result<zk::Verified, zk::Error> {
    let vka = Vka::from_bytes(&read(vka))?;
    let p = ProofWithInstances::from_ezkl_json(&read(proof))?;
    let srs = SrsPoints::from_bytes(&read(srs))?;
    zk::verify(&vka, &p.proof, &p.instances, &srs, Some(&vka.digest()))
}

#[test]
fn every_shared_set_gives_ezkls_verdict() {
    let Some(dir) = common::shared_vectors() else { return };
    let halo2 = dir.join("halo2");
    for set in ["ezkl-23.0.5-k6-zero-output", "ezkl-23.0.5-k8-public-io"] {
        let d = halo2.join(set);
        let (vka, srs) = (d.join("vka.bytes"), d.join("kzg.srs"));
        verdict(&vka, &d.join("proof.json"), &srs).unwrap_or_else(|e| panic!("{set}: {e}"));
        for bad in ["proof_tampered.json", "proof_badinstance.json"] {
            assert!(verdict(&vka, &d.join(bad), &srs).is_err(), "{set}/{bad} accepted");
        }
    }
    let kzg1 = halo2.join("ezkl-repo-assets-2025-10/kzg1.srs");
    let other_tau = halo2.join("ezkl-repo-assets-2025-10/kzg_k6_OTHER_TAU.srs");
    for set in ["ezkl-repo-assets-2025-10", "ezkl-repo-assets-2025-06"] {
        let vka = project(&format!("shared-sets/{set}/vka.bytes"));
        let proof = halo2.join(set).join("proof.json");
        verdict(&vka, &proof, &kzg1).unwrap_or_else(|e| panic!("{set}: {e}"));
        let err = verdict(&vka, &proof, &other_tau).unwrap_err();
        assert_eq!(err.code(), "zk.verification_failed", "{set} with another tau: {err}");
    }
    // A proof under another circuit's VKA, and a pinned digest that does not match.
    let err = verdict(
        &project("shared-sets/ezkl-repo-assets-2025-10/vka.bytes"),
        &halo2.join("ezkl-repo-assets-2025-06/proof.json"),
        &kzg1,
    )
    .unwrap_err();
    assert_eq!(err.code(), "zk.verification_failed");
    let d = halo2.join("ezkl-23.0.5-k8-public-io");
    let vka = Vka::from_bytes(&read(&d.join("vka.bytes"))).unwrap();
    let p = ProofWithInstances::from_ezkl_json(&read(&d.join("proof.json"))).unwrap();
    let srs = SrsPoints::from_bytes(&read(&d.join("kzg.srs"))).unwrap();
    let err = zk::verify(&vka, &p.proof, &p.instances, &srs, Some(&[7; 32])).unwrap_err();
    assert_eq!(err.code(), "zk.vka.digest_mismatch");
}

#[test]
fn proof_json_variants_of_ezkl_21_to_23_decode() {
    let Some(dir) = common::shared_vectors() else { return };
    for set in ["ezkl-repo-assets-2025-06", "ezkl-repo-assets-2025-10", "ezkl-23.0.5-k8-public-io"] {
        let p = ProofWithInstances::from_ezkl_json(&read(&dir.join("halo2").join(set).join("proof.json")))
            .unwrap_or_else(|e| panic!("{set}: {e}"));
        assert!(!p.proof.is_empty() && !p.instances.is_empty(), "{set}");
    }
    // hex_proof instead of the byte array, with and without 0x.
    let base: serde_json::Value =
        serde_json::from_slice(&read(&dir.join("halo2/ezkl-23.0.5-k8-public-io/proof.json"))).unwrap();
    let bytes: Vec<u8> = base["proof"].as_array().unwrap().iter().map(|b| b.as_u64().unwrap() as u8).collect();
    for hex_proof in [format!("0x{}", hex::encode(&bytes)), hex::encode(&bytes)] {
        let v = serde_json::json!({"hex_proof": hex_proof, "instances": base["instances"]});
        let p = ProofWithInstances::from_ezkl_json(v.to_string().as_bytes()).unwrap();
        assert_eq!(p.proof, bytes);
    }
}

#[test]
fn hostile_inputs_are_typed_errors() {
    for vka in [&[][..], &[0u8; 8], &[0u8; 32 * 40], &[0xffu8; 8 + 32 * 40], &[1u8; 7]] {
        assert!(Vka::from_bytes(vka).is_err());
    }
    for srs in [&[][..], &[0u8; 320], &[0xffu8; 320], &[0u8; 516], &[1, 0, 0, 0]] {
        assert!(SrsPoints::from_bytes(srs).is_err(), "{} bytes", srs.len());
    }
    for json in [
        &b"{}"[..],
        b"{\"proof\": [256], \"instances\": [[]]}",
        b"{\"proof\": [], \"instances\": [[\"00\"]]}",
        b"{\"proof\": [], \"instances\": [[], []]}",
        b"{\"proof\": [], \"instances\": [[\"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"]]}",
        b"not json",
    ] {
        assert!(ProofWithInstances::from_ezkl_json(json).is_err(), "{}", String::from_utf8_lossy(json));
    }
    assert_eq!(zk::instances_from_be_words(&[0xff; 32]).unwrap_err().code(), "zk.proof.scalar_non_canonical");
    let Some(dir) = common::shared_vectors() else { return };
    let d = dir.join("halo2/ezkl-23.0.5-k8-public-io");
    let vka = Vka::from_bytes(&read(&d.join("vka.bytes"))).unwrap();
    let srs = SrsPoints::from_bytes(&read(&d.join("kzg.srs"))).unwrap();
    let p = ProofWithInstances::from_ezkl_json(&read(&d.join("proof.json"))).unwrap();
    let zeros = vec![0u8; p.proof.len()];
    assert!(zk::verify(&vka, &zeros, &p.instances, &srs, None).is_err());
    assert!(zk::verify(&vka, &p.proof, &p.instances[..1], &srs, None).is_err());
}
