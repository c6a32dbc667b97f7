//! The C ABI of lightcheck: `liblightcheck.a` / `liblightcheck.so` and `include/lightcheck.h`.
//!
//! Conventions, the same for every function (the header's preamble repeats them for C readers):
//! - names start with `lc_`; every fallible function returns an [`lc_status`] (`LC_OK` is 0)
//!   and leaves a message naming the field and the reason for `lc_last_error_message()`;
//! - inputs are `(const uint8_t *ptr, size_t len)`, borrowed for the call only; a required input
//!   must be non-NULL and non-empty, at most 64 MiB;
//! - results go into caller-owned structs or come back as opaque handles with getters and an
//!   explicit `lc_*_free`; data a getter lends stays valid until that handle is freed;
//! - time is passed in ([`lc_time`]), never read from a clock;
//! - no panic crosses the boundary; handles are checked tokens (see `handle`), so double frees
//!   and stale handles are reported.
//!
//! `unsafe` lives only here, at the boundary: each block says why it is sound.
#![allow(non_camel_case_types, clippy::missing_safety_doc)]

mod call;
mod cometbft;
mod handle;
mod nitro;
mod opengradient;
mod status;
#[allow(non_camel_case_types)]
mod status_table;
mod sync;
mod zk;

use std::ffi::c_char;

pub use cometbft::*;
pub use nitro::*;
pub use opengradient::*;
pub use status::lc_status;
pub use sync::*;
pub use zk::*;

use call::{guard, Fail};

/// Bytes: `len` bytes at `ptr`. As an input, borrowed for the call; as an output, borrowed from
/// the handle that produced it (valid until that handle is freed). `ptr` is NULL for "absent".
#[repr(C)]
#[derive(Clone, Copy)]
pub struct lc_bytes {
    /// The first byte, or NULL.
    pub ptr: *const u8,
    /// The number of bytes.
    pub len: usize,
}

impl lc_bytes {
    const ABSENT: lc_bytes = lc_bytes { ptr: std::ptr::null(), len: 0 };

    fn of(bytes: &[u8]) -> lc_bytes {
        lc_bytes { ptr: bytes.as_ptr(), len: bytes.len() }
    }

    fn of_option(bytes: Option<&[u8]>) -> lc_bytes {
        bytes.map_or(lc_bytes::ABSENT, lc_bytes::of)
    }
}

/// A point in time: seconds since the Unix epoch (UTC) plus nanoseconds (0–999,999,999).
/// lightcheck never reads a clock: every function that depends on time takes one of these.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct lc_time {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub unix_secs: i64,
    /// Nanoseconds within the second, below 1,000,000,000.
    pub nanos: u32,
}

impl lc_time {
    fn timestamp(self, name: &str) -> call::Result<core_lib::time::Timestamp> {
        if self.nanos >= 1_000_000_000 {
            return Err(Fail::argument(name, "nanos must be below 1000000000"));
        }
        core_lib::time::Timestamp::new(self.unix_secs, self.nanos)
            .ok_or_else(|| Fail::argument(name, "must be within years 1-9999"))
    }

    /// A time at or after 1970 (Nitro documents carry Unix milliseconds).
    fn unix_time(self, name: &str) -> call::Result<core_lib::time::Timestamp> {
        let t = self.timestamp(name)?;
        t.unix_millis().ok_or_else(|| Fail::argument(name, "must not be before 1970"))?;
        Ok(t)
    }

    fn of(t: core_lib::time::Timestamp) -> lc_time {
        lc_time { unix_secs: t.unix_secs(), nanos: t.subsec_nanos() }
    }
}

