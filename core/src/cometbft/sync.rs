//! One light-client update, I/O-free: from a trusted block (or a trust root: a height and a
//! header hash the user trusts) to a target height or the primary's latest block, verified
//! with the primary's blocks and cross-checked with every witness.
//!
//! [`Sync`] says what it needs ([`Request`]), the driver answers ([`Answer`]), and the result
//! ([`Synced`]) says what became trusted and what each witness did. Like CometBFT's client, a
//! primary that fails (no answer, no block, or an invalid one) is replaced by the first witness
//! that serves the block asked for; that witness is no longer cross-checked against itself.
//! Nothing is trusted before the detector has concluded: an attack or an unconfirmed header
//! leaves [`Synced::check`] failing, and the caller's store must not change.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::time::Duration;

use super::detector::{Detector, Report, WitnessOutcome, DEFAULT_MAX_BLOCK_LAG};
use super::request::{Answer, Fault, Peer, Request};
use super::scheduler::{Schedule, Trace};
use super::verifier::{LightBlock, Options};
use super::voting::CountingMode;
use crate::cometbft::Error;
use crate::time::Timestamp;

/// How high to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A given height.
    Height(u64),
    /// The primary's latest block at the time it is asked.
    Latest,
}

/// The outcome of a finished [`Sync`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    /// A trust root established by this run (the block at the trusted height, hashing to the
    /// trusted hash, signed by 2/3+ of its validators, and not contradicted by any witness).
    pub root: Option<LightBlock>,
    /// The height verification started from.
    pub start_height: u64,
    /// The primary's newly verified blocks (empty when the target was already trusted).
    pub trace: Trace,
    /// The witnesses' cross-check of the trace; `None` when nothing new was verified forwards
    /// (backward hash-chaining needs no witness).
    pub report: Option<Report>,
    /// Which peer served as primary at the end (a witness if the primary was replaced).
    pub primary: Peer,
    /// How each witness answered for the trust root (empty when no root was established):
    /// confirmed, silent, or dropped for serving something invalid.
    pub root_witnesses: Vec<WitnessOutcome>,
    /// Light blocks received, from every peer.
    pub fetched: usize,
}

impl Synced {
    /// `Ok` if what was verified may be trusted: no attack, and confirmed by a witness when
    /// anything was verified forwards.
    pub fn check(&self) -> Result<(), Error> {
        match (&self.report, self.trace.verified.last()) {
            (Some(report), Some(last)) => report.check(last.height()),
            _ => Ok(()),
        }
    }

    /// The highest block this run verified (or established as the root).
    pub fn latest(&self) -> Option<&LightBlock> {
        self.trace.verified.iter().chain(self.root.as_ref()).max_by_key(|b| b.height())
    }

    /// Every block to store once [`check`](Self::check) passed: the root, then the trace.
    pub fn to_store(&self) -> impl Iterator<Item = &LightBlock> {
        self.root.iter().chain(self.trace.verified.iter())
    }
}

#[derive(Debug, Clone)]
enum Phase {
    /// Fetching the block at the trusted height from the primary.
    Root { height: u64, hash: [u8; 32] },
    /// Comparing the new root with each witness in turn.
    RootWitness { witness: usize },
    /// Asking the primary for its latest block.
    Latest,
    /// Verifying with the primary's blocks.
    Verify(Box<Schedule>),
    /// Cross-checking with witnesses.
    Detect(Box<Detector>),
    /// Finished.
    Done,
}

/// A light-client update in progress.
#[derive(Debug, Clone)]
pub struct Sync {
    options: Options,
    now: Timestamp,
    max_block_lag: Duration,
    target: Target,
    /// The trusted block verification starts from (`None` until the root is established).
    start: Option<LightBlock>,
    root: Option<LightBlock>,
    witnesses: Vec<WitnessOutcome>,
    /// The witnesses' answers for the trust root, kept for the report.
    root_witnesses: Vec<WitnessOutcome>,
    primary: Peer,
    /// Replacing a failed primary: the request to repeat, and the next witness to try.
    replacing: Option<(Request, usize)>,
    phase: Phase,
    trace: Trace,
    report: Option<Report>,
    fetched: usize,
    /// Every peer that failed, and how: primaries replaced, witnesses dropped while standing in.
    faults: Vec<(Peer, Fault)>,
    error: Option<Error>,
}

