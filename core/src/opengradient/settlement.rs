//! Proving that a verified response was settled on chain.
//!
//! Cosmos EVM has no receipts trie: an EVM log is provable only through the CometBFT result of
//! its transaction. `ExecTxResult[i]` of block H is committed by `last_results_hash` of header
//! H+1; its `data` is a `TxMsgData` holding the `MsgEthereumTxResponse` with the logs. So a
//! settlement is proven in two steps, each a link of the report:
//!
//! 1. [`prove_inclusion`]: the result (and optionally the transaction, against `data_hash` of
//!    H) is in the verified blocks;
//! 2. [`match_settlement`]: the result is a successful call that emitted, from the pinned
//!    settlement contract, an `IndividualSettlement` event with exactly the response's hashes,
//!    timestamp and signature — or a `BatchSettlement` whose Merkle root a proof of the
//!    response's leaf reaches.

use alloc::string::String;
use alloc::vec::Vec;

use super::event::{decode_settle_individual, is_batch, is_individual, BatchSettlement, IndividualSettlement};
use super::evm::{eth_tx_responses, ethereum_txs, EthTxResponse, Log};
use super::merkle_tree::{verify_multi_proof, verify_proof, SettlementLeaf, StandardTreeDump};
use super::response::VerifiedResponse;
use crate::cometbft::inclusion::{
    verify_tx, verify_tx_result, verify_tx_result_proof, ExecTxResult, ProvenTx, TxProof,
};
use crate::cometbft::merkle::Hash;
use crate::cometbft::Error as CometError;
use crate::cometbft::Header;
use crate::opengradient::Error as OgError;
use crate::Error;

/// How the result of the settlement transaction is shown to be in block H.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultEvidence {
    /// Every result of block H (as `/block_results` returns them); the root is recomputed.
    AllResults {
        /// The block's results, in order.
        results: Vec<ExecTxResult>,
        /// Position of the settlement transaction.
        index: u64,
    },
    /// One result with its RFC 6962 path.
    Path {
        /// The settlement transaction's result.
        result: ExecTxResult,
        /// Its position in the block.
        index: u64,
        /// Number of transactions in the block.
        total: u64,
        /// Sibling hashes, bottom-up.
        aunts: Vec<Hash>,
    },
}

/// How a batch settlement shows the response's leaf under the batch root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchEvidence {
    /// An OpenZeppelin `MerkleProof` (sibling hashes, leaf to root).
    Proof(Vec<[u8; 32]>),
    /// An OpenZeppelin multiproof that includes the response's leaf.
    MultiProof {
        /// The proven leaves (must include the response's).
        leaves: Vec<[u8; 32]>,
        /// The proof hashes.
        proof: Vec<[u8; 32]>,
        /// The proof flags.
        flags: Vec<bool>,
    },
    /// The whole tree as `StandardMerkleTree.dump()` wrote it (the Walrus blob).
    Tree(StandardTreeDump),
}

/// Everything that ties a response to block H.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementEvidence {
    /// H, the height of the block that executed the settlement transaction.
    pub height: u64,
    /// The transaction result, proven against header H+1.
    pub result: ResultEvidence,
    /// Optionally the transaction itself, proven against header H.
    pub tx: Option<TxProof>,
    /// `None` for an individual settlement; the Merkle evidence for a batch.
    pub batch: Option<BatchEvidence>,
}

/// A transaction result (and optionally the transaction) proven to be in block H.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvenInclusion {
    /// H.
    pub height: u64,
    /// Position of the transaction in block H.
    pub index: u64,
    /// The proven result.
    pub result: ExecTxResult,
    /// The proven transaction, when evidence for it was given.
    pub tx: Option<ProvenTx>,
}

/// How a response was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettlementMode {
    /// One `IndividualSettlement` event for this response.
    Individual,
    /// A `BatchSettlement` root over a tree with this response's leaf.
    Batch,
}

impl SettlementMode {
    /// `"individual"` or `"batch"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SettlementMode::Individual => "individual",
            SettlementMode::Batch => "batch",
        }
    }
}

