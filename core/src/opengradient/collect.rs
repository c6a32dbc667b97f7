//! Gathering a settlement bundle from a chain's RPC: the I/O-free half of `og collect`.
//!
//! A driver (the CLI over `lightcheck-net`, the npm package over `fetch`) makes the requests;
//! everything it receives is read and judged here, so both drivers find the same settlement
//! and write the same bundle:
//!
//! 1. [`Search`] names the `/tx_search` pages to fetch and picks the settlement among the
//!    transactions they list: by an Ethereum transaction hash the user gives (or the response
//!    carries, [`settlement_tx_hash`]), else among the transactions whose logs name the TEE
//!    (individual) or the batch root (batch). Nothing found is not an error: the response is
//!    pending.
//! 2. The driver's light client verifies block H (the settlement's) from the trust root, then
//!    H + 1, whose `last_results_hash` commits to H's results; witnesses cross-check both.
//! 3. `/block_results?height=H` gives every result of H, from which [`bundle_json`] computes the
//!    settlement result's Merkle path.
//!
//! Nothing here is trusted because it was found: the search only selects; the bundle is then
//! checked link by link by [`super::verify_bundle`], exactly as a bundle from anywhere else.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::{json, Value as Json};

use super::event::{is_batch, is_individual, BatchSettlement, IndividualSettlement};
use super::evm::eth_tx_responses;
use super::merkle_tree::{process_multi_proof, process_proof, SettlementLeaf};
use super::pyjson::{self, Value};
use super::response::VerifiedResponse;
use super::settlement::BatchEvidence;
use crate::cometbft::inclusion::{ExecTxResult, TxProof};
use crate::cometbft::json::light_block_to_json_value;
use crate::cometbft::merkle::{aunts, Hash};
use crate::cometbft::{Error as CometError, LightBlock};
use crate::opengradient::Error as OgError;
use crate::time::Timestamp;
use crate::Error;

/// Transactions asked for per `/tx_search` page.
pub const SEARCH_PER_PAGE: u32 = 30;
/// Pages read per query before the search gives up (newest first, so the recent settlements a
/// user checks come early).
pub const MAX_SEARCH_PAGES: u32 = 10;
/// Largest `/tx_search` page accepted, in bytes.
pub const MAX_SEARCH_PAGE_LEN: usize = 8 * 1024 * 1024;

/// Response fields that may carry the settlement's Ethereum transaction hash (the gateway's
/// `x-settlement-tx-hash` header, as the SDK names it).
const TX_HASH_FIELDS: [&str; 3] = ["data_settlement_transaction_hash", "settlement_tx_hash", "x-settlement-tx-hash"];

/// The Ethereum transaction hash a response names for its settlement, if it names one.
pub fn settlement_tx_hash(response: &Value) -> Option<[u8; 32]> {
    TX_HASH_FIELDS.iter().find_map(|k| response.get(k)?.as_str().and_then(parse_hash32))
}

/// `0x` + 64 hex digits (the prefix optional, any case).
pub fn parse_hash32(s: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(s.strip_prefix("0x").unwrap_or(s), &mut out).ok()?;
    Some(out)
}

/// What the search looks for.
#[derive(Debug, Clone)]
enum Wanted {
    /// The transaction with this Ethereum hash, whatever it did (the verifier will say).
    EthTx([u8; 32]),
    /// An `IndividualSettlement` of this response from the contract.
    Individual,
    /// A `BatchSettlement` of this root from the contract.
    Batch([u8; 32]),
}

/// A transaction the search selected, as `/tx_search` listed it.
#[derive(Debug, Clone)]
pub struct Found {
    /// The `/tx_search` item (hash, height, index, tx, tx_result, proof), as the node sent it.
    pub item: Json,
    /// Its inclusion proof (checked later against the verified header).
    pub proof: TxProof,
    /// H, the block the node says holds it.
    pub height: u64,
    /// Its position in block H.
    pub index: u64,
}

/// The search for a response's settlement transaction, one `/tx_search` page at a time.
#[derive(Debug, Clone)]
pub struct Search {
    wanted: Wanted,
    tee_id: [u8; 32],
    request_hash: [u8; 32],
    output_hash: [u8; 32],
    timestamp: u64,
    contract: [u8; 20],
    page: u32,
    done: bool,
    pages_read: u32,
    candidates_seen: u64,
}

