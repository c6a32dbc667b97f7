use alloc::vec::Vec;

use ed25519_consensus::SigningKey;

use super::*;
use crate::cometbft::commit::canonical_vote_sign_bytes;
use crate::cometbft::header::{BlockId, PartSetHeader};
use crate::time::Timestamp;

const CHAIN: &str = "voting-test";
const HEIGHT: u64 = 5;
const VOTE_TIME: Timestamp = match Timestamp::from_unix_secs(1_700_000_000) {
    Some(t) => t,
    None => panic!("in range"),
};

/// The ed25519 key of test validator `id` (deterministic).
fn key(id: u8) -> SigningKey {
    SigningKey::from([id; 32])
}

fn validator(id: u8, power: u64) -> Validator {
    Validator::new(PublicKey::Ed25519(key(id).verification_key().to_bytes()), power)
}

/// A set of `(id, power)` validators.
fn set(members: &[(u8, u64)]) -> ValidatorSet {
    ValidatorSet::new(members.iter().map(|&(id, power)| validator(id, power)).collect()).unwrap()
}

fn block_id() -> BlockId {
    BlockId { hash: alloc::vec![0xab; 32], part_set_header: PartSetHeader { total: 1, hash: alloc::vec![0xcd; 32] } }
}

/// A Commit-flag vote by validator `id`, signed for `chain_id`.
fn commit_vote(id: u8, chain_id: &str) -> CommitSig {
    let msg = canonical_vote_sign_bytes(2, HEIGHT as i64, 0, Some(&block_id()), &VOTE_TIME, chain_id);
    CommitSig::Commit {
        validator_address: validator(id, 1).address,
        timestamp: VOTE_TIME,
        signature: key(id).sign(&msg).to_bytes().to_vec(),
    }
}

/// A Nil-flag vote by validator `id`.
fn nil_vote(id: u8) -> CommitSig {
    let msg = canonical_vote_sign_bytes(2, HEIGHT as i64, 0, None, &VOTE_TIME, CHAIN);
    CommitSig::Nil {
        validator_address: validator(id, 1).address,
        timestamp: VOTE_TIME,
        signature: key(id).sign(&msg).to_bytes().to_vec(),
    }
}

/// The id (1..=20) of the validator with `address`.
fn id_of(address: &[u8; 20]) -> u8 {
    (1..=20).find(|&id| validator(id, 1).address == *address).unwrap()
}

/// A commit index-aligned with `vals`: validators in `signers` vote Commit, the others are Absent.
fn commit_by(vals: &ValidatorSet, signers: &[u8]) -> Commit {
    let signatures = vals
        .validators()
        .iter()
        .map(|v| {
            let id = id_of(&v.address);
            if signers.contains(&id) {
                commit_vote(id, CHAIN)
            } else {
                CommitSig::Absent
            }
        })
        .collect();
    Commit { height: HEIGHT, round: 0, block_id: block_id(), signatures }
}

/// Index in `vals` of validator `id`.
fn index_of(vals: &ValidatorSet, id: u8) -> usize {
    vals.validators().iter().position(|v| v.address == validator(id, 1).address).unwrap()
}

fn own(vals: &ValidatorSet, commit: &Commit, mode: CountingMode) -> Result<(), Error> {
    tally_own_set(CHAIN, vals, commit, mode, &mut Checked::new(commit.signatures.len()))
}

fn trusted(vals: &ValidatorSet, commit: &Commit, threshold: TrustThreshold) -> Result<(), Error> {
    let mut checked = Checked::new(commit.signatures.len());
    tally_trusted_set(CHAIN, vals, commit, threshold, CountingMode::StopAtThreshold, &mut checked)
}

fn code(r: Result<(), Error>) -> &'static str {
    r.err().map_or("ok", |e| e.code())
}

// ---- TrustThreshold ----

#[test]
fn threshold_new_accepts_one_third_and_one() {
    assert_eq!(TrustThreshold::new(1, 3).unwrap(), TrustThreshold::ONE_THIRD);
    assert_eq!(TrustThreshold::new(1, 1).unwrap().fraction(), (1, 1));
    assert_eq!(TrustThreshold::new(2, 3).unwrap(), TrustThreshold::TWO_THIRDS);
}

