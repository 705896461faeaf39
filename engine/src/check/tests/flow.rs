//! Control flow: returns on every path, `ret` forms, `break`/`continue`, loops and their
//! borrows, `if let`, `defer`, constants, `main`.

use super::{assert_clean, assert_one, in_main};

#[test]
fn missing_return() {
    let src = "func sign(n: view Int) ret Int {\n  if n > 0 {\n    ret 1\n  }\n}\n";
    assert_one(src, "1:6: function 'sign' must return a value of type Int on every path");
    assert_one("func f() ret String {\n}\n", "1:6: function 'f' must return a value of type String on every path");
}

#[test]
fn returning_on_every_path() {
    assert_clean("func sign(n: view Int) ret Int {\n  if n > 0 {\n    ret 1\n  } else if n < 0 {\n    ret -1\n  } else {\n    ret 0\n  }\n}\n");
    assert_clean("func spin() ret Int {\n  loop true {\n  }\n}\n");
    assert_clean("func f(n: view Int) ret Int {\n  match n {\n    case 1 {\n      ret 10\n    }\n    default {\n      ret 20\n    }\n  }\n}\n");
    assert_one(
        "func spin() ret Int {\n  loop true {\n    break\n  }\n}\n",
        "1:6: function 'spin' must return a value of type Int on every path",
    );
}

#[test]
fn ret_forms() {
    assert_one(
        "func f() {\n  ret 1\n}\n",
        "2:7: function 'f' has no return type, so 'ret' cannot give a value; add 'ret T' to its signature",
    );
    assert_one("func f() ret Int {\n  ret\n}\n", "2:3: 'ret' needs a value of type Int in function 'f'");
    assert_one("func f() ret Int {\n  ret \"x\"\n}\n", "2:7: cannot convert String to Int; they are different types");
    assert_clean(
        "func f() ret opt Int {\n  ret none\n}\n\nfunc g() ret opt Int {\n  ret 3\n}\n\nfunc h() {\n  ret\n}\n",
    );
}

#[test]
fn break_and_continue_need_a_loop() {
    assert_one(&in_main("  break\n"), "2:3: 'break' is only valid inside a loop");
    assert_one(&in_main("  continue\n"), "2:3: 'continue' is only valid inside a loop");
    assert_clean(&in_main(
        "  var i = 0\n  loop i < 10 {\n    i++\n    if i is 3 {\n      continue\n    }\n    break\n  }\n",
    ));
    assert_one(
        &in_main("  loop true {\n    defer {\n      break\n    }\n  }\n"),
        "4:7: 'break' is only valid inside a loop",
    );
}

#[test]
fn defer_blocks() {
    assert_clean(&in_main("  defer {\n    log(\"bye\")\n  }\n  log(\"hi\")\n"));
    assert_one(
        "func f() ret Int {\n  defer {\n    ret 2\n  }\n  ret 1\n}\n",
        "3:5: 'ret' is not allowed inside 'defer'; a deferred block runs while the function is already leaving",
    );
}

#[test]
fn loops() {
    assert_clean(&in_main(
        "  loop i: Int = 0, i < 10, ++i {\n    log(i)\n  }\n  var xs: List(Int) = { 1, 2 }\n  loop v: Int in xs {\n    log(v)\n  }\n  loop v: mod Int in xs {\n    v = v + 1\n  }\n  loop v: view Int in xs {\n    log(v)\n  }\n",
    ));
    assert_one(
        &in_main("  let xs: List(Int) = { 1, 2 }\n  loop v: Float in xs {\n  }\n"),
        "3:11: loop variable 'v' is declared Float, but the list holds Int",
    );
    assert_one(
        &in_main("  let n = 3\n  loop v: Int in n {\n  }\n"),
        "3:18: a collection loop needs a List, but this is Int",
    );
}

#[test]
fn mutating_the_iterated_list() {
    assert_one(
        &in_main("  var xs: List(Int) = { 1, 2, 3 }\n  loop v: Int in xs {\n    xs.add(value: v)\n  }\n"),
        "4:5: cannot mutate a List while a collection loop borrows its elements",
    );
    assert_one(
        &in_main("  var xs: List(Int) = { 1, 2, 3 }\n  loop v: Int in xs {\n    xs.clear()\n  }\n"),
        "4:5: cannot mutate a List while a collection loop borrows its elements",
    );
    assert_one(
        &in_main("  var xs: List(Int) = { 1 }\n  loop v: Int in xs {\n    xs = {}\n  }\n"),
        "4:5: cannot mutate a List while a collection loop borrows its elements",
    );
    // Another list, and the same list after the loop, are fine.
    assert_clean(&in_main(
        "  var xs: List(Int) = { 1 }\n  var ys: List(Int) = {}\n  loop v: Int in xs {\n    ys.add(value: v)\n  }\n  xs.add(value: 2)\n",
    ));
}

#[test]
fn mutating_a_list_field_in_its_loop() {
    let src = "type Bag {\n  items: List(Int)\n  count: Int\n}\n\nfunc main() {\n  var b: Bag = {}\n  loop v: Int in b.items {\n    b.count++\n    b.items.add(value: v)\n  }\n}\n";
    assert_one(src, "10:5: cannot mutate a List while a collection loop borrows its elements");
}

#[test]
fn if_let() {
    assert_clean(&in_main("  let v: opt Int = 3\n  if let n: Int = v {\n    log(n)\n  } else {\n    log(0)\n  }\n"));
    assert_one(
        &in_main("  let v: Int = 3\n  if let n: Int = v {\n  }\n"),
        "3:19: 'if let' needs an optional value (opt T), but this is Int",
    );
    assert_one(
        &in_main("  let v: opt Int = 3\n  if let n: String = v {\n  }\n"),
        "3:13: cannot convert Int to String; they are different types",
    );
}

#[test]
fn constants() {
    assert_one(
        "func compute() ret Int {\n  ret 40\n}\n\nconst limit = 40\nconst bad = compute()\n",
        "6:13: const 'bad' must be initialised with a value known at compile time",
    );
    assert_clean("const limit = 40\nconst double = limit * 2 + 1\nconst name = \"x\"\n\nfunc main() {\n  const local = double - 1\n  log(local)\n}\n");
}

#[test]
fn globals_may_be_used_before_their_declaration() {
    assert_clean("func main() {\n  log(total + 1)\n}\n\nlet total = base * 2\nlet base: Int = 4\n");
    assert_one("let a = b\nlet b = a\n", "1:5: the type of global 'a' depends on itself; write its type");
}

#[test]
fn main_signature() {
    assert_clean("func main() ret Int {\n  ret 0\n}\n");
    assert_one(
        "func main(n: view Int) {\n}\n",
        "1:6: 'main' must be declared as 'func main()' or 'func main() ret Int'",
    );
    // A library without main is fine.
    assert_clean("func helper() {\n}\n");
}
