//! Declarations: parameter modes, function kinds and attributes, and the manifest.

use super::{assert_clean, assert_one, checked, headers, rendered};
use crate::manifest::FuncKind;

#[test]
fn parameter_modes_are_mandatory() {
    assert_one(
        "func double(n: Int) ret Int {\n  ret n * 2\n}\n",
        "1:13: parameter 'n' must specify view/copy/mod/own; bare parameter types are not allowed",
    );
    assert_one(
        "func double(n: val Int) ret Int {\n  ret n * 2\n}\n",
        "1:16: parameter 'n' uses deprecated 'val Int'; use 'copy Int' instead",
    );
    assert_one(
        "func f(xs: val List(Int)) {\n}\n",
        "1:12: parameter 'xs' uses deprecated 'val List(Int)'; use 'copy List(Int)' instead",
    );
    assert_clean("func f(a: view Int, b: mod Int, c: copy Int, d: own String) {\n}\n");
}

#[test]
fn function_kind_rules() {
    assert_one(
        "func hostAdd(a: view Int, b: view Int) extern ret Int {\n  ret a + b\n}\n",
        "1:6: extern function 'hostAdd' cannot have a body",
    );
    assert_one(
        "@vm_stub\nfunc fast(x: view Int) extern ret Int\n",
        "2:6: @vm_stub function 'fast' needs a Rae body for the VM to run",
    );
    assert_one(
        "@native_only\n@vm_stub\nfunc f() {\n}\n",
        "1:1: @native_only cannot be combined with @vm_stub or extern",
    );
    assert_one("@native_only\nfunc f() extern\n", "1:1: @native_only cannot be combined with @vm_stub or extern");
    assert_one("func f()\n", "1:6: function 'f' has no body; write one or declare it 'extern'");
    assert_one("func helper() pub {\n}\n", "1:15: 'pub' is reserved; Rae has no visibility modifiers");
    assert_one("func helper() priv {\n}\n", "1:15: 'priv' is reserved; Rae has no visibility modifiers");
}

#[test]
fn script_functions() {
    let (_, out) = checked("@function \"lua\"\nfunc add(a: view Int, b: view Int) ret Int {\n  return a + b\n}\n");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.manifest.functions[0].kind, FuncKind::Script("lua".to_string()));
    assert_one(
        "@function \"cobol\"\nfunc old() {\n}\n",
        "1:1: unknown script language 'cobol'; expected one of: lua, javascript, python, wren, micropython",
    );
    assert_one("@function\nfunc old() {\n}\n", "1:1: @function needs the language as a string: @function \"lua\"");
    assert_one(
        "@function \"lua\"\nfunc f() ret Int {\n  return 1 +\n}\n",
        "4:1: lua syntax error: unexpected symbol near <eof>",
    );
    assert_one(
        "@function \"lua\"\nfunc f() ret Int\n",
        "2:6: lua function 'f' needs its lua code in braces after the signature",
    );
    assert_one(
        "@function(\"lua\")\nfunc f(end: view Int) {\n}\n",
        "2:8: parameter 'end' is a reserved word in lua; rename it",
    );
}

#[test]
fn unknown_attributes_warn_everywhere() {
    assert_eq!(
        rendered("@tool \"formatter\"\nfunc main() {\n  log(1)\n}\n"),
        "t.rae:1:1: warning: unknown attribute '@tool' is ignored\n     1 | @tool \"formatter\"\n       | ^~~~\n"
    );
    let src = "@a\ntype P {\n  x: Int\n}\n\n@b\nenum E {\n  one\n}\n\n@c\nlet g = 1\n";
    assert_eq!(
        headers(src),
        vec![
            "1:1: warning: unknown attribute '@a' is ignored",
            "6:1: warning: unknown attribute '@b' is ignored",
            "11:1: warning: unknown attribute '@c' is ignored",
        ]
    );
}

