//! CometBFT: one light-client step, one commit, a transaction proof, and a light client that
//! fetches light blocks through a C callback.

use std::ffi::{c_char, c_void, CString};
use std::sync::Mutex;
use std::time::Duration;

use core_lib::cometbft::Error as CometError;
use core_lib::cometbft::{
    self, inclusion, json, CountingMode, LightBlock, Options, Provider, SignedHeader, TrustThreshold, TrustedStore,
};
use core_lib::time::Timestamp;

use crate::call::{self, guard, Fail};
use crate::{handle, lc_buffer, lc_bytes, lc_status, lc_time, Buffer};

/// Trusted blocks an `lc_light_client` remembers (the lowest are forgotten beyond this).
pub const LC_LIGHT_CLIENT_CAPACITY: usize = 64;

/// Most validator-set pages `lc_cometbft_verify_commit` accepts.
pub const LC_MAX_VALIDATOR_PAGES: usize = 1024;

/// Light-client trust options. Start from `lc_light_options_default()`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct lc_light_options {
    /// How long a trusted header stays trusted, seconds (below the chain's unbonding period). Default 1209600 (14 days).
    pub trusting_period_secs: u64,
    /// Trust level for skipping verification: numerator / denominator in [1/3, 1]. Default 1/3.
    pub trust_numerator: u64,
    /// See `trust_numerator`.
    pub trust_denominator: u64,
    /// How far a header's time may be ahead of `now`, seconds. Default 10.
    pub clock_drift_secs: u64,
    /// Verify every commit signature instead of stopping once enough power verified. Default false.
    pub verify_all: bool,
}

/// The default options: 14-day trusting period, trust level 1/3, 10 s clock drift.
#[no_mangle]
pub extern "C" fn lc_light_options_default() -> lc_light_options {
    lc_light_options {
        trusting_period_secs: cometbft::DEFAULT_TRUSTING_PERIOD.as_secs(),
        trust_numerator: 1,
        trust_denominator: 3,
        clock_drift_secs: cometbft::DEFAULT_CLOCK_DRIFT.as_secs(),
        verify_all: false,
    }
}

fn counting(verify_all: bool) -> CountingMode {
    if verify_all {
        CountingMode::VerifyAll
    } else {
        CountingMode::StopAtThreshold
    }
}

/// # Safety
/// `options` must be NULL or valid for reads.
pub(crate) unsafe fn read_options(options: *const lc_light_options) -> call::Result<Options> {
    // SAFETY: NULL or readable by the caller's contract.
    let o = unsafe { options.as_ref() }.copied().unwrap_or_else(|| lc_light_options_default());
    Ok(Options {
        trust_threshold: TrustThreshold::new(o.trust_numerator, o.trust_denominator)?,
        trusting_period: Duration::from_secs(o.trusting_period_secs),
        clock_drift: Duration::from_secs(o.clock_drift_secs),
        counting: counting(o.verify_all),
    })
}

/// A verified header. Get its fields with `lc_header_get_info`; free with `lc_header_free`.
pub struct lc_header {
    _opaque: [u8; 0],
}

/// The fields of a verified header. Pointers are borrowed from the handle.
#[repr(C)]
pub struct lc_header_info {
    /// The chain ID (NUL-terminated).
    pub chain_id: *const c_char,
    /// Block height.
    pub height: u64,
    /// Block time.
    pub time: lc_time,
    /// The header hash (the block hash).
    pub hash: [u8; 32],
    /// `app_hash`: the application state root after the previous block.
    pub app_hash: lc_bytes,
    /// `data_hash`: Merkle root of the block's transactions (what `lc_cometbft_verify_tx` proves against).
    pub data_hash: lc_bytes,
    /// `last_results_hash`: Merkle root of the previous block's transaction results.
    pub last_results_hash: lc_bytes,
    /// `validators_hash`: hash of the validator set that signed this block.
    pub validators_hash: lc_bytes,
    /// `next_validators_hash`: hash of the next block's validator set.
    pub next_validators_hash: lc_bytes,
}

