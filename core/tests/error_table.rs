//! The error tables are the one source of every published error code. This test checks the
//! published list against them and regenerates what the bindings derive from them:
//!
//! - `test-vectors/error-codes.txt`: every code with its C status number and class. A line may
//!   never disappear or change (codes and numbers are API); new codes are appended.
//! - `ffi/src/status_table.rs`: the C `lc_status` enum and its table (cbindgen puts it in
//!   `include/lightcheck.h`).
//! - `wasm/src/error_codes.ts`: the TypeScript `ErrorCode` union of the npm package.
//!
//! Run with `LIGHTCHECK_BLESS=1` to rewrite the generated files after changing a table.
#![cfg(all(feature = "nitro", feature = "cometbft", feature = "zk", feature = "opengradient"))]

use std::fmt::Write as _;
use std::path::PathBuf;

use lightcheck::{catalog, CodeInfo};

/// Statuses of the C ABI itself (not core errors): `(number, code, description)`.
const CALL_STATUSES: &[(i32, &str, &str)] = &[
    (0, "ok", "Success: the input verified (or the call did what it says)."),
    (1, "call.null_pointer", "A required pointer argument is NULL (or NULL with a non-zero length)."),
    (
        2,
        "call.invalid_argument",
        "An argument is out of range, empty where input is required, or not valid UTF-8 where text is required.",
    ),
    (
        3,
        "call.invalid_handle",
        "The handle is not live: already freed, never returned by lightcheck, or of another kind.",
    ),
    (4, "call.busy", "The handle is in use by another call (e.g. a light-client callback re-entering its own client)."),
    (5, "call.resource_limit", "Too many live handles (see LC_MAX_LIVE_HANDLES); free some first."),
    (6, "call.internal", "An internal error (a caught panic): a bug in lightcheck; please report it."),
];

/// The C enumerator names of the call statuses (older than the `LC_` + code rule).
fn call_name(code: &str) -> &'static str {
    match code {
        "ok" => "LC_OK",
        "call.null_pointer" => "LC_ERR_NULL_POINTER",
        "call.invalid_argument" => "LC_ERR_INVALID_ARGUMENT",
        "call.invalid_handle" => "LC_ERR_INVALID_HANDLE",
        "call.busy" => "LC_ERR_BUSY",
        "call.resource_limit" => "LC_ERR_RESOURCE_LIMIT",
        "call.internal" => "LC_ERR_INTERNAL",
        _ => unreachable!("{code}"),
    }
}

struct Row {
    status: i32,
    code: String,
    class: String,
    name: String,
    description: String,
}

fn rows() -> Vec<Row> {
    let mut rows: Vec<Row> = CALL_STATUSES
        .iter()
        .map(|&(status, code, description)| Row {
            status,
            code: code.into(),
            class: if status == 0 { "ok" } else { "call" }.into(),
            name: call_name(code).into(),
            description: description.into(),
        })
        .collect();
    rows.extend(catalog().iter().map(|c: &CodeInfo| Row {
        status: c.status,
        code: c.code.into(),
        class: c.class.as_str().into(),
        name: format!("LC_{}", c.code.to_uppercase().replace('.', "_")),
        description: c.description().into(),
    }));
    rows
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Compares `path` with `fresh`, or rewrites it under `LIGHTCHECK_BLESS=1`.
fn check_generated(path: &str, fresh: &str) {
    let path = root().join(path);
    if std::env::var_os("LIGHTCHECK_BLESS").is_some() {
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: regenerate it with `LIGHTCHECK_BLESS=1 cargo test -p lightcheck --all-features --test error_table`",
        path.display()
    );
}

#[test]
fn codes_and_numbers_are_unique_and_grouped_by_capability() {
    let rows = rows();
    for pair in rows.windows(2) {
        assert!(pair[0].status < pair[1].status, "{} and {} share or disorder a number", pair[0].code, pair[1].code);
    }
    let mut codes: Vec<_> = rows.iter().map(|r| &r.code).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), rows.len(), "a code appears twice");
    for r in &rows {
        let block = match r.code.split('.').next().unwrap() {
            "ok" | "call" => 0,
            "input" => 100,
            "nitro" => 100,
            "cometbft" => 200,
            "zk" => 300,
            "opengradient" => 400,
            other => panic!("unknown capability {other}"),
        };
        assert!((block..block + 100).contains(&r.status), "{} = {} outside its block", r.code, r.status);
    }
}

