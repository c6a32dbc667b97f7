//! OpenGradient settlement codecs: the OpenZeppelin `StandardMerkleTree` code against vectors
//! produced by the real `@openzeppelin/merkle-tree` (test-vectors/opengradient/merkle-trees.json,
//! written by scripts/og-merkle-vectors), and an end-to-end decode of a hand-built settlement
//! transaction and its result.
#![cfg(feature = "opengradient")]

use lightcheck::opengradient::event::{self, BatchSettlement, IndividualSettlement};
use lightcheck::opengradient::evm;
use lightcheck::opengradient::merkle_tree::{
    process_multi_proof, process_proof, verify_multi_proof, verify_proof, StandardTreeDump,
};
use lightcheck::opengradient::Error;
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/opengradient/merkle-trees.json");
    let text = std::fs::read(path).expect("merkle-trees.json (run scripts/og-merkle-vectors)");
    serde_json::from_slice(&text).unwrap()
}

fn h32(v: &Value) -> [u8; 32] {
    let s = v.as_str().unwrap();
    hex::decode(s.strip_prefix("0x").unwrap()).unwrap().try_into().unwrap()
}

fn h32s(v: &Value) -> Vec<[u8; 32]> {
    v.as_array().unwrap().iter().map(h32).collect()
}

#[derive(Debug, PartialEq)]
struct OzMultiProof {
    leaves: Vec<[u8; 32]>,
    proof: Vec<[u8; 32]>,
    flags: Vec<bool>,
}

fn rejected(r: Result<(), Error>) -> bool {
    matches!(r, Err(Error::MerkleRootMismatch | Error::MerkleProofInvalid { .. }))
}