impl Sync {
    /// An update from `start` (a block the caller already trusts, with its next validators) to
    /// `target`, with `witnesses` witnesses (at least one).
    pub fn new(
        start: LightBlock,
        target: Target,
        witnesses: usize,
        options: Options,
        now: Timestamp,
    ) -> Result<Sync, Error> {
        let mut sync = Sync::empty(target, witnesses, options, now)?;
        sync.begin_from(start);
        Ok(sync)
    }

    /// An update that first establishes a trust root: the primary's block at `height` must hash
    /// to `hash`, carry 2/3+ of its own validators' signatures and be within the trusting
    /// period, and no witness may serve a different block at that height.
    pub fn from_trust_root(
        height: u64,
        hash: [u8; 32],
        target: Target,
        witnesses: usize,
        options: Options,
        now: Timestamp,
    ) -> Result<Sync, Error> {
        if height == 0 {
            return Err(Error::Schedule { reason: "the trusted height must be at least 1" });
        }
        let mut sync = Sync::empty(target, witnesses, options, now)?;
        sync.phase = Phase::Root { height, hash };
        Ok(sync)
    }

    fn empty(target: Target, witnesses: usize, options: Options, now: Timestamp) -> Result<Sync, Error> {
        if witnesses == 0 {
            return Err(Error::NoWitnesses);
        }
        Ok(Sync {
            options,
            now,
            max_block_lag: DEFAULT_MAX_BLOCK_LAG,
            target,
            start: None,
            root: None,
            witnesses: alloc::vec![WitnessOutcome::NotAsked; witnesses],
            root_witnesses: Vec::new(),
            primary: Peer::Primary,
            replacing: None,
            phase: Phase::Done,
            trace: Trace::default(),
            report: None,
            fetched: 0,
            faults: Vec::new(),
            error: None,
        })
    }

    /// Sets how long a lagging witness is waited for beyond twice the clock drift (default 10 s).
    pub fn with_max_block_lag(mut self, lag: Duration) -> Sync {
        self.max_block_lag = lag;
        self
    }

    /// Starts verification from the trusted `start`.
    fn begin_from(&mut self, start: LightBlock) {
        let start_height = start.height();
        self.start = Some(start);
        self.phase = match self.target {
            Target::Latest => Phase::Latest,
            Target::Height(h) if h == start_height => Phase::Done,
            Target::Height(h) => match self.schedule_to(h) {
                Ok(schedule) => Phase::Verify(Box::new(schedule)),
                Err(e) => return self.fail(e),
            },
        };
    }

    fn schedule_to(&self, height: u64) -> Result<Schedule, Error> {
        let start = self.start.as_ref().ok_or(Error::Schedule { reason: "no trusted block" })?;
        if height > start.height() {
            Schedule::forward(start.clone(), height, self.options, self.now)
        } else {
            Schedule::backward(start, height, self.options, self.now)
        }
    }

    fn fail(&mut self, e: Error) {
        self.error = Some(e);
        self.phase = Phase::Done;
    }

    /// What the update needs next; `None` once it is finished.
    pub fn needed(&self) -> Option<Request> {
        if let Some((request, _)) = &self.replacing {
            return Some(*request);
        }
        let primary = self.primary;
        match &self.phase {
            Phase::Root { height, .. } => Some(Request::Block { peer: primary, height: *height }),
            Phase::RootWitness { witness } => {
                let height = self.root.as_ref().map_or(0, LightBlock::height);
                Some(Request::Block { peer: Peer::Witness(*witness), height })
            }
            Phase::Latest => Some(Request::Latest { peer: primary }),
            Phase::Verify(schedule) => schedule.needed().map(|height| Request::Block { peer: primary, height }),
            Phase::Detect(detector) => detector.needed(),
            Phase::Done => None,
        }
    }

