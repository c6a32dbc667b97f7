//! Vote signature schemes: ed25519 with ZIP-215 rules (CometBFT 0.38+; a superset of what
//! 0.34/0.37 accept, so an honest signature of any version verifies), batched when there are
//! several; secp256k1 ECDSA over SHA-256 with low-S required.
//!
//! The ed25519 verifier is `ed25519-zebra` (batches are checked here, on its curve library, in
//! bounded chunks), the ZIP-215 implementation `ed25519-consensus` was
//! forked from (CometBFT's Go verifier follows the same rules): same accept set, and unlike
//! `ed25519-consensus` its curve arithmetic (`curve25519-dalek` 4) uses 32-bit limbs on 32-bit
//! targets such as `wasm32` instead of emulating 128-bit products, and it batches without `std`.

use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{Identity, IsIdentity, VartimeMultiscalarMul};
use ed25519_zebra::{Signature, VerificationKey};
use sha2::{Digest, Sha512};

use super::validator::PublicKey;

/// Verifies one signature over `msg`.
pub fn verify(key: &PublicKey, msg: &[u8], signature: &[u8]) -> bool {
    match key {
        PublicKey::Ed25519(pk) => verify_ed25519(pk, msg, signature),
        #[cfg(feature = "secp256k1")]
        PublicKey::Secp256k1(pk) => verify_secp256k1(pk, msg, signature),
        // Not decoded without the feature; a key built by hand never verifies.
        #[cfg(not(feature = "secp256k1"))]
        PublicKey::Secp256k1(_) => false,
    }
}

/// ZIP-215 ed25519 verification of a 64-byte signature.
pub fn verify_ed25519(pk: &[u8; 32], msg: &[u8], signature: &[u8]) -> bool {
    let Ok(sig) = <[u8; 64]>::try_from(signature) else { return false };
    VerificationKey::try_from(*pk).is_ok_and(|vk| vk.verify(&Signature::from(sig), msg).is_ok())
}

/// ECDSA secp256k1 over SHA-256(msg), 64-byte `r‖s`, s in the lower half of the order.
#[cfg(feature = "secp256k1")]
pub fn verify_secp256k1(pk: &[u8; 33], msg: &[u8], signature: &[u8]) -> bool {
    use k256::ecdsa::signature::Verifier;
    use k256::ecdsa::{Signature as EcdsaSignature, VerifyingKey};
    let Ok(key) = VerifyingKey::from_sec1_bytes(pk) else { return false };
    let Ok(sig) = EcdsaSignature::from_slice(signature) else { return false };
    if sig.normalize_s() != sig {
        return false;
    }
    key.verify(msg, &sig).is_ok()
}

/// How many signatures go into one multiscalar multiplication. curve25519-dalek allocates a
/// lookup table (1280 B) and a NAF (256 B) per point and collects the tables into a vector that
/// grows by doubling (old and new buffers both live while it grows); 8 signatures are 16 points
/// (`Rᵢ` and `Aᵢ`; the base point's term is added once, at the end), so a chunk needs about
/// 35 KiB whatever the batch's size, where 16 would need 69 KiB. Each chunk costs its own 256
/// point doublings, 32 per signature, a few per cent of a signature's work.
pub const BATCH_CHUNK: usize = 8;

/// One queued signature, decoded: the key `A`, the nonce commitment `R`, `s`, and
/// `k = SHA-512(R ‖ A ‖ M)` (so the message itself is not kept).
struct Queued {
    a: EdwardsPoint,
    r: EdwardsPoint,
    s: Scalar,
    k: Scalar,
}

/// A batch of ed25519 signatures checked with one equation,
/// `[8]([-Σ zᵢsᵢ]B + Σ [zᵢ]Rᵢ + Σ [zᵢkᵢ]Aᵢ) = 0`, whose terms are summed [`BATCH_CHUNK`]
/// signatures at a time as they are queued, so its memory does not grow with the batch.
///
/// Verifying a batch gives the same answer as verifying each signature alone (ZIP-215's
/// cofactored equation makes batch and single verification agree); a failed batch says only that
/// some signature is bad, so callers then check one by one to name it.
///
/// The 128-bit coefficients `zᵢ` of a chunk come from a SHA-512 of every signature and `k` queued
/// so far (each `k` binds its key and message), so they are fixed only after the signatures they
/// weigh and every earlier one: whatever the earlier terms sum to, a bad signature in the last
/// chunk holding one cancels it with probability 2⁻¹²⁸ per try. The library reads no entropy
/// source.
pub struct Ed25519Batch {
    chunk: heapless::Vec<Queued, BATCH_CHUNK>,
    /// SHA-512 of every signature and `k` queued so far.
    transcript: Sha512,
    /// The terms of the chunks already multiplied: `Σ [zᵢ]Rᵢ + Σ [zᵢkᵢ]Aᵢ`.
    sum: EdwardsPoint,
    /// The base point's coefficient so far, `-Σ zᵢsᵢ`.
    base: Scalar,
    len: usize,
    malformed: bool,
}

