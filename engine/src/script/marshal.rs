//! Values crossing between the Rae VM and a script VM, converted by the Rae types of the
//! function's signature (`ScriptType`): a struct becomes a record of its fields by name, an
//! enum value its member's name, an empty `opt` `none`. What comes back is checked against the
//! declared type; a mismatch is an error that says what came instead.

use super::{ScriptError, ScriptValue};
use crate::bytecode::chunk::{CompiledProgram, ScriptFunc, ScriptType};
use crate::vm::value::{ListObj, Map, MapObj, StructObj, Value};
use std::rc::Rc;

/// What conversions need of a program: its script types, struct field names and enum members.
pub struct Types {
    types: Vec<ScriptType>,
    fields: Vec<Vec<String>>,
    members: Vec<Vec<String>>,
    pub scripts: Vec<ScriptFunc>,
}

impl Types {
    pub fn of(program: &CompiledProgram) -> Types {
        Types {
            types: program.script_types.clone(),
            fields: program.structs.iter().map(|s| s.fields.iter().map(|f| f.name.clone()).collect()).collect(),
            members: program.enums.iter().map(|e| e.members.clone()).collect(),
            scripts: program.scripts.clone(),
        }
    }

    /// A runtime error of script function `index`, with its position in the .rae file.
    pub fn describe(&self, index: usize, e: &ScriptError) -> String {
        let script = &self.scripts[index];
        match e {
            ScriptError::Runtime { line: Some(line), .. } => {
                format!("{e}\n  in {} function '{}' at {}:{line}", script.lang, script.name, script.file)
            }
            _ => format!("{e}\n  in {} function '{}'", script.lang, script.name),
        }
    }

    /// `v`, a value of script type `ty`, as a script sees it.
    pub fn to_script(&self, ty: u32, v: &Value) -> ScriptValue {
        match (self.types.get(ty as usize), v) {
            (Some(ScriptType::Enum(e)), Value::Int(n)) => {
                let name = self.members.get(*e as usize).and_then(|m| m.get(*n as usize));
                name.map_or(ScriptValue::Int(*n), |s| ScriptValue::Str(s.clone()))
            }
            (Some(ScriptType::List(t)), Value::List(l)) => {
                ScriptValue::List(l.items.iter().map(|x| self.to_script(*t, x)).collect())
            }
            (Some(ScriptType::StrMap(t) | ScriptType::IntMap(t)), Value::Map(m)) => ScriptValue::Map(match &**m {
                MapObj::Str(m) => {
                    m.iter().map(|(k, x)| (ScriptValue::Str(k.to_string()), self.to_script(*t, x))).collect()
                }
                MapObj::Int(m) => m.iter().map(|(k, x)| (ScriptValue::Int(*k), self.to_script(*t, x))).collect(),
            }),
            (Some(ScriptType::Opt(t)), v) if *v != Value::None => self.to_script(*t, v),
            (Some(ScriptType::Struct { layout, fields }), Value::Struct(s)) => {
                let names = self.fields.get(*layout as usize).map_or(&[][..], Vec::as_slice);
                let entries = names.iter().zip(fields).zip(&s.fields);
                ScriptValue::Record(entries.map(|((n, t), x)| (n.clone(), self.to_script(*t, x))).collect())
            }
            (_, Value::Int(n)) => ScriptValue::Int(*n),
            (_, Value::Float(x)) => ScriptValue::Float(*x),
            (_, Value::Bool(b)) => ScriptValue::Bool(*b),
            (_, Value::Char(c)) => ScriptValue::Str(c.to_string()),
            (_, Value::Str(s)) => ScriptValue::Str(s.to_string()),
            _ => ScriptValue::None,
        }
    }