#[test]
fn a_code_shared_by_capabilities_has_one_number_and_class() {
    let all = [
        lightcheck::nitro::Error::CODES,
        lightcheck::cometbft::Error::CODES,
        lightcheck::zk::Error::CODES,
        lightcheck::opengradient::Error::CODES,
    ];
    let mut seen = std::collections::HashMap::new();
    for info in all.iter().flat_map(|t| t.iter()) {
        if let Some(prev) = seen.insert(info.code, (info.status, info.class)) {
            assert_eq!(prev, (info.status, info.class), "{} differs between tables", info.code);
        }
    }
}

/// The published list: no line may disappear or change; a new code must be appended to it.
#[test]
fn published_codes_never_change() {
    let published = std::fs::read_to_string(root().join("test-vectors/error-codes.txt")).unwrap();
    let current: Vec<String> =
        rows().iter().map(|r| format!("{:>3} {} {} {}", r.status, r.code, r.class, r.name)).collect();
    let published: Vec<&str> = published.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(published.len() >= 88, "the published list lost lines");
    for line in &published {
        assert!(current.iter().any(|c| c == line), "published code changed or removed: {line:?}");
    }
    for line in &current {
        assert!(published.contains(&line.as_str()), "new code {line:?}: append it to test-vectors/error-codes.txt");
    }
}

#[test]
fn c_status_table_is_generated_from_the_tables() {
    let rows = rows();
    let mut out = String::from(
        "// Generated from the error tables by core/tests/error_table.rs: do not edit by hand\n\
         // (`LIGHTCHECK_BLESS=1 cargo test -p lightcheck --all-features --test error_table`).\n\n\
         use crate::status::Entry;\n\n\
         /// The outcome of a lightcheck call. `LC_OK` (0) is success; every other value names why the\n\
         /// call failed, and `lc_last_error_message()` says which field and why.\n\
         #[repr(i32)]\n#[derive(Clone, Copy, Debug, PartialEq, Eq)]\npub enum lc_status {\n",
    );
    for r in &rows {
        writeln!(out, "    /// `{}`: {}", r.code, r.description).unwrap();
        writeln!(out, "    {} = {},", r.name, r.status).unwrap();
    }
    out.push_str("}\n\n/// Every status, in numeric order.\npub(crate) const TABLE: &[Entry] = &[\n");
    for r in &rows {
        let description = r.description.replace('`', "").replace('"', "\\\"");
        writeln!(
            out,
            "    Entry::new(lc_status::{}, c\"{}\", c\"{}\", c\"{}\"),",
            r.name, r.code, r.class, description
        )
        .unwrap();
    }
    out.push_str("];\n");
    check_generated("ffi/src/status_table.rs", &out);
}

#[test]
fn typescript_error_codes_are_generated_from_the_tables() {
    let mut out = String::from(
        "// Generated from the error tables by core/tests/error_table.rs: do not edit by hand.\n\
         /**\n * Every code a lightcheck function can throw: the core's stable codes, and\n\
         * `\"input.invalid\"` for an argument of the wrong type or shape.\n */\n\
         export type ErrorCode =\n  | \"input.invalid\"\n",
    );
    for c in catalog() {
        writeln!(out, "  | \"{}\"", c.code).unwrap();
    }
    out.push_str(";\n");
    check_generated("wasm/src/error_codes.ts", &out);
}
