//! The networked light client: `LightClient.connect`, `LightClient.restore`, `syncTo` and
//! `reportEvidence`. An async driver of the core's I/O-free [`Sync`]: it answers each request
//! from the right node over `fetch` (`rpc.rs`, `fetch.rs`), reports progress, and keeps what
//! verified only when a witness confirmed it and no attack was found. Every decision (what to
//! fetch, what verifies, what a witness's answer means) is the core's; this file moves bytes.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use js_sys::{Array, Function, Promise, Reflect};
use lightcheck::cometbft::Error as CometError;
use lightcheck::cometbft::{
    Answer, Attack, LightBlock, LightClientAttackEvidence, Peer, Request, Sync, Synced, Target, TrustedStore,
    WitnessOutcome,
};
use lightcheck::time::Timestamp;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::cometbft::{header_js, light_options_from, trusted_store, Client, HeaderJs, LightClient, LIGHT_OPTION_KEYS};
use crate::error::{self, js_error};
use crate::fetch::{self, Http, HttpConfig, NetError, Observer, Signal};
use crate::input::{self, Options as JsOptions};
use crate::output::{hex, to_js};
use crate::rpc::{self, Node};

#[wasm_bindgen(typescript_custom_section)]
const TS_NETWORK: &str = r#"
/**
 * The `fetch` the networked light client calls: `globalThis.fetch` by default, or yours (a
 * proxy, a cache, a test double). It must return a Fetch API `Response` (or an object with
 * `status` and a readable `body` stream or `arrayBuffer()`), and honour `init.signal`.
 */
export type FetchLike = (url: string, init: FetchInit) => Promise<unknown>;

/** What lightcheck passes to `fetch`. */
export interface FetchInit {
  method: "GET" | "POST";
  /**
   * The `AbortSignal` of an `AbortController` lightcheck made (the environment's own, so that
   * `fetch` can abort); typed loosely so that `globalThis.fetch` fits whichever lib your project uses.
   */
  signal: any;
  redirect: "error";
  headers?: Record<string, string>;
  body?: string;
}

/** What lightcheck needs of an `AbortSignal` (a DOM / Node `AbortSignal` is one). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: "abort", listener: (...args: any[]) => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: (...args: any[]) => void): void;
}

/** The nodes a networked `LightClient` talks to, and how. */
export interface NetworkOptions extends LightOptions {
  /** The primary's CometBFT RPC base URL (`http://host:26657`, `https://rpc.example.com`): whose blocks are verified. */
  primary: string;
  /** Witnesses' RPC base URLs (at least one, at most 32): each cross-checks what the primary served. */
  witnesses: string[];
  /** Timeout of each HTTP request (connect, headers and body), in milliseconds. Default 5000. */
  timeoutMs?: number;
  /** Retries after a network failure (timeout, refused connection, HTTP 5xx), with backoff. Default 2, at most 10. */
  retries?: number;
  /** Largest response body accepted, in bytes. Default 4194304 (4 MiB). */
  maxResponseBytes?: number;
  /** How long a witness that is behind the primary is waited for, beyond twice the clock drift, in seconds. Default 10. */
  maxBlockLagSecs?: number;
  /** The `fetch` to use. Default `globalThis.fetch` (browsers, Node 20+). */
  fetch?: FetchLike;
}

/** Per-call options of `connect` and `syncTo`. */
export interface SyncOptions {
  /** Aborts the call: pending requests are aborted and it rejects with code `"net.aborted"` (`name` `"AbortError"`). */
  signal?: AbortSignalLike;
  /** Called with each progress event (exceptions it throws are ignored). */
  onProgress?: (event: SyncProgress) => void;
  /** The verification time. Default: the clock when the call starts (`Date.now()`). */
  now?: Time;
}

/** `LightClient.connect`'s configuration: the nodes, the trust root and the per-call options. */
export interface ConnectOptions extends NetworkOptions, SyncOptions {
  /** The height of a block you trust (obtained out of band: a block explorer you trust, your own node, a friend). */
  trustedHeight: number;
  /** That block's hash (the header hash, `/commit`'s `block_id.hash`), 64 hex digits. */
  trustedHash: string;
}

/** `LightClient.restore`'s configuration. A trust root, if given, must be in the restored state (when it still holds that height). */
export interface RestoreOptions extends NetworkOptions {
  trustedHeight?: number;
  trustedHash?: string;
}

/** Which node: the primary, or a witness by its index in `witnesses`. */
export type PeerRef = { peer: "primary"; witness: null; url: string } | { peer: "witness"; witness: number; url: string };

/** A progress event of `connect` / `syncTo`. */
export type SyncProgress =
  /** A light block is being fetched (`height` `null`: the node's latest). */
  | ({ type: "fetching"; height: number | null } & PeerRef)
  /** A light block arrived (not yet verified). */
  | ({ type: "fetched"; height: number } & PeerRef)
  /** A node failed to supply a light block (the light client decides what that means). */
  | ({ type: "node_error"; height: number | null; code: NetErrorCode; message: string } & PeerRef)
  /** A request failed and is tried again after a backoff. */
  | { type: "retry"; url: string; attempt: number; code: NetErrorCode; message: string }
  /** A witness is behind the primary: waiting before asking it again. */
  | { type: "waiting"; ms: number }
  /** What a witness concluded (after cross-checking). */
  | { type: "witness"; witness: number; url: string; outcome: WitnessOutcome; reason: string | null }
  /** A height became trusted (emitted once the update is confirmed by a witness). */
  | { type: "verified"; height: number; hashHex: string }
  /** A light-client attack was detected; the call rejects with code `"cometbft.attack"`. */
  | { type: "attack"; height: number; witness: number; url: string; kind: AttackKind };

