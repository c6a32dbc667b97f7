//! lightcheck: verify what verifiable-AI networks claim, on the user's own device.
//!
//! One `no_std` + `alloc` library. Each capability is a module behind a feature:
//!
//! | feature | module | verifies |
//! |---|---|---|
//! | `nitro` (default) | `nitro` | AWS Nitro Enclaves attestation documents |
//! | `cometbft` | `cometbft` | CometBFT light-client verification and inclusion proofs |
//! | `zk` | `zk` | halo2 KZG (EZKL) zkML proofs |
//! | `opengradient` | `opengradient` | OpenGradient TEE response signatures and settlement records |
//!
//! Every failure is an [`Error`] with a stable [`code`](Error::code). The library never reads a
//! clock: functions that depend on time take `now` from the caller.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod codec;
pub mod error;
pub mod time;

#[cfg(feature = "nitro")]
pub mod nitro;

#[cfg(feature = "cometbft")]
pub mod cometbft;

#[cfg(feature = "zk")]
pub mod zk;

#[cfg(feature = "opengradient")]
pub mod opengradient;

pub use error::{catalog, CodeInfo, Error, ErrorClass};
#[cfg(feature = "nitro")]
pub use nitro::CertPosition;
