//! The inspector: the program's functions as the manifest lists them (kind, signature, what
//! they link to), the REPL session's globals (a `var` is editable: the new value goes into the
//! session), and the health of the running program (instructions per second and frame times,
//! with small plots). Hosts fill it with strings and numbers; it returns the edits.

use crate::theme;
use egui::{Color32, RichText, Sense, Stroke, Ui};
use std::collections::VecDeque;

/// A function as the manifest describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FunctionRow {
    pub module: String,
    /// `rae`, `extern`, `native stub`, …
    pub kind: String,
    pub signature: String,
    /// What it links to: a C symbol, a VM native key, or nothing.
    pub links: String,
}

/// A global with its value as the REPL prints it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GlobalRow {
    pub name: String,
    /// `let` or `var`.
    pub kind: String,
    pub ty: String,
    pub value: String,
}

/// Where a paused program is, and its call stack (innermost frame first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PausedView {
    /// `paused at breakpoint: main.rae:4:3`.
    pub headline: String,
    pub frames: Vec<StackFrameRow>,
    /// The next instruction's place, for the editor.
    pub location: Option<crate::Location>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StackFrameRow {
    pub function: String,
    /// `main.rae:12`.
    pub location: String,
    /// The parameters and locals in scope (`kind` is empty).
    pub locals: Vec<GlobalRow>,
}

/// One script VM of the running program (Lua, JavaScript, …) and what it did so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScriptVmRow {
    pub lang: String,
    pub functions: usize,
    pub calls: u64,
    pub errors: u64,
    /// Time spent in its calls.
    pub time_ms: f64,
    /// Bytes its heap holds (`None`: the VM cannot tell).
    pub memory: Option<u64>,
}

impl ScriptVmRow {
    /// `lua: 2 functions, 12.3k calls, 0 errors, 41.0 ms, 96.0k bytes` (the heap is left out
    /// for a VM that cannot tell it).
    pub fn summary(&self) -> String {
        let heap = self.memory.map(|m| format!(", {} bytes", si(m as f64))).unwrap_or_default();
        format!(
            "{}: {} functions, {} calls, {} errors, {:.1} ms{heap}",
            self.lang,
            self.functions,
            si(self.calls as f64),
            self.errors,
            self.time_ms,
        )
    }
}

/// One sample of the running program.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HealthSample {
    pub instructions_per_second: f64,
}

/// What the user changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InspectorAction {
    None,
    /// Set the REPL global `name` to the value written as Rae source.
    SetGlobal {
        name: String,
        value: String,
    },
    /// Set the running program's global `name` to a literal of its type.
    SetProgramGlobal {
        name: String,
        value: String,
    },
}

/// How many samples the plots keep.
const HISTORY: usize = 120;

#[derive(Default)]
pub struct Inspector {
    pub functions: Vec<FunctionRow>,
    pub globals: Vec<GlobalRow>,
    /// The running program's globals, as last read.
    pub program_globals: Vec<GlobalRow>,
    /// The running program's script VMs, as last read.
    pub script_vms: Vec<ScriptVmRow>,
    /// The call stack while the program is paused.
    pub paused: Option<PausedView>,
    /// The global being edited and its text.
    /// Whether it is the program's (else the REPL's), its name, and the text being typed.
    editing: Option<(bool, String, String)>,
    health: VecDeque<HealthSample>,
    /// Frame-to-frame times of the viewport, in milliseconds.
    frame_times: VecDeque<f32>,
    filter: String,
}

impl Inspector {
    pub fn push_health(&mut self, sample: HealthSample) {
        push_bounded(&mut self.health, sample);
    }

    pub fn push_frame_time(&mut self, ms: f32) {
        push_bounded(&mut self.frame_times, ms);
    }

    /// Forgets the last run's samples.
    pub fn clear_health(&mut self) {
        self.health.clear();
        self.frame_times.clear();
        self.script_vms.clear();
    }

