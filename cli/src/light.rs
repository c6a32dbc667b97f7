//! `lightcheck cometbft sync` and the networked `verify-tx`: the light client against real
//! nodes, with witnesses, attack detection and a persistent store.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use lightcheck::cometbft::inclusion::{self, BlockResults, TxProof};
use lightcheck::cometbft::{
    self, Attack, LightBlock, LightClientAttackEvidence, Options, Peer, Sync, Synced, Target, WitnessOutcome,
};
use lightcheck::time::Timestamp;
use lightcheck_net::client::{self as driver, Event, Nodes};
use lightcheck_net::store::DEFAULT_MAX_BLOCKS;
use lightcheck_net::{HttpConfig, Limits, NetError, RpcNode, Settings, Store, Transport};
use serde_json::{json, Value};

use crate::args::Args;
use crate::cometbft::{now_arg, secs_arg, trust_level};
use crate::Outcome;

pub const USAGE: &str = "\
lightcheck cometbft sync --primary URL --witness URL [--witness URL ...]
                         --trusted-height H --trusted-hash HEX [--home DIR]
                         [--to HEIGHT|latest] [--json] [--evidence-out FILE] [--report-evidence]
                         [--trust-level N/D] [--trusting-period SECS] [--clock-drift SECS]
                         [--timeout SECS] [--retries N] [--max-blocks N] [--max-block-lag SECS]
                         [--now UNIX_SECS|RFC3339]
    verifies the chain from a trusted block (height and header hash) to HEIGHT (default: the
    primary's latest) with the primary's blocks, cross-checks the result with every witness,
    and keeps the trusted state in --home (later runs resume from it without the trust and
    node flags). Exit 0 verified, 1 rejected, 2 usage or I/O, 4 attack detected (evidence
    written to --evidence-out, default DIR/evidence-HEIGHT.json; --report-evidence also posts
    it to the nodes: evidence against the primary to the witness, and the reverse).
lightcheck cometbft verify-tx --primary URL --witness URL ... --hash TXHASH [sync options]
    fetches the transaction with its proof, verifies its block (and the next, which commits
    the tx result) through the light client, and proves the tx and its result.";

/// Progress on stderr: one rewritten line on a terminal, plain lines otherwise, nothing under
/// `--json`.
pub(crate) struct Progress {
    quiet: bool,
    tty: bool,
    fetched: u64,
    dirty: bool,
}

impl Progress {
    pub(crate) fn new(quiet: bool) -> Progress {
        Progress { quiet, tty: std::io::stderr().is_terminal(), fetched: 0, dirty: false }
    }

    fn event(&mut self, nodes: &Nodes, event: Event) {
        if self.quiet {
            return;
        }
        let name = |peer: Peer| match peer {
            Peer::Primary => "primary".to_string(),
            Peer::Witness(i) => format!("witness {i}"),
        };
        let url = |peer: Peer| nodes.get(peer).map_or("?", RpcNode::url).to_string();
        let line = match event {
            Event::Fetching { peer, height } => {
                let h = height.map_or("latest".to_string(), |h| h.to_string());
                format!("fetching {h} from {} ({})", name(peer), url(peer))
            }
            Event::Fetched { peer, height } => {
                self.fetched += 1;
                format!("fetched {height} from {} [{} light blocks]", name(peer), self.fetched)
            }
            Event::Waiting { duration } => format!("waiting {} s for a lagging witness", duration.as_secs()),
        };
        let mut err = std::io::stderr().lock();
        if self.tty {
            let _ = write!(err, "\r\x1b[2K{line}");
            self.dirty = true;
        } else {
            let _ = writeln!(err, "lightcheck: {line}");
        }
    }

    /// A line about work outside the light client (searching, fetching results).
    pub(crate) fn say(&mut self, line: &str) {
        if self.quiet {
            return;
        }
        let mut err = std::io::stderr().lock();
        if self.tty {
            let _ = write!(err, "\r\x1b[2K{line}");
            self.dirty = true;
        } else {
            let _ = writeln!(err, "lightcheck: {line}");
        }
    }

    pub(crate) fn done(&mut self) {
        if self.dirty {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
            self.dirty = false;
        }
    }
}

/// Everything a networked command sets up from its flags and the store.
pub(crate) struct Session {
    pub(crate) nodes: Nodes,
    /// Every trusted block of this run (the store's, then what was verified), lowest first.
    trusted: Vec<LightBlock>,
    store: Option<Store>,
    settings: Settings,
    pub(crate) options: Options,
    pub(crate) now: Timestamp,
    root: Option<(u64, [u8; 32])>,
    pub(crate) json: bool,
    max_block_lag: Option<Duration>,
}

fn parse_hash(s: &str, what: &str) -> Result<[u8; 32], String> {
    let s = s.strip_prefix("0x").unwrap_or(s);
    let bytes = hex::decode(s).map_err(|_| format!("{what}: not hex"))?;
    bytes.try_into().map_err(|_| format!("{what}: not 32 bytes"))
}

pub(crate) fn session(args: &mut Args) -> Result<Session, String> {
    let primary = args.value("--primary")?;
    let witnesses = args.values("--witness")?;
    let height = args.value("--trusted-height")?;
    let hash = args.value("--trusted-hash")?;
    let home = args.value("--home")?.map(PathBuf::from);
    let json = args.flag("--json");
    let now = now_arg(args)?;
    let mut options = Options {
        trust_threshold: trust_level(args)?,
        trusting_period: secs_arg(args, "--trusting-period", cometbft::DEFAULT_TRUSTING_PERIOD)?,
        clock_drift: secs_arg(args, "--clock-drift", cometbft::DEFAULT_CLOCK_DRIFT)?,
        ..Options::default()
    };
    let timeout = secs_arg(args, "--timeout", Duration::from_secs(5))?;
    let retries: u32 = args.value("--retries")?.map_or(Ok(5), |s| s.parse().map_err(|_| "--retries: not a number"))?;
    let max_blocks: usize = args
        .value("--max-blocks")?
        .map_or(Ok(DEFAULT_MAX_BLOCKS), |s| s.parse().map_err(|_| "--max-blocks: not a number"))?;
    let max_block_lag = args
        .value("--max-block-lag")?
        .map(|s| s.parse().map(Duration::from_secs))
        .transpose()
        .map_err(|_| "--max-block-lag: not a number of seconds")?;
    let root = match (height, hash) {
        (Some(h), Some(x)) => {
            let h: u64 = h.parse().map_err(|_| "--trusted-height: not a height")?;
            Some((h, parse_hash(&x, "--trusted-hash")?))
        }
        (None, None) => None,
        _ => return Err("--trusted-height and --trusted-hash go together".into()),
    };
    let existing = match &home {
        Some(dir) if Store::exists(dir) => Some(Store::open(dir).map_err(|e| format!("{} ({})", e, e.code()))?),
        _ => None,
    };
    let (settings, store) = match existing {
        Some(store) => {
            let mut settings = store.settings.clone();
            if let Some(p) = &primary {
                settings.primary = p.clone();
            }
            if !witnesses.is_empty() {
                settings.witnesses = witnesses.clone();
            }
            if let Some((h, x)) = root {
                let matches = store.get(h).is_some_and(|b| b.signed_header.header.hash() == Some(x));
                if !matches {
                    return Err(format!(
                        "{} already holds a trusted state that does not include height {h} with that hash: \
                         drop the trust flags to resume, or use another --home",
                        store.dir().display()
                    ));
                }
            }
            options = settings.options;
            (settings, Some(store))
        }
        None => {
            if root.is_none() {
                return Err("--trusted-height H and --trusted-hash HEX are required (no store to resume from)".into());
            }
            let settings = Settings {
                chain_id: String::new(),
                options,
                primary: primary.clone().ok_or("--primary URL is required")?,
                witnesses: witnesses.clone(),
                max_blocks,
            };
            let store = match &home {
                Some(dir) => Some(Store::create(dir, settings.clone()).map_err(|e| e.to_string())?),
                None => None,
            };
            (settings, store)
        }
    };
    if settings.witnesses.is_empty() {
        return Err("at least one --witness URL is required: a light client cross-checks its primary".into());
    }
    let transport = Transport::new(HttpConfig { timeout, attempts: retries.max(1), ..HttpConfig::default() });
    let node = |url: &str| -> Result<RpcNode, String> {
        let mut n =
            RpcNode::new(url, transport.clone(), Limits::default()).map_err(|e| format!("{e} ({})", e.code()))?;
        if !settings.chain_id.is_empty() {
            n.set_chain_id(&settings.chain_id);
        }
        Ok(n)
    };
    let nodes = Nodes {
        primary: node(&settings.primary)?,
        witnesses: settings.witnesses.iter().map(|u| node(u)).collect::<Result<_, _>>()?,
    };
    let trusted: Vec<LightBlock> = store.as_ref().map(|s| s.blocks().to_vec()).unwrap_or_default();
    let root = if trusted.is_empty() { root } else { None };
    Ok(Session { nodes, trusted, store, settings, options, now, root, json, max_block_lag })
}

impl Session {
    /// The update to `target`: from the trust root, or from the store's trusted blocks.
    fn sync_to(&self, target: Target) -> Result<Sync, cometbft::Error> {
        let witnesses = self.nodes.witnesses.len();
        let sync = match &self.root {
            Some((height, hash)) => Sync::from_trust_root(*height, *hash, target, witnesses, self.options, self.now)?,
            None => {
                let start = self.start_for(target).ok_or(cometbft::Error::Schedule { reason: "no trusted block" })?;
                Sync::new(start.clone(), target, witnesses, self.options, self.now)?
            }
        };
        Ok(match self.max_block_lag {
            Some(lag) => sync.with_max_block_lag(lag),
            None => sync,
        })
    }

    /// Where verification to `target` starts: the block itself if trusted; a trusted block a few
    /// heights above (hash links down cost one fetch per height and need no witness); else the
    /// highest trusted block below (skipping, cross-checked).
    fn start_for(&self, target: Target) -> Option<&LightBlock> {
        const LINKS: u64 = 8;
        let Target::Height(h) = target else { return self.trusted.last() };
        let below = self.trusted.iter().rev().find(|b| b.height() <= h);
        let above = self.trusted.iter().find(|b| b.height() > h);
        match (below, above) {
            (Some(b), _) if b.height() == h => Some(b),
            (_, Some(a)) if a.height() - h <= LINKS => Some(a),
            (Some(b), _) => Some(b),
            (None, a) => a,
        }
    }

    /// The trust root the flags name, while it is not yet established.
    pub(crate) fn root(&self) -> Option<(u64, [u8; 32])> {
        self.root
    }

    /// The highest trusted block.
    pub(crate) fn newest_trusted(&self) -> Option<&LightBlock> {
        self.trusted.last()
    }

    pub(crate) fn trusted_at(&self, height: u64) -> Option<&LightBlock> {
        self.trusted.iter().find(|b| b.height() == height)
    }

    fn run(&mut self, target: Target, progress: &mut Progress) -> driver::Run {
        let sync = match self.sync_to(target) {
            Ok(s) => s,
            Err(e) => {
                return driver::Run {
                    synced: Err(e),
                    failures: Vec::new(),
                    faults: Vec::new(),
                    elapsed: Duration::ZERO,
                }
            }
        };
        let nodes = &self.nodes;
        let run = driver::drive(sync, nodes, |e| progress.event(nodes, e));
        progress.done();
        run
    }

    /// Stores what a confirmed run verified (the store is untouched otherwise).
    fn keep(&mut self, synced: &Synced) -> Result<(), String> {
        if let Some(root) = &synced.root {
            self.settings.chain_id = root.signed_header.header.chain_id.clone();
            for n in std::iter::once(&mut self.nodes.primary).chain(self.nodes.witnesses.iter_mut()) {
                n.set_chain_id(&self.settings.chain_id);
            }
            self.root = None;
        }
        for block in synced.to_store() {
            match self.trusted.binary_search_by_key(&block.height(), LightBlock::height) {
                Ok(i) => self.trusted[i] = block.clone(),
                Err(i) => self.trusted.insert(i, block.clone()),
            }
        }
        if let Some(store) = &mut self.store {
            store.settings = self.settings.clone();
            store.insert(synced.to_store());
            store.save().map_err(|e| format!("{e} ({})", e.code()))?;
        }
        Ok(())
    }

    fn url(&self, peer: Peer) -> &str {
        self.nodes.get(peer).map_or("?", RpcNode::url)
    }

    /// The nodes the light client gave up on (a replaced primary, a failed stand-in), with why.
    fn faults_json(&self, run: &driver::Run) -> Value {
        let list: Vec<Value> = run
            .faults
            .iter()
            .map(|(peer, fault)| {
                // The node's own error names the fault when it is the one that caused it (a
                // timeout and a refused connection are both "no response" to the core).
                let slot = match peer {
                    Peer::Primary => 0,
                    Peer::Witness(i) => i + 1,
                };
                let node_error = run.failures.get(slot).and_then(Option::as_ref).filter(|e| e.to_fault() == *fault);
                let code = match (fault, node_error) {
                    (cometbft::Fault::Bad(e), _) => e.code(),
                    (_, Some(e)) => e.code(),
                    (cometbft::Fault::HeightTooHigh, None) => "net.height_too_high",
                    (cometbft::Fault::NotFound, None) => "net.not_available",
                    (cometbft::Fault::NoResponse, None) => "net.unreachable",
                };
                let reason = match (fault, node_error) {
                    (cometbft::Fault::Bad(_), _) | (_, None) => fault.describe(),
                    (_, Some(e)) => e.to_string(),
                };
                json!({"url": self.url(*peer), "code": code, "reason": reason})
            })
            .collect();
        Value::Array(list)
    }

    fn witnesses_json(&self, synced: Option<&Synced>) -> Value {
        let outcomes: Vec<WitnessOutcome> = synced
            .and_then(|s| s.report.as_ref())
            .map(|r| r.witnesses.clone())
            .unwrap_or_else(|| vec![WitnessOutcome::NotAsked; self.nodes.witnesses.len()]);
        self.outcomes_json(&outcomes, synced.map_or(Peer::Primary, |s| s.primary))
    }

    /// Each witness's outcome, with its URL and, when it was not a confirmation, why.
    fn outcomes_json(&self, outcomes: &[WitnessOutcome], primary: Peer) -> Value {
        let list: Vec<Value> = outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let (outcome, reason) = match o {
                    WitnessOutcome::NotAsked => ("not_asked", None),
                    WitnessOutcome::Confirmed => ("confirmed", None),
                    WitnessOutcome::NoResponse(f) => ("no_response", Some(f.describe())),
                    WitnessOutcome::Dropped(_) if primary == Peer::Witness(i) => ("promoted_to_primary", None),
                    WitnessOutcome::Dropped(e) => ("dropped", Some(format!("{}: {e}", e.code()))),
                    WitnessOutcome::Conflict => ("conflict", None),
                };
                json!({"url": self.url(Peer::Witness(i)), "outcome": outcome, "reason": reason})
            })
            .collect();
        Value::Array(list)
    }
}

