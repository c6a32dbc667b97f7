//! The quotient numerator at x: every gate, the permutation argument and every lookup (logUp
//! "mv" lookups or classic halo2 lookups), evaluated by interpreting the VKA's packed bytecode
//! exactly as `Halo2VerifierReusable.sol` does, and folded with powers of y:
//! `numer = (…(c₀·y + c₁)·y + …)`. Division by `xⁿ − 1` gives the claimed quotient evaluation
//! that the SHPLONK opening then checks against the quotient commitment.
//!
//! Packed words are read least significant field first; pointers are 16 bits wide: absolute
//! memory addresses, calldata (proof) addresses, or offsets from `vka_end`.

use halo2curves::bn256::Fr;
use halo2curves::ff::Field;

use super::machine::{at, vka_err, Machine};
use super::word::{neg_raw, R, U256};
use crate::zk::Error;

/// Memory addresses (VKA header words) of the code pointers.
const GATE_CODE: usize = 0x3e0;
const PERMUTATION_CODE: usize = 0x400;
const LOOKUP_CODE: usize = 0x420;
/// DELTA: the generator of the cosets that separate permutation columns.
const DELTA: U256 = U256([0x870e_56bb_e533_e9a2, 0x5b5f_898e_5e96_3f25, 0x64ec_26aa_d4c8_6e71, 0x0922_6b6e_22c6_f0ca]);

/// The result of one packed expression.
enum Outcome {
    /// Offset from the scratch start of the slot holding the last result.
    Slot(usize),
    /// The value of a lookup expression (its columns combined with θ).
    Value(Fr),
}

/// Where the code continues: the pointer of the word loaded last, and that word.
struct Next {
    ptr: usize,
    word: U256,
}

/// `expression_evals_packed`: runs one expression whose first code word is `word` (at
/// `code_ptr`), writing each operation's result to consecutive slots from `fsmp`.
fn expression(m: &mut Machine, fsmp: usize, code_ptr: usize, mut word: U256) -> Result<(Next, Outcome), Error> {
    let num_words = word.byte0();
    if num_words == 0 {
        return Err(vka_err("expression without code words"));
    }
    word = word.shr(8);
    let mut acc = 0usize;
    let mut next = Next { ptr: code_ptr, word };
    for i in 1..=num_words {
        while !word.is_zero() {
            m.tick()?;
            let dst = fsmp + acc;
            let op = word.byte0();
            word = word.shr(8);
            match op {
                0x00 => {
                    let v = m.cd(word.u16_0())?;
                    m.store(dst, v)?;
                    word = word.shr(16);
                }
                0x01 => {
                    let v = m.load(word.u16_0())?;
                    m.store(dst, R.wrapping_sub(v))?;
                    word = word.shr(16);
                }
                0x02 | 0x03 => {
                    let (a, b) = (m.load_fr(word.u16_0())?, m.load_fr(word.shr(16).u16_0())?);
                    m.store_fr(dst, &if op == 0x02 { a + b } else { a * b })?;
                    word = word.shr(32);
                }
                0x04 => return lookup_accumulator(m, word, code_ptr + 0x20 * i),
                _ => return Err(vka_err("unknown expression opcode")),
            }
            acc += 0x20;
        }
        next = Next { ptr: code_ptr + 0x20 * i, word: m.load(code_ptr + 0x20 * i)? };
        word = next.word;
    }
    let last = acc.checked_sub(0x20).ok_or(vka_err("expression without operations"))?;
    Ok((next, Outcome::Slot(last)))
}

/// `lookup_input_accum`: combines memory values with θ, `a = a·θ + v`, from the rest of the
/// current word on (`word` is past the 0x04 opcode), continuing at `next_ptr`.
fn lookup_accumulator(m: &mut Machine, mut word: U256, next_ptr: usize) -> Result<(Next, Outcome), Error> {
    let num_words = word.byte0();
    word = word.shr(8);
    if num_words == 0 {
        return Err(vka_err("lookup accumulator without code words"));
    }
    let mut a = m.load_fr(word.u16_0())?;
    word = word.shr(16);
    let theta = m.rel(0x60)?.fr();
    let mut next = Next { ptr: next_ptr, word };
    for j in 0..num_words {
        while !word.is_zero() {
            m.tick()?;
            a = a * theta + m.load_fr(word.u16_0())?;
            word = word.shr(16);
        }
        next = Next { ptr: next_ptr + 0x20 * j, word: m.load(next_ptr + 0x20 * j)? };
        word = next.word;
    }
    Ok((next, Outcome::Value(a)))
}

