//! The bytecode compiler: walks each function's AST with the checker's typed tables and emits
//! register code. Generic functions are compiled once per instantiation (monomorphised), so
//! every instruction knows its operand types.
//!
//! Split by concern: `mod` (program and function state, registers, emission), `place`
//! (variables, fields, aliases), `expr`, `ops` (operators and conversions), `call`, `stmt`,
//! `control` (loops, match, scope exits).

mod call;
mod control;
mod expr;
mod ops;
mod place;
mod script;
mod stmt;
#[cfg(test)]
mod tests;

use super::chunk::{
    Chunk, CompiledProgram, Constant, EnumLayout, FieldLayout, GlobalKind, GlobalSlot, LocalDebug, NativeImport,
    StructLayout,
};
use super::opcodes::{Instr, Reg};
use crate::check::typed::{DeclRef, ParamMode, TypedProgram};
use crate::check::types::{FuncId, LocalId, StructId, Ty};
use crate::check::{CheckOutput, LIBRARY_FILE_BASE};
use crate::driver::{ModuleRef, Program};
use crate::manifest::FuncKind;
use crate::source::Span;
use crate::syntax::ast::{BindKind, Block, Expr, Item};
use std::collections::{HashMap, HashSet};
use std::fmt;

pub use place::Place;
pub use stmt::shown_result;

/// Why a program could not be compiled (the checker accepted it, so these are limits of the
/// VM or internal errors, reported instead of panicking).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub message: String,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)
    }
}

impl std::error::Error for CompileError {}

pub type R<T> = Result<T, CompileError>;

pub fn err<T>(message: impl Into<String>) -> R<T> {
    Err(CompileError { message: message.into() })
}

/// What a host compiles besides a plain program (the REPL compiles each input this way).
#[derive(Clone, Debug)]
pub struct CompileOptions {
    /// The root module's function the program starts at.
    pub entry: String,
    /// The entry returns the value of its last statement when that is an expression with a
    /// value (not `x++`), so the REPL can show it.
    pub entry_value: bool,
    /// Globals of the root module whose initialisers are skipped: the host sets their values
    /// before `init` runs (a REPL session's globals keep the values they had).
    pub preset_globals: HashSet<String>,
    /// Every global of the root module whose type can cross is shared with scripts, named or
    /// not (the REPL's other languages see them all).
    pub share_globals: bool,
}

impl Default for CompileOptions {
    fn default() -> CompileOptions {
        CompileOptions {
            entry: "main".into(),
            entry_value: false,
            preset_globals: HashSet::new(),
            share_globals: false,
        }
    }
}

/// Compiles a checked program (which must have no errors) for the VM.
pub fn compile(program: &Program, checked: &CheckOutput) -> R<CompiledProgram> {
    compile_with(program, checked, &CompileOptions::default())
}

/// Like [`compile`], starting at `options.entry` with the globals `options` presets.
pub fn compile_with(program: &Program, checked: &CheckOutput, options: &CompileOptions) -> R<CompiledProgram> {
    let mut c = Compiler::new(program, &checked.typed, options);
    let main = c.find_entry()?;
    if options.entry_value {
        c.value_entry = Some(main);
    }
    let returns_int = matches!(c.typed.func(main).ret, Ty::Int(_));
    let init = c.compile_init()?;
    let main_chunk = c.instance(main, Vec::new());
    while let Some((work, index)) = c.queue.pop() {
        let chunk = match work {
            Work::Function(func, args) => FnState::compile_function(&mut c, func, args)?,
            Work::StructDefault(id, args) => FnState::compile_struct_default(&mut c, id, args)?,
        };
        c.out.chunks[index as usize] = chunk;
    }
    if options.share_globals {
        c.share_root_globals();
    }
    c.out.init = init;
    c.out.main = main_chunk;
    c.out.main_returns_int = returns_int;
    c.out.globals = c
        .typed
        .globals
        .iter()
        .map(|g| GlobalSlot {
            name: g.name.clone(),
            ty: c.typed.ty_name(&g.ty),
            kind: match g.kind {
                BindKind::Let => GlobalKind::Let,
                BindKind::Var => GlobalKind::Var,
                BindKind::Const => GlobalKind::Const,
            },
        })
        .collect();
    c.out.enums =
        c.typed.enums.iter().map(|e| EnumLayout { name: e.name.clone(), members: e.members.clone() }).collect();
    Ok(c.out)
}

/// A chunk waiting to be compiled: a function instance, or the default value of a struct
/// instance (which hot reload runs to fill the fields a new version adds).
enum Work {
    Function(FuncId, Vec<Ty>),
    StructDefault(StructId, Vec<Ty>),
}