struct HeaderObject {
    header: cometbft::Header,
    chain_id: CString,
    hash: [u8; 32],
}

pub(crate) fn header_handle(sh: &SignedHeader) -> call::Result<*mut lc_header> {
    let header = sh.header.clone();
    let hash = header
        .hash()
        .ok_or_else(|| Fail::from(CometError::HeaderInvalid { field: "header", reason: "cannot be hashed" }))?;
    let chain_id =
        CString::new(header.chain_id.clone()).map_err(|_| Fail::argument("header.chain_id", "contains a NUL byte"))?;
    handle::register(HeaderObject { header, chain_id, hash })
}

/// One light-client step: verifies the light block `untrusted` against the already trusted
/// light block `trusted` at `now`, adjacent (height + 1) or skipping (more than the trust level
/// of the trusted next validators, then more than 2/3 of the new set). Light blocks are JSON
/// (tendermint-rs `LightBlock`, lumina `ExtendedHeader`); `trusted` needs its
/// `next_validator_set` to skip. `options` NULL: `lc_light_options_default()`.
///
/// On `LC_OK`, `*out` is the verified header (free with `lc_header_free`); otherwise NULL.
/// `LC_COMETBFT_TRUST_NOT_ENOUGH` means "verify an intermediate height first" (what
/// `lc_light_client_verify_to` does), not a forgery. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_cometbft_verify_light_block(
    trusted: *const u8,
    trusted_len: usize,
    untrusted: *const u8,
    untrusted_len: usize,
    now: lc_time,
    options: *const lc_light_options,
    out: *mut *mut lc_header,
) -> lc_status {
    // SAFETY: `out` is NULL or writable by the header's contract.
    unsafe { call::clear(out) };
    guard(|| {
        // SAFETY: every pointer is NULL or valid for its length / type by the header's contract.
        let (out, trusted, untrusted, options) = unsafe {
            (
                call::out(out, "out")?,
                call::bytes(trusted, trusted_len, "trusted")?,
                call::bytes(untrusted, untrusted_len, "untrusted")?,
                read_options(options)?,
            )
        };
        let now = now.timestamp("now")?;
        let trusted = json::light_block_from_json(trusted)?;
        let untrusted = json::light_block_from_json(untrusted)?;
        cometbft::verify(&untrusted, &trusted, &options, now)?;
        *out = header_handle(&untrusted.signed_header)?;
        Ok(())
    })
}

/// Verifies one commit against its own validator set: the header is well formed, the commit is
/// for it, the validators hash to its `validators_hash`, and signers hold more than 2/3 of the
/// voting power. `signed_header` is JSON (a signed header or an RPC `/commit` response);
/// `validator_pages` are `pages_len` JSON documents (RPC `/validators` pages, or one full set).
/// This proves what that validator set signed, not that the set is the chain's.
///
/// On `LC_OK`, `*out` is the verified header (free with `lc_header_free`); otherwise NULL. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_cometbft_verify_commit(
    signed_header: *const u8,
    signed_header_len: usize,
    validator_pages: *const lc_bytes,
    pages_len: usize,
    verify_all: bool,
    out: *mut *mut lc_header,
) -> lc_status {
    // SAFETY: `out` is NULL or writable by the header's contract.
    unsafe { call::clear(out) };
    guard(|| {
        // SAFETY: pointers are NULL or valid for their lengths by the header's contract.
        let (out, signed_header) =
            unsafe { (call::out(out, "out")?, call::bytes(signed_header, signed_header_len, "signed_header")?) };
        if validator_pages.is_null() {
            return Err(Fail::null("validator_pages"));
        }
        if pages_len == 0 || pages_len > LC_MAX_VALIDATOR_PAGES {
            return Err(Fail::argument("pages_len", "must be 1..=LC_MAX_VALIDATOR_PAGES"));
        }
        // SAFETY: non-NULL and valid for `pages_len` (≤ LC_MAX_VALIDATOR_PAGES) entries by contract.
        let pages = unsafe { std::slice::from_raw_parts(validator_pages, pages_len) };
        let pages = pages
            .iter()
            .enumerate()
            // SAFETY: each page's `ptr` is valid for its `len` by contract.
            .map(|(i, page)| unsafe { call::bytes(page.ptr, page.len, &format!("validator_pages[{i}]")) })
            .collect::<call::Result<Vec<&[u8]>>>()?;
        let sh = json::signed_header_from_json(signed_header)?;
        let set = json::validator_set_from_json_pages(&pages)?;
        cometbft::verify_commit(&sh, &set, counting(verify_all))?;
        *out = header_handle(&sh)?;
        Ok(())
    })
}

