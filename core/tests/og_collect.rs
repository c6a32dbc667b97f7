//! The collector's I/O-free half (`opengradient::collect`) on the generated settlement chain:
//! a `/tx_search` page built from the vector's transaction is searched, and the bundle written
//! from what was found verifies as the vector does. The real chain exercises the same code in
//! `scripts/og-chain-test`.
#![cfg(feature = "opengradient")]

use lightcheck::cometbft::inclusion::ExecTxResult;
use lightcheck::cometbft::json::light_blocks_from_json;
use lightcheck::opengradient::collect::{
    bundle_json, bundle_light_blocks, settlement_tx_hash, url_encode, BundleParts, Search, SettlementParts,
};
use lightcheck::opengradient::pyjson;
use lightcheck::opengradient::report::verify_decoded_bundle;
use lightcheck::opengradient::{
    verify_response, Bundle, BundlePolicy, ResponseOptions, SigningKey, Summary, TrustedState, VerifiedResponse,
};
use lightcheck::time::Timestamp;
use serde_json::{json, Value};

fn read(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-vectors/settlement").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn vector(name: &str) -> Value {
    serde_json::from_slice(&read(name)).unwrap()
}

fn verified(bundle: &Value) -> VerifiedResponse {
    let text = |k: &str| serde_json::to_vec(&bundle[k]).unwrap();
    let key = SigningKey::from_pem_or_der(bundle["signing_key"].as_str().unwrap().as_bytes()).unwrap();
    let request = lightcheck::opengradient::pyjson::parse(&text("request")).unwrap();
    let response = lightcheck::opengradient::pyjson::parse(&text("response")).unwrap();
    verify_response(&request, &response, &key, &ResponseOptions::default()).unwrap()
}

/// The vector's settlement transaction as one `/tx_search` item (the RPC lists `tx_result` too).
fn search_page(bundle: &Value, total: u64) -> Vec<u8> {
    let mut item = bundle["settlement"]["tx_proof"].clone();
    item["tx_result"] = bundle["settlement"]["tx_result"]["result"].clone();
    serde_json::to_vec(
        &json!({"jsonrpc": "2.0", "id": -1, "result": {"txs": [item], "total_count": total.to_string()}}),
    )
    .unwrap()
}

fn contract() -> [u8; 20] {
    let trusted = TrustedState::from_json(&read("trusted.json")).unwrap();
    trusted.settlement_contract
}

#[test]
fn finds_the_settlement_and_writes_a_bundle_that_settles() {
    let v = vector("settled-individual.json");
    let all = vector("settled-individual-block-results.json");
    let response = verified(&v);
    let mut search = Search::new(&response, contract(), None, None).unwrap();
    assert!(search.query().starts_with("tx_log.txLog CONTAINS '0x"), "{}", search.query());
    let first = search.needed().unwrap();
    assert!(first.contains("page=1") && first.contains(&url_encode("\"desc\"")), "{first}");
    let found = search.feed(&search_page(&v, 1)).unwrap().expect("the settlement is on the page");
    assert_eq!((found.height, found.index), (8, 1));

    let results: Vec<ExecTxResult> = all["settlement"]["block_results"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| ExecTxResult::from_value(r, "results[]").unwrap())
        .collect();
    let blocks = light_blocks_from_json(&serde_json::to_vec(&v["light_blocks"]).unwrap()).unwrap();
    let (request, response_text) =
        (serde_json::to_vec(&v["request"]).unwrap(), serde_json::to_vec(&v["response"]).unwrap());
    let parts = BundleParts {
        request: &request,
        response: &response_text,
        content: None,
        signing_key: v["signing_key"].as_str().unwrap(),
        attestation: None,
        light_blocks: &blocks,
        settlement: Some(SettlementParts { found: &found, results: &results, batch: None }),
        provenance: json!({"test": true}),
    };
    let text = bundle_json(&parts).unwrap();
    let trusted = TrustedState::from_json(&read("trusted.json")).unwrap();
    let now = Timestamp::from_unix_secs(1_770_000_600).unwrap();
    let report =
        verify_decoded_bundle(&Bundle::from_json(text.as_bytes()).unwrap(), &trusted, &BundlePolicy::default(), now);
    assert!(matches!(report.summary, Summary::Settled { height: 8, .. }), "{report}");

    // The same with the path form cut down to nothing but the found result: the aunts computed
    // here are what the verifier needs.
    let written: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(written["settlement"]["tx_result"]["aunts"], v["settlement"]["tx_result"]["aunts"]);
}

