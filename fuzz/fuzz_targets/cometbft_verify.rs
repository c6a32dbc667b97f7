//! Light-block and commit verification on mutated steps of the project's CometBFT vectors
//! (1 to 150 validators, ed25519 and secp256k1, adjacent and skipping): JSON edits keep the
//! blocks decodable so the verifier's rules are reached.
//!
//! Invariants: a step that verifies has a commit that verifies against its own validator set;
//! verifying every signature can only turn a verdict into a bad-signature rejection; the light
//! client reaches the same verdict as the single step it runs.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use lightcheck::cometbft::json::light_block_from_json_value;
use lightcheck::cometbft::{
    self, verify_commit, CountingMode, Error, LightBlock, LightClient, Options, Provider, TrustThreshold,
};
use lightcheck::time::Timestamp;
use lightcheck_fuzz::StepInput;

struct One(LightBlock);

impl Provider for One {
    fn light_block(&mut self, height: u64) -> Result<LightBlock, Error> {
        if height == self.0.height() {
            Ok(self.0.clone())
        } else {
            Err(Error::Provider { height, reason: "not in this step".into() })
        }
    }
}

fuzz_target!(|input: StepInput| {
    let step = input.step();
    let (Ok(trusted), Ok(untrusted), Some(now)) = (
        light_block_from_json_value(step.trusted.clone()),
        light_block_from_json_value(step.untrusted.clone()),
        Timestamp::parse(&step.now),
    ) else {
        return;
    };
    let Ok(trust_threshold) = TrustThreshold::new(step.trust.0, step.trust.1) else { return };
    let options = |counting| Options {
        trust_threshold,
        trusting_period: Duration::from_secs(step.trusting_period_secs),
        clock_drift: Duration::from_secs(step.clock_drift_secs),
        counting,
    };
    let fast = cometbft::verify(&untrusted, &trusted, &options(CountingMode::StopAtThreshold), now);
    let all = cometbft::verify(&untrusted, &trusted, &options(CountingMode::VerifyAll), now);
    if fast != all {
        assert!(matches!(all, Err(Error::SignatureInvalid { .. })), "VerifyAll changed {fast:?} into {all:?}");
    }
    if all.is_ok() {
        verify_commit(&untrusted.signed_header, &untrusted.validators, CountingMode::VerifyAll)
            .expect("a verified step's commit verifies against its own set");
    }
    if untrusted.height() > trusted.height() {
        let mut client = LightClient::<4>::new(trusted.clone(), options(CountingMode::StopAtThreshold));
        let driven = client.verify_to(&mut One(untrusted.clone()), untrusted.height(), now);
        // One fetch only: the client either verifies the step or needs a pivot it cannot fetch.
        if fast.is_ok() {
            assert!(driven.is_ok(), "the step verified but the light client did not: {driven:?}");
        }
        if driven.is_ok() {
            assert!(fast.is_ok(), "the light client verified what the step rejects: {fast:?}");
        }
    }
});
