//! CometBFT: a networked light-client update (`lc_sync`), cross-checked with witnesses, driven by
//! the application: lightcheck says what it needs (a light block from the primary or a witness,
//! a peer's latest block, or a wait), the application fetches it however it likes (HTTP stays the
//! application's job) and answers with the block's JSON or a fault. The result (`lc_sync_result`)
//! says whether the update may be trusted, what each witness did and, on a light-client attack,
//! the evidence to report to the nodes.

use std::ffi::{c_char, c_void, CStr, CString};
use std::sync::{Mutex, MutexGuard, TryLockError};
use std::time::Duration;

use core_lib::cometbft::Error as CometError;
use core_lib::cometbft::{
    self, json, Answer, AttackKind, Fault, LightBlock, LightClientAttackEvidence, Options, Peer, Request, Synced,
    Target, TrustedStore, WitnessOutcome,
};

use crate::call::{self, guard, Fail};
use crate::cometbft::{
    header_handle, lc_header, lc_light_client, lc_light_options, lock as lock_client, read_options, Client,
    ClientObject, LC_LIGHT_CLIENT_CAPACITY,
};
use crate::{handle, lc_bytes, lc_status, lc_time};

/// Most witnesses one `lc_sync` cross-checks with.
pub const LC_SYNC_MAX_WITNESSES: usize = 256;

/// What an update needs next (`lc_sync_request.kind`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lc_sync_request_kind {
    /// Nothing: the update has concluded (`lc_sync_finish` gives its result).
    LC_SYNC_REQUEST_NONE = 0,
    /// The light block at `height` from `peer` (RPC `/commit?height=H` and `/validators?height=H`
    /// and `H+1`, assembled as a tendermint-rs `LightBlock`).
    LC_SYNC_REQUEST_BLOCK = 1,
    /// `peer`'s latest light block (`/commit` without a height, then its validators).
    LC_SYNC_REQUEST_LATEST = 2,
    /// Wait `wait_ms` milliseconds (a lagging witness gets time to catch up), then answer
    /// `LC_SYNC_ANSWER_WAITED`.
    LC_SYNC_REQUEST_WAIT = 3,
}

/// Whom a request is for.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lc_sync_peer {
    /// Nobody (a wait, or nothing needed).
    LC_SYNC_PEER_NONE = 0,
    /// The primary: the node whose blocks are verified.
    LC_SYNC_PEER_PRIMARY = 1,
    /// Witness number `witness` (0-based, in the order the application numbers them). A witness
    /// also serves primary requests once the primary failed and was replaced by it.
    LC_SYNC_PEER_WITNESS = 2,
}

/// One thing an update needs before it can go on. Filled by lightcheck.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct lc_sync_request {
    /// Block, latest, wait, or none.
    pub kind: lc_sync_request_kind,
    /// Whom to ask (`LC_SYNC_PEER_NONE` for a wait).
    pub peer: lc_sync_peer,
    /// The witness's index when `peer` is `LC_SYNC_PEER_WITNESS`, else 0.
    pub witness: usize,
    /// `LC_SYNC_REQUEST_BLOCK`: the height asked for; else 0.
    pub height: u64,
    /// `LC_SYNC_REQUEST_WAIT`: how long to wait, milliseconds; else 0.
    pub wait_ms: u64,
}

/// The application's answer to an `lc_sync_request`: the light block, or why there is none. The
/// application only classifies what the node said; lightcheck decides what it means (a failing
/// primary is replaced by a witness, a witness serving bad data is dropped).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lc_sync_answer {
    /// The light block (JSON, as `lc_cometbft_verify_light_block` reads) is in `*light_block`.
    /// JSON that does not decode counts as a bad answer from that peer.
    LC_SYNC_ANSWER_BLOCK = 0,
    /// The node has no block that high yet (CometBFT: "must be less than or equal to the current
    /// blockchain height").
    LC_SYNC_ANSWER_HEIGHT_TOO_HIGH = 1,
    /// The node no longer (or never) had it: pruned, "is not available".
    LC_SYNC_ANSWER_NOT_FOUND = 2,
    /// No answer in time, after the application's own retries (timeouts, connection errors).
    LC_SYNC_ANSWER_NO_RESPONSE = 3,
    /// An answer that cannot be used (malformed, another chain, an HTTP error page).
    LC_SYNC_ANSWER_BAD = 4,
    /// The wait asked for (`LC_SYNC_REQUEST_WAIT`) is over.
    LC_SYNC_ANSWER_WAITED = 5,
}

/// Answers one request of `lc_sync_drive`. Fetch what `request` asks for (from the node `request`
/// names, or wait) and return an `lc_sync_answer`. For `LC_SYNC_ANSWER_BLOCK`, set `*light_block`
/// to the light block's JSON: bytes that stay valid until `fetch` is called again or
/// `lc_sync_drive` returns (lightcheck decodes them before either; nothing a callback returns is
/// trusted). `request` is valid during the call only. `context` is the pointer given to
/// `lc_sync_drive`. Runs on the thread that called `lc_sync_drive`; it must not call functions
/// on the same `lc_sync` (they return `LC_ERR_BUSY`).
///
/// A `LC_SYNC_ANSWER_BLOCK` with NULL, empty or oversized bytes counts as a bad answer from the
/// peer. A value that is not an `lc_sync_answer`, or an answer of the wrong kind (a block for a
/// wait, `LC_SYNC_ANSWER_WAITED` for a block), stops `lc_sync_drive` with
/// `LC_ERR_INVALID_ARGUMENT` and leaves the update where it was.
pub type lc_sync_fetch = Option<
    unsafe extern "C" fn(context: *mut c_void, request: *const lc_sync_request, light_block: *mut lc_bytes) -> i32,
>;

/// A light-client update in progress: from a trusted state to a target height (or the primary's
/// latest block), verified with the primary's light blocks and cross-checked with witnesses, as
/// CometBFT's light client does. Create it with `lc_sync_new_from_trust_root`, `lc_sync_new`
/// or `lc_sync_new_from_client`; drive it with `lc_sync_drive` (a callback) or
/// `lc_sync_needed` / `lc_sync_feed_*` (step by step, for asynchronous I/O); read the outcome
/// with `lc_sync_finish`; free it with `lc_sync_free`. Calls on one `lc_sync` are serialized: a
/// concurrent or re-entrant call gets `LC_ERR_BUSY`.
pub struct lc_sync {
    _opaque: [u8; 0],
}

