//! Names: unknown identifiers and their help, scopes, duplicates, naming conventions.

use super::{assert_clean, assert_one, headers, in_main, rendered};

#[test]
fn unknown_identifier_suggests_a_close_name() {
    let src = "func main() {\n  let total: Int = 3\n  log(totl)\n}\n";
    assert_eq!(
        rendered(src),
        "t.rae:3:7: unknown identifier 'totl'\n     3 |   log(totl)\n       |       ^~~~\n       = help: did you mean 'total'?\n"
    );
}

#[test]
fn unknown_identifier_without_close_name_has_no_help() {
    let r = rendered(&in_main("  log(zebra)\n"));
    assert!(r.starts_with("t.rae:2:7: unknown identifier 'zebra'\n"), "{r}");
    assert!(!r.contains("help"), "{r}");
}

#[test]
fn some_is_explained() {
    let src = "func find() ret opt Int {\n  ret 3\n}\n\nfunc main() {\n  let v: opt Int = find()\n  if some(v) {\n    log(1)\n  }\n}\n";
    assert_one(
        src,
        "7:6: 'some' is not a Rae keyword; write 'is not none' to test for a value, or 'is none' for its absence",
    );
}

#[test]
fn library_function_needs_its_import() {
    let src = in_main("  log(sqrt(x: 2.0))\n");
    let r = rendered(&src);
    assert!(r.starts_with("t.rae:2:7: unknown identifier 'sqrt'\n"), "{r}");
    assert!(r.contains("= help: 'sqrt' is in module 'math': add 'import math'"), "{r}");
    assert_clean(&format!("import math\n\n{src}"));
}

#[test]
fn string_functions_need_the_string_module() {
    let src = in_main("  let s: String = \"a b\"\n  log(s.trim())\n");
    let r = rendered(&src);
    assert!(r.starts_with("t.rae:3:9: unknown identifier 'trim'\n"), "{r}");
    assert!(r.contains("add 'import \"string\"'"), "{r}");
    assert_clean(&format!("import \"string\"\n\n{src}"));
}

#[test]
fn redeclaring_in_one_scope_is_an_error_but_shadowing_is_not() {
    assert_one(&in_main("  let x = 1\n  let x = 2\n"), "3:7: 'x' is already defined in this scope");
    assert_clean(&in_main("  let x = 1\n  if true {\n    let x = \"inner\"\n    log(x)\n  }\n  log(x)\n"));
}

#[test]
fn parameters_and_body_share_a_scope() {
    assert_one("func f(n: view Int) {\n  let n = 2\n}\n", "2:7: 'n' is already defined in this scope");
}

#[test]
fn duplicate_top_level_names() {
    let src = "type Point {\n  x: Int\n}\n\ntype Point {\n  y: Int\n}\n";
    assert_one(src, "5:6: 'Point' is already defined in this module");
    let src = "func f(a: view Int) {\n}\n\nfunc f(b: view Int) {\n}\n";
    assert_one(src, "4:6: function 'f' is already defined with the same parameter types");
    assert_clean("func f(a: view Int) {\n}\n\nfunc f(a: view String) {\n}\n");
    assert_one("let size = 1\n\nfunc size() {\n}\n", "3:6: 'size' is already defined in this module");
}

#[test]
fn naming_conventions() {
    assert_one("func Foo_bar() {\n}\n", "1:6: function name 'Foo_bar' must be camelCase");
    assert_one("type point {\n  x: Int\n}\n", "1:6: type name 'point' must be PascalCase");
    assert_one("enum Color {\n  Red\n}\n", "2:3: enum member name 'Red' must be camelCase");
    assert_one("enum color {\n  red\n}\n", "1:6: enum name 'color' must be PascalCase");
    assert_one("func f(Big_n: view Int) {\n}\n", "1:8: parameter name 'Big_n' must be camelCase");
    assert_one(&in_main("  let my_var = 1\n"), "2:7: variable name 'my_var' must be camelCase");
    assert_one("let MAX_SIZE = 1\nfunc main() {\n}\n", "1:5: variable name 'MAX_SIZE' must be camelCase");
    assert_one(
        &in_main("  loop Bad_i: Int = 0, Bad_i < 3, ++Bad_i {\n  }\n"),
        "2:8: variable name 'Bad_i' must be camelCase",
    );
    assert_one("type P {\n  Xx: Int\n}\n", "2:3: field name 'Xx' must be camelCase");
    assert_clean("func _helper(fooBar: view Int) {\n}\n");
}

#[test]
fn unknown_types_are_reported_with_suggestions() {
    let r = rendered(&in_main("  let x: Strin = \"a\"\n"));
    assert!(r.starts_with("t.rae:2:10: unknown type 'Strin'\n"), "{r}");
    assert!(r.contains("did you mean 'String'?"), "{r}");
}

#[test]
fn builtin_types_cannot_be_redeclared() {
    assert_eq!(headers("type Int {\n  x: Int\n}\n"), vec!["1:6: 'Int' is a built-in type and cannot be redefined"]);
}

#[test]
fn no_implicit_core_hides_log() {
    let (program, _) =
        crate::driver::load_source("t.rae", in_main("  log(1)\n"), crate::driver::LoadOptions { no_implicit: true });
    let out = crate::check::check_program(&program);
    let r = crate::diag::render_all(&out.diagnostics, &program.sources, crate::diag::DiagFormat::Short);
    assert!(r.contains("unknown identifier 'log'"), "{r}");
    assert!(r.contains("add 'import core'"), "{r}");
}
