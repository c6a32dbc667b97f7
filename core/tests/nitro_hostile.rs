//! Hostile inputs: every one is rejected with a typed error, never a panic, a hang or a huge
//! allocation.
#![cfg(feature = "nitro")]

use lightcheck::nitro::{self, Policy, TrustAnchor, Verifier};
use lightcheck::time::Timestamp;
use lightcheck::ErrorClass;

fn at_ms(ms: u64) -> Timestamp {
    Timestamp::from_unix_millis(ms).unwrap()
}

fn reject(bytes: &[u8]) -> nitro::Error {
    nitro::verify(bytes, &Policy::default(), at_ms(1_748_736_000_250)).expect_err("hostile input accepted")
}

#[test]
fn absurd_lengths_and_nesting_are_malformed() {
    let huge = |head: u8| [&[0x84, head][..], &[0xff; 8]].concat();
    let cases: Vec<Vec<u8>> = vec![
        vec![],
        vec![0x84],
        huge(0x5b),
        huge(0x7b),
        [&[0x9b][..], &[0xff; 8]].concat(),
        [&[0xbb][..], &[0x7f; 8]].concat(),
        vec![0x81; 10_000],
        [0xa1, 0x00].repeat(5_000),
        vec![0xd2; 8_000],
        [&[0x84, 0x5f][..], &[0x41, 0x00].repeat(3_000)].concat(),
        vec![0xff; 100],
        vec![0x00; 16_000],
    ];
    for case in cases {
        let err = reject(&case);
        assert_eq!(err.class(), ErrorClass::Malformed, "{:02x?}…: {err}", &case[..case.len().min(8)]);
    }
}

#[test]
fn oversized_documents_are_refused_before_decoding() {
    let err = reject(&vec![0u8; nitro::MAX_DOCUMENT_LEN + 1]);
    assert_eq!(err.code(), "input.too_large");
}

/// Deterministic pseudo-random mutations of a generated document: random bytes at random
/// offsets, random splices and random lengths. Nothing may verify and nothing may panic.
#[test]
fn random_mutations_of_a_generated_document_are_rejected() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-vectors/nitro");
    let doc = std::fs::read(dir.join("valid-indefinite-map.cbor")).unwrap();
    let root = [TrustAnchor::from_der(&std::fs::read(dir.join("root.der")).unwrap())];
    let policy = Policy { allow_debug: true, ..Policy::default() };
    let at = at_ms(1_748_736_000_250);
    let mut verifier = Verifier::<16>::with_roots(&root);
    verifier.verify(&doc, &policy, at).expect("the unmutated document verifies");
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3_000 {
        let mut m = doc.clone();
        match next() % 3 {
            0 => {
                for _ in 0..1 + next() % 4 {
                    let i = (next() as usize) % m.len();
                    m[i] = next() as u8;
                }
            }
            1 => {
                let (a, b) = ((next() as usize) % m.len(), (next() as usize) % m.len());
                let (a, b) = (a.min(b), a.max(b));
                m.drain(a..b);
            }
            _ => {
                let i = (next() as usize) % m.len();
                let insert: Vec<u8> = (0..1 + next() % 16).map(|_| next() as u8).collect();
                m.splice(i..i, insert);
            }
        }
        if m == doc {
            continue;
        }
        assert!(verifier.verify(&m, &policy, at).is_err(), "mutation accepted");
    }
}
