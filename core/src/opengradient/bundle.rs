//! The settlement bundle (version 1) and the trusted state, as JSON documents.
//!
//! A bundle carries whatever evidence a user holds about one response; every part but the
//! request, the response and the signing key is optional:
//!
//! ```json
//! {
//!   "format": "lightcheck-settlement-bundle", "version": 1,
//!   "request":  { OpenAI chat-completions body as sent },
//!   "response": { gateway response body: "choices", "tee_signature", "tee_request_hash",
//!                 "tee_output_hash", "tee_timestamp", "tee_id", … },
//!   "content":  "signed text, when not the first choice's message (streams)",
//!   "signing_key": "-----BEGIN PUBLIC KEY----- … (SPKI PEM)",
//!   "attestation": { "document": "<base64 COSE_Sign1>", "tls_certificate": "<base64 DER>" },
//!   "light_blocks": [ light blocks for H, H+1 and any bisection pivots ],
//!   "settlement": {
//!     "height": "H",
//!     "tx_result": { "index": i, "total": n, "result": {"code", "data", "gas_wanted", "gas_used"},
//!                    "aunts": ["<base64>", …] },
//!       — or — "block_results": { "index": i, "results": [ every result of block H ] },
//!     "tx_proof": { the /tx?prove=true result },
//!     "batch": { "proof": ["0x…"] } | { "multiproof": {"leaves", "proof", "proofFlags"} }
//!            | { "tree": { StandardMerkleTree dump, format "standard-v1" } }
//!   }
//! }
//! ```
//!
//! Without `settlement.batch` the settlement is individual. The bundle is parsed with Python's
//! number types ([`super::pyjson`]) so the request hashes exactly as the gateway hashed it.
//!
//! The trusted state is what the user already trusts, obtained out of band:
//!
//! ```json
//! { "format": "lightcheck-trusted-state", "version": 1,
//!   "settlement_contract": "0x…", "trusting_period_secs": 1209600,
//!   "light_blocks": [ trusted light blocks ],
//!   "nitro_roots": ["<base64 DER>", …] }
//! ```
//!
//! `nitro_roots` is optional: without it the AWS Nitro root G1 is the only root.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use super::merkle_tree::StandardTreeDump;
use super::pyjson::{self, Value};
use super::settlement::{BatchEvidence, ResultEvidence, SettlementEvidence};
use crate::codec::pyjson::LazyObject;
use crate::cometbft::inclusion::{ExecTxResult, TxProof};
use crate::cometbft::json::light_blocks_from_json;
use crate::cometbft::merkle::Hash;
use crate::cometbft::{CountingMode, LightBlock, Options};
use crate::nitro::TrustAnchor;
use crate::opengradient::Error as OgError;
use crate::Error;

/// The `format` value of a bundle.
pub const BUNDLE_FORMAT: &str = "lightcheck-settlement-bundle";
/// The `format` value of a trusted state.
pub const TRUSTED_STATE_FORMAT: &str = "lightcheck-trusted-state";
/// The one version this library reads and writes.
pub const VERSION: u64 = 1;
/// Largest bundle or trusted state accepted, in bytes.
pub const MAX_BUNDLE_LEN: usize = 8 * 1024 * 1024;
/// Most light blocks one bundle or trusted state may carry.
pub const MAX_LIGHT_BLOCKS: usize = 64;
/// Most Nitro roots a trusted state may name.
pub const MAX_NITRO_ROOTS: usize = 8;
/// Longest list of hashes (aunts, Merkle proof, multiproof leaves) accepted.
pub const MAX_HASHES: usize = 4096;

/// A decoded bundle: the request and response as Python values, and the other parts as their
/// JSON text (checked to be JSON, not yet decoded). Each part is decoded when its link is checked,
/// so a malformed part fails only its own link, and only one part is ever decoded at a time.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle<'a> {
    /// The request body.
    pub request: Value,
    /// The response body.
    pub response: Value,
    /// The signed content, when given explicitly.
    pub content: Option<String>,
    /// The signing key, PEM or base64 DER text.
    pub signing_key: String,
    /// `attestation`, if present: its JSON text.
    pub attestation: Option<&'a [u8]>,
    /// `light_blocks`, if present: its JSON text.
    pub light_blocks: Option<&'a [u8]>,
    /// `settlement`, if present: its JSON text.
    pub settlement: Option<&'a [u8]>,
}

