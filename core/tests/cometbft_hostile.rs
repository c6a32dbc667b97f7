//! Hostile bytes against the CometBFT decoders and predicates: typed errors, never a panic.
#![cfg(feature = "cometbft")]

use std::time::Duration;

use lightcheck::cometbft::json::light_block_from_json;
use lightcheck::cometbft::{verify, CommitSig, CountingMode, Options};
use lightcheck::time::Timestamp;

fn vector(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-vectors/cometbft").join(name)).unwrap()
}

#[test]
fn random_byte_mutations_of_light_blocks_never_panic_and_never_verify() {
    let trusted = light_block_from_json(&vector("val4-h1.json")).unwrap();
    let original = vector("val4-h10.json");
    // Every signature is checked, so any change to a signed field must be caught.
    let options = Options { counting: CountingMode::VerifyAll, ..Options::new(Duration::from_secs(14 * 24 * 3600)) };
    let now = Timestamp::parse("2025-06-01T00:05:00Z").unwrap();
    verify(&light_block_from_json(&original).unwrap(), &trusted, &options, now).expect("the original verifies");
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut decoded, mut accepted_same) = (0, 0);
    for _ in 0..4000 {
        let mut m = original.clone();
        for _ in 0..1 + next() % 3 {
            let i = (next() as usize) % m.len();
            m[i] = match next() % 4 {
                0 => b"0123456789ABCDEF"[(next() % 16) as usize],
                1 => b"\"{}[],:"[(next() % 7) as usize],
                _ => next() as u8,
            };
        }
        let Ok(block) = light_block_from_json(&m) else { continue };
        decoded += 1;
        if verify(&block, &trusted, &options, now).is_ok() {
            // A mutation that decodes to the same light block (e.g. hex case) may verify.
            // The next validator set is optional in an untrusted block, so a mutation that drops
            // it (by breaking its key) may verify; everything the verdict covers must be unchanged.
            let original = light_block_from_json(&original).unwrap();
            assert_eq!(block.signed_header, original.signed_header, "a changed header or commit verified");
            assert_eq!(block.validators, original.validators, "a changed validator set verified");
            accepted_same += 1;
        }
    }
    assert!(decoded > 100, "{decoded} mutations decoded");
    eprintln!("{decoded} decodable mutations, {accepted_same} equal to the original");
}

#[test]
fn absurd_json_is_rejected_with_a_decode_error() {
    for input in [
        &b""[..],
        b"null",
        b"[]",
        b"{}",
        b"{\"signed_header\":1}",
        b"{\"validator_set\":{\"validators\":[{\"pub_key\":{\"type\":\"tendermint/PubKeyEd25519\",\"value\":\"AA==\"},\"voting_power\":\"1\"}]}}",
        b"{\"validator_set\":{\"validators\":[{\"pub_key\":{\"type\":\"x\",\"value\":\"\"},\"voting_power\":\"99999999999999999999\"}]}}",
        &[b'['; 100_000],
    ] {
        let err = light_block_from_json(input).expect_err("absurd input decoded");
        assert!(err.code().starts_with("cometbft.") || err.code() == "input.too_large", "{err}");
    }
    let huge = vec![b' '; lightcheck::cometbft::json::MAX_JSON_LEN + 1];
    assert_eq!(light_block_from_json(&huge).unwrap_err().code(), "input.too_large");
}

#[test]
fn a_zero_trusting_period_is_a_configuration_error_not_an_expiry() {
    use lightcheck::cometbft::TrustThreshold;
    let trusted = light_block_from_json(&vector("val4-h1.json")).unwrap();
    let untrusted = light_block_from_json(&vector("val4-h2.json")).unwrap();
    let now = Timestamp::parse("2025-06-01T00:00:36.827472557Z").unwrap();
    let options = |secs| Options {
        trust_threshold: TrustThreshold::ONE_THIRD,
        trusting_period: Duration::from_secs(secs),
        clock_drift: Duration::from_secs(10),
        counting: CountingMode::StopAtThreshold,
    };
    assert_eq!(verify(&untrusted, &trusted, &options(0), now).unwrap_err().code(), "cometbft.options.invalid");
    verify(&untrusted, &trusted, &options(1_209_600), now).expect("the same step with a real period");
}

fn options(trusting_period: Duration, trust: TrustLevel) -> Options {
    Options {
        trust_threshold: trust,
        trusting_period,
        clock_drift: Duration::from_secs(10),
        counting: CountingMode::StopAtThreshold,
    }
}

type TrustLevel = lightcheck::cometbft::TrustThreshold;

#[test]
fn the_trusting_period_ends_strictly_before_trusted_time_plus_period() {
    let trusted = light_block_from_json(&vector("val4-h1.json")).unwrap();
    let untrusted = light_block_from_json(&vector("val4-h2.json")).unwrap();
    let t = trusted.signed_header.header.time;
    let period = Duration::from_secs(3600);
    let at = |nanos: i128| Timestamp::from_unix_nanos(t.unix_nanos() + nanos).unwrap();
    let one_hour = 3_600_000_000_000i128;
    let code = |now| verify(&untrusted, &trusted, &options(period, TrustLevel::ONE_THIRD), now).err().map(|e| e.code());
    assert_eq!(code(at(one_hour - 1)), None, "one nanosecond before the end");
    assert_eq!(code(at(one_hour)), Some("cometbft.trust.expired"), "at trusted time + period");
}

