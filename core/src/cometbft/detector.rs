//! Cross-checking the primary's verified trace with witnesses, as CometBFT's detector does
//! (`light/detector.go`, v0.38), with no I/O: the [`Detector`] says what it needs
//! ([`Request`]) and is fed the driver's [`Answer`].
//!
//! For each witness in turn: its block at the trace's target height is compared by hash. Same
//! hash: the witness confirms. No block that high: its latest block is asked for; one not
//! earlier than the target is a conflict; else the witness is set aside. Once every witness was
//! asked, the detector waits `2 × clock drift + max block lag` once (CometBFT's witnesses wait
//! concurrently, so a sequential detector must not wait once per witness) and asks the ones set
//! aside again; a witness still behind gave no response. A different hash: the
//! conflict is examined: the witness's chain is verified along the primary's trace
//! down to the bifurcation point. If it verifies, the primary is accused (evidence for the
//! witness), then roles are swapped (the witness's trace against the primary's blocks) and the
//! witness is accused (evidence for the primary), and detection stops: an attack. If the
//! witness's chain does not verify, or the witness served anything unusable, it is dropped and
//! never trusted. The trace is confirmed only if at least one witness confirmed it and none
//! proved an attack.
//!
//! Bounded by the trace: a witness's blocks are asked for one per trace height until they part
//! from the trace (a matching block verifies in the one step the primary's did), plus one
//! bisection (at most [`MAX_FETCHES`](super::scheduler::MAX_FETCHES) blocks) at the height
//! where they part; the roles-swapped examination is bounded the same way by the witness's
//! trace. So a hostile witness makes the detector fetch at most about
//! `2 × (trace length + MAX_FETCHES)` blocks; the unit tests pin the exact requests.

mod examine;
#[cfg(test)]
mod tests;

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::time::Duration;

use self::examine::{Examination, Next};
use super::evidence::LightClientAttackEvidence;
use super::request::{Answer, Fault, Peer, Request};
use super::verifier::{LightBlock, Options};
use crate::cometbft::Error;
use crate::time::Timestamp;

/// CometBFT's default `maxBlockLag`: how far behind a witness may be before it is given up on.
pub const DEFAULT_MAX_BLOCK_LAG: Duration = Duration::from_secs(10);

/// What one witness did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WitnessOutcome {
    /// Not asked (yet): detection stopped before it, or it was made the primary.
    NotAsked,
    /// Its block at the target height has the trace's hash.
    Confirmed,
    /// It gave no usable answer but did nothing wrong (down, behind, pruned): kept.
    NoResponse(Fault),
    /// It served something invalid, or a conflicting chain that does not verify: dropped,
    /// never trusted again in this run.
    Dropped(Error),
    /// It served a conflicting chain that verifies: an attack (see [`Attack`]).
    Conflict,
}

/// A light-client attack: two verifying chains that conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attack {
    /// The witness whose chain conflicts with the primary's.
    pub witness: usize,
    /// The height where the chains part (the primary's conflicting block).
    pub height: u64,
    /// Evidence against the primary, for the witness (the witness's chain taken as true).
    pub against_primary: LightClientAttackEvidence,
    /// Evidence against the witness, for the primary; `None` when the primary could not back
    /// its own trace when asked again.
    pub against_witness: Option<LightClientAttackEvidence>,
}

/// The detector's conclusion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// One outcome per witness, in the order given.
    pub witnesses: Vec<WitnessOutcome>,
    /// The attack found, if any; detection stops at the first.
    pub attack: Option<Box<Attack>>,
}

impl Report {
    /// Whether at least one witness confirmed and no attack was found.
    pub fn confirmed(&self) -> bool {
        self.attack.is_none() && self.witnesses.contains(&WitnessOutcome::Confirmed)
    }

    /// `Ok` when [`confirmed`](Self::confirmed); otherwise why not, as an error: an attack, or no
    /// witness confirming.
    pub fn check(&self, height: u64) -> Result<(), Error> {
        if let Some(attack) = &self.attack {
            return Err(Error::LightClientAttack { height: attack.height, witness: attack.witness });
        }
        if self.confirmed() {
            Ok(())
        } else {
            Err(Error::NotConfirmed { height })
        }
    }
}

