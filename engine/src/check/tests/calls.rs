//! Calls: named arguments, `mod` arguments, member-call sugar, overloads, generics, defaults.

use super::{assert_clean, assert_one, headers, in_main, rendered};

const AREA: &str = "func area(w: view Int, h: view Int) ret Int {\n  ret w * h\n}\n\n";
const POINT: &str = "type Point {\n  x: Int\n  y: Int\n}\n\nfunc dist(p: view Point, q: view Point) ret Int {\n  ret q.x - p.x + q.y - p.y\n}\n\n";

#[test]
fn named_arguments() {
    assert_clean(&format!(
        "{AREA}func main() {{\n  log(area(w: 2, h: 3))\n  log(area(2, h: 3))\n  log(area(h: 3, w: 2))\n}}\n"
    ));
    assert_one(
        &format!("{AREA}func main() {{\n  log(area(w: 2))\n}}\n"),
        "6:7: missing argument 'h' in call to 'area'",
    );
    assert_one(
        &format!("{AREA}func main() {{\n  log(area(w: 2, z: 3))\n}}\n"),
        "6:18: function 'area' has no parameter named 'z'",
    );
    assert_one(
        &format!("{AREA}func main() {{\n  log(area(w: 2, w: 3))\n}}\n"),
        "6:18: argument 'w' is given twice in call to 'area'",
    );
    assert_one(
        &format!("{AREA}func main() {{\n  log(area(w: 2, 3))\n}}\n"),
        "6:18: only the first argument of a call may be positional; name this argument of 'area'",
    );
}

#[test]
fn argument_types_are_checked() {
    assert_one(
        &format!("{AREA}func main() {{\n  log(area(w: 2, h: \"3\"))\n}}\n"),
        "6:21: cannot convert String to Int; they are different types",
    );
}

#[test]
fn mod_arguments() {
    let bump = "func bump(n: mod Int) {\n  n = n + 1\n}\n\n";
    assert_one(
        &format!("{bump}func main() {{\n  var x: Int = 1\n  bump(n: x)\n  log(x)\n}}\n"),
        "7:11: argument 'n' of 'bump' is a 'mod' parameter; pass it as 'mod x'",
    );
    assert_clean(&format!("{bump}func main() {{\n  var x: Int = 1\n  bump(mod x)\n  bump(n: mod x)\n}}\n"));
    assert_one(
        &format!("{bump}func main() {{\n  bump(n: mod 3)\n}}\n"),
        "6:15: only a variable or one of its fields can be passed as 'mod'",
    );
    assert_one(
        &format!("{AREA}func main() {{\n  var w = 2\n  log(area(w: mod w, h: 3))\n}}\n"),
        "7:12: parameter 'w' of 'area' is a 'view' parameter; remove 'mod' before the argument",
    );
}

#[test]
fn mod_through_fields_and_mod_params() {
    let src = format!(
        "{POINT}func moveX(p: mod Int) {{\n  p = p + 1\n}}\n\nfunc shift(p: mod Point) {{\n  moveX(mod p.x)\n}}\n\nfunc main() {{\n  var a: Point = {{}}\n  shift(mod a)\n  moveX(mod a.y)\n}}\n"
    );
    assert_clean(&src);
}

#[test]
fn member_call_sugar() {
    assert_clean(&format!("{POINT}func main() {{\n  let a: Point = {{}}\n  let b: Point = {{ x: 1, y: 1 }}\n  log(a.dist(q: b))\n  log(dist(a, q: b))\n}}\n"));
    assert_one(
        &format!("{POINT}func main() {{\n  let n = 5\n  log(n.dist(q: n))\n}}\n"),
        "12:9: no function 'dist' takes a receiver of type Int",
    );
}

#[test]
fn overloads_pick_the_best_match() {
    let abs = "func abs(n: view Int) ret Int {\n  ret n\n}\n\nfunc abs(n: view Float) ret Float {\n  ret n\n}\n\n";
    assert_clean(&format!(
        "{abs}func main() {{\n  let a: Int = abs(n: -3)\n  let b: Float = abs(n: 2.5)\n  let c: Float = 1.5\n  let d: Float = abs(c)\n}}\n"
    ));
    let r = rendered(&format!("{abs}func main() {{\n  log(abs(n: \"x\"))\n}}\n"));
    assert!(r.starts_with("t.rae:10:7: no overload of 'abs' matches these argument types\n"), "{r}");
    assert!(r.contains("= note: candidate: abs(n: view Int) ret Int"), "{r}");
    assert!(r.contains("= note: candidate: abs(n: view Float) ret Float"), "{r}");
}