    pub fn ui(&mut self, ui: &mut Ui) -> InspectorAction {
        let mut action = InspectorAction::None;
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            if let Some(paused) = &self.paused {
                egui::CollapsingHeader::new(format!("Call stack ({})", paused.frames.len()))
                    .default_open(true)
                    .show(ui, |ui| stack_ui(ui, paused));
            }
            egui::CollapsingHeader::new("Health").default_open(true).show(ui, |ui| self.health_ui(ui));
            if !self.program_globals.is_empty() {
                egui::CollapsingHeader::new(format!("Program globals ({})", self.program_globals.len()))
                    .default_open(true)
                    .show(ui, |ui| action = self.globals_ui(ui, true));
            }
            egui::CollapsingHeader::new(format!("REPL globals ({})", self.globals.len())).default_open(true).show(
                ui,
                |ui| {
                    if self.globals.is_empty() {
                        ui.label(RichText::new("declare globals in the REPL (var score = 0)").color(theme::DIM));
                    } else if let edit @ InspectorAction::SetGlobal { .. } = self.globals_ui(ui, false) {
                        action = edit;
                    }
                },
            );
            egui::CollapsingHeader::new(format!("Functions ({})", self.functions.len()))
                .default_open(true)
                .show(ui, |ui| self.functions_ui(ui));
        });
        action
    }

    fn health_ui(&self, ui: &mut Ui) {
        match self.health.back() {
            Some(last) => {
                ui.label(format!("{} instructions/s", si(last.instructions_per_second)));
                let rates: Vec<f32> = self.health.iter().map(|h| h.instructions_per_second as f32).collect();
                sparkline(ui, &rates, theme::INFO);
            }
            None => {
                ui.label(RichText::new("nothing has run yet").color(theme::DIM));
            }
        }
        if let Some(last) = self.frame_times.back() {
            let worst = self.frame_times.iter().copied().fold(0.0, f32::max);
            ui.label(format!("frame time {last:.1} ms (worst {worst:.1} ms of the last {})", self.frame_times.len()));
            let times: Vec<f32> = self.frame_times.iter().copied().collect();
            sparkline(ui, &times, theme::WARNING);
        }
        for vm in &self.script_vms {
            let color = if vm.errors > 0 { theme::WARNING } else { theme::DIM };
            ui.label(RichText::new(vm.summary()).color(color));
        }
    }

    /// The running program's globals (`program`) or the REPL's; a `var`'s value is editable.
    fn globals_ui(&mut self, ui: &mut Ui, program: bool) -> InspectorAction {
        let mut action = InspectorAction::None;
        let globals = if program { &self.program_globals } else { &self.globals };
        egui::Grid::new(("inspector-globals", program)).striped(true).show(ui, |ui| {
            for global in globals {
                ui.label(RichText::new(format!("{} {}", global.kind, global.name)).monospace());
                ui.label(RichText::new(&global.ty).monospace().color(theme::DIM));
                match &mut self.editing {
                    Some((of_program, name, text)) if *of_program == program && *name == global.name => {
                        let response = ui.text_edit_singleline(text);
                        if response.lost_focus() {
                            if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                                let (name, value) = (name.clone(), text.clone());
                                action = if program {
                                    InspectorAction::SetProgramGlobal { name, value }
                                } else {
                                    InspectorAction::SetGlobal { name, value }
                                };
                            }
                            self.editing = None;
                        } else {
                            response.request_focus();
                        }
                    }
                    _ => {
                        let value =
                            ui.add(egui::Label::new(RichText::new(&global.value).monospace()).sense(Sense::click()));
                        if global.kind == "var" && value.on_hover_text("click to change the value").clicked() {
                            self.editing = Some((program, global.name.clone(), global.value.clone()));
                        }
                    }
                }
                ui.end_row();
            }
        });
        action
    }

    fn functions_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label("Filter:");
            ui.text_edit_singleline(&mut self.filter);
        });
        let filter = self.filter.to_lowercase();
        egui::Grid::new("inspector-functions").striped(true).show(ui, |ui| {
            for f in self.functions.iter().filter(|f| f.signature.to_lowercase().contains(&filter)) {
                ui.label(RichText::new(&f.kind).color(kind_colour(&f.kind)));
                ui.label(RichText::new(&f.signature).monospace());
                ui.label(RichText::new(format!("{} {}", f.module, f.links)).color(theme::DIM));
                ui.end_row();
            }
        });
    }
}

fn stack_ui(ui: &mut Ui, paused: &PausedView) {
    ui.label(RichText::new(&paused.headline).color(theme::WARNING));
    for (depth, frame) in paused.frames.iter().enumerate() {
        let title = format!("{} ({})", frame.function, frame.location);
        egui::CollapsingHeader::new(RichText::new(title).monospace())
            .id_salt(("frame", depth))
            .default_open(depth == 0)
            .show(ui, |ui| {
                if frame.locals.is_empty() {
                    ui.label(RichText::new("no locals").color(theme::DIM));
                }
                for local in &frame.locals {
                    ui.label(RichText::new(format!("{}: {} = {}", local.name, local.ty, local.value)).monospace());
                }
            });
    }
}

fn kind_colour(kind: &str) -> Color32 {
    match kind {
        "rae" => theme::INFO,
        "extern" => theme::WARNING,
        _ => theme::DIM,
    }
}

fn push_bounded<T>(queue: &mut VecDeque<T>, item: T) {
    if queue.len() == HISTORY {
        queue.pop_front();
    }
    queue.push_back(item);
}

/// `12.3M`, `4.5k`, `950`.
fn si(x: f64) -> String {
    match x.abs() {
        v if v >= 1e9 => format!("{:.1}G", x / 1e9),
        v if v >= 1e6 => format!("{:.1}M", x / 1e6),
        v if v >= 1e3 => format!("{:.1}k", x / 1e3),
        _ => format!("{x:.0}"),
    }
}

/// A small line plot of `values`, scaled to their maximum.
fn sparkline(ui: &mut Ui, values: &[f32], colour: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(ui.available_width().min(320.0), 40.0), Sense::hover());
    ui.painter().rect_stroke(rect, 2.0, Stroke::new(1.0, theme::DIM), egui::StrokeKind::Inside);
    let max = values.iter().copied().fold(f32::EPSILON, f32::max);
    let step = rect.width() / (HISTORY.max(2) - 1) as f32;
    let points: Vec<egui::Pos2> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            egui::pos2(rect.left() + step * i as f32, rect.bottom() - (v / max) * (rect.height() - 4.0) - 2.0)
        })
        .collect();
    ui.painter().add(egui::Shape::line(points, Stroke::new(1.5, colour)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plots_keep_the_newest_samples() {
        let mut inspector = Inspector::default();
        for i in 0..HISTORY + 10 {
            inspector.push_frame_time(i as f32);
        }
        assert_eq!(inspector.frame_times.len(), HISTORY);
        assert_eq!(inspector.frame_times.front(), Some(&10.0));
    }

    #[test]
    fn a_script_vm_reads_as_one_line() {
        let row = ScriptVmRow {
            lang: "lua".into(),
            functions: 2,
            calls: 12_345,
            errors: 1,
            time_ms: 41.04,
            memory: Some(98_304),
        };
        assert_eq!(row.summary(), "lua: 2 functions, 12.3k calls, 1 errors, 41.0 ms, 98.3k bytes");
    }

    #[test]
    fn rates_read_with_units() {
        assert_eq!(si(12_345_678.0), "12.3M");
        assert_eq!(si(950.0), "950");
    }
}
