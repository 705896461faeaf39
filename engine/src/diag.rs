//! Diagnostics: one `Diagnostic` type for every stage, rendered in the reference's short
//! format, richly (codespan-reporting), or as JSON for editors and the workbench.

use crate::source::{SourceMap, Span};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A secondary location with its own message.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One problem found in the source. `code` is stable (`L…` lexer, `P…` parser, `C…` checker,
/// `M…` modules) so tools can match on it; `message` is the exact text the reference defines.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    /// Primary location; `None` for whole-program problems such as a missing import.
    pub span: Option<Span>,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    /// Lines printed verbatim after the message (the import trace of a missing module).
    pub trace: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, Some(span), message)
    }

    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, Some(span), message)
    }

    pub fn new(severity: Severity, code: &'static str, span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            span,
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            trace: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Output styles of `rae check --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DiagFormat {
    /// The reference format: `file:line:col: message`, the numbered line, a caret; then help/notes.
    #[default]
    Short,
    /// rustc-like rendering with labels, colours when `color` is set.
    Rich { color: bool },
    /// One JSON object per diagnostic, one per line.
    Json,
}

/// Sorts diagnostics into source order (file, then offset); unlocated ones go first.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| d.span.map(|s| (s.file, s.start, s.end)));
}

pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// Renders every diagnostic in `format` into one string.
pub fn render_all(diags: &[Diagnostic], sources: &SourceMap, format: DiagFormat) -> String {
    let mut out = String::new();
    for d in diags {
        match format {
            DiagFormat::Short => out.push_str(&render_short(d, sources)),
            DiagFormat::Rich { color } => out.push_str(&render_rich(d, sources, color)),
            DiagFormat::Json => {
                out.push_str(&serde_json::to_string(&to_json(d, sources)).unwrap_or_default());
                out.push('\n');
            }
        }
    }
    out
}

/// The reference format (rae-language.md section 7), with help and notes as `= help:` lines.
pub fn render_short(d: &Diagnostic, sources: &SourceMap) -> String {
    let mut out = String::new();
    let prefix = match d.severity {
        Severity::Error => "",
        Severity::Warning => "warning: ",
    };
    match d.span {
        Some(span) => {
            let file = sources.get(span.file);
            let (line, col) = file.line_col(span.start);
            let _ = writeln!(out, "{}:{}:{}: {}{}", file.path, line, col, prefix, d.message);
            let _ = writeln!(out, "{:>6} | {}", line, file.line_text(line));
            let _ = writeln!(out, "{:6} | {}^~~~", "", " ".repeat(col - 1));
        }
        None => {
            let level = if d.is_error() { "error" } else { "warning" };
            let _ = writeln!(out, "{level}: {}", d.message);
        }
    }
    for line in &d.trace {
        let _ = writeln!(out, "{line}");
    }
    for note in &d.notes {
        let _ = writeln!(out, "{:6} = note: {note}", "");
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{:6} = help: {help}", "");
    }
    out
}

/// rustc-style rendering through codespan-reporting.
pub fn render_rich(d: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let mut files = codespan_reporting::files::SimpleFiles::new();
    for f in sources.files() {
        files.add(f.path.clone(), f.text.clone());
    }
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let mut labels = Vec::new();
    if let Some(s) = d.span {
        labels.push(cs::Label::primary(s.file.0 as usize, s.start as usize..s.end as usize));
    }
    for l in &d.labels {
        labels.push(
            cs::Label::secondary(l.span.file.0 as usize, l.span.start as usize..l.span.end as usize)
                .with_message(l.message.clone()),
        );
    }
    let mut notes: Vec<String> = d.trace.iter().map(|t| t.trim().to_string()).collect();
    notes.extend(d.notes.iter().cloned());
    notes.extend(d.help.iter().map(|h| format!("help: {h}")));
    let diagnostic = cs::Diagnostic::new(severity)
        .with_code(d.code)
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes);
    let mut buffer = if color { termcolor::Buffer::ansi() } else { termcolor::Buffer::no_color() };
    let config = term::Config::default();
    if term::emit(&mut buffer, &config, &files, &diagnostic).is_err() {
        return render_short(d, sources);
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// Machine-readable form of a diagnostic: 1-based lines and columns, byte offsets.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub severity: Severity,
    pub code: &'a str,
    pub message: &'a str,
    pub file: Option<&'a str>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub start: Option<u32>,
    pub end: Option<u32>,
    pub labels: Vec<JsonLabel<'a>>,
    pub notes: &'a [String],
    pub help: Option<&'a str>,
    pub trace: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct JsonLabel<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
}

pub fn to_json<'a>(d: &'a Diagnostic, sources: &'a SourceMap) -> JsonDiagnostic<'a> {
    let loc = d.span.map(|s| {
        let f = sources.get(s.file);
        (f.path.as_str(), f.line_col(s.start), f.line_col(s.end), s)
    });
    JsonDiagnostic {
        severity: d.severity,
        code: d.code,
        message: &d.message,
        file: loc.map(|l| l.0),
        line: loc.map(|l| l.1 .0),
        column: loc.map(|l| l.1 .1),
        end_line: loc.map(|l| l.2 .0),
        end_column: loc.map(|l| l.2 .1),
        start: loc.map(|l| l.3.start),
        end: loc.map(|l| l.3.end),
        labels: d
            .labels
            .iter()
            .map(|l| {
                let f = sources.get(l.span.file);
                let (line, column) = f.line_col(l.span.start);
                JsonLabel { file: &f.path, line, column, message: &l.message }
            })
            .collect(),
        notes: &d.notes,
        help: d.help.as_deref(),
        trace: &d.trace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_format_matches_reference() {
        let mut sm = SourceMap::new();
        let f = sm.add("src/a.rae", "func main() {\n  let x = 007\n}\n");
        let d = Diagnostic::error("L0003", Span::new(f, 24, 27), "integer literal cannot contain leading zeros");
        assert_eq!(
            render_short(&d, &sm),
            "src/a.rae:2:11: integer literal cannot contain leading zeros\n     2 |   let x = 007\n       |           ^~~~\n"
        );
    }
}
