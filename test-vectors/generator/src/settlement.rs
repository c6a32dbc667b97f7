//! Settlement bundles on a small simulated OpenGradient chain (`test-vectors/settlement/`).
//!
//! The chain is signed by four test validators; blocks carry Cosmos EVM-style transactions
//! (`TxRaw` → `MsgEthereumTx` → EIP-1559 call to the relay contract) and results
//! (`TxMsgData` → `MsgEthereumTxResponse` → logs with the real event encodings). The response
//! and its signature come from `test-vectors/opengradient/responses.json` (signed by the
//! OpenGradient SDK's hashing functions with the test key), and the attestation from the Nitro
//! test hierarchy with nitriding `user_data` binding the test key.

use base64::Engine as _;
use lightcheck::cometbft::inclusion::{results_root, ExecTxResult};
use lightcheck::cometbft::json::light_block_to_json_value;
use lightcheck::cometbft::merkle::{leaf_hash, root, root_from_leaf_hashes, Hash};
use lightcheck::cometbft::LightBlock;
use lightcheck::opengradient::merkle_tree::{SettlementLeaf, StandardTreeDump};
use lightcheck::opengradient::SigningKey;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::cometbft::custom_chain;
use crate::evm;

/// The relay contract the trusted state pins.
pub const RELAY: [u8; 20] = [0x5e; 20];
const OTHER_CONTRACT: [u8; 20] = [0x0c; 20];
const USER: [u8; 20] = [0xa1; 20];
const EVM_CHAIN_ID: u64 = 10740;
const LABEL: &str = "og-sim";
/// H for individual settlement, and H for the batch.
const H_INDIVIDUAL: u64 = 8;
const H_BATCH: u64 = 10;
const HEIGHTS: u64 = 11;
const TRUSTING_PERIOD_SECS: u64 = 1_209_600;

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn sha256(b: &[u8]) -> Hash {
    Sha256::digest(b).into()
}

/// The response every bundle is about, read from the SDK-signed vectors.
struct Signed {
    request: Value,
    response: Value,
    key_pem: String,
    other_key_pem: String,
    key: SigningKey,
    tee_id: [u8; 32],
    request_hash: [u8; 32],
    output_hash: [u8; 32],
    timestamp: u64,
    signature: Vec<u8>,
}

fn hex32(s: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    hex::decode_to_slice(s.trim_start_matches("0x"), &mut out).expect("32-byte hex");
    out
}

fn signed() -> Signed {
    let path = crate::vectors_dir().join("opengradient/responses.json");
    let doc: Value = serde_json::from_slice(&std::fs::read(&path).expect("responses.json")).expect("json");
    let case = doc["cases"].as_array().unwrap().iter().find(|c| c["name"] == "ascii-doc-vector").expect("base case");
    let response = case["response"].clone();
    let key_pem = doc["keys"]["test"].as_str().unwrap().to_string();
    let key = SigningKey::from_pem_or_der(key_pem.as_bytes()).unwrap();
    let signature =
        base64::engine::general_purpose::STANDARD.decode(response["tee_signature"].as_str().unwrap()).unwrap();
    Signed {
        request: case["request"].clone(),
        tee_id: key.tee_id(),
        request_hash: hex32(response["tee_request_hash"].as_str().unwrap()),
        output_hash: hex32(response["tee_output_hash"].as_str().unwrap()),
        timestamp: response["tee_timestamp"].as_u64().expect("integer timestamp"),
        signature,
        response,
        other_key_pem: doc["keys"]["other"].as_str().unwrap().to_string(),
        key_pem,
        key,
    }
}

/// RFC 6962 aunts of leaf `index` among `leaves` (bottom-up), as CometBFT's `ProofsFromByteSlices`.
fn aunts(leaves: &[Hash], index: usize) -> Vec<Hash> {
    if leaves.len() <= 1 {
        return Vec::new();
    }
    let k = leaves.len().next_power_of_two() / 2;
    let (left, right) = leaves.split_at(k);
    if index < k {
        let mut a = aunts(left, index);
        a.push(root_from_leaf_hashes(right));
        a
    } else {
        let mut a = aunts(right, index - k);
        a.push(root_from_leaf_hashes(left));
        a
    }
}

