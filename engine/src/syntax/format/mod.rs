//! `rae format`: canonical Rae text from the tree, its comments and the original source.
//!
//! The canonical style (only layout is canonical; the tree never changes):
//! - Two-space indentation, LF line endings, exactly one final newline, no trailing spaces.
//! - Top level: declarations in source order, one blank line between them, except that
//!   consecutive imports, or consecutive globals, stay grouped when the source had no blank
//!   line between them.
//! - Blocks, struct fields, enum members and match arms: one per line; one blank line is kept
//!   where the source had one or more between two of them, none right after `{` or before `}`.
//!   Empty braces print as `{}`.
//! - Spaces around binary operators, `=` and `=>`; after `,` and `:`; none inside `()` and `[]`;
//!   one inside non-empty literal braces: `{ 1, 2 }`, `{ x: 1 }`, `P { x: 1 }`, `{}`.
//! - Declarations: `func name(a: view Int, b: mod P = d) extern ret Int {`, properties after the
//!   parameters; attributes on their own lines before the declaration, as written (`@vm_stub`,
//!   `@tool "x"`, `@name(a, b)`); `type Point {`, `enum Color {` with one member per line.
//! - Statements: `} else {`, `} else if c {`, `loop i: Int = 0, i < 10, ++i {`,
//!   `loop v: view P in ps {`, `match v {` with `case 1, 2 {` … `}` or `case 1 => 10` per line.
//! - Literals (numbers, strings, interpolations, raw strings, characters) are reprinted from
//!   the source exactly as written; parentheses are printed where the tree has them, never
//!   added or dropped.
//! - Comments are all kept, in order: an own-line comment stays on its own line at the current
//!   indentation before the node that follows it (inside the block when it precedes a `}`); a
//!   comment after code stays at the end of that line, one space before it; a comment inside a
//!   multi-line expression moves to the end of the expression's line (or to the next line when
//!   a `#` comment already ends that line). Block comments `#[ … ]#` keep their text.
//! - Long lines are never wrapped.

mod exprs;
mod items;
mod printer;
mod stmts;
#[cfg(test)]
mod tests;

use super::Parsed;
use printer::Printer;

/// The canonical text of a file that parsed without errors. `source` is the text it was parsed
/// from (spans point into it).
pub fn format_module(parsed: &Parsed, source: &str) -> String {
    let mut printer = Printer::new(source, &parsed.comments);
    printer.module(&parsed.module);
    printer.finish()
}

/// Fixes the two layout errors the lexer reports with "Run `rae format` to fix.": CRLF line
/// endings become LF and a missing final newline is added (an empty text stays empty).
pub fn normalize_line_endings(text: &str) -> String {
    let mut out = text.replace("\r\n", "\n");
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