/**
 * What a witness did: `confirmed` (same block at the target height), `no_response` (down,
 * behind or pruned: kept), `dropped` (served something invalid, or a conflicting chain that does
 * not verify), `conflict` (a conflicting chain that verifies: an attack), `not_asked`, or
 * `promoted_to_primary` (it replaced a failing primary).
 */
export type WitnessOutcome = "confirmed" | "no_response" | "dropped" | "conflict" | "not_asked" | "promoted_to_primary";

/** One witness's outcome. */
export interface WitnessReport {
  url: string;
  outcome: WitnessOutcome;
  /** Why, for `no_response` and `dropped`. */
  reason: string | null;
  /** The error code, for `dropped`. */
  code: ErrorCode | null;
}

/** What `syncTo` established. */
export interface SyncResult {
  /** The header at the target height (verified; the highest trusted header if nothing was newer). */
  header: VerifiedHeader;
  /** The trusted height verification started from. */
  startHeight: number;
  /** Heights newly trusted by this call, in the order they became trusted (descending when going backwards); empty when the target was already trusted. */
  verifiedHeights: number[];
  /** Light blocks received by this call, from every node. */
  lightBlocksFetched: number;
  /** HTTP requests made by this call (retries and validator pages included). */
  httpRequests: number;
  /** The node that served as primary (a witness if the primary failed and was replaced). */
  primary: string;
  /** Each witness's outcome, in the order given (all `not_asked` when nothing new was verified forwards). */
  witnesses: WitnessReport[];
  /** Every height this client now trusts, ascending. */
  trustedHeights: number[];
}

/** The light-client attack's kind, as CometBFT tells them apart. */
export type AttackKind = "lunatic" | "equivocation" | "amnesia";

/** `LightClientAttackEvidence` against one node, ready for CometBFT's `/broadcast_evidence`. */
export interface Evidence {
  kind: AttackKind;
  /** Height of the conflicting block. */
  conflictingHeight: number;
  /** The last height both chains agree on (lunatic), or the conflicting height. */
  commonHeight: number;
  /** Addresses (upper-case hex) of the validators held responsible. */
  byzantineValidators: string[];
  /** Total voting power of the validator set at the common height (decimal string). */
  totalVotingPower: string;
  /** Time of the block at the common height (RFC 3339). */
  timestamp: string;
  /** The evidence hash CometBFT reports, upper-case hex. */
  hashHex: string;
  /** `proto(tendermint.types.Evidence)`, lower-case hex. */
  protoHex: string;
  /** CometBFT's JSON of the evidence: the `evidence` parameter of `/broadcast_evidence`. */
  json: object;
  /** The node it should be reported to (the other side of the conflict). */
  reportTo: string;
}

/** A detected light-client attack: two chains that both verify and conflict. */
export interface LightClientAttack {
  /** The height where the chains part. */
  height: number;
  /** Index of the witness whose chain conflicts with the primary's. */
  witness: number;
  witnessUrl: string;
  primaryUrl: string;
  kind: AttackKind;
  /** Evidence against the primary (the witness's chain taken as true), to report to the witness. */
  againstPrimary: Evidence;
  /** Evidence against the witness, to report to the primary; `null` if the primary could not back its own chain. */
  againstWitness: Evidence | null;
}

/** The error `syncTo` rejects with when it detects an attack (`code` `"cometbft.attack"`). The trusted state is unchanged. */
export interface AttackError extends LightcheckError {
  code: "cometbft.attack";
  attack: LightClientAttack;
  witnesses: WitnessReport[];
}

/** How one `/broadcast_evidence` went. */
export interface EvidenceReport {
  /** Which evidence. */
  evidence: "againstPrimary" | "againstWitness";
  /** The node posted to. */
  node: string;
  /** Whether the node accepted it. */
  accepted: boolean;
  /** The evidence hash the node returned, when accepted, as it returned it (CometBFT 0.38: base64 of `Evidence.hashHex`'s bytes). */
  hash: string | null;
  /** Why not, when refused or unreachable. */
  error: { code: NetErrorCode; message: string } | null;
}
"#;

/// Most witnesses a client takes (each is asked in turn; the bound keeps a run bounded).
const MAX_WITNESSES: usize = 32;
/// Most requests one run answers (the core's schedules are bounded far below this).
const MAX_REQUESTS: usize = 10_000;
/// Largest `maxBlockLagSecs` (an hour).
const MAX_BLOCK_LAG_SECS: u64 = 3600;
/// Backoff unit between retries, in milliseconds.
const BACKOFF_MS: u32 = 250;
/// The keys of `NetworkOptions` (besides the trust options).
pub(crate) const NETWORK_KEYS: &[&str] =
    &["primary", "witnesses", "timeoutMs", "retries", "maxResponseBytes", "maxBlockLagSecs", "fetch"];
/// The keys of `SyncOptions`.
pub(crate) const SYNC_KEYS: &[&str] = &["signal", "onProgress", "now"];
/// The trust-root keys of `ConnectOptions` (optional in `RestoreOptions`).
pub(crate) const ROOT_KEYS: &[&str] = &["trustedHeight", "trustedHash"];

/// The nodes of a networked client and how to reach them.
pub(crate) struct Network {
    pub(crate) primary: String,
    pub(crate) witnesses: Vec<String>,
    pub(crate) http: HttpConfig,
    pub(crate) max_block_lag: Option<Duration>,
}

