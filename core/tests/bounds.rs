//! Resource bounds: every decoder's size limit, probed with adversarial inputs at and just beyond
//! the bound. Each scenario must end with the exact error code (or succeed, for inputs at the
//! bound that are otherwise valid), within a time budget and a peak-heap budget.
//!
//! Peak heap is measured with `peak_alloc` as the global allocator, as in `heap.rs`: the counter
//! is process-wide, so this file holds ONE test that runs the scenarios one after the other,
//! resetting the peak before each. Peak is the heap above the level at the call (the input itself,
//! built beforehand, is not counted; the returned value and error are). Times are wall-clock in
//! the test profile (lightcheck at opt-level 1, dependencies at 3). Run with
//! `cargo test -p lightcheck --features nitro,cometbft,zk,opengradient,std --test bounds -- --nocapture`
//! to print the measured table (Markdown, for FUZZING.md).
//!
//! Every time budget is 2 s unless the table says otherwise; the heaviest scenarios get 10 s, as
//! the machine running the tests may be shared (measured alone: at most about 1 s each, the whole
//! file in 3 to 5 s). Heap budgets are absolute or relative to the input's length (×).
//!
//! The CometBFT light-block, commit and validator readers and the zk `proof.json` reader parse in
//! one typed pass into structs that borrow the input's strings: 4 × input (a `proof` byte array is
//! kept up to `MAX_PROOF_LEN` bytes, then only counted). Decoders that build a whole JSON or CBOR
//! tree (`pyjson::Value` of a request, response or trusted state, `serde_json::Value` of
//! `/block_results`, `ciborium::Value`) before they check counts get the "tree" budget, 25 ×
//! input: a 2-byte element (`0,`) becomes a 32-byte value, and while the array grows the old and
//! new buffers are both live (`peak_alloc` reallocates by copying), so the measured worst case is
//! 24 × input. These are bounded (by the input caps) but not small: an 8 MiB pyjson document
//! peaks at about 200 MiB.
//!
//! | bound | input | expected code | heap budget |
//! |---|---|---|---|
//! | nitro `MAX_DOCUMENT_LEN` (16 640) | `MAX_DOCUMENT_LEN + 1` zero bytes | `input.too_large` | 4 KiB |
//! | nitro `MAX_DOCUMENT_LEN` | 100 000 nested CBOR arrays as the whole document; in the payload position | `input.too_large` | 4 KiB |
//! | nitro CBOR depth (ciborium limit 256) | `MAX_DOCUMENT_LEN` bytes of nested arrays, whole document | `nitro.cose.malformed` | 64 KiB |
//! | nitro CBOR depth | nested arrays in the COSE payload position, document of `MAX_DOCUMENT_LEN` | `nitro.cose.malformed` | 64 KiB |
//! | nitro payload reader (flat, no recursion) | payload bstr of `MAX_PAYLOAD_LEN` bytes of nested arrays | `nitro.payload.malformed` | 4 × input |
//! | nitro `MAX_PAYLOAD_LEN` (16 384) | payload bstr of `MAX_PAYLOAD_LEN + 1` bytes | `nitro.payload.field_length` | 4 × input |
//! | nitro declared lengths | bstr / array / map / text declaring 2^63 or 2^64 − 1 items, in the payload position or as the document | `nitro.cose.malformed` | 4 KiB + 2 × input |
//! | nitro declared lengths in the payload | `cabundle` declaring 2^63 certificates (9 given); `module_id` declaring 2^63 bytes | `nitro.payload.field_length`; `nitro.payload.malformed` | 4 KiB |
//! | nitro CBOR tree | 16 000 integers in the payload position | `nitro.cose.malformed` | 1 MiB |
//! | cometbft `MAX_VALIDATORS` (10 000) | 10 000 ed25519 validators, `VerifyAll`, every signature good | ok | 32 MiB, 10 s |
//! | cometbft `MAX_VALIDATORS` | the same, the last signature bad (batch fails, then one by one to the last) | `cometbft.commit.bad_signature` (index 9999) | 32 MiB, 10 s |
//! | cometbft `MAX_VALIDATORS` | `ValidatorSet::new` with 10 001 validators | `cometbft.validators.invalid` | 4 KiB |
//! | cometbft `MAX_VALIDATORS` | `/validators` JSON with 10 001 validators (before any key is decoded) | `cometbft.validators.invalid` | 4 × input |
//! | cometbft `MAX_VALIDATORS` | `/commit` JSON with 10 001 signatures | `cometbft.decode` | 4 × input |
//! | cometbft serde_json recursion limit (128) | `{"error":` then `{"data":` × 50 000 | `cometbft.decode` | 64 KiB |
//! | cometbft unknown fields | `{"padding":` then `[` × 100 000 (skipped iteratively, a byte per level) | `cometbft.decode` | 2 × input |
//! | cometbft `json::MAX_JSON_LEN` (16 MiB) | `MAX_JSON_LEN + 1` bytes | `input.too_large` | 4 KiB |
//! | cometbft `json::MAX_JSON_LEN` | `MAX_JSON_LEN` bytes of `{"padding":[0,0,…` (unterminated; an unknown field is read, not kept) | `cometbft.decode` | 4 KiB, 10 s |
//! | cometbft `json::MAX_JSON_LEN` | `MAX_JSON_LEN` bytes of `{"validator_set":{"validators":[0,0,…` | `cometbft.decode` (at the first element) | 4 KiB |
//! | cometbft `MAX_AUNTS` (100) | `/tx` proof JSON with 101 aunts; `verify_tx`, `verify_tx_result_proof` with 101 | `cometbft.proof.invalid` (more aunts) | 64 KiB |
//! | cometbft `MAX_AUNTS` | `verify_tx` with exactly 100 aunts and `total` = 2^64 − 1, also from JSON | `cometbft.proof.invalid` (does not fit: a u64 total has ≤ 64 levels) | 64 KiB |
//! | cometbft `inclusion::MAX_JSON_LEN` (the same 16 MiB) | `MAX_JSON_LEN + 1` bytes to `TxProof::from_json` | `input.too_large` | 4 KiB |
//! | cometbft `MAX_PROOF_OPS` (4), `MAX_PROOF_OP_LEN` (64 KiB) | 5 ops; one op of 64 KiB + 1; `verify_ics23` with 64 KiB + 1 | `input.too_large` | 16 KiB; 4 × input; 4 KiB |
//! | cometbft `MAX_RESULTS` (100 000) | `/block_results` JSON with 100 001 results; `verify_block_results` with 100 001 | `input.too_large` | tree; 4 KiB |
//! | zk `MAX_VKA_LEN` (4 MiB) | `MAX_VKA_LEN + 1` bytes | `zk.vka.invalid` (length form) | 4 KiB |
//! | zk `MAX_VKA_LEN` | `MAX_VKA_LEN + 32` bytes of words, bare and bincode | `input.too_large` | 4 KiB |
//! | zk `MAX_VKA_LEN` | `MAX_VKA_LEN` bytes of zero words | `zk.vka.invalid` | 1 × input + 64 KiB |
//! | zk `MAX_INSTANCES` (2^20) | a real VKA declaring 2^20 + 1 instances | `zk.vka.invalid` | 2 × VKA |
//! | zk `MAX_INSTANCES` | `zk::verify` with 2^20 + 1 instances | `zk.instances.count` | 4 KiB |
//! | zk `MAX_INSTANCES` | a real VKA patched to declare 2^20 instances, its real proof, 2^20 instances | `zk.verification_failed` | 4 × instances, 10 s |
//! | zk `MAX_INSTANCES` | `instances_from_be_words` of 2^20 + 1 words; of 2^20 words | `input.too_large`; ok | 4 KiB; 2 × input |
//! | zk `MAX_PROOF_LEN` (1 MiB) | `zk::verify` with a proof of `MAX_PROOF_LEN + 1`; of `MAX_PROOF_LEN` | `input.too_large`; `zk.proof.malformed` | 4 KiB |
//! | zk `srs::MAX_K` (28) | SRS header k = 29, k = 2^32 − 1; k = 28 and k = 25 with short files | `zk.srs.invalid` | 4 KiB |
//! | zk `MAX_PROOF_JSON_LEN` (8 MiB) | `MAX_PROOF_JSON_LEN + 1` bytes | `input.too_large` | 4 KiB |
//! | zk `MAX_PROOF_JSON_LEN` | `MAX_PROOF_JSON_LEN` bytes of `{"proof":[0,0,…` (unterminated; bytes kept up to `MAX_PROOF_LEN`, counted beyond) | `zk.decode` | 2 × `MAX_PROOF_LEN` |
//! | zk `MAX_PROOF_LEN` in proof.json | `proof` array of 2^20 + 1 bytes; `hex_proof` of 2^20 + 1 bytes | `input.too_large` | 2 × `MAX_PROOF_LEN`; 3 × input |
//! | og `pyjson::MAX_DEPTH` (64) | 64 nested arrays; 65; `[` × 8 MiB | ok; `opengradient.decode` | 16 KiB |
//! | og `pyjson::MAX_INT_DIGITS` (4300) | an int of 4300 digits; of 4301 | ok; `opengradient.decode` | 4 × input |
//! | og `pyjson::MAX_INPUT_LEN` (8 MiB) | `MAX_INPUT_LEN + 1` bytes | `input.too_large` | 4 KiB |
//! | og `pyjson::MAX_INPUT_LEN` | `MAX_INPUT_LEN` bytes of `[0,0,…` (unterminated) | `opengradient.decode` | tree, 10 s |
//! | og `pyjson::MAX_INPUT_LEN` | one float of `MAX_INPUT_LEN` bytes of digits | ok | 4 KiB |
//! | og `MAX_BUNDLE_LEN` (8 MiB) | `MAX_BUNDLE_LEN + 1` bytes | `input.too_large` | 4 KiB |
//! | og `merkle_tree::MAX_PROOF_LEN` (64) | a proof of 65 siblings; of 64 | `opengradient.batch.proof_invalid`; `opengradient.batch.root_mismatch` | 4 KiB |
//! | og `MAX_TREE_LEAVES` (16 384), `MAX_MULTI_PROOF_FLAGS` | a multiproof of 16 385 leaves; of 32 769 flags | `input.too_large` | 4 KiB |
//! | og `MAX_DUMP_JSON_LEN` (16 MiB), `MAX_TREE_LEAVES` | a tree dump of `MAX_DUMP_JSON_LEN + 1` bytes; of 16 385 values (typed serde, no tree) | `input.too_large` | 4 KiB; 4 × input |
//! | og `signing_key::MAX_BITS` (8192) | SPKI with an 8192-bit modulus; 8193-bit | ok; `opengradient.key.invalid` | 16 KiB |
//! | og `signing_key::MAX_KEY_LEN` (16 KiB) | a key of `MAX_KEY_LEN + 1` bytes; a DER key just under `MAX_KEY_LEN` (a ~130 000-bit modulus) | `input.too_large`; `opengradient.key.invalid` | 4 KiB; 64 KiB |
//! | og `evm` limits (4 MiB) | `TxMsgData` / cosmos tx of 4 MiB + 1 | `input.too_large` | 4 KiB |
//! | og event ABI | `batchSettle` calldata whose blob declares 2^63 bytes | `opengradient.decode` | 4 KiB |
#![cfg(all(feature = "nitro", feature = "cometbft", feature = "zk", feature = "opengradient"))]

