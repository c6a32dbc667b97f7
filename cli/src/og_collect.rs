//! `lightcheck og collect` and `lightcheck og settle`: a settlement bundle gathered from the
//! chain through the light client, then verified.
//!
//! The order: the response is verified first (a forged one is rejected before any request);
//! the settlement transaction is searched for (`/tx_search`); blocks H and H + 1 are verified
//! from the trust root, cross-checked by the witnesses; `/block_results` of H gives the result's
//! path. The bundle written is then verified like any other ([`verify_decoded_bundle`]) against
//! the trust root, so the verdict printed is the one a later `og verify-bundle` gives.

use std::path::{Path, PathBuf};
use std::time::Instant;

use lightcheck::cometbft::inclusion::BlockResults;
use lightcheck::cometbft::{LightBlock, Target};
use lightcheck::opengradient::binding::PcrPin;
use lightcheck::opengradient::collect::{
    batch_evidence_json, bundle_light_blocks, provenance, settlement_tx_hash, write_and_verify, AttestationParts,
    BundleParts, Found, Search, SettlementParts, TrustFrom, Written,
};
use lightcheck::opengradient::{
    pyjson, report_to_json, verify_response, BundlePolicy, ResponseOptions, SigningKey, Summary,
};
use serde_json::{json, Value};

use crate::args::Args;
use crate::input;
use crate::light::{run_checked, session, Ended, Progress, Session};
use crate::Outcome;

pub const USAGE: &str = "\
lightcheck og collect  --primary URL --witness URL… --trusted-height H --trusted-hash HEX
                       --contract 0xRELAY --request FILE --response FILE --key PEM
                       [--attestation FILE [--tls-cert DER]] [--content FILE] [--tx 0xETHTXHASH]
                       [--batch FILE] [--nitro-root DER…] -o BUNDLE [--trusted-out FILE]
lightcheck og settle   (the same flags, without -o)
    finds the response's settlement on an OpenGradient chain (the Ethereum tx --tx, or the one the
    response names, or among the relay's settlements of this TEE; --batch gives the batch's tree
    dump, proof or multiproof), verifies its block H and H+1 with the light client (witnesses
    cross-check, an attack is reported as for `cometbft sync`), proves the result, and writes the
    settlement bundle (collect) or prints the verdict (settle). A response not settled yet is
    PENDING, with how long since it was signed. Light-client flags as for `cometbft sync` (--home,
    --trusting-period, --timeout, --now…); verdict flags as for `og verify-bundle` (--pcr-hash,
    --expected-tee, --allow-debug). --trusted-out writes the trusted state the bundle verifies
    against. Exit 0 settled, 3 pending, 1 rejected, 4 attack, 2 usage or I/O.";

/// How long to wait for block H + 1 when the settlement is in the newest block.
const NEXT_BLOCK_WAIT_SECS: u64 = 30;

struct Request {
    request: Vec<u8>,
    response: Vec<u8>,
    content: Option<String>,
    key_pem: String,
    attestation: Option<(Vec<u8>, Option<Vec<u8>>)>,
    eth_tx: Option<[u8; 32]>,
    batch: Option<Vec<u8>>,
    contract: [u8; 20],
    nitro_roots: Vec<Vec<u8>>,
    policy_pcr_hash: Option<[u8; 32]>,
    expected_tee_id: Option<[u8; 32]>,
    allow_debug: bool,
}

fn hash_flag(args: &mut Args, name: &str) -> Result<Option<[u8; 32]>, String> {
    args.value(name)?
        .map(|h| input::hex_arg(name, &h)?.try_into().map_err(|_| format!("{name}: expected 32 bytes")))
        .transpose()
}

