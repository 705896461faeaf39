//! Natives of `List(T)` (module `core`). What each does to `length`/`cap`: `add` and `insert`
//! grow like the reference (full: capacity doubles, 0 becomes 4); `pop`, `remove`,
//! `swapRemove`, `removeLast`, `truncate` and `clear` shorten the list but never shrink `cap`.
//!
//! Choices where the reference is silent: `removeLast()` on an empty list is the same error as
//! `pop()`; `truncate(len:)` with `len` at or past the length does nothing and a negative `len`
//! empties the list; `sort()` orders Int and Char32 numerically, Float with IEEE total order
//! (`-0 < 0`, NaN last), String by bytes, Bool false first, and structs/lists field by field.

use super::args::{capacity, in_range, index, int, list, list_mut, out_of_range, string, take};
use super::NativeRegistry;
use crate::vm::value::{ListObj, Value};
use std::cmp::Ordering;
use std::rc::Rc;

/// `createList(cap:)` reserves memory for at most this many elements up front: the capacity
/// a program asks for is only a number it prints until the list really grows.
const MAX_PREALLOCATION: usize = 1 << 16;

const EMPTY_POP: &str = "pop from an empty List";

pub(super) fn register(r: &mut NativeRegistry) {
    r.define("core.createList", &["Int"], Some("List(T)"), |_, a| {
        let cap = capacity(a, 0)?;
        Ok(Value::List(Rc::new(ListObj { items: Vec::with_capacity(cap.min(MAX_PREALLOCATION)), cap })))
    });
    r.define("core.add", &["List(T)", "T"], None, |_, a| {
        let value = take(a, 1);
        list_mut(a, 0)?.push(value);
        Ok(Value::None)
    });
    for (key, ret) in [("get(List(T),Int)", "opt T"), ("at", "opt T"), ("viewAt", "opt view T")] {
        r.define(&format!("core.{key}"), &["List(T)", "Int"], Some(ret), element);
    }
    // The VM writes the element back through its own place handling; the native only reads.
    r.define("core.modAt", &["List(T)", "Int"], Some("opt mod T"), element);
    r.define("core.set(List(T),Int,T)", &["List(T)", "Int", "T"], None, |_, a| {
        let value = take(a, 2);
        let k = int(a, 1)?;
        let items = &mut list_mut(a, 0)?.items;
        let slot = in_range(k, items.len(), "List")?;
        items[slot] = value;
        Ok(Value::None)
    });
    r.define("core.insert", &["List(T)", "Int", "T"], None, |_, a| {
        let value = take(a, 2);
        let k = int(a, 1)?;
        let l = list_mut(a, 0)?;
        let at = usize::try_from(k).ok().filter(|&at| at <= l.items.len());
        let at = at.ok_or_else(|| out_of_range(k, l.items.len(), "List"))?;
        l.grow_for_one();
        l.items.insert(at, value);
        Ok(Value::None)
    });
    r.define("core.pop", &["List(T)"], Some("T"), |_, a| list_mut(a, 0)?.items.pop().ok_or_else(|| EMPTY_POP.into()));
    r.define("core.removeLast", &["List(T)"], None, |_, a| {
        list_mut(a, 0)?.items.pop().ok_or(EMPTY_POP)?;
        Ok(Value::None)
    });
    r.define("core.remove(List(T),Int)", &["List(T)", "Int"], Some("T"), |_, a| {
        let k = int(a, 1)?;
        let items = &mut list_mut(a, 0)?.items;
        Ok(items.remove(in_range(k, items.len(), "List")?))
    });
    r.define("core.swapRemove", &["List(T)", "Int"], Some("T"), |_, a| {
        let k = int(a, 1)?;
        let items = &mut list_mut(a, 0)?.items;
        Ok(items.swap_remove(in_range(k, items.len(), "List")?))
    });
    r.define("core.truncate", &["List(T)", "Int"], None, |_, a| {
        let len = usize::try_from(int(a, 1)?).unwrap_or(0);
        list_mut(a, 0)?.items.truncate(len);
        Ok(Value::None)
    });
    r.define("core.clear", &["List(T)"], None, |_, a| {
        list_mut(a, 0)?.items.clear();
        Ok(Value::None)
    });
    r.define("core.swap", &["List(T)", "Int", "Int"], None, |_, a| {
        let len = list(a, 0)?.items.len();
        let (i, j) = (index(a, 1, len, "List")?, index(a, 2, len, "List")?);
        list_mut(a, 0)?.items.swap(i, j);
        Ok(Value::None)
    });
    r.define("core.sort", &["List(T)"], None, |_, a| {
        list_mut(a, 0)?.items.sort_by(order);
        Ok(Value::None)
    });
    r.define("core.sortDesc", &["List(T)"], None, |_, a| {
        list_mut(a, 0)?.items.sort_by(|x, y| order(y, x));
        Ok(Value::None)
    });
    r.define("core.reverse", &["List(T)"], None, |_, a| {
        list_mut(a, 0)?.items.reverse();
        Ok(Value::None)
    });
    r.define("core.isEmpty", &["List(T)"], Some("Bool"), |_, a| Ok(Value::Bool(list(a, 0)?.items.is_empty())));
    r.define("core.contains", &["List(T)", "T"], Some("Bool"), |_, a| Ok(Value::Bool(position(a)?.is_some())));
    r.define("core.indexOf", &["List(T)", "T"], Some("Int"), |_, a| {
        Ok(Value::Int(position(a)?.map_or(-1, |k| k as i64)))
    });
    r.define("core.join", &["List(String)", "String"], Some("String"), |_, a| {
        let sep = string(a, 1)?;
        let mut out = String::new();
        for (k, item) in list(a, 0)?.items.iter().enumerate() {
            if k > 0 {
                out.push_str(sep);
            }
            match item {
                Value::Str(s) => out.push_str(s),
                other => out.push_str(&super::format_value(other)),
            }
        }
        Ok(Value::str(&out))
    });
}

