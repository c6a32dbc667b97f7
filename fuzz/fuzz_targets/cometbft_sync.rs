//! The networked light client's update ([`Sync`]: trust root, primary replacement, witness
//! cross-checks, bisection along the trace, evidence) driven by nodes the fuzzer controls,
//! over the recorded devnet and its fork (`test-vectors/cometbft/network/devnet.json`).
//!
//! Each request is answered by one input byte: the block of network a or of the fork b at the
//! height asked, a block with a header field changed, a block of another height, a fault, or a
//! wait. Properties: the update always ends within a bound of requests, never panics, and what
//! it would trust is never a changed header.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use lightcheck::cometbft::{json, Answer, Error, Fault, LightBlock, Options, Request, Sync, Target};
use lightcheck::time::Timestamp;

struct Devnet {
    now: Timestamp,
    root: [u8; 32],
    a: Vec<LightBlock>,
    b: Vec<LightBlock>,
}

fn devnet() -> &'static Devnet {
    static DEVNET: OnceLock<Devnet> = OnceLock::new();
    DEVNET.get_or_init(|| {
        let v: serde_json::Value =
            serde_json::from_slice(include_bytes!("../../test-vectors/cometbft/network/devnet.json")).unwrap();
        let chain = |net: &str| -> Vec<LightBlock> {
            v[net].as_array().unwrap().iter().map(|b| json::light_block_from_json_value(b.clone()).unwrap()).collect()
        };
        let root = hex_decode(v["trusted"]["hash"].as_str().unwrap());
        Devnet {
            now: Timestamp::from_unix_secs(v["now"].as_i64().unwrap()).unwrap(),
            root,
            a: chain("a"),
            b: chain("b"),
        }
    })
}

fn hex_decode(s: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

/// Most requests one update may make with three witnesses: each schedule is bounded (512
/// fetches), the detector examines at most the trace's length per witness.
const MAX_REQUESTS: usize = 20_000;

fuzz_target!(|data: &[u8]| {
    let d = devnet();
    let mut bytes = data.iter().copied();
    let mut next = || bytes.next();
    let witnesses = 1 + usize::from(next().unwrap_or(0) % 3);
    let target = match next().unwrap_or(0) % 4 {
        0 => Target::Latest,
        n => Target::Height(u64::from(n) * 13 % 40 + 1),
    };
    let mut sync = match next().unwrap_or(0) % 3 {
        0 => Sync::from_trust_root(1, d.root, target, witnesses, Options::default(), d.now).unwrap(),
        1 => Sync::new(d.a[0].clone(), target, witnesses, Options::default(), d.now).unwrap(),
        _ => Sync::new(d.a[19].clone(), target, witnesses, Options::default(), d.now).unwrap(),
    };
    let mut requests = 0;
    while let Some(request) = sync.needed() {
        requests += 1;
        assert!(requests <= MAX_REQUESTS, "the update did not end");
        let height = match request {
            Request::Block { height, .. } => Some(height),
            Request::Latest { .. } => None,
            Request::Wait { .. } => {
                if sync.feed(Answer::Waited).is_err() {
                    break;
                }
                continue;
            }
        };
        let pick = |chain: &[LightBlock]| chain[(height.unwrap_or(40).clamp(1, 40) - 1) as usize].clone();
        let answer = match next() {
            None => Answer::Fault(Fault::NoResponse),
            Some(byte) => match byte % 16 {
                0..=5 => pick(&d.a).into(),
                6..=8 => pick(&d.b).into(),
                9 => {
                    let mut block = pick(if byte & 0x10 == 0 { &d.a } else { &d.b });
                    let h = &mut block.signed_header.header;
                    match next().unwrap_or(0) % 4 {
                        0 => h.app_hash[0] ^= 1,
                        1 => h.time = Timestamp::from_unix_secs(h.time.unix_secs() + 1).unwrap(),
                        2 => h.height += 1,
                        _ => h.next_validators_hash[0] ^= 1,
                    }
                    block.into()
                }
                10 => d.a[usize::from(next().unwrap_or(0)) % 40].clone().into(),
                11 => Answer::Fault(Fault::HeightTooHigh),
                12 => Answer::Fault(Fault::NotFound),
                13 => Answer::Fault(Fault::NoResponse),
                14 => Answer::Fault(Fault::Bad(Error::Decode { field: "fuzz".into(), reason: "bad".into() })),
                _ => Answer::Waited,
            },
        };
        if sync.feed(answer).is_err() {
            break;
        }
    }
    let Ok(synced) = sync.finish() else { return };
    if synced.check().is_err() {
        return;
    }
    // What would be stored: every header one the validators really signed (a recorded header of
    // a or of the fork), never a changed one. Not "all of one chain": the same validators sign
    // both networks (they equivocate), so a primary may splice fork blocks into its bisection
    // trace and each skipping step still verifies, as in CometBFT's light client (its detector
    // also compares at the target only). The target itself is what a witness confirmed.
    let recorded = |block: &LightBlock| {
        let h = block.height() as usize;
        let hash = block.signed_header.header.hash();
        hash.is_some()
            && [&d.a, &d.b]
                .iter()
                .any(|chain| chain.get(h.wrapping_sub(1)).map(|b| b.signed_header.header.hash()) == Some(hash))
    };
    for block in synced.to_store() {
        assert!(recorded(block), "trusted a changed header at height {}", block.height());
    }
});