impl Network {
    /// Reads `NetworkOptions` from `o`.
    pub(crate) fn from_options(o: &JsOptions) -> Result<Network, JsValue> {
        let url = |v: &JsValue, name: &str| -> Result<String, JsValue> {
            let text = v
                .as_string()
                .ok_or_else(|| error::input(name, &format!("expected a URL string, got {}", input::describe(v))))?;
            rpc::base_url(&text).map_err(|e| error::input(name, &e.to_string()))
        };
        let primary = url(&o.get("primary").unwrap_or(JsValue::UNDEFINED), &o.name("primary"))?;
        let witnesses = match o.get("witnesses") {
            None => Vec::new(),
            Some(list) if Array::is_array(&list) => {
                let list: Array = list.unchecked_into();
                if list.length() as usize > MAX_WITNESSES {
                    return Err(error::input(&o.name("witnesses"), &format!("at most {MAX_WITNESSES} witnesses")));
                }
                list.iter()
                    .enumerate()
                    .map(|(i, w)| url(&w, &format!("{}[{i}]", o.name("witnesses"))))
                    .collect::<Result<Vec<_>, _>>()?
            }
            Some(v) => {
                return Err(error::input(
                    &o.name("witnesses"),
                    &format!("expected an array of URL strings, got {}", input::describe(&v)),
                ))
            }
        };
        if witnesses.is_empty() {
            // A light client without witnesses cannot detect a lying primary.
            return Err(error::core(&CometError::NoWitnesses.into()));
        }
        let fetch = match o.get("fetch") {
            Some(f) => f.dyn_into::<Function>().map_err(|v| {
                error::input(&o.name("fetch"), &format!("expected a function, got {}", input::describe(&v)))
            })?,
            None => Reflect::get(&js_sys::global(), &"fetch".into())
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok())
                .ok_or_else(|| error::input(&o.name("fetch"), "there is no global fetch here: pass one"))?,
        };
        let bounded = |key: &str, default: u64, min: u64, max: u64| -> Result<u64, JsValue> {
            match o.uint(key)? {
                None => Ok(default),
                Some(v) if (min..=max).contains(&v) => Ok(v),
                Some(_) => Err(error::input(&o.name(key), &format!("must be between {min} and {max}"))),
            }
        };
        let timeout_ms = bounded("timeoutMs", fetch::DEFAULT_TIMEOUT_MS.into(), 1, fetch::MAX_TIMEOUT_MS.into())?;
        let retries = bounded("retries", fetch::DEFAULT_RETRIES.into(), 0, fetch::MAX_RETRIES.into())?;
        let max_response =
            bounded("maxResponseBytes", fetch::DEFAULT_MAX_RESPONSE as u64, 1024, fetch::MAX_RESPONSE_CAP as u64)?;
        let max_block_lag = match o.get("maxBlockLagSecs") {
            Some(_) => Some(Duration::from_secs(bounded("maxBlockLagSecs", 0, 0, MAX_BLOCK_LAG_SECS)?)),
            None => None,
        };
        Ok(Network {
            primary,
            witnesses,
            http: HttpConfig {
                fetch,
                // Bounded above by the checks: the casts cannot truncate.
                timeout_ms: timeout_ms as u32,
                attempts: retries as u32 + 1,
                backoff_ms: BACKOFF_MS,
                max_response: max_response as usize,
            },
            max_block_lag,
        })
    }

    fn url(&self, peer: Peer) -> &str {
        match peer {
            Peer::Primary => &self.primary,
            Peer::Witness(i) => self.witnesses.get(i).map_or("?", String::as_str),
        }
    }

    fn is_node(&self, url: &str) -> bool {
        self.primary == url || self.witnesses.iter().any(|w| w == url)
    }
}

/// The per-call options: signal, progress callback, verification time.
pub(crate) struct CallOptions {
    pub(crate) signal: Option<Signal>,
    pub(crate) progress: Option<Function>,
    pub(crate) now: Timestamp,
}

impl CallOptions {
    pub(crate) fn from_options(o: &JsOptions) -> Result<CallOptions, JsValue> {
        let signal = match o.get("signal") {
            Some(s) if fetch::is_signal(&s) => Some(s.unchecked_into::<Signal>()),
            Some(s) => {
                return Err(error::input(
                    &o.name("signal"),
                    &format!("expected an AbortSignal, got {}", input::describe(&s)),
                ))
            }
            None => None,
        };
        let progress = match o.get("onProgress") {
            Some(f) => Some(f.dyn_into::<Function>().map_err(|v| {
                error::input(&o.name("onProgress"), &format!("expected a function, got {}", input::describe(&v)))
            })?),
            None => None,
        };
        let now = match o.get("now") {
            Some(t) => input::time(&t, &o.name("now"))?,
            None => input::time(&JsValue::from_f64(js_sys::Date::now()), "now")?,
        };
        Ok(CallOptions { signal, progress, now })
    }
}