/// One block's transactions and their results.
#[derive(Clone)]
struct BlockBody {
    txs: Vec<Vec<u8>>,
    results: Vec<ExecTxResult>,
}

impl BlockBody {
    fn data_hash(&self) -> Hash {
        let hashes: Vec<Hash> = self.txs.iter().map(|t| sha256(t)).collect();
        root(&hashes)
    }

    fn tx_proof(&self, height: u64, index: usize) -> Value {
        let hashes: Vec<Hash> = self.txs.iter().map(|t| sha256(t)).collect();
        let leaves: Vec<Hash> = hashes.iter().map(|h| leaf_hash(h)).collect();
        json!({
            "hash": hex::encode_upper(hashes[index]), "height": height.to_string(), "index": index,
            "tx": b64(&self.txs[index]),
            "proof": {"root_hash": hex::encode_upper(self.data_hash()), "data": b64(&self.txs[index]),
                      "proof": {"total": self.txs.len().to_string(), "index": index.to_string(),
                                "leaf_hash": b64(&leaves[index]),
                                "aunts": aunts(&leaves, index).iter().map(|a| b64(a)).collect::<Vec<_>>()}}
        })
    }

    fn result_path(&self, index: usize) -> Value {
        let leaves: Vec<Hash> = self.results.iter().map(ExecTxResult::leaf_hash).collect();
        json!({"index": index, "total": self.results.len(), "result": result_json(&self.results[index]),
               "aunts": aunts(&leaves, index).iter().map(|a| b64(a)).collect::<Vec<_>>()})
    }

    fn all_results(&self, index: usize) -> Value {
        json!({"index": index, "results": self.results.iter().map(result_json).collect::<Vec<_>>()})
    }
}

fn result_json(r: &ExecTxResult) -> Value {
    json!({"code": r.code, "data": b64(&r.data), "gas_wanted": r.gas_wanted.to_string(), "gas_used": r.gas_used.to_string()})
}

/// An Ethereum call to `to` wrapped as a Cosmos tx, and its successful result with `logs`.
fn evm_call(
    nonce: u64,
    to: [u8; 20],
    input: &[u8],
    logs: &[evm::LogSpec],
    code: u32,
    vm_error: &str,
) -> (Vec<u8>, ExecTxResult) {
    let raw = evm::eip1559_tx(EVM_CHAIN_ID, nonce, to, input);
    let eth_hash = format!("0x{}", hex::encode(evm::keccak(&raw)));
    let data = evm::tx_msg_data(&[evm::msg_ethereum_tx_response(&eth_hash, logs, vm_error, 61_234)]);
    let result = ExecTxResult { code, data, gas_wanted: 9_000_000, gas_used: 61_234 };
    (evm::cosmos_tx_with_msg_ethereum_tx(&raw), result)
}

/// Two unrelated transactions around the settlement one.
fn filler(nonce: u64) -> (Vec<u8>, ExecTxResult) {
    let log = evm::LogSpec {
        address: [0x77; 20],
        topics: vec![evm::keccak(b"Transfer(address,address,uint256)")],
        data: evm::word(nonce).to_vec(),
    };
    evm_call(nonce, [0x77; 20], &[0xa9, 0x05, 0x9c, 0xbb], &[log], 0, "")
}

const BLOB_ID: &[u8] = b"walrus-blob-lightcheck-test";

/// What the individual settlement block holds, with knobs for the broken variants.
struct Individual {
    output_hash: [u8; 32],
    /// The timestamp the transaction's calldata carries (the event always carries the response's).
    call_timestamp: u64,
    contract: [u8; 20],
    code: u32,
    vm_error: &'static str,
}

