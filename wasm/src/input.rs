//! Reading JavaScript arguments, with an `input.invalid` error naming the argument when a value
//! has the wrong type or shape.
// Shared helpers: a build with only some capabilities uses only some of them.
#![cfg_attr(
    not(all(feature = "nitro", feature = "cometbft", feature = "zk", feature = "opengradient")),
    allow(dead_code)
)]

use js_sys::{Array, Date, Object, Reflect, Uint8Array};
use lightcheck::time::Timestamp;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::input;

/// `Number.MAX_SAFE_INTEGER`.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `undefined` or `null`: an optional argument that was not given.
pub fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// What a value is, for error messages.
pub fn describe(v: &JsValue) -> String {
    if v.is_null() {
        return "null".into();
    }
    if Array::is_array(v) {
        return "an array".into();
    }
    if v.is_instance_of::<Uint8Array>() {
        return "a Uint8Array".into();
    }
    if v.is_instance_of::<js_sys::ArrayBuffer>() {
        return "an ArrayBuffer (wrap it: new Uint8Array(buffer))".into();
    }
    match v.js_typeof().as_string().as_deref() {
        Some("undefined") => "undefined".into(),
        Some("object") => "an object".into(),
        Some(t) => format!("a {t}"),
        None => "a value".into(),
    }
}

fn wrong(name: &str, expected: &str, v: &JsValue) -> JsValue {
    input(name, &format!("expected {expected}, got {}", describe(v)))
}

/// A `Uint8Array` (a Node `Buffer` is one).
pub fn bytes(v: &JsValue, name: &str) -> Result<Vec<u8>, JsValue> {
    v.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec).ok_or_else(|| wrong(name, "a Uint8Array", v))
}

/// Lower- or upper-case hex, `0x` optional.
pub fn decode_hex(text: &str) -> Option<Vec<u8>> {
    let digits = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")).unwrap_or(text).as_bytes();
    if digits.len() % 2 != 0 {
        return None;
    }
    let nibble = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    digits.chunks(2).map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?)).collect()
}

/// A `Uint8Array`, or a hex string (`0x` optional).
pub fn bytes_or_hex(v: &JsValue, name: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(array) = v.dyn_ref::<Uint8Array>() {
        return Ok(array.to_vec());
    }
    match v.as_string() {
        Some(text) => decode_hex(&text).ok_or_else(|| input(name, "not a hex string (an even number of hex digits)")),
        None => Err(wrong(name, "a Uint8Array or a hex string", v)),
    }
}

/// Exactly `N` bytes, as a `Uint8Array` or hex.
pub fn fixed_bytes<const N: usize>(v: &JsValue, name: &str) -> Result<[u8; N], JsValue> {
    let bytes = bytes_or_hex(v, name)?;
    let len = bytes.len();
    bytes.try_into().map_err(|_| input(name, &format!("expected {N} bytes, got {len}")))
}

/// A JSON document as bytes: JSON text, its UTF-8 bytes, or a value to `JSON.stringify`.
pub fn json(v: &JsValue, name: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = v.as_string() {
        return Ok(text.into_bytes());
    }
    if let Some(array) = v.dyn_ref::<Uint8Array>() {
        return Ok(array.to_vec());
    }
    if !v.is_object() || v.is_instance_of::<js_sys::ArrayBuffer>() || js_sys::ArrayBuffer::is_view(v) {
        return Err(wrong(name, "JSON text, its UTF-8 bytes (Uint8Array) or a JSON value (object)", v));
    }
    match js_sys::JSON::stringify(v) {
        Ok(text) => Ok(String::from(text).into_bytes()),
        Err(_) => Err(input(name, "JSON.stringify failed (a cycle, or a BigInt)")),
    }
}

/// A non-negative integer no larger than `Number.MAX_SAFE_INTEGER`.
pub fn uint(v: &JsValue, name: &str) -> Result<u64, JsValue> {
    match v.as_f64() {
        Some(f) if f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f <= MAX_SAFE_INTEGER => Ok(f as u64),
        Some(_) => Err(input(name, "expected a non-negative integer (a safe integer)")),
        None => Err(wrong(name, "a number", v)),
    }
}

