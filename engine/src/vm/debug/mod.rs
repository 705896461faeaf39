//! The debug hook's host side: a `DebugController` that another thread (the workbench, the
//! CLI's printer) uses to set breakpoints, pause, step and read the paused state while the VM
//! runs on its own thread. `session.rs` is the VM's side.
//!
//! The VM runs its dispatch loop in two instantiations (`interp::<false>` and `<true>`). The
//! normal one has no debug checks at all; it only looks at the controller's `attention` flag
//! where it already checks its limits (a checkpoint every `limits::SLICE` instructions at
//! most). Setting a breakpoint or asking for a pause raises `attention`, the fast loop returns
//! at that checkpoint, and the VM continues in the debug loop, which checks for a new source
//! line before each instruction and hands back to the fast loop when nothing is armed.

pub(crate) mod session;

pub(crate) use session::DebugSession;

use crate::bytecode::chunk::CompiledProgram;
use crate::script::ScriptHealth;
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// How often a paused VM looks at its stop flag (Ctrl-C raises it without waking the VM).
const STOP_POLL: Duration = Duration::from_millis(20);

/// Why the VM paused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PauseReason {
    Breakpoint,
    Step,
    /// The host asked (`DebugController::pause`).
    Pause,
}

/// How a paused VM goes on. Steps are by source line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    Continue,
    /// Stop at the next new line, in whatever function it is.
    StepIn,
    /// Stop at the next new line of this function or a caller.
    StepOver,
    /// Stop at the next new line of a caller.
    StepOut,
}

/// A parameter or local of a paused frame, printed as `log` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalState {
    pub name: String,
    pub ty: String,
    pub value: String,
}

/// A global of a running program, printed as `log` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobalState {
    pub name: String,
    /// `var` (a host may set it), `let` or `const`.
    pub kind: &'static str,
    pub ty: String,
    pub value: String,
}

/// One frame of a paused VM: its function, where it is (the call, for a caller) and its
/// locals in scope there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameState {
    pub function: String,
    pub file: String,
    pub line: u32,
    pub locals: Vec<LocalState>,
}

/// What the host sees while the VM is paused: the next instruction's position and the call
/// stack, innermost frame first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PausedState {
    pub reason: PauseReason,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub frames: Vec<FrameState>,
}

impl fmt::Display for PausedState {
    /// `paused at breakpoint: FILE:LINE:COL`, then each frame (`  in FUNC (FILE:LINE)`) with
    /// its locals (`    name: Type = value`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.reason {
            PauseReason::Breakpoint => "breakpoint",
            PauseReason::Step => "step",
            PauseReason::Pause => "pause",
        };
        writeln!(f, "paused at {why}: {}:{}:{}", self.file, self.line, self.column)?;
        for frame in &self.frames {
            writeln!(f, "  in {} ({}:{})", frame.function, frame.file, frame.line)?;
            for l in &frame.locals {
                writeln!(f, "    {}: {} = {}", l.name, l.ty, l.value)?;
            }
        }
        Ok(())
    }
}

/// Where the debugged program is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Running,
    Paused(PausedState),
    /// The program ended (normally, with an error, or stopped).
    Finished,
}

/// A breakpoint as set: the line asked for and the line it stops at (the next line with
/// code when the requested one has none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breakpoint {
    /// The program's name of the file.
    pub file: String,
    pub requested_line: u32,
    pub line: u32,
}

impl Breakpoint {
    /// `breakpoint at FILE:LINE`, saying so when it moved to the next line with code.
    pub fn describe(&self) -> String {
        if self.line == self.requested_line {
            format!("breakpoint at {}:{}", self.file, self.line)
        } else {
            format!(
                "breakpoint at {}:{} (line {} has no code; moved to the next line that has)",
                self.file, self.line, self.requested_line
            )
        }
    }
}

/// The chunks' files and the lines that have code, to resolve breakpoints.
struct LineIndex {
    /// Per chunk: its file and its sorted lines with code.
    chunks: Vec<(String, Vec<u32>)>,
}

impl LineIndex {
    fn new(program: &CompiledProgram) -> LineIndex {
        let chunks = program
            .chunks
            .iter()
            .map(|c| {
                let lines: BTreeSet<u32> = c.lines.iter().copied().filter(|&l| l > 0).collect();
                (c.file.clone(), lines.into_iter().collect())
            })
            .collect();
        LineIndex { chunks }
    }

