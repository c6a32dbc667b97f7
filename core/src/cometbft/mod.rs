//! CometBFT light client.

pub mod inclusion;
pub mod merkle;
mod proto;