/// A verification time: `Date`, Unix milliseconds, or RFC 3339 text (nanosecond precision).
pub fn time(v: &JsValue, name: &str) -> Result<Timestamp, JsValue> {
    let expected = "a Date, Unix milliseconds (number) or RFC 3339 text";
    let millis = if let Some(date) = v.dyn_ref::<Date>() {
        date.get_time()
    } else if let Some(f) = v.as_f64() {
        f
    } else if let Some(text) = v.as_string() {
        return match Timestamp::parse(&text) {
            Some(t) if t.unix_millis().is_some() => Ok(t),
            _ => Err(input(name, &format!("{text:?} is not RFC 3339 text at or after 1970"))),
        };
    } else {
        return Err(wrong(name, expected, v));
    };
    if !(millis.is_finite() && (0.0..=MAX_SAFE_INTEGER).contains(&millis)) {
        return Err(input(name, "not a valid time at or after 1970 (Unix milliseconds)"));
    }
    Timestamp::from_unix_millis(millis.trunc() as u64)
        .ok_or_else(|| input(name, "not a valid time at or after 1970 (Unix milliseconds)"))
}

/// An optional options object whose keys must all be known (a misspelt policy key would
/// otherwise be silently ignored).
pub struct Options {
    object: Option<Object>,
    name: &'static str,
}

impl Options {
    /// Reads `v` (`undefined`, `null` or a plain object) as the options named `name`.
    pub fn new(v: &JsValue, name: &'static str, known: &[&str]) -> Result<Options, JsValue> {
        if absent(v) {
            return Ok(Options { object: None, name });
        }
        if !v.is_object() || Array::is_array(v) || v.is_instance_of::<Uint8Array>() || v.is_function() {
            return Err(wrong(name, "an object", v));
        }
        let object: Object = v.clone().unchecked_into();
        for key in Object::keys(&object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                return Err(input(&format!("{name}.{key}"), &format!("unknown option (known: {})", known.join(", "))));
            }
        }
        Ok(Options { object: Some(object), name })
    }

    /// `name.key`, for messages.
    pub fn name(&self, key: &str) -> String {
        format!("{}.{key}", self.name)
    }

    /// The value at `key`, unless absent (`undefined` or `null`).
    pub fn get(&self, key: &str) -> Option<JsValue> {
        let object = self.object.as_ref()?;
        Reflect::get(object, &JsValue::from_str(key)).ok().filter(|v| !absent(v))
    }

    /// An optional boolean.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, JsValue> {
        self.get(key).map(|v| v.as_bool().ok_or_else(|| wrong(&self.name(key), "a boolean", &v))).transpose()
    }

    /// An optional non-negative safe integer.
    pub fn uint(&self, key: &str) -> Result<Option<u64>, JsValue> {
        self.get(key).map(|v| uint(&v, &self.name(key))).transpose()
    }

    /// An optional string.
    #[cfg(feature = "opengradient")]
    pub fn string(&self, key: &str) -> Result<Option<String>, JsValue> {
        self.get(key).map(|v| v.as_string().ok_or_else(|| wrong(&self.name(key), "a string", &v))).transpose()
    }

    /// Optional bytes (`Uint8Array` or hex).
    pub fn bytes_or_hex(&self, key: &str) -> Result<Option<Vec<u8>>, JsValue> {
        self.get(key).map(|v| bytes_or_hex(&v, &self.name(key))).transpose()
    }

    /// Optional `N` bytes (`Uint8Array` or hex).
    #[cfg(any(feature = "zk", feature = "opengradient"))]
    pub fn fixed_bytes<const N: usize>(&self, key: &str) -> Result<Option<[u8; N]>, JsValue> {
        self.get(key).map(|v| fixed_bytes::<N>(&v, &self.name(key))).transpose()
    }

    /// An optional `Uint8Array`.
    pub fn bytes(&self, key: &str) -> Result<Option<Vec<u8>>, JsValue> {
        self.get(key).map(|v| bytes(&v, &self.name(key))).transpose()
    }
}
