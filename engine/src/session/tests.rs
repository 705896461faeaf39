//! Session semantics: persistence, redefinition, rollback, incomplete input.

use super::{Outcome, Session};
use crate::host::OutputBuffer;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

fn session() -> (Session, OutputBuffer) {
    let out = OutputBuffer::new();
    (Session::new(Box::new(out.clone()), PathBuf::from(".")), out)
}

/// Evaluates `text`, which must succeed; returns its output and shown value.
fn ok(s: &mut Session, out: &OutputBuffer, text: &str) -> (String, Option<String>) {
    let e = s.eval(text);
    assert!(e.ok(), "{text:?} failed: {}", e.messages);
    (out.take_string(), e.shown)
}

#[test]
fn a_bare_expression_shows_its_value_and_type() {
    let (mut s, out) = session();
    assert_eq!(ok(&mut s, &out, "1 + 41").1.as_deref(), Some("= 42 : Int"));
    assert_eq!(ok(&mut s, &out, "\"a\" + \"b\"").1.as_deref(), Some("= ab : String"));
    assert_eq!(ok(&mut s, &out, "2.5 as Float64").1.as_deref(), Some("= 2.5 : Float64"));
    assert_eq!(ok(&mut s, &out, "log(7)"), ("7\n".to_string(), None));
}

#[test]
fn globals_and_functions_persist_across_inputs() {
    let (mut s, out) = session();
    ok(&mut s, &out, "var count = 10");
    ok(&mut s, &out, "func bump(by: view Int) ret Int {\n  count = count + by\n  ret count\n}");
    assert_eq!(ok(&mut s, &out, "bump(by: 5)").1.as_deref(), Some("= 15 : Int"));
    assert_eq!(ok(&mut s, &out, "bump(by: 1)").1.as_deref(), Some("= 16 : Int"));
    ok(&mut s, &out, "count = count * 2");
    assert_eq!(ok(&mut s, &out, "count").1.as_deref(), Some("= 32 : Int"));
    let vars = s.globals();
    assert_eq!((vars[0].name.as_str(), vars[0].kind, vars[0].ty.as_str()), ("count", "var", "Int"));
    assert_eq!(vars[0].value, "32");
}

#[test]
fn a_global_initialiser_runs_once_and_sees_earlier_values() {
    let (mut s, out) = session();
    ok(&mut s, &out, "var a = 2");
    ok(&mut s, &out, "a = 5");
    ok(&mut s, &out, "let b = a * 10");
    assert_eq!(ok(&mut s, &out, "a + b").1.as_deref(), Some("= 55 : Int"));
    // `let` stays immutable.
    let e = s.eval("b = 1");
    assert_eq!(e.outcome, Outcome::CompileError);
    assert!(e.messages.contains("cannot reassign immutable 'let' binding 'b'"), "{}", e.messages);
}

#[test]
fn redefining_a_function_replaces_it_for_its_callers() {
    let (mut s, out) = session();
    ok(&mut s, &out, "func base() ret Int {\n  ret 1\n}");
    ok(&mut s, &out, "func twice() ret Int {\n  ret base() * 2\n}");
    assert_eq!(ok(&mut s, &out, "twice()").1.as_deref(), Some("= 2 : Int"));
    ok(&mut s, &out, "func base() ret Int {\n  ret 21\n}");
    assert_eq!(ok(&mut s, &out, "twice()").1.as_deref(), Some("= 42 : Int"));
    assert_eq!(s.functions().iter().filter(|f| f.name == "base").count(), 1);
}

#[test]
fn a_failing_input_changes_nothing() {
    let (mut s, out) = session();
    ok(&mut s, &out, "var n = 1\nfunc f() ret Int {\n  ret n\n}");
    // A type error: the new function and global are not kept.
    let e = s.eval("var m = 2\nfunc f() ret Int {\n  ret \"x\"\n}");
    assert_eq!(e.outcome, Outcome::CompileError);
    assert!(e.messages.starts_with("<2>:3:"), "{}", e.messages);
    // A runtime error after changing a global and defining one: both roll back.
    let e = s.eval("var k = 9\nn = 100\nlog(1 / (n - 100))");
    assert_eq!(e.outcome, Outcome::RuntimeError);
    assert!(e.messages.contains("division by zero"), "{}", e.messages);
    assert_eq!(ok(&mut s, &out, "f()").1.as_deref(), Some("= 1 : Int"));
    let names: Vec<String> = s.globals().into_iter().map(|g| g.name).collect();
    assert_eq!(names, ["n"]);
    assert!(s.eval("m").messages.contains("unknown identifier") || !s.eval("m").ok());
}

#[test]
fn types_enums_and_imports_are_declarations() {
    let (mut s, out) = session();
    ok(&mut s, &out, "type Point {\n  x: Int\n  y: Int\n}\nenum Color {\n  red\n  green\n}\nimport math");
    ok(&mut s, &out, "var p: Point = { x: 1, y: 2 }");
    assert_eq!(ok(&mut s, &out, "p").1.as_deref(), Some("= { 1, 2 } : Point"));
    assert_eq!(ok(&mut s, &out, "Color.green").1.as_deref(), Some("= 1 : Color"));
    assert_eq!(s.members("p"), ["x", "y"]);
    assert_eq!(s.members("Color"), ["red", "green"]);
    assert!(s.names().iter().any(|n| n == "Point"));
    assert!(s.source().starts_with("import math\n"));
    // The struct changes shape: the global starts over from its default.
    let e = s.eval("type Point {\n  x: Int\n  y: Int\n  z: Int\n}");
    assert!(e.ok() && e.messages.contains("global 'p' starts over"), "{}", e.messages);
    assert_eq!(ok(&mut s, &out, "p").1.as_deref(), Some("= { 0, 0, 0 } : Point"));
}

