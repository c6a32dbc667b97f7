//! Vote signature schemes: ed25519 with ZIP-215 rules (CometBFT 0.38+; a superset of what
//! 0.34/0.37 accept, so an honest signature of any version verifies), batched when there are
//! several; secp256k1 ECDSA over SHA-256 with low-S required.
//!
//! The ed25519 verifier is `ed25519-zebra`, the ZIP-215 implementation `ed25519-consensus` was
//! forked from (CometBFT's Go verifier follows the same rules): same accept set, and unlike
//! `ed25519-consensus` its curve arithmetic (`curve25519-dalek` 4) uses 32-bit limbs on 32-bit
//! targets such as `wasm32` instead of emulating 128-bit products, and it batches without `std`.

use alloc::vec::Vec;
use ed25519_zebra::{Signature, VerificationKey};

use super::validator::PublicKey;

/// Verifies one signature over `msg`.
pub fn verify(key: &PublicKey, msg: &[u8], signature: &[u8]) -> bool {
    match key {
        PublicKey::Ed25519(pk) => verify_ed25519(pk, msg, signature),
        PublicKey::Secp256k1(pk) => verify_secp256k1(pk, msg, signature),
    }
}

/// ZIP-215 ed25519 verification of a 64-byte signature.
pub fn verify_ed25519(pk: &[u8; 32], msg: &[u8], signature: &[u8]) -> bool {
    let Ok(sig) = <[u8; 64]>::try_from(signature) else { return false };
    VerificationKey::try_from(*pk).is_ok_and(|vk| vk.verify(&Signature::from(sig), msg).is_ok())
}

/// ECDSA secp256k1 over SHA-256(msg), 64-byte `r‖s`, s in the lower half of the order.
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

/// A batch of ed25519 signatures. Verifying a batch gives the same answer as verifying each
/// signature alone (ZIP-215 makes batch and single verification agree); a failed batch says
/// only that some signature is bad, so callers then check one by one to name it.
#[derive(Default)]
pub struct Ed25519Batch {
    items: Vec<([u8; 32], [u8; 64], Vec<u8>)>,
}

impl Ed25519Batch {
    /// Adds a signature; a malformed signature length makes the whole batch fail.
    pub fn queue(&mut self, pk: [u8; 32], msg: Vec<u8>, signature: &[u8]) -> bool {
        match <[u8; 64]>::try_from(signature) {
            Ok(sig) => {
                self.items.push((pk, sig, msg));
                true
            }
            Err(_) => false,
        }
    }

    /// Number of queued signatures.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Verifies every queued signature. The random coefficients of batch verification are
    /// derived from a SHA-512 of the whole batch, so they are fixed only after every key,
    /// message and signature is (the library reads no entropy source).
    pub fn verify(&self) -> bool {
        use ed25519_zebra::{batch, VerificationKeyBytes};
        use sha2::{Digest, Sha512};
        match self.items.len() {
            0 => true,
            1 => {
                let (pk, sig, msg) = &self.items[0];
                verify_ed25519(pk, msg, sig)
            }
            _ => {
                let mut seed = Sha512::new();
                let mut verifier = batch::Verifier::new();
                for (pk, sig, msg) in &self.items {
                    seed.update(pk);
                    seed.update(sig);
                    seed.update((msg.len() as u64).to_le_bytes());
                    seed.update(msg);
                    verifier.queue((VerificationKeyBytes::from(*pk), Signature::from(*sig), msg.as_slice()));
                }
                verifier
                    .verify(TranscriptRng { seed: seed.finalize().into(), counter: 0, buf: [0; 64], used: 64 })
                    .is_ok()
            }
        }
    }
}

/// A deterministic stream of bytes: SHA-512(seed ‖ counter) blocks.
struct TranscriptRng {
    seed: [u8; 64],
    counter: u64,
    buf: [u8; 64],
    used: usize,
}

impl rand_core::RngCore for TranscriptRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        use sha2::{Digest, Sha512};
        for byte in dest {
            if self.used == 64 {
                let mut h = Sha512::new();
                h.update(self.seed);
                h.update(self.counter.to_le_bytes());
                self.buf = h.finalize().into();
                self.counter += 1;
                self.used = 0;
            }
            *byte = self.buf[self.used];
            self.used += 1;
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for TranscriptRng {}
