//! Register kinds: which registers of each chunk always hold an `Int`, a `Float`/`Float64`
//! (as a double) or a `Bool`. The C backend declares them as C locals of that type instead of
//! tagged slots on the value stack; the VM skips them when a returning frame drops its heap
//! values.
//!
//! The bytecode is type-specialised (`AddInt`, `LtFloat`, …) but registers are reused by
//! temporaries of different types, so a register's kind is the join of the kinds of every
//! value written to it: all writes agree → that kind; any disagreement, a possibly-`none`
//! value or a heap value → `Tagged`. Parameters take the join of the arguments of every call
//! site and returns the join of every `Ret`, so this is one fixed point over the whole
//! program (every call names its chunk; there are no indirect calls).

use super::chunk::{Chunk, CompiledProgram, Constant};
use super::opcodes::{Instr, OperandKind};

/// What a register holds, as a lattice: `Unset` (never written) below the three scalar
/// kinds, `Tagged` (a full `RaeValue`) above them. `Void` is the result of a chunk whose
/// every return is `RetNone` (or of a native without result): nothing reads it, so it
/// writes no register, but it joins with any other result to `Tagged` (an optional).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Unset,
    Void,
    Int,
    Float,
    Bool,
    Tagged,
}

impl Kind {
    fn join(self, other: Kind) -> Kind {
        match (self, other) {
            (Kind::Unset, k) | (k, Kind::Unset) => k,
            (a, b) if a == b => a,
            _ => Kind::Tagged,
        }
    }

    /// Whether values of this kind live in a typed C local (`Unset` is finalised away).
    pub fn is_scalar(self) -> bool {
        matches!(self, Kind::Int | Kind::Float | Kind::Bool)
    }
}

/// The kinds of every register of every chunk, and of every chunk's return value.
#[derive(Debug, Default)]
pub struct ProgramKinds {
    pub regs: Vec<Vec<Kind>>,
    pub rets: Vec<Kind>,
    /// The result kind of each native of the link table.
    pub natives: Vec<Kind>,
}

impl ProgramKinds {
    /// The kind of parameter `k` of chunk `c` (a register of the callee).
    pub fn param(&self, c: usize, k: usize) -> Kind {
        self.regs.get(c).and_then(|r| r.get(k)).copied().unwrap_or(Kind::Tagged)
    }

    pub fn ret(&self, c: usize) -> Kind {
        self.rets.get(c).copied().unwrap_or(Kind::Tagged)
    }
}

/// The fixed point of the write rules over `program`.
pub fn infer(program: &CompiledProgram) -> ProgramKinds {
    let mut k = Solver {
        kinds: ProgramKinds {
            regs: program.chunks.iter().map(|c| vec![Kind::Unset; c.nregs as usize]).collect(),
            rets: vec![Kind::Unset; program.chunks.len()],
            natives: program.natives.iter().map(|n| native_result(&n.signature)).collect(),
        },
        changed: false,
    };
    let live: Vec<Vec<bool>> = program.chunks.iter().map(reachable).collect();
    let typed_params: Vec<Vec<Kind>> = program.chunks.iter().map(typed_params).collect();
    for (c, params) in typed_params.iter().enumerate() {
        for (p, &kind) in params.iter().enumerate() {
            k.raise(c, p as u16, kind);
        }
    }
    let demands: Vec<Vec<Kind>> = program.chunks.iter().map(demands).collect();
    // `mod` parameters carry values back to the caller's slots, and `main`/init are entered
    // from the runtime with a plain value stack.
    for (c, chunk) in program.chunks.iter().enumerate() {
        for &p in &chunk.mod_params {
            k.raise(c, p, Kind::Tagged);
        }
    }
    for entry in [program.init as usize, program.main as usize] {
        k.raise_ret(entry, Kind::Tagged);
        for p in 0..program.chunks.get(entry).map_or(0, |c| c.nparams) {
            k.raise(entry, p, Kind::Tagged);
        }
    }
    loop {
        k.changed = false;
        for (c, chunk) in program.chunks.iter().enumerate() {
            for ((instr, _), &demand) in chunk.code.iter().zip(&live[c]).zip(&demands[c]).filter(|((_, &l), _)| l) {
                k.apply(program, &typed_params, c, instr, demand);
            }
        }
        if !k.changed {
            break;
        }
    }
    let mut kinds = k.kinds;
    for regs in &mut kinds.regs {
        for r in regs.iter_mut().filter(|r| **r == Kind::Unset) {
            *r = Kind::Tagged;
        }
    }
    kinds
}

