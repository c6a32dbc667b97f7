//! EZKL's verifying-key artifact (VKA): the circuit of an EZKL proof, as data.
//!
//! `ezkl create-evm-vka` writes the words that zkonduit's reusable Solidity verifier
//! (`Halo2VerifierReusable.sol`) loads into EVM memory at `0xa0`: a header of constants
//! (transcript seed, domain, SRS points, offsets), the fixed and permutation commitments, the
//! constants of the gate expressions, then packed "bytecode" for the gates, the permutation
//! argument, the lookups and the SHPLONK opening. The file is bincode `Vec<[u8; 32]>`: an 8-byte
//! little-endian word count, then the 32-byte big-endian words.
//!
//! [`Vka::from_bytes`] checks the header (sizes, domain constants, points) and derives the shape of
//! the proof it expects; the bytecode itself is checked while it runs
//! ([`verify_proof`](super::verifier::verify_proof)). Layout of ezkl 23.x (zkonduit
//! ezkl-verifier with the `num_fixed_comms` word at index 32, challenge data from index 33):
//!
//! | word | content | word | content |
//! |---|---|---|---|
//! | 0 | vk digest (transcript seed) | 14–15 | G1 generator |
//! | 1 | free static memory (bytes) | 16–19 | `g2` (x.c1, x.c0, y.c1, y.c0) |
//! | 2 | number of instances | 20–23 | `-s_g2` |
//! | 3 | number of evaluations | 24, 25 | calldata pointers of the last / first quotient piece |
//! | 4 | user-challenge bytes | 26–29 | memory pointers: gate, permutation, lookup, PCS code |
//! | 5 | k | 30 | rescaling data pointer (not used to verify) |
//! | 6–9 | 1/n, ω, ω⁻¹, ω⁻ˡ | 31 | l = number of negative Lagrange bases |
//! | 10–13 | accumulator encoding | 32 | number of fixed commitments (not used to verify) |
//! | | | 33… | per-phase commitment bytes and challenge counts |

use alloc::vec::Vec;

use halo2curves::bn256::{Fq2, Fr, G1Affine, G2Affine};
use halo2curves::ff::Field;
use halo2curves::group::cofactor::CofactorGroup;
use halo2curves::group::prime::PrimeCurveAffine;
use halo2curves::CurveAffine;
use sha3::{Digest, Keccak256};

use super::verifier::word::U256;
use crate::zk::Error;

/// Largest VKA accepted, in bytes of words.
pub const MAX_VKA_LEN: usize = 4 * 1024 * 1024;
/// Most public instances a VKA may declare.
pub const MAX_INSTANCES: usize = 1 << 20;
/// Largest proof a VKA may imply, in bytes.
pub const MAX_PROOF_LEN: usize = 1024 * 1024;

/// Header word indices (see the module table).
pub(crate) mod idx {
    pub const VK_DIGEST: usize = 0;
    pub const FSM: usize = 1;
    pub const NUM_INSTANCES: usize = 2;
    pub const NUM_EVALS: usize = 3;
    pub const CHALLENGES_OFFSET: usize = 4;
    pub const K: usize = 5;
    pub const N_INV: usize = 6;
    pub const OMEGA: usize = 7;
    pub const OMEGA_INV: usize = 8;
    pub const OMEGA_INV_TO_L: usize = 9;
    pub const HAS_ACCUMULATOR: usize = 10;
    pub const G1: usize = 14;
    pub const G2: usize = 16;
    pub const NEG_S_G2: usize = 20;
    pub const LAST_QUOTIENT_CPTR: usize = 24;
    pub const FIRST_QUOTIENT_CPTR: usize = 25;
    pub const GATE_CODE: usize = 26;
    pub const PCS_CODE: usize = 29;
    pub const NUM_NEG_LAGRANGES: usize = 31;
    pub const CHALLENGE_DATA: usize = 33;
}

/// Where the VKA's first word sits in the verifier's memory.
pub(crate) const VKA_MPTR: usize = 0xa0;
/// Where the proof starts in the verifier's calldata (`verifyProof(bytes,uint256[],bytes32[])`).
pub(crate) const PROOF_CPTR: usize = 0x84;
/// Challenges squeezed from the phases besides the user challenges: θ, β, γ, y, x.
const PROTOCOL_PHASE_CHALLENGES: usize = 5;

