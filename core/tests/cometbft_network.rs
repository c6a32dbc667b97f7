//! The networked light client's core ([`Sync`], the detector, attack evidence) replayed over a
//! real CometBFT devnet and its fork, recorded by `scripts/devnet-record` into
//! `test-vectors/cometbft/network/devnet.json` together with what lightcheck concluded against
//! the live nodes (whose evidence both networks' nodes accepted and committed).
//!
//! Faults a real node will not produce on demand (silence, lag, garbage, a tampered chain) are
//! injected by the replay driver.
#![cfg(feature = "cometbft")]

use std::collections::HashMap;
use std::time::Duration;

use lightcheck::cometbft::{
    json, Answer, AttackKind, Error, Fault, LightBlock, LightClientAttackEvidence, Options, Peer, Request, Sync,
    Synced, Target, WitnessOutcome,
};
use lightcheck::time::Timestamp;
use serde_json::Value;

struct Vector {
    now: Timestamp,
    root_hash: [u8; 32],
    a: Vec<LightBlock>,
    b: Vec<LightBlock>,
    expected: Value,
}

fn vector() -> Vector {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/network/devnet.json");
    let v: Value = serde_json::from_slice(&std::fs::read(path).expect("the recorded devnet vector")).unwrap();
    let blocks = |net: &str| -> Vec<LightBlock> {
        v[net].as_array().unwrap().iter().map(|b| json::light_block_from_json_value(b.clone()).unwrap()).collect()
    };
    let hash = hex::decode(v["trusted"]["hash"].as_str().unwrap()).unwrap();
    Vector {
        now: Timestamp::from_unix_secs(v["now"].as_i64().unwrap()).unwrap(),
        root_hash: hash.try_into().unwrap(),
        a: blocks("a"),
        b: blocks("b"),
        expected: v["expected"].clone(),
    }
}

/// How a replayed node behaves.
#[derive(Clone)]
enum Node {
    /// Serves a recorded chain, up to its last height.
    Chain(Vec<LightBlock>),
    /// Never answers.
    Silent,
    /// Answers every request with a block that does not decode.
    Garbage,
    /// Serves a chain whose latest block is `behind` heights below the other's target, as a
    /// node that lags (`catch_up`: it has the target after one wait).
    Lagging { chain: Vec<LightBlock>, top: u64, catch_up: bool },
    /// Serves a chain but fails every request for one height (a node with a gap).
    FailsAt(Vec<LightBlock>, u64),
}

struct Replay {
    primary: Node,
    witnesses: Vec<Node>,
    waited: bool,
    requests: HashMap<String, usize>,
    /// Batches asked at once by [`Replay::run_ahead`].
    batches: usize,
}

impl Replay {
    fn new(primary: Node, witnesses: Vec<Node>) -> Replay {
        Replay { primary, witnesses, waited: false, requests: HashMap::new(), batches: 0 }
    }

    fn answer(&mut self, request: Request) -> Answer {
        let (peer, height) = match request {
            Request::Wait { duration } => {
                assert_eq!(duration, Duration::from_secs(2 * 10 + 10), "2 × clock drift + max block lag");
                self.waited = true;
                return Answer::Waited;
            }
            Request::Block { peer, height } => (peer, Some(height)),
            Request::Latest { peer } => (peer, None),
        };
        *self.requests.entry(format!("{peer:?}")).or_default() += 1;
        let node = match peer {
            Peer::Primary => &self.primary,
            Peer::Witness(i) => &self.witnesses[i],
        };
        let serve = |chain: &[LightBlock], top: u64, height: Option<u64>| -> Answer {
            let h = height.unwrap_or(top);
            if h > top {
                return Answer::Fault(Fault::HeightTooHigh);
            }
            chain[h as usize - 1].clone().into()
        };
        match node {
            Node::Chain(chain) => serve(chain, chain.len() as u64, height),
            Node::Silent => Answer::Fault(Fault::NoResponse),
            Node::Garbage => {
                Answer::Fault(Fault::Bad(Error::Decode { field: "commit".into(), reason: "garbage".into() }))
            }
            Node::Lagging { chain, top, catch_up } => {
                let top = if self.waited && *catch_up { chain.len() as u64 } else { *top };
                serve(chain, top, height)
            }
            Node::FailsAt(chain, bad) if height == Some(*bad) => {
                let _ = chain;
                Answer::Fault(Fault::NoResponse)
            }
            Node::FailsAt(chain, _) => serve(chain, chain.len() as u64, height),
        }
    }

