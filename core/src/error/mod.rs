//! Errors: one table per capability, one wrapper for the crate.
//!
//! Every failure has a stable, machine-readable [`code`](Error::code) (for bindings, logs and test
//! manifests; a code never changes meaning once published), a [`class`](Error::class) that groups
//! codes the way a caller reacts to them, a stable C [`status`](Error::status) number, and a
//! message (`Display`) that names the field and the reason.
//!
//! Each capability declares its errors in one table (`nitro::Error`, `cometbft::Error`,
//! `zk::Error`, `opengradient::Error`); [`Error`] wraps them. [`catalog`] lists every code of the
//! build: the C header's `lc_status`, the TypeScript `ErrorCode` union and the published list
//! `test-vectors/error-codes.txt` are generated from it and checked against it in tests.

use core::fmt;

mod table;
pub(crate) use table::error_table;

/// What kind of failure an error is, for callers that react by category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorClass {
    /// The input is not a well-formed instance of its format (or breaks a size limit).
    Malformed,
    /// The input is well-formed but does not chain to a trusted anchor, or too little trusted
    /// voting power signed it.
    Untrusted,
    /// A chaining rule is broken: certificate path (constraints, key usage, algorithms, naming)
    /// or header sequence (heights, times, validator hand-over, chain id).
    InvalidChain,
    /// Something is outside its validity window at the verification time.
    Expired,
    /// A signature does not verify: the input was altered or forged.
    Forged,
    /// Everything verifies, but the caller's policy rejects it.
    Policy,
}

impl ErrorClass {
    /// Stable name of the class (`"malformed"`, `"untrusted"`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorClass::Malformed => "malformed",
            ErrorClass::Untrusted => "untrusted",
            ErrorClass::InvalidChain => "invalid_chain",
            ErrorClass::Expired => "expired",
            ErrorClass::Forged => "forged",
            ErrorClass::Policy => "policy",
        }
    }
}

/// One published error code: a row of an error table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The C status number (`lc_status`).
    pub status: i32,
    /// The stable code, `capability.area.reason`.
    pub code: &'static str,
    /// Its class.
    pub class: ErrorClass,
    description: &'static str,
}

impl CodeInfo {
    pub(crate) const fn new(status: i32, code: &'static str, class: ErrorClass, description: &'static str) -> Self {
        CodeInfo { status, code, class, description }
    }

    /// The one-line description (Markdown: code spans in backticks).
    pub fn description(&self) -> &'static str {
        self.description.trim()
    }
}

/// Every code this build can return, ordered by status number, each once.
pub fn catalog() -> alloc::vec::Vec<CodeInfo> {
    let tables: &[&[CodeInfo]] = &[
        #[cfg(feature = "nitro")]
        crate::nitro::Error::CODES,
        #[cfg(feature = "cometbft")]
        crate::cometbft::Error::CODES,
        #[cfg(feature = "zk")]
        crate::zk::Error::CODES,
        #[cfg(feature = "opengradient")]
        crate::opengradient::Error::CODES,
    ];
    let mut all: alloc::vec::Vec<CodeInfo> = tables.iter().flat_map(|t| t.iter().copied()).collect();
    all.sort_by_key(|c| c.status);
    all.dedup_by_key(|c| c.status);
    all
}

/// A verification failure: the error of one capability.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An AWS Nitro attestation failure.
    #[cfg(feature = "nitro")]
    Nitro(crate::nitro::Error),
    /// A CometBFT light-client or inclusion-proof failure.
    #[cfg(feature = "cometbft")]
    CometBft(crate::cometbft::Error),
    /// A zkML proof failure.
    #[cfg(feature = "zk")]
    Zk(crate::zk::Error),
    /// An OpenGradient response or settlement failure.
    #[cfg(feature = "opengradient")]
    OpenGradient(crate::opengradient::Error),
}

macro_rules! delegate {
    ($self:ident, $e:ident => $body:expr) => {
        match $self {
            #[cfg(feature = "nitro")]
            Error::Nitro($e) => $body,
            #[cfg(feature = "cometbft")]
            Error::CometBft($e) => $body,
            #[cfg(feature = "zk")]
            Error::Zk($e) => $body,
            #[cfg(feature = "opengradient")]
            Error::OpenGradient($e) => $body,
            #[allow(unreachable_patterns)]
            _ => unreachable!(),
        }
    };
}

impl Error {
    /// The stable machine-readable code, `capability.area.reason` (`input.too_large` for any
    /// capability's size limit).
    pub const fn code(&self) -> &'static str {
        delegate!(self, e => e.code())
    }

    /// The category of the failure.
    pub const fn class(&self) -> ErrorClass {
        delegate!(self, e => e.class())
    }

    /// The stable C status number (`lc_status` in `lightcheck.h`).
    pub const fn status(&self) -> i32 {
        delegate!(self, e => e.status())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        delegate!(self, e => fmt::Display::fmt(e, f))
    }
}

#[cfg(feature = "nitro")]
impl From<crate::nitro::Error> for Error {
    fn from(e: crate::nitro::Error) -> Self {
        Error::Nitro(e)
    }
}

#[cfg(feature = "cometbft")]
impl From<crate::cometbft::Error> for Error {
    fn from(e: crate::cometbft::Error) -> Self {
        Error::CometBft(e)
    }
}

#[cfg(feature = "zk")]
impl From<crate::zk::Error> for Error {
    fn from(e: crate::zk::Error) -> Self {
        Error::Zk(e)
    }
}

#[cfg(feature = "opengradient")]
impl From<crate::opengradient::Error> for Error {
    fn from(e: crate::opengradient::Error) -> Self {
        Error::OpenGradient(e)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}