/// The outcome of a concluded `lc_sync`: its verdict (`lc_sync_result_verdict`), summary,
/// verified heights, each witness's outcome and, on an attack, the evidence. Immutable: may be
/// read from several threads at once. Free with `lc_sync_result_free`.
pub struct lc_sync_result {
    _opaque: [u8; 0],
}

/// An update's state behind its handle.
struct SyncState {
    /// The machine, until it concludes.
    running: Option<cometbft::Sync>,
    /// Its outcome, once concluded (a feed error is one too).
    outcome: Option<Result<Synced, CometError>>,
    /// The trusted block it started from, if it did not start from a trust root.
    start: Option<LightBlock>,
    options: Options,
    witnesses: usize,
    target: Target,
}

struct SyncObject(Mutex<SyncState>);

impl SyncState {
    fn new(
        sync: cometbft::Sync,
        start: Option<LightBlock>,
        options: Options,
        witnesses: usize,
        target: Target,
    ) -> SyncState {
        let mut state = SyncState { running: Some(sync), outcome: None, start, options, witnesses, target };
        state.settle();
        state
    }

    fn needed(&self) -> Option<Request> {
        self.running.as_ref().and_then(cometbft::Sync::needed)
    }

    /// Moves a machine that needs nothing more to its outcome.
    fn settle(&mut self) {
        if self.needed().is_none() {
            if let Some(sync) = self.running.take() {
                self.outcome = Some(sync.finish());
            }
        }
    }

    /// Feeds an answer already checked against the request.
    fn feed(&mut self, answer: Answer) {
        let Some(sync) = self.running.as_mut() else { return };
        if let Err(e) = sync.feed(answer) {
            // The machine's state is not to be read after an error: the update failed.
            self.running = None;
            self.outcome = Some(Err(e));
            return;
        }
        self.settle();
    }

    /// `Ok` only when the concluded update verified and a witness confirmed it.
    fn verdict(&self) -> Result<(), CometError> {
        match &self.outcome {
            None => Err(not_finished()),
            Some(Err(e)) => Err(e.clone()),
            Some(Ok(synced)) => synced.check(),
        }
    }
}

fn not_finished() -> CometError {
    CometError::Schedule { reason: "the update has not finished" }
}

fn lock(object: &SyncObject) -> call::Result<MutexGuard<'_, SyncState>> {
    object.0.try_lock().map_err(|e| match e {
        TryLockError::WouldBlock => {
            Fail::new(lc_status::LC_ERR_BUSY, "sync: in use by another call (or re-entered from its callback)")
        }
        TryLockError::Poisoned(_) => Fail::new(lc_status::LC_ERR_INTERNAL, "sync: poisoned by a panic"),
    })
}

fn target_of(target_height: u64) -> Target {
    if target_height == 0 {
        Target::Latest
    } else {
        Target::Height(target_height)
    }
}

fn check_witnesses(witnesses: usize) -> call::Result<()> {
    if witnesses > LC_SYNC_MAX_WITNESSES {
        return Err(Fail::argument("witnesses", "more than LC_SYNC_MAX_WITNESSES"));
    }
    Ok(())
}

fn register_sync(state: SyncState) -> call::Result<*mut lc_sync> {
    handle::register(SyncObject(Mutex::new(state)))
}

/// Starts an update from a trust root: a height and the hash of the header at that height that
/// the user trusts (obtained out of band, e.g. from a block explorer they trust). The primary's
/// block at `trusted_height` must hash to `trusted_hash` (32 bytes), carry more than 2/3 of its
/// validators' signatures and be within the trusting period at `now`, and no witness may serve
/// a different block at that height. Then the update verifies up to `target_height` (0: the
/// primary's latest block) and cross-checks the result with `witnesses` witnesses (at least 1;
/// 0 gives `LC_COMETBFT_WITNESS_NONE`). `options` NULL: `lc_light_options_default()`.
///
/// On `LC_OK`, `*out` is the update (free with `lc_sync_free`); otherwise NULL. Nothing is
/// fetched yet: drive it with `lc_sync_drive` or `lc_sync_needed` / `lc_sync_feed_*`.
#[no_mangle]
pub unsafe extern "C" fn lc_sync_new_from_trust_root(
    trusted_height: u64,
    trusted_hash: *const u8,
    target_height: u64,
    witnesses: usize,
    options: *const lc_light_options,
    now: lc_time,
    out: *mut *mut lc_sync,
) -> lc_status {
    // SAFETY: `out` is NULL or writable by the header's contract.
    unsafe { call::clear(out) };
    guard(|| {
        // SAFETY: pointers are NULL or valid (`trusted_hash` for 32 bytes) by the header's contract.
        let (out, hash, options) =
            unsafe { (call::out(out, "out")?, call::optional_array::<32>(trusted_hash), read_options(options)?) };
        let hash = hash.ok_or_else(|| Fail::null("trusted_hash"))?;
        if trusted_height == 0 {
            return Err(Fail::argument("trusted_height", "must be positive"));
        }
        check_witnesses(witnesses)?;
        let now = now.timestamp("now")?;
        let target = target_of(target_height);
        let sync = cometbft::Sync::from_trust_root(trusted_height, hash, target, witnesses, options, now)?;
        *out = register_sync(SyncState::new(sync, None, options, witnesses, target))?;
        Ok(())
    })
}

