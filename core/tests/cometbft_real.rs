//! Real chain data: CometBFT 0.34/0.37/0.38 kvstore and gaia RPC responses, and lumina's
//! celestia devnet chains.
#![cfg(feature = "cometbft")]

mod common;

use std::path::PathBuf;
use std::time::Duration;

use lightcheck::cometbft::json::{self, light_blocks_from_json, validator_set_from_json_value};
use lightcheck::cometbft::{verify, verify_commit, CountingMode, LightBlock, Options, Verdict};
use lightcheck::time::Timestamp;

fn rpc_dirs() -> Vec<(String, PathBuf)> {
    let Some(dir) = common::shared_vectors() else { return Vec::new() };
    let rpc = dir.join("cometbft/tendermint-rs/rpc");
    ["v0_34", "v0_37", "v0_38"]
        .iter()
        .map(|v| (v.to_string(), rpc.join("kvstore_fixtures").join(v).join("incoming")))
        .chain([("gaia".to_string(), rpc.join("gaia_fixtures/incoming"))])
        .collect()
}

/// The genesis validators; gaia's genesis has none (they come from gentxs), so its single
/// validator is taken from `/status`.
fn genesis_validators(dir: &std::path::Path) -> lightcheck::cometbft::ValidatorSet {
    let g = common::json(&dir.join("genesis.json"));
    let validators = match &g["result"]["genesis"]["validators"] {
        serde_json::Value::Null => {
            serde_json::json!([common::json(&dir.join("status.json"))["result"]["validator_info"]])
        }
        v => v.clone(),
    };
    validator_set_from_json_value(serde_json::json!({ "validators": validators })).unwrap()
}

#[test]
fn commits_at_height_10_verify_against_the_genesis_validators() {
    for (version, dir) in rpc_dirs() {
        let sh = json::signed_header_from_json(&std::fs::read(dir.join("commit_at_height_10.json")).unwrap()).unwrap();
        let vals = genesis_validators(&dir);
        for mode in [CountingMode::StopAtThreshold, CountingMode::VerifyAll] {
            verify_commit(&sh, &vals, mode).unwrap_or_else(|e| panic!("{version}: {e}"));
        }
        // Any change to what was signed breaks it.
        let mut forged = sh.clone();
        forged.header.app_hash.push(0);
        assert_eq!(
            verify_commit(&forged, &vals, CountingMode::VerifyAll).unwrap_err().code(),
            "cometbft.header.hash_mismatch"
        );
        let mut forged = sh.clone();
        forged.commit.round += 1;
        assert_eq!(
            verify_commit(&forged, &vals, CountingMode::VerifyAll).unwrap_err().code(),
            "cometbft.commit.bad_signature"
        );
    }
}

#[test]
fn blocks_hash_to_their_block_id_and_their_data_hash() {
    for (version, dir) in rpc_dirs() {
        let block = common::json(&dir.join("block_at_height_10.json"));
        let result = &block["result"];
        let sh = json::signed_header_from_json_value(serde_json::json!({
            "header": result["block"]["header"],
            "commit": {"height": result["block"]["header"]["height"], "block_id": result["block_id"], "signatures": []},
        }))
        .unwrap();
        assert_eq!(
            hex::encode_upper(sh.header.hash().unwrap()),
            result["block_id"]["hash"].as_str().unwrap(),
            "{version}"
        );
        let txs: Vec<Vec<u8>> = result["block"]["data"]["txs"]
            .as_array()
            .map(|t| t.iter().map(|x| base64_decode(x.as_str().unwrap())).collect())
            .unwrap_or_default();
        let leaves: Vec<[u8; 32]> = txs.iter().map(|t| sha256(t)).collect();
        assert_eq!(lightcheck::cometbft::merkle::root(&leaves)[..], sh.header.data_hash[..], "{version}");
    }
}

fn sha256(b: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(b).into()
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

fn lumina(name: &str) -> Option<Vec<LightBlock>> {
    let dir = common::shared_vectors()?.join("cometbft/lumina");
    let path = dir.join(name);
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort_by_key(|p| {
            p.file_stem().unwrap().to_string_lossy().rsplit('_').next().unwrap().parse::<u64>().unwrap_or(0)
        });
        Some(files.iter().map(|f| json::light_block_from_json(&std::fs::read(f).unwrap()).unwrap()).collect())
    } else {
        Some(light_blocks_from_json(&std::fs::read(path).unwrap()).unwrap())
    }
}

fn options() -> Options {
    Options::new(Duration::from_secs(14 * 24 * 3600))
}

fn after(b: &LightBlock) -> Timestamp {
    Timestamp::from_unix_secs(b.time().unix_secs() + 1).unwrap()
}

#[test]
fn lumina_chain_verifies_sequentially_and_by_skipping() {
    let Some(chain) = lumina("chain3/extended_header_block_1_to_256.json") else { return };
    assert_eq!(chain.len(), 256);
    let now = after(chain.last().unwrap());
    for pair in chain.windows(2) {
        verify(&pair[1], &pair[0], &options(), now)
            .unwrap_or_else(|e| panic!("{} → {}: {e}", pair[0].height(), pair[1].height()));
    }
    // Skipping from the first block to the last: the trusted block's next validators are the
    // set that signs block 2 (hash-checked against its next_validators_hash).
    let mut first = chain[0].clone();
    first.next_validators = Some(chain[1].validators.clone());
    for counting in [CountingMode::StopAtThreshold, CountingMode::VerifyAll] {
        let opts = Options { counting, ..options() };
        verify(chain.last().unwrap(), &first, &opts, now).unwrap();
    }
}