mod common;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use halo2curves::bn256::Fr;
use lightcheck::cometbft::commit::canonical_vote_sign_bytes;
use lightcheck::cometbft::inclusion::{self, AbciQuery, BlockResults, ExecTxResult, TxProof};
use lightcheck::cometbft::json::{light_block_from_json, signed_header_from_json, validator_set_from_json_pages};
use lightcheck::cometbft::merkle::{Hash, MAX_AUNTS};
use lightcheck::cometbft::validator::MAX_VALIDATORS;
use lightcheck::cometbft::{
    verify_commit, BlockId, Commit, CommitSig, CountingMode, Header, PartSetHeader, PublicKey, SignedHeader, Validator,
    ValidatorSet,
};
use lightcheck::nitro::{self, Policy, MAX_DOCUMENT_LEN, MAX_PAYLOAD_LEN};
use lightcheck::opengradient::{bundle, event, evm, merkle_tree, pyjson, Bundle, SigningKey};
use lightcheck::time::Timestamp;
use lightcheck::zk::{self, instances_from_be_words, ProofWithInstances, SrsPoints, Vka, MAX_INSTANCES, MAX_PROOF_LEN};
use lightcheck::Error;

#[global_allocator]
static ALLOCATOR: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

const KIB: usize = 1024;
const MIB: usize = 1024 * KIB;
/// The default time budget of a scenario.
const TWO_S: u64 = 2000;
/// Heap budget, relative to the input, of decoders that build a whole JSON tree before checking
/// counts: a 2-byte element (`0,`) becomes a 32-byte value, and the array doubling it (`Vec`
/// growth, old and new buffers both live while `peak_alloc` reallocates) adds half again: 24×.
const TREE: usize = 25;
/// Heap budget, relative to the input, of the decoders that read JSON in one typed pass into
/// structs that borrow its strings (CometBFT light blocks, validators and commits).
const TYPED: usize = 4;

