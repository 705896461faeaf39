//! egui widgets of the Rae workbench. Each widget is a plain struct with a
//! `ui(&mut self, ui: &mut egui::Ui)` method; the logic lives in its methods, and the widgets
//! know nothing of the engine: hosts hand them text, [`Diagnostic`]s and output lines.

pub mod console;
pub mod diagnostic;
pub mod editor;
pub mod highlight;
pub mod inspector;
pub mod problems;
pub mod repl_console;
pub mod text_pos;
pub mod theme;
pub mod viewport;

pub use console::{Console, Stream};
pub use diagnostic::{Diagnostic, Location, Severity, SourceRange};
pub use editor::CodeEditor;
pub use highlight::Highlighter;
pub use inspector::{
    FunctionRow, GlobalRow, HealthSample, Inspector, InspectorAction, PausedView, ScriptVmRow, StackFrameRow,
};
pub use problems::ProblemsPanel;
pub use repl_console::{ReplAction, ReplConsole};
pub use text_pos::LineCol;
pub use viewport::{GameInput, Viewport};