/// A response proven settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// Individual or batch.
    pub mode: SettlementMode,
    /// The block that executed the settlement transaction.
    pub height: u64,
    /// The transaction's position in that block.
    pub tx_index: u64,
    /// The Ethereum transaction hash (`MsgEthereumTxResponse.hash`).
    pub eth_tx_hash: String,
    /// The batch root, for batch settlements.
    pub merkle_root: Option<[u8; 32]>,
    /// The Walrus blob id the event names (UTF-8 bytes of the id).
    pub walrus_blob_id: Vec<u8>,
}

/// Proves the evidence's result against `next_header` (H+1, verified) and, if given, its
/// transaction against `header` (H, verified) at the same index.
pub fn prove_inclusion(
    evidence: &SettlementEvidence,
    header: &Header,
    next_header: &Header,
) -> Result<ProvenInclusion, Error> {
    let h = evidence.height;
    if header.height != h || h.checked_add(1) != Some(next_header.height) {
        return Err(Error::from(CometError::ProofInvalid { proof: "tx_result", reason: "headers are not H and H+1" }));
    }
    let proven = match &evidence.result {
        ResultEvidence::AllResults { results, index } => {
            verify_tx_result(results, *index, h, &next_header.last_results_hash)?
        }
        ResultEvidence::Path { result, index, total, aunts } => {
            verify_tx_result_proof(result, *index, *total, aunts, h, &next_header.last_results_hash)?
        }
    };
    let tx = match &evidence.tx {
        Some(proof) => {
            let tx = verify_tx(proof, h, &header.data_hash)?;
            if tx.index != proven.index {
                return Err(Error::from(CometError::ProofInvalid {
                    proof: "tx",
                    reason: "the transaction and the result are at different indices",
                }));
            }
            // Every transaction has one result, so both proofs must agree on the block's size
            // (an RFC 6962 path alone does not pin `total`).
            let results_total = match &evidence.result {
                ResultEvidence::AllResults { results, .. } => results.len() as u64,
                ResultEvidence::Path { total, .. } => *total,
            };
            if tx.total != results_total {
                return Err(Error::from(CometError::ProofInvalid {
                    proof: "tx",
                    reason: "the block has a different number of transactions and results",
                }));
            }
            Some(tx)
        }
        None => None,
    };
    Ok(ProvenInclusion { height: h, index: proven.index, result: proven.result, tx })
}

/// Checks that a proven result settles `response`: `code == 0`, no EVM error, and a settlement
/// event from `contract` matching the response (see the module documentation). When the
/// transaction was proven too, it must be one Ethereum transaction to `contract` whose hash is
/// the response's and, for an individual settlement, whose call arguments match.
pub fn match_settlement(
    response: &VerifiedResponse,
    proven: &ProvenInclusion,
    batch: Option<&BatchEvidence>,
    contract: &[u8; 20],
) -> Result<Settlement, Error> {
    if proven.result.code != 0 {
        return Err(Error::from(OgError::TxFailed { code: proven.result.code, vm_error: String::new() }));
    }
    let responses = eth_tx_responses(&proven.result.data)?;
    let [eth] = responses.as_slice() else {
        return Err(Error::from(OgError::EventMissing {
            event: "settlement (the result does not hold exactly one Ethereum transaction)",
        }));
    };
    if !eth.vm_error.is_empty() {
        return Err(Error::from(OgError::TxFailed { code: 0, vm_error: eth.vm_error.clone() }));
    }
    let settlement = match batch {
        None => match_individual(response, eth, contract, proven)?,
        Some(batch) => match_batch(response, eth, contract, batch, proven)?,
    };
    if let Some(tx) = &proven.tx {
        check_transaction(tx, eth, contract, response, batch.is_none())?;
    }
    Ok(settlement)
}

fn from_contract<'a>(eth: &'a EthTxResponse, contract: &'a [u8; 20]) -> impl Iterator<Item = &'a Log> + 'a {
    eth.logs.iter().filter(move |log| &log.address == contract)
}

