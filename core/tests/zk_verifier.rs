//! The EZKL (halo2-KZG, SHPLONK, EVM transcript) verifier against the ezkl 23.0.5 vectors in
//! `../shared/vectors/halo2`: valid proofs verify; tampered proofs, wrong instances, altered
//! VKAs and an SRS from another ceremony are rejected, without panics.
#![cfg(feature = "zk")]

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use halo2curves::bn256::{Fr, G1Affine, G2Affine};
use halo2curves::ff::PrimeField;
use halo2curves::serde::SerdeObject;
use lightcheck::zk::verifier::{verify_proof, SrsPoints};
use lightcheck::zk::vka::Vka;
use lightcheck::zk::Error;

const K8: &str = "halo2/ezkl-23.0.5-k8-public-io";
const K6: &str = "halo2/ezkl-23.0.5-k6-zero-output";

fn set(name: &str) -> Option<PathBuf> {
    common::shared_vectors().map(|d| d.join(name))
}

/// `proof.json`: `proof` as a byte array, `instances` as little-endian hex field elements.
fn proof_json(path: &Path) -> (Vec<u8>, Vec<Fr>) {
    let v = common::json(path);
    let proof = v["proof"].as_array().expect("proof array").iter().map(|b| b.as_u64().expect("byte") as u8).collect();
    let instances = v["instances"]
        .as_array()
        .expect("instances")
        .iter()
        .flat_map(|col| col.as_array().expect("column").iter())
        .map(|h| {
            let bytes: [u8; 32] = common::unhex(h.as_str().expect("hex")).try_into().expect("32 bytes");
            Option::from(Fr::from_repr(bytes.into())).expect("canonical instance")
        })
        .collect();
    (proof, instances)
}

/// `g[0]`, `g2`, `s_g2` of a halo2 `ParamsKZG` file (raw little-endian Montgomery limbs).
fn srs(path: &Path) -> SrsPoints {
    let b = std::fs::read(path).expect("srs");
    let n = b.len();
    SrsPoints {
        g1: G1Affine::from_raw_bytes(&b[4..68]).expect("g[0]"),
        g2: G2Affine::from_raw_bytes(&b[n - 256..n - 128]).expect("g2"),
        s_g2: G2Affine::from_raw_bytes(&b[n - 128..]).expect("s_g2"),
    }
}

struct Set {
    vka_bytes: Vec<u8>,
    vka: Vka,
    proof: Vec<u8>,
    instances: Vec<Fr>,
    srs: SrsPoints,
    dir: PathBuf,
}

fn load(name: &str) -> Option<Set> {
    let dir = set(name)?;
    let vka_bytes = std::fs::read(dir.join("vka.bytes")).expect("vka");
    let vka = Vka::from_bytes(&vka_bytes).expect("VKA decodes");
    let (proof, instances) = proof_json(&dir.join("proof.json"));
    let srs = srs(&dir.join("kzg.srs"));
    Some(Set { vka_bytes, vka, proof, instances, srs, dir })
}

fn verify(s: &Set, proof: &[u8], instances: &[Fr]) -> Result<(), Error> {
    verify_proof(&s.vka, proof, instances, &s.srs)
}

#[test]
fn valid_proofs_verify() {
    for (name, n) in [(K8, 7), (K6, 4)] {
        let Some(s) = load(name) else { return };
        assert_eq!(s.vka.num_instances(), n);
        assert_eq!(s.instances.len(), n);
        assert_eq!(s.vka.proof_len(), s.proof.len());
        let start = Instant::now();
        verify(&s, &s.proof, &s.instances).unwrap_or_else(|e| panic!("{name}: {e}"));
        eprintln!("{name}: verified in {:?}", start.elapsed());
    }
}

#[test]
fn tampered_and_bad_instance_proofs_are_rejected() {
    for name in [K8, K6] {
        let Some(s) = load(name) else { return };
        for file in ["proof_tampered.json", "proof_badinstance.json"] {
            let (proof, instances) = proof_json(&s.dir.join(file));
            let err = verify(&s, &proof, &instances).expect_err(file);
            eprintln!("{name}/{file}: {err}");
        }
    }
}