#[test]
fn lumina_forks_are_not_trusted() {
    let (Some(a), Some(b)) = (lumina("chain1"), lumina("chain2")) else { return };
    let mut trusted = a[0].clone();
    trusted.next_validators = Some(a[0].validators.clone());
    for untrusted in &b[1..] {
        let verdict = Verdict::from(verify(untrusted, &trusted, &options(), after(untrusted)));
        assert_ne!(verdict, Verdict::Success, "chain2 block {} verified from chain1", untrusted.height());
    }
}

#[test]
fn light_blocks_round_trip_through_json_and_the_store() {
    use lightcheck::cometbft::json::light_block_to_json_value;
    use lightcheck::cometbft::TrustedStore;
    let Some(chain) = lumina("chain3/extended_header_block_1_to_256.json") else { return };
    for block in &chain[..20] {
        let again = json::light_block_from_json_value(light_block_to_json_value(block)).unwrap();
        assert_eq!(&again, block);
    }
    let mut store = TrustedStore::<8>::new();
    for block in chain[..20].iter().rev() {
        store.insert(block.clone());
    }
    // Inserted from the top down: the eight highest stay.
    let heights: Vec<u64> = store.blocks().iter().map(LightBlock::height).collect();
    assert_eq!(heights, (13..=20).collect::<Vec<_>>());
    store.insert(chain[30].clone());
    assert_eq!(store.latest().unwrap().height(), 31);
    assert_eq!(store.blocks()[0].height(), 14);
    assert_eq!(store.highest_at_or_below(25).unwrap().height(), 20);
    assert_eq!(store.lowest_above(5).unwrap().height(), 14);
    let restored = TrustedStore::<8>::from_json(store.to_json().as_bytes()).unwrap();
    assert_eq!(restored.blocks(), store.blocks());
    assert!(TrustedStore::<2>::from_json(store.to_json().as_bytes()).is_err());
}

/// A provider over a fixed chain, counting fetches.
struct Fixture<'a> {
    chain: &'a [LightBlock],
    fetched: Vec<u64>,
}

impl lightcheck::cometbft::Provider for Fixture<'_> {
    fn light_block(&mut self, height: u64) -> Result<LightBlock, lightcheck::cometbft::Error> {
        self.fetched.push(height);
        let mut block = self
            .chain
            .iter()
            .find(|b| b.height() == height)
            .cloned()
            .ok_or(lightcheck::cometbft::Error::Provider { height, reason: "no such block".into() })?;
        if let Some(next) = self.chain.iter().find(|b| b.height() == height + 1) {
            block.next_validators = Some(next.validators.clone());
        }
        Ok(block)
    }
}

#[test]
fn scheduler_skips_forward_and_hash_chains_backwards_on_a_real_chain() {
    use lightcheck::cometbft::{verify_backwards, verify_to_height, Provider, StepOutcome};
    let Some(chain) = lumina("chain3/extended_header_block_1_to_256.json") else { return };
    let now = after(chain.last().unwrap());
    let mut provider = Fixture { chain: &chain, fetched: Vec::new() };
    let trusted = provider.light_block(1).unwrap();
    provider.fetched.clear();
    // One validator throughout: a single skip reaches the target.
    let trace = verify_to_height(&mut provider, &trusted, 256, &options(), now).unwrap();
    assert_eq!(trace.verified.len(), 1);
    assert_eq!(trace.verified[0].height(), 256);
    assert_eq!(provider.fetched, vec![256]);
    // Backwards from 200 to 190: eleven hash links, no signatures.
    let top = provider.light_block(200).unwrap();
    let trace = verify_backwards(&mut provider, &top, 190, &options(), now).unwrap();
    assert_eq!(trace.verified.iter().map(LightBlock::height).collect::<Vec<_>>(), (190..200).rev().collect::<Vec<_>>());
    assert!(trace.path.iter().all(|s| s.outcome == StepOutcome::HashLinked));
    // A provider that lies about a lower block is caught by the hash link, however consistent
    // the lie is in itself.
    let mut forged: Vec<LightBlock> = chain.clone();
    let lie = &mut forged[194].signed_header;
    lie.header.app_hash = vec![0xAA; 32];
    let err = verify_backwards(&mut Fixture { chain: &forged, fetched: Vec::new() }, &top, 190, &options(), now);
    assert_eq!(err.unwrap_err().code(), "cometbft.header.hash_mismatch");
    let lie = &mut forged[194].signed_header;
    lie.commit.block_id.hash = lie.header.hash().unwrap().to_vec();
    let err = verify_backwards(&mut Fixture { chain: &forged, fetched: Vec::new() }, &top, 190, &options(), now);
    assert_eq!(err.unwrap_err().code(), "cometbft.header.last_block_id");
    // The target must lie on the right side of the trusted height.
    assert_eq!(verify_to_height(&mut provider, &top, 100, &options(), now).unwrap_err().code(), "cometbft.schedule");
    assert_eq!(verify_backwards(&mut provider, &top, 250, &options(), now).unwrap_err().code(), "cometbft.schedule");
}
