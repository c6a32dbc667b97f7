//! JSON decoding of every shape light blocks arrive in: CometBFT RPC `/commit` and
//! `/validators` (paginated, with or without the JSON-RPC envelope), tendermint-rs's `LightBlock`
//! serde form, and lumina's `ExtendedHeader`. Field-name variants are accepted (`parts` /
//! `part_set_header`, `voting_power` / `power`, integers as strings or numbers); validator order
//! in JSON is never trusted (sets are sorted canonically).
//!
//! One typed pass: the document is read straight into `Raw*` structs whose strings borrow from
//! the input (no `serde_json::Value` tree, no string copies), the JSON-RPC envelope is told apart
//! from a bare body while the top-level keys stream past, and the `Raw*` structs are then
//! converted to the verified types. A light block's peak heap is about twice its JSON's size.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use base64::Engine;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::commit::{Commit, CommitSig, SignedHeader};
use super::header::{BlockId, Header, PartSetHeader};
use super::validator::{Address, PublicKey, Validator, ValidatorSet, MAX_VALIDATORS};
use super::verifier::LightBlock;
use crate::cometbft::Error;
use crate::time::Timestamp;

/// Largest JSON document accepted (two 10 000-validator sets fit comfortably).
pub const MAX_JSON_LEN: usize = 16 * 1024 * 1024;

/// A `Decode` error at `field`.
pub(crate) fn decode_err(field: &str, reason: impl ToString) -> Error {
    Error::Decode { field: field.to_string(), reason: reason.to_string() }
}

/// The size limit, before any parsing.
fn check_len(what: &'static str, bytes: &[u8]) -> Result<(), Error> {
    if bytes.len() > MAX_JSON_LEN {
        return Err(Error::InputTooLarge { what, len: bytes.len(), max: MAX_JSON_LEN });
    }
    Ok(())
}

/// Parses `bytes` as `T`, after the size limit.
pub(crate) fn parse<T: DeserializeOwned>(what: &'static str, bytes: &[u8]) -> Result<T, Error> {
    check_len(what, bytes)?;
    serde_json::from_slice(bytes).map_err(|e| decode_err(what, e))
}

/// A JSON string, borrowed from the input unless it holds escapes.
type Text<'a> = Cow<'a, str>;

/// A JSON string of hex, base64 or a time, as bytes: borrowed from the input unless it holds
/// escapes, and not checked to be UTF-8 (its decoder accepts only ASCII anyway).
#[derive(Default)]
struct Ascii<'a>(Cow<'a, [u8]>);

impl core::ops::Deref for Ascii<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Ascii<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ascii<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON string")
            }
            fn visit_borrowed_bytes<E>(self, b: &'de [u8]) -> Result<Ascii<'de>, E> {
                Ok(Ascii(Cow::Borrowed(b)))
            }
            fn visit_bytes<E>(self, b: &[u8]) -> Result<Ascii<'de>, E> {
                Ok(Ascii(Cow::Owned(b.to_vec())))
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Ascii<'de>, E> {
                Ok(Ascii(Cow::Borrowed(s.as_bytes())))
            }
            fn visit_str<E>(self, s: &str) -> Result<Ascii<'de>, E> {
                Ok(Ascii(Cow::Owned(s.as_bytes().to_vec())))
            }
        }
        // serde_json reads a string as bytes without checking UTF-8; a JSON value hands over its
        // strings as `str`.
        d.deserialize_bytes(V)
    }
}

/// An integer written as a JSON number or a decimal string.
#[derive(Clone, Copy, Default)]
struct Int(u64);

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Int, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Int;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a non-negative integer, as a number or a decimal string")
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Int, E> {
                Ok(Int(n))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Int, E> {
                s.parse().map(Int).map_err(|_| E::custom(format!("{s:?} is not a non-negative integer")))
            }
        }
        d.deserialize_any(V)
    }
}

