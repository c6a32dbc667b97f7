//! JSON decoding of every shape light blocks arrive in: CometBFT RPC `/commit` and
//! `/validators` (paginated, with or without the JSON-RPC envelope), tendermint-rs's `LightBlock`
//! serde form, and lumina's `ExtendedHeader`. Field-name variants are accepted (`parts` /
//! `part_set_header`, `voting_power` / `power`, integers as strings or numbers); validator order
//! in JSON is never trusted (sets are sorted canonically).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64::Engine;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::commit::{Commit, CommitSig, SignedHeader};
use super::header::{BlockId, Header, PartSetHeader};
use super::validator::{PublicKey, Validator, ValidatorSet, MAX_VALIDATORS};
use super::verifier::LightBlock;
use crate::cometbft::Error;
use crate::time::Timestamp;

/// Largest JSON document accepted (two 10 000-validator sets fit comfortably).
pub const MAX_JSON_LEN: usize = 16 * 1024 * 1024;

/// A `Decode` error at `field`.
pub(crate) fn decode_err(field: &str, reason: impl ToString) -> Error {
    Error::Decode { field: field.to_string(), reason: reason.to_string() }
}

/// Parses `bytes` as `T`, after the size limit.
pub(crate) fn parse<T: DeserializeOwned>(what: &'static str, bytes: &[u8]) -> Result<T, Error> {
    if bytes.len() > MAX_JSON_LEN {
        return Err(Error::InputTooLarge { what, len: bytes.len(), max: MAX_JSON_LEN });
    }
    serde_json::from_slice(bytes).map_err(|e| decode_err(what, e))
}

/// An integer written as a JSON number or a decimal string.
#[derive(Deserialize, Clone, Copy, Default)]
#[serde(try_from = "IntRepr")]
struct Int(u64);

#[derive(Deserialize)]
#[serde(untagged)]
enum IntRepr {
    Number(u64),
    Text(String),
}

impl TryFrom<IntRepr> for Int {
    type Error = String;
    fn try_from(r: IntRepr) -> Result<Int, String> {
        match r {
            IntRepr::Number(n) => Ok(Int(n)),
            IntRepr::Text(s) => s.parse().map(Int).map_err(|_| format!("{s:?} is not a non-negative integer")),
        }
    }
}

fn hex_field(field: &str, s: &str) -> Result<Vec<u8>, Error> {
    hex::decode(s).map_err(|e| decode_err(field, e))
}

fn base64_field(field: &str, s: &str) -> Result<Vec<u8>, Error> {
    base64::engine::general_purpose::STANDARD.decode(s).map_err(|e| decode_err(field, e))
}

fn time_field(field: &str, s: &str) -> Result<Timestamp, Error> {
    Timestamp::parse(s).ok_or_else(|| decode_err(field, "not an RFC 3339 time"))
}

#[derive(Deserialize, Default)]
struct RawParts {
    #[serde(default)]
    total: Int,
    #[serde(default)]
    hash: String,
}

#[derive(Deserialize, Default)]
struct RawBlockId {
    #[serde(default)]
    hash: String,
    #[serde(default, alias = "part_set_header")]
    parts: Option<RawParts>,
}

impl RawBlockId {
    fn convert(&self, field: &str) -> Result<BlockId, Error> {
        let parts = self.parts.as_ref();
        let total = parts.map_or(0, |p| p.total.0);
        Ok(BlockId {
            hash: hex_field(field, &self.hash)?,
            part_set_header: PartSetHeader {
                total: u32::try_from(total).map_err(|_| decode_err(field, "part total out of range"))?,
                hash: hex_field(field, parts.map_or("", |p| &p.hash))?,
            },
        })
    }
}

#[derive(Deserialize)]
struct RawVersion {
    block: Int,
    #[serde(default)]
    app: Int,
}

#[derive(Deserialize)]
struct RawHeader {
    version: RawVersion,
    chain_id: String,
    height: Int,
    time: String,
    #[serde(default)]
    last_block_id: Option<RawBlockId>,
    #[serde(default)]
    last_commit_hash: String,
    #[serde(default)]
    data_hash: String,
    #[serde(default)]
    validators_hash: String,
    #[serde(default)]
    next_validators_hash: String,
    #[serde(default)]
    consensus_hash: String,
    #[serde(default)]
    app_hash: String,
    #[serde(default)]
    last_results_hash: String,
    #[serde(default)]
    evidence_hash: String,
    #[serde(default)]
    proposer_address: String,
}