/// Program-wide state: chunks, instances to compile, the native link table.
pub struct Compiler<'a> {
    pub program: &'a Program,
    pub typed: &'a TypedProgram,
    out: CompiledProgram,
    instances: HashMap<(FuncId, Vec<Ty>), u32>,
    /// Struct layouts by instance.
    layouts: HashMap<(StructId, Vec<Ty>), u32>,
    queue: Vec<(Work, u32)>,
    natives: HashMap<String, u32>,
    /// Types of script function values, by their index in `out.script_types`.
    script_types: HashMap<Ty, u32>,
    options: &'a CompileOptions,
    /// The entry, when it returns its last expression's value.
    value_entry: Option<FuncId>,
}

impl<'a> Compiler<'a> {
    fn new(program: &'a Program, typed: &'a TypedProgram, options: &'a CompileOptions) -> Compiler<'a> {
        Compiler {
            program,
            typed,
            out: CompiledProgram::default(),
            instances: HashMap::new(),
            layouts: HashMap::new(),
            queue: Vec::new(),
            natives: HashMap::new(),
            script_types: HashMap::new(),
            options,
            value_entry: None,
        }
    }

    fn find_entry(&self) -> R<FuncId> {
        let entry = self.options.entry.as_str();
        let root = &self.program.modules.first().ok_or_else(|| CompileError { message: "empty program".into() })?;
        for (i, item) in root.parsed.module.items.iter().enumerate() {
            if let Item::Func(f) = item {
                if f.name.name == entry {
                    if let Some(id) = self.typed.func_of_item(0, i) {
                        return Ok(id);
                    }
                }
            }
        }
        err(format!("the program has no 'func {entry}()'"))
    }

    /// The chunk of `func` instantiated with `args`, queued for compilation on first use.
    pub fn instance(&mut self, func: FuncId, args: Vec<Ty>) -> u32 {
        let key = (func, args);
        if let Some(&i) = self.instances.get(&key) {
            return i;
        }
        let index = self.queue_chunk(Work::Function(key.0, key.1.clone()));
        self.instances.insert(key, index);
        index
    }

    /// Reserves the chunk that `work` compiles into.
    fn queue_chunk(&mut self, work: Work) -> u32 {
        let index = self.out.chunks.len() as u32;
        self.out.chunks.push(Chunk::default());
        self.queue.push((work, index));
        index
    }

    /// The layout index of struct `id` instantiated with `args`, added on first use.
    pub fn struct_layout(&mut self, id: StructId, args: &[Ty]) -> u32 {
        let key = (id, args.to_vec());
        if let Some(&i) = self.layouts.get(&key) {
            return i;
        }
        let name = self.typed.ty_name(&Ty::Struct(id, args.into()));
        let binds: Vec<Option<Ty>> = args.iter().cloned().map(Some).collect();
        let fields = self
            .typed
            .struct_info(id)
            .fields
            .iter()
            .map(|f| FieldLayout { name: f.name.clone(), ty: self.typed.ty_name(&f.ty.subst(&binds)) })
            .collect();
        let default = self.queue_chunk(Work::StructDefault(id, args.to_vec()));
        let index = self.out.structs.len() as u32;
        self.out.structs.push(StructLayout { name, fields, default });
        self.layouts.insert(key, index);
        index
    }

    /// The link-table index of the native serving `func`.
    pub fn native(&mut self, func: FuncId) -> R<u32> {
        let info = self.typed.func(func);
        let Some(key) = info.registry_key.clone() else {
            return err(format!("function '{}' has no natives-registry key", info.name));
        };
        if let Some(&i) = self.natives.get(&key) {
            return Ok(i);
        }
        let mod_args = info
            .value_params()
            .enumerate()
            .filter(|(_, (_, p))| p.mode == ParamMode::Mod)
            .map(|(j, _)| j as u16)
            .collect();
        let index = self.out.natives.len() as u32;
        let arity = info.value_params().count() as u16;
        let (name, signature) = (info.name.clone(), self.signature(func));
        self.out.natives.push(NativeImport { key: key.clone(), name, arity, signature, mod_args });
        self.natives.insert(key.clone(), index);
        // Recorded once imported, so script functions that name each other end.
        if let FuncKind::Script(lang) = &info.kind {
            self.script_func(func, &key, lang)?;
        }
        Ok(index)
    }

    /// `name(a: view Int, T: type) ret Int`, as the manifest writes signatures.
    fn signature(&self, func: FuncId) -> String {
        let info = self.typed.func(func);
        let params: Vec<String> = info
            .params
            .iter()
            .map(|p| match p.mode {
                ParamMode::Type => format!("{}: type", p.name),
                m => format!("{}: {} {}", p.name, m.text(), self.typed.ty_name(&p.ty)),
            })
            .collect();
        let ret = match &info.ret {
            Ty::Void => String::new(),
            t => format!(" ret {}", self.typed.ty_name(t)),
        };
        format!("{}({}){ret}", info.name, params.join(", "))
    }

    /// Source modules in initialisation order: every module after the modules it imports.
    fn init_order(&self) -> Vec<usize> {
        fn visit(p: &Program, m: usize, seen: &mut Vec<bool>, out: &mut Vec<usize>) {
            if seen[m] {
                return;
            }
            seen[m] = true;
            for import in &p.modules[m].imports {
                if let ModuleRef::Source(i) = import {
                    visit(p, *i, seen, out);
                }
            }
            out.push(m);
        }
        let mut seen = vec![false; self.program.modules.len()];
        let mut out = Vec::new();
        for m in 0..self.program.modules.len() {
            visit(self.program, m, &mut seen, &mut out);
        }
        out
    }

    /// The chunk that evaluates every global initialiser, module by module.
    fn compile_init(&mut self) -> R<u32> {
        let index = self.out.chunks.len() as u32;
        self.out.chunks.push(Chunk::default());
        let file = self.program.modules.first().map_or(0, |m| m.file.0);
        let mut fx = FnState::new(self, 0, None, Vec::new(), "<init>".into(), file, 0);
        let (program, typed) = (fx.c.program, fx.c.typed);
        for m in fx.c.init_order() {
            fx.module = m;
            for (i, item) in program.modules[m].parsed.module.items.iter().enumerate() {
                let (Item::Global(decl), Some(DeclRef::Global(g))) = (item, typed.modules[m].items.get(i)) else {
                    continue;
                };
                let g = *g;
                if m == 0 && fx.c.options.preset_globals.contains(&decl.binding.name.name) {
                    continue;
                }
                fx.set_line(decl.binding.span);
                let mark = fx.next_temp;
                let t = fx.temp()?;
                match &decl.binding.init {
                    Some((_, value)) => fx.expr_into(value, t)?,
                    None => {
                        let ty = typed.global(g).ty.clone();
                        fx.default_into(&ty, t)?;
                    }
                }
                fx.emit(Instr::SetGlobal { global: g.0, src: t });
                fx.next_temp = mark;
            }
        }
        fx.emit(Instr::RetNone {});
        let chunk = fx.finish();
        self.out.chunks[index as usize] = chunk;
        Ok(index)
    }
}

/// Something that must run when control leaves a scope: a `defer` block, or the write-back
/// of a `mod` window (collection loop variable, `if let v: mod T = xs.modAt(…)`).
#[derive(Clone, Debug)]
pub enum ExitAction<'a> {
    Defer(&'a Block),
    WriteBack(WriteBack),
}

/// Writes register `elem` back into `container[key]` (a list index or a map key).
#[derive(Clone, Debug)]
pub struct WriteBack {
    pub container: Place,
    pub key: Reg,
    pub elem: Reg,
    pub map: bool,
}

/// A line and column (1-based) of the source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SrcPos {
    pub line: u32,
    pub column: u32,
}