/// `get`/`at`/`viewAt`/`modAt`: the element, or `none` when the index is out of range.
fn element(_: &mut super::HostState, a: &mut [Value]) -> Result<Value, String> {
    let k = int(a, 1)?;
    let items = &list(a, 0)?.items;
    Ok(usize::try_from(k).ok().and_then(|k| items.get(k)).cloned().unwrap_or(Value::None))
}

/// Where `args[1]` first occurs in the list `args[0]` (structural equality).
fn position(a: &[Value]) -> Result<Option<usize>, String> {
    let needle = a.get(1).unwrap_or(&Value::None);
    Ok(list(a, 0)?.items.iter().position(|v| v == needle))
}

/// A total order on values of one type, for `sort`; values of different variants (only `none`
/// against a value, in an `opt` list) order by variant, `none` first.
fn order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => x.total_cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Char(x), Value::Char(y)) => x.cmp(y),
        (Value::Str(x), Value::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Struct(x), Value::Struct(y)) => sequence(&x.fields, &y.fields),
        (Value::List(x), Value::List(y)) => sequence(&x.items, &y.items),
        _ => rank(a).cmp(&rank(b)),
    }
}

fn sequence(a: &[Value], b: &[Value]) -> Ordering {
    a.iter().zip(b).map(|(x, y)| order(x, y)).find(|o| o.is_ne()).unwrap_or_else(|| a.len().cmp(&b.len()))
}