/// Where the detector is with the current witness.
#[derive(Debug, Clone)]
enum Phase {
    /// Asked for the witness's block at the target height.
    Compare,
    /// Asked for the witness's latest block after it had nothing that high (`waited`: second try).
    Latest { waited: bool },
    /// Its latest was above the target: asked for the target again.
    Recheck { waited: bool },
    /// Asked the driver to wait before the second try of the witnesses that were behind.
    Wait,
    /// Verifying the witness's chain along the primary's trace.
    Examine(Box<Examination>),
    /// Roles swapped: verifying the primary's chain along the witness's trace.
    ExamineBack(Box<Examination>, Box<Attack>),
    /// Every witness handled, or an attack found.
    Done,
}

/// Cross-checks a verified trace with every witness.
#[derive(Debug, Clone)]
pub struct Detector {
    /// The primary's verified blocks, the already-trusted block it started from first.
    trace: Vec<LightBlock>,
    /// Who serves as primary (a witness once the first primary was replaced).
    primary: Peer,
    options: Options,
    now: Timestamp,
    max_block_lag: Duration,
    outcomes: Vec<WitnessOutcome>,
    /// The witness being handled.
    current: usize,
    /// Witnesses that were behind, to be asked again after the wait (in order).
    behind: Vec<usize>,
    /// Whether the wait is over (the second pass, over `behind`).
    waited: bool,
    phase: Phase,
    attack: Option<Box<Attack>>,
}

impl Detector {
    /// A detector for `trace` (the trusted block the primary's verification started from, then
    /// every block it verified; at least two), served by `primary`, against `witnesses` witnesses. Witnesses marked
    /// in `skip` (already dropped, or promoted to primary) are not asked.
    pub fn new(
        trace: Vec<LightBlock>,
        primary: Peer,
        witnesses: usize,
        skip: &[usize],
        options: Options,
        now: Timestamp,
    ) -> Result<Detector, Error> {
        if trace.len() < 2 {
            return Err(Error::Schedule { reason: "detection needs a trace of at least two blocks" });
        }
        let mut outcomes = alloc::vec![WitnessOutcome::NotAsked; witnesses];
        for &i in skip {
            if let Some(o) = outcomes.get_mut(i) {
                *o = WitnessOutcome::Dropped(Error::Schedule { reason: "not a witness any more" });
            }
        }
        if !outcomes.contains(&WitnessOutcome::NotAsked) {
            return Err(Error::NoWitnesses);
        }
        let mut detector = Detector {
            trace,
            primary,
            options,
            now,
            max_block_lag: DEFAULT_MAX_BLOCK_LAG,
            outcomes,
            current: 0,
            behind: Vec::new(),
            waited: false,
            phase: Phase::Compare,
            attack: None,
        };
        detector.next_witness(0);
        Ok(detector)
    }

    /// Sets how long a lagging witness is waited for beyond twice the clock drift.
    pub fn with_max_block_lag(mut self, lag: Duration) -> Detector {
        self.max_block_lag = lag;
        self
    }

    fn target(&self) -> &LightBlock {
        // At least two blocks, checked in `new`.
        &self.trace[self.trace.len() - 1]
    }

    /// Moves to the next witness to ask: in the first pass, the first from `from` still to be
    /// asked; then, after one wait, each witness that was behind.
    fn next_witness(&mut self, from: usize) {
        if !self.waited {
            let first_pass = (from..self.outcomes.len())
                .find(|&i| self.outcomes[i] == WitnessOutcome::NotAsked && !self.behind.contains(&i));
            self.phase = match first_pass {
                Some(i) => {
                    self.current = i;
                    Phase::Compare
                }
                None if self.behind.is_empty() => Phase::Done,
                None => Phase::Wait,
            };
            return;
        }
        if self.behind.is_empty() {
            self.phase = Phase::Done;
        } else {
            self.current = self.behind.remove(0);
            self.phase = Phase::Latest { waited: true };
        }
    }

    fn conclude(&mut self, outcome: WitnessOutcome) {
        self.outcomes[self.current] = outcome;
        self.next_witness(self.current + 1);
    }