fn header_summary(block: &LightBlock) -> Value {
    let h = &block.signed_header.header;
    json!({
        "height": h.height,
        "hash": h.hash().map(hex::encode_upper),
        "time": h.time.to_string(),
        "app_hash": hex::encode_upper(&h.app_hash),
    })
}

fn evidence_json(ev: &LightClientAttackEvidence, sent_to: &str) -> Value {
    json!({
        "kind": ev.kind.as_str(),
        "conflicting_height": ev.conflicting_block.height(),
        "common_height": ev.common_height,
        "byzantine_validators": ev.byzantine_validators.iter().map(|v| hex::encode_upper(v.address)).collect::<Vec<_>>(),
        "total_voting_power": ev.total_voting_power,
        "timestamp": ev.timestamp.to_string(),
        "hash": hex::encode_upper(ev.hash()),
        "for": sent_to,
        "evidence": ev.to_json(),
        "proto_hex": hex::encode(ev.to_evidence_proto()),
    })
}

/// Whether a failed run failed for want of answers (exit 2) rather than on bad data (exit 1).
fn io_failure(e: &cometbft::Error, run: &driver::Run) -> bool {
    let transport = |f: &Option<NetError>| {
        matches!(
            f,
            Some(
                NetError::Timeout { .. }
                    | NetError::Unreachable { .. }
                    | NetError::Status { .. }
                    | NetError::BadUrl { .. }
            )
        )
    };
    matches!(e, cometbft::Error::NoWitnesses | cometbft::Error::Provider { .. } | cometbft::Error::NotConfirmed { .. })
        && !run.failures.is_empty()
        && run.failures.iter().all(|f| f.is_none() || transport(f))
        && run.failures.iter().any(transport)
}

