//! Wycheproof Ed25519 vectors through the two signature paths CometBFT votes take:
//! [`signature::verify_ed25519`] (one signature) and [`signature::Ed25519Batch`] (several: a real
//! batch equation), and differentially against `ed25519-consensus`, the ZIP-215 verifier
//! tendermint-rs uses.
//!
//! lightcheck verifies with ZIP-215 rules (`ed25519-zebra`, as CometBFT 0.38+ and tendermint-rs
//! do), not RFC 8032's. ZIP-215 deliberately differs in two ways:
//! - a **non-canonical encoding** of R or A (the y coordinate ≥ p, or x = 0 with the sign bit
//!   set) is decoded instead of rejected;
//! - the **cofactored** equation `[8][S]B = [8]R + [8][k]A` is checked, so a small-order (torsion)
//!   component in R or A does not by itself make a signature fail.
//!
//! S must still be canonical (< ℓ), the signature exactly 64 bytes, and the equation must hold.
//! The test asserts that every Wycheproof "valid" case verifies, on both paths, and that every
//! "invalid" case is rejected unless R or A is a non-canonical encoding of a curve point (checked
//! here on the bytes, independently of the verifier). The accepted exceptions are counted and
//! pinned: Wycheproof 0.7 has one, tcId 151 (R = the identity written with the sign bit of x set);
//! its other non-canonical cases and all its small-order cases fail the equation and are rejected.
#![cfg(feature = "cometbft")]

use lightcheck::cometbft::signature::{self, Ed25519Batch};
use wycheproof::eddsa::{TestName, TestSet};
use wycheproof::TestResult;

/// p = 2^255 − 19, little-endian.
const P: [u8; 32] = {
    let mut p = [0xff; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    p
};

/// ℓ = 2^252 + 27742317777372353535851937790883648493, little-endian.
const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// Little-endian `a >= b`.
fn ge(a: &[u8; 32], b: &[u8; 32]) -> bool {
    for i in (0..32).rev() {
        if a[i] != b[i] {
            return a[i] > b[i];
        }
    }
    true
}

/// The y coordinate of a point encoding (the sign bit of x cleared).
fn y_of(enc: &[u8; 32]) -> [u8; 32] {
    let mut y = *enc;
    y[31] &= 0x7f;
    y
}

/// Whether `enc` is a non-canonical point encoding: y ≥ p, or x = 0 (y = ±1) with the sign bit
/// set ("negative zero"). RFC 8032 rejects both; ZIP-215 decodes them.
fn non_canonical(enc: &[u8; 32]) -> bool {
    let y = y_of(enc);
    let mut one = [0u8; 32];
    one[0] = 1;
    let mut minus_one = P;
    minus_one[0] -= 1;
    ge(&y, &P) || (enc[31] & 0x80 != 0 && (y == one || y == minus_one))
}

/// y coordinates (canonical, little-endian hex) of the eight points of order dividing 8: the
/// identity (y = 1), order 2 (y = −1), order 4 (y = 0, two points sharing y) and order 8 (two y
/// values, two points each).
const TORSION_Y: [&str; 5] = [
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
];

/// Whether `enc` encodes (possibly non-canonically) a point of small order: its y, reduced
/// mod p, is one of the torsion points' y.
fn small_order(enc: &[u8; 32]) -> bool {
    let mut y = y_of(enc);
    if ge(&y, &P) {
        // y < 2^255 < 2p, so one subtraction reduces it.
        let mut borrow = 0i16;
        for (yi, pi) in y.iter_mut().zip(P) {
            let d = i16::from(*yi) - i16::from(pi) - borrow;
            *yi = d.rem_euclid(256) as u8;
            borrow = i16::from(d < 0);
        }
    }
    TORSION_Y.iter().any(|t| hex::decode(t).unwrap() == y)
}

/// Why ZIP-215 may accept a case RFC 8032 rejects, or `None`: S is canonical and R or A is a
/// **non-canonical encoding of a curve point** (ZIP-215 decodes it; RFC 8032 rejects it outright).
/// Whether such a signature then verifies depends on the equation: Wycheproof's `InvalidEncoding`
/// vectors recompute S for the modified R, so R = "y 1 with the sign bit set" (the identity)
/// verifies, while R = 2^255 − 1 decodes to a different point than the one S was made for and
/// fails; the `InvalidSignature` special values (S = 0 with R = p, …) fail too.
fn zip215_exception(pk: &[u8; 32], sig: &[u8]) -> Option<&'static str> {
    let sig: &[u8; 64] = sig.try_into().ok()?;
    let r: [u8; 32] = sig[..32].try_into().unwrap();
    let s: [u8; 32] = sig[32..].try_into().unwrap();
    let decodes = |enc: &[u8; 32]| ed25519_consensus::VerificationKey::try_from(*enc).is_ok();
    if ge(&s, &L) {
        None
    } else if non_canonical(&r) && decodes(&r) {
        Some("non-canonical encoding of R")
    } else if non_canonical(pk) && decodes(pk) {
        Some("non-canonical encoding of A")
    } else {
        None
    }
}

