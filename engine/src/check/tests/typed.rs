//! The typed program: the side tables a backend reads instead of resolving names again.

use super::{checked, exprs_of};
use crate::check::typed::{ArgSource, BuiltinField, Coercion, LocalKind, ParamMode, Resolution};
use crate::check::types::{FloatTy, Ty, INT};
use crate::manifest::FuncKind;
use crate::syntax::ast::{Block, Item};

fn main_body(program: &crate::driver::Program) -> &Block {
    program.modules[0]
        .parsed
        .module
        .items
        .iter()
        .find_map(|i| match i {
            Item::Func(f) if f.name.name == "main" => f.body.as_ref(),
            _ => None,
        })
        .expect("test program has a main")
}

#[test]
fn literals_record_their_adapted_type() {
    let (program, out) =
        checked("func main() {\n  let f: Float64 = 1\n  let o: opt Int = 2\n  let n: opt Int = none\n}\n");
    assert!(out.diagnostics.is_empty());
    let t = &out.typed.modules[0];
    let exprs = exprs_of(main_body(&program));
    assert_eq!(t.ty(exprs[0].id), &Ty::Float(FloatTy::F64));
    assert_eq!(t.ty(exprs[1].id), &INT);
    assert_eq!(t.coercions.get(&exprs[1].id), Some(&Coercion::WrapOpt(Ty::opt(INT))));
    assert_eq!(t.coercions.get(&exprs[2].id), Some(&Coercion::NoneOf(Ty::opt(INT))));
}

#[test]
fn comparisons_with_optionals_record_the_wrapping() {
    let (program, out) = checked("func main() {\n  let v: opt Int = 3\n  let a = v is 3\n  let b = v is none\n}\n");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let t = &out.typed.modules[0];
    let exprs = exprs_of(main_body(&program));
    // `3`, `v is 3`, `v`, `3`, `v is none`, `v`, `none`
    assert_eq!(t.coercions.get(&exprs[3].id), Some(&Coercion::WrapOpt(Ty::opt(INT))));
    assert_eq!(t.coercions.get(&exprs[6].id), Some(&Coercion::NoneOf(Ty::opt(INT))));
    assert_eq!(t.ty(exprs[4].id), &Ty::Bool);
}

#[test]
fn names_resolve_to_slots_globals_members_and_fields() {
    let src = "enum Color {\n  red\n  green\n}\n\ntype P {\n  x: Int\n  y: Int\n}\n\nvar g = 1\n\nfunc main() {\n  let p: P = {}\n  let c = Color.green\n  g = p.y\n  var xs: List(Int) = {}\n  let n = xs.length\n}\n";
    let (program, out) = checked(src);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let t = &out.typed.modules[0];
    let exprs = exprs_of(main_body(&program));
    // `{}`, `Color.green`, `Color`, `g`, `p.y`, `p`, `{}`, `xs.length`, `xs`
    assert_eq!(t.resolutions.get(&exprs[1].id), Some(&Resolution::EnumMember(crate::check::types::EnumId(0), 1)));
    assert!(matches!(t.resolutions.get(&exprs[3].id), Some(Resolution::Global(_))));
    assert_eq!(t.resolutions.get(&exprs[4].id), Some(&Resolution::Field(1)));
    assert_eq!(t.resolutions.get(&exprs[5].id), Some(&Resolution::Local(crate::check::types::LocalId(0))));
    assert_eq!(t.resolutions.get(&exprs[7].id), Some(&Resolution::BuiltinField(BuiltinField::Length)));
    let main = out.typed.func_of_item(0, 3).expect("main is item 3");
    let locals: Vec<(&str, LocalKind)> =
        out.typed.func(main).locals.iter().map(|l| (l.name.as_str(), l.kind)).collect();
    assert_eq!(locals, [("p", LocalKind::Let), ("c", LocalKind::Let), ("xs", LocalKind::Var), ("n", LocalKind::Let)]);
    assert_eq!(t.bindings.len(), 4);
}

#[test]
fn calls_record_overload_instantiation_and_argument_sources() {
    let src = "func area(w: view Int, h: view Int = 2) ret Int {\n  ret w * h\n}\n\nfunc main() {\n  var xs: List(Float) = {}\n  xs.add(value: 1.5)\n  let a = area(3)\n  let ys = createList(Int, cap: 4)\n}\n";
    let (program, out) = checked(src);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let t = &out.typed.modules[0];
    let exprs = exprs_of(main_body(&program));
    let calls: Vec<_> = exprs.iter().filter_map(|e| t.calls.get(&e.id)).collect();
    assert_eq!(calls.len(), 3);
    let add = out.typed.func(calls[0].func);
    assert_eq!(add.name, "add");
    assert_eq!(add.kind, FuncKind::Extern);
    assert_eq!(add.registry_key.as_deref(), Some("core.add"));
    assert_eq!(calls[0].type_args, [Ty::Float(FloatTy::F32)]);
    assert!(calls[0].member_sugar);
    assert_eq!(calls[0].args, [ArgSource::TypeArg, ArgSource::Receiver, ArgSource::Written(0)]);
    assert_eq!(out.typed.func(calls[1].func).name, "area");
    assert_eq!(calls[1].args, [ArgSource::Written(0), ArgSource::Default]);
    assert!(!calls[1].member_sugar);
    assert_eq!(calls[2].type_args, [INT]);
    assert_eq!(calls[2].args, [ArgSource::TypeArg, ArgSource::Written(1)]);
    let area = out.typed.func(calls[1].func);
    assert_eq!(area.params[1].mode, ParamMode::View);
    assert!(area.params[1].has_default);
    assert_eq!(area.ret, INT);
}

#[test]
fn library_functions_are_in_the_function_table() {
    let (_, out) = checked("func main() {\n}\n");
    let log = out.typed.functions.iter().find(|f| f.name == "log").expect("core declares log");
    assert_eq!(log.kind, FuncKind::Extern);
    assert_eq!(log.registry_key.as_deref(), Some("core.log"));
    assert_eq!(log.module, crate::driver::ModuleRef::Library("core"));
    assert_eq!(out.typed.library.len(), 3);
    let sqrt = out.typed.functions.iter().filter(|f| f.name == "sqrt").count();
    assert_eq!(sqrt, 2);
}