/// Which instructions of `chunk` execution can reach from its entry (the compiler ends every
/// function with a `RetNone` that a function returning a value never reaches; it must not
/// make the result tagged).
pub fn reachable(chunk: &Chunk) -> Vec<bool> {
    let mut live = vec![false; chunk.code.len()];
    let mut work = vec![0usize];
    while let Some(pc) = work.pop() {
        let Some(instr) = chunk.code.get(pc) else { continue };
        if std::mem::replace(&mut live[pc], true) {
            continue;
        }
        work.extend(jump_targets(instr).map(|t| t as usize));
        if !matches!(instr, Instr::Jump { .. } | Instr::Ret { .. } | Instr::RetNone {}) {
            work.push(pc + 1);
        }
    }
    live
}

struct Solver {
    kinds: ProgramKinds,
    changed: bool,
}

impl Solver {
    fn get(&self, c: usize, r: u16) -> Kind {
        self.kinds.regs[c].get(r as usize).copied().unwrap_or(Kind::Tagged)
    }

    fn raise(&mut self, c: usize, r: u16, kind: Kind) {
        if kind == Kind::Void {
            return;
        }
        if let Some(slot) = self.kinds.regs.get_mut(c).and_then(|regs| regs.get_mut(r as usize)) {
            let joined = slot.join(kind);
            self.changed |= joined != *slot;
            *slot = joined;
        }
    }

    fn raise_ret(&mut self, c: usize, kind: Kind) {
        if let Some(slot) = self.kinds.rets.get_mut(c) {
            let joined = slot.join(kind);
            self.changed |= joined != *slot;
            *slot = joined;
        }
    }

    /// Raises the registers `instr` writes; `demand` is the kind its result is read as, if
    /// known (see `demands`), which a value of unknown kind then has.
    fn apply(&mut self, program: &CompiledProgram, typed_params: &[Vec<Kind>], c: usize, instr: &Instr, demand: Kind) {
        let known = |kind: Kind| if kind == Kind::Tagged && demand.is_scalar() { demand } else { kind };
        if let Some((dst, kind)) = written(instr) {
            let kind = match instr {
                Instr::GetField { .. } | Instr::ListGet { .. } | Instr::ListAt { .. } => known(kind),
                _ => kind,
            };
            return self.raise(c, dst, kind);
        }
        match *instr {
            Instr::LoadConst { dst, k } => {
                let kind = match program.chunks[c].consts.get(k as usize) {
                    Some(Constant::Int(_)) => Kind::Int,
                    Some(Constant::Float(_)) => Kind::Float,
                    _ => Kind::Tagged,
                };
                self.raise(c, dst, kind);
            }
            Instr::Move { dst, src } | Instr::Take { dst, src } => self.raise(c, dst, self.get(c, src)),
            // A register tested for `none` may hold `none`.
            Instr::JumpIfNone { a, .. } => self.raise(c, a, Kind::Tagged),
            Instr::Call { func, args, count, dst } => {
                let callee = func as usize;
                for k in 0..count {
                    if !typed_params.get(callee).and_then(|p| p.get(k as usize)).is_some_and(|p| p.is_scalar()) {
                        self.raise(callee, k, self.get(c, args + k));
                    }
                }
                if let Some(chunk) = program.chunks.get(callee) {
                    for &m in &chunk.mod_params {
                        self.raise(c, args + m, Kind::Tagged);
                    }
                }
                self.raise(c, dst, known(self.kinds.ret(callee)));
            }
            Instr::NativeCall { native, args, dst, .. } => {
                if let Some(import) = program.natives.get(native as usize) {
                    for &m in &import.mod_args {
                        self.raise(c, args + m, Kind::Tagged);
                    }
                }
                let result = self.kinds.natives.get(native as usize).copied().unwrap_or(Kind::Tagged);
                self.raise(c, dst, known(result));
            }
            Instr::Ret { src } => self.raise_ret(c, self.get(c, src)),
            Instr::RetNone {} => self.raise_ret(c, Kind::Void),
            _ => {}
        }
    }
}