#[test]
fn threshold_new_rejects_just_below_one_third() {
    // 333/1000 < 1/3 <= 334/1000
    assert_eq!(TrustThreshold::new(333, 1000).unwrap_err().code(), "cometbft.options.invalid");
    assert!(TrustThreshold::new(334, 1000).is_ok());
}

#[test]
fn threshold_new_rejects_above_one_and_zero_denominator() {
    assert_eq!(TrustThreshold::new(4, 3).unwrap_err().code(), "cometbft.options.invalid");
    assert_eq!(TrustThreshold::new(0, 0).unwrap_err().code(), "cometbft.options.invalid");
    assert_eq!(TrustThreshold::new(1, 0).unwrap_err().code(), "cometbft.options.invalid");
}

#[test]
fn threshold_new_does_not_overflow_on_large_values() {
    assert!(TrustThreshold::new(u64::MAX, u64::MAX).is_ok());
    assert!(TrustThreshold::new(u64::MAX / 3 + 1, u64::MAX).is_ok());
    assert!(TrustThreshold::new(u64::MAX / 3 - 1, u64::MAX).is_err());
}

#[test]
fn default_threshold_is_one_third() {
    assert_eq!(TrustThreshold::default(), TrustThreshold::ONE_THIRD);
}

#[test]
fn one_third_is_not_passed_by_exactly_one_third() {
    assert!(!TrustThreshold::ONE_THIRD.is_passed_by(1, 3));
    assert!(!TrustThreshold::ONE_THIRD.is_passed_by(100, 300));
    assert!(TrustThreshold::ONE_THIRD.is_passed_by(101, 300));
}

#[test]
fn two_thirds_is_not_passed_by_exactly_two_thirds() {
    assert!(!TrustThreshold::TWO_THIRDS.is_passed_by(2, 3));
    assert!(!TrustThreshold::TWO_THIRDS.is_passed_by(200, 300));
    assert!(TrustThreshold::TWO_THIRDS.is_passed_by(201, 300));
}

#[test]
fn is_passed_by_does_not_overflow() {
    let max = crate::cometbft::validator::MAX_TOTAL_VOTING_POWER;
    assert!(TrustThreshold::TWO_THIRDS.is_passed_by(max, max));
    assert!(!TrustThreshold::TWO_THIRDS.is_passed_by(max / 3 * 2, max));
    assert!(TrustThreshold::new(1, 1).unwrap().is_passed_by(u64::MAX, u64::MAX - 1));
    assert!(!TrustThreshold::new(1, 1).unwrap().is_passed_by(u64::MAX, u64::MAX));
}

#[test]
fn nothing_passes_against_zero_total() {
    assert!(!TrustThreshold::ONE_THIRD.is_passed_by(0, 0));
}

#[test]
fn counting_mode_defaults_to_stop_at_threshold() {
    assert_eq!(CountingMode::default(), CountingMode::StopAtThreshold);
}

// ---- tally_own_set ----

#[test]
fn own_set_passes_with_all_signatures() {
    let vals = set(&[(1, 1), (2, 1), (3, 1)]);
    assert_eq!(code(own(&vals, &commit_by(&vals, &[1, 2, 3]), CountingMode::StopAtThreshold)), "ok");
    assert_eq!(code(own(&vals, &commit_by(&vals, &[1, 2, 3]), CountingMode::VerifyAll)), "ok");
}

#[test]
fn own_set_fails_at_exactly_two_thirds() {
    let vals = set(&[(1, 1), (2, 1), (3, 1)]);
    let commit = commit_by(&vals, &[1, 2]);
    assert_eq!(code(own(&vals, &commit, CountingMode::StopAtThreshold)), "cometbft.commit.insufficient_power");
}

#[test]
fn own_set_passes_just_over_two_thirds() {
    let vals = set(&[(1, 100), (2, 100), (3, 1), (4, 99)]);
    // 201 of 300.
    assert_eq!(code(own(&vals, &commit_by(&vals, &[1, 2, 3]), CountingMode::StopAtThreshold)), "ok");
    // 200 of 300.
    assert_eq!(
        code(own(&vals, &commit_by(&vals, &[1, 2]), CountingMode::StopAtThreshold)),
        "cometbft.commit.insufficient_power"
    );
}

