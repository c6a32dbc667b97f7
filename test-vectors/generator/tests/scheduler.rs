//! The light-client scheduler on generated chains whose validators rotate: skipping needs
//! bisection, every block it trusts must verify sequentially too, and it never fetches a block
//! twice.

use std::time::Duration;

use lightcheck::cometbft::{
    verify, verify_backwards, verify_to_height, LightBlock, LightClient, Options, Provider, Schedule, StepOutcome,
    Verdict,
};
use lightcheck::time::Timestamp;
use lightcheck_vectors::cometbft::rotating_chain;

struct Chain<'a> {
    blocks: &'a [LightBlock],
    fetched: Vec<u64>,
}

impl Provider for Chain<'_> {
    fn light_block(&mut self, height: u64) -> Result<LightBlock, lightcheck::cometbft::Error> {
        self.fetched.push(height);
        let i = usize::try_from(height).ok().and_then(|h| h.checked_sub(1));
        i.and_then(|i| self.blocks.get(i))
            .cloned()
            .ok_or(lightcheck::cometbft::Error::Provider { height, reason: "no such block".into() })
    }
}

fn options() -> Options {
    Options::new(Duration::from_secs(3600 * 24 * 14))
}

fn now(chain: &[LightBlock]) -> Timestamp {
    Timestamp::from_unix_secs(chain.last().unwrap().time().unix_secs() + 1).unwrap()
}

#[test]
fn bisection_reaches_the_target_across_rotations() {
    let chain = rotating_chain(64, 8, 9);
    let now = now(&chain);
    // Skipping straight from 1 to 64 cannot be trusted: too much of the set changed.
    assert_eq!(Verdict::from(verify(&chain[63], &chain[0], &options(), now)), Verdict::NotEnoughTrust);
    let mut provider = Chain { blocks: &chain, fetched: Vec::new() };
    let trace = verify_to_height(&mut provider, &chain[0], 64, &options(), now).unwrap();
    assert_eq!(trace.verified.last().unwrap().height(), 64);
    assert!(trace.path.iter().any(|s| s.outcome == StepOutcome::NotEnoughTrust), "{:?}", trace.path);
    // No block was fetched twice, and far fewer than sequential verification needs.
    let mut fetched = provider.fetched.clone();
    fetched.sort_unstable();
    fetched.dedup();
    assert_eq!(fetched.len(), provider.fetched.len(), "{:?}", provider.fetched);
    assert!(provider.fetched.len() < 20, "{} fetches", provider.fetched.len());
    // Each link of the trace is a valid step on its own.
    let mut trusted = &chain[0];
    for block in &trace.verified {
        verify(block, trusted, &options(), now).unwrap();
        trusted = block;
    }
    // Every verified block is the chain's own.
    for block in &trace.verified {
        assert_eq!(block, &chain[block.height() as usize - 1]);
    }
}

#[test]
fn every_target_is_reachable_and_the_client_remembers() {
    let chain = rotating_chain(40, 5, 7);
    let now = now(&chain);
    for target in 2..=40 {
        let mut provider = Chain { blocks: &chain, fetched: Vec::new() };
        let trace = verify_to_height(&mut provider, &chain[0], target, &options(), now).unwrap();
        assert_eq!(trace.verified.last().unwrap().height(), target);
    }
    let mut client = LightClient::<16>::new(chain[0].clone(), options());
    let mut provider = Chain { blocks: &chain, fetched: Vec::new() };
    client.verify_to(&mut provider, 40, now).unwrap();
    let fetched = provider.fetched.len();
    // Already trusted: no fetch.
    client.verify_to(&mut provider, 40, now).unwrap();
    assert_eq!(provider.fetched.len(), fetched);
    // Below the latest trusted block but above the root: forwards from the closest one below.
    let trace = client.verify_to(&mut provider, 30, now).unwrap();
    assert_eq!(trace.verified.last().unwrap().height(), 30);
}

#[test]
fn a_provider_serving_a_forged_block_fails_the_schedule() {
    let chain = rotating_chain(32, 8, 9);
    let now = now(&chain);
    let mut forged = chain.clone();
    forged[15].signed_header.header.app_hash = vec![0xEE; 32];
    let mut provider = Chain { blocks: &forged, fetched: Vec::new() };
    let result = verify_to_height(&mut provider, &chain[0], 32, &options(), now);
    let visited_16 = provider.fetched.contains(&16);
    match result {
        Err(e) => assert!(visited_16 && e.code() == "cometbft.header.hash_mismatch", "{e}"),
        Ok(trace) => assert!(!visited_16 && trace.verified.iter().all(|b| b.height() != 16)),
    }
    // An expired trusted block ends the schedule.
    let late = Timestamp::from_unix_secs(now.unix_secs() + 3600 * 24 * 15).unwrap();
    let mut provider = Chain { blocks: &chain, fetched: Vec::new() };
    let err = verify_to_height(&mut provider, &chain[0], 32, &options(), late).unwrap_err();
    assert_eq!(err.code(), "cometbft.trust.expired");
}