/// What a networked command ends with after its run.
pub(crate) enum Ended {
    Verified(Box<(Synced, driver::Run)>),
    /// Refused: why (an attack is [`cometbft::Error::LightClientAttack`]), and the outcome as
    /// `cometbft sync` reports it.
    Failed(cometbft::Error, Outcome),
}

/// Runs the update to `target` and turns every way it can end into an outcome; only a
/// verified, confirmed run goes on (and is stored).
pub(crate) fn run_checked(
    session: &mut Session,
    target: Target,
    progress: &mut Progress,
    evidence_out: Option<PathBuf>,
    report_evidence: bool,
) -> Result<Ended, String> {
    let mut run = session.run(target, progress);
    let synced = match std::mem::replace(&mut run.synced, Err(cometbft::Error::NoWitnesses)) {
        Ok(s) => s,
        Err(e) => {
            let value = json!({
                "verified": false,
                "error": {"code": e.code(), "class": e.class().as_str(), "message": e.to_string()},
                "primary": session.settings.primary,
                "witnesses": session.witnesses_json(None),
                "node_errors": run.failures.iter().flatten().map(|f| json!({"code": f.code(), "message": f.to_string()})).collect::<Vec<_>>(),
                "faults": session.faults_json(&run),
            });
            if io_failure(&e, &run) {
                let detail: Vec<String> =
                    run.failures.iter().flatten().map(|f| format!("{f} ({})", f.code())).collect();
                return Err(format!("{e} ({}); {}", e.code(), detail.join("; ")));
            }
            let text = if session.json {
                value.to_string()
            } else {
                let mut t = format!("REJECTED\n  {}: {e}", e.code());
                for f in run.failures.iter().flatten() {
                    t.push_str(&format!("\n  node: {f} ({})", f.code()));
                }
                for f in session.faults_json(&run).as_array().into_iter().flatten() {
                    t.push_str(&format!(
                        "\n  gave up on {}: {}",
                        f["url"].as_str().unwrap_or(""),
                        f["reason"].as_str().unwrap_or("")
                    ));
                }
                t
            };
            return Ok(Ended::Failed(e, Outcome::Rejected(text)));
        }
    };
    if let Some(attack) = synced.report.as_ref().and_then(|r| r.attack.as_deref()) {
        let e = cometbft::Error::LightClientAttack { height: attack.height, witness: attack.witness };
        return attack_outcome(session, &synced, attack, evidence_out, report_evidence)
            .map(|outcome| Ended::Failed(e, outcome));
    }
    if let Err(e) = synced.check() {
        let all_silent = synced.report.as_ref().is_some_and(|r| {
            r.witnesses.iter().all(|w| {
                matches!(w, WitnessOutcome::NoResponse(_) | WitnessOutcome::NotAsked | WitnessOutcome::Dropped(_))
            })
        });
        let value = json!({
            "verified": false,
            "error": {"code": e.code(), "class": e.class().as_str(), "message": e.to_string()},
            "witnesses": session.witnesses_json(Some(&synced)),
        });
        if all_silent && io_failure(&e, &run) {
            return Err(format!("{e} ({})", e.code()));
        }
        let text = if session.json { value.to_string() } else { format!("REJECTED\n  {}: {e}", e.code()) };
        return Ok(Ended::Failed(e, Outcome::Rejected(text)));
    }
    session.keep(&synced)?;
    Ok(Ended::Verified(Box::new((synced, run))))
}

