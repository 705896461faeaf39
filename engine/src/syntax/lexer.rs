//! Lexer: turns Rae source text into tokens, comments and lexical diagnostics; never fails, never panics.

mod foreign;
mod literals;
mod source_rules;
#[cfg(test)]
mod tests;

use super::token::{self, Comment, CommentKind, Token, TokenKind};
use super::Lexed;
use crate::diag::{self, Diagnostic};
use crate::source::{FileId, Span};

/// `unterminated string literal`.
pub const DIAG_UNTERMINATED_STRING: &str = "L0001";
/// `unterminated block comment`.
pub const DIAG_UNTERMINATED_BLOCK_COMMENT: &str = "L0002";
/// `007`.
pub const DIAG_LEADING_ZEROS: &str = "L0003";
/// `"\q"`.
pub const DIAG_INVALID_ESCAPE: &str = "L0004";
/// A character that starts no token.
pub const DIAG_UNEXPECTED_CHARACTER: &str = "L0005";
/// `"{}"`.
pub const DIAG_EMPTY_INTERPOLATION: &str = "L0006";
/// `"{a"`: an interpolation not closed before its string ends.
pub const DIAG_UNCLOSED_INTERPOLATION: &str = "L0007";
/// A character literal that is empty, unclosed or holds more than one character.
pub const DIAG_INVALID_CHAR: &str = "L0008";
/// An integer literal beyond 64 bits.
pub const DIAG_INTEGER_TOO_LARGE: &str = "L0010";
/// A CR-LF line ending.
pub const DIAG_CRLF: &str = "L0101";
/// No newline at the end of the file.
pub const DIAG_MISSING_FINAL_NEWLINE: &str = "L0102";
/// A tab used for indentation.
pub const DIAG_TAB_INDENT: &str = "L0103";
/// A file longer than the line cap.
pub const DIAG_TOO_MANY_LINES: &str = "L0104";
/// The body of a `@function "lang"` function never closes.
pub const DIAG_UNTERMINATED_SCRIPT_BODY: &str = "L0011";

/// Every code the lexer emits. Codes `L00xx` mark broken tokens, `L01xx` whole-file rules.
pub const CODES: &[&str] = &[
    DIAG_UNTERMINATED_STRING,
    DIAG_UNTERMINATED_BLOCK_COMMENT,
    DIAG_LEADING_ZEROS,
    DIAG_INVALID_ESCAPE,
    DIAG_UNEXPECTED_CHARACTER,
    DIAG_EMPTY_INTERPOLATION,
    DIAG_UNCLOSED_INTERPOLATION,
    DIAG_INVALID_CHAR,
    DIAG_INTEGER_TOO_LARGE,
    DIAG_UNTERMINATED_SCRIPT_BODY,
    DIAG_CRLF,
    DIAG_MISSING_FINAL_NEWLINE,
    DIAG_TAB_INDENT,
    DIAG_TOO_MANY_LINES,
];

const TAB_INDENT: &str = "tab characters are not allowed for indentation; indent with two spaces";
const UNCLOSED_INTERPOLATION: &str = "expected '}' in interpolated string";
const UNTERMINATED_BLOCK_COMMENT: &str = "unterminated block comment";

/// For each first byte, bit `n` is set when some keyword of `n` bytes starts with it. Derived from
/// the one keyword table at compile time; most identifiers fail it and skip the table scan.
const KEYWORD_SHAPES: [u32; 128] = keyword_shapes();

const fn keyword_shapes() -> [u32; 128] {
    let mut shapes = [0u32; 128];
    let mut i = 0;
    while i < token::KEYWORDS.len() {
        let word = token::KEYWORDS[i].0.as_bytes();
        assert!(!word.is_empty() && word.len() < 32 && word[0] < 128, "keywords are short ASCII words");
        shapes[word[0] as usize] |= 1 << word.len();
        i += 1;
    }
    shapes
}

fn keyword(word: &str) -> Option<TokenKind> {
    let shape = match word.as_bytes() {
        [first, ..] if word.len() < 32 => KEYWORD_SHAPES.get(usize::from(*first)).map_or(0, |s| s & (1 << word.len())),
        _ => 0,
    };
    if shape == 0 {
        None
    } else {
        token::keyword(word)
    }
}

