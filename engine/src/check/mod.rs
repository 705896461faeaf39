//! Checker: name resolution, types, parameter modes, control flow, and the function manifest.
//!
//! # Passes
//! 1. `decl`: every top-level declaration of every module (source modules, then the library
//!    modules `core`, `math`, `string` parsed from `library/*.rae`) gets an id; module scopes
//!    (own names + names of imported modules) are built.
//! 2. `decl`: struct fields (`cycles`: no struct contains itself by value), function
//!    signatures, kinds and attributes, overload duplicates, registry keys.
//! 3. `body` (contexts), `stmt`, `expr`, `operator`, `literal`, `call` + `overload`,
//!    `match_check`, `place` (who may write what): global initialisers, defaults and function
//!    bodies, filling the typed side tables.
//! 4. `manifest_build`: the manifest of every source module.
//!
//! # The typed program (`typed::TypedProgram`), for the backends
//! A backend walks the AST of each source module together with these tables and never
//! resolves a name again:
//! - `functions[FuncId]`: every function, user and library, with its module, item index,
//!   parameters (name, mode, value type, default present), return type (`Ty::Void` for none),
//!   `FuncKind`, host symbol, registry key, and `locals`: the slots of its body, parameters
//!   first (slot `i` = parameter `i`, type parameters included), then every binding in the order
//!   it was declared. `structs`, `enums`, `globals` likewise; `library` holds the parsed
//!   library modules the library functions' `item` indices point into.
//! - `modules[i]` (parallel to `Program::modules`) holds, keyed by `ExprId`:
//!   - `expr_types`: the type of every expression (literals already adapted: `1` in
//!     `let f: Float64 = 1` is `Float64`). Alias/`opt view` results keep `Ty::Ref`. The
//!     callee of a call has no type of its own (`Ty::Error`); its `Member` object does.
//!   - `resolutions`: for `Ident` expressions `Local(slot)` / `Global` / `Func` / `EnumMember` /
//!     `Type` (a type used as a value, e.g. `Int` in `createList(Int, cap: 4)`); for `Member`
//!     expressions `Field(index)`, `BuiltinField(Length|Cap)` or `EnumMember`; the callee
//!     (`Ident` or `Member`) of every call `Func(chosen overload)`.
//!   - `calls`: for each `Call`, the chosen overload `func`, the generic instantiation
//!     `type_args`, whether the callee was member-call sugar, and for every parameter where
//!     its value comes from (`Receiver`, a written argument, its default, or a type argument).
//!   - `coercions`: implicit conversions at a use: `WrapOpt(T)` (a `T` where `opt T` is
//!     expected), `NoneOf(ty)` (`none` given the `opt` type of its context). A struct
//!     literal `{}` / `{ x: 1 }` simply has the type of its context in `expr_types`.
//!   - `struct_literals`: field index of each initialiser of a struct literal.
//!   - `bindings`: the local slot a declaring identifier (keyed by its span) introduces.
//!   - `items`: what each top-level item declares (`DeclRef`).
//!
//! Diagnostics never point into the library (its spans use file ids from
//! `library::LIBRARY_FILE_BASE`). After an error, expressions get `Ty::Error`, which checks
//! silently against anything, so one mistake gives one diagnostic.

mod body;
mod call;
pub mod codes;
mod cycles;
mod decl;
mod env;
mod expr;
mod library;
mod literal;
mod manifest_build;
mod match_check;
mod names;
mod operator;
mod overload;
mod place;
mod stmt;
#[cfg(test)]
mod tests;
mod type_expr;
pub mod typed;
pub mod types;

pub use library::LIBRARY_FILE_BASE;
pub use typed::TypedProgram;

use crate::diag::Diagnostic;
use crate::driver::Program;
use crate::manifest::Manifest;

/// What the checker hands to the backends.
#[derive(Debug)]
pub struct CheckOutput {
    pub diagnostics: Vec<Diagnostic>,
    pub manifest: Manifest,
    pub typed: TypedProgram,
}

/// Checks every module of `program`. Never panics, whatever the tree holds; diagnostics are
/// in source order.
pub fn check_program(program: &Program) -> CheckOutput {
    let library = library::load();
    let mut checker = env::Checker::new(program, &library);
    checker.collect_decls();
    checker.resolve_structs();
    checker.resolve_funcs();
    checker.check_bodies();
    let manifest = checker.build_manifest();
    let (mut typed, mut diagnostics) = checker.finish();
    typed.library = library;
    crate::diag::sort(&mut diagnostics);
    CheckOutput { diagnostics, manifest, typed }
}
