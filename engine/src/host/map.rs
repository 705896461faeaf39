//! Natives of `StringMap(V)` and `IntMap(V)` (module `core`): insertion-ordered maps, so
//! `keys()`, `values()` and printing follow the order keys were first set; `remove` keeps the
//! order of the others. The overloads with the label `k:` share these keys.

use super::args::{capacity, map, map_mut, string_rc, take};
use super::{Direct, NativeRegistry};
use crate::vm::value::{Map, MapObj, Value};
use std::rc::Rc;

/// Memory reserved up front for at most this many entries, whatever `cap:` asks for.
const MAX_PREALLOCATION: usize = 1 << 16;

/// The two map types (map type, key type): they share the code of their natives.
const FLAVOURS: [(&str, &str); 2] = [("StringMap(V)", "String"), ("IntMap(V)", "Int")];

pub(super) fn register(r: &mut NativeRegistry) {
    r.define("core.createStringMap", &["Int"], Some("StringMap(V)"), |_, a| {
        let cap = capacity(a, 0)?.min(MAX_PREALLOCATION);
        Ok(Value::Map(Rc::new(MapObj::Str(Map::with_capacity_and_hasher(cap, Default::default())))))
    });
    r.define("core.createIntMap", &["Int"], Some("IntMap(V)"), |_, a| {
        let cap = capacity(a, 0)?.min(MAX_PREALLOCATION);
        Ok(Value::Map(Rc::new(MapObj::Int(Map::with_capacity_and_hasher(cap, Default::default())))))
    });
    for (map_ty, key_ty) in FLAVOURS {
        let sig = |name: &str| format!("core.{name}({map_ty},{key_ty})");
        r.define(&format!("core.set({map_ty},{key_ty},V)"), &[map_ty, key_ty, "V"], None, |_, a| {
            let value = take(a, 2);
            let key = key(a)?;
            match (map_mut(a, 0)?, key) {
                (MapObj::Str(m), Key::Str(k)) => m.insert(k, value),
                (MapObj::Int(m), Key::Int(k)) => m.insert(k, value),
                _ => return Err(flavour_mismatch()),
            };
            Ok(Value::None)
        });
        for (name, ret) in [("get", "opt V"), ("viewGet", "opt view V"), ("modGet", "opt mod V")] {
            r.define(&sig(name), &[map_ty, key_ty], Some(ret), |_, a| Ok(lookup(a)?.cloned().unwrap_or(Value::None)));
        }
        r.define(&sig("has"), &[map_ty, key_ty], Some("Bool"), |_, a| Ok(Value::Bool(lookup(a)?.is_some())));
        r.mark_direct(&sig("get"), Direct::MapGet);
        r.mark_direct(&sig("has"), Direct::MapHas);
        r.define(&sig("remove"), &[map_ty, key_ty], None, |_, a| {
            let key = key(a)?;
            match (map_mut(a, 0)?, key) {
                (MapObj::Str(m), Key::Str(k)) => m.shift_remove(&k),
                (MapObj::Int(m), Key::Int(k)) => m.shift_remove(&k),
                _ => return Err(flavour_mismatch()),
            };
            Ok(Value::None)
        });
        let key_list = format!("List({key_ty})");
        r.define(&format!("core.keys({map_ty})"), &[map_ty], Some(&key_list), |_, a| {
            Ok(Value::list(match map(a, 0)? {
                MapObj::Str(m) => m.keys().map(|k| Value::Str(k.clone())).collect(),
                MapObj::Int(m) => m.keys().map(|&k| Value::Int(k)).collect(),
            }))
        });
        r.define(&format!("core.values({map_ty})"), &[map_ty], Some("List(V)"), |_, a| {
            Ok(Value::list(match map(a, 0)? {
                MapObj::Str(m) => m.values().cloned().collect(),
                MapObj::Int(m) => m.values().cloned().collect(),
            }))
        });
    }
}

/// A map argument's key (`args[1]`); the `Rc` clone is a reference count, not a copy.
enum Key {
    Str(Rc<String>),
    Int(i64),
}

fn key(a: &[Value]) -> Result<Key, String> {
    match a.get(1) {
        Some(Value::Int(n)) => Ok(Key::Int(*n)),
        _ => Ok(Key::Str(string_rc(a, 1)?.clone())),
    }
}

/// The value under `args[1]` in the map `args[0]`.
fn lookup(a: &[Value]) -> Result<Option<&Value>, String> {
    match (map(a, 0)?, key(a)?) {
        (MapObj::Str(m), Key::Str(k)) => Ok(m.get(&k)),
        (MapObj::Int(m), Key::Int(k)) => Ok(m.get(&k)),
        _ => Err(flavour_mismatch()),
    }
}

