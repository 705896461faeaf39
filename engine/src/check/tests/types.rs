//! Types: literal adaptation, no implicit numeric conversions, operators, `as`, structs,
//! optionals, lists.

use super::{assert_clean, assert_one, in_main};

const POINT: &str = "type Point {\n  x: Int\n  y: Int\n}\n\n";

#[test]
fn literals_take_the_expected_type() {
    assert_clean(&in_main(
        "  let f: Float64 = 1.5\n  let g: Float = 1\n  let u: UInt8 = 200\n  let i: Int8 = -128\n  let h: Float64 = 2 * 3 + 1\n  let k = 1 + 2.5\n",
    ));
}

#[test]
fn float_literal_does_not_become_an_integer() {
    assert_one(
        &in_main("  let i: Int = 1.5\n"),
        "2:16: cannot implicitly convert Float to Int; Rae has no implicit numeric conversions - write `value as Int`",
    );
}

#[test]
fn literal_out_of_range() {
    assert_one(&in_main("  let u: UInt8 = 300\n"), "2:18: integer literal 300 does not fit in UInt8");
    assert_one(&in_main("  let i: Int8 = -129\n"), "2:17: integer literal -129 does not fit in Int8");
}

#[test]
fn no_implicit_numeric_conversions() {
    let src = in_main("  let wide: Float64 = 2.5\n  let narrow: Float = wide\n  log(narrow)\n");
    assert_one(
        &src,
        "3:23: cannot implicitly convert Float64 to Float; Rae has no implicit numeric conversions - write `value as Float`",
    );
    assert_clean(&in_main("  let wide: Float64 = 2.5\n  let narrow: Float = wide as Float\n  log(narrow)\n"));
}

#[test]
fn mixed_operands() {
    let src = in_main("  let a: Int = 2\n  let b: Float = 1.5\n  log(a + b)\n");
    assert_one(
        &src,
        "4:7: mismatched types Int and Float in '+'; Rae has no implicit numeric conversions - write `value as Float`",
    );
    assert_one(&in_main("  let s = \"a\" + 1\n"), "2:11: mismatched types String and Int in '+'");
    assert_clean(&in_main("  let a: Float = 2.0\n  let b = a * 2 + 1\n  let c: Float = b\n"));
}

#[test]
fn different_struct_types() {
    let src = "type Seconds {\n  value: Int\n}\n\ntype Meters {\n  value: Int\n}\n\nfunc main() {\n  let s: Seconds = { value: 3 }\n  let m: Meters = s\n  log(m)\n}\n";
    assert_one(src, "11:19: cannot convert Seconds to Meters; they are different types");
}

#[test]
fn operator_operand_kinds() {
    assert_one(&in_main("  let b = not 1\n"), "2:11: operator 'not' cannot be applied to Int");
    assert_one(&in_main("  let f = 1.5 bitand 2.5\n"), "2:11: operator 'bitand' cannot be applied to Float");
    assert_one(&in_main("  let x = true + false\n"), "2:11: operator '+' cannot be applied to Bool");
    assert_clean(&in_main(
        "  let s = \"a\" + \"b\"\n  let c = \"a\" < \"b\"\n  let d = 'a' <= 'b'\n  let e = 511 bitand 255 is 255\n  let f = bitnot 5\n  let g = 1 + 2 shl 4\n  let h = s is \"ab\" and not c\n",
    ));
}

#[test]
fn conditions_must_be_bool() {
    assert_one(
        &in_main("  let n: Int = 1\n  if n {\n    log(n)\n  }\n"),
        "3:6: a condition must be a Bool, but this is Int",
    );
    assert_one(&in_main("  loop 1 {\n  }\n"), "2:8: a condition must be a Bool, but this is Int");
}

#[test]
fn as_conversions() {
    let src = "enum Weekday {\n  monday\n  tuesday\n  wednesday\n}\n\nfunc main() {\n  let d: Weekday = 2 as Weekday\n  let n = d as Int\n  let f = n as Float64\n  let i = 2.5 as Int\n}\n";
    assert_clean(src);
    assert_one(&in_main("  let s = \"a\" as Int\n"), "2:11: cannot convert String to Int with 'as'");
    assert_one(&in_main("  let c = 'a' as Int\n"), "2:11: cannot convert Char32 to Int with 'as'");
}

#[test]
fn optionals() {
    assert_clean(&in_main(
        "  let v: opt Int = 3\n  let w: opt Int = none\n  if v is none or w is not none {\n    log(1)\n  }\n  let same = v is 3\n",
    ));
    assert_one(
        &in_main("  let n = 3\n  if n is none {\n  }\n"),
        "3:6: 'is none' needs an optional value, but this is Int",
    );
    assert_one(&in_main("  let n: Int = none\n"), "2:16: cannot convert none to Int; only 'opt' types can hold none");
    assert_one(
        &in_main("  let v: opt Int = 3\n  let n: Int = v\n"),
        "3:16: cannot convert opt Int to Int; they are different types",
    );
    assert_one(&in_main("  let x = none\n"), "2:11: cannot infer the type of 'x' from 'none'; write its type: 'opt T'");
    let field = format!("{POINT}func main() {{\n  let p: opt Point = none\n  log(p.x)\n}}\n");
    let r = super::rendered(&field);
    assert!(r.starts_with("t.rae:8:9: type opt Point has no field 'x'\n"), "{r}");
    assert!(r.contains("= help: it may be none: unwrap it first with 'if let v: Point = …'"), "{r}");
}

