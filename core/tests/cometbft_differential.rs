//! Differential tests against tendermint-rs (`tendermint-light-client-verifier` 0.41,
//! `ProdVerifier::verify_update_header`): for the same JSON, lightcheck's
//! `cometbft::verify` and tendermint-rs must reach the same verdict class (Success /
//! NotEnoughTrust / Invalid).
//!
//! Inputs (`../shared/vectors/cometbft`):
//! - (a) every step of tendermint-rs's 41 model-based single-step files, with their harness
//!   (trust 1/3, clock drift 0, trusted validators = next validators =
//!   `initial.next_validator_set`, a successful block becomes the trusted one); both must also
//!   give the file's verdict (one step has `"signatures": null`, which lightcheck refuses to
//!   decode and tendermint-rs decodes as an empty list: INVALID either way);
//! - (b) deterministic random mutations of those steps: raw ones (a flipped signature bit, a
//!   changed hash, `now`, …) and "resealed" ones, where after the change the validator-set
//!   hashes, the header hash in the commit's block ID and every vote signature are recomputed so
//!   that the input gets past the cheap checks into the interesting ones (voting power, times,
//!   heights, flags). Resealing signs with the model's keys: tendermint-testgen derives each
//!   validator's ed25519 seed from its id (`"n3"` → `b"n3"` padded with zeros to 32 bytes). The
//!   hashes and sign bytes come from lightcheck's own encoders, so tendermint-rs also checks those.
//!   Inputs that either library cannot decode are skipped and counted;
//! - (c) the adjacent steps of lumina's `chain3` (256 real celestia devnet blocks), plus raw
//!   mutations of them;
//! - (d) the project's conformance vectors (`test-vectors/cometbft/manifest.json`: 1 to 150
//!   validators, rotations, secp256k1 keys, one case per rejection reason), plus raw mutations.
//!
//! The counts are printed (`-- --nocapture`); `DIFF_DEBUG=1` also prints every input one library
//! could not decode, with both errors.
//!
//! Known, deliberate differences (cometbft.md §2), each asserted narrowly (the verdicts, the
//! lightcheck error, and the input property checked independently):
//! - **misaligned signer**: lightcheck, like CometBFT's `VerifyCommitLight`, takes the validator
//!   **by index** and rejects a commit whose Commit/Nil entry at index i is not validator i's;
//!   tendermint-rs looks signers up **by address**, so a commit with its entries reordered (each
//!   still validly signed) passes there (§2.4);
//! - **block version**: lightcheck applies `Header.ValidateBasic`'s `version.block == 11`;
//!   tendermint-rs does not check it (§2.1);
//! - **trust fails before the 2/3 tally**: on a skipping step whose signers hold too little of the
//!   trusted power, lightcheck returns NotEnoughTrust without looking at the rest of the commit,
//!   as Go's `VerifyNonAdjacent` does (`VerifyCommitLightTrusting` first, `VerifyCommitLight`
//!   last, §2.3); tendermint-rs tallies both sets before judging either, so a bad signature of the
//!   new set makes it Invalid. Narrowed to: the commit does hold a bad signature of its own set;
//! - **trusted next validators**: on a skipping step lightcheck hash-checks the trusted block's
//!   next validator set against its header (§0.4, §10.6); tendermint-rs leaves that to the caller
//!   (`verify_update_header` docs). Narrowed to: that hash really differs;
//! - **short signature past the early exit**: tendermint-rs cannot decode a vote signature that is
//!   not 64 bytes; lightcheck, like Go's `CommitSig.ValidateBasic`, takes 1..=64 bytes and leaves
//!   the rest to verification, so such a signature past the threshold is never looked at (as a
//!   wrong 64-byte one is not, in either library). Narrowed to: tendermint-rs's decode error is
//!   the signature length and lightcheck with `VerifyAll` rejects the signature.
//!
//! - **validator without an address**: a validator set may omit a validator's `address` (empty
//!   string); lightcheck derives it from the public key (the address is not part of the
//!   validator-set hash, and a non-empty one must match the key); tendermint-rs cannot decode it.
//!   Found by the differential fuzz target (`fuzz/fuzz_targets/cometbft_differential.rs`).
//!
//! - **validator-set fields lightcheck does not read**: `total_voting_power` (not hashed; Go
//!   recomputes it and ignores the field, `ValidatorSetFromProto`) and `proposer_priority` (not
//!   hashed, not needed to verify); tendermint-rs parses and checks both. Narrowed to: with those
//!   fields normalised, tendermint-rs decodes the input and reaches lightcheck's verdict. Found
//!   by the differential fuzz target.
//! - **last block ID at height 1**: tendermint-rs refuses a height-1 header whose `last_block_id`
//!   is set; Go's `Header.ValidateBasic` has no such rule and neither has lightcheck (the field is
//!   hashed, so a signed header cannot be altered this way). Found by the differential fuzz target.
//!
//! - **the trusted block's commit signatures**: lightcheck checks that a trusted block is well
//!   formed (header and commit `ValidateBasic`, the commit for that header) but, like Go's light
//!   client, never verifies or decodes further the trusted block's own vote signatures;
//!   tendermint-rs refuses, at decoding, a signature that is not 64 bytes. Narrowed to: with that
//!   commit replaced by an empty one for the same header, tendermint-rs reaches lightcheck's
//!   verdict. Found by the differential fuzz target (which also led lightcheck to validate the
//!   trusted block at all: it used to take it entirely as given).
//!
//! - **a trusted block that is not well formed**: lightcheck applies `ValidateBasic` to the
//!   trusted signed header (header rules, the commit for that header) before building on it;
//!   tendermint-rs's verifier does not, so a trusted block whose commit is for another header
//!   still lets it verify (or finds too little trust). Narrowed to: the trusted signed header
//!   really fails `ValidateBasic` (e.g. its commit is for another header, its block version is not
//!   11).
//!
//! - **mixed-case hex**: Go's `HexBytes` and lightcheck read addresses and hashes in any case;
//!   tendermint-rs refuses mixed case. Narrowed to: with those strings upper-cased, tendermint-rs
//!   decodes the input and reaches lightcheck's verdict. Found by the differential fuzz target.
//!
//! - **integers in the other JSON form**: lightcheck reads heights, powers, rounds and flags as
//!   strings or numbers (lumina writes numbers); tendermint-rs, like Go's JSON, wants int64s as
//!   strings and int32s as numbers. Narrowed to: with each written in Go's form, tendermint-rs
//!   reaches lightcheck's verdict. Found by the differential fuzz target.
//!
//! Inputs only one library decodes are otherwise counted, not compared; lightcheck must still
//! not *accept* anything tendermint-rs cannot decode (except the case above).
//!
//! Any other disagreement fails the test with the input.
#![cfg(feature = "cometbft")]

