//! The body of a `@function "lang"` function is another language's code: the lexer takes it
//! verbatim, up to the `}` that balances its `{`. Braces inside that language's strings and
//! comments do not count, so each language's string and comment forms are skipped here.

/// The string and comment forms of a script language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Syntax {
    /// `-- line`, `--[[ block ]]`, `'…'`, `"…"`, `[[ long ]]` (levels `[==[ … ]==]`).
    Lua,
    /// `// line`, `/* block */`, `'…'`, `"…"`, `` `…` ``.
    JavaScript,
    /// `# line`, `'…'`, `"…"`, `'''…'''`, `"""…"""`.
    Python,
    /// `// line`, nested `/* block */`, `"…"`.
    Wren,
}

impl Syntax {
    fn of(lang: &str) -> Syntax {
        match lang {
            "javascript" => Syntax::JavaScript,
            "python" | "micropython" => Syntax::Python,
            "wren" => Syntax::Wren,
            // An unknown language is reported by the checker; Lua's rules are a fair guess.
            _ => Syntax::Lua,
        }
    }
}

/// The index of the `}` closing a body whose code starts at `start` (just after its `{`), or
/// `None` when the text ends first.
pub fn body_end(lang: &str, bytes: &[u8], start: usize) -> Option<usize> {
    let syntax = Syntax::of(lang);
    let mut depth = 0usize;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        let at = |s: &str| bytes[i..].starts_with(s.as_bytes());
        i = match (syntax, b) {
            (_, b'{') => {
                depth += 1;
                i + 1
            }
            (_, b'}') if depth == 0 => return Some(i),
            (_, b'}') => {
                depth -= 1;
                i + 1
            }
            (Syntax::Lua, b'-') if at("--") => match long_bracket(bytes, i + 2) {
                Some(level) => long_close(bytes, i + 2, level)?,
                None => line_end(bytes, i),
            },
            (Syntax::Lua, b'[') => match long_bracket(bytes, i) {
                Some(level) => long_close(bytes, i, level)?,
                None => i + 1,
            },
            (Syntax::JavaScript | Syntax::Wren, b'/') if at("//") => line_end(bytes, i),
            (Syntax::JavaScript, b'/') if at("/*") => find(bytes, i + 2, b"*/")? + 2,
            (Syntax::Wren, b'/') if at("/*") => nested_comment_end(bytes, i)?,
            (Syntax::Python, b'#') => line_end(bytes, i),
            (Syntax::Python, b'\'' | b'"') if bytes[i..].starts_with(&[b, b, b]) => find(bytes, i + 3, &[b, b, b])? + 3,
            (Syntax::JavaScript, b'`') => quoted_end(bytes, i, b'`')?,
            (Syntax::Lua | Syntax::JavaScript | Syntax::Python, b'\'') => quoted_end(bytes, i, b'\'')?,
            (_, b'"') => quoted_end(bytes, i, b'"')?,
            _ => i + 1,
        };
    }
    None
}

/// The index after a quoted string opened at `i`; a backslash escapes the next byte. Only a
/// template string (`` ` ``) spans lines: another quote left open ends at its line's end, so
/// a stray quote cannot swallow the rest of the file.
fn quoted_end(bytes: &[u8], i: usize, quote: u8) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match *bytes.get(j)? {
            b'\\' => j += 2,
            b if b == quote => return Some(j + 1),
            b'\n' if quote != b'`' => return Some(j),
            _ => j += 1,
        }
    }
}

/// The index of the newline ending the line at `i` (or the end of the text).
fn line_end(bytes: &[u8], i: usize) -> usize {
    find(bytes, i, b"\n").unwrap_or(bytes.len())
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let rest = bytes.get(from..)?;
    rest.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

/// The level of a Lua long bracket `[==[` at `i` (the number of `=`), if there is one.
fn long_bracket(bytes: &[u8], i: usize) -> Option<usize> {
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    let level = bytes[i + 1..].iter().take_while(|&&b| b == b'=').count();
    (bytes.get(i + 1 + level) == Some(&b'[')).then_some(level)
}

/// The index after the `]==]` closing the long bracket of `level` opened at `i`.
fn long_close(bytes: &[u8], i: usize, level: usize) -> Option<usize> {
    let close: Vec<u8> = std::iter::once(b']').chain(std::iter::repeat_n(b'=', level)).chain([b']']).collect();
    Some(find(bytes, i + level + 2, &close)? + close.len())
}

/// The index after a Wren block comment opened at `i` (Wren's block comments nest).
fn nested_comment_end(bytes: &[u8], i: usize) -> Option<usize> {
    let (mut depth, mut j) = (0usize, i);
    while j + 1 < bytes.len() {
        match &bytes[j..j + 2] {
            b"/*" => {
                depth += 1;
                j += 2;
            }
            b"*/" => {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => j += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::body_end;

    fn body(lang: &str, text: &str) -> Option<String> {
        body_end(lang, text.as_bytes(), 0).map(|end| text[..end].to_string())
    }

    #[test]
    fn braces_in_each_languages_strings_and_comments_do_not_count() {
        let lua = " local t = { '}', \"}\", [[}]], [==[ ]] } ]==] } -- }\n --[[ } ]] return t ";
        assert_eq!(body("lua", &format!("{lua}}} rest")), Some(lua.to_string()));
        let js = " const s = `}` + '}' + \"\\\"}\"; /* } */ // }\n return { a: s }; ";
        assert_eq!(body("javascript", &format!("{js}}}")), Some(js.to_string()));
        let py = " d = {'a': '}'}  # }\n s = \"\"\"}\n}\"\"\"\n return d ";
        assert_eq!(body("python", &format!("{py}}}")), Some(py.to_string()));
        let wren = " /* /* } */ } */ var s = \"}\" // }\n return s ";
        assert_eq!(body("wren", &format!("{wren}}}")), Some(wren.to_string()));
    }

    #[test]
    fn an_unclosed_body_has_no_end_and_an_unclosed_quote_ends_with_its_line() {
        assert_eq!(body("lua", " return 1 "), None);
        assert_eq!(body("lua", " return '}"), None);
        assert_eq!(body("javascript", " /* } "), None);
        assert_eq!(body("lua", " return \"it's\" .. 'x }\n"), None);
        assert_eq!(body("lua", " x = 'open\n}"), Some(" x = 'open\n".to_string()));
    }
}