    /// [`run`](Self::run) as a concurrent driver does it: whenever the update is about to ask
    /// several witnesses, all of them are asked at once, and the answers fed as it asks.
    fn run_ahead(&mut self, mut sync: Sync) -> Result<Synced, Error> {
        let mut ahead: Vec<(Request, Answer)> = Vec::new();
        let mut batches = 0;
        while let Some(request) = sync.needed() {
            if !ahead.iter().any(|(r, _)| *r == request) {
                let batch = sync.upcoming();
                assert_eq!(batch.first(), Some(&request), "what is needed now comes first");
                if batch.len() > 1 {
                    batches += 1;
                    ahead = batch.into_iter().map(|r| (r, self.answer(r))).collect();
                }
            }
            let answer = match ahead.iter().position(|(r, _)| *r == request) {
                Some(i) => ahead.swap_remove(i).1,
                None => self.answer(request),
            };
            sync.feed(answer)?;
        }
        self.batches = batches;
        sync.finish()
    }

    fn run(&mut self, mut sync: Sync) -> Result<Synced, Error> {
        let mut steps = 0;
        while let Some(request) = sync.needed() {
            steps += 1;
            assert!(steps < 10_000, "the update does not end");
            let answer = self.answer(request);
            sync.feed(answer)?;
        }
        sync.finish()
    }
}

fn from_root(v: &Vector, witnesses: usize) -> Sync {
    Sync::from_trust_root(1, v.root_hash, Target::Latest, witnesses, Options::default(), v.now).unwrap()
}

fn heights(synced: &Synced) -> Vec<u64> {
    synced.to_store().map(LightBlock::height).collect()
}

fn hex_of(ev: &LightClientAttackEvidence) -> String {
    hex::encode(ev.to_evidence_proto())
}

#[test]
fn honest_sync_matches_the_live_run() {
    let v = vector();
    let synced = Replay::new(Node::Chain(v.a.clone()), vec![Node::Chain(v.a.clone())]).run(from_root(&v, 1)).unwrap();
    synced.check().unwrap();
    let expected = &v.expected["honest"];
    let want: Vec<u64> = expected["verified_heights"].as_array().unwrap().iter().map(|h| h.as_u64().unwrap()).collect();
    assert_eq!(heights(&synced), want);
    assert_eq!(synced.fetched as u64, expected["light_blocks_fetched"].as_u64().unwrap());
    let top = synced.latest().unwrap().signed_header.header.hash().unwrap();
    assert_eq!(hex::encode_upper(top), expected["hash"].as_str().unwrap());
    assert_eq!(synced.report.as_ref().unwrap().witnesses, vec![WitnessOutcome::Confirmed]);
    assert_eq!(synced.root_witnesses, vec![WitnessOutcome::Confirmed], "the root was cross-checked");
    // The rotation left less than 1/3 of the first set: skipping needed a pivot.
    assert!(want.len() >= 3, "no bisection across the rotation: {want:?}");
}

