//! The typed program: declaration tables and per-module side tables keyed by `ExprId`, the
//! contract between the checker and the backends (see the module docs of `check`).

use super::types::{ty_name, EnumId, FuncId, GlobalId, LocalId, StructId, Ty, TypeNames};
use crate::driver::ModuleRef;
use crate::manifest::FuncKind;
use crate::source::Span;
use crate::syntax::ast::{BindKind, ExprId};
use crate::syntax::Parsed;
use std::collections::HashMap;

/// Everything a backend needs besides the AST: nothing has to be resolved again.
#[derive(Debug, Default)]
pub struct TypedProgram {
    /// Side tables of each source module, parallel to `Program::modules`.
    pub modules: Vec<TypedModule>,
    /// The parsed library modules (`core`, `math`, `string`), always all of them.
    pub library: Vec<LibraryModule>,
    pub functions: Vec<FuncInfo>,
    pub structs: Vec<StructInfo>,
    pub enums: Vec<EnumInfo>,
    pub globals: Vec<GlobalInfo>,
}

impl TypedProgram {
    pub fn func(&self, id: FuncId) -> &FuncInfo {
        &self.functions[id.0 as usize]
    }

    pub fn struct_info(&self, id: StructId) -> &StructInfo {
        &self.structs[id.0 as usize]
    }

    pub fn enum_info(&self, id: EnumId) -> &EnumInfo {
        &self.enums[id.0 as usize]
    }

    pub fn global(&self, id: GlobalId) -> &GlobalInfo {
        &self.globals[id.0 as usize]
    }

    /// `ty` as Rae writes it.
    pub fn ty_name(&self, ty: &Ty) -> String {
        ty_name(ty, self)
    }

    /// The function a `func` item of a source module declares.
    pub fn func_of_item(&self, module: usize, item: usize) -> Option<FuncId> {
        match self.modules.get(module)?.items.get(item)? {
            DeclRef::Func(id) => Some(*id),
            _ => None,
        }
    }
}

impl TypeNames for TypedProgram {
    fn struct_name(&self, id: StructId) -> &str {
        self.structs.get(id.0 as usize).map_or("?", |s| s.name.as_str())
    }

    fn enum_name(&self, id: EnumId) -> &str {
        self.enums.get(id.0 as usize).map_or("?", |e| e.name.as_str())
    }
}

/// One library module: its name and parsed declarations (spans use their own file ids,
/// `LIBRARY_FILE_BASE + index`, which are not in the program's `SourceMap`).
#[derive(Debug)]
pub struct LibraryModule {
    pub name: &'static str,
    pub parsed: Parsed,
}

/// What a top-level item declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeclRef {
    Func(FuncId),
    Struct(StructId),
    Enum(EnumId),
    Global(GlobalId),
    /// Imports, unreadable items, and duplicates that were rejected.
    None,
}

/// Side tables of one module.
#[derive(Debug, Default)]
pub struct TypedModule {
    /// Type of every expression by `ExprId` (after literal adaptation, before `coercions`).
    /// `Ty::Error` where checking failed or the expression was never reached.
    pub expr_types: Vec<Ty>,
    /// What identifiers and member expressions denote.
    pub resolutions: HashMap<ExprId, Resolution>,
    /// The resolved target of every call expression.
    pub calls: HashMap<ExprId, CallTarget>,
    /// Implicit conversions applied to an expression's value where it is used.
    pub coercions: HashMap<ExprId, Coercion>,
    /// Field index of every initialiser of a struct literal (by the literal's `ExprId`),
    /// in the order the initialisers are written.
    pub struct_literals: HashMap<ExprId, Vec<u32>>,
    /// The local slot each declaring identifier introduces (keyed by the name's span): `let`/
    /// `var`/`const` statements, loop variables, `if let` bindings, C-style loop counters.
    pub bindings: HashMap<Span, LocalId>,
    /// What each item of the module declares, parallel to `Module::items`.
    pub items: Vec<DeclRef>,
}

impl TypedModule {
    pub fn ty(&self, id: ExprId) -> &Ty {
        self.expr_types.get(id.0 as usize).unwrap_or(&Ty::Error)
    }
}

