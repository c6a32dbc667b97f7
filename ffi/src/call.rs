//! The boundary discipline every exported function follows: arguments are checked before use,
//! failures become an `lc_status` plus a thread-local message, and no panic crosses into C.

use std::cell::RefCell;
use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::status::{self, lc_status};

/// Largest input lightcheck copies or reads through the C ABI (each decoder has tighter limits
/// of its own; this one bounds what a wrong length can make the library touch).
pub const LC_MAX_INPUT_LEN: usize = 64 * 1024 * 1024;

/// A failed call: the status and the message `lc_last_error_message` returns.
#[derive(Debug)]
pub struct Fail {
    pub status: lc_status,
    pub message: String,
}

impl Fail {
    pub fn new(status: lc_status, message: impl Into<String>) -> Fail {
        Fail { status, message: message.into() }
    }

    pub fn null(name: &str) -> Fail {
        Fail::new(lc_status::LC_ERR_NULL_POINTER, format!("{name}: NULL"))
    }

    pub fn argument(name: &str, why: &str) -> Fail {
        Fail::new(lc_status::LC_ERR_INVALID_ARGUMENT, format!("{name}: {why}"))
    }
}

impl<E: Into<core_lib::Error>> From<E> for Fail {
    fn from(e: E) -> Fail {
        let e: core_lib::Error = e.into();
        let status = status::lookup(e.status()).map_or(lc_status::LC_ERR_INTERNAL, |entry| entry.status);
        debug_assert_eq!(status.entry().class.to_bytes(), e.class().as_str().as_bytes(), "class of {}", e.code());
        Fail::new(status, e.to_string())
    }
}

pub type Result<T> = core::result::Result<T, Fail>;

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

fn set_last_error(message: &str) {
    // Interior NULs cannot come from lightcheck's messages, but inputs are quoted in some.
    let text = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    LAST_ERROR.with(|last| *last.borrow_mut() = text);
}

/// The calling thread's last error message (empty after a successful call).
pub fn last_error() -> *const c_char {
    LAST_ERROR.with(|last| last.borrow().as_ptr())
}

/// Runs the body of an exported function: its error becomes the returned status and the thread's
/// last error message; a panic (a bug) becomes `LC_ERR_INTERNAL` instead of unwinding into C.
pub fn guard(body: impl FnOnce() -> Result<()>) -> lc_status {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => {
            set_last_error("");
            lc_status::LC_OK
        }
        Ok(Err(fail)) => {
            set_last_error(&fail.message);
            fail.status
        }
        Err(_) => {
            set_last_error("internal error: lightcheck panicked (a bug; please report it with the input)");
            lc_status::LC_ERR_INTERNAL
        }
    }
}

/// A required input `(ptr, len)`: non-NULL, non-empty, at most [`LC_MAX_INPUT_LEN`].
///
/// # Safety
/// `ptr` must be NULL or valid for reads of `len` bytes for the returned lifetime.
pub unsafe fn bytes<'a>(ptr: *const u8, len: usize, name: &str) -> Result<&'a [u8]> {
    // SAFETY: forwarded from this function's contract.
    match unsafe { optional_bytes(ptr, len, name) }? {
        Some(bytes) if !bytes.is_empty() => Ok(bytes),
        Some(_) => Err(Fail::argument(name, "empty (length 0)")),
        None => Err(Fail::null(name)),
    }
}

/// An optional input: `(NULL, 0)` is absent; otherwise as [`bytes`] but may be empty.
///
/// # Safety
/// `ptr` must be NULL or valid for reads of `len` bytes for the returned lifetime.
pub unsafe fn optional_bytes<'a>(ptr: *const u8, len: usize, name: &str) -> Result<Option<&'a [u8]>> {
    if ptr.is_null() {
        return if len == 0 { Ok(None) } else { Err(Fail::null(name)) };
    }
    if len > LC_MAX_INPUT_LEN {
        return Err(Fail::new(
            lc_status::LC_INPUT_TOO_LARGE,
            format!("{name}: {len} bytes, more than the {LC_MAX_INPUT_LEN} the C ABI accepts"),
        ));
    }
    // SAFETY: `ptr` is non-NULL and, by the caller's contract, valid for `len` bytes;
    // `len <= LC_MAX_INPUT_LEN < isize::MAX`.
    Ok(Some(unsafe { std::slice::from_raw_parts(ptr, len) }))
}