/// For each instruction, the kind its result is read as by the first instruction after it
/// on its straight-line path that uses the result (`Unset` when that is not a typed read).
/// The checker typed that read, so a value of otherwise unknown kind (a field, a list
/// element, a generic result) has that kind.
fn demands(chunk: &Chunk) -> Vec<Kind> {
    let code = &chunk.code;
    (0..code.len())
        .map(|pc| {
            let Some(dst) = result_register(&code[pc]) else { return Kind::Unset };
            for next in &code[pc + 1..] {
                if let Some(&(_, kind)) = typed_reads(next).iter().find(|(r, _)| *r == dst) {
                    return kind;
                }
                let ends_path =
                    matches!(next, Instr::Ret { .. } | Instr::RetNone {}) || jump_targets(next).next().is_some();
                if ends_path || mentions(next, dst) {
                    return Kind::Unset;
                }
            }
            Kind::Unset
        })
        .collect()
}

/// The kind of each parameter of `chunk` that its body only reads as one scalar kind (or
/// copies): the checker typed those reads, so every caller passes that kind, whatever kind
/// its own register has (a tagged caller register passes the scalar out of its union).
/// `Unset` for the other parameters, whose kind comes from the call sites.
fn typed_params(chunk: &Chunk) -> Vec<Kind> {
    (0..chunk.nparams)
        .map(|p| {
            if chunk.mod_params.contains(&p) {
                return Kind::Unset;
            }
            let mut kind = Kind::Unset;
            for instr in chunk.code.iter().filter(|i| mentions(i, p)) {
                match (instr, typed_reads(instr).iter().find(|(r, _)| *r == p)) {
                    (_, Some(&(_, k))) if kind == Kind::Unset || kind == k => kind = k,
                    (Instr::Move { dst, src } | Instr::Take { dst, src }, _) if *src == p && *dst != p => {}
                    _ => return Kind::Unset,
                }
            }
            kind
        })
        .collect()
}

/// The result register of an instruction whose result kind the opcode does not decide.
fn result_register(instr: &Instr) -> Option<u16> {
    match *instr {
        Instr::GetField { dst, .. }
        | Instr::ListGet { dst, .. }
        | Instr::ListAt { dst, .. }
        | Instr::Call { dst, .. }
        | Instr::NativeCall { dst, .. } => Some(dst),
        _ => None,
    }
}

/// Whether `instr` reads or writes register `reg` (an operand, or inside a register range).
fn mentions(instr: &Instr, reg: u16) -> bool {
    use crate::bytecode::opcodes::OperandKind;
    let operands = instr.operands();
    let layout = instr.op().layout();
    layout.iter().enumerate().any(|(n, (_, kind))| {
        let value = operands[n];
        *kind == OperandKind::Reg
            && match layout.get(n + 1) {
                Some((_, OperandKind::Count)) => (value..value + operands[n + 1].max(1)).contains(&i64::from(reg)),
                _ => value == i64::from(reg),
            }
    })
}

/// The registers an instruction reads as a scalar, with the kind it reads them as.
fn typed_reads(instr: &Instr) -> Vec<(u16, Kind)> {
    use Instr as I;
    use Kind::{Bool, Float, Int};
    match *instr {
        I::AddInt { a, b, .. }
        | I::SubInt { a, b, .. }
        | I::MulInt { a, b, .. }
        | I::DivInt { a, b, .. }
        | I::RemInt { a, b, .. }
        | I::DivU64 { a, b, .. }
        | I::RemU64 { a, b, .. }
        | I::BitAnd { a, b, .. }
        | I::BitOr { a, b, .. }
        | I::BitXor { a, b, .. }
        | I::Shl { a, b, .. }
        | I::Shr { a, b, .. }
        | I::ShrU64 { a, b, .. }
        | I::EqInt { a, b, .. }
        | I::NeInt { a, b, .. }
        | I::LtInt { a, b, .. }
        | I::LeInt { a, b, .. }
        | I::LtU64 { a, b, .. }
        | I::LeU64 { a, b, .. }
        | I::JumpIfNotLtInt { a, b, .. }
        | I::JumpIfNotLeInt { a, b, .. }
        | I::JumpIfLtInt { a, b, .. }
        | I::JumpIfLeInt { a, b, .. } => vec![(a, Int), (b, Int)],
        I::AddIntImm { a, .. }
        | I::NegInt { a, .. }
        | I::BitNot { a, .. }
        | I::IntToF32 { a, .. }
        | I::IntToF64 { a, .. }
        | I::U64ToFloat { a, .. }
        | I::JumpIfNotLtIntImm { a, .. }
        | I::JumpIfNotEqIntImm { a, .. }
        | I::JumpIfLtIntImm { a, .. } => vec![(a, Int)],
        I::WrapInt { dst, .. } => vec![(dst, Int)],
        I::ListAt { index, .. } | I::ListGet { index, .. } | I::ListSet { index, .. } | I::ListTake { index, .. } => {
            vec![(index, Int)]
        }
        I::AddF32 { a, b, .. }
        | I::SubF32 { a, b, .. }
        | I::MulF32 { a, b, .. }
        | I::DivF32 { a, b, .. }
        | I::RemF32 { a, b, .. }
        | I::AddF64 { a, b, .. }
        | I::SubF64 { a, b, .. }
        | I::MulF64 { a, b, .. }
        | I::DivF64 { a, b, .. }
        | I::RemF64 { a, b, .. }
        | I::LtFloat { a, b, .. }
        | I::LeFloat { a, b, .. } => vec![(a, Float), (b, Float)],
        I::NegFloat { a, .. } | I::FloatToInt { a, .. } | I::ToF32 { a, .. } => vec![(a, Float)],
        I::Not { a, .. } => vec![(a, Bool)],
        I::JumpIfFalse { cond, .. } | I::JumpIfTrue { cond, .. } => vec![(cond, Bool)],
        _ => Vec::new(),
    }
}