fn read_request(args: &mut Args) -> Result<Request, String> {
    let read = |p: String| input::read_file(Path::new(&p));
    let need = |v: Option<String>, what: &str| v.ok_or_else(|| format!("{what} is required"));
    let request = read(need(args.value("--request")?, "--request FILE")?)?;
    let response = read(need(args.value("--response")?, "--response FILE")?)?;
    let key = read(need(args.value("--key")?, "--key PEM (the TEE's signing key)")?)?;
    let key_pem = String::from_utf8(key).map_err(|_| "--key: not a PEM text file")?;
    let content = args
        .value("--content")?
        .map(|p| read(p.clone()).and_then(|b| String::from_utf8(b).map_err(|_| format!("{p}: not UTF-8"))))
        .transpose()?;
    let tls = args.value("--tls-cert")?.map(|p| read(p).and_then(input::der_or_pem)).transpose()?;
    let attestation = args.value("--attestation")?.map(|p| read(p).map(input::binary_or_text)).transpose()?;
    if tls.is_some() && attestation.is_none() {
        return Err("--tls-cert goes with --attestation".into());
    }
    let contract = need(args.value("--contract")?, "--contract 0xADDRESS (the settlement relay)")?;
    let contract =
        lightcheck::opengradient::bundle::parse_address(&contract).ok_or("--contract: expected 0x + 40 hex digits")?;
    let nitro_roots = args
        .values("--nitro-root")?
        .into_iter()
        .map(|p| read(p).and_then(input::der_or_pem))
        .collect::<Result<_, _>>()?;
    Ok(Request {
        request,
        response,
        content,
        key_pem,
        attestation: attestation.map(|a| (a, tls)),
        eth_tx: hash_flag(args, "--tx")?,
        batch: args.value("--batch")?.map(read).transpose()?,
        contract,
        nitro_roots,
        policy_pcr_hash: hash_flag(args, "--pcr-hash")?,
        expected_tee_id: hash_flag(args, "--expected-tee")?,
        allow_debug: args.flag("--allow-debug"),
    })
}