/// One transcript phase: commitments read from the proof, then challenges squeezed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Phase {
    /// Bytes of commitments (64 per point).
    pub point_bytes: usize,
    /// Challenges squeezed after them (at least one is always squeezed).
    pub challenges: usize,
}

/// The header values the verifier uses natively, checked.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub num_instances: usize,
    pub num_evals: usize,
    pub fsm: usize,
    pub challenges_offset: usize,
    pub k: u32,
    pub n_inv: Fr,
    pub omega: Fr,
    pub omega_inv_to_l: Fr,
    pub num_neg_lagranges: usize,
    pub phases: Vec<Phase>,
    pub proof_len: usize,
}

/// A decoded, header-checked verifying-key artifact.
#[derive(Debug, Clone)]
pub struct Vka {
    words: Vec<[u8; 32]>,
    pub(crate) header: Header,
}

fn invalid(reason: &'static str) -> Error {
    Error::VkaInvalid { reason }
}

impl Vka {
    /// Decodes `vka.bytes` (bincode: 8-byte little-endian word count, then 32-byte big-endian
    /// words) or the bare words (length a multiple of 32; the two forms cannot be confused since
    /// their lengths differ modulo 32), and checks the header. Never panics; rejects anything
    /// larger than [`MAX_VKA_LEN`] bytes of words.
    pub fn from_bytes(bytes: &[u8]) -> Result<Vka, Error> {
        let raw = if bytes.len() % 32 == 8 {
            let (count, rest) = bytes.split_at(8);
            let mut c = [0u8; 8];
            c.copy_from_slice(count);
            if u64::from_le_bytes(c) != (rest.len() / 32) as u64 {
                return Err(invalid("bincode word count differs from the number of words"));
            }
            rest
        } else if bytes.len() % 32 == 0 {
            bytes
        } else {
            return Err(invalid("length is neither 8 + 32·n (bincode) nor 32·n (bare words)"));
        };
        if raw.len() > MAX_VKA_LEN {
            return Err(Error::InputTooLarge { what: "VKA", len: raw.len(), max: MAX_VKA_LEN });
        }
        let words: Vec<[u8; 32]> = raw
            .chunks_exact(32)
            .map(|c| {
                let mut w = [0u8; 32];
                w.copy_from_slice(c);
                w
            })
            .collect();
        let header = parse_header(&words)?;
        Ok(Vka { words, header })
    }

    /// Number of public instances the circuit expects.
    pub fn num_instances(&self) -> usize {
        self.header.num_instances
    }

    /// keccak256 of the raw words (the `vka_digest` the reusable EVM verifier registers), used to
    /// pin "this proof is for model M".
    pub fn digest(&self) -> [u8; 32] {
        let mut h = Keccak256::new();
        for w in &self.words {
            h.update(w);
        }
        h.finalize().into()
    }

    /// The SRS points the VKA carries (`g[0]`, `g2`, `s_g2` of the ceremony it was made with).
    /// They are only as trustworthy as the VKA: use them only for a VKA pinned by its
    /// [`digest`](Self::digest) (a prover who picks the SRS can forge proofs).
    pub fn srs_points(&self) -> Result<crate::zk::SrsPoints, Error> {
        Ok(crate::zk::SrsPoints {
            g1: g1_at(&self.words, idx::G1)?,
            g2: g2_at(&self.words, idx::G2)?,
            s_g2: -g2_at(&self.words, idx::NEG_S_G2)?,
        })
    }

    /// Length in bytes of the proofs this VKA accepts.
    pub fn proof_len(&self) -> usize {
        self.header.proof_len
    }

    /// The raw words.
    pub(crate) fn words(&self) -> &[[u8; 32]] {
        &self.words
    }
}

fn word(words: &[[u8; 32]], i: usize) -> Result<U256, Error> {
    words.get(i).map(U256::from_be).ok_or(invalid("shorter than its header"))
}