fn attack_outcome(
    session: &Session,
    synced: &Synced,
    attack: &Attack,
    evidence_out: Option<PathBuf>,
    report: bool,
) -> Result<Outcome, String> {
    let witness_url = session.url(Peer::Witness(attack.witness)).to_string();
    let primary_url = session.url(synced.primary).to_string();
    let mut value = json!({
        "attack": {
            "height": attack.height,
            "witness": witness_url,
            "primary": primary_url,
            "kind": attack.against_primary.kind.as_str(),
        },
        "against_primary": evidence_json(&attack.against_primary, &witness_url),
        "against_witness": attack.against_witness.as_ref().map(|ev| evidence_json(ev, &primary_url)),
    });
    let path = evidence_out
        .or_else(|| session.store.as_ref().map(|s| s.dir().join(format!("evidence-{}.json", attack.height))))
        .unwrap_or_else(|| PathBuf::from(format!("evidence-{}.json", attack.height)));
    let text = serde_json::to_vec_pretty(&value).map_err(|e| e.to_string())?;
    lightcheck_net::store::write_atomically(&path, &text).map_err(|e| e.to_string())?;
    let mut reports = Vec::new();
    if report {
        let to_witness = session.nodes.get(Peer::Witness(attack.witness));
        if let Some(node) = to_witness {
            reports.push(driver::report_evidence(node, &attack.against_primary));
        }
        if let (Some(ev), Some(node)) = (&attack.against_witness, session.nodes.get(synced.primary)) {
            reports.push(driver::report_evidence(node, ev));
        }
    }
    let reports_json: Vec<Value> = reports
        .iter()
        .map(|r| match &r.result {
            Ok(hash) => json!({"node": r.node, "accepted": true, "hash": hash}),
            Err(e) => json!({"node": r.node, "accepted": false, "error": {"code": e.code(), "message": e.to_string()}}),
        })
        .collect();
    value["evidence_file"] = path.display().to_string().into();
    value["reports"] = reports_json.into();
    value["verified"] = false.into();
    value["witnesses"] = session.witnesses_json(Some(synced));
    let text = if session.json {
        value.to_string()
    } else {
        let mut t = format!(
            "ATTACK DETECTED at height {} ({}): the primary {} and the witness {} serve conflicting verified blocks\n  evidence: {}",
            attack.height,
            attack.against_primary.kind.as_str(),
            primary_url,
            witness_url,
            path.display()
        );
        for r in &reports {
            match &r.result {
                Ok(hash) => t.push_str(&format!("\n  reported to {}: accepted, evidence hash {hash}", r.node)),
                Err(e) => t.push_str(&format!("\n  reported to {}: refused: {e}", r.node)),
            }
        }
        t.push_str("\n  the trusted store was not changed");
        t
    };
    Ok(Outcome::Attack(text))
}

