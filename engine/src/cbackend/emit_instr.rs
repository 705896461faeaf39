//! One bytecode instruction as C: each instruction's C statement does exactly what the VM's
//! dispatch loop (engine/src/vm/interp.rs) does for it, on the same registers.

use super::names::{c_double, c_int};
use super::EmitError;
use crate::bytecode::chunk::{Chunk, Constant};
use crate::bytecode::opcodes::{Instr, OperandKind};

/// What an instruction needs to know about its surroundings.
pub struct InstrCtx<'a> {
    pub chunk_index: usize,
    pub chunk: &'a Chunk,
    /// The C function serving each entry of the program's native link table.
    pub natives: &'a [NativeTarget],
}

/// How a `NativeCall` reaches its native: the C function and the argument positions the
/// caller keeps (`mod` arguments, written back by later instructions).
pub struct NativeTarget {
    pub function: String,
    pub keep: Vec<bool>,
}

fn int_op(d: u16, expr: String) -> String {
    format!("rae_set(&r[{d}], rae_int({expr}));")
}

fn float_op(d: u16, expr: String) -> String {
    format!("rae_set(&r[{d}], rae_float({expr}));")
}

fn bool_op(d: u16, expr: String) -> String {
    format!("rae_set(&r[{d}], rae_bool({expr}));")
}