impl RawHeader {
    fn convert(&self) -> Result<Header, Error> {
        Ok(Header {
            version_block: self.version.block.0,
            version_app: self.version.app.0,
            chain_id: self.chain_id.clone(),
            height: self.height.0,
            time: time_field("header.time", &self.time)?,
            last_block_id: match &self.last_block_id {
                Some(id) => id.convert("header.last_block_id")?,
                None => BlockId::default(),
            },
            last_commit_hash: hex_field("header.last_commit_hash", &self.last_commit_hash)?,
            data_hash: hex_field("header.data_hash", &self.data_hash)?,
            validators_hash: hex_field("header.validators_hash", &self.validators_hash)?,
            next_validators_hash: hex_field("header.next_validators_hash", &self.next_validators_hash)?,
            consensus_hash: hex_field("header.consensus_hash", &self.consensus_hash)?,
            app_hash: hex_field("header.app_hash", &self.app_hash)?,
            last_results_hash: hex_field("header.last_results_hash", &self.last_results_hash)?,
            evidence_hash: hex_field("header.evidence_hash", &self.evidence_hash)?,
            proposer_address: hex_field("header.proposer_address", &self.proposer_address)?,
        })
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawFlag {
    Number(u8),
    Name(String),
}

#[derive(Deserialize)]
struct RawCommitSig {
    block_id_flag: RawFlag,
    #[serde(default)]
    validator_address: String,
    #[serde(default)]
    timestamp: Option<String>,
    #[serde(default)]
    signature: Option<String>,
}

impl RawCommitSig {
    fn convert(&self, i: usize) -> Result<CommitSig, Error> {
        let field = |name: &str| format!("commit.signatures[{i}].{name}");
        let flag = match &self.block_id_flag {
            RawFlag::Number(n) => *n,
            RawFlag::Name(s) => match s.as_str() {
                "BLOCK_ID_FLAG_ABSENT" => 1,
                "BLOCK_ID_FLAG_COMMIT" => 2,
                "BLOCK_ID_FLAG_NIL" => 3,
                _ => 0,
            },
        };
        let signature = match &self.signature {
            Some(s) => base64_field(&field("signature"), s)?,
            None => Vec::new(),
        };
        let address = hex_field(&field("validator_address"), &self.validator_address)?;
        let timestamp = match &self.timestamp {
            Some(t) => time_field(&field("timestamp"), t)?,
            // Only an absent vote may omit its time; a vote's time is part of what it signs.
            None if flag == 1 => Timestamp::GO_ZERO,
            None => return Err(decode_err(&field("timestamp"), "missing")),
        };
        match flag {
            1 => {
                // Go writes the zero time 0001-01-01; tendermint-rs's generators write the Unix epoch.
                let zero_time = timestamp == Timestamp::GO_ZERO || timestamp == Timestamp::UNIX_EPOCH;
                if !address.is_empty() || !signature.is_empty() || !zero_time {
                    return Err(decode_err(
                        &field("block_id_flag"),
                        "an absent vote carries an address, time or signature",
                    ));
                }
                Ok(CommitSig::Absent)
            }
            2 | 3 => {
                let validator_address: [u8; 20] =
                    address.try_into().map_err(|_| decode_err(&field("validator_address"), "not 20 bytes"))?;
                Ok(if flag == 2 {
                    CommitSig::Commit { validator_address, timestamp, signature }
                } else {
                    CommitSig::Nil { validator_address, timestamp, signature }
                })
            }
            _ => Err(decode_err(&field("block_id_flag"), "not 1 (absent), 2 (commit) or 3 (nil)")),
        }
    }
}

#[derive(Deserialize)]
struct RawCommit {
    height: Int,
    #[serde(default)]
    round: Int,
    block_id: RawBlockId,
    #[serde(default)]
    signatures: Vec<RawCommitSig>,
}

impl RawCommit {
    fn convert(&self) -> Result<Commit, Error> {
        if self.signatures.len() > MAX_VALIDATORS {
            return Err(decode_err("commit.signatures", "more than 10000 entries"));
        }
        Ok(Commit {
            height: self.height.0,
            round: u32::try_from(self.round.0).map_err(|_| decode_err("commit.round", "out of range"))?,
            block_id: self.block_id.convert("commit.block_id")?,
            signatures: self.signatures.iter().enumerate().map(|(i, s)| s.convert(i)).collect::<Result<_, _>>()?,
        })
    }
}

#[derive(Deserialize)]
struct RawSignedHeader {
    header: RawHeader,
    commit: RawCommit,
}

impl RawSignedHeader {
    fn convert(&self) -> Result<SignedHeader, Error> {
        Ok(SignedHeader { header: self.header.convert()?, commit: self.commit.convert()? })
    }
}

#[derive(Deserialize)]
struct RawPubKey {
    #[serde(rename = "type")]
    key_type: String,
    value: String,
}

#[derive(Deserialize)]
struct RawValidator {
    #[serde(default)]
    address: String,
    pub_key: RawPubKey,
    #[serde(alias = "power")]
    voting_power: Int,
}

impl RawValidator {
    fn convert(&self, i: usize) -> Result<Validator, Error> {
        self.convert_named(&format!("validators[{i}]"))
    }

    /// The validator; an address, when written, must be its key's (as Go's `ValidateBasic`).
    fn convert_named(&self, name: &str) -> Result<Validator, Error> {
        let field = format!("{name}.pub_key");
        let pub_key =
            PublicKey::from_type_and_bytes(&self.pub_key.key_type, &base64_field(&field, &self.pub_key.value)?)?;
        let v = Validator::new(pub_key, self.voting_power.0);
        if !self.address.is_empty() && hex_field(&format!("{name}.address"), &self.address)? != v.address {
            return Err(decode_err(&format!("{name}.address"), "not the address of its public key"));
        }
        Ok(v)
    }
}

#[derive(Deserialize)]
struct RawValidatorSet {
    validators: Vec<RawValidator>,
    /// Not hashed and not used, but checked as Go's `ValidatorSet.ValidateBasic` checks it: a
    /// proposer written with another key's address marks a tampered document.
    #[serde(default)]
    proposer: Option<RawValidator>,
}

fn convert_validators(raw: &[RawValidator]) -> Result<ValidatorSet, Error> {
    if raw.len() > MAX_VALIDATORS {
        return Err(Error::ValidatorSetInvalid { reason: "more than 10000 validators" });
    }
    ValidatorSet::new(raw.iter().enumerate().map(|(i, v)| v.convert(i)).collect::<Result<_, _>>()?)
}

/// Whether `v` is a JSON-RPC envelope: it has `jsonrpc`, or `result`/`error` with nothing
/// besides `id` and `jsonrpc`. No RPC result object has such keys, so bare results are never
/// mistaken for envelopes.
fn is_envelope(obj: &serde_json::Map<String, serde_json::Value>) -> bool {
    obj.contains_key("jsonrpc")
        || ((obj.contains_key("result") || obj.contains_key("error"))
            && obj.keys().all(|k| matches!(k.as_str(), "result" | "error" | "id" | "jsonrpc")))
}

/// The error of an envelope whose `error` is set, with the server's text cut to 200 bytes.
fn rpc_error(err: &serde_json::Value) -> Error {
    let mut message = String::from(err.get("message").and_then(serde_json::Value::as_str).unwrap_or("JSON-RPC error"));
    if let Some(data) = err.get("data").and_then(serde_json::Value::as_str) {
        message.push_str(": ");
        message.push_str(data);
    }
    let mut cut = message.len().min(200);
    while !message.is_char_boundary(cut) {
        cut -= 1;
    }
    message.truncate(cut);
    decode_err("error", message)
}

/// The `result` of a JSON-RPC envelope, or the value itself when it is not an envelope. An
/// envelope carrying an `error`, or no `result`, is an error.
pub(crate) fn rpc_result(v: &serde_json::Value) -> Result<&serde_json::Value, Error> {
    let Some(obj) = v.as_object() else { return Err(decode_err("response", "not a JSON object")) };
    if !is_envelope(obj) {
        return Ok(v);
    }
    if let Some(err) = obj.get("error").filter(|e| !e.is_null()) {
        return Err(rpc_error(err));
    }
    match obj.get("result") {
        Some(r) if !r.is_null() => Ok(r),
        _ => Err(decode_err("result", "missing")),
    }
}

/// Parses JSON (after the size limit) and takes the `result` out of a JSON-RPC envelope, as
/// [`rpc_result`] does, without copying it.
fn parse_unwrapped(what: &'static str, bytes: &[u8]) -> Result<serde_json::Value, Error> {
    let mut value: serde_json::Value = parse(what, bytes)?;
    let Some(obj) = value.as_object_mut() else { return Ok(value) };
    if !is_envelope(obj) {
        return Ok(value);
    }
    if let Some(err) = obj.get("error").filter(|e| !e.is_null()) {
        return Err(rpc_error(err));
    }
    match obj.remove("result") {
        Some(r) if !r.is_null() => Ok(r),
        _ => Err(decode_err("result", "missing")),
    }
}

fn typed<T: DeserializeOwned>(what: &str, value: serde_json::Value) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|e| decode_err(what, e))
}

