//! Parser: tokens → tree plus diagnostics; never fails, never panics, always terminates.
//!
//! Error handling is panic-mode: the first syntax error of a statement (or declaration) is
//! reported and sets `recovering`, which silences follow-on errors until the enclosing
//! statement or declaration loop skips to its next boundary and starts afresh.

mod decl;
mod expr;
mod repl;
mod stmt;
mod types;

use super::ast::{Expr, ExprId, ExprKind, Ident, Module};
use super::token::{Token, TokenKind};
use super::{Lexed, Parsed, ReplParsed};
use crate::diag::Diagnostic;
use crate::source::{FileId, Span};

/// Input ended where more was expected. The REPL asks for another line on this code, so it
/// is used for nothing else.
pub const DIAG_UNEXPECTED_EOF: &str = "P0001";
/// `expected X, found Y`.
pub const DIAG_EXPECTED: &str = "P0002";
/// A complete statement or declaration followed by more tokens on its line.
pub const DIAG_TRAILING: &str = "P0003";
/// Input nested deeper than the parser follows (it would otherwise exhaust the stack).
pub const DIAG_TOO_DEEP: &str = "P0004";
/// A token that cannot start an expression.
pub const DIAG_UNEXPECTED_TOKEN: &str = "P0101";
/// `a < b < c`.
pub const DIAG_CHAINED_COMPARISON: &str = "P0103";
/// `a bitand b shl c`.
pub const DIAG_MIXED_BITWISE: &str = "P0104";
/// `pub func …` / `priv func …`.
pub const DIAG_VISIBILITY_PREFIX: &str = "P0201";
/// A keyword where a name is needed.
pub const DIAG_RESERVED_KEYWORD: &str = "P0202";

/// Every code the parser emits (the lexer's pass through it unchanged).
pub const CODES: &[&str] = &[
    DIAG_UNEXPECTED_EOF,
    DIAG_EXPECTED,
    DIAG_TRAILING,
    DIAG_TOO_DEEP,
    DIAG_UNEXPECTED_TOKEN,
    DIAG_CHAINED_COMPARISON,
    DIAG_MIXED_BITWISE,
    DIAG_VISIBILITY_PREFIX,
    DIAG_RESERVED_KEYWORD,
];

/// How deep expressions, types and blocks may nest. Long operator chains count too, since
/// each operator deepens the tree that later stages walk recursively.
const MAX_NESTING: u32 = 128;

/// Parses one file's tokens. The lexer's comments and diagnostics are passed through.
pub fn parse_tokens(file: FileId, lexed: Lexed) -> Parsed {
    let mut parser = Parser::new(file, lexed.tokens, lex_errors(&lexed.diagnostics));
    let items = parser.parse_items();
    let mut diagnostics = lexed.diagnostics;
    diagnostics.append(&mut parser.diags);
    let ends_early = parser.ends_early(lexed.open_at_end);
    let module = Module { file, items, expr_count: parser.next_id };
    Parsed { module, comments: lexed.comments, diagnostics, ends_early }
}

/// Parses a REPL input's tokens: declarations and statements mixed (see [`ReplParsed`]).
pub fn parse_repl_tokens(file: FileId, lexed: Lexed, first_expr: u32) -> ReplParsed {
    let mut parser = Parser::new(file, lexed.tokens, lex_errors(&lexed.diagnostics));
    parser.next_id = first_expr;
    let (items, stmts) = parser.parse_entries();
    let mut diagnostics = lexed.diagnostics;
    diagnostics.append(&mut parser.diags);
    let ends_early = parser.ends_early(lexed.open_at_end);
    ReplParsed { items, stmts, diagnostics, ends_early, expr_count: parser.next_id }
}

/// Offsets of the token-level lexical errors (`L00xx`; `L01xx` are whole-file rules), sorted:
/// they leave broken tokens behind, which would otherwise cause follow-on syntax errors.
fn lex_errors(diagnostics: &[Diagnostic]) -> Vec<u32> {
    let spans = diagnostics.iter().filter(|d| d.is_error() && d.code.starts_with("L00")).filter_map(|d| d.span);
    let mut starts: Vec<u32> = spans.map(|s| s.start).collect();
    starts.sort_unstable();
    starts
}

