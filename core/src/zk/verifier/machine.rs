//! The verifier's working state: the EVM memory of `Halo2VerifierReusable.sol` (the VKA at
//! `0xa0`, scratch space from `vka_end`, challenges and derived values from `theta`), the proof as
//! calldata, and the two EC accumulators. Every access is checked and every interpreter loop
//! iteration is paid from a step budget proportional to the input, so hostile VKA bytecode cannot
//! index out of bounds, loop forever or allocate without bound.

use alloc::vec::Vec;

use halo2curves::bn256::{Fr, G1Affine, G1};
use halo2curves::ff::Field;

use super::ec;
use super::word::{R, U256};
use crate::zk::vka::{Vka, PROOF_CPTR, VKA_MPTR};
use crate::zk::Error;

/// Offsets from `theta` (the challenge θ) of the values the verifier stores, as in the Solidity.
pub(super) mod at {
    pub const THETA: usize = 0x00;
    pub const BETA: usize = 0x20;
    pub const GAMMA: usize = 0x40;
    pub const Y: usize = 0x60;
    pub const X: usize = 0x80;
    pub const ZETA: usize = 0xa0;
    pub const NU: usize = 0xc0;
    pub const MU: usize = 0xe0;
    pub const X_N: usize = 0x180;
    pub const X_N_MINUS_1_INV: usize = 0x1a0;
    pub const L_LAST: usize = 0x1c0;
    pub const L_BLIND: usize = 0x1e0;
    pub const L_0: usize = 0x200;
    pub const INSTANCE_EVAL: usize = 0x220;
    pub const QUOTIENT_EVAL: usize = 0x240;
    pub const QUOTIENT_X: usize = 0x260;
    pub const R_EVAL: usize = 0x2a0;
    pub const PAIRING_LHS: usize = 0x2c0;
    pub const PAIRING_RHS: usize = 0x300;
    /// End of the theta region.
    pub const END: usize = 0x340;
}

/// Room past `vka_end` that 16-bit relative pointers (plus the fixed slots above them) can reach.
const SCRATCH: usize = 0x1_0000 + 0x200;

pub(super) fn vka_err(reason: &'static str) -> Error {
    Error::VkaInvalid { reason }
}

/// The interpreter state.
pub(super) struct Machine<'a> {
    mem: Vec<U256>,
    cap: usize,
    proof: &'a [u8],
    /// First byte after the VKA in memory (`mload(0x40)` in the Solidity).
    pub vka_end: usize,
    /// Address of θ; the challenges and derived values follow it.
    pub theta: usize,
    steps: usize,
    ec_steps: usize,
}