#[test]
fn own_set_does_not_count_nil_votes() {
    let vals = set(&[(1, 1), (2, 1), (3, 1)]);
    let mut commit = commit_by(&vals, &[1, 2]);
    let i = index_of(&vals, 3);
    commit.signatures[i] = nil_vote(3);
    assert_eq!(code(own(&vals, &commit, CountingMode::StopAtThreshold)), "cometbft.commit.insufficient_power");
}

#[test]
fn own_set_rejects_a_bad_signature() {
    let vals = set(&[(1, 1), (2, 1), (3, 1)]);
    let mut commit = commit_by(&vals, &[1, 2, 3]);
    if let CommitSig::Commit { signature, .. } = &mut commit.signatures[0] {
        signature[0] ^= 1;
    }
    assert_eq!(code(own(&vals, &commit, CountingMode::StopAtThreshold)), "cometbft.commit.bad_signature");
}

#[test]
fn own_set_rejects_signatures_for_another_chain() {
    let vals = set(&[(1, 1), (2, 1), (3, 1)]);
    let mut commit = commit_by(&vals, &[]);
    for id in [1, 2, 3] {
        commit.signatures[index_of(&vals, id)] = commit_vote(id, "other-chain");
    }
    assert_eq!(code(own(&vals, &commit, CountingMode::StopAtThreshold)), "cometbft.commit.bad_signature");
}

#[test]
fn own_set_rejects_signature_count_differing_from_validator_count() {
    let vals = set(&[(1, 1), (2, 1), (3, 1)]);
    let mut commit = commit_by(&vals, &[1, 2, 3]);
    commit.signatures.push(CommitSig::Absent);
    assert_eq!(code(own(&vals, &commit, CountingMode::StopAtThreshold)), "cometbft.commit.invalid");
}

#[test]
fn own_set_rejects_a_signer_at_the_wrong_index() {
    let vals = set(&[(1, 1), (2, 1), (3, 1)]);
    let mut commit = commit_by(&vals, &[1, 2, 3]);
    commit.signatures.swap(0, 1);
    assert_eq!(code(own(&vals, &commit, CountingMode::StopAtThreshold)), "cometbft.commit.invalid");
}

#[test]
fn own_set_rejects_a_nil_vote_at_the_wrong_index() {
    let vals = set(&[(1, 1), (2, 1), (3, 1), (4, 1)]);
    let mut commit = commit_by(&vals, &[1, 2, 3, 4]);
    // The first entry (counting may stop before later ones) is the second validator's nil vote.
    commit.signatures[0] = nil_vote(id_of(&vals.validators()[1].address));
    assert_eq!(code(own(&vals, &commit, CountingMode::StopAtThreshold)), "cometbft.commit.invalid");
}

#[test]
fn stop_at_threshold_skips_a_bad_signature_past_the_threshold() {
    // Equal powers: 3 of 4 signatures pass 2/3 before the last one is reached.
    let vals = set(&[(1, 1), (2, 1), (3, 1), (4, 1)]);
    let mut commit = commit_by(&vals, &[1, 2, 3, 4]);
    if let CommitSig::Commit { signature, .. } = &mut commit.signatures[3] {
        signature[0] ^= 1;
    }
    assert_eq!(code(own(&vals, &commit, CountingMode::StopAtThreshold)), "ok");
    assert_eq!(code(own(&vals, &commit, CountingMode::VerifyAll)), "cometbft.commit.bad_signature");
}

#[test]
fn checked_signatures_are_recorded_with_their_key() {
    let vals = set(&[(1, 1), (2, 1), (3, 1)]);
    let commit = commit_by(&vals, &[1, 2, 3]);
    let mut checked = Checked::new(3);
    tally_own_set(CHAIN, &vals, &commit, CountingMode::VerifyAll, &mut checked).unwrap();
    for (i, v) in vals.validators().iter().enumerate() {
        assert!(checked.is_verified(i, &v.pub_key));
        assert!(!checked.is_verified(i, &validator(9, 1).pub_key));
    }
}

