//! Cached vs uncached Nitro verification: a `Verifier` that remembers verified intermediate
//! certificates across calls (kept across fuzz inputs, so its cache holds whatever earlier
//! inputs left) must reach exactly the verdict of a fresh, uncached verification, for mutated
//! real and generated documents verified in any order.
#![no_main]

use std::sync::{Mutex, OnceLock};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use lightcheck::nitro::{Policy, Verifier};
use lightcheck::time::Timestamp;
use lightcheck_fuzz::{apply, nitro_roots, nitro_seeds, Edit};

#[derive(Arbitrary, Debug)]
struct Step {
    seed: u8,
    edits: Vec<Edit>,
    /// Shift of the verification time, seconds (reaches expiry and not-yet-valid windows).
    shift_secs: i16,
}

fn cached() -> &'static Mutex<Verifier<'static, 4>> {
    static VERIFIER: OnceLock<Mutex<Verifier<'static, 4>>> = OnceLock::new();
    VERIFIER.get_or_init(|| Mutex::new(Verifier::with_roots(nitro_roots())))
}

fuzz_target!(|steps: Vec<Step>| {
    let seeds = nitro_seeds();
    let policy = Policy { allow_debug: true, ..Policy::default() };
    let mut verifier = cached().lock().unwrap_or_else(|p| p.into_inner());
    for step in steps.iter().take(8) {
        let seed = &seeds[usize::from(step.seed) % seeds.len()];
        let mut doc = seed.bytes.clone();
        apply(&mut doc, &step.edits);
        let now_ms = seed.now_ms.saturating_add_signed(i64::from(step.shift_secs) * 1000);
        let now = Timestamp::from_unix_millis(now_ms).expect("seed time ± 9 hours is in range");
        let fresh = Verifier::<0>::with_roots(nitro_roots()).verify_uncached(&doc, &policy, now);
        let remembered = verifier.verify(&doc, &policy, now);
        assert_eq!(remembered, fresh, "cached and uncached verdicts differ");
    }
});