/// A commit signature's `block_id_flag`: 1, 2, 3 or its protobuf enum name (0 when unknown).
struct Flag(u8);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Flag, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a block ID flag")
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Flag, E> {
                u8::try_from(n).map(Flag).map_err(|_| E::custom("block_id_flag out of range"))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Flag, E> {
                Ok(Flag(match s {
                    "BLOCK_ID_FLAG_ABSENT" => 1,
                    "BLOCK_ID_FLAG_COMMIT" => 2,
                    "BLOCK_ID_FLAG_NIL" => 3,
                    _ => 0,
                }))
            }
        }
        d.deserialize_any(V)
    }
}

fn hex_field(field: impl FnOnce() -> String, s: &[u8]) -> Result<Vec<u8>, Error> {
    hex::decode(s).map_err(|e| decode_err(&field(), e))
}

/// A 20-byte address in hex; `None` when it is valid hex of another length.
fn hex_address(field: impl Fn() -> String, s: &[u8]) -> Result<Option<Address>, Error> {
    let mut out = [0u8; 20];
    if s.len() == 40 {
        hex::decode_to_slice(s, &mut out).map_err(|e| decode_err(&field(), e))?;
        return Ok(Some(out));
    }
    hex_field(field, s).map(|_| None)
}

fn base64_field(field: impl FnOnce() -> String, s: &[u8]) -> Result<Vec<u8>, Error> {
    base64::engine::general_purpose::STANDARD.decode(s).map_err(|e| decode_err(&field(), e))
}

fn time_field(field: impl FnOnce() -> String, s: &[u8]) -> Result<Timestamp, Error> {
    core::str::from_utf8(s).ok().and_then(Timestamp::parse).ok_or_else(|| decode_err(&field(), "not an RFC 3339 time"))
}

#[derive(Deserialize, Default)]
struct RawParts<'a> {
    #[serde(default)]
    total: Int,
    #[serde(default, borrow)]
    hash: Ascii<'a>,
}

#[derive(Deserialize, Default)]
struct RawBlockId<'a> {
    #[serde(default, borrow)]
    hash: Ascii<'a>,
    #[serde(default, alias = "part_set_header", borrow)]
    parts: Option<RawParts<'a>>,
}

