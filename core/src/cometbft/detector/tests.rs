//! The detector's branches that a real network does not produce on demand, on chains signed to
//! order: a witness that catches up between two requests, one that lags and then fails, a
//! primary's block "from the future" (a forward lunatic attack), a witness or a primary that
//! cannot back its own chain halfway through an examination, and a bifurcation in the middle
//! of a trace. Each test pins the exact requests made, so the number of blocks a witness can
//! make the detector fetch is pinned too.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use super::*;
use crate::cometbft::evidence::AttackKind;
use crate::cometbft::testkit::{secs, spec, T0};

const VALIDATORS: &[u8] = &[1, 2, 3, 4];

/// Blocks `1..=n` of a chain of four validators, block `h` at `T0 + 10·h` s; from height
/// `fork` on the app hash is `app` instead of the common one (a fork signed by the same
/// validators).
fn chain(n: u64, fork: u64, app: u8) -> Vec<LightBlock> {
    (1..=n)
        .map(|h| {
            let s = spec(h, secs(T0 + 10 * h as i64), VALIDATORS);
            if h >= fork {
                s.app(app).build()
            } else {
                s.build()
            }
        })
        .collect()
}

fn honest(n: u64) -> Vec<LightBlock> {
    chain(n, u64::MAX, 0)
}

fn options() -> Options {
    Options::new(Duration::from_secs(3600))
}

fn now() -> Timestamp {
    secs(T0 + 1000)
}

/// A node: answers a request for a height (`None`: its latest block).
type Node<'a> = &'a mut dyn FnMut(Option<u64>) -> Answer;

/// A node serving `blocks` (heights 1.. in order).
fn serving(blocks: Vec<LightBlock>) -> impl FnMut(Option<u64>) -> Answer {
    move |height| {
        let top = blocks.len() as u64;
        match height.unwrap_or(top) {
            h if h > top || h == 0 => Answer::Fault(Fault::HeightTooHigh),
            h => blocks[h as usize - 1].clone().into(),
        }
    }
}

/// Runs `detector` (one witness) to its conclusion. The log names every request: `p12` / `w12`
/// (a block from the primary / the witness), `wL` (the witness's latest), `wait`.
fn run(detector: Detector, primary: Node, witness: Node) -> (Report, Vec<String>) {
    run_many(detector, primary, &mut [witness])
}

/// [`run`] with several witnesses, logged as `w`, `v`, `u`, … in order.
fn run_many(mut detector: Detector, primary: Node, witnesses: &mut [Node]) -> (Report, Vec<String>) {
    let name = |i: usize| char::from(b'w' - i as u8);
    let mut log = Vec::new();
    while let Some(request) = detector.needed() {
        assert!(log.len() < 100, "the detector does not end: {log:?}");
        let answer = match request {
            Request::Wait { duration } => {
                assert_eq!(duration, Duration::from_secs(2 * 10 + 10), "2 × clock drift + max block lag");
                log.push("wait".into());
                Answer::Waited
            }
            Request::Block { peer: Peer::Primary, height } => {
                log.push(format!("p{height}"));
                primary(Some(height))
            }
            Request::Block { peer: Peer::Witness(i), height } => {
                log.push(format!("{}{height}", name(i)));
                witnesses[i](Some(height))
            }
            Request::Latest { peer: Peer::Witness(i) } => {
                log.push(format!("{}L", name(i)));
                witnesses[i](None)
            }
            other => panic!("unexpected request {other:?}"),
        };
        detector.feed(answer).unwrap();
    }
    (detector.finish().unwrap(), log)
}

fn detector(trace: Vec<LightBlock>) -> Detector {
    Detector::new(trace, Peer::Primary, 1, &[], options(), now()).unwrap()
}

fn trace_of(blocks: &[LightBlock], heights: &[u64]) -> Vec<LightBlock> {
    heights.iter().map(|&h| blocks[h as usize - 1].clone()).collect()
}

fn no_primary() -> impl FnMut(Option<u64>) -> Answer {
    |h| panic!("the primary was asked for {h:?}")
}

#[test]
fn a_witness_with_the_same_block_confirms_with_one_request() {
    let a = honest(12);
    let (report, log) = run(detector(trace_of(&a, &[1, 10])), &mut no_primary(), &mut serving(a.clone()));
    assert_eq!(log, ["w10"]);
    assert_eq!(report.witnesses, [WitnessOutcome::Confirmed]);
    assert!(report.check(10).is_ok());
}