    /// What the update is about to ask for, which a driver may fetch at once: every witness's
    /// block while the witnesses are compared with the trust root or the verified target (the
    /// first being [`needed`](Self::needed)), else just what is needed now. The answers must
    /// still be fed one by one, each when `needed` asks for it; one asked for but never needed
    /// (detection stopped at an attack) is dropped.
    pub fn upcoming(&self) -> Vec<Request> {
        // A primary is only ever replaced outside these two phases (witnesses are not primaries
        // there), so a replacement in progress falls to the last arm.
        match &self.phase {
            Phase::RootWitness { witness } => {
                let height = self.root.as_ref().map_or(0, LightBlock::height);
                (*witness..self.witnesses.len())
                    .filter(|&i| self.witnesses[i] == WitnessOutcome::NotAsked)
                    .map(|i| Request::Block { peer: Peer::Witness(i), height })
                    .collect()
            }
            Phase::Detect(detector) => detector.upcoming(),
            _ => self.needed().into_iter().collect(),
        }
    }

    /// Feeds the driver's answer to [`needed`](Self::needed).
    pub fn feed(&mut self, answer: Answer) -> Result<(), Error> {
        let Some(request) = self.needed() else {
            return Err(Error::Schedule { reason: "the update needs nothing more" });
        };
        if matches!(answer, Answer::Block(_)) {
            self.fetched += 1;
        }
        if self.replacing.is_some() {
            self.feed_replacement(answer);
            return Ok(());
        }
        let from_primary = request.peer() == Some(self.primary) && !matches!(self.phase, Phase::Detect(_));
        // A block that is not even well formed (or of another chain) is a provider fault, as in
        // CometBFT's provider, not a verification verdict.
        let answer = match answer {
            Answer::Block(block) if from_primary => match block.validate_basic(&self.chain_id(&block)) {
                Ok(()) => Answer::Block(block),
                Err(e) => Answer::Fault(Fault::Bad(e)),
            },
            other => other,
        };
        if let (true, Answer::Fault(fault)) = (from_primary, &answer) {
            // A failing primary is replaced before its answer means anything.
            self.faults.push((self.primary, fault.clone()));
            self.replacing = Some((request, 0));
            self.advance_replacement();
            return Ok(());
        }
        let phase = core::mem::replace(&mut self.phase, Phase::Done);
        match (phase, answer) {
            (Phase::Root { height, hash }, Answer::Block(block)) => self.check_root(*block, height, hash),
            (Phase::RootWitness { witness }, answer) => self.compare_root(witness, answer),
            (Phase::Latest, Answer::Block(block)) => self.verify_latest(*block),
            (Phase::Verify(mut schedule), Answer::Block(block)) => match schedule.feed(*block) {
                Ok(()) => self.after_verify(schedule),
                Err(e) => self.fail(e),
            },
            (Phase::Detect(mut detector), answer) => {
                if let Err(e) = detector.feed(answer) {
                    // Fails closed: an answer out of turn ends the update, nothing is trusted.
                    self.fail(e.clone());
                    return Err(e);
                }
                self.after_detect(detector);
            }
            (phase, _) => {
                self.phase = phase;
                return Err(Error::Schedule { reason: "an answer of the wrong kind for the request" });
            }
        }
        Ok(())
    }

    /// Tries the next witness in place of the failed primary.
    fn advance_replacement(&mut self) {
        let Some((request, from)) = self.replacing else { return };
        match (from..self.witnesses.len()).find(|&i| self.witnesses[i] == WitnessOutcome::NotAsked) {
            Some(i) => {
                let request = match request {
                    Request::Block { height, .. } => Request::Block { peer: Peer::Witness(i), height },
                    Request::Latest { .. } => Request::Latest { peer: Peer::Witness(i) },
                    wait => wait,
                };
                self.replacing = Some((request, i));
            }
            None => {
                self.replacing = None;
                let height = match request {
                    Request::Block { height, .. } => height,
                    _ => 0,
                };
                let why = self.faults.first().map(|(_, f)| f.describe()).unwrap_or_default();
                self.fail(Error::Provider {
                    height,
                    reason: alloc::format!("the primary failed ({why}) and no witness could stand in"),
                });
            }
        }
    }

