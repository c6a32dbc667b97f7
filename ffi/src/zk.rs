//! zkML proofs (EZKL: halo2 PLONK, KZG on BN254, SHPLONK, EVM transcript).

use core_lib::zk::{self, instances_from_be_words, ProofWithInstances, SrsPoints, Vka};

use crate::call::{self, guard, Fail};
use crate::lc_status;

/// A zk proof that verified.
#[repr(C)]
pub struct lc_zk_verified {
    /// Digest of the verifying-key artifact (keccak256 of its words): which circuit (model) the proof is for.
    pub vka_digest: [u8; 32],
    /// Number of public instances the proof binds.
    pub num_instances: usize,
}

/// Verifies an EZKL proof against its verifying-key artifact (`vka`: the bytes of
/// `ezkl create-evm-vka`). `proof` is EZKL's `proof.json` when `instances` is NULL, or the raw
/// proof bytes with `instances` as 32-byte big-endian words. `srs` is a halo2 SRS file (full or
/// the k=1 reduction) or its three points; it may be NULL only when `expected_vka_digest`
/// (32 bytes, or NULL) pins the VKA, whose own SRS points are then used.
///
/// On `LC_OK`, `*out` says which circuit; `LC_ZK_VERIFICATION_FAILED` for a proof that does not
/// verify. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_zk_verify(
    vka: *const u8,
    vka_len: usize,
    proof: *const u8,
    proof_len: usize,
    instances: *const u8,
    instances_len: usize,
    srs: *const u8,
    srs_len: usize,
    expected_vka_digest: *const u8,
    out: *mut lc_zk_verified,
) -> lc_status {
    guard(|| {
        // SAFETY: every pointer is NULL or valid for its length by the header's contract
        // (`expected_vka_digest` for 32 bytes).
        let (out, vka, proof, instances, srs, pinned) = unsafe {
            (
                call::out(out, "out")?,
                call::bytes(vka, vka_len, "vka")?,
                call::bytes(proof, proof_len, "proof")?,
                call::optional_bytes(instances, instances_len, "instances")?,
                call::optional_bytes(srs, srs_len, "srs")?,
                call::optional_array::<32>(expected_vka_digest),
            )
        };
        if srs.is_none() && pinned.is_none() {
            return Err(Fail::argument("srs", "required unless expected_vka_digest pins the VKA"));
        }
        let vka = Vka::from_bytes(vka)?;
        let proof = match instances {
            Some(words) => ProofWithInstances { proof: proof.to_vec(), instances: instances_from_be_words(words)? },
            None => ProofWithInstances::from_ezkl_json(proof)?,
        };
        let srs = match srs {
            Some(bytes) => SrsPoints::from_bytes(bytes)?,
            None => vka.srs_points()?,
        };
        let verified = zk::verify(&vka, &proof.proof, &proof.instances, &srs, pinned.as_ref())?;
        *out = lc_zk_verified { vka_digest: verified.vka_digest, num_instances: verified.instances.len() };
        Ok(())
    })
}

/// Writes the digest of a verifying-key artifact (keccak256 of its words; 32 bytes) to `out`:
/// the value to pin with `lc_zk_verify`'s `expected_vka_digest`. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_zk_vka_digest(vka: *const u8, vka_len: usize, out: *mut u8) -> lc_status {
    guard(|| {
        // SAFETY: `vka` is NULL or valid for `vka_len` bytes by the header's contract.
        let vka = Vka::from_bytes(unsafe { call::bytes(vka, vka_len, "vka") }?)?;
        // SAFETY: `out` is NULL or writable for 32 bytes by the header's contract.
        unsafe { call::write_array(out, &vka.digest()) }
    })
}
