//! The SHPLONK (BDFG21) multi-opening, as the VKA's PCS bytecode drives it: the opening points
//! `x·ωʳ`, the vanishing polynomials of the rotation sets at μ, the interpolation coefficients,
//! each set's interpolated evaluation `r_i(μ)` combined with powers of ζ, their combination with
//! powers of ν, and finally the two G1 points of the pairing check:
//!
//! `lhs = Σ_i ν^i·c_i·(Σ_j ζ^j·C_ij) − r·G − Z(μ)·W + μ·W'`, `rhs = W'`,
//!
//! verified as `e(lhs, [1]₂) · e(rhs, −[s]₂) = 1` by the caller.

use alloc::vec::Vec;

use halo2curves::bn256::{Fr, G1Affine, G1};
use halo2curves::ff::Field;
use halo2curves::group::Group;
use halo2curves::msm::msm_serial;

use super::ec;
use super::machine::{at, vka_err, Machine};
use super::word::{neg_raw, R, U256};
use crate::zk::Error;

/// Memory addresses (VKA header words) used here.
const PCS_CODE: usize = 0x440;
const OMEGA: usize = 0x180;
const OMEGA_INV: usize = 0x1a0;

/// Runs the PCS bytecode; leaves the pairing points at `theta + 0x2c0` (lhs) and
/// `theta + 0x300` (rhs). `g1` is the SRS generator (authoritative over the VKA's copy).
pub(super) fn pairing_points(m: &mut Machine, g1: &G1Affine) -> Result<(), Error> {
    let ptr = m.load_usize(PCS_CODE)?;
    let ptr = points(m, ptr)?;
    let ptr = vanishing(m, ptr)?;
    let ptr = coefficients(m, ptr)?;
    let ptr = normalized_coefficients(m, ptr)?;
    let ptr = set_evaluations(m, ptr)?;
    let ptr = coefficient_sums(m, ptr)?;
    let ptr = combined_evaluation(m, ptr)?;
    combine_commitments(m, ptr, g1)
}

/// `point_computations`: stores `x·ωⁱ` (i = 1, 2, …), `x`, and `x·ω⁻ⁱ` at the scratch slots the
/// code names (slot 0 = not needed).
fn points(m: &mut Machine, ptr: usize) -> Result<usize, Error> {
    let x = m.th(at::X)?;
    let (omega, omega_inv) = (m.load_fr(OMEGA)?, m.load_fr(OMEGA_INV)?);
    let pc = m.load(ptr)?;
    let ptr = rotations(m, pc, ptr, 8, x * omega, omega)? + 0x20;
    let pc = m.load(ptr)?;
    m.store_fr(m.vka_end + pc.u16_0(), &x)?;
    Ok(rotations(m, pc.shr(16), ptr, 24, x * omega_inv, omega_inv)? + 0x20)
}

/// `point_rots`: a count byte, then 16-bit slots for successive powers.
fn rotations(
    m: &mut Machine,
    mut pc: U256,
    mut ptr: usize,
    mut shift: u32,
    mut x_pow: Fr,
    omega: Fr,
) -> Result<usize, Error> {
    let max_rot = pc.byte0();
    pc = pc.shr(8);
    for i in 0..max_rot {
        m.tick()?;
        let slot = pc.u16_0();
        if slot != 0 {
            m.store_fr(m.vka_end + slot, &x_pow)?;
        }
        if i + 1 == max_rot {
            break;
        }
        x_pow *= omega;
        shift += 16;
        pc = pc.shr(16);
        if shift == 256 {
            shift = 0;
            ptr += 0x20;
            pc = m.load(ptr)?;
        }
    }
    Ok(ptr)
}