/// Starts an update from a light block the caller already trusts (JSON with its next validator
/// set, as `lc_light_client_new` takes) to `target_height` (0: the primary's latest block; below
/// the trusted height: verified backwards by hash chaining, which needs no witness), cross-checked
/// with `witnesses` witnesses (at least 1). `options` NULL: `lc_light_options_default()`.
///
/// On `LC_OK`, `*out` is the update (free with `lc_sync_free`); otherwise NULL.
#[no_mangle]
pub unsafe extern "C" fn lc_sync_new(
    trusted_block: *const u8,
    trusted_block_len: usize,
    target_height: u64,
    witnesses: usize,
    options: *const lc_light_options,
    now: lc_time,
    out: *mut *mut lc_sync,
) -> lc_status {
    // SAFETY: `out` is NULL or writable by the header's contract.
    unsafe { call::clear(out) };
    guard(|| {
        // SAFETY: pointers are NULL or valid for their lengths / types by the header's contract.
        let (out, block, options) = unsafe {
            (
                call::out(out, "out")?,
                call::bytes(trusted_block, trusted_block_len, "trusted_block")?,
                read_options(options)?,
            )
        };
        check_witnesses(witnesses)?;
        let now = now.timestamp("now")?;
        let block = json::light_block_from_json(block)?;
        let target = target_of(target_height);
        let sync = cometbft::Sync::new(block.clone(), target, witnesses, options, now)?;
        *out = register_sync(SyncState::new(sync, Some(block), options, witnesses, target))?;
        Ok(())
    })
}

/// Where an update to `target` starts in a client's trusted state (as `lightcheck cometbft sync`
/// resumes from its store): the block itself if trusted; a trusted block at most 8 heights above
/// (hash links down need no witness); else the highest trusted block below; else the lowest above.
fn start_for(store: &TrustedStore<LC_LIGHT_CLIENT_CAPACITY>, target: Target) -> Option<&LightBlock> {
    const LINKS: u64 = 8;
    let Target::Height(h) = target else { return store.latest() };
    if let Some(block) = store.get(h) {
        return Some(block);
    }
    match (store.highest_at_or_below(h), store.lowest_above(h)) {
        (_, Some(above)) if above.height() - h <= LINKS => Some(above),
        (Some(below), _) => Some(below),
        (None, above) => above,
    }
}

/// Starts an update from an `lc_light_client`'s trusted state, with its trust options: from its
/// block at `target_height` if trusted (nothing to fetch), from a trusted block at most 8 heights
/// above it (backwards), else from the highest trusted block below it (0: the primary's latest
/// block, from the highest trusted block). The client is only read: apply a verified result
/// with `lc_light_client_apply_sync`.
///
/// On `LC_OK`, `*out` is the update (free with `lc_sync_free`); otherwise NULL. `LC_ERR_BUSY`
/// while the client is in use.
#[no_mangle]
pub unsafe extern "C" fn lc_sync_new_from_client(
    client: *const lc_light_client,
    target_height: u64,
    witnesses: usize,
    now: lc_time,
    out: *mut *mut lc_sync,
) -> lc_status {
    // SAFETY: `out` is NULL or writable by the header's contract.
    unsafe { call::clear(out) };
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        check_witnesses(witnesses)?;
        let now = now.timestamp("now")?;
        let object = handle::get::<ClientObject, _>(client, "client")?;
        let (start, options) = {
            let client = lock_client(&object)?;
            let start = start_for(&client.store, target_of(target_height))
                .cloned()
                .ok_or(CometError::Schedule { reason: "no trusted block" })?;
            (start, client.options)
        };
        let target = target_of(target_height);
        let sync = cometbft::Sync::new(start.clone(), target, witnesses, options, now)?;
        *out = register_sync(SyncState::new(sync, Some(start), options, witnesses, target))?;
        Ok(())
    })
}

/// Sets how long a lagging witness is waited for, beyond twice the clock drift, before it is
/// given up on (CometBFT's `maxBlockLag`; default 10 s). Takes effect if set before the update
/// starts cross-checking (set it right after creating the update).
#[no_mangle]
pub extern "C" fn lc_sync_set_max_block_lag_ms(sync: *mut lc_sync, max_block_lag_ms: u64) -> lc_status {
    guard(|| {
        let object = handle::get::<SyncObject, _>(sync, "sync")?;
        let mut state = lock(&object)?;
        if let Some(running) = state.running.take() {
            state.running = Some(running.with_max_block_lag(Duration::from_millis(max_block_lag_ms)));
        }
        Ok(())
    })
}

fn request_of(request: Option<Request>) -> lc_sync_request {
    let mut out = lc_sync_request {
        kind: lc_sync_request_kind::LC_SYNC_REQUEST_NONE,
        peer: lc_sync_peer::LC_SYNC_PEER_NONE,
        witness: 0,
        height: 0,
        wait_ms: 0,
    };
    let mut peer = |p: Peer| match p {
        Peer::Primary => out.peer = lc_sync_peer::LC_SYNC_PEER_PRIMARY,
        Peer::Witness(i) => {
            out.peer = lc_sync_peer::LC_SYNC_PEER_WITNESS;
            out.witness = i;
        }
    };
    match request {
        None => {}
        Some(Request::Block { peer: p, height }) => {
            peer(p);
            out.kind = lc_sync_request_kind::LC_SYNC_REQUEST_BLOCK;
            out.height = height;
        }
        Some(Request::Latest { peer: p }) => {
            peer(p);
            out.kind = lc_sync_request_kind::LC_SYNC_REQUEST_LATEST;
        }
        Some(Request::Wait { duration }) => {
            out.kind = lc_sync_request_kind::LC_SYNC_REQUEST_WAIT;
            out.wait_ms = wait_ms(duration);
        }
    }
    out
}

/// Milliseconds, rounded up (a wait is never shortened).
fn wait_ms(duration: Duration) -> u64 {
    let ms = duration.as_millis() + u128::from(duration.subsec_nanos() % 1_000_000 != 0);
    u64::try_from(ms).unwrap_or(u64::MAX)
}

/// What the application reported, before the light block (if any) is decoded.
enum Reply<'a> {
    Block(call::Result<&'a [u8]>),
    Fault(Fault),
    Waited,
}

fn reply_of<'a>(
    code: i64,
    request: &Request,
    block: impl FnOnce() -> call::Result<&'a [u8]>,
) -> call::Result<Reply<'a>> {
    let height = match request {
        Request::Block { height, .. } => *height,
        _ => 0,
    };
    let reply = match code {
        0 => Reply::Block(block()),
        1 => Reply::Fault(Fault::HeightTooHigh),
        2 => Reply::Fault(Fault::NotFound),
        3 => Reply::Fault(Fault::NoResponse),
        4 => Reply::Fault(Fault::Bad(CometError::Provider {
            height,
            reason: "the application reported an unusable answer".into(),
        })),
        5 => Reply::Waited,
        _ => return Err(Fail::argument("answer", &format!("{code} is not an lc_sync_answer"))),
    };
    let waiting = matches!(request, Request::Wait { .. });
    match (&reply, waiting) {
        (Reply::Waited, true) | (Reply::Block(_) | Reply::Fault(_), false) => Ok(reply),
        (_, true) => Err(Fail::argument("answer", "the request is a wait: answer LC_SYNC_ANSWER_WAITED")),
        (_, false) => Err(Fail::argument("answer", "LC_SYNC_ANSWER_WAITED answers a wait, not a block request")),
    }
}

