//! Verification of an EZKL proof against its VKA: a faithful, bounded re-implementation of
//! zkonduit's reusable Solidity verifier (`Halo2VerifierReusable.sol`) for halo2 PLONK proofs with
//! KZG on BN254, SHPLONK multi-opening, the EVM keccak256 transcript and logUp lookups.
//!
//! Steps, each in its own module:
//! 1. [transcript](super::transcript): instances, commitments and evaluations are absorbed and
//!    the challenges θ, β, γ, y, x, ζ, ν, μ squeezed; every proof point must be on the curve
//!    (the point at infinity is rejected, as the Solidity's on-curve check does) and every
//!    evaluation canonical;
//! 2. Lagrange bases and the instance evaluation at x;
//! 3. `quotient`: the gate, permutation and lookup identities at x, divided by `xⁿ − 1`;
//! 4. the quotient commitment `Σ xⁿⁱ·H_i`;
//! 5. `pcs`: the SHPLONK combination of all commitments into the two pairing points;
//! 6. one pairing check `e(lhs, g2) · e(W', −s_g2) = 1`.
//!
//! The SRS is authoritative: the pairing uses the caller's `g2` and `s_g2`, and the final
//! combination the caller's `g1`, not the copies embedded in the VKA (the VKA is produced by
//! whoever made the proof; the SRS is the ceremony the caller trusts). The VKA's copies are only
//! checked to be valid points. With points from another ceremony (another τ), a proof fails the
//! pairing check.
//!
//! Fidelity: the interpreter keeps the Solidity's memory layout (VKA at `0xa0`, scratch from
//! `vka_end`, challenges from `vka_end + fsm`) including the scratch writes of its EC calls and
//! batch inversions, so VKA bytecode sees the same memory. Two things are computed natively
//! instead of through memory, because VKA code never reads them back: the transcript's hash
//! buffer and the per-index Lagrange values (only the values the Solidity keeps are stored).
//! Where the Solidity would run on with a meaningless value (unknown opcode, unaligned or
//! out-of-range pointer, a point off the curve, a VKA with an accumulator), this verifier stops
//! with an error: it fails closed.

pub(crate) mod word;

mod ec;
mod machine;
mod pcs;
mod quotient;

use alloc::vec::Vec;

use halo2curves::bn256::{Fr, G1Affine, G2Affine};
use halo2curves::ff::Field;
use halo2curves::group::cofactor::CofactorGroup;
use halo2curves::group::prime::PrimeCurveAffine;
use halo2curves::CurveAffine;

use super::transcript::EvmTranscript;
use super::vka::{self, Vka, MAX_INSTANCES, MAX_PROOF_LEN};
use crate::zk::Error;
use machine::{at, Machine, ACC};
use word::U256;

/// The three SRS points KZG verification needs: `g[0]` (the G1 generator of the ceremony), `g2`
/// and `s_g2 = τ·g2`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SrsPoints {
    /// `g[0]`.
    pub g1: G1Affine,
    /// `[1]₂`.
    pub g2: G2Affine,
    /// `[τ]₂`.
    pub s_g2: G2Affine,
}

/// Memory addresses (VKA header words) of the quotient-piece calldata pointers.
const LAST_QUOTIENT_CPTR: usize = 0x3a0;
const FIRST_QUOTIENT_CPTR: usize = 0x3c0;

