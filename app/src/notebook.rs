//! Notebooks (`.raenb`): code and markdown cells over one REPL session (the engine's, as in the
//! REPL console), saved as RON with each cell's last outputs. Run runs one cell; Run all queues
//! every code cell in order; Restart forgets the session and the outputs. Cells run on the
//! notebook's own session thread, one at a time, so the UI never waits. What a cell draws with
//! raylib is captured: its last frame becomes an output (a PNG thumbnail).

use crate::document::write_atomically;
use crate::repl::ReplWorker;
use crate::runner::RunEvent;
use egui::{Color32, RichText, TextureHandle, Ui};
use rae_engine::host::raylib::{self, Frame, ViewportHost};
use rae_widgets::{theme, CodeEditor, Stream};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};

/// The extension of notebook files.
pub const NOTEBOOK_EXT: &str = "raenb";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CellKind {
    Code,
    Markdown,
}

/// One line a cell's run printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Output {
    /// Program output, values (`= 42 : Int`) and listings.
    Out(String),
    /// Diagnostics and runtime errors.
    Err(String),
    /// Notes of the notebook itself (`■ stopped`).
    Note(String),
    /// The last frame the cell drew with raylib, scaled down, as PNG.
    Frame { width: u32, height: u32, png: Vec<u8> },
}

/// Frames are kept at most this wide in the notebook.
const THUMBNAIL_WIDTH: u32 = 320;

impl Output {
    /// A frame as a thumbnail output; `None` when it cannot be encoded.
    fn frame(frame: Frame) -> Option<Output> {
        let image = image::RgbaImage::from_raw(frame.width as u32, frame.height as u32, frame.rgba)?;
        let scale = (THUMBNAIL_WIDTH as f32 / image.width() as f32).min(1.0);
        let (width, height) = ((image.width() as f32 * scale) as u32, (image.height() as f32 * scale) as u32);
        let small = image::imageops::thumbnail(&image, width.max(1), height.max(1));
        let mut png = Vec::new();
        small.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).ok()?;
        Some(Output::Frame { width: small.width(), height: small.height(), png })
    }
}

/// A notebook as it is saved.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotebookFile {
    pub cells: Vec<CellFile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellFile {
    pub kind: CellKind,
    pub source: String,
    #[serde(default)]
    pub outputs: Vec<Output>,
}

impl NotebookFile {
    pub fn parse(text: &str) -> Result<NotebookFile, String> {
        ron::from_str(text).map_err(|e| format!("not a notebook: {e}"))
    }

    pub fn to_text(&self) -> String {
        let config = ron::ser::PrettyConfig::new().struct_names(false);
        ron::ser::to_string_pretty(self, config).unwrap_or_default()
    }
}

struct Cell {
    kind: CellKind,
    editor: CodeEditor,
    outputs: Vec<Output>,
    /// The frame output, uploaded for display.
    texture: Option<TextureHandle>,
    /// Markdown cells show their text rendered unless being edited.
    editing: bool,
}

/// What a cell's buttons asked for.
enum CellAction {
    Run(usize),
    MoveUp(usize),
    MoveDown(usize),
    Delete(usize),
}

/// An open notebook.
pub struct Notebook {
    pub path: PathBuf,
    cells: Vec<Cell>,
    saved: NotebookFile,
    session: ReplWorker,
    /// What the session's programs draw with raylib.
    viewport: ViewportHost,
    /// The newest frame the running cell drew.
    last_frame: Option<Frame>,
    /// Code cells waiting to run, in order, and the one running.
    queue: VecDeque<usize>,
    running: Option<usize>,
    /// Cells made so far, for unique editor ids.
    made: u64,
    /// Why the last Save failed.
    save_error: Option<String>,
}