fn target_arg(args: &mut Args) -> Result<Target, String> {
    match args.value("--to")?.as_deref() {
        None | Some("latest") => Ok(Target::Latest),
        Some(h) => h.parse().map(Target::Height).map_err(|_| format!("--to {h}: expected a height or `latest`")),
    }
}

fn summary(session: &Session, synced: &Synced, run: &driver::Run) -> Value {
    let heights: Vec<u64> = synced.to_store().map(LightBlock::height).collect();
    let target = synced.latest().map(header_summary);
    let distance = synced.latest().map_or(0, |b| b.height().saturating_sub(synced.start_height));
    json!({
        "verified": true,
        "faults": session.faults_json(run),
        "chain_id": session.settings.chain_id,
        "trusted_height": synced.start_height,
        "target": target,
        "verified_heights": heights,
        "verified_headers": synced.to_store().map(|b| json!({
            "height": b.height(),
            "hash": b.signed_header.header.hash().map(hex::encode_upper),
        })).collect::<Vec<_>>(),
        "light_blocks_fetched": synced.fetched,
        "http_requests": session.nodes.requests(),
        "distance": distance,
        "log2_distance": if distance > 0 { (distance as f64).log2() } else { 0.0 },
        "primary": session.url(synced.primary),
        "witnesses": session.witnesses_json(Some(synced)),
        "root_witnesses": session.outcomes_json(&synced.root_witnesses, synced.primary),
        "elapsed_ms": run.elapsed.as_millis() as u64,
    })
}

