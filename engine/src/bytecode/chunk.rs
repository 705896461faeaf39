//! Compiled code: one `Chunk` per function instance (with its constants, field paths and line
//! table) and the `CompiledProgram` that holds the chunks, the native link table and the
//! enum and struct layouts.

use super::opcodes::Instr;
use crate::check::types::IntTy;

/// A constant-pool entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    Int(i64),
    Float(f64),
    Str(String),
    Char(char),
}

/// One compiled function (a generic function has one chunk per instantiation).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Chunk {
    /// The function's name, for stack traces.
    pub name: String,
    /// The source file as the user gave it, for stack traces.
    pub file: String,
    /// Parameters occupy registers `0..nparams` (type parameters included, left `none`).
    pub nparams: u16,
    /// Registers of a frame: parameters, locals, then temporaries.
    pub nregs: u16,
    /// Parameters declared `mod`: their registers survive the return so the caller can
    /// write them back to its places; every other register is cleared then.
    pub mod_params: Vec<u16>,
    pub code: Vec<Instr>,
    /// Source line of each instruction (parallel to `code`).
    pub lines: Vec<u32>,
    pub consts: Vec<Constant>,
    /// Field-index paths used by `SetPath`/`TakePath`/….
    pub paths: Vec<Vec<u16>>,
    /// What a debugger shows; not needed to run.
    pub debug: DebugInfo,
}

/// A chunk's debug information. The compiler fills it; chunks built by hand may leave it
/// empty (no columns, no locals).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DebugInfo {
    /// Source column of each instruction (parallel to `code`), or empty.
    pub columns: Vec<u32>,
    /// Parameters and locals with their registers and where they are in scope.
    pub locals: Vec<LocalDebug>,
}

/// A parameter or local as a debugger lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalDebug {
    pub name: String,
    /// The type as Rae writes it (`List(Int)`, `opt Point`), in the chunk's instantiation.
    pub ty: String,
    pub reg: u16,
    /// In scope for the instructions `from..to`.
    pub from: u32,
    pub to: u32,
    /// An enum-typed local holds an ordinal: the enum whose member names print it.
    pub enum_index: Option<u32>,
}

/// A function the program calls that a native serves; linked by `key` before the run.
#[derive(Clone, Debug, PartialEq)]
pub struct NativeImport {
    /// The natives-registry key the checker computed (`core.log`, `math.abs(Int)`).
    pub key: String,
    /// The Rae function's name.
    pub name: String,
    /// Number of value arguments passed (type arguments are not).
    pub arity: u16,
    /// The signature as the manifest writes it, for link errors.
    pub signature: String,
    /// Positions (among the value arguments) of `mod` parameters, written back after the call.
    pub mod_args: Vec<u16>,
}

/// A global's name, its type as Rae writes it, and how it was declared, for hosts that show
/// or set globals.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct GlobalSlot {
    pub name: String,
    pub ty: String,
    pub kind: GlobalKind,
}

/// How a global was declared; only a `var` may be set by a host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum GlobalKind {
    #[default]
    Let,
    Var,
    Const,
}

impl GlobalKind {
    /// Every kind, in the order of its byte in the file format (0, 1, 2).
    pub const ALL: [GlobalKind; 3] = [GlobalKind::Let, GlobalKind::Var, GlobalKind::Const];

    pub fn keyword(self) -> &'static str {
        match self {
            GlobalKind::Let => "let",
            GlobalKind::Var => "var",
            GlobalKind::Const => "const",
        }
    }
}

/// An enum: its name and its members in ordinal order (`toString()` and interpolation print
/// member names; hot reload keeps enum values by name).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EnumLayout {
    pub name: String,
    pub members: Vec<String>,
}

/// A struct type as instantiated (`Ball`, `Box(Int)`): its fields in declaration order and the
/// chunk that builds its default value (`T {}`, declared field defaults included). Struct
/// objects carry their layout's index, so hot reload can migrate them by field name.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct StructLayout {
    pub name: String,
    pub fields: Vec<FieldLayout>,
    pub default: u32,
}