fn answer_of(reply: Reply<'_>) -> Answer {
    match reply {
        Reply::Block(Ok(json)) => match json::light_block_from_json(json) {
            Ok(block) => block.into(),
            Err(e) => Answer::Fault(Fault::Bad(e)),
        },
        Reply::Block(Err(fail)) => {
            Answer::Fault(Fault::Bad(CometError::Decode { field: "light_block".into(), reason: fail.message }))
        }
        Reply::Fault(fault) => Answer::Fault(fault),
        Reply::Waited => Answer::Waited,
    }
}

/// The verdict as this call's outcome: `Ok` only when verified and confirmed.
fn verdict_result(verdict: Result<(), CometError>) -> call::Result<()> {
    verdict.map_err(Fail::from)
}

/// Drives the update to its end: calls `fetch(context, request, &light_block)` for each thing it
/// needs (see `lc_sync_fetch`) and feeds the answer, until the update concludes.
///
/// Returns the verdict: `LC_OK` only when every new block verified and a witness confirmed the
/// result (or nothing needed confirming: already trusted, or verified backwards); otherwise why
/// not, e.g. `LC_COMETBFT_ATTACK` (read the evidence with `lc_sync_result_evidence`),
/// `LC_COMETBFT_WITNESS_NOT_CONFIRMED` (every witness down, behind or dropped),
/// `LC_COMETBFT_TRUST_ROOT_MISMATCH`, a provider failure (the primary failed and no witness
/// could stand in), or a verification error of the primary's blocks. In each of these
/// cases the update has concluded: `lc_sync_finish` gives the details. A call error
/// (`LC_ERR_NULL_POINTER`, `LC_ERR_BUSY`, or `LC_ERR_INVALID_ARGUMENT` for an answer `fetch`
/// may not give) leaves the update where it was. Calling it on a concluded update returns its
/// verdict again without calling `fetch`.
#[no_mangle]
pub unsafe extern "C" fn lc_sync_drive(sync: *mut lc_sync, fetch: lc_sync_fetch, context: *mut c_void) -> lc_status {
    guard(|| {
        let fetch = fetch.ok_or_else(|| Fail::null("fetch"))?;
        let object = handle::get::<SyncObject, _>(sync, "sync")?;
        let mut state = lock(&object)?;
        while let Some(request) = state.needed() {
            let wire = request_of(Some(request));
            let mut bytes = lc_bytes::ABSENT;
            // SAFETY: the caller of lc_sync_drive supplied this function and context and promised
            // the function is safe to call with them, a request valid for the call and a writable
            // lc_bytes.
            let code = unsafe { fetch(context, &wire, &mut bytes) };
            // SAFETY: for a block answer, `fetch` promised `bytes` valid for its length until it is
            // called again or this call returns; they are decoded (copied) before either.
            let reply =
                reply_of(i64::from(code), &request, || unsafe { call::bytes(bytes.ptr, bytes.len, "light_block") })?;
            state.feed(answer_of(reply));
        }
        verdict_result(state.verdict())
    })
}

/// What the update needs next, in `*out` (`kind` `LC_SYNC_REQUEST_NONE` once it has
/// concluded). Answer it with exactly one of `lc_sync_feed_block`, `lc_sync_feed_fault` or
/// `lc_sync_feed_waited`; asking again without answering gives the same request.
#[no_mangle]
pub unsafe extern "C" fn lc_sync_needed(sync: *const lc_sync, out: *mut lc_sync_request) -> lc_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<SyncObject, _>(sync, "sync")?;
        let state = lock(&object)?;
        *out = request_of(state.needed());
        Ok(())
    })
}

/// Feeds one reply to the request `lc_sync_needed` gives.
fn feed<'a>(sync: *mut lc_sync, code: i64, block: impl FnOnce() -> call::Result<&'a [u8]>) -> call::Result<()> {
    let object = handle::get::<SyncObject, _>(sync, "sync")?;
    let mut state = lock(&object)?;
    let request =
        state.needed().ok_or_else(|| Fail::from(CometError::Schedule { reason: "the update needs nothing more" }))?;
    let reply = reply_of(code, &request, block)?;
    state.feed(answer_of(reply));
    Ok(())
}

/// Answers a block or latest request with the light block's JSON (`light_block`, read during
/// the call only). JSON that does not decode, or a block that does not verify, is the peer's
/// fault, not the call's: the answer is consumed and lightcheck decides (the primary replaced,
/// the witness dropped, or the update failed); `LC_OK` means only that the answer was taken.
/// `LC_ERR_INVALID_ARGUMENT` if the request is a wait; `LC_COMETBFT_SCHEDULE` if the update
/// needs nothing more.
#[no_mangle]
pub unsafe extern "C" fn lc_sync_feed_block(
    sync: *mut lc_sync,
    light_block: *const u8,
    light_block_len: usize,
) -> lc_status {
    guard(|| {
        // SAFETY: `light_block` is NULL or valid for its length by the header's contract; it is
        // decoded before this call returns.
        let json = unsafe { call::bytes(light_block, light_block_len, "light_block") }?;
        feed(sync, 0, || Ok(json))
    })
}

/// Answers a block or latest request with a fault: `fault` is `LC_SYNC_ANSWER_HEIGHT_TOO_HIGH`,
/// `LC_SYNC_ANSWER_NOT_FOUND`, `LC_SYNC_ANSWER_NO_RESPONSE` or `LC_SYNC_ANSWER_BAD`
/// (else `LC_ERR_INVALID_ARGUMENT`, and nothing is fed).
#[no_mangle]
pub extern "C" fn lc_sync_feed_fault(sync: *mut lc_sync, fault: u32) -> lc_status {
    guard(|| {
        if !(1..=4).contains(&fault) {
            return Err(Fail::argument("fault", "not a fault (LC_SYNC_ANSWER_HEIGHT_TOO_HIGH..LC_SYNC_ANSWER_BAD)"));
        }
        feed(sync, i64::from(fault), || Err(Fail::null("light_block")))
    })
}