/// A lookup expression's value (`lookup_expr_evals_packed`), plus β for logUp lookups.
fn lookup_expression(m: &mut Machine, fsmp: usize, code_ptr: usize, word: U256, mv: bool) -> Result<(Next, Fr), Error> {
    let (next, out) = expression(m, fsmp, code_ptr, word)?;
    let Outcome::Value(v) = out else {
        return Err(vka_err("lookup expression without accumulator"));
    };
    Ok((next, if mv { v + m.rel(0x80)?.fr() } else { v }))
}

/// The whole numerator: gates, then the permutation argument, then the lookups.
pub(super) fn numerator(m: &mut Machine) -> Result<Fr, Error> {
    let y = m.th(at::Y)?;
    let q = gates(m, y)?;
    let q = permutation(m, q, y)?;
    lookups(m, q, y)
}

/// The gate code blocks; each block's last result is folded into the numerator.
fn gates(m: &mut Machine, y: Fr) -> Result<Fr, Error> {
    let len_ptr = m.load_usize(GATE_CODE)?;
    let len = m.load_usize(len_ptr)?;
    let mut next = Next { ptr: len_ptr + 0x20, word: m.load(len_ptr + 0x20)? };
    let mut q = Fr::ZERO;
    for block in (0..len).step_by(0x20) {
        m.tick()?;
        let (n, out) = expression(m, m.vka_end, next.ptr, next.word)?;
        next = n;
        let Outcome::Slot(last) = out else {
            return Err(vka_err("gate expression ends in a lookup accumulator"));
        };
        let v = m.rel(last)?.fr();
        q = if block == 0 { v } else { q * y + v };
    }
    Ok(q)
}

/// The permutation argument: `l₀·(1 − z₀)`, `l_last·(z_l² − z_l)`, the chaining of consecutive
/// z polynomials at the first row, and one product identity per column chunk.
fn permutation(m: &mut Machine, mut q: Fr, y: Fr) -> Result<Fr, Error> {
    let mut ptr = m.load_usize(PERMUTATION_CODE)?;
    let meta = m.load(ptr)?;
    let last_idx = meta.byte0();
    let chunk_words = meta.shr(8);
    let chunk = chunk_words.u16_0();
    ptr += 0x20;
    let z = m.load(ptr)?;
    let l_0 = m.th(at::L_0)?;
    q = q * y + (l_0 - l_0 * m.cd_fr(z.u16_0())?);

    let last_ptr = ptr + last_idx * chunk;
    let z_last = m.cd(m.load(last_ptr)?.u16_0())?;
    q = q * y + m.th(at::L_LAST)? * (z_last.fr() * z_last.fr() + neg_raw(z_last));

    let beta_x = m.th(at::BETA)? * m.th(at::X)?;
    m.store_fr(m.vka_end, &beta_x)?;
    z_chunks(m, z, chunk_words, last_ptr, ptr, l_0, y, q)
}

/// `z_evals`: walks the chunks from `ptr` to `last_ptr`, collecting one product identity per
/// chunk in scratch slots from `vka_end + 0x40`, then folds them into the numerator.
#[allow(clippy::too_many_arguments)]
fn z_chunks(
    m: &mut Machine,
    mut z: U256,
    chunk_words: U256,
    last_ptr: usize,
    mut ptr: usize,
    l_0: Fr,
    y: Fr,
    mut q: Fr,
) -> Result<Fr, Error> {
    let chunk = chunk_words.u16_0();
    let vka_end = m.vka_end;
    m.store(vka_end + 0x20, U256::from_u64((vka_end + 0x40) as u64))?;
    while ptr < last_ptr {
        m.tick()?;
        if chunk == 0 {
            return Err(vka_err("empty permutation chunk"));
        }
        let next_ptr = ptr + chunk;
        let z_j = m.load(next_ptr)?;
        q = q * y + l_0 * (m.cd_fr(z_j.u16_0())? + neg_raw(m.cd(z.shr(32).u16_0())?));
        column_products(m, z, chunk, ptr)?;
        ptr = next_ptr;
        z = z_j;
    }
    column_products(m, z, chunk_words.shr(16).u16_0(), ptr)?;
    let end = m.load_usize(vka_end + 0x20)?;
    let mut j = vka_end + 0x40;
    while j < end {
        m.tick()?;
        q = q * y + m.load_fr(j)?;
        j += 0x20;
    }
    Ok(q)
}

