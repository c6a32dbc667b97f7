//! Building the plain objects results are returned as.
// Shared helpers: a build with only some capabilities uses only some of them.
#![cfg_attr(
    not(all(feature = "nitro", feature = "cometbft", feature = "zk", feature = "opengradient")),
    allow(dead_code)
)]

use serde::{Serialize, Serializer};
use wasm_bindgen::JsValue;

use crate::error::js_error;

/// Bytes that become a `Uint8Array`.
pub struct Bytes<'a>(pub &'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

/// A plain JavaScript object (maps as objects, `None` as `null`, bytes as `Uint8Array`).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let serializer =
        serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true).serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| js_error(&format!("result conversion: {e}"), "internal", "malformed"))
}

/// Hex of `bytes`, lower case (`upper` for CometBFT's upper-case convention).
pub fn hex(bytes: &[u8], upper: bool) -> String {
    let digits: &[u8; 16] = if upper { b"0123456789ABCDEF" } else { b"0123456789abcdef" };
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(digits[usize::from(b >> 4)] as char);
        out.push(digits[usize::from(b & 15)] as char);
    }
    out
}

/// `0x` + lower-case hex, as EVM tools and OpenGradient write hashes.
#[cfg(feature = "opengradient")]
pub fn hex0x(bytes: &[u8]) -> String {
    format!("0x{}", hex(bytes, false))
}
