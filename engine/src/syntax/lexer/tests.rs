//! Unit tests of the lexer: every token kind, every diagnostic, interpolation, newlines, and a
//! no-panic loop over random input.

use super::lex;
use crate::source::FileId;
use crate::syntax::token::{CommentKind, TokenKind as T, KEYWORDS};
use crate::syntax::Lexed;

fn run(src: &str) -> Lexed {
    lex(FileId(0), src)
}

/// Token kinds without the final `Eof`.
fn kinds(src: &str) -> Vec<T> {
    let mut kinds: Vec<T> = run(src).tokens.into_iter().map(|t| t.kind).collect();
    assert_eq!(kinds.pop(), Some(T::Eof));
    kinds
}

/// `(code, message, start, end)` of every diagnostic.
fn diags(src: &str) -> Vec<(&'static str, String, u32, u32)> {
    run(src)
        .diagnostics
        .into_iter()
        .map(|d| {
            let span = d.span.unwrap_or_default();
            (d.code, d.message, span.start, span.end)
        })
        .collect()
}

fn codes(src: &str) -> Vec<&'static str> {
    diags(src).into_iter().map(|d| d.0).collect()
}

fn ident(s: &str) -> T {
    T::Ident(s.to_string())
}

fn s(text: &str) -> String {
    text.to_string()
}

#[test]
fn identifiers_and_keywords() {
    assert_eq!(
        kinds("let _x1 = view bitand band r\n"),
        vec![T::Let, ident("_x1"), T::Assign, T::View, T::BitAnd, ident("band"), ident("r"), T::Newline]
    );
    assert!(codes("let x = 1\n").is_empty());
}

#[test]
fn every_keyword_of_the_table_lexes_as_its_token() {
    for (word, kind) in KEYWORDS {
        assert_eq!(kinds(word), vec![kind.clone()], "{word}");
        assert_eq!(kinds(&format!("{word}x")), vec![ident(&format!("{word}x"))]);
    }
}

#[test]
fn every_punctuation_token() {
    assert_eq!(
        kinds("+ - * / % < <= > >= = => ++ -- . , : ( ) { } [ ] @\n"),
        vec![
            T::Plus,
            T::Minus,
            T::Star,
            T::Slash,
            T::Percent,
            T::Lt,
            T::Le,
            T::Gt,
            T::Ge,
            T::Assign,
            T::FatArrow,
            T::PlusPlus,
            T::MinusMinus,
            T::Dot,
            T::Comma,
            T::Colon,
            T::LParen,
            T::RParen,
            T::LBrace,
            T::RBrace,
            T::LBracket,
            T::RBracket,
            T::At,
            T::Newline,
        ]
    );
    assert_eq!(kinds("a+++b\n"), vec![ident("a"), T::PlusPlus, T::Plus, ident("b"), T::Newline]);
}

#[test]
fn token_spans_cover_their_text() {
    let lexed = run("let abc = 12\n");
    let spans: Vec<(u32, u32)> = lexed.tokens.iter().map(|t| (t.span.start, t.span.end)).collect();
    assert_eq!(spans, vec![(0, 3), (4, 7), (8, 9), (10, 12), (12, 13), (13, 13)]);
}

#[test]
fn integers_and_floats() {
    assert_eq!(kinds("0 7 1234 18446744073709551615\n")[..4], [T::Int(0), T::Int(7), T::Int(1234), T::Int(u64::MAX)]);
    assert_eq!(kinds("2.25 0.5 2.0\n")[..3], [T::Float(2.25), T::Float(0.5), T::Float(2.0)]);
    assert!(codes("0 0.5 10\n").is_empty());
}

#[test]
fn dot_after_integer_is_member_access() {
    assert_eq!(kinds("1.toString()\n"), vec![T::Int(1), T::Dot, ident("toString"), T::LParen, T::RParen, T::Newline]);
    assert_eq!(kinds("1.5.x\n"), vec![T::Float(1.5), T::Dot, ident("x"), T::Newline]);
    assert_eq!(kinds("1.\n"), vec![T::Int(1), T::Dot, T::Newline]);
}

#[test]
fn leading_zeros_are_an_error_but_still_a_number() {
    let msg = s("integer literal cannot contain leading zeros");
    assert_eq!(diags("x = 007\n"), vec![("L0003", msg.clone(), 4, 7)]);
    assert_eq!(kinds("007\n")[0], T::Int(7));
    assert_eq!(diags("00.5\n"), vec![("L0003", msg, 0, 4)]);
    assert_eq!(kinds("00.5\n")[0], T::Float(0.5));
}