fn small(words: &[[u8; 32]], i: usize, max: usize, reason: &'static str) -> Result<usize, Error> {
    word(words, i)?.to_usize().filter(|v| *v <= max).ok_or(invalid(reason))
}

fn scalar(words: &[[u8; 32]], i: usize, reason: &'static str) -> Result<Fr, Error> {
    let w = word(words, i)?;
    if w.lt_r() {
        Ok(w.fr())
    } else {
        Err(invalid(reason))
    }
}

fn g1_at(words: &[[u8; 32]], i: usize) -> Result<G1Affine, Error> {
    let (x, y) = (word(words, i)?.fq(), word(words, i + 1)?.fq());
    let p = x.zip(y).and_then(|(x, y)| Option::<G1Affine>::from(G1Affine::from_xy(x, y)));
    match p {
        Some(p) if !bool::from(PrimeCurveAffine::is_identity(&p)) => Ok(p),
        _ => Err(invalid("G1 generator is not a point of G1")),
    }
}

fn g1_ok(words: &[[u8; 32]], i: usize) -> Result<(), Error> {
    g1_at(words, i).map(|_| ())
}

fn g2_ok(words: &[[u8; 32]], i: usize) -> Result<(), Error> {
    g2_at(words, i).map(|_| ())
}

fn g2_at(words: &[[u8; 32]], i: usize) -> Result<G2Affine, Error> {
    let f = |j: usize| word(words, i + j).map(U256::fq);
    let coords = (f(0)?, f(1)?, f(2)?, f(3)?);
    let p = match coords {
        (Some(x1), Some(x0), Some(y1), Some(y0)) => {
            Option::<G2Affine>::from(G2Affine::from_xy(Fq2::new(x0, x1), Fq2::new(y0, y1)))
        }
        _ => None,
    };
    match p {
        Some(p) if !bool::from(PrimeCurveAffine::is_identity(&p)) && bool::from(p.to_curve().is_torsion_free()) => {
            Ok(p)
        }
        _ => Err(invalid("G2 point is not a point of the G2 subgroup")),
    }
}

