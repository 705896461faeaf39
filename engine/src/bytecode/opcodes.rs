//! The one opcode table: `define_ops!` generates the instruction enum, opcode numbers, names,
//! operand layouts, byte encoding and decoding; the disassembler and verifier read the layouts.

/// Operand kinds. Each is also the Rust type of the operand field, so the table below says
/// both how an operand is stored and what it refers to (what the verifier range-checks).
pub type Reg = u16;
/// Length of a register range that starts at the preceding `Reg` operand.
pub type Count = u16;
pub type Field = u16;
/// Index into the chunk's constant pool.
pub type Const = u32;
/// Absolute instruction index in the same chunk.
pub type Label = u32;
/// Index of a chunk (a compiled function) in the program.
pub type Func = u32;
/// Index into the program's native link table.
pub type Native = u32;
pub type Global = u32;
/// Index into the chunk's field-path table.
pub type Path = u32;
/// Index into the program's enum table.
pub type Enum = u32;
/// Index into the program's struct layout table.
pub type Struct = u32;
pub type Imm = i64;
/// An integer width code (see `IntKind` in chunk.rs).
pub type IntKind = u8;
/// 0 = StringMap, 1 = IntMap.
pub type MapKind = u8;
/// A small flag or value (`LoadBool`).
pub type Byte = u8;

/// What an operand refers to, for the verifier and the disassembler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandKind {
    Reg,
    Count,
    Field,
    Const,
    Label,
    Func,
    Native,
    Global,
    Path,
    Enum,
    Struct,
    Imm,
    IntKind,
    MapKind,
    Byte,
}

/// Fixed-width little-endian encoding of one operand.
pub trait Operand: Sized + Copy {
    fn put(self, out: &mut Vec<u8>);
    fn get(bytes: &[u8], pos: &mut usize) -> Option<Self>;
    fn as_i64(self) -> i64;
}

macro_rules! impl_operand {
    ($($t:ty),*) => {$(
        impl Operand for $t {
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn get(bytes: &[u8], pos: &mut usize) -> Option<Self> {
                const N: usize = std::mem::size_of::<$t>();
                let raw: [u8; N] = bytes.get(*pos..*pos + N)?.try_into().ok()?;
                *pos += N;
                Some(<$t>::from_le_bytes(raw))
            }
            fn as_i64(self) -> i64 {
                self as i64
            }
        }
    )*};
}
impl_operand!(u8, u16, u32, i64);

macro_rules! define_ops {
    ($( $(#[$doc:meta])* $name:ident { $($field:ident : $kind:ident),* } )*) => {
        /// One decoded instruction: what the interpreter dispatches on.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Instr {
            $( $(#[$doc])* $name { $($field: $kind),* }, )*
        }

        /// Opcode numbers (the first byte of an encoded instruction).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Op {
            $( $name, )*
        }

        impl Op {
            pub const ALL: &'static [Op] = &[$( Op::$name, )*];

            pub fn from_byte(b: u8) -> Option<Op> {
                Op::ALL.get(b as usize).copied()
            }

            pub fn name(self) -> &'static str {
                match self {
                    $( Op::$name => stringify!($name), )*
                }
            }

            /// Operand names and kinds, in encoding order.
            pub fn layout(self) -> &'static [(&'static str, OperandKind)] {
                match self {
                    $( Op::$name => &[$( (stringify!($field), OperandKind::$kind), )*], )*
                }
            }
        }

        impl Instr {
            pub fn op(&self) -> Op {
                match self {
                    $( Instr::$name { .. } => Op::$name, )*
                }
            }

            /// Operand values in layout order (widened to i64).
            pub fn operands(&self) -> Vec<i64> {
                match *self {
                    $( Instr::$name { $($field),* } => vec![$( Operand::as_i64($field), )*], )*
                }
            }

            pub fn encode(&self, out: &mut Vec<u8>) {
                out.push(self.op() as u8);
                match *self {
                    $( Instr::$name { $($field),* } => { $( Operand::put($field, out); )* } )*
                }
            }

            /// Decodes one instruction at `*pos`; `Err` names what was wrong.
            pub fn decode(bytes: &[u8], pos: &mut usize) -> Result<Instr, String> {
                let at = *pos;
                let byte = *bytes.get(at).ok_or_else(|| format!("truncated instruction at byte {at}"))?;
                let op = Op::from_byte(byte).ok_or_else(|| format!("unknown opcode {byte} at byte {at}"))?;
                *pos += 1;
                let short = || format!("truncated operands of {} at byte {at}", op.name());
                Ok(match op {
                    $( Op::$name => Instr::$name {
                        $( $field: <$kind as Operand>::get(bytes, pos).ok_or_else(short)?, )*
                    }, )*
                })
            }
        }
    };
}