/// `vanishing_computations`: `μ − point` for every point, the product over all points, and per
/// rotation set the product over the points outside it (the first is also kept at `vka_end`).
fn vanishing(m: &mut Machine, mut ptr: usize) -> Result<usize, Error> {
    let vka_end = m.vka_end;
    let mu = m.th(at::MU)?;
    let mut vc = m.load(ptr)?;
    m.store(vka_end + 0x20, U256::from_u64(1))?;
    let (mut slot, end, mut point) = (vc.u16_0(), vc.shr(16).u16_0(), vc.shr(32).u16_0());
    while slot < end {
        m.tick()?;
        let d = mu + neg_raw(m.rel(point)?);
        m.store_fr(vka_end + slot, &d)?;
        slot += 0x20;
        point += 0x20;
    }
    vc = vc.shr(48);
    let num_words = vc.byte0();
    vc = vc.shr(8);
    let mut s = m.rel(vc.u16_0())?.fr();
    vc = vc.shr(16);
    for _ in 0..num_words {
        while !vc.is_zero() {
            m.tick()?;
            s *= m.rel(vc.u16_0())?.fr();
            vc = vc.shr(16);
        }
        ptr += 0x20;
        vc = m.load(ptr)?;
    }
    let mut diff_ptr = vka_end + vc.u16_0();
    m.store_fr(diff_ptr, &s)?;
    let sets = vc.shr(16).u16_0();
    ptr += 0x20;
    vc = m.load(ptr)?;
    for i in 0..sets {
        m.tick()?;
        let mut diff = m.rel(vc.u16_0())?.fr();
        vc = vc.shr(16);
        while !vc.is_zero() {
            m.tick()?;
            diff *= m.rel(vc.u16_0())?.fr();
            vc = vc.shr(16);
        }
        diff_ptr += 0x20;
        m.store_fr(diff_ptr, &diff)?;
        if i == 0 {
            m.store_fr(vka_end, &diff)?;
        }
        ptr += 0x20;
        vc = m.load(ptr)?;
    }
    Ok(ptr)
}

/// `coeff_computations`: a table of set sizes, then one word per set.
fn coefficients(m: &mut Machine, ptr: usize) -> Result<usize, Error> {
    let mut lens = m.load(ptr)?;
    let end = ptr + 0x20 * lens.byte0();
    lens = lens.shr(8);
    let (mut i, mut ptr) = (ptr, end);
    while i < end {
        while !lens.is_zero() {
            m.tick()?;
            let data = m.load(ptr)?;
            lens = set_coefficients(m, lens, data)?;
            ptr += 0x20;
        }
        lens = m.load(i + 0x20)?;
        i += 0x20;
    }
    Ok(ptr)
}

/// One set of `len` points (slots in `data`): the Lagrange-style coefficient of each point,
/// `Π_{j≠i}(p_i − p_j) · (μ − p_i)`, stored at the slot the code names; a one-point set copies.
fn set_coefficients(m: &mut Machine, lens: U256, data: U256) -> Result<U256, Error> {
    let len = lens.byte0();
    let vka_end = m.vka_end;
    let slot = |bits: usize| vka_end + data.shr(bits.min(256) as u32).u16_0();
    if len == 1 {
        let v = m.load_fr(slot(0))?;
        m.store_fr(slot(16), &v)?;
    } else {
        let aggr = 16 * len;
        for i in 0..len {
            let p_i = m.load_fr(slot(16 * i))?;
            let mut coeff = Fr::ONE;
            for j in (0..len).filter(|j| *j != i) {
                m.tick()?;
                coeff *= p_i - m.load_fr(slot(16 * j))?;
            }
            coeff *= m.load_fr(slot(16 * i + aggr))?;
            m.store_fr(slot(16 * i + 2 * aggr), &coeff)?;
        }
    }
    Ok(lens.shr(8))
}

/// `normalized_coeff_computations`: inverts the coefficients, then scales a range by the first.
fn normalized_coefficients(m: &mut Machine, ptr: usize) -> Result<usize, Error> {
    let vka_end = m.vka_end;
    let data = m.load(ptr)?;
    m.batch_invert(vka_end, vka_end + data.u16_0())?;
    let first_inv = m.rel(0)?;
    let start = vka_end + data.shr(16).u16_0();
    m.store(start, first_inv)?;
    let end = start + data.shr(32).u16_0();
    let mut p = start + 0x20;
    while p < end {
        m.tick()?;
        let v = m.load_fr(p)? * first_inv.fr();
        m.store_fr(p, &v)?;
        p += 0x20;
    }
    Ok(ptr + 0x20)
}