/// The parts of a bundle kept as JSON text until their links are checked.
const LAZY_PARTS: [&str; 3] = ["attestation", "light_blocks", "settlement"];

fn invalid(field: &str, reason: &str) -> Error {
    Error::from(OgError::BundleInvalid { field: field.into(), reason: reason.into() })
}

/// `format` and `version` of a document's top level.
fn check_header(doc: &BTreeMap<String, Value>, format: &str) -> Result<(), Error> {
    if doc.get("format").and_then(Value::as_str) != Some(format) {
        return Err(invalid("format", &format!("must be {format:?}")));
    }
    match doc.get("version") {
        Some(Value::Int(v)) if v == "1" => Ok(()),
        _ => Err(invalid("version", "unsupported (this library reads version 1)")),
    }
}

/// A document's top-level object, with the members named in `lazy` kept as JSON text (`null`
/// counts as absent).
fn parse_document<'a>(bytes: &'a [u8], what: &'static str, lazy: &[&str]) -> Result<LazyObject<'a>, Error> {
    if bytes.len() > MAX_BUNDLE_LEN {
        return Err(Error::from(OgError::InputTooLarge { what, len: bytes.len(), max: MAX_BUNDLE_LEN }));
    }
    let mut doc = pyjson::parse_object_lazily(bytes, lazy)?.ok_or_else(|| invalid(what, "not a JSON object"))?;
    doc.raw.retain(|_, text| text.trim_ascii() != b"null");
    Ok(doc)
}