/// The signed header of a document that is either a signed header ([`signed_header_from_json`])
/// or a light block ([`light_block_from_json`]): what a caller hands over as "the verified
/// header". On failure the error is the signed-header reading's.
pub fn signed_header_or_light_block(bytes: &[u8]) -> Result<SignedHeader, Error> {
    signed_header_from_json(bytes).or_else(|e| light_block_from_json(bytes).map(|b| b.signed_header).map_err(|_| e))
}

/// A signed header from an RPC `/commit` response (with or without the JSON-RPC envelope) or a
/// bare `{header, commit}` object.
pub fn signed_header_from_json(bytes: &[u8]) -> Result<SignedHeader, Error> {
    let mut value = parse_unwrapped("signed header JSON", bytes)?;
    if let Some(inner) = value.get_mut("signed_header") {
        value = inner.take();
    }
    signed_header_from_json_value(value)
}

/// A signed header from a JSON value holding `{header, commit}`.
pub fn signed_header_from_json_value(value: serde_json::Value) -> Result<SignedHeader, Error> {
    typed::<RawSignedHeader>("signed_header", value)?.convert()
}

#[derive(Deserialize)]
struct RpcValidatorsPage {
    validators: Vec<RawValidator>,
    #[serde(default)]
    total: Option<Int>,
    #[serde(default)]
    block_height: Option<Int>,
}