#[test]
fn type_of_checks_without_running() {
    let (mut s, out) = session();
    ok(&mut s, &out, "var xs = { 1, 2 }");
    assert_eq!(s.type_of("xs").as_deref(), Ok("List(Int)"));
    assert_eq!(s.type_of("log(1)"), Err("not an expression with a value\n".to_string()));
    assert_eq!(out.take_string(), "");
}

#[test]
fn the_interrupt_flag_stops_an_input_and_keeps_the_session() {
    let (mut s, out) = session();
    ok(&mut s, &out, "var kept = 3");
    let flag = s.interrupt_flag();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        flag.store(true, Ordering::SeqCst);
    });
    let e = s.eval("kept = 4\nloop true {\n}");
    stopper.join().unwrap();
    assert_eq!(e.outcome, Outcome::Interrupted);
    assert_eq!(ok(&mut s, &out, "kept").1.as_deref(), Some("= 3 : Int"));
}

#[test]
fn incomplete_input_is_told_by_the_parser() {
    for complete in [
        "log(\"(\")",
        "log(\"{1 + 1} {\")",
        "log(\"}\")",
        "# a comment with a {",
        "let s = r\"a { ( raw\"",
        "#[ block ]# log(1)",
        "func f() {\n}",
        "if true {\n  log(1)\n} else {\n  log(2)\n}",
        "log(\"unterminated",
        "func f( {",
    ] {
        assert!(Session::is_complete(complete), "{complete:?} should be complete");
    }
    for incomplete in [
        "func f() {",
        "log(1,",
        "if true {\n  loop true {\n    break\n  }",
        "let s = r\"raw text\nacross lines",
        "#[ a block comment",
        "let x = 1 +",
        "type P {\n  x: Int",
        "match 3 {\n  case 1 => 2,",
    ] {
        assert!(!Session::is_complete(incomplete), "{incomplete:?} should ask for more");
    }
}

#[test]
fn reset_forgets_everything() {
    let (mut s, out) = session();
    ok(&mut s, &out, "var a = 1\nfunc f() {\n}");
    s.reset();
    assert!(s.globals().is_empty() && s.functions().is_empty() && s.source().is_empty());
    assert!(!s.eval("a").ok());
}

/// Runs `text` in `lang`, which must succeed; returns its output and shown value.
fn script_ok(s: &mut Session, out: &OutputBuffer, lang: &str, text: &str) -> (String, Option<String>) {
    let e = s.eval_script(lang, text);
    assert!(e.ok(), "{text:?} failed: {}", e.messages);
    (out.take_string(), e.shown)
}

#[test]
fn a_lua_input_shares_the_sessions_globals_and_keeps_its_own() {
    let (mut s, out) = session();
    ok(&mut s, &out, "var score = 10\nlet name = \"ada\"\nvar tags: List(String) = { \"a\" }");
    assert_eq!(script_ok(&mut s, &out, "lua", "score = score + #name"), (String::new(), None));
    assert_eq!(ok(&mut s, &out, "score").1.as_deref(), Some("= 13 : Int"));
    script_ok(&mut s, &out, "lua", "kept = score * 2\ntags[#tags + 1] = 'lua'");
    ok(&mut s, &out, "score = 1");
    assert_eq!(script_ok(&mut s, &out, "lua", "print(kept, score, #tags)").0, "26\t1\t2\n");
    assert_eq!(script_ok(&mut s, &out, "lua", "{ score, name }").1.as_deref(), Some("= { 1, \"ada\" }"));
    let e = s.eval_script("lua", "score = 5\nname = 'bob'");
    assert_eq!(e.outcome, Outcome::RuntimeError);
    assert!(e.messages.contains("'name' is not a 'var'"), "{}", e.messages);
    let e = s.eval_script("lua", "score = 'many'");
    assert!(e.messages.contains("'score': expected an Int, got the string \"many\""), "{}", e.messages);
    let e = s.eval_script("lua", "error('boom')");
    assert_eq!(e.messages, "error: lua error: boom\n  at <10>:1\n");
    assert_eq!(ok(&mut s, &out, "score").1.as_deref(), Some("= 1 : Int"), "failed inputs change nothing");
}

#[cfg(feature = "javascript")]
#[test]
fn javascript_sees_what_lua_changed() {
    let (mut s, out) = session();
    ok(&mut s, &out, "var hp = 3");
    script_ok(&mut s, &out, "lua", "hp = hp + 4");
    assert_eq!(script_ok(&mut s, &out, "javascript", "hp *= 2; `hp ${hp}`").1.as_deref(), Some("= \"hp 14\""));
    assert_eq!(script_ok(&mut s, &out, "lua", "hp").1.as_deref(), Some("= 14"));
}

#[test]
fn the_interrupt_flag_stops_a_runaway_script_input() {
    let (mut s, out) = session();
    let flag = s.interrupt_flag();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        flag.store(true, Ordering::SeqCst);
    });
    let e = s.eval_script("lua", "while true do end");
    stopper.join().unwrap();
    assert_eq!(e.outcome, Outcome::Interrupted);
    assert_eq!(script_ok(&mut s, &out, "lua", "1 + 1").1.as_deref(), Some("= 2"));
}