/// The result kind of a native from its signature (`name(a: view Int) ret Float64`): a
/// scalar kind for a scalar result, `Void` for no result (the `none` it returns is never
/// read), else `Tagged`.
fn native_result(signature: &str) -> Kind {
    match signature.rsplit_once(") ret ").map(|(_, ret)| ret.trim()) {
        None => Kind::Void,
        Some("Int" | "Int8" | "Int16" | "Int32" | "Int64" | "UInt8" | "UInt16" | "UInt32" | "UInt64") => Kind::Int,
        Some("Float" | "Float64") => Kind::Float,
        Some("Bool") => Kind::Bool,
        Some(_) => Kind::Tagged,
    }
}

/// The register an instruction writes and the kind it writes, for instructions whose result
/// kind the opcode alone decides.
fn written(instr: &Instr) -> Option<(u16, Kind)> {
    use Instr as I;
    Some(match *instr {
        I::LoadInt { dst, .. }
        | I::AddInt { dst, .. }
        | I::SubInt { dst, .. }
        | I::MulInt { dst, .. }
        | I::DivInt { dst, .. }
        | I::RemInt { dst, .. }
        | I::DivU64 { dst, .. }
        | I::RemU64 { dst, .. }
        | I::AddIntImm { dst, .. }
        | I::NegInt { dst, .. }
        | I::BitAnd { dst, .. }
        | I::BitOr { dst, .. }
        | I::BitXor { dst, .. }
        | I::Shl { dst, .. }
        | I::Shr { dst, .. }
        | I::ShrU64 { dst, .. }
        | I::BitNot { dst, .. }
        | I::WrapInt { dst, .. }
        | I::FloatToInt { dst, .. }
        | I::Len { dst, .. }
        | I::Cap { dst, .. } => (dst, Kind::Int),
        I::AddF32 { dst, .. }
        | I::SubF32 { dst, .. }
        | I::MulF32 { dst, .. }
        | I::DivF32 { dst, .. }
        | I::RemF32 { dst, .. }
        | I::AddF64 { dst, .. }
        | I::SubF64 { dst, .. }
        | I::MulF64 { dst, .. }
        | I::DivF64 { dst, .. }
        | I::RemF64 { dst, .. }
        | I::NegFloat { dst, .. }
        | I::IntToF32 { dst, .. }
        | I::IntToF64 { dst, .. }
        | I::U64ToFloat { dst, .. }
        | I::ToF32 { dst, .. } => (dst, Kind::Float),
        I::LoadBool { dst, .. }
        | I::EqInt { dst, .. }
        | I::NeInt { dst, .. }
        | I::LtInt { dst, .. }
        | I::LeInt { dst, .. }
        | I::LtU64 { dst, .. }
        | I::LeU64 { dst, .. }
        | I::LtFloat { dst, .. }
        | I::LeFloat { dst, .. }
        | I::Eq { dst, .. }
        | I::Ne { dst, .. }
        | I::Lt { dst, .. }
        | I::Le { dst, .. }
        | I::Not { dst, .. } => (dst, Kind::Bool),
        I::LoadNone { dst }
        | I::ListTake { dst, .. }
        | I::GetGlobal { dst, .. }
        | I::TakeGlobal { dst, .. }
        | I::Concat { dst, .. }
        | I::ToStr { dst, .. }
        | I::EnumName { dst, .. }
        | I::Interp { dst, .. }
        | I::MakeStruct { dst, .. }
        | I::GetField { dst, .. }
        | I::TakePath { dst, .. }
        | I::TakeGlobalPath { dst, .. }
        | I::MakeList { dst, .. }
        | I::NewMap { dst, .. }
        | I::ListAt { dst, .. }
        | I::ListGet { dst, .. } => (dst, Kind::Tagged),
        _ => return None,
    })
}