/// A required output location.
///
/// # Safety
/// `ptr` must be NULL or valid for writes of a `T` for the returned lifetime.
pub unsafe fn out<'a, T>(ptr: *mut T, name: &str) -> Result<&'a mut T> {
    // SAFETY: forwarded from this function's contract (`as_mut` checks NULL).
    unsafe { ptr.as_mut() }.ok_or_else(|| Fail::null(name))
}

/// A fixed-size input that may be absent (NULL).
///
/// # Safety
/// `ptr` must be NULL or valid for reads of `N` bytes.
pub unsafe fn optional_array<const N: usize>(ptr: *const u8) -> Option<[u8; N]> {
    // SAFETY: non-NULL `ptr` is valid for `N` bytes by the caller's contract.
    (!ptr.is_null()).then(|| unsafe { *(ptr as *const [u8; N]) })
}

/// Clears a handle output so that a failed call leaves NULL behind.
///
/// # Safety
/// `ptr` must be NULL or valid for writes of a pointer.
pub unsafe fn clear<T>(ptr: *mut *mut T) {
    // SAFETY: non-NULL `ptr` is writable by the caller's contract.
    if let Some(slot) = unsafe { ptr.as_mut() } {
        *slot = std::ptr::null_mut();
    }
}

/// Copies `value` to a caller's fixed-size output.
///
/// # Safety
/// `out` must be NULL or writable for `N` bytes.
pub unsafe fn write_array<const N: usize>(out: *mut u8, value: &[u8; N]) -> Result<()> {
    if out.is_null() {
        return Err(Fail::null("out"));
    }
    // SAFETY: non-NULL and writable for `N` bytes by the caller's contract.
    unsafe { std::ptr::copy_nonoverlapping(value.as_ptr(), out, N) };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn last() -> String {
        // SAFETY: `last_error` points to this thread's NUL-terminated message.
        unsafe { CStr::from_ptr(last_error()) }.to_str().unwrap().to_owned()
    }

    #[test]
    fn a_panic_becomes_internal_and_success_clears_the_message() {
        assert_eq!(guard(|| panic!("boom")), lc_status::LC_ERR_INTERNAL);
        assert!(last().contains("panicked"));
        assert_eq!(guard(|| Ok(())), lc_status::LC_OK);
        assert_eq!(last(), "");
        assert_eq!(guard(|| Err(Fail::argument("x", "bad\0byte"))), lc_status::LC_ERR_INVALID_ARGUMENT);
        assert_eq!(last(), "x: bad\\0byte");
    }

    #[test]
    fn inputs_are_checked_before_they_are_read() {
        let byte = [7u8];
        // SAFETY (these calls): the pointers are NULL or valid for the lengths that are read;
        // the oversized length is rejected before any read.
        unsafe {
            assert_eq!(bytes(std::ptr::null(), 0, "a").unwrap_err().status, lc_status::LC_ERR_NULL_POINTER);
            assert_eq!(bytes(std::ptr::null(), 5, "a").unwrap_err().status, lc_status::LC_ERR_NULL_POINTER);
            assert_eq!(bytes(byte.as_ptr(), 0, "a").unwrap_err().status, lc_status::LC_ERR_INVALID_ARGUMENT);
            let too_large = bytes(byte.as_ptr(), LC_MAX_INPUT_LEN + 1, "a").unwrap_err();
            assert_eq!(too_large.status, lc_status::LC_INPUT_TOO_LARGE);
            assert_eq!(bytes(byte.as_ptr(), 1, "a").unwrap(), &[7]);
            assert!(optional_bytes(std::ptr::null(), 0, "a").unwrap().is_none());
            assert_eq!(optional_bytes(byte.as_ptr(), 0, "a").unwrap(), Some(&[][..]));
        }
    }
}
