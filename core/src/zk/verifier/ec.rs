//! BN254 G1 operations with the semantics of the EVM precompiles the Solidity verifier calls
//! (`ecAdd` 0x06, `ecMul` 0x07), and the final pairing check (0x08).
//!
//! An operand is valid iff both coordinates are canonical (below q) and the point is on the curve,
//! or it is `(0, 0)`, which stands for the point at infinity. G1 has cofactor 1, so on-curve
//! points are in the prime-order group. Results at infinity are written back as `(0, 0)`.

use halo2curves::bn256::{Bn256, G1Affine, G2Affine, Gt, G1};
use halo2curves::ff::PrimeField;
use halo2curves::group::{Curve, Group};
use halo2curves::pairing::{MillerLoopResult, MultiMillerLoop};
use halo2curves::CurveAffine;

use super::word::U256;

/// The point `(x, y)` if it is a valid precompile operand.
pub(super) fn point(x: U256, y: U256) -> Option<G1Affine> {
    let (x, y) = (x.fq()?, y.fq()?);
    Option::from(G1Affine::from_xy(x, y))
}

/// The coordinates of `p` as the precompiles return them (`(0, 0)` at infinity).
pub(super) fn coords(p: &G1) -> (U256, U256) {
    let a = p.to_affine();
    (U256::from_fq(&a.x), U256::from_fq(&a.y))
}

/// `ecAdd`.
pub(super) fn add(a: &G1Affine, b: &G1Affine) -> G1 {
    a + b
}

/// `ecMul` by a 256-bit scalar: the group has order r, so multiplying by the scalar reduced
/// mod r is the same. Variable time, with a 4-bit fixed window (every input of a verification
/// is public): about a third of the work of the constant-time ladder, and no allocation.
pub(super) fn mul(a: &G1Affine, scalar: U256) -> G1 {
    let mut table = [G1::identity(); 16];
    for i in 1..16 {
        table[i] = table[i - 1] + a;
    }
    let repr = scalar.fr().to_repr();
    let mut acc = G1::identity();
    for byte in repr.as_ref().iter().rev() {
        for nibble in [byte >> 4, byte & 0x0f] {
            for _ in 0..4 {
                acc = acc.double();
            }
            if nibble != 0 {
                acc += table[usize::from(nibble)];
            }
        }
    }
    acc
}

/// `e(lhs, g2) · e(rhs, neg_s_g2) == 1`, one multi-Miller loop and one final exponentiation.
/// Points at infinity contribute the factor 1, as in the precompile.
pub(super) fn pairing_is_one(lhs: &G1Affine, g2: &G2Affine, rhs: &G1Affine, neg_s_g2: &G2Affine) -> bool {
    let ml = Bn256::multi_miller_loop(&[(lhs, g2), (rhs, neg_s_g2)]);
    ml.final_exponentiation() == Gt::identity()
}