#[test]
fn attack_evidence_is_byte_identical_to_what_the_nodes_accepted() {
    let v = vector();
    let synced = Replay::new(Node::Chain(v.a.clone()), vec![Node::Chain(v.b.clone())]).run(from_root(&v, 1)).unwrap();
    let expected = &v.expected["attack"];
    let attack = synced.report.as_ref().unwrap().attack.as_deref().expect("an attack");
    assert_eq!(attack.height, expected["height"].as_u64().unwrap());
    assert_eq!(attack.witness, 0);
    assert!(matches!(synced.check(), Err(Error::LightClientAttack { witness: 0, .. })));
    assert_eq!(synced.report.as_ref().unwrap().witnesses, vec![WitnessOutcome::Conflict]);
    for (ev, want) in [
        (&attack.against_primary, &expected["against_primary"]),
        (attack.against_witness.as_ref().expect("evidence against the witness"), &expected["against_witness"]),
    ] {
        assert_eq!(hex_of(ev), want["proto_hex"].as_str().unwrap());
        assert_eq!(hex::encode_upper(ev.hash()), want["hash"].as_str().unwrap());
        assert_eq!(ev.kind.as_str(), want["kind"].as_str().unwrap());
        assert_eq!(ev.common_height, want["common_height"].as_u64().unwrap());
        assert_eq!(ev.total_voting_power, want["total_voting_power"].as_u64().unwrap());
    }
    // The evidence against the primary carries the primary's (a's) block, and the reverse.
    assert_eq!(attack.against_primary.conflicting_block, v.a[attack.height as usize - 1]);
    assert_eq!(attack.against_witness.as_ref().unwrap().conflicting_block, v.b[attack.height as usize - 1]);
}

#[test]
fn attack_with_roles_swapped() {
    let v = vector();
    let synced = Replay::new(Node::Chain(v.b.clone()), vec![Node::Chain(v.a.clone())]).run(from_root(&v, 1)).unwrap();
    let attack = synced.report.as_ref().unwrap().attack.as_deref().expect("an attack");
    let against_primary = &attack.against_primary;
    assert_eq!(against_primary.kind, AttackKind::Lunatic);
    assert_eq!(against_primary.common_height, 1);
    assert_eq!(against_primary.conflicting_block, v.b[attack.height as usize - 1]);
    // Swapped, the fork's blocks are checked along the witness's own (bisected) trace, so the
    // witness is accused at the first height of that trace where the fork differs.
    let against_witness = attack.against_witness.as_ref().unwrap();
    let h = against_witness.conflicting_block.height();
    assert!(1 < h && h <= attack.height, "{h}");
    assert_eq!(against_witness.conflicting_block, v.a[h as usize - 1]);
    // Lunatic: the common set's validators who signed the conflicting block, by power then address.
    let byz = &against_primary.byzantine_validators;
    assert!(!byz.is_empty());
    assert!(byz.windows(2).all(|w| (w[0].voting_power, std::cmp::Reverse(w[0].address))
        >= (w[1].voting_power, std::cmp::Reverse(w[1].address))));
    assert_eq!(against_primary.total_voting_power, v.b[0].validators.total_voting_power());
    assert_eq!(against_primary.timestamp, v.b[0].time());
}

#[test]
fn a_second_witness_on_the_fork_is_an_attack_even_if_the_first_confirms() {
    let v = vector();
    let synced = Replay::new(Node::Chain(v.a.clone()), vec![Node::Chain(v.a.clone()), Node::Chain(v.b.clone())])
        .run(from_root(&v, 2))
        .unwrap();
    let report = synced.report.as_ref().unwrap();
    assert_eq!(report.witnesses, vec![WitnessOutcome::Confirmed, WitnessOutcome::Conflict]);
    assert!(matches!(synced.check(), Err(Error::LightClientAttack { witness: 1, .. })));
}

#[test]
fn silent_witnesses_leave_the_header_unconfirmed() {
    let v = vector();
    let synced = Replay::new(Node::Chain(v.a.clone()), vec![Node::Silent]).run(from_root(&v, 1)).unwrap();
    assert_eq!(synced.report.as_ref().unwrap().witnesses, vec![WitnessOutcome::NoResponse(Fault::NoResponse)]);
    assert!(matches!(synced.check(), Err(Error::NotConfirmed { height: 40 })));
    // One witness answering is enough.
    let synced = Replay::new(Node::Chain(v.a.clone()), vec![Node::Silent, Node::Chain(v.a.clone())])
        .run(from_root(&v, 2))
        .unwrap();
    synced.check().unwrap();
}

