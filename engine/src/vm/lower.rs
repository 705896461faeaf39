//! The VM's own instruction forms. The portable bytecode (`bytecode::opcodes::Instr`, shared
//! with the chunk file format and the C backend) is lowered once, when the VM is built, into
//! `Op`s: every instruction as it is, plus fused forms for pairs the compiler emits often.
//!
//! A fused op stands at the index of the first instruction of its pair and does the work of
//! both (including the first one's write to its temporary, so the pair's meaning is kept
//! exactly), then skips the second, which stays in place: jump targets, line numbers and the
//! instruction count are those of the portable code. A pair is fused only when no jump lands
//! on its second instruction.

use super::call::Linked;
use crate::bytecode::opcodes::{
    instr_table, Byte, Const, Count, Enum, Field, Func, Global, Imm, Instr, IntKind, Label, MapKind, Native,
    OperandKind, Path, Reg, Struct,
};
use crate::host::Direct;

/// Defines `Op`: one variant per portable instruction (same name and operands, so a flat
/// `match` dispatches on one tag) followed by the fused forms.
macro_rules! define_vm_ops {
    ($( $(#[$doc:meta])* $name:ident { $($field:ident : $kind:ident),* } )*) => {
        // Every portable operand is kept, so each variant mirrors its `Instr`, even those the
        // interpreter does not read (a call's argument count).
        #[allow(dead_code)]
        #[derive(Clone, Copy, Debug)]
        pub enum Op {
            $( $(#[$doc])* $name { $($field: $kind),* }, )*
            /// `LoadInt t, imm` then `MulInt dst, a, t`. (Immediates are `i32` so that an
            /// `Op` is no larger than an `Instr`.)
            MulIntImm { dst: Reg, a: Reg, t: Reg, imm: i32 },
            /// `LoadInt t, imm` then `DivInt dst, a, t` (`imm` is not 0).
            DivIntImm { dst: Reg, a: Reg, t: Reg, imm: i32 },
            /// `LoadInt t, imm` then `RemInt dst, a, t` (`imm` is not 0).
            RemIntImm { dst: Reg, a: Reg, t: Reg, imm: i32 },
            /// `NativeCall` of a float function with one argument in register `a` (see
            /// `host::Direct`), called on the register directly.
            CallF32 { dst: Reg, a: Reg, f: fn(f32) -> f32 },
            CallF64 { dst: Reg, a: Reg, f: fn(f64) -> f64 },
            /// `NativeCall` of a map's `get`/`has` with the map in `args` and the key after it
            /// (both released after the lookup, as the call would).
            MapGet { dst: Reg, args: Reg },
            MapHas { dst: Reg, args: Reg },
            /// `AddIntImm r, r, step` then `JumpIfLtIntImm r, limit, target`: the step and
            /// back edge of a counted loop in one dispatch.
            IncJumpIfLtImm { r: Reg, step: i16, limit: i32, target: Label },
            /// `AddIntImm r, r, step` then `JumpIfLtInt r, b, target`.
            IncJumpIfLt { r: Reg, step: i16, b: Reg, target: Label },
        }

        impl From<Instr> for Op {
            fn from(i: Instr) -> Op {
                match i {
                    $( Instr::$name { $($field),* } => Op::$name { $($field),* }, )*
                }
            }
        }
    };
}
instr_table!(define_vm_ops);

/// The chunk's code as the interpreter runs it (one `Op` per instruction); `lines` are its
/// instructions' source lines and `natives` the program's link table.
pub fn lower(code: &[Instr], lines: &[u32], natives: &[Linked]) -> Vec<Op> {
    let mut targets = vec![false; code.len() + 1];
    for instr in code {
        for (&(_, kind), value) in instr.op().layout().iter().zip(instr.operands()) {
            if kind == OperandKind::Label {
                if let Some(t) = usize::try_from(value).ok().and_then(|v| targets.get_mut(v)) {
                    *t = true;
                }
            }
        }
    }
    let mut ops: Vec<Op> = code.iter().map(|&i| single(i, natives)).collect();
    for (pc, pair) in code.windows(2).enumerate() {
        // A pair on two lines stays apart, so the debug loop still stops at the second line.
        if targets[pc + 1] || lines.get(pc) != lines.get(pc + 1) {
            continue;
        }
        if let Some(fused) = fuse(pair[0], pair[1]) {
            ops[pc] = fused;
        }
    }
    ops
}

/// One instruction's own form: a call of a native the VM runs directly becomes its op.
fn single(i: Instr, natives: &[Linked]) -> Op {
    if let Instr::NativeCall { native, args, count, dst } = i {
        match (natives.get(native as usize).and_then(|n| n.direct), count) {
            (Some(Direct::F32(f)), 1) => return Op::CallF32 { dst, a: args, f },
            (Some(Direct::F64(f)), 1) => return Op::CallF64 { dst, a: args, f },
            (Some(Direct::MapGet), 2) => return Op::MapGet { dst, args },
            (Some(Direct::MapHas), 2) => return Op::MapHas { dst, args },
            _ => {}
        }
    }
    Op::from(i)
}

fn fuse(first: Instr, second: Instr) -> Option<Op> {
    match first {
        Instr::LoadInt { dst: t, value } => literal_operand(t, value, second),
        Instr::AddIntImm { dst: r, a, imm } if a == r => loop_step(r, imm, second),
        _ => None,
    }
}

/// `LoadInt t, value` and the arithmetic that reads `t` as its right operand.
fn literal_operand(t: Reg, value: i64, second: Instr) -> Option<Op> {
    let imm = i32::try_from(value).ok()?;
    Some(match second {
        Instr::MulInt { dst, a, b } if b == t && a != t => Op::MulIntImm { dst, a, t, imm },
        Instr::DivInt { dst, a, b } if b == t && a != t && imm != 0 => Op::DivIntImm { dst, a, t, imm },
        Instr::RemInt { dst, a, b } if b == t && a != t && imm != 0 => Op::RemIntImm { dst, a, t, imm },
        _ => return None,
    })
}

/// `r += step` and the loop's test of `r` against its bound.
fn loop_step(r: Reg, step: i64, second: Instr) -> Option<Op> {
    let step = i16::try_from(step).ok()?;
    Some(match second {
        Instr::JumpIfLtIntImm { a, imm, target } if a == r => {
            Op::IncJumpIfLtImm { r, step, limit: i32::try_from(imm).ok()?, target }
        }
        Instr::JumpIfLtInt { a, b, target } if a == r => Op::IncJumpIfLt { r, step, b, target },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_stay_as_small_as_instructions() {
        assert_eq!(std::mem::size_of::<Op>(), std::mem::size_of::<Instr>());
    }

    #[test]
    fn literal_operands_fuse_unless_a_jump_lands_between() {
        let code = [
            Instr::LoadInt { dst: 3, value: 7 },
            Instr::RemInt { dst: 1, a: 0, b: 3 },
            Instr::LoadInt { dst: 3, value: 0 },
            Instr::DivInt { dst: 1, a: 0, b: 3 },
            Instr::LoadInt { dst: 3, value: 2 },
            Instr::MulInt { dst: 1, a: 0, b: 3 },
            Instr::JumpIfFalse { cond: 2, target: 5 },
            Instr::LoadInt { dst: 3, value: 1 << 40 },
            Instr::MulInt { dst: 1, a: 0, b: 3 },
        ];
        let ops = lower(&code, &[0; 9], &[]);
        assert!(matches!(ops[0], Op::RemIntImm { dst: 1, a: 0, t: 3, imm: 7 }));
        assert!(matches!(ops[1], Op::RemInt { dst: 1, a: 0, b: 3 }));
        assert!(matches!(ops[2], Op::LoadInt { .. }), "division by a literal 0 still faults");
        assert!(matches!(ops[4], Op::LoadInt { .. }), "a jump lands on the MulInt");
        assert!(matches!(ops[7], Op::LoadInt { .. }), "the literal does not fit an immediate");
        assert_eq!(ops.len(), code.len());
    }

    #[test]
    fn a_counted_loop_steps_and_tests_in_one_op() {
        let code = [
            Instr::AddIntImm { dst: 1, a: 1, imm: 1 },
            Instr::JumpIfLtIntImm { a: 1, imm: 1000, target: 0 },
            Instr::AddIntImm { dst: 2, a: 2, imm: -2 },
            Instr::JumpIfLtInt { a: 2, b: 5, target: 0 },
            Instr::AddIntImm { dst: 2, a: 3, imm: 1 },
            Instr::JumpIfLtInt { a: 2, b: 5, target: 0 },
            Instr::AddIntImm { dst: 2, a: 2, imm: 1 << 20 },
            Instr::JumpIfLtInt { a: 2, b: 5, target: 0 },
        ];
        let ops = lower(&code, &[0; 9], &[]);
        assert!(matches!(ops[0], Op::IncJumpIfLtImm { r: 1, step: 1, limit: 1000, target: 0 }));
        assert!(matches!(ops[2], Op::IncJumpIfLt { r: 2, step: -2, b: 5, target: 0 }));
        assert!(matches!(ops[4], Op::AddIntImm { .. }), "the step writes another register");
        assert!(matches!(ops[6], Op::AddIntImm { .. }), "the step does not fit an immediate");
        // `while i < n { …; i += 1 }`: the step is on the body's line, the test on the loop's.
        let ops = lower(&code[..2], &[5, 3], &[]);
        assert!(matches!(ops[0], Op::AddIntImm { .. }), "a pair on two lines stays apart");
    }

    #[test]
    fn plain_float_natives_are_called_directly_and_others_are_not() {
        let registry = crate::host::NativeRegistry::with_core();
        let linked = |key: &str| {
            let native = registry.get(registry.lookup(key).unwrap());
            Linked { func: native.func.clone(), keep: vec![false], direct: native.direct, shared: None }
        };
        let natives = [linked("math.sqrt(Float64)"), linked("math.floor(Float)"), linked("math.abs(Int)")];
        let code: Vec<Instr> = (0..3).map(|native| Instr::NativeCall { native, args: 4, count: 1, dst: 2 }).collect();
        let ops = lower(&code, &[0; 3], &natives);
        assert!(matches!(ops[0], Op::CallF64 { dst: 2, a: 4, f } if f(9.0) == 3.0));
        assert!(matches!(ops[1], Op::CallF32 { dst: 2, a: 4, f } if f(-1.5) == -2.0));
        assert!(matches!(ops[2], Op::NativeCall { native: 2, .. }));
    }
}
