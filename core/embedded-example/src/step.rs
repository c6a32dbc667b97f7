//! One CometBFT light-client step over 100 validators (`test-vectors/cometbft` val100, height
//! 1 → 2), from the JSON a light client receives: both blocks decoded, then verified. Shared by
//! the firmware example (`main.rs`) and the host test that runs it inside the same 128 KiB heap
//! (`core/tests/embedded_heap.rs`).

use lightcheck::cometbft::json::light_block_from_json;
use lightcheck::cometbft::{verify, Error, Options};
use lightcheck::time::Timestamp;

/// The trusted block (height 1) as JSON, in flash.
pub static TRUSTED_JSON: &[u8] = include_bytes!("../../../test-vectors/cometbft/val100-h1.json");
/// The untrusted block (height 2) as JSON, in flash.
pub static UNTRUSTED_JSON: &[u8] = include_bytes!("../../../test-vectors/cometbft/val100-h2.json");
/// The heap the firmware declares: 128 KiB.
pub const HEAP_BYTES: usize = 128 * 1024;

/// Decodes both blocks and verifies the step at `now` (one minute after block 2): Ok when block 2
/// is trusted. The trusted block is decoded first and kept, as a light client keeps its state.
pub fn verify_step() -> Result<(), Error> {
    let now = Timestamp::from_unix_secs(1_748_736_066).ok_or(Error::Schedule { reason: "bad now" })?;
    let trusted = light_block_from_json(TRUSTED_JSON)?;
    let untrusted = light_block_from_json(UNTRUSTED_JSON)?;
    verify(&untrusted, &trusted, &Options::default(), now)
}
