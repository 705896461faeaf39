//! The code editor: highlighted text with line numbers, inline diagnostics, find/replace and
//! go to line. The app owns one per open file and tells it the file's diagnostics; the editor
//! reports edits (`take_changed`) and where the cursor is.

mod find;
mod squiggles;

use crate::diagnostic::Diagnostic;
use crate::highlight::Highlighter;
use crate::text_pos::{char_index, line_col, LineCol};
use crate::theme;
use egui::text::{CCursor, CCursorRange};
use egui::{Align, Align2, FontId, Id, Key, KeyboardShortcut, Modifiers, RichText, ScrollArea, Sense, TextEdit};
use find::{replace_chars, FindBar};
use std::sync::Arc;

/// Rows the editor asks for in a panel (it scrolls past them).
const EDITOR_ROWS: usize = 30;

pub struct CodeEditor {
    id: Id,
    text: String,
    highlighter: Highlighter,
    diagnostics: Vec<Diagnostic>,
    find: FindBar,
    /// The go-to-line bar's field, `Some` while the bar is open.
    goto: Option<String>,
    /// A selection to apply (and scroll to) on the next frame: (start, end) in characters.
    pending_selection: Option<(usize, usize)>,
    /// The selection after the last frame, in characters, start <= end.
    selection: (usize, usize),
    changed: bool,
    /// The text or one of the editor's bars had the keyboard focus last frame, so the editor's
    /// shortcuts are for this editor and not another open one.
    active: bool,
    pub font_size: f32,
}

impl CodeEditor {
    /// `id_salt` tells editors apart (the app uses the file path).
    pub fn new(id_salt: impl std::hash::Hash + std::fmt::Debug, text: impl Into<String>) -> CodeEditor {
        CodeEditor {
            id: Id::new(("rae-code-editor", id_salt)),
            text: text.into(),
            highlighter: Highlighter::default(),
            diagnostics: Vec::new(),
            find: FindBar::default(),
            goto: None,
            pending_selection: None,
            selection: (0, 0),
            changed: false,
            active: false,
            font_size: 14.5,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Replaces the whole text (a reload); counts as an edit.
    pub fn set_text(&mut self, text: impl Into<String>) {
        self.text = text.into();
        self.changed = true;
    }

    /// True once after the text changed (typing, replace, `set_text`).
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// The diagnostics of this file; ranges in other files are the caller's to filter out.
    pub fn set_diagnostics(&mut self, diagnostics: Vec<Diagnostic>) {
        self.diagnostics = diagnostics;
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Where the cursor is (the moving end of the selection).
    pub fn cursor(&self) -> LineCol {
        line_col(&self.text, self.selection.1)
    }

    /// Puts the cursor at `at`, scrolls there and focuses the text.
    pub fn go_to(&mut self, at: LineCol) {
        let index = char_index(&self.text, at);
        self.pending_selection = Some((index, index));
    }

    pub fn open_find(&mut self, with_replace: bool) {
        self.find.open(with_replace);
    }

    pub fn open_go_to_line(&mut self) {
        self.goto = Some(String::new());
    }

    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.shortcuts(ui);
        let mut bar_focused = false;
        if self.find.open {
            bar_focused |= self.find_bar_ui(ui);
        }
        if self.goto.is_some() {
            bar_focused |= self.goto_bar_ui(ui);
        }
        let text_focused = ScrollArea::both()
            .id_salt(self.id.with("scroll"))
            .auto_shrink(false)
            .show(ui, |ui| self.text_ui(ui, EDITOR_ROWS))
            .inner;
        self.active = text_focused || bar_focused;
    }

    /// The editor without its own scroll area, as tall as its text (a notebook cell).
    pub fn inline_ui(&mut self, ui: &mut egui::Ui) {
        let rows = self.text.lines().count().max(1);
        self.active = self.text_ui(ui, rows);
    }

    fn shortcuts(&mut self, ui: &egui::Ui) {
        if !self.active {
            return;
        }
        let pressed = |m, k| ui.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(m, k)));
        if pressed(Modifiers::COMMAND, Key::F) {
            self.find.open(false);
        }
        if pressed(Modifiers::COMMAND, Key::H) {
            self.find.open(true);
        }
        if pressed(Modifiers::COMMAND, Key::G) {
            self.open_go_to_line();
        }
        if pressed(Modifiers::SHIFT, Key::F3) {
            self.find_next(true);
        }
        if pressed(Modifiers::NONE, Key::F3) {
            self.find_next(false);
        }
        if pressed(Modifiers::NONE, Key::Escape) {
            self.find.open = false;
            self.goto = None;
        }
    }

