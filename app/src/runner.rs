//! The VM runner: one worker thread runs programs, so the UI thread never runs user code
//! (design.md, "Threads"). Jobs go to it over a channel; output lines and the end of each run
//! come back over another. Every job has its own interrupt flag, so a stop or restart can
//! never hit the wrong run; the VM looks at the flag at least every few hundred microseconds.

use rae_engine::host::raylib::{self, Display, Frame, ViewportHost, ViewportInput, ViewportLink};
use rae_engine::host::NativeRegistry;
use rae_engine::hot::HotEvent;
use rae_engine::script::VmConfig;
use rae_engine::vm::debug::{DebugController, Resume, Status};
use rae_engine::vm::{self, HotLink, Limits, RunOptions, RunOutcome, VmStats};
use rae_widgets::Stream;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many events may wait for the UI; a program that prints faster than the UI reads waits
/// (at the channel) instead of filling the memory.
const EVENT_QUEUE: usize = 4096;

/// Parsed programs nest deeply on the checker's and compiler's recursion; the worker gets
/// room for that (virtual memory, only touched when used).
pub const WORKER_STACK: usize = 64 << 20;

/// Frames waiting for the UI; past this the game's frames are dropped, never its pace.
const FRAME_QUEUE: usize = 2;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunEvent {
    /// One line of the program's output (without its newline).
    Output { stream: Stream, line: String },
    /// The run of job `job` ended with `status` (130 when stopped).
    Finished { job: u64, status: i32, elapsed: Duration },
}

struct Job {
    id: u64,
    path: String,
    text: String,
    interrupt: Arc<AtomicBool>,
    stats: Arc<VmStats>,
    debugger: Sender<Arc<DebugController>>,
    hot: Sender<HotLink>,
}

/// The state of the last program started, as the UI shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RunState {
    Idle,
    Running { since: Instant },
    Exited { status: i32, elapsed: Duration },
}

pub struct Runner {
    jobs: Option<Sender<Job>>,
    events: Receiver<RunEvent>,
    last_job: u64,
    interrupt: Arc<AtomicBool>,
    /// What the latest run publishes (instructions).
    stats: Arc<VmStats>,
    /// The latest run's debugger: on its way from the worker, then here.
    debugger_rx: Option<Receiver<Arc<DebugController>>>,
    debugger: Option<Arc<DebugController>>,
    /// The latest run's hot reload, as the debugger.
    hot_rx: Option<Receiver<HotLink>>,
    hot: Option<HotLink>,
    /// The file the latest run started from.
    running_path: Option<String>,
    state: RunState,
    /// What programs draw with raylib, the keys and mouse the viewport forwards to them, and
    /// the gate that pauses them between frames.
    viewport: ViewportHost,
}

impl Runner {
    /// Starts the worker; `notify` is called (from the worker) whenever an event is ready, e.g.
    /// to wake the UI.
    pub fn spawn(notify: impl Fn() + Send + Sync + 'static) -> io::Result<Runner> {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (event_tx, events) = mpsc::sync_channel(EVENT_QUEUE);
        let notify: Notify = Arc::new(notify);
        let wake = Arc::clone(&notify);
        let (link, viewport) = raylib::viewport(FRAME_QUEUE, move || wake());
        std::thread::Builder::new()
            .name("rae-vm".into())
            .stack_size(WORKER_STACK)
            .spawn(move || worker(job_rx, event_tx, notify, link))?;
        Ok(Runner {
            jobs: Some(jobs),
            events,
            last_job: 0,
            interrupt: Arc::new(AtomicBool::new(false)),
            stats: Arc::new(VmStats::default()),
            debugger_rx: None,
            debugger: None,
            hot_rx: None,
            hot: None,
            running_path: None,
            state: RunState::Idle,
            viewport,
        })
    }

    /// Runs `text` as the program at `path` (imports resolve relative to it); a program still
    /// running is stopped first, so this is also "restart".
    pub fn run(&mut self, path: &str, text: &str) {
        self.stop();
        self.viewport.gate.set_paused(false);
        self.last_job += 1;
        self.interrupt = Arc::new(AtomicBool::new(false));
        self.stats = Arc::new(VmStats::default());
        let (debugger, debugger_rx) = mpsc::channel();
        (self.debugger_rx, self.debugger) = (Some(debugger_rx), None);
        let (hot, hot_rx) = mpsc::channel();
        (self.hot_rx, self.hot, self.running_path) = (Some(hot_rx), None, Some(path.to_owned()));
        let job = Job {
            id: self.last_job,
            path: path.to_owned(),
            text: text.to_owned(),
            interrupt: Arc::clone(&self.interrupt),
            stats: Arc::clone(&self.stats),
            debugger,
            hot,
        };
        if let Some(jobs) = &self.jobs {
            if jobs.send(job).is_ok() {
                self.state = RunState::Running { since: Instant::now() };
            }
        }
    }