mod common;

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use base64::Engine;
use ed25519_consensus::SigningKey;
use lightcheck::cometbft::json::{signed_header_from_json_value, validator_set_from_json_value};
use lightcheck::cometbft::{CommitSig, CountingMode};
use lightcheck::time::Timestamp;
use serde_json::{json, Value};

/// Mutations per model-based step, and per lumina step.
const MUTATIONS_PER_MODEL_STEP: usize = 100;
const MUTATIONS_PER_LUMINA_STEP: usize = 4;
const MUTATIONS_PER_CONFORMANCE_CASE: usize = 20;

#[path = "common/cometbft_diff.rs"]
mod cometbft_diff;

use cometbft_diff::*;

// ---------------------------------------------------------------------------------------------
// Tallies

#[derive(Default)]
struct Tally {
    agree: BTreeMap<Class, usize>,
    known: BTreeMap<String, usize>,
    undecodable_lightcheck: usize,
    undecodable_tendermint: usize,
    undecodable_both: usize,
    /// Undecodable inputs by mutation kind and library.
    undecodable_by_kind: BTreeMap<String, usize>,
    by_kind: BTreeMap<&'static str, usize>,
    disagreements: Vec<String>,
    /// Disagreements by (mutation kind, verdicts), with the first example.
    disagreement_kinds: BTreeMap<String, (usize, String)>,
}

impl Tally {
    fn record(&mut self, kind: &'static str, case: &Case, outcome: Outcome) {
        *self.by_kind.entry(kind).or_default() += 1;
        match outcome {
            Outcome::Agree(c) => *self.agree.entry(c).or_default() += 1,
            Outcome::Known(name, l, t) => {
                *self
                    .known
                    .entry(format!("{name}: lightcheck {} / tendermint-rs {}", l.name(), t.name()))
                    .or_default() += 1
            }
            Outcome::Undecodable { lightcheck, tendermint, other } => {
                let who = match (&lightcheck, &tendermint) {
                    (Some(_), Some(_)) => {
                        self.undecodable_both += 1;
                        "both".to_string()
                    }
                    (Some(_), None) => {
                        self.undecodable_lightcheck += 1;
                        format!("lightcheck only; tendermint-rs {}", other.unwrap().name())
                    }
                    _ => {
                        self.undecodable_tendermint += 1;
                        format!("tendermint-rs only; lightcheck {}", other.unwrap().name())
                    }
                };
                *self.undecodable_by_kind.entry(format!("{kind} ({who})")).or_default() += 1;
                if std::env::var_os("DIFF_DEBUG").is_some() {
                    eprintln!("UNDECODABLE {} [{kind}] lc={lightcheck:?} tm={tendermint:?}", case.label);
                }
            }
            Outcome::Disagree(short, detail) => {
                self.disagreements.push(case.label.clone());
                let entry = self.disagreement_kinds.entry(format!("[{kind}] {short}")).or_insert_with(|| {
                    let example = format!(
                        "{}\n{detail}\nnow: {}\nuntrusted: {}\ntrusted: {}",
                        case.label,
                        case.now,
                        serde_json::to_string(&case.untrusted).unwrap(),
                        serde_json::to_string(&case.trusted["signed_header"]["header"]).unwrap(),
                    );
                    (0, example)
                });
                entry.0 += 1;
            }
        }
    }

    fn compared(&self) -> usize {
        self.agree.values().sum::<usize>() + self.known.values().sum::<usize>() + self.disagreements.len()
    }

    fn report(&self, title: &str) {
        eprintln!("== {title} ==");
        eprintln!(
            "  compared {}: agree {:?}; known differences {}; DISAGREE {}",
            self.compared(),
            self.agree.iter().map(|(c, n)| format!("{}={n}", c.name())).collect::<Vec<_>>(),
            self.known.values().sum::<usize>(),
            self.disagreements.len()
        );
        for (name, n) in &self.known {
            eprintln!("    known: {name}: {n}");
        }
        for (name, (n, _)) in &self.disagreement_kinds {
            eprintln!("    DISAGREE: {name}: {n}");
        }
        eprintln!(
            "  skipped as undecodable: lightcheck only {}, tendermint-rs only {}, both {}",
            self.undecodable_lightcheck, self.undecodable_tendermint, self.undecodable_both
        );
        for (kind, n) in &self.undecodable_by_kind {
            eprintln!("    undecodable: {kind}: {n}");
        }
        if self.by_kind.len() > 1 {
            eprintln!("  inputs by mutation: {:?}", self.by_kind);
        }
    }

