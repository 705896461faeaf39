//! Inline diagnostics: a wavy underline under each diagnostic's range, a marker in the
//! gutter, and the message on hover. Each underline is also an accessible, hoverable widget
//! labelled with the diagnostic, so tests and screen readers find it.

use crate::diagnostic::Diagnostic;
use crate::text_pos::{char_index, line_range};
use crate::theme;
use egui::text::CCursor;
use egui::{pos2, vec2, Galley, Id, Pos2, Rect, Sense, Shape, Stroke, WidgetInfo, WidgetType};

/// Underlines every diagnostic of `diagnostics` in `galley` (drawn at `origin`); hovering an
/// underline shows its message.
pub fn squiggles_ui(ui: &mut egui::Ui, id: Id, text: &str, galley: &Galley, origin: Pos2, diagnostics: &[Diagnostic]) {
    for (n, d) in diagnostics.iter().enumerate() {
        let Some(range) = &d.range else { continue };
        let start = char_index(text, range.start);
        let end = char_index(text, range.end).max(start + 1);
        let colour = theme::severity_colour(d.severity);
        for line in range.start.line..=range.end.line.max(range.start.line) {
            let (line_start, line_end) = line_range(text, line);
            let (from, to) = (start.max(line_start), end.min(line_end));
            let rect = segment_rect(galley, origin, from, to.max(from));
            paint_wave(ui, rect, colour);
            let response = ui.interact(rect.expand2(vec2(0.0, 2.0)), id.with(("diagnostic", n, line)), Sense::hover());
            let summary = d.summary();
            response.widget_info(|| WidgetInfo::labeled(WidgetType::Label, true, &summary));
            response.on_hover_text(summary);
        }
    }
}

/// The screen rectangle of the characters `from..to` on one row; an empty range (a problem
/// at the end of a line) gets the width of one character so it stays visible.
fn segment_rect(galley: &Galley, origin: Pos2, from: usize, to: usize) -> Rect {
    let a = galley.pos_from_cursor(CCursor::new(from)).translate(origin.to_vec2());
    let b = galley.pos_from_cursor(CCursor::new(to)).translate(origin.to_vec2());
    let right = if to > from { b.min.x } else { a.min.x + a.height() * 0.5 };
    Rect::from_min_max(pos2(a.min.x, a.min.y), pos2(right.max(a.min.x + 4.0), a.max.y))
}

fn paint_wave(ui: &egui::Ui, rect: Rect, colour: egui::Color32) {
    const STEP: f32 = 2.5;
    let y = rect.max.y - 1.5;
    let steps = ((rect.width() / STEP).ceil() as usize).max(2);
    let points =
        (0..=steps).map(|i| pos2(rect.min.x + i as f32 * STEP, if i % 2 == 0 { y } else { y - 2.0 })).collect();
    ui.painter().add(Shape::line(points, Stroke::new(1.2, colour)));
}

/// The lines that carry a diagnostic, with the worst severity of each, for the gutter.
pub fn marked_lines(diagnostics: &[Diagnostic]) -> Vec<(usize, crate::Severity)> {
    let mut marks: Vec<(usize, crate::Severity)> =
        diagnostics.iter().filter_map(|d| d.range.as_ref().map(|r| (r.start.line, d.severity))).collect();
    marks.sort();
    marks.dedup_by_key(|m| m.0);
    marks
}