/// Lexes one file. The token stream always ends with exactly one `Eof`; diagnostics are in source order.
pub fn lex(file: FileId, text: &str) -> Lexed {
    let mut lexer = Lexer::new(file, text);
    lexer.run();
    let mut diagnostics = lexer.diagnostics;
    source_rules::check(file, text, &mut diagnostics);
    diag::sort(&mut diagnostics);
    Lexed { tokens: lexer.tokens, comments: lexer.comments, diagnostics, open_at_end: lexer.open_at_end }
}

/// An open bracket, or the `{` of an interpolation, which remembers where its string's quote is so
/// that an unterminated continuation can be reported from the quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delim {
    Paren,
    Bracket,
    Brace,
    Interp { quote: usize },
}

struct Lexer<'a> {
    file: FileId,
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    tokens: Vec<Token>,
    comments: Vec<Comment>,
    /// The input ended inside a raw string or a block comment.
    open_at_end: bool,
    diagnostics: Vec<Diagnostic>,
    delims: Vec<Delim>,
    /// True until the first non-blank character of a line, so a tab seen meanwhile is indentation.
    at_line_start: bool,
    /// A top-level `@function "lang"` was seen: the body of the function it annotates is that
    /// language's code, taken verbatim (see `foreign`).
    script: Option<ScriptHeader>,
}

/// The language of a `@function "lang"` attribute, and whether its `func` keyword came.
struct ScriptHeader {
    lang: String,
    func: bool,
}