/// `og collect` (`out` given) or `og settle`.
pub fn run(mut args: Args, collect: bool) -> Result<Outcome, String> {
    let out = if collect { Some(PathBuf::from(args.value("-o")?.ok_or("-o BUNDLE is required")?)) } else { None };
    let trusted_out = args.value("--trusted-out")?.map(PathBuf::from);
    let evidence_out = args.value("--evidence-out")?.map(PathBuf::from);
    let report_evidence = args.flag("--report-evidence");
    let req = read_request(&mut args)?;
    let mut session = session(&mut args)?;
    args.finish()?;
    let started = Instant::now();
    let mut progress = Progress::new(session.json);

    // 1. The response itself: nothing is fetched for a response that does not verify.
    let request_value = pyjson::parse(&req.request).map_err(|e| format!("--request: {e}"))?;
    let response_value = pyjson::parse(&req.response).map_err(|e| format!("--response: {e}"))?;
    let key = SigningKey::from_pem_or_der(req.key_pem.as_bytes()).map_err(|e| format!("--key: {e} ({})", e.code()))?;
    let options = ResponseOptions { content: req.content.as_deref(), expected_tee_id: req.expected_tee_id };
    // A response that does not verify is not searched for; the report says why.
    let verified = verify_response(&request_value, &response_value, &key, &options).ok();

    // 2. The settlement transaction.
    let batch = req
        .batch
        .as_deref()
        .map(batch_evidence_json)
        .transpose()
        .map_err(|e| format!("--batch: {e} ({})", e.code()))?;
    let eth_tx = req.eth_tx.or_else(|| settlement_tx_hash(&response_value));
    let mut found: Option<Found> = None;
    let mut searched: Option<Search> = None;
    if let Some(response) = &verified {
        let mut search = Search::new(response, req.contract, batch.as_ref().map(|b| &b.0), eth_tx)
            .map_err(|e| format!("--batch: {e} ({})", e.code()))?;
        progress.say(&format!("searching {} for {}", session.nodes.primary.url(), search.query()));
        while let Some(query) = search.needed() {
            let body =
                session.nodes.primary.tx_search(&query).map_err(|e| format!("/tx_search: {e} ({})", e.code()))?;
            if let Some(f) = search.feed(&body).map_err(|e| format!("/tx_search: {e} ({})", e.code()))? {
                found = Some(f);
                break;
            }
        }
        progress.done();
        searched = Some(search);
    }

    // 3. Blocks H and H + 1 through the light client, then the results of H.
    let mut verified_blocks: Vec<LightBlock> = Vec::new();
    let mut light_blocks: Vec<LightBlock> = Vec::new();
    let mut trust_from: Option<LightBlock> = None;
    let mut results = None;
    let mut fetched = 0;
    if let Some(f) = &found {
        let height = f.height;
        wait_for_height(&session, height + 1, &mut progress)?;
        for target in [height, height + 1] {
            match run_checked(
                &mut session,
                Target::Height(target),
                &mut progress,
                evidence_out.clone(),
                report_evidence,
            )? {
                Ended::Verified(done) => {
                    let (synced, _) = *done;
                    fetched += synced.fetched;
                    if trust_from.is_none() {
                        trust_from = session.trusted_at(synced.start_height).cloned();
                    }
                    verified_blocks.extend(synced.trace.verified.iter().cloned());
                }
                Ended::Failed(e, outcome) => return Ok(header_trust_failed(&e, outcome, session.json)),
            }
        }
        light_blocks = bundle_light_blocks(height, &verified_blocks, |h| session.trusted_at(h).cloned());
        progress.say(&format!("fetching /block_results at {height}"));
        let body =
            session.nodes.primary.block_results(height).map_err(|e| format!("/block_results: {e} ({})", e.code()))?;
        progress.done();
        let r = BlockResults::from_json(&body).map_err(|e| format!("/block_results: {e} ({})", e.code()))?;
        results = Some(r.results);
    }
    // The trusted state the bundle is checked against: the block verification started from (the
    // trust root, or the store's), or, with nothing found, the root as the flags name it.
    let trust_from = match trust_from {
        Some(b) => b,
        None => trust_root_block(&mut session, evidence_out, report_evidence, &mut progress)?,
    };

    // 4. The bundle, and its verdict.
    let witnesses: Vec<&str> = session.nodes.witnesses.iter().map(|w| w.url()).collect();
    let provenance = provenance(
        concat!("lightcheck ", env!("CARGO_PKG_VERSION")),
        session.nodes.primary.url(),
        &witnesses,
        &trust_from,
        session.now,
        searched.as_ref(),
    );
    let settlement = match (&found, &results) {
        (Some(found), Some(results)) => {
            Some(SettlementParts { found, results, batch: batch.as_ref().map(|b| b.1.clone()) })
        }
        _ => None,
    };
    let parts = BundleParts {
        request: &req.request,
        response: &req.response,
        content: req.content.as_deref(),
        signing_key: &req.key_pem,
        attestation: req
            .attestation
            .as_ref()
            .map(|(d, t)| AttestationParts { document: d, tls_certificate: t.as_deref() }),
        light_blocks: &light_blocks,
        settlement,
        provenance,
    };
    let mut policy = BundlePolicy { expected_tee_id: req.expected_tee_id, ..BundlePolicy::default() };
    policy.enclave.allow_debug = req.allow_debug;
    if let Some(h) = req.policy_pcr_hash {
        policy.enclave.pcrs = PcrPin::PcrHash(h);
    }
    let trust = TrustFrom {
        contract: &req.contract,
        trusting_period: session.options.trusting_period,
        block: &trust_from,
        nitro_roots: &req.nitro_roots,
    };
    let Written { bundle: text, trusted: trusted_text, report } =
        write_and_verify(&parts, &trust, &policy, session.now).map_err(|e| format!("{e} ({})", e.code()))?;

    if let Some(path) = &out {
        lightcheck_net::store::write_atomically(path, text.as_bytes()).map_err(|e| e.to_string())?;
    }
    if let Some(path) = &trusted_out {
        lightcheck_net::store::write_atomically(path, trusted_text.as_bytes()).map_err(|e| e.to_string())?;
    }
    let stats = json!({
        "http_requests": session.nodes.requests(),
        "light_blocks_fetched": fetched,
        "bundle_bytes": text.len(),
        "elapsed_ms": started.elapsed().as_millis() as u64,
    });
    let found_json = found.as_ref().map(|f| json!({"height": f.height, "index": f.index}));
    let body = if session.json {
        let mut v = report_to_json(&report);
        v["collected"] =
            json!({"found": found_json, "bundle": out.as_ref().map(|p| p.display().to_string()), "stats": stats});
        v.to_string()
    } else {
        let mut t = String::new();
        match (&found, &out) {
            (Some(f), _) => {
                t.push_str(&format!("settlement transaction found at height {} (index {})\n", f.height, f.index))
            }
            (None, _) if verified.is_some() => t.push_str("no settlement transaction found (yet)\n"),
            (None, _) => t.push_str("the response does not verify: not searched\n"),
        }
        if let Some(p) = &out {
            t.push_str(&format!("bundle written to {} ({} bytes)\n", p.display(), text.len()));
        }
        t.push_str(&format!(
            "{} HTTP requests, {} light blocks fetched, {} ms\n{report}",
            stats["http_requests"], stats["light_blocks_fetched"], stats["elapsed_ms"]
        ));
        t
    };
    Ok(match report.summary {
        Summary::Settled { .. } => Outcome::Verified(body),
        Summary::Pending { .. } => Outcome::Pending(body),
        Summary::Rejected { .. } => Outcome::Rejected(body),
    })
}