pub fn sync(mut args: Args) -> Result<Outcome, String> {
    let target = target_arg(&mut args)?;
    let evidence_out = args.value("--evidence-out")?.map(PathBuf::from);
    let report = args.flag("--report-evidence");
    let mut session = session(&mut args)?;
    args.finish()?;
    let mut progress = Progress::new(session.json);
    let (synced, run) = match run_checked(&mut session, target, &mut progress, evidence_out, report)? {
        Ended::Verified(done) => *done,
        Ended::Failed(_, outcome) => return Ok(outcome),
    };
    let value = summary(&session, &synced, &run);
    if session.json {
        return Ok(Outcome::Verified(value.to_string()));
    }
    let mut t = String::from("VERIFIED");
    if let Some(b) = synced.latest() {
        let h = &b.signed_header.header;
        t.push_str(&format!(
            "\n  chain_id     {}\n  height       {}\n  hash         {}\n  time         {}",
            h.chain_id,
            h.height,
            h.hash().map(hex::encode_upper).unwrap_or_default(),
            h.time
        ));
    } else {
        t.push_str("\n  already up to date");
    }
    t.push_str(&format!(
        "\n  from height  {}\n  fetched      {} light blocks ({} HTTP requests)",
        synced.start_height,
        synced.fetched,
        session.nodes.requests()
    ));
    for w in value["witnesses"].as_array().into_iter().flatten() {
        t.push_str(&format!(
            "\n  witness      {} {}",
            w["url"].as_str().unwrap_or(""),
            w["outcome"].as_str().unwrap_or("")
        ));
    }
    Ok(Outcome::Verified(t))
}

