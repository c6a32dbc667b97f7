//! lightcheck vs tendermint-rs (`tendermint-light-client-verifier` 0.41) on mutated steps of the
//! project's CometBFT vectors: when both decode the same JSON, both must reach the same verdict
//! class (success / not enough trust / invalid), except for the known, deliberate differences
//! that `core/tests/cometbft_differential.rs` documents (the comparison is shared with it). What
//! tendermint-rs cannot decode, lightcheck must not accept.
#![no_main]

#[path = "../../core/tests/common/cometbft_diff.rs"]
mod cometbft_diff;

use std::time::Duration;

use cometbft_diff::{run, Case, Outcome};
use libfuzzer_sys::fuzz_target;
use lightcheck_fuzz::StepInput;

fuzz_target!(|input: StepInput| {
    // libFuzzer's hook aborts on any panic, even one caught: tendermint-rs's decoder can panic
    // (see `tm_decode`), which the comparison catches and counts as "cannot decode". A panic in
    // lightcheck still aborts: nothing catches it before libfuzzer-sys does.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| std::panic::set_hook(Box::new(|info| eprintln!("{info}"))));
    let step = input.step();
    let case = Case {
        label: "fuzz".into(),
        trusted: step.trusted,
        untrusted: step.untrusted,
        now: step.now,
        trusting_period: Duration::from_secs(step.trusting_period_secs),
        clock_drift: Duration::from_secs(step.clock_drift_secs),
        trust: step.trust,
    };
    if case.trust.1 == 0 || case.trust.0 * 3 < case.trust.1 || case.trust.0 > case.trust.1 {
        return;
    }
    if let Outcome::Disagree(short, detail) = run(&case) {
        panic!("lightcheck and tendermint-rs disagree: {short}\n{detail}");
    }
});