/// Block H + 1 commits to H's results: when the settlement is in the newest block, wait for the
/// next one (bounded).
fn wait_for_height(session: &Session, height: u64, progress: &mut Progress) -> Result<(), String> {
    let deadline = Instant::now() + std::time::Duration::from_secs(NEXT_BLOCK_WAIT_SECS);
    loop {
        let latest = session.nodes.primary.status().map_err(|e| format!("/status: {e} ({})", e.code()))?.latest_height;
        if latest >= height {
            progress.done();
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(format!("the primary did not produce height {height} within {NEXT_BLOCK_WAIT_SECS} s"));
        }
        progress.say(&format!("waiting for height {height} (the primary is at {latest})"));
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

/// The block the trust flags name (or the store's newest), established through the light client.
fn trust_root_block(
    session: &mut Session,
    evidence_out: Option<PathBuf>,
    report_evidence: bool,
    progress: &mut Progress,
) -> Result<LightBlock, String> {
    if let Some((height, _)) = session.root() {
        match run_checked(session, Target::Height(height), progress, evidence_out, report_evidence)? {
            Ended::Verified(_) => {}
            Ended::Failed(_, outcome) => return Err(outcome_text(outcome)),
        }
        return session.trusted_at(height).cloned().ok_or_else(|| "the trust root was not established".into());
    }
    session.newest_trusted().cloned().ok_or_else(|| "no trusted block".into())
}

fn outcome_text(outcome: Outcome) -> String {
    match outcome {
        Outcome::Verified(t) | Outcome::Rejected(t) | Outcome::Pending(t) | Outcome::Attack(t) => t,
    }
}

/// The light client refused the settlement's blocks (an attack, no witness confirmation,
/// an invalid block): the verdict is rejected at `header_trust`, with the light client's code
/// and its own report.
fn header_trust_failed(e: &lightcheck::cometbft::Error, outcome: Outcome, json_output: bool) -> Outcome {
    let attack = matches!(outcome, Outcome::Attack(_));
    let text = outcome_text(outcome);
    if json_output {
        // The report is the light client's JSON (`cometbft sync --json`), embedded as it is.
        let detail: Value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        let v = json!({"summary": {"verdict": "rejected", "link": "header_trust", "code": e.code(), "light_client": detail}});
        return if attack { Outcome::Attack(v.to_string()) } else { Outcome::Rejected(v.to_string()) };
    }
    let t = format!("REJECTED at header_trust: the light client did not verify the settlement's blocks\n{text}");
    if attack {
        Outcome::Attack(t)
    } else {
        Outcome::Rejected(t)
    }
}
