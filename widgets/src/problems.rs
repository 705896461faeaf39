//! The problems panel: every diagnostic of the last check, errors first; clicking one gives
//! the location the editor should jump to.

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::theme;
use egui::{RichText, ScrollArea};

#[derive(Default)]
pub struct ProblemsPanel {
    diagnostics: Vec<Diagnostic>,
}

impl ProblemsPanel {
    pub fn set_diagnostics(&mut self, mut diagnostics: Vec<Diagnostic>) {
        diagnostics.sort_by(|a, b| {
            let place = |d: &Diagnostic| d.range.as_ref().map(|r| (r.file.clone(), r.start));
            (a.severity, place(a)).cmp(&(b.severity, place(b)))
        });
        self.diagnostics = diagnostics;
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// Shows the list; returns the location of the diagnostic clicked this frame.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<Location> {
        ui.label(self.summary());
        ui.separator();
        let mut clicked = None;
        ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            for d in &self.diagnostics {
                if row_ui(ui, d) {
                    clicked = d.location();
                }
            }
        });
        clicked
    }

    fn summary(&self) -> String {
        let (errors, warnings) = (self.count(Severity::Error), self.count(Severity::Warning));
        if errors + warnings == 0 {
            return "No problems".to_owned();
        }
        format!("{errors} error{}, {warnings} warning{}", plural(errors), plural(warnings))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// One diagnostic as a clickable row; true when it was clicked.
fn row_ui(ui: &mut egui::Ui, d: &Diagnostic) -> bool {
    let place =
        d.range.as_ref().map_or_else(String::new, |r| format!("{}:{}:{}  ", r.file, r.start.line, r.start.column));
    let text = RichText::new(format!("{place}{}", d.summary())).color(theme::severity_colour(d.severity));
    let response = ui.add(egui::Button::new(text).frame(false));
    response.clicked()
}
