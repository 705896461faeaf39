//! Program output: stdout and stderr lines in their own colours, a clear button and
//! auto-scroll. Old lines are dropped past a cap so a chatty program cannot eat the memory.

use crate::theme;
use egui::{Color32, RichText, ScrollArea, TextStyle};
use std::collections::VecDeque;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
    /// Messages of the workbench itself ("program exited with status 0").
    Info,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine {
    pub stream: Stream,
    pub text: String,
}

pub struct Console {
    lines: VecDeque<ConsoleLine>,
    max_lines: usize,
    /// Lines dropped from the front since the last clear.
    dropped: usize,
    pub auto_scroll: bool,
}

impl Default for Console {
    fn default() -> Console {
        Console::with_capacity(50_000)
    }
}

impl Console {
    pub fn with_capacity(max_lines: usize) -> Console {
        Console { lines: VecDeque::new(), max_lines: max_lines.max(1), dropped: 0, auto_scroll: true }
    }

    /// Appends `text`, one console line per line of text (a trailing newline adds none).
    pub fn push(&mut self, stream: Stream, text: &str) {
        for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
            if self.lines.len() == self.max_lines {
                self.lines.pop_front();
                self.dropped += 1;
            }
            self.lines.push_back(ConsoleLine { stream, text: line.to_owned() });
        }
    }

    pub fn clear(&mut self) {
        self.lines.clear();
        self.dropped = 0;
    }

    pub fn lines(&self) -> impl Iterator<Item = &ConsoleLine> {
        self.lines.iter()
    }

    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.toolbar_ui(ui);
        ui.separator();
        let row_height = ui.text_style_height(&TextStyle::Monospace);
        ScrollArea::both().auto_shrink(false).stick_to_bottom(self.auto_scroll).show_rows(
            ui,
            row_height,
            self.lines.len(),
            |ui, rows| self.rows_ui(ui, rows),
        );
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if ui.button("Clear").clicked() {
                self.clear();
            }
            ui.checkbox(&mut self.auto_scroll, "Auto-scroll");
            let mut count = format!("{} lines", self.lines.len());
            if self.dropped > 0 {
                count += &format!(" ({} older dropped)", self.dropped);
            }
            ui.label(RichText::new(count).color(theme::DIM));
        });
    }

    fn rows_ui(&self, ui: &mut egui::Ui, rows: std::ops::Range<usize>) {
        for line in self.lines.range(rows) {
            let colour = stream_colour(line.stream, ui.visuals());
            let text = if line.text.is_empty() { " " } else { &line.text };
            ui.add(egui::Label::new(RichText::new(text).monospace().color(colour)).extend());
        }
    }
}

fn stream_colour(stream: Stream, visuals: &egui::Visuals) -> Color32 {
    match stream {
        Stream::Stdout => visuals.text_color(),
        Stream::Stderr => theme::ERROR,
        Stream::Info => theme::INFO,
    }
}