/// Jump targets of an instruction, read from the opcode table's operand
/// layouts so a new jump instruction cannot be missed.
pub fn jump_targets(i: &Instr) -> impl Iterator<Item = u32> {
    let kinds = i.op().layout();
    i.operands()
        .into_iter()
        .zip(kinds.iter())
        .filter(|(_, (_, kind))| *kind == OperandKind::Label)
        .filter_map(|(value, _)| u32::try_from(value).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::chunk::Chunk;

    fn chunk(code: Vec<Instr>, nparams: u16, nregs: u16) -> Chunk {
        Chunk { name: "f".into(), nparams, nregs, lines: vec![1; code.len()], code, ..Chunk::default() }
    }

    #[test]
    fn registers_whose_writes_agree_get_their_kind() {
        let main = chunk(
            vec![
                Instr::LoadInt { dst: 0, value: 1 },
                Instr::LoadInt { dst: 1, value: 2 },
                Instr::LoadNone { dst: 1 },
                Instr::Call { func: 1, args: 0, count: 1, dst: 2 },
                Instr::RetNone {},
            ],
            0,
            3,
        );
        let callee = chunk(vec![Instr::AddIntImm { dst: 1, a: 0, imm: 1 }, Instr::Ret { src: 1 }], 1, 2);
        let program = CompiledProgram { chunks: vec![main, callee], main: 0, init: 0, ..CompiledProgram::default() };
        let kinds = infer(&program);
        assert_eq!(kinds.regs[0], vec![Kind::Int, Kind::Tagged, Kind::Int]);
        assert_eq!(kinds.regs[1], vec![Kind::Int, Kind::Int]);
        assert_eq!((kinds.ret(0), kinds.ret(1)), (Kind::Tagged, Kind::Int));
        assert_eq!(kinds.regs[0][2], Kind::Int);
    }

    #[test]
    fn native_results_follow_the_signature() {
        assert_eq!(native_result("log(value: view T)"), Kind::Void);
        assert_eq!(native_result("sqrt(x: view Float64) ret Float64"), Kind::Float);
        assert_eq!(native_result("length(s: view String) ret Int"), Kind::Int);
        assert_eq!(native_result("get(xs: view List(T), index: view Int) ret opt T"), Kind::Tagged);
    }

    #[test]
    fn mixed_call_sites_and_mod_parameters_stay_tagged() {
        let main = chunk(
            vec![
                Instr::LoadInt { dst: 0, value: 1 },
                Instr::Call { func: 1, args: 0, count: 1, dst: 1 },
                Instr::LoadConst { dst: 0, k: 0 },
                Instr::Call { func: 1, args: 0, count: 1, dst: 1 },
                Instr::RetNone {},
            ],
            0,
            2,
        );
        let mut callee = chunk(vec![Instr::Ret { src: 0 }], 1, 1);
        let mut main = main;
        main.consts.push(Constant::Str("s".into()));
        let program = CompiledProgram { chunks: vec![main.clone(), callee.clone()], ..CompiledProgram::default() };
        assert_eq!(infer(&program).regs[1], vec![Kind::Tagged]);
        callee.mod_params = vec![0];
        main.code.drain(2..4);
        let program = CompiledProgram { chunks: vec![main, callee], ..CompiledProgram::default() };
        let kinds = infer(&program);
        assert_eq!((kinds.regs[0][0], kinds.regs[1][0]), (Kind::Tagged, Kind::Tagged));
    }
}
