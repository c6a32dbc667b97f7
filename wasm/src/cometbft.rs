//! CometBFT: one light-client step, one commit, a transaction proof, and an async light client
//! that fetches through a JavaScript provider (or, made with `LightClient.connect`, from RPC
//! nodes itself: see `network.rs`).

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use js_sys::{Array, Function, Promise};
use lightcheck::cometbft::Error as CometError;
use lightcheck::cometbft::{
    self, inclusion, json, CountingMode, LightBlock, Options, SignedHeader, StepOutcome, Trace, TrustThreshold,
    TrustedStore,
};
use lightcheck::time::Timestamp;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::error::{self, OrThrow};
use crate::input::{self, Options as JsOptions};
use crate::output::{hex, to_js, Bytes};

#[wasm_bindgen(typescript_custom_section)]
const TS_COMETBFT: &str = r#"
/** Light-client trust options. Every field is optional. */
export interface LightOptions {
  /** How long a trusted header stays trusted, in seconds (below the chain's unbonding period). Default 1209600 (14 days). */
  trustingPeriodSecs?: number;
  /** Trust level for skipping verification, as `[numerator, denominator]` in [1/3, 1]. Default `[1, 3]`. */
  trustLevel?: [number, number];
  /** How far a header's time may be ahead of `now`, in seconds. Default 10. */
  clockDriftSecs?: number;
  /** Verify every commit signature instead of stopping once enough voting power verified. Default `false`. */
  verifyAll?: boolean;
}

/** A header that verified. Hashes are upper-case hex, as CometBFT RPC and explorers write them. */
export interface VerifiedHeader {
  /** The chain ID, e.g. `"cosmoshub-4"`. */
  chainId: string;
  /** Block height. */
  height: number;
  /** Block time, RFC 3339 UTC with CometBFT's nanosecond precision. */
  time: string;
  /** The header hash (the block hash), 64 hex digits. */
  hashHex: string;
  /** `app_hash`: the application state root after the previous block. */
  appHashHex: string;
  /** `data_hash`: Merkle root of the block's transactions (what `verifyTx` proves against). */
  dataHashHex: string;
  /** `last_results_hash`: Merkle root of the previous block's transaction results. */
  lastResultsHashHex: string;
  /** `validators_hash`: hash of the validator set that signed this block. */
  validatorsHashHex: string;
  /** `next_validators_hash`: hash of the validator set of the next block. */
  nextValidatorsHashHex: string;
}

/** A transaction proven to be in a block. */
export interface ProvenTx {
  /** Height of the block that holds the transaction. */
  height: number;
  /** Index of the transaction in the block. */
  index: number;
  /** Number of transactions in the block. */
  total: number;
  /** The transaction bytes. */
  tx: Uint8Array;
  /** SHA-256 of the transaction (its CometBFT hash), upper-case hex. */
  txHashHex: string;
}

/** What `LightClient.verifyTo` established. */
export interface VerifyTrace {
  /** The verified header at the target height. */
  header: VerifiedHeader;
  /** Heights newly trusted, in the order they became trusted; the last is the target. */
  verifiedHeights: number[];
  /** Heights requested from the provider, in order (each at most once per call). */
  fetched: number[];
  /** Every verification step, in order: each fetched block is verified against the trusted block of the time. */
  steps: VerifyStep[];
}

/** One verification step of `LightClient.verifyTo`. */
export interface VerifyStep {
  /** The height verified. */
  height: number;
  /** The trusted height it was verified against (or, backwards, the header it links to). */
  trustedHeight: number;
  /** `"verified"`, `"not_enough_trust"` (a lower pivot was tried next) or `"hash_linked"` (backwards). */
  outcome: "verified" | "not_enough_trust" | "hash_linked";
}

/**
 * Supplies the light block at a height: a `signed_header` with its `validator_set` and
 * `next_validator_set` (tendermint-rs `LightBlock` JSON, or lumina's `ExtendedHeader`), as JSON
 * text, bytes or a parsed object, or a promise of one. Nothing it returns is trusted.
 */
export type LightBlockProvider = (height: number) => Promise<Json> | Json;
"#;

/// Trusted blocks a `LightClient` remembers (the lowest are forgotten beyond this).
const STORE_CAPACITY: usize = 64;

pub(crate) const LIGHT_OPTION_KEYS: &[&str] = &["trustingPeriodSecs", "trustLevel", "clockDriftSecs", "verifyAll"];

fn counting(verify_all: Option<bool>) -> CountingMode {
    if verify_all == Some(true) {
        CountingMode::VerifyAll
    } else {
        CountingMode::StopAtThreshold
    }
}

fn light_options(v: &JsValue) -> Result<Options, JsValue> {
    light_options_from(&JsOptions::new(v, "options", LIGHT_OPTION_KEYS)?)
}

