//! The path prompt behind File > Open and File > Save As where no native dialog can open (see
//! `file_dialog`): a path field and the `.rae` files and notebooks of the folder it names.

use egui::{RichText, ScrollArea, TextEdit};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Open,
    SaveAs,
}

pub enum Outcome {
    Pending,
    Cancelled,
    Chosen(PathBuf),
}

pub struct PathPrompt {
    pub purpose: Purpose,
    path: String,
    /// The `.rae` files and folders next to `path`, refreshed when the field changes.
    entries: Vec<PathBuf>,
}

impl PathPrompt {
    pub fn new(purpose: Purpose, start: &Path) -> PathPrompt {
        let mut prompt = PathPrompt { purpose, path: start.to_string_lossy().into_owned(), entries: Vec::new() };
        prompt.refresh();
        prompt
    }

    /// The folder the field names (itself when it is a folder, else its parent).
    fn folder(&self) -> PathBuf {
        let path = Path::new(&self.path);
        if path.is_dir() {
            return path.to_owned();
        }
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        }
    }

    fn refresh(&mut self) {
        let folder = self.folder();
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map(|dir| {
                dir.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "rae" || x == "raenb"))
                    .collect()
            })
            .unwrap_or_default();
        entries.sort();
        self.entries = entries;
    }

    pub fn ui(&mut self, ctx: &egui::Context) -> Outcome {
        let mut outcome = Outcome::Pending;
        let title = match self.purpose {
            Purpose::Open => "Open file",
            Purpose::SaveAs => "Save as",
        };
        egui::Modal::new(egui::Id::new("path-prompt")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading(title);
            let field = ui.add(TextEdit::singleline(&mut self.path).desired_width(f32::INFINITY));
            field.request_focus();
            if field.changed() {
                self.refresh();
            }
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.label(RichText::new(self.folder().display().to_string()).small());
            ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
                for entry in self.entries.clone() {
                    let name = entry.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    let label = if entry.is_dir() { format!("{name}/") } else { name };
                    if ui.selectable_label(false, label).clicked() {
                        self.path = entry.to_string_lossy().into_owned();
                        self.refresh();
                    }
                }
            });
            if self.purpose == Purpose::Open && !Path::new(&self.path).exists() {
                ui.label(RichText::new("No such file yet: it will be created when you save.").small());
            }
            ui.horizontal(|ui| {
                let ok = ui.button(if self.purpose == Purpose::Open { "Open" } else { "Save" }).clicked();
                if (ok || enter) && !self.path.trim().is_empty() && !Path::new(&self.path).is_dir() {
                    outcome = Outcome::Chosen(PathBuf::from(self.path.trim()));
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    outcome = Outcome::Cancelled;
                }
            });
        });
        outcome
    }
}