#[test]
fn wrong_instances_are_rejected() {
    let Some(s) = load(K8) else { return };
    let mut fewer = s.instances.clone();
    fewer.pop();
    assert!(matches!(verify(&s, &s.proof, &fewer), Err(Error::InstanceCount { expected: 7, found: 6 })));
    let mut more = s.instances.clone();
    more.push(Fr::from(0));
    assert!(matches!(verify(&s, &s.proof, &more), Err(Error::InstanceCount { expected: 7, found: 8 })));
    for i in 0..s.instances.len() {
        let mut changed = s.instances.clone();
        changed[i] += Fr::from(1);
        assert!(matches!(verify(&s, &s.proof, &changed), Err(Error::VerificationFailed { .. })), "instance {i}");
    }
}

#[test]
fn proof_length_must_match() {
    let Some(s) = load(K8) else { return };
    let mut longer = s.proof.clone();
    longer.extend_from_slice(&[0; 32]);
    assert!(matches!(verify(&s, &longer, &s.instances), Err(Error::ProofMalformed { .. })));
    assert!(matches!(verify(&s, &s.proof[..s.proof.len() - 1], &s.instances), Err(Error::ProofMalformed { .. })));
    assert!(verify(&s, &[], &s.instances).is_err());
}

/// Every byte of `set` flipped (all offsets, or every `step`-th), on two threads: all rejected.
fn flips_rejected(s: &Set, step: usize) {
    let offsets: Vec<usize> = (0..s.proof.len()).step_by(step).chain([s.proof.len() - 1]).collect();
    let (a, b) = offsets.split_at(offsets.len() / 2);
    std::thread::scope(|scope| {
        for part in [a, b] {
            scope.spawn(move || {
                let mut proof = s.proof.clone();
                for &off in part {
                    proof[off] ^= 0x01;
                    assert!(verify(s, &proof, &s.instances).is_err(), "flip at {off} accepted");
                    proof[off] ^= 0x01;
                }
            });
        }
    });
}

#[test]
fn every_single_byte_flip_of_the_k8_proof_is_rejected() {
    let Some(s) = load(K8) else { return };
    flips_rejected(&s, 1);
}

#[test]
fn sampled_byte_flips_of_the_k6_proof_are_rejected() {
    let Some(s) = load(K6) else { return };
    flips_rejected(&s, 37);
}

#[test]
fn vka_forms_and_digest() {
    let Some(s) = load(K8) else { return };
    let bare = Vka::from_bytes(&s.vka_bytes[8..]).expect("bare words");
    assert_eq!(bare.digest(), s.vka.digest());
    assert_eq!(bare.num_instances(), 7);
    verify_proof(&bare, &s.proof, &s.instances, &s.srs).expect("bare-word VKA verifies");
    // Truncated or extended by a few bytes or by whole words: rejected at decoding.
    for cut in [1, 8, 31, 32, 33, 64] {
        assert!(Vka::from_bytes(&s.vka_bytes[..s.vka_bytes.len() - cut]).is_err(), "truncated by {cut}");
    }
    for extra in [1, 31, 32, 64] {
        let mut longer = s.vka_bytes.clone();
        longer.extend(std::iter::repeat_n(0u8, extra));
        assert!(Vka::from_bytes(&longer).is_err(), "extended by {extra}");
    }
    assert!(Vka::from_bytes(&[]).is_err());
    assert!(Vka::from_bytes(&[0; 8]).is_err());
}

/// The verdict of `s.proof` under the VKA with the bit 0 of byte `off` (of `vka.bytes`) flipped:
/// `None` if rejected (at decoding or verification), else the altered VKA's digest.
fn flipped_vka_verdict(s: &Set, off: usize) -> Option<[u8; 32]> {
    let mut bytes = s.vka_bytes.clone();
    bytes[off] ^= 0x01;
    let vka = Vka::from_bytes(&bytes).ok()?;
    verify_proof(&vka, &s.proof, &s.instances, &s.srs).ok()?;
    Some(vka.digest())
}

/// Every bit-0 flip in the header words the verifier reads (the count prefix; vk digest,
/// instance and evaluation counts, domain, accumulator flag, SRS copies, pointers, number of
/// negative Lagrange bases) and in the constants of the gate expressions is rejected.
#[test]
fn vka_header_and_constant_flips_are_rejected() {
    for name in [K8, K6] {
        let Some(s) = load(name) else { return };
        let mut words: Vec<usize> = [0].into_iter().chain(2..=29).chain([31]).collect();
        if name == K8 {
            words.extend(74..=78); // 2, 3, 1, 0, r − 1: the k8 gate constants
        }
        let offsets = (0..8).chain(words.iter().flat_map(|w| 8 + 32 * w..8 + 32 * (w + 1)));
        for off in offsets {
            assert_eq!(flipped_vka_verdict(&s, off), None, "{name}: flip at byte {off} accepted");
        }
    }
}

