//! The chunk file format: magic `RAEB`, a version, the payload length, the payload, and an
//! FNV-1a checksum of the payload. `read` refuses anything truncated, tampered or
//! inconsistent (it runs the verifier) before a single instruction can run.

use super::chunk::{
    Chunk, CompiledProgram, Constant, DebugInfo, EnumLayout, FieldLayout, GlobalKind, GlobalSlot, LocalDebug,
    NativeImport, ScriptFunc, ScriptType, SharedGlobal, StructLayout,
};
use super::opcodes::Instr;
use super::verify::{verified, Verified};
use std::fmt;

pub const MAGIC: &[u8; 4] = b"RAEB";
/// 2: chunks carry debug information (columns, locals). 3: globals carry their names, types
/// and kinds. 4: enum names and struct layouts; `MakeStruct` names its layout. 5: script
/// functions and the types their values cross as. 6: globals shared with scripts.
pub const VERSION: u16 = 7;

/// Why a bytecode file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError(pub String);

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid bytecode: {}", self.0)
    }
}

impl std::error::Error for FormatError {}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Serialises a program.
pub fn write(program: &CompiledProgram) -> Vec<u8> {
    let mut p = Vec::new();
    put_u32(&mut p, program.globals.len() as u32);
    for g in &program.globals {
        put_str(&mut p, &g.name);
        put_str(&mut p, &g.ty);
        p.push(GlobalKind::ALL.iter().position(|k| *k == g.kind).unwrap_or(0) as u8);
    }
    put_u32(&mut p, program.init);
    put_u32(&mut p, program.main);
    p.push(u8::from(program.main_returns_int));
    put_u32(&mut p, program.enums.len() as u32);
    for e in &program.enums {
        put_str(&mut p, &e.name);
        put_u32(&mut p, e.members.len() as u32);
        for m in &e.members {
            put_str(&mut p, m);
        }
    }
    put_u32(&mut p, program.structs.len() as u32);
    for s in &program.structs {
        put_str(&mut p, &s.name);
        put_u32(&mut p, s.default);
        put_u32(&mut p, s.fields.len() as u32);
        for f in &s.fields {
            put_str(&mut p, &f.name);
            put_str(&mut p, &f.ty);
        }
    }
    put_u32(&mut p, program.natives.len() as u32);
    for n in &program.natives {
        put_str(&mut p, &n.key);
        put_str(&mut p, &n.name);
        put_str(&mut p, &n.signature);
        p.extend_from_slice(&n.arity.to_le_bytes());
        put_u16s(&mut p, &n.mod_args);
    }
    put_u32(&mut p, program.script_types.len() as u32);
    for t in &program.script_types {
        put_script_type(&mut p, t);
    }
    put_u32(&mut p, program.scripts.len() as u32);
    for s in &program.scripts {
        for text in [&s.key, &s.lang, &s.name, &s.code, &s.file] {
            put_str(&mut p, text);
        }
        put_u32(&mut p, s.line);
        put_u32(&mut p, s.ret.map_or(u32::MAX, |r| r));
        put_u32(&mut p, s.params.len() as u32);
        for (name, ty) in &s.params {
            put_str(&mut p, name);
            put_u32(&mut p, *ty);
        }
    }
    put_u32(&mut p, program.shared.len() as u32);
    for s in &program.shared {
        put_u32(&mut p, s.global);
        put_u32(&mut p, s.ty);
        put_u32(&mut p, s.langs.len() as u32);
        for lang in &s.langs {
            put_str(&mut p, lang);
        }
    }
    put_u32(&mut p, program.chunks.len() as u32);
    for c in &program.chunks {
        put_chunk(&mut p, c);
    }
    let mut out = Vec::with_capacity(p.len() + 18);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    put_u32(&mut out, p.len() as u32);
    out.extend_from_slice(&p);
    out.extend_from_slice(&fnv1a(&p).to_le_bytes());
    out
}