#[test]
fn a_witness_serving_garbage_is_dropped() {
    let v = vector();
    let synced = Replay::new(Node::Chain(v.a.clone()), vec![Node::Garbage, Node::Chain(v.a.clone())])
        .run(from_root(&v, 2))
        .unwrap();
    assert!(matches!(synced.root_witnesses[..], [WitnessOutcome::Dropped(_), WitnessOutcome::Confirmed]));
    let outcomes = &synced.report.as_ref().unwrap().witnesses;
    assert!(matches!(outcomes[0], WitnessOutcome::Dropped(Error::Decode { .. })), "{outcomes:?}");
    assert_eq!(outcomes[1], WitnessOutcome::Confirmed);
    synced.check().unwrap();
}

#[test]
fn a_conflicting_chain_that_does_not_verify_drops_the_witness() {
    let v = vector();
    // The fork's blocks with every commit signature of its later blocks corrupted.
    let mut tampered = v.b.clone();
    for block in tampered.iter_mut().skip(1) {
        for sig in &mut block.signed_header.commit.signatures {
            if let lightcheck::cometbft::CommitSig::Commit { signature, .. } = sig {
                signature[0] ^= 1;
            }
        }
    }
    let synced = Replay::new(Node::Chain(v.a.clone()), vec![Node::Chain(tampered)]).run(from_root(&v, 1)).unwrap();
    let outcomes = &synced.report.as_ref().unwrap().witnesses;
    assert!(matches!(outcomes[0], WitnessOutcome::Dropped(_)), "{outcomes:?}");
    assert!(synced.report.as_ref().unwrap().attack.is_none());
    assert!(matches!(synced.check(), Err(Error::NotConfirmed { .. })));
}

#[test]
fn a_lagging_witness_is_waited_for_once() {
    let v = vector();
    let lagging = |catch_up| Node::Lagging { chain: v.a.clone(), top: 30, catch_up };
    let mut replay = Replay::new(Node::Chain(v.a.clone()), vec![lagging(true)]);
    let synced = replay.run(from_root(&v, 1)).unwrap();
    assert!(replay.waited);
    synced.check().unwrap();
    let mut replay = Replay::new(Node::Chain(v.a.clone()), vec![lagging(false)]);
    let synced = replay.run(from_root(&v, 1)).unwrap();
    assert!(replay.waited);
    assert_eq!(synced.report.as_ref().unwrap().witnesses, vec![WitnessOutcome::NoResponse(Fault::HeightTooHigh)]);
    assert!(matches!(synced.check(), Err(Error::NotConfirmed { .. })));
}

#[test]
fn a_failing_primary_is_replaced_by_a_witness() {
    let v = vector();
    let pivot = v.expected["honest"]["verified_heights"][1].as_u64().unwrap();
    let synced =
        Replay::new(Node::FailsAt(v.a.clone(), pivot), vec![Node::Chain(v.a.clone()), Node::Chain(v.a.clone())])
            .run(from_root(&v, 2))
            .unwrap();
    assert_eq!(synced.primary, Peer::Witness(0));
    synced.check().unwrap();
    assert_eq!(synced.report.as_ref().unwrap().witnesses[1], WitnessOutcome::Confirmed);
    // The only witness became the primary: nobody is left to cross-check.
    let err = Replay::new(Node::FailsAt(v.a.clone(), pivot), vec![Node::Chain(v.a.clone())]).run(from_root(&v, 1));
    assert!(matches!(err, Err(Error::NoWitnesses)), "{err:?}");
    // A primary that is down from the start, and no witness answering either.
    let err = Replay::new(Node::Silent, vec![Node::Silent]).run(from_root(&v, 1));
    assert!(matches!(&err, Err(Error::Provider { height: 1, reason }) if reason.contains("did not answer")), "{err:?}");
    // A primary serving a block that is not well formed is replaced, as CometBFT's client does.
    let mut broken = v.a.clone();
    broken[pivot as usize - 1].signed_header.header.app_hash[0] ^= 1;
    let mut sync = from_root(&v, 2);
    let mut replay = Replay::new(Node::Chain(broken), vec![Node::Chain(v.a.clone()), Node::Chain(v.a.clone())]);
    while let Some(request) = sync.needed() {
        let answer = replay.answer(request);
        sync.feed(answer).unwrap();
    }
    assert!(matches!(sync.faults(), [(Peer::Primary, Fault::Bad(Error::HeaderHashMismatch))]), "{:?}", sync.faults());
    let synced = sync.finish().unwrap();
    assert_eq!(synced.primary, Peer::Witness(0));
    synced.check().unwrap();
}