#[test]
fn manifest_lists_kinds_symbols_and_keys() {
    let src = "func plain(n: view Int) ret Int {\n  ret n + 1\n}\n\nfunc hostAdd(a: view Int, b: view Int) extern ret Int\n\n@vm_stub\nfunc fastHash(x: view Int) ret Int {\n  ret x * 31\n}\n\n@native_only\nfunc simdSum(xs: view List(Int)) ret Int {\n  ret 0\n}\n\n@inline_hint\n@tool \"x\"\nfunc main() {\n}\n";
    let (_, out) = checked(src);
    let m = &out.manifest;
    assert_eq!(m.module, "t");
    assert_eq!(m.modules.len(), 1);
    assert_eq!(m.modules[0].source_hash, crate::manifest::source_hash(src.as_bytes()));
    let f = |name: &str| m.functions.iter().find(|f| f.name == name).cloned().unwrap_or_else(|| panic!("{name}"));
    let names: Vec<&str> = m.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["fastHash", "hostAdd", "main", "plain", "simdSum"]);
    assert_eq!(f("plain").kind, FuncKind::Rae);
    assert_eq!(f("plain").host_symbol, None);
    assert_eq!(f("plain").registry_key, None);
    assert_eq!(f("plain").signature(), "plain(n: view Int) ret Int");
    assert_eq!(f("hostAdd").kind, FuncKind::Extern);
    assert_eq!(f("hostAdd").host_symbol.as_deref(), Some("hostAdd"));
    assert_eq!(f("hostAdd").registry_key.as_deref(), Some("t.hostAdd"));
    assert_eq!(f("fastHash").kind, FuncKind::NativeStub);
    assert_eq!(f("fastHash").host_symbol.as_deref(), Some("fastHash"));
    assert_eq!(f("fastHash").attributes, ["@vm_stub"]);
    assert_eq!(f("simdSum").kind, FuncKind::Rae);
    assert!(f("simdSum").native_only);
    assert_eq!(f("simdSum").registry_key.as_deref(), Some("t.simdSum"));
    assert_eq!(f("simdSum").params[0].ty, "List(Int)");
    assert_eq!(f("main").attributes, ["@inline_hint", "@tool \"x\""]);
    assert_eq!((f("main").location.line, f("main").location.column), (19, 6));
    assert_eq!(f("main").location.file, "t.rae");
}

#[test]
fn overloaded_externs_carry_their_types_in_the_key() {
    let src = "func mix(a: view Int, b: view Float) extern\nfunc mix(a: view Float, b: view Float) extern\n";
    let (_, out) = checked(src);
    let keys: Vec<Option<String>> = out.manifest.functions.iter().map(|f| f.registry_key.clone()).collect();
    assert_eq!(keys, [Some("t.mix(Int,Float)".to_string()), Some("t.mix(Float,Float)".to_string())]);
}

#[test]
fn manifest_lists_types_enums_globals_and_param_text() {
    let src = "type Pair(T: type) {\n  a: T\n  b: T\n}\n\nenum Color {\n  red\n  green\n}\n\nconst limit = 3\nvar names: List(String) = {}\n\nfunc f(T: type, p: view Pair(T), s: copy opt String = none, m: mod StringMap(Int)) ret opt T {\n  ret none\n}\n";
    let (_, out) = checked(src);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let m = &out.manifest;
    assert_eq!(m.types[0].name, "Pair");
    assert_eq!(m.types[0].type_params, ["T"]);
    assert_eq!(m.types[0].fields[1].ty, "T");
    assert_eq!(m.enums[0].members, ["red", "green"]);
    let globals: Vec<(&str, &str, &str)> =
        m.globals.iter().map(|g| (g.name.as_str(), g.binding.as_str(), g.ty.as_str())).collect();
    assert_eq!(globals, [("limit", "const", "Int"), ("names", "var", "List(String)")]);
    let f = &m.functions[0];
    assert_eq!(f.signature(), "f(T: type type, p: view Pair(T), s: copy opt String, m: mod StringMap(Int)) ret opt T");
    assert!(f.params[2].has_default);
    // Library functions are not listed.
    assert_eq!(m.functions.len(), 1);
}