#[test]
fn merkle_trees_match_openzeppelin() {
    let v = vectors();
    assert_eq!(v["library"], "@openzeppelin/merkle-tree@1.0.8");
    let trees = v["trees"].as_array().unwrap();
    assert_eq!(trees.len(), 5);
    let (mut proofs_checked, mut multiproofs_checked) = (0, 0);
    for t in trees {
        let name = t["name"].as_str().unwrap();
        let dump_json = serde_json::to_vec(&t["dump"]).unwrap();
        let dump = StandardTreeDump::from_json(&dump_json).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let root = h32(&t["root"]);
        assert_eq!(dump.root(), root, "{name}");
        assert_eq!(dump.tree, h32s(&t["dump"]["tree"]), "{name}");

        for p in t["proofs"].as_array().unwrap() {
            let leaf = h32(&p["leaf"]);
            let value = &dump.values[p["valueIndex"].as_u64().unwrap() as usize];
            assert_eq!(value.leaf_hash(), leaf, "{name}: leaf hash");
            let oz_proof = h32s(&p["proof"]);
            let proof = dump.proof_for(&leaf).unwrap();
            assert_eq!(proof, oz_proof, "{name}: proof");
            assert_eq!(process_proof(leaf, &proof), root);
            verify_proof(leaf, &proof, &root).unwrap();
            proofs_checked += 1;

            // Mutations: every byte of every element flipped, an element dropped or added, a
            // different leaf.
            for i in 0..proof.len() {
                for b in 0..32 {
                    let mut m = proof.clone();
                    m[i][b] ^= 0x01;
                    assert!(rejected(verify_proof(leaf, &m, &root)), "{name}: flipped byte {i}/{b}");
                }
                let mut m = proof.clone();
                m.remove(i);
                assert!(rejected(verify_proof(leaf, &m, &root)), "{name}: dropped {i}");
            }
            for extra in [[0u8; 32], root, leaf] {
                let mut m = proof.clone();
                m.push(extra);
                assert!(rejected(verify_proof(leaf, &m, &root)), "{name}: extended");
                let mut m = proof.clone();
                m.insert(0, extra);
                assert!(rejected(verify_proof(leaf, &m, &root)), "{name}: prefixed");
            }
            let mut other = leaf;
            other[31] ^= 0x80;
            assert!(rejected(verify_proof(other, &proof, &root)), "{name}: other leaf");
            assert!(dump.proof_for(&other).is_err());
        }

        for mp in t["multiProofs"].as_array().unwrap() {
            let oz = OzMultiProof {
                leaves: h32s(&mp["leaves"]),
                proof: h32s(&mp["proof"]),
                flags: mp["proofFlags"].as_array().unwrap().iter().map(|f| f.as_bool().unwrap()).collect(),
            };
            let wanted: Vec<[u8; 32]> = mp["valueIndices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| dump.values[i.as_u64().unwrap() as usize].leaf().hash())
                .collect();
            let (leaves, proof, flags) = dump.multi_proof_for(&wanted).unwrap();
            assert_eq!(OzMultiProof { leaves, proof, flags }, oz, "{name}: multiproof of {}", mp["valueIndices"]);
            assert_eq!(process_multi_proof(&oz.leaves, &oz.proof, &oz.flags).unwrap(), root);
            verify_multi_proof(&oz.leaves, &oz.proof, &oz.flags, &root).unwrap();
            multiproofs_checked += 1;

            let check = |leaves: &[[u8; 32]], proof: &[[u8; 32]], flags: &[bool], what: &str| {
                let r = verify_multi_proof(leaves, proof, flags, &root);
                assert!(rejected(r), "{name}: multiproof {what} accepted");
            };
            for i in 0..oz.proof.len() {
                for b in [0, 13, 31] {
                    let mut p = oz.proof.clone();
                    p[i][b] ^= 0x04;
                    check(&oz.leaves, &p, &oz.flags, "with a flipped proof byte");
                }
                let mut p = oz.proof.clone();
                p.remove(i);
                check(&oz.leaves, &p, &oz.flags, "with a dropped element");
            }
            let mut p = oz.proof.clone();
            p.push(root);
            check(&oz.leaves, &p, &oz.flags, "with an extra element");
            for i in 0..oz.flags.len() {
                let mut f = oz.flags.clone();
                f[i] = !f[i];
                check(&oz.leaves, &oz.proof, &f, "with a flipped flag");
                if i + 1 < oz.flags.len() && oz.flags[i] != oz.flags[i + 1] {
                    let mut f = oz.flags.clone();
                    f.swap(i, i + 1);
                    check(&oz.leaves, &oz.proof, &f, "with swapped flags");
                }
            }
            let mut f = oz.flags.clone();
            f.push(true);
            check(&oz.leaves, &oz.proof, &f, "with an extra flag");
            for i in 0..oz.leaves.len() {
                let mut l = oz.leaves.clone();
                l[i][0] ^= 0x01;
                check(&l, &oz.proof, &oz.flags, "with a changed leaf");
                let mut l = oz.leaves.clone();
                l.remove(i);
                check(&l, &oz.proof, &oz.flags, "with a dropped leaf");
            }
        }

        // Dump mutations: a tree node, a value field, a tree index.
        let mut d = t["dump"].clone();
        let node = d["tree"][0].as_str().unwrap().replacen("0x", "0x0", 1)[..66].to_string();
        if node != d["tree"][0] {
            d["tree"][0] = node.into();
            assert!(StandardTreeDump::from_json(&serde_json::to_vec(&d).unwrap()).is_err(), "{name}: root");
        }
        let mut d = t["dump"].clone();
        d["values"][0]["value"][1] = format!("0x{}", "ab".repeat(32)).into();
        assert!(StandardTreeDump::from_json(&serde_json::to_vec(&d).unwrap()).is_err(), "{name}: value");
        let mut d = t["dump"].clone();
        let ti = d["values"][0]["treeIndex"].as_u64().unwrap();
        d["values"][0]["treeIndex"] = (ti ^ 1).into();
        assert!(StandardTreeDump::from_json(&serde_json::to_vec(&d).unwrap()).is_err(), "{name}: treeIndex");
    }
    assert!(proofs_checked >= 33 && multiproofs_checked >= 15, "{proofs_checked} {multiproofs_checked}");
}

// ---- end to end: a settlement transaction and its result, built by hand ----

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn field(out: &mut Vec<u8>, n: u64, bytes: &[u8]) {
    varint(out, n << 3 | 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn any(type_url: &str, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    field(&mut out, 1, type_url.as_bytes());
    field(&mut out, 2, value);
    out
}

fn word(v: u64) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&v.to_be_bytes());
    w
}

fn abi_bytes(b: &[u8]) -> Vec<u8> {
    let mut out = word(b.len() as u64).to_vec();
    out.extend_from_slice(b);
    out.resize(32 + b.len().div_ceil(32) * 32, 0);
    out
}

fn rlp_bytes(b: &[u8]) -> Vec<u8> {
    if b.len() == 1 && b[0] < 0x80 {
        return b.to_vec();
    }
    let mut out = rlp_len(0x80, b.len());
    out.extend_from_slice(b);
    out
}

fn rlp_len(base: u8, len: usize) -> Vec<u8> {
    if len < 56 {
        return vec![base + len as u8];
    }
    let be = (len as u64).to_be_bytes();
    let skip = be.iter().take_while(|&&b| b == 0).count();
    let mut out = vec![base + 55 + (8 - skip) as u8];
    out.extend_from_slice(&be[skip..]);
    out
}

fn rlp_uint(v: u64) -> Vec<u8> {
    let be = v.to_be_bytes();
    let skip = be.iter().take_while(|&&b| b == 0).count();
    rlp_bytes(&be[skip..])
}

fn rlp_list(items: &[Vec<u8>]) -> Vec<u8> {
    let payload = items.concat();
    let mut out = rlp_len(0xc0, payload.len());
    out.extend(payload);
    out
}

#[test]
fn individual_settlement_end_to_end() {
    let relay = [0x5e; 20];
    let (tee_id, input_hash, output_hash, user) = ([0x11; 32], [0x22; 32], [0x33; 32], [0x44; 20]);
    let (timestamp, blob, sig) = (1_770_000_000u64, b"walrus-blob-id".as_slice(), vec![0x77u8; 256]);

    // settleIndividual calldata → EIP-1559 tx → MsgEthereumTx → TxBody → TxRaw.
    let mut calldata = event::SETTLE_INDIVIDUAL_SELECTOR.to_vec();
    let mut addr_word = [0u8; 32];
    addr_word[12..].copy_from_slice(&user);
    for w in [tee_id, input_hash, output_hash, word(timestamp), addr_word, word(7 * 32)] {
        calldata.extend_from_slice(&w);
    }
    let blob_tail = abi_bytes(blob);
    calldata.extend_from_slice(&word(7 * 32 + blob_tail.len() as u64));
    calldata.extend(&blob_tail);
    calldata.extend(abi_bytes(&sig));
    let mut raw = vec![2u8];
    raw.extend(rlp_list(&[
        rlp_uint(10740),
        rlp_uint(3),
        rlp_uint(1_000_000),
        rlp_uint(2_000_000),
        rlp_uint(9_000_000),
        rlp_bytes(&relay),
        rlp_uint(0),
        rlp_bytes(&calldata),
        rlp_list(&[]),
        rlp_uint(1),
        rlp_bytes(&[0x12; 32]),
        rlp_bytes(&[0x34; 32]),
    ]));
    let mut msg = Vec::new();
    field(&mut msg, 5, &[0x99; 20]);
    field(&mut msg, 6, &raw);
    let mut body = Vec::new();
    field(&mut body, 1, &any(evm::MSG_ETHEREUM_TX_TYPE_URL, &msg));
    let mut tx = Vec::new();
    field(&mut tx, 1, &body);

    let txs = evm::ethereum_txs(&tx).unwrap();
    assert_eq!(txs.len(), 1);
    let eth = &txs[0];
    assert_eq!((eth.tx_type, eth.chain_id, eth.nonce, eth.to), (2, Some(10740), 3, Some(relay)));
    let call = event::decode_settle_individual(&eth.input).unwrap();
    assert_eq!(
        (call.tee_id, call.input_hash, call.output_hash, call.timestamp, call.eth_address),
        (tee_id, input_hash, output_hash, timestamp, user)
    );
    assert_eq!((call.walrus_blob_id.as_slice(), call.signature.as_slice()), (blob, sig.as_slice()));

    // The result: TxMsgData{msg_responses: [MsgEthereumTxResponse{hash, logs: [IndividualSettlement]}]}.
    let hash_hex = format!("0x{}", hex::encode(eth.hash));
    let mut data = Vec::new();
    for w in [input_hash, output_hash, word(timestamp), word(5 * 32)] {
        data.extend_from_slice(&w);
    }
    data.extend_from_slice(&word(5 * 32 + blob_tail.len() as u64));
    data.extend(&blob_tail);
    data.extend(abi_bytes(&sig));
    let mut log = Vec::new();
    field(&mut log, 1, format!("0x{}", hex::encode_upper(relay)).as_bytes());
    for t in [event::INDIVIDUAL_SETTLEMENT_TOPIC, tee_id, addr_word] {
        field(&mut log, 2, format!("0x{}", hex::encode(t)).as_bytes());
    }
    field(&mut log, 3, &data);
    let mut resp = Vec::new();
    field(&mut resp, 1, hash_hex.as_bytes());
    field(&mut resp, 2, &log);
    resp.push(5 << 3);
    varint(&mut resp, 52_000);
    let mut msg_data = Vec::new();
    field(&mut msg_data, 2, &any(evm::MSG_ETHEREUM_TX_RESPONSE_TYPE_URL, &resp));

    let responses = evm::eth_tx_responses(&msg_data).unwrap();
    assert_eq!(responses.len(), 1);
    let r = &responses[0];
    assert_eq!(r.tx_hash().unwrap(), eth.hash);
    assert_eq!((r.vm_error.as_str(), r.gas_used), ("", 52_000));
    assert_eq!(r.logs[0].address, relay);
    assert!(event::is_individual(&r.logs[0]));
    let ev = IndividualSettlement::from_log(&r.logs[0]).unwrap();
    assert_eq!(
        ev,
        IndividualSettlement {
            tee_id,
            eth_address: user,
            input_hash,
            output_hash,
            timestamp,
            walrus_blob_id: blob.to_vec(),
            signature: sig.clone()
        }
    );
    assert!(BatchSettlement::from_log(&r.logs[0]).is_err());

    // Every single-byte corruption of the three encodings decodes or errors; none panics.
    for (i, x) in (0..tx.len()).flat_map(|i| [(i, 0x01u8), (i, 0x80), (i, 0xff)]) {
        let mut m = tx.clone();
        m[i] ^= x;
        if let Ok(txs) = evm::ethereum_txs(&m) {
            for t in txs {
                let _ = event::decode_settle_individual(&t.input);
            }
        }
        let _ = evm::decode_raw_tx(&m[i.min(m.len() - 1)..]);
    }
    for (i, x) in (0..msg_data.len()).flat_map(|i| [(i, 0x01u8), (i, 0x80), (i, 0xff)]) {
        let mut m = msg_data.clone();
        m[i] ^= x;
        for r in evm::eth_tx_responses(&m).unwrap_or_default() {
            for l in &r.logs {
                let _ = IndividualSettlement::from_log(l);
                let _ = BatchSettlement::from_log(l);
            }
        }
    }
}
