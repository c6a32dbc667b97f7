//! The X.509 chain: in-place edits confined to the DER certificates inside a real or generated
//! document (so the CBOR stays well-formed and the bytes reach the certificate parser and the
//! chain rules: names, validity, constraints, key usage, signatures). A document whose
//! certificates were changed must never verify.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use lightcheck::nitro::{Policy, Verifier};
use lightcheck::time::Timestamp;
use lightcheck_fuzz::{apply_within, nitro_roots, nitro_seeds, Edit};

#[derive(Arbitrary, Debug)]
struct Input {
    seed: u8,
    /// Which certificate (cabundle entries, then the leaf), modulo their number.
    cert: u8,
    edits: Vec<Edit>,
}

/// Byte ranges of the DER certificates: a CBOR byte string (0x59, 2-byte length) holding a DER
/// SEQUENCE with a 2-byte length (0x30 0x82) that fills it exactly.
fn certificates(doc: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut i = 0;
    while i + 7 <= doc.len() {
        if doc[i] == 0x59 && doc[i + 3] == 0x30 && doc[i + 4] == 0x82 {
            let cbor_len = usize::from(u16::from_be_bytes([doc[i + 1], doc[i + 2]]));
            let der_len = usize::from(u16::from_be_bytes([doc[i + 5], doc[i + 6]])) + 4;
            if cbor_len == der_len && i + 3 + der_len <= doc.len() {
                found.push(i + 3..i + 3 + der_len);
                i += 3 + der_len;
                continue;
            }
        }
        i += 1;
    }
    found
}

fuzz_target!(|input: Input| {
    let seeds = nitro_seeds();
    let seed = &seeds[usize::from(input.seed) % seeds.len()];
    let certs = certificates(&seed.bytes);
    if certs.is_empty() || input.edits.is_empty() {
        return;
    }
    let range = certs[usize::from(input.cert) % certs.len()].clone();
    let mut doc = seed.bytes.clone();
    apply_within(&mut doc, range, &input.edits);
    let policy = Policy { allow_debug: true, ..Policy::default() };
    let now = Timestamp::from_unix_millis(seed.now_ms).expect("seed time");
    let verdict = Verifier::<0>::with_roots(nitro_roots()).verify_uncached(&doc, &policy, now);
    if doc != seed.bytes {
        assert!(verdict.is_err(), "a document with an altered certificate verified");
    }
});