// ---- tally_trusted_set ----

/// A commit by the new set `{1, 4, 5}` (all signing), checked against a trusted set in which
/// validator 1 holds `overlap` of 300.
fn trusted_overlap(overlap: u64) -> Result<(), Error> {
    let new_vals = set(&[(1, 1), (4, 1), (5, 1)]);
    let old_vals = set(&[(1, overlap), (2, 300 - overlap)]);
    trusted(&old_vals, &commit_by(&new_vals, &[1, 4, 5]), TrustThreshold::ONE_THIRD)
}

#[test]
fn trusted_set_fails_at_exactly_one_third() {
    assert_eq!(code(trusted_overlap(100)), "cometbft.trust.not_enough");
}

#[test]
fn trusted_set_passes_just_over_one_third() {
    assert_eq!(code(trusted_overlap(101)), "ok");
}

#[test]
fn trusted_set_uses_the_given_threshold() {
    let vals = set(&[(1, 1), (2, 1), (3, 1), (4, 1)]);
    let half = TrustThreshold::new(1, 2).unwrap();
    assert_eq!(code(trusted(&vals, &commit_by(&vals, &[1, 2]), half)), "cometbft.trust.not_enough");
    assert_eq!(code(trusted(&vals, &commit_by(&vals, &[1, 2, 3]), half)), "ok");
}

#[test]
fn trusted_set_ignores_signers_it_does_not_know() {
    // 4 and 5 sign but are not trusted: only validator 1's 1/3 counts.
    let new_vals = set(&[(1, 1), (4, 1), (5, 1)]);
    let old_vals = set(&[(1, 1), (2, 1), (3, 1)]);
    let commit = commit_by(&new_vals, &[1, 4, 5]);
    assert_eq!(code(trusted(&old_vals, &commit, TrustThreshold::ONE_THIRD)), "cometbft.trust.not_enough");
}

#[test]
fn trusted_set_rejects_a_double_vote() {
    let vals = set(&[(1, 1), (2, 1), (3, 1)]);
    let mut commit = commit_by(&vals, &[1]);
    let first = index_of(&vals, 1);
    let other = (first + 1) % 3;
    commit.signatures[other] = commit.signatures[first].clone();
    let err = trusted(&vals, &commit, TrustThreshold::ONE_THIRD).unwrap_err();
    assert_eq!(err.code(), "cometbft.commit.double_vote");
}

#[test]
fn trusted_set_rejects_a_bad_signature() {
    let vals = set(&[(1, 1), (2, 1), (3, 1)]);
    let mut commit = commit_by(&vals, &[1, 2, 3]);
    if let CommitSig::Commit { signature, .. } = &mut commit.signatures[0] {
        signature[0] ^= 1;
    }
    assert_eq!(code(trusted(&vals, &commit, TrustThreshold::ONE_THIRD)), "cometbft.commit.bad_signature");
}

#[test]
fn trusted_set_does_not_count_nil_votes() {
    let vals = set(&[(1, 1), (2, 1), (3, 1)]);
    let mut commit = commit_by(&vals, &[1]);
    commit.signatures[index_of(&vals, 2)] = nil_vote(2);
    assert_eq!(code(trusted(&vals, &commit, TrustThreshold::ONE_THIRD)), "cometbft.trust.not_enough");
}

#[test]
fn signatures_unused_by_the_tally_are_left_unchecked() {
    let vals = set(&[(1, 1), (2, 1), (3, 1)]);
    let commit = commit_by(&vals, &[1, 2, 3]);
    let mut checked = Checked::new(3);
    tally_trusted_set(CHAIN, &vals, &commit, TrustThreshold::ONE_THIRD, CountingMode::StopAtThreshold, &mut checked)
        .unwrap();
    let verified: Vec<bool> =
        vals.validators().iter().enumerate().map(|(i, v)| checked.is_verified(i, &v.pub_key)).collect();
    // 2 of 3 pass 1/3 with equal powers: the third signature is never needed.
    assert_eq!(verified, [true, true, false]);
}