pub(super) struct Parser {
    file: FileId,
    /// Never empty and always ends with `Eof`, so `pos` can stay on the last token forever.
    tokens: Vec<Token>,
    pos: usize,
    /// Span of the last consumed token, where node spans end.
    prev: Span,
    diags: Vec<Diagnostic>,
    next_id: u32,
    /// Set by a syntax error, cleared at the next statement or declaration boundary.
    recovering: bool,
    /// Whether `Name {` starts a struct literal here: not in the head of `if`/`loop`/`match`,
    /// where the `{` opens the body.
    struct_lits: bool,
    depth: u32,
    /// Offsets of token-level lexical errors, sorted. A syntax error in the same statement
    /// after one of them is its echo and is not reported.
    lex_errors: Vec<u32>,
    /// Where the current statement, declaration, field or arm began.
    unit_start: u32,
    /// An error was met where only line ends remained: the input stopped early.
    hit_end: bool,
}

impl Parser {
    fn new(file: FileId, mut tokens: Vec<Token>, lex_errors: Vec<u32>) -> Parser {
        if !matches!(tokens.last(), Some(t) if t.kind == TokenKind::Eof) {
            let end = tokens.last().map_or(Span::new(file, 0, 0), |t| t.span.end_point());
            tokens.push(Token { kind: TokenKind::Eof, span: end });
        }
        let start = tokens[0].span;
        Parser {
            file,
            tokens,
            pos: 0,
            prev: Span { file, start: start.start, end: start.start },
            diags: Vec::new(),
            next_id: 0,
            recovering: false,
            struct_lits: true,
            depth: 0,
            lex_errors,
            unit_start: 0,
            hit_end: false,
        }
    }

    /// Whether more lines could complete the input: it ended inside a raw string or block
    /// comment (`open_at_end`), or a construct was left open with no broken token to blame
    /// (`log("abc` is an unterminated string, not a call waiting for its `)`).
    fn ends_early(&self, open_at_end: bool) -> bool {
        open_at_end || (self.hit_end && self.lex_errors.is_empty())
    }

    // ------------------------------------------------------------ token cursor

    fn token(&self, index: usize) -> &Token {
        &self.tokens[index.min(self.tokens.len() - 1)]
    }

    fn peek(&self) -> &TokenKind {
        &self.token(self.pos).kind
    }

    /// The kind `n` tokens ahead (`nth(0)` is `peek()`); `Eof` past the end.
    fn nth(&self, n: usize) -> &TokenKind {
        &self.token(self.pos + n).kind
    }

    fn span(&self) -> Span {
        self.token(self.pos).span
    }

    fn at(&self, kind: &TokenKind) -> bool {
        self.peek() == kind
    }

    /// Consumes the current token (never the final `Eof`) and returns its span.
    fn bump(&mut self) -> Span {
        let span = self.span();
        if self.pos + 1 < self.tokens.len() {
            self.prev = span;
            self.pos += 1;
        }
        span
    }

    fn eat(&mut self, kind: &TokenKind) -> bool {
        let found = self.at(kind);
        if found {
            self.bump();
        }
        found
    }

    /// Consumes `kind` or reports `expected kind`.
    fn expect(&mut self, kind: &TokenKind) -> bool {
        let found = self.eat(kind);
        if !found {
            self.error_expected(&kind.describe());
        }
        found
    }

    fn skip_newlines(&mut self) {
        while self.at(&TokenKind::Newline) {
            self.bump();
        }
    }

    /// Whether the current token is the first of its line.
    fn at_line_start(&self) -> bool {
        self.pos == 0 || self.token(self.pos - 1).kind == TokenKind::Newline
    }

    /// Whether only line ends remain: an error here means the input stopped early.
    fn at_input_end(&self) -> bool {
        self.tokens[self.pos..].iter().all(|t| matches!(t.kind, TokenKind::Newline | TokenKind::Eof))
    }

    /// The span from `start` to the end of the last consumed token (empty at `start` when
    /// nothing was consumed since).
    fn span_from(&self, start: Span) -> Span {
        Span { file: self.file, start: start.start, end: self.prev.end.max(start.start) }
    }

    // ------------------------------------------------------------ diagnostics

