//! The two verifiers side by side: one step run through lightcheck's `cometbft::verify` and
//! tendermint-rs's `ProdVerifier::verify_update_header`, and the verdict comparison with the
//! known, deliberate differences (documented in `core/tests/cometbft_differential.rs`).
//!
//! Shared by that test and by the differential fuzz target (`fuzz/fuzz_targets/
//! cometbft_differential.rs`, which includes this file by path).
#![allow(dead_code)]

use std::time::Duration;

use lightcheck::cometbft::json::light_block_from_json_value;
use lightcheck::cometbft::Error;
use lightcheck::cometbft::{
    verify, verify_commit, CommitSig, CountingMode, LightBlock, Options, TrustThreshold, Verdict,
};
use lightcheck::time::Timestamp;
use serde_json::Value;
use tendermint::block::signed_header::SignedHeader as TmSignedHeader;
use tendermint::validator::Set as TmValidatorSet;
use tendermint_light_client_verifier::errors::VerificationErrorDetail;
use tendermint_light_client_verifier::options::Options as TmOptions;
use tendermint_light_client_verifier::types::{
    Time, TrustThreshold as TmTrustThreshold, TrustedBlockState, UntrustedBlockState,
};
use tendermint_light_client_verifier::{ProdVerifier, Verdict as TmVerdict, Verifier};

/// One verification step as JSON, in tendermint-rs's `LightBlock` shape (`signed_header`,
/// `validator_set`, `next_validator_set`; the latter may be null for the untrusted block).
#[derive(Clone, Debug)]
pub struct Case {
    pub label: String,
    pub trusted: Value,
    pub untrusted: Value,
    pub now: String,
    pub trusting_period: Duration,
    pub clock_drift: Duration,
    /// Trust level (numerator, denominator).
    pub trust: (u64, u64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Success,
    NotEnoughTrust,
    Invalid,
}

impl Class {
    pub fn name(self) -> &'static str {
        match self {
            Class::Success => "SUCCESS",
            Class::NotEnoughTrust => "NOT_ENOUGH_TRUST",
            Class::Invalid => "INVALID",
        }
    }
}

pub struct LcDecoded {
    pub trusted: LightBlock,
    pub untrusted: LightBlock,
    pub now: Timestamp,
}

pub fn lc_decode(case: &Case) -> Result<LcDecoded, String> {
    let trusted = light_block_from_json_value(case.trusted.clone()).map_err(|e| format!("trusted: {e}"))?;
    let untrusted = light_block_from_json_value(case.untrusted.clone()).map_err(|e| format!("untrusted: {e}"))?;
    let now = Timestamp::parse(case.now.as_str()).ok_or("now")?;
    Ok(LcDecoded { trusted, untrusted, now })
}

pub fn lc_verify(d: &LcDecoded, case: &Case, counting: CountingMode) -> Verdict {
    let options = Options {
        trust_threshold: TrustThreshold::new(case.trust.0, case.trust.1).expect("trust level"),
        trusting_period: case.trusting_period,
        clock_drift: case.clock_drift,
        counting,
    };
    Verdict::from(verify(&d.untrusted, &d.trusted, &options, d.now))
}

pub fn lc_class(v: &Verdict) -> Class {
    match v {
        Verdict::Success => Class::Success,
        Verdict::NotEnoughTrust => Class::NotEnoughTrust,
        Verdict::Invalid(_) => Class::Invalid,
    }
}

pub struct TmDecoded {
    pub trusted: TmSignedHeader,
    pub trusted_next: TmValidatorSet,
    pub untrusted: TmSignedHeader,
    pub validators: TmValidatorSet,
    pub next: Option<TmValidatorSet>,
    pub now: Time,
}

