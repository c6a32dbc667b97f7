//! CometBFT light client: verify headers from a trusted state to any height, then prove that a
//! transaction, its result or a piece of application state is in a verified block.
//!
//! - [`verifier`]: the predicates of one step (adjacent or skipping), with no I/O;
//! - [`scheduler`]: reaching a target height with as few light blocks as possible (bisection),
//!   and backwards by hash chaining;
//! - [`store`]: a bounded store of trusted light blocks;
//! - [`inclusion`]: tx, tx-result and ICS23 state proofs against verified headers;
//! - [`json`]: decoding RPC responses and light-block JSON.
//!
//! Encodings (header hash, validator-set hash, vote sign bytes, RFC 6962 Merkle) follow CometBFT
//! 0.34–1.0, which share them. Signatures: ed25519 with ZIP-215 rules (0.38+; a superset of the
//! strict rule of 0.34/0.37, so honest signatures of every version verify) and secp256k1 with
//! low-S. Other key types are rejected with [`Error::UnsupportedKey`].

pub mod client;
pub mod commit;
pub mod detector;
mod error;
pub mod evidence;
pub mod header;
pub mod inclusion;
pub mod json;
pub mod merkle;
pub mod request;
pub mod rpc;
pub mod scheduler;
#[doc(hidden)] // the ZIP-215 / low-S verifiers, public for the differential tests only
pub mod signature;
pub mod store;
pub mod sync;
#[cfg(test)]
mod testkit;
pub mod validator;
pub mod verifier;
pub mod voting;

pub use client::LightClient;
pub use commit::{Commit, CommitSig, SignedHeader};
pub use detector::{Attack, Detector, Report, WitnessOutcome};
pub use error::Error;
pub use evidence::{AttackKind, LightClientAttackEvidence};
pub use header::{BlockId, Header, PartSetHeader};
pub use request::{Answer, Fault, Peer, Request};
pub use scheduler::{drive, verify_backwards, verify_to_height, Provider, Schedule, Step, StepOutcome, Trace};
pub use store::TrustedStore;
pub use sync::{Sync, Synced, Target};
pub use validator::{PublicKey, Validator, ValidatorSet};
pub use verifier::{verify, verify_commit, LightBlock, Options, Verdict, DEFAULT_CLOCK_DRIFT, DEFAULT_TRUSTING_PERIOD};
pub use voting::{CountingMode, TrustThreshold};
