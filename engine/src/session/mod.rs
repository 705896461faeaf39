//! A REPL session: the one model behind the terminal REPL (`rae repl`) and the workbench's
//! REPL console (both through `repl.rs`, which adds the `:commands`). No terminal code lives
//! here; program output goes to the sink the host gives, exactly as `log` writes it in `rae run`.
//!
//! Each input may declare functions, types, enums, imports and globals (`let`/`var`/`const` at
//! top level) and run statements. The session keeps its declarations as source text; an input
//! is parsed as one more file, checked together with them in one module (a declaration
//! replaces earlier ones of the same name, so callers use the new function), and its
//! statements are compiled into the entry function [`ENTRY`]. A `let`/`var` global's
//! initialiser runs once: afterwards the session keeps its value, the checker sees it as
//! `var x: T`, and the compiler skips its initialiser while the session presets the value
//! (values carry over by name; one whose type changed shape starts over from its default).
//! An input that fails to compile or to run changes nothing: declarations, values and the
//! random generator commit only after a successful run.

mod defs;
mod layout;
pub mod repl;
mod script;
mod sink;
#[cfg(test)]
mod tests;

pub use defs::{DefKind, Definition};

use crate::bytecode::{compile_with, shown_result, CompileOptions};
use crate::check::typed::TypedProgram;
use crate::check::types::Ty;
use crate::check::{check_program, CheckOutput};
use crate::diag::{self, DiagFormat};
use crate::driver::{self, LoadOptions, ModuleRef, Program};
use crate::host::{format_value, HostState, NativeRegistry};
use crate::manifest::FunctionEntry;
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{Block, FuncDecl, Ident, Item, Module};
use crate::syntax::{self, Parsed};
use crate::vm::value::Value;
use crate::vm::{Limits, Vm};
use sink::SharedSink;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The function an input's statements run in (a name the naming rules accept and programs
/// are unlikely to use).
pub const ENTRY: &str = "_replInput";

/// How an input ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Syntax or type errors: nothing ran.
    CompileError,
    RuntimeError,
    /// Stopped by the interrupt flag (Ctrl-C).
    Interrupted,
}

/// What one input did besides the program's own output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub outcome: Outcome,
    /// Diagnostics (warnings too), notes, and a runtime error with its trace, as `rae run`
    /// prints them on stderr.
    pub messages: String,
    /// The value of a final expression statement and its type: `= 42 : Int`.
    pub shown: Option<String>,
}

impl Evaluation {
    pub fn ok(&self) -> bool {
        self.outcome == Outcome::Done
    }

    fn failed(outcome: Outcome, messages: String) -> Evaluation {
        Evaluation { outcome, messages, shown: None }
    }
}

/// A global as `:vars` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobalView {
    pub name: String,
    /// `let` or `var`.
    pub kind: &'static str,
    pub ty: String,
    pub value: String,
}

/// A `let`/`var` global's value and the shape of its type when it was stored.
struct Stored {
    value: Value,
    ty: String,
    layout: String,
    mutable: bool,
}

/// An input checked together with the session: everything a run or a `:type` needs.
struct Prepared {
    program: Program,
    checked: CheckOutput,
    /// Rendered warnings (there are no errors once prepared).
    warnings: String,
    /// The session's declarations after this input: kept ones, then the input's.
    defs: Vec<Definition>,
    /// Names the input declares.
    declared: HashSet<String>,
}

/// Names for completion, from the last successful input.
#[derive(Clone, Debug, Default)]
struct Names {
    all: Vec<String>,
    members: HashMap<String, Vec<String>>,
}

pub struct Session {
    defs: Vec<Definition>,
    values: HashMap<String, Stored>,
    sink: SharedSink,
    registry: NativeRegistry,
    interrupt: Arc<AtomicBool>,
    random: u64,
    next_tick: i64,
    /// Inputs evaluated so far; input `n` is the file `<n>` in diagnostics and traces.
    inputs: u32,
    /// Relative imports are read from here.
    base: PathBuf,
    pub limits: Limits,
    functions: Vec<FunctionEntry>,
    names: Names,
    /// The VM of each language an input ran in (`eval_script`), kept between inputs.
    scripts: HashMap<String, Box<dyn crate::script::ScriptVM>>,
}