impl RawBlockId<'_> {
    fn convert(&self, field: &str) -> Result<BlockId, Error> {
        let parts = self.parts.as_ref();
        let total = parts.map_or(0, |p| p.total.0);
        Ok(BlockId {
            hash: hex_field(|| field.into(), &self.hash)?,
            part_set_header: PartSetHeader {
                total: u32::try_from(total).map_err(|_| decode_err(field, "part total out of range"))?,
                hash: hex_field(|| field.into(), parts.map_or(&[][..], |p| &p.hash))?,
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
struct RawHeader<'a> {
    version: RawVersion,
    #[serde(borrow)]
    chain_id: Text<'a>,
    height: Int,
    #[serde(borrow)]
    time: Ascii<'a>,
    #[serde(default, borrow)]
    last_block_id: Option<RawBlockId<'a>>,
    #[serde(default, borrow)]
    last_commit_hash: Ascii<'a>,
    #[serde(default, borrow)]
    data_hash: Ascii<'a>,
    #[serde(default, borrow)]
    validators_hash: Ascii<'a>,
    #[serde(default, borrow)]
    next_validators_hash: Ascii<'a>,
    #[serde(default, borrow)]
    consensus_hash: Ascii<'a>,
    #[serde(default, borrow)]
    app_hash: Ascii<'a>,
    #[serde(default, borrow)]
    last_results_hash: Ascii<'a>,
    #[serde(default, borrow)]
    evidence_hash: Ascii<'a>,
    #[serde(default, borrow)]
    proposer_address: Ascii<'a>,
}

impl RawHeader<'_> {
    fn convert(&self) -> Result<Header, Error> {
        let hash = |name: &'static str, value: &[u8]| hex_field(|| format!("header.{name}"), value);
        Ok(Header {
            version_block: self.version.block.0,
            version_app: self.version.app.0,
            chain_id: self.chain_id.to_string(),
            height: self.height.0,
            time: time_field(|| "header.time".into(), &self.time)?,
            last_block_id: match &self.last_block_id {
                Some(id) => id.convert("header.last_block_id")?,
                None => BlockId::default(),
            },
            last_commit_hash: hash("last_commit_hash", &self.last_commit_hash)?,
            data_hash: hash("data_hash", &self.data_hash)?,
            validators_hash: hash("validators_hash", &self.validators_hash)?,
            next_validators_hash: hash("next_validators_hash", &self.next_validators_hash)?,
            consensus_hash: hash("consensus_hash", &self.consensus_hash)?,
            app_hash: hash("app_hash", &self.app_hash)?,
            last_results_hash: hash("last_results_hash", &self.last_results_hash)?,
            evidence_hash: hash("evidence_hash", &self.evidence_hash)?,
            proposer_address: hash("proposer_address", &self.proposer_address)?,
        })
    }
}

#[derive(Deserialize)]
struct RawCommitSig<'a> {
    block_id_flag: Flag,
    #[serde(default, borrow)]
    validator_address: Ascii<'a>,
    #[serde(default, borrow)]
    timestamp: Option<Ascii<'a>>,
    #[serde(default, borrow)]
    signature: Option<Ascii<'a>>,
}

impl RawCommitSig<'_> {
    fn convert(&self, i: usize) -> Result<CommitSig, Error> {
        let field = |name: &'static str| move || format!("commit.signatures[{i}].{name}");
        let flag = self.block_id_flag.0;
        let signature = match &self.signature {
            Some(s) => base64_field(field("signature"), s)?,
            None => Vec::new(),
        };
        let address = hex_address(field("validator_address"), &self.validator_address)?;
        let timestamp = match &self.timestamp {
            Some(t) => time_field(field("timestamp"), t)?,
            // Only an absent vote may omit its time; a vote's time is part of what it signs.
            None if flag == 1 => Timestamp::GO_ZERO,
            None => return Err(decode_err(&field("timestamp")(), "missing")),
        };
        match flag {
            1 => {
                // Go writes the zero time 0001-01-01; tendermint-rs's generators write the Unix epoch.
                let zero_time = timestamp == Timestamp::GO_ZERO || timestamp == Timestamp::UNIX_EPOCH;
                if !self.validator_address.is_empty() || !signature.is_empty() || !zero_time {
                    return Err(decode_err(
                        &field("block_id_flag")(),
                        "an absent vote carries an address, time or signature",
                    ));
                }
                Ok(CommitSig::Absent)
            }
            2 | 3 => {
                let validator_address =
                    address.ok_or_else(|| decode_err(&field("validator_address")(), "not 20 bytes"))?;
                Ok(if flag == 2 {
                    CommitSig::Commit { validator_address, timestamp, signature }
                } else {
                    CommitSig::Nil { validator_address, timestamp, signature }
                })
            }
            _ => Err(decode_err(&field("block_id_flag")(), "not 1 (absent), 2 (commit) or 3 (nil)")),
        }
    }
}

#[derive(Deserialize)]
struct RawCommit<'a> {
    height: Int,
    #[serde(default)]
    round: Int,
    #[serde(borrow)]
    block_id: RawBlockId<'a>,
    #[serde(default, borrow)]
    signatures: Converted<RawCommitSig<'a>>,
}

impl RawCommit<'_> {
    fn convert(self) -> Result<Commit, Error> {
        if self.signatures.count > MAX_VALIDATORS {
            return Err(decode_err("commit.signatures", "more than 10000 entries"));
        }
        Ok(Commit {
            height: self.height.0,
            round: u32::try_from(self.round.0).map_err(|_| decode_err("commit.round", "out of range"))?,
            block_id: self.block_id.convert("commit.block_id")?,
            signatures: self.signatures.into_items()?,
        })
    }
}