impl<'a> Bundle<'a> {
    /// Decodes the top level of a bundle: format, version, and the three required parts.
    pub fn from_json(bytes: &'a [u8]) -> Result<Bundle<'a>, Error> {
        let LazyObject { values: mut map, raw } = parse_document(bytes, "settlement bundle", &LAZY_PARTS)?;
        check_header(&map, BUNDLE_FORMAT)?;
        let mut take = |key: &str| map.remove(key).filter(|v| !matches!(v, Value::Null));
        let request = take("request").ok_or_else(|| invalid("request", "missing"))?;
        let response = take("response").ok_or_else(|| invalid("response", "missing"))?;
        let content = match take("content") {
            None => None,
            Some(Value::Str(s)) => Some(s),
            Some(_) => return Err(invalid("content", "not a string")),
        };
        let signing_key = match take("signing_key") {
            Some(Value::Str(s)) => s,
            _ => return Err(invalid("signing_key", "missing, or not a PEM string")),
        };
        Ok(Bundle {
            request,
            response,
            content,
            signing_key,
            attestation: raw.get("attestation").copied(),
            light_blocks: raw.get("light_blocks").copied(),
            settlement: raw.get("settlement").copied(),
        })
    }
}

/// The attestation part: the document and, optionally, the TLS certificate.
pub(crate) struct AttestationPart {
    pub document: Vec<u8>,
    pub tls_certificate: Option<Vec<u8>>,
}

pub(crate) fn attestation_part(text: &[u8]) -> Result<AttestationPart, Error> {
    let v = &pyjson::parse(text)?;
    let document = base64_field(v.get("document"), "attestation.document")?
        .ok_or_else(|| invalid("attestation.document", "missing"))?;
    let tls_certificate = base64_field(v.get("tls_certificate"), "attestation.tls_certificate")?;
    Ok(AttestationPart { document, tls_certificate })
}

/// Light blocks from the text of a JSON array (tendermint-rs or RPC shape), at most
/// [`MAX_LIGHT_BLOCKS`], read by the light client's own one-pass reader.
pub(crate) fn light_blocks(text: &[u8], field: &str) -> Result<Vec<LightBlock>, Error> {
    if text.trim_ascii_start().first() != Some(&b'[') {
        return Err(invalid(field, "not an array"));
    }
    let blocks = light_blocks_from_json(text)?;
    if blocks.len() > MAX_LIGHT_BLOCKS {
        return Err(invalid(field, "more light blocks than MAX_LIGHT_BLOCKS"));
    }
    Ok(blocks)
}

/// The settlement part as evidence.
pub(crate) fn settlement_evidence(text: &[u8]) -> Result<SettlementEvidence, Error> {
    let v = &pyjson::parse(text)?;
    let height = uint(v.get("height"), "settlement.height")?;
    let result = match (v.get("tx_result"), v.get("block_results")) {
        (Some(r), None) => ResultEvidence::Path {
            result: exec_tx_result(r.get("result"), "settlement.tx_result.result")?,
            index: uint(r.get("index"), "settlement.tx_result.index")?,
            total: uint(r.get("total"), "settlement.tx_result.total")?,
            aunts: hashes(r.get("aunts"), "settlement.tx_result.aunts", Encoding::Base64)?,
        },
        (None, Some(b)) => {
            let items = b
                .get("results")
                .and_then(Value::as_array)
                .ok_or_else(|| invalid("settlement.block_results.results", "missing, or not an array"))?;
            if items.len() > MAX_HASHES {
                return Err(invalid("settlement.block_results.results", "more results than MAX_HASHES"));
            }
            let results = items
                .iter()
                .map(|r| exec_tx_result(Some(r), "settlement.block_results.results[]"))
                .collect::<Result<_, _>>()?;
            ResultEvidence::AllResults { results, index: uint(b.get("index"), "settlement.block_results.index")? }
        }
        _ => return Err(invalid("settlement", "needs exactly one of tx_result and block_results")),
    };
    let tx = match v.get("tx_proof") {
        None | Some(Value::Null) => None,
        Some(p) => Some(TxProof::from_value(&pyjson::to_serde_json(p)?, "settlement.tx_proof")?),
    };
    let batch = match v.get("batch") {
        None | Some(Value::Null) => None,
        Some(b) => Some(batch_evidence(b)?),
    };
    Ok(SettlementEvidence { height, result, tx, batch })
}

pub(crate) fn batch_evidence(b: &Value) -> Result<BatchEvidence, Error> {
    match (b.get("proof"), b.get("multiproof"), b.get("tree")) {
        (Some(p), None, None) => Ok(BatchEvidence::Proof(hashes(Some(p), "settlement.batch.proof", Encoding::Hex)?)),
        (None, Some(m), None) => {
            let flags = m
                .get("proofFlags")
                .and_then(Value::as_array)
                .ok_or_else(|| invalid("settlement.batch.multiproof.proofFlags", "missing, or not an array"))?;
            if flags.len() > MAX_HASHES {
                return Err(invalid("settlement.batch.multiproof.proofFlags", "longer than MAX_HASHES"));
            }
            let flags = flags
                .iter()
                .map(|f| match f {
                    Value::Bool(b) => Ok(*b),
                    _ => Err(invalid("settlement.batch.multiproof.proofFlags", "not a boolean")),
                })
                .collect::<Result<_, _>>()?;
            Ok(BatchEvidence::MultiProof {
                leaves: hashes(m.get("leaves"), "settlement.batch.multiproof.leaves", Encoding::Hex)?,
                proof: hashes(m.get("proof"), "settlement.batch.multiproof.proof", Encoding::Hex)?,
                flags,
            })
        }
        (None, None, Some(t)) => {
            let json = pyjson::dumps(t);
            Ok(BatchEvidence::Tree(StandardTreeDump::from_json(json.as_bytes())?))
        }
        _ => Err(invalid("settlement.batch", "needs exactly one of proof, multiproof and tree")),
    }
}

/// The user's trusted state: blocks, trust options and the settlement contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedState {
    /// The `InferenceSettlementRelay` contract whose events count as settlement.
    pub settlement_contract: [u8; 20],
    /// Light-client options: the document's trusting period, CometBFT's defaults otherwise, and
    /// every commit signature verified ([`CountingMode::VerifyAll`]).
    pub options: Options,
    /// Trusted light blocks.
    pub light_blocks: Vec<LightBlock>,
    /// Roots an attestation chain may start from.
    pub nitro_roots: Vec<TrustAnchor>,
}

