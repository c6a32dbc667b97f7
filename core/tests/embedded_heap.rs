//! The firmware example's step (`core/embedded-example`), run on the host inside the allocator the
//! firmware declares: a first-fit heap of 128 KiB (`emballoc`). Decoding both 100-validator blocks
//! and verifying the step must fit; running out of heap aborts this binary, failing the test.
//!
//! No test harness (`harness = false`): the harness's own threads and buffers would share the
//! 128 KiB.

#[path = "../embedded-example/src/step.rs"]
mod step;

#[global_allocator]
static HEAP: emballoc::Allocator<{ step::HEAP_BYTES }> = emballoc::Allocator::new();

fn main() {
    step::verify_step().expect("the 100-validator step verifies within a 128 KiB heap");
    println!("embedded_heap: the 100-validator step verified within a {} KiB heap", step::HEAP_BYTES / 1024);
}