#[test]
fn a_witness_that_catches_up_between_two_requests_is_asked_again() {
    let a = honest(12);
    let mut asked = 0;
    let mut serve = serving(a.clone());
    let mut racing = |h: Option<u64>| {
        asked += 1;
        if asked == 1 {
            Answer::Fault(Fault::HeightTooHigh)
        } else {
            serve(h)
        }
    };
    let (report, log) = run(detector(trace_of(&a, &[1, 10])), &mut no_primary(), &mut racing);
    // Its latest (12) is above the target: the target is asked for again, and matches.
    assert_eq!(log, ["w10", "wL", "w10"]);
    assert_eq!(report.witnesses, [WitnessOutcome::Confirmed]);
}

#[test]
fn a_lagging_witness_that_then_fails_is_dropped_but_a_first_failure_is_benign() {
    let a = honest(12);
    // Behind (its latest is 8, earlier than the target), waited for, then gone.
    let mut latest_asked = 0;
    let mut serve = serving(a[..8].to_vec());
    let mut fading = |h: Option<u64>| match h {
        None if latest_asked > 0 => Answer::Fault(Fault::NoResponse),
        None => {
            latest_asked += 1;
            serve(None)
        }
        some => serve(some),
    };
    let (report, log) = run(detector(trace_of(&a, &[1, 10])), &mut no_primary(), &mut fading);
    assert_eq!(log, ["w10", "wL", "wait", "wL"]);
    assert!(matches!(&report.witnesses[0], WitnessOutcome::Dropped(Error::Provider { height: 10, .. })));
    assert!(matches!(report.check(10), Err(Error::NotConfirmed { height: 10 })));
    // A first failure to give its latest block is not held against it.
    let mut serve = serving(a[..8].to_vec());
    let mut silent_latest = |h: Option<u64>| if h.is_none() { Answer::Fault(Fault::NoResponse) } else { serve(h) };
    let (report, log) = run(detector(trace_of(&a, &[1, 10])), &mut no_primary(), &mut silent_latest);
    assert_eq!(log, ["w10", "wL"]);
    assert_eq!(report.witnesses, [WitnessOutcome::NoResponse(Fault::NoResponse)]);
}

#[test]
fn a_primary_block_from_the_future_is_a_forward_lunatic_attack() {
    // The real chain is at height 8 (T0 + 80 s). The primary serves it, plus a block at height
    // 10 stamped T0 + 75 s that the validators never made: verified by skipping from height 1,
    // it is ahead of the chain in height but not in time.
    let h = honest(8);
    let lunatic = spec(10, secs(T0 + 75), VALIDATORS).app(9).build();
    let mut serve = serving(h.clone());
    let mut primary = |height: Option<u64>| if height == Some(10) { lunatic.clone().into() } else { serve(height) };
    let trace = alloc::vec![h[0].clone(), lunatic.clone()];
    let (report, log) = run(detector(trace), &mut primary, &mut serving(h.clone()));
    // The witness has no block 10; its latest (8) is not earlier than the primary's 10: a
    // conflict. Its chain is verified to 8 from the root; back on the primary's side, its
    // blocks agree with the witness up to 8, so no evidence against the witness.
    assert_eq!(log, ["w10", "wL", "w1", "p1", "p8"]);
    assert_eq!(report.witnesses, [WitnessOutcome::Conflict]);
    let attack = report.attack.as_ref().expect("an attack");
    assert_eq!((attack.witness, attack.height), (0, 10));
    let ev = &attack.against_primary;
    assert_eq!(ev.kind, AttackKind::Lunatic);
    assert_eq!(ev.conflicting_block, lunatic);
    assert_eq!((ev.common_height, ev.timestamp), (1, h[0].time()));
    assert_eq!(ev.byzantine_validators.len(), 4, "every common validator signed the lunatic block");
    assert!(attack.against_witness.is_none());
    assert!(matches!(report.check(10), Err(Error::LightClientAttack { height: 10, witness: 0 })));
}

#[test]
fn a_fork_found_both_ways_gives_evidence_against_each() {
    let a = honest(10);
    let b = chain(10, 5, 9);
    let (report, log) = run(detector(trace_of(&a, &[1, 10])), &mut serving(a.clone()), &mut serving(b.clone()));
    assert_eq!(log, ["w10", "w1", "p1"]);
    let attack = report.attack.as_ref().expect("an attack");
    assert_eq!(attack.against_primary.conflicting_block, a[9]);
    let against_witness = attack.against_witness.as_ref().expect("evidence against the witness too");
    assert_eq!(against_witness.conflicting_block, b[9]);
    assert_eq!((against_witness.common_height, attack.against_primary.common_height), (1, 1));
}

