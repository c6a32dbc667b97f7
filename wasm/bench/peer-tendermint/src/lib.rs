//! tendermint-rs's light-client verifier (`tendermint-light-client-verifier` 0.41,
//! `ProdVerifier::verify_update_header`) behind wasm-bindgen, for `wasm/bench/bench.mjs`: the
//! peer of lightcheck's `verifyLightBlock` on the same JSON, in the same Node process.
//!
//! - `verifyLightBlock(trusted, untrusted, now, trustingPeriodSecs, clockDriftSecs, trustNum,
//!   trustDen)`: decodes both tendermint-rs `LightBlock` JSON texts (serde_json), then one
//!   verification step; throws unless the verdict is Success. The same work as lightcheck's
//!   `verifyLightBlock(trustedText, untrustedText, now, options)`.
//! - `ParsedStep`: the same inputs decoded once (constructor), `verify()` the step alone
//!   (information: how the call above splits into decoding and verification).
//!
//! `now` is RFC 3339 text (the manifest's `now`).

use std::time::Duration;

use tendermint_light_client_verifier::options::Options;
use tendermint_light_client_verifier::types::{LightBlock, Time, TrustThreshold};
use tendermint_light_client_verifier::{ProdVerifier, Verdict, Verifier};
use wasm_bindgen::prelude::*;

fn options(trusting_period_secs: f64, clock_drift_secs: f64, num: u32, den: u32) -> Result<Options, JsError> {
    Ok(Options {
        trust_threshold: TrustThreshold::new(num.into(), den.into()).map_err(|e| JsError::new(&e.to_string()))?,
        trusting_period: Duration::from_secs_f64(trusting_period_secs),
        clock_drift: Duration::from_secs_f64(clock_drift_secs),
    })
}

fn decode(what: &str, text: &str) -> Result<LightBlock, JsError> {
    serde_json::from_str(text).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

fn now(text: &str) -> Result<Time, JsError> {
    Time::parse_from_rfc3339(text).map_err(|e| JsError::new(&format!("now: {e}")))
}

fn step(trusted: &LightBlock, untrusted: &LightBlock, options: &Options, now: Time) -> Result<(), JsError> {
    match ProdVerifier::default().verify_update_header(
        untrusted.as_untrusted_state(),
        trusted.as_trusted_state(),
        options,
        now,
    ) {
        Verdict::Success => Ok(()),
        other => Err(JsError::new(&format!("tendermint-rs verdict: {other:?}"))),
    }
}

/// Decode both light blocks and verify one step (adjacent or skipping).
#[wasm_bindgen(js_name = verifyLightBlock)]
pub fn verify_light_block(
    trusted: &str,
    untrusted: &str,
    now_rfc3339: &str,
    trusting_period_secs: f64,
    clock_drift_secs: f64,
    trust_num: u32,
    trust_den: u32,
) -> Result<(), JsError> {
    let options = options(trusting_period_secs, clock_drift_secs, trust_num, trust_den)?;
    let now = now(now_rfc3339)?;
    let trusted = decode("trusted", trusted)?;
    let untrusted = decode("untrusted", untrusted)?;
    step(&trusted, &untrusted, &options, now)
}

/// The same step with its inputs decoded beforehand.
#[wasm_bindgen]
pub struct ParsedStep {
    trusted: LightBlock,
    untrusted: LightBlock,
    options: Options,
    now: Time,
}

#[wasm_bindgen]
impl ParsedStep {
    #[wasm_bindgen(constructor)]
    pub fn new(
        trusted: &str,
        untrusted: &str,
        now_rfc3339: &str,
        trusting_period_secs: f64,
        clock_drift_secs: f64,
        trust_num: u32,
        trust_den: u32,
    ) -> Result<ParsedStep, JsError> {
        Ok(ParsedStep {
            trusted: decode("trusted", trusted)?,
            untrusted: decode("untrusted", untrusted)?,
            options: options(trusting_period_secs, clock_drift_secs, trust_num, trust_den)?,
            now: now(now_rfc3339)?,
        })
    }

    /// One verification step; throws unless Success.
    pub fn verify(&self) -> Result<(), JsError> {
        step(&self.trusted, &self.untrusted, &self.options, self.now)
    }
}
