//! What the fuzz targets share: the project's vectors as seeds, and structured mutations that
//! keep an input well-formed enough to reach the checks behind the decoders.
//!
//! Targets panic only on a finding: a panic inside lightcheck, a broken invariant (e.g. a
//! mutated proof that still verifies), or a disagreement with an oracle.

use std::path::PathBuf;
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use serde_json::Value;

/// A file of the repository (`fuzz/..`), or of `../shared/vectors` when `path` starts with `shared/`.
pub fn path(path: &str) -> PathBuf {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    match path.strip_prefix("shared/") {
        Some(rest) => root.join("../shared/vectors").join(rest),
        None => root.join(path),
    }
}

/// The bytes of a vector file (panics if missing: seeds are part of the build).
pub fn read(file: &str) -> Vec<u8> {
    std::fs::read(path(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// A JSON vector file.
pub fn json(file: &str) -> Value {
    serde_json::from_slice(&read(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// One byte-level edit. Offsets wrap around the input's length.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Edit {
    Xor { at: u32, mask: u8 },
    Set { at: u32, value: u8 },
    Insert { at: u32, value: u8 },
    Remove { at: u32 },
    Truncate { at: u32 },
}

/// Applies `edits` (at most 16) to `bytes`.
pub fn apply(bytes: &mut Vec<u8>, edits: &[Edit]) {
    for edit in edits.iter().take(16) {
        let len = bytes.len();
        let pos = |at: u32| if len == 0 { 0 } else { at as usize % len };
        match *edit {
            Edit::Xor { at, mask } if len > 0 => bytes[pos(at)] ^= mask.max(1),
            Edit::Set { at, value } if len > 0 => bytes[pos(at)] = value,
            Edit::Insert { at, value } => bytes.insert(if len == 0 { 0 } else { at as usize % (len + 1) }, value),
            Edit::Remove { at } if len > 0 => {
                bytes.remove(pos(at));
            }
            Edit::Truncate { at } => bytes.truncate(pos(at)),
            _ => {}
        }
    }
}

/// Applies in-place edits (no length change) within `range` only.
pub fn apply_within(bytes: &mut [u8], range: std::ops::Range<usize>, edits: &[Edit]) {
    let len = range.len();
    if len == 0 {
        return;
    }
    for edit in edits.iter().take(16) {
        match *edit {
            Edit::Xor { at, mask } => bytes[range.start + at as usize % len] ^= mask.max(1),
            Edit::Set { at, value } => bytes[range.start + at as usize % len] = value,
            _ => {}
        }
    }
}

/// One edit of a JSON document: pick a leaf (strings, numbers, booleans, nulls) by index, then
/// change it. Keeps the document parseable so the verifier behind the decoder is reached.
#[derive(Arbitrary, Debug, Clone)]
pub struct JsonEdit {
    pub leaf: u16,
    pub op: JsonOp,
}

/// What to do to the chosen leaf.
#[derive(Arbitrary, Debug, Clone)]
pub enum JsonOp {
    /// Replace one character of a string with another from the same alphabet (hex, base64, digits).
    Char {
        at: u16,
        to: u8,
    },
    /// Replace a number (or a string of digits) with this one.
    Int(u64),
    /// Add a small signed delta to a number or a digit string.
    Nudge(i8),
    Null,
    Bool(bool),
    /// Truncate a string.
    Cut(u16),
    /// Copy another leaf's value here.
    CopyFrom(u16),
}

fn count_leaves(v: &Value) -> usize {
    match v {
        Value::Object(map) => map.values().map(count_leaves).sum(),
        Value::Array(items) => items.iter().map(count_leaves).sum(),
        _ => 1,
    }
}

/// The `n`-th leaf in document order (`n` counts down as leaves are passed).
fn nth_leaf<'a>(v: &'a mut Value, n: &mut usize) -> Option<&'a mut Value> {
    match v {
        Value::Object(map) => map.values_mut().find_map(|v| nth_leaf(v, n)),
        Value::Array(items) => items.iter_mut().find_map(|v| nth_leaf(v, n)),
        leaf if *n == 0 => Some(leaf),
        _ => {
            *n -= 1;
            None
        }
    }
}

const ALPHABET: &[u8] = b"0123456789ABCDEFabcdef+/=-:TZ.";

/// Applies `edits` (at most 8) to `doc`.
pub fn apply_json(doc: &mut Value, edits: &[JsonEdit]) {
    for edit in edits.iter().take(8) {
        let count = count_leaves(doc);
        if count == 0 {
            return;
        }
        let replacement = match &edit.op {
            JsonOp::CopyFrom(j) => nth_leaf(doc, &mut (*j as usize % count)).map(|v| v.clone()),
            _ => None,
        };
        let Some(leaf) = nth_leaf(doc, &mut (edit.leaf as usize % count)) else { return };
        match (&edit.op, &mut *leaf) {
            (JsonOp::Char { at, to }, Value::String(s)) if !s.is_empty() => {
                let mut bytes = std::mem::take(s).into_bytes();
                let at = *at as usize % bytes.len();
                if bytes[at].is_ascii() {
                    bytes[at] = ALPHABET[*to as usize % ALPHABET.len()];
                }
                *s = String::from_utf8(bytes).unwrap_or_default();
            }
            (JsonOp::Int(n), Value::String(s)) if s.bytes().all(|b| b.is_ascii_digit()) => *s = n.to_string(),
            (JsonOp::Int(n), Value::Number(_)) => *leaf = Value::from(*n),
            (JsonOp::Nudge(d), Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(n) = s.parse::<i128>() {
                    *s = (n + i128::from(*d)).to_string();
                }
            }
            (JsonOp::Nudge(d), Value::Number(n)) => {
                if let Some(n) = n.as_i64() {
                    *leaf = Value::from(n.saturating_add(i64::from(*d)));
                }
            }
            (JsonOp::Null, _) => *leaf = Value::Null,
            (JsonOp::Bool(b), _) => *leaf = Value::Bool(*b),
            (JsonOp::Cut(n), Value::String(s)) => {
                let mut at = *n as usize % (s.len() + 1);
                while !s.is_char_boundary(at) {
                    at -= 1;
                }
                s.truncate(at);
            }
            (JsonOp::CopyFrom(_), _) => *leaf = replacement.unwrap_or(Value::Null),
            _ => {}
        }
    }
}

/// A generated or real Nitro document with the time to verify it at.
pub struct NitroSeed {
    pub bytes: Vec<u8>,
    pub now_ms: u64,
}

/// The Nitro seeds: the project's generated documents (test root) and, when present, the real
/// AWS documents of `../shared/vectors/nitro`, each with its manifest's verification time.
pub fn nitro_seeds() -> &'static [NitroSeed] {
    static SEEDS: OnceLock<Vec<NitroSeed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = Vec::new();
        let manifest = json("test-vectors/nitro/manifest.json");
        for doc in manifest["documents"].as_array().into_iter().flatten() {
            let (Some(file), Some(now_ms)) = (doc["file"].as_str(), doc["verify_at_ms"].as_u64()) else { continue };
            seeds.push(NitroSeed { bytes: read(&format!("test-vectors/nitro/{file}")), now_ms });
        }
        if path("shared/nitro/manifest.json").exists() {
            for doc in json("shared/nitro/manifest.json").as_array().into_iter().flatten() {
                let (Some(file), Some(now_ms)) = (doc["file"].as_str(), doc["verify_at_ms"].as_u64()) else { continue };
                seeds.push(NitroSeed { bytes: read(&format!("shared/nitro/{file}")), now_ms });
            }
        }
        seeds
    })
}

