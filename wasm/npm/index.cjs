// Node (CommonJS) entry of the lightcheck npm package: the wasm-bindgen `nodejs` build, which
// compiles and instantiates the WebAssembly synchronously when it is required, plus no-op
// `init` / `initSync` so that code written for the web build (`await init()`) runs unchanged.
"use strict";

const lightcheck = require("./lightcheck.js");

/** No-op in Node: the WebAssembly is already loaded. Resolves to `undefined`. */
async function init() {
  return undefined;
}

/** No-op in Node: the WebAssembly is already loaded. Returns `undefined`. */
function initSync() {
  return undefined;
}

Object.defineProperty(lightcheck, "__esModule", { value: true });
lightcheck.default = init;
lightcheck.init = init;
lightcheck.initSync = initSync;
module.exports = lightcheck;