pub fn verify_tx(mut args: Args) -> Result<Outcome, String> {
    let hash = parse_hash(&args.value("--hash")?.ok_or("--hash TXHASH is required")?, "--hash")?;
    let evidence_out = args.value("--evidence-out")?.map(PathBuf::from);
    let report = args.flag("--report-evidence");
    let mut session = session(&mut args)?;
    args.finish()?;
    let mut progress = Progress::new(session.json);
    let body = session.nodes.primary.tx(&hash).map_err(|e| format!("{e} ({})", e.code()))?;
    let proof = TxProof::from_json(&body).map_err(|e| format!("/tx: {e} ({})", e.code()))?;
    let height = proof.height.ok_or("/tx: the response has no height")?;
    // The tx's block, and the next one, whose last_results_hash commits to the tx's result.
    let latest = session.nodes.primary.status().map(|s| s.latest_height).unwrap_or(height);
    let result_provable = latest > height;
    let upper = if result_provable { height + 1 } else { height };
    let (synced, run) =
        match run_checked(&mut session, Target::Height(upper), &mut progress, evidence_out.clone(), report)? {
            Ended::Verified(done) => *done,
            Ended::Failed(_, outcome) => return Ok(outcome),
        };
    let mut fetched = synced.fetched;
    let block = if result_provable {
        // One hash link down from the verified next block (no witness needed).
        match run_checked(&mut session, Target::Height(height), &mut progress, evidence_out, report)? {
            Ended::Verified(done) => {
                let s = done.0;
                fetched += s.fetched;
                s.latest().cloned()
            }
            Ended::Failed(_, outcome) => return Ok(outcome),
        }
    } else {
        synced.latest().cloned()
    };
    let stored = |h: u64| session.trusted_at(h).cloned();
    let block = block.or_else(|| stored(height)).ok_or("the tx's block was not verified")?;
    let next = if result_provable { synced.latest().cloned().or_else(|| stored(height + 1)) } else { None };
    let result = (|| -> Result<Value, cometbft::Error> {
        let header = &block.signed_header.header;
        let proven = inclusion::verify_tx(&proof, header.height, &header.data_hash)?;
        let mut value = summary(&session, &synced, &run);
        value["light_blocks_fetched"] = fetched.into();
        value["tx_hash"] = hex::encode_upper(proven.tx_hash).into();
        value["height"] = header.height.into();
        value["index"] = proven.index.into();
        value["tx"] = hex::encode(&proven.tx).into();
        value["block"] = header_summary(&block);
        match &next {
            Some(next) => {
                let results_body = session
                    .nodes
                    .primary
                    .block_results(height)
                    .map_err(|e| cometbft::Error::Provider { height, reason: e.to_string() })?;
                let results = BlockResults::from_json(&results_body)?;
                let r = inclusion::verify_tx_result(
                    &results.results,
                    proven.index,
                    height,
                    &next.signed_header.header.last_results_hash,
                )?;
                value["result"] = json!({
                    "proven_against": format!("last_results_hash of height {}", height + 1),
                    "code": r.result.code,
                    "data": hex::encode(&r.result.data),
                    "gas_used": r.result.gas_used,
                });
            }
            None => value["result"] = json!({"proven_against": null, "reason": "height + 1 is not produced yet"}),
        }
        Ok(value)
    })();
    match result {
        Ok(value) if session.json => Ok(Outcome::Verified(value.to_string())),
        Ok(value) => {
            let mut t = format!(
                "VERIFIED\n  tx_hash      {}\n  height       {}\n  index        {}",
                value["tx_hash"].as_str().unwrap_or(""),
                value["height"],
                value["index"]
            );
            match value["result"]["code"].as_u64() {
                Some(code) => t.push_str(&format!("\n  result code  {code} (proven against height {})", height + 1)),
                None => t.push_str("\n  result       not provable yet (next block not produced)"),
            }
            t.push_str(&format!("\n  fetched      {fetched} light blocks"));
            Ok(Outcome::Verified(t))
        }
        Err(e) if session.json => Ok(Outcome::Rejected(
            json!({"verified": false, "error": {"code": e.code(), "class": e.class().as_str(), "message": e.to_string()}}).to_string(),
        )),
        Err(e) => Ok(Outcome::Rejected(format!("REJECTED\n  {}: {e}", e.code()))),
    }
}
