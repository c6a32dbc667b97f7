//! The three SRS points KZG verification needs: `g[0]` (G1), `g2` and `s_g2` (G2), from a halo2
//! `ParamsKZG` file (full or reduced to k = 1) or from the points alone.
//!
//! halo2's file layout (`ParamsKZG::write`, raw format): `u32 LE k`, `2^k` G1 points `g`,
//! `2^k` G1 points `g_lagrange` (64 bytes each), then `g2` and `s_g2` (128 bytes each). Points are
//! halo2curves' raw little-endian encodings. Only the first G1 point and the two G2 points are
//! read; the length must still match `k` exactly.

use halo2curves::bn256::{G1Affine, G2Affine};
use halo2curves::group::cofactor::{CofactorCurveAffine, CofactorGroup};
use halo2curves::group::prime::PrimeCurveAffine;
use halo2curves::serde::SerdeObject;

use super::verifier::SrsPoints;
use crate::zk::Error;

const G1_LEN: usize = 64;
const G2_LEN: usize = 128;
/// The three points alone: `g[0] ‖ g2 ‖ s_g2`.
pub const POINTS_LEN: usize = G1_LEN + 2 * G2_LEN;
/// Largest `k` of an SRS file accepted (a 2^28-point file is 34 GB; bigger is not an SRS).
pub const MAX_K: u32 = 28;

fn invalid(reason: &'static str) -> Error {
    Error::SrsInvalid { reason }
}

fn g1(bytes: &[u8]) -> Result<G1Affine, Error> {
    let p = G1Affine::from_raw_bytes(bytes).ok_or(invalid("g[0] is not a point on G1"))?;
    if bool::from(PrimeCurveAffine::is_identity(&p)) {
        return Err(invalid("g[0] is the identity"));
    }
    Ok(p)
}

fn g2(bytes: &[u8], what: &'static str) -> Result<G2Affine, Error> {
    let p = G2Affine::from_raw_bytes(bytes).ok_or(invalid(what))?;
    if bool::from(PrimeCurveAffine::is_identity(&p)) || !bool::from(CofactorCurveAffine::to_curve(&p).is_torsion_free())
    {
        return Err(invalid(what));
    }
    Ok(p)
}

impl SrsPoints {
    /// Reads the points from a halo2 SRS file of any `k`, or from the 320-byte points alone.
    pub fn from_bytes(bytes: &[u8]) -> Result<SrsPoints, Error> {
        let (g1_bytes, g2_bytes) = if bytes.len() == POINTS_LEN {
            (&bytes[..G1_LEN], &bytes[G1_LEN..])
        } else {
            let k = u32::from_le_bytes(
                bytes.get(..4).ok_or(invalid("shorter than its header"))?.try_into().map_err(|_| invalid("header"))?,
            );
            if k > MAX_K {
                return Err(invalid("k is larger than 28"));
            }
            // Checked: 128·2^k overflows a 32-bit usize (wasm32) from k = 25 on.
            let expected = (1usize << k).checked_mul(2 * G1_LEN).and_then(|g1s| g1s.checked_add(4 + 2 * G2_LEN));
            if expected != Some(bytes.len()) {
                return Err(invalid("length does not match 4 + 128·2^k + 256"));
            }
            (&bytes[4..4 + G1_LEN], &bytes[bytes.len() - 2 * G2_LEN..])
        };
        Ok(SrsPoints {
            g1: g1(g1_bytes)?,
            g2: g2(&g2_bytes[..G2_LEN], "g2 is not a point of the G2 subgroup")?,
            s_g2: g2(&g2_bytes[G2_LEN..], "s_g2 is not a point of the G2 subgroup")?,
        })
    }
}