impl Notebook {
    /// Opens `path` (a missing file starts as an empty notebook, created on the first save).
    pub fn open(path: &Path, notify: impl Fn() + Send + Sync + 'static) -> io::Result<Notebook> {
        let file = match std::fs::read_to_string(path) {
            Ok(text) => NotebookFile::parse(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => NotebookFile::default(),
            Err(e) => return Err(e),
        };
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let notify = std::sync::Arc::new(notify);
        let wake = std::sync::Arc::clone(&notify);
        let (link, viewport) = raylib::viewport(2, move || wake());
        let mut notebook = Notebook {
            path: path.to_owned(),
            cells: Vec::new(),
            saved: file.clone(),
            session: ReplWorker::spawn(base, link, move || notify())?,
            viewport,
            last_frame: None,
            queue: VecDeque::new(),
            running: None,
            made: 0,
            save_error: None,
        };
        for cell in file.cells {
            notebook.push_cell(cell.kind, &cell.source, cell.outputs);
        }
        Ok(notebook)
    }

    fn push_cell(&mut self, kind: CellKind, source: &str, outputs: Vec<Output>) {
        self.made += 1;
        let editor = CodeEditor::new((&self.path, self.made), source);
        let editing = kind == CellKind::Markdown && source.trim().is_empty();
        self.cells.push(Cell { kind, editor, outputs, texture: None, editing });
    }

    /// The notebook as it would be saved now.
    pub fn file(&self) -> NotebookFile {
        let cells = self
            .cells
            .iter()
            .map(|c| CellFile { kind: c.kind, source: c.editor.text().to_owned(), outputs: c.outputs.clone() })
            .collect();
        NotebookFile { cells }
    }

    /// Compared in place: the dock asks every frame (for the tab title), and a copy would
    /// clone every cell's outputs, frames included.
    pub fn is_dirty(&self) -> bool {
        self.cells.len() != self.saved.cells.len()
            || self.cells.iter().zip(&self.saved.cells).any(|(cell, saved)| {
                cell.kind != saved.kind || cell.editor.text() != saved.source || cell.outputs != saved.outputs
            })
    }

    pub fn save(&mut self) -> io::Result<()> {
        let file = self.file();
        write_atomically(&self.path, &file.to_text())?;
        self.saved = file;
        Ok(())
    }

    pub fn title(&self) -> String {
        let name = self.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if self.is_dirty() {
            format!("{name} *")
        } else {
            name
        }
    }

    /// Queues cell `index` (a code cell) to run after those already queued.
    pub fn run_cell(&mut self, index: usize) {
        if self.cells.get(index).is_some_and(|c| c.kind == CellKind::Code) && !self.queue.contains(&index) {
            self.queue.push_back(index);
        }
        self.start_next();
    }

    pub fn run_all(&mut self) {
        for index in 0..self.cells.len() {
            self.run_cell(index);
        }
    }

    /// Forgets the session's state and every output.
    pub fn restart(&mut self) {
        self.queue.clear();
        self.session.stop();
        self.session.input(":reset\n");
        self.running = None;
        for cell in &mut self.cells {
            cell.outputs.clear();
            cell.texture = None;
        }
    }

    pub fn is_busy(&self) -> bool {
        self.running.is_some() || !self.queue.is_empty()
    }

    fn start_next(&mut self) {
        if self.running.is_some() || self.session.is_busy() {
            return;
        }
        let Some(index) = self.queue.pop_front() else { return };
        let cell = &mut self.cells[index];
        cell.outputs.clear();
        cell.texture = None;
        self.last_frame = None;
        self.session.input(cell.editor.text());
        self.running = Some(index);
    }

    /// Takes in the session's output: lines go under the running cell, and its end starts the
    /// next queued cell.
    pub fn pump(&mut self) {
        if let Some(frame) = self.viewport.frames.try_iter().last() {
            self.last_frame = Some(frame);
        }
        for event in self.session.poll() {
            let cell = self.running.and_then(|i| self.cells.get_mut(i));
            match event {
                RunEvent::Output { stream, line } => {
                    if let Some(cell) = cell {
                        cell.outputs.push(match stream {
                            Stream::Stdout => Output::Out(line),
                            Stream::Stderr => Output::Err(line),
                            Stream::Info => Output::Note(line),
                        });
                    }
                }
                RunEvent::Finished { status, .. } => {
                    if let Some(cell) = cell {
                        // The frames arrive before the end of the run that drew them.
                        let drawn = self.viewport.frames.try_iter().last().or(self.last_frame.take());
                        cell.outputs.extend(drawn.and_then(Output::frame));
                        if status == rae_engine::vm::EXIT_INTERRUPTED {
                            cell.outputs.push(Output::Note("■ stopped".into()));
                        }
                    }
                    self.running = None;
                    if status != 0 {
                        // A failed cell stops Run all: later cells may need what it declares.
                        self.queue.clear();
                    }
                }
            }
        }
        self.start_next();
    }

    pub fn ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            if ui.button("▶ Run all").clicked() {
                self.run_all();
            }
            if ui.add_enabled(self.is_busy(), egui::Button::new("■ Stop")).clicked() {
                self.queue.clear();
                self.session.stop();
            }
            if ui.button("⟲ Restart").on_hover_text("forget the session's state and every output").clicked() {
                self.restart();
            }
            ui.separator();
            if ui.button("+ Code").clicked() {
                self.push_cell(CellKind::Code, "", Vec::new());
            }
            if ui.button("+ Markdown").clicked() {
                self.push_cell(CellKind::Markdown, "", Vec::new());
            }
            ui.separator();
            if ui.button("Save").clicked() {
                self.save_error = self.save().err().map(|e| format!("could not save: {e}"));
            }
            if let Some(error) = &self.save_error {
                ui.colored_label(theme::ERROR, error);
            }
        });
        ui.separator();
        let mut action = None;
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            let mut code_cells = 0;
            for (index, cell) in self.cells.iter_mut().enumerate() {
                let running = self.running == Some(index);
                code_cells += usize::from(cell.kind == CellKind::Code);
                if let Some(a) = cell_ui(ui, index, code_cells, cell, running) {
                    action = Some(a);
                }
            }
            if self.cells.is_empty() {
                ui.label(RichText::new("an empty notebook: add a code or markdown cell").color(theme::DIM));
            }
        });
        match action {
            Some(CellAction::Run(i)) => self.run_cell(i),
            Some(CellAction::MoveUp(i)) if i > 0 => self.cells.swap(i, i - 1),
            Some(CellAction::MoveDown(i)) if i + 1 < self.cells.len() => self.cells.swap(i, i + 1),
            Some(CellAction::Delete(i)) if !self.queue.contains(&i) && self.running != Some(i) => {
                self.cells.remove(i);
            }
            _ => {}
        }
    }
}

