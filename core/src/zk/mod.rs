//! zkML proofs: halo2 PLONK with KZG commitments on BN254, SHPLONK multi-opening, a keccak256
//! (EVM) transcript and logUp lookups, as EZKL produces them.
//!
//! The circuit arrives as data: EZKL's verifying-key artifact ([`Vka`], from `ezkl
//! create-evm-vka`), which encodes the gates, lookups and permutation, so no circuit code is
//! linked. Verification replays the transcript, evaluates every identity at the challenge point,
//! checks the quotient, opens all commitments with one SHPLONK multi-scalar multiplication and
//! ends in one pairing check. Only three SRS points are needed ([`SrsPoints`]).
//!
//! ```no_run
//! # fn main() -> Result<(), lightcheck::Error> {
//! # let (vka_bytes, proof_json, srs_bytes): (&[u8], &[u8], &[u8]) = (&[], &[], &[]);
//! use lightcheck::zk::{self, ProofWithInstances, SrsPoints, Vka};
//! let vka = Vka::from_bytes(vka_bytes)?;
//! let proof = ProofWithInstances::from_ezkl_json(proof_json)?;
//! let srs = SrsPoints::from_bytes(srs_bytes)?;
//! let verified = zk::verify(&vka, &proof.proof, &proof.instances, &srs, Some(&vka.digest()))?;
//! # Ok(()) }
//! ```

mod error;
mod proof_json;
mod srs;
pub mod transcript;
pub mod verifier;
pub mod vka;

pub use error::Error;
pub use proof_json::{instances_from_be_words, ProofWithInstances};
pub use srs::POINTS_LEN as SRS_POINTS_LEN;
pub use verifier::{verify_proof, SrsPoints};
pub use vka::Vka;
pub use vka::{MAX_INSTANCES, MAX_PROOF_LEN};

use halo2curves::bn256::Fr;

/// What a verified proof establishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Digest of the verifying-key artifact: which circuit (model) the proof is for.
    pub vka_digest: [u8; 32],
    /// The public instances the proof binds.
    pub instances: alloc::vec::Vec<Fr>,
}

/// Verifies `proof` with public `instances` for the circuit `vka`. With `expected_vka_digest`,
/// the VKA must also be the one the caller pinned ("this proof is for model M").
pub fn verify(
    vka: &Vka,
    proof: &[u8],
    instances: &[Fr],
    srs: &SrsPoints,
    expected_vka_digest: Option<&[u8; 32]>,
) -> Result<Verified, Error> {
    let vka_digest = vka.digest();
    if expected_vka_digest.is_some_and(|d| *d != vka_digest) {
        return Err(Error::VkaDigestMismatch);
    }
    if proof.len() > MAX_PROOF_LEN {
        return Err(Error::InputTooLarge { what: "proof", len: proof.len(), max: MAX_PROOF_LEN });
    }
    if instances.len() != vka.num_instances() {
        return Err(Error::InstanceCount { expected: vka.num_instances(), found: instances.len() });
    }
    verify_proof(vka, proof, instances, srs)?;
    Ok(Verified { vka_digest, instances: instances.to_vec() })
}