/// Fills `out` with the header's fields. Pointers in `out` are borrowed from the handle and
/// valid until it is freed. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_header_get_info(header: *const lc_header, out: *mut lc_header_info) -> lc_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<HeaderObject, _>(header, "header")?;
        let h = &object.header;
        *out = lc_header_info {
            chain_id: object.chain_id.as_ptr(),
            height: h.height,
            time: lc_time::of(h.time),
            hash: object.hash,
            app_hash: lc_bytes::of(&h.app_hash),
            data_hash: lc_bytes::of(&h.data_hash),
            last_results_hash: lc_bytes::of(&h.last_results_hash),
            validators_hash: lc_bytes::of(&h.validators_hash),
            next_validators_hash: lc_bytes::of(&h.next_validators_hash),
        };
        Ok(())
    })
}

/// Frees a header. NULL is a no-op; freeing twice gives `LC_ERR_INVALID_HANDLE`.
#[no_mangle]
pub extern "C" fn lc_header_free(header: *mut lc_header) -> lc_status {
    guard(|| handle::free::<HeaderObject, _>(header, "header"))
}

/// A transaction proven to be in a block.
#[repr(C)]
pub struct lc_proven_tx {
    /// Height of the block that holds the transaction.
    pub height: u64,
    /// Index of the transaction in the block.
    pub index: u64,
    /// Number of transactions in the block.
    pub total: u64,
    /// SHA-256 of the transaction (its CometBFT hash).
    pub tx_hash: [u8; 32],
}

/// Verifies a transaction inclusion proof (JSON of an RPC `/tx?prove=true` response) against
/// `header` (JSON: a signed header, light block or RPC `/commit` response), whose `data_hash` it
/// proves against. The header must already be verified (`lc_cometbft_verify_light_block`,
/// `lc_light_client_verify_to`): this checks only the proof. The transaction bytes are the
/// caller's (in the proof document); `out` receives where and what hash. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_cometbft_verify_tx(
    header: *const u8,
    header_len: usize,
    tx_proof: *const u8,
    tx_proof_len: usize,
    out: *mut lc_proven_tx,
) -> lc_status {
    guard(|| {
        // SAFETY: pointers are NULL or valid for their lengths by the header's contract.
        let (out, header, tx_proof) = unsafe {
            (
                call::out(out, "out")?,
                call::bytes(header, header_len, "header")?,
                call::bytes(tx_proof, tx_proof_len, "tx_proof")?,
            )
        };
        let sh = json::signed_header_or_light_block(header)?;
        let proof = inclusion::TxProof::from_json(tx_proof)?;
        let proven = inclusion::verify_tx(&proof, sh.header.height, &sh.header.data_hash)?;
        *out =
            lc_proven_tx { height: proven.height, index: proven.index, total: proven.total, tx_hash: proven.tx_hash };
        Ok(())
    })
}