/// Cell `index`, the `number`th code cell when it is one.
fn cell_ui(ui: &mut Ui, index: usize, number: usize, cell: &mut Cell, running: bool) -> Option<CellAction> {
    let mut action = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            let label = match cell.kind {
                CellKind::Code => format!("[{number}]"),
                CellKind::Markdown => "md".into(),
            };
            ui.label(RichText::new(label).monospace().color(theme::DIM));
            match cell.kind {
                CellKind::Code => {
                    let run = if running { "running…" } else { "▶ Run" };
                    if ui.add_enabled(!running, egui::Button::new(run)).clicked() {
                        action = Some(CellAction::Run(index));
                    }
                }
                CellKind::Markdown => {
                    let edit = if cell.editing { "Done" } else { "Edit" };
                    if ui.button(edit).clicked() {
                        cell.editing = !cell.editing;
                    }
                }
            }
            if ui.small_button("Up").on_hover_text("move the cell up").clicked() {
                action = Some(CellAction::MoveUp(index));
            }
            if ui.small_button("Down").on_hover_text("move the cell down").clicked() {
                action = Some(CellAction::MoveDown(index));
            }
            if ui.small_button("Delete").on_hover_text("delete the cell").clicked() {
                action = Some(CellAction::Delete(index));
            }
        });
        match (cell.kind, cell.editing) {
            (CellKind::Markdown, false) => markdown_ui(ui, cell.editor.text()),
            _ => cell.editor.inline_ui(ui),
        }
        for output in &cell.outputs {
            let (text, colour) = match output {
                Output::Out(t) => (t, ui.visuals().text_color()),
                Output::Err(t) => (t, theme::ERROR),
                Output::Note(t) => (t, theme::INFO),
                Output::Frame { width, height, png } => {
                    frame_ui(ui, &mut cell.texture, [*width, *height], png);
                    continue;
                }
            };
            ui.label(RichText::new(if text.is_empty() { " " } else { text }).monospace().color(colour));
        }
    });
    action
}

/// A frame output: decoded and uploaded once, then drawn at its size.
fn frame_ui(ui: &mut Ui, texture: &mut Option<TextureHandle>, size: [u32; 2], png: &[u8]) {
    if texture.is_none() {
        let Ok(decoded) = image::load_from_memory_with_format(png, image::ImageFormat::Png) else {
            ui.colored_label(theme::ERROR, "(a frame that cannot be decoded)");
            return;
        };
        let rgba = decoded.to_rgba8();
        let image = egui::ColorImage::from_rgba_unmultiplied([rgba.width() as usize, rgba.height() as usize], &rgba);
        *texture = Some(ui.ctx().load_texture("notebook-frame", image, egui::TextureOptions::NEAREST));
    }
    if let Some(texture) = texture {
        ui.image((texture.id(), egui::vec2(size[0] as f32, size[1] as f32)));
    }
}

/// A small markdown subset: `#` headings, `-` bullets, paragraphs, and `code` spans shown as is.
fn markdown_ui(ui: &mut Ui, text: &str) {
    for line in text.lines() {
        let trimmed = line.trim_start();
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        if hashes > 0 && trimmed[hashes..].starts_with(' ') {
            let size = [22.0, 19.0, 16.5].get(hashes - 1).copied().unwrap_or(15.0);
            ui.label(RichText::new(trimmed[hashes..].trim()).size(size).strong());
        } else if let Some(item) = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* ")) {
            ui.label(format!("  • {item}"));
        } else if trimmed.is_empty() {
            ui.add_space(4.0);
        } else {
            ui.label(RichText::new(line).color(Color32::from_gray(220)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notebook_round_trips_through_ron() {
        let file = NotebookFile {
            cells: vec![
                CellFile { kind: CellKind::Markdown, source: "# Title\n".into(), outputs: Vec::new() },
                CellFile {
                    kind: CellKind::Code,
                    source: "let x = 6 * 7\nx\n".into(),
                    outputs: vec![Output::Out("= 42 : Int".into()), Output::Err("warning".into())],
                },
            ],
        };
        assert_eq!(NotebookFile::parse(&file.to_text()), Ok(file));
        assert!(NotebookFile::parse("(cells: [").is_err());
    }
}