fn parse_header(words: &[[u8; 32]]) -> Result<Header, Error> {
    if words.len() <= idx::CHALLENGE_DATA {
        return Err(invalid("shorter than its header"));
    }
    let vka_end = VKA_MPTR + 32 * words.len();
    let num_instances = small(words, idx::NUM_INSTANCES, MAX_INSTANCES, "too many instances")?;
    let num_evals = small(words, idx::NUM_EVALS, MAX_PROOF_LEN / 32, "too many evaluations")?;
    let fsm = small(words, idx::FSM, 2 * MAX_PROOF_LEN, "free static memory size out of range")?;
    let challenges_offset = small(words, idx::CHALLENGES_OFFSET, 1 << 16, "user challenges out of range")?;
    let num_neg_lagranges = small(words, idx::NUM_NEG_LAGRANGES, 1 << 16, "too many negative Lagrange bases")?;
    if num_neg_lagranges < 2 {
        return Err(invalid("fewer than two negative Lagrange bases"));
    }
    if fsm % 32 != 0 || challenges_offset % 32 != 0 {
        return Err(invalid("memory sizes are not whole words"));
    }

    // The evaluation domain: n = 2^k, ω of order exactly n.
    let k = small(words, idx::K, 28, "k out of range")? as u32;
    if k == 0 {
        return Err(invalid("k out of range"));
    }
    let n_inv = scalar(words, idx::N_INV, "1/n is not a canonical scalar")?;
    let omega = scalar(words, idx::OMEGA, "ω is not a canonical scalar")?;
    let omega_inv = scalar(words, idx::OMEGA_INV, "ω⁻¹ is not a canonical scalar")?;
    let omega_inv_to_l = scalar(words, idx::OMEGA_INV_TO_L, "ω⁻ˡ is not a canonical scalar")?;
    if n_inv * Fr::from(1u64 << k) != Fr::ONE {
        return Err(invalid("1/n does not match k"));
    }
    let half = (0..k - 1).fold(omega, |w, _| w.square());
    if half.square() != Fr::ONE || half == Fr::ONE || omega * omega_inv != Fr::ONE {
        return Err(invalid("ω is not a primitive 2^k-th root of unity with inverse ω⁻¹"));
    }
    if omega_inv.pow_vartime([num_neg_lagranges as u64]) != omega_inv_to_l {
        return Err(invalid("ω⁻ˡ does not match l"));
    }

    // Aggregation accumulators are not supported (ezkl 23 removed aggregation).
    for i in idx::HAS_ACCUMULATOR..idx::HAS_ACCUMULATOR + 4 {
        if !word(words, i)?.is_zero() {
            return Err(invalid("accumulator (aggregation) VKAs are not supported"));
        }
    }
    g1_ok(words, idx::G1)?;
    g2_ok(words, idx::G2)?;
    g2_ok(words, idx::NEG_S_G2)?;

    // Code pointers: whole words inside the VKA.
    for i in idx::GATE_CODE..=idx::PCS_CODE {
        let p = word(words, i)?.to_usize().unwrap_or(0);
        if p < VKA_MPTR || p >= vka_end || (p - VKA_MPTR) % 32 != 0 {
            return Err(invalid("code pointer outside the VKA"));
        }
    }

    let phases = parse_phases(words)?;
    let protocol_challenges = PROTOCOL_PHASE_CHALLENGES + challenges_offset / 32;
    if phases.iter().map(|p| p.challenges).sum::<usize>() != protocol_challenges {
        return Err(invalid("phase challenges do not match the user challenges"));
    }
    let point_bytes: usize = phases.iter().map(|p| p.point_bytes).sum();
    let proof_len = point_bytes + 32 * num_evals + 128;
    if proof_len > MAX_PROOF_LEN {
        return Err(invalid("implied proof length out of range"));
    }
    // The transcript buffer of every phase but the first must stay below the challenges.
    let later_phase = phases.iter().skip(1).map(|p| p.point_bytes).max().unwrap_or(0);
    if 0x20 + later_phase.max(32 * num_evals).max(0x40) > fsm {
        return Err(invalid("free static memory smaller than the transcript buffer"));
    }

    // Quotient pieces: whole points inside the proof, first ≤ last.
    let first = small(words, idx::FIRST_QUOTIENT_CPTR, usize::MAX, "quotient pointer out of range")?;
    let last = small(words, idx::LAST_QUOTIENT_CPTR, usize::MAX, "quotient pointer out of range")?;
    if first < PROOF_CPTR || last < first || (first - PROOF_CPTR) % 32 != 0 || (last - first) % 64 != 0 {
        return Err(invalid("quotient pointers are not points of the proof"));
    }
    if last - PROOF_CPTR + 64 > point_bytes {
        return Err(invalid("quotient pointers outside the commitments"));
    }

    Ok(Header {
        num_instances,
        num_evals,
        fsm,
        challenges_offset,
        k,
        n_inv,
        omega,
        omega_inv_to_l,
        num_neg_lagranges,
        phases,
        proof_len,
    })
}

/// The phase table at word 33: first byte = number of words, then per phase a 16-bit byte count
/// of commitments and an 8-bit challenge count, least significant first, until a word runs out.
fn parse_phases(words: &[[u8; 32]]) -> Result<Vec<Phase>, Error> {
    let mut data = word(words, idx::CHALLENGE_DATA)?;
    let num_words = data.byte0();
    data = data.shr(8);
    if num_words == 0 || num_words > 10 {
        return Err(invalid("phase table size out of range"));
    }
    let mut phases = Vec::new();
    for i in 0..num_words {
        while !data.is_zero() {
            let point_bytes = data.u16_0();
            let challenges = data.shr(16).byte0().max(1);
            data = data.shr(24);
            if point_bytes % 64 != 0 {
                return Err(invalid("phase commitments are not whole points"));
            }
            phases.push(Phase { point_bytes, challenges });
        }
        if i + 1 < num_words {
            data = word(words, idx::CHALLENGE_DATA + 1 + i)?;
        }
    }
    if phases.is_empty() {
        return Err(invalid("no transcript phases"));
    }
    Ok(phases)
}

/// The transcript seed (word 0).
pub(crate) fn vk_digest(vka: &Vka) -> [u8; 32] {
    vka.words[idx::VK_DIGEST]
}
