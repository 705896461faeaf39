//! Everything around the dock: the menu bar, the toolbar, the status bar, keyboard shortcuts
//! and the dialogs (open/save as, unsaved changes on close and on quit).

use crate::app::{format_duration, Workbench};
use crate::dock::Tab;
use crate::export::{DialogAction, ExportDialog};
use crate::prompt::{Outcome, PathPrompt, Purpose};
use crate::runner::RunState;
use egui::{Key, KeyboardShortcut, Modifiers, RichText, ViewportCommand};
use rae_engine::build::Target;
use rae_engine::hot::HotEvent;
use rae_engine::vm::debug::Resume;
use rae_widgets::{theme, Severity};
use std::path::PathBuf;
use std::time::Duration;

/// How long the status bar shows what the last hot reload did.
const HOT_NOTE: Duration = Duration::from_secs(8);

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const RUN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F5);
const STOP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::SHIFT, Key::F5);
const PAUSE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F6);
const STEP_FRAME: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F7);
const BREAK: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F8);
const STEP_OVER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F10);
const STEP_IN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F11);
const STEP_OUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::SHIFT, Key::F11);
const RESTART: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::F5);
const ZOOM_IN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Plus);
const ZOOM_OUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Minus);

/// One thing the user can ask for, from a menu, the toolbar or a shortcut.
#[derive(Clone, Debug, PartialEq)]
enum Action {
    Open,
    OpenPath(PathBuf),
    Save,
    SaveAs,
    Quit,
    Find {
        replace: bool,
    },
    GoToLine,
    Run,
    Stop,
    Restart,
    /// Pauses a running game at its next frame, or resumes it.
    TogglePause,
    StepFrame,
    /// Pauses the program wherever it is (the debugger), or lets it go on.
    BreakOrContinue,
    /// Runs a paused program to its next line, in the way given.
    Step(Resume),
    Show(Tab),
    Export(Target),
    Zoom(f32),
    ResetLayout,
}