fn match_individual(
    response: &VerifiedResponse,
    eth: &EthTxResponse,
    contract: &[u8; 20],
    proven: &ProvenInclusion,
) -> Result<Settlement, Error> {
    let mut mismatch = None;
    for log in from_contract(eth, contract).filter(|log| is_individual(log)) {
        let event = IndividualSettlement::from_log(log)?;
        let recorded = Recorded {
            tee_id: &event.tee_id,
            input_hash: &event.input_hash,
            output_hash: &event.output_hash,
            timestamp: event.timestamp,
            signature: &event.signature,
        };
        match first_mismatch(response, recorded, &EVENT_FIELDS) {
            None => {
                return Ok(Settlement {
                    mode: SettlementMode::Individual,
                    height: proven.height,
                    tx_index: proven.index,
                    eth_tx_hash: eth.hash.clone(),
                    merkle_root: None,
                    walrus_blob_id: event.walrus_blob_id,
                })
            }
            Some(field) => mismatch = mismatch.or(Some(field)),
        }
    }
    Err(match mismatch {
        Some(field) => Error::from(OgError::EventMismatch { field, reason: DIFFERS }),
        None => Error::from(OgError::EventMissing { event: "IndividualSettlement" }),
    })
}

/// The values a settlement records about a response, as an event or a call carries them.
struct Recorded<'a> {
    tee_id: &'a [u8; 32],
    input_hash: &'a [u8; 32],
    output_hash: &'a [u8; 32],
    timestamp: u64,
    signature: &'a [u8],
}

const EVENT_FIELDS: [&str; 5] =
    ["event teeId", "event inputHash", "event outputHash", "event timestamp", "event signature"];
const CALL_FIELDS: [&str; 5] =
    ["calldata teeId", "calldata inputHash", "calldata outputHash", "calldata timestamp", "calldata signature"];

/// The name (from `names`, in `Recorded` field order) of the first recorded value that differs
/// from the response.
fn first_mismatch(response: &VerifiedResponse, r: Recorded<'_>, names: &[&'static str; 5]) -> Option<&'static str> {
    let equal = [
        r.tee_id == &response.tee_id,
        r.input_hash == &response.request_hash,
        r.output_hash == &response.output_hash,
        r.timestamp == response.timestamp,
        r.signature == response.signature.as_slice(),
    ];
    equal.iter().position(|eq| !eq).map(|i| names[i])
}

fn match_batch(
    response: &VerifiedResponse,
    eth: &EthTxResponse,
    contract: &[u8; 20],
    batch: &BatchEvidence,
    proven: &ProvenInclusion,
) -> Result<Settlement, Error> {
    let mut events = from_contract(eth, contract).filter(|log| is_batch(log));
    let (Some(log), None) = (events.next(), events.next()) else {
        return Err(Error::from(OgError::EventMissing { event: "BatchSettlement (exactly one)" }));
    };
    let event = BatchSettlement::from_log(log)?;
    let leaf = SettlementLeaf {
        tee_id: response.tee_id,
        input_hash: response.request_hash,
        output_hash: response.output_hash,
        signature: &response.signature,
        timestamp: response.timestamp,
    }
    .hash();
    match batch {
        BatchEvidence::Proof(proof) => verify_proof(leaf, proof, &event.merkle_root)?,
        BatchEvidence::MultiProof { leaves, proof, flags } => {
            if !leaves.contains(&leaf) {
                return Err(Error::from(OgError::MerkleProofInvalid {
                    reason: "the multiproof does not include the response's leaf",
                }));
            }
            verify_multi_proof(leaves, proof, flags, &event.merkle_root)?
        }
        BatchEvidence::Tree(dump) => {
            let proof = dump.proof_for(&leaf)?;
            verify_proof(leaf, &proof, &event.merkle_root)?
        }
    }
    Ok(Settlement {
        mode: SettlementMode::Batch,
        height: proven.height,
        tx_index: proven.index,
        eth_tx_hash: eth.hash.clone(),
        merkle_root: Some(event.merkle_root),
        walrus_blob_id: event.walrus_blob_id,
    })
}

