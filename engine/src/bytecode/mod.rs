//! Bytecode: the opcode table, compiled chunks, the compiler from the typed tree, the
//! disassembler, and the chunk file format with its verifier.

pub mod chunk;
pub mod compile;
pub mod disasm;
pub mod format;
pub mod kinds;
pub mod opcodes;
pub mod verify;

pub use chunk::{Chunk, CompiledProgram, Constant, NativeImport};
pub use compile::{compile, compile_with, shown_result, CompileError, CompileOptions};