    /// What the detector needs next; `None` once it has concluded.
    pub fn needed(&self) -> Option<Request> {
        let witness = Peer::Witness(self.current);
        let target = self.target().height();
        match &self.phase {
            Phase::Compare | Phase::Recheck { .. } => Some(Request::Block { peer: witness, height: target }),
            Phase::Latest { .. } => Some(Request::Latest { peer: witness }),
            Phase::Wait => Some(Request::Wait { duration: self.options.clock_drift * 2 + self.max_block_lag }),
            Phase::Examine(exam) => exam.pending().map(|height| Request::Block { peer: witness, height }),
            Phase::ExamineBack(exam, _) => exam.pending().map(|height| Request::Block { peer: self.primary, height }),
            Phase::Done => None,
        }
    }

    /// The requests the detector is about to make, one per witness, which a driver may send at
    /// once: while comparing, the target block of this witness and of every later one still to
    /// be asked (their answers are then fed as [`needed`](Self::needed) asks for them, as
    /// CometBFT asks its witnesses concurrently). Otherwise just what is needed now.
    pub fn upcoming(&self) -> Vec<Request> {
        let height = self.target().height();
        match self.phase {
            Phase::Compare => (self.current..self.outcomes.len())
                .filter(|&i| self.outcomes[i] == WitnessOutcome::NotAsked && !self.behind.contains(&i))
                .map(|i| Request::Block { peer: Peer::Witness(i), height })
                .collect(),
            _ => self.needed().into_iter().collect(),
        }
    }

    /// Feeds the answer to [`needed`](Self::needed). Every answer is consumed; a misbehaving
    /// witness is recorded, not returned as an error. `Err` only for a call out of turn.
    pub fn feed(&mut self, answer: Answer) -> Result<(), Error> {
        let phase = core::mem::replace(&mut self.phase, Phase::Done);
        let target_height = self.target().height();
        let chain_id = self.trace[0].signed_header.header.chain_id.clone();
        // Every block a witness serves must at least be well formed and of this chain.
        let answer = match answer {
            Answer::Block(block) => match block.validate_basic(&chain_id) {
                Ok(()) => Answer::Block(block),
                Err(e) => Answer::Fault(Fault::Bad(e)),
            },
            other => other,
        };
        match (phase, answer) {
            (Phase::Done, _) => return Err(Error::Schedule { reason: "the detector needs nothing more" }),
            (Phase::Compare, Answer::Block(block)) | (Phase::Recheck { .. }, Answer::Block(block)) => {
                self.compare(*block, target_height)
            }
            (Phase::Compare, Answer::Fault(Fault::HeightTooHigh)) => self.phase = Phase::Latest { waited: false },
            (Phase::Compare, Answer::Fault(Fault::Bad(e))) => self.conclude(WitnessOutcome::Dropped(e)),
            (Phase::Compare, Answer::Fault(fault)) => self.conclude(WitnessOutcome::NoResponse(fault)),
            (Phase::Latest { waited }, Answer::Block(block)) => {
                if block.height() == target_height {
                    self.compare(*block, target_height)
                } else if block.height() > target_height {
                    self.phase = Phase::Recheck { waited };
                } else if block.time() >= self.target().time() {
                    // Behind in height but not in time: the primary's block is from the future.
                    self.conflict(*block);
                } else if waited {
                    self.conclude(WitnessOutcome::NoResponse(Fault::HeightTooHigh));
                } else {
                    // Behind: asked again after the one wait, once every witness was asked.
                    self.behind.push(self.current);
                    self.next_witness(self.current + 1);
                }
            }
            // The first try's errors are benign; after waiting, a failing witness is dropped.
            (Phase::Latest { waited: false }, Answer::Fault(fault))
            | (Phase::Recheck { waited: false }, Answer::Fault(fault)) => match fault {
                Fault::Bad(e) => self.conclude(WitnessOutcome::Dropped(e)),
                other => self.conclude(WitnessOutcome::NoResponse(other)),
            },
            (Phase::Latest { waited: true }, Answer::Fault(fault))
            | (Phase::Recheck { waited: true }, Answer::Fault(fault)) => {
                let e = match fault {
                    Fault::Bad(e) => e,
                    other => Error::Provider { height: target_height, reason: other.describe() },
                };
                self.conclude(WitnessOutcome::Dropped(e))
            }
            (Phase::Wait, Answer::Waited) => {
                self.waited = true;
                self.next_witness(0);
            }
            (Phase::Examine(mut exam), Answer::Block(block)) => {
                let next = exam.feed(*block);
                self.after_examine(exam, next);
            }
            (Phase::Examine(_), Answer::Fault(fault)) => {
                // The witness cannot back the conflicting block it served.
                let e = match fault {
                    Fault::Bad(e) => e,
                    other => Error::Provider { height: target_height, reason: other.describe() },
                };
                self.conclude(WitnessOutcome::Dropped(e));
            }
            (Phase::ExamineBack(mut exam, attack), Answer::Block(block)) => {
                let next = exam.feed(*block);
                self.after_examine_back(exam, attack, next);
            }
            // The primary does not back its own trace: the attack stands, with evidence against
            // the primary only.
            (Phase::ExamineBack(_, attack), Answer::Fault(_)) => self.stop_with(attack),
            (phase, _) => {
                self.phase = phase;
                return Err(Error::Schedule { reason: "an answer of the wrong kind for the request" });
            }
        }
        Ok(())
    }

