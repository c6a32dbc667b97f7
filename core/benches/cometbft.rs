//! CometBFT: the commit verification of one adjacent step (height H → H+1, same validator set,
//! every validator signs), lightcheck against tendermint-rs (`tendermint-light-client-verifier`
//! 0.41, the crate IBC and most Rust light clients use), on identical inputs, at 4, 100 and 150
//! validators.
//!
//! Inputs are built here, deterministically: ed25519 keys from hashed labels
//! (`SHA-256("lightcheck-bench-validator-{i}")` as the seed), uneven voting powers, lightcheck's own
//! types for the header hash, the validator-set hash and the vote sign bytes; then both blocks are
//! written as tendermint-rs `LightBlock` JSON and each library parses that JSON. Both must say
//! Success before anything is timed.
//!
//! Benchmarks (criterion group `cometbft`, parsed inputs, `now` one minute after the block):
//! - `lightcheck_stop/N`: `cometbft::verify`, `CountingMode::StopAtThreshold` (CometBFT's light
//!   client: stop once > 2/3 is tallied; the signatures counted are verified as one batch
//!   equation, summed 8 signatures per multiscalar multiplication);
//! - `lightcheck_all/N`: `CountingMode::VerifyAll`, every Commit signature verified (one batch);
//! - `tendermint_stop/N`: `ProdVerifier::verify_update_header`. Its `ProdVotingPowerCalculator`
//!   walks the validator set in canonical order, verifies each signer's signature **one by one**
//!   (no batching) and stops as soon as the tally passes 2/3: it never checks every signature,
//!   and has no option to;
//! - `tendermint_all/N`: the same predicates (`verify_validator_sets`, `validate_against_trusted`,
//!   `check_header_is_from_past`) followed by `ProdVotingPowerCalculator::voting_power_in` with a
//!   trust threshold of 1/1, which can never be passed strictly, so it walks the whole set and
//!   verifies every signature, one by one; then the > 2/3 check on the tally. This is what
//!   "verify every signature" costs with tendermint-rs.
//! - `lightcheck_parse/N`, `tendermint_parse/N`: decoding the untrusted block's JSON (information).
//!
//! Before timing, the binary prints the **peak heap** of one step (`peak_alloc` as the global
//! allocator, as `tests/heap.rs`): lines `COMETBFT_PEAK_HEAP lib=… validators=… mode=… bytes=…`,
//! which `scripts/bench-compare` reads. The counting allocator stays in place while timing, for
//! both libraries alike (two atomic additions per allocation).
//!
//! Run: `cargo bench -p lightcheck --features cometbft,std --bench cometbft` (or
//! `scripts/bench-compare`).

use std::hint::black_box;
use std::time::Duration;

use base64::Engine;
use criterion::{BenchmarkId, Criterion, SamplingMode};
use ed25519_consensus::SigningKey;
use lightcheck::cometbft::json::light_block_from_json;
use lightcheck::cometbft::{
    verify, BlockId, Commit, CommitSig, CountingMode, Header, LightBlock, Options, PartSetHeader, PublicKey, Validator,
    ValidatorSet,
};
use lightcheck::time::Timestamp;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tendermint_light_client_verifier::operations::{ProdVotingPowerCalculator, VotingPowerCalculator};
use tendermint_light_client_verifier::options::Options as TmOptions;
use tendermint_light_client_verifier::types::{LightBlock as TmLightBlock, Time, TrustThreshold as TmTrustThreshold};
use tendermint_light_client_verifier::{ProdVerifier, Verdict as TmVerdict, Verifier};

const SIZES: [usize; 3] = [4, 100, 150];
const CHAIN_ID: &str = "lightcheck-bench";
const HEIGHT: u64 = 1000;
const BLOCK_SECS: i64 = 1_750_000_000;

// ---------------------------------------------------------------------------------------------
// Peak heap: `peak_alloc` as the global allocator (process-wide counters; measured during
// setup, before criterion starts its threads).

#[path = "../tests/common/mod.rs"]
mod common;

#[global_allocator]
static ALLOCATOR: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

