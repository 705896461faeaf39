//! Modes: read-only views, immutable `let`, alias bindings (`=` vs `=>`), constants.

use super::{assert_clean, assert_one, in_main};

const POINT: &str = "type Point {\n  x: Int\n  y: Int\n}\n\n";

#[test]
fn writing_a_view_parameter() {
    assert_one(
        "func reset(n: view Int) {\n  n = 0\n}\n",
        "2:3: cannot assign to read-only view parameter 'n'; declare it 'mod' to allow writes",
    );
    assert_one(
        "func reset(n: view Int) {\n  n++\n}\n",
        "2:3: cannot assign to read-only view parameter 'n'; declare it 'mod' to allow writes",
    );
    assert_clean("func reset(n: mod Int) {\n  n = 0\n  n++\n}\n\nfunc local(n: copy Int) {\n  n = 1\n}\n");
}

#[test]
fn mutating_through_a_view() {
    let field = format!("{POINT}func shift(p: view Point) {{\n  p.x = 1\n}}\n");
    assert_one(&field, "7:3: cannot mutate through read-only view 'p'");
    let pass =
        format!("{POINT}func inc(n: mod Int) {{\n  n++\n}}\n\nfunc shift(p: view Point) {{\n  inc(mod p.x)\n}}\n");
    assert_one(&pass, "11:11: cannot mutate through read-only view 'p'");
    let list = "func fill(xs: view List(Int)) {\n  xs.add(value: 1)\n}\n";
    assert_one(list, "2:3: cannot mutate through read-only view 'xs'");
    let alias = format!("{POINT}func main() {{\n  var p: Point = {{}}\n  let r: view Point => p\n  r.x = 2\n}}\n");
    assert_one(&alias, "9:3: cannot mutate through read-only view 'r'");
    let window = format!(
        "{POINT}func main() {{\n  var ps: List(Point) = {{}}\n  loop p: view Point in ps {{\n    p.x = 1\n  }}\n}}\n"
    );
    assert_one(&window, "9:5: cannot mutate through read-only view 'p'");
}

#[test]
fn let_bindings_are_immutable_but_their_fields_are_not() {
    assert_one(
        &in_main("  let count: Int = 1\n  count = 2\n  log(count)\n"),
        "3:3: cannot reassign immutable 'let' binding 'count'",
    );
    assert_one(&in_main("  let count: Int = 1\n  count++\n"), "3:3: cannot reassign immutable 'let' binding 'count'");
    assert_one(&in_main("  let count: Int = 1\n  --count\n"), "3:5: cannot reassign immutable 'let' binding 'count'");
    assert_clean(&format!(
        "{POINT}func main() {{\n  let p: Point = {{}}\n  p.x = 3\n  p.y++\n  var n = 1\n  n = 2\n  n++\n}}\n"
    ));
}

#[test]
fn globals_follow_the_same_rules() {
    assert_one(
        "let limit = 3\n\nfunc main() {\n  limit = 4\n}\n",
        "4:3: cannot reassign immutable 'let' binding 'limit'",
    );
    assert_one(
        "const limit = 3\n\nfunc main() {\n  limit = 4\n}\n",
        "4:3: cannot change constant 'limit'; it is fixed at compile time",
    );
    assert_clean("var counter = 0\n\nfunc main() {\n  counter = counter + 1\n  counter++\n}\n");
}

#[test]
fn alias_binding_rules() {
    assert_one(
        &in_main("  let a: Int = 1\n  let b: Int => a\n  log(b)\n"),
        "3:17: '=>' is only legal when the target type is mod T or view T",
    );
    let copy =
        format!("{POINT}func main() {{\n  let p: Point = {{ x: 1, y: 2 }}\n  let r: view Point = p\n  log(r.x)\n}}\n");
    assert_one(&copy, "8:23: use '=>' for alias bindings (view/mod)");
    let rebind = format!(
        "{POINT}func main() {{\n  let p: Point = {{ x: 1, y: 2 }}\n  let q: Point = {{ x: 3, y: 4 }}\n  let r: view Point => p\n  r => q\n}}\n"
    );
    assert_one(&rebind, "10:3: rebinding an alias is illegal. '=>' is only for 'let' bindings.");
    let var_alias =
        format!("{POINT}func main() {{\n  var p: Point = {{ x: 1, y: 2 }}\n  var m: mod Point => p\n  m.x = 5\n}}\n");
    assert_one(&var_alias, "8:3: aliases are bind-once; declare with 'let', not 'var'");
    let ok = format!("{POINT}func main() {{\n  var p: Point = {{ x: 1, y: 2 }}\n  let m: mod Point => p\n  m.y = 20\n  let v: view Point => p\n  log(v.x + m.y)\n}}\n");
    assert_clean(&ok);
}

#[test]
fn mod_alias_needs_a_writable_target() {
    let src = format!("{POINT}func f(p: view Point) {{\n  let m: mod Point => p\n}}\n");
    assert_one(&src, "7:23: cannot mutate through read-only view 'p'");
}

#[test]
fn read_only_container_fields() {
    assert_one(
        &in_main("  var xs: List(Int) = {}\n  xs.length = 3\n"),
        "3:3: 'length' is read-only: it changes only through the container's functions",
    );
}

#[test]
fn assignment_needs_a_place() {
    assert_one(
        "func f() ret Int {\n  ret 1\n}\n\nfunc main() {\n  f() = 2\n}\n",
        "6:3: cannot assign to this expression; only variables and their fields can be written",
    );
}