/// An array element converted as soon as it is read, so that no array of raw elements is kept.
trait Element {
    type Out;
    /// The element at `index`, converted.
    fn convert(&self, index: usize) -> Result<Self::Out, Error>;
}

impl Element for RawCommitSig<'_> {
    type Out = CommitSig;
    fn convert(&self, index: usize) -> Result<CommitSig, Error> {
        RawCommitSig::convert(self, index)
    }
}

impl Element for RawValidator<'_> {
    type Out = Validator;
    fn convert(&self, index: usize) -> Result<Validator, Error> {
        RawValidator::convert(self, || format!("validators[{index}]"))
    }
}

/// A JSON array of `R` converted element by element: at most [`MAX_VALIDATORS`] items are kept,
/// every element is counted, and the first conversion error is kept (typed) while the rest of
/// the array is still read, so that the document's own errors come first.
struct Converted<R: Element> {
    items: Vec<R::Out>,
    count: usize,
    error: Option<Error>,
}

impl<R: Element> Default for Converted<R> {
    fn default() -> Self {
        Converted { items: Vec::new(), count: 0, error: None }
    }
}

impl<R: Element> Converted<R> {
    /// The items, or the first conversion error.
    fn into_items(self) -> Result<Vec<R::Out>, Error> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.items),
        }
    }
}

impl<'de, R: Element + Deserialize<'de>> Deserialize<'de> for Converted<R> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<R>(PhantomData<R>);
        impl<'de, R: Element + Deserialize<'de>> Visitor<'de> for V<R> {
            type Value = Converted<R>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Converted<R>, A::Error> {
                let mut out = Converted::default();
                while let Some(raw) = seq.next_element::<R>()? {
                    if out.count < MAX_VALIDATORS && out.error.is_none() {
                        match raw.convert(out.count) {
                            Ok(item) => out.items.push(item),
                            Err(e) => out.error = Some(e),
                        }
                    }
                    out.count += 1;
                }
                Ok(out)
            }
        }
        d.deserialize_seq(V(PhantomData))
    }
}

#[derive(Deserialize)]
struct RawSignedHeader<'a> {
    #[serde(borrow)]
    header: RawHeader<'a>,
    #[serde(borrow)]
    commit: RawCommit<'a>,
}

impl RawSignedHeader<'_> {
    fn convert(self) -> Result<SignedHeader, Error> {
        Ok(SignedHeader { header: self.header.convert()?, commit: self.commit.convert()? })
    }
}

#[derive(Deserialize)]
struct RawPubKey<'a> {
    #[serde(rename = "type", borrow)]
    key_type: Text<'a>,
    #[serde(borrow)]
    value: Ascii<'a>,
}

#[derive(Deserialize)]
struct RawValidator<'a> {
    #[serde(default, borrow)]
    address: Ascii<'a>,
    #[serde(borrow)]
    pub_key: RawPubKey<'a>,
    #[serde(alias = "power")]
    voting_power: Int,
}

impl RawValidator<'_> {
    /// The validator; an address, when written, must be its key's (as Go's `ValidateBasic`).
    /// `name` names it in errors.
    fn convert(&self, name: impl Fn() -> String) -> Result<Validator, Error> {
        // Keys lightcheck verifies fit on the stack; a longer one (a BLS key, say) is decoded
        // on the heap, so that its type, not its length, is what gets reported.
        let field = || format!("{}.pub_key", name());
        let mut buf = [0u8; 64];
        let heap;
        let key = match base64::engine::general_purpose::STANDARD.decode_slice(&*self.pub_key.value, &mut buf) {
            Ok(len) => &buf[..len],
            Err(base64::DecodeSliceError::OutputSliceTooSmall) => {
                heap = base64_field(field, &self.pub_key.value)?;
                &heap[..]
            }
            Err(base64::DecodeSliceError::DecodeError(e)) => return Err(decode_err(&field(), e)),
        };
        let pub_key = PublicKey::from_type_and_bytes(&self.pub_key.key_type, key)?;
        let v = Validator::new(pub_key, self.voting_power.0);
        if !self.address.is_empty() {
            let address_field = || format!("{}.address", name());
            if hex_address(address_field, &self.address)? != Some(v.address) {
                return Err(decode_err(&address_field(), "not the address of its public key"));
            }
        }
        Ok(v)
    }
}