/// Answers a wait request (`LC_SYNC_REQUEST_WAIT`) once the wait is over.
#[no_mangle]
pub extern "C" fn lc_sync_feed_waited(sync: *mut lc_sync) -> lc_status {
    guard(|| feed(sync, 5, || Err(Fail::null("light_block"))))
}

/// The outcome of a concluded update: on `LC_OK`, `*out` is a new result (free with
/// `lc_sync_result_free`) whose verdict may be a failure (`lc_sync_result_verdict`); the update
/// can be finished more than once. `LC_COMETBFT_SCHEDULE` (and NULL) while it still needs
/// something.
#[no_mangle]
pub unsafe extern "C" fn lc_sync_finish(sync: *const lc_sync, out: *mut *mut lc_sync_result) -> lc_status {
    // SAFETY: `out` is NULL or writable by the header's contract.
    unsafe { call::clear(out) };
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<SyncObject, _>(sync, "sync")?;
        let result = {
            let state = lock(&object)?;
            let outcome = state.outcome.clone().ok_or_else(|| Fail::from(not_finished()))?;
            ResultObject::new(outcome, state.start.clone(), state.options, state.witnesses, state.target)
        };
        *out = handle::register(result)?;
        Ok(())
    })
}

/// Frees an update. NULL is a no-op; freeing twice gives `LC_ERR_INVALID_HANDLE`. Freeing an
/// update while a call on it runs (another thread, or its own callback) invalidates the handle
/// at once; the running call finishes on its own reference.
#[no_mangle]
pub extern "C" fn lc_sync_free(sync: *mut lc_sync) -> lc_status {
    guard(|| handle::free::<SyncObject, _>(sync, "sync"))
}

// ---- results ------------------------------------------------------------------------------------

/// What one witness did in an update (`lc_sync_witness_info.outcome`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lc_witness_outcome {
    /// Not asked: the update stopped before it (an attack, a failed verification).
    LC_WITNESS_NOT_ASKED = 0,
    /// Its block at the verified height has the same hash.
    LC_WITNESS_CONFIRMED = 1,
    /// It gave no usable answer but did nothing wrong (down, behind, pruned): kept.
    LC_WITNESS_NO_RESPONSE = 2,
    /// It served something invalid, or a conflicting chain that does not verify: never trusted
    /// again in this update.
    LC_WITNESS_DROPPED = 3,
    /// It served a conflicting chain that verifies: a light-client attack.
    LC_WITNESS_CONFLICT = 4,
    /// It replaced the failed primary (and so was not cross-checked against itself).
    LC_WITNESS_PROMOTED = 5,
}

/// One witness's outcome. `reason` is borrowed from the result.
#[repr(C)]
pub struct lc_sync_witness_info {
    /// What it did.
    pub outcome: lc_witness_outcome,
    /// `LC_WITNESS_NO_RESPONSE`: what it answered (`LC_SYNC_ANSWER_HEIGHT_TOO_HIGH`,
    /// `LC_SYNC_ANSWER_NOT_FOUND` or `LC_SYNC_ANSWER_NO_RESPONSE`); otherwise
    /// `LC_SYNC_ANSWER_BLOCK`.
    pub answer: lc_sync_answer,
    /// `LC_WITNESS_DROPPED`: the status of what was wrong with it; otherwise `LC_OK`.
    pub status: lc_status,
    /// Why, in English (NUL-terminated; empty for confirmed and not asked).
    pub reason: *const c_char,
}

/// How the conflicting block of an attack came to be, as CometBFT tells attacks apart.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lc_attack_kind {
    /// Its validators, next validators, consensus, app or last-results hash differ from the
    /// trusted header's: it could not have been derived from the chain.
    LC_ATTACK_LUNATIC = 1,
    /// Same derived fields, both commits in the same round: the signers of both double-signed.
    LC_ATTACK_EQUIVOCATION = 2,
    /// Same derived fields, commits in different rounds.
    LC_ATTACK_AMNESIA = 3,
}

/// Which evidence of an attack `lc_sync_result_evidence` reads.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lc_evidence_against {
    /// Evidence against the primary (the witness's chain taken as true): report it to the
    /// witness's network.
    LC_EVIDENCE_AGAINST_PRIMARY = 0,
    /// Evidence against the witness (the primary's chain taken as true): report it to the
    /// primary. Absent when the primary could not back its own trace when asked again.
    LC_EVIDENCE_AGAINST_WITNESS = 1,
}

/// The summary of an update's result.
#[repr(C)]
pub struct lc_sync_summary {
    /// `LC_OK` only when the update verified and a witness confirmed it (the same status
    /// `lc_sync_result_verdict` returns); otherwise why not.
    pub verdict: lc_status,
    /// The height verification started from (the trusted block, or the trust root); 0 when the
    /// update failed before it had one.
    pub start_height: u64,
    /// The height the update was for: the target height, or (for a target of 0) the primary's
    /// latest block's; 0 when the update did not get there. Its block was verified from the
    /// primary's blocks (or was already trusted), but is trusted only when `verdict` is `LC_OK`.
    pub height: u64,
    /// That block's header hash; zero when `height` is 0.
    pub hash: [u8; 32],
    /// How many blocks the update verified (`lc_sync_result_verified_heights`).
    pub verified: usize,
    /// Light blocks received, from every peer.
    pub fetched: usize,
    /// Who served as primary at the end: `LC_SYNC_PEER_PRIMARY`, or `LC_SYNC_PEER_WITNESS` when
    /// the primary failed and witness `primary_witness` replaced it.
    pub primary: lc_sync_peer,
    /// See `primary`.
    pub primary_witness: usize,
    /// The number of witnesses (`lc_sync_result_witness` reads each).
    pub witnesses: usize,
    /// Whether a light-client attack was detected (the verdict is then `LC_COMETBFT_ATTACK`).
    pub attack: bool,
    /// Attack: the witness whose chain conflicts with the primary's.
    pub attack_witness: usize,
    /// Attack: the height where the chains part.
    pub attack_height: u64,
    /// Attack: whether there is evidence against the witness as well as against the primary.
    pub attack_against_witness: bool,
}

