//! The wasm-bindgen-test suite in a headless browser (Chromium through chromedriver):
//! `CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p lightcheck-wasm --target wasm32-unknown-unknown --test browser`
//! from wasm/ (where webdriver.json holds the headless flags; scripts/wasm-test runs it). On the
//! host this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
