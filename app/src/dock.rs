//! The dock: which panels exist (`Tab`), the default layout, and how each tab is drawn. The
//! user can drag tabs anywhere; the layout is saved with the session.

use crate::document::Document;
use crate::notebook::Notebook;
use egui::{Id, Ui, WidgetText};
use egui_dock::tab_viewer::OnCloseResponse;
use egui_dock::{DockState, NodeIndex, TabViewer};
use rae_widgets::{
    Console, GameInput, Inspector, InspectorAction, Location, ProblemsPanel, ReplAction, ReplConsole, Viewport,
};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tab {
    /// An open file's editor.
    File(PathBuf),
    /// An open notebook (`.raenb`).
    Notebook(PathBuf),
    Console,
    /// The REPL console: a session shared by its inputs.
    Repl,
    Problems,
    /// What the running program draws with raylib.
    Viewport,
    /// Functions, REPL globals and the running program's health.
    Inspector,
}

/// Files on the left, the game viewport on the right; the console and the problems list side
/// by side below.
pub fn default_layout(files: Vec<Tab>) -> DockState<Tab> {
    let mut dock = DockState::new(files);
    let surface = dock.main_surface_mut();
    let [top, bottom] = surface.split_below(NodeIndex::root(), 0.68, vec![Tab::Console, Tab::Repl]);
    surface.split_right(top, 0.5, vec![Tab::Viewport, Tab::Inspector]);
    surface.split_right(bottom, 0.6, vec![Tab::Problems]);
    dock
}

/// What the tabs draw from, borrowed from the app for one frame.
pub struct DockViewer<'a> {
    pub docs: &'a mut [Document],
    pub notebooks: &'a mut [Notebook],
    pub console: &'a mut Console,
    pub problems: &'a mut ProblemsPanel,
    pub viewport: &'a mut Viewport,
    pub repl: ReplTab<'a>,
    pub inspector: &'a mut Inspector,
    pub inspector_action: InspectorAction,
    /// What the viewport forwards to the game this frame.
    pub game_input: Vec<GameInput>,
    /// Set when a problem was clicked.
    pub jump: Option<Location>,
    /// A file tab the user tried to close with unsaved changes.
    pub close_dirty: Option<PathBuf>,
    /// File tabs closed this frame; the app drops their documents.
    pub closed: Vec<PathBuf>,
}

/// What the REPL tab draws from and what it asked for.
pub struct ReplTab<'a> {
    pub console: &'a mut ReplConsole,
    /// Whether an input is complete (the engine's parser decides).
    pub ready: &'a dyn Fn(&str) -> bool,
    pub names: &'a [String],
    pub busy: bool,
    pub action: ReplAction,
}

impl DockViewer<'_> {
    fn doc(&mut self, path: &PathBuf) -> Option<&mut Document> {
        self.docs.iter_mut().find(|d| &d.path == path)
    }
}

impl TabViewer for DockViewer<'_> {
    type Tab = Tab;

    fn id(&mut self, tab: &mut Tab) -> Id {
        Id::new(("dock-tab", &*tab))
    }

    fn title(&mut self, tab: &mut Tab) -> WidgetText {
        match tab {
            Tab::File(path) => match self.doc(path) {
                Some(doc) => doc.title().into(),
                None => path.display().to_string().into(),
            },
            Tab::Notebook(path) => match self.notebooks.iter().find(|n| &n.path == path) {
                Some(notebook) => notebook.title().into(),
                None => path.display().to_string().into(),
            },
            Tab::Console => "Console".into(),
            Tab::Repl => "REPL".into(),
            Tab::Viewport => "Viewport".into(),
            Tab::Inspector => "Inspector".into(),
            Tab::Problems => {
                let n = self.problems.diagnostics().len();
                if n == 0 {
                    "Problems".into()
                } else {
                    format!("Problems ({n})").into()
                }
            }
        }
    }

    fn ui(&mut self, ui: &mut Ui, tab: &mut Tab) {
        match tab {
            Tab::File(path) => match self.doc(path) {
                Some(doc) => doc.editor.ui(ui),
                None => {
                    ui.label(format!("{} is not open", path.display()));
                }
            },
            Tab::Notebook(path) => match self.notebooks.iter_mut().find(|n| &n.path == path) {
                Some(notebook) => notebook.ui(ui),
                None => {
                    ui.label(format!("{} is not open", path.display()));
                }
            },
            Tab::Console => self.console.ui(ui),
            Tab::Repl => {
                let ReplTab { console, ready, names, busy, action } = &mut self.repl;
                *action = console.ui(ui, *ready, names, *busy);
            }
            Tab::Viewport => self.game_input = self.viewport.ui(ui),
            Tab::Inspector => self.inspector_action = self.inspector.ui(ui),
            Tab::Problems => {
                if let Some(location) = self.problems.ui(ui) {
                    self.jump = Some(location);
                }
            }
        }
    }

    fn on_close(&mut self, tab: &mut Tab) -> OnCloseResponse {
        let (path, dirty) = match &*tab {
            Tab::File(path) => (path.clone(), self.doc(path).is_some_and(|d| d.is_dirty())),
            Tab::Notebook(path) => (path.clone(), self.notebooks.iter().any(|n| &n.path == path && n.is_dirty())),
            _ => return OnCloseResponse::Close,
        };
        if dirty {
            self.close_dirty = Some(path);
            return OnCloseResponse::Ignore;
        }
        self.closed.push(path);
        OnCloseResponse::Close
    }

    fn scroll_bars(&self, _tab: &Tab) -> [bool; 2] {
        // Every panel scrolls its own content (the editor keeps its gutter in view).
        [false, false]
    }
}
