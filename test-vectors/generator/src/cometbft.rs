//! The CometBFT conformance vectors: chains of light blocks signed by test validators (ed25519 and
//! secp256k1 keys derived from labels), validator-set rotations of every size class for skipping
//! steps, and one light block per rejection reason, each case with the verdict and error code the
//! light-client rules (docs/cometbft.md §2) give.
//!
//! Light blocks are written in tendermint-rs's `LightBlock` serde form with RPC-style fields
//! (integers as strings, uppercase hex hashes, base64 keys and signatures), so both lightcheck's
//! `light_block_from_json` and tendermint-rs's `SignedHeader` / `validator::Set` serde read them.

use base64::Engine;
use ed25519_consensus::SigningKey as Ed25519Key;
use k256::ecdsa::signature::hazmat::PrehashSigner;
use k256::ecdsa::{Signature as Secp256k1Signature, SigningKey as Secp256k1Key};
use lightcheck::cometbft::merkle;
use lightcheck::cometbft::{
    BlockId, Commit, CommitSig, Header, LightBlock, PartSetHeader, PublicKey, SignedHeader, Validator, ValidatorSet,
};
use lightcheck::time::Timestamp;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The chain every vector is on (except the one about a wrong chain ID).
pub const CHAIN_ID: &str = "lightcheck-test";
/// 2025-06-01T00:00:00Z: the time of height 1.
const T0: i64 = 1_748_736_000;
/// Seconds between heights.
const BLOCK_INTERVAL: i64 = 6;
const SEC: i128 = 1_000_000_000;
/// tendermint-rs's `LightBlock.provider` is a peer ID; the vectors name a fixed one.
const PROVIDER: &str = "BADFADAD0BEFEEDC0C0ADEADBEEFC0FFEEFACADE";
/// 14 days, a common trusting period (2/3 of a 21-day unbonding period).
const TRUSTING_PERIOD_SECS: u64 = 1_209_600;
/// CometBFT's default maximum clock drift.
const CLOCK_DRIFT_SECS: u64 = 10;
/// The order of the secp256k1 group.
const SECP256K1_N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc,
    0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

fn sha256(data: impl AsRef<[u8]>) -> [u8; 32] {
    Sha256::digest(data.as_ref()).into()
}

fn hex_upper(b: &[u8]) -> String {
    hex::encode_upper(b)
}

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn from_nanos(n: i128) -> Timestamp {
    Timestamp::from_unix_nanos(n).expect("year 1-9999")
}

fn plus(t: Timestamp, nanos: i128) -> Timestamp {
    from_nanos(t.unix_nanos() + nanos)
}

/// BFT time of `height`: 6 s apart from 2025-06-01T00:00:00Z, with varying nanoseconds.
fn block_time(height: u64) -> Timestamp {
    let nanos = (i128::from(height) * 387_420_489 + 52_631_579) % SEC;
    from_nanos(i128::from(T0 + BLOCK_INTERVAL * (height as i64 - 1)) * SEC + nanos)
}

/// Commit round: 0, or 1 at every tenth height (the first round failed).
fn round(height: u64) -> u32 {
    u32::from(height % 10 == 0)
}

enum Signer {
    Ed25519(Ed25519Key),
    Secp256k1(Secp256k1Key),
}

/// A validator with its signing key.
struct TestValidator {
    signer: Signer,
    validator: Validator,
}

impl TestValidator {
    /// An ed25519 validator whose key is `SHA256("lightcheck-test ed25519 " ‖ label)`.
    fn ed25519(label: &str, power: u64) -> TestValidator {
        let key = Ed25519Key::from(sha256(format!("lightcheck-test ed25519 {label}")));
        let pub_key = PublicKey::Ed25519(key.verification_key().to_bytes());
        TestValidator { signer: Signer::Ed25519(key), validator: Validator::new(pub_key, power) }
    }

    /// A secp256k1 validator whose scalar is `SHA256("lightcheck-test secp256k1 " ‖ label)`.
    fn secp256k1(label: &str, power: u64) -> TestValidator {
        let key = Secp256k1Key::from_slice(&sha256(format!("lightcheck-test secp256k1 {label}"))).expect("scalar");
        let point = key.verifying_key().to_sec1_point(true);
        let pub_key = PublicKey::Secp256k1(point.as_bytes().try_into().expect("33-byte compressed key"));
        TestValidator { signer: Signer::Secp256k1(key), validator: Validator::new(pub_key, power) }
    }

    /// Ed25519 over the sign bytes, or ECDSA over SHA-256 of them with low S.
    fn sign(&self, msg: &[u8]) -> Vec<u8> {
        match &self.signer {
            Signer::Ed25519(key) => key.sign(msg).to_bytes().to_vec(),
            Signer::Secp256k1(key) => {
                let sig: Secp256k1Signature = key.sign_prehash(&sha256(msg)).expect("sign");
                sig.normalize_s().to_bytes().to_vec()
            }
        }
    }
}

/// Validators in canonical order (power descending, then address ascending), as commits index them.
struct Set(Vec<TestValidator>);

impl Set {
    fn new(mut validators: Vec<TestValidator>) -> Set {
        validators.sort_by(|a, b| {
            b.validator.voting_power.cmp(&a.validator.voting_power).then(a.validator.address.cmp(&b.validator.address))
        });
        Set(validators)
    }

    fn ed25519(prefix: &str, powers: &[u64]) -> Set {
        Set::new(powers.iter().enumerate().map(|(i, p)| TestValidator::ed25519(&format!("{prefix}{i}"), *p)).collect())
    }

    fn validator_set(&self) -> ValidatorSet {
        let set = ValidatorSet::new(self.0.iter().map(|v| v.validator.clone()).collect()).expect("valid set");
        assert!(set.validators().iter().zip(&self.0).all(|(a, b)| *a == b.validator), "canonical order");
        set
    }

    fn total(&self) -> u64 {
        self.0.iter().map(|v| v.validator.voting_power).sum()
    }
}

/// What a validator put in the commit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Vote {
    Commit,
    Nil,
    Absent,
}

/// Everything one light block is made of.
struct BlockSpec<'a> {
    /// Seeds the block's data, app and results hashes.
    label: &'a str,
    height: u64,
    time: Timestamp,
    last_block_id: BlockId,
    vals: &'a Set,
    next: &'a Set,
}