/// The batch path for one signature: in a batch with a known-good signature, so that a real
/// batch equation runs (a batch of one falls back to single verification).
fn batch_accepts(pk: &[u8; 32], msg: &[u8], sig: &[u8], good: &([u8; 32], Vec<u8>, Vec<u8>)) -> bool {
    let mut batch = Ed25519Batch::default();
    let queued = batch.queue(*pk, msg, sig) & batch.queue(good.0, &good.1, &good.2);
    assert_eq!(batch.len(), 2);
    queued && batch.verify()
}

#[derive(Default, Debug)]
struct Counts {
    valid: usize,
    invalid_rejected: usize,
    zip215_accepted: Vec<(usize, &'static str, String)>,
    /// Rejected invalid cases with a non-canonical (but decodable) R or A: ZIP-215 decodes the
    /// point, and the equation then fails.
    lenient_points_rejected: Vec<usize>,
    /// Rejected invalid cases with a small-order R or A: the cofactored equation fails too.
    small_order_rejected: usize,
}

#[test]
fn ed25519_wycheproof_single_and_batch() {
    let set = TestSet::load(TestName::Ed25519).expect("wycheproof ed25519 test set");
    // A known-good signature to pair each case with in the batch path.
    let good = set
        .test_groups
        .iter()
        .flat_map(|g| g.tests.iter().map(move |t| (g, t)))
        .find(|(_, t)| t.result == TestResult::Valid)
        .map(|(g, t)| (<[u8; 32]>::try_from(&g.key.pk[..]).unwrap(), t.msg.to_vec(), t.sig.to_vec()))
        .unwrap();
    assert!(signature::verify_ed25519(&good.0, &good.1, &good.2));

    let mut counts = Counts::default();
    let mut all_valid = Ed25519Batch::default();
    let mut all_accepted = Ed25519Batch::default();
    for group in &set.test_groups {
        let pk: [u8; 32] = group.key.pk[..].try_into().expect("32-byte public key");
        for test in &group.tests {
            let (msg, sig) = (&test.msg[..], &test.sig[..]);
            let single = signature::verify_ed25519(&pk, msg, sig);
            let batch = batch_accepts(&pk, msg, sig, &good);
            let id = format!("tcId {} ({}, {:?})", test.tc_id, test.comment, test.flags);
            assert_eq!(single, batch, "{id}: single and batch verification disagree");
            // A batch of one takes its own path (the single equation, no coefficients).
            let mut one = Ed25519Batch::default();
            let alone = one.queue(pk, msg, sig) & one.verify();
            assert_eq!(single, alone, "{id}: single verification and a batch of one disagree");
            match test.result {
                TestResult::Valid => {
                    assert!(single, "{id} must verify");
                    all_valid.queue(pk, msg, sig);
                    all_accepted.queue(pk, msg, sig);
                    counts.valid += 1;
                }
                TestResult::Invalid => {
                    let exception = zip215_exception(&pk, sig);
                    if single {
                        // Accepted although invalid for RFC 8032: only ever a ZIP-215 exception.
                        let reason = exception.unwrap_or_else(|| panic!("{id} must be rejected"));
                        all_accepted.queue(pk, msg, sig);
                        counts.zip215_accepted.push((test.tc_id, reason, test.comment.clone()));
                    } else {
                        counts.invalid_rejected += 1;
                        if exception.is_some() {
                            counts.lenient_points_rejected.push(test.tc_id);
                        }
                        if sig.len() == 64 && (small_order(sig[..32].try_into().unwrap()) || small_order(&pk)) {
                            counts.small_order_rejected += 1;
                        }
                    }
                }
                TestResult::Acceptable => panic!("{id}: Ed25519 vectors have no 'acceptable' cases"),
            }
        }
    }
    // Whole batches (several chunks each): every valid case together, and every accepted case
    // together.
    assert!(all_valid.len() > 2 * signature::BATCH_CHUNK);
    assert!(all_valid.verify() && all_accepted.verify());
    // A single bad signature anywhere makes the batch fail: in the first chunk, in a middle one, in
    // the last one, and alone in a chunk of its own.
    let mut bad = good.2.clone();
    bad[5] ^= 1;
    let cases = [0, 1, signature::BATCH_CHUNK - 1, signature::BATCH_CHUNK, 2 * signature::BATCH_CHUNK + 3];
    for at in cases.into_iter().chain([3 * signature::BATCH_CHUNK, 3 * signature::BATCH_CHUNK + 5]) {
        let mut batch = Ed25519Batch::default();
        for i in 0..3 * signature::BATCH_CHUNK + 6 {
            if i == at {
                batch.queue(good.0, &good.1, &bad);
            } else {
                batch.queue(good.0, &good.1, &good.2);
            }
        }
        assert!(!batch.verify(), "a bad signature at {at} of {} passed", 3 * signature::BATCH_CHUNK + 6);
    }
    let mut batch = Ed25519Batch::default();
    for _ in 0..3 * signature::BATCH_CHUNK + 6 {
        batch.queue(good.0, &good.1, &good.2);
    }
    assert!(batch.verify());

    eprintln!(
        "WYCHEPROOF_ED25519 valid={} invalid_rejected={} (non-canonical R/A: {:?}, small-order R/A: {}) \
         zip215_accepted={}",
        counts.valid,
        counts.invalid_rejected,
        counts.lenient_points_rejected,
        counts.small_order_rejected,
        counts.zip215_accepted.len()
    );
    for (id, reason, comment) in &counts.zip215_accepted {
        eprintln!("  ZIP-215 accepts tcId {id}: {reason} ({comment})");
    }
    assert_eq!(counts.valid + counts.invalid_rejected + counts.zip215_accepted.len(), 151, "{counts:?}");
    assert_eq!(counts.valid, 88, "{counts:?}");
    // Pinned: Wycheproof 0.7's one such case is tcId 151, R = y 1 with the sign bit of x set
    // (the identity, x = 0, written as "negative zero").
    let accepted: Vec<usize> = counts.zip215_accepted.iter().map(|c| c.0).collect();
    assert_eq!(accepted, [151], "{counts:?}");
    // Non-canonical but rejected: R = p (y ≡ 0) with S ∈ {0, 1, ℓ − 1}, and R = 2^255 − 1.
    assert_eq!(counts.lenient_points_rejected, [25, 26, 27, 61], "{counts:?}");
}

/// The exception detectors themselves, on hand-made encodings.
#[test]
fn exception_detectors() {
    let mut id = [0u8; 32];
    id[0] = 1;
    assert!(small_order(&id) && !non_canonical(&id));
    let mut neg_zero = id;
    neg_zero[31] |= 0x80;
    assert!(small_order(&neg_zero) && non_canonical(&neg_zero));
    // y = p + 1 ≡ 1: the identity, non-canonically.
    let mut p_plus_1 = P;
    p_plus_1[0] += 1;
    assert!(small_order(&p_plus_1) && non_canonical(&p_plus_1));
    // The base point is canonical and of large order.
    let base = hex::decode("5866666666666666666666666666666666666666666666666666666666666666").unwrap();
    let base: [u8; 32] = base.try_into().unwrap();
    assert!(!small_order(&base) && !non_canonical(&base));
}

/// The cofactored equation, shown on a hand-made case: with A a point of order 8, R the identity
/// and S = 0, `[8][S]B = [8]R + [8][k]A` holds for every message (both sides are the identity),
/// so ZIP-215 accepts it whatever the message; RFC 8032's cofactorless `[S]B = R + [k]A` would
/// need `[k]A` = identity, i.e. k ≡ 0 mod 8, and reject about 7 messages in 8. (Such a key is
/// worthless to an attacker in CometBFT: its address is fixed by the key, and a validator set
/// only gives it power if the chain put it there.)
#[test]
fn zip215_cofactored_equation_accepts_small_order_key() {
    let pk: [u8; 32] = hex::decode(TORSION_Y[3]).unwrap().try_into().unwrap();
    assert!(small_order(&pk) && !non_canonical(&pk));
    let mut sig = [0u8; 64];
    sig[0] = 1; // R = identity (y = 1), S = 0
    let mut batch = Ed25519Batch::default();
    for i in 0..32u8 {
        let msg = [i; 7];
        assert!(signature::verify_ed25519(&pk, &msg, &sig), "message {i}");
        assert!(batch.queue(pk, &msg, &sig));
    }
    assert!(batch.verify());
}

/// `ed25519-zebra` (what lightcheck ships) and `ed25519-consensus` (what tendermint-rs verifies
/// with) must accept exactly the same signatures: every Wycheproof case, and every single-bit flip
/// of the key, R and S of each valid case (which lands on non-canonical, off-curve and small-order
/// encodings as well as plain forgeries).
#[test]
fn ed25519_agrees_with_ed25519_consensus() {
    let consensus = |pk: &[u8; 32], msg: &[u8], sig: &[u8]| {
        let Ok(sig) = <[u8; 64]>::try_from(sig) else { return false };
        ed25519_consensus::VerificationKey::try_from(*pk)
            .is_ok_and(|vk| vk.verify(&ed25519_consensus::Signature::from(sig), msg).is_ok())
    };
    let set = TestSet::load(TestName::Ed25519).expect("wycheproof ed25519 test set");
    let (mut cases, mut accepted) = (0usize, 0usize);
    let mut check = |pk: &[u8; 32], msg: &[u8], sig: &[u8], what: &dyn Fn() -> String| {
        let ours = signature::verify_ed25519(pk, msg, sig);
        assert_eq!(ours, consensus(pk, msg, sig), "{}: ed25519-zebra and ed25519-consensus disagree", what());
        cases += 1;
        accepted += ours as usize;
    };
    for group in &set.test_groups {
        let pk: [u8; 32] = group.key.pk[..].try_into().expect("32-byte public key");
        for test in &group.tests {
            let (msg, sig) = (&test.msg[..], &test.sig[..]);
            check(&pk, msg, sig, &|| format!("tcId {}", test.tc_id));
            if test.result != TestResult::Valid {
                continue;
            }
            for bit in 0..256 {
                let mut k = pk;
                k[bit / 8] ^= 1 << (bit % 8);
                check(&k, msg, sig, &|| format!("tcId {} key bit {bit}", test.tc_id));
            }
            for bit in 0..512 {
                let mut s = sig.to_vec();
                s[bit / 8] ^= 1 << (bit % 8);
                check(&pk, msg, &s, &|| format!("tcId {} signature bit {bit}", test.tc_id));
            }
        }
    }
    // Pinned so the sweep cannot silently shrink: the cases run, and those both accept (the
    // Wycheproof valid ones and its one ZIP-215 exception; no flip verifies).
    assert_eq!((cases, accepted), (67_735, 89));
}