/// One scenario: what it probes, its input, what it must end with and its budgets.
struct Case {
    bound: &'static str,
    input: String,
    /// Length of the input in bytes; 0 for inputs given as structures.
    input_len: usize,
    /// The expected error code, or `"ok"`.
    code: &'static str,
    /// Text the error's message must contain (empty: any).
    reason: &'static str,
    time_ms: u64,
    heap: usize,
}

fn case(bound: &'static str, input: impl Into<String>, input_len: usize, code: &'static str) -> Case {
    Case { bound, input: input.into(), input_len, code, reason: "", time_ms: TWO_S, heap: 4 * KIB }
}

impl Case {
    fn reason(mut self, reason: &'static str) -> Case {
        self.reason = reason;
        self
    }

    fn heap(mut self, heap: usize) -> Case {
        self.heap = heap;
        self
    }

    fn time_ms(mut self, ms: u64) -> Case {
        self.time_ms = ms;
        self
    }
}

struct Row {
    case: Case,
    ms: f64,
    peak: usize,
}

#[derive(Default)]
struct Bounds {
    rows: Vec<Row>,
    /// Broken expectations and budgets, reported together after the table.
    failures: Vec<String>,
}

impl Bounds {
    /// Runs `f` once, timed and with its peak heap measured, and checks the outcome and budgets
    /// (a broken check is recorded, so one run reports every scenario).
    fn run<T, E: Into<Error>>(&mut self, case: Case, f: impl FnOnce() -> Result<T, E>) {
        let (peak, (elapsed, result)) = common::peak_heap_of(&ALLOCATOR, || {
            let start = Instant::now();
            let result = f().map(|_| ()).map_err(Into::into);
            (start.elapsed(), result)
        });
        let what = format!("{} [{}]", case.bound, case.input);
        match (&result, case.code) {
            (Ok(()), "ok") => {}
            (Ok(()), code) => self.failures.push(format!("{what}: accepted, expected {code}")),
            (Err(e), "ok") => self.failures.push(format!("{what}: expected success, got {} ({e})", e.code())),
            (Err(e), code) if e.code() != code => {
                self.failures.push(format!("{what}: got {} ({e}), expected {code}", e.code()))
            }
            (Err(e), _) if !e.to_string().contains(case.reason) => {
                self.failures.push(format!("{what}: {e:?} does not say {:?}", case.reason))
            }
            (Err(_), _) => {}
        }
        let ms = elapsed.as_secs_f64() * 1000.0;
        if ms > case.time_ms as f64 {
            self.failures.push(format!("{what}: {ms:.1} ms exceeds the budget of {} ms", case.time_ms));
        }
        if peak > case.heap {
            self.failures.push(format!("{what}: peak heap {peak} B exceeds the budget of {} B", case.heap));
        }
        self.rows.push(Row { case, ms, peak });
    }

    fn print(&self) {
        println!("\n| bound | input | input bytes | code | ms | peak KiB | budget ms | budget KiB |");
        println!("|---|---|---:|---|---:|---:|---:|---:|");
        for Row { case, ms, peak } in &self.rows {
            println!(
                "| {} | {} | {} | `{}` | {:.1} | {:.1} | {} | {} |",
                case.bound,
                case.input,
                if case.input_len == 0 { "-".to_string() } else { case.input_len.to_string() },
                case.code,
                ms,
                *peak as f64 / KIB as f64,
                case.time_ms,
                case.heap / KIB
            );
        }
    }
}

#[test]
fn every_bound_holds_at_and_beyond_its_limit_within_time_and_heap() {
    let mut b = Bounds::default();
    nitro_bounds(&mut b);
    cometbft_bounds(&mut b);
    zk_bounds(&mut b);
    og_bounds(&mut b);
    b.print();
    assert!(b.failures.is_empty(), "{} broken:\n{}", b.failures.len(), b.failures.join("\n"));
    assert!(b.rows.len() >= 60, "{} scenarios ran", b.rows.len());
}

// ---------------------------------------------------------------------------------------------
// Nitro

/// A deterministic CBOR head.
fn cbor_head(major: u8, n: u64) -> Vec<u8> {
    let m = major << 5;
    match n {
        0..=23 => vec![m | n as u8],
        24..=0xff => vec![m | 24, n as u8],
        0x100..=0xffff => [&[m | 25][..], &(n as u16).to_be_bytes()].concat(),
        0x1_0000..=0xffff_ffff => [&[m | 26][..], &(n as u32).to_be_bytes()].concat(),
        _ => [&[m | 27][..], &n.to_be_bytes()].concat(),
    }
}

/// `tag(18) [h'a10138 22', {}, <item>, h'00'×96]`: a COSE_Sign1 with `item` in the payload position.
fn cose_with(item: &[u8]) -> Vec<u8> {
    [&[0xd2, 0x84, 0x44, 0xa1, 0x01, 0x38, 0x22, 0xa0][..], item, &[0x58, 0x60], &[0u8; 96]].concat()
}

/// A COSE_Sign1 whose payload is the byte string `payload`.
fn cose_payload(payload: &[u8]) -> Vec<u8> {
    cose_with(&[cbor_head(2, payload.len() as u64), payload.to_vec()].concat())
}

/// `depth` nested one-element arrays around a `0`.
fn nested_cbor(depth: usize) -> Vec<u8> {
    let mut v = vec![0x81; depth];
    v.push(0x00);
    v
}

fn nitro_verify(doc: &[u8]) -> Result<nitro::Attestation, nitro::Error> {
    nitro::verify(doc, &Policy::default(), common::at_ms(1_700_000_000_000))
}

