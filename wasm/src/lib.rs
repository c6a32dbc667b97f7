//! JavaScript bindings of [`lightcheck`]: the `lightcheck` npm package.
//!
//! Built with wasm-bindgen for `wasm32-unknown-unknown` (`wasm/build` makes the npm package).
//! Every function takes plain JavaScript values, checks their types (a wrong type throws an
//! `Error` with `code` `"input.invalid"` naming the parameter), calls the `no_std` core and
//! returns plain objects (bytes as `Uint8Array`, camelCase keys). A verification failure throws
//! an `Error` whose `code` and `errorClass` are the core's stable [`code`](lightcheck::Error::code)
//! and [`class`](lightcheck::Error::class).
//!
//! One Cargo feature per capability (`nitro`, `cometbft`, `zk`, `opengradient`; all by default)
//! selects what the `.wasm` contains; [`capabilities`] tells JavaScript which ones it got.
//!
//! The crate compiles for the host too (so `cargo test --workspace` covers it), but its functions
//! only work inside a JavaScript engine.
#![forbid(unsafe_code)]

use wasm_bindgen::prelude::*;

mod error;
mod input;
mod output;

#[cfg(feature = "opengradient")]
mod collect;
#[cfg(feature = "cometbft")]
mod cometbft;
#[cfg(feature = "cometbft")]
mod fetch;
#[cfg(feature = "cometbft")]
mod network;
#[cfg(feature = "nitro")]
mod nitro;
#[cfg(feature = "opengradient")]
mod opengradient;
#[cfg(feature = "cometbft")]
mod rpc;
#[cfg(feature = "zk")]
mod zk;

#[cfg(feature = "opengradient")]
pub use collect::collect_settlement_bundle;
#[cfg(feature = "cometbft")]
pub use cometbft::{verify_commit, verify_light_block, verify_tx, LightClient};
#[cfg(feature = "nitro")]
pub use nitro::{nitro_claimed_timestamp_ms, verify_nitro};
#[cfg(feature = "opengradient")]
pub use opengradient::{tee_id_of_key, verify_settlement_bundle, verify_tee_response};
#[cfg(feature = "zk")]
pub use zk::{verify_zk, vka_digest};

/// The `ErrorCode` union, generated from the core's error tables (core/tests/error_table.rs).
#[wasm_bindgen(typescript_custom_section)]
const TS_ERROR_CODES: &str = include_str!("error_codes.ts");

#[wasm_bindgen(typescript_custom_section)]
const TS_COMMON: &str = r#"
/**
 * A JSON document: JSON text, its UTF-8 bytes, or an already parsed value (which is
 * `JSON.stringify`-ed first; for OpenGradient requests prefer the raw text, because
 * `JSON.stringify` writes `1.0` as `1`, which changes the request hash).
 */
export type Json = string | Uint8Array | object;

/**
 * A verification time: a `Date`, Unix milliseconds (fractions are truncated), or RFC 3339 text
 * (`"2025-06-01T00:00:36.827472557Z"`, for nanosecond precision). lightcheck never reads a clock.
 */
export type Time = Date | number | string;

/**
 * The class of a lightcheck error: how a caller usually reacts to it. `"network"`: the networked
 * light client could not talk to its nodes, or was aborted (`net.*` codes): try again later.
 */
export type ErrorClass = "malformed" | "untrusted" | "invalid_chain" | "expired" | "forged" | "policy" | "network";

/**
 * The networked light client's transport codes (class `"network"`), the same as the CLI's:
 * `net.aborted` (your `AbortSignal` fired), `net.timeout`, `net.unreachable` (fetch failed),
 * `net.height_too_high`, `net.not_available` (pruned), `net.wrong_chain`, `net.too_large`
 * (over `maxResponseBytes`), `net.malformed`, `net.rpc_error`, `net.http_status`.
 */
export type NetErrorCode =
  | "net.aborted"
  | "net.timeout"
  | "net.unreachable"
  | "net.height_too_high"
  | "net.not_available"
  | "net.wrong_chain"
  | "net.too_large"
  | "net.malformed"
  | "net.rpc_error"
  | "net.http_status";

/**
 * What every lightcheck function throws: a plain `Error` with two extra properties.
 * Check with `err instanceof Error && "code" in err`.
 */
export interface LightcheckError extends Error {
  /**
   * lightcheck's stable machine-readable code, e.g. `"nitro.cert.expired"`,
   * `"cometbft.commit.bad_signature"`; `"input.invalid"` for an argument of the wrong type or shape;
   * a `NetErrorCode` from the networked light client.
   */
  code: ErrorCode | NetErrorCode;
  /** The code's class (`"malformed"` for `"input.invalid"`, `"network"` for `net.*`). */
  errorClass: ErrorClass;
  /** The networked light client: each node's last failure, primary first. */
  nodeErrors?: NodeError[];
}

/** A node's failure, attached to errors as `nodeErrors` (declared in every entry, as `LightcheckError` is). */
export interface NodeError {
  url: string;
  code: NetErrorCode;
  message: string;
}

/** A capability compiled into this build. */
export type Capability = "nitro" | "cometbft" | "zk" | "opengradient";
"#;

/// The version of lightcheck this package was built from (e.g. `"0.1.0"`).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").into()
}

/// The capabilities compiled into this build, in the order `nitro`, `cometbft`, `zk`,
/// `opengradient`. A function of a capability that is not compiled in does not exist.
#[wasm_bindgen(unchecked_return_type = "Capability[]")]
pub fn capabilities() -> JsValue {
    let names: &[(&str, bool)] = &[
        ("nitro", cfg!(feature = "nitro")),
        ("cometbft", cfg!(feature = "cometbft")),
        ("zk", cfg!(feature = "zk")),
        ("opengradient", cfg!(feature = "opengradient")),
    ];
    names.iter().filter(|(_, on)| *on).map(|(n, _)| JsValue::from_str(n)).collect::<js_sys::Array>().into()
}
