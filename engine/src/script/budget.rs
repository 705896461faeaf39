//! What one call into a script VM may spend ([`VmSettings`]): a VM starts the budget when a
//! call begins, and its instruction hook, interrupt handler or watchdog asks it whether the
//! call must stop. Atomics, so that Python's watchdog thread can ask too.

use super::config::{Limit, VmSettings};
use super::ScriptError;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::time::{Duration, Instant};

pub struct CallBudget {
    lang: &'static str,
    settings: VmSettings,
    /// When the VM was made: call start times are nanoseconds after it.
    base: Instant,
    /// Nanoseconds after `base` when the current call started.
    started: AtomicU64,
    /// Instructions the current call ran so far (as the hook counts them).
    spent: AtomicU64,
    /// The limit that stopped the current call (0: none, else `Limit as u8 + 1`).
    tripped: AtomicU8,
}

const LIMITS: [Limit; 3] = [Limit::Instructions, Limit::Memory, Limit::Timeout];

impl CallBudget {
    pub fn new(lang: &'static str, settings: VmSettings) -> CallBudget {
        CallBudget {
            lang,
            settings,
            base: Instant::now(),
            started: AtomicU64::new(0),
            spent: AtomicU64::new(0),
            tripped: AtomicU8::new(0),
        }
    }

    /// A call begins: its instructions and time count from zero.
    pub fn start(&self) {
        let now = u64::try_from(self.base.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.started.store(now, Ordering::Relaxed);
        self.spent.store(0, Ordering::Relaxed);
        self.tripped.store(0, Ordering::Relaxed);
    }

    /// Counts `n` more instructions of the current call; whether the call must stop (over
    /// its instructions or its time).
    pub fn spend(&self, n: u64) -> bool {
        let spent = self.spent.fetch_add(n, Ordering::Relaxed) + n;
        if self.settings.max_instructions.is_some_and(|max| spent > max) {
            return self.trip(Limit::Instructions);
        }
        self.over_time()
    }

    /// Whether the current call ran past its timeout.
    pub fn over_time(&self) -> bool {
        let Some(timeout) = self.settings.timeout else { return false };
        let started = Duration::from_nanos(self.started.load(Ordering::Relaxed));
        self.base.elapsed().saturating_sub(started).as_secs_f64() > timeout && self.trip(Limit::Timeout)
    }

    /// Records that the VM's heap passed its cap (the VM's own allocator said so).
    pub fn out_of_memory(&self) -> bool {
        self.settings.max_memory.is_some() && self.trip(Limit::Memory)
    }

    fn trip(&self, limit: Limit) -> bool {
        let code = LIMITS.iter().position(|&l| l == limit).map_or(0, |i| i as u8 + 1);
        self.tripped.store(code, Ordering::Relaxed);
        true
    }

    /// The error of the limit that stopped the current call, if one did.
    pub fn stopped(&self) -> Option<ScriptError> {
        let code = self.tripped.load(Ordering::Relaxed);
        let limit = *LIMITS.get(usize::from(code).checked_sub(1)?)?;
        let s = self.settings;
        let message = match limit {
            Limit::Instructions => format!("the call ran more than {} instructions", s.max_instructions.unwrap_or(0)),
            Limit::Memory => format!("the VM's heap passed {} bytes", s.max_memory.unwrap_or(0)),
            Limit::Timeout => format!("the call ran longer than {} s", s.timeout.unwrap_or(0.0)),
        };
        Some(ScriptError::Limit { lang: self.lang.into(), limit: limit.name(), message })
    }
}