/// A header and a commit signed by `vals` as `votes` says; `tweak` edits the header before it
/// is hashed and signed.
fn block(spec: &BlockSpec, votes: &dyn Fn(usize) -> Vote, tweak: &dyn Fn(&mut Header)) -> LightBlock {
    let (label, h) = (spec.label, spec.height);
    let empty = sha256([]);
    let per_height = |what: &str| sha256(format!("{label} {what} {h}")).to_vec();
    let mut header = Header {
        version_block: 11,
        version_app: 1,
        chain_id: CHAIN_ID.into(),
        height: h,
        time: spec.time,
        last_block_id: spec.last_block_id.clone(),
        last_commit_hash: if h == 1 { empty.to_vec() } else { per_height("last commit") },
        data_hash: if h % 3 == 1 { empty.to_vec() } else { per_height("data") },
        validators_hash: spec.vals.validator_set().hash().to_vec(),
        next_validators_hash: spec.next.validator_set().hash().to_vec(),
        consensus_hash: sha256("lightcheck-test consensus params").to_vec(),
        app_hash: per_height("app"),
        last_results_hash: if h == 1 { empty.to_vec() } else { per_height("results") },
        evidence_hash: empty.to_vec(),
        proposer_address: spec.vals.0[0].validator.address.to_vec(),
    };
    tweak(&mut header);
    let block_id = BlockId {
        hash: header.hash().expect("validators_hash is set").to_vec(),
        part_set_header: PartSetHeader { total: 1 + (h % 3) as u32, hash: per_height("parts") },
    };
    let signatures = spec
        .vals
        .0
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let timestamp = plus(spec.time, SEC + 2_718_281 * (i as i128 + 1));
            let validator_address = v.validator.address;
            match votes(i) {
                Vote::Commit => CommitSig::Commit { validator_address, timestamp, signature: Vec::new() },
                Vote::Nil => CommitSig::Nil { validator_address, timestamp, signature: Vec::new() },
                Vote::Absent => CommitSig::Absent,
            }
        })
        .collect();
    let mut commit = Commit { height: h, round: round(h), block_id, signatures };
    for (i, v) in spec.vals.0.iter().enumerate() {
        if let Some(msg) = commit.vote_sign_bytes(&header.chain_id, i) {
            let sig = v.sign(&msg);
            if let CommitSig::Commit { signature, .. } | CommitSig::Nil { signature, .. } = &mut commit.signatures[i] {
                *signature = sig;
            }
        }
    }
    LightBlock {
        signed_header: SignedHeader { header, commit },
        validators: spec.vals.validator_set(),
        next_validators: Some(spec.next.validator_set()),
    }
}

/// Heights 1..sets.len()-1 of a chain whose validators at height h are `sets[h-1]`; `blocks[i]`
/// is height i + 1.
fn chain(label: &str, sets: &[&Set], votes: &dyn Fn(u64, usize) -> Vote) -> Vec<LightBlock> {
    let mut blocks: Vec<LightBlock> = Vec::new();
    for h in 1..sets.len() as u64 {
        let spec = BlockSpec {
            label,
            height: h,
            time: block_time(h),
            last_block_id: blocks.last().map(|b| b.signed_header.commit.block_id.clone()).unwrap_or_default(),
            vals: sets[h as usize - 1],
            next: sets[h as usize],
        };
        blocks.push(block(&spec, &|i| votes(h, i), &|_| {}));
    }
    blocks
}

/// The block after `prev` on the same chain: height + 1, its own time, chained to `prev`.
fn next_spec<'a>(label: &'a str, prev: &LightBlock, vals: &'a Set, next: &'a Set) -> BlockSpec<'a> {
    let height = prev.height() + 1;
    BlockSpec {
        label,
        height,
        time: block_time(height),
        last_block_id: prev.signed_header.commit.block_id.clone(),
        vals,
        next,
    }
}

fn all_commit(_: usize) -> Vote {
    Vote::Commit
}

// ---- JSON ----

/// How a light block is written.
#[derive(Clone, Copy, Default)]
struct Style {
    /// List validators in a non-canonical order (sorted by SHA-256 of the address).
    shuffle: bool,
    /// Name block IDs' part-set header `part_set_header` (tendermint-rs) instead of `parts` (RPC).
    part_set_header: bool,
}

const SHUFFLED: Style = Style { shuffle: true, part_set_header: false };

fn block_id_json(id: &BlockId, style: Style) -> Value {
    let parts = json!({"total": id.part_set_header.total, "hash": hex_upper(&id.part_set_header.hash)});
    let key = if style.part_set_header { "part_set_header" } else { "parts" };
    json!({"hash": hex_upper(&id.hash), key: parts})
}

fn header_json(h: &Header, style: Style) -> Value {
    json!({
        "version": {"block": h.version_block.to_string(), "app": h.version_app.to_string()},
        "chain_id": h.chain_id,
        "height": h.height.to_string(),
        "time": h.time.to_string(),
        "last_block_id": block_id_json(&h.last_block_id, style),
        "last_commit_hash": hex_upper(&h.last_commit_hash),
        "data_hash": hex_upper(&h.data_hash),
        "validators_hash": hex_upper(&h.validators_hash),
        "next_validators_hash": hex_upper(&h.next_validators_hash),
        "consensus_hash": hex_upper(&h.consensus_hash),
        "app_hash": hex_upper(&h.app_hash),
        "last_results_hash": hex_upper(&h.last_results_hash),
        "evidence_hash": hex_upper(&h.evidence_hash),
        "proposer_address": hex_upper(&h.proposer_address),
    })
}

fn commit_sig_json(sig: &CommitSig) -> Value {
    match sig {
        CommitSig::Absent => json!({
            "block_id_flag": 1,
            "validator_address": "",
            "timestamp": "0001-01-01T00:00:00Z",
            "signature": null,
        }),
        CommitSig::Commit { validator_address, timestamp, signature }
        | CommitSig::Nil { validator_address, timestamp, signature } => json!({
            "block_id_flag": if matches!(sig, CommitSig::Commit { .. }) { 2 } else { 3 },
            "validator_address": hex_upper(validator_address),
            "timestamp": timestamp.to_string(),
            "signature": b64(signature),
        }),
    }
}

