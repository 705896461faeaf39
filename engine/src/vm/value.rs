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
    Str(Rc<str>),
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

/// A struct instance: fields in declaration order.
#[derive(Clone, Debug, PartialEq)]
pub struct StructObj {
    pub fields: Vec<Value>,
}

/// `StringMap(V)` / `IntMap(V)`, in insertion order so `keys()` and printing are stable.
#[derive(Clone, Debug, PartialEq)]
pub enum MapObj {
    Str(indexmap::IndexMap<Rc<str>, Value>),
    Int(indexmap::IndexMap<i64, Value>),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        let cap = items.len();
        Value::List(Rc::new(ListObj { items, cap }))
    }
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
