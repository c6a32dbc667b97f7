//! Why a node could not supply what was asked: typed, with stable codes, and mapped onto the
//! core's [`Fault`] so the light client decides what each means.

use std::fmt;

use lightcheck::cometbft::{self, Fault};

/// A failure talking to one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetError {
    /// No answer within the per-request timeout, after every retry.
    Timeout {
        /// The URL asked.
        url: String,
    },
    /// The connection could not be made or broke (node down, refused, reset).
    Unreachable {
        /// The URL asked.
        url: String,
        /// What the transport said.
        reason: String,
    },
    /// The node has no block that high yet.
    HeightTooHigh {
        /// The height asked for.
        height: u64,
    },
    /// The block is pruned or was never produced.
    NotAvailable {
        /// The height asked for.
        height: u64,
    },
    /// The node serves another chain than the trusted one.
    WrongChain {
        /// The trusted chain ID.
        expected: String,
        /// The node's.
        found: String,
    },
    /// A response larger than the cap for its endpoint.
    TooLarge {
        /// The endpoint.
        endpoint: &'static str,
        /// The cap in bytes.
        max: usize,
    },
    /// A response that is not the JSON expected, or says something inconsistent.
    Malformed {
        /// The endpoint.
        endpoint: &'static str,
        /// Why.
        reason: String,
    },
    /// The node answered with a JSON-RPC error this client has no meaning for.
    Rpc {
        /// The endpoint.
        endpoint: &'static str,
        /// The node's message (cut to 200 characters).
        message: String,
    },
    /// An HTTP status other than 200 without a JSON-RPC error body.
    Status {
        /// The URL asked.
        url: String,
        /// The status code.
        status: u16,
    },
    /// A URL this client cannot use (scheme, syntax, https without TLS support).
    BadUrl {
        /// The URL.
        url: String,
        /// Why.
        reason: &'static str,
    },
}

impl NetError {
    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            NetError::Timeout { .. } => "net.timeout",
            NetError::Unreachable { .. } => "net.unreachable",
            NetError::HeightTooHigh { .. } => "net.height_too_high",
            NetError::NotAvailable { .. } => "net.not_available",
            NetError::WrongChain { .. } => "net.wrong_chain",
            NetError::TooLarge { .. } => "net.too_large",
            NetError::Malformed { .. } => "net.malformed",
            NetError::Rpc { .. } => "net.rpc_error",
            NetError::Status { .. } => "net.http_status",
            NetError::BadUrl { .. } => "net.bad_url",
        }
    }

    /// Whether trying again later may help (the Go client retries only timeouts).
    pub fn is_transient(&self) -> bool {
        matches!(self, NetError::Timeout { .. } | NetError::Unreachable { .. })
            || matches!(self, NetError::Status { status, .. } if *status >= 500)
    }

    /// What the light client makes of it.
    pub fn to_fault(&self) -> Fault {
        match self {
            NetError::Timeout { .. } | NetError::Unreachable { .. } | NetError::Status { .. } => Fault::NoResponse,
            NetError::HeightTooHigh { .. } => Fault::HeightTooHigh,
            NetError::NotAvailable { .. } => Fault::NotFound,
            NetError::WrongChain { expected, found } => {
                Fault::Bad(cometbft::Error::ChainIdMismatch { expected: expected.clone(), found: found.clone() })
            }
            other => Fault::Bad(cometbft::Error::Decode { field: other.endpoint().into(), reason: other.to_string() }),
        }
    }

    fn endpoint(&self) -> &'static str {
        match self {
            NetError::TooLarge { endpoint, .. }
            | NetError::Malformed { endpoint, .. }
            | NetError::Rpc { endpoint, .. } => endpoint,
            _ => "response",
        }
    }
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetError::Timeout { url } => write!(f, "{url}: no answer in time (retried)"),
            NetError::Unreachable { url, reason } => write!(f, "{url}: unreachable: {reason}"),
            NetError::HeightTooHigh { height } => write!(f, "the node has no block at height {height} yet"),
            NetError::NotAvailable { height } => write!(f, "the node does not have height {height} (pruned?)"),
            NetError::WrongChain { expected, found } => {
                write!(f, "the node serves chain {found:?}, expected {expected:?}")
            }
            NetError::TooLarge { endpoint, max } => write!(f, "{endpoint}: response larger than {max} bytes"),
            NetError::Malformed { endpoint, reason } => write!(f, "{endpoint}: {reason}"),
            NetError::Rpc { endpoint, message } => write!(f, "{endpoint}: the node says: {message}"),
            NetError::Status { url, status } => write!(f, "{url}: HTTP status {status}"),
            NetError::BadUrl { url, reason } => write!(f, "{url}: {reason}"),
        }
    }
}

impl std::error::Error for NetError {}
