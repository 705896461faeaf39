//! Natives of module `string`. Lengths and indices count UTF-8 bytes (`"Hello 💜".length()` is
//! 10).
//!
//! Choices where the reference is silent: `at(index:)` on a byte inside a multi-byte character
//! is a runtime error; `sub(start:, len:)` clamps its byte range to the string (a negative
//! start counts as 0, a negative length as 0, a range past the end stops at the end) and is an
//! error only when an end of the range falls inside a character; `replace` with an empty `old`
//! returns the string unchanged; `split` with an empty `sep` gives one string per character;
//! `trim` removes Unicode white space; `toUpper`/`toLower` change ASCII letters only (like C's
//! `toupper`); `toInt`/`toFloat` accept the whole string or nothing (no surrounding spaces).

use super::args::{int, string, string_rc};
use super::NativeRegistry;
use crate::vm::value::Value;
use std::cmp::Ordering;

pub(super) fn register(r: &mut NativeRegistry) {
    r.define("string.length", &["String"], Some("Int"), |_, a| Ok(Value::Int(string(a, 0)?.len() as i64)));
    r.define("string.at", &["String", "Int"], Some("Char32"), |_, a| char_at(string(a, 0)?, int(a, 1)?));
    r.define("string.equals", &["String", "String"], Some("Bool"), |_, a| {
        Ok(Value::Bool(string(a, 0)? == string(a, 1)?))
    });
    r.define("string.compare", &["String", "String"], Some("Int"), |_, a| {
        Ok(Value::Int(match string(a, 0)?.as_bytes().cmp(string(a, 1)?.as_bytes()) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        }))
    });
    r.define("string.concat", &["String", "String"], Some("String"), |_, a| {
        Ok(Value::str(&[string(a, 0)?, string(a, 1)?].concat()))
    });
    r.define("string.sub", &["String", "Int", "Int"], Some("String"), |_, a| {
        sub(string(a, 0)?, int(a, 1)?, int(a, 2)?)
    });
    predicate(r, "contains", |s, t| s.contains(t));
    predicate(r, "startsWith", |s, t| s.starts_with(t));
    predicate(r, "endsWith", |s, t| s.ends_with(t));
    r.define("string.indexOf", &["String", "String"], Some("Int"), |_, a| {
        Ok(Value::Int(string(a, 0)?.find(string(a, 1)?).map_or(-1, |k| k as i64)))
    });
    r.define("string.replace", &["String", "String", "String"], Some("String"), |_, a| {
        let (s, old, new) = (string_rc(a, 0)?, string(a, 1)?, string(a, 2)?);
        Ok(if old.is_empty() { Value::Str(s.clone()) } else { Value::string(s.replace(old, new)) })
    });
    r.define("string.split", &["String", "String"], Some("List(String)"), |_, a| {
        let (s, sep) = (string(a, 0)?, string(a, 1)?);
        let parts: Vec<Value> = if sep.is_empty() {
            s.char_indices().map(|(k, c)| Value::str(&s[k..k + c.len_utf8()])).collect()
        } else {
            s.split(sep).map(Value::str).collect()
        };
        Ok(Value::list(parts))
    });
    r.define("string.trim", &["String"], Some("String"), |_, a| Ok(Value::str(string(a, 0)?.trim())));
    r.define("string.toUpper", &["String"], Some("String"), |_, a| Ok(Value::str(&string(a, 0)?.to_ascii_uppercase())));
    r.define("string.toLower", &["String"], Some("String"), |_, a| Ok(Value::str(&string(a, 0)?.to_ascii_lowercase())));
    r.define("string.toInt", &["String"], Some("opt Int"), |_, a| {
        Ok(string(a, 0)?.parse::<i64>().map_or(Value::None, Value::Int))
    });
    r.define("string.toFloat", &["String"], Some("opt Float"), |_, a| {
        Ok(string(a, 0)?.parse::<f32>().map_or(Value::None, |x| Value::Float(f64::from(x))))
    });
}