/// `r_evals_computations`: for each rotation set, the interpolation of its evaluations at μ
/// (combined over the set's polynomials with powers of ζ), scaled by the set's coefficient
/// (all sets but the first).
fn set_evaluations(m: &mut Machine, ptr: usize) -> Result<usize, Error> {
    let vka_end = m.vka_end;
    let mut meta = m.load(ptr)?;
    let end = ptr + 0x20 * meta.byte0();
    let mut set_coeff = vka_end + meta.shr(8).u16_0();
    let mut out = vka_end + meta.shr(24).u16_0();
    meta = meta.shr(40);
    let (zeta, quotient_eval) = (m.th(at::ZETA)?, m.th(at::QUOTIENT_EVAL)?);
    let (mut i, mut ptr) = (ptr, end);
    let mut coeff_ptr = vka_end + 0x20;
    let mut first = true;
    while i < end {
        while !meta.is_zero() {
            m.tick()?;
            let rot_len = meta.byte0();
            let (mut r, next) = set_evaluation(m, rot_len, ptr, zeta, quotient_eval, coeff_ptr)?;
            ptr = next;
            coeff_ptr += rot_len;
            meta = meta.shr(8);
            if !first {
                r *= m.load_fr(set_coeff)?;
                set_coeff += 0x20;
            }
            first = false;
            m.store_fr(out, &r)?;
            out += 0x20;
        }
        meta = m.load(i + 0x20)?;
        i += 0x20;
    }
    Ok(ptr)
}

/// `r_evals_computation`: a one-rotation set (which also carries the quotient evaluation) or a
/// multi-rotation set.
fn set_evaluation(
    m: &mut Machine,
    rot_len: usize,
    ptr: usize,
    zeta: Fr,
    qe: Fr,
    coeff_ptr: usize,
) -> Result<(Fr, usize), Error> {
    let data = m.load(ptr)?;
    let num_words = data.byte0();
    if rot_len == 0x20 {
        single_rotation_set(m, data.shr(8), ptr, num_words, zeta, qe, coeff_ptr)
    } else {
        multi_rotation_set(m, data.shr(8), ptr, num_words, rot_len, zeta, coeff_ptr)
    }
}

/// `single_rot_set`: `coeff·(Σ ζ^k·e_k)` over the listed evaluations, Horner in ζ; groups are a
/// count byte then pointers, or a zero byte then a descending calldata range.
fn single_rotation_set(
    m: &mut Machine,
    mut d: U256,
    mut ptr: usize,
    num_words: usize,
    zeta: Fr,
    qe: Fr,
    coeff_ptr: usize,
) -> Result<(Fr, usize), Error> {
    let coeff = m.load_fr(coeff_ptr)?;
    let mut r = coeff * m.cd_fr(d.u16_0())?;
    d = d.shr(16);
    r = r * zeta + coeff * qe;
    for _ in 0..num_words {
        while !d.is_zero() {
            m.tick()?;
            let group = d.byte0();
            d = d.shr(8);
            if group != 0 {
                for _ in 0..group {
                    m.tick()?;
                    r = r * zeta + coeff * m.cd_fr(d.u16_0())?;
                    d = d.shr(16);
                }
            } else {
                let (mut p, p_end) = (d.u16_0(), d.shr(16).u16_0());
                while p_end < p {
                    m.tick()?;
                    r = r * zeta + coeff * m.cd_fr(p)?;
                    p = p.checked_sub(0x20).ok_or(vka_err("calldata range underflow"))?;
                }
                d = d.shr(32);
            }
        }
        ptr += 0x20;
        d = m.load(ptr)?;
    }
    Ok((r, ptr))
}

/// `multi_rot_set`: for each polynomial, `Σ_j coeff_j·e_j` over the set's rotations, Horner in ζ.
fn multi_rotation_set(
    m: &mut Machine,
    mut d: U256,
    mut ptr: usize,
    num_words: usize,
    rot_len: usize,
    zeta: Fr,
    coeff_ptr: usize,
) -> Result<(Fr, usize), Error> {
    if rot_len == 0 {
        return Err(vka_err("rotation set without rotations"));
    }
    let mut r = Fr::ZERO;
    for i in 0..num_words {
        while !d.is_zero() {
            m.tick()?;
            for j in (0..rot_len).step_by(0x20) {
                r += m.load_fr(coeff_ptr + j)? * m.cd_fr(d.u16_0())?;
                d = d.shr(16);
            }
            if !d.is_zero() || i + 1 < num_words {
                r *= zeta;
            }
        }
        ptr += 0x20;
        d = m.load(ptr)?;
    }
    Ok((r, ptr))
}

