//! Generic encodings shared by the capabilities: each decoder is strict, bounded, and reports
//! one [`DecodeError`] that a capability maps to its own error once, at its edge.

#[cfg(feature = "cometbft")]
pub(crate) mod proto;

use core::fmt;

/// Why bytes did not decode: which field, and why.
#[cfg_attr(not(feature = "cometbft"), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeError {
    /// The field (or message) being decoded.
    pub field: &'static str,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}