fn peak_heap<R>(f: impl FnOnce() -> R) -> (usize, R) {
    common::peak_heap_of(&ALLOCATOR, f)
}

// ---------------------------------------------------------------------------------------------
// Inputs

fn sha256(label: &str) -> [u8; 32] {
    Sha256::digest(label.as_bytes()).into()
}

fn hex_up(b: &[u8]) -> String {
    hex::encode_upper(b)
}

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

/// `n` validators with keys from hashed labels and uneven powers (1000..=10990), and their keys
/// by address.
fn validators(n: usize) -> (ValidatorSet, Vec<([u8; 20], SigningKey)>) {
    let mut keys = Vec::new();
    let mut vals = Vec::new();
    for i in 0..n {
        let key = SigningKey::from(sha256(&format!("lightcheck-bench-validator-{i}")));
        let v =
            Validator::new(PublicKey::Ed25519(key.verification_key().to_bytes()), 1000 + (i as u64 * 7919) % 10_000);
        keys.push((v.address, key));
        vals.push(v);
    }
    (ValidatorSet::new(vals).expect("validator set"), keys)
}

/// A signed block at `height` where every validator signs, with lightcheck's hashing and sign
/// bytes.
fn block(height: u64, last: Option<&BlockId>, set: &ValidatorSet, keys: &[([u8; 20], SigningKey)]) -> LightBlock {
    let time = Timestamp::new(BLOCK_SECS + height as i64 * 6, 123_456_789).expect("block time");
    let h = |l: &str| sha256(&format!("{l}-{height}")).to_vec();
    let header = Header {
        version_block: 11,
        version_app: 1,
        chain_id: CHAIN_ID.into(),
        height,
        time,
        last_block_id: last.cloned().unwrap_or_default(),
        last_commit_hash: h("last_commit"),
        data_hash: h("data"),
        validators_hash: set.hash().to_vec(),
        next_validators_hash: set.hash().to_vec(),
        consensus_hash: h("consensus"),
        app_hash: h("app"),
        last_results_hash: h("results"),
        evidence_hash: h("evidence"),
        proposer_address: set.validators()[0].address.to_vec(),
    };
    let block_id = BlockId {
        hash: header.hash().expect("header hash").to_vec(),
        part_set_header: PartSetHeader { total: 1, hash: h("parts") },
    };
    let mut commit = Commit {
        height,
        round: 0,
        block_id,
        signatures: set
            .validators()
            .iter()
            .enumerate()
            .map(|(i, v)| CommitSig::Commit {
                validator_address: v.address,
                timestamp: Timestamp::new(time.unix_secs() + 1, 1_000_000 * i as u32).expect("vote time"),
                signature: Vec::new(),
            })
            .collect(),
    };
    for i in 0..commit.signatures.len() {
        let msg = commit.vote_sign_bytes(CHAIN_ID, i).expect("a vote");
        let CommitSig::Commit { validator_address, signature, .. } = &mut commit.signatures[i] else { unreachable!() };
        let key = &keys.iter().find(|(a, _)| a == validator_address).expect("key").1;
        *signature = key.sign(&msg).to_bytes().to_vec();
    }
    LightBlock {
        signed_header: lightcheck::cometbft::SignedHeader { header, commit },
        validators: set.clone(),
        next_validators: Some(set.clone()),
    }
}

fn block_id_json(id: &BlockId) -> Value {
    json!({"hash": hex_up(&id.hash), "parts": {"total": id.part_set_header.total, "hash": hex_up(&id.part_set_header.hash)}})
}

fn set_json(set: &ValidatorSet) -> Value {
    let vals: Vec<Value> = set
        .validators()
        .iter()
        .map(|v| {
            let PublicKey::Ed25519(pk) = v.pub_key else { unreachable!() };
            json!({
                "address": hex_up(&v.address),
                "pub_key": {"type": "tendermint/PubKeyEd25519", "value": b64(&pk)},
                "voting_power": v.voting_power.to_string(),
                "proposer_priority": "0",
            })
        })
        .collect();
    json!({"validators": vals, "total_voting_power": set.total_voting_power().to_string()})
}