/// One piece of light-client attack evidence (CometBFT's `LightClientAttackEvidence`, built as
/// CometBFT's light client builds it, so that full nodes accept it). Pointers are borrowed from
/// the result.
#[repr(C)]
pub struct lc_evidence_info {
    /// Lunatic, equivocation or amnesia.
    pub kind: lc_attack_kind,
    /// `"lunatic"`, `"equivocation"` or `"amnesia"` (static).
    pub kind_name: *const c_char,
    /// The height of the conflicting block.
    pub conflicting_height: u64,
    /// The last height both chains agree on (lunatic), or the conflicting height.
    pub common_height: u64,
    /// Total voting power of the validator set at the common height.
    pub total_voting_power: u64,
    /// Time of the block at the common height.
    pub timestamp: lc_time,
    /// The evidence hash nodes report (`LightClientAttackEvidence.Hash`).
    pub hash: [u8; 32],
    /// The number of validators held responsible.
    pub byzantine_count: usize,
    /// Their addresses, 20 bytes each (`byzantine_count` of them), by voting power descending,
    /// then address.
    pub byzantine_addresses: lc_bytes,
    /// The evidence as protobuf `tendermint.types.Evidence` (what nodes store, gossip and hash).
    pub proto: lc_bytes,
    /// The evidence as CometBFT JSON (`{"type":"tendermint/LightClientAttackEvidence",...}`), the
    /// `evidence` parameter of RPC `/broadcast_evidence`; NUL-terminated (not counted in `len`).
    pub json: lc_bytes,
}

struct WitnessEntry {
    outcome: lc_witness_outcome,
    answer: lc_sync_answer,
    status: lc_status,
    reason: CString,
}

struct EvidenceEntry {
    evidence: LightClientAttackEvidence,
    hash: [u8; 32],
    addresses: Vec<u8>,
    proto: Vec<u8>,
    /// NUL-terminated.
    json: Vec<u8>,
}

struct ResultObject {
    outcome: Result<Synced, CometError>,
    start: Option<LightBlock>,
    options: Options,
    target: Target,
    witnesses: Vec<WitnessEntry>,
    /// Against the primary, against the witness.
    evidence: [Option<EvidenceEntry>; 2],
    heights: Vec<u64>,
}

fn c_text(text: String) -> CString {
    CString::new(text.replace('\0', "\\0")).unwrap_or_default()
}

fn status_of(e: &CometError) -> lc_status {
    Fail::from(e.clone()).status
}

fn fault_answer(fault: &Fault) -> lc_sync_answer {
    match fault {
        Fault::HeightTooHigh => lc_sync_answer::LC_SYNC_ANSWER_HEIGHT_TOO_HIGH,
        Fault::NotFound => lc_sync_answer::LC_SYNC_ANSWER_NOT_FOUND,
        Fault::NoResponse => lc_sync_answer::LC_SYNC_ANSWER_NO_RESPONSE,
        Fault::Bad(_) => lc_sync_answer::LC_SYNC_ANSWER_BAD,
    }
}

const PROMOTED: &str = "replaced the failed primary";

fn witness_entry(index: usize, outcome: &WitnessOutcome, primary: Peer) -> WitnessEntry {
    let entry = |outcome, reason: String| WitnessEntry {
        outcome,
        answer: lc_sync_answer::LC_SYNC_ANSWER_BLOCK,
        status: lc_status::LC_OK,
        reason: c_text(reason),
    };
    match outcome {
        WitnessOutcome::NotAsked => entry(lc_witness_outcome::LC_WITNESS_NOT_ASKED, String::new()),
        WitnessOutcome::Confirmed => entry(lc_witness_outcome::LC_WITNESS_CONFIRMED, String::new()),
        WitnessOutcome::NoResponse(fault) => WitnessEntry {
            answer: fault_answer(fault),
            ..entry(lc_witness_outcome::LC_WITNESS_NO_RESPONSE, fault.describe())
        },
        WitnessOutcome::Dropped(_) if primary == Peer::Witness(index) => {
            entry(lc_witness_outcome::LC_WITNESS_PROMOTED, PROMOTED.into())
        }
        WitnessOutcome::Dropped(e) => WitnessEntry {
            status: status_of(e),
            ..entry(lc_witness_outcome::LC_WITNESS_DROPPED, format!("{}: {e}", e.code()))
        },
        WitnessOutcome::Conflict => entry(
            lc_witness_outcome::LC_WITNESS_CONFLICT,
            "serves a conflicting chain that verifies: a light-client attack".into(),
        ),
    }
}

fn evidence_entry(evidence: &LightClientAttackEvidence) -> EvidenceEntry {
    let mut json = evidence.to_json().to_string().into_bytes();
    json.push(0);
    EvidenceEntry {
        hash: evidence.hash(),
        addresses: evidence.byzantine_validators.iter().flat_map(|v| v.address).collect(),
        proto: evidence.to_evidence_proto(),
        json,
        evidence: evidence.clone(),
    }
}

impl ResultObject {
    fn new(
        outcome: Result<Synced, CometError>,
        start: Option<LightBlock>,
        options: Options,
        witnesses: usize,
        target: Target,
    ) -> ResultObject {
        let mut entries: Vec<WitnessEntry> =
            (0..witnesses).map(|i| witness_entry(i, &WitnessOutcome::NotAsked, Peer::Primary)).collect();
        let mut evidence = [None, None];
        let mut heights = Vec::new();
        if let Ok(synced) = &outcome {
            heights = synced.to_store().map(LightBlock::height).collect();
            if let Some(report) = &synced.report {
                for (i, outcome) in report.witnesses.iter().enumerate().take(witnesses) {
                    entries[i] = witness_entry(i, outcome, synced.primary);
                }
                if let Some(attack) = &report.attack {
                    evidence = [
                        Some(evidence_entry(&attack.against_primary)),
                        attack.against_witness.as_ref().map(evidence_entry),
                    ];
                }
            }
            // A witness that replaced the primary with nothing to cross-check afterwards.
            if let Peer::Witness(i) = synced.primary {
                if let Some(entry) = entries.get_mut(i) {
                    if entry.outcome == lc_witness_outcome::LC_WITNESS_NOT_ASKED {
                        entry.outcome = lc_witness_outcome::LC_WITNESS_PROMOTED;
                        entry.reason = c_text(PROMOTED.into());
                    }
                }
            }
        }
        ResultObject { outcome, start, options, target, witnesses: entries, evidence, heights }
    }