fn f32_bin(d: u16, a: u16, b: u16, op: &str) -> String {
    float_op(d, format!("(double)((float)r[{a}].u.f {op} (float)r[{b}].u.f)"))
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
    let path = |p: u32| -> Result<String, EmitError> {
        let len = cx.chunk.paths.get(p as usize).map(Vec::len).ok_or_else(|| EmitError::internal("bad path"))?;
        Ok(format!("{}, {len}", path_name(c, p)))
    };
    Ok(match *i {
        Instr::Nop {} => String::new(),
        Instr::Move { dst, src } => format!("rae_set(&r[{dst}], rae_clone(r[{src}]));"),
        Instr::Take { dst, src } => format!("{{ RaeValue t = rae_take(&r[{src}]); rae_set(&r[{dst}], t); }}"),
        Instr::LoadNone { dst } => format!("rae_drop(&r[{dst}]);"),
        Instr::Clear { first, count } => format!("rae_clear(&r[{first}], {count});"),
        Instr::LoadBool { dst, value } => bool_op(dst, u8::from(value != 0).to_string()),
        Instr::LoadInt { dst, value } => int_op(dst, c_int(value)),
        Instr::LoadConst { dst, k } => {
            let value = match cx.chunk.consts.get(k as usize) {
                Some(Constant::Int(n)) => format!("rae_int({})", c_int(*n)),
                Some(Constant::Float(x)) => format!("rae_float({})", c_double(*x)),
                Some(Constant::Char(ch)) => format!("rae_char({})", u32::from(*ch)),
                Some(Constant::Str(_)) => format!("rae_clone({})", const_name(c, k)),
                None => return Err(EmitError::internal("bad constant")),
            };
            format!("rae_set(&r[{dst}], {value});")
        }
        Instr::GetGlobal { dst, global } => format!("rae_set(&r[{dst}], rae_clone(rae_g[{global}]));"),
        Instr::SetGlobal { global, src } => format!("rae_set(&rae_g[{global}], rae_take(&r[{src}]));"),
        Instr::TakeGlobal { dst, global } => {
            format!("{{ RaeValue t = rae_take(&rae_g[{global}]); rae_set(&r[{dst}], t); }}")
        }

        Instr::AddInt { dst, a, b } => int_op(dst, format!("rae_add(r[{a}].u.i, r[{b}].u.i)")),
        Instr::SubInt { dst, a, b } => int_op(dst, format!("rae_sub(r[{a}].u.i, r[{b}].u.i)")),
        Instr::MulInt { dst, a, b } => int_op(dst, format!("rae_mul(r[{a}].u.i, r[{b}].u.i)")),
        Instr::DivInt { dst, a, b } => int_op(dst, format!("rae_div(r[{a}].u.i, r[{b}].u.i)")),
        Instr::RemInt { dst, a, b } => int_op(dst, format!("rae_rem(r[{a}].u.i, r[{b}].u.i)")),
        Instr::DivU64 { dst, a, b } => int_op(dst, format!("rae_divu(r[{a}].u.i, r[{b}].u.i)")),
        Instr::RemU64 { dst, a, b } => int_op(dst, format!("rae_remu(r[{a}].u.i, r[{b}].u.i)")),
        Instr::AddIntImm { dst, a, imm } => int_op(dst, format!("rae_add(r[{a}].u.i, {})", c_int(imm))),
        Instr::NegInt { dst, a } => int_op(dst, format!("rae_neg(r[{a}].u.i)")),
        Instr::BitAnd { dst, a, b } => int_op(dst, format!("r[{a}].u.i & r[{b}].u.i")),
        Instr::BitOr { dst, a, b } => int_op(dst, format!("r[{a}].u.i | r[{b}].u.i")),
        Instr::BitXor { dst, a, b } => int_op(dst, format!("r[{a}].u.i ^ r[{b}].u.i")),
        Instr::Shl { dst, a, b } => int_op(dst, format!("rae_shl(r[{a}].u.i, r[{b}].u.i)")),
        Instr::Shr { dst, a, b } => int_op(dst, format!("rae_shr(r[{a}].u.i, r[{b}].u.i)")),
        Instr::ShrU64 { dst, a, b } => int_op(dst, format!("rae_shru(r[{a}].u.i, r[{b}].u.i)")),
        Instr::BitNot { dst, a } => int_op(dst, format!("~r[{a}].u.i")),
        Instr::WrapInt { dst, kind } => int_op(dst, format!("rae_wrap({kind}, r[{dst}].u.i)")),

        Instr::AddF32 { dst, a, b } => f32_bin(dst, a, b, "+"),
        Instr::SubF32 { dst, a, b } => f32_bin(dst, a, b, "-"),
        Instr::MulF32 { dst, a, b } => f32_bin(dst, a, b, "*"),
        Instr::DivF32 { dst, a, b } => f32_bin(dst, a, b, "/"),
        Instr::RemF32 { dst, a, b } => float_op(dst, format!("(double)fmodf((float)r[{a}].u.f, (float)r[{b}].u.f)")),
        Instr::AddF64 { dst, a, b } => float_op(dst, format!("r[{a}].u.f + r[{b}].u.f")),
        Instr::SubF64 { dst, a, b } => float_op(dst, format!("r[{a}].u.f - r[{b}].u.f")),
        Instr::MulF64 { dst, a, b } => float_op(dst, format!("r[{a}].u.f * r[{b}].u.f")),
        Instr::DivF64 { dst, a, b } => float_op(dst, format!("r[{a}].u.f / r[{b}].u.f")),
        Instr::RemF64 { dst, a, b } => float_op(dst, format!("fmod(r[{a}].u.f, r[{b}].u.f)")),
        Instr::NegFloat { dst, a } => float_op(dst, format!("-r[{a}].u.f")),

        Instr::EqInt { dst, a, b } => bool_op(dst, format!("r[{a}].u.i == r[{b}].u.i")),
        Instr::NeInt { dst, a, b } => bool_op(dst, format!("r[{a}].u.i != r[{b}].u.i")),
        Instr::LtInt { dst, a, b } => bool_op(dst, format!("r[{a}].u.i < r[{b}].u.i")),
        Instr::LeInt { dst, a, b } => bool_op(dst, format!("r[{a}].u.i <= r[{b}].u.i")),
        Instr::LtU64 { dst, a, b } => bool_op(dst, format!("(uint64_t)r[{a}].u.i < (uint64_t)r[{b}].u.i")),
        Instr::LeU64 { dst, a, b } => bool_op(dst, format!("(uint64_t)r[{a}].u.i <= (uint64_t)r[{b}].u.i")),
        Instr::LtFloat { dst, a, b } => bool_op(dst, format!("r[{a}].u.f < r[{b}].u.f")),
        Instr::LeFloat { dst, a, b } => bool_op(dst, format!("r[{a}].u.f <= r[{b}].u.f")),
        Instr::Eq { dst, a, b } => bool_op(dst, format!("rae_equal(&r[{a}], &r[{b}])")),
        Instr::Ne { dst, a, b } => bool_op(dst, format!("!rae_equal(&r[{a}], &r[{b}])")),
        Instr::Lt { dst, a, b } => bool_op(dst, format!("rae_less(&r[{a}], &r[{b}], 0)")),
        Instr::Le { dst, a, b } => bool_op(dst, format!("rae_less(&r[{a}], &r[{b}], 1)")),
        Instr::Not { dst, a } => bool_op(dst, format!("!r[{a}].u.b")),

        Instr::Jump { target } => format!("goto L{target};"),
        Instr::JumpIfFalse { cond, target } => jump_if(format!("!r[{cond}].u.b"), target),
        Instr::JumpIfTrue { cond, target } => jump_if(format!("r[{cond}].u.b"), target),
        Instr::JumpIfNone { a, target } => jump_if(format!("r[{a}].tag == RV_NONE"), target),
        Instr::JumpIfNotLtInt { a, b, target } => jump_if(format!("r[{a}].u.i >= r[{b}].u.i"), target),
        Instr::JumpIfNotLeInt { a, b, target } => jump_if(format!("r[{a}].u.i > r[{b}].u.i"), target),
        Instr::JumpIfNotLtIntImm { a, imm, target } => jump_if(format!("r[{a}].u.i >= {}", c_int(imm)), target),
        Instr::JumpIfNotEqIntImm { a, imm, target } => jump_if(format!("r[{a}].u.i != {}", c_int(imm)), target),
        Instr::JumpIfLtInt { a, b, target } => jump_if(format!("r[{a}].u.i < r[{b}].u.i"), target),
        Instr::JumpIfLeInt { a, b, target } => jump_if(format!("r[{a}].u.i <= r[{b}].u.i"), target),
        Instr::JumpIfLtIntImm { a, imm, target } => jump_if(format!("r[{a}].u.i < {}", c_int(imm)), target),

        Instr::IntToF32 { dst, a } => float_op(dst, format!("(double)(float)r[{a}].u.i")),
        Instr::IntToF64 { dst, a } => float_op(dst, format!("(double)r[{a}].u.i")),
        Instr::U64ToFloat { dst, a, f32 } => {
            let cast = if f32 != 0 { "(double)(float)" } else { "(double)" };
            float_op(dst, format!("{cast}(uint64_t)r[{a}].u.i"))
        }
        Instr::FloatToInt { dst, a, kind } => int_op(dst, format!("rae_wrap({kind}, rae_f2i(r[{a}].u.f))")),
        Instr::ToF32 { dst, a } => float_op(dst, format!("rae_f32(r[{a}].u.f)")),

        Instr::Concat { dst, a, b } => format!("rae_set(&r[{dst}], rae_concat(&r[{a}], &r[{b}]));"),
        Instr::ToStr { dst, a } => format!("rae_set(&r[{dst}], rae_to_str(&r[{a}]));"),
        Instr::EnumName { dst, a, e } => format!("rae_set(&r[{dst}], rae_enum_name(&r[{a}], {e}));"),
        Instr::Interp { dst, first, count } => format!("rae_set(&r[{dst}], rae_interp(&r[{first}], {count}));"),

        Instr::MakeStruct { dst, first, count } => {
            format!("{{ RaeValue t = rae_make_struct(&r[{first}], {count}); rae_set(&r[{dst}], t); }}")
        }
        Instr::GetField { dst, obj, field } => format!("rae_set(&r[{dst}], rae_get_field(&r[{obj}], {field}));"),
        Instr::SetField { obj, field, src } => format!(
            "{{ RaeValue t = rae_take(&r[{src}]); static const uint16_t f[] = {{{field}}}; rae_set(rae_path_mut(&r[{obj}], f, 1), t); }}"
        ),
        Instr::SetPath { obj, path: p, src } => {
            format!("{{ RaeValue t = rae_take(&r[{src}]); rae_set(rae_path_mut(&r[{obj}], {}), t); }}", path(p)?)
        }
        Instr::TakePath { dst, obj, path: p } => {
            format!("{{ RaeValue t = rae_take(rae_path_mut(&r[{obj}], {})); rae_set(&r[{dst}], t); }}", path(p)?)
        }
        Instr::SetGlobalPath { global, path: p, src } => {
            format!("{{ RaeValue t = rae_take(&r[{src}]); rae_set(rae_path_mut(&rae_g[{global}], {}), t); }}", path(p)?)
        }
        Instr::TakeGlobalPath { dst, global, path: p } => format!(
            "{{ RaeValue t = rae_take(rae_path_mut(&rae_g[{global}], {})); rae_set(&r[{dst}], t); }}",
            path(p)?
        ),

        Instr::MakeList { dst, first, count } => {
            format!("{{ RaeValue t = rae_make_list(&r[{first}], {count}); rae_set(&r[{dst}], t); }}")
        }
        Instr::NewMap { dst, kind } => format!("rae_set(&r[{dst}], rae_new_map({kind}));"),
        Instr::Len { dst, a } => int_op(dst, format!("rae_len(&r[{a}])")),
        Instr::Cap { dst, a } => int_op(dst, format!("rae_cap(&r[{a}])")),
        Instr::ListAt { dst, list, index } => {
            format!("{{ RaeValue t = rae_list_at(&r[{list}], r[{index}].u.i); rae_set(&r[{dst}], t); }}")
        }
        Instr::ListPush { list, src } => format!("rae_list_push(&r[{list}], rae_take(&r[{src}]));"),
        Instr::ListGet { dst, list, index } => {
            format!("{{ RaeValue t = rae_list_at(&r[{list}], r[{index}].u.i); rae_set(&r[{dst}], t); }}")
        }
        Instr::ListSet { list, index, src } => {
            format!("rae_list_set(&r[{list}], r[{index}].u.i, rae_take(&r[{src}]));")
        }
        Instr::MapSet { map, key, src } => format!("rae_map_set(&r[{map}], &r[{key}], rae_take(&r[{src}]));"),

        Instr::Call { func, args, count: _, dst } => {
            format!("{{ RaeValue t = {}(r + {args}); rae_set(&r[{dst}], t); }}", fn_name(func))
        }
        Instr::NativeCall { native, args, count, dst } => {
            let target = cx.natives.get(native as usize).ok_or_else(|| EmitError::internal("bad native"))?;
            let mut s = format!("{{ RaeValue t = {}(r + {args});", target.function);
            for k in 0..count {
                if !target.keep.get(k as usize).copied().unwrap_or(false) {
                    s.push_str(&format!(" rae_drop(&r[{}]);", args + k));
                }
            }
            s.push_str(&format!(" rae_set(&r[{dst}], t); }}"));
            s
        }
        Instr::Ret { src } => {
            // The frame is cleared next, so the result moves out unless a `mod` parameter
            // (which the caller still writes back) may be the one returned.
            let value = if cx.chunk.mod_params.is_empty() {
                format!("rae_take(&r[{src}])")
            } else {
                format!("rae_clone(r[{src}])")
            };
            ret.replace("$V", &value)
        }
        Instr::RetNone {} => ret.replace("$V", "rae_none()"),
    })
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

/// Jump targets of an instruction (they get a C label), read from the opcode table's operand
/// layouts so a new jump instruction cannot be missed.
pub fn jump_targets(i: &Instr) -> impl Iterator<Item = u32> {
    let kinds = i.op().layout();
    i.operands()
        .into_iter()
        .zip(kinds.iter())
        .filter(|(_, (_, kind))| *kind == OperandKind::Label)
        .filter_map(|(value, _)| u32::try_from(value).ok())
}