/// What a name or member expression refers to.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution {
    /// A parameter or local of the enclosing function (`FuncInfo::locals`).
    Local(LocalId),
    Global(GlobalId),
    /// A function named as a callee (the `CallTarget` says which overload).
    Func(FuncId),
    /// `Color.green`: the enum and the member's ordinal.
    EnumMember(EnumId, u32),
    /// A type used as a value: a type argument or a type receiver.
    Type(Ty),
    /// `p.x`: field `index` of the object's struct.
    Field(u32),
    /// `xs.length` / `xs.cap` on a list, `m.length` on a map.
    BuiltinField(BuiltinField),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltinField {
    Length,
    Cap,
}

/// The resolved target of a call.
#[derive(Clone, Debug, PartialEq)]
pub struct CallTarget {
    pub func: FuncId,
    /// The generic instantiation: one type per type parameter, in order.
    pub type_args: Vec<Ty>,
    /// `p.dist(q: r)`: the callee is a `Member` expression whose object is the first value
    /// argument (or, for a type receiver, the first type argument).
    pub member_sugar: bool,
    /// For each parameter of the function, in order, where its value comes from.
    pub args: Vec<ArgSource>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgSource {
    /// A type parameter; its type is in `type_args`.
    TypeArg,
    /// The object of the member-call callee.
    Receiver,
    /// Index into the call's `args` as written.
    Written(u32),
    /// The parameter's default value (`Param::default` of the declaration).
    Default,
}

/// A conversion the checker inserted where a value is used.
#[derive(Clone, Debug, PartialEq)]
pub enum Coercion {
    /// A value of `T` used where `opt T` is expected.
    WrapOpt(Ty),
    /// The literal `none` given the `opt` type of its context.
    NoneOf(Ty),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamMode {
    View,
    Mod,
    Copy,
    Own,
    /// `T: type`
    Type,
}

impl ParamMode {
    pub fn text(self) -> &'static str {
        match self {
            ParamMode::View => "view",
            ParamMode::Mod => "mod",
            ParamMode::Copy => "copy",
            ParamMode::Own => "own",
            ParamMode::Type => "type",
        }
    }
}

#[derive(Clone, Debug)]
pub struct ParamInfo {
    pub name: String,
    pub mode: ParamMode,
    /// The value type (no `view`/`mod` layer); `Ty::Type(Param)` for a type parameter.
    pub ty: Ty,
    pub has_default: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct FuncInfo {
    pub name: String,
    pub module: ModuleRef,
    /// Index of the declaring item in its module's `items`.
    pub item: usize,
    pub params: Vec<ParamInfo>,
    /// `Ty::Void` when the function returns nothing.
    pub ret: Ty,
    pub kind: FuncKind,
    pub native_only: bool,
    pub host_symbol: Option<String>,
    pub registry_key: Option<String>,
    /// Number of leading type parameters.
    pub type_params: u32,
    /// Every parameter and local of the body; slots `0..params.len()` are the parameters.
    pub locals: Vec<LocalInfo>,
    /// The function's name in its declaration.
    pub span: Span,
}

impl FuncInfo {
    pub fn value_params(&self) -> impl Iterator<Item = (usize, &ParamInfo)> {
        self.params.iter().enumerate().filter(|(_, p)| p.mode != ParamMode::Type)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalKind {
    Param(ParamMode),
    Let,
    Var,
    Const,
    /// `let r: view T => x` / `let m: mod T => x`
    ViewAlias,
    ModAlias,
    /// `loop v: T in xs` (a copy), `view T` and `mod T` windows, and the C-style counter.
    LoopCopy,
    LoopView,
    LoopMod,
    LoopCounter,
    /// `if let v: T = …`
    IfLet,
}

#[derive(Clone, Debug)]
pub struct LocalInfo {
    pub name: String,
    /// The value type (no reference layer; `kind` says whether it aliases).
    pub ty: Ty,
    pub kind: LocalKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct StructInfo {
    pub name: String,
    pub module: ModuleRef,
    pub item: usize,
    pub type_params: Vec<String>,
    pub fields: Vec<FieldInfo>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct FieldInfo {
    pub name: String,
    /// May mention the struct's type parameters (`Ty::Param`).
    pub ty: Ty,
    pub has_default: bool,
}

#[derive(Clone, Debug)]
pub struct EnumInfo {
    pub name: String,
    pub module: ModuleRef,
    pub item: usize,
    pub members: Vec<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct GlobalInfo {
    pub name: String,
    pub module: ModuleRef,
    pub item: usize,
    pub kind: BindKind,
    pub ty: Ty,
    pub span: Span,
}