/// Elsewhere a flip may hit a bit the computation never depends on — high padding of packed
/// words, operands of subexpressions EZKL multiplies by the constant 0, a challenge count of 1
/// encoded as 0, a larger scratch size, the rescaling data — and then the altered VKA accepts
/// the proof, exactly as the Solidity verifier would. A VKA is not a canonical encoding of its
/// circuit: callers pin its digest, and every flip changes it. Nothing panics.
#[test]
fn vka_byte_flips_never_panic_and_always_change_the_digest() {
    for (name, step) in [(K8, 3), (K6, 29)] {
        let Some(s) = load(name) else { return };
        let digest = s.vka.digest();
        let mut accepted = 0;
        for off in (0..s.vka_bytes.len()).step_by(step) {
            if let Some(d) = flipped_vka_verdict(&s, off) {
                assert_ne!(d, digest, "{name}: flip at {off}");
                accepted += 1;
            }
        }
        eprintln!(
            "{name}: {accepted} of {} sampled VKA flips hit bits the verification does not use",
            s.vka_bytes.len() / step
        );
    }
}

#[test]
fn srs_from_another_ceremony_fails_the_pairing_check() {
    let Some(s) = load(K6) else { return };
    let other = srs(&common::shared_vectors().unwrap().join("halo2/ezkl-repo-assets-2025-10/kzg_k6_OTHER_TAU.srs"));
    assert_ne!(other.s_g2, s.srs.s_g2);
    let err = verify_proof(&s.vka, &s.proof, &s.instances, &other).expect_err("other tau");
    assert_eq!(err, Error::VerificationFailed { check: "pairing check" });
    // The k8 SRS (same generator, another τ) is rejected too.
    let Some(k8) = load(K8) else { return };
    assert!(verify_proof(&s.vka, &s.proof, &s.instances, &k8.srs).is_err());
}

#[test]
fn invalid_srs_points_are_rejected() {
    let Some(s) = load(K8) else { return };
    let mut bad = s.srs;
    bad.g1 = G1Affine::default();
    assert!(matches!(verify_proof(&s.vka, &s.proof, &s.instances, &bad), Err(Error::SrsInvalid { .. })));
}

/// A small deterministic generator for the hostile-input test.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Random rewrites of VKA words (random bytes, all-ones, or plausible packed pointers) and of
/// proof words: every run returns an error or (for dead bits) accepts, never panics, and stays
/// within a time bound.
#[test]
fn random_vka_and_proof_rewrites_never_panic() {
    let Some(s) = load(K8) else { return };
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let n = (s.vka_bytes.len() - 8) / 32;
    let start = Instant::now();
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    for round in 0..1500 {
        let mut bytes = s.vka_bytes.clone();
        let mut proof = s.proof.clone();
        for _ in 0..1 + rng.next() % 3 {
            let w = (rng.next() as usize) % n;
            let word = &mut bytes[8 + 32 * w..8 + 32 * (w + 1)];
            match rng.next() % 4 {
                0 => word.iter_mut().for_each(|b| *b = rng.next() as u8),
                1 => word.fill(0xff),
                2 => {
                    // Packed 16-bit fields around the real memory and calldata ranges.
                    for pair in word.chunks_mut(2) {
                        let v = (rng.next() % 0x1800) as u16 & !0x1f;
                        pair.copy_from_slice(&v.to_be_bytes());
                    }
                }
                _ => word[31 - (rng.next() as usize % 32)] = rng.next() as u8,
            }
        }
        if round % 3 == 0 {
            let off = (rng.next() as usize) % s.proof.len();
            proof[off] = rng.next() as u8;
        }
        let t = Instant::now();
        let verdict = Vka::from_bytes(&bytes).and_then(|vka| verify_proof(&vka, &proof, &s.instances, &s.srs));
        assert!(t.elapsed().as_secs() < 5, "round {round} took {:?}", t.elapsed());
        let key = match verdict {
            Ok(()) => "accepted (dead bits)".to_string(),
            Err(Error::VkaInvalid { reason }) => format!("zk.vka.invalid: {reason}"),
            Err(e) => e.code().to_string(),
        };
        *outcomes.entry(key).or_default() += 1;
    }
    eprintln!("1500 hostile rewrites in {:?}: {outcomes:#?}", start.elapsed());
}