/// An enclosing loop: how many scopes were open outside it, and the jumps to patch.
pub struct LoopCtx {
    pub scopes: usize,
    pub header: SrcPos,
    pub breaks: Vec<usize>,
    pub continues: Vec<usize>,
}

/// The function being compiled.
pub struct FnState<'a, 'c> {
    pub c: &'c mut Compiler<'a>,
    /// The source module whose typed tables the current expressions use.
    pub module: usize,
    pub func: Option<FuncId>,
    /// The instantiation (type arguments by index) of a generic function.
    pub type_args: Vec<Option<Ty>>,
    chunk: Chunk,
    /// The source position the next instruction is attributed to.
    pub pos: SrcPos,
    /// Parameters and locals in scope: slot, first instruction, scope depth.
    live: Vec<(LocalId, u32, usize)>,
    /// Registers below this are parameters and locals.
    pub nlocals: u16,
    pub next_temp: u16,
    /// The highest temporary holding a heap value in the current statement.
    pub heap_temp: Option<u16>,
    /// `let r: view T => place` / `let m: mod T => place`: uses compile as the place.
    pub aliases: HashMap<LocalId, Place>,
    pub scopes: Vec<Vec<ExitAction<'a>>>,
    pub loops: Vec<LoopCtx>,
}

impl<'a, 'c> FnState<'a, 'c> {
    fn new(
        c: &'c mut Compiler<'a>,
        module: usize,
        func: Option<FuncId>,
        type_args: Vec<Option<Ty>>,
        name: String,
        file: u32,
        nlocals: u16,
    ) -> FnState<'a, 'c> {
        let file = c.program.sources.files().get(file as usize).map(|f| f.path.clone()).unwrap_or_default();
        let chunk = Chunk { name, file, nregs: nlocals, ..Chunk::default() };
        FnState {
            c,
            module,
            func,
            type_args,
            chunk,
            pos: SrcPos::default(),
            live: Vec::new(),
            nlocals,
            next_temp: nlocals,
            heap_temp: None,
            aliases: HashMap::new(),
            scopes: Vec::new(),
            loops: Vec::new(),
        }
    }

