//! `collectSettlementBundle`: a settlement bundle gathered from an OpenGradient chain's RPC
//! nodes over `fetch`, through the networked light client, then verified: the npm side of
//! `lightcheck og collect`.
//!
//! The order is the CLI's (cli/src/og_collect.rs): the response is verified first (nothing is
//! fetched for a forged one); the settlement transaction is searched for (`/tx_search`, pages
//! named and read by the core's [`Search`]); blocks H and H + 1 are verified from the trust root
//! by the light client, cross-checked by the witnesses (`network.rs` drives the core's `Sync`,
//! so an attack rejects with the `LightClient`'s `AttackError`); `/block_results` of H gives the
//! result's Merkle path; the core's [`bundle_json`] writes the bundle. The bundle is then
//! verified like any other, against the trusted-state document written for it, so the verdict
//! returned is the one `verifySettlementBundle(bundle, trusted, now)` gives.

use base64::Engine as _;
use js_sys::{Array, Reflect};
use lightcheck::cometbft::inclusion::BlockResults;
use lightcheck::cometbft::{LightBlock, Options, Sync, Synced, Target, TrustedStore};
use lightcheck::opengradient::bundle::parse_address;
use lightcheck::opengradient::collect::{
    batch_evidence_json, bundle_light_blocks, parse_hash32, provenance, settlement_tx_hash, write_and_verify,
    AttestationParts, BundleParts, Found, Search, SettlementParts, TrustFrom, Written,
};
use lightcheck::opengradient::{pyjson, verify_response, BundlePolicy, ResponseOptions};
use lightcheck::time::Timestamp;
use serde::Serialize;
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::cometbft::{light_options_from, LIGHT_OPTION_KEYS};
use crate::error::{self, OrThrow};
use crate::fetch::{self, Http, HttpConfig, NetError};
use crate::input::{self, Options as JsOptions};
use crate::network::{
    self, confirmed_run, hash_hex, keys, trust_root, CallOptions, Network, Progress, VerifiedEvent, NETWORK_KEYS,
    ROOT_KEYS, SYNC_KEYS,
};
use crate::opengradient::{bundle_policy, report_js, signing_key, POLICY_KEYS};
use crate::output::to_js;
use crate::rpc::Node;

#[wasm_bindgen(typescript_custom_section)]
const TS_COLLECT: &str = r#"
/**
 * `collectSettlementBundle`'s configuration: the nodes and trust root (as `LightClient.connect`),
 * the relay contract, what the user holds of the response, and the verdict's policy.
 */
export interface CollectOptions extends NetworkOptions, SettlementPolicy {
  /** The height of a block you trust (out of band). Verification of H and H+1 starts from it. */
  trustedHeight: number;
  /** That block's hash, 64 hex digits. */
  trustedHash: string;
  /** The settlement relay contract (`InferenceSettlementRelay`), `0x` + 40 hex digits: only its events count. */
  contract: string;
  /**
   * The request body you sent. Give the JSON text when you have it: it is kept byte for byte (the
   * request hash follows Python's number types, and `JSON.stringify` writes `1.0` as `1`); an
   * object is `JSON.stringify`-ed.
   */
  request: Json;
  /** The gateway's response body (text kept byte for byte, or an object, as `request`). */
  response: Json;
  /** The TEE's signing key from the registry: SPKI PEM (or its DER bytes). */
  signingKey: string | Uint8Array;
  /** The enclave's Nitro attestation document (COSE_Sign1): bytes, or base64 / hex text. */
  attestation?: Uint8Array | string;
  /** The enclave's TLS certificate the attestation also commits to: DER bytes, PEM, or base64 text. Needs `attestation`. */
  tlsCertificate?: Uint8Array | string;
  /** The signed output text, when it is not the response's first choice (a stream's accumulated text). */
  content?: string;
  /** The settlement's Ethereum transaction hash (`0x` + 64 hex digits), if you know it; else the one the response names, else a search of the relay's settlements of this TEE (or batch root). */
  tx?: string;
  /** For a batch settlement: the batch's `StandardMerkleTree.dump()`, an OpenZeppelin `{"proof": [...]}`, or a multiproof (`{leaves, proof, proofFlags}`), as JSON text, bytes or object. */
  batch?: Json;
  /** Roots the attestation's chain may start from (DER bytes, or PEM / base64 text). Default: AWS Nitro's root G1. Written into the trusted state. */
  nitroRoots?: (Uint8Array | string)[];
  /** The verification time (light client and verdict). Default: the clock when the call starts. */
  now?: Time;
  /** Aborts the call: pending requests are aborted and it rejects with code `"net.aborted"`. */
  signal?: AbortSignalLike;
  /** Called with each progress event (exceptions it throws are ignored). */
  onProgress?: (event: CollectProgress) => void;
}

