//! Soundness under mutation: EZKL proofs of the project's vectors (a small and a larger
//! circuit) with byte edits to the proof or the instances must not verify, and must fail with an
//! error rather than a panic. The unmodified proof verifies (checked once at start-up).
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use halo2curves::bn256::Fr;
use halo2curves::ff::PrimeField;
use libfuzzer_sys::fuzz_target;
use lightcheck::zk::{self, ProofWithInstances, SrsPoints, Vka};
use lightcheck_fuzz::{apply, read, Edit};

struct Seed {
    vka: Vka,
    srs: SrsPoints,
    proof: Vec<u8>,
    instances: Vec<u8>,
}

const MODELS: &[&str] = &["linear-k6-public-public", "mlp-k8-public-public"];

fn seeds() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        MODELS
            .iter()
            .map(|dir| {
                let vka = Vka::from_bytes(&read(&format!("test-vectors/zk/{dir}/vka.bytes"))).expect("vka");
                let srs = SrsPoints::from_bytes(&read(&format!("test-vectors/zk/{dir}/kzg1.srs"))).expect("srs");
                let proof = ProofWithInstances::from_ezkl_json(&read(&format!("test-vectors/zk/{dir}/proof.json")))
                    .expect("proof.json");
                zk::verify(&vka, &proof.proof, &proof.instances, &srs, None).expect("the seed proof verifies");
                let instances = proof.instances.iter().flat_map(be_word).collect();
                Seed { vka, srs, proof: proof.proof, instances }
            })
            .collect()
    })
}

/// A field element as a 32-byte big-endian word (the form `instances_from_be_words` reads).
fn be_word(f: &Fr) -> [u8; 32] {
    let mut word: [u8; 32] = f.to_repr().as_ref().try_into().unwrap_or([0; 32]);
    word.reverse();
    word
}

#[derive(Arbitrary, Debug)]
struct Input {
    seed: u8,
    proof_edits: Vec<Edit>,
    instance_edits: Vec<Edit>,
}

fuzz_target!(|input: Input| {
    let seeds = seeds();
    let seed = &seeds[usize::from(input.seed) % seeds.len()];
    let (mut proof, mut words) = (seed.proof.clone(), seed.instances.clone());
    apply(&mut proof, &input.proof_edits);
    apply(&mut words, &input.instance_edits);
    if proof == seed.proof && words == seed.instances {
        return;
    }
    let Ok(instances) = lightcheck::zk::instances_from_be_words(&words) else { return };
    let verdict = zk::verify(&seed.vka, &proof, &instances, &seed.srs, None);
    assert!(verdict.is_err(), "a mutated proof verified");
});
