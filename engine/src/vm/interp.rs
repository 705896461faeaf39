//! The dispatch loop. Registers of the running frame are `stack[base..base+nregs]`; Rae calls
//! push a `Frame` instead of recursing on the Rust stack. Type-specialised instructions read
//! the variant the compiler proved; anything else is an internal error, never a panic.
//!
//! Scalar results are written with `Value::set_int`/`set_float`/`set_bool`, which write only
//! the payload when the register already holds that variant: assembling a whole `Value` in
//! memory and copying it was the largest cost of the first version of this loop.

use super::call::{reserve, Fault, Frame};
use super::debug::session::Hook;
use super::limits::Stop;
use super::lower::Op;
use super::ops::{self, bad, less, path_mut};
use super::value::{MapObj, Value};
use super::Vm;
use crate::bytecode::chunk::wrap_int;
use crate::host::format_value;
use std::rc::Rc;

fn f32op(x: f64, y: f64, op: fn(f32, f32) -> f32) -> f64 {
    op(x as f32, y as f32) as f64
}

impl Vm {
    /// Runs from the frame on top of the stack until the frame at depth `stop` returns.
    /// `DEBUG` is the debug loop (`vm::debug`): it asks the debug session before every
    /// instruction; the normal loop (`false`) has no such check at all.
    pub(super) fn interp<const DEBUG: bool>(&mut self, stop: usize) -> Result<Value, Fault> {
        // Disjoint borrows of the VM's parts let the optimiser keep them in registers.
        let Vm { chunks, enum_names, natives, host, guard, max_depth, stack, frames, globals, debug, .. } = self;
        // The stack as a local slice: its pointer and length then stay in machine registers
        // (a `Vec` behind a reference is reloaded after every store into an element, which
        // might alias it). Re-taken when a call grows the stack.
        let mut st: &mut [Value] = stack.as_mut_slice();
        let chunks = Rc::clone(chunks);
        let max_depth = *max_depth;
        let Some(frame) = frames.last() else { return Ok(Value::None) };
        let mut chunk = &chunks[frame.chunk as usize];
        let mut code = &chunk.code[..];
        let mut kpool = &chunk.consts[..];
        let mut base = frame.base;
        let mut pc = frame.pc;
        // Start of the straight-line run since the last checkpoint (instructions are counted
        // in blocks there, not one by one), and the instructions left before the limits must
        // be checked again (`guard.refuel`).
        let mut seg = pc;
        let mut tank = guard.grant();
        let mut fuel = tank;
        let capped = guard.memory_cap.is_some();
        let watched = guard.watched;

        macro_rules! save_pc {
            () => {
                if let Some(f) = frames.last_mut() {
                    f.pc = pc;
                }
            };
        }
        macro_rules! fault {
            ($msg:expr) => {{
                save_pc!();
                guard.spend(tank - fuel);
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
                let n = (pc.saturating_sub(seg) as u64).max(1);
                if n <= fuel {
                    fuel -= n;
                } else {
                    match guard.refuel(tank - fuel + n) {
                        Ok(granted) => {
                            tank = granted;
                            fuel = granted;
                        }
                        Err(s) => {
                            // A hand-over to the debug loop runs this instruction (a jump or
                            // a call, which checkpoint before they change anything) again.
                            let resume = if s == Stop::Attention { pc - 1 } else { pc };
                            if let Some(f) = frames.last_mut() {
                                f.pc = resume;
                            }
                            return Err(Fault::Stop(s));
                        }
                    }
                }
            }};
        }
        // After an instruction that may allocate much (a long string, a native's result): the
        // memory cap is checked at once, not only at the next checkpoint.
        macro_rules! memory_check {
            () => {
                if capped && crate::alloc::over_cap() {
                    save_pc!();
                    guard.spend(tank - fuel);
                    return Err(Fault::Stop(Stop::Memory));
                }
            };
        }
        macro_rules! reg {
            ($r:expr) => {
                st[base + $r as usize]
            };
        }
        // Writes a scalar result (see `Value::set_int`); the value is computed first, as it
        // may read registers.
        macro_rules! put {
            (int, $r:expr, $v:expr) => {{
                let v = $v;
                reg!($r).set_int(v)
            }};
            (float, $r:expr, $v:expr) => {{
                let v = $v;
                reg!($r).set_float(v)
            }};
            (bool, $r:expr, $v:expr) => {{
                let v = $v;
                reg!($r).set_bool(v)
            }};
        }
        macro_rules! set {
            ($r:expr, $v:expr) => {{
                let v = $v;
                Value::store(&mut reg!($r), v)
            }};
        }
        // Copies a value read from the stack into register `$dst`: scalars without building a
        // `Value`, anything else by cloning (an `Rc` count) before the register is written.
        macro_rules! load {
            ($dst:expr, $v:expr) => {{
                match $v {
                    Some(&Value::Int(n)) => put!(int, $dst, n),
                    Some(&Value::Float(x)) => put!(float, $dst, x),
                    Some(v) => {
                        let v = v.clone();
                        Value::store(&mut reg!($dst), v)
                    }
                    None => fault!("internal error: bad field or element".into()),
                }
            }};
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
        macro_rules! branch {
            ($cond:expr, $target:expr) => {{
                if $cond {
                    jump!($target)
                }
            }};
        }
        macro_rules! int_op {
            ($dst:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $body:expr) => {{
                let ($x, $y) = (int!($a), int!($b));
                put!(int, $dst, $body);
            }};
        }
        // A `LoadInt t, imm` fused with the operation that reads `t` (see `lower`).
        macro_rules! fused_imm {
            ($dst:expr, $a:expr, $t:expr, $imm:ident, |$x:ident| $body:expr) => {{
                let ($x, $imm) = (int!($a), i64::from($imm));
                reg!($t).set_int($imm);
                put!(int, $dst, $body);
                pc += 1;
            }};
        }
        macro_rules! int_cmp {
            ($dst:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $body:expr) => {{
                let ($x, $y) = (int!($a), int!($b));
                put!(bool, $dst, $body);
            }};
        }
        macro_rules! divide {
            ($dst:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $body:expr) => {{
                let ($x, $y) = (int!($a), int!($b));
                if $y == 0 {
                    fault!("division by zero".to_string());
                }
                put!(int, $dst, $body);
            }};
        }
        macro_rules! float_op {
            ($dst:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $body:expr) => {{
                let ($x, $y) = (float!($a), float!($b));
                put!(float, $dst, $body);
            }};
        }
        macro_rules! float_cmp {
            ($dst:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $body:expr) => {{
                let ($x, $y) = (float!($a), float!($b));
                put!(bool, $dst, $body);
            }};
        }
        // Returns from the running frame with the value in register `$src` (or `none`).
        macro_rules! ret {
            ($src:expr) => {{
                let Some(done) = frames.pop() else { return Ok(Value::None) };
                let from = $src.map(|r: u16| done.base + r as usize);
                // The frame is cleared next, so the result moves out unless it is a `mod`
                // parameter, which the caller still writes back.
                let v = match from.map(|r| &mut st[r]) {
                    // Scalars are copied: the register keeps its variant for the next call's
                    // writes (see `Value::set_int`).
                    Some(&mut Value::Int(n)) => Value::Int(n),
                    Some(&mut Value::Float(x)) => Value::Float(x),
                    Some(v) if chunk.mod_params.is_empty() => std::mem::take(v),
                    Some(v) => v.clone(),
                    None => Value::None,
                };
                chunk.clear_frame(st, done.base);
                let caller = match frames.last() {
                    Some(caller) if frames.len() > stop => caller,
                    _ => {
                        guard.spend(tank - fuel);
                        return Ok(v);
                    }
                };
                chunk = &chunks[caller.chunk as usize];
                code = &chunk.code[..];
                kpool = &chunk.consts[..];
                base = caller.base;
                pc = caller.pc;
                seg = pc;
                match v {
                    Value::Int(n) => put!(int, done.dst, n),
                    Value::Float(x) => put!(float, done.dst, x),
                    v => set!(done.dst, v),
                }
            }};
        }

        loop {
            if DEBUG {
                if let (Some(session), Some(frame)) = (debug.as_mut(), frames.last()) {
                    let line = chunk.lines.get(pc).copied().unwrap_or(0);
                    let pause = match session.at(frames.len(), frame.chunk, line) {
                        Hook::Run => None,
                        Hook::Pause(reason) => Some(Fault::Pause(reason)),
                        Hook::Disarm => Some(Fault::Disarmed),
                    };
                    if let Some(pause) = pause {
                        save_pc!();
                        guard.spend(tank - fuel);
                        return Err(pause);
                    }
                }
            }
            let Some(&instr) = code.get(pc) else { fault!("internal error: ran off the end of a function".into()) };
            pc += 1;
            match instr {
                Op::Nop {} => {}
                Op::Move { dst, src } => load!(dst, Some(&reg!(src))),
                Op::Take { dst, src } => set!(dst, std::mem::take(&mut reg!(src))),
                Op::LoadNone { dst } => set!(dst, Value::None),
                Op::Clear { first, count } => {
                    let start = base + first as usize;
                    st.iter_mut().skip(start).take(count as usize).for_each(Value::release);
                }
                Op::LoadBool { dst, value } => put!(bool, dst, value != 0),
                Op::LoadInt { dst, value } => put!(int, dst, value),
                Op::LoadConst { dst, k } => load!(dst, kpool.get(k as usize)),
                Op::GetGlobal { dst, global } => load!(dst, globals.get(global as usize)),
                Op::SetGlobal { global, src } => globals[global as usize] = std::mem::take(&mut reg!(src)),
                Op::TakeGlobal { dst, global } => set!(dst, std::mem::take(&mut globals[global as usize])),

                Op::AddInt { dst, a, b } => int_op!(dst, a, b, |x, y| x.wrapping_add(y)),
                Op::SubInt { dst, a, b } => int_op!(dst, a, b, |x, y| x.wrapping_sub(y)),
                Op::MulInt { dst, a, b } => int_op!(dst, a, b, |x, y| x.wrapping_mul(y)),
                Op::DivInt { dst, a, b } => divide!(dst, a, b, |x, y| x.wrapping_div(y)),
                Op::RemInt { dst, a, b } => divide!(dst, a, b, |x, y| x.wrapping_rem(y)),
                Op::DivU64 { dst, a, b } => divide!(dst, a, b, |x, y| ((x as u64) / (y as u64)) as i64),
                Op::RemU64 { dst, a, b } => divide!(dst, a, b, |x, y| ((x as u64) % (y as u64)) as i64),
                Op::AddIntImm { dst, a, imm } => put!(int, dst, int!(a).wrapping_add(imm)),
                Op::MulIntImm { dst, a, t, imm } => fused_imm!(dst, a, t, imm, |x| x.wrapping_mul(imm)),
                // `imm` is not 0; `i64::MIN / -1` wraps, as `DivInt` does.
                Op::DivIntImm { dst, a, t, imm } => fused_imm!(dst, a, t, imm, |x| x.checked_div(imm).unwrap_or(x)),
                Op::RemIntImm { dst, a, t, imm } => fused_imm!(dst, a, t, imm, |x| x.checked_rem(imm).unwrap_or(0)),
                Op::NegInt { dst, a } => put!(int, dst, int!(a).wrapping_neg()),
                Op::BitAnd { dst, a, b } => int_op!(dst, a, b, |x, y| x & y),
                Op::BitOr { dst, a, b } => int_op!(dst, a, b, |x, y| x | y),
                Op::BitXor { dst, a, b } => int_op!(dst, a, b, |x, y| x ^ y),
                Op::Shl { dst, a, b } => int_op!(dst, a, b, |x, y| x.wrapping_shl(y as u32)),
                Op::Shr { dst, a, b } => int_op!(dst, a, b, |x, y| x.wrapping_shr(y as u32)),
                Op::ShrU64 { dst, a, b } => int_op!(dst, a, b, |x, y| (x as u64).wrapping_shr(y as u32) as i64),
                Op::BitNot { dst, a } => put!(int, dst, !int!(a)),
                Op::WrapInt { dst, kind } => put!(int, dst, wrap_int(kind, int!(dst))),

                Op::AddF32 { dst, a, b } => float_op!(dst, a, b, |x, y| f32op(x, y, |p, q| p + q)),
                Op::SubF32 { dst, a, b } => float_op!(dst, a, b, |x, y| f32op(x, y, |p, q| p - q)),
                Op::MulF32 { dst, a, b } => float_op!(dst, a, b, |x, y| f32op(x, y, |p, q| p * q)),
                Op::DivF32 { dst, a, b } => float_op!(dst, a, b, |x, y| f32op(x, y, |p, q| p / q)),
                Op::RemF32 { dst, a, b } => float_op!(dst, a, b, |x, y| f32op(x, y, |p, q| p % q)),
                Op::AddF64 { dst, a, b } => float_op!(dst, a, b, |x, y| x + y),
                Op::SubF64 { dst, a, b } => float_op!(dst, a, b, |x, y| x - y),
                Op::MulF64 { dst, a, b } => float_op!(dst, a, b, |x, y| x * y),
                Op::DivF64 { dst, a, b } => float_op!(dst, a, b, |x, y| x / y),
                Op::RemF64 { dst, a, b } => float_op!(dst, a, b, |x, y| x % y),
                Op::NegFloat { dst, a } => put!(float, dst, -float!(a)),

                Op::EqInt { dst, a, b } => int_cmp!(dst, a, b, |x, y| x == y),
                Op::NeInt { dst, a, b } => int_cmp!(dst, a, b, |x, y| x != y),
                Op::LtInt { dst, a, b } => int_cmp!(dst, a, b, |x, y| x < y),
                Op::LeInt { dst, a, b } => int_cmp!(dst, a, b, |x, y| x <= y),
                Op::LtU64 { dst, a, b } => int_cmp!(dst, a, b, |x, y| (x as u64) < (y as u64)),
                Op::LeU64 { dst, a, b } => int_cmp!(dst, a, b, |x, y| (x as u64) <= (y as u64)),
                Op::LtFloat { dst, a, b } => float_cmp!(dst, a, b, |x, y| x < y),
                Op::LeFloat { dst, a, b } => float_cmp!(dst, a, b, |x, y| x <= y),
                Op::Eq { dst, a, b } => {
                    let eq = reg!(a) == reg!(b);
                    put!(bool, dst, eq)
                }
                Op::Ne { dst, a, b } => {
                    let ne = reg!(a) != reg!(b);
                    put!(bool, dst, ne)
                }
                Op::Lt { dst, a, b } => {
                    let lt = tri!(less(&reg!(a), &reg!(b), false));
                    put!(bool, dst, lt)
                }
                Op::Le { dst, a, b } => {
                    let le = tri!(less(&reg!(a), &reg!(b), true));
                    put!(bool, dst, le)
                }
                Op::Not { dst, a } => put!(bool, dst, !boolean!(a)),

                Op::Jump { target } => jump!(target),
                Op::JumpIfFalse { cond, target } => branch!(!boolean!(cond), target),
                Op::JumpIfTrue { cond, target } => branch!(boolean!(cond), target),
                Op::JumpIfNone { a, target } => branch!(matches!(reg!(a), Value::None), target),
                Op::JumpIfNotLtInt { a, b, target } => branch!(int!(a) >= int!(b), target),
                Op::JumpIfNotLeInt { a, b, target } => branch!(int!(a) > int!(b), target),
                Op::JumpIfNotLtIntImm { a, imm, target } => branch!(int!(a) >= imm, target),
                Op::JumpIfNotEqIntImm { a, imm, target } => branch!(int!(a) != imm, target),
                Op::JumpIfLtInt { a, b, target } => branch!(int!(a) < int!(b), target),
                Op::JumpIfLeInt { a, b, target } => branch!(int!(a) <= int!(b), target),
                Op::JumpIfLtIntImm { a, imm, target } => branch!(int!(a) < imm, target),
                Op::IncJumpIfLtImm { r, step, limit, target } => {
                    let n = int!(r).wrapping_add(i64::from(step));
                    reg!(r).set_int(n);
                    pc += 1;
                    branch!(n < i64::from(limit), target)
                }
                Op::IncJumpIfLt { r, step, b, target } => {
                    let n = int!(r).wrapping_add(i64::from(step));
                    reg!(r).set_int(n);
                    pc += 1;
                    branch!(n < int!(b), target)
                }

                Op::IntToF32 { dst, a } => put!(float, dst, int!(a) as f32 as f64),
                Op::IntToF64 { dst, a } => put!(float, dst, int!(a) as f64),
                Op::U64ToFloat { dst, a, f32 } => {
                    let x = int!(a) as u64;
                    put!(float, dst, if f32 != 0 { x as f32 as f64 } else { x as f64 });
                }
                Op::FloatToInt { dst, a, kind } => put!(int, dst, wrap_int(kind, float!(a) as i64)),
                Op::ToF32 { dst, a } => put!(float, dst, float!(a) as f32 as f64),

                Op::Concat { dst, a, b } => {
                    tri!(ops::concat(&mut st[base..], dst as usize, a as usize, b as usize));
                    memory_check!();
                }
                Op::ToStr { dst, a } => {
                    let s = match &reg!(a) {
                        Value::Str(s) => Value::Str(Rc::clone(s)),
                        other => Value::string(format_value(other)),
                    };
                    set!(dst, s)
                }
                Op::EnumName { dst, a, e } => {
                    let name = match reg!(a) {
                        Value::Int(i) => enum_names.get(e as usize).and_then(|n| n.get(i as usize)).cloned(),
                        Value::None => Some(Rc::new("none".to_string())),
                        _ => None,
                    };
                    set!(dst, Value::Str(name.unwrap_or_else(|| Rc::new("?".to_string()))));
                }
                Op::Interp { dst, first, count } => {
                    set!(dst, tri!(ops::interpolate(&st[base..], first as usize, count as usize)));
                    memory_check!();
                }

                Op::MakeStruct { dst, first, count, ty } => {
                    set!(dst, tri!(ops::make_struct(&mut st[base..], first as usize, count as usize, ty)))
                }
                Op::GetField { dst, obj, field } => match &reg!(obj) {
                    Value::Struct(s) => load!(dst, s.fields.get(field as usize)),
                    other => fault!(bad("a struct", other)),
                },
                Op::SetField { obj, field, src } => {
                    let v = std::mem::take(&mut reg!(src));
                    *tri!(path_mut(&mut reg!(obj), &[field])) = v;
                }
                Op::SetPath { obj, path, src } => {
                    let v = std::mem::take(&mut reg!(src));
                    *tri!(path_mut(&mut reg!(obj), &chunk.paths[path as usize][..])) = v;
                }
                Op::TakePath { dst, obj, path } => {
                    let v = std::mem::take(tri!(path_mut(&mut reg!(obj), &chunk.paths[path as usize][..])));
                    set!(dst, v);
                }
                Op::SetGlobalPath { global, path, src } => {
                    let v = std::mem::take(&mut reg!(src));
                    *tri!(path_mut(&mut globals[global as usize], &chunk.paths[path as usize][..])) = v;
                }
                Op::TakeGlobalPath { dst, global, path } => {
                    let place = tri!(path_mut(&mut globals[global as usize], &chunk.paths[path as usize][..]));
                    set!(dst, std::mem::take(place));
                }

                Op::MakeList { dst, first, count } => {
                    set!(dst, tri!(ops::make_list(&mut st[base..], first as usize, count as usize)));
                    memory_check!();
                }
                Op::NewMap { dst, kind } => {
                    let map = if kind == 0 { MapObj::Str(Default::default()) } else { MapObj::Int(Default::default()) };
                    set!(dst, Value::Map(Rc::new(map)));
                }
                Op::Len { dst, a } => {
                    let n = tri!(ops::len(&reg!(a)));
                    put!(int, dst, n)
                }
                Op::Cap { dst, a } => {
                    let n = tri!(ops::list(&reg!(a))).cap.max(tri!(ops::list(&reg!(a))).items.len());
                    put!(int, dst, n as i64)
                }
                Op::ListAt { dst, list, index } => {
                    let i = int!(index);
                    let items = &tri!(ops::list(&reg!(list))).items;
                    match usize::try_from(i).ok().and_then(|i| items.get(i)) {
                        Some(v) => load!(dst, Some(v)),
                        None => set!(dst, Value::None),
                    }
                }
                Op::ListPush { list, src } => {
                    let v = std::mem::take(&mut reg!(src));
                    tri!(ops::list_mut(&mut reg!(list))).push(v);
                    memory_check!();
                }
                Op::ListGet { dst, list, index } => {
                    let i = int!(index);
                    load!(dst, tri!(ops::list(&reg!(list))).items.get(i as usize))
                }
                Op::ListSet { list, index, src } => {
                    let i = int!(index) as usize;
                    let v = std::mem::take(&mut reg!(src));
                    match tri!(ops::list_mut(&mut reg!(list))).items.get_mut(i) {
                        Some(slot) => *slot = v,
                        None => fault!("internal error: list index out of range".into()),
                    }
                }
                Op::ListTake { dst, list, index } => {
                    let len = tri!(ops::list(&reg!(list))).items.len();
                    let v = match usize::try_from(int!(index)) {
                        Ok(i) if i < len => tri!(ops::list_mut(&mut reg!(list))).items.get_mut(i).map(std::mem::take),
                        _ => None,
                    };
                    set!(dst, v.unwrap_or_default())
                }
                Op::MapSet { map, key, src } => {
                    let v = std::mem::take(&mut reg!(src));
                    let k = reg!(key).clone();
                    tri!(ops::map_set(&mut reg!(map), k, v));
                }

                Op::Call { func, args, count: _, dst } => {
                    checkpoint!();
                    save_pc!();
                    if frames.len() >= max_depth {
                        fault!(format!("stack overflow: call depth exceeded {max_depth}"));
                    }
                    chunk = &chunks[func as usize];
                    code = &chunk.code[..];
                    kpool = &chunk.consts[..];
                    base += args as usize;
                    if base + chunk.nregs > st.len() {
                        reserve(stack, base + chunk.nregs);
                        st = stack.as_mut_slice();
                    }
                    frames.push(Frame { chunk: func, pc: 0, base, dst });
                    pc = 0;
                    seg = 0;
                }
                Op::NativeCall { native, args, count, dst } => {
                    let start = base + args as usize;
                    let end = start + count as usize;
                    let linked = &natives[native as usize];
                    if let Some(shared) = &linked.shared {
                        shared.borrow_mut().from_rae(globals);
                    }
                    let result = (linked.func)(host, &mut st[start..end]);
                    if let Some(shared) = &linked.shared {
                        shared.borrow_mut().into_rae(globals);
                    }
                    // A native that failed because the run was stopped (a script's hook saw
                    // the interrupt or the memory cap) ends the run as a stop, with its own
                    // message.
                    let stopped = guard.interrupt.load(std::sync::atomic::Ordering::Relaxed)
                        || (capped && crate::alloc::over_cap());
                    if result.is_err() && stopped {
                        save_pc!();
                        let stop = guard.check(tank - fuel).err().unwrap_or(Stop::Interrupted);
                        return Err(Fault::Stop(stop));
                    }
                    for (v, keep) in st[start..end].iter_mut().zip(&linked.keep) {
                        if !keep {
                            v.release();
                        }
                    }
                    set!(dst, tri!(result));
                    memory_check!();
                    // A watching host's request (a hot reload) is served at the next
                    // checkpoint, not a slice later: a game spends its frames in natives.
                    if watched && guard.attention.load(std::sync::atomic::Ordering::Relaxed) {
                        tank -= fuel;
                        fuel = 0;
                    }
                }
                Op::CallF32 { dst, a, f } => put!(float, dst, f(float!(a) as f32) as f64),
                Op::CallF64 { dst, a, f } => put!(float, dst, f(float!(a))),
                Op::MapGet { dst, args } => {
                    let a = base + args as usize;
                    let v = tri!(ops::map_lookup(&st[a], &st[a + 1])).cloned();
                    st[a].release();
                    st[a + 1].release();
                    match v {
                        Some(Value::Int(n)) => put!(int, dst, n),
                        v => set!(dst, v.unwrap_or_default()),
                    }
                }
                Op::MapHas { dst, args } => {
                    let a = base + args as usize;
                    let found = tri!(ops::map_lookup(&st[a], &st[a + 1])).is_some();
                    st[a].release();
                    st[a + 1].release();
                    put!(bool, dst, found);
                }
                Op::Ret { src } => ret!(Some(src)),
                Op::RetNone {} => ret!(None),
            }
        }
    }
}
