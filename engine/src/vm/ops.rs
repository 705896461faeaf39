//! The interpreter's heavier operations (strings, structs, containers, comparisons of any
//! type), kept out of the dispatch loop so its hot arms stay small. Each works on the frame's
//! registers and returns an error message for a value of the wrong kind.

use super::value::{ListObj, MapObj, StructObj, Value};
use crate::host::push_value;
use std::rc::Rc;

/// The message for a register holding another kind of value than the compiler proved.
#[cold]
#[inline(never)]
pub fn bad(what: &str, got: &Value) -> String {
    format!("internal error: expected {what}, found {got:?}")
}

/// The field path of `v` for writing, unsharing each object on the way.
pub fn path_mut<'v>(mut v: &'v mut Value, path: &[u16]) -> Result<&'v mut Value, String> {
    for &f in path {
        v = match v {
            Value::Struct(s) => Rc::make_mut(s).fields.get_mut(f as usize).ok_or("internal error: bad field")?,
            other => return Err(bad("a struct", other)),
        };
    }
    Ok(v)
}

/// Ordering of strings (bytewise), characters and the scalars.
pub fn less(a: &Value, b: &Value, or_equal: bool) -> Result<bool, String> {
    let ord = match (a, b) {
        (Value::Str(x), Value::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Char(x), Value::Char(y)) => x.cmp(y),
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => return Ok(if or_equal { x <= y } else { x < y }),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (other, _) => return Err(bad("comparable values", other)),
    };
    Ok(if or_equal { ord.is_le() } else { ord.is_lt() })
}

/// `regs[dst] = regs[a] + regs[b]` on strings. When `dst` is `a` and nobody else holds the
/// string, the text is appended in place (`s = s + t` in a loop is then linear, not quadratic).
pub fn concat(regs: &mut [Value], dst: usize, a: usize, b: usize) -> Result<(), String> {
    if dst == a && dst != b {
        if let (Some(Value::Str(_)), Some(Value::Str(y))) = (regs.get(a), regs.get(b)) {
            let y = Rc::clone(y);
            if let Some(Value::Str(x)) = regs.get_mut(a) {
                Rc::make_mut(x).push_str(&y);
                return Ok(());
            }
        }
    }
    let s = match (regs.get(a), regs.get(b)) {
        (Some(Value::Str(x)), Some(Value::Str(y))) => {
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            s
        }
        (x, _) => return Err(bad("two Strings", x.unwrap_or(&Value::None))),
    };
    store(regs, dst, Value::string(s))
}

/// The print formats of `regs[first..first + count]`, concatenated.
pub fn interpolate(regs: &[Value], first: usize, count: usize) -> Result<Value, String> {
    let parts = regs.get(first..first + count).ok_or("internal error: bad register range")?;
    let mut s = String::new();
    for v in parts {
        push_value(&mut s, v);
    }
    Ok(Value::string(s))
}

/// Moves `regs[first..first + count]` out (leaving `none`).
pub fn take_range(regs: &mut [Value], first: usize, count: usize) -> Result<Vec<Value>, String> {
    let parts = regs.get_mut(first..first + count).ok_or("internal error: bad register range")?;
    Ok(parts.iter_mut().map(std::mem::take).collect())
}

pub fn make_struct(regs: &mut [Value], first: usize, count: usize, ty: u32) -> Result<Value, String> {
    Ok(Value::Struct(Rc::new(StructObj { ty, fields: take_range(regs, first, count)? })))
}

pub fn make_list(regs: &mut [Value], first: usize, count: usize) -> Result<Value, String> {
    Ok(Value::list(take_range(regs, first, count)?))
}

/// `length` of a list, a map or a string (in bytes).
pub fn len(v: &Value) -> Result<i64, String> {
    Ok(match v {
        Value::List(l) => l.items.len(),
        Value::Map(m) => match &**m {
            MapObj::Str(x) => x.len(),
            MapObj::Int(x) => x.len(),
        },
        Value::Str(s) => s.len(),
        other => return Err(bad("a List, a map or a String", other)),
    } as i64)
}

pub fn list_mut(v: &mut Value) -> Result<&mut ListObj, String> {
    match v {
        Value::List(l) => Ok(Rc::make_mut(l)),
        other => Err(bad("a List", other)),
    }
}

pub fn list(v: &Value) -> Result<&ListObj, String> {
    match v {
        Value::List(l) => Ok(l),
        other => Err(bad("a List", other)),
    }
}

/// `map[key] = v`.
pub fn map_set(map: &mut Value, key: Value, v: Value) -> Result<(), String> {
    match map {
        Value::Map(m) => match (Rc::make_mut(m), key) {
            (MapObj::Str(m), Value::Str(k)) => {
                m.insert(k, v);
            }
            (MapObj::Int(m), Value::Int(k)) => {
                m.insert(k, v);
            }
            (_, k) => return Err(bad("a map key", &k)),
        },
        other => return Err(bad("a map", other)),
    }
    Ok(())
}

/// The value under `key` in `map` (a map's `get`/`has`).
pub fn map_lookup<'m>(map: &'m Value, key: &Value) -> Result<Option<&'m Value>, String> {
    match (map, key) {
        (Value::Map(m), k) => match (&**m, k) {
            (MapObj::Str(m), Value::Str(k)) => Ok(m.get(k)),
            (MapObj::Int(m), Value::Int(k)) => Ok(m.get(k)),
            (_, k) => Err(bad("a map key", k)),
        },
        (other, _) => Err(bad("a map", other)),
    }
}

/// Writes `v` into register `r` (dropping what it held).
pub fn store(regs: &mut [Value], r: usize, v: Value) -> Result<(), String> {
    let slot = regs.get_mut(r).ok_or("internal error: bad register")?;
    Value::store(slot, v);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concat_appends_in_place_only_to_an_unshared_string() {
        let mut regs = vec![Value::str("ab"), Value::str("cd"), Value::None];
        concat(&mut regs, 0, 0, 1).unwrap();
        assert_eq!(regs[0], Value::str("abcd"));
        let shared = regs[0].clone();
        concat(&mut regs, 0, 0, 1).unwrap();
        assert_eq!((&regs[0], &shared), (&Value::str("abcdcd"), &Value::str("abcd")));
        concat(&mut regs, 2, 1, 1).unwrap();
        assert_eq!(regs[2], Value::str("cdcd"));
        concat(&mut regs, 1, 1, 1).unwrap();
        assert_eq!(regs[1], Value::str("cdcd"));
        assert!(concat(&mut regs, 2, 0, 9).is_err());
    }
}