/**
 * A progress event of `collectSettlementBundle`: its own steps, and the light client's events
 * (`SyncProgress`) while blocks H and H+1 (or, with nothing found, the trust root) are verified.
 * Both the light client's `{type: "verified", height, hashHex}` and the final
 * `{type: "verified", verdict}` are named `"verified"`: tell them apart by `"verdict" in event`.
 */
export type CollectProgress =
  /** A `/tx_search` page is being fetched from the primary (`query`: the CometBFT query, unencoded; pages count from 1). */
  | { type: "searching"; query: string; page: number }
  /** The settlement transaction: block H and its index there (not yet verified: the bundle's verdict says). */
  | { type: "found"; height: number; index: number }
  /** No settlement transaction (yet): the verdict is pending. Not sent when the response did not verify (nothing is searched). */
  | { type: "not-found" }
  /** The settlement is in the primary's newest block: waiting for block H+1, which commits to H's results. */
  | { type: "waiting-for-block"; height: number; latest: number }
  /** `/block_results` of H arrived (every result of H: the settlement result's Merkle path). */
  | { type: "results"; height: number }
  /** The bundle was verified against the trusted state: the verdict. */
  | { type: "verified"; verdict: "settled" | "pending" | "rejected" }
  | SyncProgress;

/** What `collectSettlementBundle` gathered, and its verdict. */
export interface CollectedSettlement {
  /** The settlement bundle (format `lightcheck-settlement-bundle`, version 1), JSON text: the same document `lightcheck og collect` writes. */
  bundle: string;
  /** The trusted state it verifies against (format `lightcheck-trusted-state`): the block verification started from, the contract, the trusting period, the Nitro roots given. */
  trusted: string;
  /** Where the settlement transaction is (block H, index), or `null` when none was found (pending) or the response did not verify (not searched). */
  found: { height: number; index: number } | null;
  /** The verdict: what `verifySettlementBundle(bundle, trusted, now, policy)` returns. */
  report: SettlementReport;
  stats: {
    /** HTTP requests made (searches, light blocks, results; retries included). */
    httpRequests: number;
    /** Light blocks received, from every node. */
    lightBlocksFetched: number;
    /** Size of `bundle` in bytes (UTF-8). */
    bundleBytes: number;
    /** Wall time of the call, in milliseconds. */
    elapsedMs: number;
  };
}

/**
 * How `collectSettlementBundle` rejects when the light client refused the settlement's blocks (an
 * attack, no witness confirmed, a block that does not verify, nodes that could not be reached):
 * the error `LightClient.syncTo` would reject with (an `AttackError` for an attack, with its
 * evidence both ways), with `link: "header_trust"` added.
 */
export type HeaderTrustError = (LightcheckError | AttackError) & { link: "header_trust" };
"#;

/// `collectSettlementBundle`'s own keys.
const COLLECT_KEYS: &[&str] = &[
    "contract",
    "request",
    "response",
    "signingKey",
    "attestation",
    "tlsCertificate",
    "content",
    "tx",
    "batch",
    "nitroRoots",
];
/// Largest `/tx_search` page or `/block_results` body accepted (the native client's cap for
/// whole-block answers); at least the caller's `maxResponseBytes`.
const BLOCK_RESPONSE_BYTES: usize = 32 << 20;
/// How long to wait for block H + 1 when the settlement is in the newest block (the CLI's).
const NEXT_BLOCK_WAIT_MS: f64 = 30_000.0;
/// Polling interval while waiting for it.
const NEXT_BLOCK_POLL_MS: f64 = 500.0;
/// Most Nitro roots (the trusted-state format's bound).
const MAX_NITRO_ROOTS: usize = 8;
/// Trusted blocks kept during one collection (H, H + 1, the root and the bisection between).
const STORE: usize = 64;