#[test]
fn the_trust_root_must_hash_to_the_trusted_hash_and_agree_with_witnesses() {
    let v = vector();
    let mut wrong = v.root_hash;
    wrong[0] ^= 1;
    let sync = Sync::from_trust_root(1, wrong, Target::Latest, 1, Options::default(), v.now).unwrap();
    let err = Replay::new(Node::Chain(v.a.clone()), vec![Node::Chain(v.a.clone())]).run(sync);
    assert!(matches!(err, Err(Error::TrustRootMismatch { height: 1 })), "{err:?}");
    // At height 2 the networks already differ: a witness on the fork contradicts the root.
    let h2 = v.a[1].signed_header.header.hash().unwrap();
    let sync = Sync::from_trust_root(2, h2, Target::Latest, 1, Options::default(), v.now).unwrap();
    let err = Replay::new(Node::Chain(v.a.clone()), vec![Node::Chain(v.b.clone())]).run(sync);
    assert!(matches!(err, Err(Error::Schedule { .. })), "{err:?}");
    // No witness at all is refused up front.
    assert!(matches!(
        Sync::from_trust_root(1, v.root_hash, Target::Latest, 0, Options::default(), v.now),
        Err(Error::NoWitnesses)
    ));
    // A root outside the trusting period.
    let late = Timestamp::from_unix_secs(v.now.unix_secs() + 30 * 24 * 3600).unwrap();
    let sync = Sync::from_trust_root(1, v.root_hash, Target::Latest, 1, Options::default(), late).unwrap();
    let err = Replay::new(Node::Chain(v.a.clone()), vec![Node::Chain(v.a.clone())]).run(sync);
    assert!(matches!(err, Err(Error::TrustedExpired { .. })), "{err:?}");
}

#[test]
fn resuming_from_a_trusted_block_and_going_backwards() {
    let v = vector();
    let start = v.a[20].clone();
    let sync = Sync::new(start.clone(), Target::Latest, 1, Options::default(), v.now).unwrap();
    let synced = Replay::new(Node::Chain(v.a.clone()), vec![Node::Chain(v.a.clone())]).run(sync).unwrap();
    synced.check().unwrap();
    assert_eq!(synced.start_height, 21);
    assert_eq!(synced.latest().unwrap().height(), 40);
    // Backwards by hash links: no witness is asked.
    let sync = Sync::new(start, Target::Height(18), 1, Options::default(), v.now).unwrap();
    let mut replay = Replay::new(Node::Chain(v.a.clone()), vec![Node::Silent]);
    let synced = replay.run(sync).unwrap();
    synced.check().unwrap();
    assert_eq!(heights(&synced), vec![20, 19, 18]);
    assert!(synced.report.is_none());
    assert!(!replay.requests.contains_key("Witness(0)"));
    // From a stored block common to both networks, a primary on the fork is caught as well.
    let sync = Sync::new(v.a[0].clone(), Target::Height(40), 1, Options::default(), v.now).unwrap();
    let synced = Replay::new(Node::Chain(v.b.clone()), vec![Node::Chain(v.a.clone())]).run(sync).unwrap();
    assert!(matches!(synced.check(), Err(Error::LightClientAttack { .. })));
}