/// Verifies `proof` (the raw proof bytes) with public `instances` against the circuit `vka` and
/// the SRS points `srs`. Returns `Ok(())` only after the full check (transcript, all identities,
/// the SHPLONK opening and the final pairing) has passed. Never panics; work is bounded by the
/// input sizes (proof ≤ 1 MiB, instances ≤ 2^20, VKA ≤ 4 MiB).
pub fn verify_proof(vka: &Vka, proof: &[u8], instances: &[Fr], srs: &SrsPoints) -> Result<(), Error> {
    if proof.len() > MAX_PROOF_LEN {
        return Err(Error::InputTooLarge { what: "proof", len: proof.len(), max: MAX_PROOF_LEN });
    }
    if instances.len() != vka.num_instances() || instances.len() > MAX_INSTANCES {
        return Err(Error::InstanceCount { expected: vka.num_instances(), found: instances.len() });
    }
    if proof.len() != vka.proof_len() {
        return Err(Error::ProofMalformed { reason: "length differs from the length the VKA implies" });
    }
    check_srs(srs)?;

    let mut m = Machine::new(vka, proof);
    read_transcript(&mut m, vka, proof, instances)?;
    lagrange(&mut m, vka, instances)?;
    let numerator = quotient::numerator(&mut m)?;
    let quotient_eval = numerator * m.th(at::X_N_MINUS_1_INV)?;
    m.store_fr(m.theta + at::QUOTIENT_EVAL, &quotient_eval)?;
    quotient_commitment(&mut m)?;
    pcs::pairing_points(&mut m, &srs.g1)?;

    let lhs = m.pairing_point(m.theta + at::PAIRING_LHS)?;
    let rhs = m.pairing_point(m.theta + at::PAIRING_RHS)?;
    if ec::pairing_is_one(&lhs, &srs.g2, &rhs, &-srs.s_g2) {
        Ok(())
    } else {
        Err(Error::VerificationFailed { check: "pairing check" })
    }
}

/// The SRS points must be points of their prime-order groups, none at infinity.
fn check_srs(srs: &SrsPoints) -> Result<(), Error> {
    let invalid = |reason| Error::SrsInvalid { reason };
    if !bool::from(srs.g1.is_on_curve()) || bool::from(srs.g1.is_identity()) {
        return Err(invalid("g[0] is not a point of G1"));
    }
    for p in [&srs.g2, &srs.s_g2] {
        if !bool::from(p.is_on_curve()) || bool::from(p.is_identity()) || !bool::from(p.to_curve().is_torsion_free()) {
            return Err(invalid("g2 or s_g2 is not a point of the G2 subgroup"));
        }
    }
    Ok(())
}

/// The 32 big-endian bytes at `off` in the proof (the caller checked the proof length).
fn proof_word(proof: &[u8], off: usize) -> Result<[u8; 32], Error> {
    let bytes = proof.get(off..off + 32).ok_or(Error::ProofMalformed { reason: "truncated" })?;
    let mut w = [0u8; 32];
    w.copy_from_slice(bytes);
    Ok(w)
}

/// Reads a commitment: canonical coordinates of a point on the curve, not the point at
/// infinity (`(0, 0)` fails the Solidity's `y² = x³ + 3` check).
fn proof_point(t: &mut EvmTranscript, proof: &[u8], off: usize, what: &'static str) -> Result<(), Error> {
    let (x, y) = (proof_word(proof, off)?, proof_word(proof, off + 32)?);
    let p = ec::point(U256::from_be(&x), U256::from_be(&y));
    match p {
        Some(p) if !bool::from(p.is_identity()) => {
            t.absorb_point(&x, &y);
            Ok(())
        }
        _ => Err(Error::PointInvalid { what }),
    }
}

/// Replays the transcript; stores the challenges from `vka_end + fsm` on (so θ lands at
/// `theta`, then β, γ, y, x, ζ, ν, μ).
fn read_transcript(m: &mut Machine, vka: &Vka, proof: &[u8], instances: &[Fr]) -> Result<(), Error> {
    let h = &vka.header;
    let mut t = EvmTranscript::new(&vka::vk_digest(vka));
    for inst in instances {
        t.absorb_word(&U256::from_fr(inst).to_be());
    }
    let mut challenge_ptr = m.vka_end + h.fsm;
    let mut off = 0;
    for phase in &h.phases {
        for _ in 0..phase.point_bytes / 64 {
            proof_point(&mut t, proof, off, "proof commitment")?;
            off += 64;
        }
        for i in 0..phase.challenges {
            let c = if i == 0 { t.squeeze_challenge() } else { t.squeeze_challenge_cont() };
            m.store_fr(challenge_ptr, &c)?;
            challenge_ptr += 0x20;
        }
    }
    for _ in 0..h.num_evals {
        let w = proof_word(proof, off)?;
        if !U256::from_be(&w).lt_r() {
            return Err(Error::ScalarNonCanonical { what: "proof evaluation" });
        }
        t.absorb_word(&w);
        off += 32;
    }
    let zeta = t.squeeze_challenge();
    let nu = t.squeeze_challenge_cont();
    proof_point(&mut t, proof, off, "opening proof W")?;
    let mu = t.squeeze_challenge();
    proof_point(&mut t, proof, off + 64, "opening proof W'")?;
    for (at, c) in [(at::ZETA, zeta), (at::NU, nu), (at::MU, mu)] {
        m.store_fr(m.theta + at, &c)?;
    }
    Ok(())
}

