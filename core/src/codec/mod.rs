//! Generic encodings shared by the capabilities, each strict and bounded: protobuf (`proto`),
//! RLP (`rlp`), Solidity ABI words (`abi`), the CBOR subset of attestation documents (`cbor`),
//! JSON with Python's types (`pyjson`), and hash helpers (`hash`). Decoders report a
//! [`DecodeError`] (the CBOR reader a reason, which the payload decoder puts in its field; `pyjson`
//! its own [`pyjson::Error`], which keeps Python's distinctions), and each capability maps it to
//! its own error once, at its edge. No capability reaches into another for a codec.

#[cfg(feature = "opengradient")]
pub(crate) mod abi;
#[cfg(feature = "nitro")]
pub(crate) mod cbor;
#[cfg(feature = "opengradient")]
pub(crate) mod hash;
#[cfg(feature = "cometbft")]
pub(crate) mod proto;
#[cfg(feature = "opengradient")]
pub mod pyjson;
#[cfg(feature = "opengradient")]
pub(crate) mod rlp;

/// Why bytes did not decode: which field, and why.
#[cfg_attr(not(feature = "cometbft"), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeError {
    /// The field (or message) being decoded.
    pub field: &'static str,
    /// What is wrong with it.
    pub reason: &'static str,
}

#[cfg_attr(not(feature = "cometbft"), allow(dead_code))]
impl DecodeError {
    /// An error at `field` for `reason`.
    pub const fn new(field: &'static str, reason: &'static str) -> Self {
        DecodeError { field, reason }
    }
}