    fn assert_no_disagreement(&self) {
        let kinds: Vec<String> =
            self.disagreement_kinds.iter().map(|(k, (n, example))| format!("{n} x {k}\nfirst: {example}")).collect();
        assert!(self.disagreements.is_empty(), "{} disagreement(s):\n{}", self.disagreements.len(), kinds.join("\n\n"));
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs

fn model_files() -> Option<Vec<std::path::PathBuf>> {
    let dir = common::shared_vectors()?.join("cometbft/tendermint-rs/light-client/model_based/single_step");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Some(files)
}

fn block_value(block: &Value) -> Value {
    json!({
        "signed_header": block["signed_header"],
        "validator_set": block["validator_set"],
        "next_validator_set": block["next_validator_set"],
    })
}

/// Every model-based step as a case, with the file's verdict; the trusted block advances on the
/// file's SUCCESS steps (the test asserts that both libraries agree with the file).
fn model_cases() -> Option<Vec<(Case, String)>> {
    let mut out = Vec::new();
    for path in model_files()? {
        let t = common::json(&path);
        let Some(initial) = t.get("initial") else { continue };
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let mut trusted = json!({
            "signed_header": initial["signed_header"],
            "validator_set": initial["next_validator_set"],
            "next_validator_set": initial["next_validator_set"],
        });
        let period: u64 = initial["trusting_period"].as_str().unwrap().parse().unwrap();
        for (i, input) in t["input"].as_array().unwrap().iter().enumerate() {
            let expected = input["verdict"].as_str().unwrap().to_string();
            let untrusted = block_value(&input["block"]);
            out.push((
                Case {
                    label: format!("{name} step {i}"),
                    trusted: trusted.clone(),
                    untrusted: untrusted.clone(),
                    now: input["now"].as_str().unwrap().to_string(),
                    trusting_period: Duration::from_nanos(period),
                    clock_drift: Duration::ZERO,
                    trust: (1, 3),
                },
                expected.clone(),
            ));
            if expected == "SUCCESS" {
                trusted = untrusted;
            }
        }
    }
    Some(out)
}

/// Signing keys of every validator id in the model-based files' `testgen_block`s.
fn model_keys() -> Option<HashMap<[u8; 20], SigningKey>> {
    fn collect_ids(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let (Some(Value::String(id)), true) = (m.get("id"), m.contains_key("voting_power")) {
                    out.push(id.clone());
                }
                m.values().for_each(|x| collect_ids(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| collect_ids(x, out)),
            _ => {}
        }
    }
    let mut ids = Vec::new();
    for path in model_files()? {
        collect_ids(&common::json(&path), &mut ids);
    }
    ids.sort();
    ids.dedup();
    let mut keys = HashMap::new();
    for id in ids {
        let mut seed = [0u8; 32];
        seed[..id.len()].copy_from_slice(id.as_bytes());
        let key = SigningKey::from(seed);
        let pk = lightcheck::cometbft::PublicKey::Ed25519(key.verification_key().to_bytes());
        keys.insert(pk.address(), key);
    }
    Some(keys)
}

fn lumina_chain() -> Option<Vec<Value>> {
    let path = common::shared_vectors()?.join("cometbft/lumina/chain3/extended_header_block_1_to_256.json");
    match common::json(&path) {
        Value::Array(a) => Some(a),
        _ => panic!("{}: not an array", path.display()),
    }
}

/// lumina's adjacent steps: block i trusted (its next validators are block i+1's set), block
/// i+1 untrusted without a next validator set, `now` one second after the last block. lumina
/// writes `commit.height` as a JSON number, which tendermint-rs's serde does not accept (it wants
/// a string, as CometBFT's RPC writes it); it is turned into a string for both libraries.
fn lumina_cases() -> Option<Vec<Case>> {
    let mut chain = lumina_chain()?;
    for b in &mut chain {
        let h = int_of(&b["commit"]["height"]);
        b["commit"]["height"] = Value::String(h.to_string());
    }
    let last = Timestamp::parse(chain.last().unwrap()["header"]["time"].as_str().unwrap()).unwrap();
    let now = Timestamp::from_unix_secs(last.unix_secs() + 1).unwrap().to_string();
    let sh = |b: &Value| json!({"header": b["header"], "commit": b["commit"]});
    Some(
        chain
            .windows(2)
            .map(|w| Case {
                label: format!("lumina chain3 {} -> {}", w[0]["header"]["height"], w[1]["header"]["height"]),
                trusted: json!({
                    "signed_header": sh(&w[0]),
                    "validator_set": w[0]["validator_set"],
                    "next_validator_set": w[1]["validator_set"],
                }),
                untrusted: json!({
                    "signed_header": sh(&w[1]),
                    "validator_set": w[1]["validator_set"],
                    "next_validator_set": null,
                }),
                now: now.clone(),
                trusting_period: Duration::from_secs(14 * 24 * 3600),
                clock_drift: Duration::from_secs(10),
                trust: (1, 3),
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// SplitMix64: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn header(case: &mut Case) -> &mut Value {
    &mut case.untrusted["signed_header"]["header"]
}

fn commit(case: &mut Case) -> &mut Value {
    &mut case.untrusted["signed_header"]["commit"]
}

/// The commit's signatures (a null list, as in one model-based step, becomes an empty one).
fn sigs(case: &mut Case) -> &mut Vec<Value> {
    let s = &mut commit(case)["signatures"];
    if s.is_null() {
        *s = json!([]);
    }
    s.as_array_mut().expect("signatures array")
}

/// The validators of `set` (`validator_set` or `next_validator_set`), if the set is there.
/// (`get_mut`: indexing a null with `[]` would turn it into an object.)
fn vals<'a>(case: &'a mut Case, set: &str) -> Option<&'a mut Vec<Value>> {
    case.untrusted.get_mut(set)?.get_mut("validators")?.as_array_mut()
}

fn flag_of(sig: &Value) -> u64 {
    sig["block_id_flag"].as_u64().unwrap_or(0)
}

/// Changes one hex digit of a hex string (or makes an empty one 32 bytes of zeros).
fn flip_hex(rng: &mut Rng, v: &mut Value) {
    let s = v.as_str().unwrap_or("").to_string();
    if s.is_empty() {
        *v = Value::String("00".repeat(32));
        return;
    }
    let mut b = s.into_bytes();
    let i = rng.below(b.len());
    let digits = b"0123456789ABCDEF";
    let old = b[i].to_ascii_uppercase();
    b[i] = *digits.iter().filter(|&&d| d != old).nth(rng.below(15)).unwrap();
    *v = Value::String(String::from_utf8(b).unwrap());
}

fn shift_time(v: &mut Value, nanos: i128) {
    let t = Timestamp::parse(v.as_str().unwrap()).unwrap();
    let t = Timestamp::from_unix_nanos(t.unix_nanos() + nanos).expect("shifted time in range");
    *v = Value::String(t.to_string());
}

fn time_of(v: &Value) -> i128 {
    Timestamp::parse(v.as_str().unwrap()).unwrap().unix_nanos()
}

fn set_time(v: &mut Value, nanos: i128) {
    let t = Timestamp::from_unix_nanos(nanos).expect("time in range");
    *v = Value::String(t.to_string());
}

/// Heights are strings in tendermint-rs JSON and numbers in lumina's commits: keep the shape.
fn set_int(v: &mut Value, n: u64) {
    *v = if v.is_number() { json!(n) } else { Value::String(n.to_string()) };
}

fn int_of(v: &Value) -> u64 {
    v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok())).unwrap_or(0)
}

/// An Absent entry in the shape the input already uses.
fn absent_like(case: &mut Case) -> Value {
    sigs(case).iter().find(|s| flag_of(s) == 1).cloned().unwrap_or_else(
        || json!({"block_id_flag": 1, "validator_address": "", "timestamp": "0001-01-01T00:00:00Z", "signature": null}),
    )
}

fn ed25519_address(pk_b64: &str) -> Option<[u8; 20]> {
    let pk: [u8; 32] = B64.decode(pk_b64).ok()?.try_into().ok()?;
    Some(lightcheck::cometbft::PublicKey::Ed25519(pk).address())
}

/// The canonical (lightcheck) order of the untrusted validators: addresses by index.
fn canonical_addresses(case: &Case) -> Option<Vec<[u8; 20]>> {
    let set = validator_set_from_json_value(case.untrusted["validator_set"].clone()).ok()?;
    Some(set.validators().iter().map(|v| v.address).collect())
}

/// The mutation kinds; `true` when the kind should usually be resealed afterwards.
const KINDS: &[(&str, bool)] = &[
    ("signature bit flip", false),
    ("signature truncated", false),
    ("header hash field", false),
    ("commit block_id hash", false),
    ("commit part_set_header", false),
    ("now", false),
    ("header time", true),
    ("height", true),
    ("chain_id", true),
    ("block version", true),
    ("drop validator", true),
    ("duplicate validator", true),
    ("add validator", true),
    ("reorder signatures", false),
    ("voting power", true),
    ("next validator set", true),
    ("block_id_flag", true),
    ("commit round", true),
    ("vote timestamp", true),
    ("signer address", false),
    ("validator JSON order", false),
    ("no votes", false),
];

/// Applies mutation `kind` to `case`. `pool` holds keys of validators to add.
fn mutate(rng: &mut Rng, case: &mut Case, kind: &str, pool: &[(String, [u8; 20])]) {
    match kind {
        "signature bit flip" | "signature truncated" => {
            let idx: Vec<usize> = (0..sigs(case).len()).filter(|&i| flag_of(&sigs(case)[i]) != 1).collect();
            if idx.is_empty() {
                return;
            }
            let i = *rng.pick(&idx);
            let bit = rng.below(512);
            let sig = &mut sigs(case)[i]["signature"];
            let mut bytes = B64.decode(sig.as_str().unwrap_or("")).unwrap_or_default();
            if bytes.is_empty() {
                return;
            }
            if kind == "signature truncated" {
                bytes.pop();
            } else {
                let len = bytes.len();
                bytes[(bit / 8) % len] ^= 1 << (bit % 8);
            }
            *sig = Value::String(B64.encode(bytes));
        }
        "header hash field" => {
            let fields = [
                "last_commit_hash",
                "data_hash",
                "validators_hash",
                "next_validators_hash",
                "consensus_hash",
                "app_hash",
                "last_results_hash",
                "evidence_hash",
                "proposer_address",
            ];
            let f = *rng.pick(&fields);
            if rng.chance(20) {
                header(case)[f] = Value::String(String::new());
            } else {
                flip_hex(rng, &mut header(case)[f]);
            }
        }
        "commit block_id hash" => {
            if rng.chance(20) {
                commit(case)["block_id"]["hash"] = Value::String(String::new());
            } else {
                flip_hex(rng, &mut commit(case)["block_id"]["hash"]);
            }
        }
        "commit part_set_header" => {
            let key = if commit(case)["block_id"].get("parts").is_some() { "parts" } else { "part_set_header" };
            if rng.chance(50) {
                flip_hex(rng, &mut commit(case)["block_id"][key]["hash"]);
            } else {
                let total = int_of(&commit(case)["block_id"][key]["total"]);
                commit(case)["block_id"][key]["total"] = json!(total + 1);
            }
        }
        "now" => {
            let h = time_of(&header(case)["time"]);
            let t = time_of(&case.trusted["signed_header"]["header"]["time"]);
            let expiry = t + case.trusting_period.as_nanos() as i128;
            let drift = case.clock_drift.as_nanos() as i128;
            let choices =
                [h - drift - 1, h - drift, h - drift + 1, expiry - 1, expiry, expiry + 1, t, h + 1_000_000_000];
            let n = *rng.pick(&choices);
            let mut v = Value::String(case.now.clone());
            set_time(&mut v, n);
            case.now = v.as_str().unwrap().to_string();
        }
        "header time" => {
            let t = time_of(&case.trusted["signed_header"]["header"]["time"]);
            let now = time_of(&Value::String(case.now.clone()));
            let h = time_of(&header(case)["time"]);
            let drift = case.clock_drift.as_nanos() as i128;
            let choices = [t - 1, t, t + 1, now + drift - 1, now + drift, h - 1_000_000_000, h + 1];
            let n = *rng.pick(&choices);
            set_time(&mut header(case)["time"], n);
        }
        "height" => {
            let th = int_of(&case.trusted["signed_header"]["header"]["height"]);
            let h = int_of(&header(case)["height"]);
            let choices = [th.saturating_sub(1), th, th + 1, th + 2, h + 1, h.saturating_sub(1), 0];
            let n = *rng.pick(&choices);
            set_int(&mut header(case)["height"], n);
            if rng.chance(85) {
                set_int(&mut commit(case)["height"], n);
            }
        }
        "chain_id" => {
            let id = header(case)["chain_id"].as_str().unwrap().to_string();
            let choices = [format!("{id}x"), String::new(), "c".repeat(51), "c".repeat(50), id.to_uppercase()];
            header(case)["chain_id"] = Value::String(rng.pick(&choices).clone());
        }
        "block version" => {
            let v = *rng.pick(&[10u64, 12, 0]);
            header(case)["version"]["block"] = Value::String(v.to_string());
            if rng.chance(30) {
                header(case)["version"]["app"] = Value::String("7".into());
            }
        }
        "drop validator" => {
            let Some(order) = canonical_addresses(case) else { return };
            if order.is_empty() {
                return;
            }
            let i = rng.below(order.len());
            let (drop_val, drop_sig) = match rng.below(4) {
                0 => (true, false),
                1 => (false, true),
                _ => (true, true),
            };
            if drop_val {
                let addr = order[i];
                vals(case, "validator_set")
                    .unwrap()
                    .retain(|v| ed25519_address(v["pub_key"]["value"].as_str().unwrap_or("")) != Some(addr));
            }
            if drop_sig && i < sigs(case).len() {
                sigs(case).remove(i);
            }
        }
        "duplicate validator" => {
            let vs = vals(case, "validator_set").unwrap();
            if vs.is_empty() {
                return;
            }
            let v = vs[rng.below(vs.len())].clone();
            vs.push(v);
            let s = sigs(case);
            if !s.is_empty() {
                let dup = s[rng.below(s.len())].clone();
                s.push(dup);
            }
        }
        "add validator" => {
            let Some(order) = canonical_addresses(case) else { return };
            let candidates: Vec<&(String, [u8; 20])> = pool.iter().filter(|(_, a)| !order.contains(a)).collect();
            if candidates.is_empty() {
                return;
            }
            let (pk, addr) = (*rng.pick(&candidates)).clone();
            let power = *rng.pick(&[1u64, 10, 50, 1000, 100_000]);
            vals(case, "validator_set").unwrap().push(json!({
                "address": hex::encode_upper(addr),
                "pub_key": {"type": "tendermint/PubKeyEd25519", "value": pk},
                "voting_power": power.to_string(),
            }));
            let Some(new_order) = canonical_addresses(case) else { return };
            let i = new_order.iter().position(|a| *a == addr).unwrap();
            let time = header(case)["time"].clone();
            let entry = match rng.below(3) {
                0 => absent_like(case),
                1 => {
                    json!({"block_id_flag": 2, "validator_address": hex::encode_upper(addr), "timestamp": time, "signature": B64.encode([0u8; 64])})
                }
                _ => {
                    json!({"block_id_flag": 3, "validator_address": hex::encode_upper(addr), "timestamp": time, "signature": B64.encode([0u8; 64])})
                }
            };
            let s = sigs(case);
            let at = i.min(s.len());
            s.insert(at, entry);
        }
        "reorder signatures" => {
            let s = sigs(case);
            if s.len() < 2 {
                return;
            }
            let (i, j) = (rng.below(s.len()), rng.below(s.len()));
            s.swap(i, j);
            if rng.chance(30) {
                s.reverse();
            }
        }
        "voting power" => {
            let set = if rng.chance(80) { "validator_set" } else { "next_validator_set" };
            let Some(vs) = vals(case, set) else { return };
            if vs.is_empty() {
                return;
            }
            let i = rng.below(vs.len());
            let p = int_of(&vs[i]["voting_power"]);
            let choices = [0, 1, p + 1, p.saturating_sub(1), p * 3, 1 << 40, u64::MAX / 16];
            let np = *rng.pick(&choices);
            vs[i]["voting_power"] = Value::String(np.to_string());
        }
        "next validator set" => {
            let Some(vs) = vals(case, "next_validator_set") else { return };
            if !vs.is_empty() && rng.chance(50) {
                vs.remove(rng.below(vs.len()));
            } else if let Some((pk, addr)) = pool.first() {
                vs.push(json!({
                    "address": hex::encode_upper(addr),
                    "pub_key": {"type": "tendermint/PubKeyEd25519", "value": pk},
                    "voting_power": "7",
                }));
            }
        }
        "block_id_flag" => {
            let Some(order) = canonical_addresses(case) else { return };
            let n = sigs(case).len();
            if n == 0 {
                return;
            }
            let i = rng.below(n);
            let time = header(case)["time"].clone();
            let absent = absent_like(case);
            let sig = &mut sigs(case)[i];
            let flag = flag_of(sig);
            let to = *rng.pick(&[1u64, 2, 3, 0, 4]);
            match (flag, to) {
                (2 | 3, 1) if rng.chance(70) => *sig = absent,
                (1, 2 | 3) => {
                    if let Some(a) = order.get(i) {
                        *sig = json!({"block_id_flag": to, "validator_address": hex::encode_upper(a), "timestamp": time, "signature": B64.encode([0u8; 64])});
                    }
                }
                _ => sig["block_id_flag"] = json!(to),
            }
        }
        "commit round" => {
            let r = commit(case)["round"].as_u64().unwrap_or(0);
            commit(case)["round"] = json!(*rng.pick(&[0, r + 1, 1 << 31, 2]));
        }
        "vote timestamp" => {
            let idx: Vec<usize> = (0..sigs(case).len()).filter(|&i| flag_of(&sigs(case)[i]) != 1).collect();
            if idx.is_empty() {
                return;
            }
            let i = *rng.pick(&idx);
            let d = *rng.pick(&[1i128, -1, 1_000_000_000, -86_400_000_000_000]);
            shift_time(&mut sigs(case)[i]["timestamp"], d);
        }
        "signer address" => {
            let Some(order) = canonical_addresses(case) else { return };
            let idx: Vec<usize> = (0..sigs(case).len()).filter(|&i| flag_of(&sigs(case)[i]) != 1).collect();
            if idx.is_empty() || order.is_empty() {
                return;
            }
            let i = *rng.pick(&idx);
            let other =
                if rng.chance(70) { order[rng.below(order.len())] } else { pool.first().map_or([7; 20], |p| p.1) };
            sigs(case)[i]["validator_address"] = Value::String(hex::encode_upper(other));
        }
        "validator JSON order" => {
            // Never trusted: both libraries sort sets canonically.
            for set in ["validator_set", "next_validator_set"] {
                if let Some(vs) = vals(case, set) {
                    let k = rng.below(vs.len().max(1));
                    vs.rotate_left(k);
                    if rng.chance(50) {
                        vs.reverse();
                    }
                }
            }
        }
        "no votes" => {
            let absent = absent_like(case);
            for s in sigs(case).iter_mut() {
                *s = absent.clone();
            }
            if rng.chance(30) {
                sigs(case).clear();
            }
        }
        other => panic!("unknown mutation {other}"),
    }
}

/// Recomputes `validators_hash`, `next_validators_hash`, the commit's block-ID hash and every
/// Commit/Nil signature whose key is known, with lightcheck's encoders. Does nothing where
/// lightcheck cannot decode the part it needs.
fn reseal(case: &mut Case, keys: &HashMap<[u8; 20], SigningKey>) {
    if let Ok(set) = validator_set_from_json_value(case.untrusted["validator_set"].clone()) {
        header(case)["validators_hash"] = Value::String(hex::encode_upper(set.hash()));
    }
    if !case.untrusted["next_validator_set"].is_null() {
        if let Ok(set) = validator_set_from_json_value(case.untrusted["next_validator_set"].clone()) {
            header(case)["next_validators_hash"] = Value::String(hex::encode_upper(set.hash()));
        }
    }
    let Ok(sh) = signed_header_from_json_value(case.untrusted["signed_header"].clone()) else { return };
    let Some(hash) = sh.header.hash() else { return };
    commit(case)["block_id"]["hash"] = Value::String(hex::encode_upper(hash));
    let Ok(sh) = signed_header_from_json_value(case.untrusted["signed_header"].clone()) else { return };
    for (i, sig) in sh.commit.signatures.iter().enumerate() {
        let (CommitSig::Commit { validator_address, .. } | CommitSig::Nil { validator_address, .. }) = sig else {
            continue;
        };
        let (Some(key), Some(msg)) = (keys.get(validator_address), sh.commit.vote_sign_bytes(&sh.header.chain_id, i))
        else {
            continue;
        };
        sigs(case)[i]["signature"] = Value::String(B64.encode(key.sign(&msg).to_bytes()));
    }
}

/// `n` mutated copies of `base`: one to three mutations each, resealed (when keys are given)
/// after most mutations of a resealable kind.
fn mutations(
    rng: &mut Rng,
    base: &Case,
    n: usize,
    keys: Option<&HashMap<[u8; 20], SigningKey>>,
    pool: &[(String, [u8; 20])],
) -> Vec<(&'static str, Case)> {
    (0..n)
        .map(|m| {
            let mut case = base.clone();
            case.label = format!("{} mutation {m}", base.label);
            let (kind, resealable) = *rng.pick(KINDS);
            mutate(rng, &mut case, kind, pool);
            let mut seal = resealable;
            for _ in 0..rng.below(3).saturating_sub(1) {
                let (extra, r) = *rng.pick(KINDS);
                mutate(rng, &mut case, extra, pool);
                seal &= r;
            }
            if let Some(keys) = keys {
                if seal && rng.chance(80) {
                    reseal(&mut case, keys);
                }
            }
            (kind, case)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tests

/// (a) + (b): the model-based steps and their mutations.
#[test]
fn model_based_steps_and_mutations_agree_with_tendermint_rs() {
    let (Some(cases), Some(keys)) = (model_cases(), model_keys()) else { return };

    // (a) Every step as it is: both libraries agree, with each other and with the file.
    let mut base = Tally::default();
    for (case, expected) in &cases {
        let lc = lc_decode(case).map(|d| lc_class(&lc_verify(&d, case, CountingMode::StopAtThreshold)));
        let tm = tm_decode(case).map(|d| tm_class(&tm_verify(&d, case)));
        // A decoding failure is an INVALID verdict for the model (lightcheck rejects what it
        // cannot decode); count it, and it must match the file.
        let as_class = |r: &Result<Class, String>| r.as_ref().map_or("INVALID", |c| c.name());
        assert_eq!(as_class(&lc), expected, "{}: lightcheck {lc:?}", case.label);
        assert_eq!(as_class(&tm), expected, "{}: tendermint-rs {tm:?}", case.label);
        base.record("as is", case, run(case));
    }
    assert_eq!(cases.len(), 99);
    base.report(&format!("(a) model-based steps: {} steps of 41 files", cases.len()));
    base.assert_no_disagreement();
    // One step has `"signatures": null` (MC10_3_faulty_TestFailure step 1, verdict INVALID):
    // lightcheck refuses to decode it, tendermint-rs decodes it as no signatures and rejects it.
    let null_signatures: Vec<&str> = cases
        .iter()
        .filter(|(c, _)| c.untrusted["signed_header"]["commit"]["signatures"].is_null())
        .map(|(c, _)| c.label.as_str())
        .collect();
    assert_eq!(null_signatures, ["MC10_3_faulty_TestFailure step 1"]);
    assert_eq!((base.compared(), base.undecodable_lightcheck, base.undecodable_tendermint), (98, 1, 0));

    // Every key in the files is known, so resealed mutations carry valid signatures.
    for (case, _) in &cases {
        for v in case.untrusted["validator_set"]["validators"].as_array().unwrap() {
            let addr = ed25519_address(v["pub_key"]["value"].as_str().unwrap()).unwrap();
            assert!(keys.contains_key(&addr), "{}: no testgen key for {}", case.label, v["address"]);
        }
    }
    let mut pool: Vec<(String, [u8; 20])> =
        keys.iter().map(|(a, k)| (B64.encode(k.verification_key().to_bytes()), *a)).collect();
    pool.sort();

    // (b) Mutations.
    let mut tally = Tally::default();
    let mut rng = Rng(0x6c69_6768_7463_6865);
    for (case, _) in &cases {
        for (kind, mutated) in mutations(&mut rng, case, MUTATIONS_PER_MODEL_STEP, Some(&keys), &pool) {
            let outcome = run(&mutated);
            tally.record(kind, &mutated, outcome);
        }
    }
    tally.report(&format!("(b) mutations of the model-based steps: {}", cases.len() * MUTATIONS_PER_MODEL_STEP));
    tally.assert_no_disagreement();
    // The mutations must reach every verdict, not only cheap rejections.
    assert!(tally.compared() > 3000, "{}", tally.compared());
    for class in [Class::Success, Class::NotEnoughTrust, Class::Invalid] {
        assert!(tally.agree.get(&class).copied().unwrap_or(0) >= 100, "too few agreed {class:?}: {:?}", tally.agree);
    }
}

/// (c): lumina's chain3, adjacent steps, and raw mutations of them.
#[test]
fn lumina_chain_agrees_with_tendermint_rs() {
    let Some(cases) = lumina_cases() else { return };
    let mut base = Tally::default();
    for case in &cases {
        let outcome = run(case);
        if let Outcome::Undecodable { lightcheck, tendermint, .. } = &outcome {
            panic!("{}: undecodable: lightcheck {lightcheck:?}, tendermint-rs {tendermint:?}", case.label);
        }
        assert!(matches!(outcome, Outcome::Agree(Class::Success)), "{}: not a success in both", case.label);
        base.record("as is", case, outcome);
    }
    base.report(&format!("(c) lumina chain3 adjacent steps: {}", cases.len()));
    assert_eq!(base.compared(), 255);

    let mut tally = Tally::default();
    let mut rng = Rng(0x6c75_6d69_6e61);
    for case in &cases {
        for (kind, mutated) in mutations(&mut rng, case, MUTATIONS_PER_LUMINA_STEP, None, &[]) {
            let outcome = run(&mutated);
            tally.record(kind, &mutated, outcome);
        }
    }
    tally.report(&format!("(c) raw mutations of lumina chain3: {}", cases.len() * MUTATIONS_PER_LUMINA_STEP));
    tally.assert_no_disagreement();
}

/// (d): the project's conformance vectors (`test-vectors/cometbft/manifest.json`), as they are
/// and with raw mutations (their keys are not the model's, so nothing is resealed). They include
/// 100- and 150-validator sets and secp256k1 validators.
#[test]
fn conformance_vectors_agree_with_tendermint_rs() {
    let dir = common::project_vectors().join("cometbft");
    let manifest = dir.join("manifest.json");
    if !manifest.is_file() {
        eprintln!("\n!!!!!!!! {} NOT FOUND: conformance differential SKIPPED !!!!!!!!\n", manifest.display());
        return;
    }
    let m = common::json(&manifest);
    let mut files = HashMap::new();
    let mut load = |name: &str| -> Value {
        files.entry(name.to_string()).or_insert_with(|| common::json(&dir.join(name))).clone()
    };
    let mut base = Tally::default();
    let mut cases = Vec::new();
    for c in m["cases"].as_array().unwrap() {
        let trust = c["trust_level"].as_array().unwrap();
        let case = Case {
            label: format!("conformance {}", c["name"].as_str().unwrap()),
            trusted: block_value(&load(c["trusted"].as_str().unwrap())),
            untrusted: block_value(&load(c["untrusted"].as_str().unwrap())),
            now: c["now"].as_str().unwrap().to_string(),
            trusting_period: Duration::from_secs(c["trusting_period_secs"].as_u64().unwrap()),
            clock_drift: Duration::from_secs(c["clock_drift_secs"].as_u64().unwrap()),
            trust: (trust[0].as_u64().unwrap(), trust[1].as_u64().unwrap()),
        };
        let expected = c["expected"].as_str().unwrap();
        let outcome = run(&case);
        match &outcome {
            Outcome::Agree(class) => assert_eq!(class.name(), expected, "{}", case.label),
            Outcome::Known(_, l, _) => assert_eq!(l.name(), expected, "{}", case.label),
            Outcome::Undecodable { lightcheck: Some(_), .. } => assert_eq!(expected, "INVALID", "{}", case.label),
            Outcome::Undecodable { .. } => {}
            Outcome::Disagree(..) => {}
        }
        if let Outcome::Undecodable { lightcheck, tendermint, other } = &outcome {
            eprintln!(
                "  undecodable {}: lightcheck {lightcheck:?} / tendermint-rs {tendermint:?} / other {other:?}",
                case.label
            );
        }
        if let Outcome::Known(name, ..) = &outcome {
            eprintln!("  known difference {}: {name}", case.label);
        }
        base.record("as is", &case, outcome);
        cases.push(case);
    }
    base.report(&format!("(d) conformance vectors: {} cases", cases.len()));
    base.assert_no_disagreement();

    let mut tally = Tally::default();
    let mut rng = Rng(0x0063_6f6e_666f_726d);
    for case in &cases {
        for (kind, mutated) in mutations(&mut rng, case, MUTATIONS_PER_CONFORMANCE_CASE, None, &[]) {
            let outcome = run(&mutated);
            tally.record(kind, &mutated, outcome);
        }
    }
    tally.report(&format!(
        "(d) raw mutations of the conformance vectors: {}",
        cases.len() * MUTATIONS_PER_CONFORMANCE_CASE
    ));
    tally.assert_no_disagreement();
}

/// Regressions for the differential fuzz target's findings. First: lightcheck ignored a validator
/// set's `proposer`, so a proposer written with another key's address verified while
/// tendermint-rs (and Go's `ValidateBasic`) refuse it; now both refuse it. Also pinned: an empty
/// `address` (lightcheck derives it from the key; tendermint-rs cannot decode it) is a known
/// difference, and a wrong non-empty address is refused by both.
#[test]
fn differential_fuzz_findings_stay_settled() {
    let dir = common::project_vectors().join("cometbft");
    let manifest = dir.join("manifest.json");
    if !manifest.is_file() {
        eprintln!("\n!!!!!!!! {} NOT FOUND: regression SKIPPED !!!!!!!!\n", manifest.display());
        return;
    }
    let case = Case {
        label: "val4-adjacent, empty next validator address".into(),
        trusted: block_value(&common::json(&dir.join("val4-h1.json"))),
        untrusted: block_value(&common::json(&dir.join("val4-h2.json"))),
        now: "2025-06-01T00:00:36.827472557Z".into(),
        trusting_period: Duration::from_secs(1_209_600),
        clock_drift: Duration::from_secs(10),
        trust: (1, 3),
    };
    assert!(matches!(run(&case), Outcome::Agree(Class::Success)), "the unmodified step verifies in both");

    let mut empty = case.clone();
    empty.untrusted["next_validator_set"]["validators"][0]["address"] = json!("");
    match run(&empty) {
        Outcome::Known(name, Class::Success, Class::Invalid) => assert!(name.contains("without an address"), "{name}"),
        Outcome::Agree(c) => panic!("an empty address must be the known difference, got agreement {c:?}"),
        Outcome::Known(name, ..) => panic!("an empty address must be the known difference, got {name}"),
        Outcome::Undecodable { lightcheck, tendermint, other } => {
            panic!("an empty address must be the known difference, got undecodable {lightcheck:?} / {tendermint:?} / {other:?}")
        }
        Outcome::Disagree(short, detail) => panic!("disagreement {short}: {detail}"),
    }

    let mut empty_proposer = case.clone();
    empty_proposer.untrusted["next_validator_set"]["proposer"]["address"] = json!("");
    assert!(
        matches!(run(&empty_proposer), Outcome::Known(name, Class::Success, Class::Invalid) if name.contains("without an address")),
        "a proposer without an address is the known difference"
    );

    // tendermint-rs's base64 panics (a debug assertion of subtle-encoding 0.5.1) on this
    // signature; the comparison counts that as "cannot decode", and lightcheck refuses it too.
    let mut caret = case.clone();
    let signature =
        caret.untrusted["signed_header"]["commit"]["signatures"][0]["signature"].as_str().unwrap().to_string();
    caret.untrusted["signed_header"]["commit"]["signatures"][0]["signature"] = json!(format!("^{}", &signature[1..]));
    assert!(
        matches!(run(&caret), Outcome::Undecodable { lightcheck: Some(_), tendermint: Some(_), .. }),
        "a signature with a non-base64 character is refused by both"
    );

    let mut lower = case.clone();
    // One letter lower-cased: tendermint-rs takes all-lower or all-upper hex, not mixed case.
    let address = lower.trusted["next_validator_set"]["proposer"]["address"].as_str().unwrap().to_string();
    let at = address.find(|c: char| c.is_ascii_uppercase()).unwrap();
    let address = format!("{}{}{}", &address[..at], address[at..=at].to_ascii_lowercase(), &address[at + 1..]);
    lower.trusted["next_validator_set"]["proposer"]["address"] = json!(address);
    match run(&lower) {
        Outcome::Known(name, Class::Success, Class::Invalid) => assert!(name.contains("mixed-case hex"), "{name}"),
        Outcome::Agree(c) => panic!("a lower-case hex address must be the known difference, got agreement {c:?}"),
        Outcome::Undecodable { lightcheck, tendermint, .. } => {
            panic!("lower-case: undecodable {lightcheck:?} / {tendermint:?}")
        }
        _ => panic!("a lower-case hex address must be the known difference"),
    }

    let mut both = lower.clone();
    both.trusted["next_validator_set"]["validators"][0]["proposer_priority"] = json!("1x");
    match run(&both) {
        Outcome::Known(name, Class::Success, Class::Invalid) => assert!(name.contains("several of"), "{name}"),
        _ => panic!("mixed-case hex with an unparseable priority must be the known difference"),
    }

    let mut number = case.clone();
    number.untrusted["next_validator_set"]["validators"][0]["voting_power"] = json!(30);
    match run(&number) {
        Outcome::Known(name, Class::Success, Class::Invalid) => assert!(name.contains("JSON form"), "{name}"),
        _ => panic!("a voting power written as a number must be the known difference"),
    }
    let mut round = case.clone();
    round.untrusted["signed_header"]["commit"]["round"] = json!("0");
    match run(&round) {
        Outcome::Known(name, Class::Success, Class::Invalid) => assert!(name.contains("JSON form"), "{name}"),
        _ => panic!("a round written as a string must be the known difference"),
    }

    let mut proposer = case.clone();
    let address = proposer.untrusted["next_validator_set"]["proposer"]["address"].as_str().unwrap().to_string();
    let first = if address.starts_with('0') { '1' } else { '0' };
    let flipped = format!("{first}{}", &address[1..]);
    proposer.untrusted["next_validator_set"]["proposer"]["address"] = json!(flipped);
    assert!(
        matches!(run(&proposer), Outcome::Undecodable { lightcheck: Some(_), tendermint: Some(_), .. }),
        "a proposer with another key's address must be refused by both"
    );

    let mut total = case.clone();
    total.trusted["next_validator_set"]["total_voting_power"] = json!("1");
    match run(&total) {
        Outcome::Known(name, Class::Success, Class::Invalid) => assert!(name.contains("does not read"), "{name}"),
        _ => panic!("a wrong written total must be the known difference"),
    }
    let mut priority = case.clone();
    priority.trusted["next_validator_set"]["validators"][0]["proposer_priority"] = json!("1x");
    match run(&priority) {
        Outcome::Known(name, Class::Success, Class::Invalid) => assert!(name.contains("does not read"), "{name}"),
        _ => panic!("an unparseable proposer priority must be the known difference"),
    }

    let mut stale = case.clone();
    stale.trusted["signed_header"]["commit"]["block_id"]["hash"] = json!("00".repeat(32));
    match run(&stale) {
        Outcome::Known(name, Class::Invalid, Class::Success) => assert!(name.contains("not well formed"), "{name}"),
        _ => panic!("a trusted block whose commit is for another header must be the known difference"),
    }

    let mut version = case.clone();
    version.trusted["signed_header"]["header"]["version"]["block"] = json!("10");
    let header = signed_header_from_json_value(version.trusted["signed_header"].clone()).unwrap().header;
    version.trusted["signed_header"]["commit"]["block_id"]["hash"] = json!(hex::encode_upper(header.hash().unwrap()));
    match run(&version) {
        Outcome::Known(name, Class::Invalid, _) => assert!(name.contains("not well formed"), "{name}"),
        _ => panic!("a trusted block of another block version must be the known difference"),
    }

    // (The commit is resealed to the changed header: a trusted block must be well formed.)
    let mut first = case.clone();
    first.trusted["signed_header"]["header"]["last_block_id"]["parts"]["total"] = json!(1);
    let header = signed_header_from_json_value(first.trusted["signed_header"].clone()).unwrap().header;
    first.trusted["signed_header"]["commit"]["block_id"]["hash"] = json!(hex::encode_upper(header.hash().unwrap()));
    match run(&first) {
        Outcome::Known(name, Class::Success, Class::Invalid) => assert!(name.contains("height 1"), "{name}"),
        _ => panic!("a height-1 last block ID must be the known difference"),
    }

    let mut trusted_commit = case.clone();
    trusted_commit.trusted["signed_header"]["commit"]["height"] = json!("2");
    // A trusted block with another block's commit is refused (it is not well formed); tendermint-rs
    // cannot even decode it.
    assert!(
        matches!(run(&trusted_commit), Outcome::Undecodable { lightcheck: None, other: Some(Class::Invalid), .. }),
        "a trusted block with another block's commit must be refused"
    );
    let mut trusted_signature = case.clone();
    trusted_signature.trusted["signed_header"]["commit"]["signatures"][0]["signature"] = json!("AAAA");
    match run(&trusted_signature) {
        Outcome::Known(name, Class::Success, Class::Invalid) => assert!(name.contains("own commit"), "{name}"),
        _ => panic!("a short signature in the trusted block's commit must be the known difference"),
    }

    let mut wrong = case.clone();
    wrong.untrusted["next_validator_set"]["validators"][0]["address"] = json!("00".repeat(20));
    assert!(
        matches!(run(&wrong), Outcome::Undecodable { lightcheck: Some(_), .. }),
        "lightcheck must refuse an address that is not its key's"
    );
}