/// All keys of `parts`, for `JsOptions::new`.
pub(crate) fn keys(parts: &[&[&'static str]]) -> Vec<&'static str> {
    parts.iter().flat_map(|p| p.iter().copied()).collect()
}

// ---- progress -----------------------------------------------------------------------------------

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PeerEvent<'a> {
    r#type: &'static str,
    peer: &'static str,
    witness: Option<usize>,
    url: &'a str,
    height: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

/// Calls the application's `onProgress`, if any; what it throws is ignored.
pub(crate) struct Progress {
    pub(crate) callback: Option<Function>,
}

impl Progress {
    pub(crate) fn emit<T: Serialize + ?Sized>(&self, event: &T) {
        if let Some(f) = &self.callback {
            if let Ok(v) = to_js(event) {
                let _ = f.call1(&JsValue::UNDEFINED, &v);
            }
        }
    }

    fn peer(&self, kind: &'static str, network: &Network, peer: Peer, height: Option<u64>, error: Option<&NetError>) {
        if self.callback.is_none() {
            return;
        }
        let (name, witness) = match peer {
            Peer::Primary => ("primary", None),
            Peer::Witness(i) => ("witness", Some(i)),
        };
        self.emit(&PeerEvent {
            r#type: kind,
            peer: name,
            witness,
            url: network.url(peer),
            height,
            code: error.map(NetError::code),
            message: error.map(NetError::to_string),
        });
    }
}

#[derive(Serialize)]
struct RetryEvent<'a> {
    r#type: &'static str,
    url: &'a str,
    attempt: u32,
    code: &'static str,
    message: String,
}

impl Observer for Progress {
    fn retrying(&self, url: &str, attempt: u32, error: &NetError) {
        if self.callback.is_some() {
            self.emit(&RetryEvent { r#type: "retry", url, attempt, code: error.code(), message: error.to_string() });
        }
    }
}

// ---- the driver ---------------------------------------------------------------------------------

/// Why a run stopped before the core finished.
enum Stop {
    /// The caller's signal fired.
    Aborted,
    /// The core refused (a call out of turn, or more requests than any schedule makes).
    Core(CometError),
}

/// One run against the nodes.
struct Driver<'a> {
    network: &'a Network,
    http: &'a Http<'a>,
    progress: &'a Progress,
    /// The trusted chain, once known: every header must be of it.
    chain_id: Option<String>,
    /// The last failure of each node (primary first).
    failures: Vec<Option<NetError>>,
    fetched: usize,
}

impl<'a> Driver<'a> {
    fn new(network: &'a Network, http: &'a Http<'a>, progress: &'a Progress, chain_id: Option<String>) -> Driver<'a> {
        Driver { network, http, progress, chain_id, failures: vec![None; network.witnesses.len() + 1], fetched: 0 }
    }

    /// Answers the core's requests until it has finished. Bounded by `MAX_REQUESTS`.
    async fn drive(&mut self, mut sync: Sync) -> Result<Synced, Stop> {
        let mut answered = 0;
        while let Some(request) = sync.needed() {
            answered += 1;
            if answered > MAX_REQUESTS {
                return Err(Stop::Core(CometError::Schedule {
                    reason: "the update made more requests than any schedule does",
                }));
            }
            self.http.check_aborted().map_err(|_| Stop::Aborted)?;
            let answer = match request {
                Request::Wait { duration } => {
                    let ms = duration.as_secs_f64() * 1000.0;
                    self.progress.emit(&WaitEvent { r#type: "waiting", ms });
                    self.http.sleep(ms).await.map_err(|_| Stop::Aborted)?;
                    Answer::Waited
                }
                Request::Block { peer, height } => self.fetch(peer, Some(height)).await?,
                Request::Latest { peer } => self.fetch(peer, None).await?,
            };
            sync.feed(answer).map_err(Stop::Core)?;
        }
        sync.finish().map_err(Stop::Core)
    }

    async fn fetch(&mut self, peer: Peer, height: Option<u64>) -> Result<Answer, Stop> {
        let slot = match peer {
            Peer::Primary => 0,
            Peer::Witness(i) => i + 1,
        };
        if slot >= self.failures.len() {
            return Ok(Answer::Fault(lightcheck::cometbft::Fault::NoResponse));
        }
        self.progress.peer("fetching", self.network, peer, height, None);
        let node = Node { url: self.network.url(peer), chain_id: self.chain_id.as_deref() };
        match node.light_block(self.http, height).await {
            Ok(block) => {
                self.fetched += 1;
                self.progress.peer("fetched", self.network, peer, Some(block.height()), None);
                Ok(block.into())
            }
            Err(NetError::Aborted) => Err(Stop::Aborted),
            Err(e) => {
                self.progress.peer("node_error", self.network, peer, height, Some(&e));
                let fault = e.to_fault();
                self.failures[slot] = Some(e);
                Ok(Answer::Fault(fault))
            }
        }
    }

    /// Every node failure, primary first, as `NodeError`s.
    fn node_errors(&self) -> Vec<NodeErrorJs<'_>> {
        let peers = std::iter::once(Peer::Primary).chain((0..self.network.witnesses.len()).map(Peer::Witness));
        peers
            .zip(&self.failures)
            .filter_map(|(peer, f)| {
                f.as_ref().map(|e| NodeErrorJs { url: self.network.url(peer), code: e.code(), message: e.to_string() })
            })
            .collect()
    }

    /// The error a failed run rejects with: the core's, with `nodeErrors`; or, when the run
    /// failed only for want of answers (every failure a transport failure), a `network` error
    /// with the core's error as its `cause`.
    fn failure(&self, e: &CometError) -> JsValue {
        let failures: Vec<&NetError> = self.failures.iter().flatten().collect();
        let want_of_answers =
            matches!(e, CometError::NoWitnesses | CometError::Provider { .. } | CometError::NotConfirmed { .. });
        let core = error::core(&e.clone().into());
        let error = match failures.first() {
            Some(first) if want_of_answers && failures.iter().all(|f| f.is_transport()) => {
                let detail: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
                let error = js_error(
                    &format!("the nodes could not be reached: {}", detail.join("; ")),
                    first.code(),
                    "network",
                );
                let _ = Reflect::set(&error, &"cause".into(), &core);
                error
            }
            _ => core,
        };
        self.attach_node_errors(&error);
        error
    }

    fn attach_node_errors(&self, error: &JsValue) {
        if let Ok(list) = to_js(&self.node_errors()) {
            let _ = Reflect::set(error, &"nodeErrors".into(), &list);
        }
    }

    fn aborted(&self) -> JsValue {
        let error = fetch::net_error_to_js(&NetError::Aborted);
        let _ = Reflect::set(&error, &"cause".into(), &self.http.abort_reason());
        error
    }
}

#[derive(Serialize)]
struct WaitEvent {
    r#type: &'static str,
    ms: f64,
}

#[derive(Serialize)]
struct NodeErrorJs<'a> {
    url: &'a str,
    code: &'static str,
    message: String,
}

// ---- results ------------------------------------------------------------------------------------

#[derive(Serialize)]
struct WitnessJs<'a> {
    url: &'a str,
    outcome: &'static str,
    reason: Option<String>,
    code: Option<&'static str>,
}

/// Each witness's outcome (all `not_asked` without a report).
fn witnesses_js<'a>(network: &'a Network, synced: Option<&Synced>) -> Vec<WitnessJs<'a>> {
    let report = synced.and_then(|s| s.report.as_ref());
    let primary = synced.map_or(Peer::Primary, |s| s.primary);
    (0..network.witnesses.len())
        .map(|i| {
            let outcome = report.and_then(|r| r.witnesses.get(i)).unwrap_or(&WitnessOutcome::NotAsked);
            let (name, reason, code) = match outcome {
                WitnessOutcome::NotAsked => ("not_asked", None, None),
                WitnessOutcome::Confirmed => ("confirmed", None, None),
                WitnessOutcome::NoResponse(f) => ("no_response", Some(f.describe()), None),
                WitnessOutcome::Dropped(_) if primary == Peer::Witness(i) => ("promoted_to_primary", None, None),
                WitnessOutcome::Dropped(e) => ("dropped", Some(e.to_string()), Some(e.code())),
                WitnessOutcome::Conflict => ("conflict", None, None),
            };
            WitnessJs { url: network.url(Peer::Witness(i)), outcome: name, reason, code }
        })
        .collect()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WitnessEvent<'a> {
    r#type: &'static str,
    witness: usize,
    url: &'a str,
    outcome: &'static str,
    reason: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VerifiedEvent {
    pub(crate) r#type: &'static str,
    pub(crate) height: u64,
    pub(crate) hash_hex: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AttackEvent<'a> {
    r#type: &'static str,
    height: u64,
    witness: usize,
    url: &'a str,
    kind: &'static str,
}

