//! Merkle and ICS23 proofs. The first byte picks the decoder; the rest is its input:
//! - 0: a `/tx?prove=true` response, verified against the root it carries;
//! - 1: `/block_results`, whose own results root must then verify for every index;
//! - 2: an `/abci_query` response, its proof ops verified against the root of its last op;
//! - 3: a raw ICS23 `CommitmentProof`;
//! - 4: a CometBFT Merkle path (index, total, leaf, aunts) from raw words;
//! - 5: an OpenZeppelin `StandardMerkleTree` dump, every leaf's proof and a multiproof of all
//!   leaves verified against its root;
//! - 6: an OpenZeppelin multiproof from raw words and flags.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lightcheck::cometbft::inclusion::{self, AbciQuery, BlockResults, TxProof};
use lightcheck::cometbft::merkle;
use lightcheck::opengradient::merkle_tree::{self, StandardTreeDump};

fn words<const N: usize>(data: &[u8]) -> Vec<[u8; N]> {
    data.chunks_exact(N).map(|c| c.try_into().unwrap_or([0; N])).collect()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, data)) = data.split_first() else { return };
    match mode % 7 {
        0 => {
            if let Ok(proof) = TxProof::from_json(data) {
                let root = proof.root_hash;
                let _ = inclusion::verify_tx(&proof, 1, &root);
            }
        }
        1 => {
            if let Ok(block) = BlockResults::from_json(data) {
                let root = inclusion::results_root(&block.results);
                inclusion::verify_block_results(&block.results, &root)
                    .expect("a results list verifies against its own root");
                for index in 0..block.results.len().min(8) {
                    inclusion::verify_tx_result(&block.results, index as u64, 1, &root)
                        .expect("each result verifies against its own root");
                }
            }
        }
        2 => {
            if let Ok(query) = AbciQuery::from_json(data) {
                if let Some(ops) = &query.proof_ops {
                    if let Some(root) = ops.last().and_then(|op| inclusion::ics23_existence_root(&op.data).ok()) {
                        let keys: Vec<&[u8]> = ops.iter().rev().map(|op| op.key.as_slice()).collect();
                        let _ = inclusion::verify_proof_ops(ops, &keys, Some(&query.value), &root);
                        let _ = inclusion::verify_proof_ops(ops, &keys, None, &root);
                    }
                }
            }
        }
        3 => {
            let _ = inclusion::decode_commitment_proof(data);
            let _ = inclusion::ics23_existence_root(data);
        }
        4 => {
            if data.len() >= 48 {
                let index = u64::from_le_bytes(data[..8].try_into().unwrap_or_default());
                let total = u64::from_le_bytes(data[8..16].try_into().unwrap_or_default());
                let leaf: [u8; 32] = data[16..48].try_into().unwrap_or_default();
                let _ = merkle::root_from_aunts(index, total, leaf, &words::<32>(&data[48..]));
            }
        }
        5 => {
            if let Ok(tree) = StandardTreeDump::from_json(data) {
                let root = tree.root();
                let leaves: Vec<[u8; 32]> = tree.values.iter().take(64).map(|v| v.leaf_hash()).collect();
                for leaf in &leaves {
                    let proof = tree.proof_for(leaf).expect("a leaf of the tree has a proof");
                    merkle_tree::verify_proof(*leaf, &proof, &root).expect("the tree's own proof verifies");
                }
                if let Ok((leaves, proof, flags)) = tree.multi_proof_for(&leaves) {
                    merkle_tree::verify_multi_proof(&leaves, &proof, &flags, &root)
                        .expect("the tree's own multiproof verifies");
                }
            }
        }
        _ => {
            let Some((&n, rest)) = data.split_first() else { return };
            let words = words::<32>(rest);
            let (leaves, proof) = words.split_at((usize::from(n) % 8).min(words.len()));
            let flags: Vec<bool> = rest.iter().map(|b| b & 1 == 1).take(leaves.len() + proof.len()).collect();
            let _ = merkle_tree::process_multi_proof(leaves, proof, &flags);
        }
    }
});
