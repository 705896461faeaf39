//! Hot reload: a host compiles a new version of the running program and proposes it to the VM
//! (`HotController::propose`); the VM applies it at its next safe point (`vm::reload`).
//!
//! A safe point is a checkpoint (a call or a backward jump) where no live frame runs a
//! function whose code changed. There, changed function bodies are swapped, new functions
//! added, globals kept by name, struct objects migrated to their new layouts by field name
//! and enum values kept by member name (`migrate`). A live function whose code changed is
//! waited for until it returns; when it cannot return (it is the outermost frame, or it has
//! not returned within `WAIT_LIMIT`), or a global changed type, the program restarts cleanly
//! on the new version and says why. A version that does not compile never reaches the VM:
//! the host reports its diagnostics as `HotEvent::Broken` and the old code keeps running.
//!
//! `watch` watches source files and compiles each saved version for a host.

pub mod migrate;
pub mod plan;
#[cfg(test)]
mod tests;
pub mod watch;

use crate::bytecode::chunk::CompiledProgram;
use plan::Summary;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long the VM waits for a changed function that is running to return before it
/// restarts the program instead.
pub const WAIT_LIMIT: Duration = Duration::from_secs(1);

/// What a reload did, as a host shows it (`Display` is the `[hot-patch]` line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HotEvent {
    /// The new version runs, with the program's state kept.
    Patched(Summary),
    /// The new version runs from the start; the reason says why state could not be kept.
    Restarted(String),
    /// The new version did not compile (its diagnostics); the old one keeps running.
    Broken(String),
}

impl fmt::Display for HotEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HotEvent::Patched(summary) => write!(f, "[hot-patch] {summary}"),
            HotEvent::Restarted(reason) => write!(f, "[hot-patch] restarted: {reason}"),
            HotEvent::Broken(diagnostics) => {
                write!(f, "[hot-patch] not applied, the old code keeps running:\n{}", diagnostics.trim_end())
            }
        }
    }
}

/// The host's side of a VM's hot reload; any thread may hold it.
pub struct HotController {
    pending: Mutex<Option<CompiledProgram>>,
    events: Mutex<Sender<HotEvent>>,
    /// The VM's attention flag (`limits::Guard`): raised, the VM stops at its next checkpoint.
    attention: Arc<AtomicBool>,
}

impl HotController {
    /// A controller and the receiver of its events.
    pub(crate) fn new(attention: Arc<AtomicBool>) -> (HotController, Receiver<HotEvent>) {
        let (tx, rx) = mpsc::channel();
        (HotController { pending: Mutex::new(None), events: Mutex::new(tx), attention }, rx)
    }

    /// Asks the VM to run `program` from its next safe point (a newer proposal replaces one
    /// not applied yet).
    pub fn propose(&self, program: CompiledProgram) {
        *self.pending.lock().unwrap_or_else(|p| p.into_inner()) = Some(program);
        self.attention.store(true, Ordering::SeqCst);
    }

    /// Reports an event (the VM's, or a host's `Broken`) to whoever listens.
    pub fn report(&self, event: HotEvent) {
        let _ = self.events.lock().unwrap_or_else(|p| p.into_inner()).send(event);
    }

    pub(crate) fn take_pending(&self) -> Option<CompiledProgram> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}
