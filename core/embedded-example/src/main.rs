//! lightcheck on a Cortex-M7 (thumbv7em-none-eabihf) with a fixed 128 KiB heap: decode and verify
//! one 100-validator CometBFT light-client step. Built by CI, not run (no board); the same step
//! runs on the host in the same allocator (`core/tests/embedded_heap.rs`).
#![no_std]
#![no_main]

mod step;

use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m_rt::entry;

/// The whole heap: a first-fit allocator over a static 128 KiB array, declared without `unsafe`.
#[global_allocator]
static HEAP: emballoc::Allocator<{ step::HEAP_BYTES }> = emballoc::Allocator::new();

/// The verdict, for a debugger to read: 1 verified, 2 rejected, 0 not yet run.
static VERDICT: AtomicU32 = AtomicU32::new(0);

#[entry]
fn main() -> ! {
    let verdict = match step::verify_step() {
        Ok(()) => 1,
        Err(_) => 2,
    };
    VERDICT.store(verdict, Ordering::SeqCst);
    loop {
        core::hint::spin_loop();
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {
        core::hint::spin_loop();
    }
}