#[derive(Deserialize)]
struct RawValidatorSet<'a> {
    #[serde(borrow)]
    validators: Converted<RawValidator<'a>>,
    /// Not hashed and not used, but checked as Go's `ValidatorSet.ValidateBasic` checks it: a
    /// proposer written with another key's address marks a tampered document.
    #[serde(default, borrow)]
    proposer: Option<RawValidator<'a>>,
}

impl RawValidatorSet<'_> {
    fn convert(self) -> Result<ValidatorSet, Error> {
        if let Some(proposer) = &self.proposer {
            proposer.convert(|| "proposer".into())?;
        }
        if self.validators.count > MAX_VALIDATORS {
            return Err(Error::ValidatorSetInvalid { reason: "more than 10000 validators" });
        }
        ValidatorSet::from_derived(self.validators.into_items()?)
    }
}

// ---------------------------------------------------------------------------------------------
// Documents: a body, bare or inside a JSON-RPC envelope, told apart in the same pass.

/// The fields of a document's body, read one top-level key at a time.
trait Body<'de>: Default {
    /// Reads the value of `key` when the body has such a field; `Ok(false)` leaves it unread.
    fn field<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;

    /// A body written as a JSON array; most are objects.
    fn from_seq<A: SeqAccess<'de>>(_seq: A) -> Result<Self, A::Error> {
        Err(de::Error::invalid_type(de::Unexpected::Seq, &"a JSON object"))
    }
}

/// Reads a field into `slot`, refusing a key written twice.
fn once<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    name: &'static str,
    map: &mut A,
) -> Result<bool, A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(true)
}

/// A body read on its own (the `result` of an envelope).
struct Bare<B>(B);