fn rank(v: &Value) -> u8 {
    match v {
        Value::None => 0,
        Value::Int(_) => 1,
        Value::Float(_) => 2,
        Value::Bool(_) => 3,
        Value::Char(_) => 4,
        Value::Str(_) => 5,
        Value::List(_) => 6,
        Value::Struct(_) => 7,
        Value::Map(_) => 8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::format_value;
    use crate::host::test_support::run;
    use crate::vm::value::StructObj;

    fn ints(xs: &[i64]) -> Value {
        Value::list(xs.iter().map(|&x| Value::Int(x)).collect())
    }

    /// Runs a `mod` native on `list` and returns the result and the list as printed after it.
    fn on(list: &Value, key: &str, more: &[Value]) -> (Result<Value, String>, String) {
        let mut args = vec![list.clone()];
        args.extend_from_slice(more);
        let result = run(key, &mut args);
        (result, format_value(&args[0]))
    }

    #[test]
    fn create_and_add_grow_like_the_reference() {
        let list = run("core.createList", &mut [Value::Int(0)]).unwrap();
        assert_eq!(format_value(&list), "{ #(), 0, 0 }");
        let (_, printed) = on(&list, "core.add", &[Value::Int(7)]);
        assert_eq!(printed, "{ #(7, none, none, none), 1, 4 }");
        let (_, printed) = on(&ints(&[10, 20]), "core.add", &[Value::Int(30)]);
        assert_eq!(printed, "{ #(10, 20, 30, none), 3, 4 }");
        let two = run("core.createList", &mut [Value::Int(2)]).unwrap();
        assert_eq!(format_value(&two), "{ #(none, none), 0, 2 }");
        assert_eq!(run("core.createList", &mut [Value::Int(-1)]), Err("capacity must not be negative (got -1)".into()));
        let huge = run("core.createList", &mut [Value::Int(i64::MAX)]).unwrap();
        assert!(matches!(huge, Value::List(l) if l.cap == i64::MAX as usize));
    }

    #[test]
    fn add_copies_on_write() {
        let shared = ints(&[1]);
        let (_, printed) = on(&shared, "core.add", &[Value::Int(2)]);
        assert_eq!(printed, "{ #(1, 2), 2, 2 }");
        assert_eq!(format_value(&shared), "{ #(1), 1, 1 }");
    }

    #[test]
    fn element_reads_give_none_out_of_range() {
        let list = ints(&[10, 20]);
        for key in ["core.get(List(T),Int)", "core.at", "core.viewAt", "core.modAt"] {
            assert_eq!(run(key, &mut [list.clone(), Value::Int(1)]), Ok(Value::Int(20)), "{key}");
            assert_eq!(run(key, &mut [list.clone(), Value::Int(2)]), Ok(Value::None), "{key}");
            assert_eq!(run(key, &mut [list.clone(), Value::Int(-1)]), Ok(Value::None), "{key}");
        }
    }

    #[test]
    fn set_insert_and_removals() {
        let list = ints(&[1, 2, 3]);
        assert_eq!(on(&list, "core.set(List(T),Int,T)", &[Value::Int(1), Value::Int(9)]).1, "{ #(1, 9, 3), 3, 3 }");
        let (err, _) = on(&list, "core.set(List(T),Int,T)", &[Value::Int(3), Value::Int(9)]);
        assert_eq!(err, Err("index 3 out of range for List of length 3".into()));
        assert_eq!(on(&list, "core.insert", &[Value::Int(0), Value::Int(0)]).1, "{ #(0, 1, 2, 3, none, none), 4, 6 }");
        assert_eq!(on(&list, "core.insert", &[Value::Int(3), Value::Int(4)]).1, "{ #(1, 2, 3, 4, none, none), 4, 6 }");
        let (err, _) = on(&list, "core.insert", &[Value::Int(4), Value::Int(0)]);
        assert_eq!(err, Err("index 4 out of range for List of length 3".into()));
        assert_eq!(on(&list, "core.pop", &[]), (Ok(Value::Int(3)), "{ #(1, 2, none), 2, 3 }".into()));
        assert_eq!(on(&list, "core.removeLast", &[]), (Ok(Value::None), "{ #(1, 2, none), 2, 3 }".into()));
        let (removed, printed) = on(&list, "core.remove(List(T),Int)", &[Value::Int(0)]);
        assert_eq!((removed, printed.as_str()), (Ok(Value::Int(1)), "{ #(2, 3, none), 2, 3 }"));
        let (removed, printed) = on(&list, "core.swapRemove", &[Value::Int(0)]);
        assert_eq!((removed, printed.as_str()), (Ok(Value::Int(1)), "{ #(3, 2, none), 2, 3 }"));
        let (err, _) = on(&list, "core.remove(List(T),Int)", &[Value::Int(-1)]);
        assert_eq!(err, Err("index -1 out of range for List of length 3".into()));
        let (err, _) = on(&list, "core.swapRemove", &[Value::Int(5)]);
        assert_eq!(err, Err("index 5 out of range for List of length 3".into()));
        let empty = ints(&[]);
        assert_eq!(on(&empty, "core.pop", &[]).0, Err("pop from an empty List".into()));
        assert_eq!(on(&empty, "core.removeLast", &[]).0, Err("pop from an empty List".into()));
    }

    #[test]
    fn truncate_clear_and_swap_keep_the_capacity() {
        let list = ints(&[1, 2, 3]);
        assert_eq!(on(&list, "core.truncate", &[Value::Int(1)]).1, "{ #(1, none, none), 1, 3 }");
        assert_eq!(on(&list, "core.truncate", &[Value::Int(9)]).1, "{ #(1, 2, 3), 3, 3 }");
        assert_eq!(on(&list, "core.truncate", &[Value::Int(-2)]).1, "{ #(none, none, none), 0, 3 }");
        assert_eq!(on(&list, "core.clear", &[]).1, "{ #(none, none, none), 0, 3 }");
        assert_eq!(on(&list, "core.swap", &[Value::Int(0), Value::Int(2)]).1, "{ #(3, 2, 1), 3, 3 }");
        let (err, _) = on(&list, "core.swap", &[Value::Int(0), Value::Int(3)]);
        assert_eq!(err, Err("index 3 out of range for List of length 3".into()));
    }

    #[test]
    fn sorting_and_reversing() {
        assert_eq!(on(&ints(&[3, -1, 2]), "core.sort", &[]).1, "{ #(-1, 2, 3), 3, 3 }");
        assert_eq!(on(&ints(&[3, -1, 2]), "core.sortDesc", &[]).1, "{ #(3, 2, -1), 3, 3 }");
        assert_eq!(on(&ints(&[1, 2, 3]), "core.reverse", &[]).1, "{ #(3, 2, 1), 3, 3 }");
        let floats = Value::list([2.5, -0.0, f64::NAN, 0.0, -3.0].into_iter().map(Value::Float).collect());
        assert_eq!(on(&floats, "core.sort", &[]).1, "{ #(-3, -0, 0, 2.5, nan), 5, 5 }");
        let strings = Value::list(["b", "B", "a", "ab", ""].into_iter().map(Value::str).collect());
        assert_eq!(on(&strings, "core.sort", &[]).1, "{ #(, B, a, ab, b), 5, 5 }");
        let chars = Value::list(['z', 'a', 'é'].into_iter().map(Value::Char).collect());
        assert_eq!(on(&chars, "core.sortDesc", &[]).1, "{ #(é, z, a), 3, 3 }");
        let bools = Value::list(vec![Value::Bool(true), Value::Bool(false)]);
        assert_eq!(on(&bools, "core.sort", &[]).1, "{ #(false, true), 2, 2 }");
        let pair =
            |a: i64, b: i64| Value::Struct(Rc::new(StructObj { ty: 0, fields: vec![Value::Int(a), Value::Int(b)] }));
        let structs = Value::list(vec![pair(2, 1), pair(1, 5), pair(1, 2)]);
        assert_eq!(on(&structs, "core.sort", &[]).1, "{ #({ 1, 2 }, { 1, 5 }, { 2, 1 }), 3, 3 }");
        let opts = Value::list(vec![Value::Int(2), Value::None, Value::Int(1)]);
        assert_eq!(on(&opts, "core.sort", &[]).1, "{ #(none, 1, 2), 3, 3 }");
    }

    #[test]
    fn queries() {
        let list = ints(&[5, 6, 5]);
        assert_eq!(run("core.isEmpty", &mut [list.clone()]), Ok(Value::Bool(false)));
        assert_eq!(run("core.isEmpty", &mut [ints(&[])]), Ok(Value::Bool(true)));
        assert_eq!(run("core.contains", &mut [list.clone(), Value::Int(6)]), Ok(Value::Bool(true)));
        assert_eq!(run("core.contains", &mut [list.clone(), Value::Int(7)]), Ok(Value::Bool(false)));
        assert_eq!(run("core.indexOf", &mut [list.clone(), Value::Int(5)]), Ok(Value::Int(0)));
        assert_eq!(run("core.indexOf", &mut [list, Value::Int(7)]), Ok(Value::Int(-1)));
        let nested = Value::list(vec![ints(&[1]), ints(&[2])]);
        assert_eq!(run("core.indexOf", &mut [nested, ints(&[2])]), Ok(Value::Int(1)));
    }

    #[test]
    fn join_strings() {
        let words = Value::list(["a", "bc", ""].into_iter().map(Value::str).collect());
        assert_eq!(run("core.join", &mut [words, Value::str(", ")]), Ok(Value::str("a, bc, ")));
        assert_eq!(run("core.join", &mut [ints(&[]), Value::str("-")]), Ok(Value::str("")));
        assert!(run("core.join", &mut [Value::Int(1), Value::str("-")]).is_err());
    }
}
