//! OpenGradient: TEE response signatures and their settlement on OpenGradient's CometBFT chain.
//!
//! A TEE gateway signs `keccak256(request_hash ‖ output_hash ‖ uint256_be(timestamp))` with an
//! RSA-PSS key generated inside a Nitro enclave, where `request_hash` is keccak256 of the
//! canonical request serialised exactly as Python's `json.dumps(obj, sort_keys=True)` does.
//! Settlement later records the same hashes on chain, one event per response
//! (`IndividualSettlement`) or one Merkle root per batch (`BatchSettlement`).
//!
//! | module | concern |
//! |---|---|
//! | [`pyjson`] | JSON values with Python's number types, and `json.dumps(sort_keys=True)` |
//! | [`request`] | the canonical request the gateway hashes |
//! | [`output`] | the output content the gateway hashes |
//! | [`evm`] | EVM transaction results and Ethereum transactions inside Cosmos EVM blocks |
//! | [`event`] | the settlement events' ABI encoding |
//! | [`merkle_tree`] | OpenZeppelin `StandardMerkleTree` leaves, proofs and dumps |
//! | [`signing_key`] | the TEE's RSA key and its `tee_id` |
//! | [`response`] | a gateway response's signature over the recomputed hashes |
//! | [`binding`] | the key's enclave: Nitro attestation, nitriding `user_data`, PCR pin |
//! | [`settlement`] | settlement results proven in verified blocks, matched to the response |
//! | [`bundle`] | the settlement bundle and trusted-state documents |
//! | [`report`] | [`verify_bundle`]: every link, and the verdict |

pub mod binding;
pub mod bundle;
pub mod collect;
mod error;
pub mod event;
pub mod evm;
pub mod merkle_tree;
pub mod output;
pub use crate::codec::pyjson;
pub mod report;
pub mod request;
pub mod response;
pub mod settlement;
pub mod signing_key;

pub use binding::{verify_binding, EnclaveBinding, EnclavePolicy, PcrPin};
pub use bundle::{Bundle, TrustedState};
pub use error::Error;
pub use report::{report_to_json, verify_bundle, BundlePolicy, LinkStatus, Report, Summary};
pub use response::{verify_response, ResponseOptions, VerifiedResponse};
pub use signing_key::SigningKey;