/// What the user holds, read from the options.
struct Inputs {
    request: Vec<u8>,
    response: Vec<u8>,
    content: Option<String>,
    key_pem: String,
    attestation: Option<(Vec<u8>, Option<Vec<u8>>)>,
    eth_tx: Option<[u8; 32]>,
    batch: Option<Vec<u8>>,
    contract: [u8; 20],
    nitro_roots: Vec<Vec<u8>>,
}

/// Bytes from a `Uint8Array`, or text that is hex (`0x` optional) or base64 (standard or URL-safe,
/// padded or not; whitespace ignored), as the CLI reads a binary-or-text file.
fn binary_or_text(v: &JsValue, name: &str) -> Result<Vec<u8>, JsValue> {
    if let Ok(bytes) = input::bytes(v, name) {
        return Ok(bytes);
    }
    let text = v.as_string().ok_or_else(|| {
        error::input(name, &format!("expected a Uint8Array, or base64 or hex text, got {}", input::describe(v)))
    })?;
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(error::input(name, "empty"));
    }
    if let Some(bytes) = input::decode_hex(&compact) {
        return Ok(bytes);
    }
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(&compact).ok())
        .ok_or_else(|| error::input(name, "neither hex nor base64 text"))
}

/// A certificate: DER bytes, PEM (the first block), or base64 / hex text of the DER.
fn der_or_pem(v: &JsValue, name: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = v.as_string().filter(|t| t.contains("-----BEGIN")) {
        let body: String = text
            .lines()
            .skip_while(|l| !l.starts_with("-----BEGIN"))
            .skip(1)
            .take_while(|l| !l.starts_with("-----END"))
            .collect();
        return base64::engine::general_purpose::STANDARD
            .decode(body.trim())
            .map_err(|_| error::input(name, "the PEM body is not base64"));
    }
    binary_or_text(v, name)
}

/// The signing key as the bundle carries it (SPKI PEM): the PEM given, or DER wrapped as PEM.
/// Decoded once here so that a key that cannot be read is an argument error, as in the CLI.
fn key_pem(v: &JsValue, name: &str) -> Result<String, JsValue> {
    signing_key(v, name)?;
    if let Some(pem) = v.as_string() {
        return Ok(pem);
    }
    let der = input::bytes(v, name)?;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut pem = String::from("-----BEGIN PUBLIC KEY-----\n");
    for line in b64.as_bytes().chunks(64) {
        pem.push_str(core::str::from_utf8(line).unwrap_or_default());
        pem.push('\n');
    }
    pem.push_str("-----END PUBLIC KEY-----\n");
    Ok(pem)
}