impl<'de, B: Body<'de>> Deserialize<'de> for Bare<B> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<B>(PhantomData<B>);
        impl<'de, B: Body<'de>> Visitor<'de> for V<B> {
            type Value = Bare<B>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Bare<B>, A::Error> {
                let mut body = B::default();
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    if !body.field(&key, &mut map)? {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Bare(body))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Bare<B>, A::Error> {
                B::from_seq(seq).map(Bare)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A JSON-RPC error object: its `message` and, when it is a string, its `data`.
#[derive(Default)]
struct RpcError {
    message: Option<String>,
    data: Option<String>,
}

impl<'de> Deserialize<'de> for RpcError {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Anything but an object is an error without a message.
        Ok(match Loose::deserialize(d)? {
            Loose::Error(e) => e,
            Loose::Text(_) | Loose::Other => RpcError::default(),
        })
    }
}

/// A JSON value of which only a string, or an object's `message` and `data` strings, are kept.
enum Loose {
    Text(String),
    Error(RpcError),
    Other,
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Loose;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, s: &str) -> Result<Loose, E> {
                Ok(Loose::Text(s.into()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
                let mut err = RpcError::default();
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    let text = match map.next_value::<Loose>()? {
                        Loose::Text(t) => Some(t),
                        _ => None,
                    };
                    match &*key {
                        "message" => err.message = text,
                        "data" => err.data = text,
                        _ => {}
                    }
                }
                Ok(Loose::Error(err))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Loose::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_unit<E>(self) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// A document: its body, bare or as the `result` of a JSON-RPC envelope ([`is_envelope`]).
enum Doc<B> {
    Body(B),
    Failed(Error),
}

impl<'de, B: Body<'de>> Deserialize<'de> for Doc<B> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<B>(PhantomData<B>);
        impl<'de, B: Body<'de>> Visitor<'de> for V<B> {
            type Value = Doc<B>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc<B>, A::Error> {
                let mut body = B::default();
                let (mut jsonrpc, mut other_keys) = (false, false);
                let mut result: Option<Option<Bare<B>>> = None;
                let mut error: Option<Option<RpcError>> = None;
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    match &*key {
                        "jsonrpc" => {
                            jsonrpc = true;
                            map.next_value::<IgnoredAny>()?;
                        }
                        "id" => {
                            map.next_value::<IgnoredAny>()?;
                        }
                        "result" => {
                            once(&mut result, "result", &mut map)?;
                        }
                        "error" => {
                            once(&mut error, "error", &mut map)?;
                        }
                        key => {
                            other_keys = true;
                            if !body.field(key, &mut map)? {
                                map.next_value::<IgnoredAny>()?;
                            }
                        }
                    }
                }
                let envelope = is_envelope(jsonrpc, result.is_some() || error.is_some(), other_keys);
                if !envelope {
                    return Ok(Doc::Body(body));
                }
                if let Some(Some(err)) = error {
                    return Ok(Doc::Failed(rpc_error_message(err.message.as_deref(), err.data.as_deref())));
                }
                Ok(match result {
                    Some(Some(Bare(body))) => Doc::Body(body),
                    _ => Doc::Failed(decode_err("result", "missing")),
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Doc<B>, A::Error> {
                B::from_seq(seq).map(Doc::Body)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// Reads a document's body from `bytes`, after the size limit.
fn read_doc<'de, B: Body<'de>>(what: &'static str, bytes: &'de [u8]) -> Result<B, Error> {
    check_len(what, bytes)?;
    match serde_json::from_slice::<Doc<B>>(bytes).map_err(|e| decode_err(what, e))? {
        Doc::Body(body) => Ok(body),
        Doc::Failed(e) => Err(e),
    }
}

/// Reads a body from a JSON value (strings are copied out of it).
fn read_value<B: Body<'static>>(what: &str, value: serde_json::Value) -> Result<B, Error> {
    Bare::<B>::deserialize(value).map(|b| b.0).map_err(|e| decode_err(what, e))
}

/// The error of an envelope whose `error` is set, with the server's text cut to 200 bytes.
fn rpc_error_message(message: Option<&str>, data: Option<&str>) -> Error {
    let mut message = String::from(message.unwrap_or("JSON-RPC error"));
    if let Some(data) = data {
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

/// The one rule for telling a JSON-RPC envelope from a bare body, given what its top-level keys
/// hold: `jsonrpc`, or `result`/`error` with nothing besides `id` and `jsonrpc`. No body has such
/// keys, so a bare body is never mistaken for an envelope.
fn is_envelope(has_jsonrpc: bool, has_result_or_error: bool, has_other_keys: bool) -> bool {
    has_jsonrpc || (has_result_or_error && !has_other_keys)
}

/// Whether `key` belongs to the envelope rather than to a body.
fn is_envelope_key(key: &str) -> bool {
    matches!(key, "result" | "error" | "id" | "jsonrpc")
}

/// The `result` of a JSON-RPC envelope, or the value itself when it is not an envelope. An
/// envelope carrying an `error`, or no `result`, is an error.
pub(crate) fn rpc_result(v: &serde_json::Value) -> Result<&serde_json::Value, Error> {
    let Some(obj) = v.as_object() else { return Err(decode_err("response", "not a JSON object")) };
    let envelope = is_envelope(
        obj.contains_key("jsonrpc"),
        obj.contains_key("result") || obj.contains_key("error"),
        obj.keys().any(|k| !is_envelope_key(k)),
    );
    if !envelope {
        return Ok(v);
    }
    if let Some(err) = obj.get("error").filter(|e| !e.is_null()) {
        let text = |k: &str| err.get(k).and_then(serde_json::Value::as_str);
        return Err(rpc_error_message(text("message"), text("data")));
    }
    match obj.get("result") {
        Some(r) if !r.is_null() => Ok(r),
        _ => Err(decode_err("result", "missing")),
    }
}

/// `{signed_header: {header, commit}}` or `{header, commit}`.
#[derive(Default)]
struct SignedHeaderBody<'a> {
    signed_header: Option<RawSignedHeader<'a>>,
    header: Option<RawHeader<'a>>,
    commit: Option<RawCommit<'a>>,
}

impl<'de> Body<'de> for SignedHeaderBody<'de> {
    fn field<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "signed_header" => once(&mut self.signed_header, "signed_header", map),
            "header" => once(&mut self.header, "header", map),
            "commit" => once(&mut self.commit, "commit", map),
            _ => Ok(false),
        }
    }
}

impl SignedHeaderBody<'_> {
    fn convert(self) -> Result<SignedHeader, Error> {
        if let Some(sh) = self.signed_header {
            return sh.convert();
        }
        let missing = |name| decode_err("signed_header", format!("missing field `{name}`"));
        Ok(SignedHeader {
            header: self.header.ok_or_else(|| missing("header"))?.convert()?,
            commit: self.commit.ok_or_else(|| missing("commit"))?.convert()?,
        })
    }
}

/// A light block in tendermint-rs's form or lumina's `ExtendedHeader`.
#[derive(Default)]
struct LightBlockBody<'a> {
    signed_header: SignedHeaderBody<'a>,
    validator_set: Option<RawValidatorSet<'a>>,
    validators: Option<RawValidatorSet<'a>>,
    next_validator_set: Option<Option<RawValidatorSet<'a>>>,
    next_validators: Option<Option<RawValidatorSet<'a>>>,
}

impl<'de> Body<'de> for LightBlockBody<'de> {
    fn field<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "validator_set" => once(&mut self.validator_set, "validator_set", map),
            "validators" => once(&mut self.validators, "validators", map),
            "next_validator_set" => once(&mut self.next_validator_set, "next_validator_set", map),
            "next_validators" => once(&mut self.next_validators, "next_validators", map),
            _ => self.signed_header.field(key, map),
        }
    }
}

