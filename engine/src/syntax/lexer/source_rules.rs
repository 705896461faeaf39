//! Whole-file rules of section 1 that do not depend on tokens: LF line endings, the final newline
//! and the line cap.

use super::{DIAG_CRLF, DIAG_MISSING_FINAL_NEWLINE, DIAG_TOO_MANY_LINES};
use crate::diag::Diagnostic;
use crate::source::{FileId, Span};

const CRLF: &str = "Rae files must use LF (\\n) line endings. CRLF found. Run `rae format` to fix.";
const MISSING_FINAL_NEWLINE: &str =
    "Rae files must end with a newline (\\n). Missing final newline at end of file. Run `rae format` to fix.";
const TOO_MANY_LINES: &str = "file exceeds the hard cap of 1000 lines. The cap is not overridable — split this file \
                              into smaller domain-specific modules.";
const LINE_CAP: usize = 1000;

/// Adds the diagnostics of the source-file rules to `diags`. A separate pass over the bytes
/// because CR-LF pairs count everywhere, inside raw strings and comments too.
pub(super) fn check(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) {
    let bytes = text.as_bytes();
    let mut lines = 0;
    let mut previous = 0u8;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            if previous == b'\r' {
                diags.push(Diagnostic::error(DIAG_CRLF, Span::new(file, i - 1, i), CRLF));
            }
            lines += 1;
            // Line 1001 exists only if something follows the 1000th line break.
            if lines == LINE_CAP && i + 1 < bytes.len() {
                diags.push(Diagnostic::error(DIAG_TOO_MANY_LINES, Span::new(file, i + 1, i + 1), TOO_MANY_LINES));
            }
        }
        previous = b;
    }
    if !text.is_empty() && !text.ends_with('\n') {
        diags.push(Diagnostic::error(
            DIAG_MISSING_FINAL_NEWLINE,
            Span::new(file, text.len(), text.len()),
            MISSING_FINAL_NEWLINE,
        ));
    }
}
