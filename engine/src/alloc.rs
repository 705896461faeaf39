//! A counting global allocator for the VM's memory cap (`Limits::max_memory`, `rae run
//! --max-memory BYTES`). Each thread counts the bytes it allocated minus those it freed; a VM
//! runs on one thread and its values (`Rc`) never leave it, so its thread's count is its heap.
//! When the count passes the thread's cap, a thread-local flag goes up, which the VM reads at
//! its checkpoints and after the instructions that allocate much (concatenation, lists,
//! natives).
//!
//! A binary opts in with one line: `#[global_allocator] static ALLOC: CountingAlloc = CountingAlloc;`
//! (the `rae` CLI and the `rae-launch` launcher do). Without it nothing is counted and a VM
//! with a memory cap refuses to start (`counting`).

// A global allocator is an `unsafe` trait: this module is the workspace's one exception to
// `unsafe_code = "deny"`. Each function only forwards to the system allocator with the
// caller's own arguments and updates plain thread-local counters.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    /// Bytes this thread allocated minus bytes it freed (negative when it frees memory
    /// another thread allocated).
    static LIVE: Cell<i64> = const { Cell::new(0) };
    /// The cap on `LIVE` (`i64::MAX`: none).
    static CAP: Cell<i64> = const { Cell::new(i64::MAX) };
    /// `LIVE` went past `CAP`.
    static OVER: Cell<bool> = const { Cell::new(false) };
}

/// The system allocator, counting each thread's live bytes.
pub struct CountingAlloc;

fn count(delta: i64) {
    // `try_with`: never panic inside the allocator, even while the thread is torn down.
    let _ = LIVE.try_with(|live| {
        let now = live.get().wrapping_add(delta);
        live.set(now);
        if delta > 0 && now > CAP.try_with(Cell::get).unwrap_or(i64::MAX) {
            let _ = OVER.try_with(|over| over.set(true));
        }
    });
}

fn size(layout: Layout) -> i64 {
    i64::try_from(layout.size()).unwrap_or(i64::MAX)
}

unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(size(layout));
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(size(layout));
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        count(-size(layout));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(i64::try_from(new_size).unwrap_or(i64::MAX) - size(layout));
        }
        p
    }
}

/// This thread's live bytes (0 when the counting allocator is not installed).
pub fn live_bytes() -> i64 {
    LIVE.try_with(Cell::get).unwrap_or(0)
}

/// Whether the process allocates through [`CountingAlloc`].
pub fn counting() -> bool {
    let before = live_bytes();
    let probe = std::hint::black_box(vec![0u8; 64]);
    let counted = live_bytes() != before;
    drop(probe);
    counted
}

/// Caps this thread's heap at `bytes` more than it holds now, until the guard is dropped.
pub fn cap_growth(bytes: u64) -> CapGuard {
    let cap = live_bytes().saturating_add(i64::try_from(bytes).unwrap_or(i64::MAX));
    CAP.with(|c| c.set(cap));
    OVER.with(|o| o.set(false));
    CapGuard(())
}

/// Whether this thread's heap went past its cap.
#[inline]
pub fn over_cap() -> bool {
    OVER.with(Cell::get)
}

/// Lifts the cap when dropped.
pub struct CapGuard(());

impl Drop for CapGuard {
    fn drop(&mut self) {
        CAP.with(|c| c.set(i64::MAX));
        OVER.with(|o| o.set(false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_binary_counts_and_a_cap_flags_growth_past_it() {
        assert!(counting(), "lib.rs installs the allocator for unit tests");
        let cap = cap_growth(1 << 20);
        let small = vec![0u8; 1 << 10];
        assert!(!over_cap());
        let big = vec![0u8; 2 << 20];
        assert!(over_cap());
        drop((small, big, cap));
        assert!(!over_cap(), "dropping the guard lifts the cap");
    }
}