impl LightBlockBody<'_> {
    fn convert(self) -> Result<LightBlock, Error> {
        let validators = self
            .validator_set
            .or(self.validators)
            .ok_or_else(|| decode_err("light block", "missing field `validator_set`"))?;
        // The first of the two names present decides, even when it is null.
        let next = self.next_validator_set.or(self.next_validators).flatten();
        Ok(LightBlock {
            signed_header: self.signed_header.convert()?,
            validators: validators.convert()?,
            next_validators: next.map(RawValidatorSet::convert).transpose()?,
        })
    }
}

/// A JSON array of light blocks.
#[derive(Default)]
struct LightBlocksBody<'a>(Option<Vec<LightBlockBody<'a>>>);

impl<'de> Body<'de> for LightBlocksBody<'de> {
    fn field<A: MapAccess<'de>>(&mut self, _key: &str, _map: &mut A) -> Result<bool, A::Error> {
        Ok(false)
    }

    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        let mut blocks = Vec::new();
        while let Some(Bare(block)) = seq.next_element::<Bare<LightBlockBody<'de>>>()? {
            blocks.push(block);
        }
        Ok(LightBlocksBody(Some(blocks)))
    }
}

/// One RPC `/validators` page.
#[derive(Default)]
struct ValidatorsPage<'a> {
    validators: Option<Converted<RawValidator<'a>>>,
    total: Option<Option<Int>>,
    block_height: Option<Option<Int>>,
}

impl<'de> Body<'de> for ValidatorsPage<'de> {
    fn field<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "validators" => once(&mut self.validators, "validators", map),
            "total" => once(&mut self.total, "total", map),
            "block_height" => once(&mut self.block_height, "block_height", map),
            _ => Ok(false),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The public readers.

