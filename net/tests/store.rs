//! The directory store: what is saved is what is opened, pruning keeps the highest blocks, a
//! half-written state leaves the previous one readable, and a store that lightcheck did not
//! write is refused with a typed error.

use std::fs;
use std::path::PathBuf;

use lightcheck::cometbft::{json, LightBlock, Options};
use lightcheck_net::{Settings, Store, StoreError};
use serde_json::Value;

fn blocks() -> Vec<LightBlock> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/network/devnet.json");
    let v: Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
    v["a"].as_array().unwrap().iter().map(|b| json::light_block_from_json_value(b.clone()).unwrap()).collect()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lightcheck-store-test-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn settings(chain_id: &str, max_blocks: usize) -> Settings {
    Settings {
        chain_id: chain_id.into(),
        options: Options::default(),
        primary: "http://127.0.0.1:26657".into(),
        witnesses: vec!["http://127.0.0.2:26657".into()],
        max_blocks,
    }
}

#[test]
fn saves_opens_and_prunes() {
    let blocks = blocks();
    let chain = blocks[0].signed_header.header.chain_id.clone();
    let dir = scratch("roundtrip");
    let mut store = Store::create(&dir, settings(&chain, 3)).unwrap();
    store.insert(&blocks[..2]);
    store.save().unwrap();
    let reopened = Store::open(&dir).unwrap();
    assert_eq!(reopened.blocks(), &blocks[..2]);
    assert_eq!(reopened.settings, settings(&chain, 3));
    // Beyond the bound the lowest go, on disk too.
    let mut store = reopened;
    store.insert(&blocks[5..8]);
    store.save().unwrap();
    let heights: Vec<u64> = Store::open(&dir).unwrap().blocks().iter().map(LightBlock::height).collect();
    assert_eq!(heights, vec![6, 7, 8]);
    let mut files: Vec<String> =
        fs::read_dir(dir.join("blocks")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    files.sort();
    assert_eq!(files, vec!["6.json", "7.json", "8.json"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_interrupted_write_leaves_the_previous_state() {
    let blocks = blocks();
    let chain = blocks[0].signed_header.header.chain_id.clone();
    let dir = scratch("interrupted");
    let mut store = Store::create(&dir, settings(&chain, 10)).unwrap();
    store.insert(&blocks[..1]);
    store.save().unwrap();
    // A later run died after writing a block file and a temporary index, before the rename.
    fs::write(dir.join("blocks").join("9.json"), json::light_block_to_json_value(&blocks[8]).to_string()).unwrap();
    fs::write(dir.join(".lightcheck.json.999.tmp"), b"{\"format\": 1, \"heig").unwrap();
    let reopened = Store::open(&dir).unwrap();
    assert_eq!(reopened.blocks(), &blocks[..1]);
    // The next save rewrites what it needs and cleans up.
    let mut store = reopened;
    store.insert(&blocks[8..9]);
    store.save().unwrap();
    assert_eq!(Store::open(&dir).unwrap().blocks().len(), 2);
    assert!(!dir.join(".lightcheck.json.999.tmp").exists());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn refuses_what_lightcheck_did_not_write() {
    let blocks = blocks();
    let chain = blocks[0].signed_header.header.chain_id.clone();
    let dir = scratch("corrupt");
    let mut store = Store::create(&dir, settings(&chain, 10)).unwrap();
    store.insert(&blocks[..2]);
    store.save().unwrap();
    let corrupt = |dir: &PathBuf| matches!(Store::open(dir), Err(StoreError::Corrupt { .. }));
    // A block file that holds another height.
    let one = dir.join("blocks").join("1.json");
    let saved = fs::read(&one).unwrap();
    fs::copy(dir.join("blocks").join("2.json"), &one).unwrap();
    assert!(corrupt(&dir));
    // A block of another chain.
    let mut other = blocks[0].clone();
    other.signed_header.header.chain_id = "other-chain".into();
    fs::write(&one, json::light_block_to_json_value(&other).to_string()).unwrap();
    assert!(corrupt(&dir));
    fs::write(&one, saved).unwrap();
    assert!(Store::open(&dir).is_ok());
    // A listed block that is missing.
    fs::remove_file(dir.join("blocks").join("2.json")).unwrap();
    assert!(matches!(Store::open(&dir), Err(StoreError::Io { .. })));
    // An index of another format.
    fs::write(dir.join("lightcheck.json"), b"{\"format\": 2}").unwrap();
    let err = Store::open(&dir).unwrap_err();
    assert_eq!(err.code(), "store.corrupt");
    fs::remove_dir_all(&dir).unwrap();
}

/// `--evidence-out /dev/null` once renamed a file over `/dev/null`; a special file is written in
/// place and stays what it was. A FIFO stands in for the device.
#[cfg(unix)]
#[test]
fn a_special_file_is_written_in_place_not_replaced() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("fifo");
    fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("out");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            fs::File::open(fifo).unwrap().read_to_string(&mut text).unwrap();
            text
        })
    };
    lightcheck_net::store::write_atomically(&fifo, b"evidence").unwrap();
    // Checked before joining: a replaced FIFO never gets a writer, so its reader would wait forever.
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO was replaced by a file");
    assert_eq!(reader.join().unwrap(), "evidence");
}
