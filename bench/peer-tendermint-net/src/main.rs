//! `peer-tendermint-net`: tendermint-rs's networked light client, as a peer for the network
//! benchmark (scripts/bench-compare network).
//!
//! It does what `lightcheck cometbft sync` does for one update, with tendermint-rs's own parts:
//! a trust root (the primary's block at the trusted height, hashing to the trusted hash),
//! cross-checked with the witness at that height; skipping (bisecting) verification on the
//! primary's blocks up to the target; then the attack detector comparing the verified header
//! with the witness's. It prints one JSON line on stdout and exits 0, or prints why on stderr
//! and exits non-zero (4: the witness has a conflicting header; 2: bad usage; 1: anything else).

use std::{
    fmt::Write as _,
    process::ExitCode,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use tendermint::{block::Height, crypto::default::Sha256, hash::Algorithm, Hash};
use tendermint_light_client::{
    builder::LightClientBuilder,
    components::{
        clock::SystemClock,
        io::{AtHeight, Io, IoError, ProdIo},
        scheduler,
    },
    instance::Instance,
    store::memory::MemoryStore,
    verifier::{
        options::Options,
        predicates::ProdPredicates,
        types::{LightBlock, PeerId, TrustThreshold},
        ProdVerifier,
    },
};
use tendermint_light_client_detector::{detect_divergence, Provider};
use tendermint_rpc::{client::CompatMode, Client, HttpClient, HttpClientUrl};

/// CometBFT's (and lightcheck's) default maximum clock drift.
const CLOCK_DRIFT: Duration = Duration::from_secs(10);
/// CometBFT's (and lightcheck's) default maximum block lag, used when the witness is behind.
const MAX_BLOCK_LAG: Duration = Duration::from_secs(10);
/// Per-request timeout of the RPC I/O (each light block is 3 requests: commit, validators at H
/// and at H+1).
const IO_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_TRUSTING_PERIOD_SECS: u64 = 14 * 24 * 60 * 60;

const USAGE: &str = "usage: peer-tendermint-net --primary URL --witness URL --trusted-height H \
                     --trusted-hash HEX --to HEIGHT [--trusting-period-secs N]";

struct Args {
    primary: String,
    witness: String,
    trusted_height: Height,
    trusted_hash: Hash,
    to: Height,
    trusting_period: Duration,
}

enum Failure {
    Usage(String),
    Error(String),
    Attack(String),
}

fn parse_args() -> Result<Args, String> {
    let mut primary = None;
    let mut witness = None;
    let mut trusted_height = None;
    let mut trusted_hash = None;
    let mut to = None;
    let mut trusting_period_secs = DEFAULT_TRUSTING_PERIOD_SECS;

    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--primary" => primary = Some(parse_url(&value)?),
            "--witness" => witness = Some(parse_url(&value)?),
            "--trusted-height" => trusted_height = Some(parse_height(&flag, &value)?),
            "--trusted-hash" => {
                let hash = Hash::from_hex_upper(Algorithm::Sha256, &value.to_ascii_uppercase())
                    .map_err(|e| format!("--trusted-hash {value:?}: {e}"))?;
                trusted_hash = Some(hash);
            }
            "--to" => to = Some(parse_height(&flag, &value)?),
            "--trusting-period-secs" => {
                trusting_period_secs = value
                    .parse::<u64>()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| format!("--trusting-period-secs {value:?}: not a positive integer"))?;
            }
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }

    let missing = |name: &str| format!("{name} is required");
    let args = Args {
        primary: primary.ok_or_else(|| missing("--primary"))?,
        witness: witness.ok_or_else(|| missing("--witness"))?,
        trusted_height: trusted_height.ok_or_else(|| missing("--trusted-height"))?,
        trusted_hash: trusted_hash.ok_or_else(|| missing("--trusted-hash"))?,
        to: to.ok_or_else(|| missing("--to"))?,
        trusting_period: Duration::from_secs(trusting_period_secs),
    };
    if args.to < args.trusted_height {
        return Err(format!(
            "--to {} is below --trusted-height {} (only forward verification is benchmarked)",
            args.to, args.trusted_height
        ));
    }
    Ok(args)
}

