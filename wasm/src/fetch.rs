//! HTTP over JavaScript's `fetch` (the global one, or one the application injects): a timeout per
//! request, bounded retries with backoff for transient failures only, a size cap on every body,
//! and an `AbortSignal` that stops everything promptly. The same rules as the native client
//! (`net/src/http.rs`), with the same stable error codes (`net.*`).
//!
//! No Rust closure is handed to JavaScript: timers and abort listeners are bound JavaScript
//! functions (`controller.abort.bind(controller)`, a promise's `resolve`), so nothing can be
//! called after it was dropped.

use std::cell::Cell;

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::error::js_error;

#[wasm_bindgen]
extern "C" {
    /// `AbortController` (browsers, Node ≥ 15).
    type AbortController;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<AbortController, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> Signal;

    /// An `AbortSignal`, used structurally (any object with these members works).
    #[derive(Clone)]
    pub type Signal;
    #[wasm_bindgen(method, getter)]
    fn aborted(this: &Signal) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn reason(this: &Signal) -> JsValue;
    #[wasm_bindgen(method, catch, js_name = addEventListener)]
    fn add_event_listener(this: &Signal, kind: &str, listener: &Function, options: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = removeEventListener)]
    fn remove_event_listener(this: &Signal, kind: &str, listener: &Function) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;
}

impl Signal {
    /// Whether the signal has fired (`aborted` is truthy).
    pub fn is_aborted(&self) -> bool {
        self.aborted().is_truthy()
    }

    /// Why it fired (`signal.reason`), `undefined` if it has not.
    pub fn why(&self) -> JsValue {
        self.reason()
    }
}

/// Whether `v` can serve as an `AbortSignal`: an object with `aborted` and `addEventListener`.
pub fn is_signal(v: &JsValue) -> bool {
    v.is_object()
        && Reflect::has(v, &"aborted".into()).unwrap_or(false)
        && Reflect::get(v, &"addEventListener".into()).is_ok_and(|f| f.is_function())
}

// A failure talking to one node: the core's `cometbft::rpc::NodeError`, shared with the native
// client (same codes, same meanings). (A plain comment: rustdoc 1.95 crashes resolving a doc
// link on a re-export in this private module.)
pub use lightcheck::cometbft::rpc::NodeError as NetError;

/// A node failure as a JavaScript `LightcheckError` (class `"network"`; an abort is named
/// `AbortError`, as `fetch` names its own).
pub fn net_error_to_js(e: &NetError) -> JsValue {
    let error = js_error(&e.to_string(), e.code(), "network");
    if *e == NetError::Aborted {
        let _ = Reflect::set(&error, &"name".into(), &"AbortError".into());
    }
    error
}

/// How requests are made (per client).
#[derive(Clone)]
pub struct HttpConfig {
    /// The `fetch` to call: the application's, or `globalThis.fetch`.
    pub fetch: Function,
    /// Whole-request timeout (connect, headers and body), in milliseconds.
    pub timeout_ms: u32,
    /// Attempts per request for transient failures (at least 1).
    pub attempts: u32,
    /// Backoff unit: attempt `n` waits `unit · n²` milliseconds before the next.
    pub backoff_ms: u32,
    /// Largest response body, in bytes.
    pub max_response: usize,
}

/// Default per-request timeout (Go's light client: 5 s).
pub const DEFAULT_TIMEOUT_MS: u32 = 5_000;
/// Default number of retries after the first attempt.
pub const DEFAULT_RETRIES: u32 = 2;
/// Default cap on a response body (the native client's: 4 MiB).
pub const DEFAULT_MAX_RESPONSE: usize = 4 << 20;
/// Largest accepted `retries`.
pub const MAX_RETRIES: u32 = 10;
/// Largest accepted `timeoutMs` (10 minutes).
pub const MAX_TIMEOUT_MS: u32 = 600_000;
/// Largest accepted `maxResponseBytes` (64 MiB).
pub const MAX_RESPONSE_CAP: usize = 64 << 20;
/// Consecutive empty chunks tolerated from a body stream (a stream must make progress).
const MAX_EMPTY_CHUNKS: u32 = 64;

