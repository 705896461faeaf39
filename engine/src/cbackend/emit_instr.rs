//! One bytecode instruction as C: each instruction's C statement does exactly what the VM's
//! dispatch loop (engine/src/vm/interp.rs) does for it, on the same registers.

use super::names::{c_double, c_int};
use super::EmitError;
use crate::bytecode::chunk::{Chunk, Constant};
use crate::bytecode::kinds::{Kind, ProgramKinds};
use crate::bytecode::opcodes::Instr;

/// What an instruction needs to know about its surroundings.
pub struct InstrCtx<'a> {
    pub chunk_index: usize,
    pub chunk: &'a Chunk,
    /// The C function serving each entry of the program's native link table.
    pub natives: &'a [NativeTarget],
    /// Register kinds of every chunk (this one's registers, callees' parameters and results).
    pub kinds: &'a ProgramKinds,
}

/// How a `NativeCall` reaches its native: the C function and the argument positions the
/// caller keeps (`mod` arguments, written back by later instructions).
pub struct NativeTarget {
    pub function: String,
    pub keep: Vec<bool>,
}

/// The C spelling of this chunk's registers: a typed local `v<N>` for a scalar register,
/// the value-stack slot `r[N]` for a tagged one.
struct Regs<'a>(&'a [Kind]);

impl Regs<'_> {
    fn kind(&self, r: u16) -> Kind {
        self.0.get(r as usize).copied().unwrap_or(Kind::Tagged)
    }

    /// Register `r` read as a scalar of `kind` (a tagged register holds it in its union).
    fn read(&self, r: u16, kind: Kind) -> String {
        if self.kind(r).is_scalar() {
            return format!("v{r}");
        }
        union_field(&format!("r[{r}]"), kind)
    }

    fn int(&self, r: u16) -> String {
        self.read(r, Kind::Int)
    }

    fn flt(&self, r: u16) -> String {
        self.read(r, Kind::Float)
    }

    fn bln(&self, r: u16) -> String {
        self.read(r, Kind::Bool)
    }

    /// A `const RaeValue *` to register `r`'s value (a boxed copy for a typed register).
    fn ptr(&self, r: u16) -> String {
        match self.kind(r) {
            Kind::Int => format!("&(RaeValue){{.tag = RV_INT, .u.i = v{r}}}"),
            Kind::Float => format!("&(RaeValue){{.tag = RV_FLOAT, .u.f = v{r}}}"),
            Kind::Bool => format!("&(RaeValue){{.tag = RV_BOOL, .u.b = v{r}}}"),
            _ => format!("&r[{r}]"),
        }
    }

    /// A new reference to register `r`'s value, as a `RaeValue`.
    fn val(&self, r: u16) -> String {
        match self.kind(r) {
            k if k.is_scalar() => boxed(k, &format!("v{r}")),
            _ => format!("rae_clone(r[{r}])"),
        }
    }

    /// `dst = expr`, where `expr` is a C expression of `kind` (`Tagged`: an owned `RaeValue`).
    /// A tagged register written by a scalar expression boxes it; a typed one written by a
    /// tagged expression takes the scalar out of it.
    fn assign(&self, dst: u16, kind: Kind, expr: &str) -> String {
        match (self.kind(dst), kind) {
            (d, k) if d.is_scalar() && k.is_scalar() => format!("v{dst} = {expr};"),
            (_, k) if k.is_scalar() => format!("rae_set(&r[{dst}], {});", boxed(k, expr)),
            // A value of unknown kind that its reader types (see `kinds::demands`): a scalar,
            // so it holds no reference.
            (d, _) if d.is_scalar() => format!("v{dst} = {};", union_field(&format!("({expr})"), d)),
            _ => format!("{{ RaeValue t = {expr}; rae_set(&r[{dst}], t); }}"),
        }
    }

    /// Stores the typed registers of `first..first+count` into their slots, for operations
    /// that read a window of the value stack. A typed register's slot is `none` (the
    /// operations that read a window move out of it, callees clear their frames, and only
    /// `mod` arguments, which are tagged, come back holding a value), so a plain store is
    /// enough.
    fn spill(&self, first: u16, count: u16) -> String {
        (first..first.saturating_add(count))
            .filter(|&r| self.kind(r).is_scalar())
            .map(|r| format!("r[{r}] = {}; ", boxed(self.kind(r), &format!("v{r}"))))
            .collect()
    }
}