impl<'a> Lexer<'a> {
    fn new(file: FileId, src: &'a str) -> Lexer<'a> {
        Lexer {
            file,
            src,
            bytes: src.as_bytes(),
            pos: 0,
            // Typical Rae source has roughly one token per three bytes; reserving avoids regrowth.
            tokens: Vec::with_capacity(src.len() / 3 + 1),
            comments: Vec::new(),
            open_at_end: false,
            diagnostics: Vec::new(),
            delims: Vec::new(),
            at_line_start: true,
            script: None,
        }
    }

    fn run(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' => self.pos += 1,
                b'\t' => {
                    if self.at_line_start {
                        self.error(DIAG_TAB_INDENT, self.pos, self.pos + 1, TAB_INDENT);
                        // One report per line is enough.
                        self.at_line_start = false;
                    }
                    self.pos += 1;
                }
                // The CR of a CR-LF pair is reported by the source rules; here it is only whitespace.
                b'\r' if self.byte(self.pos + 1) == Some(b'\n') => self.pos += 1,
                b'\n' => {
                    self.line_break(self.pos);
                    self.pos += 1;
                    self.at_line_start = true;
                }
                _ => {
                    self.at_line_start = false;
                    let before = self.tokens.len();
                    self.token(b);
                    if self.tokens.len() > before && self.delims.is_empty() {
                        self.track_script_header();
                    }
                }
            }
        }
        let end = self.bytes.len();
        self.close_interpolations(end);
        self.tokens.push(Token { kind: TokenKind::Eof, span: self.span(end, end) });
    }

    fn token(&mut self, b: u8) {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => self.word(),
            b'0'..=b'9' => self.number(),
            b'"' => self.string_start(),
            b'\'' => self.char_literal(),
            b'#' => self.comment(),
            b'(' => self.open(Delim::Paren, TokenKind::LParen),
            b'[' => self.open(Delim::Bracket, TokenKind::LBracket),
            b'{' if self.delims.is_empty() && self.script.as_ref().is_some_and(|s| s.func) => self.script_body(),
            b'{' => self.open(Delim::Brace, TokenKind::LBrace),
            b')' => self.close(Delim::Paren, TokenKind::RParen),
            b']' => self.close(Delim::Bracket, TokenKind::RBracket),
            b'}' => self.close_brace(),
            b'+' => self.one_or_two(b'+', TokenKind::PlusPlus, TokenKind::Plus),
            b'-' => self.one_or_two(b'-', TokenKind::MinusMinus, TokenKind::Minus),
            b'<' => self.one_or_two(b'=', TokenKind::Le, TokenKind::Lt),
            b'>' => self.one_or_two(b'=', TokenKind::Ge, TokenKind::Gt),
            b'=' => self.one_or_two(b'>', TokenKind::FatArrow, TokenKind::Assign),
            b'*' => self.punct(TokenKind::Star, 1),
            b'/' => self.punct(TokenKind::Slash, 1),
            b'%' => self.punct(TokenKind::Percent, 1),
            b'.' => self.punct(TokenKind::Dot, 1),
            b',' => self.punct(TokenKind::Comma, 1),
            b':' => self.punct(TokenKind::Colon, 1),
            b'@' => self.punct(TokenKind::At, 1),
            _ => self.unexpected_char(),
        }
    }

    /// An identifier or keyword; `r` directly followed by `"` or `#…"` opens a raw string instead.
    fn word(&mut self) {
        let start = self.pos;
        let end = self.scan_while(start, |b| b.is_ascii_alphanumeric() || b == b'_');
        if end == start + 1 && self.bytes[start] == b'r' {
            let hashes = self.scan_while(end, |b| b == b'#') - end;
            if self.byte(end + hashes) == Some(b'"') {
                self.pos = end + hashes + 1;
                self.raw_string(start, hashes);
                return;
            }
        }
        self.pos = end;
        let word = self.text(start, end);
        let kind = keyword(word).unwrap_or_else(|| TokenKind::Ident(word.to_string()));
        self.push(kind, start);
    }

    fn comment(&mut self) {
        let start = self.pos;
        if self.byte(start + 1) == Some(b'[') {
            self.block_comment(start);
            return;
        }
        // The CR of a CR-LF ending belongs to the line break, not to the comment.
        self.pos = self.line_end_before_cr(self.scan_while(start, |b| b != b'\n'));
        self.push_comment(CommentKind::Line, start);
    }

    fn block_comment(&mut self, start: usize) {
        let body = start + 2;
        let end = match self.src.get(body..).and_then(|rest| rest.find("]#")) {
            Some(offset) => body + offset + 2,
            None => {
                self.error(DIAG_UNTERMINATED_BLOCK_COMMENT, start, body, UNTERMINATED_BLOCK_COMMENT);
                self.open_at_end = true;
                self.bytes.len()
            }
        };
        self.pos = end;
        self.push_comment(CommentKind::Block, start);
        // Like Go, a comment that spans lines ends the statement as its line break would have.
        if let Some(offset) = self.bytes[start..end].iter().position(|&b| b == b'\n') {
            self.line_break(start + offset);
        }
    }

    fn push_comment(&mut self, kind: CommentKind, start: usize) {
        let text = self.text(start, self.pos).to_string();
        self.comments.push(Comment { kind, span: self.span(start, self.pos), text });
    }

    /// A line ends at `at`: strings cannot span lines, and statements end unless a `(` or `[` is open.
    fn line_break(&mut self, at: usize) {
        self.close_interpolations(at);
        if matches!(self.delims.last(), Some(Delim::Paren | Delim::Bracket)) {
            return;
        }
        if self.tokens.last().is_some_and(|t| t.kind != TokenKind::Newline) {
            self.tokens.push(Token { kind: TokenKind::Newline, span: self.span(at, at + 1) });
        }
    }

    /// Reports an interpolation still open at `at` and closes every open string with an empty
    /// `StrEnd`, so the parser still sees balanced strings.
    fn close_interpolations(&mut self, at: usize) {
        let Some(outermost) = self.delims.iter().position(|d| matches!(d, Delim::Interp { .. })) else { return };
        self.error(DIAG_UNCLOSED_INTERPOLATION, at, at, UNCLOSED_INTERPOLATION);
        for delim in self.delims.drain(outermost..).rev() {
            if let Delim::Interp { .. } = delim {
                self.tokens.push(Token { kind: TokenKind::StrEnd(String::new()), span: Span::new(self.file, at, at) });
            }
        }
    }

    /// Follows a top-level `@function "lang" … func name(…) …` (or `@function("lang")`) up to
    /// its body's `{`.
    fn track_script_header(&mut self) {
        let n = self.tokens.len();
        let kind = |back: usize| n.checked_sub(back).map(|i| &self.tokens[i].kind);
        let attribute = |back: usize| {
            kind(back) == Some(&TokenKind::At) && matches!(kind(back - 1), Some(TokenKind::Ident(w)) if w == "function")
        };
        let lang = match (kind(1), kind(2)) {
            (Some(TokenKind::Str(lang)), _) if attribute(3) => Some(lang.clone()),
            (Some(TokenKind::RParen), Some(TokenKind::Str(lang)))
                if kind(3) == Some(&TokenKind::LParen) && attribute(5) =>
            {
                Some(lang.clone())
            }
            _ => None,
        };
        if let Some(lang) = lang {
            self.script = Some(ScriptHeader { lang, func: false });
            return;
        }
        match &self.tokens[n - 1].kind {
            // A second `func` means the first had no body: it is not this one's.
            TokenKind::Func if self.script.as_ref().is_some_and(|s| s.func) => self.script = None,
            TokenKind::Func => {
                if let Some(s) = &mut self.script {
                    s.func = true;
                }
            }
            TokenKind::Type
            | TokenKind::Enum
            | TokenKind::Let
            | TokenKind::Var
            | TokenKind::Const
            | TokenKind::Import => self.script = None,
            _ => {}
        }
    }

    /// `{ code }` of a script function: one `ScriptBody` token holding the code.
    fn script_body(&mut self) {
        let lang = self.script.take().map(|s| s.lang).unwrap_or_default();
        let start = self.pos;
        match foreign::body_end(&lang, self.bytes, start + 1) {
            Some(end) => {
                let code = self.src[start + 1..end].to_string();
                self.pos = end + 1;
                self.push(TokenKind::ScriptBody(code), start);
            }
            None => {
                let message = format!("the {lang} body of this function is never closed with '}}'");
                self.error(DIAG_UNTERMINATED_SCRIPT_BODY, start, start + 1, message);
                self.open_at_end = true;
                let code = self.src[start + 1..].to_string();
                self.pos = self.bytes.len();
                self.push(TokenKind::ScriptBody(code), start);
            }
        }
    }

    fn open(&mut self, delim: Delim, kind: TokenKind) {
        self.delims.push(delim);
        self.punct(kind, 1);
    }

    /// Pops up to the matching opener. An interpolation is a barrier: a stray `)` inside `"{…}"`
    /// must not close a `(` outside the string.
    fn close(&mut self, opener: Delim, kind: TokenKind) {
        if let Some(i) = self.delims.iter().rposition(|&d| d == opener || matches!(d, Delim::Interp { .. })) {
            if self.delims[i] == opener {
                self.delims.truncate(i);
            }
        }
        self.punct(kind, 1);
    }

    /// `}` closes a block, or ends an interpolation and resumes its string.
    fn close_brace(&mut self) {
        if let Some(i) = self.delims.iter().rposition(|d| matches!(d, Delim::Brace | Delim::Interp { .. })) {
            let delim = self.delims[i];
            self.delims.truncate(i);
            if let Delim::Interp { quote } = delim {
                let start = self.pos;
                self.pos += 1;
                self.string_segment(start, quote, false);
                return;
            }
        }
        self.punct(TokenKind::RBrace, 1);
    }

    fn one_or_two(&mut self, second: u8, double: TokenKind, single: TokenKind) {
        if self.byte(self.pos + 1) == Some(second) {
            self.punct(double, 2);
        } else {
            self.punct(single, 1);
        }
    }

    fn punct(&mut self, kind: TokenKind, len: usize) {
        let start = self.pos;
        self.pos += len;
        self.push(kind, start);
    }

    fn unexpected_char(&mut self) {
        let start = self.pos;
        let Some(c) = self.src.get(start..).and_then(|rest| rest.chars().next()) else {
            self.pos += 1;
            return;
        };
        self.pos += c.len_utf8();
        self.error(DIAG_UNEXPECTED_CHARACTER, start, self.pos, format!("unexpected character '{}'", shown(c)));
    }

    fn push(&mut self, kind: TokenKind, start: usize) {
        self.tokens.push(Token { kind, span: self.span(start, self.pos) });
    }

    fn error(&mut self, code: &'static str, start: usize, end: usize, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(code, self.span(start, end), message));
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    /// The first offset at or after `from` whose byte fails `keep` (or the end of the text).
    fn scan_while(&self, from: usize, keep: impl Fn(u8) -> bool) -> usize {
        let rest = self.bytes.get(from..).unwrap_or_default();
        from + rest.iter().position(|&b| !keep(b)).unwrap_or(rest.len())
    }

    /// `line_end` (a LF offset or the end of the text) moved before the CR of a CR-LF pair.
    fn line_end_before_cr(&self, line_end: usize) -> usize {
        if line_end > 0 && self.byte(line_end) == Some(b'\n') && self.byte(line_end - 1) == Some(b'\r') {
            line_end - 1
        } else {
            line_end
        }
    }

    /// Source text between two offsets; empty rather than a panic if they are not char boundaries.
    fn text(&self, start: usize, end: usize) -> &'a str {
        self.src.get(start..end).unwrap_or_default()
    }
}

/// A character as messages show it: control characters escaped so they cannot garble a terminal.
fn shown(c: char) -> String {
    if c.is_control() {
        c.escape_debug().to_string()
    } else {
        c.to_string()
    }
}