/// A response: status and (capped) body.
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The body, at most the cap.
    pub body: Vec<u8>,
}

/// What the client is told as requests go (retries only; the driver reports the rest).
pub trait Observer {
    /// `url` failed with `error` on `attempt` and will be tried again.
    fn retrying(&self, url: &str, attempt: u32, error: &NetError);
}

/// One run's HTTP: the client's configuration plus the caller's `AbortSignal`.
pub struct Http<'a> {
    config: &'a HttpConfig,
    signal: Option<Signal>,
    observer: &'a dyn Observer,
    requests: Cell<u64>,
}

/// Clears a timer and removes an abort listener when a request ends, however it ends.
struct Cleanup<'a> {
    timer: Option<JsValue>,
    signal: Option<&'a Signal>,
    listener: Option<Function>,
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        if let Some(timer) = &self.timer {
            let _ = clear_timeout(timer);
        }
        if let (Some(signal), Some(listener)) = (self.signal, &self.listener) {
            let _ = signal.remove_event_listener("abort", listener);
        }
    }
}

fn once_options() -> JsValue {
    let options = Object::new();
    let _ = Reflect::set(&options, &"once".into(), &JsValue::TRUE);
    options.into()
}

fn error_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| {
            let message = String::from(e.message());
            // Node's "fetch failed" says why in its cause.
            let cause = Reflect::get(e, &"cause".into())
                .ok()
                .and_then(|c| c.dyn_ref::<js_sys::Error>().map(|c| String::from(c.message())));
            match cause {
                Some(cause) if !cause.is_empty() => format!("{message} ({cause})"),
                _ => message,
            }
        })
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "fetch failed".into())
        .chars()
        .take(200)
        .collect()
}

