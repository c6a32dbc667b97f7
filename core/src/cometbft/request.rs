//! What the I/O-free machines ([`super::sync::Sync`], [`super::detector::Detector`]) ask their
//! driver for, and what the driver answers. A driver (the CLI's HTTP loop, the JavaScript fetch
//! client, a C app's callbacks) only moves bytes: every decision is made here.

use alloc::string::String;
use core::time::Duration;

use super::verifier::LightBlock;
use crate::cometbft::Error;

/// Which node a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    /// The primary: the node whose blocks are verified.
    Primary,
    /// A witness, by its index in the list the machine was made with.
    Witness(usize),
}

/// One thing the machine needs before it can go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// The light block (header, commit, validators and next validators) at `height`.
    Block {
        /// Whom to ask.
        peer: Peer,
        /// Which height.
        height: u64,
    },
    /// The peer's latest light block.
    Latest {
        /// Whom to ask.
        peer: Peer,
    },
    /// Wait this long, then answer [`Answer::Waited`] (a lagging witness gets time to catch up).
    Wait {
        /// How long.
        duration: Duration,
    },
}

impl Request {
    /// The peer asked, if any.
    pub fn peer(&self) -> Option<Peer> {
        match self {
            Request::Block { peer, .. } | Request::Latest { peer } => Some(*peer),
            Request::Wait { .. } => None,
        }
    }
}

/// Why a peer gave no light block. The driver classifies what the node said (CometBFT's error
/// texts, timeouts, HTTP failures); the machine decides what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The node has no block that high yet (`must be less than or equal to the current
    /// blockchain height`).
    HeightTooHigh,
    /// The node no longer (or never) had it: pruned, `is not available`.
    NotFound,
    /// No answer (down, unreachable, or not in time), after the driver's retries.
    NoResponse,
    /// An answer that cannot be used: malformed, of another height or chain, inconsistent.
    Bad(Error),
}

impl Fault {
    /// A short description for reports.
    pub fn describe(&self) -> String {
        use alloc::string::ToString;
        match self {
            Fault::HeightTooHigh => "has no block that high yet".into(),
            Fault::NotFound => "does not have the block (pruned or never produced)".into(),
            Fault::NoResponse => "did not answer (down, unreachable or too slow)".into(),
            Fault::Bad(e) => e.to_string(),
        }
    }
}

/// The driver's answer to a [`Request`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The light block asked for (unverified: the machine checks everything).
    Block(alloc::boxed::Box<LightBlock>),
    /// No block, and why.
    Fault(Fault),
    /// The wait asked for is over.
    Waited,
}

impl From<LightBlock> for Answer {
    fn from(block: LightBlock) -> Answer {
        Answer::Block(alloc::boxed::Box::new(block))
    }
}

impl From<Result<LightBlock, Fault>> for Answer {
    fn from(result: Result<LightBlock, Fault>) -> Answer {
        match result {
            Ok(block) => block.into(),
            Err(fault) => Answer::Fault(fault),
        }
    }
}
