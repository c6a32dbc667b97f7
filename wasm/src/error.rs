//! Errors as JavaScript sees them: an `Error` with `code` and `errorClass` properties.
// Shared helpers: a build with only some capabilities uses only some of them.
#![cfg_attr(
    not(all(feature = "nitro", feature = "cometbft", feature = "zk", feature = "opengradient")),
    allow(dead_code)
)]

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// The code of an argument of the wrong type or shape.
pub const INPUT_INVALID: &str = "input.invalid";

/// A JavaScript `Error` with `message`, `code` and `errorClass`.
pub fn js_error(message: &str, code: &str, class: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    // Setting a property of a fresh Error cannot fail.
    let _ = Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
    let _ = Reflect::set(&error, &JsValue::from_str("errorClass"), &JsValue::from_str(class));
    error.into()
}

/// A verification failure of the core.
pub fn core(e: &lightcheck::Error) -> JsValue {
    js_error(&e.to_string(), e.code(), e.class().as_str())
}

/// A wrong argument: `name` says which (`"policy.nonce"`), `what` what was wrong.
pub fn input(name: &str, what: &str) -> JsValue {
    js_error(&format!("{name}: {what}"), INPUT_INVALID, "malformed")
}

/// `Result<T, lightcheck::Error>` → `Result<T, JsValue>`.
pub trait OrThrow<T> {
    /// Converts the core error into a JavaScript error.
    fn or_throw(self) -> Result<T, JsValue>;
}

impl<T, E: Into<lightcheck::Error>> OrThrow<T> for Result<T, E> {
    fn or_throw(self) -> Result<T, JsValue> {
        self.map_err(|e| core(&e.into()))
    }
}