/// A field's name and its type as Rae writes it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FieldLayout {
    pub name: String,
    pub ty: String,
}

/// A function whose body another language runs (`@function "lua"`). Calls to it are native
/// calls by `key`, which the VM links to that language's script VM (`crate::script`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ScriptFunc {
    pub key: String,
    pub lang: String,
    pub name: String,
    /// Parameter names, with their types as indices into `CompiledProgram::script_types`.
    pub params: Vec<(String, u32)>,
    /// The result type (an index into `script_types`), or none for a function without `ret`.
    pub ret: Option<u32>,
    /// The code between the body's braces, verbatim.
    pub code: String,
    pub file: String,
    /// The source line of the body's `{`: line 1 of `code`.
    pub line: u32,
}

/// A global a script function names, shared between Rae and the script VMs: `global` is its
/// slot, `ty` its type in `CompiledProgram::script_types`, `langs` the languages whose
/// functions in its module name it (none: every language, as in the REPL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedGlobal {
    pub global: u32,
    pub ty: u32,
    pub langs: Vec<String>,
}

/// A type as a value crossing into a script and back has it. Element and field types name
/// other entries of `script_types`, so a recursive struct is a finite table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScriptType {
    /// `Int` (64 bits; narrower integers do not cross).
    Int,
    /// `Float64`.
    Float,
    /// `Float`/`Float32`: a result is rounded through `f32`, as Rae keeps these values.
    Float32,
    Bool,
    Str,
    Char,
    /// An enum value crosses as its member's name.
    Enum(u32),
    List(u32),
    StrMap(u32),
    IntMap(u32),
    Opt(u32),
    /// A struct crosses as a table/object with one entry per field.
    Struct {
        layout: u32,
        fields: Vec<u32>,
    },
}

/// Everything the VM needs to run a program.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CompiledProgram {
    pub chunks: Vec<Chunk>,
    pub natives: Vec<NativeImport>,
    pub enums: Vec<EnumLayout>,
    /// Every struct type `MakeStruct` builds, by its `ty` operand.
    pub structs: Vec<StructLayout>,
    /// Every global, by the checker's `GlobalId`: its slot is its index.
    pub globals: Vec<GlobalSlot>,
    /// The script functions the program calls, and the types their values cross as.
    pub scripts: Vec<ScriptFunc>,
    pub script_types: Vec<ScriptType>,
    /// The globals that scripts share with Rae (see `crate::script::shared`).
    pub shared: Vec<SharedGlobal>,
    /// Initialises the globals, module by module (imports first).
    pub init: u32,
    pub main: u32,
    /// `func main() ret Int`: its result is the exit status.
    pub main_returns_int: bool,
}

/// Integer width codes carried by `WrapInt`/`FloatToInt`.
pub fn int_kind(t: IntTy) -> u8 {
    match t {
        IntTy::I8 => 0,
        IntTy::I16 => 1,
        IntTy::I32 => 2,
        IntTy::I64 => 3,
        IntTy::U8 => 4,
        IntTy::U16 => 5,
        IntTy::U32 => 6,
        IntTy::U64 => 7,
    }
}

pub const INT_KINDS: u8 = 8;

/// Wraps `v` to the width of integer kind `kind` (64-bit kinds keep their bits).
pub fn wrap_int(kind: u8, v: i64) -> i64 {
    match kind {
        0 => v as i8 as i64,
        1 => v as i16 as i64,
        2 => v as i32 as i64,
        4 => v as u8 as i64,
        5 => v as u16 as i64,
        6 => v as u32 as i64,
        _ => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_integers_wrap_to_their_width() {
        assert_eq!(wrap_int(int_kind(IntTy::I8), 130), -126);
        assert_eq!(wrap_int(int_kind(IntTy::U8), 256 + 7), 7);
        assert_eq!(wrap_int(int_kind(IntTy::U16), -1), 65535);
        assert_eq!(wrap_int(int_kind(IntTy::I32), 1 << 31), i32::MIN as i64);
        assert_eq!(wrap_int(int_kind(IntTy::I64), i64::MIN), i64::MIN);
    }
}