/// A validator set from one or more RPC `/validators` pages (with or without the JSON-RPC
/// envelope; a bare `{validators: [...]}` is one page). When pages state a `total`, the pages
/// must add up to it exactly and agree on the block height.
pub fn validator_set_from_json_pages(pages: &[&[u8]]) -> Result<ValidatorSet, Error> {
    let mut all = Vec::new();
    let (mut total, mut height) = (None, None);
    for page in pages {
        let p: RpcValidatorsPage = typed("validators", parse_unwrapped("validators JSON", page)?)?;
        if let Some(t) = p.total {
            if total.replace(t.0).is_some_and(|prev| prev != t.0) {
                return Err(decode_err("validators.total", "pages disagree on the total"));
            }
        }
        if let Some(h) = p.block_height {
            if height.replace(h.0).is_some_and(|prev| prev != h.0) {
                return Err(decode_err("validators.block_height", "pages are from different heights"));
            }
        }
        all.extend(p.validators);
        if all.len() > MAX_VALIDATORS {
            return Err(Error::ValidatorSetInvalid { reason: "more than 10000 validators" });
        }
    }
    if let Some(t) = total {
        if t != all.len() as u64 {
            return Err(decode_err("validators", format!("pages hold {} validators, total says {t}", all.len())));
        }
    }
    convert_validators(&all)
}

/// A validator set from a JSON value holding `{validators: [...]}`.
pub fn validator_set_from_json_value(value: serde_json::Value) -> Result<ValidatorSet, Error> {
    let raw = typed::<RawValidatorSet>("validator_set", value)?;
    if let Some(proposer) = &raw.proposer {
        proposer.convert_named("proposer")?;
    }
    convert_validators(&raw.validators)
}

/// A light block in tendermint-rs's `LightBlock` serde form (`signed_header`, `validator_set`,
/// `next_validator_set`, `provider`) or lumina's `ExtendedHeader` (`header`, `commit`,
/// `validator_set`, which carries no next validator set).
pub fn light_block_from_json(bytes: &[u8]) -> Result<LightBlock, Error> {
    light_block_from_json_value(parse_unwrapped("light block JSON", bytes)?)
}

/// A JSON array of light blocks in either shape (lumina's `extended_header_block_1_to_256.json`).
pub fn light_blocks_from_json(bytes: &[u8]) -> Result<Vec<LightBlock>, Error> {
    match parse_unwrapped("light blocks JSON", bytes)? {
        serde_json::Value::Array(items) => items.into_iter().map(light_block_from_json_value).collect(),
        _ => Err(decode_err("light blocks JSON", "not an array")),
    }
}