pub fn tm_decode(case: &Case) -> Result<TmDecoded, String> {
    fn de<T: serde::de::DeserializeOwned>(what: &str, v: &Value) -> Result<T, String> {
        // tendermint-rs's base64 (subtle-encoding 0.5.1) trips its own debug assertion on some
        // invalid characters (found by the differential fuzz target): an oracle that panics
        // could not decode the input.
        let v = v.clone();
        match std::panic::catch_unwind(move || serde_json::from_value(v)) {
            Ok(decoded) => decoded.map_err(|e| format!("{what}: {e}")),
            Err(_) => Err(format!("{what}: tendermint-rs panicked while decoding")),
        }
    }
    let next = match &case.untrusted["next_validator_set"] {
        Value::Null => None,
        v => Some(de("untrusted next_validator_set", v)?),
    };
    Ok(TmDecoded {
        trusted: de("trusted signed_header", &case.trusted["signed_header"])?,
        trusted_next: de("trusted next_validator_set", &case.trusted["next_validator_set"])?,
        untrusted: de("untrusted signed_header", &case.untrusted["signed_header"])?,
        validators: de("untrusted validator_set", &case.untrusted["validator_set"])?,
        next,
        now: Time::parse_from_rfc3339(&case.now).map_err(|e| format!("now: {e}"))?,
    })
}

pub fn tm_verify(d: &TmDecoded, case: &Case) -> TmVerdict {
    let options = TmOptions {
        trust_threshold: TmTrustThreshold::new(case.trust.0, case.trust.1).expect("trust level"),
        trusting_period: case.trusting_period,
        clock_drift: case.clock_drift,
    };
    let trusted = TrustedBlockState {
        chain_id: &d.trusted.header.chain_id,
        header_time: d.trusted.header.time,
        height: d.trusted.header.height,
        next_validators: &d.trusted_next,
        next_validators_hash: d.trusted.header.next_validators_hash,
    };
    let untrusted = UntrustedBlockState {
        signed_header: &d.untrusted,
        validators: &d.validators,
        next_validators: d.next.as_ref(),
    };
    ProdVerifier::default().verify_update_header(untrusted, trusted, &options, d.now)
}

pub fn tm_class(v: &TmVerdict) -> Class {
    match v {
        TmVerdict::Success => Class::Success,
        TmVerdict::NotEnoughTrust(_) => Class::NotEnoughTrust,
        TmVerdict::Invalid(_) => Class::Invalid,
    }
}

