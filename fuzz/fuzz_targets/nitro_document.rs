//! Raw bytes as an attestation document: COSE_Sign1, the CBOR payload, the certificate chain,
//! the policy. Verified at the time the document claims (so seeds reach the chain checks), with
//! AWS's root and the generated vectors' test root trusted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lightcheck::nitro::{self, Policy, Verifier};
use lightcheck::time::Timestamp;
use lightcheck_fuzz::nitro_roots;

/// The verification time of documents without a readable claim (or one past year 9999, which
/// no `Timestamp` holds).
const FALLBACK_MS: u64 = 1_748_736_000_250;

fuzz_target!(|data: &[u8]| {
    let claimed = nitro::claimed_timestamp_ms(data);
    let now = claimed.as_ref().ok().and_then(|&t| Timestamp::from_unix_millis(t));
    let now = now.unwrap_or(Timestamp::from_unix_millis(FALLBACK_MS).unwrap());
    let now_ms = now.unix_millis().expect("after 1970");
    let policy = Policy { allow_debug: true, ..Policy::default() };
    let verdict = Verifier::<0>::with_roots(nitro_roots()).verify_uncached(data, &policy, now);
    if let Ok(attestation) = verdict {
        // What verifies must have been readable, with the timestamp it claimed.
        assert_eq!(claimed.ok(), Some(attestation.timestamp_ms));
        assert!(attestation.valid_from_ms <= now_ms && now_ms <= attestation.valid_until_ms);
    }
});