/// A light block from a JSON value in either shape.
pub fn light_block_from_json_value(mut value: serde_json::Value) -> Result<LightBlock, Error> {
    let take = |v: &mut serde_json::Value, keys: &[&str]| keys.iter().find_map(|k| v.get_mut(*k).map(|x| x.take()));
    let validators = take(&mut value, &["validator_set", "validators"])
        .ok_or_else(|| decode_err("light block", "missing field `validator_set`"))?;
    let next = take(&mut value, &["next_validator_set", "next_validators"]).filter(|v| !v.is_null());
    let signed_header = match take(&mut value, &["signed_header"]) {
        Some(sh) => sh,
        None => value,
    };
    Ok(LightBlock {
        signed_header: signed_header_from_json_value(signed_header)?,
        validators: validator_set_from_json_value(validators)?,
        next_validators: next.map(validator_set_from_json_value).transpose()?,
    })
}

fn block_id_json(id: &BlockId) -> serde_json::Value {
    serde_json::json!({
        "hash": hex::encode_upper(&id.hash),
        "parts": {"total": id.part_set_header.total, "hash": hex::encode_upper(&id.part_set_header.hash)},
    })
}

fn validator_set_json(set: &ValidatorSet) -> serde_json::Value {
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let validators: Vec<serde_json::Value> = set
        .validators()
        .iter()
        .map(|v| {
            let (key_type, key) = match &v.pub_key {
                PublicKey::Ed25519(pk) => ("tendermint/PubKeyEd25519", b64(pk)),
                PublicKey::Secp256k1(pk) => ("tendermint/PubKeySecp256k1", b64(pk)),
            };
            serde_json::json!({
                "address": hex::encode_upper(v.address),
                "pub_key": {"type": key_type, "value": key},
                "voting_power": v.voting_power.to_string(),
            })
        })
        .collect();
    serde_json::json!({ "validators": validators, "total_voting_power": set.total_voting_power().to_string() })
}

/// A light block as JSON in tendermint-rs's `LightBlock` form (with RPC-style `parts`), which
/// [`light_block_from_json`] reads back to an equal block.
pub fn light_block_to_json_value(block: &LightBlock) -> serde_json::Value {
    let h = &block.signed_header.header;
    let c = &block.signed_header.commit;
    let up = |b: &[u8]| hex::encode_upper(b);
    let signatures: Vec<serde_json::Value> = c
        .signatures
        .iter()
        .map(|s| match s {
            CommitSig::Absent => serde_json::json!({
                "block_id_flag": 1, "validator_address": "", "timestamp": Timestamp::GO_ZERO.to_string(), "signature": null,
            }),
            CommitSig::Commit { validator_address, timestamp, signature }
            | CommitSig::Nil { validator_address, timestamp, signature } => serde_json::json!({
                "block_id_flag": if matches!(s, CommitSig::Commit { .. }) { 2 } else { 3 },
                "validator_address": up(validator_address),
                "timestamp": timestamp.to_string(),
                "signature": base64::engine::general_purpose::STANDARD.encode(signature),
            }),
        })
        .collect();
    serde_json::json!({
        "signed_header": {
            "header": {
                "version": {"block": h.version_block.to_string(), "app": h.version_app.to_string()},
                "chain_id": h.chain_id,
                "height": h.height.to_string(),
                "time": h.time.to_string(),
                "last_block_id": block_id_json(&h.last_block_id),
                "last_commit_hash": up(&h.last_commit_hash),
                "data_hash": up(&h.data_hash),
                "validators_hash": up(&h.validators_hash),
                "next_validators_hash": up(&h.next_validators_hash),
                "consensus_hash": up(&h.consensus_hash),
                "app_hash": up(&h.app_hash),
                "last_results_hash": up(&h.last_results_hash),
                "evidence_hash": up(&h.evidence_hash),
                "proposer_address": up(&h.proposer_address),
            },
            "commit": {
                "height": c.height.to_string(),
                "round": c.round,
                "block_id": block_id_json(&c.block_id),
                "signatures": signatures,
            },
        },
        "validator_set": validator_set_json(&block.validators),
        "next_validator_set": block.next_validators.as_ref().map(validator_set_json),
    })
}