/// `col_evals`: `(1 − (l_last + l_blind))·(z(ωx)·Π(v + β·σ + γ) − z(x)·Π(v + β·δʲ·x + γ))` for one
/// chunk, stored at the next free scratch slot. Each column entry is 40 bits: a flag byte
/// (0 = column evaluation from the proof, else the instance evaluation), the evaluation pointer
/// and the σ evaluation pointer.
fn column_products(m: &mut Machine, mut z: U256, num_words: usize, ptr: usize) -> Result<(), Error> {
    let (gamma, beta) = (m.th(at::GAMMA)?, m.th(at::BETA)?);
    let (l_last, l_blind, i_eval) = (m.th(at::L_LAST)?, m.th(at::L_BLIND)?, m.th(at::INSTANCE_EVAL)?);
    let vka_end = m.vka_end;
    let delta = DELTA.fr();
    let mut lhs = m.cd_fr(z.shr(16).u16_0())?;
    let mut rhs = m.cd_fr(z.u16_0())?;
    z = z.shr(48);
    for j in (0..num_words).step_by(0x20) {
        while !z.is_zero() {
            m.tick()?;
            let eval = if z.byte0() == 0 { m.cd_fr(z.shr(8).u16_0())? } else { i_eval };
            lhs *= eval + beta * m.cd_fr(z.shr(24).u16_0())? + gamma;
            let delta_pow = m.load_fr(vka_end)?;
            rhs *= eval + delta_pow + gamma;
            z = z.shr(40);
            m.store_fr(vka_end, &(delta_pow * delta))?;
        }
        z = m.load(ptr + j + 0x20)?;
    }
    let diff = lhs - rhs;
    let slot = m.load_usize(vka_end + 0x20)?;
    m.store_fr(slot, &(diff - diff * (l_last + l_blind)))?;
    m.store(vka_end + 0x20, U256::from_u64((slot + 0x20) as u64))
}

/// The lookups: `mv` flag 0 = logUp ("mv") lookups, 1 = classic halo2 lookups.
fn lookups(m: &mut Machine, mut q: Fr, y: Fr) -> Result<Fr, Error> {
    let vka_end = m.vka_end;
    for (off, from) in [(0x00, at::L_LAST), (0x20, at::L_0), (0x40, at::L_BLIND), (0x60, at::THETA), (0x80, at::BETA)] {
        let v = m.th(from)?;
        m.store_fr(vka_end + off, &v)?;
    }
    let meta_ptr = m.load_usize(LOOKUP_CODE)?;
    let meta = m.load(meta_ptr)?;
    if meta.is_zero() {
        return Ok(q);
    }
    let end = meta.u16_0();
    let mut ptr = meta_ptr + 0x20;
    let mut table = Fr::ZERO;
    match meta.shr(16).byte0() {
        0x00 => {
            while ptr < end {
                m.tick()?;
                (ptr, table, q) = logup(m, table, ptr, q, y)?;
            }
        }
        0x01 => {
            let gamma = m.th(at::GAMMA)?;
            m.store_fr(vka_end + 0xa0, &gamma)?;
            while ptr < end {
                m.tick()?;
                (ptr, table, q) = classic_lookup(m, table, ptr, q, y)?;
            }
        }
        _ => return Err(vka_err("unknown lookup kind")),
    }
    Ok(q)
}