/// tendermint-rs `LightBlock` JSON (RPC-style field names, which both libraries read).
fn to_json(b: &LightBlock) -> Vec<u8> {
    let h = &b.signed_header.header;
    let c = &b.signed_header.commit;
    let sigs: Vec<Value> = c
        .signatures
        .iter()
        .map(|s| match s {
            CommitSig::Commit { validator_address, timestamp, signature } => json!({
                "block_id_flag": 2,
                "validator_address": hex_up(validator_address),
                "timestamp": timestamp.to_string(),
                "signature": b64(signature),
            }),
            _ => unreachable!(),
        })
        .collect();
    let v = json!({
        "signed_header": {
            "header": {
                "version": {"block": h.version_block.to_string(), "app": h.version_app.to_string()},
                "chain_id": h.chain_id,
                "height": h.height.to_string(),
                "time": h.time.to_string(),
                "last_block_id": if h.last_block_id.is_zero() { Value::Null } else { block_id_json(&h.last_block_id) },
                "last_commit_hash": hex_up(&h.last_commit_hash),
                "data_hash": hex_up(&h.data_hash),
                "validators_hash": hex_up(&h.validators_hash),
                "next_validators_hash": hex_up(&h.next_validators_hash),
                "consensus_hash": hex_up(&h.consensus_hash),
                "app_hash": hex_up(&h.app_hash),
                "last_results_hash": hex_up(&h.last_results_hash),
                "evidence_hash": hex_up(&h.evidence_hash),
                "proposer_address": hex_up(&h.proposer_address),
            },
            "commit": {"height": c.height.to_string(), "round": c.round, "block_id": block_id_json(&c.block_id), "signatures": sigs},
        },
        "validator_set": set_json(&b.validators),
        "next_validator_set": set_json(b.next_validators.as_ref().expect("next validators")),
        "provider": "BADFADAD0BEFEEDC0C0ADEADBEEFC0FFEEFACADE",
    });
    serde_json::to_vec(&v).expect("JSON")
}

/// One adjacent step, as JSON and parsed by each library.
struct Step {
    n: usize,
    untrusted_json: Vec<u8>,
    lc: (LightBlock, LightBlock),
    tm: (TmLightBlock, TmLightBlock),
    now: Timestamp,
    tm_now: Time,
}

fn step(n: usize) -> Step {
    let (set, keys) = validators(n);
    let trusted = block(HEIGHT, None, &set, &keys);
    let untrusted = block(HEIGHT + 1, Some(&trusted.signed_header.commit.block_id), &set, &keys);
    let (tj, uj) = (to_json(&trusted), to_json(&untrusted));
    let lc = (
        light_block_from_json(&uj).expect("lightcheck parses"),
        light_block_from_json(&tj).expect("lightcheck parses"),
    );
    assert_eq!(lc.0, untrusted, "the JSON round trip keeps the block");
    let tm: (TmLightBlock, TmLightBlock) = (
        serde_json::from_slice(&uj).expect("tendermint-rs parses"),
        serde_json::from_slice(&tj).expect("tendermint-rs parses"),
    );
    let now = Timestamp::from_unix_secs(untrusted.time().unix_secs() + 60).expect("now");
    let tm_now = Time::from_unix_timestamp(now.unix_secs(), 0).expect("time");
    Step { n, untrusted_json: uj, lc, tm, now, tm_now }
}

fn lc_options(counting: CountingMode) -> Options {
    Options { counting, ..Options::new(Duration::from_secs(14 * 24 * 3600)) }
}

fn tm_options() -> TmOptions {
    TmOptions {
        trust_threshold: TmTrustThreshold::ONE_THIRD,
        trusting_period: Duration::from_secs(14 * 24 * 3600),
        clock_drift: Duration::from_secs(10),
    }
}

fn lc_verify(s: &Step, counting: CountingMode) {
    verify(&s.lc.0, &s.lc.1, &lc_options(counting), s.now).expect("lightcheck verifies");
}