fn flavour_mismatch() -> String {
    "internal error: a map native got a key of the other map type".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::format_value;
    use crate::host::test_support::run;

    fn string_map(entries: &[(&str, i64)]) -> Value {
        let mut m = run("core.createStringMap", &mut [Value::Int(4)]).unwrap();
        for &(k, v) in entries {
            let mut args = [m, Value::str(k), Value::Int(v)];
            run("core.set(StringMap(V),String,V)", &mut args).unwrap();
            m = std::mem::take(&mut args[0]);
        }
        m
    }

    #[test]
    fn string_maps_keep_insertion_order() {
        let m = string_map(&[("b", 1), ("a", 2), ("b", 3)]);
        assert_eq!(format_value(&m), "{ b: 3, a: 2 }");
        assert_eq!(
            run("core.keys(StringMap(V))", &mut [m.clone()]).map(|v| format_value(&v)),
            Ok("{ #(b, a), 2, 2 }".into())
        );
        assert_eq!(
            run("core.values(StringMap(V))", &mut [m.clone()]).map(|v| format_value(&v)),
            Ok("{ #(3, 2), 2, 2 }".into())
        );
        for key in
            ["core.get(StringMap(V),String)", "core.viewGet(StringMap(V),String)", "core.modGet(StringMap(V),String)"]
        {
            assert_eq!(run(key, &mut [m.clone(), Value::str("a")]), Ok(Value::Int(2)), "{key}");
            assert_eq!(run(key, &mut [m.clone(), Value::str("z")]), Ok(Value::None), "{key}");
        }
        assert_eq!(run("core.has(StringMap(V),String)", &mut [m.clone(), Value::str("b")]), Ok(Value::Bool(true)));
        assert_eq!(run("core.has(StringMap(V),String)", &mut [m.clone(), Value::str("c")]), Ok(Value::Bool(false)));
    }

    #[test]
    fn remove_keeps_the_order_of_the_rest_and_copies_on_write() {
        let m = string_map(&[("x", 1), ("y", 2), ("z", 3)]);
        let mut args = [m.clone(), Value::str("x")];
        assert_eq!(run("core.remove(StringMap(V),String)", &mut args), Ok(Value::None));
        assert_eq!(format_value(&args[0]), "{ y: 2, z: 3 }");
        assert_eq!(format_value(&m), "{ x: 1, y: 2, z: 3 }");
        let mut args = [m, Value::str("nope")];
        assert_eq!(run("core.remove(StringMap(V),String)", &mut args), Ok(Value::None));
        assert_eq!(format_value(&args[0]), "{ x: 1, y: 2, z: 3 }");
    }

    #[test]
    fn int_maps() {
        let mut m = run("core.createIntMap", &mut [Value::Int(0)]).unwrap();
        for (k, v) in [(10, "ten"), (-1, "minus one")] {
            let mut args = [m, Value::Int(k), Value::str(v)];
            run("core.set(IntMap(V),Int,V)", &mut args).unwrap();
            m = std::mem::take(&mut args[0]);
        }
        assert_eq!(format_value(&m), "{ 10: ten, -1: minus one }");
        assert_eq!(run("core.get(IntMap(V),Int)", &mut [m.clone(), Value::Int(-1)]), Ok(Value::str("minus one")));
        assert_eq!(run("core.get(IntMap(V),Int)", &mut [m.clone(), Value::Int(3)]), Ok(Value::None));
        assert_eq!(run("core.has(IntMap(V),Int)", &mut [m.clone(), Value::Int(10)]), Ok(Value::Bool(true)));
        assert_eq!(
            run("core.keys(IntMap(V))", &mut [m.clone()]).map(|v| format_value(&v)),
            Ok("{ #(10, -1), 2, 2 }".into())
        );
        let mut args = [m, Value::Int(10)];
        run("core.remove(IntMap(V),Int)", &mut args).unwrap();
        assert_eq!(format_value(&args[0]), "{ -1: minus one }");
    }

    #[test]
    fn bad_arguments_are_errors() {
        assert_eq!(
            run("core.createIntMap", &mut [Value::Int(-3)]),
            Err("capacity must not be negative (got -3)".into())
        );
        let m = string_map(&[]);
        assert!(run("core.get(IntMap(V),Int)", &mut [m.clone(), Value::Int(1)]).is_err());
        assert!(run("core.set(IntMap(V),Int,V)", &mut [m, Value::Int(1), Value::Int(2)]).is_err());
        assert!(run("core.keys(StringMap(V))", &mut [Value::Int(1)]).is_err());
    }
}
