//! Run limits (instruction budget, call depth, wall time) and the interrupt flag. The VM
//! counts instructions only at backward jumps and calls, so straight-line code pays nothing,
//! and it counts them down in a local "fuel" granted here: the limits and the interrupt flag
//! are checked when the fuel runs out, at most every `SLICE` instructions.

use crate::alloc::{self, CapGuard};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

pub const DEFAULT_MAX_DEPTH: usize = 10_000;

/// Instructions run between two looks at the interrupt flag (a few hundred microseconds).
pub const SLICE: u64 = 1 << 18;

/// The slice under a memory cap: a loop that allocates a little per iteration is stopped
/// soon after its heap passes the cap (instructions that allocate much check at once).
pub const MEMORY_SLICE: u64 = 1 << 10;

/// The slice while a host watches the run (`VmStats`): a game runs only thousands of
/// instructions a frame, and its counts should still move several times a second.
pub const STATS_SLICE: u64 = 1 << 10;

#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// Stop after about this many instructions (`None`: no limit).
    pub max_instructions: Option<u64>,
    /// Deepest call nesting; the VM keeps Rae frames off the Rust stack, so this protects
    /// memory, not the host.
    pub max_depth: usize,
    /// Wall-clock limit in seconds.
    pub timeout: Option<f64>,
    /// Cap on the heap's growth in bytes while the VM exists (needs `alloc::CountingAlloc`).
    pub max_memory: Option<u64>,
    /// The script VMs the program may use and each one's own limits (the project file's
    /// `scripting` section). Of the limits above, the timeout binds scripts too, and the memory
    /// cap the heaps that Rust's allocator holds (Lua's and QuickJS's, not CPython's).
    pub scripts: crate::script::VmConfig,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_instructions: None,
            max_depth: DEFAULT_MAX_DEPTH,
            timeout: None,
            max_memory: None,
            scripts: crate::script::VmConfig::default(),
        }
    }
}

/// Why a checkpoint stopped the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    Instructions(u64),
    Timeout,
    Interrupted,
    /// The heap grew past `Limits::max_memory`.
    Memory,
    /// A debugger wants the debug loop (`vm::debug`).
    Attention,
}

/// What a running VM publishes for a host on another thread (the workbench's inspector):
/// updated at every checkpoint and when the run ends.
#[derive(Debug, Default)]
pub struct VmStats {
    /// Instructions executed so far.
    pub instructions: AtomicU64,
}

impl VmStats {
    fn publish(&self, executed: u64) {
        self.instructions.store(executed, Ordering::Relaxed);
    }
}

/// The limits as the interpreter checks them.
pub struct Guard {
    pub budget: u64,
    pub executed: u64,
    pub interrupt: Arc<AtomicBool>,
    /// Set by the watchdog when the timeout expires (it also raises `interrupt`, which
    /// wakes a sleeping native).
    timed_out: Arc<AtomicBool>,
    /// The memory cap (lifted when the guard is dropped).
    pub memory_cap: Option<CapGuard>,
    /// Raised by a host that wants the VM at its next checkpoint: an attached debugger
    /// (`vm::debug`) or a hot reload (`hot`).
    pub attention: Arc<AtomicBool>,
    /// A host watches the run (stats, hot reload): checkpoints come every `STATS_SLICE`.
    pub watched: bool,
    /// Every call and backward jump is a checkpoint that asks for attention (a hot reload
    /// waits for a safe point), but the first: the instruction that stopped the VM must run.
    pub eager: bool,
    passed_once: bool,
    /// Where a host watches the run.
    pub stats: Option<Arc<VmStats>>,
    /// Dropping it wakes the watchdog thread, which then exits.
    _watchdog: Option<mpsc::Sender<()>>,
}