fn tm_verify_stop(s: &Step) {
    let verdict = ProdVerifier::default().verify_update_header(
        s.tm.0.as_untrusted_state(),
        s.tm.1.as_trusted_state(),
        &tm_options(),
        s.tm_now,
    );
    assert_eq!(verdict, TmVerdict::Success);
}

/// tendermint-rs with every signature verified: its step predicates, then the voting power of
/// the whole commit (threshold 1/1 is never passed, so nothing stops the walk), then > 2/3.
fn tm_verify_all(s: &Step) {
    let verifier = ProdVerifier::default();
    let (untrusted, trusted) = (s.tm.0.as_untrusted_state(), s.tm.1.as_trusted_state());
    assert_eq!(verifier.verify_validator_sets(&untrusted), TmVerdict::Success);
    assert_eq!(verifier.validate_against_trusted(&untrusted, &trusted, &tm_options(), s.tm_now), TmVerdict::Success);
    assert_eq!(verifier.check_header_is_from_past(&untrusted, &tm_options(), s.tm_now), TmVerdict::Success);
    let all = TmTrustThreshold::new(1, 1).expect("1/1");
    let tally = ProdVotingPowerCalculator::default()
        .voting_power_in(untrusted.signed_header, untrusted.validators, all)
        .expect("every signature verifies");
    assert!(tally.tallied * 3 > tally.total * 2 && tally.tallied == tally.total);
}

// ---------------------------------------------------------------------------------------------

fn print_heap(steps: &[Step]) {
    for s in steps {
        for (mode, counting) in [("stop", CountingMode::StopAtThreshold), ("all", CountingMode::VerifyAll)] {
            lc_verify(s, counting); // warm: nothing lazily allocated on the first call counts
            let (bytes, ()) = peak_heap(|| lc_verify(s, counting));
            println!("COMETBFT_PEAK_HEAP lib=lightcheck validators={} mode={mode} bytes={bytes}", s.n);
        }
        let (bytes, ()) = peak_heap(|| tm_verify_stop(s));
        println!("COMETBFT_PEAK_HEAP lib=tendermint-rs validators={} mode=stop bytes={bytes}", s.n);
        let (bytes, b) = peak_heap(|| light_block_from_json(&s.untrusted_json).expect("parses"));
        drop(b);
        println!(
            "COMETBFT_PEAK_HEAP lib=lightcheck validators={} mode=parse bytes={bytes} json_bytes={}",
            s.n,
            s.untrusted_json.len()
        );
    }
}

fn bench(c: &mut Criterion, steps: &[Step]) {
    let mut group = c.benchmark_group("cometbft");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    for s in steps {
        group.bench_with_input(BenchmarkId::new("lightcheck_stop", s.n), s, |b, s| {
            b.iter(|| lc_verify(black_box(s), CountingMode::StopAtThreshold))
        });
        group.bench_with_input(BenchmarkId::new("tendermint_stop", s.n), s, |b, s| {
            b.iter(|| tm_verify_stop(black_box(s)))
        });
        group.bench_with_input(BenchmarkId::new("lightcheck_all", s.n), s, |b, s| {
            b.iter(|| lc_verify(black_box(s), CountingMode::VerifyAll))
        });
        group.bench_with_input(BenchmarkId::new("tendermint_all", s.n), s, |b, s| {
            b.iter(|| tm_verify_all(black_box(s)))
        });
        group.bench_with_input(BenchmarkId::new("lightcheck_parse", s.n), s, |b, s| {
            b.iter(|| light_block_from_json(black_box(&s.untrusted_json)).expect("parses"))
        });
        group.bench_with_input(BenchmarkId::new("tendermint_parse", s.n), s, |b, s| {
            b.iter(|| serde_json::from_slice::<TmLightBlock>(black_box(&s.untrusted_json)).expect("parses"))
        });
    }
    group.finish();
}

fn main() {
    let steps: Vec<Step> = SIZES.iter().map(|&n| step(n)).collect();
    for s in &steps {
        for counting in [CountingMode::StopAtThreshold, CountingMode::VerifyAll] {
            lc_verify(s, counting);
        }
        tm_verify_stop(s);
        tm_verify_all(s);
    }
    print_heap(&steps);
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &steps);
    c.final_summary();
}