#[test]
fn another_contract_or_response_is_not_selected() {
    let v = vector("settled-individual.json");
    let response = verified(&v);
    let mut other_contract = Search::new(&response, [0x11; 20], None, None).unwrap();
    assert!(other_contract.feed(&search_page(&v, 1)).unwrap().is_none());
    assert!(other_contract.needed().is_none(), "one page listed everything");

    let mut other = response.clone();
    other.output_hash[0] ^= 1;
    let mut search = Search::new(&other, contract(), None, None).unwrap();
    assert!(search.feed(&search_page(&v, 100)).unwrap().is_none());
    assert!(search.needed().unwrap().contains("page=2"), "more pages listed: the search goes on");

    // A named Ethereum transaction is taken whatever it did (the verifier says why it fails), but
    // only if it is that transaction: a node listing another one is not believed.
    let eth_hash = lightcheck::opengradient::evm::eth_tx_responses(&base64_decode(
        v["settlement"]["tx_result"]["result"]["data"].as_str().unwrap(),
    ))
    .unwrap()[0]
        .tx_hash()
        .unwrap();
    let mut named = Search::new(&other, contract(), None, Some(eth_hash)).unwrap();
    assert!(named.query().starts_with("ethereum_tx.ethereumTxHash='0x"));
    assert!(named.feed(&search_page(&v, 1)).unwrap().is_some());
    let mut wrong = Search::new(&other, contract(), None, Some([7; 32])).unwrap();
    assert!(wrong.query().starts_with("ethereum_tx.ethereumTxHash='0x0707"));
    assert!(wrong.feed(&search_page(&v, 1)).unwrap().is_none());
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

#[test]
fn the_response_may_name_its_settlement_transaction() {
    let hash = format!("0x{}", "ab".repeat(32));
    for key in ["data_settlement_transaction_hash", "settlement_tx_hash", "x-settlement-tx-hash"] {
        let response = pyjson::parse(format!("{{\"{key}\": \"{hash}\"}}").as_bytes()).unwrap();
        assert_eq!(settlement_tx_hash(&response), Some([0xab; 32]), "{key}");
    }
    let not_a_hash = pyjson::parse(br#"{"settlement_tx_hash": "0xab"}"#).unwrap();
    assert_eq!(settlement_tx_hash(&not_a_hash), None);
}

#[test]
fn the_bundle_carries_h_and_h_plus_1_once_each() {
    let v = vector("settled-individual.json");
    let blocks = light_blocks_from_json(&serde_json::to_vec(&v["light_blocks"]).unwrap()).unwrap();
    let (h, h1) = (blocks[0].clone(), blocks[1].clone());
    // H+1 newly verified twice over, H already trusted: one of each, in order.
    let got = bundle_light_blocks(h.height(), &[h1.clone(), h1.clone()], |x| (x == h.height()).then(|| h.clone()));
    assert_eq!(got.iter().map(|b| b.height()).collect::<Vec<_>>(), [h.height(), h1.height()]);
}

#[test]
fn a_hostile_page_is_an_error_not_a_panic() {
    let v = vector("settled-individual.json");
    let response = verified(&v);
    let page = search_page(&v, 1);
    for cut in (0..page.len()).step_by(97) {
        let mut search = Search::new(&response, contract(), None, None).unwrap();
        let _ = search.feed(&page[..cut]);
    }
    let mut search = Search::new(&response, contract(), None, None).unwrap();
    let too_many = json!({"result": {"txs": vec![json!({}); 31], "total_count": "31"}});
    assert!(search.feed(&serde_json::to_vec(&too_many).unwrap()).is_err());
    // An item without its height is named by its place on the page.
    let mut item = serde_json::from_slice::<Value>(&page).unwrap()["result"]["txs"][0].clone();
    item.as_object_mut().unwrap().remove("height");
    let second_bad = json!({"result": {"txs": [serde_json::from_slice::<Value>(&page).unwrap()["result"]["txs"][0].clone(), item], "total_count": "2"}});
    let mut search = Search::new(&response, contract(), None, Some([0x11; 32])).unwrap();
    let err = search.feed(&serde_json::to_vec(&second_bad).unwrap()).unwrap_err();
    assert!(err.to_string().contains("tx_search.txs[1]"), "{err}");
}