impl<'a> Http<'a> {
    /// HTTP with `config`, stopped by `signal` when it fires.
    pub fn new(config: &'a HttpConfig, signal: Option<Signal>, observer: &'a dyn Observer) -> Http<'a> {
        Http { config, signal, observer, requests: Cell::new(0) }
    }

    /// The cap on one response body, in bytes.
    pub fn max_response(&self) -> usize {
        self.config.max_response
    }

    /// HTTP requests made so far (retries included).
    pub fn requests(&self) -> u64 {
        self.requests.get()
    }

    /// `Err(Aborted)` if the caller's signal has fired.
    pub fn check_aborted(&self) -> Result<(), NetError> {
        match &self.signal {
            Some(s) if s.is_aborted() => Err(NetError::Aborted),
            _ => Ok(()),
        }
    }

    /// The caller's signal's `reason`, if it fired.
    pub fn abort_reason(&self) -> JsValue {
        self.signal.as_ref().filter(|s| s.is_aborted()).map_or(JsValue::UNDEFINED, Signal::why)
    }

    /// Waits `ms` milliseconds; `Err(Aborted)` as soon as the caller's signal fires.
    pub async fn sleep(&self, ms: f64) -> Result<(), NetError> {
        self.check_aborted()?;
        let mut callbacks = None;
        let promise = Promise::new(&mut |resolve, reject| callbacks = Some((resolve, reject)));
        let Some((resolve, reject)) = callbacks else { return Ok(()) };
        let mut cleanup = Cleanup { timer: None, signal: self.signal.as_ref(), listener: None };
        cleanup.timer = Some(set_timeout(&resolve, ms).map_err(|_| NetError::Aborted)?);
        if let Some(signal) = &self.signal {
            if signal.add_event_listener("abort", &reject, &once_options()).is_ok() {
                cleanup.listener = Some(reject);
            }
        }
        let waited = JsFuture::from(promise).await;
        drop(cleanup);
        self.check_aborted()?;
        waited.map(|_| ()).map_err(|_| NetError::Aborted)
    }

    /// `GET url`, retried on transient failures.
    pub async fn get(&self, url: &str, endpoint: &'static str) -> Result<Response, NetError> {
        self.with_retries(url, None, endpoint).await
    }

    /// `POST url` with a JSON body, retried on transient failures.
    pub async fn post_json(&self, url: &str, body: &str, endpoint: &'static str) -> Result<Response, NetError> {
        self.with_retries(url, Some(body), endpoint).await
    }

    async fn with_retries(&self, url: &str, body: Option<&str>, endpoint: &'static str) -> Result<Response, NetError> {
        let attempts = self.config.attempts.max(1);
        let mut attempt = 1;
        loop {
            let result = self.once(url, body, endpoint).await;
            let retry = match &result {
                Ok(r) if r.status >= 500 && r.body.is_empty() => {
                    Some(NetError::Status { url: url.into(), status: r.status })
                }
                Err(e) if e.is_transient() => Some(e.clone()),
                _ => None,
            };
            match retry {
                Some(e) if attempt < attempts => {
                    self.observer.retrying(url, attempt, &e);
                    let unit = f64::from(self.config.backoff_ms);
                    // Jitter from the clock: spreading retries needs no cryptographic randomness.
                    let jitter = unit * ((js_sys::Date::now() as u64 % 1000) as f64 / 1000.0);
                    self.sleep(unit * f64::from(attempt * attempt) + jitter).await?;
                    attempt += 1;
                }
                _ => return result,
            }
        }
    }

    /// One request: `fetch` with a fresh `AbortController` that the timeout and the caller's
    /// signal both abort; the body read chunk by chunk up to the cap.
    async fn once(&self, url: &str, body: Option<&str>, endpoint: &'static str) -> Result<Response, NetError> {
        self.check_aborted()?;
        let unreachable = |reason: String| NetError::Unreachable { url: url.into(), reason };
        let controller = AbortController::new().map_err(|e| unreachable(error_message(&e)))?;
        let own_signal = controller.signal();
        let abort: Function = Reflect::get(&controller, &"abort".into())
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| unreachable("AbortController has no abort()".into()))?;
        let on_timeout: Function =
            abort.bind1(&controller, &JsValue::from_str("lightcheck: request timeout")).unchecked_into();
        let on_abort: Function = abort.bind0(&controller).unchecked_into();
        let mut cleanup = Cleanup { timer: None, signal: self.signal.as_ref(), listener: None };
        cleanup.timer = Some(
            set_timeout(&on_timeout, f64::from(self.config.timeout_ms)).map_err(|e| unreachable(error_message(&e)))?,
        );
        if let Some(signal) = &self.signal {
            if signal.add_event_listener("abort", &on_abort, &once_options()).is_ok() {
                cleanup.listener = Some(on_abort);
            }
        }
        let failed = |e: JsValue| {
            if self.check_aborted().is_err() {
                NetError::Aborted
            } else if own_signal.is_aborted() {
                NetError::Timeout { url: url.into() }
            } else {
                unreachable(error_message(&e))
            }
        };

        let init = Object::new();
        let set = |k: &str, v: &JsValue| {
            let _ = Reflect::set(&init, &k.into(), v);
        };
        set("signal", &own_signal);
        set("redirect", &"error".into());
        match body {
            Some(text) => {
                set("method", &"POST".into());
                let headers = Object::new();
                let _ = Reflect::set(&headers, &"content-type".into(), &"application/json".into());
                set("headers", &headers);
                set("body", &text.into());
            }
            None => set("method", &"GET".into()),
        }
        self.requests.set(self.requests.get() + 1);
        let returned = self.config.fetch.call2(&js_sys::global(), &url.into(), &init).map_err(failed)?;
        let response = JsFuture::from(Promise::resolve(&returned)).await.map_err(failed)?;
        let status = Reflect::get(&response, &"status".into()).ok().and_then(|s| s.as_f64()).unwrap_or(0.0);
        if !(100.0..=599.0).contains(&status) || status.fract() != 0.0 {
            return Err(unreachable("the response has no HTTP status (not a fetch Response?)".into()));
        }
        let body = self.read_body(&response, endpoint).await.map_err(|e| match e {
            BodyError::Typed(e) => e,
            BodyError::Js(e) => failed(e),
        })?;
        drop(cleanup);
        Ok(Response { status: status as u16, body })
    }

    /// The body of `response`, at most `max_response` bytes.
    async fn read_body(&self, response: &JsValue, endpoint: &'static str) -> Result<Vec<u8>, BodyError> {
        let max = self.config.max_response;
        let too_large = || BodyError::Typed(NetError::TooLarge { endpoint, max });
        let js = |e: JsValue| BodyError::Js(e);
        let bad = |reason: &str| BodyError::Typed(NetError::Malformed { endpoint, reason: reason.into() });
        let method = |target: &JsValue, name: &str| -> Option<Function> {
            Reflect::get(target, &name.into()).ok().and_then(|f| f.dyn_into::<Function>().ok())
        };
        // A declared length over the cap fails before anything is read.
        if let Some(headers) = Reflect::get(response, &"headers".into()).ok().filter(JsValue::is_object) {
            if let Some(get) = method(&headers, "get") {
                let declared = get.call1(&headers, &"content-length".into()).ok().and_then(|v| v.as_string());
                if declared.and_then(|d| d.trim().parse::<u64>().ok()).is_some_and(|n| n > max as u64) {
                    cancel_body(response);
                    return Err(too_large());
                }
            }
        }
        let stream = Reflect::get(response, &"body".into()).unwrap_or(JsValue::NULL);
        let Some(get_reader) = stream.is_object().then(|| method(&stream, "getReader")).flatten() else {
            // No stream: a minimal Response (an injected fetch); read it whole, then check.
            let Some(array_buffer) = method(response, "arrayBuffer") else {
                return if stream.is_null() || stream.is_undefined() {
                    Ok(Vec::new())
                } else {
                    Err(bad("the response body cannot be read"))
                };
            };
            let promise = array_buffer.call0(response).map_err(js)?;
            let buffer = JsFuture::from(Promise::resolve(&promise)).await.map_err(js)?;
            if !buffer.is_instance_of::<js_sys::ArrayBuffer>() {
                return Err(bad("arrayBuffer() did not return an ArrayBuffer"));
            }
            let bytes = Uint8Array::new(&buffer);
            if bytes.length() as usize > max {
                return Err(too_large());
            }
            return Ok(bytes.to_vec());
        };
        let reader = get_reader.call0(&stream).map_err(js)?;
        let read = method(&reader, "read").ok_or_else(|| bad("the body reader has no read()"))?;
        let mut out = Vec::new();
        let mut empty = 0u32;
        loop {
            let chunk = JsFuture::from(Promise::resolve(&read.call0(&reader).map_err(js)?)).await.map_err(js)?;
            if Reflect::get(&chunk, &"done".into()).map(|d| d.is_truthy()).unwrap_or(true) {
                return Ok(out);
            }
            let value = Reflect::get(&chunk, &"value".into()).unwrap_or(JsValue::UNDEFINED);
            let Some(bytes) = value.dyn_ref::<Uint8Array>() else {
                return Err(bad("the body stream yielded something other than bytes"));
            };
            let len = bytes.length() as usize;
            if len == 0 {
                empty += 1;
                if empty > MAX_EMPTY_CHUNKS {
                    return Err(bad("the body stream makes no progress"));
                }
                continue;
            }
            empty = 0;
            if out.len() + len > max {
                if let Some(cancel) = method(&reader, "cancel") {
                    // Cancelling returns a promise; its outcome does not matter.
                    let _ = cancel.call0(&reader);
                }
                return Err(too_large());
            }
            let start = out.len();
            out.resize(start + len, 0);
            bytes.copy_to(&mut out[start..]);
        }
    }
}

/// Why a body could not be read: a typed failure, or a JavaScript error to classify (an abort, a
/// timeout or a broken connection).
enum BodyError {
    Typed(NetError),
    Js(JsValue),
}

/// Cancels a response's body stream (best effort) so that the connection is released.
fn cancel_body(response: &JsValue) {
    let Ok(stream) = Reflect::get(response, &"body".into()) else { return };
    if let Some(cancel) = stream
        .is_object()
        .then(|| Reflect::get(&stream, &"cancel".into()).ok())
        .flatten()
        .and_then(|f| f.dyn_into::<Function>().ok())
    {
        let _ = cancel.call0(&stream);
    }
}