#[test]
fn the_bifurcation_inside_a_trace_is_found_at_the_first_differing_block() {
    // An adjacent trace 1..=10; the witness's chain parts from height 5 on.
    let a = honest(10);
    let b = chain(10, 5, 9);
    let heights: Vec<u64> = (1..=10).collect();
    let (report, log) = run(detector(trace_of(&a, &heights)), &mut serving(a.clone()), &mut serving(b.clone()));
    // One block per trace height up to the divergent one, then the primary's side from the
    // last common block: the fetches grow with the trace, never beyond it.
    assert_eq!(log, ["w10", "w1", "w2", "w3", "w4", "w5", "p4"]);
    let attack = report.attack.as_ref().expect("an attack");
    assert_eq!(attack.height, 5);
    assert_eq!((attack.against_primary.common_height, attack.against_primary.conflicting_block.height()), (4, 5));
    assert_eq!(attack.against_witness.as_ref().map(|e| e.conflicting_block.clone()), Some(b[4].clone()));
}

#[test]
fn a_witness_that_cannot_back_its_conflicting_block_is_dropped() {
    let a = honest(10);
    let b = chain(10, 5, 9);
    let mut serve = serving(b);
    let mut gone_after_one = |h: Option<u64>| if h == Some(1) { Answer::Fault(Fault::NoResponse) } else { serve(h) };
    let (report, log) = run(detector(trace_of(&a, &[1, 10])), &mut no_primary(), &mut gone_after_one);
    assert_eq!(log, ["w10", "w1"]);
    assert!(matches!(&report.witnesses[0], WitnessOutcome::Dropped(Error::Provider { height: 10, .. })));
    assert!(report.attack.is_none());
    assert!(matches!(report.check(10), Err(Error::NotConfirmed { .. })));
}

#[test]
fn a_primary_that_cannot_back_its_own_trace_is_still_accused() {
    let a = honest(10);
    let b = chain(10, 5, 9);
    let mut serve = serving(a.clone());
    let mut primary = |h: Option<u64>| if h == Some(1) { Answer::Fault(Fault::NoResponse) } else { serve(h) };
    let (report, log) = run(detector(trace_of(&a, &[1, 10])), &mut primary, &mut serving(b));
    assert_eq!(log, ["w10", "w1", "p1"]);
    let attack = report.attack.as_ref().expect("an attack");
    assert_eq!(attack.against_primary.conflicting_block, a[9]);
    assert!(attack.against_witness.is_none());
}

#[test]
fn witnesses_that_are_behind_are_waited_for_once_together() {
    // CometBFT asks its witnesses concurrently, so two lagging witnesses cost one wait, not two.
    let a = honest(12);
    let catching_up = || {
        let mut waited = false;
        let mut serve = serving(a.clone());
        let mut behind = serving(a[..8].to_vec());
        move |h: Option<u64>| {
            // Behind until its latest block was asked for once (the detector's wait is between).
            if waited {
                serve(h)
            } else {
                waited = h.is_none();
                behind(h)
            }
        }
    };
    let (mut w, mut v) = (catching_up(), catching_up());
    let mut confirming = serving(a.clone());
    let detector = Detector::new(trace_of(&a, &[1, 10]), Peer::Primary, 3, &[], options(), now()).unwrap();
    let (report, log) = run_many(detector, &mut no_primary(), &mut [&mut w, &mut v, &mut confirming]);
    assert_eq!(log, ["w10", "wL", "v10", "vL", "u10", "wait", "wL", "w10", "vL", "v10"]);
    assert_eq!(report.witnesses, alloc::vec![WitnessOutcome::Confirmed; 3]);
}

#[test]
fn every_witness_still_to_be_compared_is_upcoming_at_once() {
    let a = honest(12);
    let detector = Detector::new(trace_of(&a, &[1, 10]), Peer::Primary, 4, &[1], options(), now()).unwrap();
    let block = |i| Request::Block { peer: Peer::Witness(i), height: 10 };
    // The first is what is needed now; a witness already dropped is not asked.
    assert_eq!(detector.needed(), Some(block(0)));
    assert_eq!(detector.upcoming(), [block(0), block(2), block(3)]);
    // Once witness 0 is behind, only the rest are compared; while waiting, only the wait.
    let mut detector = detector;
    detector.feed(Answer::Fault(Fault::HeightTooHigh)).unwrap();
    assert_eq!(detector.upcoming(), [Request::Latest { peer: Peer::Witness(0) }]);
    detector.feed(a[7].clone().into()).unwrap();
    assert_eq!(detector.upcoming(), [block(2), block(3)]);
}
