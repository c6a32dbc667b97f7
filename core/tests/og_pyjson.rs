//! Differential corpus against CPython's `json` module (`scripts/og-pyjson-corpus.py`):
//! `dumps(parse(input))` must equal `json.dumps(json.loads(input), sort_keys=True)` byte for byte,
//! inputs CPython rejects must be rejected, and inputs lightcheck rejects on purpose (lone
//! surrogates, deep nesting, BOM, non-UTF-8) must fail with the documented reason. `float_of`
//! entries check `python_float` against `repr(float(x))`.
#![cfg(feature = "opengradient")]

use lightcheck::opengradient::pyjson::Error;
use lightcheck::opengradient::pyjson::{dumps, float_repr, parse, python_float};
use serde_json::Value as J;

fn corpus() -> Vec<J> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/opengradient/pyjson-corpus.json");
    let text = std::fs::read_to_string(path).expect("read the corpus (python3 scripts/og-pyjson-corpus.py)");
    match serde_json::from_str(&text).expect("corpus is JSON") {
        J::Array(entries) => entries,
        _ => panic!("corpus is not a list"),
    }
}

fn hex_decode(s: &str) -> Vec<u8> {
    hex::decode(s).expect("input_hex is hex")
}

fn reason(e: &Error) -> String {
    match e {
        Error::Syntax { reason } | Error::Unsupported { reason } => reason.clone(),
        other => format!("{other:?}"),
    }
}

#[test]
fn corpus_matches_cpython() {
    let entries = corpus();
    assert!(entries.len() > 4000, "corpus too small: {}", entries.len());
    let (mut dumps_checked, mut errors_checked, mut rejects_checked, mut floats_checked) = (0, 0, 0, 0);
    for (i, e) in entries.iter().enumerate() {
        if let Some(text) = e.get("float_of").and_then(J::as_str) {
            let value = parse(text.as_bytes()).unwrap_or_else(|err| panic!("entry {i}: float_of {text:?}: {err:?}"));
            let got = python_float(&value);
            if let Some(want) = e.get("repr").and_then(J::as_str) {
                let got = got.unwrap_or_else(|err| panic!("entry {i}: float({text}) failed: {err:?}"));
                assert_eq!(float_repr(got), want, "entry {i}: float({text})");
            } else if let Some(tag) = e.get("lightcheck_rejects").and_then(J::as_str) {
                let err = got.expect_err(&format!("entry {i}: float({text}) should be rejected"));
                assert!(reason(&err).contains(tag), "entry {i}: float({text}): {err:?} lacks {tag:?}");
            } else {
                assert_eq!(e.get("error"), Some(&J::Bool(true)), "entry {i}: unknown kind");
                assert!(
                    matches!(got, Err(Error::Unsupported { .. })),
                    "entry {i}: float({text}) should fail, got {got:?}"
                );
            }
            floats_checked += 1;
            continue;
        }
        let input: Vec<u8> = match (e.get("input").and_then(J::as_str), e.get("input_hex").and_then(J::as_str)) {
            (Some(text), None) => text.as_bytes().to_vec(),
            (None, Some(h)) => hex_decode(h),
            _ => panic!("entry {i}: no input"),
        };
        let shown = String::from_utf8_lossy(&input[..input.len().min(200)]).into_owned();
        let got = parse(&input);
        if let Some(want) = e.get("dumps").and_then(J::as_str) {
            let value = got.unwrap_or_else(|err| panic!("entry {i}: parse({shown:?}) failed: {err:?}"));
            assert_eq!(dumps(&value), want, "entry {i}: dumps(parse({shown:?}))");
            dumps_checked += 1;
        } else if let Some(tag) = e.get("lightcheck_rejects").and_then(J::as_str) {
            let err = got.expect_err(&format!("entry {i}: {shown:?} should be rejected ({tag})"));
            assert!(reason(&err).contains(tag), "entry {i}: {shown:?}: {err:?} lacks {tag:?}");
            rejects_checked += 1;
        } else {
            assert_eq!(e.get("error"), Some(&J::Bool(true)), "entry {i}: unknown kind");
            match got {
                Err(Error::Syntax { reason }) => {
                    assert!(reason.contains("at byte "), "entry {i}: reason {reason:?} names no offset");
                }
                other => panic!("entry {i}: {shown:?} should fail to parse, got {other:?}"),
            }
            errors_checked += 1;
        }
    }
    eprintln!(
        "pyjson corpus: {dumps_checked} dumps, {errors_checked} errors, {rejects_checked} fail-closed, \
         {floats_checked} float()"
    );
    assert!(dumps_checked > 3000 && errors_checked > 100 && rejects_checked > 10 && floats_checked > 100);
}

/// Every `dumps` output is itself JSON that parses back to the same bytes (idempotence).
#[test]
fn dumps_is_a_fixed_point() {
    for (i, e) in corpus().iter().enumerate() {
        if let Some(want) = e.get("dumps").and_then(J::as_str) {
            let again = parse(want.as_bytes()).unwrap_or_else(|err| panic!("entry {i}: reparse: {err:?}"));
            assert_eq!(dumps(&again), want, "entry {i}");
            assert!(want.is_ascii(), "entry {i}: dumps output is not ASCII");
        }
    }
}