#[test]
fn own_functions_shadow_equal_imported_overloads() {
    let src = "import math\n\nfunc abs(n: view Int) ret Int {\n  ret n\n}\n\nfunc main() {\n  log(abs(-7))\n  log(abs(n: -2.5))\n}\n";
    assert_clean(src);
}

#[test]
fn math_overloads() {
    assert_clean("import math\n\nfunc main() {\n  log(max(3, b: 9))\n  log(abs(n: -7))\n  log(sqrt(x: 2.0))\n  let w: Float64 = 2.0\n  log(sqrt(w))\n  log(random())\n  log(random(min: 1, max: 6))\n  log(clamp(5, low: 1, high: 3))\n}\n");
}

#[test]
fn generic_calls() {
    assert_clean(&in_main(
        "  let a = createList(Int, cap: 4)\n  let b = createList(T: Int, cap: 4)\n  let c = Float.createList(cap: 4)\n  let d: List(String) = createList(cap: 2)\n  var e: List(Int) = a\n  e.add(value: 3)\n  let f: Float = c.pop()\n  log(d.length)\n",
    ));
    assert_one(
        &in_main("  let xs: List(Int) = createList(Int)\n"),
        "2:23: call to 'createList' is missing value arguments: it needs 1 after its type argument, but 0 were given",
    );
    assert_one(
        &in_main("  let xs = createList(cap: 4)\n"),
        "2:12: cannot infer the type parameter 'T' of 'createList'; give it as the first argument, e.g. 'createList(Int, …)'",
    );
    assert_one(
        &in_main("  var xs: List(Int) = {}\n  xs.add(value: \"s\")\n"),
        "3:17: cannot convert String to Int; they are different types",
    );
}

#[test]
fn user_generic_functions() {
    let src = "type Pair(T: type) {\n  a: T\n  b: T\n}\n\nfunc swapPair(T: type, p: view Pair(T)) ret Pair(T) {\n  ret { a: p.b, b: p.a }\n}\n\nfunc firstOr(T: type, xs: view List(T), fallback: copy T) ret T {\n  if let v: T = xs.get(index: 0) {\n    ret v\n  }\n  ret fallback\n}\n\nfunc main() {\n  let p: Pair(Int) = { a: 1, b: 2 }\n  let q: Pair(Int) = swapPair(p: p)\n  let r = swapPair(Int, p: p)\n  let xs: List(String) = { \"a\" }\n  let s: String = xs.firstOr(fallback: \"z\")\n}\n";
    assert_clean(src);
}

#[test]
fn printing_anything() {
    assert_clean("enum E {\n  one\n}\n\nfunc main() {\n  log(none)\n  log(E.one)\n  logS({ 1, 2 })\n  log(3.5)\n  let xs: List(opt Int) = {}\n  xs.add(value: none)\n}\n");
}

#[test]
fn default_parameters() {
    let src = "func greet(name: view String = \"you\", times: view Int = 1) ret String {\n  ret name\n}\n\nfunc main() {\n  log(greet())\n  log(greet(\"me\"))\n  log(greet(times: 2))\n}\n";
    assert_clean(src);
    assert_one("func f(n: view Int = \"x\") {\n}\n", "1:22: cannot convert String to Int; they are different types");
}

#[test]
fn calling_non_functions() {
    assert_one(&in_main("  let x = 1\n  x()\n"), "3:3: 'x' is a variable, not a function");
    assert_one("var g = 1\n\nfunc main() {\n  g()\n}\n", "4:3: 'g' is a variable, not a function");
    assert_eq!(
        headers("type Point {\n  x: Int\n}\n\nfunc main() {\n  let p = Point(x: 1)\n}\n"),
        vec!["6:11: type 'Point' cannot be called; write a literal such as 'Point { … }'"]
    );
    assert_one(&in_main("  log((1)(2))\n"), "2:7: this expression cannot be called; only functions can");
    // Past the nesting limit the parser leaves an Error callee behind; only its error shows.
    let deep = format!("  let n: Int = {}1{}\n", "(".repeat(140), ")".repeat(140));
    assert_one(&in_main(&deep), "2:143: expression or block nested too deeply");
}

#[test]
fn library_member_calls() {
    assert_clean("import \"string\"\n\nfunc main() {\n  let s = \"Hello\"\n  let n: Int = s.length()\n  let up: String = s.toUpper()\n  let parts: List(String) = s.split(sep: \"l\")\n  let j: String = parts.join(sep: \",\")\n  if let v: Int = \"42\".toInt() {\n    log(v)\n  }\n  let c: Char32 = s.at(index: 0)\n  let code: Int = c.toInt()\n  let f: Float = 3.toFloat()\n  log(\"row-\" + n.toString())\n}\n");
}
