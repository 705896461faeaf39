//! Rae Workbench: an eframe application around the embedded compiler and VM. `app` holds the
//! state and actions, `chrome` the menus, toolbar, status bar and dialogs, `dock` the panels;
//! programs run on the `runner` thread and are checked on the `checker` thread.

pub mod app;
pub mod checker;
mod chrome;
pub mod dock;
pub mod document;
pub mod export;
mod file_dialog;
pub mod notebook;
mod prompt;
pub mod repl;
pub mod runner;
pub mod session;

pub use app::{Startup, Workbench};

/// The eframe side: persistence and the frame loop.
pub struct WorkbenchApp {
    pub workbench: Workbench,
}

impl eframe::App for WorkbenchApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.workbench.ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, session::STORAGE_KEY, &self.workbench.session());
    }

    /// Unsaved edits go to the session file this often, so a crash loses little.
    fn auto_save_interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(5)
    }
}