    /// Compiles one instance of a user function (a Rae or `@vm_stub` body).
    fn compile_function(c: &'c mut Compiler<'a>, func: FuncId, args: Vec<Ty>) -> R<Chunk> {
        let typed = c.typed;
        let info = typed.func(func);
        let ModuleRef::Source(module) = info.module else {
            return err(format!("library function '{}' has no body to compile", info.name));
        };
        let Some(Item::Func(decl)) = c.program.modules[module].parsed.module.items.get(info.item) else {
            return err(format!("function '{}' has no declaration", info.name));
        };
        let Some(body) = &decl.body else {
            return err(format!("function '{}' has no body", info.name));
        };
        if info.locals.len() > u16::MAX as usize / 2 {
            return err(format!("function '{}' has too many local variables", info.name));
        }
        let nlocals = info.locals.len().max(info.params.len()) as u16;
        let type_args = args.into_iter().map(Some).collect();
        let returns_last = c.value_entry == Some(func);
        let mut fx = FnState::new(c, module, Some(func), type_args, info.name.clone(), info.span.file.0, nlocals);
        fx.chunk.nparams = info.params.len() as u16;
        fx.chunk.mod_params =
            info.params.iter().enumerate().filter(|(_, p)| p.mode == ParamMode::Mod).map(|(i, _)| i as u16).collect();
        fx.set_line(decl.span);
        for (i, _) in info.value_params() {
            fx.declare(LocalId(i as u32));
        }
        fx.body(body, returns_last)?;
        Ok(fx.finish())
    }

    /// The chunk that returns the default value of a struct instance (`T {}`).
    fn compile_struct_default(c: &'c mut Compiler<'a>, id: StructId, args: Vec<Ty>) -> R<Chunk> {
        let info = c.typed.struct_info(id);
        let (module, file) = match info.module {
            ModuleRef::Source(m) => (m, c.program.modules[m].file.0),
            _ => (0, 0),
        };
        let ty = Ty::Struct(id, args.into());
        let name = format!("{} {{}}", c.typed.ty_name(&ty));
        let mut fx = FnState::new(c, module, None, Vec::new(), name, file, 0);
        let t = fx.temp()?;
        fx.default_into(&ty, t)?;
        fx.emit(Instr::Ret { src: t });
        Ok(fx.finish())
    }

    fn finish(mut self) -> Chunk {
        self.chunk.nregs = self.chunk.nregs.max(self.next_temp);
        self.close_locals(0);
        self.chunk.debug.locals.sort_by_key(|l| l.reg);
        self.chunk
    }

    // ------------------------------------------------------------ debug information

    /// Local `slot` is in scope from the next instruction until its scope closes.
    pub fn declare(&mut self, slot: LocalId) {
        self.live.push((slot, self.here(), self.scopes.len()));
    }

    /// Closes the innermost scope (its exit actions were emitted): its locals end here.
    pub fn pop_scope(&mut self) {
        self.scopes.pop();
        self.close_locals(self.scopes.len() + 1);
    }

    /// Records the debug entry of every live local declared at scope depth `depth` or deeper.
    fn close_locals(&mut self, depth: usize) {
        let to = self.here();
        while let Some(&(slot, from, d)) = self.live.last() {
            if d < depth {
                break;
            }
            self.live.pop();
            let Some(info) = self.func.and_then(|f| self.c.typed.func(f).locals.get(slot.0 as usize)) else {
                continue;
            };
            let ty = self.local_ty(slot);
            let enum_index = match ty {
                Ty::Enum(id) => Some(id.0),
                _ => None,
            };
            let name = info.name.clone();
            let ty = self.c.typed.ty_name(&ty);
            self.chunk.debug.locals.push(LocalDebug { name, ty, reg: self.local_reg(slot), from, to, enum_index });
        }
    }