    /// The text with its gutter; true when the text has the keyboard focus.
    fn text_ui(&mut self, ui: &mut egui::Ui, rows: usize) -> bool {
        let text_id = self.id.with("text");
        let reveal = self.apply_pending_selection(ui.ctx(), text_id);
        let font = FontId::monospace(self.font_size);
        let digits = (self.text.lines().count().max(1).ilog10() + 1).max(3) as f32;
        let gutter_width = digits * ui.ctx().fonts_mut(|f| f.glyph_width(&font, '0')) + 22.0;
        ui.horizontal_top(|ui| {
            let (gutter, _) = ui.allocate_exact_size(egui::vec2(gutter_width, 0.0), Sense::hover());
            let highlighter = &mut self.highlighter;
            let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, _wrap_width: f32| {
                let job = highlighter.layout_job(text.as_str(), &font);
                ui.ctx().fonts_mut(|f| f.layout_job(job))
            };
            let output = TextEdit::multiline(&mut self.text)
                .id(text_id)
                .code_editor()
                .frame(egui::Frame::NONE)
                .lock_focus(true)
                .desired_width(f32::INFINITY)
                .desired_rows(rows)
                .layouter(&mut layouter)
                .show(ui);
            if output.response.changed() {
                self.changed = true;
            }
            if let Some(range) = output.cursor_range {
                let (a, b) = (range.secondary.index.0, range.primary.index.0);
                self.selection = if a <= b { (a, b) } else { (b, a) };
            }
            let cursor_line = self.cursor().line;
            self.gutter_ui(ui, gutter, &output.galley, output.galley_pos, cursor_line);
            squiggles::squiggles_ui(ui, self.id, &self.text, &output.galley, output.galley_pos, &self.diagnostics);
            if let Some(index) = reveal {
                let rect = output.galley.pos_from_cursor(CCursor::new(index)).translate(output.galley_pos.to_vec2());
                ui.scroll_to_rect(rect.expand(24.0), Some(Align::Center));
            }
            output.response.has_focus()
        })
        .inner
    }

    /// Line numbers (the cursor's brighter) and a dot on lines with a diagnostic.
    fn gutter_ui(
        &self,
        ui: &egui::Ui,
        gutter: egui::Rect,
        galley: &Arc<egui::Galley>,
        origin: egui::Pos2,
        cursor_line: usize,
    ) {
        let painter = ui.painter();
        let bottom = origin.y + galley.rect.height().max(ui.available_height());
        painter.rect_filled(
            egui::Rect::from_min_max(gutter.min, egui::pos2(gutter.max.x - 6.0, bottom)),
            0.0,
            ui.visuals().faint_bg_color,
        );
        let font = FontId::monospace(self.font_size * 0.9);
        let marks = squiggles::marked_lines(&self.diagnostics);
        for (i, row) in galley.rows.iter().enumerate() {
            let y = origin.y + row.rect().center().y;
            let line = i + 1;
            let colour = if line == cursor_line { ui.visuals().strong_text_color() } else { theme::DIM };
            painter.text(
                egui::pos2(gutter.max.x - 12.0, y),
                Align2::RIGHT_CENTER,
                line.to_string(),
                font.clone(),
                colour,
            );
            if let Some(&(_, severity)) = marks.iter().find(|m| m.0 == line) {
                painter.circle_filled(egui::pos2(gutter.min.x + 6.0, y), 3.0, theme::severity_colour(severity));
            }
        }
    }