fn read_inputs(o: &JsOptions) -> Result<Inputs, JsValue> {
    let need =
        |key: &str, what: &str| o.get(key).ok_or_else(|| error::input(&o.name(key), &format!("{what} is required")));
    let request = input::json(&need("request", "the request body")?, &o.name("request"))?;
    let response = input::json(&need("response", "the response body")?, &o.name("response"))?;
    let key_pem = key_pem(&need("signingKey", "the TEE's signing key (PEM)")?, &o.name("signingKey"))?;
    let contract_text = o.string("contract")?.ok_or_else(|| {
        error::input(&o.name("contract"), "the settlement relay contract (0x + 40 hex digits) is required")
    })?;
    let contract = parse_address(contract_text.trim())
        .ok_or_else(|| error::input(&o.name("contract"), "expected 0x + 40 hex digits"))?;
    let attestation = o.get("attestation").map(|v| binary_or_text(&v, &o.name("attestation"))).transpose()?;
    let tls = o.get("tlsCertificate").map(|v| der_or_pem(&v, &o.name("tlsCertificate"))).transpose()?;
    if tls.is_some() && attestation.is_none() {
        return Err(error::input(&o.name("tlsCertificate"), "goes with attestation"));
    }
    let eth_tx = o
        .string("tx")?
        .map(|t| {
            parse_hash32(t.trim()).ok_or_else(|| {
                error::input(&o.name("tx"), "expected an Ethereum transaction hash (0x + 64 hex digits)")
            })
        })
        .transpose()?;
    let batch = o.get("batch").map(|v| input::json(&v, &o.name("batch"))).transpose()?;
    let nitro_roots = match o.get("nitroRoots") {
        None => Vec::new(),
        Some(list) if Array::is_array(&list) => {
            let list: Array = list.unchecked_into();
            if list.length() == 0 || list.length() as usize > MAX_NITRO_ROOTS {
                return Err(error::input(&o.name("nitroRoots"), &format!("1 to {MAX_NITRO_ROOTS} certificates")));
            }
            list.iter()
                .enumerate()
                .map(|(i, v)| der_or_pem(&v, &format!("{}[{i}]", o.name("nitroRoots"))))
                .collect::<Result<_, _>>()?
        }
        Some(v) => {
            return Err(error::input(
                &o.name("nitroRoots"),
                &format!("expected an array of certificates, got {}", input::describe(&v)),
            ))
        }
    };
    Ok(Inputs {
        request,
        response,
        content: o.string("content")?,
        key_pem,
        attestation: attestation.map(|a| (a, tls)),
        eth_tx,
        batch,
        contract,
        nitro_roots,
    })
}

/// Everything one call needs, read before anything is fetched.
struct Call {
    network: Network,
    root: (u64, [u8; 32]),
    options: Options,
    call: CallOptions,
    inputs: Inputs,
    policy: BundlePolicy<'static>,
}

/// Gathers a response's settlement bundle from an OpenGradient chain and verifies it: the
/// response's signature first (a response that does not verify is not searched for; the
/// verdict is rejected at `responseSignature`), then its settlement transaction
/// (`/tx_search` on the primary: the Ethereum transaction `tx`, or the one the response names,
/// or the relay's settlement of this TEE, or of the batch root `batch` leads to), then blocks H
/// and H+1 through the light client from the trust root, cross-checked by the witnesses, then
/// `/block_results` of H. Resolves to the bundle (the same document `lightcheck og collect`
/// writes), the trusted state it verifies against, and the verdict (`verifySettlementBundle` of
/// the two gives the same). No settlement found is not an error: the bundle has no settlement
/// and the verdict is pending.
///
/// Rejects when the light client refuses the settlement's blocks with the error
/// `LightClient.syncTo` would (an `AttackError`, code `"cometbft.attack"`, on an attack) plus
/// `link: "header_trust"`; with `"net.aborted"` when `signal` fires; with a `net.*` error when
/// `/tx_search` or `/block_results` cannot be fetched; with `"input.invalid"` for a bad option,
/// or the core's code for a request, response, key or batch that cannot be read.
#[wasm_bindgen(js_name = collectSettlementBundle, unchecked_return_type = "Promise<CollectedSettlement>")]
pub fn collect_settlement_bundle(
    #[wasm_bindgen(unchecked_param_type = "CollectOptions")] options: JsValue,
) -> js_sys::Promise {
    let call = (|| -> Result<Call, JsValue> {
        let known = keys(&[NETWORK_KEYS, LIGHT_OPTION_KEYS, SYNC_KEYS, ROOT_KEYS, COLLECT_KEYS, POLICY_KEYS]);
        let o = JsOptions::new(&options, "options", &known)?;
        if input::absent(&options) {
            return Err(error::input("options", "expected the collection's options"));
        }
        let root = trust_root(&o)?
            .ok_or_else(|| error::input("options.trustedHeight", "trustedHeight and trustedHash are required"))?;
        Ok(Call {
            network: Network::from_options(&o)?,
            root,
            options: light_options_from(&o)?,
            call: CallOptions::from_options(&o)?,
            inputs: read_inputs(&o)?,
            policy: bundle_policy(&o)?,
        })
    })();
    wasm_bindgen_futures::future_to_promise(async move { collect(call?).await })
}

