//! Raw bytes through every CometBFT JSON decoder: light blocks (tendermint-rs, lumina and RPC
//! shapes), signed headers and `/commit`, validator-set pages, a light client's saved state,
//! transaction proofs, block results and ABCI queries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lightcheck::cometbft::inclusion::{AbciQuery, BlockResults, TxProof};
use lightcheck::cometbft::{json, TrustedStore};

fuzz_target!(|data: &[u8]| {
    if let Ok(block) = json::light_block_from_json(data) {
        // A decoded block re-encodes and decodes to itself.
        let again = json::light_block_from_json(json::light_block_to_json_value(&block).to_string().as_bytes());
        assert_eq!(again.as_ref().ok(), Some(&block), "light block JSON round trip");
    }
    let _ = json::signed_header_from_json(data);
    let _ = json::validator_set_from_json_pages(&[data]);
    let half = data.len() / 2;
    let _ = json::validator_set_from_json_pages(&[&data[..half], &data[half..]]);
    let _ = TrustedStore::<8>::from_json(data);
    let _ = TxProof::from_json(data);
    let _ = BlockResults::from_json(data);
    let _ = AbciQuery::from_json(data);
});