pub(crate) fn hash_hex(block: &LightBlock) -> String {
    block.signed_header.header.hash().map(|h| hex(&h, true)).unwrap_or_default()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EvidenceJs<'a> {
    kind: &'static str,
    conflicting_height: u64,
    common_height: u64,
    byzantine_validators: Vec<String>,
    total_voting_power: String,
    timestamp: String,
    hash_hex: String,
    proto_hex: String,
    json: serde_json::Value,
    report_to: &'a str,
}

fn evidence_js<'a>(ev: &LightClientAttackEvidence, report_to: &'a str) -> EvidenceJs<'a> {
    EvidenceJs {
        kind: ev.kind.as_str(),
        conflicting_height: ev.conflicting_block.height(),
        common_height: ev.common_height,
        byzantine_validators: ev.byzantine_validators.iter().map(|v| hex(&v.address, true)).collect(),
        total_voting_power: ev.total_voting_power.to_string(),
        timestamp: ev.timestamp.to_string(),
        hash_hex: hex(&ev.hash(), true),
        proto_hex: hex(&ev.to_evidence_proto(), false),
        json: ev.to_json(),
        report_to,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AttackJs<'a> {
    height: u64,
    witness: usize,
    witness_url: &'a str,
    primary_url: &'a str,
    kind: &'static str,
    against_primary: EvidenceJs<'a>,
    against_witness: Option<EvidenceJs<'a>>,
}

/// The `AttackError`: code `cometbft.attack`, with the attack's evidence both ways.
fn attack_error(network: &Network, synced: &Synced, attack: &Attack) -> JsValue {
    let witness_url = network.url(Peer::Witness(attack.witness));
    let primary_url = network.url(synced.primary);
    let error = error::core(&CometError::LightClientAttack { height: attack.height, witness: attack.witness }.into());
    let details = AttackJs {
        height: attack.height,
        witness: attack.witness,
        witness_url,
        primary_url,
        kind: attack.against_primary.kind.as_str(),
        against_primary: evidence_js(&attack.against_primary, witness_url),
        against_witness: attack.against_witness.as_ref().map(|ev| evidence_js(ev, primary_url)),
    };
    if let Ok(v) = to_js(&details) {
        let _ = Reflect::set(&error, &"attack".into(), &v);
    }
    if let Ok(v) = to_js(&witnesses_js(network, Some(synced))) {
        let _ = Reflect::set(&error, &"witnesses".into(), &v);
    }
    error
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SyncResultJs<'a> {
    header: HeaderJs<'a>,
    start_height: u64,
    verified_heights: Vec<u64>,
    light_blocks_fetched: usize,
    http_requests: u64,
    primary: &'a str,
    witnesses: Vec<WitnessJs<'a>>,
    trusted_heights: Vec<u64>,
}

/// Where verification to `target` starts (as the CLI's `start_for`): the block itself if
/// trusted; a trusted block at most 8 heights above (hash links down need no witness); else the
/// highest trusted block below (skipping, cross-checked); else the lowest above.
pub(crate) fn start_for<const N: usize>(store: &TrustedStore<N>, target: Target) -> Option<&LightBlock> {
    const LINKS: u64 = 8;
    let Target::Height(h) = target else { return store.latest() };
    let below = store.highest_at_or_below(h);
    let above = store.lowest_above(h);
    match (below, above) {
        (Some(b), _) if b.height() == h => Some(b),
        (_, Some(a)) if a.height() - h <= LINKS => Some(a),
        (Some(b), _) => Some(b),
        (None, a) => a,
    }
}