/// The trust options among `o`'s keys (`LIGHT_OPTION_KEYS`).
pub(crate) fn light_options_from(o: &JsOptions) -> Result<Options, JsValue> {
    let trust_threshold = match o.get("trustLevel") {
        None => TrustThreshold::ONE_THIRD,
        Some(level) => {
            let pair: Option<(u64, u64)> = Array::is_array(&level)
                .then(|| level.unchecked_ref::<Array>())
                .filter(|a| a.length() == 2)
                .and_then(|a| Some((input::uint(&a.get(0), "").ok()?, input::uint(&a.get(1), "").ok()?)));
            let (n, d) = pair.ok_or_else(|| {
                error::input(&o.name("trustLevel"), "expected [numerator, denominator] (two non-negative integers)")
            })?;
            TrustThreshold::new(n, d).or_throw()?
        }
    };
    Ok(Options {
        trust_threshold,
        trusting_period: o.uint("trustingPeriodSecs")?.map_or(cometbft::DEFAULT_TRUSTING_PERIOD, Duration::from_secs),
        clock_drift: o.uint("clockDriftSecs")?.map_or(cometbft::DEFAULT_CLOCK_DRIFT, Duration::from_secs),
        counting: counting(o.bool("verifyAll")?),
    })
}

fn light_block(v: &JsValue, name: &str) -> Result<LightBlock, JsValue> {
    json::light_block_from_json(&input::json(v, name)?).or_throw()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HeaderJs<'a> {
    chain_id: &'a str,
    height: u64,
    time: String,
    hash_hex: String,
    app_hash_hex: String,
    data_hash_hex: String,
    last_results_hash_hex: String,
    validators_hash_hex: String,
    next_validators_hash_hex: String,
}

pub(crate) fn header_js(sh: &SignedHeader) -> HeaderJs<'_> {
    let h = &sh.header;
    HeaderJs {
        chain_id: &h.chain_id,
        height: h.height,
        time: h.time.to_string(),
        hash_hex: h.hash().map(|hash| hex(&hash, true)).unwrap_or_default(),
        app_hash_hex: hex(&h.app_hash, true),
        data_hash_hex: hex(&h.data_hash, true),
        last_results_hash_hex: hex(&h.last_results_hash, true),
        validators_hash_hex: hex(&h.validators_hash, true),
        next_validators_hash_hex: hex(&h.next_validators_hash, true),
    }
}

/// One light-client step: verifies `untrusted` against the already trusted light block `trusted`
/// at `now`, adjacent (height + 1: validator hand-over and more than 2/3 of the new set) or
/// skipping (more than the trust level of the trusted next validators, then more than 2/3 of
/// the new set). Light blocks are JSON in tendermint-rs, lumina or RPC shapes; `trusted` needs
/// its `next_validator_set` to skip.
///
/// Returns the verified header; throws a `LightcheckError` otherwise. Code
/// `"cometbft.trust.not_enough"` means "too little trusted power signed: verify an intermediate
/// height first" (what `LightClient` does), not a forgery.
#[wasm_bindgen(js_name = verifyLightBlock, unchecked_return_type = "VerifiedHeader")]
pub fn verify_light_block(
    #[wasm_bindgen(unchecked_param_type = "Json")] trusted: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Json")] untrusted: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Time")] now: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LightOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options = light_options(&options)?;
    let now = input::time(&now, "now")?;
    let trusted = light_block(&trusted, "trusted")?;
    let untrusted = light_block(&untrusted, "untrusted")?;
    cometbft::verify(&untrusted, &trusted, &options, now).or_throw()?;
    to_js(&header_js(&untrusted.signed_header))
}

/// Verifies one commit against its own validator set: the header is well formed, the commit is
/// for it, the validators hash to its `validators_hash`, and signers hold more than 2/3 of the
/// voting power. `signedHeader` may be an RPC `/commit` response; `validators` an RPC
/// `/validators` response or an array of its pages. This proves what the validator set signed,
/// not that the set is the chain's: use `verifyLightBlock` or `LightClient` for that.
#[wasm_bindgen(js_name = verifyCommit, unchecked_return_type = "VerifiedHeader")]
pub fn verify_commit(
    #[wasm_bindgen(js_name = signedHeader, unchecked_param_type = "Json")] signed_header: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Json | Json[]")] validators: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "{ verifyAll?: boolean }")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let o = JsOptions::new(&options, "options", &["verifyAll"])?;
    let counting = counting(o.bool("verifyAll")?);
    let sh = json::signed_header_from_json(&input::json(&signed_header, "signedHeader")?).or_throw()?;
    let pages: Vec<Vec<u8>> = if Array::is_array(&validators) {
        let pages: &Array = validators.unchecked_ref();
        pages.iter().enumerate().map(|(i, p)| input::json(&p, &format!("validators[{i}]"))).collect::<Result<_, _>>()?
    } else {
        vec![input::json(&validators, "validators")?]
    };
    let refs: Vec<&[u8]> = pages.iter().map(Vec::as_slice).collect();
    let set = json::validator_set_from_json_pages(&refs).or_throw()?;
    cometbft::verify_commit(&sh, &set, counting).or_throw()?;
    to_js(&header_js(&sh))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProvenTxJs<'a> {
    height: u64,
    index: u64,
    total: u64,
    tx: Bytes<'a>,
    tx_hash_hex: String,
}