fn parse_url(value: &str) -> Result<String, String> {
    value.parse::<HttpClientUrl>().map(|_| value.to_string()).map_err(|e| format!("URL {value:?}: {e}"))
}

fn parse_height(flag: &str, value: &str) -> Result<Height, String> {
    value
        .parse::<u64>()
        .ok()
        .filter(|&n| n > 0)
        .and_then(|n| Height::try_from(n).ok())
        .ok_or_else(|| format!("{flag} {value:?}: not a height (a positive integer)"))
}

/// tendermint-rs's production I/O ([`ProdIo`]), counting the light blocks it delivers.
struct CountingIo {
    inner: ProdIo,
    fetched: Arc<AtomicU64>,
}

impl Io for CountingIo {
    fn fetch_light_block(&self, height: AtHeight) -> Result<LightBlock, IoError> {
        let block = self.inner.fetch_light_block(height)?;
        self.fetched.fetch_add(1, Ordering::Relaxed);
        Ok(block)
    }
}

fn rpc_client(url: &str) -> Result<HttpClient, Failure> {
    let parsed: HttpClientUrl = url.parse().map_err(|e| Failure::Error(format!("URL {url:?}: {}", msg(e))))?;
    HttpClient::builder(parsed)
        .compat_mode(CompatMode::V0_38)
        .timeout(IO_TIMEOUT)
        .build()
        .map_err(|e| Failure::Error(format!("RPC client for {url}: {}", msg(e))))
}

/// A light-client instance for one node: what `LightClientBuilder::prod` builds, with the I/O
/// wrapped to count, and its trust root taken from that node's block at the trusted height
/// (`trust_primary_at`: the height and the header hash must match, and the block must be within
/// the trusting period and consistent with its validator sets).
fn instance(
    role: &str,
    peer_id: PeerId,
    client: &HttpClient,
    options: Options,
    args: &Args,
    fetched: &Arc<AtomicU64>,
) -> Result<Instance, Failure> {
    let io = CountingIo { inner: ProdIo::new(peer_id, client.clone(), Some(IO_TIMEOUT)), fetched: Arc::clone(fetched) };
    LightClientBuilder::custom(
        peer_id,
        options,
        Box::new(MemoryStore::new()),
        Box::new(io),
        Box::new(SystemClock),
        Box::new(ProdVerifier::default()),
        Box::new(scheduler::basic_bisecting_schedule),
        Box::new(ProdPredicates),
    )
    .trust_primary_at(args.trusted_height, args.trusted_hash)
    .map(LightClientBuilder::build)
    .map_err(|e| {
        Failure::Error(format!("trust root at height {} from the {role} ({peer_id}): {}", args.trusted_height, msg(e)))
    })
}

/// An error's message without the location and backtrace that tendermint-rs's errors (flex-error
/// with its eyre tracer) append.
fn msg(e: impl std::fmt::Display) -> String {
    let s = e.to_string();
    let s = s.find("\n\nLocation:").map_or(s.as_str(), |i| &s[..i]);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn upper_hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02X}");
        s
    })
}