/// The shape the npm package's test relies on (`rotating-chain.json` is `rotating_chain(24, 6, 7)`):
/// each block fed once, one step per fed block plus one retry per block that lacked trust.
#[test]
fn a_schedule_feeds_each_block_once_and_verifies_each_step_once() {
    let chain = rotating_chain(24, 6, 7);
    let now = now(&chain);
    let mut provider = Chain { blocks: &chain, fetched: Vec::new() };
    let trace = verify_to_height(&mut provider, &chain[0], 24, &options(), now).unwrap();
    let calls = &provider.fetched;
    let mut unique = calls.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), calls.len(), "{calls:?}");
    assert!(calls.len() >= 3 && calls.len() < 12, "{calls:?}");
    let lacking = trace.path.iter().filter(|s| s.outcome == StepOutcome::NotEnoughTrust).count();
    assert!(lacking > 0);
    assert_eq!(trace.path.len(), calls.len() + lacking, "{:?}", trace.path);
    let mut pairs: Vec<_> = trace.path.iter().map(|s| (s.height, s.trusted_height)).collect();
    pairs.sort_unstable();
    pairs.dedup();
    assert_eq!(pairs.len(), trace.path.len());
    let verified: Vec<u64> =
        trace.path.iter().filter(|s| s.outcome == StepOutcome::Verified).map(|s| s.height).collect();
    assert_eq!(verified, trace.verified.iter().map(LightBlock::height).collect::<Vec<_>>());
}

/// Hash chaining needs one block per height: a backward schedule is bounded by its distance, not
/// by the forward fetch cap (512), so 600 heights down is reachable.
#[test]
fn backwards_reaches_further_than_the_forward_fetch_cap() {
    let chain = rotating_chain(602, 10_000, 4);
    let now = now(&chain);
    let mut provider = Chain { blocks: &chain, fetched: Vec::new() };
    let trace = verify_backwards(&mut provider, &chain[601], 2, &options(), now).unwrap();
    assert_eq!(trace.verified.len(), 600);
    assert_eq!(trace.verified.last().unwrap().height(), 2);
    assert_eq!(provider.fetched.len(), 600);
}

/// The schedule's own contract: a block of another height ends it; nothing is needed after the
/// end; finishing early fails; an already trusted target needs nothing.
#[test]
fn a_schedule_refuses_what_it_did_not_ask_for() {
    let chain = rotating_chain(8, 100, 4);
    let now = now(&chain);
    let mut schedule = Schedule::forward(chain[0].clone(), 8, options(), now).unwrap();
    assert_eq!(schedule.needed(), Some(8));
    let err = schedule.feed(chain[6].clone()).unwrap_err();
    assert_eq!(err.code(), "cometbft.provider", "{err}");
    assert_eq!(schedule.needed(), None, "a wrong block ends the schedule");
    assert_eq!(schedule.feed(chain[7].clone()).unwrap_err().code(), "cometbft.schedule");
    assert_eq!(schedule.finish().unwrap_err().code(), "cometbft.schedule");

    let early = Schedule::forward(chain[0].clone(), 8, options(), now).unwrap();
    assert_eq!(early.finish().unwrap_err().code(), "cometbft.schedule", "finish before the target");

    let mut done = Schedule::forward(chain[0].clone(), 8, options(), now).unwrap();
    done.feed(chain[7].clone()).unwrap();
    assert_eq!(done.needed(), None);
    assert_eq!(done.feed(chain[7].clone()).unwrap_err().code(), "cometbft.schedule");
    assert_eq!(done.finish().unwrap().verified.last().unwrap().height(), 8);

    let trusted = Schedule::trusted(chain[3].clone());
    assert_eq!(trusted.needed(), None);
    assert_eq!(trusted.finish().unwrap().verified[0].height(), 4);
    assert_eq!(Schedule::forward(chain[3].clone(), 4, options(), now).unwrap_err().code(), "cometbft.schedule");
    assert_eq!(Schedule::backward(&chain[3], 4, options(), now).unwrap_err().code(), "cometbft.schedule");
}