/// `mv_lookup_evals`: one logUp lookup with inputs f_i, table t, multiplicities m and the
/// running sum φ: `l₀·φ(x)`, `l_last·φ(x)`, and
/// `(1 − (l_last + l_blind))·(t·Πf·(φ(ωx) − φ(x)) − (t·Σ_iΠ_{j≠i}f_j − m·Πf))`, with `f_i = input_i + β`,
/// `t = table + β`. A lookup may reuse the previous lookup's table.
fn logup(m: &mut Machine, mut table: Fr, mut ptr: usize, mut q: Fr, y: Fr) -> Result<(usize, Fr, Fr), Error> {
    let vka_end = m.vka_end;
    let evals = m.load(ptr)?;
    let new_table = evals.byte0() != 0;
    let evals = evals.shr(8);
    let phi = m.cd(evals.u16_0())?;
    q = q * y + m.rel(0x20)?.fr() * phi.fr();
    q = q * y + m.rel(0x00)?.fr() * phi.fr();
    ptr += 0x20;
    let mut word = m.load(ptr)?;
    if new_table {
        let (next, t) = lookup_expression(m, vka_end + 0xa0, ptr, word, true)?;
        (ptr, word, table) = (next.ptr, next.word, t);
    }
    let inputs_len = word.u16_0();
    word = word.shr(16);
    if inputs_len == 0 || inputs_len % 0x20 != 0 {
        return Err(vka_err("lookup without inputs"));
    }
    let base = vka_end + 0xa0;
    for j in (base..base + inputs_len).step_by(0x20) {
        let (next, ident) = lookup_expression(m, j, ptr, word, true)?;
        (ptr, word) = (next.ptr, next.word);
        m.store_fr(j, &ident)?;
    }
    let mut inputs = alloc::vec::Vec::with_capacity(inputs_len / 0x20);
    for j in (0..inputs_len).step_by(0x20) {
        m.tick()?;
        inputs.push(m.load_fr(base + j)?);
    }
    let product: Fr = inputs.iter().product();
    let mut rhs = Fr::ZERO;
    if inputs.len() == 1 {
        rhs = table;
    } else {
        for i in 0..inputs.len() {
            m.tick()?;
            rhs += inputs.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, v)| v).product::<Fr>();
        }
        rhs *= table;
    }
    rhs -= m.cd_fr(evals.shr(32).u16_0())? * product;
    let phi_next = m.cd_fr(evals.shr(16).u16_0())?;
    let lhs = table * product * (phi_next + neg_raw(phi));
    let active = Fr::ONE - (m.rel(0x40)?.fr() + m.rel(0x00)?.fr());
    q = q * y + active * (lhs - rhs);
    Ok((ptr, table, q))
}

/// `lookup_evals`: one classic halo2 lookup with grand product z and permuted input/table
/// columns A', S': five identities (`l₀·(1 − z)`, `l_last·(z² − z)`, the product step,
/// `l₀·(A' − S')`, `(1 − (l_last + l_blind))·(A' − S')·(A' − A'(ω⁻¹x))`).
fn classic_lookup(m: &mut Machine, mut table: Fr, mut ptr: usize, mut q: Fr, y: Fr) -> Result<(usize, Fr, Fr), Error> {
    let vka_end = m.vka_end;
    let evals = m.load(ptr)?;
    let new_table = evals.byte0() != 0;
    let evals = evals.shr(8);
    let z = m.cd(evals.u16_0())?;
    let evals = evals.shr(16);
    let (l_0, l_last, l_blind) = (m.rel(0x20)?.fr(), m.rel(0x00)?.fr(), m.rel(0x40)?.fr());
    let (beta, gamma) = (m.rel(0x80)?.fr(), m.rel(0xa0)?.fr());
    q = q * y + (l_0 + l_0 * neg_raw(z));
    q = q * y + l_last * (z.fr() * z.fr() + neg_raw(z));
    ptr += 0x20;
    let mut word = m.load(ptr)?;
    if new_table {
        let (next, t) = lookup_expression(m, vka_end + 0xc0, ptr, word, false)?;
        (ptr, word, table) = (next.ptr, next.word, t);
    }
    let (next, input) = lookup_expression(m, vka_end + 0xc0, ptr, word, false)?;
    ptr = next.ptr;
    let z_next = m.cd_fr(evals.u16_0())?;
    let p_input = m.cd(evals.shr(16).u16_0())?;
    let p_input_prev = m.cd(evals.shr(32).u16_0())?;
    let p_table = m.cd(evals.shr(48).u16_0())?;
    let active = Fr::ONE - (l_blind + l_last);
    let step = z_next * (p_input.fr() + beta) * (p_table.fr() + gamma) - z.fr() * (input + beta) * (table + gamma);
    q = q * y + active * step;
    q = q * y + l_0 * (p_input.fr() + neg_raw(p_table));
    q = q * y + active * (p_input.fr() + neg_raw(p_table)) * (p_input.fr() + neg_raw(p_input_prev));
    Ok((ptr, table, q))
}