/// The scalar of `kind` held by the `RaeValue` variable `v`.
fn union_field(v: &str, kind: Kind) -> String {
    let field = match kind {
        Kind::Int => "i",
        Kind::Float => "f",
        _ => "b",
    };
    format!("{v}.u.{field}")
}

/// A scalar C expression of `kind` as a `RaeValue`.
fn boxed(kind: Kind, expr: &str) -> String {
    match kind {
        Kind::Int => format!("rae_int({expr})"),
        Kind::Float => format!("rae_float({expr})"),
        _ => format!("rae_bool({expr})"),
    }
}

/// The C type of a typed register, parameter or result.
pub fn c_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "int64_t",
        Kind::Float => "double",
        Kind::Bool => "int",
        Kind::Tagged => "RaeValue",
        Kind::Unset | Kind::Void => "void",
    }
}

/// Whether a chunk with result `kind` returns nothing.
pub fn is_void(kind: Kind) -> bool {
    matches!(kind, Kind::Unset | Kind::Void)
}

fn jump_if(cond: String, target: u32) -> String {
    format!("if ({cond}) goto L{target};")
}

/// The C path table name of path `p` in chunk `c`.
pub fn path_name(c: usize, p: u32) -> String {
    format!("P{c}_{p}")
}

/// The C name of string constant `k` in chunk `c`.
pub fn const_name(c: usize, k: u32) -> String {
    format!("K{c}_{k}")
}

/// The C function of chunk `c`.
pub fn fn_name(c: u32) -> String {
    format!("rae_fn_{c}")
}