    // ------------------------------------------------------------ emission

    pub fn emit(&mut self, i: Instr) -> usize {
        self.chunk.code.push(i);
        self.chunk.lines.push(self.pos.line);
        self.chunk.debug.columns.push(self.pos.column);
        self.chunk.code.len() - 1
    }

    /// The index the next instruction will get (a jump target).
    pub fn here(&self) -> u32 {
        self.chunk.code.len() as u32
    }

    /// Points the jump at `at` to `target`.
    pub fn patch(&mut self, at: usize, target: u32) {
        if let Some(
            Instr::Jump { target: t }
            | Instr::JumpIfFalse { target: t, .. }
            | Instr::JumpIfTrue { target: t, .. }
            | Instr::JumpIfNone { target: t, .. }
            | Instr::JumpIfNotLtInt { target: t, .. }
            | Instr::JumpIfNotLeInt { target: t, .. }
            | Instr::JumpIfNotLtIntImm { target: t, .. }
            | Instr::JumpIfNotEqIntImm { target: t, .. }
            | Instr::JumpIfLtInt { target: t, .. }
            | Instr::JumpIfLeInt { target: t, .. }
            | Instr::JumpIfLtIntImm { target: t, .. },
        ) = self.chunk.code.get_mut(at)
        {
            *t = target;
        }
    }

    pub fn patch_here(&mut self, at: usize) {
        let here = self.here();
        self.patch(at, here);
    }

    pub fn set_line(&mut self, span: Span) {
        if span.file.0 >= LIBRARY_FILE_BASE {
            return;
        }
        if let Some(f) = self.c.program.sources.files().get(span.file.0 as usize) {
            let (line, column) = f.line_col(span.start);
            self.pos = SrcPos { line: line as u32, column: column as u32 };
        }
    }

    pub fn constant(&mut self, k: Constant) -> u32 {
        if let Some(i) = self.chunk.consts.iter().position(|x| *x == k) {
            return i as u32;
        }
        self.chunk.consts.push(k);
        self.chunk.consts.len() as u32 - 1
    }

    pub fn path(&mut self, path: &[u16]) -> u32 {
        if let Some(i) = self.chunk.paths.iter().position(|p| p == path) {
            return i as u32;
        }
        self.chunk.paths.push(path.to_vec());
        self.chunk.paths.len() as u32 - 1
    }

    // ------------------------------------------------------------ registers

    pub fn temp(&mut self) -> R<Reg> {
        self.temps(1)
    }

    /// `n` consecutive fresh temporaries; returns the first.
    pub fn temps(&mut self, n: usize) -> R<Reg> {
        let first = self.next_temp;
        let end = first as usize + n;
        if end >= u16::MAX as usize {
            return err("expression too large: out of registers");
        }
        self.next_temp = end as u16;
        self.chunk.nregs = self.chunk.nregs.max(self.next_temp);
        Ok(first)
    }

    pub fn is_temp(&self, r: Reg) -> bool {
        r >= self.nlocals
    }

    /// Notes that temporary `r` may hold a heap value, so it is cleared at the statement's
    /// end: a stale copy in a dead register would make the next write copy the whole object.
    pub fn note_heap(&mut self, r: Reg, ty: &Ty) {
        fn heap(ty: &Ty) -> bool {
            match ty {
                Ty::List(_) | Ty::StringMap(_) | Ty::IntMap(_) | Ty::Struct(..) => true,
                Ty::Opt(inner) => heap(inner),
                _ => false,
            }
        }
        if heap(ty) && self.is_temp(r) {
            self.heap_temp = Some(self.heap_temp.map_or(r, |h| h.max(r)));
        }
    }

    /// The register of a local slot.
    pub fn local_reg(&self, slot: LocalId) -> Reg {
        slot.0 as Reg
    }

    // ------------------------------------------------------------ types

    /// The value type of an expression in the current instantiation.
    pub fn ty(&self, e: &Expr) -> Ty {
        let raw = self.c.typed.modules.get(self.module).map_or(Ty::Error, |m| m.ty(e.id).clone());
        self.subst(&raw)
    }

    pub fn subst(&self, t: &Ty) -> Ty {
        t.subst(&self.type_args).strip_refs()
    }

    /// The type of local `slot` of the current function.
    pub fn local_ty(&self, slot: LocalId) -> Ty {
        let t = self.func.and_then(|f| self.c.typed.func(f).locals.get(slot.0 as usize)).map(|l| l.ty.clone());
        self.subst(&t.unwrap_or(Ty::Error))
    }
}