    /// Reports a syntax error unless one is already being recovered from (or a lexical error
    /// explains it), and starts recovery.
    fn error(&mut self, code: &'static str, span: Span, message: impl Into<String>) {
        // The current token, not `span`: an early end of input is shown before the comment
        // that swallowed the rest of the file.
        let reached = span.start.max(self.span().start);
        if !self.recovering && !self.lexical_error_since(self.unit_start, reached) {
            self.diags.push(Diagnostic::error(code, span, message));
        }
        self.recovering = true;
    }

    fn lexical_error_since(&self, from: u32, to: u32) -> bool {
        let first = self.lex_errors.partition_point(|&at| at < from);
        self.lex_errors.get(first).is_some_and(|&at| at <= to)
    }

    /// Starts a statement, declaration, field or match arm: a fresh unit for error recovery.
    fn begin_unit(&mut self) {
        self.recovering = false;
        self.unit_start = self.span().start;
    }

    /// Reports an error after which parsing goes on normally (the tree is still sound).
    fn report(&mut self, code: &'static str, span: Span, message: impl Into<String>) {
        if !self.recovering {
            self.diags.push(Diagnostic::error(code, span, message));
        }
    }

    /// `expected WHAT, found X`, or `unexpected end of file: expected WHAT` when the input ends.
    fn error_expected(&mut self, what: &str) {
        let found = self.peek().describe();
        self.error_or_eof(DIAG_EXPECTED, &format!("expected {what}, found {found}"), what);
    }

    /// Reports `message` at the current token, or `unexpected end of file: expected WHAT`
    /// when only line ends remain.
    fn error_or_eof(&mut self, code: &'static str, message: &str, what: &str) {
        if self.recovering {
            // Silenced anyway; skip the scan for the end of input.
            return;
        }
        if self.at_input_end() {
            self.hit_end = true;
            let span = self.eof_span();
            self.error(DIAG_UNEXPECTED_EOF, span, format!("unexpected end of file: expected {what}"));
        } else {
            self.error(code, self.span(), message);
        }
    }

    /// Where an early end of input is shown: the line end after the last real token.
    fn eof_span(&self) -> Span {
        let last_real = self.tokens.iter().rposition(|t| !matches!(t.kind, TokenKind::Newline | TokenKind::Eof));
        self.token(last_real.map_or(0, |i| i + 1)).span
    }

    // ------------------------------------------------------------ recovery