/// `coeff_sums_computation`: the sum of each set's coefficients.
fn coefficient_sums(m: &mut Machine, ptr: usize) -> Result<usize, Error> {
    let vka_end = m.vka_end;
    let mut data = m.load(ptr)?;
    let end = ptr + 0x20 * data.byte0();
    data = data.shr(8);
    let mut coeff_ptr = vka_end + 0x20;
    let (mut i, ptr) = (ptr, end);
    while i < end {
        while !data.is_zero() {
            m.tick()?;
            let mut sum = m.load_fr(coeff_ptr)?;
            let len = data.byte0();
            data = data.shr(8);
            for j in (0x20..len).step_by(0x20) {
                sum += m.load_fr(coeff_ptr + j)?;
            }
            coeff_ptr += len;
            m.store_fr(vka_end + data.u16_0(), &sum)?;
            data = data.shr(16);
        }
        data = m.load(i + 0x20)?;
        i += 0x20;
    }
    Ok(ptr)
}

/// `r_eval_computation`: `r = Σ_i ν^i · r_i / sum_i` (Horner from the last set), stored at
/// `theta + 0x2a0`.
fn combined_evaluation(m: &mut Machine, ptr: usize) -> Result<usize, Error> {
    let vka_end = m.vka_end;
    let data = m.load(ptr)?;
    let end = vka_end + data.u16_0();
    let mut sum_ptr = vka_end + data.shr(16).u16_0();
    let mut p = vka_end;
    while p < end {
        m.tick()?;
        let v = m.load(sum_ptr)?;
        m.store(p, v)?;
        p += 0x20;
        sum_ptr += 0x20;
    }
    m.batch_invert(vka_end, end)?;
    let r_eval_ptr = vka_end + data.shr(32).u16_0();
    let nu = m.th(at::NU)?;
    let mut r = m.load_fr(end - 0x20)? * m.load_fr(r_eval_ptr)?;
    let (mut inv_ptr, mut r_ptr) = (end - 0x20, r_eval_ptr);
    while inv_ptr > vka_end {
        m.tick()?;
        inv_ptr -= 0x20;
        r_ptr = r_ptr.checked_sub(0x20).ok_or(vka_err("evaluation pointer underflow"))?;
        r = r * nu + m.load_fr(inv_ptr)? * m.load_fr(r_ptr)?;
    }
    m.store_fr(m.theta + at::R_EVAL, &r)?;
    Ok(ptr + 0x20)
}

/// `pairing_input_computations`: each set's commitments Horner-combined with ζ, the sets with
/// `ν^i·c_i`, then `− r·G − Z(μ)·W + μ·W'`. Stores `lhs` and `rhs = W'`.
/// A G1 linear combination kept as (base, coefficient) pairs, so that the whole opening costs
/// one multi-scalar multiplication instead of one `ecMul` per commitment. Equal, as a group
/// element, to what the Solidity verifier accumulates with `ecMul`/`ecAdd`.
#[derive(Default)]
struct Combination {
    bases: Vec<G1Affine>,
    coeffs: Vec<Fr>,
}

impl Combination {
    fn push(&mut self, base: G1Affine, coeff: Fr) {
        self.bases.push(base);
        self.coeffs.push(coeff);
    }

    fn scale(&mut self, s: &Fr) {
        self.coeffs.iter_mut().for_each(|c| *c *= s);
    }

    fn append_scaled(&mut self, other: Combination, s: &Fr) {
        self.bases.extend(other.bases);
        self.coeffs.extend(other.coeffs.into_iter().map(|c| c * s));
    }

    fn eval(&self) -> G1 {
        let mut acc = G1::identity();
        msm_serial(&self.coeffs, &self.bases, &mut acc);
        acc
    }
}

/// `(x, y)` as a G1 operand (the precompile rules: canonical coordinates on the curve, or
/// `(0, 0)` for infinity); one EC-operation budget unit each.
fn operand(m: &mut Machine, x: U256, y: U256) -> Result<G1Affine, Error> {
    m.tick()?;
    ec::point(x, y).ok_or(vka_err("EC operand is not a curve point"))
}