    /// The chain every block must belong to: the trusted one's, or (before a root is
    /// established) the block's own, which the trusted hash then pins.
    fn chain_id(&self, block: &LightBlock) -> alloc::string::String {
        self.start.as_ref().or(self.root.as_ref()).unwrap_or(block).signed_header.header.chain_id.clone()
    }

    /// Every peer that failed so far, and how (replaced primaries, failed stand-ins).
    pub fn faults(&self) -> &[(Peer, Fault)] {
        &self.faults
    }

    fn feed_replacement(&mut self, answer: Answer) {
        let Some((request, candidate)) = self.replacing else { return };
        match answer {
            Answer::Block(block) => {
                if let Err(e) = block.validate_basic(&self.chain_id(&block)) {
                    self.faults.push((Peer::Witness(candidate), Fault::Bad(e.clone())));
                    self.witnesses[candidate] = WitnessOutcome::Dropped(e);
                    self.replacing = Some((request, candidate + 1));
                    return self.advance_replacement();
                }
                // The witness becomes the primary; the block answers the original request.
                self.witnesses[candidate] = WitnessOutcome::Dropped(Error::Schedule { reason: "promoted to primary" });
                self.primary = Peer::Witness(candidate);
                self.replacing = None;
                self.fetched -= 1; // counted again by the nested feed
                let _ = self.feed(Answer::Block(block));
            }
            Answer::Fault(fault) => {
                self.faults.push((Peer::Witness(candidate), fault.clone()));
                if let Fault::Bad(e) = fault {
                    self.witnesses[candidate] = WitnessOutcome::Dropped(e);
                }
                self.replacing = Some((request, candidate + 1));
                self.advance_replacement();
            }
            Answer::Waited => {}
        }
    }

    fn check_root(&mut self, block: LightBlock, height: u64, hash: [u8; 32]) {
        let checked = (|| {
            if block.height() != height {
                return Err(Error::Provider { height, reason: "returned a block of another height".into() });
            }
            let chain_id = block.signed_header.header.chain_id.clone();
            block.validate_basic(&chain_id)?;
            if block.signed_header.header.hash() != Some(hash) {
                return Err(Error::TrustRootMismatch { height });
            }
            if !super::verifier::is_within_trust_period(&block.time(), self.options.trusting_period, self.now) {
                return Err(Error::TrustedExpired { trusted_time: block.time(), now: self.now });
            }
            super::verifier::verify_commit(&block.signed_header, &block.validators, CountingMode::StopAtThreshold)
        })();
        match checked {
            Ok(()) => {
                self.root = Some(block);
                self.next_root_witness(0);
            }
            Err(e) => self.fail(e),
        }
    }

    fn next_root_witness(&mut self, from: usize) {
        match (from..self.witnesses.len()).find(|&i| self.witnesses[i] == WitnessOutcome::NotAsked) {
            Some(witness) => self.phase = Phase::RootWitness { witness },
            None => {
                // Witnesses' root outcomes are reported as such; for detection they were
                // provisional: it asks them again.
                self.root_witnesses = self.witnesses.clone();
                for outcome in &mut self.witnesses {
                    if *outcome == WitnessOutcome::Confirmed || matches!(outcome, WitnessOutcome::NoResponse(_)) {
                        *outcome = WitnessOutcome::NotAsked;
                    }
                }
                if let Some(root) = self.root.clone() {
                    self.begin_from(root);
                }
            }
        }
    }