    /// A script's `v` as a Rae value of script type `ty`.
    pub fn to_rae(&self, ty: u32, v: ScriptValue) -> Result<Value, String> {
        let Some(t) = self.types.get(ty as usize) else { return Err(format!("internal error: no script type #{ty}")) };
        Ok(match (t, v) {
            (ScriptType::Opt(_), ScriptValue::None) => Value::None,
            (ScriptType::Opt(t), v) => self.to_rae(*t, v)?,
            (ScriptType::Int, ScriptValue::Int(n)) => Value::Int(n),
            // Lua 5.4 keeps integers apart, but `2^3` or `10 / 2` are floats with an integer value.
            (ScriptType::Int, ScriptValue::Float(x)) if x.fract() == 0.0 && x.abs() < 9.2e18 => Value::Int(x as i64),
            (ScriptType::Float, ScriptValue::Float(x)) => Value::Float(x),
            (ScriptType::Float, ScriptValue::Int(n)) => Value::Float(n as f64),
            (ScriptType::Float32, ScriptValue::Float(x)) => Value::Float(x as f32 as f64),
            (ScriptType::Float32, ScriptValue::Int(n)) => Value::Float(n as f32 as f64),
            (ScriptType::Bool, ScriptValue::Bool(b)) => Value::Bool(b),
            (ScriptType::Str, ScriptValue::Str(s)) => Value::string(s),
            (ScriptType::Char, ScriptValue::Str(s)) if s.chars().count() == 1 => {
                Value::Char(s.chars().next().unwrap_or_default())
            }
            (ScriptType::Enum(e), ScriptValue::Str(s)) => {
                let members = self.members.get(*e as usize).map_or(&[][..], Vec::as_slice);
                match members.iter().position(|m| *m == s) {
                    Some(i) => Value::Int(i as i64),
                    None => return Err(format!("expected one of {}, got \"{s}\"", members.join(", "))),
                }
            }
            (ScriptType::List(t), ScriptValue::List(items)) => {
                let items = items.into_iter().map(|x| self.to_rae(*t, x)).collect::<Result<Vec<_>, _>>()?;
                let cap = items.len();
                Value::List(Rc::new(ListObj { items, cap }))
            }
            (ScriptType::StrMap(t), v) if is_table(&v) => {
                let mut map = Map::default();
                for (k, x) in entries(v) {
                    let ScriptValue::Str(k) = k else {
                        return Err(format!("expected a string key, got {}", describe(&k)));
                    };
                    map.insert(Rc::new(k), self.to_rae(*t, x)?);
                }
                Value::Map(Rc::new(MapObj::Str(map)))
            }
            (ScriptType::IntMap(t), v) if is_table(&v) => {
                let mut map = Map::default();
                for (k, x) in entries(v) {
                    // JavaScript object keys are strings: "7" is the key 7.
                    let k = match &k {
                        ScriptValue::Int(k) => *k,
                        ScriptValue::Str(s) => {
                            s.parse().map_err(|_| format!("expected an integer key, got {}", describe(&k)))?
                        }
                        _ => return Err(format!("expected an integer key, got {}", describe(&k))),
                    };
                    map.insert(k, self.to_rae(*t, x)?);
                }
                Value::Map(Rc::new(MapObj::Int(map)))
            }
            (ScriptType::Struct { layout, fields }, v) if is_table(&v) => {
                let mut given = entries(v);
                let names = self.fields.get(*layout as usize).map_or(&[][..], Vec::as_slice);
                let mut values = Vec::with_capacity(names.len());
                for (name, t) in names.iter().zip(fields) {
                    let found = given.iter().position(|(k, _)| matches!(k, ScriptValue::Str(k) if k == name));
                    // Lua cannot store `nil` in a table: an absent `opt` field is `none`.
                    let x = match found {
                        Some(i) => given.swap_remove(i).1,
                        None if matches!(self.types.get(*t as usize), Some(ScriptType::Opt(_))) => ScriptValue::None,
                        None => return Err(format!("the table has no field '{name}'")),
                    };
                    values.push(self.to_rae(*t, x).map_err(|m| format!("field '{name}': {m}"))?);
                }
                Value::Struct(Rc::new(StructObj { ty: *layout, fields: values }))
            }
            (_, v) => return Err(format!("expected {}, got {}", self.type_name(ty), describe(&v))),
        })
    }

    /// The Rae type of script type `ty`, for messages.
    fn type_name(&self, ty: u32) -> String {
        match self.types.get(ty as usize) {
            Some(ScriptType::Int) => "an Int".into(),
            Some(ScriptType::Float | ScriptType::Float32) => "a Float".into(),
            Some(ScriptType::Bool) => "a Bool".into(),
            Some(ScriptType::Str) => "a String".into(),
            Some(ScriptType::Char) => "a one-character string (a Char)".into(),
            Some(ScriptType::Enum(_)) => "an enum member's name".into(),
            Some(ScriptType::List(_)) => "a sequence (a List)".into(),
            Some(ScriptType::StrMap(_) | ScriptType::IntMap(_)) => "a table (a map)".into(),
            Some(ScriptType::Opt(t)) => format!("nil or {}", self.type_name(*t)),
            Some(ScriptType::Struct { layout, .. }) => {
                let fields = self.fields.get(*layout as usize).map(|f| f.join(", ")).unwrap_or_default();
                format!("a table with the fields {fields}")
            }
            None => "?".into(),
        }
    }
}

/// Whether `v` is table-like: a map, a record or a list (a Lua table with the keys 1..n
/// arrives as a list).
fn is_table(v: &ScriptValue) -> bool {
    matches!(v, ScriptValue::Map(_) | ScriptValue::Record(_) | ScriptValue::List(_))
}

/// The key-value pairs of a table-like value (none for any other value).
fn entries(v: ScriptValue) -> Vec<(ScriptValue, ScriptValue)> {
    match v {
        ScriptValue::Map(m) => m,
        ScriptValue::Record(r) => r.into_iter().map(|(k, x)| (ScriptValue::Str(k), x)).collect(),
        ScriptValue::List(l) => l.into_iter().enumerate().map(|(i, x)| (ScriptValue::Int(i as i64 + 1), x)).collect(),
        _ => Vec::new(),
    }
}

/// A script value as a message shows it: `nil`, `2.5`, `a string ("hi")`, `a table`.
fn describe(v: &ScriptValue) -> String {
    match v {
        ScriptValue::None => "nil".into(),
        ScriptValue::Int(n) => format!("the integer {n}"),
        ScriptValue::Float(x) => format!("the number {x}"),
        ScriptValue::Bool(b) => format!("the boolean {b}"),
        ScriptValue::Str(s) => format!("the string \"{s}\""),
        ScriptValue::List(_) | ScriptValue::Record(_) | ScriptValue::Map(_) => "a table".into(),
    }
}

/// Integer keys in numeric order before string keys in byte order: the order of the maps that
/// come from a language whose own order is its hash order (Lua, Wren).
pub fn key_order(a: &ScriptValue, b: &ScriptValue) -> std::cmp::Ordering {
    match (a, b) {
        (ScriptValue::Int(x), ScriptValue::Int(y)) => x.cmp(y),
        (ScriptValue::Str(x), ScriptValue::Str(y)) => x.cmp(y),
        (ScriptValue::Int(_), _) => std::cmp::Ordering::Less,
        (_, ScriptValue::Int(_)) => std::cmp::Ordering::Greater,
        _ => std::cmp::Ordering::Equal,
    }
}