    /// Skips the rest of a statement: to just past the next line end at this depth, or to
    /// the `}` closing the enclosing block, or to a keyword that only starts a declaration.
    fn skip_line(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                TokenKind::Eof => return,
                TokenKind::Func | TokenKind::Type | TokenKind::Enum | TokenKind::Import => return,
                TokenKind::Newline if depth == 0 => {
                    self.bump();
                    return;
                }
                TokenKind::RBrace if depth == 0 => return,
                TokenKind::LBrace | TokenKind::LParen | TokenKind::LBracket => depth += 1,
                TokenKind::RBrace | TokenKind::RParen | TokenKind::RBracket => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.bump();
        }
    }

    /// Skips past the `close` that ends the list being parsed (one level deeper than here).
    fn skip_to_closer(&mut self, close: &TokenKind) {
        let mut depth = 0usize;
        loop {
            let kind = self.peek();
            if kind == close && depth == 0 {
                self.bump();
                return;
            }
            match kind {
                TokenKind::Eof | TokenKind::Func | TokenKind::Enum | TokenKind::Import => return,
                TokenKind::LBrace | TokenKind::LParen | TokenKind::LBracket => depth += 1,
                TokenKind::RBrace | TokenKind::RParen | TokenKind::RBracket => {
                    if depth == 0 {
                        // A closer of an outer construct: the list was never closed.
                        return;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            self.bump();
        }
    }

    /// Skips to the next line that starts a declaration outside any braces, or to a keyword
    /// that only starts declarations. Lines starting with `let`/`var`/`const` count only when
    /// `bindings` is set: after stray statements at top level (say, past a `}` too many) they
    /// are more statements, not globals.
    fn skip_to_declaration(&mut self, bindings: bool) {
        let mut depth = 0usize;
        loop {
            let line_start = self.at_line_start();
            match self.peek() {
                TokenKind::Eof => return,
                // These never occur inside a declaration, so they are trusted even where an
                // unclosed `(` made the lexer drop the line ends before them.
                TokenKind::Func | TokenKind::Enum | TokenKind::Import => return,
                TokenKind::Type if line_start => return,
                TokenKind::Let | TokenKind::Var | TokenKind::Const if !bindings => {}
                kind if line_start && depth == 0 && starts_declaration(kind) => return,
                TokenKind::LBrace | TokenKind::LParen | TokenKind::LBracket => depth += 1,
                TokenKind::RBrace | TokenKind::RParen | TokenKind::RBracket => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.bump();
        }
    }

    /// Parses `item (, item)* close` after the opener; items may also be separated by line
    /// ends. On an error inside the list, skips past its closer so the caller resumes after it.
    fn delimited<T>(&mut self, close: TokenKind, mut item: impl FnMut(&mut Parser) -> T) -> Vec<T> {
        let saved = std::mem::replace(&mut self.struct_lits, true);
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            if self.eat(&close) {
                break;
            }
            if self.at(&TokenKind::Eof) {
                self.error_expected(&close.describe());
                break;
            }
            let start = self.pos;
            items.push(item(self));
            if !self.recovering {
                match self.peek() {
                    TokenKind::Comma | TokenKind::Newline => {
                        self.bump();
                    }
                    kind if *kind == close => {}
                    _ => self.error_expected(&format!("',' or {}", close.describe())),
                }
            }
            if self.recovering {
                self.skip_to_closer(&close);
                break;
            }
            if self.pos == start {
                self.bump();
            }
        }
        self.struct_lits = saved;
        items
    }

    // ------------------------------------------------------------ shared pieces

    fn mk_expr(&mut self, kind: ExprKind, span: Span) -> Expr {
        let id = ExprId(self.next_id);
        self.next_id += 1;
        Expr { id, kind, span }
    }

    /// A name. A keyword is reported as reserved and then used as the name, so that one
    /// misnamed binding does not derail the rest of the statement.
    fn name(&mut self) -> Option<Ident> {
        let span = self.span();
        match self.peek().clone() {
            TokenKind::Ident(name) => {
                self.bump();
                Some(Ident { name, span })
            }
            kind => match kind.keyword_text() {
                Some(word) => {
                    self.report(DIAG_RESERVED_KEYWORD, span, format!("'{word}' is a reserved keyword"));
                    self.bump();
                    Some(Ident { name: word.to_string(), span })
                }
                None => {
                    self.error_expected("identifier");
                    None
                }
            },
        }
    }

    /// Whether a `name:` starts here (a named argument, a field, a struct literal entry).
    fn at_label(&self) -> bool {
        let is_name = matches!(self.peek(), TokenKind::Ident(_)) || self.peek().keyword_text().is_some();
        is_name && *self.nth(1) == TokenKind::Colon
    }

    fn with_struct_lits<T>(&mut self, allowed: bool, f: impl FnOnce(&mut Parser) -> T) -> T {
        let saved = std::mem::replace(&mut self.struct_lits, allowed);
        let result = f(self);
        self.struct_lits = saved;
        result
    }

    /// Runs `parse` one nesting level deeper, or reports the input as too deep and runs
    /// `fallback` instead.
    fn nested<T>(&mut self, parse: impl FnOnce(&mut Parser) -> T, fallback: impl FnOnce(&mut Parser) -> T) -> T {
        if !self.deepen() {
            return fallback(self);
        }
        let result = parse(self);
        self.depth -= 1;
        result
    }

    /// Enters one more nesting level; false (with an error) when that is too deep.
    fn deepen(&mut self) -> bool {
        if self.depth >= MAX_NESTING {
            self.error(DIAG_TOO_DEEP, self.span(), "expression or block nested too deeply");
            return false;
        }
        self.depth += 1;
        true
    }
}

/// Tokens that begin a top-level declaration.
fn starts_declaration(kind: &TokenKind) -> bool {
    only_declaration(kind) || matches!(kind, TokenKind::Let | TokenKind::Var | TokenKind::Const)
}

/// Keywords that can only start a declaration, never a statement: met inside a block they
/// mean its `}` is missing.
fn only_declaration(kind: &TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Func
            | TokenKind::Type
            | TokenKind::Enum
            | TokenKind::Import
            | TokenKind::At
            | TokenKind::Pub
            | TokenKind::Priv
    )
}

/// Helpers shared by the parser's unit tests: everything goes through `syntax::parse`.
#[cfg(test)]
pub(crate) mod testing {
    use crate::source::FileId;
    use crate::syntax::{dump::dump_module, parse, Parsed};

    pub fn parse_ok(src: &str) -> Parsed {
        let parsed = parse(FileId(0), src);
        assert!(parsed.diagnostics.is_empty(), "unexpected diagnostics for {src:?}: {:#?}", parsed.diagnostics);
        parsed
    }

    /// The dump of a file that must parse without diagnostics.
    pub fn dump(src: &str) -> String {
        dump_module(&parse_ok(src).module)
    }

    /// The dump of `let x = EXPR` at top level, for expression tests.
    pub fn dump_expr(expr: &str) -> String {
        dump(&format!("let x = {expr}\n"))
    }

    /// `(code, message)` of every diagnostic.
    pub fn diags(src: &str) -> Vec<(&'static str, String)> {
        parse(FileId(0), src).diagnostics.into_iter().map(|d| (d.code, d.message)).collect()
    }

    pub fn codes(src: &str) -> Vec<&'static str> {
        diags(src).into_iter().map(|(code, _)| code).collect()
    }

    /// Removes the common indentation of an expected dump written inline in a test.
    pub fn outline(text: &str) -> String {
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let indent = lines.iter().map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
        lines.iter().map(|l| format!("{}\n", &l[indent..])).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{codes, diags, dump, outline};
    use crate::source::FileId;
    use crate::syntax::ast::Item;
    use crate::syntax::parse;

    #[test]
    fn three_unrelated_errors_give_three_diagnostics_and_keep_good_functions() {
        let src = "func one() {\n  let a: Int = )\n}\n\nfunc two() ret Int {\n  ret 1 +\n}\n\n\
                   func three() {\n  let b: Int = 2 2\n}\n\nfunc main() {\n  one()\n}\n";
        let parsed = parse(FileId(0), src);
        let found: Vec<_> = parsed.diagnostics.iter().map(|d| (d.code, d.message.as_str())).collect();
        assert_eq!(
            found,
            vec![
                ("P0101", "unexpected token in expression"),
                ("P0101", "unexpected token in expression"),
                ("P0003", "expected end of line after statement, found integer literal"),
            ]
        );
        let names: Vec<_> = parsed
            .module
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Func(f) => Some(f.name.name.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["one", "two", "three", "main"]);
    }

    #[test]
    fn errors_in_headers_skip_to_the_next_declaration() {
        let src = "func a(x: ) {\n  let y = 1\n}\ntype T( {\n}\nfunc main() {\n  log(1)\n}\n";
        assert_eq!(codes(src), ["P0002", "P0002"]);
        let parsed = parse(FileId(0), src);
        assert!(matches!(parsed.module.items.as_slice(), [Item::Error(_), Item::Error(_), Item::Func(_)]));
    }

    #[test]
    fn a_missing_brace_does_not_swallow_the_next_function() {
        let src = "func a() {\n  let x = 1\n\nfunc b() {\n  log(2)\n}\n";
        assert_eq!(diags(src), [("P0002", "expected '}', found 'func'".to_string())]);
        let parsed = parse(FileId(0), src);
        assert!(matches!(&parsed.module.items[1], Item::Func(f) if f.name.name == "b"));
    }

    #[test]
    fn truncated_input_reports_unexpected_end_of_file() {
        let cases = [
            ("func f() {", "unexpected end of file: expected '}'"),
            ("func f() {\n", "unexpected end of file: expected '}'"),
            ("func f() {\n  log(\n", "unexpected end of file: expected ')'"),
            ("func f() {\n  log(1,", "unexpected end of file: expected ')'"),
            ("let x = 1 +\n", "unexpected end of file: expected expression"),
            ("let x =\n", "unexpected end of file: expected expression"),
            ("func f(a: view", "unexpected end of file: expected type"),
            ("type P {\n  x: Int\n", "unexpected end of file: expected '}'"),
            ("func f() {\n  if x {\n    log(1)\n  }\n", "unexpected end of file: expected '}'"),
            ("func f() {\n  match x {\n", "unexpected end of file: expected '}'"),
        ];
        for (src, message) in cases {
            let found: Vec<_> = diags(src).into_iter().filter(|(code, _)| code.starts_with('P')).collect();
            assert_eq!(found, [("P0001", message.to_string())], "for {src:?}");
        }
    }

    #[test]
    fn lexical_errors_are_not_echoed_by_the_parser() {
        assert_eq!(codes("func main() {\n  log(\"hello)\n}\n"), ["L0001"]);
        assert_eq!(codes("func main() {\n  #[ never closed\n  log(1)\n}\n"), ["L0002"]);
        assert_eq!(codes("func main() {\n  let n: Int = 1 $ 2\n}\n"), ["L0005"]);
        // A later statement is a fresh start.
        assert_eq!(codes("func main() {\n  let n = 1 $ 2\n  let = 3\n}\n"), ["L0005", "P0002"]);
        // Whole-file rules do not silence anything.
        assert_eq!(codes("func f() {"), ["L0102", "P0001"]);
    }

    #[test]
    fn complete_input_never_reports_end_of_file() {
        assert!(codes("func f() {\n  log(1)\n}\n").is_empty());
        assert_eq!(codes("func f() {\n  log(1))\n}\n"), ["P0003"]);
    }

    #[test]
    fn expression_ids_are_dense_and_spans_lie_inside_the_file() {
        let src =
            "func main() {\n  let p: Point = Point { x: 1 + 2, y: f(a: xs[3]) }\n  log(\"{p.x} and {-p.y}\")\n}\n";
        let parsed = parse(FileId(0), src);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let tree = serde_json::to_value(&parsed.module).unwrap_or_default();
        let mut ids = Vec::new();
        let mut spans = Vec::new();
        collect(&tree, &mut ids, &mut spans);
        ids.sort_unstable();
        assert_eq!(ids, (0..u64::from(parsed.module.expr_count)).collect::<Vec<_>>());
        assert!(parsed.module.expr_count > 10);
        for (start, end) in spans {
            assert!(start <= end && end <= src.len() as u64, "bad span {start}..{end}");
        }
    }

    /// Every expression id and span in a serialised tree.
    fn collect(value: &serde_json::Value, ids: &mut Vec<u64>, spans: &mut Vec<(u64, u64)>) {
        match value {
            serde_json::Value::Object(map) => {
                if let (Some(id), Some(_)) = (map.get("id").and_then(|v| v.as_u64()), map.get("kind")) {
                    ids.push(id);
                }
                if let (Some(start), Some(end)) =
                    (map.get("start").and_then(|v| v.as_u64()), map.get("end").and_then(|v| v.as_u64()))
                {
                    spans.push((start, end));
                }
                map.values().for_each(|v| collect(v, ids, spans));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, ids, spans)),
            _ => {}
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_exhausting_the_stack() {
        let deep = [
            format!("let x = {}1\n", "(".repeat(5000)),
            format!("let x = {}1\n", "- ".repeat(5000)),
            format!("let x = 1{}\n", " + 1".repeat(5000)),
            format!("let x = a{}\n", ".b".repeat(5000)),
            format!("let x: {}Int\n", "opt ".repeat(5000)),
            format!("func f() {{\n{}\n", "if x {\n".repeat(5000)),
            format!("let x = {}\n", "{".repeat(5000)),
            format!("let x = {}\n", "f(".repeat(5000)),
        ];
        for src in &deep {
            // Runs on a thread with a small stack, like the test harness's.
            let src = src.clone();
            let found = std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn(move || codes(&src))
                .map(|h| h.join().unwrap_or_default())
                .unwrap_or_default();
            assert!(found.contains(&"P0004"), "{found:?}");
        }
    }

    #[test]
    fn comments_pass_through() {
        let parsed = parse(FileId(0), "# top\nfunc main() { #[ inner ]#\n}\n");
        assert_eq!(parsed.comments.len(), 2);
        assert_eq!(dump("# top\nfunc main() {\n}\n"), outline("func main\n  params\n  body\n"));
    }
}