/// Trust anchors for the Nitro targets: AWS's root G1 and the generated vectors' test root.
pub fn nitro_roots() -> &'static [lightcheck::nitro::TrustAnchor] {
    static ROOTS: OnceLock<Vec<lightcheck::nitro::TrustAnchor>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        vec![
            lightcheck::nitro::TrustAnchor::AWS_NITRO_ROOT_G1,
            lightcheck::nitro::TrustAnchor::from_der(&read("test-vectors/nitro/root.der")),
        ]
    })
}

/// One light-client step of the project's CometBFT vectors, as JSON.
#[derive(Clone, Debug)]
pub struct StepSeed {
    pub trusted: Value,
    pub untrusted: Value,
    pub now: String,
    pub trusting_period_secs: u64,
    pub clock_drift_secs: u64,
    pub trust: (u64, u64),
}

/// The step cases of `test-vectors/cometbft/manifest.json`.
pub fn step_seeds() -> &'static [StepSeed] {
    static SEEDS: OnceLock<Vec<StepSeed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let manifest = json("test-vectors/cometbft/manifest.json");
        let mut seeds = Vec::new();
        for case in manifest["cases"].as_array().into_iter().flatten() {
            let (Some(trusted), Some(untrusted), Some(now)) =
                (case["trusted"].as_str(), case["untrusted"].as_str(), case["now"].as_str())
            else {
                continue;
            };
            let level = &case["trust_level"];
            seeds.push(StepSeed {
                trusted: json(&format!("test-vectors/cometbft/{trusted}")),
                untrusted: json(&format!("test-vectors/cometbft/{untrusted}")),
                now: now.to_string(),
                trusting_period_secs: case["trusting_period_secs"].as_u64().unwrap_or(1_209_600),
                clock_drift_secs: case["clock_drift_secs"].as_u64().unwrap_or(10),
                trust: (level[0].as_u64().unwrap_or(1), level[1].as_u64().unwrap_or(3)),
            });
        }
        assert!(!seeds.is_empty(), "no CometBFT step cases");
        seeds
    })
}

/// A step seed with mutations: which block to edit and how.
#[derive(Arbitrary, Debug)]
pub struct StepInput {
    pub seed: u8,
    pub edit_trusted: bool,
    pub edits: Vec<JsonEdit>,
    /// Shift of `now`, seconds.
    pub shift_secs: i32,
}

impl StepInput {
    /// The mutated step.
    pub fn step(&self) -> StepSeed {
        let seeds = step_seeds();
        let mut step = seeds[usize::from(self.seed) % seeds.len()].clone();
        let target = if self.edit_trusted { &mut step.trusted } else { &mut step.untrusted };
        apply_json(target, &self.edits);
        if self.shift_secs != 0 {
            let shifted = lightcheck::time::Timestamp::parse(&step.now).and_then(|t| {
                lightcheck::time::Timestamp::new(t.unix_secs() + i64::from(self.shift_secs), t.subsec_nanos())
            });
            if let Some(shifted) = shifted {
                step.now = shifted.to_string();
            }
        }
        step
    }
}
