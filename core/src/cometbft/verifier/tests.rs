use alloc::vec;

use super::*;
use crate::cometbft::commit::CommitSig;
use crate::cometbft::testkit::*;

const HOUR: Duration = Duration::from_secs(3600);

/// The trusted block: height 1 at `T0`, validators and next validators `{1, 2, 3}`.
fn trusted() -> LightBlock {
    spec(1, secs(T0), &[1, 2, 3]).build()
}

/// `verify` with a one-hour trusting period, `now` one minute after `T0`; `"ok"` or the error code.
fn check(untrusted: &LightBlock, trusted: &LightBlock) -> &'static str {
    check_at(untrusted, trusted, secs(T0 + 60))
}

fn check_at(untrusted: &LightBlock, trusted: &LightBlock, now: Timestamp) -> &'static str {
    verify(untrusted, trusted, &Options::new(HOUR), now).err().map_or("ok", |e| e.code())
}

fn code(r: Result<(), Error>) -> &'static str {
    r.err().map_or("ok", |e| e.code())
}

// ---- Options ----

#[test]
fn options_new_has_cometbft_defaults() {
    let o = Options::new(HOUR);
    assert_eq!(o.trusting_period, HOUR);
    assert_eq!(o.trust_threshold, TrustThreshold::ONE_THIRD);
    assert_eq!(o.clock_drift, Duration::from_secs(10));
    assert_eq!(o.counting, CountingMode::StopAtThreshold);
}

#[test]
fn zero_trusting_period_is_a_misconfiguration() {
    let untrusted = spec(2, secs(T0 + 10), &[1, 2, 3]).build();
    let options = Options::new(Duration::ZERO);
    let err = verify(&untrusted, &trusted(), &options, secs(T0 + 1)).unwrap_err();
    assert_eq!(err.code(), "cometbft.options.invalid");
}

// ---- is_within_trust_period ----

#[test]
fn trust_period_ends_exclusively() {
    let t = secs(T0);
    assert!(is_within_trust_period(&t, HOUR, just_before(secs(T0 + 3600))));
    assert!(!is_within_trust_period(&t, HOUR, secs(T0 + 3600)));
}

#[test]
fn trust_period_does_not_overflow_on_a_huge_period() {
    assert!(is_within_trust_period(&secs(T0), Duration::MAX, Timestamp::new(253_402_300_799, 999_999_999).unwrap()));
}

#[test]
fn verify_rejects_a_trusted_block_at_the_end_of_its_trusting_period() {
    let untrusted = spec(2, secs(T0 + 10), &[1, 2, 3]).build();
    assert_eq!(check_at(&untrusted, &trusted(), just_before(secs(T0 + 3600))), "ok");
    assert_eq!(check_at(&untrusted, &trusted(), secs(T0 + 3600)), "cometbft.trust.expired");
}

// ---- adjacent ----

#[test]
fn adjacent_block_signed_by_all_is_accepted() {
    let untrusted = spec(2, secs(T0 + 10), &[1, 2, 3]).build();
    assert_eq!(check(&untrusted, &trusted()), "ok");
}

#[test]
fn adjacent_block_needs_more_than_two_thirds() {
    let exactly = spec(2, secs(T0 + 10), &[1, 2, 3]).signed_by(&[1, 2]).build();
    assert_eq!(check(&exactly, &trusted()), "cometbft.commit.insufficient_power");
    let over = spec(2, secs(T0 + 10), &[1, 2, 3, 4]).signed_by(&[1, 2, 3]).build();
    let trusted = spec(1, secs(T0), &[1, 2, 3]).next(&[1, 2, 3, 4]).build();
    assert_eq!(check(&over, &trusted), "ok");
}

#[test]
fn adjacent_block_must_have_the_announced_validators() {
    // The trusted block announced {1, 2, 3}; the next block is by {1, 2, 4}.
    let untrusted = spec(2, secs(T0 + 10), &[1, 2, 4]).build();
    assert_eq!(check(&untrusted, &trusted()), "cometbft.validators.next_mismatch");
}

// ---- skipping ----

#[test]
fn skipping_accepts_another_set_trusted_by_over_one_third() {
    // Same new set as above, but not adjacent: {1, 2} are 2/3 of the trusted set.
    let untrusted = spec(3, secs(T0 + 10), &[1, 2, 4]).build();
    assert_eq!(check(&untrusted, &trusted()), "ok");
}

#[test]
fn skipping_is_not_enough_trust_at_exactly_one_third() {
    let untrusted = spec(3, secs(T0 + 10), &[1, 4, 5]).build();
    assert_eq!(check(&untrusted, &trusted()), "cometbft.trust.not_enough");
    assert_eq!(
        Verdict::from(verify(&untrusted, &trusted(), &Options::new(HOUR), secs(T0 + 60))),
        Verdict::NotEnoughTrust
    );
}

