//! Runtime values of the VM. Heap values are reference counted and copied on write, which
//! gives Rae's `=` (copy) semantics cheaply: a copy is an `Rc` clone, and the first write
//! through a shared handle clones the object (`Rc::make_mut`).

use std::rc::Rc;

/// One register or heap slot. The checker knows every type, so the VM never asks a value for
/// its type on the hot path: type-specialised instructions read the variant they expect.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// `none`, an empty `opt`, and the result of a function without `ret`.
    #[default]
    None,
    /// Every integer type (narrow ones are kept wrapped to their width) and enum ordinals.
    Int(i64),
    /// `Float64`, and `Float`/`Float32` values, which are always rounded through `f32`.
    Float(f64),
    Bool(bool),
    Char(char),
    /// `Rc<String>` rather than `Rc<str>` keeps `Value` at 16 bytes, and lets a concatenation
    /// onto a string nobody else holds append in place.
    Str(Rc<String>),
    List(Rc<ListObj>),
    Struct(Rc<StructObj>),
    Map(Rc<MapObj>),
}

/// A `List(T)`: its elements and its capacity, which the reference's print format shows
/// (`{ #(10, 20, 30, none), 3, 4 }`): capacity doubles when full, and 0 becomes 4.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListObj {
    pub items: Vec<Value>,
    pub cap: usize,
}

/// A struct instance: its layout (an index into `CompiledProgram::structs`, which hot reload
/// migrates it by) and its fields in declaration order.
#[derive(Clone, Debug, PartialEq)]
pub struct StructObj {
    pub ty: u32,
    pub fields: Vec<Value>,
}

/// `StringMap(V)` / `IntMap(V)`, in insertion order so `keys()` and printing are stable.
#[derive(Clone, Debug, PartialEq)]
pub enum MapObj {
    Str(Map<Rc<String>>),
    Int(Map<i64>),
}

/// An insertion-ordered map hashed with FxHash (several times faster than the default
/// SipHash on the short keys programs use).
pub type Map<K> = indexmap::IndexMap<K, Value, rustc_hash::FxBuildHasher>;

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::new(s.to_owned()))
    }

    pub fn string(s: String) -> Value {
        Value::Str(Rc::new(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        let cap = items.len();
        Value::List(Rc::new(ListObj { items, cap }))
    }

    /// Whether dropping the value releases a reference (strings, lists, structs, maps).
    #[inline(always)]
    pub fn is_heap(&self) -> bool {
        matches!(self, Value::Str(_) | Value::List(_) | Value::Struct(_) | Value::Map(_))
    }

    /// Overwrites `slot` with `v`. Overwriting a scalar needs no drop, which keeps the
    /// out-of-line drop glue off the interpreter's hot path.
    #[inline(always)]
    pub fn store(slot: &mut Value, v: Value) {
        if slot.is_heap() {
            drop_cold(slot);
        }
        std::mem::forget(std::mem::replace(slot, v));
    }

    /// `*self = Value::Int(n)`; when the slot already holds an Int only the payload is
    /// written, so no `Value` is assembled in memory (the interpreter's commonest write).
    #[inline(always)]
    pub fn set_int(&mut self, n: i64) {
        match self {
            Value::Int(x) => *x = n,
            other => Value::store(other, Value::Int(n)),
        }
    }

    /// `*self = Value::Float(x)`, as [`set_int`](Self::set_int).
    #[inline(always)]
    pub fn set_float(&mut self, x: f64) {
        match self {
            Value::Float(y) => *y = x,
            other => Value::store(other, Value::Float(x)),
        }
    }

    /// `*self = Value::Bool(b)`, as [`set_int`](Self::set_int).
    #[inline(always)]
    pub fn set_bool(&mut self, b: bool) {
        match self {
            Value::Bool(c) => *c = b,
            other => Value::store(other, Value::Bool(b)),
        }
    }

    /// Drops a heap value in place (leaving `none`); scalars stay, since a stale scalar in a
    /// dead register costs nothing.
    #[inline(always)]
    pub fn release(&mut self) {
        if self.is_heap() {
            drop_cold(self);
        }
    }
}

/// Drops the heap value in `slot`, leaving `none` (off the hot path: the drop glue is big).
#[cold]
#[inline(never)]
fn drop_cold(slot: &mut Value) {
    *slot = Value::None;
}

impl ListObj {
    /// Makes room for one more element the way the reference grows a list: when it is full,
    /// the capacity doubles, and a capacity of 0 becomes 4.
    pub fn grow_for_one(&mut self) {
        if self.items.len() >= self.cap {
            self.cap = if self.cap == 0 { 4 } else { self.cap.saturating_mul(2) };
        }
    }

    /// `add(value:)`: appends, growing the capacity as the reference prints it.
    pub fn push(&mut self, value: Value) {
        self.grow_for_one();
        self.items.push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_two_words() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }

    #[test]
    fn typed_writes_replace_any_value_and_release_drops_only_heap_values() {
        let text = Rc::new("x".to_string());
        let mut v = Value::Str(Rc::clone(&text));
        v.set_int(3);
        assert_eq!((v.clone(), Rc::strong_count(&text)), (Value::Int(3), 1));
        v.set_int(4);
        v.set_float(1.5);
        assert_eq!(v, Value::Float(1.5));
        v.set_bool(true);
        assert_eq!(v, Value::Bool(true));
        v.release();
        assert_eq!(v, Value::Bool(true));
        let mut list = Value::list(vec![Value::Int(1)]);
        list.release();
        assert_eq!(list, Value::None);
    }
}