fn nitro_bounds(b: &mut Bounds) {
    let bound = "nitro MAX_DOCUMENT_LEN";
    let doc = vec![0u8; MAX_DOCUMENT_LEN + 1];
    b.run(case(bound, "MAX_DOCUMENT_LEN + 1 bytes", doc.len(), "input.too_large"), || nitro_verify(&doc));
    let doc = nested_cbor(100_000);
    b.run(case(bound, "100 000 nested arrays (whole document)", doc.len(), "input.too_large"), || nitro_verify(&doc));
    let doc = cose_with(&nested_cbor(100_000));
    b.run(case(bound, "100 000 nested arrays in the payload position", doc.len(), "input.too_large"), || {
        nitro_verify(&doc)
    });

    let bound = "nitro CBOR depth";
    let doc = nested_cbor(MAX_DOCUMENT_LEN - 1);
    assert_eq!(doc.len(), MAX_DOCUMENT_LEN);
    b.run(
        case(bound, "MAX_DOCUMENT_LEN bytes of nested arrays (whole document)", doc.len(), "nitro.cose.malformed")
            .heap(64 * KIB),
        || nitro_verify(&doc),
    );
    let doc = cose_with(&nested_cbor(MAX_DOCUMENT_LEN - cose_with(&[]).len() - 1));
    assert_eq!(doc.len(), MAX_DOCUMENT_LEN);
    b.run(
        case(bound, "nested arrays in the payload position", doc.len(), "nitro.cose.malformed").heap(64 * KIB),
        || nitro_verify(&doc),
    );
    let doc = cose_payload(&nested_cbor(MAX_PAYLOAD_LEN - 1));
    b.run(
        case(
            "nitro payload reader",
            "payload bstr of MAX_PAYLOAD_LEN bytes of nested arrays",
            doc.len(),
            "nitro.payload.malformed",
        )
        .reason("expected a map")
        .heap(4 * doc.len()),
        || nitro_verify(&doc),
    );
    let doc = cose_payload(&vec![0xa0; MAX_PAYLOAD_LEN + 1]);
    assert!(doc.len() <= MAX_DOCUMENT_LEN);
    b.run(
        case(
            "nitro MAX_PAYLOAD_LEN",
            "payload bstr of MAX_PAYLOAD_LEN + 1 bytes",
            doc.len(),
            "nitro.payload.field_length",
        )
        .heap(4 * doc.len()),
        || nitro_verify(&doc),
    );

    let bound = "nitro declared lengths";
    for (input, doc) in [
        ("payload position: bstr of 2^63 bytes (0x5b)", cose_with(&cbor_head(2, 1 << 63))),
        ("payload position: array of 2^63 items (0x9b)", cose_with(&cbor_head(4, 1 << 63))),
        ("payload position: map of 2^63 entries (0xbb)", cose_with(&cbor_head(5, 1 << 63))),
        ("document: bstr of 2^64-1 bytes", cbor_head(2, u64::MAX)),
        ("document: array of 2^64-1 items", cbor_head(4, u64::MAX)),
        ("document: text of 2^63 bytes then 16 KiB", [cbor_head(3, 1 << 63), vec![b'a'; 16 * KIB]].concat()),
    ] {
        b.run(case(bound, input, doc.len(), "nitro.cose.malformed").heap(4 * KIB + 2 * doc.len()), || {
            nitro_verify(&doc)
        });
    }
    let mut payload = [&[0xa1, 0x68][..], b"cabundle", &cbor_head(4, 1 << 63)].concat();
    for _ in 0..9 {
        payload.extend_from_slice(&[0x41, 0x00]);
    }
    let doc = cose_payload(&payload);
    b.run(
        case(bound, "payload: cabundle declaring 2^63 certificates, 9 given", doc.len(), "nitro.payload.field_length")
            .reason("cabundle"),
        || nitro_verify(&doc),
    );
    let payload = [&[0xa1, 0x69][..], b"module_id", &cbor_head(3, 1 << 63)].concat();
    let doc = cose_payload(&payload);
    b.run(
        case(bound, "payload: module_id declaring 2^63 bytes", doc.len(), "nitro.payload.malformed")
            .reason("length runs past the end of input"),
        || nitro_verify(&doc),
    );

    let count = 16_000;
    let doc = cose_with(&[cbor_head(4, count), vec![0u8; count as usize]].concat());
    assert!(doc.len() <= MAX_DOCUMENT_LEN);
    b.run(
        case("nitro CBOR tree", "16 000 integers in the payload position", doc.len(), "nitro.cose.malformed").heap(MIB),
        || nitro_verify(&doc),
    );
}

// ---------------------------------------------------------------------------------------------
// CometBFT

const CHAIN_ID: &str = "bounds-chain";

/// A light block at height 5 signed by `n` ed25519 validators of power 1, every vote a Commit.
struct BigBlock {
    signed_header: SignedHeader,
    validators: ValidatorSet,
}

fn big_block(n: usize) -> BigBlock {
    let keys: Vec<ed25519_consensus::SigningKey> = (0..n as u64)
        .map(|i| {
            let mut seed = [7u8; 32];
            seed[..8].copy_from_slice(&i.to_le_bytes());
            ed25519_consensus::SigningKey::from(seed)
        })
        .collect();
    let validators: Vec<Validator> =
        keys.iter().map(|k| Validator::new(PublicKey::Ed25519(k.verification_key().to_bytes()), 1)).collect();
    let by_address: HashMap<[u8; 20], &ed25519_consensus::SigningKey> =
        validators.iter().zip(&keys).map(|(v, k)| (v.address, k)).collect();
    let set = ValidatorSet::new(validators).expect("a set of MAX_VALIDATORS");
    let time = Timestamp::from_unix_secs(1_700_000_000).unwrap();
    let header = Header {
        version_block: 11,
        version_app: 0,
        chain_id: CHAIN_ID.into(),
        height: 5,
        time,
        last_block_id: BlockId { hash: vec![1; 32], part_set_header: PartSetHeader { total: 1, hash: vec![2; 32] } },
        last_commit_hash: vec![3; 32],
        data_hash: vec![4; 32],
        validators_hash: set.hash().to_vec(),
        next_validators_hash: set.hash().to_vec(),
        consensus_hash: vec![5; 32],
        app_hash: vec![6; 32],
        last_results_hash: vec![7; 32],
        evidence_hash: vec![8; 32],
        proposer_address: set.validators()[0].address.to_vec(),
    };
    let block_id = BlockId {
        hash: header.hash().expect("header hash").to_vec(),
        part_set_header: PartSetHeader { total: 1, hash: vec![9; 32] },
    };
    let vote_time = Timestamp::from_unix_secs(1_700_000_001).unwrap();
    let sign_bytes = canonical_vote_sign_bytes(2, 5, 0, Some(&block_id), &vote_time, CHAIN_ID);
    let signatures = set
        .validators()
        .iter()
        .map(|v| CommitSig::Commit {
            validator_address: v.address,
            timestamp: vote_time,
            signature: by_address[&v.address].sign(&sign_bytes).to_bytes().to_vec(),
        })
        .collect();
    let commit = Commit { height: 5, round: 0, block_id, signatures };
    BigBlock { signed_header: SignedHeader { header, commit }, validators: set }
}

