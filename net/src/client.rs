//! The blocking driver of the core's I/O-free [`Sync`]: it answers each request from the right
//! node, reports progress, and remembers what each node did wrong.

use std::time::{Duration, Instant};

use lightcheck::cometbft::{Answer, Error, LightClientAttackEvidence, Peer, Request, Sync, Synced};

use crate::rpc::RpcNode;
use crate::NetError;

/// The nodes of a run: the primary first, then the witnesses in the order the user gave them.
#[derive(Debug)]
pub struct Nodes {
    /// The primary.
    pub primary: RpcNode,
    /// The witnesses.
    pub witnesses: Vec<RpcNode>,
}

impl Nodes {
    /// The node a [`Peer`] names.
    pub fn get(&self, peer: Peer) -> Option<&RpcNode> {
        match peer {
            Peer::Primary => Some(&self.primary),
            Peer::Witness(i) => self.witnesses.get(i),
        }
    }

    /// HTTP requests made to every node.
    pub fn requests(&self) -> u64 {
        self.primary.requests() + self.witnesses.iter().map(RpcNode::requests).sum::<u64>()
    }
}

/// What the driver is doing, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Asking `peer` for the block at `height` (`None`: its latest).
    Fetching {
        /// Whom.
        peer: Peer,
        /// Which height.
        height: Option<u64>,
    },
    /// A light block arrived from `peer`.
    Fetched {
        /// Whom.
        peer: Peer,
        /// Its height.
        height: u64,
    },
    /// Waiting for a lagging witness.
    Waiting {
        /// How long.
        duration: Duration,
    },
}

/// A finished run.
#[derive(Debug)]
pub struct Run {
    /// The core's outcome.
    pub synced: Result<Synced, Error>,
    /// The last network failure of each node (primary first), if any.
    pub failures: Vec<Option<NetError>>,
    /// Every node the light client gave up on, and why (the core's view: a replaced primary,
    /// a witness that failed while standing in).
    pub faults: Vec<(Peer, lightcheck::cometbft::Fault)>,
    /// Wall time.
    pub elapsed: Duration,
}

/// Drives `sync` to its end against `nodes`. When the witnesses are compared, every witness is
/// asked at once (as CometBFT's detector asks them), each on its own thread; the answers are
/// fed in the order the update asks for them.
pub fn drive(mut sync: Sync, nodes: &Nodes, mut progress: impl FnMut(Event)) -> Run {
    let started = Instant::now();
    let mut failures: Vec<Option<NetError>> = vec![None; nodes.witnesses.len() + 1];
    let slot = |peer: Peer| match peer {
        Peer::Primary => 0,
        Peer::Witness(i) => i + 1,
    };
    // Answers fetched ahead, for requests the update has not made yet.
    let mut ahead: Vec<(Request, Answer)> = Vec::new();
    while let Some(request) = sync.needed() {
        if !ahead.iter().any(|(r, _)| *r == request) {
            let batch = sync.upcoming();
            if batch.len() > 1 && batch.contains(&request) {
                ahead = fetch_all(nodes, &batch, &mut failures, slot, &mut progress);
            }
        }
        let answer = match ahead.iter().position(|(r, _)| *r == request) {
            Some(i) => ahead.swap_remove(i).1,
            None => match request {
                Request::Wait { duration } => {
                    progress(Event::Waiting { duration });
                    std::thread::sleep(duration);
                    Answer::Waited
                }
                Request::Block { peer, height } => {
                    fetch(nodes, peer, Some(height), &mut failures[slot(peer)], &mut progress)
                }
                Request::Latest { peer } => fetch(nodes, peer, None, &mut failures[slot(peer)], &mut progress),
            },
        };
        if let Err(e) = sync.feed(answer) {
            let faults = sync.faults().to_vec();
            return Run { synced: Err(e), failures, faults, elapsed: started.elapsed() };
        }
    }
    let faults = sync.faults().to_vec();
    Run { synced: sync.finish(), failures, faults, elapsed: started.elapsed() }
}

/// Fetches every block request of `batch` at once, one thread per request.
fn fetch_all(
    nodes: &Nodes,
    batch: &[Request],
    failures: &mut [Option<NetError>],
    slot: impl Fn(Peer) -> usize,
    progress: &mut impl FnMut(Event),
) -> Vec<(Request, Answer)> {
    let blocks: Vec<(Request, Peer, u64)> = batch
        .iter()
        .filter_map(|r| match *r {
            Request::Block { peer, height } => Some((*r, peer, height)),
            _ => None,
        })
        .collect();
    for &(_, peer, height) in &blocks {
        progress(Event::Fetching { peer, height: Some(height) });
    }
    let results = std::thread::scope(|scope| {
        let handles: Vec<_> = blocks
            .iter()
            .map(|&(_, peer, height)| nodes.get(peer).map(|node| scope.spawn(move || node.light_block(Some(height)))))
            .collect();
        handles.into_iter().map(|h| h.and_then(|h| h.join().ok())).collect::<Vec<_>>()
    });
    blocks
        .iter()
        .zip(results)
        .map(|(&(request, peer, _), result)| {
            let answer = match result {
                Some(Ok(block)) => {
                    progress(Event::Fetched { peer, height: block.height() });
                    block.into()
                }
                Some(Err(e)) => {
                    let fault = e.to_fault();
                    failures[slot(peer)] = Some(e);
                    Answer::Fault(fault)
                }
                None => Answer::Fault(lightcheck::cometbft::Fault::NoResponse),
            };
            (request, answer)
        })
        .collect()
}

fn fetch(
    nodes: &Nodes,
    peer: Peer,
    height: Option<u64>,
    failure: &mut Option<NetError>,
    progress: &mut impl FnMut(Event),
) -> Answer {
    let Some(node) = nodes.get(peer) else {
        return Answer::Fault(lightcheck::cometbft::Fault::NoResponse);
    };
    progress(Event::Fetching { peer, height });
    match node.light_block(height) {
        Ok(block) => {
            progress(Event::Fetched { peer, height: block.height() });
            block.into()
        }
        Err(e) => {
            let fault = e.to_fault();
            *failure = Some(e);
            Answer::Fault(fault)
        }
    }
}

/// Where evidence went.
#[derive(Debug)]
pub struct Report {
    /// The node posted to.
    pub node: String,
    /// The hash the node returned, or why it refused.
    pub result: Result<String, NetError>,
}

/// Posts evidence to `node`.
/// Posts evidence to `node`, offering it again a second later (at most
/// [`EVIDENCE_ATTEMPTS`](lightcheck::cometbft::rpc::EVIDENCE_ATTEMPTS) times) while the node has
/// not committed the conflicting height yet.
pub fn report_evidence(node: &RpcNode, evidence: &LightClientAttackEvidence) -> Report {
    use lightcheck::cometbft::rpc::{evidence_too_early, EVIDENCE_ATTEMPTS};
    let mut result = node.broadcast_evidence(evidence);
    for _ in 1..EVIDENCE_ATTEMPTS {
        match &result {
            Err(e) if evidence_too_early(e) => std::thread::sleep(Duration::from_secs(1)),
            _ => break,
        }
        result = node.broadcast_evidence(evidence);
    }
    Report { node: node.url().to_string(), result }
}
