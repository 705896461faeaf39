//! What the widgets know about a problem in the source: where it is, how bad, and what it says.

use crate::text_pos::LineCol;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a file, e.g. where a click in the problems panel should take the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub at: LineCol,
}

/// A range of a file; `end` is exclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRange {
    pub file: String,
    pub start: LineCol,
    pub end: LineCol,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The engine's stable code (`C0101`, …).
    pub code: String,
    pub message: String,
    /// `None` for whole-program problems (a missing import has no place in the text).
    pub range: Option<SourceRange>,
}

impl Diagnostic {
    /// `severity[code]: message`, the text of hovers and of the problems list.
    pub fn summary(&self) -> String {
        format!("{}[{}]: {}", self.severity.label(), self.code, self.message)
    }

    pub fn location(&self) -> Option<Location> {
        self.range.as_ref().map(|r| Location { file: r.file.clone(), at: r.start })
    }
}