impl Guard {
    pub fn new(limits: &Limits, interrupt: Arc<AtomicBool>) -> Guard {
        let timed_out = Arc::new(AtomicBool::new(false));
        let watchdog = limits.timeout.filter(|t| t.is_finite() && *t >= 0.0).map(|secs| {
            let (tx, rx) = mpsc::channel::<()>();
            let (flag, stop) = (Arc::clone(&timed_out), Arc::clone(&interrupt));
            std::thread::spawn(move || {
                if let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(Duration::from_secs_f64(secs)) {
                    flag.store(true, Ordering::SeqCst);
                    stop.store(true, Ordering::SeqCst);
                }
            });
            tx
        });
        Guard {
            budget: limits.max_instructions.unwrap_or(u64::MAX),
            executed: 0,
            interrupt,
            timed_out,
            attention: Arc::new(AtomicBool::new(false)),
            watched: false,
            eager: false,
            passed_once: false,
            stats: None,
            memory_cap: limits.max_memory.map(alloc::cap_growth),
            _watchdog: watchdog,
        }
    }

    /// Counts `n` instructions and checks every limit.
    pub fn check(&mut self, n: u64) -> Result<(), Stop> {
        self.spend(n);
        if let Some(stats) = &self.stats {
            stats.publish(self.executed);
        }
        if self.executed > self.budget {
            return Err(Stop::Instructions(self.budget));
        }
        if self.interrupt.load(Ordering::Relaxed) {
            return Err(if self.timed_out.load(Ordering::Relaxed) { Stop::Timeout } else { Stop::Interrupted });
        }
        if self.memory_cap.is_some() && alloc::over_cap() {
            return Err(Stop::Memory);
        }
        if self.attention.load(Ordering::Relaxed) {
            return Err(Stop::Attention);
        }
        if self.eager {
            self.passed_once = !self.passed_once;
            if !self.passed_once {
                return Err(Stop::Attention);
            }
        }
        Ok(())
    }

    /// Makes every checkpoint after the next one stop for attention (`eager`), or no longer.
    pub fn set_eager(&mut self, eager: bool) {
        self.eager = eager;
        self.passed_once = false;
    }

    /// Counts `n` instructions run without a check (the fuel a run had left when it ended).
    pub fn spend(&mut self, n: u64) {
        self.executed = self.executed.saturating_add(n);
    }

    /// Publishes the final counts (the run ended between checkpoints).
    pub fn finish(&self) {
        if let Some(stats) = &self.stats {
            stats.publish(self.executed);
        }
    }

    /// The instructions that may run before the next check: up to the budget, at most `SLICE`.
    pub fn grant(&self) -> u64 {
        if self.eager {
            return 0;
        }
        let slice = match (&self.memory_cap, self.stats.is_some() || self.watched) {
            (Some(_), _) => MEMORY_SLICE,
            (None, true) => STATS_SLICE,
            (None, false) => SLICE,
        };
        self.budget.saturating_sub(self.executed).min(slice)
    }

    /// Counts the `used` instructions since the last grant, checks every limit, and grants
    /// the next fuel.
    pub fn refuel(&mut self, used: u64) -> Result<u64, Stop> {
        self.check(used)?;
        Ok(self.grant())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_and_interrupt_stop_at_checkpoints() {
        let limits = Limits { max_instructions: Some(10), ..Limits::default() };
        let flag = Arc::new(AtomicBool::new(false));
        let mut g = Guard::new(&limits, Arc::clone(&flag));
        assert_eq!(g.check(10), Ok(()));
        assert_eq!(g.check(1), Err(Stop::Instructions(10)));
        let mut g = Guard::new(&Limits::default(), Arc::clone(&flag));
        flag.store(true, Ordering::SeqCst);
        assert_eq!(g.check(1), Err(Stop::Interrupted));
    }

    #[test]
    fn fuel_is_granted_up_to_the_budget() {
        let limits = Limits { max_instructions: Some(SLICE + 5), ..Limits::default() };
        let mut g = Guard::new(&limits, Arc::new(AtomicBool::new(false)));
        assert_eq!(g.grant(), SLICE);
        assert_eq!(g.refuel(SLICE), Ok(5));
        assert_eq!(g.refuel(6), Err(Stop::Instructions(SLICE + 5)));
        assert_eq!(Guard::new(&Limits::default(), Arc::new(AtomicBool::new(false))).grant(), SLICE);
    }

    #[test]
    fn timeout_raises_the_flags() {
        let limits = Limits { timeout: Some(0.01), ..Limits::default() };
        let mut g = Guard::new(&limits, Arc::new(AtomicBool::new(false)));
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(g.check(1), Err(Stop::Timeout));
    }
}