fn commit_json(c: &Commit, style: Style) -> Value {
    json!({
        "height": c.height.to_string(),
        "round": c.round,
        "block_id": block_id_json(&c.block_id, style),
        "signatures": c.signatures.iter().map(commit_sig_json).collect::<Vec<_>>(),
    })
}

fn validator_json(v: &Validator) -> Value {
    let (key_type, key) = match &v.pub_key {
        PublicKey::Ed25519(pk) => ("tendermint/PubKeyEd25519", b64(pk)),
        PublicKey::Secp256k1(pk) => ("tendermint/PubKeySecp256k1", b64(pk)),
    };
    json!({
        "address": hex_upper(&v.address),
        "pub_key": {"type": key_type, "value": key},
        "voting_power": v.voting_power.to_string(),
        "proposer_priority": "0",
    })
}

fn validator_set_json(set: &ValidatorSet, style: Style) -> Value {
    let mut validators: Vec<&Validator> = set.validators().iter().collect();
    if style.shuffle {
        validators.sort_by_key(|v| sha256(v.address));
    }
    json!({
        "validators": validators.into_iter().map(validator_json).collect::<Vec<_>>(),
        "proposer": validator_json(&set.validators()[0]),
        "total_voting_power": set.total_voting_power().to_string(),
    })
}

/// A light block in tendermint-rs's `LightBlock` serde form.
fn light_block_json(b: &LightBlock, style: Style) -> Value {
    json!({
        "signed_header": {
            "header": header_json(&b.signed_header.header, style),
            "commit": commit_json(&b.signed_header.commit, style),
        },
        "validator_set": validator_set_json(&b.validators, style),
        "next_validator_set": validator_set_json(b.next_validators.as_ref().expect("next validators"), style),
        "provider": PROVIDER,
    })
}

fn at<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Value {
    v.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}"))
}

/// Flips one bit of the base64 signature at `pointer`.
fn corrupt_signature(v: &mut Value, pointer: &str) {
    let slot = at(v, pointer);
    let mut sig = base64::engine::general_purpose::STANDARD.decode(slot.as_str().expect("signature")).expect("base64");
    sig[10] ^= 0x01;
    *slot = Value::from(b64(&sig));
}

/// The high-S twin of a 64-byte secp256k1 `r‖s`.
fn high_s(sig: &[u8]) -> Vec<u8> {
    crate::high_s(sig, &SECP256K1_N)
}

// ---- manifest ----

#[derive(Clone, Copy)]
enum Expect {
    Success,
    NotEnoughTrust,
    Invalid(&'static str),
}

struct Case {
    name: String,
    trusted: String,
    untrusted: String,
    now: Timestamp,
    trust_level: (u64, u64),
    trusting_period_secs: u64,
    expected: Expect,
    description: String,
}

impl Case {
    fn new(name: &str, trusted: &str, untrusted: &str, now: Timestamp, expected: Expect, description: &str) -> Case {
        Case {
            name: name.into(),
            trusted: trusted.into(),
            untrusted: untrusted.into(),
            now,
            trust_level: (1, 3),
            trusting_period_secs: TRUSTING_PERIOD_SECS,
            expected,
            description: description.into(),
        }
    }

    fn trust_level(mut self, numerator: u64, denominator: u64) -> Case {
        self.trust_level = (numerator, denominator);
        self
    }

    fn trusting_period(mut self, secs: u64) -> Case {
        self.trusting_period_secs = secs;
        self
    }

    fn to_json(&self) -> Value {
        let (expected, code) = match self.expected {
            Expect::Success => ("SUCCESS", None),
            Expect::NotEnoughTrust => ("NOT_ENOUGH_TRUST", Some("cometbft.trust.not_enough")),
            Expect::Invalid(code) => ("INVALID", Some(code)),
        };
        json!({
            "name": self.name,
            "trusted": self.trusted,
            "untrusted": self.untrusted,
            "now": self.now.to_string(),
            "trust_level": [self.trust_level.0, self.trust_level.1],
            "trusting_period_secs": self.trusting_period_secs,
            "clock_drift_secs": CLOCK_DRIFT_SECS,
            "expected": expected,
            "error_code": code,
            "description": self.description,
        })
    }
}

/// 30 s after the untrusted block: a typical "now" well inside every window.
fn soon_after(b: &LightBlock) -> Timestamp {
    plus(b.time(), 30 * SEC)
}

#[derive(Default)]
struct Out {
    files: Vec<(String, Vec<u8>)>,
    cases: Vec<Case>,
}

impl Out {
    /// Adds `name.json`; writing the same name twice must give the same bytes.
    fn json(&mut self, name: &str, value: &Value) -> String {
        let file = format!("{name}.json");
        let mut bytes = serde_json::to_vec_pretty(value).expect("json");
        bytes.push(b'\n');
        match self.files.iter().find(|(f, _)| *f == file) {
            Some((_, existing)) => assert!(*existing == bytes, "{file} written twice with different content"),
            None => self.files.push((file.clone(), bytes)),
        }
        file
    }

    fn block(&mut self, name: &str, b: &LightBlock, style: Style) -> String {
        self.json(name, &light_block_json(b, style))
    }

