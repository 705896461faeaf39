//! Literal scanners of the lexer: numbers, strings with interpolation, raw strings and characters.

use super::{
    shown, Delim, Lexer, DIAG_EMPTY_INTERPOLATION, DIAG_INTEGER_TOO_LARGE, DIAG_INVALID_CHAR, DIAG_INVALID_ESCAPE,
    DIAG_LEADING_ZEROS, DIAG_UNCLOSED_INTERPOLATION, DIAG_UNTERMINATED_STRING, UNCLOSED_INTERPOLATION,
};
use crate::syntax::token::TokenKind;

const LEADING_ZEROS: &str = "integer literal cannot contain leading zeros";
const TOO_LARGE: &str = "integer literal is too large";
const UNTERMINATED_STRING: &str = "unterminated string literal";
const EMPTY_INTERPOLATION: &str = "empty interpolation: '{}' must contain an expression";
const INVALID_CHAR: &str = "invalid character literal";

/// Stands in for a character literal that could not be read, so the parser still sees a literal.
const BAD_CHAR: char = char::REPLACEMENT_CHARACTER;

impl Lexer<'_> {
    /// `0`, `[1-9][0-9]*`, or digits `.` digits. A `.` not followed by a digit is left for member
    /// access, so `1.toString()` lexes as `1` `.` `toString`.
    pub(super) fn number(&mut self) {
        let start = self.pos;
        let int_end = self.scan_while(start, |b| b.is_ascii_digit());
        let is_float = self.byte(int_end) == Some(b'.') && self.byte(int_end + 1).is_some_and(|b| b.is_ascii_digit());
        self.pos = if is_float { self.scan_while(int_end + 1, |b| b.is_ascii_digit()) } else { int_end };
        if int_end - start > 1 && self.bytes[start] == b'0' {
            self.error(DIAG_LEADING_ZEROS, start, self.pos, LEADING_ZEROS);
        }
        let digits = self.text(start, self.pos);
        if is_float {
            // The text is digits, a dot and digits, which f64 always parses (huge values become inf).
            self.push(TokenKind::Float(digits.parse().unwrap_or(0.0)), start);
            return;
        }
        let value = digits
            .bytes()
            .try_fold(0u64, |acc, d| acc.checked_mul(10).and_then(|v| v.checked_add(u64::from(d - b'0'))));
        if value.is_none() {
            self.error(DIAG_INTEGER_TOO_LARGE, start, self.pos, TOO_LARGE);
        }
        self.push(TokenKind::Int(value.unwrap_or(0)), start);
    }

    /// A `"` opens a string, except inside an interpolation when the new string could not close on
    /// this line: then the user most likely forgot the `}` (`"{x"`), so the quote ends the string.
    pub(super) fn string_start(&mut self) {
        let quote = self.pos;
        self.pos += 1;
        if let Some(interp) = self.delims.iter().rposition(|d| matches!(d, Delim::Interp { .. })) {
            if !self.segment_ends_on_line(self.pos) {
                self.error(DIAG_UNCLOSED_INTERPOLATION, quote, quote, UNCLOSED_INTERPOLATION);
                self.delims.truncate(interp);
                self.push(TokenKind::StrEnd(String::new()), quote);
                return;
            }
        }
        self.string_segment(quote, quote, true);
    }

    /// Whether string text from `from` reaches a closing quote or an interpolation before the line ends.
    fn segment_ends_on_line(&self, from: usize) -> bool {
        let mut i = from;
        while let Some(b) = self.byte(i) {
            match b {
                b'"' | b'{' => return true,
                b'\n' => return false,
                b'\\' if self.byte(i + 1) != Some(b'\n') => i += 2,
                _ => i += 1,
            }
        }
        false
    }

    /// Scans string text from `self.pos` (just after a `"` or an interpolation's `}` at `start`) up
    /// to the closing quote or the next interpolation, and emits the matching string token.
    pub(super) fn string_segment(&mut self, start: usize, quote: usize, first: bool) {
        let mut text = String::new();
        loop {
            let run_start = self.pos;
            self.pos = self.scan_while(run_start, |b| !matches!(b, b'"' | b'\\' | b'{' | b'\n'));
            text.push_str(self.text(run_start, self.pos));
            match self.byte(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    self.push(if first { TokenKind::Str(text) } else { TokenKind::StrEnd(text) }, start);
                    return;
                }
                Some(b'\\') => text.extend(self.escape(false)),
                Some(b'{') => {
                    let open = self.pos;
                    let inside = self.scan_while(open + 1, |b| b == b' ' || b == b'\t');
                    if self.byte(inside) == Some(b'}') {
                        self.pos = inside + 1;
                        self.error(DIAG_EMPTY_INTERPOLATION, open, self.pos, EMPTY_INTERPOLATION);
                        continue;
                    }
                    self.pos += 1;
                    self.push(if first { TokenKind::StrStart(text) } else { TokenKind::StrMid(text) }, start);
                    self.delims.push(Delim::Interp { quote });
                    return;
                }
                _ => {
                    let line_end = self.line_end_before_cr(self.pos);
                    self.error(DIAG_UNTERMINATED_STRING, quote, line_end, UNTERMINATED_STRING);
                    self.push(if first { TokenKind::Str(text) } else { TokenKind::StrEnd(text) }, start);
                    return;
                }
            }
        }
    }

    /// A raw string whose opening `r`, `hashes` `#` and quote start at `start`; `self.pos` is just
    /// after the quote. No escapes, no interpolation, may span lines.
    pub(super) fn raw_string(&mut self, start: usize, hashes: usize) {
        let body = self.pos;
        let mut from = body;
        while let Some(offset) = self.bytes[from..].iter().position(|&b| b == b'"') {
            let close = from + offset;
            let after = close + 1;
            if self.bytes.get(after..after + hashes).is_some_and(|h| h.iter().all(|&b| b == b'#')) {
                self.pos = after + hashes;
                self.push(TokenKind::Str(self.text(body, close).to_string()), start);
                return;
            }
            from = after;
        }
        let first_line_end = self.line_end_before_cr(self.scan_while(body, |b| b != b'\n'));
        self.error(DIAG_UNTERMINATED_STRING, start, first_line_end, UNTERMINATED_STRING);
        self.open_at_end = true;
        self.pos = self.bytes.len();
        self.push(TokenKind::Str(self.text(body, self.pos).to_string()), start);
    }

    /// `'c'` with one character or one escape; anything else reports one "invalid character literal".
    pub(super) fn char_literal(&mut self) {
        let start = self.pos;
        self.pos += 1;
        let errors_before = self.diagnostics.len();
        let value = match self.byte(self.pos) {
            None | Some(b'\n' | b'\'') => None,
            Some(b'\\') => self.escape(true),
            Some(_) => {
                let c = self.text(self.pos, self.bytes.len()).chars().next();
                self.pos += c.map_or(1, char::len_utf8);
                c
            }
        };
        let closed = self.byte(self.pos) == Some(b'\'');
        if !closed {
            // Several characters before a closing quote on this line: take them all as one bad literal.
            let line_end = self.scan_while(self.pos, |b| b != b'\n');
            if let Some(offset) = self.bytes[self.pos..line_end].iter().position(|&b| b == b'\'') {
                self.pos += offset;
            }
        }
        if self.byte(self.pos) == Some(b'\'') {
            self.pos += 1;
        }
        // A bad escape between two quotes has already been reported precisely.
        let escape_reported = self.diagnostics.len() > errors_before;
        if !(closed && (value.is_some() || escape_reported)) {
            self.error(DIAG_INVALID_CHAR, start, self.pos, INVALID_CHAR);
        }
        self.push(TokenKind::Char(value.unwrap_or(BAD_CHAR)), start);
    }

    /// An escape starting at the backslash at `self.pos`. Reports an invalid one and returns `None`;
    /// a backslash before the end of the line is left for the caller to report as unterminated.
    fn escape(&mut self, in_char: bool) -> Option<char> {
        let start = self.pos;
        self.pos += 1;
        let c = self.text(self.pos, self.bytes.len()).chars().next().filter(|&c| c != '\n')?;
        self.pos += c.len_utf8();
        let value = match c {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            '\\' | '"' | '{' | '}' => c,
            '\'' if in_char => c,
            'u' => return self.unicode_escape(start),
            _ => {
                self.error(DIAG_INVALID_ESCAPE, start, self.pos, format!("invalid escape sequence '\\{}'", shown(c)));
                return None;
            }
        };
        Some(value)
    }

    /// The rest of `\u{HEX}` (1–6 hex digits naming a Unicode scalar value) after `\u`.
    fn unicode_escape(&mut self, start: usize) -> Option<char> {
        let mut value = None;
        if self.byte(self.pos) == Some(b'{') {
            let digits_start = self.pos + 1;
            let digits_end = self.scan_while(digits_start, |b| b.is_ascii_hexdigit());
            if self.byte(digits_end) == Some(b'}') {
                self.pos = digits_end + 1;
                if (1..=6).contains(&(digits_end - digits_start)) {
                    value = u32::from_str_radix(self.text(digits_start, digits_end), 16).ok().and_then(char::from_u32);
                }
            } else {
                self.pos = digits_end;
            }
        }
        if value.is_none() {
            let written = self.text(start, self.pos);
            self.error(DIAG_INVALID_ESCAPE, start, self.pos, format!("invalid escape sequence '{written}'"));
        }
        value
    }
}
