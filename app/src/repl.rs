//! The REPL worker: one thread owns the engine's REPL session (the one `rae repl` uses, with
//! its `:commands`), so inputs run off the UI thread and keep their state between inputs.
//! Inputs go in over a channel; output lines and the end of each input come back as the
//! runner's events. Stop raises the session's interrupt flag.

use crate::runner::{LineSender, Notify, RunEvent, WORKER_STACK};
use rae_engine::host::raylib::{Display, ViewportLink};
use rae_engine::host::NativeRegistry;
use rae_engine::script::VmConfig;
use rae_engine::session::repl::{Repl, Step};
use rae_engine::session::Session;
use rae_widgets::{GlobalRow, Stream};
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::Arc;
use std::time::Instant;

/// Events waiting for the UI (as for the runner).
const EVENT_QUEUE: usize = 4096;

/// What the UI shows of the session between inputs.
#[derive(Clone, Debug, Default)]
pub struct SessionView {
    pub names: Vec<String>,
    pub globals: Vec<GlobalRow>,
    /// The language of the next input (`:lang`).
    pub lang: String,
}

impl SessionView {
    fn of(repl: &Repl) -> SessionView {
        let session = repl.session();
        let globals = session
            .globals()
            .into_iter()
            .map(|g| GlobalRow { name: g.name, kind: g.kind.to_string(), ty: g.ty, value: g.value })
            .collect();
        SessionView { names: session.names().to_vec(), globals, lang: repl.lang().to_string() }
    }
}

pub struct ReplWorker {
    inputs: Option<Sender<(u64, String)>>,
    events: Receiver<RunEvent>,
    interrupt: Arc<AtomicBool>,
    /// The session after each input: names for completion, globals for the inspector.
    views: Receiver<SessionView>,
    last: SessionView,
    next_input: u64,
    /// The input running now, if any.
    running: Option<u64>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ReplWorker {
    /// Starts the session's thread; `base` is where relative imports and `:load` are read, and
    /// what its programs draw with raylib goes to `viewport`.
    pub fn spawn(
        base: PathBuf,
        viewport: ViewportLink,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> io::Result<ReplWorker> {
        let (inputs, input_rx) = mpsc::channel::<(u64, String)>();
        let (event_tx, events) = mpsc::sync_channel(EVENT_QUEUE);
        let (views_tx, views) = mpsc::channel();
        let (flag_tx, flag_rx) = mpsc::channel();
        let notify: Notify = Arc::new(notify);
        let thread = std::thread::Builder::new().name("rae-repl".into()).stack_size(WORKER_STACK).spawn(move || {
            let out = LineSender::new(&event_tx, Stream::Stdout, &notify);
            let natives = NativeRegistry::with_core().with_raylib(Display::Viewport(viewport));
            // The project file of the session's folder configures its script VMs.
            let scripts = VmConfig::in_dir(&base).unwrap_or_else(|e| {
                let mut err = LineSender::new(&event_tx, Stream::Stderr, &notify);
                let _ = writeln!(err, "{e} (the console uses no project file)");
                VmConfig::default()
            });
            let mut session = Session::with_natives(Box::new(out), base, natives);
            session.limits.scripts = scripts;
            let _ = flag_tx.send(session.interrupt_flag());
            let repl = Repl::new(session);
            let _ = views_tx.send(SessionView::of(&repl));
            serve(repl, input_rx, event_tx, views_tx, notify);
        })?;
        let interrupt = flag_rx.recv().map_err(|_| io::Error::other("the REPL thread did not start"))?;
        Ok(ReplWorker {
            inputs: Some(inputs),
            events,
            interrupt,
            views,
            last: SessionView::default(),
            next_input: 0,
            running: None,
            thread: Some(thread),
        })
    }

    /// Runs `text` (a complete input or a `:command`).
    pub fn input(&mut self, text: &str) {
        self.next_input += 1;
        if let Some(inputs) = &self.inputs {
            if inputs.send((self.next_input, text.to_owned())).is_ok() {
                self.running = Some(self.next_input);
            }
        }
    }

    /// Stops the running input; the session keeps its state from before it.
    pub fn stop(&self) {
        if self.running.is_some() {
            self.interrupt.store(true, Ordering::SeqCst);
        }
    }

    pub fn is_busy(&self) -> bool {
        self.running.is_some()
    }

    /// The events since the last call.
    pub fn poll(&mut self) -> Vec<RunEvent> {
        let events: Vec<RunEvent> = self.events.try_iter().collect();
        for event in &events {
            if let RunEvent::Finished { job, .. } = event {
                if self.running == Some(*job) {
                    self.running = None;
                }
            }
        }
        if let Some(view) = self.views.try_iter().last() {
            self.last = view;
        }
        events
    }

    /// The session after the last input.
    pub fn view(&self) -> &SessionView {
        &self.last
    }
}

impl Drop for ReplWorker {
    /// Stops the running input and waits for the session's thread, so that what it holds (a
    /// raylib window) is gone when this returns.
    fn drop(&mut self) {
        self.interrupt.store(true, Ordering::SeqCst);
        self.inputs = None;
        // The thread may be blocked sending an event: empty the queue so it can finish.
        if let Some(thread) = self.thread.take() {
            while !thread.is_finished() {
                let _ = self.events.try_iter().count();
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            let _ = thread.join();
        }
    }
}

/// Runs inputs until the UI goes away; `:quit` only ends that input (the console stays).
fn serve(
    mut repl: Repl,
    inputs: Receiver<(u64, String)>,
    events: SyncSender<RunEvent>,
    views: Sender<SessionView>,
    notify: Notify,
) {
    for (id, text) in inputs {
        let started = Instant::now();
        repl.session().interrupt_flag().store(false, Ordering::SeqCst);
        let mut out = LineSender::new(&events, Stream::Stdout, &notify);
        let mut err = LineSender::new(&events, Stream::Stderr, &notify);
        let step = repl.input(&text, &mut out, &mut err);
        let _ = out.flush().and_then(|()| err.flush());
        if step == Step::Quit {
            let _ = writeln!(out, "(the console stays open; close its tab to leave)").and_then(|()| out.flush());
        }
        let status = if repl.session().interrupt_flag().load(Ordering::SeqCst) {
            rae_engine::vm::EXIT_INTERRUPTED
        } else {
            i32::from(step != (Step::Next { ok: true }) && step != Step::Quit)
        };
        let _ = views.send(SessionView::of(&repl));
        if events.send(RunEvent::Finished { job: id, status, elapsed: started.elapsed() }).is_err() {
            return;
        }
        notify();
    }
}