impl Individual {
    fn honest(s: &Signed) -> Individual {
        Individual { output_hash: s.output_hash, call_timestamp: s.timestamp, contract: RELAY, code: 0, vm_error: "" }
    }

    fn body(&self, s: &Signed) -> BlockBody {
        let call = evm::settle_individual_calldata(
            s.tee_id,
            s.request_hash,
            self.output_hash,
            self.call_timestamp,
            USER,
            BLOB_ID,
            &s.signature,
        );
        let log = evm::individual_settlement_log(
            self.contract,
            s.tee_id,
            USER,
            s.request_hash,
            self.output_hash,
            s.timestamp,
            BLOB_ID,
            &s.signature,
        );
        let logs = if self.vm_error.is_empty() { vec![log] } else { Vec::new() };
        let (a, ra) = filler(1);
        let (t, rt) = evm_call(2, self.contract, &call, &logs, self.code, self.vm_error);
        let (b, rb) = filler(3);
        BlockBody { txs: vec![a, t, b], results: vec![ra, rt, rb] }
    }
}

/// `(teeId, inputHash, outputHash, signature, timestamp)`.
type LeafValue = ([u8; 32], [u8; 32], [u8; 32], Vec<u8>, u64);

/// The batch: the response's leaf among others, and the tree dump.
fn batch_tree(s: &Signed) -> (Value, [u8; 32]) {
    let others: Vec<LeafValue> = (0..6u8)
        .map(|i| {
            let h = |what: &str| evm::keccak(format!("batch {what} {i}").as_bytes());
            (h("tee"), h("input"), h("output"), vec![i; 256], s.timestamp + u64::from(i))
        })
        .collect();
    let mut values = vec![(s.tee_id, s.request_hash, s.output_hash, s.signature.clone(), s.timestamp)];
    values.extend(others);
    let leaf = |v: &LeafValue| {
        SettlementLeaf { tee_id: v.0, input_hash: v.1, output_hash: v.2, signature: &v.3, timestamp: v.4 }.hash()
    };
    // OpenZeppelin StandardMerkleTree: leaves sorted ascending, stored at the end of the array
    // in reverse; node i = hashPair(2i+1, 2i+2) (sorted pair).
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by_key(|&i| leaf(&values[i]));
    let n = values.len();
    let len = 2 * n - 1;
    let mut tree = vec![[0u8; 32]; len];
    let mut tree_index = vec![0usize; n];
    for (sorted, &i) in order.iter().enumerate() {
        tree[len - 1 - sorted] = leaf(&values[i]);
        tree_index[i] = len - 1 - sorted;
    }
    for i in (0..len - n).rev() {
        let (a, b) = (tree[2 * i + 1], tree[2 * i + 2]);
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        tree[i] = evm::keccak(&[lo, hi].concat());
    }
    let hex0x = |b: &[u8]| format!("0x{}", hex::encode(b));
    let dump = json!({
        "format": "standard-v1",
        "leafEncoding": ["bytes32", "bytes32", "bytes32", "bytes", "uint256"],
        "tree": tree.iter().map(|h| hex0x(h)).collect::<Vec<_>>(),
        "values": values.iter().zip(&tree_index).map(|(v, ti)| json!({
            "value": [hex0x(&v.0), hex0x(&v.1), hex0x(&v.2), hex0x(&v.3), v.4.to_string()],
            "treeIndex": ti,
        })).collect::<Vec<_>>(),
    });
    (dump, tree[0])
}

fn batch_body(root: [u8; 32], batch_size: u64) -> BlockBody {
    let call = evm::batch_settle_calldata(root, batch_size, BLOB_ID);
    let log = evm::batch_settlement_log(RELAY, root, batch_size, BLOB_ID);
    let (t, rt) = evm_call(4, RELAY, &call, &[log], 0, "");
    BlockBody { txs: vec![t], results: vec![rt] }
}