impl TrustedState {
    /// Decodes a trusted-state document.
    pub fn from_json(bytes: &[u8]) -> Result<TrustedState, Error> {
        let LazyObject { values: doc, raw } = parse_document(bytes, "trusted state", &["light_blocks"])?;
        check_header(&doc, TRUSTED_STATE_FORMAT)?;
        let contract = doc
            .get("settlement_contract")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("settlement_contract", "missing, or not a string"))?;
        let settlement_contract =
            parse_address(contract).ok_or_else(|| invalid("settlement_contract", "not 0x + 40 hex digits"))?;
        let period = uint(doc.get("trusting_period_secs"), "trusting_period_secs")?;
        if period == 0 {
            return Err(invalid("trusting_period_secs", "must be positive"));
        }
        let blocks = raw.get("light_blocks").ok_or_else(|| invalid("light_blocks", "missing"))?;
        let light_blocks = light_blocks(blocks, "light_blocks")?;
        if light_blocks.is_empty() {
            return Err(invalid("light_blocks", "no trusted block"));
        }
        let nitro_roots = match doc.get("nitro_roots") {
            None | Some(Value::Null) => alloc::vec![TrustAnchor::AWS_NITRO_ROOT_G1],
            Some(Value::Array(items)) if !items.is_empty() && items.len() <= MAX_NITRO_ROOTS => items
                .iter()
                .map(|item| {
                    let der =
                        base64_field(Some(item), "nitro_roots[]")?.ok_or_else(|| invalid("nitro_roots[]", "null"))?;
                    Ok(TrustAnchor::from_der(&der))
                })
                .collect::<Result<_, Error>>()?,
            Some(_) => return Err(invalid("nitro_roots", "not an array of 1..=8 base64 certificates")),
        };
        // A settlement verdict is worth the few extra signature checks: every signature a commit
        // carries must verify, not only enough of them to pass the threshold.
        let options = Options { counting: CountingMode::VerifyAll, ..Options::new(Duration::from_secs(period)) };
        Ok(TrustedState { settlement_contract, options, light_blocks, nitro_roots })
    }
}

/// `0x` + 40 hex digits (any case).
pub fn parse_address(s: &str) -> Option<[u8; 20]> {
    let mut out = [0u8; 20];
    hex::decode_to_slice(s.strip_prefix("0x")?, &mut out).ok()?;
    Some(out)
}

fn uint(v: Option<&Value>, field: &str) -> Result<u64, Error> {
    let digits = match v {
        Some(Value::Int(s)) | Some(Value::Str(s)) => s.as_str(),
        _ => return Err(invalid(field, "missing, or not an integer")),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(field, "not a non-negative decimal integer"));
    }
    digits.parse().map_err(|_| invalid(field, "does not fit 64 bits"))
}

fn base64_field(v: Option<&Value>, field: &str) -> Result<Option<Vec<u8>>, Error> {
    use base64::Engine as _;
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Str(s)) => base64::engine::general_purpose::STANDARD
            .decode(s.as_bytes())
            .map(Some)
            .map_err(|_| invalid(field, "not standard base64")),
        Some(_) => Err(invalid(field, "not a base64 string")),
    }
}

fn exec_tx_result(v: Option<&Value>, field: &str) -> Result<ExecTxResult, Error> {
    let v = v.ok_or_else(|| invalid(field, "missing"))?;
    Ok(ExecTxResult::from_value(&pyjson::to_serde_json(v)?, field)?)
}

#[derive(Clone, Copy)]
enum Encoding {
    Base64,
    Hex,
}

fn hashes(v: Option<&Value>, field: &str, encoding: Encoding) -> Result<Vec<Hash>, Error> {
    use base64::Engine as _;
    let items = v.and_then(Value::as_array).ok_or_else(|| invalid(field, "missing, or not an array"))?;
    if items.len() > MAX_HASHES {
        return Err(invalid(field, "longer than MAX_HASHES"));
    }
    items
        .iter()
        .map(|item| {
            let s = item.as_str().ok_or_else(|| invalid(field, "an element is not a string"))?;
            let mut out = [0u8; 32];
            let ok = match encoding {
                Encoding::Hex => s.strip_prefix("0x").is_some_and(|h| hex::decode_to_slice(h, &mut out).is_ok()),
                Encoding::Base64 => base64::engine::general_purpose::STANDARD
                    .decode(s.as_bytes())
                    .ok()
                    .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
                    .map(|h| out = h)
                    .is_some(),
            };
            if ok {
                Ok(out)
            } else {
                Err(invalid(field, "an element is not a 32-byte hash"))
            }
        })
        .collect()
}