#[test]
fn struct_literals() {
    let ok = format!(
        "{POINT}func main() {{\n  let a: Point = {{ x: 1, y: 2 }}\n  let b: Point = {{}}\n  let c = Point {{ x: 3 }}\n  let d = Point {{}}\n  log(a.x + b.y + c.x + d.y)\n}}\n"
    );
    assert_clean(&ok);
    let bad = format!("{POINT}func main() {{\n  let a: Point = {{ x: 1, z: 2 }}\n}}\n");
    assert_one(&bad, "7:26: type Point has no field 'z'");
    let twice = format!("{POINT}func main() {{\n  let a: Point = {{ x: 1, x: 2 }}\n}}\n");
    assert_one(&twice, "7:26: field 'x' is given twice");
    let field = format!("{POINT}func main() {{\n  let a: Point = {{}}\n  log(a.z)\n}}\n");
    assert_one(&field, "8:9: type Point has no field 'z'");
    assert_one(
        &in_main("  let p = { x: 1 }\n"),
        "2:11: cannot infer the type of this struct literal; write the type on the left: 'let p: Point = { … }'",
    );
}

#[test]
fn type_written_on_both_sides() {
    let src = format!("{POINT}func main() {{\n  let p: Point = Point {{ x: 1, y: 2 }}\n  log(p)\n}}\n");
    assert_one(
        &src,
        "7:18: with 'let', the binding's type must be written on the left-hand side only. Remove the type name from the RHS.",
    );
}

#[test]
fn struct_fields_cannot_be_references() {
    assert_one("type Holder {\n  target: view Int\n}\n", "2:11: view/mod not allowed in struct fields");
    assert_one("type Holder {\n  target: mod Int\n}\n", "2:11: view/mod not allowed in struct fields");
}

#[test]
fn recursive_structs() {
    assert_one(
        "type Node {\n  value: Int\n  next: Node\n}\n",
        "3:3: type 'Node' contains itself by value (through field 'next'); hold it in a List to break the cycle",
    );
    assert_one(
        "type A {\n  b: opt B\n}\n\ntype B {\n  a: A\n}\n",
        "2:3: type 'A' contains itself by value (through field 'b'); hold it in a List to break the cycle",
    );
    assert_clean("type Node {\n  value: Int\n  children: List(Node)\n}\n");
}

#[test]
fn generic_structs() {
    let src = "type Pair(T: type) {\n  a: T\n  b: T\n}\n\nfunc main() {\n  let p: Pair(Int) = { a: 1, b: 2 }\n  let q = Pair(Float) { a: 1.5 }\n  let s: Int = p.a + p.b\n  let f: Float = q.b\n}\n";
    assert_clean(src);
    let bad = "type Pair(T: type) {\n  a: T\n}\n\nfunc main() {\n  let p: Pair = {}\n}\n";
    assert_one(bad, "6:10: type 'Pair' takes 1 type argument, but 0 were given");
    let mismatch = "type Pair(T: type) {\n  a: T\n}\n\nfunc main() {\n  let p: Pair(Int) = { a: \"x\" }\n}\n";
    assert_one(mismatch, "6:27: cannot convert String to Int; they are different types");
}

#[test]
fn lists_and_maps() {
    assert_clean(&in_main(
        "  var xs: List(Int) = { 1, 2, 3 }\n  var ys: List(Float) = {}\n  let zs = { \"a\", \"b\" }\n  let n: Int = xs.length + xs.cap\n  var m: StringMap(Int) = createStringMap(Int, cap: 4)\n  m.set(key: \"a\", value: 1)\n  let l = m.length\n  if let v: Int = m.get(key: \"a\") {\n    log(v)\n  }\n  let first: opt Int = xs.get(index: 0)\n",
    ));
    assert_one(
        &in_main("  let xs: List(Int) = { 1, \"b\" }\n"),
        "2:28: cannot convert String to Int; they are different types",
    );
}

#[test]
fn list_indexing_is_rejected() {
    assert_one(
        &in_main("  let xs: List(Int) = { 1, 2, 3 }\n  log(xs[0])\n"),
        "3:7: a List is not indexed with '[]'; use '.at(index: i)', '.viewAt(index: i)', or '.modAt(index: i)' and handle the optional result. '[]' is for Array(T, cap: N), whose length is part of its type",
    );
}

#[test]
fn interpolation_accepts_calls_and_operators() {
    assert_clean("func f(x: view Int) ret Int {\n  ret x\n}\n\nfunc main() {\n  let a = 1\n  log(\"{a + 1} {f(x: 2)} {a.toString()}\")\n}\n");
}

#[test]
fn values_that_are_not_values() {
    assert_one(&in_main("  let t = Int\n"), "2:11: type Int cannot be used as a value");
    assert_one(
        "func f() {\n}\n\nfunc main() {\n  let x = f()\n}\n",
        "5:11: this call returns nothing, so it has no value to use",
    );
    assert_one(
        "func f() {\n}\n\nfunc main() {\n  let x = f\n}\n",
        "5:11: function 'f' cannot be used as a value; call it: 'f(…)'",
    );
}