#[test]
fn a_malformed_commit_is_reported_before_trust_is_counted() {
    // A skipping step with too little trust (the manifest's rotation-two-thirds case) …
    let trusted = light_block_from_json(&vector("rot-h1.json")).unwrap();
    let now = Timestamp::parse("2025-06-01T00:01:06.764575002Z").unwrap();
    let opts = options(Duration::from_secs(1_209_600), TrustLevel::ONE_THIRD);
    let untrusted = light_block_from_json(&vector("rot-two-thirds-h7.json")).unwrap();
    assert_eq!(verify(&untrusted, &trusted, &opts, now).unwrap_err().code(), "cometbft.trust.not_enough");
    // … whose commit also lacks an entry: the shape is checked first, as Go validates the
    // untrusted block before it counts trusted power.
    let mut short = untrusted.clone();
    short.signed_header.commit.signatures.pop();
    let err = verify(&short, &trusted, &opts, now).unwrap_err();
    assert_eq!(err.code(), "cometbft.commit.invalid", "{err}");
}

/// The val4 adjacent step (4 validators, all sign) and its time.
fn val4_step() -> (lightcheck::cometbft::LightBlock, lightcheck::cometbft::LightBlock, Timestamp) {
    let trusted = light_block_from_json(&vector("val4-h1.json")).unwrap();
    let untrusted = light_block_from_json(&vector("val4-h2.json")).unwrap();
    (trusted, untrusted, Timestamp::parse("2025-06-01T00:00:36.827472557Z").unwrap())
}

fn step_code(untrusted: &lightcheck::cometbft::LightBlock, counting: CountingMode) -> &'static str {
    let (trusted, _, now) = val4_step();
    let options = Options { counting, ..options(Duration::from_secs(1_209_600), TrustLevel::ONE_THIRD) };
    verify(untrusted, &trusted, &options, now).err().map_or("ok", |e| e.code())
}

fn signature_mut(block: &mut lightcheck::cometbft::LightBlock, i: usize) -> &mut Vec<u8> {
    match &mut block.signed_header.commit.signatures[i] {
        CommitSig::Commit { signature, .. } | CommitSig::Nil { signature, .. } => signature,
        CommitSig::Absent => panic!("signature {i} is absent"),
    }
}

#[test]
fn every_counted_signature_is_checked_in_and_out_of_the_batch() {
    let (_, untrusted, _) = val4_step();
    assert_eq!(step_code(&untrusted, CountingMode::StopAtThreshold), "ok");
    assert_eq!(step_code(&untrusted, CountingMode::VerifyAll), "ok");
    // A wrong signature of the first signer (always counted): the batch fails, one by one finds it.
    let mut wrong = untrusted.clone();
    signature_mut(&mut wrong, 0)[5] ^= 1;
    assert_eq!(step_code(&wrong, CountingMode::StopAtThreshold), "cometbft.commit.bad_signature");
    // A 63-byte signature cannot even be queued in the batch: it must not be skipped.
    for i in 0..4 {
        let mut short = untrusted.clone();
        signature_mut(&mut short, i).pop();
        assert_eq!(step_code(&short, CountingMode::VerifyAll), "cometbft.commit.bad_signature", "signature {i}");
    }
}

#[test]
fn votes_must_sit_at_their_validators_index() {
    let (_, untrusted, _) = val4_step();
    // A nil vote written with an address that is not its validator's.
    let mut nil = untrusted.clone();
    let (timestamp, signature) = match &nil.signed_header.commit.signatures[3] {
        CommitSig::Commit { timestamp, signature, .. } => (*timestamp, signature.clone()),
        _ => panic!("val4-h2: every validator signs"),
    };
    nil.signed_header.commit.signatures[3] = CommitSig::Nil { validator_address: [0xab; 20], timestamp, signature };
    assert_eq!(step_code(&nil, CountingMode::VerifyAll), "cometbft.commit.invalid");
    // The commit-only path (no light-client step around it) checks it too.
    let err = lightcheck::cometbft::verify_commit(&nil.signed_header, &nil.validators, CountingMode::VerifyAll);
    assert_eq!(err.unwrap_err().code(), "cometbft.commit.invalid");
    // The same validator voting twice: a double vote, named as such.
    let mut twice = untrusted.clone();
    twice.signed_header.commit.signatures[1] = twice.signed_header.commit.signatures[0].clone();
    assert_eq!(step_code(&twice, CountingMode::VerifyAll), "cometbft.commit.double_vote");
}

#[test]
fn a_trust_level_reads_back_as_given() {
    assert_eq!(TrustLevel::new(2, 3).unwrap().fraction(), (2, 3));
    assert_eq!(TrustLevel::ONE_THIRD.fraction(), (1, 3));
}