/// The instruction table: calls `$m! { Name { operand: Kind, … } … }` with every
/// instruction. `define_ops!` below generates the portable instruction set from it; the VM
/// derives its own instruction forms from the same table (`vm::lower`).
macro_rules! instr_table {
    ($m:ident) => {
        $m! {
            Nop {}
            /// `dst = src` (a copy: heap values share until written).
            Move { dst: Reg, src: Reg }
            /// `dst = src; src = none` (a move, for `mod` arguments and write-backs).
            Take { dst: Reg, src: Reg }
            LoadNone { dst: Reg }
            /// Sets `first..first+count` to `none`, dropping dead temporaries' references.
            Clear { first: Reg, count: Count }
            LoadBool { dst: Reg, value: Byte }
            LoadInt { dst: Reg, value: Imm }
            LoadConst { dst: Reg, k: Const }
            GetGlobal { dst: Reg, global: Global }
            /// `global = src` (moves `src`).
            SetGlobal { global: Global, src: Reg }
            TakeGlobal { dst: Reg, global: Global }

            AddInt { dst: Reg, a: Reg, b: Reg }
            SubInt { dst: Reg, a: Reg, b: Reg }
            MulInt { dst: Reg, a: Reg, b: Reg }
            DivInt { dst: Reg, a: Reg, b: Reg }
            RemInt { dst: Reg, a: Reg, b: Reg }
            DivU64 { dst: Reg, a: Reg, b: Reg }
            RemU64 { dst: Reg, a: Reg, b: Reg }
            AddIntImm { dst: Reg, a: Reg, imm: Imm }
            NegInt { dst: Reg, a: Reg }
            BitAnd { dst: Reg, a: Reg, b: Reg }
            BitOr { dst: Reg, a: Reg, b: Reg }
            BitXor { dst: Reg, a: Reg, b: Reg }
            Shl { dst: Reg, a: Reg, b: Reg }
            Shr { dst: Reg, a: Reg, b: Reg }
            ShrU64 { dst: Reg, a: Reg, b: Reg }
            BitNot { dst: Reg, a: Reg }
            /// Wraps an integer register to a narrower width (`Int8`, `UInt16`, …).
            WrapInt { dst: Reg, kind: IntKind }

            AddF32 { dst: Reg, a: Reg, b: Reg }
            SubF32 { dst: Reg, a: Reg, b: Reg }
            MulF32 { dst: Reg, a: Reg, b: Reg }
            DivF32 { dst: Reg, a: Reg, b: Reg }
            RemF32 { dst: Reg, a: Reg, b: Reg }
            AddF64 { dst: Reg, a: Reg, b: Reg }
            SubF64 { dst: Reg, a: Reg, b: Reg }
            MulF64 { dst: Reg, a: Reg, b: Reg }
            DivF64 { dst: Reg, a: Reg, b: Reg }
            RemF64 { dst: Reg, a: Reg, b: Reg }
            NegFloat { dst: Reg, a: Reg }

            EqInt { dst: Reg, a: Reg, b: Reg }
            NeInt { dst: Reg, a: Reg, b: Reg }
            LtInt { dst: Reg, a: Reg, b: Reg }
            LeInt { dst: Reg, a: Reg, b: Reg }
            LtU64 { dst: Reg, a: Reg, b: Reg }
            LeU64 { dst: Reg, a: Reg, b: Reg }
            LtFloat { dst: Reg, a: Reg, b: Reg }
            LeFloat { dst: Reg, a: Reg, b: Reg }
            /// Equality of any two values of one type (strings, structs, lists, optionals, …).
            Eq { dst: Reg, a: Reg, b: Reg }
            Ne { dst: Reg, a: Reg, b: Reg }
            /// Ordering of strings (bytewise) and characters.
            Lt { dst: Reg, a: Reg, b: Reg }
            Le { dst: Reg, a: Reg, b: Reg }
            Not { dst: Reg, a: Reg }

            Jump { target: Label }
            JumpIfFalse { cond: Reg, target: Label }
            JumpIfTrue { cond: Reg, target: Label }
            JumpIfNone { a: Reg, target: Label }
            /// Fused compare-and-branch: jump unless `a < b` (Int).
            JumpIfNotLtInt { a: Reg, b: Reg, target: Label }
            JumpIfNotLeInt { a: Reg, b: Reg, target: Label }
            JumpIfNotLtIntImm { a: Reg, imm: Imm, target: Label }
            JumpIfNotEqIntImm { a: Reg, imm: Imm, target: Label }
            /// The bottom test of a rotated loop: jump back while `a < b`.
            JumpIfLtInt { a: Reg, b: Reg, target: Label }
            JumpIfLeInt { a: Reg, b: Reg, target: Label }
            JumpIfLtIntImm { a: Reg, imm: Imm, target: Label }

            IntToF32 { dst: Reg, a: Reg }
            IntToF64 { dst: Reg, a: Reg }
            U64ToFloat { dst: Reg, a: Reg, f32: Byte }
            FloatToInt { dst: Reg, a: Reg, kind: IntKind }
            ToF32 { dst: Reg, a: Reg }

            Concat { dst: Reg, a: Reg, b: Reg }
            /// The print format of any value (section 6 of the reference).
            ToStr { dst: Reg, a: Reg }
            /// The member name of an enum ordinal (or `none`).
            EnumName { dst: Reg, a: Reg, e: Enum }
            /// Concatenates the print formats of registers `first..first+count`.
            Interp { dst: Reg, first: Reg, count: Count }

            /// A struct of layout `ty` from registers `first..first+count` (moved).
            MakeStruct { dst: Reg, first: Reg, count: Count, ty: Struct }
            GetField { dst: Reg, obj: Reg, field: Field }
            /// `obj.field = src` (moves `src`; unshares `obj` first).
            SetField { obj: Reg, field: Field, src: Reg }
            /// `obj.a.b… = src` along a field path (moves `src`).
            SetPath { obj: Reg, path: Path, src: Reg }
            /// Moves `obj.a.b…` out into `dst`, leaving `none`.
            TakePath { dst: Reg, obj: Reg, path: Path }
            SetGlobalPath { global: Global, path: Path, src: Reg }
            TakeGlobalPath { dst: Reg, global: Global, path: Path }

            MakeList { dst: Reg, first: Reg, count: Count }
            NewMap { dst: Reg, kind: MapKind }
            Len { dst: Reg, a: Reg }
            Cap { dst: Reg, a: Reg }
            /// `xs.get(index:)` / `xs.at(index:)`: the element, or `none` out of range.
            ListAt { dst: Reg, list: Reg, index: Reg }
            /// `xs.add(value:)` on a list in a register (moves `src`), growing like the reference.
            ListPush { list: Reg, src: Reg }
            /// `dst = list[index]` for an index known to be in range (collection loops).
            ListGet { dst: Reg, list: Reg, index: Reg }
            /// `list[index] = src` (moves `src`), the write-back of `mod` windows.
            ListSet { list: Reg, index: Reg, src: Reg }
            /// Moves `list[index]` out into `dst`, leaving `none` (`none` out of range): a
            /// `modAt` window over a list nothing else reads until its write-back.
            ListTake { dst: Reg, list: Reg, index: Reg }
            /// `map[key] = src` (moves `src`), the write-back of `modGet` windows.
            MapSet { map: Reg, key: Reg, src: Reg }

            /// Calls chunk `func` with its parameters in `args..args+count`; the result goes to `dst`.
            Call { func: Func, args: Reg, count: Count, dst: Reg }
            NativeCall { native: Native, args: Reg, count: Count, dst: Reg }
            Ret { src: Reg }
            RetNone {}
        }
    };
}
pub(crate) use instr_table;

