//! The checker's state: every module (source and library) with its symbol tables, the typed
//! program being filled, and the diagnostics; module-level name lookup lives here.

use super::library::is_library_span;
use super::typed::{LibraryModule, TypedModule, TypedProgram};
use super::types::{EnumId, FuncId, GlobalId, StructId, Ty, TypeNames};
use crate::diag::Diagnostic;
use crate::driver::{ModuleRef, Program};
use crate::source::Span;
use crate::syntax::ast::{ExprId, Module};
use std::collections::HashMap;

/// A top-level declaration as a name can see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sym {
    Struct(StructId),
    Enum(EnumId),
    Func(FuncId),
    Global(GlobalId),
}

/// One module being checked. Source modules come first (same index as in `Program`), then
/// the library modules.
pub struct ModInfo<'a> {
    pub name: String,
    pub module_ref: ModuleRef,
    pub ast: &'a Module,
    pub is_library: bool,
    /// Indices of imported modules (into `Checker::mods`).
    pub imports: Vec<usize>,
    /// Top-level names declared by this module.
    pub own: HashMap<String, Vec<Sym>>,
    /// Own names first, then those of every imported module: what an unqualified name sees.
    pub visible: HashMap<String, Vec<Sym>>,
}

/// Progress of a global's type, which may be inferred from its initialiser on first use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlobalState {
    Pending,
    InProgress,
    Done,
}

pub struct Checker<'a> {
    pub program: &'a Program,
    pub mods: Vec<ModInfo<'a>>,
    /// Declaration tables (`modules` holds one table per entry of `mods` until `finish`).
    pub out: TypedProgram,
    pub diags: Vec<Diagnostic>,
    pub global_state: Vec<GlobalState>,
    /// Every library function name and the module declaring it, for "add 'import math'" help.
    pub library_names: HashMap<String, Vec<&'static str>>,
}

impl<'a> Checker<'a> {
    pub fn new(program: &'a Program, library: &'a [LibraryModule]) -> Checker<'a> {
        let mut mods: Vec<ModInfo<'a>> = program
            .modules
            .iter()
            .enumerate()
            .map(|(i, m)| ModInfo {
                name: m.name.clone(),
                module_ref: ModuleRef::Source(i),
                ast: &m.parsed.module,
                is_library: false,
                imports: Vec::new(),
                own: HashMap::new(),
                visible: HashMap::new(),
            })
            .collect();
        let first_lib = mods.len();
        for lib in library {
            mods.push(ModInfo {
                name: lib.name.to_string(),
                module_ref: ModuleRef::Library(lib.name),
                ast: &lib.parsed.module,
                is_library: true,
                imports: Vec::new(),
                own: HashMap::new(),
                visible: HashMap::new(),
            });
        }
        let lib_index = |name: &str| library.iter().position(|l| l.name == name).map(|i| first_lib + i);
        for (i, m) in program.modules.iter().enumerate() {
            mods[i].imports = m
                .imports
                .iter()
                .filter_map(|r| match r {
                    ModuleRef::Source(s) => Some(*s).filter(|s| *s < first_lib),
                    ModuleRef::Library(name) => lib_index(name),
                })
                .collect();
        }
        // Library modules see `core` so that `string` can name what `core` declares.
        let core = lib_index("core");
        for m in mods.iter_mut().skip(first_lib) {
            m.imports.extend(core.filter(|_| m.name != "core"));
        }
        let tables = mods
            .iter()
            .map(|m| TypedModule {
                expr_types: vec![Ty::Error; m.ast.expr_count as usize],
                items: Vec::with_capacity(m.ast.items.len()),
                ..TypedModule::default()
            })
            .collect();
        Checker {
            program,
            mods,
            out: TypedProgram { modules: tables, ..TypedProgram::default() },
            diags: Vec::new(),
            global_state: Vec::new(),
            library_names: HashMap::new(),
        }
    }

    /// Records a diagnostic unless it points into a library module (those are trusted and
    /// have no source the user could see).
    pub fn report(&mut self, d: Diagnostic) {
        if d.span.is_some_and(is_library_span) {
            return;
        }
        self.diags.push(d);
    }

    pub fn name_of(&self, ty: &Ty) -> String {
        self.out.ty_name(ty)
    }

    pub fn table(&mut self, module: usize) -> &mut TypedModule {
        &mut self.out.modules[module]
    }

    pub fn set_ty(&mut self, module: usize, id: ExprId, ty: Ty) {
        if let Some(slot) = self.out.modules[module].expr_types.get_mut(id.0 as usize) {
            *slot = ty;
        }
    }

    /// Top-level symbols a name denotes in `module`.
    pub fn lookup(&self, module: usize, name: &str) -> &[Sym] {
        self.mods[module].visible.get(name).map_or(&[], Vec::as_slice)
    }

    /// Functions named `name` visible in `module`, own first.
    pub fn lookup_funcs(&self, module: usize, name: &str) -> Vec<FuncId> {
        self.lookup(module, name)
            .iter()
            .filter_map(|s| match s {
                Sym::Func(f) => Some(*f),
                _ => None,
            })
            .collect()
    }

    /// Fills every module's `visible` table from its own names and its imports'.
    pub fn build_visible(&mut self) {
        for i in 0..self.mods.len() {
            let mut visible = self.mods[i].own.clone();
            for &imp in &self.mods[i].imports.clone() {
                if imp == i {
                    continue;
                }
                for (name, syms) in &self.mods[imp].own {
                    let entry = visible.entry(name.clone()).or_default();
                    for s in syms {
                        // Functions from every module join one overload set; for other kinds
                        // the nearest declaration (own, then first import) wins.
                        let joins = matches!(s, Sym::Func(_)) && entry.iter().all(|e| matches!(e, Sym::Func(_)));
                        if (entry.is_empty() || joins) && !entry.contains(s) {
                            entry.push(*s);
                        }
                    }
                }
            }
            self.mods[i].visible = visible;
        }
        for m in self.mods.iter().filter(|m| m.is_library) {
            for name in m.own.keys() {
                let lib = match m.module_ref {
                    ModuleRef::Library(l) => l,
                    ModuleRef::Source(_) => continue,
                };
                let libs = self.library_names.entry(name.clone()).or_default();
                if !libs.contains(&lib) {
                    libs.push(lib);
                }
            }
        }
    }

    pub fn span_text(&self, span: Span) -> &str {
        if is_library_span(span) {
            return "";
        }
        self.program.sources.get(span.file).slice(span)
    }
}

impl TypeNames for Checker<'_> {
    fn struct_name(&self, id: StructId) -> &str {
        self.out.struct_name(id)
    }

    fn enum_name(&self, id: EnumId) -> &str {
        self.out.enum_name(id)
    }
}