impl Search {
    /// A search for the settlement of `response` by `contract`: the transaction `eth_tx` if
    /// given, else a batch settlement of the root `batch` leads to, else an individual one.
    pub fn new(
        response: &VerifiedResponse,
        contract: [u8; 20],
        batch: Option<&BatchEvidence>,
        eth_tx: Option<[u8; 32]>,
    ) -> Result<Search, Error> {
        let wanted = match (eth_tx, batch) {
            (Some(hash), _) => Wanted::EthTx(hash),
            (None, Some(batch)) => Wanted::Batch(batch_root(response, batch)?),
            (None, None) => Wanted::Individual,
        };
        Ok(Search {
            wanted,
            tee_id: response.tee_id,
            request_hash: response.request_hash,
            output_hash: response.output_hash,
            timestamp: response.timestamp,
            contract,
            page: 1,
            done: false,
            pages_read: 0,
            candidates_seen: 0,
        })
    }

    /// The CometBFT query (`/tx_search`'s `query`), unencoded.
    pub fn query(&self) -> String {
        match self.wanted {
            Wanted::EthTx(h) => format!("ethereum_tx.ethereumTxHash='0x{}'", hex::encode(h)),
            // Cosmos EVM writes each log as JSON into `tx_log.txLog`, topics as 0x-hex strings:
            // the TEE id is topic 1 of IndividualSettlement, the root topic 1 of BatchSettlement.
            Wanted::Individual => format!("tx_log.txLog CONTAINS '0x{}'", hex::encode(self.tee_id)),
            Wanted::Batch(root) => format!("tx_log.txLog CONTAINS '0x{}'", hex::encode(root)),
        }
    }

    /// The next page to fetch, as the query string of `/tx_search` (URL-encoded), or `None`
    /// when the search is over.
    pub fn needed(&self) -> Option<String> {
        if self.done {
            return None;
        }
        Some(format!(
            "query={}&prove=true&page={}&per_page={SEARCH_PER_PAGE}&order_by={}",
            url_encode(&format!("\"{}\"", self.query())),
            self.page,
            url_encode("\"desc\"")
        ))
    }

    /// Pages read so far.
    pub fn pages_read(&self) -> u32 {
        self.pages_read
    }

    /// Transactions looked at so far.
    pub fn candidates_seen(&self) -> u64 {
        self.candidates_seen
    }

    /// Reads one `/tx_search` page (the body, with or without the JSON-RPC envelope) and returns
    /// the settlement if it is on it. After `Ok(None)`, [`needed`](Self::needed) says whether
    /// another page is worth fetching.
    pub fn feed(&mut self, body: &[u8]) -> Result<Option<Found>, Error> {
        if body.len() > MAX_SEARCH_PAGE_LEN {
            return Err(Error::from(CometError::Decode {
                field: "tx_search".into(),
                reason: "page larger than MAX_SEARCH_PAGE_LEN".into(),
            }));
        }
        let doc: Json = crate::cometbft::json::parse("tx_search response", body)?;
        let result = crate::cometbft::json::rpc_result(&doc)?;
        let txs = result.get("txs").and_then(Json::as_array).ok_or_else(|| decode("tx_search.txs", "not an array"))?;
        if txs.len() > SEARCH_PER_PAGE as usize {
            return Err(decode("tx_search.txs", "more transactions than asked for"));
        }
        let total = match result.get("total_count") {
            Some(Json::String(s)) => s.parse::<u64>().map_err(|_| decode("tx_search.total_count", "not a count"))?,
            Some(Json::Number(n)) => n.as_u64().ok_or_else(|| decode("tx_search.total_count", "not a count"))?,
            _ => return Err(decode("tx_search.total_count", "missing")),
        };
        self.pages_read += 1;
        for (i, item) in txs.iter().enumerate() {
            self.candidates_seen += 1;
            let proof = TxProof::from_value(item, &format!("tx_search.txs[{i}]"))?;
            let (Some(height), Some(result)) = (proof.height, &proof.tx_result) else {
                return Err(decode(&format!("tx_search.txs[{i}]"), "no height or tx_result"));
            };
            if self.selects(result) {
                let index = proof.index;
                return Ok(Some(Found { item: item.clone(), proof, height, index }));
            }
        }
        let listed = u64::from(self.page) * u64::from(SEARCH_PER_PAGE);
        if txs.is_empty() || listed >= total || self.page >= MAX_SEARCH_PAGES {
            self.done = true;
        } else {
            self.page += 1;
        }
        Ok(None)
    }