/// The signed header of a document that is either a signed header ([`signed_header_from_json`])
/// or a light block ([`light_block_from_json`]): what a caller hands over as "the verified
/// header". On failure the error is the signed-header reading's.
pub fn signed_header_or_light_block(bytes: &[u8]) -> Result<SignedHeader, Error> {
    signed_header_from_json(bytes).or_else(|e| light_block_from_json(bytes).map(|b| b.signed_header).map_err(|_| e))
}

/// A signed header from an RPC `/commit` response (with or without the JSON-RPC envelope) or a
/// bare `{header, commit}` object.
pub fn signed_header_from_json(bytes: &[u8]) -> Result<SignedHeader, Error> {
    read_doc::<SignedHeaderBody>("signed header JSON", bytes)?.convert()
}

/// A signed header from a JSON value holding `{header, commit}`.
pub fn signed_header_from_json_value(value: serde_json::Value) -> Result<SignedHeader, Error> {
    RawSignedHeader::deserialize(value).map_err(|e| decode_err("signed_header", e))?.convert()
}

/// A validator set from one or more RPC `/validators` pages (with or without the JSON-RPC
/// envelope; a bare `{validators: [...]}` is one page). When pages state a `total`, the pages
/// must add up to it exactly and agree on the block height.
pub fn validator_set_from_json_pages(pages: &[&[u8]]) -> Result<ValidatorSet, Error> {
    let (mut all, mut count, mut first_error) = (Vec::new(), 0usize, None);
    let (mut total, mut height) = (None, None);
    for page in pages {
        let p: ValidatorsPage = read_doc("validators JSON", page)?;
        if let Some(Some(t)) = p.total {
            if total.replace(t.0).is_some_and(|prev| prev != t.0) {
                return Err(decode_err("validators.total", "pages disagree on the total"));
            }
        }
        if let Some(Some(h)) = p.block_height {
            if height.replace(h.0).is_some_and(|prev| prev != h.0) {
                return Err(decode_err("validators.block_height", "pages are from different heights"));
            }
        }
        let page = p.validators.ok_or_else(|| decode_err("validators", "missing field `validators`"))?;
        count += page.count;
        if count > MAX_VALIDATORS {
            return Err(Error::ValidatorSetInvalid { reason: "more than 10000 validators" });
        }
        match page.into_items() {
            // Errors name indices within their page, as before the pages were joined.
            Err(e) => first_error = first_error.or(Some(e)),
            Ok(items) => all.extend(items),
        }
    }
    if let Some(t) = total {
        if t != count as u64 {
            return Err(decode_err("validators", format!("pages hold {count} validators, total says {t}")));
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    ValidatorSet::from_derived(all)
}

/// A validator set from a JSON value holding `{validators: [...]}`.
pub fn validator_set_from_json_value(value: serde_json::Value) -> Result<ValidatorSet, Error> {
    RawValidatorSet::deserialize(value).map_err(|e| decode_err("validator_set", e))?.convert()
}

/// A light block in tendermint-rs's `LightBlock` serde form (`signed_header`, `validator_set`,
/// `next_validator_set`, `provider`) or lumina's `ExtendedHeader` (`header`, `commit`,
/// `validator_set`, which carries no next validator set).
pub fn light_block_from_json(bytes: &[u8]) -> Result<LightBlock, Error> {
    read_doc::<LightBlockBody>("light block JSON", bytes)?.convert()
}

/// A JSON array of light blocks in either shape (lumina's `extended_header_block_1_to_256.json`).
pub fn light_blocks_from_json(bytes: &[u8]) -> Result<Vec<LightBlock>, Error> {
    match read_doc::<LightBlocksBody>("light blocks JSON", bytes)?.0 {
        Some(blocks) => blocks.into_iter().map(LightBlockBody::convert).collect(),
        None => Err(decode_err("light blocks JSON", "not an array")),
    }
}

/// A light block from a JSON value in either shape.
pub fn light_block_from_json_value(value: serde_json::Value) -> Result<LightBlock, Error> {
    read_value::<LightBlockBody>("light block", value)?.convert()
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

#[cfg(test)]
mod tests;