    fn verdict(&self) -> Result<(), CometError> {
        match &self.outcome {
            Err(e) => Err(e.clone()),
            Ok(synced) => synced.check(),
        }
    }

    /// The block at the target height (for the latest: the highest), among those verified and
    /// the start block; `None` when the update did not get there.
    fn target_block(&self) -> Option<&LightBlock> {
        let Ok(synced) = &self.outcome else { return None };
        let mut blocks = synced.to_store().chain(self.start.iter());
        match self.target {
            Target::Height(h) => blocks.find(|b| b.height() == h),
            Target::Latest => blocks.max_by_key(|b| b.height()),
        }
    }

    /// The blocks to trust, once the verdict is `Ok`.
    fn trusted_blocks(&self) -> call::Result<Vec<LightBlock>> {
        verdict_result(self.verdict())?;
        let Ok(synced) = &self.outcome else { return Ok(Vec::new()) };
        let mut blocks: Vec<LightBlock> = synced.to_store().cloned().collect();
        if blocks.is_empty() {
            blocks.extend(self.start.clone());
        }
        Ok(blocks)
    }
}

/// The verdict of an update: `LC_OK` only when every new block verified and a witness
/// confirmed the result (or nothing needed confirming); otherwise the failure's status, with
/// its message in `lc_last_error_message()` (e.g. `LC_COMETBFT_ATTACK`,
/// `LC_COMETBFT_WITNESS_NOT_CONFIRMED`), or a call error for a bad handle. Fail-closed: only
/// `LC_OK` means "trust it". Thread-safe.
#[no_mangle]
pub extern "C" fn lc_sync_result_verdict(result: *const lc_sync_result) -> lc_status {
    guard(|| verdict_result(handle::get::<ResultObject, _>(result, "result")?.verdict()))
}

/// Fills `out` with the result's summary. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_sync_result_get_summary(
    result: *const lc_sync_result,
    out: *mut lc_sync_summary,
) -> lc_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<ResultObject, _>(result, "result")?;
        let verdict = object.verdict().map_or_else(|e| status_of(&e), |()| lc_status::LC_OK);
        let mut summary = lc_sync_summary {
            verdict,
            start_height: 0,
            height: 0,
            hash: [0; 32],
            verified: object.heights.len(),
            fetched: 0,
            primary: lc_sync_peer::LC_SYNC_PEER_PRIMARY,
            primary_witness: 0,
            witnesses: object.witnesses.len(),
            attack: false,
            attack_witness: 0,
            attack_height: 0,
            attack_against_witness: false,
        };
        if let Some(block) = object.target_block() {
            summary.height = block.height();
            summary.hash = block.signed_header.header.hash().unwrap_or_default();
        }
        if let Ok(synced) = &object.outcome {
            summary.start_height = synced.start_height;
            summary.fetched = synced.fetched;
            if let Peer::Witness(i) = synced.primary {
                summary.primary = lc_sync_peer::LC_SYNC_PEER_WITNESS;
                summary.primary_witness = i;
            }
            if let Some(attack) = synced.report.as_ref().and_then(|r| r.attack.as_deref()) {
                summary.attack = true;
                summary.attack_witness = attack.witness;
                summary.attack_height = attack.height;
                summary.attack_against_witness = attack.against_witness.is_some();
            }
        }
        *out = summary;
        Ok(())
    })
}

/// Heights the update verified (the trust root, if it established one, then the primary's
/// verified blocks), ascending: writes at most `capacity` of them to `heights` (which may be NULL
/// when `capacity` is 0) and the total to `*count`. Trusted only when the verdict is `LC_OK`.
/// Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_sync_result_verified_heights(
    result: *const lc_sync_result,
    heights: *mut u64,
    capacity: usize,
    count: *mut usize,
) -> lc_status {
    guard(|| {
        // SAFETY: `count` is NULL or writable by the header's contract.
        let count = unsafe { call::out(count, "count") }?;
        if heights.is_null() && capacity > 0 {
            return Err(Fail::null("heights"));
        }
        let object = handle::get::<ResultObject, _>(result, "result")?;
        for (i, height) in object.heights.iter().take(capacity).enumerate() {
            // SAFETY: `heights` is non-NULL here and writable for `capacity` entries; i < capacity.
            unsafe { heights.add(i).write(*height) };
        }
        *count = object.heights.len();
        Ok(())
    })
}

/// Fills `out` with what witness `index` (below `lc_sync_summary.witnesses`) did; the reason
/// string is borrowed from the result. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_sync_result_witness(
    result: *const lc_sync_result,
    index: usize,
    out: *mut lc_sync_witness_info,
) -> lc_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<ResultObject, _>(result, "result")?;
        let entry =
            object.witnesses.get(index).ok_or_else(|| Fail::argument("index", "not a witness of this update"))?;
        *out = lc_sync_witness_info {
            outcome: entry.outcome,
            answer: entry.answer,
            status: entry.status,
            reason: entry.reason.as_ptr(),
        };
        Ok(())
    })
}

fn kind_of(kind: AttackKind) -> (lc_attack_kind, &'static CStr) {
    match kind {
        AttackKind::Lunatic => (lc_attack_kind::LC_ATTACK_LUNATIC, c"lunatic"),
        AttackKind::Equivocation => (lc_attack_kind::LC_ATTACK_EQUIVOCATION, c"equivocation"),
        AttackKind::Amnesia => (lc_attack_kind::LC_ATTACK_AMNESIA, c"amnesia"),
    }
}