    /// Whether a listed transaction is the one wanted: for a named hash, the transaction whose
    /// result carries that hash (whatever it did); otherwise a successful call whose logs settle
    /// this response from the contract (a screen only: the verifier proves and checks it all again).
    fn selects(&self, result: &ExecTxResult) -> bool {
        let Ok(responses) = eth_tx_responses(&result.data) else { return false };
        if let Wanted::EthTx(hash) = self.wanted {
            // Whatever it did (the verifier says why it does not settle), but this transaction.
            return responses.iter().any(|eth| eth.tx_hash().is_ok_and(|h| h == hash));
        }
        if result.code != 0 {
            return false;
        }
        let from_contract = |log: &&super::evm::Log| log.address == self.contract;
        responses
            .iter()
            .filter(|eth| eth.vm_error.is_empty())
            .flat_map(|eth| eth.logs.iter())
            .filter(from_contract)
            .any(|log| match self.wanted {
                Wanted::Batch(root) => {
                    is_batch(log) && BatchSettlement::from_log(log).is_ok_and(|e| e.merkle_root == root)
                }
                _ => {
                    is_individual(log)
                        && IndividualSettlement::from_log(log).is_ok_and(|e| {
                            e.tee_id == self.tee_id
                                && e.input_hash == self.request_hash
                                && e.output_hash == self.output_hash
                                && e.timestamp == self.timestamp
                        })
                }
            })
    }
}

/// The root a batch's evidence leads to from this response's leaf (the tree's own root for a
/// full tree, whose membership the verifier checks).
fn batch_root(response: &VerifiedResponse, batch: &BatchEvidence) -> Result<[u8; 32], Error> {
    let leaf = SettlementLeaf {
        tee_id: response.tee_id,
        input_hash: response.request_hash,
        output_hash: response.output_hash,
        signature: &response.signature,
        timestamp: response.timestamp,
    }
    .hash();
    Ok(match batch {
        BatchEvidence::Proof(proof) => process_proof(leaf, proof),
        BatchEvidence::MultiProof { leaves, proof, flags } => process_multi_proof(leaves, proof, flags)?,
        BatchEvidence::Tree(tree) => tree.root(),
    })
}

fn decode(field: &str, reason: &str) -> Error {
    Error::from(CometError::Decode { field: field.into(), reason: reason.into() })
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The attestation a bundle carries: the COSE_Sign1 document and, optionally, the enclave's TLS
/// certificate (DER).
#[derive(Debug, Clone, Copy)]
pub struct AttestationParts<'a> {
    /// The document.
    pub document: &'a [u8],
    /// The TLS certificate.
    pub tls_certificate: Option<&'a [u8]>,
}

/// The settlement found and what proves it.
#[derive(Debug, Clone)]
pub struct SettlementParts<'a> {
    /// The transaction as the search found it.
    pub found: &'a Found,
    /// Every result of block H (`/block_results`).
    pub results: &'a [ExecTxResult],
    /// The batch evidence as JSON (`{"proof"}`, `{"multiproof"}` or `{"tree"}`), for a batch.
    pub batch: Option<Json>,
}

/// Everything a bundle is written from.
#[derive(Debug, Clone)]
pub struct BundleParts<'a> {
    /// The request body, JSON text as the user holds it (kept byte for byte: it is hashed with
    /// Python's number types).
    pub request: &'a [u8],
    /// The response body, JSON text.
    pub response: &'a [u8],
    /// The signed content when it is not the first choice's message (streams).
    pub content: Option<&'a str>,
    /// The signing key, SPKI PEM.
    pub signing_key: &'a str,
    /// The attestation, if the user has it.
    pub attestation: Option<AttestationParts<'a>>,
    /// The light blocks the verifier needs beyond its trusted state.
    pub light_blocks: &'a [LightBlock],
    /// The settlement, if one was found.
    pub settlement: Option<SettlementParts<'a>>,
    /// Where it came from (written as `collected`, not read by the verifier).
    pub provenance: Json,
}

/// The listed transaction without its `tx_result`: the proof does not cover it (the bundle's
/// `tx_result` is proven against H + 1 instead), so it is not carried as if it were evidence.
fn tx_proof_of(item: &Json) -> Json {
    let mut item = item.clone();
    if let Some(obj) = item.as_object_mut() {
        obj.remove("tx_result");
    }
    item
}