#[test]
fn integer_overflow() {
    assert_eq!(diags("18446744073709551616\n"), vec![("L0010", s("integer literal is too large"), 0, 20)]);
    assert_eq!(kinds("99999999999999999999999\n")[0], T::Int(0));
}

#[test]
fn strings_and_escapes() {
    assert_eq!(kinds(r#""a\n\t\r\\\"\{\}b""#)[0], T::Str(s("a\n\t\r\\\"{}b")));
    assert_eq!(kinds(r#""\u{41}\u{1F600}""#)[0], T::Str(s("A😀")));
    assert_eq!(kinds("\"\"\n")[0], T::Str(String::new()));
    let lexed = run("x = \"hi\"\n");
    assert_eq!((lexed.tokens[2].span.start, lexed.tokens[2].span.end), (4, 8));
    assert!(lexed.diagnostics.is_empty());
}

#[test]
fn invalid_escapes() {
    assert_eq!(diags("\"a\\qb\"\n"), vec![("L0004", s("invalid escape sequence '\\q'"), 2, 4)]);
    assert_eq!(kinds("\"a\\qb\"\n")[0], T::Str(s("ab")));
    assert_eq!(diags("\"\\é\"\n"), vec![("L0004", s("invalid escape sequence '\\é'"), 1, 4)]);
    // A quote escape is only for character literals.
    assert_eq!(codes("\"\\'\"\n"), vec!["L0004"]);
    assert_eq!(diags("\"\\u{D800}\"\n"), vec![("L0004", s("invalid escape sequence '\\u{D800}'"), 1, 9)]);
    assert_eq!(codes("\"\\u{0000041}\"\n"), vec!["L0004"]);
    assert!(codes("\"\\u{000041}\"\n").is_empty());
    assert_eq!(codes("\"\\u{}\"\n"), vec!["L0004"]);
    assert_eq!(codes("\"\\u41\"\n"), vec!["L0004"]);
    assert_eq!(codes("\"\\u{41\"\n"), vec!["L0004"]);
}

#[test]
fn unterminated_strings() {
    let msg = s("unterminated string literal");
    assert_eq!(diags("x = \"abc\ny\n"), vec![("L0001", msg.clone(), 4, 8)]);
    assert_eq!(
        kinds("x = \"abc\ny\n"),
        vec![ident("x"), T::Assign, T::Str(s("abc")), T::Newline, ident("y"), T::Newline]
    );
    assert_eq!(diags("\"abc"), vec![("L0001", msg.clone(), 0, 4), ("L0102", MISSING_NL.to_string(), 4, 4)]);
    // A backslash at the end of the line does not escape the line break.
    assert_eq!(diags("\"ab\\\n"), vec![("L0001", msg.clone(), 0, 4)]);
    // The continuation after an interpolation is reported from the opening quote.
    assert_eq!(diags("\"a{x}b\n"), vec![("L0001", msg, 0, 6)]);
}

#[test]
fn interpolation_tokens() {
    assert_eq!(
        kinds("\"a{x}b{y + 1}c\"\n"),
        vec![
            T::StrStart(s("a")),
            ident("x"),
            T::StrMid(s("b")),
            ident("y"),
            T::Plus,
            T::Int(1),
            T::StrEnd(s("c")),
            T::Newline
        ]
    );
    let lexed = run("\"a{x}b{y}c\"\n");
    let spans: Vec<(u32, u32)> = lexed.tokens.iter().map(|t| (t.span.start, t.span.end)).collect();
    assert_eq!(spans[..5], [(0, 3), (3, 4), (4, 7), (7, 8), (8, 11)]);
    assert_eq!(kinds("\"{x}\"\n"), vec![T::StrStart(String::new()), ident("x"), T::StrEnd(String::new()), T::Newline]);
}

#[test]
fn interpolation_nests_braces_and_strings() {
    assert_eq!(
        kinds("\"{f(x: {1})}\"\n"),
        vec![
            T::StrStart(String::new()),
            ident("f"),
            T::LParen,
            ident("x"),
            T::Colon,
            T::LBrace,
            T::Int(1),
            T::RBrace,
            T::RParen,
            T::StrEnd(String::new()),
            T::Newline
        ]
    );
    assert_eq!(
        kinds("\"<{g(s: \"x{y}z\")}>\"\n"),
        vec![
            T::StrStart(s("<")),
            ident("g"),
            T::LParen,
            ident("s"),
            T::Colon,
            T::StrStart(s("x")),
            ident("y"),
            T::StrEnd(s("z")),
            T::RParen,
            T::StrEnd(s(">")),
            T::Newline
        ]
    );
    // A stray `)` inside an interpolation cannot close the `(` outside the string.
    assert_eq!(kinds("(\"{)}\"\n)\n").iter().filter(|k| **k == T::Newline).count(), 1);
}

#[test]
fn empty_interpolation() {
    let msg = s("empty interpolation: '{}' must contain an expression");
    assert_eq!(diags("\"a{}b\"\n"), vec![("L0006", msg.clone(), 2, 4)]);
    assert_eq!(kinds("\"a{}b\"\n")[0], T::Str(s("ab")));
    assert_eq!(diags("\"{  }\"\n"), vec![("L0006", msg, 1, 5)]);
}

#[test]
fn unclosed_interpolation() {
    let msg = s("expected '}' in interpolated string");
    assert_eq!(diags("\"a{x\ny\n"), vec![("L0007", msg.clone(), 4, 4)]);
    assert_eq!(
        kinds("\"a{x\ny\n"),
        vec![T::StrStart(s("a")), ident("x"), T::StrEnd(String::new()), T::Newline, ident("y"), T::Newline]
    );
    assert_eq!(diags("\"{f(\n"), vec![("L0007", msg.clone(), 4, 4)]);
    assert_eq!(codes("\"{\"{x\n"), vec!["L0007"]);
    assert_eq!(kinds("\"{\"{x\n").iter().filter(|k| **k == T::StrEnd(String::new())).count(), 2);
    assert_eq!(diags("\"{x"), vec![("L0007", msg.clone(), 3, 3), ("L0102", MISSING_NL.to_string(), 3, 3)]);
    // A quote that cannot open a string on this line closes the interpolated one: the `}` is missing.
    assert_eq!(diags("log(\"v: {x\")\n"), vec![("L0007", msg, 10, 10)]);
    assert_eq!(
        kinds("log(\"v: {x\")\n"),
        vec![
            ident("log"),
            T::LParen,
            T::StrStart(s("v: ")),
            ident("x"),
            T::StrEnd(String::new()),
            T::RParen,
            T::Newline
        ]
    );
}

#[test]
fn raw_strings() {
    assert_eq!(kinds("r\"a\\n{b}\"\n")[0], T::Str(s("a\\n{b}")));
    assert_eq!(kinds("r#\"say \"hi\"\"#\n")[0], T::Str(s("say \"hi\"")));
    assert_eq!(kinds("r##\"a\"#b\"##\n")[0], T::Str(s("a\"#b")));
    assert_eq!(kinds("x = r\"line1\nline2\"\n"), vec![ident("x"), T::Assign, T::Str(s("line1\nline2")), T::Newline]);
    assert_eq!(kinds("r \"a\"\n"), vec![ident("r"), T::Str(s("a")), T::Newline]);
    assert_eq!(kinds("r#x\n"), vec![ident("r"), T::Newline]);
    let lexed = run("r#\"a\"#\n");
    assert_eq!((lexed.tokens[0].span.start, lexed.tokens[0].span.end), (0, 6));
    assert!(lexed.diagnostics.is_empty());
    // A lone CR is allowed in a raw string; tab-indented lines inside one are content.
    assert!(codes("r\"a\rb\n\tc\"\n").is_empty());
}

#[test]
fn unterminated_raw_string() {
    assert_eq!(diags("r#\"abc\"\nxyz\n"), vec![("L0001", s("unterminated string literal"), 0, 7)]);
    assert_eq!(kinds("r#\"abc\"\nxyz\n"), vec![T::Str(s("abc\"\nxyz\n"))]);
}

#[test]
fn character_literals() {
    assert_eq!(
        kinds(r"'a' '\n' '\'' '\\' '\u{1F600}' 'é' '{'"),
        vec![T::Char('a'), T::Char('\n'), T::Char('\''), T::Char('\\'), T::Char('😀'), T::Char('é'), T::Char('{')]
    );
    assert!(codes("'a' '\\n'\n").is_empty());
}

#[test]
fn invalid_character_literals() {
    let msg = s("invalid character literal");
    assert_eq!(diags("''\n"), vec![("L0008", msg.clone(), 0, 2)]);
    assert_eq!(diags("'ab' x\n"), vec![("L0008", msg.clone(), 0, 4)]);
    assert_eq!(kinds("'ab' x\n"), vec![T::Char('a'), ident("x"), T::Newline]);
    assert_eq!(diags("'a\n"), vec![("L0008", msg.clone(), 0, 2)]);
    assert_eq!(diags("x '\n"), vec![("L0008", msg, 2, 3)]);
    assert_eq!(codes("'\\q'\n"), vec!["L0004"]);
}

#[test]
fn comments_are_kept_beside_the_tokens() {
    let lexed = run("a # note\nb #[ block ]# c\n#[x]#\n");
    let tokens: Vec<T> = lexed.tokens.iter().map(|t| t.kind.clone()).collect();
    assert_eq!(tokens, vec![ident("a"), T::Newline, ident("b"), ident("c"), T::Newline, T::Eof]);
    let comments: Vec<(CommentKind, &str, u32, u32)> =
        lexed.comments.iter().map(|c| (c.kind, c.text.as_str(), c.span.start, c.span.end)).collect();
    assert_eq!(
        comments,
        vec![
            (CommentKind::Line, "# note", 2, 8),
            (CommentKind::Block, "#[ block ]#", 11, 22),
            (CommentKind::Block, "#[x]#", 25, 30)
        ]
    );
    assert!(lexed.diagnostics.is_empty());
}

#[test]
fn multi_line_block_comment_ends_a_line() {
    assert_eq!(kinds("a #[ x\ny ]# b\n"), vec![ident("a"), T::Newline, ident("b"), T::Newline]);
    assert_eq!(kinds("(a #[ x\ny ]# b)\n"), vec![T::LParen, ident("a"), ident("b"), T::RParen, T::Newline]);
}

#[test]
fn unterminated_block_comment() {
    assert_eq!(diags("a #[ x\ny\n"), vec![("L0002", s("unterminated block comment"), 2, 4)]);
    let lexed = run("a #[ x\ny\n");
    assert_eq!(lexed.comments[0].text, "#[ x\ny\n");
}

#[test]
fn unexpected_characters() {
    assert_eq!(diags("a $ b\n"), vec![("L0005", s("unexpected character '$'"), 2, 3)]);
    assert_eq!(kinds("a $ b\n"), vec![ident("a"), ident("b"), T::Newline]);
    assert_eq!(codes("; ! & | \\\n"), vec!["L0005"; 5]);
    assert_eq!(diags("💜\n"), vec![("L0005", s("unexpected character '💜'"), 0, 4)]);
    assert_eq!(diags("\0\n"), vec![("L0005", s("unexpected character '\\0'"), 0, 1)]);
    // A lone CR is not a line ending.
    assert_eq!(diags("a\rb\n"), vec![("L0005", s("unexpected character '\\r'"), 1, 2)]);
    assert!(codes("@test\n").is_empty());
}

#[test]
fn newlines_collapse_and_never_lead() {
    assert_eq!(kinds("\n\n  \na\n\n\nb\n# c\n\n"), vec![ident("a"), T::Newline, ident("b"), T::Newline]);
    assert_eq!(kinds("a # c\n# d\nb"), vec![ident("a"), T::Newline, ident("b")]);
}

#[test]
fn newlines_suppressed_inside_parens_and_brackets() {
    assert_eq!(
        kinds("f(a: 1,\n  b: 2)\nx[\n1]\n"),
        vec![
            ident("f"),
            T::LParen,
            ident("a"),
            T::Colon,
            T::Int(1),
            T::Comma,
            ident("b"),
            T::Colon,
            T::Int(2),
            T::RParen,
            T::Newline,
            ident("x"),
            T::LBracket,
            T::Int(1),
            T::RBracket,
            T::Newline
        ]
    );
    // A brace inside parens re-enables newlines until it closes.
    assert_eq!(
        kinds("f(x: {\na\n}\n)\n"),
        vec![
            ident("f"),
            T::LParen,
            ident("x"),
            T::Colon,
            T::LBrace,
            T::Newline,
            ident("a"),
            T::Newline,
            T::RBrace,
            T::RParen,
            T::Newline
        ]
    );
    // An unmatched closer must not corrupt the nesting.
    assert_eq!(kinds(")\na\n"), vec![T::RParen, T::Newline, ident("a"), T::Newline]);
}

const CRLF_MSG: &str = "Rae files must use LF (\\n) line endings. CRLF found. Run `rae format` to fix.";
const MISSING_NL: &str =
    "Rae files must end with a newline (\\n). Missing final newline at end of file. Run `rae format` to fix.";

#[test]
fn crlf_is_reported_once_per_line() {
    assert!(CRLF_MSG.contains(r"LF (\n) line endings") && MISSING_NL.contains(r"newline (\n)."));
    assert_eq!(diags("a\r\nb\r\n"), vec![("L0101", s(CRLF_MSG), 1, 2), ("L0101", s(CRLF_MSG), 4, 5)]);
    assert_eq!(kinds("a\r\nb\r\n"), vec![ident("a"), T::Newline, ident("b"), T::Newline]);
    // Inside raw strings and comments too.
    assert_eq!(codes("r\"a\r\nb\"\n# c\r\n"), vec!["L0101", "L0101"]);
    assert_eq!(run("# c\r\n").comments[0].text, "# c");
}

#[test]
fn missing_final_newline() {
    assert_eq!(diags("let x = 1"), vec![("L0102", s(MISSING_NL), 9, 9)]);
    assert!(diags("").is_empty());
    assert!(diags("\n").is_empty());
    assert_eq!(codes("a\r"), vec!["L0005", "L0102"]);
}

#[test]
fn tab_indentation() {
    let msg = s("tab characters are not allowed for indentation; indent with two spaces");
    assert_eq!(diags("a\n\t\tb\n  \tc\n"), vec![("L0103", msg.clone(), 2, 3), ("L0103", msg, 8, 9)]);
    assert!(codes("a\tb # x\t\n").is_empty());
    assert_eq!(kinds("\ta\n"), vec![ident("a"), T::Newline]);
    assert!(codes("#[\n\tx ]#\n").is_empty());
}

#[test]
fn line_cap() {
    let at_cap = "x\n".repeat(1000);
    assert!(diags(&at_cap).is_empty());
    let over = "x\n".repeat(1001);
    let msg = "file exceeds the hard cap of 1000 lines. The cap is not overridable — split this file into smaller \
               domain-specific modules.";
    assert_eq!(diags(&over), vec![("L0104", s(msg), 2000, 2000)]);
    // The whole file is still lexed.
    assert_eq!(kinds(&over).len(), 2002);
}

#[test]
fn diagnostics_are_in_source_order() {
    let starts: Vec<u32> = diags("$ \"\\q\" 007\r\n").into_iter().map(|d| d.2).collect();
    assert_eq!(starts, vec![0, 3, 7, 10]);
}

/// A tiny xorshift so the random test needs no crate and is reproducible.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn random_input_never_panics() {
    const ALPHABET: &[char] = &[
        'a', 'r', 'x', '0', '1', '9', '.', '"', '\'', '\\', '{', '}', '(', ')', '[', ']', '#', '\n', '\r', '\t', ' ',
        'u', '+', '-', '=', '>', '<', '$', '\0', 'é', '💜', '\u{FFFD}',
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for _ in 0..4000 {
        let len = (xorshift(&mut state) % 40) as usize;
        let text: String = (0..len)
            .map(|_| {
                let r = xorshift(&mut state);
                if r & 7 == 0 {
                    char::from_u32((r >> 8) as u32 % 0x11_0000).unwrap_or('?')
                } else {
                    ALPHABET[(r >> 8) as usize % ALPHABET.len()]
                }
            })
            .collect();
        let lexed = run(&text);
        let tokens = &lexed.tokens;
        assert_eq!(tokens.iter().filter(|t| t.kind == T::Eof).count(), 1, "{text:?}");
        assert_eq!(tokens.last().map(|t| &t.kind), Some(&T::Eof), "{text:?}");
        assert_ne!(tokens.first().map(|t| &t.kind), Some(&T::Newline), "{text:?}");
        assert!(tokens.windows(2).all(|w| !(w[0].kind == T::Newline && w[1].kind == T::Newline)), "{text:?}");
        assert!(tokens.windows(2).all(|w| w[0].span.start <= w[1].span.start), "{text:?}");
        let in_bounds = |start: u32, end: u32| {
            start <= end && text.is_char_boundary(start as usize) && text.is_char_boundary(end as usize)
        };
        assert!(tokens.iter().all(|t| in_bounds(t.span.start, t.span.end)), "{text:?}");
        assert!(lexed.diagnostics.iter().flat_map(|d| d.span).all(|s| in_bounds(s.start, s.end)), "{text:?}");
        // Even broken strings reach the parser balanced: every StrStart is closed by one StrEnd.
        let mut open_strings = 0usize;
        for kind in tokens.iter().map(|t| &t.kind) {
            match kind {
                T::StrStart(_) => open_strings += 1,
                T::StrMid(_) => assert!(open_strings > 0, "{text:?}"),
                T::StrEnd(_) => open_strings = open_strings.checked_sub(1).unwrap_or_else(|| panic!("{text:?}")),
                _ => {}
            }
        }
        assert_eq!(open_strings, 0, "{text:?}");
    }
}