fn combine_commitments(m: &mut Machine, ptr: usize, g1: &G1Affine) -> Result<(), Error> {
    let vka_end = m.vka_end;
    let nu0 = m.th(at::NU)?;
    let mut nu = nu0;
    let mut meta = m.load(ptr)?;
    let end = ptr + 0x20 * meta.byte0();
    let mut set_coeff = vka_end + meta.shr(8).u16_0();
    let mut points = meta.shr(24).low80();
    meta = meta.shr(104);
    let (mut i, mut ptr) = (ptr, end);
    let mut acc: Option<Combination> = None;
    while i < end {
        while !meta.is_zero() {
            m.tick()?;
            let len = meta.byte0();
            meta = meta.shr(8);
            let set = commitment_set(m, len, ptr)?;
            ptr += len;
            match acc.as_mut() {
                None => acc = Some(set),
                Some(acc) => {
                    let s = nu * m.load_fr(set_coeff)?;
                    set_coeff += 0x20;
                    acc.append_scaled(set, &s);
                    nu *= nu0;
                }
            }
        }
        meta = m.load(i + 0x20)?;
        i += 0x20;
    }
    let mut acc = acc.ok_or(vka_err("no commitment sets"))?;
    // − r·G
    acc.push(*g1, R.wrapping_sub(m.load(m.theta + at::R_EVAL)?).fr());
    // − Z(μ)·W
    let (wx, wy) = (m.cd(points.u16_0())?, m.cd(points.shr(16).u16_0())?);
    let w = operand(m, wx, wy)?;
    acc.push(w, R.wrapping_sub(m.rel(points.shr(32).u16_0())?).fr());
    points = points.shr(48);
    // + μ·W'
    let (px, py) = (m.cd(points.u16_0())?, m.cd(points.shr(16).u16_0())?);
    let w_prime = operand(m, px, py)?;
    acc.push(w_prime, m.load(m.theta + at::MU)?.fr());
    let (lx, ly) = ec::coords(&acc.eval());
    let theta = m.theta;
    m.store(theta + at::PAIRING_LHS, lx)?;
    m.store(theta + at::PAIRING_LHS + 0x20, ly)?;
    m.store(theta + at::PAIRING_RHS, px)?;
    m.store(theta + at::PAIRING_RHS + 0x20, py)
}

/// One set's commitments, combined by Horner's rule in ζ: the first point, then `acc·ζ + C` for
/// each next one. Entries: location byte (0 memory, 1 calldata, 2 the quotient commitment),
/// count byte (0 = a descending range of points, 1 or 2 = that many points by x and y pointers).
fn commitment_set(m: &mut Machine, len: usize, mut ptr: usize) -> Result<Combination, Error> {
    let zeta = m.load(m.theta + at::ZETA)?.fr();
    let mut set = Combination::default();
    let horner = |m: &mut Machine, set: &mut Combination, x: U256, y: U256| -> Result<(), Error> {
        let p = operand(m, x, y)?;
        set.scale(&zeta);
        set.push(p, Fr::ONE);
        Ok(())
    };
    let mut data = m.load(ptr)?;
    let (x, y) = (m.cd(data.u16_0())?, m.cd(data.shr(16).u16_0())?);
    let first = operand(m, x, y)?;
    set.push(first, Fr::ONE);
    data = data.shr(32);
    for _ in (0..len).step_by(0x20) {
        while !data.is_zero() {
            m.tick()?;
            let loc = data.byte0();
            let count = data.shr(8).byte0();
            data = data.shr(16);
            if count == 0 {
                let (mut p, p_end) = (data.u16_0(), data.shr(16).u16_0());
                while p_end < p {
                    let (x, y) = load_point(m, loc, p, p + 0x20)?;
                    horner(m, &mut set, x, y)?;
                    p = p.checked_sub(0x40).ok_or(vka_err("commitment range underflow"))?;
                }
                data = data.shr(32);
            } else if loc == 2 {
                let q = m.theta + at::QUOTIENT_X;
                let (x, y) = (m.load(q)?, m.load(q + 0x20)?);
                horner(m, &mut set, x, y)?;
            } else {
                let (x, y) = load_point(m, loc, data.u16_0(), data.shr(16).u16_0())?;
                horner(m, &mut set, x, y)?;
                if count == 2 {
                    data = data.shr(32);
                    let (x, y) = load_point(m, loc, data.u16_0(), data.shr(16).u16_0())?;
                    horner(m, &mut set, x, y)?;
                }
                data = data.shr(32);
            }
        }
        ptr += 0x20;
        data = m.load(ptr)?;
    }
    Ok(set)
}

/// A point's coordinates from memory (location 0) or calldata (location 1).
fn load_point(m: &Machine, loc: usize, x_ptr: usize, y_ptr: usize) -> Result<(U256, U256), Error> {
    match loc {
        0 => Ok((m.load(x_ptr)?, m.load(y_ptr)?)),
        1 => Ok((m.cd(x_ptr)?, m.cd(y_ptr)?)),
        _ => Err(vka_err("unknown commitment location")),
    }
}
