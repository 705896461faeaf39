//! The dispatch loop. Registers of the running frame are `stack[base..base+nregs]`; Rae calls
//! push a `Frame` instead of recursing on the Rust stack. Type-specialised instructions read
//! the variant the compiler proved; anything else is an internal error, never a panic.

use super::call::{Fault, Frame, Leave};
use super::value::{MapObj, StructObj, Value};
use super::Vm;
use crate::bytecode::chunk::wrap_int;
use crate::bytecode::opcodes::Instr;
use crate::host::format_value;
use std::rc::Rc;

fn bad(what: &str, got: &Value) -> String {
    format!("internal error: expected {what}, found {got:?}")
}

/// The field path of `v` for writing, unsharing each object on the way.
fn path_mut<'v>(mut v: &'v mut Value, path: &[u16]) -> Result<&'v mut Value, String> {
    for &f in path {
        v = match v {
            Value::Struct(s) => Rc::make_mut(s).fields.get_mut(f as usize).ok_or("internal error: bad field")?,
            other => return Err(bad("a struct", other)),
        };
    }
    Ok(v)
}

fn less(a: &Value, b: &Value, or_equal: bool) -> Result<bool, String> {
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

fn f32op(x: f64, y: f64, op: fn(f32, f32) -> f32) -> Value {
    Value::Float(op(x as f32, y as f32) as f64)
}

impl Vm {
    /// Runs from the frame on top of the stack until the frame at depth `stop` returns.
    pub(super) fn interp(&mut self, stop: usize) -> Result<Value, Fault> {
        let program = Rc::clone(&self.program);
        let consts = Rc::clone(&self.consts);
        let Some(frame) = self.frames.last() else { return Ok(Value::None) };
        let mut fi = frame.chunk as usize;
        let mut chunk = &program.chunks[fi];
        let mut code = &chunk.code[..];
        let mut kpool = &consts[fi][..];
        let mut base = frame.base;
        let mut pc = frame.pc;
        // Start of the straight-line run since the last checkpoint (instructions are counted
        // in blocks there, not one by one).
        let mut seg = pc;

        macro_rules! fault {
            ($msg:expr) => {{
                if let Some(f) = self.frames.last_mut() {
                    f.pc = pc;
                }
                return Err(Fault::Error($msg));
            }};
        }
        macro_rules! tri {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(m) => fault!(m.into()),
                }
            };
        }
        macro_rules! checkpoint {
            () => {{
                let n = pc.saturating_sub(seg) as u64;
                if let Err(s) = self.guard.check(n.max(1)) {
                    if let Some(f) = self.frames.last_mut() {
                        f.pc = pc;
                    }
                    return Err(Fault::Stop(s));
                }
            }};
        }
        macro_rules! reg {
            ($r:expr) => {
                self.stack[base + $r as usize]
            };
        }
        macro_rules! int {
            ($r:expr) => {
                match reg!($r) {
                    Value::Int(n) => n,
                    ref other => fault!(bad("an Int", other)),
                }
            };
        }
        macro_rules! float {
            ($r:expr) => {
                match reg!($r) {
                    Value::Float(x) => x,
                    ref other => fault!(bad("a Float", other)),
                }
            };
        }
        macro_rules! boolean {
            ($r:expr) => {
                match reg!($r) {
                    Value::Bool(b) => b,
                    ref other => fault!(bad("a Bool", other)),
                }
            };
        }
        macro_rules! jump {
            ($target:expr) => {{
                let t = $target as usize;
                if t < pc {
                    checkpoint!();
                    seg = t;
                }
                pc = t;
            }};
        }
        macro_rules! int_op {
            ($dst:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $body:expr) => {{
                let ($x, $y) = (int!($a), int!($b));
                reg!($dst) = $body;
            }};
        }
        macro_rules! divide {
            ($dst:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $body:expr) => {{
                let ($x, $y) = (int!($a), int!($b));
                if $y == 0 {
                    fault!("division by zero".to_string());
                }
                reg!($dst) = Value::Int($body);
            }};
        }
        macro_rules! float_op {
            ($dst:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $body:expr) => {{
                let ($x, $y) = (float!($a), float!($b));
                reg!($dst) = $body;
            }};
        }

        macro_rules! ret {
            ($v:expr) => {
                match self.leave(stop, $v) {
                    Leave::Done(v) => return Ok(v),
                    Leave::Resume { chunk: caller, base: b, pc: p } => {
                        fi = caller;
                        chunk = &program.chunks[fi];
                        code = &chunk.code[..];
                        kpool = &consts[fi][..];
                        base = b;
                        pc = p;
                        seg = pc;
                    }
                }
            };
        }

        loop {
            let Some(&instr) = code.get(pc) else { fault!("internal error: ran off the end of a function".into()) };
            pc += 1;
            match instr {
                Instr::Nop {} => {}
                Instr::Move { dst, src } => reg!(dst) = reg!(src).clone(),
                Instr::Take { dst, src } => reg!(dst) = std::mem::take(&mut reg!(src)),
                Instr::LoadNone { dst } => reg!(dst) = Value::None,
                Instr::Clear { first, count } => {
                    let start = base + first as usize;
                    for v in self.stack.iter_mut().skip(start).take(count as usize) {
                        *v = Value::None;
                    }
                }
                Instr::LoadBool { dst, value } => reg!(dst) = Value::Bool(value != 0),
                Instr::LoadInt { dst, value } => reg!(dst) = Value::Int(value),
                Instr::LoadConst { dst, k } => {
                    reg!(dst) = tri!(kpool.get(k as usize).cloned().ok_or("internal error: bad constant"))
                }
                Instr::GetGlobal { dst, global } => reg!(dst) = self.globals[global as usize].clone(),
                Instr::SetGlobal { global, src } => self.globals[global as usize] = std::mem::take(&mut reg!(src)),
                Instr::TakeGlobal { dst, global } => reg!(dst) = std::mem::take(&mut self.globals[global as usize]),

                Instr::AddInt { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Int(x.wrapping_add(y))),
                Instr::SubInt { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Int(x.wrapping_sub(y))),
                Instr::MulInt { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Int(x.wrapping_mul(y))),
                Instr::DivInt { dst, a, b } => divide!(dst, a, b, |x, y| x.wrapping_div(y)),
                Instr::RemInt { dst, a, b } => divide!(dst, a, b, |x, y| x.wrapping_rem(y)),
                Instr::DivU64 { dst, a, b } => divide!(dst, a, b, |x, y| ((x as u64) / (y as u64)) as i64),
                Instr::RemU64 { dst, a, b } => divide!(dst, a, b, |x, y| ((x as u64) % (y as u64)) as i64),
                Instr::AddIntImm { dst, a, imm } => reg!(dst) = Value::Int(int!(a).wrapping_add(imm)),
                Instr::NegInt { dst, a } => reg!(dst) = Value::Int(int!(a).wrapping_neg()),
                Instr::BitAnd { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Int(x & y)),
                Instr::BitOr { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Int(x | y)),
                Instr::BitXor { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Int(x ^ y)),
                Instr::Shl { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Int(x.wrapping_shl(y as u32))),
                Instr::Shr { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Int(x.wrapping_shr(y as u32))),
                Instr::ShrU64 { dst, a, b } => {
                    int_op!(dst, a, b, |x, y| Value::Int((x as u64).wrapping_shr(y as u32) as i64))
                }
                Instr::BitNot { dst, a } => reg!(dst) = Value::Int(!int!(a)),
                Instr::WrapInt { dst, kind } => reg!(dst) = Value::Int(wrap_int(kind, int!(dst))),

                Instr::AddF32 { dst, a, b } => float_op!(dst, a, b, |x, y| f32op(x, y, |p, q| p + q)),
                Instr::SubF32 { dst, a, b } => float_op!(dst, a, b, |x, y| f32op(x, y, |p, q| p - q)),
                Instr::MulF32 { dst, a, b } => float_op!(dst, a, b, |x, y| f32op(x, y, |p, q| p * q)),
                Instr::DivF32 { dst, a, b } => float_op!(dst, a, b, |x, y| f32op(x, y, |p, q| p / q)),
                Instr::RemF32 { dst, a, b } => float_op!(dst, a, b, |x, y| f32op(x, y, |p, q| p % q)),
                Instr::AddF64 { dst, a, b } => float_op!(dst, a, b, |x, y| Value::Float(x + y)),
                Instr::SubF64 { dst, a, b } => float_op!(dst, a, b, |x, y| Value::Float(x - y)),
                Instr::MulF64 { dst, a, b } => float_op!(dst, a, b, |x, y| Value::Float(x * y)),
                Instr::DivF64 { dst, a, b } => float_op!(dst, a, b, |x, y| Value::Float(x / y)),
                Instr::RemF64 { dst, a, b } => float_op!(dst, a, b, |x, y| Value::Float(x % y)),
                Instr::NegFloat { dst, a } => reg!(dst) = Value::Float(-float!(a)),

                Instr::EqInt { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Bool(x == y)),
                Instr::NeInt { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Bool(x != y)),
                Instr::LtInt { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Bool(x < y)),
                Instr::LeInt { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Bool(x <= y)),
                Instr::LtU64 { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Bool((x as u64) < (y as u64))),
                Instr::LeU64 { dst, a, b } => int_op!(dst, a, b, |x, y| Value::Bool((x as u64) <= (y as u64))),
                Instr::LtFloat { dst, a, b } => float_op!(dst, a, b, |x, y| Value::Bool(x < y)),
                Instr::LeFloat { dst, a, b } => float_op!(dst, a, b, |x, y| Value::Bool(x <= y)),
                Instr::Eq { dst, a, b } => reg!(dst) = Value::Bool(reg!(a) == reg!(b)),
                Instr::Ne { dst, a, b } => reg!(dst) = Value::Bool(reg!(a) != reg!(b)),
                Instr::Lt { dst, a, b } => reg!(dst) = Value::Bool(tri!(less(&reg!(a), &reg!(b), false))),
                Instr::Le { dst, a, b } => reg!(dst) = Value::Bool(tri!(less(&reg!(a), &reg!(b), true))),
                Instr::Not { dst, a } => reg!(dst) = Value::Bool(!boolean!(a)),

                Instr::Jump { target } => jump!(target),
                Instr::JumpIfFalse { cond, target } => {
                    if !boolean!(cond) {
                        jump!(target)
                    }
                }
                Instr::JumpIfTrue { cond, target } => {
                    if boolean!(cond) {
                        jump!(target)
                    }
                }
                Instr::JumpIfNone { a, target } => {
                    if matches!(reg!(a), Value::None) {
                        jump!(target)
                    }
                }
                Instr::JumpIfNotLtInt { a, b, target } => {
                    if int!(a) >= int!(b) {
                        jump!(target)
                    }
                }
                Instr::JumpIfNotLeInt { a, b, target } => {
                    if int!(a) > int!(b) {
                        jump!(target)
                    }
                }
                Instr::JumpIfNotLtIntImm { a, imm, target } => {
                    if int!(a) >= imm {
                        jump!(target)
                    }
                }
                Instr::JumpIfNotEqIntImm { a, imm, target } => {
                    if int!(a) != imm {
                        jump!(target)
                    }
                }

                Instr::JumpIfLtInt { a, b, target } => {
                    if int!(a) < int!(b) {
                        jump!(target)
                    }
                }
                Instr::JumpIfLeInt { a, b, target } => {
                    if int!(a) <= int!(b) {
                        jump!(target)
                    }
                }
                Instr::JumpIfLtIntImm { a, imm, target } => {
                    if int!(a) < imm {
                        jump!(target)
                    }
                }

                Instr::IntToF32 { dst, a } => reg!(dst) = Value::Float(int!(a) as f32 as f64),
                Instr::IntToF64 { dst, a } => reg!(dst) = Value::Float(int!(a) as f64),
                Instr::U64ToFloat { dst, a, f32 } => {
                    let x = int!(a) as u64;
                    reg!(dst) = Value::Float(if f32 != 0 { x as f32 as f64 } else { x as f64 });
                }
                Instr::FloatToInt { dst, a, kind } => reg!(dst) = Value::Int(wrap_int(kind, float!(a) as i64)),
                Instr::ToF32 { dst, a } => reg!(dst) = Value::Float(float!(a) as f32 as f64),

                Instr::Concat { dst, a, b } => {
                    let s = match (&reg!(a), &reg!(b)) {
                        (Value::Str(x), Value::Str(y)) => {
                            let mut s = String::with_capacity(x.len() + y.len());
                            s.push_str(x);
                            s.push_str(y);
                            s
                        }
                        (other, _) => fault!(bad("two Strings", other)),
                    };
                    reg!(dst) = Value::Str(Rc::from(s));
                }
                Instr::ToStr { dst, a } => {
                    reg!(dst) = match &reg!(a) {
                        Value::Str(s) => Value::Str(Rc::clone(s)),
                        other => Value::Str(Rc::from(format_value(other))),
                    }
                }
                Instr::EnumName { dst, a, e } => {
                    let name = match reg!(a) {
                        Value::Int(i) => self.enum_names.get(e as usize).and_then(|n| n.get(i as usize)).cloned(),
                        Value::None => Some(Rc::from("none")),
                        _ => None,
                    };
                    reg!(dst) = Value::Str(name.unwrap_or_else(|| Rc::from("?")));
                }
                Instr::Interp { dst, first, count } => {
                    let mut s = String::new();
                    let start = base + first as usize;
                    for v in &self.stack[start..start + count as usize] {
                        match v {
                            Value::Str(x) => s.push_str(x),
                            other => s.push_str(&format_value(other)),
                        }
                    }
                    reg!(dst) = Value::Str(Rc::from(s));
                }

                Instr::MakeStruct { dst, first, count } => {
                    let start = base + first as usize;
                    let fields = self.stack[start..start + count as usize].iter_mut().map(std::mem::take).collect();
                    reg!(dst) = Value::Struct(Rc::new(StructObj { fields }));
                }
                Instr::GetField { dst, obj, field } => {
                    let v = match &reg!(obj) {
                        Value::Struct(s) => {
                            tri!(s.fields.get(field as usize).cloned().ok_or("internal error: bad field"))
                        }
                        other => fault!(bad("a struct", other)),
                    };
                    reg!(dst) = v;
                }
                Instr::SetField { obj, field, src } => {
                    let v = std::mem::take(&mut reg!(src));
                    *tri!(path_mut(&mut reg!(obj), &[field])) = v;
                }
                Instr::SetPath { obj, path, src } => {
                    let v = std::mem::take(&mut reg!(src));
                    *tri!(path_mut(&mut reg!(obj), &chunk.paths[path as usize])) = v;
                }
                Instr::TakePath { dst, obj, path } => {
                    let v = std::mem::take(tri!(path_mut(&mut reg!(obj), &chunk.paths[path as usize])));
                    reg!(dst) = v;
                }
                Instr::SetGlobalPath { global, path, src } => {
                    let v = std::mem::take(&mut reg!(src));
                    *tri!(path_mut(&mut self.globals[global as usize], &chunk.paths[path as usize])) = v;
                }
                Instr::TakeGlobalPath { dst, global, path } => {
                    let place = tri!(path_mut(&mut self.globals[global as usize], &chunk.paths[path as usize]));
                    reg!(dst) = std::mem::take(place);
                }

                Instr::MakeList { dst, first, count } => {
                    let start = base + first as usize;
                    let items = self.stack[start..start + count as usize].iter_mut().map(std::mem::take).collect();
                    reg!(dst) = Value::list(items);
                }
                Instr::NewMap { dst, kind } => {
                    let map = if kind == 0 { MapObj::Str(Default::default()) } else { MapObj::Int(Default::default()) };
                    reg!(dst) = Value::Map(Rc::new(map));
                }
                Instr::Len { dst, a } => {
                    let n = match &reg!(a) {
                        Value::List(l) => l.items.len(),
                        Value::Map(m) => match &**m {
                            MapObj::Str(x) => x.len(),
                            MapObj::Int(x) => x.len(),
                        },
                        Value::Str(s) => s.len(),
                        other => fault!(bad("a List or a map", other)),
                    };
                    reg!(dst) = Value::Int(n as i64);
                }
                Instr::Cap { dst, a } => {
                    let n = match &reg!(a) {
                        Value::List(l) => l.cap.max(l.items.len()),
                        other => fault!(bad("a List", other)),
                    };
                    reg!(dst) = Value::Int(n as i64);
                }
                Instr::ListAt { dst, list, index } => {
                    let i = int!(index);
                    let v = match &reg!(list) {
                        Value::List(l) => usize::try_from(i).ok().and_then(|i| l.items.get(i)).cloned(),
                        other => fault!(bad("a List", other)),
                    };
                    reg!(dst) = v.unwrap_or(Value::None);
                }
                Instr::ListPush { list, src } => {
                    let v = std::mem::take(&mut reg!(src));
                    match &mut reg!(list) {
                        Value::List(l) => Rc::make_mut(l).push(v),
                        other => fault!(bad("a List", other)),
                    }
                }
                Instr::ListGet { dst, list, index } => {
                    let i = int!(index);
                    let v = match &reg!(list) {
                        Value::List(l) => l.items.get(i as usize).cloned(),
                        other => fault!(bad("a List", other)),
                    };
                    reg!(dst) = tri!(v.ok_or_else(|| "internal error: list index out of range".to_string()));
                }
                Instr::ListSet { list, index, src } => {
                    let i = int!(index) as usize;
                    let v = std::mem::take(&mut reg!(src));
                    match &mut reg!(list) {
                        Value::List(l) => match Rc::make_mut(l).items.get_mut(i) {
                            Some(slot) => *slot = v,
                            None => fault!("internal error: list index out of range".into()),
                        },
                        other => fault!(bad("a List", other)),
                    }
                }
                Instr::MapSet { map, key, src } => {
                    let v = std::mem::take(&mut reg!(src));
                    let k = reg!(key).clone();
                    match (&mut reg!(map), k) {
                        (Value::Map(m), k) => match (Rc::make_mut(m), k) {
                            (MapObj::Str(m), Value::Str(k)) => {
                                m.insert(k, v);
                            }
                            (MapObj::Int(m), Value::Int(k)) => {
                                m.insert(k, v);
                            }
                            (_, k) => fault!(bad("a map key", &k)),
                        },
                        (other, _) => fault!(bad("a map", other)),
                    }
                }

                Instr::Call { func, args, count: _, dst } => {
                    checkpoint!();
                    if let Some(f) = self.frames.last_mut() {
                        f.pc = pc;
                    }
                    if self.frames.len() >= self.max_depth {
                        fault!(format!("stack overflow: call depth exceeded {}", self.max_depth));
                    }
                    fi = func as usize;
                    chunk = &program.chunks[fi];
                    code = &chunk.code[..];
                    kpool = &consts[fi][..];
                    base += args as usize;
                    self.stack.resize(base + chunk.nregs as usize, Value::None);
                    self.frames.push(Frame { chunk: func, pc: 0, base, dst });
                    pc = 0;
                    seg = 0;
                }
                Instr::NativeCall { native, args, count, dst } => {
                    let start = base + args as usize;
                    let end = start + count as usize;
                    let linked = &self.natives[native as usize];
                    let result = (linked.func)(&mut self.host, &mut self.stack[start..end]);
                    for (i, v) in self.stack[start..end].iter_mut().enumerate() {
                        if !linked.keep.get(i).copied().unwrap_or(false) {
                            *v = Value::None;
                        }
                    }
                    reg!(dst) = tri!(result);
                }
                Instr::Ret { src } => {
                    let v = reg!(src).clone();
                    ret!(v)
                }
                Instr::RetNone {} => ret!(Value::None),
            }
        }
    }
}
