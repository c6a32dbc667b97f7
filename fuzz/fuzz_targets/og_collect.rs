//! The collector's reading of `/tx_search` pages (`opengradient::collect`): what a node answers
//! is untrusted.
//!
//! - Raw bytes as a page, and as a batch evidence file.
//! - The settlement vector's transaction listed on a page, with JSON edits: a page is read or a
//!   typed error returned; a transaction selected by searching (not by a named hash) really holds
//!   a successful call whose log from the relay settles this response.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use lightcheck::opengradient::collect::{batch_evidence_json, Search};
use lightcheck::opengradient::event::{is_individual, IndividualSettlement};
use lightcheck::opengradient::evm::eth_tx_responses;
use lightcheck::opengradient::{pyjson, verify_response, ResponseOptions, SigningKey, TrustedState, VerifiedResponse};
use lightcheck_fuzz::{apply_json, json, read, JsonEdit};
use serde_json::Value;

struct Fixture {
    response: VerifiedResponse,
    contract: [u8; 20],
    page: Value,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let v = json("test-vectors/settlement/settled-individual.json");
        let text = |k: &str| serde_json::to_vec(&v[k]).unwrap();
        let key = SigningKey::from_pem_or_der(v["signing_key"].as_str().unwrap().as_bytes()).unwrap();
        let response = verify_response(
            &pyjson::parse(&text("request")).unwrap(),
            &pyjson::parse(&text("response")).unwrap(),
            &key,
            &ResponseOptions::default(),
        )
        .unwrap();
        let contract =
            TrustedState::from_json(&read("test-vectors/settlement/trusted.json")).unwrap().settlement_contract;
        let mut item = v["settlement"]["tx_proof"].clone();
        item["tx_result"] = v["settlement"]["tx_result"]["result"].clone();
        let page = serde_json::json!({"result": {"txs": [item], "total_count": "1"}});
        Fixture { response, contract, page }
    })
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    raw: &'a [u8],
    edits: Vec<JsonEdit>,
}

fuzz_target!(|input: Input| {
    let f = fixture();
    let _ = batch_evidence_json(input.raw);
    let mut search = Search::new(&f.response, f.contract, None, None).unwrap();
    let _ = search.feed(input.raw);

    let mut page = f.page.clone();
    apply_json(&mut page, &input.edits);
    let mut search = Search::new(&f.response, f.contract, None, None).unwrap();
    let Ok(Some(found)) = search.feed(page.to_string().as_bytes()) else { return };
    let result = found.proof.tx_result.as_ref().expect("a selected transaction has its result");
    assert_eq!(result.code, 0, "selected a failed transaction");
    let settles = eth_tx_responses(&result.data).unwrap().iter().any(|eth| {
        eth.vm_error.is_empty()
            && eth.logs.iter().any(|log| {
                log.address == f.contract
                    && is_individual(log)
                    && IndividualSettlement::from_log(log).is_ok_and(|e| {
                        e.tee_id == f.response.tee_id
                            && e.input_hash == f.response.request_hash
                            && e.output_hash == f.response.output_hash
                            && e.timestamp == f.response.timestamp
                    })
            })
    });
    assert!(settles, "selected a transaction that does not settle the response");
});