/// Verifies a transaction inclusion proof (an RPC `/tx?prove=true` response) against a header
/// (a signed header, light block or RPC `/commit` response) whose `data_hash` it proves
/// against. The header must already be verified (`verifyLightBlock`, `LightClient`): this
/// function checks only the proof.
#[wasm_bindgen(js_name = verifyTx, unchecked_return_type = "ProvenTx")]
pub fn verify_tx(
    #[wasm_bindgen(unchecked_param_type = "Json")] header: JsValue,
    #[wasm_bindgen(js_name = txProof, unchecked_param_type = "Json")] tx_proof: JsValue,
) -> Result<JsValue, JsValue> {
    let header = input::json(&header, "header")?;
    let sh = json::signed_header_or_light_block(&header).or_throw()?;
    let proof = inclusion::TxProof::from_json(&input::json(&tx_proof, "txProof")?).or_throw()?;
    let proven = inclusion::verify_tx(&proof, sh.header.height, &sh.header.data_hash).or_throw()?;
    to_js(&ProvenTxJs {
        height: proven.height,
        index: proven.index,
        total: proven.total,
        tx: Bytes(&proven.tx),
        tx_hash_hex: hex(&proven.tx_hash, true),
    })
}

pub(crate) type Client = cometbft::LightClient<STORE_CAPACITY>;

/// A CometBFT light client: trusted light blocks plus trust options. `verifyTo` reaches any
/// height through a provider you supply (an RPC client, a cache), skipping with bisection
/// forwards and hash-chaining backwards, and remembers what it verified. Made with
/// `LightClient.connect` or `LightClient.restore`, it also knows RPC nodes (a primary and
/// witnesses) and `syncTo` fetches from them itself, cross-checking with the witnesses.
#[wasm_bindgen]
pub struct LightClient {
    pub(crate) inner: Rc<RefCell<Client>>,
    /// The nodes and HTTP settings of a networked client (`connect`, `restore`).
    pub(crate) network: Option<Rc<crate::network::Network>>,
    /// Set while a `syncTo` of this client runs.
    pub(crate) busy: Rc<std::cell::Cell<bool>>,
}

impl LightClient {
    /// A client over `client`, with nodes when networked.
    pub(crate) fn with(client: Client, network: Option<crate::network::Network>) -> LightClient {
        LightClient { inner: Rc::new(RefCell::new(client)), network: network.map(Rc::new), busy: Rc::default() }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TraceJs<'a> {
    header: HeaderJs<'a>,
    verified_heights: Vec<u64>,
    fetched: &'a [u64],
    steps: Vec<StepJs>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StepJs {
    height: u64,
    trusted_height: u64,
    outcome: &'static str,
}

fn trace_js(trace: &Trace, fetched: &[u64]) -> Result<JsValue, JsValue> {
    let last = trace
        .verified
        .last()
        .ok_or_else(|| error::core(&CometError::Schedule { reason: "the light client returned no block" }.into()))?;
    to_js(&TraceJs {
        header: header_js(&last.signed_header),
        verified_heights: trace.verified.iter().map(LightBlock::height).collect(),
        fetched,
        steps: trace
            .path
            .iter()
            .map(|s| StepJs {
                height: s.height,
                trusted_height: s.trusted_height,
                outcome: match s.outcome {
                    StepOutcome::Verified => "verified",
                    StepOutcome::NotEnoughTrust => "not_enough_trust",
                    StepOutcome::HashLinked => "hash_linked",
                },
            })
            .collect(),
    })
}

/// Calls the provider for `height` and decodes what it returns (or resolves to).
async fn fetch(provider: &Function, height: u64) -> Result<LightBlock, JsValue> {
    let failed = |e: JsValue| {
        let reason = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "the provider threw or rejected".into());
        let error = error::core(&CometError::Provider { height, reason }.into());
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str("cause"), &e);
        error
    };
    let returned = provider.call1(&JsValue::NULL, &JsValue::from_f64(height as f64)).map_err(failed)?;
    let value = JsFuture::from(Promise::resolve(&returned)).await.map_err(failed)?;
    light_block(&value, &format!("provider({height})"))
}