/// `name(this: String, other: String) ret Bool`.
fn predicate(r: &mut NativeRegistry, name: &str, test: fn(&str, &str) -> bool) {
    r.define(&format!("string.{name}"), &["String", "String"], Some("Bool"), move |_, a| {
        Ok(Value::Bool(test(string(a, 0)?, string(a, 1)?)))
    });
}

fn char_at(s: &str, index: i64) -> Result<Value, String> {
    let k = super::args::in_range(index, s.len(), "String")?;
    match s.get(k..).and_then(|rest| rest.chars().next()) {
        Some(c) => Ok(Value::Char(c)),
        None => Err(format!("index {index} is inside a character of the String (not at the start of one)")),
    }
}

fn sub(s: &str, start: i64, len: i64) -> Result<Value, String> {
    let from = usize::try_from(start).unwrap_or(0).min(s.len());
    let to = from.saturating_add(usize::try_from(len).unwrap_or(0)).min(s.len());
    match s.get(from..to) {
        Some(part) => Ok(Value::str(part)),
        None => Err(format!("sub(start: {start}, len: {len}) would cut a character of the String in two")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::format_value;
    use crate::host::test_support::run;

    fn s(text: &str) -> Value {
        Value::str(text)
    }

    #[test]
    fn lengths_and_indices_count_bytes() {
        assert_eq!(run("string.length", &mut [s("Hello 💜")]), Ok(Value::Int(10)));
        assert_eq!(run("string.length", &mut [s("")]), Ok(Value::Int(0)));
        assert_eq!(run("string.at", &mut [s("Hello 💜"), Value::Int(6)]), Ok(Value::Char('💜')));
        assert_eq!(run("string.at", &mut [s("abc"), Value::Int(0)]), Ok(Value::Char('a')));
        assert_eq!(
            run("string.at", &mut [s("abc"), Value::Int(3)]),
            Err("index 3 out of range for String of length 3".into())
        );
        assert_eq!(
            run("string.at", &mut [s("abc"), Value::Int(-1)]),
            Err("index -1 out of range for String of length 3".into())
        );
        let inside = run("string.at", &mut [s("Hello 💜"), Value::Int(7)]);
        assert_eq!(inside, Err("index 7 is inside a character of the String (not at the start of one)".into()));
    }

    #[test]
    fn comparisons() {
        assert_eq!(run("string.equals", &mut [s("a"), s("a")]), Ok(Value::Bool(true)));
        assert_eq!(run("string.equals", &mut [s("a"), s("A")]), Ok(Value::Bool(false)));
        assert_eq!(run("string.compare", &mut [s("apple"), s("banana")]), Ok(Value::Int(-1)));
        assert_eq!(run("string.compare", &mut [s("b"), s("b")]), Ok(Value::Int(0)));
        assert_eq!(run("string.compare", &mut [s("b"), s("B")]), Ok(Value::Int(1)));
        assert_eq!(run("string.compare", &mut [s("ab"), s("a")]), Ok(Value::Int(1)));
    }

    #[test]
    fn concat_and_sub() {
        assert_eq!(run("string.concat", &mut [s("row-"), s("7")]), Ok(s("row-7")));
        let sub =
            |text: &str, start: i64, len: i64| run("string.sub", &mut [s(text), Value::Int(start), Value::Int(len)]);
        assert_eq!(sub("Hello world", 6, 5), Ok(s("world")));
        assert_eq!(sub("Hello", 1, 100), Ok(s("ello")));
        assert_eq!(sub("Hello", 9, 2), Ok(s("")));
        assert_eq!(sub("Hello", -3, 2), Ok(s("He")));
        assert_eq!(sub("Hello", 2, -1), Ok(s("")));
        assert_eq!(sub("Hello", 0, i64::MAX), Ok(s("Hello")));
        assert_eq!(sub("a💜b", 1, 4), Ok(s("💜")));
        assert_eq!(sub("a💜b", 1, 2), Err("sub(start: 1, len: 2) would cut a character of the String in two".into()));
    }

    #[test]
    fn searching() {
        let two = |key: &str, a: &str, b: &str| run(key, &mut [s(a), s(b)]);
        assert_eq!(two("string.contains", "haystack", "st"), Ok(Value::Bool(true)));
        assert_eq!(two("string.contains", "haystack", "x"), Ok(Value::Bool(false)));
        assert_eq!(two("string.startsWith", "haystack", "hay"), Ok(Value::Bool(true)));
        assert_eq!(two("string.startsWith", "haystack", "stack"), Ok(Value::Bool(false)));
        assert_eq!(two("string.endsWith", "haystack", "stack"), Ok(Value::Bool(true)));
        assert_eq!(two("string.endsWith", "haystack", "hay"), Ok(Value::Bool(false)));
        assert_eq!(two("string.indexOf", "haystack", "st"), Ok(Value::Int(3)));
        assert_eq!(two("string.indexOf", "haystack", "zz"), Ok(Value::Int(-1)));
        assert_eq!(two("string.indexOf", "haystack", ""), Ok(Value::Int(0)));
        assert_eq!(two("string.indexOf", "💜x", "x"), Ok(Value::Int(4)));
    }

    #[test]
    fn replace_and_split() {
        let replace = |a: &str, b: &str, c: &str| run("string.replace", &mut [s(a), s(b), s(c)]);
        assert_eq!(replace("a-b-c", "-", "+"), Ok(s("a+b+c")));
        assert_eq!(replace("aaa", "aa", "b"), Ok(s("ba")));
        assert_eq!(replace("abc", "", "x"), Ok(s("abc")));
        assert_eq!(replace("abc", "b", ""), Ok(s("ac")));
        let split = |a: &str, b: &str| run("string.split", &mut [s(a), s(b)]).map(|v| format_value(&v));
        assert_eq!(split("a,b,,c", ","), Ok("{ #(a, b, , c), 4, 4 }".into()));
        assert_eq!(split("abc", ","), Ok("{ #(abc), 1, 1 }".into()));
        assert_eq!(split("", ","), Ok("{ #(), 1, 1 }".into()));
        assert_eq!(split("a💜", ""), Ok("{ #(a, 💜), 2, 2 }".into()));
        assert_eq!(split("a::b", "::"), Ok("{ #(a, b), 2, 2 }".into()));
    }

    #[test]
    fn case_and_trim() {
        assert_eq!(run("string.trim", &mut [s(" \t hi there \n")]), Ok(s("hi there")));
        assert_eq!(run("string.toUpper", &mut [s("abc-é")]), Ok(s("ABC-é")));
        assert_eq!(run("string.toLower", &mut [s("ABC-É")]), Ok(s("abc-É")));
    }

    #[test]
    fn parsing_numbers() {
        let to_int = |t: &str| run("string.toInt", &mut [s(t)]);
        assert_eq!(to_int("42"), Ok(Value::Int(42)));
        assert_eq!(to_int("-7"), Ok(Value::Int(-7)));
        assert_eq!(to_int("9223372036854775807"), Ok(Value::Int(i64::MAX)));
        for bad in ["", " 1", "1.5", "abc", "9223372036854775808", "0x10"] {
            assert_eq!(to_int(bad), Ok(Value::None), "{bad:?}");
        }
        let to_float = |t: &str| run("string.toFloat", &mut [s(t)]);
        assert_eq!(to_float("1.5"), Ok(Value::Float(1.5)));
        assert_eq!(to_float("0.1"), Ok(Value::Float(f64::from(0.1f32))));
        assert_eq!(to_float("-2"), Ok(Value::Float(-2.0)));
        assert_eq!(to_float("1e3"), Ok(Value::Float(1000.0)));
        for bad in ["", "x", "1.2.3", " 1"] {
            assert_eq!(to_float(bad), Ok(Value::None), "{bad:?}");
        }
    }
}