/// Supplies the light block at `height` (JSON, as `lc_cometbft_verify_light_block` reads) by
/// setting `*light_block` to bytes that stay valid until the provider is called again or
/// `lc_light_client_verify_to` returns (lightcheck copies them before either). Return true on
/// success, false when the block is unavailable (the call then fails with
/// `LC_COMETBFT_PROVIDER`). Nothing a provider returns is trusted. `context` is the pointer
/// given to `lc_light_client_verify_to`. A provider must not call `lc_light_client_verify_to`
/// on the same client (that call returns `LC_ERR_BUSY`).
pub type lc_light_block_provider =
    Option<unsafe extern "C" fn(context: *mut c_void, height: u64, light_block: *mut lc_bytes) -> bool>;

/// A light client: trusted light blocks plus trust options; free with `lc_light_client_free`.
pub struct lc_light_client {
    _opaque: [u8; 0],
}

pub(crate) type Client = cometbft::LightClient<LC_LIGHT_CLIENT_CAPACITY>;

/// The client behind a handle: verifying mutates it, so calls on one client are serialized.
pub(crate) struct ClientObject(pub(crate) Mutex<Client>);

/// Creates a light client that trusts `trusted_block` (JSON light block with its next validator
/// set, whose height and hash you obtained out of band). `options` NULL: defaults.
/// On `LC_OK`, `*out` is the new client; otherwise NULL. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn lc_light_client_new(
    trusted_block: *const u8,
    trusted_block_len: usize,
    options: *const lc_light_options,
    out: *mut *mut lc_light_client,
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
        let block = json::light_block_from_json(block)?;
        *out = handle::register(ClientObject(Mutex::new(Client::new(block, options))))?;
        Ok(())
    })
}

/// Restores a client from `lc_light_client_to_json` output (options are not stored: pass them
/// again). Restore only what lightcheck wrote: the blocks are trusted as they are.
#[no_mangle]
pub unsafe extern "C" fn lc_light_client_from_json(
    state: *const u8,
    state_len: usize,
    options: *const lc_light_options,
    out: *mut *mut lc_light_client,
) -> lc_status {
    // SAFETY: `out` is NULL or writable by the header's contract.
    unsafe { call::clear(out) };
    guard(|| {
        // SAFETY: pointers are NULL or valid for their lengths / types by the header's contract.
        let (out, state, options) =
            unsafe { (call::out(out, "out")?, call::bytes(state, state_len, "state")?, read_options(options)?) };
        let store = TrustedStore::<LC_LIGHT_CLIENT_CAPACITY>::from_json(state)?;
        if store.is_empty() {
            return Err(CometError::Schedule { reason: "no trusted block" }.into());
        }
        *out = handle::register(ClientObject(Mutex::new(Client { store, options })))?;
        Ok(())
    })
}

pub(crate) fn lock<'a>(object: &'a ClientObject) -> call::Result<std::sync::MutexGuard<'a, Client>> {
    object.0.try_lock().map_err(|e| match e {
        std::sync::TryLockError::WouldBlock => {
            Fail::new(lc_status::LC_ERR_BUSY, "client: in use by another call (or re-entered from its provider)")
        }
        std::sync::TryLockError::Poisoned(_) => Fail::new(lc_status::LC_ERR_INTERNAL, "client: poisoned by a panic"),
    })
}

/// The trusted blocks as JSON (an array of light blocks), for `lc_light_client_from_json`.
/// On `LC_OK`, `*out` is a new buffer (free with `lc_buffer_free`).
#[no_mangle]
pub unsafe extern "C" fn lc_light_client_to_json(
    client: *const lc_light_client,
    out: *mut *mut lc_buffer,
) -> lc_status {
    // SAFETY: `out` is NULL or writable by the header's contract.
    unsafe { call::clear(out) };
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let object = handle::get::<ClientObject, _>(client, "client")?;
        let json = lock(&object)?.store.to_json();
        *out = Buffer::handle(json)?;
        Ok(())
    })
}