/// The async driver of the core's I/O-free schedule: fetch what it needs, feed it, repeat. Each
/// block is fetched once and each step verified once; no borrow of the client is held across
/// an await.
async fn verify_to(
    inner: Rc<RefCell<Client>>,
    target: u64,
    provider: Function,
    now: Timestamp,
) -> Result<JsValue, JsValue> {
    let mut schedule = inner.borrow().schedule(target, now).or_throw()?;
    let mut fetched = Vec::new();
    while let Some(height) = schedule.needed() {
        let block = fetch(&provider, height).await?;
        fetched.push(height);
        schedule.feed(block).or_throw()?;
    }
    let trace = schedule.finish().or_throw()?;
    inner.borrow_mut().apply(&trace);
    trace_js(&trace, &fetched)
}

/// A trusted store from `toJSON()` text: at least one block, all of one chain.
pub(crate) fn trusted_store(text: &str) -> Result<TrustedStore<STORE_CAPACITY>, JsValue> {
    let store = TrustedStore::<STORE_CAPACITY>::from_json(text.as_bytes()).or_throw()?;
    let Some(first) = store.blocks().first() else {
        return Err(error::core(&CometError::Schedule { reason: "no trusted block" }.into()));
    };
    let chain_id = &first.signed_header.header.chain_id;
    if let Some(other) = store.blocks().iter().find(|b| &b.signed_header.header.chain_id != chain_id) {
        return Err(error::core(
            &CometError::ChainIdMismatch {
                expected: chain_id.clone(),
                found: other.signed_header.header.chain_id.clone(),
            }
            .into(),
        ));
    }
    Ok(store)
}

fn heights(client: &Client) -> JsValue {
    client.store.blocks().iter().map(|b| JsValue::from_f64(b.height() as f64)).collect::<Array>().into()
}

#[wasm_bindgen]
impl LightClient {
    /// A light client that trusts `trustedBlock`: a light block (with its next validator set)
    /// whose height and hash you obtained out of band and trust.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = trustedBlock, unchecked_param_type = "Json")] trusted_block: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LightOptions")] options: JsValue,
    ) -> Result<LightClient, JsValue> {
        let options = light_options(&options)?;
        let block = light_block(&trusted_block, "trustedBlock")?;
        Ok(LightClient::with(Client::new(block, options), None))
    }

    /// Restores a client from `toJSON()` output (the trusted blocks; options are not stored, so
    /// pass them again). Restore only what this library wrote: the blocks are trusted as they are.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LightOptions")] options: JsValue,
    ) -> Result<LightClient, JsValue> {
        let options = light_options(&options)?;
        let text = text.as_string().ok_or_else(|| {
            error::input("text", &format!("expected a string (from toJSON()), got {}", input::describe(&text)))
        })?;
        Ok(LightClient::with(Client { store: trusted_store(&text)?, options }, None))
    }

    /// The trusted blocks as JSON text (an array of light blocks), for `LightClient.fromJSON`.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.inner.borrow().store.to_json()
    }

    /// Verifies the header at `height`, fetching light blocks with `provider(height)` as needed:
    /// forwards from the highest trusted block below it (skipping, bisecting when too little
    /// trusted power signed) or backwards from the lowest trusted block above it (hash chaining).
    /// A height already trusted is returned without fetching. Every newly verified block is
    /// remembered. At most 512 fetches per call.
    ///
    /// Resolves to the trace; rejects with a `LightcheckError` (provider failures have code
    /// `"cometbft.provider"` and the original error as `cause`).
    #[wasm_bindgen(js_name = verifyTo, unchecked_return_type = "Promise<VerifyTrace>")]
    pub fn verify_to(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] height: JsValue,
        #[wasm_bindgen(unchecked_param_type = "LightBlockProvider")] provider: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Time")] now: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        let args = (|| {
            let target = input::uint(&height, "height")?;
            if target == 0 {
                return Err(error::input("height", "must be positive"));
            }
            let provider = provider.dyn_into::<Function>().map_err(|v| {
                error::input(
                    "provider",
                    &format!("expected a function (height) => light block, got {}", input::describe(&v)),
                )
            })?;
            Ok((target, provider, input::time(&now, "now")?))
        })();
        wasm_bindgen_futures::future_to_promise(async move {
            let (target, provider, now) = args?;
            verify_to(inner, target, provider, now).await
        })
    }

    /// Heights of the trusted blocks, ascending (at most 64 are kept; the lowest are forgotten).
    #[wasm_bindgen(js_name = trustedHeights, unchecked_return_type = "number[]")]
    pub fn trusted_heights(&self) -> JsValue {
        heights(&self.inner.borrow())
    }
}