impl Workbench {
    /// The whole window, one frame.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.pump(ui.ctx());
        let mut actions = self.shortcuts(ui.ctx());
        egui::Panel::top("menu-bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| self.menus_ui(ui, &mut actions));
        });
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar_ui(ui, &mut actions));
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_ui(ui));
        egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| self.dock_ui(ui));
        for action in actions {
            self.perform(ui.ctx(), action);
        }
        self.dialogs_ui(ui.ctx());
        if self.runner.is_running() {
            // The status bar's clock.
            ui.ctx().request_repaint_after(Duration::from_millis(250));
        }
    }

    fn shortcuts(&self, ctx: &egui::Context) -> Vec<Action> {
        let table = [
            (OPEN, Action::Open),
            (SAVE, Action::Save),
            (RESTART, Action::Restart),
            (STOP, Action::Stop),
            (RUN, Action::Run),
            (PAUSE, Action::TogglePause),
            (STEP_FRAME, Action::StepFrame),
            (BREAK, Action::BreakOrContinue),
            (STEP_OVER, Action::Step(Resume::StepOver)),
            (STEP_OUT, Action::Step(Resume::StepOut)),
            (STEP_IN, Action::Step(Resume::StepIn)),
            (ZOOM_IN, Action::Zoom(1.0)),
            (ZOOM_OUT, Action::Zoom(-1.0)),
        ];
        ctx.input_mut(|i| table.into_iter().filter(|(keys, _)| i.consume_shortcut(keys)).map(|(_, a)| a).collect())
    }

    fn menus_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let mut item = |ui: &mut egui::Ui, label: &str, shortcut: Option<&KeyboardShortcut>, action: Action| {
            let mut button = egui::Button::new(label);
            if let Some(keys) = shortcut {
                button = button.shortcut_text(ui.ctx().format_shortcut(keys));
            }
            if ui.add(button).clicked() {
                actions.push(action);
            }
        };
        ui.menu_button("File", |ui| {
            item(ui, "Open…", Some(&OPEN), Action::Open);
            ui.menu_button("Open recent", |ui| {
                if self.recent.is_empty() {
                    ui.label("No recent files");
                }
                for path in &self.recent {
                    item(ui, &path.display().to_string(), None, Action::OpenPath(path.clone()));
                }
            });
            ui.separator();
            item(ui, "Save", Some(&SAVE), Action::Save);
            item(ui, "Save as…", None, Action::SaveAs);
            ui.separator();
            item(ui, "Quit", None, Action::Quit);
        });
        ui.menu_button("Edit", |ui| {
            item(ui, "Find", Some(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F)), Action::Find { replace: false });
            item(
                ui,
                "Replace",
                Some(&KeyboardShortcut::new(Modifiers::COMMAND, Key::H)),
                Action::Find { replace: true },
            );
            item(ui, "Go to line", Some(&KeyboardShortcut::new(Modifiers::COMMAND, Key::G)), Action::GoToLine);
        });
        ui.menu_button("Run", |ui| {
            item(ui, "Run", Some(&RUN), Action::Run);
            item(ui, "Stop", Some(&STOP), Action::Stop);
            item(ui, "Restart", Some(&RESTART), Action::Restart);
            ui.separator();
            let pause = if self.runner.is_paused() { "Continue" } else { "Pause" };
            item(ui, pause, Some(&PAUSE), Action::TogglePause);
            item(ui, "Step frame", Some(&STEP_FRAME), Action::StepFrame);
            ui.separator();
            let debug_paused = self.inspector.paused.is_some();
            item(ui, if debug_paused { "Continue" } else { "Break" }, Some(&BREAK), Action::BreakOrContinue);
            item(ui, "Step over", Some(&STEP_OVER), Action::Step(Resume::StepOver));
            item(ui, "Step into", Some(&STEP_IN), Action::Step(Resume::StepIn));
            item(ui, "Step out", Some(&STEP_OUT), Action::Step(Resume::StepOut));
        });
        ui.menu_button("Export", |ui| {
            for target in [Target::Native, Target::Hybrid, Target::Vm] {
                item(ui, &format!("{}…", ExportDialog::title(target)), None, Action::Export(target));
            }
        });
        ui.menu_button("View", |ui| {
            item(ui, "Console", None, Action::Show(Tab::Console));
            item(ui, "REPL", None, Action::Show(Tab::Repl));
            item(ui, "Problems", None, Action::Show(Tab::Problems));
            item(ui, "Viewport", None, Action::Show(Tab::Viewport));
            item(ui, "Inspector", None, Action::Show(Tab::Inspector));
            ui.separator();
            item(ui, "Larger text", Some(&ZOOM_IN), Action::Zoom(1.0));
            item(ui, "Smaller text", Some(&ZOOM_OUT), Action::Zoom(-1.0));
            item(ui, "Reset layout", None, Action::ResetLayout);
        });
    }

    fn toolbar_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            let running = self.runner.is_running();
            let can_run = self.current.is_some();
            if ui.add_enabled(can_run, egui::Button::new("▶ Run")).on_hover_text("F5").clicked() {
                actions.push(Action::Run);
            }
            if ui.add_enabled(running, egui::Button::new("■ Stop")).on_hover_text("Shift+F5").clicked() {
                actions.push(Action::Stop);
            }
            if ui.add_enabled(can_run, egui::Button::new("⟲ Restart")).on_hover_text("Ctrl+Shift+F5").clicked() {
                actions.push(Action::Restart);
            }
            let paused = self.runner.is_paused();
            let (label, hint) =
                if paused { ("▶ Continue", "F6") } else { ("⏸ Pause", "F6: pause the game at its next frame") };
            if ui.add_enabled(running, egui::Button::new(label)).on_hover_text(hint).clicked() {
                actions.push(Action::TogglePause);
            }
            if ui.add_enabled(running && paused, egui::Button::new("⏭ Step frame")).on_hover_text("F7").clicked() {
                actions.push(Action::StepFrame);
            }
            let (label, hint) = if self.inspector.paused.is_some() {
                ("▶ Continue", "F8; step with F10 (over), F11 (into), Shift+F11 (out)")
            } else {
                ("Break", "F8: stop the program where it is and show its call stack")
            };
            if ui.add_enabled(running, egui::Button::new(label)).on_hover_text(hint).clicked() {
                actions.push(Action::BreakOrContinue);
            }
            ui.separator();
            if let Some(path) = &self.current {
                ui.label(RichText::new(path.display().to_string()).color(theme::DIM));
            }
        });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let (text, colour) = match self.runner.state() {
                RunState::Idle => ("Ready".to_owned(), theme::DIM),
                RunState::Running { .. } if self.inspector.paused.is_some() => {
                    let at = self.inspector.paused.as_ref().map(|p| p.headline.clone()).unwrap_or_default();
                    (format!("⏸ {at}"), theme::WARNING)
                }
                RunState::Running { .. } if self.runner.is_paused() => ("⏸ Paused".to_owned(), theme::WARNING),
                RunState::Running { since } => (format!("▶ Running {}", format_duration(since.elapsed())), theme::INFO),
                RunState::Exited { status: rae_engine::vm::EXIT_INTERRUPTED, elapsed } => {
                    (format!("Stopped after {}", format_duration(elapsed)), theme::WARNING)
                }
                RunState::Exited { status: 0, elapsed } => {
                    (format!("Exited with 0 in {}", format_duration(elapsed)), theme::DIM)
                }
                RunState::Exited { status, elapsed } => {
                    (format!("Exited with {status} in {}", format_duration(elapsed)), theme::ERROR)
                }
            };
            ui.label(RichText::new(text).color(colour));
            if let Some((event, _)) = self.last_hot.as_ref().filter(|(_, at)| at.elapsed() < HOT_NOTE) {
                let (note, colour) = match event {
                    HotEvent::Patched(summary) => (format!("⟳ hot reload: {summary}"), theme::INFO),
                    HotEvent::Restarted(reason) => (format!("⟳ restarted: {reason}"), theme::WARNING),
                    HotEvent::Broken(_) => ("⟳ not applied: the saved version has errors".to_owned(), theme::ERROR),
                };
                ui.separator();
                ui.label(RichText::new(note).color(colour));
            }
            ui.separator();
            let (errors, warnings) = (self.problems.count(Severity::Error), self.problems.count(Severity::Warning));
            ui.label(RichText::new(format!("{errors} errors")).color(if errors > 0 {
                theme::ERROR
            } else {
                theme::DIM
            }));
            ui.label(RichText::new(format!("{warnings} warnings")).color(if warnings > 0 {
                theme::WARNING
            } else {
                theme::DIM
            }));
            if let Some(check) = &self.last_check {
                let ago = check.at.elapsed().unwrap_or_default();
                let text = format!("checked {} ago in {}", format_duration_coarse(ago), format_duration(check.took));
                ui.label(RichText::new(text).color(theme::DIM));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(doc) = self.current_doc() {
                    let at = doc.editor.cursor();
                    ui.label(format!("Ln {}, Col {}", at.line, at.column));
                }
            });
        });
    }

    fn perform(&mut self, ctx: &egui::Context, action: Action) {
        let start = self.current.clone().unwrap_or_else(|| PathBuf::from("."));
        match action {
            Action::Open => self.ask_path(ctx, Purpose::Open, &start),
            Action::OpenPath(path) => self.open(&path),
            Action::Save => self.save_current(),
            Action::SaveAs => self.ask_path(ctx, Purpose::SaveAs, &start),
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Action::Find { replace } => {
                if let Some(doc) = self.current_doc() {
                    doc.editor.open_find(replace);
                }
            }
            Action::GoToLine => {
                if let Some(doc) = self.current_doc() {
                    doc.editor.open_go_to_line();
                }
            }
            Action::Run | Action::Restart => self.run(),
            Action::Stop => self.stop(),
            Action::TogglePause => {
                if self.runner.is_running() {
                    self.runner.set_paused(!self.runner.is_paused());
                }
            }
            Action::StepFrame => self.runner.step_frame(),
            Action::BreakOrContinue => match self.inspector.paused {
                Some(_) => self.runner.resume(Resume::Continue),
                None => self.runner.break_in(),
            },
            Action::Step(how) => self.runner.resume(how),
            Action::Show(tab) => self.show_tab(tab),
            Action::Export(target) => match &self.current {
                Some(path) => self.export_dialog = Some(ExportDialog::new(target, path)),
                None => self.console.push(rae_widgets::Stream::Info, "open a .rae file to export it"),
            },
            Action::Zoom(step) => self.set_font_size(self.font_size + step),
            Action::ResetLayout => {
                let files = self.docs.iter().map(|d| Tab::File(d.path.clone())).collect();
                self.dock = crate::dock::default_layout(files);
            }
        }
    }

    /// A native file dialog where the desktop has one, else the in-app path prompt.
    fn ask_path(&mut self, ctx: &egui::Context, purpose: Purpose, start: &std::path::Path) {
        if crate::file_dialog::available() {
            let wake = ctx.clone();
            self.file_dialog.show(purpose, start, move || wake.request_repaint());
        } else {
            self.prompt = Some(PathPrompt::new(purpose, start));
        }
    }

    fn chosen(&mut self, purpose: Purpose, path: &std::path::Path) {
        match purpose {
            Purpose::Open => self.open(path),
            Purpose::SaveAs => self.save_current_as(path),
        }
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context) {
        if let Some((purpose, Some(path))) = self.file_dialog.poll() {
            self.chosen(purpose, &path);
        }
        if let Some(prompt) = &mut self.prompt {
            let purpose = prompt.purpose;
            match prompt.ui(ctx) {
                Outcome::Pending => {}
                Outcome::Cancelled => self.prompt = None,
                Outcome::Chosen(path) => {
                    self.prompt = None;
                    self.chosen(purpose, &path);
                }
            }
        }
        self.export_ui(ctx);
        self.close_dirty_ui(ctx);
        self.quit_ui(ctx);
    }

    /// The Export dialog: builds the current file's text with the chosen options.
    fn export_ui(&mut self, ctx: &egui::Context) {
        let Some(program) = self.current.clone() else { return };
        let busy = self.exporter.busy().map(|(_, since)| since);
        let Some(dialog) = &mut self.export_dialog else { return };
        match dialog.ui(ctx, &program, busy) {
            DialogAction::None => {}
            DialogAction::Close => self.export_dialog = None,
            DialogAction::Open(folder) => {
                if let Err(e) = std::process::Command::new("xdg-open").arg(&folder).spawn() {
                    let note = format!("could not open {}: {e} (the path is in the dialog)", folder.display());
                    self.console.push(rae_widgets::Stream::Info, &note);
                }
            }
            DialogAction::Build => {
                dialog.outcome = None;
                let text = self.current_doc().map(|d| d.editor.text().to_owned()).unwrap_or_default();
                let Some(request) = self.export_dialog.as_ref().map(|d| d.request(&program, text)) else { return };
                let wake = ctx.clone();
                if let Err(e) = self.exporter.start(request, move || wake.request_repaint()) {
                    self.console.push(rae_widgets::Stream::Stderr, &format!("could not start the export: {e}"));
                }
            }
        }
        if self.exporter.busy().is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    /// A file tab with unsaved edits was closed: save, discard or keep it open.
    fn close_dirty_ui(&mut self, ctx: &egui::Context) {
        let Some(path) = self.close_dirty.clone() else { return };
        let mut choice = None;
        egui::Modal::new(egui::Id::new("close-dirty")).show(ctx, |ui| {
            ui.heading("Unsaved changes");
            ui.label(format!("{} has changes that are not saved.", path.display()));
            ui.horizontal(|ui| {
                for option in ["Save and close", "Close without saving", "Cancel"] {
                    if ui.button(option).clicked() {
                        choice = Some(option);
                    }
                }
            });
        });
        match choice {
            Some("Save and close") => {
                self.current = Some(path.clone());
                self.save_current();
                let still_dirty = self.current_doc().is_some_and(|d| d.is_dirty())
                    || self.current_notebook().is_some_and(|n| n.is_dirty());
                if !still_dirty {
                    self.close(&path);
                }
                self.close_dirty = None;
            }
            Some("Close without saving") => {
                self.close(&path);
                self.close_dirty = None;
            }
            Some(_) => self.close_dirty = None,
            None => {}
        }
    }

    /// The window is closing: with unsaved edits, ask first.
    fn quit_ui(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.has_unsaved() {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.quit_dialog = true;
        }
        if !self.quit_dialog {
            return;
        }
        let mut choice = None;
        egui::Modal::new(egui::Id::new("quit-dirty")).show(ctx, |ui| {
            ui.heading("Quit with unsaved changes?");
            for doc in self.docs.iter().filter(|d| d.is_dirty()) {
                ui.label(format!("• {}", doc.path.display()));
            }
            for notebook in self.notebooks.iter().filter(|n| n.is_dirty()) {
                ui.label(format!("• {}", notebook.path.display()));
            }
            ui.horizontal(|ui| {
                for option in ["Save all and quit", "Quit without saving", "Cancel"] {
                    if ui.button(option).clicked() {
                        choice = Some(option);
                    }
                }
            });
        });
        let quit = match choice {
            Some("Save all and quit") => self.save_all(),
            Some("Quit without saving") => {
                self.discard_unsaved = true;
                true
            }
            Some(_) => {
                self.quit_dialog = false;
                false
            }
            None => false,
        };
        if quit {
            self.quit_dialog = false;
            self.allow_close = true;
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
    }
}

fn format_duration_coarse(d: Duration) -> String {
    match d.as_secs() {
        0..=59 => format!("{} s", d.as_secs()),
        s => format!("{} min", s / 60),
    }
}
