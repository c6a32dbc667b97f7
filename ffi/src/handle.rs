//! Opaque handles are tokens, not addresses.
//!
//! A handle C holds is a number lightcheck never reuses, looked up in a registry of live
//! objects. So a handle freed twice, used after free, forged, or passed where another kind is
//! expected is reported as `LC_ERR_INVALID_HANDLE` instead of touching freed memory. The data a
//! getter lends (strings, byte ranges) lives in the registry until the handle is freed.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::call::{Fail, Result};
use crate::status::lc_status;

/// Most handles alive at once (all kinds together); `LC_ERR_RESOURCE_LIMIT` beyond.
pub const LC_MAX_LIVE_HANDLES: usize = 1 << 16;

/// Token values are multiples of this, so they look like (and never equal) aligned pointers.
const STRIDE: usize = 16;

type Object = Arc<dyn Any + Send + Sync>;

struct Registry {
    next: usize,
    live: BTreeMap<usize, Object>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry { next: 1, live: BTreeMap::new() });

fn registry() -> MutexGuard<'static, Registry> {
    // The registry stays consistent even if a holder panicked: every mutation is one call.
    REGISTRY.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn invalid(name: &str, why: &str) -> Fail {
    Fail::new(lc_status::LC_ERR_INVALID_HANDLE, format!("{name}: {why}"))
}

/// Registers `value` and returns its handle as the C type `H`.
pub fn register<T: Any + Send + Sync, H>(value: T) -> Result<*mut H> {
    let mut registry = registry();
    if registry.live.len() >= LC_MAX_LIVE_HANDLES {
        return Err(Fail::new(
            lc_status::LC_ERR_RESOURCE_LIMIT,
            format!("{LC_MAX_LIVE_HANDLES} handles are live; free some before creating more"),
        ));
    }
    let id = registry.next;
    if id > usize::MAX / STRIDE - 1 {
        return Err(Fail::new(lc_status::LC_ERR_RESOURCE_LIMIT, "handle numbers exhausted"));
    }
    registry.next += 1;
    registry.live.insert(id, Arc::new(value));
    // A token, never dereferenced: C only compares and passes it back.
    Ok((id * STRIDE) as *mut H)
}

fn id_of<H>(handle: *const H, name: &str) -> Result<usize> {
    let token = handle as usize;
    if token == 0 {
        return Err(Fail::null(name));
    }
    if token % STRIDE != 0 {
        return Err(invalid(name, "not a lightcheck handle"));
    }
    Ok(token / STRIDE)
}

/// The live object behind `handle`, which must be of kind `T`.
pub fn get<T: Any + Send + Sync, H>(handle: *const H, name: &str) -> Result<Arc<T>> {
    let id = id_of(handle, name)?;
    let object = registry()
        .live
        .get(&id)
        .cloned()
        .ok_or_else(|| invalid(name, "not live (already freed, or never returned by lightcheck)"))?;
    object.downcast::<T>().map_err(|_| invalid(name, "a handle of another kind"))
}

/// Frees the object behind `handle` (of kind `T`). NULL is a no-op, as with `free(3)`.
pub fn free<T: Any + Send + Sync, H>(handle: *mut H, name: &str) -> Result<()> {
    if handle.is_null() {
        return Ok(());
    }
    let id = id_of(handle, name)?;
    let mut registry = registry();
    match registry.live.get(&id) {
        None => Err(invalid(name, "not live (freed twice, or never returned by lightcheck)")),
        Some(object) if !object.is::<T>() => Err(invalid(name, "a handle of another kind")),
        Some(_) => {
            let object = registry.live.remove(&id);
            drop(registry);
            // Dropped outside the lock: a large object's destructor should not block other calls.
            drop(object);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct A(u32);
    struct B;

    #[test]
    fn handles_are_checked_tokens() {
        let h: *mut u8 = register(A(7)).unwrap();
        assert_eq!(get::<A, u8>(h, "h").unwrap().0, 7);
        assert_eq!(get::<B, u8>(h, "h").err().unwrap().status, lc_status::LC_ERR_INVALID_HANDLE);
        assert_eq!(free::<B, u8>(h, "h").err().unwrap().status, lc_status::LC_ERR_INVALID_HANDLE);
        free::<A, u8>(h, "h").unwrap();
        assert_eq!(free::<A, u8>(h, "h").err().unwrap().status, lc_status::LC_ERR_INVALID_HANDLE);
        assert_eq!(get::<A, u8>(h, "h").err().unwrap().status, lc_status::LC_ERR_INVALID_HANDLE);
        // A new handle never takes a freed one's number.
        let h2: *mut u8 = register(A(8)).unwrap();
        assert_ne!(h, h2);
        assert_eq!(
            get::<A, u8>((h as usize + 1) as *const u8, "h").err().unwrap().status,
            lc_status::LC_ERR_INVALID_HANDLE
        );
        assert_eq!(get::<A, u8>(std::ptr::null::<u8>(), "h").err().unwrap().status, lc_status::LC_ERR_NULL_POINTER);
        free::<A, u8>(h2, "h").unwrap();
        free::<A, u8>(std::ptr::null_mut(), "h").unwrap();
    }
}