    fn compare(&mut self, block: LightBlock, target_height: u64) {
        if block.height() != target_height {
            let e = Error::Provider { height: target_height, reason: "returned a block of another height".into() };
            return self.conclude(WitnessOutcome::Dropped(e));
        }
        if block.signed_header.header.hash() == self.target().signed_header.header.hash() {
            self.conclude(WitnessOutcome::Confirmed);
        } else {
            self.conflict(block);
        }
    }

    /// The witness served `block`, conflicting with the trace: examine its chain.
    fn conflict(&mut self, block: LightBlock) {
        let started = Examination::new(self.trace.clone(), block, self.options, self.now).map(|mut exam| {
            let next = exam.start();
            (exam, next)
        });
        match started {
            Ok((exam, next)) => self.after_examine(Box::new(exam), next),
            Err(e) => self.conclude(WitnessOutcome::Dropped(e)),
        }
    }

    fn after_examine(&mut self, exam: Box<Examination>, next: Result<Next, Error>) {
        match next {
            Ok(Next::Block(_)) => self.phase = Phase::Examine(exam),
            // The witness's chain does not verify (or agrees everywhere): it is the faulty one.
            Err(e) => self.conclude(WitnessOutcome::Dropped(e)),
            Ok(Next::Done(found)) => {
                let source_trace = found.source_trace;
                let (common, trusted) = (&source_trace[0], &source_trace[source_trace.len() - 1]);
                let against_primary = LightClientAttackEvidence::new(&found.diverged, trusted, common);
                let attack = Box::new(Attack {
                    witness: self.current,
                    height: found.diverged.height(),
                    against_primary,
                    against_witness: None,
                });
                self.outcomes[self.current] = WitnessOutcome::Conflict;
                // Roles swapped: the witness's trace examined against the primary's blocks.
                match Examination::new(source_trace, found.diverged, self.options, self.now).map(|mut back| {
                    let next = back.start();
                    (back, next)
                }) {
                    Ok((back, next)) => self.after_examine_back(Box::new(back), attack, next),
                    Err(_) => self.stop_with(attack),
                }
            }
        }
    }

    fn after_examine_back(&mut self, exam: Box<Examination>, mut attack: Box<Attack>, next: Result<Next, Error>) {
        match next {
            Ok(Next::Block(_)) => self.phase = Phase::ExamineBack(exam, attack),
            Ok(Next::Done(found)) => {
                let source_trace = found.source_trace;
                let (common, trusted) = (&source_trace[0], &source_trace[source_trace.len() - 1]);
                attack.against_witness = Some(LightClientAttackEvidence::new(&found.diverged, trusted, common));
                self.stop_with(attack);
            }
            Err(_) => self.stop_with(attack),
        }
    }

    fn stop_with(&mut self, attack: Box<Attack>) {
        self.attack = Some(attack);
        self.phase = Phase::Done;
    }

    /// The conclusion, once [`needed`](Self::needed) is `None`.
    pub fn finish(self) -> Result<Report, Error> {
        if !matches!(self.phase, Phase::Done) {
            return Err(Error::Schedule { reason: "the detector has not concluded" });
        }
        Ok(Report { witnesses: self.outcomes, attack: self.attack })
    }
}