/// Clears the client's busy flag when a `syncTo` ends, however it ends.
struct Busy(Rc<Cell<bool>>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

fn target_arg(v: &JsValue) -> Result<Target, JsValue> {
    if v.as_string().as_deref() == Some("latest") {
        return Ok(Target::Latest);
    }
    match input::uint(v, "height") {
        Ok(0) => Err(error::input("height", "must be positive")),
        Ok(h) => Ok(Target::Height(h)),
        Err(_) => Err(error::input("height", &format!("expected a height or \"latest\", got {}", input::describe(v)))),
    }
}

/// The trust root of `o` (`trustedHeight`, `trustedHash`), if given; both or neither.
pub(crate) fn trust_root(o: &JsOptions) -> Result<Option<(u64, [u8; 32])>, JsValue> {
    let height = o.uint("trustedHeight")?;
    let hash = o.get("trustedHash");
    match (height, hash) {
        (None, None) => Ok(None),
        (Some(0), _) => Err(error::input(&o.name("trustedHeight"), "must be positive")),
        (Some(h), Some(x)) => {
            let text = x.as_string().ok_or_else(|| {
                error::input(&o.name("trustedHash"), &format!("expected a hex string, got {}", input::describe(&x)))
            })?;
            let bytes = input::decode_hex(text.trim())
                .ok_or_else(|| error::input(&o.name("trustedHash"), "not a hex string"))?;
            let hash: [u8; 32] = bytes
                .try_into()
                .map_err(|_| error::input(&o.name("trustedHash"), "expected 32 bytes (64 hex digits)"))?;
            Ok(Some((h, hash)))
        }
        _ => Err(error::input(&o.name("trustedHeight"), "trustedHeight and trustedHash go together")),
    }
}

async fn connect(
    network: Network,
    root: (u64, [u8; 32]),
    options: lightcheck::cometbft::Options,
    call: CallOptions,
) -> Result<LightClient, JsValue> {
    let (height, hash) = root;
    let mut sync =
        Sync::from_trust_root(height, hash, Target::Height(height), network.witnesses.len(), options, call.now)
            .map_err(|e| error::core(&e.into()))?;
    if let Some(lag) = network.max_block_lag {
        sync = sync.with_max_block_lag(lag);
    }
    let progress = Progress { callback: call.progress };
    let http = Http::new(&network.http, call.signal, &progress);
    let mut driver = Driver::new(&network, &http, &progress, None);
    let synced = match driver.drive(sync).await {
        Ok(synced) => synced,
        Err(Stop::Aborted) => return Err(driver.aborted()),
        Err(Stop::Core(e)) => return Err(driver.failure(&e)),
    };
    if let Err(e) = synced.check() {
        return Err(driver.failure(&e));
    }
    let Some(root) = synced.root else {
        return Err(driver.failure(&CometError::Schedule { reason: "the trust root was not established" }));
    };
    progress.emit(&VerifiedEvent { r#type: "verified", height: root.height(), hash_hex: hash_hex(&root) });
    drop(driver);
    drop(http);
    Ok(LightClient::with(Client::new(root, options), Some(network)))
}

/// One update of the light client against the nodes, as `syncTo` runs it and as a caller that
/// keeps its own trusted blocks (`collectSettlementBundle`) runs it: drives `sync`, emits the
/// witnesses' outcomes and an attack as progress events, and rejects with `syncTo`'s errors (the
/// `AttackError`, `cometbft.witness.not_confirmed` with `witnesses`, `net.aborted`, a `network`
/// error when no node answered). Resolves only to a confirmed run (`Synced::check` passed), with
/// the light blocks received; the caller keeps the blocks and emits `verified`.
pub(crate) async fn confirmed_run(
    network: &Network,
    http: &Http<'_>,
    progress: &Progress,
    sync: Sync,
    chain_id: Option<String>,
) -> Result<(Synced, usize), JsValue> {
    let mut driver = Driver::new(network, http, progress, chain_id);
    let synced = match driver.drive(sync).await {
        Ok(synced) => synced,
        Err(Stop::Aborted) => return Err(driver.aborted()),
        Err(Stop::Core(e)) => return Err(driver.failure(&e)),
    };
    let witnesses = witnesses_js(network, Some(&synced));
    if synced.report.is_some() {
        for (i, w) in witnesses.iter().enumerate() {
            progress.emit(&WitnessEvent {
                r#type: "witness",
                witness: i,
                url: w.url,
                outcome: w.outcome,
                reason: w.reason.clone(),
            });
        }
    }
    if let Some(attack) = synced.report.as_ref().and_then(|r| r.attack.as_deref()) {
        progress.emit(&AttackEvent {
            r#type: "attack",
            height: attack.height,
            witness: attack.witness,
            url: network.url(Peer::Witness(attack.witness)),
            kind: attack.against_primary.kind.as_str(),
        });
        let error = attack_error(network, &synced, attack);
        driver.attach_node_errors(&error);
        return Err(error);
    }
    if let Err(e) = synced.check() {
        let error = driver.failure(&e);
        if let Ok(v) = to_js(&witnesses) {
            let _ = Reflect::set(&error, &"witnesses".into(), &v);
        }
        return Err(error);
    }
    Ok((synced, driver.fetched))
}

async fn sync_to(
    client: Rc<std::cell::RefCell<Client>>,
    network: Rc<Network>,
    busy: Busy,
    target: Target,
    call: CallOptions,
) -> Result<JsValue, JsValue> {
    let (start, options) = {
        let c = client.borrow();
        (start_for(&c.store, target).cloned(), c.options)
    };
    let start = start.ok_or_else(|| error::core(&CometError::Schedule { reason: "no trusted block" }.into()))?;
    let chain_id = start.signed_header.header.chain_id.clone();
    let start_block = start.clone();
    let mut sync =
        Sync::new(start, target, network.witnesses.len(), options, call.now).map_err(|e| error::core(&e.into()))?;
    if let Some(lag) = network.max_block_lag {
        sync = sync.with_max_block_lag(lag);
    }
    let progress = Progress { callback: call.progress };
    let http = Http::new(&network.http, call.signal, &progress);
    let (synced, fetched) = confirmed_run(&network, &http, &progress, sync, Some(chain_id)).await?;
    let witnesses = witnesses_js(&network, Some(&synced));
    // Confirmed: only now does the trusted state change.
    let trusted_heights = {
        let mut c = client.borrow_mut();
        for block in synced.to_store() {
            c.store.insert(block.clone());
        }
        c.store.blocks().iter().map(LightBlock::height).collect()
    };
    for block in synced.to_store() {
        progress.emit(&VerifiedEvent { r#type: "verified", height: block.height(), hash_hex: hash_hex(block) });
    }
    // The target: the trace's last block (forwards or backwards), else the root, else the start.
    let header_block = synced.trace.verified.last().or(synced.root.as_ref()).unwrap_or(&start_block);
    let result = to_js(&SyncResultJs {
        header: header_js(&header_block.signed_header),
        start_height: synced.start_height,
        verified_heights: synced.to_store().map(LightBlock::height).collect(),
        light_blocks_fetched: fetched,
        http_requests: http.requests(),
        primary: network.url(synced.primary),
        witnesses,
        trusted_heights,
    });
    drop(busy);
    result
}

#[derive(Serialize)]
struct EvidenceReportJs<'a> {
    evidence: &'static str,
    node: String,
    accepted: bool,
    hash: Option<String>,
    error: Option<ReportErrorJs<'a>>,
}

#[derive(Serialize)]
struct ReportErrorJs<'a> {
    code: &'a str,
    message: String,
}

/// One evidence to post: which, where, and its JSON text.
struct ToReport {
    which: &'static str,
    node: String,
    json: String,
}

fn evidence_to_report(network: &Network, attack: &JsValue, key: &'static str) -> Result<Option<ToReport>, JsValue> {
    let name = format!("attack.{key}");
    let ev = Reflect::get(attack, &key.into()).unwrap_or(JsValue::UNDEFINED);
    if input::absent(&ev) {
        return Ok(None);
    }
    let node = Reflect::get(&ev, &"reportTo".into())
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| error::input(&format!("{name}.reportTo"), "expected the URL of the node to report to"))?;
    if !network.is_node(&node) {
        return Err(error::input(&format!("{name}.reportTo"), &format!("{node:?} is not one of this client's nodes")));
    }
    let json = Reflect::get(&ev, &"json".into()).unwrap_or(JsValue::UNDEFINED);
    if !json.is_object() {
        return Err(error::input(&format!("{name}.json"), "expected the evidence's JSON object"));
    }
    let json = String::from_utf8(input::json(&json, &format!("{name}.json"))?)
        .map_err(|_| error::input(&format!("{name}.json"), "not UTF-8"))?;
    Ok(Some(ToReport { which: key, node, json }))
}

async fn report_evidence(
    network: Rc<Network>,
    list: Vec<ToReport>,
    signal: Option<Signal>,
) -> Result<JsValue, JsValue> {
    let progress = Progress { callback: None };
    let http = Http::new(&network.http, signal, &progress);
    let mut out = Vec::new();
    for item in &list {
        let node = Node { url: &item.node, chain_id: None };
        let mut result = node.broadcast_evidence(&http, &item.json).await;
        // A node one block behind the conflicting height refuses until it has committed it.
        for _ in 1..lightcheck::cometbft::rpc::EVIDENCE_ATTEMPTS {
            match &result {
                Err(e) if lightcheck::cometbft::rpc::evidence_too_early(e) => {
                    if let Err(aborted) = http.sleep(1000.0).await {
                        result = Err(aborted);
                        break;
                    }
                }
                _ => break,
            }
            result = node.broadcast_evidence(&http, &item.json).await;
        }
        if result == Err(NetError::Aborted) {
            let error = fetch::net_error_to_js(&NetError::Aborted);
            let _ = Reflect::set(&error, &"cause".into(), &http.abort_reason());
            return Err(error);
        }
        out.push(match result {
            Ok(hash) => EvidenceReportJs {
                evidence: item.which,
                node: item.node.clone(),
                accepted: true,
                hash: Some(hash),
                error: None,
            },
            Err(e) => EvidenceReportJs {
                evidence: item.which,
                node: item.node.clone(),
                accepted: false,
                hash: None,
                error: Some(ReportErrorJs { code: e.code(), message: e.to_string() }),
            },
        });
    }
    to_js(&out)
}

#[wasm_bindgen]
impl LightClient {
    /// Connects to CometBFT RPC nodes and establishes a trust root: the primary's block at
    /// `trustedHeight` must hash to `trustedHash`, carry more than 2/3 of its validators'
    /// signatures and be within the trusting period; every witness is asked for its block at
    /// that height, and one serving a different block stops everything (rejects with code
    /// `"cometbft.schedule"`). Zero witnesses are refused (`"cometbft.witness.none"`). A
    /// failing primary is replaced by the first witness that serves the block.
    ///
    /// Resolves to a networked client trusting that one block; rejects with a `LightcheckError`
    /// (`"net.aborted"` when `signal` fires; a `network`-class `net.*` code when no node could be
    /// reached, with `nodeErrors`).
    #[wasm_bindgen(unchecked_return_type = "Promise<LightClient>")]
    pub fn connect(#[wasm_bindgen(unchecked_param_type = "ConnectOptions")] config: JsValue) -> Promise {
        let args = (|| -> Result<_, JsValue> {
            let o = JsOptions::new(&config, "config", &keys(&[NETWORK_KEYS, LIGHT_OPTION_KEYS, SYNC_KEYS, ROOT_KEYS]))?;
            let root = trust_root(&o)?
                .ok_or_else(|| error::input("config.trustedHeight", "trustedHeight and trustedHash are required"))?;
            Ok((Network::from_options(&o)?, root, light_options_from(&o)?, CallOptions::from_options(&o)?))
        })();
        wasm_bindgen_futures::future_to_promise(async move {
            let (network, root, options, call) = args?;
            connect(network, root, options, call).await.map(JsValue::from)
        })
    }

    /// A networked client from `toJSON()` text (saved in localStorage, IndexedDB, a file) and
    /// the nodes to use. The blocks are trusted as they are: restore only what this library
    /// wrote. Trust options are not stored: pass the ones you connected with. If
    /// `trustedHeight`/`trustedHash` are given and the state still holds that height, its hash
    /// must match (`"cometbft.trust.root_mismatch"`), so a state from another trust root is refused.
    pub fn restore(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RestoreOptions")] config: JsValue,
    ) -> Result<LightClient, JsValue> {
        let o = JsOptions::new(&config, "config", &keys(&[NETWORK_KEYS, LIGHT_OPTION_KEYS, ROOT_KEYS]))?;
        let network = Network::from_options(&o)?;
        let options = light_options_from(&o)?;
        let text = text.as_string().ok_or_else(|| {
            error::input("text", &format!("expected a string (from toJSON()), got {}", input::describe(&text)))
        })?;
        let store = trusted_store(&text)?;
        if let Some((height, hash)) = trust_root(&o)? {
            if let Some(block) = store.get(height) {
                if block.signed_header.header.hash() != Some(hash) {
                    return Err(error::core(&CometError::TrustRootMismatch { height }.into()));
                }
            }
        }
        Ok(LightClient::with(Client { store, options }, Some(network)))
    }

    /// Verifies the header at `height` (or the primary's latest, `"latest"`) with the primary's
    /// light blocks, and cross-checks the result with the witnesses, as CometBFT's light client
    /// does: forwards from the highest trusted block (skipping, bisecting), or backwards by hash
    /// links from a trusted block at most 8 heights above (no witness needed). A height already
    /// trusted costs nothing.
    ///
    /// Resolves to a `SyncResult` once the new header is confirmed by at least one witness and
    /// no attack was found; only then are the verified blocks trusted. Rejects with an
    /// `AttackError` (code `"cometbft.attack"`, the evidence both ways) on a light-client attack,
    /// `"cometbft.witness.not_confirmed"` when no witness confirmed, `"net.aborted"` when the
    /// signal fires (pending requests are aborted), a verification code when the primary's
    /// blocks do not verify; in each case the trusted state is unchanged. One `syncTo` at a time
    /// per client (a second concurrent call is refused with `"input.invalid"`).
    #[wasm_bindgen(js_name = syncTo, unchecked_return_type = "Promise<SyncResult>")]
    pub fn sync_to(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | \"latest\"")] height: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SyncOptions")] options: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        let network = self.network.clone();
        let busy = self.busy.clone();
        let args = (|| {
            let network = network.ok_or_else(|| {
                error::input(
                    "syncTo",
                    "this client has no nodes: make it with LightClient.connect or LightClient.restore",
                )
            })?;
            let target = target_arg(&height)?;
            let call = CallOptions::from_options(&JsOptions::new(&options, "options", SYNC_KEYS)?)?;
            if busy.replace(true) {
                return Err(error::input("syncTo", "a syncTo of this client is already running: await it first"));
            }
            Ok((network, Busy(busy), target, call))
        })();
        wasm_bindgen_futures::future_to_promise(async move {
            let (network, busy, target, call) = args?;
            sync_to(inner, network, busy, target, call).await
        })
    }

    /// Posts an attack's evidence to the nodes with CometBFT's `/broadcast_evidence`: the evidence
    /// against the primary to the witness, and the evidence against the witness to the primary
    /// (`attack` is an `AttackError` or its `attack`). Resolves to one report per evidence sent
    /// (a refusal or an unreachable node is reported, not thrown); rejects only on an invalid
    /// argument or when `signal` fires.
    #[wasm_bindgen(js_name = reportEvidence, unchecked_return_type = "Promise<EvidenceReport[]>")]
    pub fn report_evidence(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AttackError | LightClientAttack")] attack: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ signal?: AbortSignalLike }")] options: JsValue,
    ) -> Promise {
        let network = self.network.clone();
        let args = (|| {
            let network = network.ok_or_else(|| {
                error::input(
                    "reportEvidence",
                    "this client has no nodes: make it with LightClient.connect or LightClient.restore",
                )
            })?;
            let o = JsOptions::new(&options, "options", &["signal"])?;
            let call_signal = CallOptions::from_options(&o)?.signal;
            let inner = Reflect::get(&attack, &"attack".into()).ok().filter(JsValue::is_object);
            let attack = inner.unwrap_or(attack);
            if !attack.is_object() {
                return Err(error::input("attack", "expected an AttackError or its attack"));
            }
            let mut list = Vec::new();
            for key in ["againstPrimary", "againstWitness"] {
                list.extend(evidence_to_report(&network, &attack, key)?);
            }
            if list.is_empty() {
                return Err(error::input("attack", "no evidence in it (againstPrimary, againstWitness)"));
            }
            Ok((network, list, call_signal))
        })();
        wasm_bindgen_futures::future_to_promise(async move {
            let (network, list, signal) = args?;
            report_evidence(network, list, signal).await
        })
    }

    /// The primary's URL, or `null` for a client made without nodes.
    #[wasm_bindgen(getter, unchecked_return_type = "string | null")]
    pub fn primary(&self) -> JsValue {
        self.network.as_ref().map_or(JsValue::NULL, |n| JsValue::from_str(&n.primary))
    }

    /// The witnesses' URLs (empty for a client made without nodes).
    #[wasm_bindgen(getter, unchecked_return_type = "string[]")]
    pub fn witnesses(&self) -> JsValue {
        let list: Array = self.network.iter().flat_map(|n| n.witnesses.iter()).map(|w| JsValue::from_str(w)).collect();
        list.into()
    }
}