    /// Asks the running program to stop; its `Finished` event follows.
    pub fn stop(&mut self) {
        self.interrupt.store(true, Ordering::SeqCst);
        if let Some(debugger) = self.debugger() {
            debugger.stop();
        }
    }

    /// Applies `text`, a new version of the running program's file, to the running program
    /// with its state kept (`rae_engine::hot`): it compiles here and the VM swaps it in at its
    /// next safe point; a version with errors is reported and the old code keeps running.
    /// False when no program runs.
    pub fn reload(&mut self, text: &str) -> bool {
        let Some(path) = self.running_path.clone().filter(|_| self.is_running()) else { return false };
        let Some((ctl, _)) = self.hot_link() else { return false };
        match vm::compile_source(&path, text.to_owned(), false) {
            Ok((program, _warnings)) => ctl.propose(program),
            Err(diagnostics) => ctl.report(HotEvent::Broken(diagnostics)),
        }
        true
    }

    /// The file the running program started from.
    pub fn running_path(&self) -> Option<&str> {
        self.running_path.as_deref().filter(|_| self.is_running())
    }

    /// What the reloads of the running program did since the last call.
    pub fn hot_events(&mut self) -> Vec<HotEvent> {
        self.hot_link().map(|(_, events)| events.try_iter().collect()).unwrap_or_default()
    }

    fn hot_link(&mut self) -> Option<&HotLink> {
        if self.hot.is_none() {
            self.hot = self.hot_rx.as_ref().and_then(|rx| rx.try_recv().ok());
        }
        self.hot.as_ref()
    }

    /// The latest run's debugger, once its program is linked.
    fn debugger(&mut self) -> Option<&Arc<DebugController>> {
        if self.debugger.is_none() {
            self.debugger = self.debugger_rx.as_ref().and_then(|rx| rx.try_recv().ok());
        }
        self.debugger.as_ref()
    }

    /// Pauses the running program at its next instruction, wherever it is.
    pub fn break_in(&mut self) {
        if self.is_running() {
            if let Some(debugger) = self.debugger() {
                debugger.pause();
            }
        }
    }

    /// Resumes a program paused by [`break_in`](Self::break_in), or steps it by a line.
    pub fn resume(&mut self, how: Resume) {
        if let Some(debugger) = self.debugger() {
            debugger.resume(how);
        }
    }

    /// Asks the running program for its globals (answered at its next checkpoint).
    pub fn request_globals(&mut self) {
        if let Some(debugger) = self.debugger() {
            debugger.request_globals();
        }
    }

    /// The running program's globals, when an answer came since the last call.
    pub fn take_globals(&mut self) -> Option<Vec<rae_engine::vm::debug::GlobalState>> {
        self.debugger()?.take_globals()
    }

    /// What the running program's script VMs did, as of the last globals answer.
    pub fn script_health(&mut self) -> Vec<rae_engine::script::ScriptHealth> {
        self.debugger().map(|d| d.script_health()).unwrap_or_default()
    }

    /// Sets a `var` global of the running program to a literal of its type; an error comes
    /// back through [`take_set_error`](Self::take_set_error).
    pub fn set_global(&mut self, name: &str, value: &str) {
        if let Some(debugger) = self.debugger() {
            debugger.set_global(name, value);
        }
    }

    pub fn take_set_error(&mut self) -> Option<String> {
        self.debugger()?.take_set_error()
    }

    /// Where the program is paused (with its call stack), if it is.
    pub fn paused_state(&mut self) -> Option<rae_engine::vm::debug::PausedState> {
        if !self.is_running() {
            return None;
        }
        match self.debugger()?.status() {
            Status::Paused(state) => Some(state),
            Status::Running | Status::Finished => None,
        }
    }

    pub fn state(&self) -> RunState {
        self.state
    }

    /// Instructions the latest run executed, as last published.
    pub fn instructions(&self) -> u64 {
        self.stats.instructions.load(Ordering::Relaxed)
    }

    pub fn is_running(&self) -> bool {
        matches!(self.state, RunState::Running { .. })
    }