#[derive(Serialize)]
struct SearchingEvent<'a> {
    r#type: &'static str,
    query: &'a str,
    page: u32,
}

#[derive(Serialize)]
struct FoundEvent {
    r#type: &'static str,
    height: u64,
    index: u64,
}

#[derive(Serialize)]
struct TypeEvent {
    r#type: &'static str,
}

#[derive(Serialize)]
struct WaitingEvent {
    r#type: &'static str,
    height: u64,
    latest: u64,
}

#[derive(Serialize)]
struct ResultsEvent {
    r#type: &'static str,
    height: u64,
}

#[derive(Serialize)]
struct VerdictEvent {
    r#type: &'static str,
    verdict: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatsJs {
    http_requests: u64,
    light_blocks_fetched: usize,
    bundle_bytes: usize,
    elapsed_ms: f64,
}

#[derive(Serialize)]
struct FoundJs {
    height: u64,
    index: u64,
}

/// A failure talking to the primary outside the light client (`/tx_search`, `/block_results`,
/// `/status`): `net.aborted` with the signal's reason, or the typed `net.*` error with
/// `nodeErrors`.
fn net_failure(e: &NetError, http: &Http<'_>, url: &str) -> JsValue {
    let error = fetch::net_error_to_js(e);
    if *e == NetError::Aborted {
        let _ = Reflect::set(&error, &"cause".into(), &http.abort_reason());
    } else if let Ok(list) = to_js(&[json!({"url": url, "code": e.code(), "message": e.to_string()})]) {
        let _ = Reflect::set(&error, &"nodeErrors".into(), &list);
    }
    error
}

/// The light client refused the settlement's blocks: its own error, with `link: "header_trust"`
/// (not on an abort, which is the caller's doing).
fn header_trust(error: JsValue) -> JsValue {
    let code = Reflect::get(&error, &"code".into()).ok().and_then(|c| c.as_string());
    if error.is_object() && code.as_deref() != Some(NetError::Aborted.code()) {
        let _ = Reflect::set(&error, &"link".into(), &"header_trust".into());
    }
    error
}

/// The light client's part: one confirmed update from the trusted blocks (or the trust root, the
/// first time) to `target`; what it verified is kept in `store`. Emits `verified` for each block
/// kept, as `syncTo` does.
struct Light<'a> {
    network: &'a Network,
    http: &'a Http<'a>,
    progress: &'a Progress,
    options: Options,
    now: Timestamp,
    /// The trust root, until the first update established it.
    root: Option<(u64, [u8; 32])>,
    store: TrustedStore<STORE>,
    chain_id: Option<String>,
    /// The block the first update started from (the trust root, or a block below the target).
    trust_from: Option<LightBlock>,
    /// Every block newly verified, in order.
    verified: Vec<LightBlock>,
    fetched: usize,
}

impl Light<'_> {
    async fn update(&mut self, target: u64) -> Result<(), JsValue> {
        let witnesses = self.network.witnesses.len();
        let sync = match self.root {
            Some((height, hash)) => {
                Sync::from_trust_root(height, hash, Target::Height(target), witnesses, self.options, self.now)
            }
            None => {
                let start = network::start_for(&self.store, Target::Height(target)).cloned().ok_or_else(|| {
                    error::core(&lightcheck::cometbft::Error::Schedule { reason: "no trusted block" }.into())
                })?;
                Sync::new(start, Target::Height(target), witnesses, self.options, self.now)
            }
        }
        .map_err(|e| header_trust(error::core(&e.into())))?;
        let sync = match self.network.max_block_lag {
            Some(lag) => sync.with_max_block_lag(lag),
            None => sync,
        };
        let (synced, fetched) = confirmed_run(self.network, self.http, self.progress, sync, self.chain_id.clone())
            .await
            .map_err(header_trust)?;
        self.fetched += fetched;
        self.keep(&synced);
        Ok(())
    }

    fn keep(&mut self, synced: &Synced) {
        if let Some(root) = &synced.root {
            self.chain_id = Some(root.signed_header.header.chain_id.clone());
            self.root = None;
        }
        for block in synced.to_store() {
            self.store.insert(block.clone());
        }
        if self.trust_from.is_none() {
            self.trust_from = self.store.get(synced.start_height).cloned();
        }
        self.verified.extend(synced.trace.verified.iter().cloned());
        for block in synced.to_store() {
            self.progress.emit(&VerifiedEvent {
                r#type: "verified",
                height: block.height(),
                hash_hex: hash_hex(block),
            });
        }
    }
}