instr_table!(define_ops);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_instruction_round_trips_through_bytes() {
        let samples = [
            Instr::Nop {},
            Instr::LoadInt { dst: 3, value: -42 },
            Instr::Call { func: 7, args: 2, count: 3, dst: 1 },
            Instr::JumpIfNotLtIntImm { a: 1, imm: i64::MIN, target: 99 },
            Instr::WrapInt { dst: 9, kind: 4 },
        ];
        let mut bytes = Vec::new();
        for s in &samples {
            s.encode(&mut bytes);
        }
        let mut pos = 0;
        for s in &samples {
            assert_eq!(Instr::decode(&bytes, &mut pos).unwrap(), *s);
        }
        assert_eq!(pos, bytes.len());
    }

    #[test]
    fn layouts_match_operands() {
        let i = Instr::Interp { dst: 1, first: 2, count: 3 };
        assert_eq!(i.op().layout().len(), i.operands().len());
        assert_eq!(i.op().layout()[2], ("count", OperandKind::Count));
        assert_eq!(Op::from_byte(i.op() as u8), Some(Op::Interp));
        assert_eq!(Op::from_byte(255), None);
    }

    #[test]
    fn truncated_and_unknown_bytes_are_errors() {
        let mut bytes = Vec::new();
        Instr::LoadInt { dst: 1, value: 5 }.encode(&mut bytes);
        bytes.pop();
        assert!(Instr::decode(&bytes, &mut 0).unwrap_err().contains("truncated"));
        assert!(Instr::decode(&[250], &mut 0).unwrap_err().contains("unknown opcode"));
    }
}