impl<'a> Machine<'a> {
    /// Memory laid out as the Solidity verifier's: `0x40` = free memory pointer (`vka_end`),
    /// `0x80` = VKA length, VKA words from `0xa0`.
    pub fn new(vka: &Vka, proof: &'a [u8]) -> Machine<'a> {
        let words = vka.words();
        let vka_end = VKA_MPTR + 32 * words.len();
        let h = &vka.header;
        let theta = vka_end + h.fsm + h.challenges_offset;
        let cap = (theta + at::END).max(vka_end + SCRATCH).max(0x1_0000 + 0x20);
        let mut mem = Vec::with_capacity(vka_end / 32);
        mem.resize(VKA_MPTR / 32, U256::ZERO);
        mem[0x40 / 32] = U256::from_u64(vka_end as u64);
        mem[0x80 / 32] = U256::from_u64(words.len() as u64);
        mem.extend(words.iter().map(U256::from_be));
        let budget_units = words.len() + proof.len() / 32 + h.num_instances;
        Machine {
            mem,
            cap,
            proof,
            vka_end,
            theta,
            steps: 64 * budget_units + (1 << 16),
            ec_steps: 4 * (words.len() / 2 + proof.len() / 64) + 64,
        }
    }

    /// Pays one interpreter step.
    pub fn tick(&mut self) -> Result<(), Error> {
        self.steps = self.steps.checked_sub(1).ok_or(vka_err("interpreter step budget exceeded"))?;
        Ok(())
    }

    fn index(&self, addr: usize) -> Result<usize, Error> {
        if addr % 32 != 0 {
            return Err(vka_err("unaligned memory access"));
        }
        if addr >= self.cap {
            return Err(vka_err("memory access out of range"));
        }
        Ok(addr / 32)
    }

    /// `mload(addr)`: never-written memory reads as zero.
    pub fn load(&self, addr: usize) -> Result<U256, Error> {
        let i = self.index(addr)?;
        Ok(self.mem.get(i).copied().unwrap_or(U256::ZERO))
    }

    /// `mload(addr)` reduced mod r.
    pub fn load_fr(&self, addr: usize) -> Result<Fr, Error> {
        Ok(self.load(addr)?.fr())
    }

    /// `mload(addr)` as a pointer or count.
    pub fn load_usize(&self, addr: usize) -> Result<usize, Error> {
        self.load(addr)?.to_usize().filter(|v| *v < self.cap).ok_or(vka_err("pointer out of range"))
    }

    /// `mstore(addr, value)`.
    pub fn store(&mut self, addr: usize, value: U256) -> Result<(), Error> {
        let i = self.index(addr)?;
        if i >= self.mem.len() {
            self.mem.resize(i + 1, U256::ZERO);
        }
        self.mem[i] = value;
        Ok(())
    }

    /// `mstore(addr, value)` of a scalar.
    pub fn store_fr(&mut self, addr: usize, value: &Fr) -> Result<(), Error> {
        self.store(addr, U256::from_fr(value))
    }

    /// `mload(vka_end + off)`.
    pub fn rel(&self, off: usize) -> Result<U256, Error> {
        self.load(self.vka_end.saturating_add(off))
    }

    /// `mload(theta + off)` reduced mod r.
    pub fn th(&self, off: usize) -> Result<Fr, Error> {
        self.load_fr(self.theta + off)
    }

    /// `calldataload(ptr)`: only whole words of the proof are addressable.
    pub fn cd(&self, ptr: usize) -> Result<U256, Error> {
        let off = ptr.checked_sub(PROOF_CPTR).ok_or(vka_err("calldata pointer outside the proof"))?;
        if off % 32 != 0 {
            return Err(vka_err("unaligned calldata pointer"));
        }
        let bytes = self.proof.get(off..off.saturating_add(32)).ok_or(vka_err("calldata pointer outside the proof"))?;
        let mut w = [0u8; 32];
        w.copy_from_slice(bytes);
        Ok(U256::from_be(&w))
    }

    /// `calldataload(ptr)` reduced mod r.
    pub fn cd_fr(&self, ptr: usize) -> Result<Fr, Error> {
        Ok(self.cd(ptr)?.fr())
    }

    /// `batch_invert(start, end)` exactly as the Solidity does it, memory side effects included:
    /// prefix products are written from `end` on, then the `modexp` input; at least two words
    /// are always inverted; if any is zero, all become zero (a zero product has "inverse" 0).
    pub fn batch_invert(&mut self, start: usize, end: usize) -> Result<(), Error> {
        if end < start + 0x20 || (end - start) % 32 != 0 {
            return Err(vka_err("bad batch inversion range"));
        }
        let mut gp_ptr = end;
        let mut gp = self.load_fr(start)?;
        let mut ptr = start + 0x20;
        while ptr < end - 0x20 {
            self.tick()?;
            gp *= self.load_fr(ptr)?;
            self.store_fr(gp_ptr, &gp)?;
            ptr += 0x20;
            gp_ptr += 0x20;
        }
        gp *= self.load_fr(ptr)?;
        for (i, v) in
            [U256::from_u64(32), U256::from_u64(32), U256::from_u64(32), U256::from_fr(&gp)].iter().enumerate()
        {
            self.store(gp_ptr + 32 * i, *v)?;
        }
        self.store(gp_ptr + 0x80, R.wrapping_sub(U256::from_u64(2)))?;
        self.store(gp_ptr + 0xa0, R)?;
        let mut all_inv = Option::<Fr>::from(gp.invert()).unwrap_or(Fr::ZERO);
        self.store_fr(gp_ptr, &all_inv)?;
        let (first, second) = (start, start + 0x20);
        while second < ptr {
            self.tick()?;
            gp_ptr -= 0x20;
            let inv = all_inv * self.load_fr(gp_ptr)?;
            all_inv *= self.load_fr(ptr)?;
            self.store_fr(ptr, &inv)?;
            ptr -= 0x20;
        }
        let inv_first = all_inv * self.load_fr(second)?;
        let inv_second = all_inv * self.load_fr(first)?;
        self.store_fr(first, &inv_first)?;
        self.store_fr(second, &inv_second)
    }

    fn ec_tick(&mut self) -> Result<(), Error> {
        self.ec_steps = self.ec_steps.checked_sub(1).ok_or(vka_err("EC operation budget exceeded"))?;
        Ok(())
    }

    /// The point stored at `addr, addr + 0x20`, if a valid precompile operand.
    fn point_at(&self, addr: usize) -> Result<G1Affine, Error> {
        ec::point(self.load(addr)?, self.load(addr + 0x20)?).ok_or(vka_err("EC operand is not a curve point"))
    }

    fn store_point(&mut self, addr: usize, p: &G1) -> Result<(), Error> {
        let (x, y) = ec::coords(p);
        self.store(addr, x)?;
        self.store(addr + 0x20, y)
    }

    /// `ecAdd` of the point at `slot` (the accumulator at `vka_end` or the temporary at
    /// `vka_end + 0x80`) and `(x, y)`, into `slot`; the operand is first written after the
    /// point, as the Solidity does.
    pub fn ec_add(&mut self, slot: usize, x: U256, y: U256) -> Result<(), Error> {
        self.ec_tick()?;
        let addr = self.vka_end + slot;
        self.store(addr + 0x40, x)?;
        self.store(addr + 0x60, y)?;
        let a = self.point_at(addr)?;
        let b = self.point_at(addr + 0x40)?;
        self.store_point(addr, &ec::add(&a, &b))
    }

    /// `ecMul` of the point at `slot` by `scalar`, into `slot`; the scalar is first written
    /// after the point, as the Solidity does.
    pub fn ec_mul(&mut self, slot: usize, scalar: U256) -> Result<(), Error> {
        self.ec_tick()?;
        let addr = self.vka_end + slot;
        self.store(addr + 0x40, scalar)?;
        let a = self.point_at(addr)?;
        self.store_point(addr, &ec::mul(&a, scalar))
    }

    /// `slot = slot · scalar + (x, y)`: one Horner step of a commitment combination.
    pub fn ec_horner(&mut self, slot: usize, scalar: U256, x: U256, y: U256) -> Result<(), Error> {
        self.ec_mul(slot, scalar)?;
        self.ec_add(slot, x, y)
    }

    /// Stores raw coordinates at `slot` (a later EC operation validates them).
    pub fn set_point(&mut self, slot: usize, x: U256, y: U256) -> Result<(), Error> {
        self.store(self.vka_end + slot, x)?;
        self.store(self.vka_end + slot + 0x20, y)
    }

    /// The point at `addr` for the pairing, validated.
    pub fn pairing_point(&self, addr: usize) -> Result<G1Affine, Error> {
        self.point_at(addr)
    }
}

/// The accumulator slot (`vka_end`).
pub(super) const ACC: usize = 0x00;