    fn case(&mut self, case: Case) {
        assert!(!self.cases.iter().any(|c| c.name == case.name), "duplicate case {}", case.name);
        self.cases.push(case);
    }
}

/// `signed/total` as text for descriptions.
fn share(signed: u64, total: u64) -> String {
    format!("{signed}/{total}")
}

// ---- vectors ----

/// Chains of 1, 4, 100 and 150 validators: adjacent and skipping steps that succeed.
fn chains(out: &mut Out) {
    // One validator.
    let one = Set::ed25519("val1-", &[1_000_000]);
    let blocks = chain("val1", &[&one; 11], &|_, _| Vote::Commit);
    let h1 = out.block("val1-h1", &blocks[0], Style::default());
    let h2 = out.block("val1-h2", &blocks[1], Style::default());
    let h9 = out.block("val1-h9", &blocks[8], Style::default());
    out.case(Case::new(
        "val1-adjacent",
        &h1,
        &h2,
        soon_after(&blocks[1]),
        Expect::Success,
        "1 validator: height 1 → 2, the only validator signs",
    ));
    out.case(Case::new(
        "val1-skipping",
        &h1,
        &h9,
        soon_after(&blocks[8]),
        Expect::Success,
        "1 validator: height 1 → 9 (skipping), the trusted validator holds all the power",
    ));

    // Four validators, powers 30/30/20/10.
    let four = val4_set();
    let blocks = val4_chain(&four);
    let h1 = out.block("val4-h1", &blocks[0], Style::default());
    let h2 = out.block("val4-h2", &blocks[1], Style::default());
    let h3 = out.block("val4-h3", &blocks[2], SHUFFLED);
    let h10 = out.block("val4-h10", &blocks[9], SHUFFLED);
    out.case(Case::new(
        "val4-adjacent",
        &h1,
        &h2,
        soon_after(&blocks[1]),
        Expect::Success,
        "4 validators (30/30/20/10): height 1 → 2, all sign",
    ));
    out.case(Case::new(
        "val4-adjacent-absent",
        &h2,
        &h3,
        soon_after(&blocks[2]),
        Expect::Success,
        "4 validators: height 2 → 3, the power-10 validator absent (80/90 > 2/3); validators listed out of canonical order",
    ));
    out.case(Case::new(
        "val4-skipping",
        &h1,
        &h10,
        soon_after(&blocks[9]),
        Expect::Success,
        "4 validators: height 1 → 10 (skipping, round 1 commit), same set, all sign",
    ));
    out.case(Case::new(
        "val4-skipping-from-3",
        &h3,
        &h10,
        soon_after(&blocks[9]),
        Expect::Success,
        "4 validators: height 3 → 10 (skipping), trusted block listed out of canonical order",
    ));

    // 100 and 150 validators with spread powers, ~8% absent and a few nil votes.
    for (n, target) in [(100u64, 20u64), (150, 30)] {
        let label = format!("val{n}");
        let set = Set::new(
            (0..n)
                .map(|i| {
                    let seed = sha256(format!("{label} power {i}"));
                    let power = 10_000 + u64::from(u32::from_be_bytes(seed[..4].try_into().unwrap()) % 990_000);
                    TestValidator::ed25519(&format!("{label}-{i}"), power)
                })
                .collect(),
        );
        let sets = vec![&set; target as usize + 2];
        let addresses: Vec<_> = set.0.iter().map(|v| v.validator.address).collect();
        let blocks = chain(&label, &sets, &|h, i| {
            if i == 0 {
                return Vote::Commit;
            }
            match sha256([format!("{label} vote {h}").as_bytes(), &addresses[i]].concat())[0] {
                0..=19 => Vote::Absent,
                20..=22 => Vote::Nil,
                _ => Vote::Commit,
            }
        });
        let tallies: Vec<String> = [0, 1, target as usize - 1]
            .iter()
            .map(|&k| {
                let c = &blocks[k].signed_header.commit;
                let signed: u64 = c
                    .signatures
                    .iter()
                    .zip(&set.0)
                    .filter(|(s, _)| matches!(s, CommitSig::Commit { .. }))
                    .map(|(_, v)| v.validator.voting_power)
                    .sum();
                let share_pct = signed as f64 * 100.0 / set.total() as f64;
                assert!(signed * 3 > set.total() * 2, "{label} height {}: commit has too little power", k + 1);
                let absent = c.signatures.iter().filter(|s| matches!(s, CommitSig::Absent)).count();
                let nil = c.signatures.iter().filter(|s| matches!(s, CommitSig::Nil { .. })).count();
                format!("height {}: {absent} absent, {nil} nil, {share_pct:.1}% of the power signs", k + 1)
            })
            .collect();
        let f1 = out.block(&format!("{label}-h1"), &blocks[0], Style::default());
        let f2 = out.block(&format!("{label}-h2"), &blocks[1], SHUFFLED);
        let ft = out.block(&format!("{label}-h{target}"), &blocks[target as usize - 1], SHUFFLED);
        out.case(Case::new(
            &format!("{label}-adjacent"),
            &f1,
            &f2,
            soon_after(&blocks[1]),
            Expect::Success,
            &format!("{n} validators: height 1 → 2 ({}; {})", tallies[0], tallies[1]),
        ));
        out.case(Case::new(
            &format!("{label}-skipping"),
            &f1,
            &ft,
            soon_after(&blocks[target as usize - 1]),
            Expect::Success,
            &format!("{n} validators: height 1 → {target} (skipping, round 1 commit; {})", tallies[2]),
        ));
    }
}

fn val4_set() -> Set {
    Set::ed25519("val4-", &[30, 30, 20, 10])
}

/// The 4-validator chain, heights 1–11: at height 3 the power-10 validator is absent.
fn val4_chain(four: &Set) -> Vec<LightBlock> {
    chain("val4", &[four; 12], &|h, i| if h == 3 && i == 3 { Vote::Absent } else { Vote::Commit })
}

/// Skipping steps across validator-set changes of every size class.
fn rotations(out: &mut Out) {
    // 12 validators of equal power; the untrusted block at height 7 has a new set.
    let old = |i: usize| TestValidator::ed25519(&format!("rot-a{i}"), 10);
    let new = |i: usize| TestValidator::ed25519(&format!("rot-n{i}"), 10);
    let a = Set::ed25519("rot-a", &[10; 12]);
    let trusted_chain = chain("rot", &[&a, &a, &a], &|_, _| Vote::Commit);
    let trusted = out.block("rot-h1", &trusted_chain[0], Style::default());
    let cases: [(&str, usize, Option<usize>, Expect, &str); 8] = [
        ("quarter", 3, None, Expect::Success, "< 1/3 replaced"),
        ("third", 4, None, Expect::Success, "exactly 1/3 replaced"),
        ("half", 6, None, Expect::Success, "1/2 replaced"),
        ("two-thirds", 8, None, Expect::NotEnoughTrust, "2/3 replaced"),
        ("three-quarters", 9, None, Expect::NotEnoughTrust, "> 2/3 replaced"),
        ("all", 12, None, Expect::NotEnoughTrust, "every validator replaced"),
        ("double", 0, Some(24), Expect::Success, "set doubled (12 new validators join)"),
        ("halve", 6, Some(6), Expect::Success, "set halved (6 validators leave)"),
    ];
    for (name, replaced, size, expected, what) in cases {
        // Validators 0..replaced leave; new ones join until the set has `size` members.
        let size = size.unwrap_or(12);
        let mut members: Vec<TestValidator> = (replaced..12).map(old).collect();
        let mut k = 0;
        while members.len() < size {
            members.push(new(k));
            k += 1;
        }
        members.truncate(size);
        let b = Set::new(members);
        let a = Set::ed25519("rot-a", &[10; 12]);
        let blocks = chain("rot", &[&a, &a, &a, &a, &a, &a, &b, &b], &|_, _| Vote::Commit);
        assert!(blocks[0].signed_header.commit == trusted_chain[0].signed_header.commit);
        let kept = a.0.iter().filter(|o| b.0.iter().any(|v| o.validator.address == v.validator.address)).count() as u64;
        let file = out.block(&format!("rot-{name}-h7"), &blocks[6], SHUFFLED);
        let verdict = match expected {
            Expect::Success => "> 1/3: trusted",
            _ => "not > 1/3: bisect",
        };
        out.case(Case::new(
            &format!("rotation-{name}"),
            &trusted,
            &file,
            soon_after(&blocks[6]),
            expected,
            &format!(
                "skipping 1 → 7, {what}: all {} validators of the new set sign; {} of the trusted next set's power signs ({verdict})",
                b.0.len(),
                share(kept * 10, 120)
            ),
        ));
        if name == "all" {
            let h6 = out.block("rot-all-h6", &blocks[5], Style::default());
            out.case(Case::new(
                "rotation-all-adjacent",
                &h6,
                &file,
                soon_after(&blocks[6]),
                Expect::Success,
                "adjacent 6 → 7 with every validator replaced: height 6 hands over to the new set by next_validators_hash, which then signs > 2/3",
            ));
        }
        if name == "third" || name == "quarter" {
            let (verdict, why) = if name == "third" {
                (Expect::NotEnoughTrust, "8/12 is not > 2/3")
            } else {
                (Expect::Success, "9/12 > 2/3")
            };
            out.case(
                Case::new(
                    &format!("rotation-{name}-trust-two-thirds"),
                    &trusted,
                    &file,
                    soon_after(&blocks[6]),
                    verdict,
                    &format!("as rotation-{name} with trust level 2/3: {why}"),
                )
                .trust_level(2, 3),
            );
        }
    }

    // Power, not head count: a whale with 70 of 100.
    let whale_set = |whale: &str, small: &str| {
        let mut members = small_validators(small);
        members.push(TestValidator::ed25519(whale, 70));
        Set::new(members)
    };
    let w = whale_set("whale", "whale-small");
    let w_chain = chain("whale", &[&w, &w, &w], &|_, _| Vote::Commit);
    let trusted = out.block("whale-h1", &w_chain[0], Style::default());
    for (name, b, expected, what) in [
        (
            "whale-replaced",
            whale_set("whale-new", "whale-small"),
            Expect::NotEnoughTrust,
            "only the 70-power validator replaced (1 of 11): 30/100 of the trusted power signs, not > 1/3",
        ),
        (
            "whale-kept",
            whale_set("whale", "whale-other"),
            Expect::Success,
            "10 of 11 validators replaced, the 70-power one kept: 70/100 of the trusted power signs, > 1/3",
        ),
    ] {
        let w = whale_set("whale", "whale-small");
        let blocks = chain("whale", &[&w, &w, &w, &w, &w, &w, &b, &b], &|_, _| Vote::Commit);
        let file = out.block(&format!("{name}-h7"), &blocks[6], Style::default());
        out.case(Case::new(
            &format!("rotation-{name}"),
            &trusted,
            &file,
            soon_after(&blocks[6]),
            expected,
            &format!("skipping 1 → 7, {what}"),
        ));
    }
}

fn small_validators(prefix: &str) -> Vec<TestValidator> {
    (0..10).map(|i| TestValidator::ed25519(&format!("{prefix}{i}"), 3)).collect()
}

/// The mixed ed25519/secp256k1 set: secp256k1 30/25/20, ed25519 10/8/5/2.
fn mixed_set() -> Set {
    let mut v: Vec<TestValidator> =
        [30, 25, 20].iter().enumerate().map(|(i, p)| TestValidator::secp256k1(&format!("mixed-s{i}"), *p)).collect();
    v.extend([10, 8, 5, 2].iter().enumerate().map(|(i, p)| TestValidator::ed25519(&format!("mixed-e{i}"), *p)));
    Set::new(v)
}

fn mixed_chain(set: &Set) -> Vec<LightBlock> {
    // At height 8 the two smallest ed25519 validators are absent and one votes nil.
    chain("mixed", &[set; 10], &|h, i| match (h, i) {
        (8, 4) => Vote::Nil,
        (8, 5 | 6) => Vote::Absent,
        _ => Vote::Commit,
    })
}

const MIXED_STYLE: Style = Style { shuffle: false, part_set_header: true };

/// A chain of ed25519 and secp256k1 validators.
fn mixed(out: &mut Out) {
    let set = mixed_set();
    let blocks = mixed_chain(&set);
    let h1 = out.block("mixed-h1", &blocks[0], MIXED_STYLE);
    let h2 = out.block("mixed-h2", &blocks[1], Style { shuffle: true, part_set_header: true });
    let h8 = out.block("mixed-h8", &blocks[7], MIXED_STYLE);
    out.case(Case::new(
        "mixed-adjacent",
        &h1,
        &h2,
        soon_after(&blocks[1]),
        Expect::Success,
        "3 secp256k1 (30/25/20) + 4 ed25519 (10/8/5/2) validators: height 1 → 2, all sign (block IDs use `part_set_header`)",
    ));
    out.case(Case::new(
        "mixed-skipping",
        &h1,
        &h8,
        soon_after(&blocks[7]),
        Expect::Success,
        "mixed keys: height 1 → 8 (skipping); ed25519 power 8 votes nil, 5 and 2 absent: 85/100 signs",
    ));
}

/// One vector per rejection reason.
fn rejections(out: &mut Out) {
    let four = val4_set();
    let blocks = val4_chain(&four);
    let (b1, b2, b9, b10) = (&blocks[0], &blocks[1], &blocks[8], &blocks[9]);
    let h1 = out.block("val4-h1", b1, Style::default());
    let h2 = out.block("val4-h2", b2, Style::default());
    let h10 = out.block("val4-h10", b10, SHUFFLED);
    let s2 = next_spec("val4", b1, &four, &four);
    let s10 = next_spec("val4", b9, &four, &four);
    let no_tweak = |_: &mut Header| {};
    let h2_json = || light_block_json(b2, Style::default());

    // Trusting period: expired iff trusted.time + period <= now.
    let t1 = b1.time();
    out.case(
        Case::new(
            "reject-trust-expired",
            &h1,
            &h2,
            plus(t1, 3600 * SEC),
            Expect::Invalid("cometbft.trust.expired"),
            "trusting period 3600 s and now = trusted time + 3600 s exactly: the trusted header has expired",
        )
        .trusting_period(3600),
    );
    out.case(
        Case::new(
            "accept-trust-period-last-nanosecond",
            &h1,
            &h2,
            plus(t1, 3600 * SEC - 1),
            Expect::Success,
            "trusting period 3600 s and now = trusted time + 3600 s − 1 ns: still trusted",
        )
        .trusting_period(3600),
    );

    // Header ValidateBasic.
    let b = block(&s2, &all_commit, &|h| h.version_block = 12);
    let f = out.block("reject-header-version", &b, Style::default());
    out.case(Case::new(
        "reject-header-version",
        &h1,
        &f,
        soon_after(&b),
        Expect::Invalid("cometbft.header.invalid"),
        "adjacent: header version.block 12 (CometBFT requires 11), correctly hashed and signed",
    ));

    // Chain ID.
    let b = block(&s2, &all_commit, &|h| h.chain_id = "lightcheck-other".into());
    let f = out.block("reject-chain-id", &b, Style::default());
    out.case(Case::new(
        "reject-chain-id",
        &h1,
        &f,
        soon_after(&b),
        Expect::Invalid("cometbft.header.chain_id"),
        "adjacent: a block of chain lightcheck-other, signed for that chain by the same validators",
    ));

    // Header hash ≠ commit.block_id.hash.
    let mut v = h2_json();
    *at(&mut v, "/signed_header/header/app_hash") = Value::from(hex_upper(&sha256("tampered app hash")));
    let f = out.json("reject-header-hash-mismatch", &v);
    out.case(Case::new(
        "reject-header-hash-mismatch",
        &h1,
        &f,
        soon_after(b2),
        Expect::Invalid("cometbft.header.hash_mismatch"),
        "adjacent: app_hash changed after signing, so the header no longer hashes to commit.block_id.hash",
    ));

    // Validator sets that do not hash to the header's.
    let mut v = h2_json();
    *at(&mut v, "/validator_set/validators/3/voting_power") = Value::from("11");
    *at(&mut v, "/validator_set/total_voting_power") = Value::from("91");
    let f = out.json("reject-validators-hash-mismatch", &v);
    out.case(Case::new(
        "reject-validators-hash-mismatch",
        &h1,
        &f,
        soon_after(b2),
        Expect::Invalid("cometbft.validators.hash_mismatch"),
        "adjacent: validator_set with one power changed 10 → 11 does not hash to validators_hash",
    ));
    let mut v = h2_json();
    *at(&mut v, "/next_validator_set/validators/3/voting_power") = Value::from("11");
    *at(&mut v, "/next_validator_set/total_voting_power") = Value::from("91");
    let f = out.json("reject-next-validators-hash-mismatch", &v);
    out.case(Case::new(
        "reject-next-validators-hash-mismatch",
        &h1,
        &f,
        soon_after(b2),
        Expect::Invalid("cometbft.validators.hash_mismatch"),
        "adjacent: the untrusted block's next_validator_set (one power changed 10 → 11) does not hash to its next_validators_hash",
    ));
    let mut v = light_block_json(b1, Style::default());
    *at(&mut v, "/next_validator_set/validators/3/voting_power") = Value::from("11");
    *at(&mut v, "/next_validator_set/total_voting_power") = Value::from("91");
    let f = out.json("val4-h1-wrong-next-validators", &v);
    out.case(Case::new(
        "reject-trusted-next-validators-hash-mismatch",
        &f,
        &h10,
        soon_after(b10),
        Expect::Invalid("cometbft.validators.hash_mismatch"),
        "skipping 1 → 10: the trusted block's next_validator_set (one power changed) does not hash to its next_validators_hash, so it cannot be used for the 1/3 check",
    ));

    // Adjacent hand-over to a set the trusted header did not name.
    let fork = Set::ed25519("fork-", &[30, 30, 20, 10]);
    let b = block(&next_spec("val4", b1, &fork, &fork), &all_commit, &no_tweak);
    let f = out.block("reject-next-validators-mismatch", &b, Style::default());
    out.case(Case::new(
        "reject-next-validators-mismatch",
        &h1,
        &f,
        soon_after(&b),
        Expect::Invalid("cometbft.validators.next_mismatch"),
        "adjacent: height 2 signed by 4 other validators (self-consistent), but height 1's next_validators_hash names the original set",
    ));

    // Height and time monotonicity.
    out.case(Case::new(
        "reject-height-lower",
        &h2,
        &h1,
        soon_after(b2),
        Expect::Invalid("cometbft.header.height_not_increasing"),
        "trusted height 2, untrusted height 1",
    ));
    out.case(Case::new(
        "reject-height-equal",
        &h2,
        &h2,
        soon_after(b2),
        Expect::Invalid("cometbft.header.height_not_increasing"),
        "the trusted block itself as the untrusted one (height 2 → 2)",
    ));
    let same_time = BlockSpec { time: t1, ..next_spec("val4", b1, &four, &four) };
    let b = block(&same_time, &all_commit, &no_tweak);
    let f = out.block("reject-time-not-increasing", &b, Style::default());
    out.case(Case::new(
        "reject-time-not-increasing",
        &h1,
        &f,
        soon_after(&b),
        Expect::Invalid("cometbft.header.time_not_increasing"),
        "adjacent: height 2 with the same time as height 1 (BFT time must strictly increase)",
    ));

    // Clock drift: valid iff untrusted.time < now + drift.
    let t10 = b10.time();
    out.case(Case::new(
        "reject-from-future",
        &h1,
        &h10,
        plus(t10, -(CLOCK_DRIFT_SECS as i128) * SEC),
        Expect::Invalid("cometbft.header.from_future"),
        "skipping 1 → 10 with now = untrusted time − 10 s: the header time equals now + max clock drift (must be strictly less)",
    ));
    out.case(Case::new(
        "accept-clock-drift-last-nanosecond",
        &h1,
        &h10,
        plus(t10, -(CLOCK_DRIFT_SECS as i128) * SEC + 1),
        Expect::Success,
        "skipping 1 → 10 with now = untrusted time − 10 s + 1 ns: the header is within the clock drift",
    ));

    // Voting power.
    let b = block(&s10, &|i| if i == 0 { Vote::Commit } else { Vote::Absent }, &no_tweak);
    let f = out.block("reject-trust-one-third", &b, Style::default());
    out.case(Case::new(
        "reject-trust-exactly-one-third",
        &h1,
        &f,
        soon_after(&b),
        Expect::NotEnoughTrust,
        "skipping 1 → 10, same set, only one 30-power validator signs: 30/90 of the trusted power is not > 1/3 (checked before the 2/3 of the new set)",
    ));
    let b = block(&s2, &|i| [Vote::Commit, Vote::Commit, Vote::Nil, Vote::Absent][i], &no_tweak);
    let f = out.block("reject-insufficient-power", &b, Style::default());
    out.case(Case::new(
        "reject-insufficient-power-adjacent",
        &h1,
        &f,
        soon_after(&b),
        Expect::Invalid("cometbft.commit.insufficient_power"),
        "adjacent: 30 + 30 sign, 20 votes nil, 10 absent: 60/90 is exactly 2/3, not more (nil votes do not count)",
    ));
    let b = block(&s10, &|i| if i < 2 { Vote::Commit } else { Vote::Absent }, &no_tweak);
    let f = out.block("reject-insufficient-power-skipping", &b, Style::default());
    out.case(Case::new(
        "reject-insufficient-power-skipping",
        &h1,
        &f,
        soon_after(&b),
        Expect::Invalid("cometbft.commit.insufficient_power"),
        "skipping 1 → 10: 30 + 30 sign: 60/90 > 1/3 of the trusted set, but not > 2/3 of the new set",
    ));

    // Signatures.
    let mut v = h2_json();
    corrupt_signature(&mut v, "/signed_header/commit/signatures/0/signature");
    let f = out.json("reject-bad-signature-ed25519", &v);
    out.case(Case::new(
        "reject-bad-signature-ed25519",
        &h1,
        &f,
        soon_after(b2),
        Expect::Invalid("cometbft.commit.bad_signature"),
        "adjacent: one bit flipped in the first (30-power) validator's ed25519 signature, which every counting mode checks",
    ));
    let mut v = light_block_json(b10, Style::default());
    corrupt_signature(&mut v, "/signed_header/commit/signatures/0/signature");
    let f = out.json("reject-bad-signature-ed25519-skipping", &v);
    out.case(Case::new(
        "reject-bad-signature-ed25519-skipping",
        &h1,
        &f,
        soon_after(b10),
        Expect::Invalid("cometbft.commit.bad_signature"),
        "skipping 1 → 10: one bit flipped in the first validator's signature (found by the 1/3 tally)",
    ));
    let mixed = mixed_set();
    let mixed_blocks = mixed_chain(&mixed);
    let m1 = out.block("mixed-h1", &mixed_blocks[0], MIXED_STYLE);
    let mut v = light_block_json(&mixed_blocks[1], MIXED_STYLE);
    let slot = at(&mut v, "/signed_header/commit/signatures/0/signature");
    let sig = base64::engine::general_purpose::STANDARD.decode(slot.as_str().unwrap()).unwrap();
    let twin = high_s(&sig);
    let parsed = Secp256k1Signature::from_slice(&twin).expect("r, s in range");
    assert!(parsed.normalize_s().to_bytes()[..] == sig[..] && parsed.normalize_s() != parsed, "high-S twin");
    *slot = Value::from(b64(&twin));
    let f = out.json("reject-secp256k1-high-s", &v);
    out.case(Case::new(
        "reject-secp256k1-high-s",
        &m1,
        &f,
        soon_after(&mixed_blocks[1]),
        Expect::Invalid("cometbft.commit.bad_signature"),
        "adjacent, mixed keys: the first (secp256k1, 30-power) signature replaced by its high-S twin (r, n − s); CometBFT requires low S",
    ));

    // Commit shape.
    let mut v = light_block_json(b10, Style::default());
    let first = at(&mut v, "/signed_header/commit/signatures/0").clone();
    *at(&mut v, "/signed_header/commit/signatures/1") = first;
    let f = out.json("reject-double-vote", &v);
    out.case(Case::new(
        "reject-double-vote",
        &h1,
        &f,
        soon_after(b10),
        Expect::Invalid("cometbft.commit.double_vote"),
        "skipping 1 → 10: signature 1 is a copy of signature 0 (same validator twice); rejected as a double vote before any signature is checked",
    ));
    let mut v = h2_json();
    at(&mut v, "/signed_header/commit/signatures").as_array_mut().unwrap().pop();
    let f = out.json("reject-commit-signature-count", &v);
    out.case(Case::new(
        "reject-commit-signature-count",
        &h1,
        &f,
        soon_after(b2),
        Expect::Invalid("cometbft.commit.invalid"),
        "adjacent: the commit has 3 signatures for 4 validators",
    ));
    let mut v = h2_json();
    at(&mut v, "/signed_header/commit/signatures").as_array_mut().unwrap().swap(0, 1);
    let f = out.json("reject-commit-signer-index", &v);
    out.case(Case::new(
        "reject-commit-signer-index",
        &h1,
        &f,
        soon_after(b2),
        Expect::Invalid("cometbft.commit.invalid"),
        "adjacent: signatures 0 and 1 swapped (each still valid for its own address), so signers are not at their validators' indices",
    ));

    // Unsupported key types: a BLS12-381 validator (power 5, absent from the commit).
    let bls_pk: Vec<u8> = (0..3).flat_map(|i| sha256(format!("lightcheck-test bls12-381 {i}"))).collect();
    let bls_address = &sha256(&bls_pk)[..20];
    let mut leaves: Vec<Vec<u8>> = four.0.iter().map(|v| v.validator.hash_bytes()).collect();
    assert!(merkle::root(&leaves) == four.validator_set().hash());
    leaves.push([&[0x0a, 0x62, 0x1a, 0x60][..], &bls_pk[..], &[0x10, 5][..]].concat());
    let bls_hash = merkle::root(&leaves).to_vec();
    let mut b = block(&s10, &all_commit, &|h| {
        h.validators_hash = bls_hash.clone();
        h.next_validators_hash = bls_hash.clone();
    });
    b.signed_header.commit.signatures.push(CommitSig::Absent);
    for key_type in ["tendermint/PubKeyBls12_381", "cometbft/PubKeyBls12_381"] {
        let mut v = light_block_json(&b, Style::default());
        for set in ["/validator_set", "/next_validator_set"] {
            at(&mut v, &format!("{set}/validators")).as_array_mut().unwrap().push(json!({
                "address": hex_upper(bls_address),
                "pub_key": {"type": key_type, "value": b64(&bls_pk)},
                "voting_power": "5",
                "proposer_priority": "0",
            }));
            *at(&mut v, &format!("{set}/total_voting_power")) = Value::from("95");
        }
        let name = format!("reject-key-bls12-381-{}", key_type.split('/').next().unwrap());
        let f = out.json(&name, &v);
        out.case(Case::new(
            &name,
            &h1,
            &f,
            soon_after(&b),
            Expect::Invalid("cometbft.key.unsupported"),
            &format!("skipping 1 → 10: the new set has a {key_type} validator (power 5, absent from the commit; validators_hash covers its key with PublicKey field 3); lightcheck verifies ed25519 and secp256k1 only"),
        ));
    }

    // Malformed JSON fields.
    let mut v = h2_json();
    *at(&mut v, "/signed_header/header/app_hash") = Value::from("NOT-HEX");
    let f = out.json("reject-decode-hex", &v);
    out.case(Case::new(
        "reject-decode-hex",
        &h1,
        &f,
        soon_after(b2),
        Expect::Invalid("cometbft.decode"),
        "header.app_hash is not hex",
    ));
    let mut v = h2_json();
    *at(&mut v, "/signed_header/commit/signatures/3/block_id_flag") = Value::from(4);
    let f = out.json("reject-decode-block-id-flag", &v);
    out.case(Case::new(
        "reject-decode-block-id-flag",
        &h1,
        &f,
        soon_after(b2),
        Expect::Invalid("cometbft.decode"),
        "a commit signature with block_id_flag 4 (only 1 absent, 2 commit and 3 nil exist)",
    ));
}

/// The manifest and every file, as they are committed under `test-vectors/cometbft/`.
pub fn files() -> Vec<(String, Vec<u8>)> {
    let mut out = Out::default();
    chains(&mut out);
    rotations(&mut out);
    mixed(&mut out);
    rejections(&mut out);
    // A whole chain for light-client drivers (bisection across rotations), not a manifest case.
    let chain: Vec<Value> = rotating_chain(24, 6, 7).iter().map(|b| light_block_json(b, Style::default())).collect();
    out.json("rotating-chain", &Value::Array(chain));
    let manifest = json!({
        "generator": "cargo run -p lightcheck-vectors (test-vectors/generator)",
        "description": "lightcheck CometBFT conformance vectors: light blocks (tendermint-rs LightBlock JSON, RPC-style fields) of chain lightcheck-test, signed by test validators whose ed25519 / secp256k1 keys are derived from labels. For each case verify `untrusted` against `trusted` (which carries next_validator_set) at `now` with the trust level, trusting period and clock drift given: adjacent when the heights are consecutive, skipping otherwise. `expected` is the light-client verdict (SUCCESS, NOT_ENOUGH_TRUST = bisect, INVALID) and `error_code` lightcheck's Error::code(); a file that fails to decode is INVALID with the decoding error. Verdicts are the same whether counting stops at the threshold or checks every signature.",
        "cases": out.cases.iter().map(Case::to_json).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_vec_pretty(&manifest).expect("json");
    text.push(b'\n');
    let mut files = out.files;
    files.push(("manifest.json".into(), text));
    files
}

/// A `heights`-block chain of `size` equal-power validators where, every `period` heights, a
/// third of the set plus one is replaced (more than the 1/3 trust level can bridge in one skip
/// after two rotations). For scheduler tests: skipping across it needs bisection. Blocks carry
/// their next validator sets; `blocks[i]` is height `i + 1`.
pub fn rotating_chain(heights: u64, period: u64, size: usize) -> Vec<LightBlock> {
    let step = size / 3 + 1;
    let sets: Vec<Set> = (0..=heights)
        .map(|h| {
            let generation = h / period;
            let powers = alloc_powers(size);
            Set::new(
                (0..size)
                    .map(|i| {
                        // Validator i is replaced by a new one each time its slot comes up.
                        let slot_generation = (generation as usize * step + (size - 1 - i)) / size;
                        TestValidator::ed25519(&format!("rot-{i}-{slot_generation}"), powers[i])
                    })
                    .collect(),
            )
        })
        .collect();
    let refs: Vec<&Set> = sets.iter().collect();
    chain("rotating", &refs, &|_, _| Vote::Commit)
}

fn alloc_powers(size: usize) -> Vec<u64> {
    vec![10; size]
}

/// Heights `1..=heights` of a chain signed by four equal-power ed25519 validators (`label`-derived
/// keys), blocks `interval_secs` apart from `start_secs`; `tweak(height, header)` sets what a
/// caller needs (data and results hashes) before each header is hashed and signed. `blocks[i]`
/// is height `i + 1`.
pub fn custom_chain(
    label: &str,
    heights: u64,
    start_secs: i64,
    interval_secs: i64,
    tweak: &dyn Fn(u64, &mut Header),
) -> Vec<LightBlock> {
    let vals = Set::ed25519(label, &[10, 10, 10, 10]);
    let mut blocks: Vec<LightBlock> = Vec::new();
    for h in 1..=heights {
        let spec = BlockSpec {
            label,
            height: h,
            time: from_nanos(i128::from(start_secs + interval_secs * (h as i64 - 1)) * SEC + 500_000_000),
            last_block_id: blocks.last().map(|b| b.signed_header.commit.block_id.clone()).unwrap_or_default(),
            vals: &vals,
            next: &vals,
        };
        blocks.push(block(&spec, &all_commit, &|header| tweak(h, header)));
    }
    blocks
}