#[test]
fn evidence_kinds_follow_cometbft() {
    let v = vector();
    let common = &v.a[0];
    let trusted = &v.a[9];
    // Same derived fields, another data hash: equivocation (same round) or amnesia (another round).
    let mut conflicting = trusted.clone();
    conflicting.signed_header.header.data_hash[0] ^= 1;
    let ev = LightClientAttackEvidence::new(&conflicting, trusted, common);
    assert_eq!(ev.kind, AttackKind::Equivocation);
    assert_eq!(ev.common_height, trusted.height());
    assert_eq!(ev.timestamp, trusted.time());
    let signers = trusted
        .signed_header
        .commit
        .signatures
        .iter()
        .filter(|s| matches!(s, lightcheck::cometbft::CommitSig::Commit { .. }))
        .count();
    assert_eq!(ev.byzantine_validators.len(), signers);
    conflicting.signed_header.commit.round += 1;
    let ev = LightClientAttackEvidence::new(&conflicting, trusted, common);
    assert_eq!(ev.kind, AttackKind::Amnesia);
    assert!(ev.byzantine_validators.is_empty());
    // A changed app hash: lunatic, anchored at the common block.
    let mut lunatic = trusted.clone();
    lunatic.signed_header.header.app_hash[0] ^= 1;
    let ev = LightClientAttackEvidence::new(&lunatic, trusted, common);
    assert_eq!(ev.kind, AttackKind::Lunatic);
    assert_eq!((ev.common_height, ev.timestamp), (1, common.time()));
    // CometBFT's JSON form, type-tagged, heights as strings.
    let j = ev.to_json();
    assert_eq!(j["type"], "tendermint/LightClientAttackEvidence");
    assert_eq!(j["value"]["CommonHeight"], "1");
    assert!(j["value"]["ConflictingBlock"]["validator_set"]["proposer"].is_object());
}

#[test]
fn an_answer_out_of_turn_ends_the_update_closed() {
    let v = vector();
    let mut sync = from_root(&v, 1);
    let mut replay = Replay::new(Node::Chain(v.a.clone()), vec![Node::Chain(v.a.clone())]);
    // Up to the detector's first request to the witness, then an answer of the wrong kind.
    while let Some(request) = sync.needed() {
        if request.peer() == Some(Peer::Witness(0)) && matches!(request, Request::Block { height: 40, .. }) {
            break;
        }
        let answer = replay.answer(request);
        sync.feed(answer).unwrap();
    }
    assert!(sync.feed(Answer::Waited).is_err());
    assert_eq!(sync.needed(), None);
    assert!(sync.finish().is_err(), "nothing verified may be trusted after a failed feed");
}

#[test]
fn asking_every_witness_at_once_concludes_as_asking_them_in_turn() {
    let v = vector();
    let pivot = v.expected["honest"]["verified_heights"][1].as_u64().unwrap();
    // (case, primary, witnesses, batches: the trust root's comparison, then the target's unless
    // a single witness is left by then)
    let cases: Vec<(&str, Node, Vec<Node>, usize)> = vec![
        ("honest", Node::Chain(v.a.clone()), vec![Node::Chain(v.a.clone()); 3], 2),
        (
            "fork witness last",
            Node::Chain(v.a.clone()),
            vec![Node::Chain(v.a.clone()), Node::Silent, Node::Chain(v.b.clone())],
            2,
        ),
        ("fork primary, garbage witness", Node::Chain(v.b.clone()), vec![Node::Garbage, Node::Chain(v.a.clone())], 1),
        // The primary fails mid-bisection: what is upcoming during its replacement is the
        // replacement's request (asserted by run_ahead), then the two witnesses left.
        ("primary replaced", Node::FailsAt(v.a.clone(), pivot), vec![Node::Chain(v.a.clone()); 3], 2),
        (
            "lagging and silent",
            Node::Chain(v.a.clone()),
            vec![Node::Lagging { chain: v.a.clone(), top: 30, catch_up: true }, Node::Silent, Node::Chain(v.a.clone())],
            2,
        ),
    ];
    for (name, primary, witnesses, batches) in cases {
        let n = witnesses.len();
        let in_turn = Replay::new(primary.clone(), witnesses.clone()).run(from_root(&v, n));
        let mut replay = Replay::new(primary, witnesses);
        let at_once = replay.run_ahead(from_root(&v, n));
        assert_eq!(format!("{at_once:?}"), format!("{in_turn:?}"), "{name}");
        assert_eq!(replay.batches, batches, "{name}");
    }
}