/// Why a recorded field does not match.
const DIFFERS: &str = "differs from the verified response";

/// The proven transaction carries exactly one Ethereum transaction: the one the result
/// answers, sent to `contract`, and (individual mode) calling `settleIndividual` with the
/// response's values.
fn check_transaction(
    tx: &ProvenTx,
    eth: &EthTxResponse,
    contract: &[u8; 20],
    response: &VerifiedResponse,
    individual: bool,
) -> Result<(), Error> {
    let txs = ethereum_txs(&tx.tx)?;
    let [etx] = txs.as_slice() else {
        return Err(Error::from(OgError::EventMismatch {
            field: "transaction",
            reason: "does not hold exactly one Ethereum transaction",
        }));
    };
    if !hex_matches(&eth.hash, &etx.hash) {
        return Err(Error::from(OgError::EventMismatch {
            field: "transaction hash",
            reason: "differs from the hash of the transaction the result answers",
        }));
    }
    if etx.to.as_ref() != Some(contract) {
        return Err(Error::from(OgError::EventMismatch {
            field: "transaction to",
            reason: "is not the settlement contract",
        }));
    }
    if individual {
        let call = decode_settle_individual(&etx.input)?;
        let recorded = Recorded {
            tee_id: &call.tee_id,
            input_hash: &call.input_hash,
            output_hash: &call.output_hash,
            timestamp: call.timestamp,
            signature: &call.signature,
        };
        let mismatch = first_mismatch(response, recorded, &CALL_FIELDS);
        if let Some(field) = mismatch {
            return Err(Error::from(OgError::EventMismatch { field, reason: DIFFERS }));
        }
    }
    Ok(())
}

/// `text` (`0x` + hex, any case) spells `bytes`.
fn hex_matches(text: &str, bytes: &[u8; 32]) -> bool {
    let text = text.strip_prefix("0x").unwrap_or(text);
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).is_ok() && &out == bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(height: u64) -> Header {
        let block = include_bytes!("../../../test-vectors/cometbft/val4-h1.json");
        let mut header = crate::cometbft::json::light_block_from_json(block).unwrap().signed_header.header;
        header.height = height;
        header
    }

    #[test]
    fn both_headers_must_be_h_and_h_plus_one() {
        let evidence = SettlementEvidence {
            height: 10,
            result: ResultEvidence::AllResults { results: Vec::new(), index: 0 },
            tx: None,
            batch: None,
        };
        let code = |h: u64, next: u64| prove_inclusion(&evidence, &header(h), &header(next)).err().map(|e| e.code());
        let wrong = Some("cometbft.proof.invalid");
        assert_eq!(code(9, 11), wrong, "H wrong, H+1 right");
        assert_eq!(code(10, 12), wrong, "H right, H+1 wrong");
        assert_eq!(code(10, 10), wrong, "H+1 equal to H");
        // Right heights pass the check (and fail later: there are no results to prove).
        use alloc::string::ToString;
        let message = prove_inclusion(&evidence, &header(10), &header(11)).err().map(|e| e.to_string());
        assert!(!message.unwrap_or_default().contains("headers are not H and H+1"));
    }

    #[test]
    fn hashes_match_exactly_in_any_case() {
        use alloc::format;
        let bytes = [0xab; 32];
        let hex = "ab".repeat(32);
        assert!(hex_matches(&hex, &bytes));
        assert!(hex_matches(&format!("0x{}", hex.to_ascii_uppercase()), &bytes));
        assert!(!hex_matches(&format!("ac{}", &hex[2..]), &bytes), "one byte differs");
        assert!(!hex_matches(&hex[2..], &bytes), "31 bytes");
        assert!(!hex_matches(&format!("zz{}", &hex[2..]), &bytes), "not hex");
    }

    #[test]
    fn modes_have_stable_names() {
        assert_eq!(SettlementMode::Individual.as_str(), "individual");
        assert_eq!(SettlementMode::Batch.as_str(), "batch");
    }
}