/// The statement(s) of one instruction; `ret` is the chunk's return sequence with `$V` for
/// the returned value.
pub fn emit_instr(cx: &InstrCtx, i: &Instr, ret: &str) -> Result<String, EmitError> {
    let c = cx.chunk_index;
    let g = Regs(cx.kinds.regs.get(c).map(Vec::as_slice).unwrap_or(&[]));
    let path = |p: u32| -> Result<String, EmitError> {
        let len = cx.chunk.paths.get(p as usize).map(Vec::len).ok_or_else(|| EmitError::internal("bad path"))?;
        Ok(format!("{}, {len}", path_name(c, p)))
    };
    let int_op = |d: u16, expr: String| g.assign(d, Kind::Int, &expr);
    let float_op = |d: u16, expr: String| g.assign(d, Kind::Float, &expr);
    let bool_op = |d: u16, expr: String| g.assign(d, Kind::Bool, &expr);
    let int_bin = |d: u16, f: &str, a: u16, b: u16| int_op(d, format!("{f}({}, {})", g.int(a), g.int(b)));
    let int_infix = |d: u16, a: u16, op: &str, b: u16| int_op(d, format!("{} {op} {}", g.int(a), g.int(b)));
    let f32_bin = |d: u16, a: u16, op: &str, b: u16| {
        float_op(d, format!("(double)((float){} {op} (float){})", g.flt(a), g.flt(b)))
    };
    let f64_bin = |d: u16, a: u16, op: &str, b: u16| float_op(d, format!("{} {op} {}", g.flt(a), g.flt(b)));
    let int_cmp = |d: u16, a: u16, op: &str, b: u16| bool_op(d, format!("{} {op} {}", g.int(a), g.int(b)));
    let u64_cmp =
        |d: u16, a: u16, op: &str, b: u16| bool_op(d, format!("(uint64_t){} {op} (uint64_t){}", g.int(a), g.int(b)));
    let int_jump = |a: u16, op: &str, b: String, target: u32| jump_if(format!("{} {op} {b}", g.int(a)), target);
    Ok(match *i {
        Instr::Nop {} => String::new(),
        Instr::Move { dst, src } | Instr::Take { dst, src } if g.kind(src).is_scalar() => {
            g.assign(dst, g.kind(src), &format!("v{src}"))
        }
        Instr::Move { dst, src } => format!("rae_set(&r[{dst}], rae_clone(r[{src}]));"),
        Instr::Take { dst, src } => format!("{{ RaeValue t = rae_take(&r[{src}]); rae_set(&r[{dst}], t); }}"),
        Instr::LoadNone { dst } => format!("rae_drop(&r[{dst}]);"),
        Instr::Clear { first, count } => clear(&g, first, count),
        Instr::LoadBool { dst, value } => bool_op(dst, u8::from(value != 0).to_string()),
        Instr::LoadInt { dst, value } => int_op(dst, c_int(value)),
        Instr::LoadConst { dst, k } => match cx.chunk.consts.get(k as usize) {
            Some(Constant::Int(n)) => int_op(dst, c_int(*n)),
            Some(Constant::Float(x)) => float_op(dst, c_double(*x)),
            Some(Constant::Char(ch)) => g.assign(dst, Kind::Tagged, &format!("rae_char({})", u32::from(*ch))),
            Some(Constant::Str(_)) => g.assign(dst, Kind::Tagged, &format!("rae_clone({})", const_name(c, k))),
            None => return Err(EmitError::internal("bad constant")),
        },
        Instr::GetGlobal { dst, global } => format!("rae_set(&r[{dst}], rae_clone(rae_g[{global}]));"),
        Instr::SetGlobal { global, src } => format!("rae_set(&rae_g[{global}], {});", take(&g, src)),
        Instr::TakeGlobal { dst, global } => {
            format!("{{ RaeValue t = rae_take(&rae_g[{global}]); rae_set(&r[{dst}], t); }}")
        }

        Instr::AddInt { dst, a, b } => int_bin(dst, "rae_add", a, b),
        Instr::SubInt { dst, a, b } => int_bin(dst, "rae_sub", a, b),
        Instr::MulInt { dst, a, b } => int_bin(dst, "rae_mul", a, b),
        Instr::DivInt { dst, a, b } => int_bin(dst, "rae_div", a, b),
        Instr::RemInt { dst, a, b } => int_bin(dst, "rae_rem", a, b),
        Instr::DivU64 { dst, a, b } => int_bin(dst, "rae_divu", a, b),
        Instr::RemU64 { dst, a, b } => int_bin(dst, "rae_remu", a, b),
        Instr::AddIntImm { dst, a, imm } => int_op(dst, format!("rae_add({}, {})", g.int(a), c_int(imm))),
        Instr::NegInt { dst, a } => int_op(dst, format!("rae_neg({})", g.int(a))),
        Instr::BitAnd { dst, a, b } => int_infix(dst, a, "&", b),
        Instr::BitOr { dst, a, b } => int_infix(dst, a, "|", b),
        Instr::BitXor { dst, a, b } => int_infix(dst, a, "^", b),
        Instr::Shl { dst, a, b } => int_bin(dst, "rae_shl", a, b),
        Instr::Shr { dst, a, b } => int_bin(dst, "rae_shr", a, b),
        Instr::ShrU64 { dst, a, b } => int_bin(dst, "rae_shru", a, b),
        Instr::BitNot { dst, a } => int_op(dst, format!("~{}", g.int(a))),
        Instr::WrapInt { dst, kind } => int_op(dst, format!("rae_wrap({kind}, {})", g.int(dst))),

        Instr::AddF32 { dst, a, b } => f32_bin(dst, a, "+", b),
        Instr::SubF32 { dst, a, b } => f32_bin(dst, a, "-", b),
        Instr::MulF32 { dst, a, b } => f32_bin(dst, a, "*", b),
        Instr::DivF32 { dst, a, b } => f32_bin(dst, a, "/", b),
        Instr::RemF32 { dst, a, b } => {
            float_op(dst, format!("(double)fmodf((float){}, (float){})", g.flt(a), g.flt(b)))
        }
        Instr::AddF64 { dst, a, b } => f64_bin(dst, a, "+", b),
        Instr::SubF64 { dst, a, b } => f64_bin(dst, a, "-", b),
        Instr::MulF64 { dst, a, b } => f64_bin(dst, a, "*", b),
        Instr::DivF64 { dst, a, b } => f64_bin(dst, a, "/", b),
        Instr::RemF64 { dst, a, b } => float_op(dst, format!("fmod({}, {})", g.flt(a), g.flt(b))),
        Instr::NegFloat { dst, a } => float_op(dst, format!("-{}", g.flt(a))),

        Instr::EqInt { dst, a, b } => int_cmp(dst, a, "==", b),
        Instr::NeInt { dst, a, b } => int_cmp(dst, a, "!=", b),
        Instr::LtInt { dst, a, b } => int_cmp(dst, a, "<", b),
        Instr::LeInt { dst, a, b } => int_cmp(dst, a, "<=", b),
        Instr::LtU64 { dst, a, b } => u64_cmp(dst, a, "<", b),
        Instr::LeU64 { dst, a, b } => u64_cmp(dst, a, "<=", b),
        Instr::LtFloat { dst, a, b } => bool_op(dst, format!("{} < {}", g.flt(a), g.flt(b))),
        Instr::LeFloat { dst, a, b } => bool_op(dst, format!("{} <= {}", g.flt(a), g.flt(b))),
        Instr::Eq { dst, a, b } => bool_op(dst, format!("rae_equal({}, {})", g.ptr(a), g.ptr(b))),
        Instr::Ne { dst, a, b } => bool_op(dst, format!("!rae_equal({}, {})", g.ptr(a), g.ptr(b))),
        Instr::Lt { dst, a, b } => bool_op(dst, format!("rae_less({}, {}, 0)", g.ptr(a), g.ptr(b))),
        Instr::Le { dst, a, b } => bool_op(dst, format!("rae_less({}, {}, 1)", g.ptr(a), g.ptr(b))),
        Instr::Not { dst, a } => bool_op(dst, format!("!{}", g.bln(a))),

        Instr::Jump { target } => format!("goto L{target};"),
        Instr::JumpIfFalse { cond, target } => jump_if(format!("!{}", g.bln(cond)), target),
        Instr::JumpIfTrue { cond, target } => jump_if(g.bln(cond), target),
        Instr::JumpIfNone { a, target } => jump_if(format!("r[{a}].tag == RV_NONE"), target),
        Instr::JumpIfNotLtInt { a, b, target } => int_jump(a, ">=", g.int(b), target),
        Instr::JumpIfNotLeInt { a, b, target } => int_jump(a, ">", g.int(b), target),
        Instr::JumpIfNotLtIntImm { a, imm, target } => int_jump(a, ">=", c_int(imm), target),
        Instr::JumpIfNotEqIntImm { a, imm, target } => int_jump(a, "!=", c_int(imm), target),
        Instr::JumpIfLtInt { a, b, target } => int_jump(a, "<", g.int(b), target),
        Instr::JumpIfLeInt { a, b, target } => int_jump(a, "<=", g.int(b), target),
        Instr::JumpIfLtIntImm { a, imm, target } => int_jump(a, "<", c_int(imm), target),

        Instr::IntToF32 { dst, a } => float_op(dst, format!("(double)(float){}", g.int(a))),
        Instr::IntToF64 { dst, a } => float_op(dst, format!("(double){}", g.int(a))),
        Instr::U64ToFloat { dst, a, f32 } => {
            let cast = if f32 != 0 { "(double)(float)" } else { "(double)" };
            float_op(dst, format!("{cast}(uint64_t){}", g.int(a)))
        }
        Instr::FloatToInt { dst, a, kind } => int_op(dst, format!("rae_wrap({kind}, rae_f2i({}))", g.flt(a))),
        Instr::ToF32 { dst, a } => float_op(dst, format!("rae_f32({})", g.flt(a))),

        Instr::Concat { dst, a, b } => g.assign(dst, Kind::Tagged, &format!("rae_concat({}, {})", g.ptr(a), g.ptr(b))),
        Instr::ToStr { dst, a } => g.assign(dst, Kind::Tagged, &format!("rae_to_str({})", g.ptr(a))),
        Instr::EnumName { dst, a, e } => g.assign(dst, Kind::Tagged, &format!("rae_enum_name({}, {e})", g.ptr(a))),
        Instr::Interp { dst, first, count } => {
            // Only reads its window: the spilled slots are emptied again after.
            let unspill: String = (first..first.saturating_add(count))
                .filter(|&r| g.kind(r).is_scalar())
                .map(|r| format!(" r[{r}].tag = RV_NONE;"))
                .collect();
            format!(
                "{}{}{unspill}",
                g.spill(first, count),
                g.assign(dst, Kind::Tagged, &format!("rae_interp(&r[{first}], {count})"))
            )
        }

        Instr::MakeStruct { dst, first, count, .. } => format!(
            "{}{}",
            g.spill(first, count),
            g.assign(dst, Kind::Tagged, &format!("rae_make_struct(&r[{first}], {count})"))
        ),
        Instr::GetField { dst, obj, field } => {
            g.assign(dst, Kind::Tagged, &format!("rae_get_field(&r[{obj}], {field})"))
        }
        Instr::SetField { obj, field, src } => format!(
            "{{ RaeValue t = {}; static const uint16_t f[] = {{{field}}}; rae_set(rae_path_mut(&r[{obj}], f, 1), t); }}",
            take(&g, src)
        ),
        Instr::SetPath { obj, path: p, src } => {
            format!("{{ RaeValue t = {}; rae_set(rae_path_mut(&r[{obj}], {}), t); }}", take(&g, src), path(p)?)
        }
        Instr::TakePath { dst, obj, path: p } => {
            format!("{{ RaeValue t = rae_take(rae_path_mut(&r[{obj}], {})); rae_set(&r[{dst}], t); }}", path(p)?)
        }
        Instr::SetGlobalPath { global, path: p, src } => format!(
            "{{ RaeValue t = {}; rae_set(rae_path_mut(&rae_g[{global}], {}), t); }}",
            take(&g, src),
            path(p)?
        ),
        Instr::TakeGlobalPath { dst, global, path: p } => format!(
            "{{ RaeValue t = rae_take(rae_path_mut(&rae_g[{global}], {})); rae_set(&r[{dst}], t); }}",
            path(p)?
        ),

        Instr::MakeList { dst, first, count } => format!(
            "{}{}",
            g.spill(first, count),
            g.assign(dst, Kind::Tagged, &format!("rae_make_list(&r[{first}], {count})"))
        ),
        Instr::NewMap { dst, kind } => format!("rae_set(&r[{dst}], rae_new_map({kind}));"),
        Instr::Len { dst, a } => int_op(dst, format!("rae_len(&r[{a}])")),
        Instr::Cap { dst, a } => int_op(dst, format!("rae_cap(&r[{a}])")),
        Instr::ListAt { dst, list, index } | Instr::ListGet { dst, list, index } => {
            g.assign(dst, Kind::Tagged, &format!("rae_list_at(&r[{list}], {})", g.int(index)))
        }
        Instr::ListPush { list, src } => format!("rae_list_push(&r[{list}], {});", take(&g, src)),
        Instr::ListSet { list, index, src } => {
            format!("rae_list_set(&r[{list}], {}, {});", g.int(index), take(&g, src))
        }
        Instr::ListTake { dst, list, index } => {
            g.assign(dst, Kind::Tagged, &format!("rae_list_take(&r[{list}], {})", g.int(index)))
        }
        Instr::MapSet { map, key, src } => format!("rae_map_set(&r[{map}], {}, {});", g.ptr(key), take(&g, src)),

        Instr::Call { func, args, count, dst } => {
            let callee = func as usize;
            let mut spills = String::new();
            let mut call = format!("{}(r + {args}", fn_name(func));
            for k in 0..count {
                let param = cx.kinds.param(callee, k as usize);
                if param.is_scalar() {
                    call.push_str(&format!(", {}", g.read(args + k, param)));
                } else {
                    spills.push_str(&g.spill(args + k, 1));
                }
            }
            call.push(')');
            let result = match cx.kinds.ret(callee) {
                k if !is_void(k) => g.assign(dst, k, &call),
                // Nothing reads the result of a function without one, but a tagged `dst`
                // must hold `none` as in the VM.
                _ if g.kind(dst).is_scalar() => format!("{call};"),
                _ => format!("{call}; rae_drop(&r[{dst}]);"),
            };
            format!("{spills}{result}")
        }
        Instr::NativeCall { native, args, count, dst } => {
            let target = cx.natives.get(native as usize).ok_or_else(|| EmitError::internal("bad native"))?;
            let mut s = format!("{}{{ RaeValue t = {}(r + {args});", g.spill(args, count), target.function);
            for k in 0..count {
                if !target.keep.get(k as usize).copied().unwrap_or(false) {
                    s.push_str(&format!(" rae_drop(&r[{}]);", args + k));
                }
            }
            let result = match (g.kind(dst), cx.kinds.natives.get(native as usize)) {
                (d, _) if !d.is_scalar() => format!("rae_set(&r[{dst}], t);"),
                // A native without result returns `none`, which nothing reads.
                (_, Some(Kind::Void)) => String::new(),
                _ => g.assign(dst, Kind::Tagged, "t"),
            };
            s.push_str(&format!(" {result} }}"));
            s
        }
        Instr::Ret { src } => {
            // A scalar result is returned as its C type (every `Ret` of the chunk is of that
            // kind) or boxed. The frame is cleared next, so a tagged result moves out unless a
            // `mod` parameter (which the caller still writes back) may be the one returned.
            let value = match (cx.kinds.ret(c), g.kind(src)) {
                (k, _) if is_void(k) => String::new(),
                (Kind::Tagged, k) if k.is_scalar() => g.val(src),
                (k, _) if k.is_scalar() => g.read(src, k),
                _ if cx.chunk.mod_params.is_empty() => format!("rae_take(&r[{src}])"),
                _ => format!("rae_clone(r[{src}])"),
            };
            ret.replace("$V", &value)
        }
        Instr::RetNone {} => ret.replace("$V", "rae_none()"),
    })
}