fn put_chunk(p: &mut Vec<u8>, c: &Chunk) {
    put_str(p, &c.name);
    put_str(p, &c.file);
    p.extend_from_slice(&c.nparams.to_le_bytes());
    p.extend_from_slice(&c.nregs.to_le_bytes());
    put_u16s(p, &c.mod_params);
    put_u32(p, c.consts.len() as u32);
    for k in &c.consts {
        match k {
            Constant::Int(n) => {
                p.push(0);
                p.extend_from_slice(&n.to_le_bytes());
            }
            Constant::Float(x) => {
                p.push(1);
                p.extend_from_slice(&x.to_bits().to_le_bytes());
            }
            Constant::Str(s) => {
                p.push(2);
                put_str(p, s);
            }
            Constant::Char(ch) => {
                p.push(3);
                put_u32(p, u32::from(*ch));
            }
        }
    }
    put_u32(p, c.paths.len() as u32);
    for path in &c.paths {
        put_u16s(p, path);
    }
    let mut code = Vec::new();
    for i in &c.code {
        i.encode(&mut code);
    }
    put_u32(p, c.code.len() as u32);
    put_u32(p, code.len() as u32);
    p.extend_from_slice(&code);
    for line in &c.lines {
        put_u32(p, *line);
    }
    put_u32(p, c.debug.columns.len() as u32);
    for column in &c.debug.columns {
        put_u32(p, *column);
    }
    put_u32(p, c.debug.locals.len() as u32);
    for l in &c.debug.locals {
        put_str(p, &l.name);
        put_str(p, &l.ty);
        p.extend_from_slice(&l.reg.to_le_bytes());
        put_u32(p, l.from);
        put_u32(p, l.to);
        // 0: not an enum; else the enum's index plus one.
        put_u32(p, l.enum_index.map_or(0, |e| e + 1));
    }
}

/// A tag byte, then the operands.
fn put_script_type(p: &mut Vec<u8>, t: &ScriptType) {
    let (tag, operand) = match t {
        ScriptType::Int => (0, None),
        ScriptType::Float => (1, None),
        ScriptType::Bool => (2, None),
        ScriptType::Str => (3, None),
        ScriptType::Char => (4, None),
        ScriptType::Enum(i) => (5, Some(*i)),
        ScriptType::List(i) => (6, Some(*i)),
        ScriptType::StrMap(i) => (7, Some(*i)),
        ScriptType::IntMap(i) => (8, Some(*i)),
        ScriptType::Opt(i) => (9, Some(*i)),
        ScriptType::Float32 => (11, None),
        ScriptType::Struct { layout, fields } => {
            p.push(10);
            put_u32(p, *layout);
            put_u32(p, fields.len() as u32);
            fields.iter().for_each(|f| put_u32(p, *f));
            return;
        }
    };
    p.push(tag);
    if let Some(i) = operand {
        put_u32(p, i);
    }
}

fn put_u32(p: &mut Vec<u8>, n: u32) {
    p.extend_from_slice(&n.to_le_bytes());
}

fn put_str(p: &mut Vec<u8>, s: &str) {
    put_u32(p, s.len() as u32);
    p.extend_from_slice(s.as_bytes());
}

fn put_u16s(p: &mut Vec<u8>, v: &[u16]) {
    put_u32(p, v.len() as u32);
    for x in v {
        p.extend_from_slice(&x.to_le_bytes());
    }
}

/// Reads and verifies a program written by [`write`].
pub fn read(bytes: &[u8]) -> Result<Verified, FormatError> {
    let e = |m: &str| FormatError(m.to_string());
    if bytes.len() < 10 || &bytes[..4] != MAGIC {
        return Err(e("not a Rae bytecode file (bad magic)"));
    }
    let version = u16::from_le_bytes([bytes[4], bytes[5]]);
    if version != VERSION {
        return Err(FormatError(format!("unsupported version {version} (this VM reads version {VERSION})")));
    }
    let len = u32::from_le_bytes([bytes[6], bytes[7], bytes[8], bytes[9]]) as usize;
    let payload = bytes.get(10..10 + len).ok_or_else(|| e("truncated payload"))?;
    let sum = bytes.get(10 + len..).filter(|s| s.len() == 8).ok_or_else(|| e("truncated or extended checksum"))?;
    let mut expected = [0u8; 8];
    expected.copy_from_slice(sum);
    if fnv1a(payload) != u64::from_le_bytes(expected) {
        return Err(e("checksum mismatch: the file is damaged or was modified"));
    }
    let mut r = Reader { bytes: payload, pos: 0 };
    let program = r.program().ok_or_else(|| e("malformed payload"))?;
    if r.pos != payload.len() {
        return Err(e("trailing bytes in payload"));
    }
    verified(program).map_err(FormatError)
}