/// Heights of the trusted blocks, ascending: writes at most `capacity` of them to `heights`
/// (which may be NULL when `capacity` is 0) and the total number to `*count`.
#[no_mangle]
pub unsafe extern "C" fn lc_light_client_trusted_heights(
    client: *const lc_light_client,
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
        let object = handle::get::<ClientObject, _>(client, "client")?;
        let client = lock(&object)?;
        let blocks = client.store.blocks();
        for (i, block) in blocks.iter().take(capacity).enumerate() {
            // SAFETY: `heights` is non-NULL here and writable for `capacity` entries; i < capacity.
            unsafe { heights.add(i).write(block.height()) };
        }
        *count = blocks.len();
        Ok(())
    })
}

/// Calls the C provider; what it returns is copied and decoded at once.
struct CallbackProvider {
    provider: unsafe extern "C" fn(*mut c_void, u64, *mut lc_bytes) -> bool,
    context: *mut c_void,
}

impl Provider for CallbackProvider {
    fn light_block(&mut self, height: u64) -> Result<LightBlock, CometError> {
        let failed = |reason: &str| CometError::Provider { height, reason: reason.into() };
        let mut bytes = lc_bytes { ptr: std::ptr::null(), len: 0 };
        // SAFETY: the caller of lc_light_client_verify_to supplied this function and context and
        // promised the function is safe to call with them and a writable lc_bytes.
        if !unsafe { (self.provider)(self.context, height, &mut bytes) } {
            return Err(failed("the provider returned false"));
        }
        // SAFETY: the provider promised `bytes` valid for its length until it is called again;
        // they are decoded (copied) before that.
        let json = unsafe { call::bytes(bytes.ptr, bytes.len, "light_block") }.map_err(|fail| failed(&fail.message))?;
        json::light_block_from_json(json)
    }
}

/// Verifies the header at `height`, fetching light blocks through `provider(context, height)` as
/// needed: forwards from the highest trusted block below it (skipping, bisecting when too little
/// trusted power signed) or backwards from the lowest trusted block above it (hash chaining). A
/// height already trusted is returned without fetching; every newly verified block is
/// remembered. At most 512 fetches per call. The provider runs on the calling thread.
///
/// On `LC_OK`, `*out` is the verified header at `height` (free with `lc_header_free`).
/// Calls on one client are serialized: a concurrent or re-entrant call gets `LC_ERR_BUSY`.
#[no_mangle]
pub unsafe extern "C" fn lc_light_client_verify_to(
    client: *mut lc_light_client,
    height: u64,
    now: lc_time,
    provider: lc_light_block_provider,
    context: *mut c_void,
    out: *mut *mut lc_header,
) -> lc_status {
    // SAFETY: `out` is NULL or writable by the header's contract.
    unsafe { call::clear(out) };
    guard(|| {
        // SAFETY: `out` is NULL or writable by the header's contract.
        let out = unsafe { call::out(out, "out") }?;
        let provider = provider.ok_or_else(|| Fail::null("provider"))?;
        if height == 0 {
            return Err(Fail::argument("height", "must be positive"));
        }
        let now: Timestamp = now.timestamp("now")?;
        let object = handle::get::<ClientObject, _>(client, "client")?;
        let mut client = lock(&object)?;
        let trace = client.verify_to(&mut CallbackProvider { provider, context }, height, now)?;
        let last = trace
            .verified
            .last()
            .ok_or_else(|| Fail::from(CometError::Schedule { reason: "the light client returned no block" }))?;
        *out = header_handle(&last.signed_header)?;
        Ok(())
    })
}

/// Frees a light client. NULL is a no-op; freeing twice gives `LC_ERR_INVALID_HANDLE`. Freeing
/// a client while a call on it runs (another thread, or its own provider) returns `LC_OK` and
/// invalidates the handle at once; the running call finishes on its own reference and its
/// result is still valid.
#[no_mangle]
pub extern "C" fn lc_light_client_free(client: *mut lc_light_client) -> lc_status {
    guard(|| handle::free::<ClientObject, _>(client, "client"))
}
