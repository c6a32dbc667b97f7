//! The wasm-bindgen-test suite in Node.js:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p lightcheck-wasm --target wasm32-unknown-unknown --test node`
//! (scripts/wasm-test runs it). On the host this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

mod common;
