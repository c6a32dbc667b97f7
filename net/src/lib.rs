//! lightcheck's networked light client, on `std`: a CometBFT RPC node as a light-block provider
//! ([`rpc`]), the HTTP transport under it ([`http`]), a persistent trusted store ([`store`]), and
//! the blocking driver of the core's I/O-free update ([`client`]). Every decision (what to fetch,
//! what to trust, what is an attack) is the core's; this crate moves bytes and files.

pub mod client;
pub mod http;
pub mod rpc;
pub mod store;

pub use client::{drive, Event, Nodes, Run};
pub use http::{HttpConfig, Transport};
/// A failure talking to one node: the core's [`NodeError`](lightcheck::cometbft::rpc::NodeError),
/// shared with every other driver.
pub use lightcheck::cometbft::rpc::NodeError as NetError;
pub use lightcheck::cometbft::rpc::Status;
pub use rpc::{Limits, RpcNode};
pub use store::{Settings, Store, StoreError};