/// Writes a version-1 settlement bundle ([`super::bundle`]). Fails only on input that could
/// never verify: a request or response that is not a JSON object, or a found transaction whose
/// index is not among the block's results.
pub fn bundle_json(parts: &BundleParts<'_>) -> Result<String, Error> {
    use base64::Engine as _;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    for (name, text) in [("request", parts.request), ("response", parts.response)] {
        if !matches!(pyjson::parse(text)?, Value::Object(_)) {
            return Err(Error::from(OgError::BundleInvalid { field: name.into(), reason: "not a JSON object".into() }));
        }
    }
    let mut rest = serde_json::Map::new();
    rest.insert("content".into(), parts.content.map_or(Json::Null, |c| Json::String(c.into())));
    rest.insert("signing_key".into(), Json::String(parts.signing_key.into()));
    if let Some(a) = parts.attestation {
        rest.insert(
            "attestation".into(),
            json!({ "document": b64(a.document), "tls_certificate": a.tls_certificate.map(b64) }),
        );
    }
    if let Some(s) = &parts.settlement {
        let index = usize::try_from(s.found.index).ok().filter(|i| *i < s.results.len()).ok_or_else(|| {
            Error::from(OgError::BundleInvalid {
                field: "settlement.tx_result.index".into(),
                reason: "the transaction's index is not among the block's results".into(),
            })
        })?;
        let leaves: Vec<Hash> = s.results.iter().map(ExecTxResult::leaf_hash).collect();
        let r = &s.results[index];
        let mut settlement = json!({
            "height": s.found.height.to_string(),
            "tx_result": {
                "index": index,
                "total": s.results.len(),
                "result": {
                    "code": r.code,
                    "data": b64(&r.data),
                    "gas_wanted": r.gas_wanted.to_string(),
                    "gas_used": r.gas_used.to_string(),
                },
                "aunts": aunts(&leaves, index).iter().map(|h| b64(h)).collect::<Vec<_>>(),
            },
            "tx_proof": tx_proof_of(&s.found.item),
        });
        if let Some(batch) = &s.batch {
            settlement["batch"] = batch.clone();
        }
        rest.insert(
            "light_blocks".into(),
            Json::Array(parts.light_blocks.iter().map(light_block_to_json_value).collect()),
        );
        rest.insert("settlement".into(), settlement);
    }
    rest.insert("collected".into(), parts.provenance.clone());
    let rest = serde_json::to_string_pretty(&Json::Object(rest)).map_err(|_| {
        Error::from(OgError::BundleInvalid { field: "bundle".into(), reason: "not serializable".into() })
    })?;
    // `{"format", "version", "request", "response"` then the rest's members.
    let members = rest.trim_start_matches('{').trim_end_matches('}').trim();
    let (request, response) = (String::from_utf8_lossy(parts.request), String::from_utf8_lossy(parts.response));
    Ok(format!(
        "{{\n  \"format\": \"{}\",\n  \"version\": {},\n  \"request\": {},\n  \"response\": {},\n  {}\n}}\n",
        super::bundle::BUNDLE_FORMAT,
        super::bundle::VERSION,
        request.trim(),
        response.trim(),
        members
    ))
}

/// A batch's evidence from the file a user holds, as the bundle's `settlement.batch` member and
/// decoded: a `StandardMerkleTree.dump()` (the Walrus blob), an OpenZeppelin proof
/// (`{"proof": [...]}`), or a multiproof (`{"leaves", "proof", "proofFlags"}`, bare or under
/// `multiproof`).
pub fn batch_evidence_json(text: &[u8]) -> Result<(BatchEvidence, Json), Error> {
    let invalid = |reason: &str| Error::from(OgError::BundleInvalid { field: "batch".into(), reason: reason.into() });
    if text.len() > super::bundle::MAX_BUNDLE_LEN {
        return Err(invalid("larger than MAX_BUNDLE_LEN"));
    }
    let v: Json = serde_json::from_slice(text).map_err(|_| invalid("not JSON"))?;
    let obj = v.as_object().ok_or_else(|| invalid("not a JSON object"))?;
    let wrapped = if obj.contains_key("format") {
        json!({ "tree": v })
    } else if obj.contains_key("proofFlags") {
        json!({ "multiproof": v })
    } else if obj.len() == 1 && ["proof", "multiproof", "tree"].iter().any(|k| obj.contains_key(*k)) {
        v
    } else {
        return Err(invalid("neither a tree dump, a proof nor a multiproof"));
    };
    let bytes = serde_json::to_vec(&wrapped).map_err(|_| invalid("not serializable"))?;
    let evidence = super::bundle::batch_evidence(&pyjson::parse(&bytes)?)?;
    Ok((evidence, wrapped))
}

