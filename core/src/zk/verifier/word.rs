//! 256-bit EVM words: the values the reusable Solidity verifier keeps in memory and calldata.
//!
//! The verifier interprets packed VKA words with shifts and masks, loads raw field elements and
//! point coordinates, and does `addmod`/`mulmod`/`sub(R, ·)` arithmetic on them. [`U256`] holds
//! such a word exactly; conversions to [`Fr`] reduce modulo r the way `addmod`/`mulmod` do, and
//! conversions to [`Fq`] accept only canonical coordinates, as the EC precompiles do.

use halo2curves::bn256::{Fq, Fr};
use halo2curves::ff::{FromUniformBytes, PrimeField};

/// A 256-bit unsigned integer, little-endian 64-bit limbs.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub(crate) struct U256(pub [u64; 4]);

/// The BN254 scalar field modulus r.
pub(crate) const R: U256 =
    U256([0x43e1_f593_f000_0001, 0x2833_e848_79b9_7091, 0xb850_45b6_8181_585d, 0x3064_4e72_e131_a029]);

impl U256 {
    /// Zero.
    pub const ZERO: U256 = U256([0; 4]);

    /// The word of 32 big-endian bytes.
    pub fn from_be(bytes: &[u8; 32]) -> U256 {
        let mut limbs = [0u64; 4];
        for (i, limb) in limbs.iter_mut().enumerate() {
            let start = 24 - 8 * i;
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[start..start + 8]);
            *limb = u64::from_be_bytes(b);
        }
        U256(limbs)
    }

    /// The 32 big-endian bytes of the word.
    pub fn to_be(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, limb) in self.0.iter().enumerate() {
            let start = 24 - 8 * i;
            out[start..start + 8].copy_from_slice(&limb.to_be_bytes());
        }
        out
    }

    /// A small integer as a word.
    pub fn from_u64(v: u64) -> U256 {
        U256([v, 0, 0, 0])
    }

    /// Whether the word is zero (the end condition of every packed-data loop).
    pub fn is_zero(self) -> bool {
        self.0 == [0; 4]
    }

    /// EVM `shr(n, self)`: zero for `n >= 256`.
    pub fn shr(self, n: u32) -> U256 {
        if n >= 256 {
            return U256::ZERO;
        }
        let (limb_shift, bit_shift) = ((n / 64) as usize, n % 64);
        let mut out = [0u64; 4];
        for (i, o) in out.iter_mut().enumerate() {
            let src = i + limb_shift;
            if src < 4 {
                *o = self.0[src] >> bit_shift;
                if bit_shift > 0 && src + 1 < 4 {
                    *o |= self.0[src + 1] << (64 - bit_shift);
                }
            }
        }
        U256(out)
    }

    /// The least significant byte (`and(w, 0xFF)`).
    pub fn byte0(self) -> usize {
        (self.0[0] & 0xff) as usize
    }

    /// The least significant 16 bits (`and(w, 0xFFFF)`), the width of every packed pointer.
    pub fn u16_0(self) -> usize {
        (self.0[0] & 0xffff) as usize
    }

    /// The least significant 80 bits (`and(w, 0xFFFFFFFFFFFFFFFFFFFF)`).
    pub fn low80(self) -> U256 {
        U256([self.0[0], self.0[1] & 0xffff, 0, 0])
    }

    /// The word as a `usize`, if it fits.
    pub fn to_usize(self) -> Option<usize> {
        if self.0[1] != 0 || self.0[2] != 0 || self.0[3] != 0 {
            return None;
        }
        usize::try_from(self.0[0]).ok()
    }

    /// EVM `sub(self, rhs)`: subtraction modulo 2^256.
    pub fn wrapping_sub(self, rhs: U256) -> U256 {
        let mut out = [0u64; 4];
        let mut borrow = false;
        for (i, o) in out.iter_mut().enumerate() {
            let (d, b1) = self.0[i].overflowing_sub(rhs.0[i]);
            let (d, b2) = d.overflowing_sub(u64::from(borrow));
            *o = d;
            borrow = b1 || b2;
        }
        U256(out)
    }

    /// Whether the word is below r (a canonical scalar).
    pub fn lt_r(self) -> bool {
        for i in (0..4).rev() {
            if self.0[i] != R.0[i] {
                return self.0[i] < R.0[i];
            }
        }
        false
    }

    /// The word reduced modulo r: the value `addmod`/`mulmod` work with.
    pub fn fr(self) -> Fr {
        let mut wide = [0u8; 64];
        for (i, limb) in self.0.iter().enumerate() {
            wide[8 * i..8 * i + 8].copy_from_slice(&limb.to_le_bytes());
        }
        Fr::from_uniform_bytes(&wide)
    }

    /// The canonical word of a scalar.
    pub fn from_fr(f: &Fr) -> U256 {
        U256::from_le(&f.to_repr().into())
    }

    /// The word as a base-field element, if it is canonical (below q).
    pub fn fq(self) -> Option<Fq> {
        let mut le = [0u8; 32];
        for (i, limb) in self.0.iter().enumerate() {
            le[8 * i..8 * i + 8].copy_from_slice(&limb.to_le_bytes());
        }
        Option::from(Fq::from_repr(le.into()))
    }

    /// The canonical word of a base-field element.
    pub fn from_fq(f: &Fq) -> U256 {
        U256::from_le(&f.to_repr().into())
    }

    fn from_le(bytes: &[u8; 32]) -> U256 {
        let mut limbs = [0u64; 4];
        for (i, limb) in limbs.iter_mut().enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[8 * i..8 * i + 8]);
            *limb = u64::from_le_bytes(b);
        }
        U256(limbs)
    }
}

/// `sub(R, v)` reduced modulo r, exactly as the EVM computes it (wrapping for `v > R`): for any
/// canonical `v` this is `-v`.
pub(crate) fn neg_raw(v: U256) -> Fr {
    R.wrapping_sub(v).fr()
}

#[cfg(test)]
mod tests {
    use super::*;
    use halo2curves::ff::Field;

    #[test]
    fn round_trips_and_shifts() {
        let mut be = [0u8; 32];
        for (i, b) in be.iter_mut().enumerate() {
            *b = i as u8 + 1;
        }
        let w = U256::from_be(&be);
        assert_eq!(w.to_be(), be);
        assert_eq!(w.byte0(), 32);
        assert_eq!(w.u16_0(), 0x1f20);
        assert_eq!(w.shr(8).byte0(), 31);
        assert_eq!(w.shr(72).byte0(), 23);
        assert_eq!(w.shr(248).byte0(), 1);
        assert!(w.shr(256).is_zero());
        assert_eq!(R.fr(), Fr::ZERO);
        assert!(!R.lt_r());
        assert!(R.wrapping_sub(U256::from_u64(1)).lt_r());
        assert_eq!(neg_raw(U256::from_u64(5)), -Fr::from(5));
        assert_eq!(U256::from_fr(&-Fr::ONE), R.wrapping_sub(U256::from_u64(1)));
        assert_eq!(U256::ZERO.wrapping_sub(U256::from_u64(1)), U256([u64::MAX; 4]));
    }
}