#[test]
fn skipping_passes_just_over_one_third() {
    // Only validator 1 of the new set {1, 4, 5} is trusted, with 100 or 101 of 300.
    let untrusted = spec(3, secs(T0 + 10), &[1, 4, 5]).build();
    let exactly = spec(1, secs(T0), &[1, 2, 3]).next_weighted(&[(1, 100), (2, 200)]).build();
    assert_eq!(check(&untrusted, &exactly), "cometbft.trust.not_enough");
    let over = spec(1, secs(T0), &[1, 2, 3]).next_weighted(&[(1, 101), (2, 199)]).build();
    assert_eq!(check(&untrusted, &over), "ok");
}

#[test]
fn skipping_uses_the_configured_trust_threshold() {
    let untrusted = spec(3, secs(T0 + 10), &[1, 2, 4]).build();
    let mut options = Options::new(HOUR);
    options.trust_threshold = TrustThreshold::new(1, 1).unwrap();
    let err = verify(&untrusted, &trusted(), &options, secs(T0 + 60)).unwrap_err();
    assert_eq!(err.code(), "cometbft.trust.not_enough");
}

#[test]
fn skipping_still_needs_more_than_two_thirds_of_the_new_set() {
    let untrusted = spec(3, secs(T0 + 10), &[1, 2, 4]).signed_by(&[1, 2]).build();
    assert_eq!(check(&untrusted, &trusted()), "cometbft.commit.insufficient_power");
}

#[test]
fn skipping_needs_the_trusted_next_validators() {
    let mut trusted = trusted();
    trusted.next_validators = None;
    let untrusted = spec(3, secs(T0 + 10), &[1, 2, 3]).build();
    assert_eq!(check(&untrusted, &trusted), "cometbft.schedule");
}

#[test]
fn skipping_refuses_trusted_next_validators_that_do_not_match_its_header() {
    let mut trusted = trusted();
    trusted.next_validators = Some(set(&[1, 2, 4]));
    let untrusted = spec(3, secs(T0 + 10), &[1, 2, 4]).build();
    assert_eq!(check(&untrusted, &trusted), "cometbft.validators.hash_mismatch");
}

// ---- monotonicity, clock drift, chain ----

#[test]
fn height_must_increase() {
    let same = spec(1, secs(T0 + 10), &[1, 2, 3]).build();
    assert_eq!(check(&same, &trusted()), "cometbft.header.height_not_increasing");
    let lower = spec(5, secs(T0 + 10), &[1, 2, 3]).build();
    let trusted = spec(6, secs(T0), &[1, 2, 3]).build();
    assert_eq!(check(&lower, &trusted), "cometbft.header.height_not_increasing");
}

#[test]
fn time_must_increase() {
    let same = spec(2, secs(T0), &[1, 2, 3]).build();
    assert_eq!(check(&same, &trusted()), "cometbft.header.time_not_increasing");
    let one_ns_later = spec(2, Timestamp::new(T0, 1).unwrap(), &[1, 2, 3]).build();
    assert_eq!(check(&one_ns_later, &trusted()), "ok");
}

#[test]
fn header_at_now_plus_clock_drift_is_from_the_future() {
    let now = secs(T0 + 60);
    // Default clock drift: 10 s.
    let edge = spec(2, secs(T0 + 70), &[1, 2, 3]).build();
    assert_eq!(check_at(&edge, &trusted(), now), "cometbft.header.from_future");
    let inside = spec(2, just_before(secs(T0 + 70)), &[1, 2, 3]).build();
    assert_eq!(check_at(&inside, &trusted(), now), "ok");
}

#[test]
fn wrong_chain_id_is_rejected() {
    let untrusted = spec(2, secs(T0 + 10), &[1, 2, 3]).chain("other-chain").build();
    assert_eq!(check(&untrusted, &trusted()), "cometbft.header.chain_id");
}

#[test]
fn malformed_trusted_block_is_refused() {
    let mut trusted = trusted();
    trusted.signed_header.header.app_hash = vec![0xff; 32];
    let untrusted = spec(2, secs(T0 + 10), &[1, 2, 3]).build();
    assert_eq!(check(&untrusted, &trusted), "cometbft.header.hash_mismatch");
}

// ---- LightBlock::validate_basic ----

#[test]
fn validate_basic_accepts_a_consistent_block() {
    assert_eq!(code(trusted().validate_basic(CHAIN)), "ok");
}

