//! The EVM (keccak256) Fiat–Shamir transcript of EZKL's Solidity verifiers.
//!
//! Exactly what `Halo2VerifierReusable.sol` does with its hash buffer: the buffer starts with a
//! 32-byte state (the VKA's vk digest); absorbed values are appended as 32-byte big-endian words
//! (a point is `x ‖ y`); a *squeeze* hashes the whole buffer with keccak256, makes the hash the new
//! state and the whole buffer, and returns the hash read as a big-endian integer reduced mod r; a
//! *continued squeeze* (further challenges of the same round) hashes `state ‖ 0x01` instead.

use alloc::vec::Vec;

use halo2curves::bn256::Fr;
use sha3::{Digest, Keccak256};

use super::verifier::word::U256;

/// The transcript state and the words absorbed since the last squeeze.
#[derive(Debug, Clone)]
pub struct EvmTranscript {
    buf: Vec<u8>,
}

impl EvmTranscript {
    /// A transcript whose initial state is `seed` (the VKA's vk digest).
    pub fn new(seed: &[u8; 32]) -> EvmTranscript {
        EvmTranscript { buf: seed.to_vec() }
    }

    /// Absorbs one 32-byte big-endian word (a scalar, an instance or an evaluation).
    pub fn absorb_word(&mut self, word: &[u8; 32]) {
        self.buf.extend_from_slice(word);
    }

    /// Absorbs a G1 point as its big-endian coordinates `x ‖ y`.
    pub fn absorb_point(&mut self, x: &[u8; 32], y: &[u8; 32]) {
        self.absorb_word(x);
        self.absorb_word(y);
    }

    /// `keccak256(state ‖ absorbed)`: becomes the new state; returns it mod r.
    pub fn squeeze_challenge(&mut self) -> Fr {
        let hash: [u8; 32] = Keccak256::digest(&self.buf).into();
        self.reset(hash)
    }

    /// `keccak256(state ‖ 0x01)`: a further challenge without new input (call it right after
    /// [`squeeze_challenge`](Self::squeeze_challenge)); becomes the new state; returns it mod r.
    pub fn squeeze_challenge_cont(&mut self) -> Fr {
        let mut h = Keccak256::new();
        h.update(&self.buf[..32]);
        h.update([0x01]);
        let hash: [u8; 32] = h.finalize().into();
        self.reset(hash)
    }

    fn reset(&mut self, hash: [u8; 32]) -> Fr {
        self.buf.clear();
        self.buf.extend_from_slice(&hash);
        U256::from_be(&hash).fr()
    }
}