    /// The chunks of `file` (the program's name for it, or a path ending in it).
    fn in_file<'i>(&'i self, file: &'i str) -> impl Iterator<Item = (usize, &'i str, &'i [u32])> {
        self.chunks.iter().enumerate().filter_map(move |(i, (f, lines))| {
            (f == file || Path::new(file).ends_with(f) || Path::new(f).ends_with(file)).then_some((
                i,
                f.as_str(),
                lines.as_slice(),
            ))
        })
    }

    /// The breakpoint for `file:line` and the (chunk, line) pairs it stops at.
    fn resolve(&self, file: &str, line: u32) -> Result<(Breakpoint, Vec<(u32, u32)>), String> {
        let mut name = None;
        let mut target: Option<u32> = None;
        for (_, f, lines) in self.in_file(file) {
            name.get_or_insert(f);
            if let Some(&l) = lines.iter().find(|&&l| l >= line) {
                target = Some(target.map_or(l, |t| t.min(l)));
            }
        }
        let Some(name) = name else { return Err(format!("no code of the program is in '{file}'")) };
        let Some(target) = target else { return Err(format!("no code on or after line {line} of '{name}'")) };
        let at = self
            .in_file(file)
            .filter(|(_, _, lines)| lines.binary_search(&target).is_ok())
            .map(|(i, _, _)| (i as u32, target))
            .collect();
        Ok((Breakpoint { file: name.to_string(), requested_line: line, line: target }, at))
    }
}

/// The state both sides share under the lock.
struct Shared {
    breakpoints: Vec<(Breakpoint, Vec<(u32, u32)>)>,
    status: Status,
    resume: Option<Resume>,
}

/// Globals a host asked to set (name, value as a Rae literal), and why the last set failed.
#[derive(Default)]
struct GlobalSets {
    pending: Vec<(String, String)>,
    error: Option<String>,
}

/// Drives a VM's debug hook from any thread. Get it with `Vm::debugger`.
pub struct DebugController {
    index: LineIndex,
    shared: Mutex<Shared>,
    changed: Condvar,
    /// Makes the fast loop hand over to the debug loop at its next checkpoint.
    attention: Arc<AtomicBool>,
    /// A pause was asked for: the debug loop stops before its next instruction.
    pause: AtomicBool,
    /// Bumped when the breakpoints change, so the VM refreshes its copy.
    generation: AtomicU64,
    /// The VM's stop flag (`HostState::interrupt`).
    interrupt: Arc<AtomicBool>,
    /// A host asked for the globals; the VM answers at its next checkpoint.
    globals_wanted: AtomicBool,
    /// The latest answer.
    globals: Mutex<Option<Vec<GlobalState>>>,
    scripts: Mutex<Vec<ScriptHealth>>,
    sets: Mutex<GlobalSets>,
}

impl DebugController {
    /// `attention` is the VM's (`limits::Guard`), which hot reload raises too.
    pub(crate) fn new(
        program: &CompiledProgram,
        interrupt: Arc<AtomicBool>,
        attention: Arc<AtomicBool>,
    ) -> DebugController {
        DebugController {
            index: LineIndex::new(program),
            shared: Mutex::new(Shared { breakpoints: Vec::new(), status: Status::Running, resume: None }),
            changed: Condvar::new(),
            attention,
            pause: AtomicBool::new(false),
            generation: AtomicU64::new(0),
            interrupt,
            globals_wanted: AtomicBool::new(false),
            globals: Mutex::new(None),
            scripts: Mutex::new(Vec::new()),
            sets: Mutex::new(GlobalSets::default()),
        }
    }

    /// Asks the running program for its globals; [`take_globals`](Self::take_globals) has
    /// them once the VM passed its next checkpoint (a thousand instructions at most).
    pub fn request_globals(&self) {
        self.globals_wanted.store(true, Ordering::SeqCst);
        self.attention.store(true, Ordering::SeqCst);
    }