impl Session {
    /// An empty session whose programs write to `out`; relative imports are read from `base`.
    pub fn new(out: Box<dyn Write>, base: PathBuf) -> Session {
        Session::with_natives(out, base, NativeRegistry::standard())
    }

    /// [`new`](Self::new) with the host's natives (e.g. raylib drawing into its viewport).
    /// The natives live as long as the session, so a window one input opens stays open for
    /// the next.
    pub fn with_natives(out: Box<dyn Write>, base: PathBuf, registry: NativeRegistry) -> Session {
        let host = HostState::with_output(Box::new(std::io::sink()));
        let mut session = Session {
            defs: Vec::new(),
            values: HashMap::new(),
            sink: SharedSink::new(out),
            registry,
            interrupt: Arc::new(AtomicBool::new(false)),
            random: host.random,
            next_tick: host.next_tick,
            inputs: 0,
            base,
            limits: Limits::default(),
            functions: Vec::new(),
            names: Names::default(),
            scripts: HashMap::new(),
        };
        session.refresh_names();
        session
    }

    /// Forgets every declaration and value (`:reset`); the output sink, limits and interrupt
    /// flag stay.
    pub fn reset(&mut self) {
        let host = HostState::with_output(Box::new(std::io::sink()));
        self.defs.clear();
        self.values.clear();
        self.functions.clear();
        self.scripts.clear();
        self.random = host.random;
        self.next_tick = host.next_tick;
        self.inputs = 0;
        self.refresh_names();
    }