/// `/validators` JSON of `n` validators (any 32 bytes are a well-formed ed25519 key there).
fn validators_json(n: usize) -> Vec<u8> {
    use base64::Engine;
    let items: Vec<String> = (0..n as u32)
        .map(|i| {
            let mut pk = [0u8; 32];
            pk[..4].copy_from_slice(&i.to_le_bytes());
            let pk = base64::engine::general_purpose::STANDARD.encode(pk);
            format!(r#"{{"pub_key":{{"type":"tendermint/PubKeyEd25519","value":"{pk}"}},"voting_power":"1"}}"#)
        })
        .collect();
    format!(r#"{{"validators":[{}]}}"#, items.join(",")).into_bytes()
}

/// `/commit` JSON whose commit has `n` absent signatures.
fn commit_json(n: usize) -> Vec<u8> {
    let absent = r#"{"block_id_flag":1,"validator_address":"","timestamp":"0001-01-01T00:00:00Z","signature":null}"#;
    let sigs = vec![absent; n].join(",");
    format!(
        r#"{{"signed_header":{{"header":{{"version":{{"block":"11"}},"chain_id":"c","height":"5","time":"2024-01-01T00:00:00Z"}},"commit":{{"height":"5","round":0,"block_id":{{"hash":""}},"signatures":[{sigs}]}}}}}}"#
    )
    .into_bytes()
}

/// `len` bytes of `prefix` then `0,0,0,…` (a JSON array that never closes).
fn unterminated_zeros(prefix: &str, len: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(len);
    v.extend_from_slice(prefix.as_bytes());
    while v.len() + 2 <= len {
        v.extend_from_slice(b"0,");
    }
    if v.len() < len {
        v.push(b'0');
    }
    v
}

/// `/tx` result JSON for the empty tx (its real leaf hash), with `aunts` zero aunts.
fn tx_proof_json(total: &str, aunts: usize) -> Vec<u8> {
    use base64::Engine;
    let b64 = |h: &[u8]| base64::engine::general_purpose::STANDARD.encode(h);
    let leaf = b64(&lightcheck::cometbft::merkle::leaf_hash(&sha2_256(b"")));
    let aunts = vec![format!("\"{}\"", b64(&[0; 32])); aunts].join(",");
    format!(
        r#"{{"proof":{{"root_hash":"{}","data":"","proof":{{"total":"{total}","index":"0","leaf_hash":"{leaf}","aunts":[{aunts}]}}}}}}"#,
        "00".repeat(32)
    )
    .into_bytes()
}

fn tx_proof(aunts: usize) -> TxProof {
    TxProof {
        root_hash: [0; 32],
        data: b"tx".to_vec(),
        total: u64::MAX,
        index: 0,
        leaf_hash: lightcheck::cometbft::merkle::leaf_hash(&sha2_256(b"tx")),
        aunts: vec![[0; 32]; aunts],
        height: None,
        hash: None,
        tx_result: None,
    }
}

fn sha2_256(b: &[u8]) -> Hash {
    use sha2::Digest;
    sha2::Sha256::digest(b).into()
}

fn cometbft_bounds(b: &mut Bounds) {
    let bound = "cometbft MAX_VALIDATORS";
    let block = big_block(MAX_VALIDATORS);
    b.run(
        case(bound, "10 000 validators, all signatures good (VerifyAll)", 0, "ok").heap(32 * MIB).time_ms(10_000),
        || verify_commit(&block.signed_header, &block.validators, CountingMode::VerifyAll),
    );
    let mut bad = block.signed_header.clone();
    if let Some(CommitSig::Commit { signature, .. }) = bad.commit.signatures.last_mut() {
        signature[0] ^= 1;
    }
    b.run(
        case(bound, "10 000 validators, last signature bad (VerifyAll)", 0, "cometbft.commit.bad_signature")
            .reason("signatures[9999]")
            .heap(32 * MIB)
            .time_ms(10_000),
        || verify_commit(&bad, &block.validators, CountingMode::VerifyAll),
    );
    drop((block, bad));

    let validators: Vec<Validator> = (0..=MAX_VALIDATORS as u32)
        .map(|i| {
            let mut pk = [0u8; 32];
            pk[..4].copy_from_slice(&i.to_le_bytes());
            Validator::new(PublicKey::Ed25519(pk), 1)
        })
        .collect();
    b.run(case(bound, "ValidatorSet::new with 10 001 validators", 0, "cometbft.validators.invalid"), move || {
        ValidatorSet::new(validators)
    });
    let json = validators_json(MAX_VALIDATORS + 1);
    b.run(
        case(bound, "/validators JSON with 10 001 validators", json.len(), "cometbft.validators.invalid")
            .heap(TYPED * json.len()),
        || validator_set_from_json_pages(&[&json]),
    );
    let json = commit_json(MAX_VALIDATORS + 1);
    b.run(
        case(bound, "/commit JSON with 10 001 signatures", json.len(), "cometbft.decode")
            .reason("more than 10000 entries")
            .heap(TYPED * json.len()),
        || signed_header_from_json(&json),
    );

    let json = [&b"{\"error\":"[..], &br#"{"data":"#.repeat(50_000)].concat();
    b.run(
        case(
            "cometbft serde_json recursion limit",
            "{\"error\": then {\"data\": x 50 000",
            json.len(),
            "cometbft.decode",
        )
        .reason("recursion limit")
        .heap(64 * KIB),
        || light_block_from_json(&json),
    );
    // serde_json skips an unknown field's value without recursing: one byte of scratch per level.
    let mut json = br#"{"padding":"#.to_vec();
    json.resize(100_000, b'[');
    b.run(
        case("cometbft unknown fields (skipped)", "{\"padding\": then [ x 100 000", json.len(), "cometbft.decode")
            .reason("EOF while parsing a list")
            .heap(2 * json.len()),
        || light_block_from_json(&json),
    );
    let max = lightcheck::cometbft::json::MAX_JSON_LEN;
    let json = vec![b' '; max + 1];
    b.run(case("cometbft json::MAX_JSON_LEN", "MAX_JSON_LEN + 1 bytes", json.len(), "input.too_large"), || {
        light_block_from_json(&json)
    });
    let json = unterminated_zeros(r#"{"padding":["#, max);
    b.run(
        case(
            "cometbft json::MAX_JSON_LEN",
            "MAX_JSON_LEN bytes of {\"padding\":[0,0,... (unterminated, an unknown field: read, not kept)",
            json.len(),
            "cometbft.decode",
        )
        .reason("EOF")
        .heap(4 * KIB)
        .time_ms(10_000),
        || light_block_from_json(&json),
    );
    let json = unterminated_zeros(r#"{"validator_set":{"validators":["#, max);
    b.run(
        case(
            "cometbft json::MAX_JSON_LEN",
            "MAX_JSON_LEN bytes of {\"validator_set\":{\"validators\":[0,0,... (unterminated)",
            json.len(),
            "cometbft.decode",
        )
        .reason("expected struct RawValidator")
        .heap(4 * KIB),
        || light_block_from_json(&json),
    );
    drop(json);

    let bound = "cometbft MAX_AUNTS";
    let json = tx_proof_json("1", MAX_AUNTS + 1);
    b.run(
        case(bound, "/tx proof JSON with 101 aunts", json.len(), "cometbft.proof.invalid")
            .reason("more aunts than MAX_AUNTS")
            .heap(64 * KIB),
        || TxProof::from_json(&json),
    );
    let proof = tx_proof(MAX_AUNTS + 1);
    b.run(
        case(bound, "verify_tx with 101 aunts", 32 * 101, "cometbft.proof.invalid").reason("more aunts than MAX_AUNTS"),
        || inclusion::verify_tx(&proof, 5, &[0; 32]),
    );
    let proof = tx_proof(MAX_AUNTS);
    b.run(
        case(bound, "verify_tx with 100 aunts (total u64::MAX)", 32 * 100, "cometbft.proof.invalid")
            .reason("does not fit index and total"),
        || inclusion::verify_tx(&proof, 5, &[0; 32]),
    );
    let json = tx_proof_json(&u64::MAX.to_string(), MAX_AUNTS);
    b.run(
        case(
            bound,
            "/tx proof JSON with 100 aunts and total 2^64 - 1, then verify_tx",
            json.len(),
            "cometbft.proof.invalid",
        )
        .reason("does not fit index and total")
        .heap(64 * KIB),
        || TxProof::from_json(&json).and_then(|p| inclusion::verify_tx(&p, 5, &[0; 32])),
    );
    let aunts = vec![[0u8; 32]; MAX_AUNTS + 1];
    b.run(
        case(bound, "verify_tx_result_proof with 101 aunts", 32 * 101, "cometbft.proof.invalid")
            .reason("more aunts than MAX_AUNTS"),
        || inclusion::verify_tx_result_proof(&ExecTxResult::default(), 0, 1000, &aunts, 5, &[0; 32]),
    );

    let max = inclusion::MAX_JSON_LEN;
    let json = vec![b' '; max + 1];
    b.run(
        case(
            "cometbft inclusion::MAX_JSON_LEN",
            "MAX_JSON_LEN + 1 bytes to TxProof::from_json",
            json.len(),
            "input.too_large",
        ),
        || TxProof::from_json(&json),
    );
    drop(json);

    let bound = "cometbft MAX_PROOF_OPS / MAX_PROOF_OP_LEN";
    let op = r#"{"type":"ics23:iavl","key":"","data":""}"#;
    let json = format!(r#"{{"response":{{"code":0,"proofOps":{{"ops":[{}]}}}}}}"#, [op; 5].join(",")).into_bytes();
    b.run(
        case(bound, "abci_query with 5 proof ops", json.len(), "input.too_large").reason("proof ops").heap(16 * KIB),
        || AbciQuery::from_json(&json),
    );
    let data = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(vec![0u8; inclusion::MAX_PROOF_OP_LEN + 1])
    };
    let json =
        format!(r#"{{"response":{{"proofOps":{{"ops":[{{"type":"ics23:iavl","data":"{data}"}}]}}}}}}"#).into_bytes();
    b.run(
        case(bound, "abci_query with one op of MAX_PROOF_OP_LEN + 1 bytes", json.len(), "input.too_large")
            .reason("proof op data")
            .heap(4 * json.len()),
        || AbciQuery::from_json(&json),
    );
    let proof = vec![0u8; inclusion::MAX_PROOF_OP_LEN + 1];
    b.run(case(bound, "verify_ics23 with MAX_PROOF_OP_LEN + 1 bytes", proof.len(), "input.too_large"), || {
        inclusion::verify_ics23(&proof, &ics23::iavl_spec(), &[0; 32], b"k", Some(b"v"))
    });

    let bound = "cometbft MAX_RESULTS";
    let json = format!(r#"{{"height":"5","txs_results":[{}]}}"#, vec!["{}"; inclusion::MAX_RESULTS + 1].join(","))
        .into_bytes();
    b.run(
        case(bound, "/block_results JSON with 100 001 results", json.len(), "input.too_large")
            .reason("block results")
            .heap(TREE * json.len()),
        || BlockResults::from_json(&json),
    );
    let results = vec![ExecTxResult::default(); inclusion::MAX_RESULTS + 1];
    b.run(case(bound, "verify_block_results with 100 001 results", 0, "input.too_large"), || {
        inclusion::verify_block_results(&results, &[0; 32])
    });
}

// ---------------------------------------------------------------------------------------------
// zk

fn zk_vector(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../test-vectors/zk/linear-k6-public-public").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A bincode VKA (`u64` LE word count, then the words) with word `index` set to `value`.
fn patch_vka_word(vka: &[u8], index: usize, value: u64) -> Vec<u8> {
    let mut out = vka.to_vec();
    let at = 8 + 32 * index;
    out[at..at + 32].fill(0);
    out[at + 24..at + 32].copy_from_slice(&value.to_be_bytes());
    out
}

fn zk_bounds(b: &mut Bounds) {
    const NUM_INSTANCES_WORD: usize = 2;
    let max_vka = lightcheck::zk::vka::MAX_VKA_LEN;

    let bound = "zk MAX_VKA_LEN";
    let bytes = vec![0u8; max_vka + 1];
    b.run(case(bound, "MAX_VKA_LEN + 1 bytes", bytes.len(), "zk.vka.invalid").reason("length is neither"), || {
        Vka::from_bytes(&bytes)
    });
    let bytes = vec![0u8; max_vka + 32];
    b.run(case(bound, "MAX_VKA_LEN + 32 bytes of bare words", bytes.len(), "input.too_large"), || {
        Vka::from_bytes(&bytes)
    });
    let mut bytes = vec![0u8; 8 + max_vka + 32];
    bytes[..8].copy_from_slice(&((max_vka as u64 / 32) + 1).to_le_bytes());
    b.run(case(bound, "bincode VKA of MAX_VKA_LEN + 32 bytes of words", bytes.len(), "input.too_large"), || {
        Vka::from_bytes(&bytes)
    });
    let bytes = vec![0u8; max_vka];
    b.run(
        case(bound, "MAX_VKA_LEN bytes of zero words", bytes.len(), "zk.vka.invalid").heap(max_vka + 64 * KIB),
        || Vka::from_bytes(&bytes),
    );
    drop(bytes);

    let vka_bytes = zk_vector("vka.bytes");
    let vka = Vka::from_bytes(&vka_bytes).expect("the vector's VKA");
    let srs = SrsPoints::from_bytes(&zk_vector("kzg1.srs")).expect("the vector's reduced SRS");
    let real = ProofWithInstances::from_ezkl_json(&zk_vector("proof.json")).expect("the vector's proof");
    zk::verify(&vka, &real.proof, &real.instances, &srs, None).expect("the vector verifies");

    let bound = "zk MAX_INSTANCES";
    let patched = patch_vka_word(&vka_bytes, NUM_INSTANCES_WORD, MAX_INSTANCES as u64 + 1);
    b.run(
        case(bound, "VKA declaring 2^20 + 1 instances", patched.len(), "zk.vka.invalid")
            .reason("too many instances")
            .heap(2 * patched.len()),
        || Vka::from_bytes(&patched),
    );
    let too_many = vec![Fr::from(0u64); MAX_INSTANCES + 1];
    b.run(case(bound, "zk::verify with 2^20 + 1 instances", too_many.len() * 32, "zk.instances.count"), || {
        zk::verify(&vka, &real.proof, &too_many, &srs, None)
    });
    let at_max = Vka::from_bytes(&patch_vka_word(&vka_bytes, NUM_INSTANCES_WORD, MAX_INSTANCES as u64))
        .expect("a VKA may declare MAX_INSTANCES instances");
    let instances = &too_many[..MAX_INSTANCES];
    b.run(
        case(
            bound,
            "VKA of 2^20 instances, real proof, 2^20 instances",
            instances.len() * 32,
            "zk.verification_failed",
        )
        .heap(4 * instances.len() * 32)
        .time_ms(10_000),
        || zk::verify(&at_max, &real.proof, instances, &srs, None),
    );
    drop(too_many);
    let words = vec![0u8; (MAX_INSTANCES + 1) * 32];
    b.run(case(bound, "instances_from_be_words of 2^20 + 1 words", words.len(), "input.too_large"), || {
        instances_from_be_words(&words)
    });
    b.run(
        case(bound, "instances_from_be_words of 2^20 words", words.len() - 32, "ok").heap(2 * MAX_INSTANCES * 32),
        || instances_from_be_words(&words[32..]),
    );
    drop(words);

    let bound = "zk MAX_PROOF_LEN";
    let proof = vec![0u8; MAX_PROOF_LEN + 1];
    b.run(case(bound, "zk::verify with a proof of MAX_PROOF_LEN + 1 bytes", proof.len(), "input.too_large"), || {
        zk::verify(&vka, &proof, &real.instances, &srs, None)
    });
    b.run(
        case(bound, "zk::verify with a proof of MAX_PROOF_LEN bytes", proof.len() - 1, "zk.proof.malformed")
            .reason("length differs"),
        || zk::verify(&vka, &proof[1..], &real.instances, &srs, None),
    );
    drop(proof);

    let bound = "zk srs::MAX_K";
    for (input, k, reason) in [
        ("SRS header k = 29", 29u32, "k is larger than 28"),
        ("SRS header k = 2^32 - 1", u32::MAX, "k is larger than 28"),
        ("SRS header k = 28, file of 4 + 320 bytes", 28, "length does not match"),
        ("SRS header k = 25, file of 260 bytes", 25, "length does not match"),
    ] {
        let len = if k == 25 { 260 } else { 4 + 320 };
        let mut file = vec![0u8; len];
        file[..4].copy_from_slice(&k.to_le_bytes());
        b.run(case(bound, input, file.len(), "zk.srs.invalid").reason(reason), || SrsPoints::from_bytes(&file));
    }

    let bound = "zk MAX_PROOF_JSON_LEN";
    let max = 8 * MIB;
    let json = vec![b' '; max + 1];
    b.run(case(bound, "MAX_PROOF_JSON_LEN + 1 bytes", json.len(), "input.too_large"), || {
        ProofWithInstances::from_ezkl_json(&json)
    });
    let json = unterminated_zeros(r#"{"proof":["#, max);
    b.run(
        case(
            "zk MAX_PROOF_JSON_LEN",
            "MAX_PROOF_JSON_LEN bytes of {\"proof\":[0,0,... (unterminated; bytes kept up to MAX_PROOF_LEN)",
            json.len(),
            "zk.decode",
        )
        .reason("EOF")
        .heap(2 * MAX_PROOF_LEN),
        || ProofWithInstances::from_ezkl_json(&json),
    );
    let zeros = vec!["0"; MAX_PROOF_LEN + 1].join(",");
    let json = format!(r#"{{"proof":[{zeros}],"instances":[[]]}}"#).into_bytes();
    b.run(
        case(bound, "proof.json with a proof array of MAX_PROOF_LEN + 1 bytes", json.len(), "input.too_large")
            .reason("proof")
            .heap(2 * MAX_PROOF_LEN),
        || ProofWithInstances::from_ezkl_json(&json),
    );
    let json = format!(r#"{{"hex_proof":"0x{}","instances":[[]]}}"#, "00".repeat(MAX_PROOF_LEN + 1)).into_bytes();
    b.run(
        case(bound, "proof.json with a hex_proof of MAX_PROOF_LEN + 1 bytes", json.len(), "input.too_large")
            .reason("proof")
            .heap(3 * json.len()),
        || ProofWithInstances::from_ezkl_json(&json),
    );
}

// ---------------------------------------------------------------------------------------------
// OpenGradient

/// DER TLV with a definite length.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len.to_be_bytes().iter().copied().skip_while(|&b| b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

/// An RSA SubjectPublicKeyInfo with an odd modulus of exactly `bits` bits and e = 65537.
fn rsa_spki(bits: usize) -> Vec<u8> {
    let len = bits.div_ceil(8);
    let mut n = vec![0xffu8; len];
    n[0] = 1 << ((bits - 1) % 8);
    n[0] |= n[0].wrapping_sub(1) & 0x5a; // some bits below the top one
    let n = if n[0] & 0x80 != 0 { [&[0u8][..], &n].concat() } else { n };
    let rsa_key = der(0x30, &[der(0x02, &n), der(0x02, &[0x01, 0x00, 0x01])].concat());
    let algorithm =
        der(0x30, &[der(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]), vec![0x05, 0x00]].concat());
    der(0x30, &[algorithm, der(0x03, &[&[0u8][..], &rsa_key].concat())].concat())
}

fn og_bounds(b: &mut Bounds) {
    let bound = "og pyjson::MAX_DEPTH";
    let depth = pyjson::MAX_DEPTH;
    let json = format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes();
    b.run(case(bound, "64 nested arrays", json.len(), "ok").heap(16 * KIB), || pyjson::parse(&json));
    let json = format!("{}{}", "[".repeat(depth + 1), "]".repeat(depth + 1)).into_bytes();
    b.run(
        case(bound, "65 nested arrays", json.len(), "opengradient.decode").reason("nesting depth").heap(16 * KIB),
        || pyjson::parse(&json),
    );
    let json = vec![b'['; pyjson::MAX_INPUT_LEN];
    b.run(
        case(bound, "[ x MAX_INPUT_LEN", json.len(), "opengradient.decode").reason("nesting depth").heap(16 * KIB),
        || pyjson::parse(&json),
    );

    let bound = "og pyjson::MAX_INT_DIGITS";
    let json = format!("[-{}]", "9".repeat(pyjson::MAX_INT_DIGITS)).into_bytes();
    b.run(case(bound, "an int of 4300 digits", json.len(), "ok").heap(4 * json.len()), || pyjson::parse(&json));
    let json = format!("[-{}]", "9".repeat(pyjson::MAX_INT_DIGITS + 1)).into_bytes();
    b.run(
        case(bound, "an int of 4301 digits", json.len(), "opengradient.decode")
            .reason("integer digits")
            .heap(4 * json.len()),
        || pyjson::parse(&json),
    );

    let bound = "og pyjson::MAX_INPUT_LEN";
    let json = vec![b' '; pyjson::MAX_INPUT_LEN + 1];
    b.run(case(bound, "MAX_INPUT_LEN + 1 bytes", json.len(), "input.too_large"), || pyjson::parse(&json));
    let json = unterminated_zeros("[", pyjson::MAX_INPUT_LEN);
    b.run(
        case(
            "og pyjson::MAX_INPUT_LEN (tree)",
            "MAX_INPUT_LEN bytes of [0,0,... (unterminated)",
            json.len(),
            "opengradient.decode",
        )
        .heap(TREE * json.len())
        .time_ms(10_000),
        || pyjson::parse(&json),
    );
    let json = format!("0.{}", "1".repeat(pyjson::MAX_INPUT_LEN - 2)).into_bytes();
    b.run(case(bound, "one float of MAX_INPUT_LEN bytes", json.len(), "ok"), || pyjson::parse(&json));
    drop(json);

    let json = vec![b' '; bundle::MAX_BUNDLE_LEN + 1];
    b.run(case("og MAX_BUNDLE_LEN", "MAX_BUNDLE_LEN + 1 bytes", json.len(), "input.too_large"), || {
        Bundle::from_json(&json)
    });
    drop(json);

    let bound = "og merkle_tree::MAX_PROOF_LEN";
    let proof = vec![[1u8; 32]; merkle_tree::MAX_PROOF_LEN + 1];
    b.run(
        case(bound, "a proof of 65 siblings", 32 * proof.len(), "opengradient.batch.proof_invalid")
            .reason("longer than MAX_PROOF_LEN"),
        || merkle_tree::verify_proof([0; 32], &proof, &[0; 32]),
    );
    b.run(case(bound, "a proof of 64 siblings", 32 * 64, "opengradient.batch.root_mismatch"), || {
        merkle_tree::verify_proof([0; 32], &proof[1..], &[0; 32])
    });

    let bound = "og MAX_TREE_LEAVES / MAX_MULTI_PROOF_FLAGS";
    let leaves = vec![[0u8; 32]; merkle_tree::MAX_TREE_LEAVES + 1];
    b.run(case(bound, "a multiproof of 16 385 leaves", 32 * leaves.len(), "input.too_large"), || {
        merkle_tree::process_multi_proof(&leaves, &[], &[])
    });
    let flags = vec![true; merkle_tree::MAX_MULTI_PROOF_FLAGS + 1];
    b.run(case(bound, "a multiproof of 32 769 flags", flags.len(), "input.too_large"), || {
        merkle_tree::process_multi_proof(&leaves[..2], &[], &flags)
    });
    let bound = "og MAX_DUMP_JSON_LEN / MAX_TREE_LEAVES";
    let json = vec![b' '; merkle_tree::MAX_DUMP_JSON_LEN + 1];
    b.run(case(bound, "a tree dump of MAX_DUMP_JSON_LEN + 1 bytes", json.len(), "input.too_large"), || {
        merkle_tree::StandardTreeDump::from_json(&json)
    });
    let value = format!(r#"{{"value":["0x{h}","0x{h}","0x{h}","0x","1"],"treeIndex":0}}"#, h = "00".repeat(32));
    let json = format!(
        r#"{{"format":"standard-v1","leafEncoding":["bytes32","bytes32","bytes32","bytes","uint256"],"tree":[],"values":[{}]}}"#,
        vec![value; merkle_tree::MAX_TREE_LEAVES + 1].join(",")
    )
    .into_bytes();
    b.run(case(bound, "a tree dump of 16 385 values", json.len(), "input.too_large").heap(4 * json.len()), || {
        merkle_tree::StandardTreeDump::from_json(&json)
    });

    let bound = "og signing_key::MAX_BITS";
    let der_key = rsa_spki(lightcheck::opengradient::signing_key::MAX_BITS);
    b.run(case(bound, "SPKI with an 8192-bit modulus", der_key.len(), "ok").heap(16 * KIB), || {
        SigningKey::from_spki_der(&der_key)
    });
    let der_key = rsa_spki(lightcheck::opengradient::signing_key::MAX_BITS + 1);
    b.run(
        case(bound, "SPKI with an 8193-bit modulus", der_key.len(), "opengradient.key.invalid").heap(16 * KIB),
        || SigningKey::from_spki_der(&der_key),
    );
    let bound = "og signing_key::MAX_KEY_LEN";
    let max_key = lightcheck::opengradient::signing_key::MAX_KEY_LEN;
    let der_key = vec![0x30; max_key + 1];
    b.run(case(bound, "a key of MAX_KEY_LEN + 1 bytes", der_key.len(), "input.too_large"), || {
        SigningKey::from_pem_or_der(&der_key)
    });
    let mut bits = 8 * (max_key - 40);
    let der_key = loop {
        let k = rsa_spki(bits);
        if k.len() <= max_key {
            break k;
        }
        bits -= 8;
    };
    b.run(
        case(
            bound,
            "a DER key of ~MAX_KEY_LEN bytes (a ~130 000-bit modulus)",
            der_key.len(),
            "opengradient.key.invalid",
        )
        .heap(64 * KIB),
        || SigningKey::from_spki_der(&der_key),
    );

    let bound = "og evm limits";
    let data = vec![0u8; evm::MAX_TX_MSG_DATA_LEN + 1];
    b.run(case(bound, "TxMsgData of MAX_TX_MSG_DATA_LEN + 1 bytes", data.len(), "input.too_large"), || {
        evm::eth_tx_responses(&data)
    });
    let data = vec![0u8; evm::MAX_COSMOS_TX_LEN + 1];
    b.run(case(bound, "cosmos tx of MAX_COSMOS_TX_LEN + 1 bytes", data.len(), "input.too_large"), || {
        evm::ethereum_txs(&data)
    });
    drop(data);

    let mut calldata = event::BATCH_SETTLE_SELECTOR.to_vec();
    let word = |v: u64| {
        let mut w = [0u8; 32];
        w[24..].copy_from_slice(&v.to_be_bytes());
        w
    };
    for w in [[0u8; 32], word(1), word(96), word(1 << 63)] {
        calldata.extend_from_slice(&w);
    }
    b.run(
        case("og event ABI", "batchSettle blob declaring 2^63 bytes", calldata.len(), "opengradient.decode")
            .reason("longer than the limit"),
        || event::decode_batch_settle(&calldata),
    );
}