/// Fills `out` with the attack evidence `against` (an `lc_evidence_against`): its kind, heights,
/// hash, byzantine validators, protobuf bytes and JSON text, borrowed from the result (valid
/// until it is freed). Report it to the other side's nodes (RPC `/broadcast_evidence`):
/// evidence against the primary to the witness, against the witness to the primary.
/// `LC_ERR_INVALID_ARGUMENT` when the result has no such evidence (no attack, or no evidence
/// against the witness). Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_sync_result_evidence(
    result: *const lc_sync_result,
    against: u32,
    out: *mut lc_evidence_info,
) -> lc_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<ResultObject, _>(result, "result")?;
        let slot = match against {
            0 | 1 => &object.evidence[against as usize],
            _ => return Err(Fail::argument("against", "not an lc_evidence_against")),
        };
        let entry = slot.as_ref().ok_or_else(|| match (against, &object.evidence[0]) {
            (_, None) => Fail::argument("against", "no attack was detected: there is no evidence"),
            _ => Fail::argument("against", "the primary could not back its trace: no evidence against the witness"),
        })?;
        let ev = &entry.evidence;
        let (kind, kind_name) = kind_of(ev.kind);
        *out = lc_evidence_info {
            kind,
            kind_name: kind_name.as_ptr(),
            conflicting_height: ev.conflicting_block.height(),
            common_height: ev.common_height,
            total_voting_power: ev.total_voting_power,
            timestamp: lc_time::of(ev.timestamp),
            hash: entry.hash,
            byzantine_count: ev.byzantine_validators.len(),
            byzantine_addresses: lc_bytes::of(&entry.addresses),
            proto: lc_bytes::of(&entry.proto),
            json: lc_bytes { ptr: entry.json.as_ptr(), len: entry.json.len() - 1 },
        };
        Ok(())
    })
}

/// The header of the block at the update's target height (for a target of 0, the primary's
/// latest block; the trusted start block when it was the target), only when the verdict is
/// `LC_OK`: otherwise the verdict's status and `*out` NULL (a header from an unconfirmed or
/// attacked update is never handed out). On `LC_OK`, free `*out` with `lc_header_free`.
/// Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_sync_result_header(result: *const lc_sync_result, out: *mut *mut lc_header) -> lc_status {
    // SAFETY: `out` is NULL or writable by the header's contract.
    unsafe { call::clear(out) };
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<ResultObject, _>(result, "result")?;
        verdict_result(object.verdict())?;
        let block = object.target_block().ok_or(CometError::Schedule { reason: "the update verified no block" })?;
        *out = header_handle(&block.signed_header)?;
        Ok(())
    })
}

/// Frees a result. NULL is a no-op; freeing twice gives `LC_ERR_INVALID_HANDLE`.
#[no_mangle]
pub extern "C" fn lc_sync_result_free(result: *mut lc_sync_result) -> lc_status {
    guard(|| handle::free::<ResultObject, _>(result, "result"))
}

/// Adds what a confirmed update verified (`lc_sync_result_verified_heights`) to the client's
/// trusted blocks. Only when the result's verdict is `LC_OK`: otherwise returns that verdict and
/// changes nothing (an attacked or unconfirmed update is never trusted). The blocks must be of
/// the client's chain (`LC_COMETBFT_HEADER_CHAIN_ID`). `LC_ERR_BUSY` while the client is in use.
#[no_mangle]
pub extern "C" fn lc_light_client_apply_sync(client: *mut lc_light_client, result: *const lc_sync_result) -> lc_status {
    guard(|| {
        let object = handle::get::<ResultObject, _>(result, "result")?;
        let blocks = object.trusted_blocks()?;
        let client = handle::get::<ClientObject, _>(client, "client")?;
        let mut client = lock_client(&client)?;
        if let (Some(ours), Some(theirs)) = (client.store.latest(), blocks.first()) {
            let (expected, found) = (&ours.signed_header.header.chain_id, &theirs.signed_header.header.chain_id);
            if expected != found {
                return Err(CometError::ChainIdMismatch { expected: expected.clone(), found: found.clone() }.into());
            }
        }
        for block in blocks {
            client.store.insert(block);
        }
        Ok(())
    })
}

/// Creates a light client that trusts what a confirmed update verified (e.g. after an update from
/// a trust root), with the update's trust options. Only when the result's verdict is `LC_OK`:
/// otherwise returns that verdict and `*out` NULL. On `LC_OK`, free `*out` with
/// `lc_light_client_free`.
#[no_mangle]
pub unsafe extern "C" fn lc_light_client_from_sync(
    result: *const lc_sync_result,
    out: *mut *mut lc_light_client,
) -> lc_status {
    // SAFETY: `out` is NULL or writable by the header's contract.
    unsafe { call::clear(out) };
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<ResultObject, _>(result, "result")?;
        let mut blocks = object.trusted_blocks()?.into_iter();
        let first = blocks.next().ok_or(CometError::Schedule { reason: "no trusted block" })?;
        let mut client = Client::new(first, object.options);
        for block in blocks {
            client.store.insert(block);
        }
        *out = handle::register(ClientObject(Mutex::new(client)))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_rounded_up_to_milliseconds() {
        assert_eq!(wait_ms(Duration::from_secs(30)), 30_000);
        assert_eq!(wait_ms(Duration::from_nanos(1)), 1);
        assert_eq!(wait_ms(Duration::from_micros(1500)), 2);
        assert_eq!(wait_ms(Duration::MAX), u64::MAX);
    }

    #[test]
    fn answers_must_fit_the_request() {
        let block = Request::Block { peer: Peer::Primary, height: 3 };
        let wait = Request::Wait { duration: Duration::from_secs(1) };
        let none = || Err(Fail::null("light_block"));
        assert!(matches!(reply_of(5, &wait, none), Ok(Reply::Waited)));
        assert!(matches!(reply_of(3, &block, none), Ok(Reply::Fault(Fault::NoResponse))));
        for (code, request) in [(5, &block), (0, &wait), (3, &wait), (6, &block), (-1, &block)] {
            let fail = reply_of(code, request, none).err().unwrap();
            assert_eq!(fail.status, lc_status::LC_ERR_INVALID_ARGUMENT, "{code}");
        }
        match answer_of(reply_of(0, &block, || Ok(b"{")).unwrap()) {
            Answer::Fault(Fault::Bad(e)) => assert_eq!(e.code(), "cometbft.decode"),
            other => panic!("{other:?}"),
        }
    }
}