/// The chain whose block `H_INDIVIDUAL` holds `individual` and block `H_BATCH` holds `batch`.
fn chain(start_secs: i64, individual: &BlockBody, batch: &BlockBody) -> Vec<LightBlock> {
    custom_chain(LABEL, HEIGHTS, start_secs, 6, &|h, header| {
        let body = match h {
            H_INDIVIDUAL => Some(individual),
            H_BATCH => Some(batch),
            _ => None,
        };
        if let Some(body) = body {
            header.data_hash = body.data_hash().to_vec();
        }
        let previous = match h.checked_sub(1) {
            Some(H_INDIVIDUAL) => Some(individual),
            Some(H_BATCH) => Some(batch),
            _ => None,
        };
        if let Some(body) = previous {
            header.last_results_hash = results_root(&body.results).to_vec();
        }
    })
}

fn blocks_json(chain: &[LightBlock], heights: &[u64]) -> Value {
    Value::Array(heights.iter().map(|h| light_block_to_json_value(&chain[*h as usize - 1])).collect())
}

fn nitriding(key_spki: &[u8]) -> Vec<u8> {
    [&[0x12, 0x20][..], &sha256(b"lightcheck test TLS certificate")[..], &[0x12, 0x20], &sha256(key_spki)].concat()
}

struct Case {
    file: String,
    bundle: Value,
    now: u64,
    policy: Value,
    summary: &'static str,
    links: [&'static str; 6],
    code: Option<&'static str>,
    description: &'static str,
}

const V: &str = "verified";
const F: &str = "failed";
const M: &str = "missing";

/// The manifest and every file, as committed under `test-vectors/settlement/`.
pub fn files() -> Vec<(String, Vec<u8>)> {
    let s = signed();
    let start = s.timestamp as i64 + 30;
    let honest = Individual::honest(&s).body(&s);
    let (dump, batch_root) = batch_tree(&s);
    let batch = batch_body(batch_root, 7);
    let good_chain = chain(start, &honest, &batch);

    let (root_der, document, _pcrs) = crate::nitro::opengradient_document(&nitriding(s.key.spki_der()));
    let other_key = SigningKey::from_pem_or_der(s.other_key_pem.as_bytes()).unwrap();
    let (_, other_document, _) = crate::nitro::opengradient_document(&nitriding(other_key.spki_der()));
    let attestation = json!({"document": b64(&document)});

    let base = json!({
        "format": "lightcheck-settlement-bundle", "version": 1,
        "request": s.request, "response": s.response, "signing_key": s.key_pem,
    });
    let with = |extra: Value| {
        let mut b = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let individual_settlement = |body: &BlockBody| json!({"height": H_INDIVIDUAL.to_string(), "tx_result": body.result_path(1), "tx_proof": body.tx_proof(H_INDIVIDUAL, 1)});
    let individual_blocks = |c: &[LightBlock]| blocks_json(c, &[H_INDIVIDUAL, H_INDIVIDUAL + 1]);
    let batch_blocks = blocks_json(&good_chain, &[H_BATCH, H_BATCH + 1]);
    let now = s.timestamp + 600;
    let mut cases = Vec::new();
    #[allow(clippy::too_many_arguments)]
    fn add(
        cases: &mut Vec<Case>,
        file: &str,
        bundle: Value,
        now: u64,
        summary: &'static str,
        links: [&'static str; 6],
        code: Option<&'static str>,
        description: &'static str,
    ) {
        cases.push(Case { file: file.into(), bundle, now, policy: json!({}), summary, links, code, description });
    }

    // ---- settled ----
    let full = with(json!({"attestation": attestation, "light_blocks": individual_blocks(&good_chain),
                            "settlement": individual_settlement(&honest)}));
    add(
        &mut cases,
        "settled-individual.json",
        full.clone(),
        now,
        "settled",
        [V, V, V, V, V, V],
        None,
        "individual settlement: attestation, headers H and H+1, result path and tx proof, IndividualSettlement event",
    );
    add(
        &mut cases,
        "settled-individual-block-results.json",
        with(json!({"light_blocks": individual_blocks(&good_chain),
                    "settlement": {"height": H_INDIVIDUAL, "block_results": honest.all_results(1)}})),
        now,
        "settled",
        [V, M, M, V, V, V],
        None,
        "individual settlement proven from all of block H's results, without a tx proof or attestation",
    );
    let batch_settlement = |batch_part: Value| json!({"height": H_BATCH.to_string(), "tx_result": batch.result_path(0), "tx_proof": batch.tx_proof(H_BATCH, 0), "batch": batch_part});
    let parsed_dump = StandardTreeDump::from_json(dump.to_string().as_bytes()).expect("dump parses");
    let our_leaf = SettlementLeaf {
        tee_id: s.tee_id,
        input_hash: s.request_hash,
        output_hash: s.output_hash,
        signature: &s.signature,
        timestamp: s.timestamp,
    }
    .hash();
    let proof = parsed_dump.proof_for(&our_leaf).expect("proof");
    let hexes = |v: &[[u8; 32]]| v.iter().map(|h| format!("0x{}", hex::encode(h))).collect::<Vec<_>>();
    add(
        &mut cases,
        "settled-batch-proof.json",
        with(
            json!({"attestation": attestation, "light_blocks": batch_blocks, "settlement": batch_settlement(json!({"proof": hexes(&proof)}))}),
        ),
        now,
        "settled",
        [V, V, V, V, V, V],
        None,
        "batch settlement: Merkle proof of the response's leaf to the BatchSettlement root",
    );
    add(
        &mut cases,
        "settled-batch-tree.json",
        with(json!({"light_blocks": batch_blocks, "settlement": batch_settlement(json!({"tree": dump}))})),
        now,
        "settled",
        [V, M, M, V, V, V],
        None,
        "batch settlement: the StandardMerkleTree dump (Walrus blob) the proof is built from",
    );
    let other_leaf = parsed_dump.values[1].leaf_hash();
    let (leaves, mproof, flags) = parsed_dump.multi_proof_for(&[our_leaf, other_leaf]).expect("multiproof");
    add(
        &mut cases,
        "settled-batch-multiproof.json",
        with(
            json!({"light_blocks": batch_blocks, "settlement": batch_settlement(json!({"multiproof": {"leaves": hexes(&leaves), "proof": hexes(&mproof), "proofFlags": flags}}))}),
        ),
        now,
        "settled",
        [V, M, M, V, V, V],
        None,
        "batch settlement: a multiproof of two leaves, one the response's",
    );

    // ---- pending ----
    add(
        &mut cases,
        "pending-attested.json",
        with(json!({"attestation": attestation})),
        now,
        "pending",
        [V, V, V, M, M, M],
        None,
        "signed and attested, no settlement evidence yet (10 minutes after the response)",
    );
    add(
        &mut cases,
        "pending-overdue.json",
        with(json!({"attestation": attestation})),
        s.timestamp + 3600,
        "pending",
        [V, V, V, M, M, M],
        None,
        "signed and attested, no settlement an hour after the response (past the 15-minute bound)",
    );
    add(
        &mut cases,
        "pending-signed-only.json",
        base.clone(),
        now,
        "pending",
        [V, M, M, M, M, M],
        None,
        "only the request, the response and the key",
    );

    // ---- rejected: response ----
    let mut bad_sig = full.clone();
    let mut sig = s.signature.clone();
    sig[17] ^= 0x01;
    bad_sig["response"]["tee_signature"] = json!(b64(&sig));
    add(
        &mut cases,
        "rejected-signature.json",
        bad_sig,
        now,
        "rejected",
        [F, V, V, V, V, M],
        Some("opengradient.response.bad_signature"),
        "one bit of the RSA-PSS signature flipped",
    );
    let mut tampered = full.clone();
    tampered["request"]["messages"][0]["content"] = json!("Hi!");
    add(
        &mut cases,
        "rejected-request-tampered.json",
        tampered,
        now,
        "rejected",
        [F, V, V, V, V, M],
        Some("opengradient.response.request_hash"),
        "the request differs from the one the TEE signed",
    );

    // ---- rejected: enclave ----
    add(
        &mut cases,
        "rejected-binding-other-key.json",
        with(json!({"attestation": {"document": b64(&other_document)}})),
        now,
        "rejected",
        [V, V, F, M, M, M],
        Some("nitro.policy.key_binding"),
        "the attestation binds another signing key",
    );
    let mut forged_doc = document.clone();
    let last = forged_doc.len() - 5;
    forged_doc[last] ^= 0x40;
    add(
        &mut cases,
        "rejected-attestation-forged.json",
        with(json!({"attestation": {"document": b64(&forged_doc)}})),
        now,
        "rejected",
        [V, F, M, M, M, M],
        Some("nitro.cose.bad_signature"),
        "a bit of the attestation's COSE signature flipped",
    );
    cases.push(Case {
        file: "rejected-pcr-hash.json".into(),
        bundle: with(json!({"attestation": attestation})),
        now,
        policy: json!({"pcr_hash": hex::encode([0x99u8; 32])}),
        summary: "rejected",
        links: [V, F, M, M, M, M],
        code: Some("opengradient.binding.pcr_hash"),
        description: "the caller pins a pcrHash the enclave does not have",
    });

    // ---- rejected: header trust ----
    let mut forged_header = full.clone();
    forged_header["light_blocks"][1]["signed_header"]["header"]["last_results_hash"] =
        json!(hex::encode_upper([0x42u8; 32]));
    add(
        &mut cases,
        "rejected-header-forged.json",
        forged_header,
        now,
        "rejected",
        [V, V, V, F, M, M],
        Some("cometbft.header.hash_mismatch"),
        "header H+1's last_results_hash replaced: its commit no longer signs it",
    );
    add(
        &mut cases,
        "rejected-trust-expired.json",
        full.clone(),
        start as u64 + TRUSTING_PERIOD_SECS + 60,
        "rejected",
        [V, V, V, F, M, M],
        Some("cometbft.trust.expired"),
        "the trusted state is older than the trusting period at now",
    );
    let mut no_next = full.clone();
    no_next["light_blocks"] = blocks_json(&good_chain, &[H_INDIVIDUAL]);
    add(
        &mut cases,
        "rejected-missing-light-block.json",
        no_next,
        now,
        "rejected",
        [V, V, V, F, M, M],
        Some("cometbft.provider"),
        "the bundle lacks header H+1",
    );

    // ---- rejected: inclusion ----
    let forged_result_body = Individual { output_hash: [0x13; 32], ..Individual::honest(&s) }.body(&s);
    let mut forged_result = full.clone();
    forged_result["settlement"]["tx_result"] = forged_result_body.result_path(1);
    add(
        &mut cases,
        "rejected-result-forged.json",
        forged_result,
        now,
        "rejected",
        [V, V, V, V, F, M],
        Some("cometbft.proof.root_mismatch"),
        "a result the chain did not commit",
    );
    let mut other_index = full.clone();
    other_index["settlement"]["tx_proof"] = honest.tx_proof(H_INDIVIDUAL, 0);
    add(
        &mut cases,
        "rejected-tx-other-index.json",
        other_index,
        now,
        "rejected",
        [V, V, V, V, F, M],
        Some("cometbft.proof.invalid"),
        "the tx proof is for another transaction of block H than the result",
    );

    // ---- rejected: settlement match (each on its own chain, committed honestly) ----
    let mut variant = |file: &str, ind: Individual, code: &'static str, description: &'static str| {
        let body = ind.body(&s);
        let c = chain(start, &body, &batch);
        add(
            &mut cases,
            file,
            with(
                json!({"attestation": attestation, "light_blocks": individual_blocks(&c), "settlement": individual_settlement(&body)}),
            ),
            now,
            "rejected",
            [V, V, V, V, V, F],
            Some(code),
            description,
        );
    };
    variant(
        "rejected-event-mismatch.json",
        Individual { output_hash: [0x13; 32], ..Individual::honest(&s) },
        "opengradient.settlement.mismatch",
        "the settled event carries another output hash",
    );
    variant(
        "rejected-tx-failed.json",
        Individual { code: 5, ..Individual::honest(&s) },
        "opengradient.settlement.tx_failed",
        "the settlement transaction failed (code 5)",
    );
    variant(
        "rejected-vm-reverted.json",
        Individual { vm_error: "execution reverted", ..Individual::honest(&s) },
        "opengradient.settlement.tx_failed",
        "the EVM call reverted: code 0 but vm_error set, no event",
    );
    variant(
        "rejected-other-contract.json",
        Individual { contract: OTHER_CONTRACT, ..Individual::honest(&s) },
        "opengradient.settlement.event_missing",
        "the event comes from a contract other than the pinned relay",
    );
    variant(
        "rejected-calldata-mismatch.json",
        Individual { call_timestamp: s.timestamp + 1, ..Individual::honest(&s) },
        "opengradient.settlement.mismatch",
        "the event matches, but the proven transaction called settleIndividual with another timestamp",
    );
    let wrong_proof: Vec<[u8; 32]> = proof
        .iter()
        .map(|h| {
            let mut h = *h;
            h[0] ^= 1;
            h
        })
        .collect();
    add(
        &mut cases,
        "rejected-batch-wrong-proof.json",
        with(
            json!({"light_blocks": batch_blocks, "settlement": batch_settlement(json!({"proof": hexes(&wrong_proof)}))}),
        ),
        now,
        "rejected",
        [V, M, M, V, V, F],
        Some("opengradient.batch.root_mismatch"),
        "a Merkle proof that does not reach the batch root",
    );
    let mut v2 = base.clone();
    v2["version"] = json!(2);
    add(
        &mut cases,
        "unreadable-version-2.json",
        v2,
        now,
        "unreadable",
        [M, M, M, M, M, M],
        Some("opengradient.bundle.invalid"),
        "a bundle version this library does not read",
    );

    let trusted = json!({
        "format": "lightcheck-trusted-state", "version": 1,
        "settlement_contract": format!("0x{}", hex::encode(RELAY)),
        "trusting_period_secs": TRUSTING_PERIOD_SECS,
        "light_blocks": blocks_json(&good_chain, &[1]),
        "nitro_roots": [b64(&root_der)],
    });
    let names =
        ["response_signature", "attestation", "enclave_binding", "header_trust", "inclusion", "settlement_match"];
    let manifest = json!({
        "generator": "cargo run -p lightcheck-vectors (test-vectors/generator)",
        "description": "lightcheck settlement bundles on a simulated OpenGradient chain (4 test validators, Cosmos EVM-style transactions and results with the real IndividualSettlement / BatchSettlement encodings). Verify each bundle with trusted.json at `now` (Unix seconds) and the policy given; `summary` is the verdict, `links` each link's status, `error_code` the failed link's (or the bundle's) code.",
        "trusted": "trusted.json",
        "cases": cases.iter().map(|c| json!({
            "file": c.file, "now": c.now, "policy": c.policy, "summary": c.summary,
            "links": names.iter().zip(c.links).map(|(n, l)| (n.to_string(), json!(l))).collect::<serde_json::Map<_, _>>(),
            "error_code": c.code, "description": c.description,
        })).collect::<Vec<_>>(),
    });
    let pretty = |v: &Value| {
        let mut t = serde_json::to_vec_pretty(v).expect("json");
        t.push(b'\n');
        t
    };
    let mut files: Vec<(String, Vec<u8>)> = cases.iter().map(|c| (c.file.clone(), pretty(&c.bundle))).collect();
    files.push(("trusted.json".into(), pretty(&trusted)));
    files.push(("manifest.json".into(), pretty(&manifest)));
    files
}
