//! Reading a native's arguments by type. The VM passes what the checker proved, so a mismatch
//! is an internal error; it is still reported as an error, never a panic.

use crate::vm::value::{ListObj, MapObj, Value};
use std::rc::Rc;

fn mismatch(i: usize, what: &str, got: &Value) -> String {
    format!("internal error: argument {i} of a native should be {what}, got {got:?}")
}

pub fn int(args: &[Value], i: usize) -> Result<i64, String> {
    match args.get(i) {
        Some(Value::Int(n)) => Ok(*n),
        other => Err(mismatch(i, "an Int", other.unwrap_or(&Value::None))),
    }
}

pub fn float(args: &[Value], i: usize) -> Result<f64, String> {
    match args.get(i) {
        Some(Value::Float(x)) => Ok(*x),
        other => Err(mismatch(i, "a Float", other.unwrap_or(&Value::None))),
    }
}

pub fn char(args: &[Value], i: usize) -> Result<char, String> {
    match args.get(i) {
        Some(Value::Char(c)) => Ok(*c),
        other => Err(mismatch(i, "a Char32", other.unwrap_or(&Value::None))),
    }
}

pub fn string(args: &[Value], i: usize) -> Result<&str, String> {
    string_rc(args, i).map(|s| s.as_str())
}

/// A string argument as the shared handle, for keeping it without copying the text.
pub fn string_rc(args: &[Value], i: usize) -> Result<&Rc<String>, String> {
    match args.get(i) {
        Some(Value::Str(s)) => Ok(s),
        other => Err(mismatch(i, "a String", other.unwrap_or(&Value::None))),
    }
}

pub fn list(args: &[Value], i: usize) -> Result<&ListObj, String> {
    match args.get(i) {
        Some(Value::List(l)) => Ok(l),
        other => Err(mismatch(i, "a List", other.unwrap_or(&Value::None))),
    }
}

/// The list of a `mod` argument, unshared first so writes do not reach other copies.
pub fn list_mut(args: &mut [Value], i: usize) -> Result<&mut ListObj, String> {
    match args.get_mut(i) {
        Some(Value::List(l)) => Ok(Rc::make_mut(l)),
        other => Err(mismatch(i, "a List", other.map_or(&Value::None, |v| &*v))),
    }
}

pub fn map(args: &[Value], i: usize) -> Result<&MapObj, String> {
    match args.get(i) {
        Some(Value::Map(m)) => Ok(m),
        other => Err(mismatch(i, "a Map", other.unwrap_or(&Value::None))),
    }
}

/// The map of a `mod` argument, unshared first.
pub fn map_mut(args: &mut [Value], i: usize) -> Result<&mut MapObj, String> {
    match args.get_mut(i) {
        Some(Value::Map(m)) => Ok(Rc::make_mut(m)),
        other => Err(mismatch(i, "a Map", other.map_or(&Value::None, |v| &*v))),
    }
}

/// Moves a `copy`/`own` argument out (the VM already copied it for the callee).
pub fn take(args: &mut [Value], i: usize) -> Value {
    args.get_mut(i).map(std::mem::take).unwrap_or_default()
}

/// A capacity argument (`createList(cap:)`, `createStringMap(cap:)`), which may not be negative.
pub fn capacity(args: &[Value], i: usize) -> Result<usize, String> {
    let cap = int(args, i)?;
    usize::try_from(cap).map_err(|_| format!("capacity must not be negative (got {cap})"))
}

/// An index into something of `len` elements, or the reference's out-of-range error
/// (`what` is `List` or `String`).
pub fn index(args: &[Value], i: usize, len: usize, what: &str) -> Result<usize, String> {
    let n = int(args, i)?;
    in_range(n, len, what)
}

pub fn in_range(n: i64, len: usize, what: &str) -> Result<usize, String> {
    match usize::try_from(n) {
        Ok(k) if k < len => Ok(k),
        _ => Err(out_of_range(n, len, what)),
    }
}

/// The reference's message for a bad index `n` into something of `len` elements.
pub fn out_of_range(n: i64, len: usize, what: &str) -> String {
    format!("index {n} out of range for {what} of length {len}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_reads_report_mismatches_without_panicking() {
        let mut args = vec![Value::Int(3), Value::str("x")];
        assert_eq!(int(&args, 0), Ok(3));
        assert!(int(&args, 1).unwrap_err().contains("should be an Int"));
        assert!(int(&args, 9).is_err());
        assert!(float(&args, 0).is_err());
        assert!(list_mut(&mut args, 0).is_err());
        assert_eq!(string(&args, 1).unwrap(), "x");
        assert_eq!(take(&mut args, 1), Value::str("x"));
        assert_eq!(args[1], Value::None);
        assert_eq!(take(&mut args, 7), Value::None);
    }

    #[test]
    fn indices_and_capacities_are_checked() {
        assert_eq!(in_range(2, 3, "List"), Ok(2));
        assert_eq!(in_range(3, 3, "List"), Err("index 3 out of range for List of length 3".to_string()));
        assert_eq!(in_range(-1, 3, "String"), Err("index -1 out of range for String of length 3".to_string()));
        assert_eq!(capacity(&[Value::Int(4)], 0), Ok(4));
        assert_eq!(capacity(&[Value::Int(-2)], 0), Err("capacity must not be negative (got -2)".to_string()));
    }
}