/// What running both verifiers on a case gave.
pub enum Outcome {
    /// At least one library could not decode the input; the verdict of the other one, if it did.
    Undecodable { lightcheck: Option<String>, tendermint: Option<String>, other: Option<Class> },
    /// Same verdict class.
    Agree(Class),
    /// A known, deliberate difference (its name).
    Known(&'static str, Class, Class),
    /// Anything else: a bug in one of them, or an undocumented difference (a short signature of
    /// the two verdicts, and the details).
    Disagree(String, String),
}

pub fn run(case: &Case) -> Outcome {
    let (lc, tm) = (lc_decode(case), tm_decode(case));
    let (lc, tm) = match (lc, tm) {
        (Ok(lc), Ok(tm)) => (lc, tm),
        (Ok(lc), Err(tm)) => {
            // What the reference cannot even decode, lightcheck must not accept, with one
            // exception: tendermint-rs refuses any signature that is not 64 bytes at decoding;
            // lightcheck, like Go's `CommitSig.ValidateBasic`, takes 1..=64 bytes and leaves the
            // rest to verification, which stops at the threshold. A short signature past the
            // early exit is then never looked at (as a wrong 64-byte one would not be).
            let verdict = lc_verify(&lc, case, CountingMode::StopAtThreshold);
            let class = lc_class(&verdict);
            if class == Class::Success {
                let all = lc_verify(&lc, case, CountingMode::VerifyAll);
                if tm.contains("expected signature to be 64 bytes long")
                    && matches!(all, Verdict::Invalid(Error::SignatureInvalid { .. }))
                {
                    return Outcome::Known(
                        "short signature past the early exit (tendermint-rs: decode error)",
                        class,
                        Class::Invalid,
                    );
                }
                // A height-1 header with a last block ID: tendermint-rs refuses it at decoding;
                // Go's `Header.ValidateBasic` has no such rule, nor has lightcheck.
                if tm.contains("last_block_id is not null on first height") && first_height_with_last_block(&lc) {
                    return Outcome::Known(
                        "last block ID at height 1 (tendermint-rs: decode error; Go: accepted)",
                        class,
                        Class::Invalid,
                    );
                }
                // The rest are fields lightcheck reads leniently or not at all. Each is narrowed the
                // same way: with that field rewritten as Go writes it, tendermint-rs must decode the
                // input and reach lightcheck's verdict.
                let agrees = |normalised: Option<Case>| {
                    normalised.is_some_and(|n| tm_decode(&n).is_ok_and(|tm| tm_class(&tm_verify(&tm, &n)) == class))
                };
                let trusted_header_refused = tm.starts_with("trusted signed_header");
                let known = |name: &'static str| Outcome::Known(name, class, Class::Invalid);
                // The trusted block's commit signatures: lightcheck, like Go's light client, never
                // reads them; tendermint-rs decodes (and so refuses a broken) trusted signed header.
                if trusted_header_refused && agrees(Some(with_empty_trusted_commit(case, &lc))) {
                    return known("trusted block's own commit not read (lightcheck and Go: trusted as given)");
                }
                // Unhashed validator-set fields lightcheck does not read (`total_voting_power`, which
                // Go also recomputes and ignores; `proposer_priority`).
                if agrees(without_unread_fields(case)) {
                    return known("unhashed validator-set fields lightcheck does not read (total power, priorities)");
                }
                // Mixed-case hex in addresses and hashes: Go's `HexBytes` and lightcheck read any
                // case; tendermint-rs refuses mixed case.
                if agrees(with_upper_case_hex(case)) {
                    return known("mixed-case hex (tendermint-rs: one case only)");
                }
                // Integers in the other JSON form: lightcheck reads int64s and int32s as numbers or
                // strings (lumina writes numbers); tendermint-rs, like Go's JSON, wants int64s as
                // strings and int32s as numbers.
                if agrees(with_go_integers(case)) {
                    return known("integer in the other JSON form (number / string)");
                }
                // Several of the above at once (a fuzzed input may combine them).
                let mut combined = without_unread_fields(case).unwrap_or_else(|| case.clone());
                combined = with_go_integers(&combined).unwrap_or(combined);
                combined = with_upper_case_hex(&combined).unwrap_or(combined);
                if trusted_header_refused {
                    combined = with_empty_trusted_commit(&combined, &lc);
                }
                if agrees(Some(combined)) {
                    return known(
                        "several of: unread fields, mixed-case hex, integer forms, trusted commit signatures",
                    );
                }
                // A validator written without its address: lightcheck derives the address from the
                // key (it is not part of the validator-set hash, and a non-empty one must match);
                // tendermint-rs cannot decode an empty one.
                if tm.contains("invalid account ID length") && has_empty_validator_address(case) {
                    return Outcome::Known(
                        "validator without an address (lightcheck: derived from the key)",
                        class,
                        Class::Invalid,
                    );
                }
                return Outcome::Disagree(
                    "undecodable by tendermint-rs, lightcheck SUCCESS".into(),
                    format!("tendermint-rs {tm}\nlightcheck VerifyAll {all:?}"),
                );
            }
            return Outcome::Undecodable { lightcheck: None, tendermint: Some(tm), other: Some(class) };
        }
        (Err(lc), Ok(tm)) => {
            let other = Some(tm_class(&tm_verify(&tm, case)));
            return Outcome::Undecodable { lightcheck: Some(lc), tendermint: None, other };
        }
        (Err(lc), Err(tm)) => return Outcome::Undecodable { lightcheck: Some(lc), tendermint: Some(tm), other: None },
    };
    let lc_verdict = lc_verify(&lc, case, CountingMode::StopAtThreshold);
    let tm_verdict = tm_verify(&tm, case);
    let (l, t) = (lc_class(&lc_verdict), tm_class(&tm_verdict));

    // Verifying every signature may only turn a verdict into a bad-signature rejection.
    let all = lc_verify(&lc, case, CountingMode::VerifyAll);
    let all_bad_signature = matches!(all, Verdict::Invalid(Error::SignatureInvalid { .. }));
    if all != lc_verdict && !all_bad_signature {
        return Outcome::Disagree(
            "lightcheck StopAtThreshold vs VerifyAll".into(),
            format!("lightcheck StopAtThreshold {lc_verdict:?} but VerifyAll {all:?}"),
        );
    }

    if l == t {
        return Outcome::Agree(l);
    }
    let skipping = lc.untrusted.height() != lc.trusted.height() + 1;
    match (&lc_verdict, &tm_verdict) {
        (Verdict::Invalid(Error::CommitInvalid { reason }), _)
            if *reason == "a signer is not the validator at its index"
                && has_misaligned_known_signer(&lc.untrusted) =>
        {
            Outcome::Known("misaligned signer (lightcheck: by index; tendermint-rs: by address)", l, t)
        }
        (Verdict::Invalid(_), _) if trusted_not_well_formed(&lc.trusted) => {
            Outcome::Known("trusted block not well formed (lightcheck refuses to build on it)", l, t)
        }
        (Verdict::Invalid(Error::HeaderInvalid { field: "version.block", .. }), _)
            if lc.untrusted.signed_header.header.version_block != 11 =>
        {
            Outcome::Known("block version != 11 (tendermint-rs does not check it)", l, t)
        }
        (Verdict::Invalid(Error::ValidatorsHashMismatch { which: "next_validators" }), _)
            if skipping && trusted_next_hash_mismatch(&lc.trusted) =>
        {
            Outcome::Known("trusted next validators not hash-checked by tendermint-rs (caller's job)", l, t)
        }
        (Verdict::NotEnoughTrust, TmVerdict::Invalid(VerificationErrorDetail::InvalidSignature(_)))
            if skipping && own_set_has_bad_signature(&lc.untrusted) =>
        {
            Outcome::Known("trust fails before the 2/3 tally (lightcheck, like Go, stops there)", l, t)
        }
        _ => Outcome::Disagree(
            format!("lightcheck {} / tendermint-rs {}", short_lc(&lc_verdict), short_tm(&tm_verdict)),
            format!("lightcheck {lc_verdict:?}\ntendermint-rs {tm_verdict:?}"),
        ),
    }
}

pub fn short_lc(v: &Verdict) -> String {
    match v {
        Verdict::Invalid(e) => format!("INVALID({})", e.code()),
        v => lc_class(v).name().into(),
    }
}

pub fn short_tm(v: &TmVerdict) -> String {
    match v {
        TmVerdict::Invalid(e) => {
            let d = format!("{e:?}");
            format!("INVALID({})", d.split(['(', ' ', '{']).next().unwrap_or(""))
        }
        v => tm_class(v).name().into(),
    }
}

/// The case with the trusted block's commit replaced by one with no signatures for the same
/// header (height and hash as lightcheck decoded them).
pub fn with_empty_trusted_commit(case: &Case, d: &LcDecoded) -> Case {
    let header = &d.trusted.signed_header.header;
    let hash = header.hash().map(|h| h.iter().map(|b| format!("{b:02X}")).collect::<String>()).unwrap_or_default();
    let mut cleaned = case.clone();
    cleaned.trusted["signed_header"]["commit"] = serde_json::json!({
        "height": header.height.to_string(),
        "round": 0,
        "block_id": {"hash": hash, "parts": {"total": 0, "hash": ""}},
        "signatures": [],
    });
    cleaned
}

/// Whether the trusted block's signed header fails `ValidateBasic` (lightcheck checks it before
/// building on the block; tendermint-rs's verifier does not).
pub fn trusted_not_well_formed(trusted: &LightBlock) -> bool {
    let sh = &trusted.signed_header;
    sh.validate_basic(&sh.header.chain_id).is_err()
}

/// Whether a block at height 1 carries a non-empty last block ID.
pub fn first_height_with_last_block(d: &LcDecoded) -> bool {
    [&d.trusted, &d.untrusted].iter().any(|b| {
        let id = &b.signed_header.header.last_block_id;
        b.height() == 1 && (!id.hash.is_empty() || id.part_set_header.total != 0 || !id.part_set_header.hash.is_empty())
    })
}

/// The case with integers in Go's JSON forms: the int64s (`height`, powers, priorities) as
/// strings, the int32s (`round`, `block_id_flag`, part-set `total`) as numbers, if that changes
/// anything.
pub fn with_go_integers(case: &Case) -> Option<Case> {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    let int64 = matches!(
                        key.as_str(),
                        "height" | "voting_power" | "power" | "proposer_priority" | "total_voting_power"
                    );
                    let int32 = matches!(key.as_str(), "round" | "block_id_flag" | "total");
                    match value {
                        Value::Number(n) if int64 => *value = Value::String(n.to_string()),
                        Value::String(s) if int32 && s.parse::<u32>().is_ok() => {
                            *value = Value::from(s.parse::<u32>().unwrap_or_default())
                        }
                        other => walk(other),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    let mut go = case.clone();
    walk(&mut go.trusted);
    walk(&mut go.untrusted);
    (go.trusted != case.trusted || go.untrusted != case.untrusted).then_some(go)
}

/// The case with every hex address and hash string upper-cased, if that changes anything.
pub fn with_upper_case_hex(case: &Case) -> Option<Case> {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    let hexy = key.ends_with("address") || key == "hash" || key.ends_with("_hash");
                    match value {
                        Value::String(s) if hexy && s.bytes().all(|b| b.is_ascii_hexdigit()) => {
                            s.make_ascii_uppercase()
                        }
                        other => walk(other),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    let mut upper = case.clone();
    walk(&mut upper.trusted);
    walk(&mut upper.untrusted);
    (upper.trusted != case.trusted || upper.untrusted != case.untrusted).then_some(upper)
}

fn zero_priority(v: &mut Value) {
    if let Some(priority) = v.get_mut("proposer_priority") {
        *priority = Value::from("0");
    }
}

/// The case with every validator set's `total_voting_power` removed and every
/// `proposer_priority` set to 0, if that changes anything.
pub fn without_unread_fields(case: &Case) -> Option<Case> {
    let mut cleaned = case.clone();
    for block in [&mut cleaned.trusted, &mut cleaned.untrusted] {
        for set in ["validator_set", "next_validator_set"] {
            let Some(set) = block.get_mut(set).and_then(Value::as_object_mut) else { continue };
            set.remove("total_voting_power");
            if let Some(Value::Array(vals)) = set.get_mut("validators") {
                vals.iter_mut().for_each(zero_priority);
            }
            if let Some(proposer) = set.get_mut("proposer") {
                zero_priority(proposer);
            }
        }
    }
    (cleaned.trusted != case.trusted || cleaned.untrusted != case.untrusted).then_some(cleaned)
}

/// Whether some validator or proposer of either block is written with an empty `address`.
pub fn has_empty_validator_address(case: &Case) -> bool {
    [&case.trusted, &case.untrusted].iter().any(|block| {
        ["validator_set", "next_validator_set"].iter().any(|set| {
            let set = &block[*set];
            set["proposer"]["address"].as_str() == Some("")
                || set["validators"]
                    .as_array()
                    .is_some_and(|vals| vals.iter().any(|v| v["address"].as_str() == Some("")))
        })
    })
}

/// Whether the trusted block's next validator set does not hash to its header's
/// `next_validators_hash`.
pub fn trusted_next_hash_mismatch(trusted: &LightBlock) -> bool {
    trusted
        .next_validators
        .as_ref()
        .is_some_and(|n| n.hash()[..] != trusted.signed_header.header.next_validators_hash[..])
}

/// Whether the commit holds a bad Commit signature of its own validator set (every signature
/// checked, no early exit).
pub fn own_set_has_bad_signature(block: &LightBlock) -> bool {
    matches!(
        verify_commit(&block.signed_header, &block.validators, CountingMode::VerifyAll),
        Err(Error::SignatureInvalid { .. })
    )
}

/// Whether some Commit/Nil entry is not signed by the validator at its index, while its signer
/// is in the set (so a lookup by address finds it).
pub fn has_misaligned_known_signer(block: &LightBlock) -> bool {
    let vals = block.validators.validators();
    block.signed_header.commit.signatures.iter().zip(vals).any(|(sig, val)| match sig {
        CommitSig::Commit { validator_address, .. } | CommitSig::Nil { validator_address, .. } => {
            *validator_address != val.address && block.validators.by_address(validator_address).is_some()
        }
        CommitSig::Absent => false,
    })
}