/// The trusted-state document ([`super::bundle`], format `lightcheck-trusted-state`, version 1) a
/// collected bundle is verified against: the settlement relay, the trusting period, the block
/// verification started from (the user's trust root), and the Nitro roots (`[]`: AWS's only).
/// Collectors verify through this text ([`super::TrustedState::from_json`]), so the verdict
/// they print is the one a later verification of the two files gives.
pub fn trusted_state_json(
    contract: &[u8; 20],
    trusting_period: core::time::Duration,
    trust_from: &LightBlock,
    nitro_roots: &[Vec<u8>],
) -> String {
    use base64::Engine as _;
    let mut v = json!({
        "format": super::bundle::TRUSTED_STATE_FORMAT,
        "version": super::bundle::VERSION,
        "settlement_contract": format!("0x{}", hex::encode(contract)),
        "trusting_period_secs": trusting_period.as_secs(),
        "light_blocks": [light_block_to_json_value(trust_from)],
    });
    if !nitro_roots.is_empty() {
        v["nitro_roots"] =
            nitro_roots.iter().map(|d| Json::String(base64::engine::general_purpose::STANDARD.encode(d))).collect();
    }
    let mut text = serde_json::to_string_pretty(&v).unwrap_or_default();
    text.push('\n');
    text
}

/// The light blocks a bundle for a settlement at `height` carries: those the collector's light
/// client newly verified, plus H and H + 1 from its trusted blocks when they were trusted before,
/// ordered by height, one per height.
pub fn bundle_light_blocks(
    height: u64,
    verified: &[LightBlock],
    trusted_at: impl Fn(u64) -> Option<LightBlock>,
) -> Vec<LightBlock> {
    let mut blocks = verified.to_vec();
    for h in [height, height.saturating_add(1)] {
        if !blocks.iter().any(|b| b.height() == h) {
            blocks.extend(trusted_at(h));
        }
    }
    blocks.sort_by_key(LightBlock::height);
    blocks.dedup_by_key(|b| b.height());
    blocks
}

/// The bundle's `collected` member: who collected it from which nodes, from which trusted block,
/// when, and what the search read. Not read by the verifier.
pub fn provenance(
    by: &str,
    primary: &str,
    witnesses: &[&str],
    trust_from: &LightBlock,
    at: Timestamp,
    search: Option<&Search>,
) -> Json {
    json!({
        "by": by,
        "primary": primary,
        "witnesses": witnesses,
        "trusted_height": trust_from.height(),
        "trusted_hash": trust_from.signed_header.header.hash().map(hex::encode_upper),
        "at": at.unix_secs(),
        "search": search.map(|s| json!({
            "query": s.query(),
            "pages": s.pages_read(),
            "transactions_seen": s.candidates_seen(),
        })),
    })
}

/// The trust a collected bundle is verified against: the user's trust root (or stored block).
#[derive(Debug, Clone, Copy)]
pub struct TrustFrom<'a> {
    /// The settlement relay whose events count.
    pub contract: &'a [u8; 20],
    /// The light client's trusting period.
    pub trusting_period: core::time::Duration,
    /// The block verification started from.
    pub block: &'a LightBlock,
    /// Nitro roots (DER; empty: AWS's root only).
    pub nitro_roots: &'a [Vec<u8>],
}

/// A collected bundle, the trusted state it verifies against (both as JSON text), and its report.
#[derive(Debug, Clone)]
pub struct Written {
    /// The settlement bundle.
    pub bundle: String,
    /// The trusted-state document.
    pub trusted: String,
    /// The verdict on the two, exactly as a later verification of the texts gives it.
    pub report: super::Report,
}

/// Writes the bundle and the trusted state, then verifies the bundle from their text (so the
/// verdict is the one `verify_bundle` on the two files gives later).
pub fn write_and_verify(
    parts: &BundleParts<'_>,
    trust: &TrustFrom<'_>,
    policy: &super::BundlePolicy<'_>,
    now: Timestamp,
) -> Result<Written, Error> {
    let bundle = bundle_json(parts)?;
    let trusted = trusted_state_json(trust.contract, trust.trusting_period, trust.block, trust.nitro_roots);
    let state = super::TrustedState::from_json(trusted.as_bytes())?;
    let report = super::verify_bundle(bundle.as_bytes(), &state, policy, now)?;
    Ok(Written { bundle, trusted, report })
}