async fn collect(c: Call) -> Result<JsValue, JsValue> {
    let started = js_sys::Date::now();
    let Call { network, root, options, call, inputs, policy } = c;
    let now = call.now;
    let progress = Progress { callback: call.progress };
    let http = Http::new(&network.http, call.signal.clone(), &progress);
    let block_config =
        HttpConfig { max_response: network.http.max_response.max(BLOCK_RESPONSE_BYTES), ..network.http.clone() };
    let block_http = Http::new(&block_config, call.signal, &progress);
    let primary = Node { url: &network.primary, chain_id: None };

    // 1. The response itself: nothing is fetched for a response that does not verify.
    let request_value = pyjson::parse(&inputs.request).map_err(|e| prefixed(&e.into(), "request"))?;
    let response_value = pyjson::parse(&inputs.response).map_err(|e| prefixed(&e.into(), "response"))?;
    let key = lightcheck::opengradient::SigningKey::from_pem_or_der(inputs.key_pem.as_bytes()).or_throw()?;
    let response_options =
        ResponseOptions { content: inputs.content.as_deref(), expected_tee_id: policy.expected_tee_id };
    let verified = verify_response(&request_value, &response_value, &key, &response_options).ok();

    // 2. The settlement transaction.
    let batch = inputs.batch.as_deref().map(batch_evidence_json).transpose().map_err(|e| prefixed(&e, "batch"))?;
    let eth_tx = inputs.eth_tx.or_else(|| settlement_tx_hash(&response_value));
    let mut found: Option<Found> = None;
    let mut searched: Option<Search> = None;
    if let Some(response) = &verified {
        let mut search = Search::new(response, inputs.contract, batch.as_ref().map(|b| &b.0), eth_tx)
            .map_err(|e| prefixed(&e, "batch"))?;
        let query = search.query();
        while let Some(page) = search.needed() {
            progress.emit(&SearchingEvent { r#type: "searching", query: &query, page: search.pages_read() + 1 });
            let body =
                primary.tx_search(&block_http, &page).await.map_err(|e| net_failure(&e, &block_http, primary.url))?;
            if let Some(f) = search.feed(&body).map_err(|e| prefixed(&e, "/tx_search"))? {
                found = Some(f);
                break;
            }
        }
        match &found {
            Some(f) => progress.emit(&FoundEvent { r#type: "found", height: f.height, index: f.index }),
            None => progress.emit(&TypeEvent { r#type: "not-found" }),
        }
        searched = Some(search);
    }

    // 3. Blocks H and H + 1 through the light client, then the results of H.
    let mut light = Light {
        network: &network,
        http: &http,
        progress: &progress,
        options,
        now,
        root: Some(root),
        store: TrustedStore::new(),
        chain_id: None,
        trust_from: None,
        verified: Vec::new(),
        fetched: 0,
    };
    let mut light_blocks: Vec<LightBlock> = Vec::new();
    let mut results = None;
    if let Some(f) = &found {
        let height = f.height;
        wait_for_height(&primary, &http, &progress, height + 1).await?;
        light.update(height).await?;
        light.update(height + 1).await?;
        light_blocks = bundle_light_blocks(height, &light.verified, |h| light.store.get(h).cloned());
        let body =
            primary.block_results(&block_http, height).await.map_err(|e| net_failure(&e, &block_http, primary.url))?;
        let r = BlockResults::from_json(&body).map_err(|e| prefixed(&e.into(), "/block_results"))?;
        progress.emit(&ResultsEvent { r#type: "results", height });
        results = Some(r.results);
    } else {
        // Nothing to prove: the trusted state is the trust root, established as `connect` does.
        light.update(root.0).await?;
    }
    let trust_from = light.trust_from.clone().ok_or_else(|| {
        header_trust(error::core(
            &lightcheck::cometbft::Error::Schedule { reason: "the trust root was not established" }.into(),
        ))
    })?;

    // 4. The bundle, the trusted state, and their verdict.
    let witnesses: Vec<&str> = network.witnesses.iter().map(String::as_str).collect();
    let provenance = provenance(
        concat!("lightcheck npm ", env!("CARGO_PKG_VERSION")),
        &network.primary,
        &witnesses,
        &trust_from,
        now,
        searched.as_ref(),
    );
    let settlement = match (&found, &results) {
        (Some(found), Some(results)) => {
            Some(SettlementParts { found, results, batch: batch.as_ref().map(|b| b.1.clone()) })
        }
        _ => None,
    };
    let parts = BundleParts {
        request: &inputs.request,
        response: &inputs.response,
        content: inputs.content.as_deref(),
        signing_key: &inputs.key_pem,
        attestation: inputs
            .attestation
            .as_ref()
            .map(|(d, t)| AttestationParts { document: d, tls_certificate: t.as_deref() }),
        light_blocks: &light_blocks,
        settlement,
        provenance,
    };
    // Verified exactly as `verifySettlementBundle(bundle, trusted, now, policy)` verifies them.
    let trust = TrustFrom {
        contract: &inputs.contract,
        trusting_period: options.trusting_period,
        block: &trust_from,
        nitro_roots: &inputs.nitro_roots,
    };
    let Written { bundle, trusted, report } = write_and_verify(&parts, &trust, &policy, now).or_throw()?;
    let verdict = match report.summary {
        lightcheck::opengradient::Summary::Settled { .. } => "settled",
        lightcheck::opengradient::Summary::Pending { .. } => "pending",
        lightcheck::opengradient::Summary::Rejected { .. } => "rejected",
    };
    progress.emit(&VerdictEvent { r#type: "verified", verdict });

    let result = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&result, &k.into(), v);
    };
    set("bundle", &JsValue::from_str(&bundle));
    set("trusted", &JsValue::from_str(&trusted));
    set("found", &to_js(&found.as_ref().map(|f| FoundJs { height: f.height, index: f.index }))?);
    set("report", &report_js(&report)?);
    set(
        "stats",
        &to_js(&StatsJs {
            http_requests: http.requests() + block_http.requests(),
            light_blocks_fetched: light.fetched,
            bundle_bytes: bundle.len(),
            elapsed_ms: (js_sys::Date::now() - started).max(0.0).round(),
        })?,
    );
    Ok(result.into())
}

/// A core error about one input, its message prefixed with the input's name.
fn prefixed(e: &lightcheck::Error, what: &str) -> JsValue {
    error::js_error(&format!("{what}: {e}"), e.code(), e.class().as_str())
}

/// Block H + 1 commits to H's results: when the settlement is in the primary's newest block,
/// wait for the next one (bounded, as the CLI).
async fn wait_for_height(primary: &Node<'_>, http: &Http<'_>, progress: &Progress, height: u64) -> Result<(), JsValue> {
    let deadline = js_sys::Date::now() + NEXT_BLOCK_WAIT_MS;
    loop {
        let status = primary.status(http).await.map_err(|e| net_failure(&e, http, primary.url))?;
        if status.latest_height >= height {
            return Ok(());
        }
        if js_sys::Date::now() >= deadline {
            return Err(error::js_error(
                &format!(
                    "the primary did not produce height {height} within {} s (it is at {})",
                    NEXT_BLOCK_WAIT_MS / 1000.0,
                    status.latest_height
                ),
                NetError::HeightTooHigh { height }.code(),
                "network",
            ));
        }
        progress.emit(&WaitingEvent { r#type: "waiting-for-block", height, latest: status.latest_height });
        http.sleep(NEXT_BLOCK_POLL_MS).await.map_err(|e| net_failure(&e, http, primary.url))?;
    }
}
