//! The bytecode verifier: every register, constant, jump, function, native, global, path,
//! enum and struct index of every instruction is in range, and every struct is built with its
//! layout's field count, so the interpreter never indexes out of bounds on a loaded program.

use super::chunk::{CompiledProgram, LocalDebug, ScriptType, INT_KINDS};
use super::opcodes::{Instr, OperandKind};

/// A program the verifier accepted: only [`verified`] (and `format::read`, which calls it)
/// makes one, so whoever holds it need not verify again (`Vm::from_verified`).
#[derive(Clone, Debug, PartialEq)]
pub struct Verified(CompiledProgram);

impl Verified {
    pub fn into_program(self) -> CompiledProgram {
        self.0
    }
}

impl std::ops::Deref for Verified {
    type Target = CompiledProgram;

    fn deref(&self) -> &CompiledProgram {
        &self.0
    }
}

/// Verifies `program` and marks it so.
pub fn verified(program: CompiledProgram) -> Result<Verified, String> {
    verify(&program)?;
    Ok(Verified(program))
}

/// Script types name types, layouts and enums that exist, with one type per field; every
/// script function is a native of the link table, with one type per argument.
fn verify_scripts(program: &CompiledProgram) -> Result<(), String> {
    let types = program.script_types.len() as u32;
    for (i, t) in program.script_types.iter().enumerate() {
        let ok = match t {
            ScriptType::Int
            | ScriptType::Float
            | ScriptType::Float32
            | ScriptType::Bool
            | ScriptType::Str
            | ScriptType::Char => true,
            ScriptType::Enum(e) => (*e as usize) < program.enums.len(),
            // `opt opt T` does not exist, and an `opt` of itself would never end.
            ScriptType::Opt(t) => *t < types && !matches!(program.script_types[*t as usize], ScriptType::Opt(_)),
            ScriptType::List(t) | ScriptType::StrMap(t) | ScriptType::IntMap(t) => *t < types,
            ScriptType::Struct { layout, fields } => program
                .structs
                .get(*layout as usize)
                .is_some_and(|s| s.fields.len() == fields.len() && fields.iter().all(|f| *f < types)),
        };
        if !ok {
            return Err(format!("script type #{i} names a type, layout or enum that does not exist"));
        }
    }
    for s in &program.scripts {
        let native = program.natives.iter().find(|n| n.key == s.key);
        if native.is_none_or(|n| usize::from(n.arity) != s.params.len())
            || s.params.iter().any(|(_, t)| *t >= types)
            || s.ret.is_some_and(|t| t >= types)
        {
            return Err(format!("script function '{}' does not match its native or names a missing type", s.name));
        }
    }
    if let Some(s) = program.shared.iter().find(|s| s.global as usize >= program.globals.len() || s.ty >= types) {
        return Err(format!("shared global #{} or its type #{} does not exist", s.global, s.ty));
    }
    Ok(())
}

/// `Err` names the first problem found (chunk, instruction, operand).
pub fn verify(program: &CompiledProgram) -> Result<(), String> {
    let n = program.chunks.len();
    for (what, index) in [("init", program.init), ("main", program.main)] {
        match program.chunks.get(index as usize) {
            Some(c) if c.nparams == 0 => {}
            _ => return Err(format!("the {what} function #{index} is missing or takes parameters")),
        }
    }
    if let Some(s) =
        program.structs.iter().find(|s| program.chunks.get(s.default as usize).is_none_or(|c| c.nparams != 0))
    {
        return Err(format!("the default function of struct '{}' is missing or takes parameters", s.name));
    }
    verify_scripts(program)?;
    for (ci, chunk) in program.chunks.iter().enumerate() {
        let at = |pc: usize, m: String| format!("function #{ci} ({}), instruction {pc}: {m}", chunk.name);
        if chunk.lines.len() != chunk.code.len() {
            return Err(at(0, "line table does not match the code".into()));
        }
        if chunk.nparams > chunk.nregs || chunk.mod_params.iter().any(|&p| p >= chunk.nparams) {
            return Err(at(0, "parameters do not fit the registers".into()));
        }
        if !chunk.debug.columns.is_empty() && chunk.debug.columns.len() != chunk.code.len() {
            return Err(at(0, "column table does not match the code".into()));
        }
        let bad_local = |l: &LocalDebug| {
            l.reg >= chunk.nregs
                || l.from > l.to
                || l.to as usize > chunk.code.len()
                || l.enum_index.is_some_and(|e| e as usize >= program.enums.len())
        };
        if let Some(l) = chunk.debug.locals.iter().find(|l| bad_local(l)) {
            return Err(at(0, format!("debug information of local '{}' is out of range", l.name)));
        }
        if chunk.paths.iter().any(Vec::is_empty) {
            return Err(at(0, "empty field path".into()));
        }
        for (pc, instr) in chunk.code.iter().enumerate() {
            let layout = instr.op().layout();
            let values = instr.operands();
            let mut last_reg = 0i64;
            for (i, (&(name, kind), &v)) in layout.iter().zip(&values).enumerate() {
                let limit = match kind {
                    // The first register of a range is checked with its length (an empty
                    // range may start just past the frame).
                    OperandKind::Reg if layout.get(i + 1).is_some_and(|(_, k)| *k == OperandKind::Count) => {
                        last_reg = v;
                        i64::from(chunk.nregs) + 1
                    }
                    OperandKind::Reg => {
                        last_reg = v;
                        i64::from(chunk.nregs)
                    }
                    OperandKind::Count => {
                        if last_reg + v > i64::from(chunk.nregs) {
                            return Err(at(pc, format!("register range r{last_reg}+{v} exceeds the frame")));
                        }
                        continue;
                    }
                    OperandKind::Const => chunk.consts.len() as i64,
                    OperandKind::Label => chunk.code.len() as i64,
                    OperandKind::Func => n as i64,
                    OperandKind::Native => program.natives.len() as i64,
                    OperandKind::Global => program.globals.len() as i64,
                    OperandKind::Path => chunk.paths.len() as i64,
                    OperandKind::Enum => program.enums.len() as i64,
                    OperandKind::Struct => program.structs.len() as i64,
                    OperandKind::IntKind => i64::from(INT_KINDS),
                    OperandKind::MapKind => 2,
                    OperandKind::Field | OperandKind::Imm | OperandKind::Byte => continue,
                };
                if v < 0 || v >= limit {
                    return Err(at(pc, format!("{} operand '{name}' = {v} is out of range", instr.op().name())));
                }
            }
            let arity = match *instr {
                Instr::Call { func, count, .. } => Some((count, program.chunks[func as usize].nparams)),
                Instr::NativeCall { native, count, .. } => Some((count, program.natives[native as usize].arity)),
                Instr::MakeStruct { count, ty, .. } => {
                    let layout = &program.structs[ty as usize];
                    if usize::from(count) != layout.fields.len() {
                        let m = format!(
                            "builds '{}' from {count} values, it has {} fields",
                            layout.name,
                            layout.fields.len()
                        );
                        return Err(at(pc, m));
                    }
                    None
                }
                _ => None,
            };
            if let Some((given, expected)) = arity {
                if given != expected {
                    return Err(at(pc, format!("call passes {given} arguments, the callee takes {expected}")));
                }
            }
        }
    }
    Ok(())
}
