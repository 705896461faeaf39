//! The workbench's state and actions: open documents, the dock, the runner and checker
//! threads, and what happens on open, save, run, stop and quit. `chrome.rs` draws the menus,
//! toolbar, status bar and dialogs on top of it.

use crate::checker::{CheckResult, Checker};
use crate::dock::{default_layout, DockViewer, ReplTab, Tab};
use crate::document::Document;
use crate::export::{ExportDialog, ExportOutcome, Exporter};
use crate::notebook::{Notebook, NOTEBOOK_EXT};
use crate::prompt::PathPrompt;
use crate::repl::ReplWorker;
use crate::runner::{RunEvent, Runner};
use crate::session::{self, Session};
use egui_dock::{DockArea, DockState};
use rae_engine::host::raylib::{self, ViewportHost, ViewportInput};
use rae_engine::hot::HotEvent;
use rae_engine::session::repl::Repl;
use rae_widgets::{
    Console, Diagnostic, GameInput, GlobalRow, HealthSample, Inspector, InspectorAction, LineCol, Location, PausedView,
    ProblemsPanel, ReplAction, ReplConsole, ScriptVmRow, StackFrameRow, Stream, Viewport,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use std::time::{Duration, SystemTime};

/// What the command line asked for.
#[derive(Clone, Debug, Default)]
pub struct Startup {
    pub file: Option<PathBuf>,
    pub run: bool,
}

/// The last finished check, for the status bar.
pub struct LastCheck {
    pub at: SystemTime,
    pub took: Duration,
}

pub struct Workbench {
    pub(crate) dock: DockState<Tab>,
    pub(crate) docs: Vec<Document>,
    pub(crate) notebooks: Vec<Notebook>,
    /// Wakes the UI from a notebook's session thread.
    waker: egui::Context,
    pub(crate) console: Console,
    pub(crate) problems: ProblemsPanel,
    pub(crate) viewport: Viewport,
    pub(crate) repl_console: ReplConsole,
    pub(crate) repl: ReplWorker,
    /// What REPL inputs draw with raylib (shown in the Viewport like a run's frames).
    repl_viewport: ViewportHost,
    pub(crate) inspector: Inspector,
    /// The last health sample: when, and the instruction count then.
    sampled: Option<(Instant, u64)>,
    /// When the viewport's last frame arrived.
    last_frame: Option<Instant>,
    /// Functions of each checked program, by its root file (the inspector shows the current one's).
    functions: BTreeMap<String, Vec<rae_widgets::FunctionRow>>,
    /// The latest diagnostics of each checked program, by its root file.
    checks: BTreeMap<String, Vec<Diagnostic>>,
    pub(crate) last_check: Option<LastCheck>,
    /// The running program's last hot reload and when it happened (the status bar shows it).
    pub(crate) last_hot: Option<(HotEvent, Instant)>,
    pub(crate) runner: Runner,
    checker: Checker,
    pub(crate) exporter: Exporter,
    pub(crate) export_dialog: Option<ExportDialog>,
    /// The file that Run, Save and Find act on: the last file tab that had the focus.
    pub(crate) current: Option<PathBuf>,
    pub(crate) recent: Vec<PathBuf>,
    pub(crate) prompt: Option<PathPrompt>,
    pub(crate) file_dialog: crate::file_dialog::NativeDialog,
    /// A dirty file the user asked to close; a dialog asks what to do.
    pub(crate) close_dirty: Option<PathBuf>,
    pub(crate) quit_dialog: bool,
    /// Closing is allowed (the user chose in the quit dialog, or nothing is unsaved).
    pub(crate) allow_close: bool,
    /// Edits the user chose to throw away are not kept for the next start.
    pub(crate) discard_unsaved: bool,
    pub(crate) font_size: f32,
}

impl Workbench {
    /// Restores the last session, then opens the command line's file (and runs it if asked).
    pub fn new(ctx: &egui::Context, saved: Option<Session>, startup: Startup) -> std::io::Result<Workbench> {
        let (wake_run, wake_check, wake_repl) = (ctx.clone(), ctx.clone(), ctx.clone());
        let wake_frames = ctx.clone();
        let (repl_link, repl_viewport) = raylib::viewport(2, move || wake_frames.request_repaint());
        let here = std::env::current_dir().unwrap_or_default();
        let saved = saved.unwrap_or_default();
        let mut app = Workbench {
            dock: default_layout(Vec::new()),
            docs: Vec::new(),
            notebooks: Vec::new(),
            waker: ctx.clone(),
            console: Console::default(),
            problems: ProblemsPanel::default(),
            viewport: Viewport::default(),
            repl_console: ReplConsole::default(),
            repl: ReplWorker::spawn(here, repl_link, move || wake_repl.request_repaint())?,
            repl_viewport,
            inspector: Inspector::default(),
            sampled: None,
            last_frame: None,
            functions: BTreeMap::new(),
            checks: BTreeMap::new(),
            last_check: None,
            last_hot: None,
            runner: Runner::spawn(move || wake_run.request_repaint())?,
            checker: Checker::spawn(move || wake_check.request_repaint())?,
            exporter: Exporter::default(),
            export_dialog: None,
            current: None,
            recent: saved.recent,
            prompt: None,
            file_dialog: Default::default(),
            close_dirty: None,
            quit_dialog: false,
            allow_close: false,
            discard_unsaved: false,
            font_size: saved.font_size,
        };
        app.console.auto_scroll = saved.auto_scroll;
        app.restore(saved.dock, saved.unsaved);
        if let Some(file) = startup.file {
            app.open(&file);
            if startup.run {
                app.run();
            }
        }
        Ok(app)
    }

    /// Reopens the files of the saved layout, with their unsaved edits; files that are gone
    /// leave the layout.
    fn restore(&mut self, dock: Option<DockState<Tab>>, unsaved: Vec<(PathBuf, String)>) {
        let Some(mut dock) = dock else { return };
        let files: Vec<PathBuf> = dock
            .iter_all_tabs()
            .filter_map(|(_, t)| match t {
                Tab::File(p) | Tab::Notebook(p) => Some(p.clone()),
                _ => None,
            })
            .collect();
        for path in files {
            if is_notebook(&path) {
                self.open_notebook(&path);
                continue;
            }
            match Document::open(&path) {
                Ok(doc) => self.add_document(doc),
                Err(e) => self.console.push(Stream::Info, &format!("could not reopen {}: {e}", path.display())),
            }
        }
        for (path, text) in unsaved {
            if let Some(doc) = self.docs.iter_mut().find(|d| d.path == path) {
                if doc.editor.text() != text {
                    doc.restore_unsaved(text);
                    let note = format!("restored unsaved edits of {} from the last session", path.display());
                    self.console.push(Stream::Info, &note);
                }
            }
        }
        let docs = &self.docs;
        let notebooks = &self.notebooks;
        dock.retain_tabs(|t| match t {
            Tab::File(p) => docs.iter().any(|d| &d.path == p),
            Tab::Notebook(p) => notebooks.iter().any(|n| &n.path == p),
            _ => true,
        });
        for panel in [Tab::Console, Tab::Repl, Tab::Problems, Tab::Viewport, Tab::Inspector] {
            if dock.find_tab(&panel).is_none() {
                dock.push_to_first_leaf(panel);
            }
        }
        self.dock = dock;
        self.current = self.docs.first().map(|d| d.path.clone());
    }

    fn add_document(&mut self, mut doc: Document) {
        doc.editor.font_size = self.font_size;
        self.checker.request(&doc.path_str(), doc.editor.text());
        self.docs.push(doc);
    }

    /// Opens `path` (or shows it if it is open already); a missing file becomes a new one.
    pub fn open(&mut self, path: &Path) {
        if is_notebook(path) {
            if self.open_notebook(path) {
                session::remember(&mut self.recent, path);
                self.show_tab(Tab::Notebook(path.to_owned()));
                self.current = Some(path.to_owned());
            }
            return;
        }
        if !self.docs.iter().any(|d| d.path == path) {
            let doc = match Document::open(path) {
                Ok(doc) => doc,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Document::create(path),
                Err(e) => {
                    self.console.push(Stream::Stderr, &format!("cannot open {}: {e}", path.display()));
                    return;
                }
            };
            self.add_document(doc);
        }
        session::remember(&mut self.recent, path);
        self.show_tab(Tab::File(path.to_owned()));
        self.current = Some(path.to_owned());
    }

    /// Opens the notebook at `path` unless it is open; false when it cannot be read.
    fn open_notebook(&mut self, path: &Path) -> bool {
        if self.notebooks.iter().any(|n| n.path == path) {
            return true;
        }
        let wake = self.waker.clone();
        match Notebook::open(path, move || wake.request_repaint()) {
            Ok(notebook) => {
                self.notebooks.push(notebook);
                true
            }
            Err(e) => {
                self.console.push(Stream::Stderr, &format!("cannot open {}: {e}", path.display()));
                false
            }
        }
    }

    pub fn current_notebook(&mut self) -> Option<&mut Notebook> {
        let current = self.current.as_ref()?;
        self.notebooks.iter_mut().find(|n| &n.path == current)
    }

    /// Focuses `tab`, adding it next to the editors when it is not in the layout.
    pub fn show_tab(&mut self, tab: Tab) {
        if self.dock.find_tab(&tab).is_none() {
            match self.dock.find_tab_from(|t| matches!(t, Tab::File(_) | Tab::Notebook(_))) {
                Some(path) => {
                    self.dock.set_focused_node_and_surface(path.node_path());
                    self.dock.push_to_focused_leaf(tab.clone());
                }
                None => self.dock.push_to_first_leaf(tab.clone()),
            }
        }
        if let Some(path) = self.dock.find_tab(&tab) {
            let _ = self.dock.set_active_tab(path);
            self.dock.set_focused_node_and_surface(path.node_path());
        }
    }

    pub fn current_doc(&mut self) -> Option<&mut Document> {
        let current = self.current.as_ref()?;
        self.docs.iter_mut().find(|d| &d.path == current)
    }

    /// Runs the current file's text as it is in the editor (saved or not).
    pub fn run(&mut self) {
        if let Some(notebook) = self.current_notebook() {
            notebook.run_all();
            return;
        }
        let Some(doc) = self.current_doc() else {
            self.console.push(Stream::Info, "open a .rae file to run it");
            return;
        };
        let (path, text) = (doc.path_str(), doc.editor.text().to_owned());
        self.console.clear();
        self.console.push(Stream::Info, &format!("▶ running {path}"));
        self.viewport.clear();
        self.inspector.clear_health();
        self.inspector.program_globals.clear();
        (self.sampled, self.last_frame) = (None, None);
        self.runner.run(&path, &text);
    }

    pub fn stop(&mut self) {
        if self.runner.is_running() {
            self.runner.stop();
        }
    }

    pub fn save_current(&mut self) {
        if let Some(notebook) = self.current_notebook() {
            let result = notebook.save();
            let path = notebook.path.clone();
            self.report_save(&path, result);
            return;
        }
        let Some(doc) = self.current_doc() else { return };
        let result = doc.save();
        let path = doc.path.clone();
        self.report_save(&path, result);
    }

    pub fn save_current_as(&mut self, path: &Path) {
        let Some(doc) = self.current_doc() else { return };
        let old = doc.path.clone();
        let result = doc.save_as(path);
        if result.is_ok() {
            for (_, tab) in self.dock.iter_all_tabs_mut() {
                if *tab == Tab::File(old.clone()) {
                    *tab = Tab::File(path.to_owned());
                }
            }
            self.current = Some(path.to_owned());
            session::remember(&mut self.recent, path);
        }
        self.report_save(path, result);
    }

    /// Saves every file with unsaved changes; true when all of them were saved.
    pub fn save_all(&mut self) -> bool {
        let mut all = true;
        for i in 0..self.notebooks.len() {
            if self.notebooks[i].is_dirty() {
                let result = self.notebooks[i].save();
                all &= result.is_ok();
                let path = self.notebooks[i].path.clone();
                self.report_save(&path, result);
            }
        }
        for i in 0..self.docs.len() {
            if self.docs[i].is_dirty() {
                let result = self.docs[i].save();
                all &= result.is_ok();
                let path = self.docs[i].path.clone();
                self.report_save(&path, result);
            }
        }
        all
    }

    fn report_save(&mut self, path: &Path, result: std::io::Result<()>) {
        match result {
            Err(e) => self.console.push(Stream::Stderr, &format!("could not save {}: {e}", path.display())),
            Ok(()) if path.extension().is_some_and(|e| e == "rae") => self.reload_running(),
            Ok(()) => {}
        }
    }

    /// After a save: the running program gets the new version of its file (its imports are
    /// read from disk), with its state kept (docs/hot-reload.md).
    fn reload_running(&mut self) {
        let Some(root) = self.runner.running_path().map(str::to_owned) else { return };
        let text = match self.docs.iter().find(|d| d.path_str() == root) {
            Some(doc) => doc.editor.text().to_owned(),
            None => match std::fs::read_to_string(&root) {
                Ok(text) => text,
                Err(_) => return,
            },
        };
        self.runner.reload(&text);
    }

    /// What the running program's reloads did: each is a console line, and the latest shows
    /// in the status bar for a while.
    fn show_hot_events(&mut self) {
        for event in self.runner.hot_events() {
            let stream = if matches!(event, HotEvent::Broken(_)) { Stream::Stderr } else { Stream::Info };
            for line in event.to_string().lines() {
                self.console.push(stream, line);
            }
            self.last_hot = Some((event, Instant::now()));
        }
    }

    /// Drops a file's document and tab (its edits are gone: the caller asked first).
    pub fn close(&mut self, path: &Path) {
        self.docs.retain(|d| d.path != path);
        self.notebooks.retain(|n| n.path != path);
        self.dock.retain_tabs(|t| *t != Tab::File(path.to_owned()) && *t != Tab::Notebook(path.to_owned()));
        let key = path.to_string_lossy().into_owned();
        self.checks.remove(&key);
        self.refresh_problems();
        if self.current.as_deref() == Some(path) {
            self.current = self.docs.first().map(|d| d.path.clone());
        }
    }

    /// The notebook open at `path`, if any.
    pub fn notebook(&self, path: &Path) -> Option<&Notebook> {
        self.notebooks.iter().find(|n| n.path == path)
    }

    pub fn go_to(&mut self, location: &Location) {
        let path = PathBuf::from(&location.file);
        self.open(&path);
        if let Some(doc) = self.current_doc() {
            doc.editor.go_to(location.at);
        }
    }

    /// Takes in what the worker threads sent and what the editors changed.
    pub fn pump(&mut self, ctx: &egui::Context) {
        if let Some(frame) = self.runner.latest_frame().or_else(|| self.repl_viewport.frames.try_iter().last()) {
            if self.viewport.frames() == 0 {
                self.show_tab(Tab::Viewport);
            }
            self.viewport.set_frame(ctx, [frame.width, frame.height], &frame.rgba, frame.render);
            let now = Instant::now();
            if let Some(previous) = self.last_frame.replace(now) {
                self.inspector.push_frame_time(now.duration_since(previous).as_secs_f32() * 1000.0);
            }
        }
        self.sample_health();
        self.watch_pause();
        if let Some(globals) = self.runner.take_globals() {
            self.inspector.program_globals = globals
                .into_iter()
                .map(|g| GlobalRow { name: g.name, kind: g.kind.to_owned(), ty: g.ty, value: g.value })
                .collect();
            self.inspector.script_vms = self
                .runner
                .script_health()
                .into_iter()
                .map(|h| ScriptVmRow {
                    lang: h.lang,
                    functions: h.functions,
                    calls: h.calls,
                    errors: h.errors,
                    time_ms: h.time.as_secs_f64() * 1000.0,
                    memory: h.memory,
                })
                .collect();
        }
        if let Some(error) = self.runner.take_set_error() {
            self.console.push(Stream::Stderr, &format!("inspector: {error}"));
        }
        self.show_hot_events();
        for event in self.runner.poll() {
            match event {
                RunEvent::Output { stream, line } => self.console.push(stream, &line),
                RunEvent::Finished { status, elapsed, .. } => {
                    let how = if status == rae_engine::vm::EXIT_INTERRUPTED {
                        "■ stopped".to_owned()
                    } else {
                        format!("■ exited with status {status}")
                    };
                    self.console.push(Stream::Info, &format!("{how} after {}", format_duration(elapsed)));
                }
            }
        }
        for notebook in &mut self.notebooks {
            notebook.pump();
        }
        let repl_events = self.repl.poll();
        if !repl_events.is_empty() {
            // The session's view arrives with the end of each input.
            self.inspector.globals = self.repl.view().globals.clone();
        }
        for event in repl_events {
            match event {
                RunEvent::Output { stream, line } => self.repl_console.transcript.push(stream, &line),
                RunEvent::Finished { status: rae_engine::vm::EXIT_INTERRUPTED, .. } => {
                    self.repl_console.transcript.push(Stream::Info, "■ stopped (the session is as it was before)")
                }
                RunEvent::Finished { .. } => {}
            }
        }
        if let Some(outcome) = self.exporter.poll() {
            match &outcome {
                ExportOutcome::Built { artifact, .. } => {
                    self.console.push(Stream::Info, &format!("exported {}", artifact.display()))
                }
                ExportOutcome::Failed { message } => {
                    self.console.push(Stream::Info, "export failed:");
                    self.console.push(Stream::Stderr, message);
                }
            }
            if let Some(dialog) = &mut self.export_dialog {
                dialog.outcome = Some(outcome);
            }
        }
        let results = self.checker.poll();
        if !results.is_empty() {
            for result in results {
                self.take_check(result);
            }
            self.refresh_problems();
        }
        let current = self.current.as_ref().map(|p| p.to_string_lossy().into_owned());
        if let Some(functions) = current.and_then(|p| self.functions.get(&p)) {
            if self.inspector.functions != *functions {
                self.inspector.functions = functions.clone();
            }
        }
        for doc in &mut self.docs {
            if doc.editor.take_changed() {
                self.checker.request(&doc.path_str(), doc.editor.text());
            }
        }
    }

    /// Shows where a program paused by Break is: its call stack in the inspector, and its line
    /// in the editor when it has just stopped there.
    fn watch_pause(&mut self) {
        let paused = self.runner.paused_state().map(|state| PausedView {
            headline: state.to_string().lines().next().unwrap_or_default().to_owned(),
            frames: state
                .frames
                .iter()
                .map(|f| StackFrameRow {
                    function: f.function.clone(),
                    location: format!("{}:{}", f.file, f.line),
                    locals: f
                        .locals
                        .iter()
                        .map(|l| GlobalRow {
                            name: l.name.clone(),
                            kind: String::new(),
                            ty: l.ty.clone(),
                            value: l.value.clone(),
                        })
                        .collect(),
                })
                .collect(),
            location: Some(Location {
                file: state.file.clone(),
                at: LineCol::new(state.line as usize, state.column as usize),
            }),
        });
        if paused == self.inspector.paused {
            return;
        }
        if let Some(location) = paused.as_ref().and_then(|p| p.location.clone()) {
            self.show_tab(Tab::Inspector);
            self.go_to(&location);
        }
        self.inspector.paused = paused;
    }

    /// Every half second of a run: the instruction rate, and a request for the globals, for
    /// the inspector.
    fn sample_health(&mut self) {
        if !self.runner.is_running() {
            return;
        }
        let (now, instructions) = (Instant::now(), self.runner.instructions());
        match self.sampled {
            Some((at, _)) if now.duration_since(at) < Duration::from_millis(500) => return,
            Some((at, before)) => {
                let rate = instructions.saturating_sub(before) as f64 / now.duration_since(at).as_secs_f64();
                self.inspector.push_health(HealthSample { instructions_per_second: rate });
            }
            None => {}
        }
        self.sampled = Some((now, instructions));
        self.runner.request_globals();
    }

    fn take_check(&mut self, result: CheckResult) {
        self.last_check = Some(LastCheck { at: SystemTime::now(), took: result.took });
        self.functions.insert(result.path.clone(), result.functions);
        self.checks.insert(result.path, result.diagnostics);
    }

    /// The problems panel shows every checked program's diagnostics once; each editor the
    /// ones in its own file.
    fn refresh_problems(&mut self) {
        let mut all: Vec<Diagnostic> = Vec::new();
        for d in self.checks.values().flatten() {
            if !all.contains(d) {
                all.push(d.clone());
            }
        }
        for doc in &mut self.docs {
            let path = doc.path_str();
            let mine =
                all.iter().filter(|d| d.range.as_ref().is_some_and(|r| same_file(&r.file, &path))).cloned().collect();
            doc.editor.set_diagnostics(mine);
        }
        self.problems.set_diagnostics(all);
    }

    /// The dock with every tab; remembers which file has the focus.
    pub fn dock_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.repl.view().lang.clone();
        self.repl_console.set_language(&lang);
        // The console's input has no newline after its last line; the REPL's inputs do.
        let ready = move |text: &str| Repl::is_ready(&lang, &format!("{text}\n"));
        let mut viewer = DockViewer {
            docs: &mut self.docs,
            notebooks: &mut self.notebooks,
            console: &mut self.console,
            problems: &mut self.problems,
            viewport: &mut self.viewport,
            repl: ReplTab {
                console: &mut self.repl_console,
                ready: &ready,
                names: &self.repl.view().names,
                busy: self.repl.is_busy(),
                action: ReplAction::None,
            },
            inspector: &mut self.inspector,
            inspector_action: InspectorAction::None,
            game_input: Vec::new(),
            jump: None,
            close_dirty: None,
            closed: Vec::new(),
        };
        DockArea::new(&mut self.dock)
            .style(egui_dock::Style::from_egui(ui.style()))
            .show_leaf_collapse_buttons(false)
            // Closing every tab of a panel at once loses panels too easily; tabs close one by one.
            .show_leaf_close_all_buttons(false)
            .show_inside(ui, &mut viewer);
        let (jump, close_dirty, closed, game_input) =
            (viewer.jump, viewer.close_dirty, viewer.closed, viewer.game_input);
        let (repl_action, inspector_action) = (viewer.repl.action, viewer.inspector_action);
        match repl_action {
            ReplAction::Run(input) => self.repl.input(&input),
            ReplAction::Stop => self.repl.stop(),
            ReplAction::None => {}
        }
        match inspector_action {
            InspectorAction::SetGlobal { name, value } => {
                // Goes through the REPL, so the transcript shows the change and a bad value is
                // an ordinary error that changes nothing.
                let input = format!("{name} = {value}\n");
                self.repl_console.transcript.push(Stream::Info, &format!("rae> {}", input.trim_end()));
                self.repl.input(&input);
            }
            InspectorAction::SetProgramGlobal { name, value } => {
                self.runner.set_global(&name, &value);
                self.runner.request_globals();
            }
            InspectorAction::None => {}
        }
        self.forward(game_input);
        for path in closed {
            self.close(&path);
        }
        if close_dirty.is_some() {
            self.close_dirty = close_dirty;
        }
        if let Some(location) = jump {
            self.go_to(&location);
        }
        if let Some((_, Tab::File(path) | Tab::Notebook(path))) = self.dock.find_active_focused() {
            self.current = Some(path.clone());
        }
    }

    /// Hands the viewport's input to the running game.
    fn forward(&self, input: Vec<GameInput>) {
        for to in [self.runner.input(), &self.repl_viewport.input] {
            forward_to(to, &input);
        }
    }

    pub fn set_font_size(&mut self, size: f32) {
        self.font_size = size.clamp(9.0, 32.0);
        for doc in &mut self.docs {
            doc.editor.font_size = self.font_size;
        }
    }

    /// Whether a REPL input is running.
    pub fn repl_busy(&self) -> bool {
        self.repl.is_busy()
    }

    /// The result of the last export, while its dialog is open.
    pub fn export_outcome(&self) -> Option<&ExportOutcome> {
        self.export_dialog.as_ref()?.outcome.as_ref()
    }

    pub fn has_unsaved(&self) -> bool {
        self.docs.iter().any(Document::is_dirty) || self.notebooks.iter().any(Notebook::is_dirty)
    }

    /// The session to save: layout, unsaved edits (unless thrown away), recent files, settings.
    pub fn session(&self) -> Session {
        let unsaved = if self.discard_unsaved {
            Vec::new()
        } else {
            self.docs.iter().filter(|d| d.is_dirty()).map(|d| (d.path.clone(), d.editor.text().to_owned())).collect()
        };
        Session {
            dock: Some(self.dock.clone()),
            unsaved,
            recent: self.recent.clone(),
            font_size: self.font_size,
            auto_scroll: self.console.auto_scroll,
        }
    }
}

/// Hands the viewport's input to one game.
fn forward_to(to: &ViewportInput, input: &[GameInput]) {
    for event in input {
        match *event {
            GameInput::Key { code, down } => to.key(code, down),
            GameInput::Mouse { x, y } => to.mouse_moved(x, y),
            GameInput::Button { button, down } => to.button(button, down),
            GameInput::ReleaseAll => to.release_all(),
        }
    }
}

/// Whether `path` names a notebook (`.raenb`).
fn is_notebook(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == NOTEBOOK_EXT)
}

/// Paths as the engine spells them may differ in form (`./a.rae` and `a.rae`).
fn same_file(a: &str, b: &str) -> bool {
    a == b || Path::new(a).components().eq(Path::new(b).components())
}

pub fn format_duration(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}