    /// Applies a selection asked for by `go_to` or find; returns where to scroll to.
    fn apply_pending_selection(&mut self, ctx: &egui::Context, text_id: Id) -> Option<usize> {
        let (start, end) = self.pending_selection.take()?;
        let mut state = TextEdit::load_state(ctx, text_id).unwrap_or_default();
        state.cursor.set_char_range(Some(CCursorRange::two(CCursor::new(start), CCursor::new(end))));
        state.store(ctx, text_id);
        ctx.memory_mut(|m| m.request_focus(text_id));
        self.selection = (start, end);
        Some(start)
    }

    /// The find (and replace) bar; true when one of its fields has the focus.
    fn find_bar_ui(&mut self, ui: &mut egui::Ui) -> bool {
        let matches = self.find.matches(&self.text).len();
        let mut focused = false;
        ui.horizontal(|ui| {
            ui.label("Find");
            let query =
                ui.add(TextEdit::singleline(&mut self.find.query).id(self.id.with("find")).desired_width(200.0));
            if std::mem::take(&mut self.find.focus_query) {
                query.request_focus();
            }
            if query.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                self.find_next(ui.input(|i| i.modifiers.shift));
                query.request_focus();
            }
            focused |= query.has_focus();
            let count = match matches {
                0 if self.find.query.is_empty() => String::new(),
                0 => "no matches".to_owned(),
                1 => "1 match".to_owned(),
                n => format!("{n} matches"),
            };
            ui.label(RichText::new(count).color(theme::DIM));
            if ui.button("Previous").on_hover_text("Shift+F3").clicked() {
                self.find_next(true);
            }
            if ui.button("Next").on_hover_text("F3 or Enter").clicked() {
                self.find_next(false);
            }
            ui.toggle_value(&mut self.find.match_case, "Aa").on_hover_text("Match case");
            ui.toggle_value(&mut self.find.show_replace, "Replace…");
            if ui.button("✕").on_hover_text("Close (Esc)").clicked() {
                self.find.open = false;
            }
        });
        if self.find.show_replace {
            ui.horizontal(|ui| {
                ui.label("Replace with");
                let field = ui.add(
                    TextEdit::singleline(&mut self.find.replacement).id(self.id.with("replace")).desired_width(200.0),
                );
                focused |= field.has_focus();
                if ui.button("Replace").clicked() {
                    self.replace_current();
                }
                if ui.button("Replace all").clicked() && self.find.replace_all(&mut self.text) > 0 {
                    self.changed = true;
                }
            });
        }
        focused
    }

    /// The go-to-line bar; true when its field has the focus.
    fn goto_bar_ui(&mut self, ui: &mut egui::Ui) -> bool {
        let mut go = None;
        let mut focused = false;
        if let Some(field) = &mut self.goto {
            ui.horizontal(|ui| {
                ui.label("Go to line");
                let response = ui.add(TextEdit::singleline(field).id(self.id.with("goto")).desired_width(80.0));
                if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    go = Some(field.trim().parse::<usize>().ok());
                } else if !response.has_focus() && field.is_empty() {
                    response.request_focus();
                }
                focused = response.has_focus();
                ui.label(RichText::new(format!("1–{}", self.text.lines().count().max(1))).color(theme::DIM));
            });
        }
        match go {
            Some(Some(line)) if line > 0 => {
                self.goto = None;
                self.go_to(LineCol::new(line, 1));
            }
            Some(_) => self.goto = Some(String::new()),
            None => {}
        }
        focused
    }

    /// Selects the next (or previous) match of the find query.
    fn find_next(&mut self, backwards: bool) {
        let from = if backwards { self.selection.0 } else { self.selection.1 };
        if let Some(found) = self.find.next_match(&self.text, from, backwards) {
            self.pending_selection = Some(found);
        }
    }

    /// Replaces the selected match and selects the next one; without a selected match, finds one.
    fn replace_current(&mut self) {
        let selected = self.selection;
        if self.find.matches(&self.text).contains(&selected) {
            replace_chars(&mut self.text, selected.0, selected.1, &self.find.replacement);
            self.changed = true;
            let after = selected.0 + self.find.replacement.chars().count();
            self.selection = (after, after);
        }
        self.find_next(false);
    }
}
