//! The disassembler: a readable listing of a compiled program, derived from the opcode
//! table's operand layouts.

use super::chunk::{Chunk, CompiledProgram, Constant};
use super::opcodes::OperandKind;
use std::fmt::Write;

/// Every chunk of `program`, with constants and native imports resolved in comments.
pub fn disassemble(program: &CompiledProgram) -> String {
    let mut out = String::new();
    for (i, n) in program.natives.iter().enumerate() {
        let _ = writeln!(out, "native #{i} {} = {}", n.key, n.signature);
    }
    for s in &program.shared {
        if let Some(g) = program.globals.get(s.global as usize) {
            let langs = if s.langs.is_empty() { "every language".to_string() } else { s.langs.join(", ") };
            let _ = writeln!(out, "shared global #{} {}: {} with {langs}", s.global, g.name, g.ty);
        }
    }
    for (i, chunk) in program.chunks.iter().enumerate() {
        let role = if i as u32 == program.main {
            " (main)"
        } else if i as u32 == program.init {
            " (globals)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "\nfunc #{i} {}{role}  params {}  registers {}  file {}",
            chunk.name, chunk.nparams, chunk.nregs, chunk.file
        );
        out.push_str(&disassemble_chunk(chunk, program));
    }
    out
}

/// One chunk's instructions: index, line, opcode name and operands.
pub fn disassemble_chunk(chunk: &Chunk, program: &CompiledProgram) -> String {
    let mut out = String::new();
    for (pc, instr) in chunk.code.iter().enumerate() {
        let line = chunk.lines.get(pc).copied().unwrap_or(0);
        let _ = write!(out, "  {pc:>5}  {line:>4}  {:<18}", instr.op().name());
        let mut notes = Vec::new();
        for ((name, kind), value) in instr.op().layout().iter().zip(instr.operands()) {
            let text = match kind {
                OperandKind::Reg => format!("r{value}"),
                OperandKind::Label => format!("@{value}"),
                _ => value.to_string(),
            };
            let _ = write!(out, " {name}={text}");
            if let Some(note) = describe(*kind, value, chunk, program) {
                notes.push(note);
            }
        }
        if !notes.is_empty() {
            let _ = write!(out, "  ; {}", notes.join(", "));
        }
        out.push('\n');
    }
    out
}

fn describe(kind: OperandKind, value: i64, chunk: &Chunk, program: &CompiledProgram) -> Option<String> {
    let i = usize::try_from(value).ok()?;
    Some(match kind {
        OperandKind::Const => match chunk.consts.get(i)? {
            Constant::Int(n) => n.to_string(),
            Constant::Float(x) => format!("{x:?}"),
            Constant::Str(s) => format!("{s:?}"),
            Constant::Char(c) => format!("{c:?}"),
        },
        OperandKind::Func => program.chunks.get(i)?.name.clone(),
        OperandKind::Native => program.natives.get(i)?.key.clone(),
        OperandKind::Path => format!("{:?}", chunk.paths.get(i)?),
        OperandKind::Global => program.globals.get(i)?.name.clone(),
        OperandKind::Enum => program.enums.get(i)?.name.clone(),
        OperandKind::Struct => program.structs.get(i)?.name.clone(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::opcodes::Instr;

    #[test]
    fn listing_names_ops_and_resolves_constants() {
        let chunk = Chunk {
            name: "main".into(),
            nregs: 2,
            code: vec![Instr::LoadConst { dst: 0, k: 0 }, Instr::RetNone {}],
            lines: vec![3, 4],
            consts: vec![Constant::Str("hi".into())],
            ..Chunk::default()
        };
        let program = CompiledProgram { chunks: vec![chunk], ..CompiledProgram::default() };
        let text = disassemble(&program);
        assert!(text.contains("LoadConst"), "{text}");
        assert!(text.contains("dst=r0 k=0  ; \"hi\""), "{text}");
        assert!(text.contains("RetNone"), "{text}");
    }
}