    /// The events that arrived since the last call; the run state follows the latest job.
    pub fn poll(&mut self) -> Vec<RunEvent> {
        let events: Vec<RunEvent> = self.events.try_iter().collect();
        events.iter().for_each(|e| self.observe(e));
        events
    }

    /// Waits up to `timeout` for the next event (for tests and headless use).
    pub fn wait_event(&mut self, timeout: Duration) -> Option<RunEvent> {
        let event = self.events.recv_timeout(timeout).ok()?;
        self.observe(&event);
        Some(event)
    }

    /// The newest frame the program drew since the last call (older ones are skipped).
    pub fn latest_frame(&mut self) -> Option<Frame> {
        self.viewport.frames.try_iter().last()
    }

    /// Where the viewport's keys and mouse go.
    pub fn input(&self) -> &ViewportInput {
        &self.viewport.input
    }

    /// Pauses or resumes a game at its next frame (programs without frames run on).
    pub fn set_paused(&self, paused: bool) {
        self.viewport.gate.set_paused(paused);
    }

    pub fn is_paused(&self) -> bool {
        self.viewport.gate.is_paused()
    }

    /// While paused, runs the game for one more frame.
    pub fn step_frame(&self) {
        self.viewport.gate.step();
    }

    fn observe(&mut self, event: &RunEvent) {
        if let RunEvent::Finished { job, status, elapsed } = *event {
            if job == self.last_job {
                self.state = RunState::Exited { status, elapsed };
            }
        }
    }
}

impl Drop for Runner {
    /// Stops the program; closing the job channel then ends the worker.
    fn drop(&mut self) {
        self.stop();
        self.jobs = None;
    }
}

pub(crate) type Notify = Arc<dyn Fn() + Send + Sync>;

/// Runs each job with the core natives and raylib drawing into the viewport.
fn worker(jobs: Receiver<Job>, events: SyncSender<RunEvent>, notify: Notify, link: ViewportLink) {
    for job in jobs {
        let started = Instant::now();
        let options = RunOptions {
            interrupt: Some(Arc::clone(&job.interrupt)),
            stats: Some(Arc::clone(&job.stats)),
            debugger: Some(job.debugger.clone()),
            hot: Some(job.hot.clone()),
            ..RunOptions::default()
        };
        let out = LineSender::new(&events, Stream::Stdout, &notify);
        let natives = NativeRegistry::with_core().with_raylib(Display::Viewport(link.clone()));
        // The project file beside the program configures its script VMs, as for `rae run`.
        let outcome = match VmConfig::for_program(Path::new(&job.path)) {
            Ok(scripts) => {
                let options = RunOptions { limits: Limits { scripts, ..options.limits }, ..options };
                vm::run_source_with(&job.path, job.text, &options, &natives, Box::new(out))
            }
            Err(e) => RunOutcome { status: 2, stderr: format!("{e}\n") },
        };
        // The natives hold the program's raylib window: it closes before the run reports its end.
        drop(natives);
        let mut err = LineSender::new(&events, Stream::Stderr, &notify);
        let _ = err.write_all(outcome.stderr.as_bytes()).and_then(|()| err.flush());
        let finished = RunEvent::Finished { job: job.id, status: outcome.status, elapsed: started.elapsed() };
        if events.send(finished).is_err() {
            return;
        }
        notify();
    }
}

/// A `Write` that sends each complete line as an event; `flush` sends a trailing partial line.
pub(crate) struct LineSender {
    events: SyncSender<RunEvent>,
    stream: Stream,
    partial: Vec<u8>,
    notify: Notify,
}

impl LineSender {
    pub(crate) fn new(events: &SyncSender<RunEvent>, stream: Stream, notify: &Notify) -> LineSender {
        LineSender { events: events.clone(), stream, partial: Vec::new(), notify: Arc::clone(notify) }
    }

    fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        let line = String::from_utf8_lossy(bytes).into_owned();
        self.events
            .send(RunEvent::Output { stream: self.stream, line })
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the workbench closed the console"))?;
        (self.notify)();
        Ok(())
    }
}

impl Write for LineSender {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(newline) = rest.iter().position(|&b| b == b'\n') {
            self.partial.extend_from_slice(&rest[..newline]);
            let line = std::mem::take(&mut self.partial);
            self.send(&line)?;
            rest = &rest[newline + 1..];
        }
        self.partial.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.send(&line)?;
        }
        Ok(())
    }
}