/// Register `src`'s value moved out, as a `RaeValue` (a typed register just boxes its value).
fn take(g: &Regs, src: u16) -> String {
    match g.kind(src) {
        k if k.is_scalar() => g.val(src),
        _ => format!("rae_take(&r[{src}])"),
    }
}

/// `Clear` drops the references of the tagged registers in the range; typed ones hold none.
fn clear(g: &Regs, first: u16, count: u16) -> String {
    let mut s = String::new();
    let mut run: Option<u16> = None;
    for r in first..=first.saturating_add(count) {
        let tagged = r < first.saturating_add(count) && !g.kind(r).is_scalar();
        match (tagged, run) {
            (true, None) => run = Some(r),
            (false, Some(start)) => {
                s.push_str(&format!("rae_clear(&r[{start}], {}); ", r - start));
                run = None;
            }
            _ => {}
        }
    }
    s.trim_end().to_string()
}

/// Whether an instruction can stop the program or enter a call, so its line must be current
/// in the shadow frame for the stack trace.
pub fn needs_line(i: &Instr) -> bool {
    matches!(
        i,
        Instr::Call { .. }
            | Instr::NativeCall { .. }
            | Instr::DivInt { .. }
            | Instr::RemInt { .. }
            | Instr::DivU64 { .. }
            | Instr::RemU64 { .. }
    )
}