/// The version of lightcheck, e.g. `"0.1.0"`: a static NUL-terminated string.
#[no_mangle]
pub extern "C" fn lc_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The stable code of `status`, e.g. `"nitro.cert.expired"` (`"ok"` for `LC_OK`, `"unknown"`
/// for a number that is not a status): a static NUL-terminated string. Codes are the same in
/// every lightcheck binding (Rust, JavaScript, C).
#[no_mangle]
pub extern "C" fn lc_status_code(status: i32) -> *const c_char {
    status::lookup(status).map_or(c"unknown".as_ptr(), |entry| entry.code.as_ptr())
}

/// The class of `status`: how a caller usually reacts. One of `"ok"`, `"call"` (the call itself
/// was wrong: NULL, stale handle), `"malformed"`, `"untrusted"`, `"invalid_chain"`, `"expired"`,
/// `"forged"`, `"policy"`; `"unknown"` for a number that is not a status. Static string.
#[no_mangle]
pub extern "C" fn lc_status_class(status: i32) -> *const c_char {
    status::lookup(status).map_or(c"unknown".as_ptr(), |entry| entry.class.as_ptr())
}

/// A one-sentence English description of `status` (what the code means in general; the
/// details of one failure are in `lc_last_error_message()`): a static NUL-terminated string.
#[no_mangle]
pub extern "C" fn lc_status_message(status: i32) -> *const c_char {
    status::lookup(status).map_or(c"unknown status".as_ptr(), |entry| entry.description.as_ptr())
}

/// The message of the calling thread's last failed lightcheck call: which field and why, e.g.
/// `"certificate (leaf): expired at 1700000000 (now 1700000600)"`; empty after a successful
/// call. Thread-local: other threads' calls do not change it. The string is owned by lightcheck
/// and valid until the next lightcheck call on this thread.
#[no_mangle]
pub extern "C" fn lc_last_error_message() -> *const c_char {
    call::last_error()
}

/// An owned byte buffer (a JSON document lightcheck wrote). Free with `lc_buffer_free`.
pub struct lc_buffer {
    _opaque: [u8; 0],
}

/// The bytes of a buffer. The buffer also ends with a NUL byte (not counted in `len`), so
/// `out->ptr` can be used as a C string. Valid until the buffer is freed.
///
/// Thread-safe: a buffer may be read from several threads at once.
#[no_mangle]
pub unsafe extern "C" fn lc_buffer_data(buffer: *const lc_buffer, out: *mut lc_bytes) -> lc_status {
    guard(|| {
        // SAFETY: the header requires `out` to be NULL or writable.
        let out = unsafe { call::out(out, "out") }?;
        let data = handle::get::<Buffer, _>(buffer, "buffer")?;
        *out = lc_bytes { ptr: data.0.as_ptr(), len: data.0.len() - 1 };
        Ok(())
    })
}

/// Frees a buffer. NULL is a no-op; a buffer already freed gives `LC_ERR_INVALID_HANDLE`.
#[no_mangle]
pub extern "C" fn lc_buffer_free(buffer: *mut lc_buffer) -> lc_status {
    guard(|| handle::free::<Buffer, _>(buffer, "buffer"))
}

/// The contents of an `lc_buffer` handle, NUL-terminated.
struct Buffer(Vec<u8>);

impl Buffer {
    fn handle(text: String) -> call::Result<*mut lc_buffer> {
        let mut bytes = text.into_bytes();
        bytes.push(0);
        handle::register(Buffer(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_outside_the_range_are_refused() {
        let t = |unix_secs, nanos| {
            lc_time { unix_secs, nanos }.unix_time("now").map(|t| t.unix_millis()).map_err(|f| f.status)
        };
        assert_eq!(t(1, 500_000_000), Ok(Some(1500)));
        assert_eq!(t(-1, 0), Err(lc_status::LC_ERR_INVALID_ARGUMENT));
        assert_eq!(t(1, 1_000_000_000), Err(lc_status::LC_ERR_INVALID_ARGUMENT));
        // Past year 9999.
        assert_eq!(t((u64::MAX / 1000) as i64, 999_000_000), Err(lc_status::LC_ERR_INVALID_ARGUMENT));
    }
}