struct Reader<'b> {
    bytes: &'b [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let s = self.bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Option<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Some(u64::from_le_bytes(a))
    }

    /// A count that cannot exceed the bytes left (so a forged count cannot allocate much).
    fn count(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.bytes.len() - self.pos).then_some(n)
    }

    fn str(&mut self) -> Option<String> {
        let n = self.count()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    fn u16s(&mut self) -> Option<Vec<u16>> {
        let n = self.count()?;
        (0..n).map(|_| self.u16()).collect()
    }

    fn program(&mut self) -> Option<CompiledProgram> {
        let n = self.count()?;
        let globals = (0..n)
            .map(|_| {
                let (name, ty) = (self.str()?, self.str()?);
                Some(GlobalSlot { name, ty, kind: *GlobalKind::ALL.get(usize::from(self.u8()?))? })
            })
            .collect::<Option<Vec<_>>>()?;
        let init = self.u32()?;
        let main = self.u32()?;
        let main_returns_int = self.u8()? != 0;
        let n = self.count()?;
        let enums = (0..n)
            .map(|_| {
                let name = self.str()?;
                let m = self.count()?;
                Some(EnumLayout { name, members: (0..m).map(|_| self.str()).collect::<Option<Vec<_>>>()? })
            })
            .collect::<Option<Vec<_>>>()?;
        let n = self.count()?;
        let structs = (0..n)
            .map(|_| {
                let (name, default) = (self.str()?, self.u32()?);
                let m = self.count()?;
                let fields = (0..m)
                    .map(|_| Some(FieldLayout { name: self.str()?, ty: self.str()? }))
                    .collect::<Option<Vec<_>>>()?;
                Some(StructLayout { name, fields, default })
            })
            .collect::<Option<Vec<_>>>()?;
        let n = self.count()?;
        let natives = (0..n)
            .map(|_| {
                Some(NativeImport {
                    key: self.str()?,
                    name: self.str()?,
                    signature: self.str()?,
                    arity: self.u16()?,
                    mod_args: self.u16s()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let n = self.count()?;
        let script_types = (0..n).map(|_| self.script_type()).collect::<Option<Vec<_>>>()?;
        let n = self.count()?;
        let scripts = (0..n).map(|_| self.script()).collect::<Option<Vec<_>>>()?;
        let n = self.count()?;
        let shared = (0..n)
            .map(|_| {
                let (global, ty, count) = (self.u32()?, self.u32()?, self.count()?);
                let langs = (0..count).map(|_| self.str()).collect::<Option<Vec<_>>>()?;
                Some(SharedGlobal { global, ty, langs })
            })
            .collect::<Option<Vec<_>>>()?;
        let n = self.count()?;
        let chunks = (0..n).map(|_| self.chunk()).collect::<Option<Vec<_>>>()?;
        Some(CompiledProgram {
            chunks,
            natives,
            enums,
            structs,
            globals,
            scripts,
            script_types,
            shared,
            init,
            main,
            main_returns_int,
        })
    }

    fn script_type(&mut self) -> Option<ScriptType> {
        Some(match self.u8()? {
            0 => ScriptType::Int,
            1 => ScriptType::Float,
            2 => ScriptType::Bool,
            3 => ScriptType::Str,
            4 => ScriptType::Char,
            5 => ScriptType::Enum(self.u32()?),
            6 => ScriptType::List(self.u32()?),
            7 => ScriptType::StrMap(self.u32()?),
            8 => ScriptType::IntMap(self.u32()?),
            9 => ScriptType::Opt(self.u32()?),
            10 => {
                let layout = self.u32()?;
                let n = self.count()?;
                ScriptType::Struct { layout, fields: (0..n).map(|_| self.u32()).collect::<Option<Vec<_>>>()? }
            }
            11 => ScriptType::Float32,
            _ => return None,
        })
    }

    fn script(&mut self) -> Option<ScriptFunc> {
        let (key, lang, name, code, file) = (self.str()?, self.str()?, self.str()?, self.str()?, self.str()?);
        let line = self.u32()?;
        let ret = Some(self.u32()?).filter(|&r| r != u32::MAX);
        let n = self.count()?;
        let params = (0..n).map(|_| Some((self.str()?, self.u32()?))).collect::<Option<Vec<_>>>()?;
        Some(ScriptFunc { key, lang, name, params, ret, code, file, line })
    }

    fn chunk(&mut self) -> Option<Chunk> {
        let name = self.str()?;
        let file = self.str()?;
        let nparams = self.u16()?;
        let nregs = self.u16()?;
        let mod_params = self.u16s()?;
        let n = self.count()?;
        let consts = (0..n)
            .map(|_| {
                Some(match self.u8()? {
                    0 => Constant::Int(self.u64()? as i64),
                    1 => Constant::Float(f64::from_bits(self.u64()?)),
                    2 => Constant::Str(self.str()?),
                    3 => Constant::Char(char::from_u32(self.u32()?)?),
                    _ => return None,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let n = self.count()?;
        let paths = (0..n).map(|_| self.u16s()).collect::<Option<Vec<_>>>()?;
        let count = self.count()?;
        let len = self.count()?;
        let bytes = self.take(len)?;
        let mut code = Vec::with_capacity(count);
        let mut pos = 0;
        while pos < bytes.len() {
            code.push(Instr::decode(bytes, &mut pos).ok()?);
        }
        if code.len() != count {
            return None;
        }
        let lines = (0..count).map(|_| self.u32()).collect::<Option<Vec<_>>>()?;
        let debug = self.debug_info()?;
        Some(Chunk { name, file, nparams, nregs, mod_params, code, lines, consts, paths, debug })
    }

    fn debug_info(&mut self) -> Option<DebugInfo> {
        let n = self.count()?;
        let columns = (0..n).map(|_| self.u32()).collect::<Option<Vec<_>>>()?;
        let n = self.count()?;
        let locals = (0..n)
            .map(|_| {
                Some(LocalDebug {
                    name: self.str()?,
                    ty: self.str()?,
                    reg: self.u16()?,
                    from: self.u32()?,
                    to: self.u32()?,
                    enum_index: self.u32()?.checked_sub(1),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(DebugInfo { columns, locals })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::opcodes::Instr;

    fn sample() -> CompiledProgram {
        let main = Chunk {
            name: "main".into(),
            file: "m.rae".into(),
            nregs: 3,
            code: vec![
                Instr::LoadConst { dst: 0, k: 0 },
                Instr::NativeCall { native: 0, args: 0, count: 1, dst: 1 },
                Instr::SetPath { obj: 2, path: 0, src: 1 },
                Instr::RetNone {},
            ],
            lines: vec![1, 1, 2, 3],
            consts: vec![Constant::Str("hi".into()), Constant::Char('é'), Constant::Float(1.5)],
            paths: vec![vec![0, 1]],
            debug: DebugInfo {
                columns: vec![3, 7, 3, 1],
                locals: vec![LocalDebug {
                    name: "c".into(),
                    ty: "Color".into(),
                    reg: 2,
                    from: 1,
                    to: 4,
                    enum_index: Some(0),
                }],
            },
            ..Chunk::default()
        };
        let init = Chunk {
            name: "<init>".into(),
            nregs: 0,
            code: vec![Instr::RetNone {}],
            lines: vec![0],
            ..Chunk::default()
        };
        let log = NativeImport {
            key: "core.log".into(),
            name: "log".into(),
            arity: 1,
            signature: "log(T: type, value: view T)".into(),
            mod_args: vec![],
        };
        CompiledProgram {
            chunks: vec![init, main],
            natives: vec![log],
            enums: vec![EnumLayout { name: "Color".into(), members: vec!["red".into(), "green".into()] }],
            structs: vec![StructLayout {
                name: "Point".into(),
                fields: vec![FieldLayout { name: "x".into(), ty: "Int".into() }],
                default: 0,
            }],
            globals: vec![GlobalSlot { name: "total".into(), ty: "Int".into(), kind: GlobalKind::Var }],
            scripts: vec![ScriptFunc {
                key: "core.log".into(),
                lang: "lua".into(),
                name: "shout".into(),
                params: vec![("p".into(), 1)],
                ret: Some(0),
                code: " return p.x ".into(),
                file: "main.rae".into(),
                line: 3,
            }],
            script_types: vec![
                ScriptType::List(2),
                ScriptType::Struct { layout: 0, fields: vec![2] },
                ScriptType::Int,
                ScriptType::Opt(2),
                ScriptType::Enum(0),
            ],
            shared: vec![SharedGlobal { global: 0, ty: 2, langs: vec!["lua".into()] }],
            init: 0,
            main: 1,
            main_returns_int: false,
        }
    }

    #[test]
    fn write_then_read_is_the_identity() {
        let p = sample();
        assert_eq!(read(&write(&p)).map(Verified::into_program), Ok(p));
    }

    #[test]
    fn a_shared_global_that_does_not_exist_is_refused() {
        for (global, ty) in [(1, 2), (0, 5)] {
            let shared = SharedGlobal { global, ty, langs: Vec::new() };
            let p = CompiledProgram { shared: vec![shared], ..sample() };
            let e = read(&write(&p)).map(|_| ()).unwrap_err();
            assert!(e.0.contains("shared global"), "{e}");
        }
    }

    #[test]
    fn every_truncation_and_every_resealed_byte_change_is_handled_without_panic() {
        let bytes = write(&sample());
        for len in 0..bytes.len() {
            assert!(read(&bytes[..len]).is_err(), "truncated to {len} bytes was accepted");
        }
        // Change each payload byte and fix the checksum, so the parser and the verifier (not
        // the checksum) must cope with what they find.
        let payload = 10..bytes.len() - 8;
        let mut accepted = 0;
        for at in payload.clone() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bad = bytes.clone();
                bad[at] ^= flip;
                let sum = fnv1a(&bad[payload.clone()]);
                let end = bad.len() - 8;
                bad[end..].copy_from_slice(&sum.to_le_bytes());
                if read(&bad).is_ok() {
                    accepted += 1;
                }
            }
        }
        // Some changes stay valid (a different constant or line number); most must not.
        assert!(accepted < payload.len(), "{accepted} of {} changes accepted", payload.len() * 3);
    }
}