    /// Raised from another thread (Ctrl-C, a stop button), it stops the running input; the
    /// session stays as it was before that input.
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.interrupt)
    }

    /// Whether `text` is a whole input, or stops inside a block, a call, a raw string or a
    /// comment so that more lines could complete it (the parser decides, not bracket counting).
    pub fn is_complete(text: &str) -> bool {
        let mut sources = SourceMap::new();
        let file = sources.add("<input>", with_final_newline(text));
        !syntax::parse_repl(file, &sources.get(file).text, 0).ends_early
    }

    /// Checks, compiles and runs one input; commits its declarations and the globals' values
    /// only when it runs to the end.
    pub fn eval(&mut self, text: &str) -> Evaluation {
        self.inputs += 1;
        let prepared = match self.prepare(text, &format!("<{}>", self.inputs)) {
            Ok(p) => p,
            Err(e) => return e,
        };
        self.run(prepared)
    }

    /// The type of the expression `text`, as Rae writes it (`:type`); nothing runs.
    pub fn type_of(&self, text: &str) -> Result<String, String> {
        let prepared = self.prepare(text, "<type>").map_err(|e| e.messages)?;
        let typed = &prepared.checked.typed;
        match entry_body(&prepared.program).and_then(|b| shown_result(b, &|e| typed.modules[0].ty(e.id).clone())) {
            Some(e) => Ok(typed.ty_name(typed.modules[0].ty(e.id))),
            None => Err("not an expression with a value\n".to_string()),
        }
    }

    /// The `let`/`var` globals with their types and values, by name.
    pub fn globals(&self) -> Vec<GlobalView> {
        let mut out: Vec<GlobalView> = self
            .values
            .iter()
            .map(|(name, s)| GlobalView {
                name: name.clone(),
                kind: if s.mutable { "var" } else { "let" },
                ty: s.ty.clone(),
                value: format_value(&s.value),
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// The session's functions as the manifest lists them (kind, signature).
    pub fn functions(&self) -> &[FunctionEntry] {
        &self.functions
    }

    pub fn definitions(&self) -> &[Definition] {
        &self.defs
    }

    /// The declarations as a `.rae` file (`:save`).
    pub fn source(&self) -> String {
        defs::source_text(&self.defs)
    }

    /// Every name an input may use: the session's declarations and the library's functions.
    pub fn names(&self) -> &[String] {
        &self.names.all
    }

    /// What may follow `name.`: the fields of a struct global, the members of an enum.
    pub fn members(&self, name: &str) -> &[String] {
        self.names.members.get(name).map_or(&[], |m| m.as_slice())
    }

    /// Parses `text` as input `label` and checks it together with the session's declarations.
    fn prepare(&self, text: &str, label: &str) -> Result<Prepared, Evaluation> {
        let mut sources = SourceMap::new();
        let file = sources.add(label, with_final_newline(text));
        let input = syntax::parse_repl(file, &sources.get(file).text, 0);
        if diag::has_errors(&input.diagnostics) {
            let rendered = diag::render_all(&input.diagnostics, &sources, DiagFormat::Short);
            return Err(Evaluation::failed(Outcome::CompileError, rendered));
        }
        let new: Vec<Definition> =
            input.items.iter().filter_map(|item| Definition::from_item(item, sources.get(file))).collect();
        let mut defs: Vec<Definition> =
            self.defs.iter().filter(|old| !new.iter().any(|d| d.replaces(old))).cloned().collect();
        let mut items = Vec::new();
        let mut next_expr = input.expr_count;
        for d in &defs {
            let def_file = sources.add(d.label.clone(), d.checked_text().to_string());
            let parsed = syntax::parse_repl(def_file, &sources.get(def_file).text, next_expr);
            next_expr = parsed.expr_count;
            items.extend(parsed.items);
        }
        let declared = new.iter().map(|d| d.name.clone()).collect();
        defs.extend(new);
        items.extend(input.items);
        let whole = Span::new(file, 0, sources.get(file).text.len());
        items.push(entry_item(Block { stmts: input.stmts, span: whole }));
        let module = Module { file, items, expr_count: next_expr };
        let parsed = Parsed { module, comments: Vec::new(), diagnostics: Vec::new(), ends_early: false };
        let root = self.base.join("repl.rae");
        let (program, mut diags) = driver::load_parsed_root(sources, file, parsed, &root, LoadOptions::default());
        let checked = check_program(&program);
        diags.extend(input.diagnostics);
        diags.extend(checked.diagnostics.iter().cloned());
        diag::sort(&mut diags);
        let rendered = diag::render_all(&diags, &program.sources, DiagFormat::Short);
        if diag::has_errors(&diags) {
            return Err(Evaluation::failed(Outcome::CompileError, rendered));
        }
        Ok(Prepared { program, checked, warnings: rendered, defs, declared })
    }

    fn run(&mut self, p: Prepared) -> Evaluation {
        let typed = &p.checked.typed;
        let mut messages = p.warnings.clone();
        let mut preset = HashSet::new();
        let mut reset = Vec::new();
        for g in root_globals(typed) {
            let Some(stored) = self.values.get(&g.name) else { continue };
            if p.declared.contains(&g.name) {
                continue;
            }
            if stored.layout == layout::layout(&g.ty, typed) {
                preset.insert(g.name.clone());
            } else {
                reset.push(g.name.clone());
            }
        }
        for name in reset {
            messages.push_str(&format!("note: global '{name}' starts over from its default value: its type changed\n"));
        }
        let options = CompileOptions {
            entry: ENTRY.to_string(),
            entry_value: true,
            preset_globals: preset.clone(),
            share_globals: false,
        };
        let compiled = match compile_with(&p.program, &p.checked, &options) {
            Ok(c) => c,
            Err(e) => return Evaluation::failed(Outcome::CompileError, format!("{messages}{e}\n")),
        };
        let mut vm = match self.start(compiled, typed, &preset) {
            Ok(vm) => vm,
            Err(e) => return Evaluation::failed(Outcome::CompileError, format!("{messages}{e}")),
        };
        let result = vm.run_entry();
        let value = match result {
            Ok(v) => v,
            Err(e) => {
                let outcome = if e.interrupted { Outcome::Interrupted } else { Outcome::RuntimeError };
                return Evaluation::failed(outcome, format!("{messages}{e}"));
            }
        };
        let shown = entry_body(&p.program)
            .and_then(|b| shown_result(b, &|e| typed.modules[0].ty(e.id).clone()))
            .map(|e| format!("= {} : {}", format_value(&value), typed.ty_name(typed.modules[0].ty(e.id))));
        self.commit(&p, &vm);
        let host = vm.into_host();
        self.random = host.random;
        self.next_tick = host.next_tick;
        Evaluation { outcome: Outcome::Done, messages, shown }
    }

    /// A VM for `compiled`, writing to the session's sink, with the globals in `preset` set to
    /// the session's values; the interrupt flag is lowered for the run.
    fn start(
        &self,
        compiled: crate::bytecode::chunk::CompiledProgram,
        typed: &TypedProgram,
        preset: &HashSet<String>,
    ) -> Result<Vm, crate::vm::LinkError> {
        let mut host = HostState::with_output(Box::new(self.sink.clone()));
        host.random = self.random;
        host.next_tick = self.next_tick;
        host.interrupt = Arc::clone(&self.interrupt);
        let mut vm = Vm::new(compiled, &self.registry, host, self.limits.clone())?;
        for (index, g) in typed.globals.iter().enumerate() {
            if g.module == ModuleRef::Source(0) && preset.contains(&g.name) {
                vm.set_global(index, self.values[&g.name].value.clone());
            }
        }
        self.interrupt.store(false, Ordering::SeqCst);
        Ok(vm)
    }

    /// Takes the declarations, the globals' values and the names of a successful input.
    fn commit(&mut self, p: &Prepared, vm: &Vm) {
        let typed = &p.checked.typed;
        let mut values = HashMap::new();
        for (index, g) in typed.globals.iter().enumerate() {
            if g.module != ModuleRef::Source(0) || g.kind == crate::syntax::ast::BindKind::Const {
                continue;
            }
            let ty = typed.ty_name(&g.ty);
            let stored = Stored {
                value: vm.globals()[index].clone(),
                ty: ty.clone(),
                layout: layout::layout(&g.ty, typed),
                mutable: g.kind == crate::syntax::ast::BindKind::Var,
            };
            values.insert(g.name.clone(), stored);
        }
        self.defs = p.defs.clone();
        for d in &mut self.defs {
            if let (DefKind::Global, Some(s)) = (d.kind, values.get(&d.name)) {
                let kind = if s.mutable { "var" } else { "let" };
                d.declared = Some(format!("{kind} {}: {}\n", d.name, s.ty));
            }
        }
        self.values = values;
        let root = p.program.root_name();
        self.functions =
            p.checked.manifest.functions.iter().filter(|f| f.module == root && f.name != ENTRY).cloned().collect();
        self.names = names_of(typed);
    }

    /// Names of the library alone, before any input.
    fn refresh_names(&mut self) {
        match self.prepare("", "<names>") {
            Ok(p) => self.names = names_of(&p.checked.typed),
            Err(_) => self.names = Names::default(),
        }
    }
}

/// The REPL's input always ends its last line (the lexer requires a final newline).
fn with_final_newline(text: &str) -> String {
    let mut s = text.to_string();
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// `func _replInput() { STATEMENTS }` around the input's statements.
fn entry_item(body: Block) -> Item {
    let span = body.span;
    Item::Func(FuncDecl {
        attrs: Vec::new(),
        name: Ident { name: ENTRY.to_string(), span: Span { end: span.start, ..span } },
        params: Vec::new(),
        props: Vec::new(),
        ret: None,
        body: Some(body),
        script: None,
        span,
    })
}

/// The entry function's body: the root module's last item.
fn entry_body(program: &Program) -> Option<&Block> {
    match program.root().parsed.module.items.last() {
        Some(Item::Func(f)) if f.name.name == ENTRY => f.body.as_ref(),
        _ => None,
    }
}

fn root_globals(typed: &TypedProgram) -> impl Iterator<Item = &crate::check::typed::GlobalInfo> {
    typed.globals.iter().filter(|g| g.module == ModuleRef::Source(0))
}

/// Completion names from a checked session: functions (the library's too), types, enums,
/// globals; members of struct globals and enums.
fn names_of(typed: &TypedProgram) -> Names {
    let mut all: Vec<String> = typed.functions.iter().filter(|f| f.name != ENTRY).map(|f| f.name.clone()).collect();
    let mut members = HashMap::new();
    for s in typed.structs.iter().filter(|s| s.module == ModuleRef::Source(0)) {
        all.push(s.name.clone());
    }
    for e in typed.enums.iter().filter(|e| e.module == ModuleRef::Source(0)) {
        all.push(e.name.clone());
        members.insert(e.name.clone(), e.members.clone());
    }
    for g in root_globals(typed) {
        all.push(g.name.clone());
        if let Ty::Struct(id, _) = &g.ty {
            members.insert(g.name.clone(), typed.struct_info(*id).fields.iter().map(|f| f.name.clone()).collect());
        }
    }
    all.sort();
    all.dedup();
    Names { all, members }
}