    /// The globals (name, type, value) as of the last request answered.
    pub fn take_globals(&self) -> Option<Vec<GlobalState>> {
        self.globals.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// What each script VM of the run did, as of the last request answered.
    pub fn script_health(&self) -> Vec<ScriptHealth> {
        self.scripts.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Sets the global `name` of the running program to `value`, an `Int`, `Float`, `Bool` or
    /// `String` literal, at its next checkpoint.
    pub fn set_global(&self, name: &str, value: &str) {
        self.sets.lock().unwrap_or_else(|p| p.into_inner()).pending.push((name.to_owned(), value.to_owned()));
        self.attention.store(true, Ordering::SeqCst);
    }

    /// Why the last `set_global` did not apply, once.
    pub fn take_set_error(&self) -> Option<String> {
        self.sets.lock().unwrap_or_else(|p| p.into_inner()).error.take()
    }

    /// The VM's side: the host's pending requests (globals wanted, values to set).
    pub(crate) fn host_requests(&self) -> (bool, Vec<(String, String)>) {
        let sets = std::mem::take(&mut self.sets.lock().unwrap_or_else(|p| p.into_inner()).pending);
        (self.globals_wanted.swap(false, Ordering::SeqCst), sets)
    }

    pub(crate) fn answer_globals(
        &self,
        globals: Vec<GlobalState>,
        scripts: Vec<ScriptHealth>,
        set_error: Option<String>,
    ) {
        *self.globals.lock().unwrap_or_else(|p| p.into_inner()) = Some(globals);
        *self.scripts.lock().unwrap_or_else(|p| p.into_inner()) = scripts;
        if set_error.is_some() {
            self.sets.lock().unwrap_or_else(|p| p.into_inner()).error = set_error;
        }
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Stops at `file:line` (or the next line with code), in every function instance there.
    pub fn set_breakpoint(&self, file: &str, line: u32) -> Result<Breakpoint, String> {
        let (bp, at) = self.index.resolve(file, line)?;
        let mut shared = self.lock();
        if !shared.breakpoints.iter().any(|(b, _)| b.file == bp.file && b.line == bp.line) {
            shared.breakpoints.push((bp.clone(), at));
        }
        drop(shared);
        self.changed_breakpoints();
        Ok(bp)
    }

    /// Removes the breakpoint at `file:line` (its line or the line it was asked for);
    /// false when there was none.
    pub fn clear_breakpoint(&self, file: &str, line: u32) -> bool {
        let mut shared = self.lock();
        let before = shared.breakpoints.len();
        shared.breakpoints.retain(|(b, _)| {
            let same_file = b.file == file || Path::new(file).ends_with(&b.file);
            !(same_file && (b.line == line || b.requested_line == line))
        });
        let removed = shared.breakpoints.len() != before;
        drop(shared);
        if removed {
            self.changed_breakpoints();
        }
        removed
    }

    pub fn breakpoints(&self) -> Vec<Breakpoint> {
        self.lock().breakpoints.iter().map(|(b, _)| b.clone()).collect()
    }

    fn changed_breakpoints(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.attention.store(true, Ordering::SeqCst);
    }

    /// Pauses the running program before its next instruction (within a checkpoint slice).
    pub fn pause(&self) {
        self.pause.store(true, Ordering::SeqCst);
        self.attention.store(true, Ordering::SeqCst);
    }

    /// Lets a paused program go on; false when it is not paused.
    pub fn resume(&self, how: Resume) -> bool {
        let mut shared = self.lock();
        if !matches!(shared.status, Status::Paused(_)) {
            return false;
        }
        shared.status = Status::Running;
        shared.resume = Some(how);
        self.changed.notify_all();
        true
    }

    /// Stops the program, paused or running; it ends with `interrupted`.
    pub fn stop(&self) {
        self.interrupt.store(true, Ordering::SeqCst);
        let _shared = self.lock();
        self.changed.notify_all();
    }

    pub fn status(&self) -> Status {
        self.lock().status.clone()
    }

    /// Waits up to `timeout` for the program to pause or finish; returns the status then.
    pub fn wait(&self, timeout: Duration) -> Status {
        let shared = self.lock();
        let (shared, _) = self
            .changed
            .wait_timeout_while(shared, timeout, |s| s.status == Status::Running)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        shared.status.clone()
    }

    // ------------------------------------------------------------ the VM's side

    /// Publishes the paused state and blocks until the host resumes (`Some`) or stops the
    /// program (`None`).
    fn pause_here(&self, state: PausedState) -> Option<Resume> {
        let mut shared = self.lock();
        shared.status = Status::Paused(state);
        shared.resume = None;
        self.changed.notify_all();
        loop {
            if self.interrupt.load(Ordering::SeqCst) {
                shared.status = Status::Running;
                return None;
            }
            if let Some(how) = shared.resume.take() {
                return Some(how);
            }
            shared = self.changed.wait_timeout(shared, STOP_POLL).unwrap_or_else(|p| p.into_inner()).0;
        }
    }

    /// The program ended.
    pub(crate) fn finish(&self) {
        self.lock().status = Status::Finished;
        self.changed.notify_all();
    }

    /// The (chunk, line) pairs to stop at, and the generation they belong to.
    fn snapshot(&self) -> (u64, BTreeSet<(u32, u32)>) {
        let shared = self.lock();
        let generation = self.generation.load(Ordering::SeqCst);
        (generation, shared.breakpoints.iter().flat_map(|(_, at)| at.iter().copied()).collect())
    }
}

#[cfg(test)]
mod tests;