fn run(args: Args) -> Result<String, Failure> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Error(format!("tokio runtime: {e}")))?;

    let primary_client = rpc_client(&args.primary)?;
    let witness_client = rpc_client(&args.witness)?;

    // Setup, not timed: tendermint-rs's light client needs each node's ID (the peer ID its I/O
    // tags light blocks with), which tendermint-rs's light-client CLI reads from /status. Asked
    // with clients of their own: a connection pooled by this runtime, which is not driven while
    // the (blocking) light client runs on ProdIo's per-request runtimes, would fail them.
    let (primary_id, witness_id) = rt.block_on(async {
        let (p, w) = (rpc_client(&args.primary)?, rpc_client(&args.witness)?);
        let (p, w) = tokio::join!(p.status(), w.status());
        let p = p.map_err(|e| Failure::Error(format!("/status of the primary {}: {}", args.primary, msg(e))))?;
        let w = w.map_err(|e| Failure::Error(format!("/status of the witness {}: {}", args.witness, msg(e))))?;
        Ok::<_, Failure>((p.node_info.id, w.node_info.id))
    })?;

    let options = Options {
        trust_threshold: TrustThreshold::ONE_THIRD,
        trusting_period: args.trusting_period,
        clock_drift: CLOCK_DRIFT,
    };
    let fetched = Arc::new(AtomicU64::new(0));

    let start = Instant::now();

    // The trust root from the primary, then the witness's block at the trusted height, which must
    // hash to the same trusted hash (CometBFT's compareFirstHeaderWithWitnesses; tendermint-rs's
    // light-client CLI likewise gives every witness the primary's trusted height and hash).
    let primary_instance = instance("primary", primary_id, &primary_client, options, &args, &fetched)?;
    let root = primary_instance
        .latest_trusted()
        .ok_or_else(|| Failure::Error("no trusted block after the trust root was set".into()))?;
    let chain_id = root.signed_header.header.chain_id.to_string();
    let witness_instance = instance("witness", witness_id, &witness_client, options, &args, &fetched)?;

    let mut primary = Provider::new(chain_id.clone(), primary_instance, primary_client);
    let mut witness = Provider::new(chain_id, witness_instance, witness_client);

    // Skipping verification on the primary's blocks.
    let verified = primary.verify_to_height(args.to).map_err(|e| {
        Failure::Error(format!("verifying height {} on the primary ({primary_id}): {}", args.to, msg(e)))
    })?;

    // The detector: the witness's header at the verified height must be the same; if it is not,
    // the witness's blocks are verified from the common root to find the bifurcation and gather
    // evidence (not broadcast: this is a benchmark against a shared devnet).
    if verified.height() > root.height() {
        // The primary's trace must start at the common trusted block, as CometBFT's does: the
        // detector bisects the witness's chain from its first block. tendermint-rs's
        // `State::get_trace` omits the block verification started from whenever bisection
        // took more than one step (it records only the heights tried for the target), so the
        // detector would compare the witness at the first pivot instead and, on a fork older
        // than that, give up ("trusted block is different to the source's first block").
        let mut trace = primary.get_trace(verified.height());
        if trace.first().map(LightBlock::height) != Some(root.height()) {
            trace.insert(0, root.clone());
        }
        let outcome =
            rt.block_on(detect_divergence::<Sha256>(Some(&primary), &mut witness, trace, CLOCK_DRIFT, MAX_BLOCK_LAG));
        match outcome {
            Ok(None) => {}
            Ok(Some(divergence)) => {
                let evidence = &divergence.evidence.against_primary;
                return Err(Failure::Attack(format!(
                    "attack detected: the witness ({witness_id}) has header {} at height {}, the \
                     primary ({primary_id}) has {}; common height {}; evidence against the \
                     primary gathered (not broadcast): {} byzantine validator(s)",
                    divergence.challenging_block.signed_header.header.hash(),
                    divergence.challenging_block.height(),
                    verified.signed_header.header.hash(),
                    evidence.common_height,
                    evidence.byzantine_validators.len(),
                )));
            }
            Err(e) => {
                return Err(Failure::Error(format!(
                    "the witness ({witness_id}) did not confirm height {}: {}",
                    verified.height(),
                    msg(e)
                )))
            }
        }
    }

    let elapsed = start.elapsed();

    Ok(format!(
        "{{\"verified_height\": {}, \"hash\": \"{}\", \"elapsed_ms\": {:.3}, \
         \"light_blocks_fetched\": {}, \"witness_checked\": true}}",
        verified.height().value(),
        upper_hex(verified.signed_header.header.hash().as_bytes()),
        elapsed.as_secs_f64() * 1000.0,
        fetched.load(Ordering::Relaxed),
    ))
}

fn main() -> ExitCode {
    let outcome = parse_args().map_err(Failure::Usage).and_then(run);
    match outcome {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(Failure::Usage(msg)) => {
            if !msg.is_empty() {
                eprintln!("peer-tendermint-net: {msg}");
            }
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Error(msg)) => {
            eprintln!("peer-tendermint-net: {msg}");
            ExitCode::from(1)
        }
        Err(Failure::Attack(msg)) => {
            eprintln!("peer-tendermint-net: {msg}");
            ExitCode::from(4)
        }
    }
}