    /// CometBFT's `compareFirstLightBlockWithWitnesses`: a different block at the trusted
    /// height stops everything (there is no common block to build evidence from); invalid data
    /// drops the witness; silence is tolerated.
    fn compare_root(&mut self, witness: usize, answer: Answer) {
        let root = self.root.clone();
        let Some(root) = root else { return self.fail(Error::Schedule { reason: "no root" }) };
        let outcome = match answer {
            Answer::Block(block) => match block.validate_basic(&root.signed_header.header.chain_id) {
                Err(e) => WitnessOutcome::Dropped(e),
                Ok(()) if block.height() != root.height() => WitnessOutcome::Dropped(Error::Provider {
                    height: root.height(),
                    reason: "returned a block of another height".into(),
                }),
                Ok(()) if block.signed_header.header.hash() != root.signed_header.header.hash() => {
                    self.witnesses[witness] = WitnessOutcome::Conflict;
                    return self.fail(Error::Schedule {
                        reason: "a witness serves a different block at the trusted height: check the primary and the witnesses",
                    });
                }
                Ok(()) => WitnessOutcome::Confirmed,
            },
            Answer::Fault(Fault::Bad(e)) => WitnessOutcome::Dropped(e),
            Answer::Fault(fault) => WitnessOutcome::NoResponse(fault),
            Answer::Waited => WitnessOutcome::NotAsked,
        };
        self.witnesses[witness] = outcome;
        self.next_root_witness(witness + 1);
    }

    fn verify_latest(&mut self, latest: LightBlock) {
        let Some(start) = &self.start else { return self.fail(Error::Schedule { reason: "no trusted block" }) };
        if latest.height() <= start.height() {
            // Nothing newer than what is trusted.
            return self.phase = Phase::Done;
        }
        self.target = Target::Height(latest.height());
        match Schedule::forward(start.clone(), latest.height(), self.options, self.now) {
            Ok(mut schedule) => match schedule.feed(latest) {
                Ok(()) => self.after_verify(Box::new(schedule)),
                Err(e) => self.fail(e),
            },
            Err(e) => self.fail(e),
        }
    }

    fn after_verify(&mut self, schedule: Box<Schedule>) {
        if schedule.needed().is_some() {
            self.phase = Phase::Verify(schedule);
            return;
        }
        let forward = schedule.target() > self.start.as_ref().map_or(0, LightBlock::height);
        match schedule.finish() {
            Ok(trace) => {
                self.trace = trace;
                if !forward {
                    return self.phase = Phase::Done;
                }
                let mut checked: Vec<LightBlock> = Vec::with_capacity(self.trace.verified.len() + 1);
                checked.extend(self.start.clone());
                checked.extend(self.trace.verified.iter().cloned());
                let skip: Vec<usize> = (0..self.witnesses.len())
                    .filter(|&i| matches!(self.witnesses[i], WitnessOutcome::Dropped(_) | WitnessOutcome::Conflict))
                    .collect();
                match Detector::new(checked, self.primary, self.witnesses.len(), &skip, self.options, self.now) {
                    Ok(detector) => self.after_detect(Box::new(detector.with_max_block_lag(self.max_block_lag))),
                    Err(e) => self.fail(e),
                }
            }
            Err(e) => self.fail(e),
        }
    }

    fn after_detect(&mut self, detector: Box<Detector>) {
        if detector.needed().is_some() {
            self.phase = Phase::Detect(detector);
            return;
        }
        match detector.finish() {
            Ok(report) => {
                // Witnesses dropped before detection keep their reason.
                let mut report = report;
                for (i, outcome) in report.witnesses.iter_mut().enumerate() {
                    if let WitnessOutcome::Dropped(_) = outcome {
                        if let Some(earlier @ WitnessOutcome::Dropped(_)) = self.witnesses.get(i) {
                            *outcome = earlier.clone();
                        }
                    }
                }
                self.report = Some(report);
                self.phase = Phase::Done;
            }
            Err(e) => self.fail(e),
        }
    }

    /// The outcome, once [`needed`](Self::needed) is `None`. An `Err` is a verification failure
    /// (an invalid block from the primary, an expired trust root, every provider failing); an
    /// attack or an unconfirmed header is an `Ok` whose [`Synced::check`] fails, so the
    /// evidence can be read.
    pub fn finish(self) -> Result<Synced, Error> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if self.needed().is_some() {
            return Err(Error::Schedule { reason: "the update has not finished" });
        }
        let start_height = self.start.as_ref().map_or(0, LightBlock::height);
        Ok(Synced {
            root: self.root,
            start_height,
            trace: self.trace,
            report: self.report,
            primary: self.primary,
            root_witnesses: self.root_witnesses,
            fetched: self.fetched,
        })
    }
}
