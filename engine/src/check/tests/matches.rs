//! `match`: exhaustiveness, `default`, duplicates, and match expressions.

use super::{assert_clean, assert_one, in_main};

const COLOR: &str = "enum Color {\n  red\n  green\n  blue\n}\n\n";

#[test]
fn enum_matches_must_name_every_member() {
    let src = format!(
        "{COLOR}func name(c: view Color) ret String {{\n  match c {{\n    case Color.red {{\n      ret \"red\"\n    }}\n    case Color.blue {{\n      ret \"blue\"\n    }}\n  }}\n  ret \"?\"\n}}\n"
    );
    assert_one(&src, "8:3: non-exhaustive match on enum 'Color': missing case 'Color.green' (add it)");
    let full = format!(
        "{COLOR}func name(c: view Color) ret String {{\n  match c {{\n    case Color.red {{\n      ret \"red\"\n    }}\n    case Color.green, Color.blue {{\n      ret \"other\"\n    }}\n  }}\n}}\n"
    );
    assert_clean(&full);
}

#[test]
fn a_non_exhaustive_match_is_reported_once() {
    let src = format!(
        "{COLOR}func name(c: view Color) ret String {{\n  match c {{\n    case Color.red {{\n      ret \"red\"\n    }}\n  }}\n}}\n"
    );
    assert_one(&src, "8:3: non-exhaustive match on enum 'Color': missing case 'Color.green' (add it)");
}

#[test]
fn enum_matches_must_not_use_default() {
    let src = format!(
        "{COLOR}func main() {{\n  let c: Color = Color.red\n  match c {{\n    case Color.red {{\n      log(1)\n    }}\n    default {{\n      log(2)\n    }}\n  }}\n}}\n"
    );
    assert_one(
        &src,
        "13:5: match on enum 'Color' must not use a 'default' arm; name every variant (remove 'default' and add the missing cases, or group them with an or-pattern)",
    );
}

#[test]
fn open_matches_need_default() {
    let src = in_main("  let n: Int = 3\n  match n {\n    case 1 {\n      log(\"one\")\n    }\n    case 2, 3 {\n      log(\"few\")\n    }\n  }\n");
    assert_one(&src, "3:3: match on Int requires a 'default' arm (its value space is open-ended)");
    let s = in_main("  let s = \"a\"\n  match s {\n    case \"a\" {\n    }\n  }\n");
    assert_one(&s, "3:3: match on String requires a 'default' arm (its value space is open-ended)");
    assert_clean(&in_main("  let s = \"a\"\n  match s {\n    case \"a\", \"b\" {\n    }\n    default {\n    }\n  }\n"));
}

#[test]
fn duplicate_cases() {
    let src =
        in_main("  let n = 3\n  match n {\n    case 1, 2 {\n    }\n    case 2 {\n    }\n    default {\n    }\n  }\n");
    assert_one(&src, "6:10: duplicate case '2' in match");
    let e = format!("{COLOR}func main() {{\n  match Color.red {{\n    case Color.red, Color.green, Color.blue {{\n    }}\n    case Color.red {{\n    }}\n  }}\n}}\n");
    assert_one(&e, "11:10: duplicate case 'Color.red' in match");
}

#[test]
fn case_types_must_match_the_subject() {
    let src = in_main("  let n = 3\n  match n {\n    case \"x\" {\n    }\n    default {\n    }\n  }\n");
    assert_one(&src, "4:10: cannot convert String to Int; they are different types");
}

#[test]
fn match_expressions() {
    let src = format!(
        "{COLOR}func main() {{\n  let c = Color.green\n  let n: Int = match c {{ case Color.red => 1, case Color.green => 2, case Color.blue => 3 }}\n  let s = match n {{ case 1 => \"one\", default => \"many\" }}\n  log(s)\n}}\n"
    );
    assert_clean(&src);
    let bad = in_main("  let n = 1\n  let s = match n { case 1 => \"one\", default => 2 }\n");
    assert_one(&bad, "3:49: cannot convert Int to String; they are different types");
    // A generic parameter's type comes from the arms, not from the parameter.
    assert_clean(&in_main("  let n = 1\n  log(match n { case 1 => \"one\", default => \"many\" })\n"));
    let open = in_main("  let n = 1\n  let s = match n { case 1 => \"one\" }\n");
    assert_one(&open, "3:11: match on Int requires a 'default' arm (its value space is open-ended)");
}

#[test]
fn bool_matches_are_closed() {
    assert_clean(&in_main("  let b = true\n  match b {\n    case true {\n    }\n    case false {\n    }\n  }\n"));
    assert_one(
        &in_main("  let b = true\n  match b {\n    case true {\n    }\n  }\n"),
        "3:3: non-exhaustive match on Bool: missing case 'false' (add it)",
    );
}

#[test]
fn matching_on_structs_is_rejected() {
    let src = "type P {\n  x: Int\n}\n\nfunc main() {\n  let p: P = {}\n  match p {\n    default {\n    }\n  }\n}\n";
    assert_one(
        src,
        "7:9: cannot match on a value of type P; cases compare with 'is' on numbers, String, Char32, Bool and enum members",
    );
}