impl Default for Ed25519Batch {
    fn default() -> Self {
        Ed25519Batch {
            chunk: heapless::Vec::new(),
            transcript: Sha512::new(),
            sum: EdwardsPoint::identity(),
            base: Scalar::ZERO,
            len: 0,
            malformed: false,
        }
    }
}

impl Ed25519Batch {
    /// Adds a signature over `msg`. Returns `false`, and makes the whole batch fail, when the
    /// signature cannot verify whatever the message: not 64 bytes, `R` or the key not a curve
    /// point, or `s` not reduced (the cases single verification rejects before its equation).
    pub fn queue(&mut self, pk: [u8; 32], msg: &[u8], signature: &[u8]) -> bool {
        self.len += 1;
        let Some(item) = decode(&pk, msg, signature) else {
            self.malformed = true;
            return false;
        };
        if self.chunk.is_full() {
            self.add_chunk();
        }
        self.transcript.update(signature);
        self.transcript.update(item.k.as_bytes());
        // Cannot fail: a full chunk was added and emptied just above.
        self.malformed |= self.chunk.push(item).is_err();
        true
    }

    /// Number of signatures queued.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether every queued signature verifies.
    pub fn verify(mut self) -> bool {
        if self.malformed {
            return false;
        }
        if self.len == 1 && self.chunk.len() == 1 {
            // One signature: the single equation, without coefficients.
            let Queued { a, r, s, k } = &self.chunk[0];
            let r_prime = EdwardsPoint::vartime_double_scalar_mul_basepoint(k, &-a, s);
            return (r - r_prime).mul_by_cofactor().is_identity();
        }
        self.add_chunk();
        // [base]B by the variable-time ladder single verification already links (its basepoint
        // table is 8 KB; `mul_base`'s constant-time one would add 30 KB to the WebAssembly).
        let base =
            EdwardsPoint::vartime_double_scalar_mul_basepoint(&Scalar::ZERO, &EdwardsPoint::identity(), &self.base);
        (self.sum + base).mul_by_cofactor().is_identity()
    }

    /// Adds the chunk's terms to the sum and empties it.
    fn add_chunk(&mut self) {
        if self.chunk.is_empty() {
            return;
        }
        let seed = self.transcript.clone().finalize();
        let mut scalars: heapless::Vec<Scalar, { 2 * BATCH_CHUNK }> = heapless::Vec::new();
        let mut points: heapless::Vec<EdwardsPoint, { 2 * BATCH_CHUNK }> = heapless::Vec::new();
        let mut block = [0u8; 64];
        for (i, item) in self.chunk.iter().enumerate() {
            // Four 128-bit coefficients per SHA-512 block of the seed.
            if i % 4 == 0 {
                let mut h = Sha512::new();
                h.update(seed);
                h.update((i as u64).to_le_bytes());
                block = h.finalize().into();
            }
            let mut z = [0u8; 32];
            z[..16].copy_from_slice(&block[(i % 4) * 16..][..16]);
            let z = Scalar::from_bytes_mod_order(z);
            self.base -= z * item.s;
            // Capacity 2 × BATCH_CHUNK holds every item's two points; were a term ever dropped,
            // the batch fails rather than leave a signature out of the equation.
            let pushed = scalars.push(z).is_ok()
                & points.push(item.r).is_ok()
                & scalars.push(z * item.k).is_ok()
                & points.push(item.a).is_ok();
            self.malformed |= !pushed;
        }
        self.sum += EdwardsPoint::vartime_multiscalar_mul(scalars.iter(), points.iter());
        self.chunk.clear();
    }
}

/// Decodes a signature for the batch equation, as ZIP-215 single verification does: `A` and `R`
/// decompressed leniently (non-canonical `y` accepted), `s` canonical; `k = SHA-512(R ‖ A ‖ M)`.
fn decode(pk: &[u8; 32], msg: &[u8], signature: &[u8]) -> Option<Queued> {
    let sig = <&[u8; 64]>::try_from(signature).ok()?;
    let (r_bytes, s_bytes) = sig.split_at(32);
    let a = CompressedEdwardsY(*pk).decompress()?;
    let r = CompressedEdwardsY(r_bytes.try_into().ok()?).decompress()?;
    let s = Option::<Scalar>::from(Scalar::from_canonical_bytes(s_bytes.try_into().ok()?))?;
    let mut h = Sha512::new();
    h.update(r_bytes);
    h.update(pk);
    h.update(msg);
    let k = Scalar::from_bytes_mod_order_wide(&h.finalize().into());
    Some(Queued { a, r, s, k })
}