#[test]
fn validate_basic_rejects_validators_not_matching_the_header() {
    let mut block = trusted();
    block.validators = set(&[1, 2, 4]);
    assert_eq!(code(block.validate_basic(CHAIN)), "cometbft.validators.hash_mismatch");
}

#[test]
fn validate_basic_rejects_next_validators_not_matching_the_header() {
    let mut block = trusted();
    block.next_validators = Some(set(&[1, 2, 4]));
    assert_eq!(code(block.validate_basic(CHAIN)), "cometbft.validators.hash_mismatch");
    block.next_validators = None;
    assert_eq!(code(block.validate_basic(CHAIN)), "ok");
}

#[test]
fn validate_basic_rejects_another_chain() {
    assert_eq!(code(trusted().validate_basic("other-chain")), "cometbft.header.chain_id");
}

#[test]
fn validate_basic_rejects_a_commit_for_another_header() {
    let mut block = trusted();
    block.signed_header.header.time = secs(T0 + 1);
    assert_eq!(code(block.validate_basic(CHAIN)), "cometbft.header.hash_mismatch");
}

// ---- check_commit_shape ----

#[test]
fn commit_shape_accepts_absent_entries() {
    let block = spec(1, secs(T0), &[1, 2, 3]).signed_by(&[1]).build();
    assert_eq!(code(check_commit_shape(&block)), "ok");
}

#[test]
fn commit_shape_rejects_a_signature_count_differing_from_the_validators() {
    let mut block = trusted();
    block.signed_header.commit.signatures.push(CommitSig::Absent);
    assert_eq!(code(check_commit_shape(&block)), "cometbft.commit.invalid");
}

#[test]
fn commit_shape_rejects_a_commit_without_votes() {
    let block = spec(1, secs(T0), &[1, 2, 3]).signed_by(&[]).build();
    assert_eq!(code(check_commit_shape(&block)), "cometbft.commit.invalid");
}

#[test]
fn commit_shape_rejects_a_signer_at_the_wrong_index() {
    let mut block = trusted();
    block.signed_header.commit.signatures.swap(1, 2);
    block.signed_header.commit.signatures[0] = CommitSig::Absent;
    assert_eq!(code(check_commit_shape(&block)), "cometbft.commit.invalid");
}

#[test]
fn commit_shape_names_a_repeated_signer_a_double_vote() {
    let mut block = trusted();
    let sigs = &mut block.signed_header.commit.signatures;
    sigs[1] = sigs[0].clone();
    assert_eq!(code(check_commit_shape(&block)), "cometbft.commit.double_vote");
}

#[test]
fn verify_rejects_a_double_vote() {
    let mut untrusted = spec(3, secs(T0 + 10), &[1, 2, 3]).build();
    let sigs = &mut untrusted.signed_header.commit.signatures;
    sigs[2] = sigs[0].clone();
    assert_eq!(check(&untrusted, &trusted()), "cometbft.commit.double_vote");
}

// ---- verify_commit ----

#[test]
fn verify_commit_accepts_over_two_thirds() {
    let block = spec(7, secs(T0), &[1, 2, 3, 4]).signed_by(&[1, 2, 3]).build();
    assert_eq!(code(verify_commit(&block.signed_header, &block.validators, CountingMode::VerifyAll)), "ok");
}

#[test]
fn verify_commit_rejects_exactly_two_thirds() {
    let block = spec(7, secs(T0), &[1, 2, 3]).signed_by(&[1, 2]).build();
    let r = verify_commit(&block.signed_header, &block.validators, CountingMode::VerifyAll);
    assert_eq!(code(r), "cometbft.commit.insufficient_power");
}

#[test]
fn verify_commit_rejects_a_bad_signature() {
    let mut block = spec(7, secs(T0), &[1, 2, 3]).build();
    if let CommitSig::Commit { signature, .. } = &mut block.signed_header.commit.signatures[1] {
        signature[5] ^= 1;
    }
    let r = verify_commit(&block.signed_header, &block.validators, CountingMode::VerifyAll);
    assert_eq!(code(r), "cometbft.commit.bad_signature");
}

#[test]
fn verify_commit_rejects_another_validator_set() {
    let block = spec(7, secs(T0), &[1, 2, 3]).build();
    let r = verify_commit(&block.signed_header, &set(&[1, 2, 4]), CountingMode::VerifyAll);
    assert_eq!(code(r), "cometbft.validators.hash_mismatch");
}

#[test]
fn verify_commit_ignores_next_validators() {
    // A block whose next set is unknown to the caller still verifies on its own.
    let block = spec(7, secs(T0), &[1, 2, 3]).next(&[4, 5, 6]).build();
    assert_eq!(code(verify_commit(&block.signed_header, &block.validators, CountingMode::StopAtThreshold)), "ok");
}