/// Inverts every element in place; if any is zero, all become zero (the Solidity's
/// batch inversion through `modexp`).
fn invert_all(vals: &mut [Fr]) {
    let mut prefix = Vec::with_capacity(vals.len());
    let mut acc = Fr::ONE;
    for v in vals.iter() {
        prefix.push(acc);
        acc *= v;
    }
    let mut inv = Option::<Fr>::from(acc.invert()).unwrap_or(Fr::ZERO);
    for (v, p) in vals.iter_mut().zip(prefix).rev() {
        let out = inv * p;
        inv *= *v;
        *v = out;
    }
}

/// `xⁿ`, `1/(xⁿ − 1)`, `l_last = L_{−l}(x)`, `l_blind = Σ_{−l<i<0} L_i(x)`, `l_0 = L_0(x)` and the
/// instance evaluation `Σ L_i(x)·inst_i`, with `L_i(x) = ωⁱ·(xⁿ − 1) / (n·(x − ωⁱ))`.
fn lagrange(m: &mut Machine, vka: &Vka, instances: &[Fr]) -> Result<(), Error> {
    let h = &vka.header;
    let x = m.th(at::X)?;
    let x_n = (0..h.k).fold(x, |acc, _| acc.square());
    let count = h.num_neg_lagranges + instances.len().max(1);
    let mut vals = Vec::with_capacity(count + 1);
    let mut pow = h.omega_inv_to_l;
    for _ in 0..count {
        vals.push(x - pow);
        pow *= h.omega;
    }
    vals.push(x_n - Fr::ONE);
    invert_all(&mut vals);
    let common = (x_n - Fr::ONE) * h.n_inv;
    let mut pow = h.omega_inv_to_l;
    for v in vals.iter_mut().take(count) {
        *v = common * *v * pow;
        pow *= h.omega;
    }
    let l = h.num_neg_lagranges;
    let l_blind: Fr = vals[1..l].iter().sum();
    let instance_eval: Fr = vals[l..].iter().zip(instances).map(|(b, i)| b * i).sum();
    let theta = m.theta;
    for (at, v) in [
        (at::X_N, x_n),
        (at::X_N_MINUS_1_INV, vals[count]),
        (at::L_LAST, vals[0]),
        (at::L_BLIND, l_blind),
        (at::L_0, vals[l]),
        (at::INSTANCE_EVAL, instance_eval),
    ] {
        m.store_fr(theta + at, &v)?;
    }
    Ok(())
}

/// `H = Σ_i (xⁿ)ⁱ·H_i` over the quotient pieces (Horner from the last), at `theta + 0x260`.
fn quotient_commitment(m: &mut Machine) -> Result<(), Error> {
    let last = m.load_usize(LAST_QUOTIENT_CPTR)?;
    let first = m.load_usize(FIRST_QUOTIENT_CPTR)?;
    let (x, y) = (m.cd(last)?, m.cd(last + 0x20)?);
    m.set_point(ACC, x, y)?;
    let x_n = m.load(m.theta + at::X_N)?;
    let mut cptr = last;
    while cptr > first {
        m.tick()?;
        cptr -= 0x40;
        let (x, y) = (m.cd(cptr)?, m.cd(cptr + 0x20)?);
        m.ec_horner(ACC, x_n, x, y)?;
    }
    let (x, y) = (m.rel(ACC)?, m.rel(ACC + 0x20)?);
    m.store(m.theta + at::QUOTIENT_X, x)?;
    m.store(m.theta + at::QUOTIENT_X + 0x20, y)
}
