//! `lc_status`: the outcome of every call, one value per stable error code.
//!
//! Values are stable: 0 is success, 1–99 are errors in the call itself (a NULL pointer, a stale
//! handle), 100 is `input.too_large`, then one block per capability (Nitro 1xx, CometBFT 2xx,
//! zk 3xx, OpenGradient 4xx), one value per core error code. New codes get new numbers; a
//! number never changes meaning.
#![allow(non_camel_case_types)]

use std::ffi::CStr;

pub use crate::status_table::lc_status;
pub(crate) use crate::status_table::TABLE;

/// What lightcheck knows about a status: its stable code, class and description.
/// The texts are C strings because `lc_status_code` and friends hand them to C as they are.
pub(crate) struct Entry {
    pub status: lc_status,
    pub code: &'static CStr,
    pub class: &'static CStr,
    pub description: &'static CStr,
}

impl Entry {
    pub(crate) const fn new(
        status: lc_status,
        code: &'static CStr,
        class: &'static CStr,
        description: &'static CStr,
    ) -> Entry {
        Entry { status, code, class, description }
    }
}

impl lc_status {
    /// The entry of this status (every variant has one: `TABLE` is checked in tests).
    pub(crate) fn entry(self) -> &'static Entry {
        lookup(self as i32).unwrap_or(&TABLE[0])
    }
}

/// The entry of a status number, `None` for a number that is not a status.
pub(crate) fn lookup(status: i32) -> Option<&'static Entry> {
    TABLE.iter().find(|entry| entry.status as i32 == status)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table is generated from the core's tables (core/tests/error_table.rs); this checks
    /// that this build of the core agrees with it, number for number.
    #[test]
    fn every_core_code_has_its_status() {
        let catalog = core_lib::catalog();
        assert!(catalog.len() >= 81, "only {} core codes", catalog.len());
        for info in &catalog {
            let entry = lookup(info.status).unwrap_or_else(|| panic!("{} has no lc_status", info.code));
            assert_eq!(entry.code.to_str().unwrap(), info.code);
            assert_eq!(entry.class.to_str().unwrap(), info.class.as_str());
        }
        for entry in TABLE {
            let call = entry.class == c"call" || entry.status == lc_status::LC_OK;
            assert!(
                call || catalog.iter().any(|c| c.status == entry.status as i32),
                "{:?} is not a core code",
                entry.code
            );
        }
    }

    #[test]
    fn statuses_keep_their_published_numbers() {
        // Spot checks of the stable numbering (test-vectors/error-codes.txt pins all of them).
        assert_eq!(lc_status::LC_OK as i32, 0);
        assert_eq!(lc_status::LC_ERR_INVALID_HANDLE as i32, 3);
        assert_eq!(lc_status::LC_INPUT_TOO_LARGE as i32, 100);
        assert_eq!(lc_status::LC_NITRO_COSE_MALFORMED as i32, 101);
        assert_eq!(lc_status::LC_COMETBFT_DECODE as i32, 201);
        assert_eq!(lc_status::LC_ZK_DECODE as i32, 301);
        assert_eq!(lc_status::LC_OPENGRADIENT_DECODE as i32, 401);
    }
}
