//! VM tests on whole programs: arithmetic, statements, value semantics, calls, runtime
//! errors with traces, and limits.

use super::{run_source, Limits, RunOptions, RunOutcome, EXIT_INTERRUPTED};
use crate::host::OutputBuffer;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

fn run_with(src: &str, options: &RunOptions) -> (String, RunOutcome) {
    let buf = OutputBuffer::new();
    let outcome = run_source("test.rae", src.to_string(), options, Box::new(buf.clone()));
    (buf.take_string(), outcome)
}

/// Runs `src` and returns its output, failing on any diagnostic or error.
fn run(src: &str) -> String {
    let (out, outcome) = run_with(src, &RunOptions::default());
    assert_eq!(outcome.stderr, "", "program failed; output so far:\n{out}");
    assert_eq!(outcome.status, 0);
    out
}

fn main_body(body: &str) -> String {
    run(&format!("func main() {{\n{body}}}\n"))
}

#[test]
fn integer_arithmetic_wraps_truncates_and_keeps_the_dividends_sign() {
    let out = main_body(
        "  let big = 9223372036854775807\n  log(big + 1)\n  log(7 / -2)\n  log(-7 / 2)\n  log(-7 % 3)\n  log(7 % -3)\n  log(1 + 2 shl 4)\n  log(2 * 3 + 4 * 5 - 6 / 4)\n  let small: Int8 = 127\n  let next: Int8 = small + 1\n  log(next)\n  let b: UInt8 = 200\n  log(b * 2)\n",
    );
    assert_eq!(out, "-9223372036854775808\n-3\n-3\n-1\n1\n33\n25\n-128\n144\n");
}

#[test]
fn float32_rounds_every_result_and_float64_does_not() {
    let out = main_body(
        "  let big: Float = 16777216.0\n  log(big + 1.0 is big)\n  let wide: Float64 = 16777216.0\n  log(wide + 1.0 is wide)\n  let third: Float = 1.0 / 3.0\n  log(third as Float64 is 1.0 / 3.0)\n  log(0.1 + 0.2)\n  log(2.5 * 4.0)\n  log(7 as Float / 2.0)\n  log(3.99.toInt())\n",
    );
    assert_eq!(out, "true\nfalse\nfalse\n0.3\n10\n3.5\n3\n");
}

#[test]
fn every_statement_form_runs() {
    let out = run(r#"enum Color {
  red
  green
  blue
}

func describe(c: view Color) ret String {
  ret match c {
    case Color.red => "warm",
    case Color.green, Color.blue => "cool"
  }
}

func main() {
  var n = 0
  loop n < 3 {
    n++
  }
  loop i: Int = 0, i < 10, ++i {
    if i is 2 {
      continue
    } else if i > 4 {
      break
    }
    logS(i)
  }
  log("")
  loop true {
    n = n + 10
    if n > 40 {
      break
    }
  }
  log(n)
  match "b" {
    case "a" {
      log("is a")
    }
    case "b", "c" {
      log("b or c")
    }
    default {
      log("other")
    }
  }
  log("{describe(c: Color.red)} {describe(c: Color.blue)} {Color.green}")
  let x = n--
  log("{x} {n} {++n}")
  let pair = { 4, 5 }
  if let v: Int = pair.get(index: 1) {
    log(v)
  }
  if let v: Int = pair.get(index: 9) {
    log(v)
  } else {
    log("none here")
  }
}
"#);
    assert_eq!(out, "0134\n43\nb or c\nwarm cool green\n43 42 43\n5\nnone here\n");
}

#[test]
fn defers_run_in_reverse_at_every_exit() {
    let out = run(r#"func work(n: view Int) ret Int {
  defer {
    log("leave work")
  }
  loop i: Int = 0, i < 3, ++i {
    defer {
      log("end of pass {i}")
    }
    if i is n {
      ret i
    }
  }
  ret -1
}

func main() {
  defer {
    log("first registered, last run")
  }
  defer {
    log("second")
  }
  log(work(n: 1))
}
"#);
    assert_eq!(out, "end of pass 0\nend of pass 1\nleave work\n1\nsecond\nfirst registered, last run\n",);
}

#[test]
fn copies_are_independent_and_mod_writes_reach_the_caller() {
    let out = run(r#"type Point {
  x: Int
  y: Int
}

type Box {
  corner: Point
  tags: List(String)
}

func shift(p: mod Point, by: view Int) {
  p.x = p.x + by
}

func tag(b: mod Box, t: view String) {
  b.tags.add(value: t)
}

func main() {
  let a: Point = { x: 1, y: 2 }
  let b: Point = a
  b.x = 5
  log(a)
  log(b)
  shift(mod b, by: 10)
  log(b)
  var box: Box = { corner: a }
  let saved = box
  shift(mod box.corner, by: 100)
  box.corner.y = 7
  tag(mod box, t: "new")
  log(box)
  log(saved)
  var ps: List(Point) = { { x: 1, y: 1 }, { x: 2, y: 2 } }
  let before = ps
  loop p: mod Point in ps {
    p.y = p.y * 10
  }
  loop p: Point in ps {
    p.x = 99
  }
  log(ps)
  log(before)
}
"#);
    assert_eq!(
        out,
        "{ 1, 2 }\n{ 5, 2 }\n{ 15, 2 }\n{ { 101, 7 }, { #(new, none, none, none), 1, 4 } }\n{ { 1, 2 }, { #(), 0, 0 } }\n{ #({ 1, 10 }, { 2, 20 }), 2, 2 }\n{ #({ 1, 1 }, { 2, 2 }), 2, 2 }\n"
    );
}

#[test]
fn mod_windows_write_in_place_and_a_body_naming_the_list_sees_it_whole() {
    let out = run(r#"type P {
  x: Int
}

func main() {
  var ps: List(P) = { { x: 1 }, { x: 2 } }
  let before = ps
  if let p: mod P = ps.modAt(index: 1) {
    p.x = 20
  }
  if let p: mod P = ps.modAt(index: 0) {
    p.x = 10
    log(ps.get(index: 0))
  }
  loop q: mod P in ps {
    q.x = q.x + 1
  }
  loop q: mod P in ps {
    q.x = q.x + ps.length
  }
  log(ps)
  log(before)
}
"#);
    assert_eq!(out, "{ 1 }\n{ #({ 13 }, { 23 }), 2, 2 }\n{ #({ 1 }, { 2 }), 2, 2 }\n");
}

#[test]
fn globals_and_recursion() {
    let src = r#"const limit = 10
let base: Int = limit * 2
var calls = 0

func fib(n: view Int) ret Int {
  calls++
  if n < 2 {
    ret n
  }
  ret fib(n: n - 1) + fib(n: n - 2)
}

func main() ret Int {
  log(fib(n: limit))
  log(calls)
  log(base)
  ret 3
}
"#;
    let (out, outcome) = run_with(src, &RunOptions::default());
    assert_eq!(out, "55\n177\n20\n");
    assert_eq!(outcome, RunOutcome { status: 3, stderr: String::new() });
}

#[test]
fn generic_functions_are_compiled_per_instantiation() {
    let out = run(r#"enum Mood {
  calm
  angry
}

func show(T: type, value: view T) ret String {
  ret "<{value}>"
}

func main() {
  log(show(3))
  log(show("s"))
  log(show(Mood.angry))
}
"#);
    assert_eq!(out, "<3>\n<s>\n<angry>\n");
}

fn error_of(src: &str, options: &RunOptions) -> RunOutcome {
    let (_, outcome) = run_with(src, options);
    outcome
}

#[test]
fn runtime_errors_print_the_message_and_the_stack() {
    let src = "func divide(a: view Int, b: view Int) ret Int {\n  ret a / b\n}\n\nfunc main() {\n  log(\"before\")\n  log(divide(a: 1, b: 0))\n}\n";
    let (out, outcome) = run_with(src, &RunOptions::default());
    assert_eq!(out, "before\n");
    assert_eq!(outcome.status, 1);
    assert_eq!(outcome.stderr, "error: division by zero\n  at divide (test.rae:2)\n  at main (test.rae:7)\n");
    let pop = error_of("func main() {\n  let xs: List(Int) = {}\n  xs.pop()\n}\n", &RunOptions::default());
    assert_eq!(pop.stderr, "error: pop from an empty List\n  at main (test.rae:3)\n");
}

#[test]
fn call_depth_and_instruction_limits_stop_the_program() {
    let deep = "func down(n: view Int) ret Int {\n  ret down(n: n + 1)\n}\n\nfunc main() {\n  log(down(n: 0))\n}\n";
    let options = RunOptions { limits: Limits { max_depth: 50, ..Limits::default() }, ..RunOptions::default() };
    let outcome = error_of(deep, &options);
    assert_eq!(outcome.status, 1);
    // 49 `down` frames fold into three lines and a count, then `main`.
    assert_eq!(
        outcome.stderr,
        "error: stack overflow: call depth exceeded 50\n  at down (test.rae:2)\n  at down (test.rae:2)\n  at down (test.rae:2)\n  ... previous frame repeated 46 more times\n  at main (test.rae:6)\n"
    );
    let default_depth = error_of(deep, &RunOptions::default());
    assert!(default_depth.stderr.starts_with("error: stack overflow: call depth exceeded 10000\n"));

    let spin = "func main() {\n  var i = 0\n  loop true {\n    i++\n  }\n}\n";
    let limits = Limits { max_instructions: Some(1000), ..Limits::default() };
    let outcome = error_of(spin, &RunOptions { limits, ..RunOptions::default() });
    assert_eq!(outcome.stderr, "error: instruction limit of 1000 reached\n  at main (test.rae:3)\n");
}

#[test]
fn the_interrupt_flag_and_the_timeout_stop_a_runaway_loop() {
    let spin = "func main() {\n  loop true {\n  }\n}\n";
    let flag = Arc::new(AtomicBool::new(true));
    let outcome = error_of(spin, &RunOptions { interrupt: Some(flag), ..RunOptions::default() });
    assert_eq!(outcome.status, EXIT_INTERRUPTED);
    assert_eq!(outcome.stderr, "error: interrupted\n  at main (test.rae:2)\n");
    let limits = Limits { timeout: Some(0.05), ..Limits::default() };
    let outcome = error_of(spin, &RunOptions { limits, ..RunOptions::default() });
    assert_eq!(outcome.status, 1);
    assert!(outcome.stderr.starts_with("error: timeout after 0.05 seconds\n"), "{}", outcome.stderr);
}

#[test]
fn diagnostics_stop_before_anything_runs() {
    let (out, outcome) = run_with("func main() {\n  log(\"x\")\n  log(nope)\n}\n", &RunOptions::default());
    assert_eq!(out, "");
    assert_eq!(outcome.status, 1);
    assert!(outcome.stderr.starts_with("test.rae:3:7: unknown identifier 'nope'\n"), "{}", outcome.stderr);
}

#[test]
fn a_missing_native_is_a_link_error_naming_the_signature() {
    let src = "func hostAdd(a: view Int, b: view Int) extern ret Int\n\nfunc main() {\n  log(\"never\")\n  log(hostAdd(a: 1, b: 2))\n}\n";
    let (out, outcome) = run_with(src, &RunOptions::default());
    assert_eq!(out, "");
    assert_eq!(outcome.status, 1);
    assert!(outcome.stderr.contains("cannot link function 'hostAdd'"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("under the key 'test.hostAdd'"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("expected signature: hostAdd(a: view Int, b: view Int) ret Int"));
    assert!(outcome.stderr.contains("nearest registered keys: "));
}

#[test]
fn main_returning_int_sets_the_exit_status() {
    let (_, outcome) = run_with("func main() ret Int {\n  ret 7\n}\n", &RunOptions::default());
    assert_eq!(outcome, RunOutcome { status: 7, stderr: String::new() });
}

#[test]
fn the_memory_cap_stops_a_growing_program_and_a_bounded_one_runs() {
    let hoard = "func main() {\n  var xs: List(String) = createList(String, cap: 4)\n  loop true {\n    xs.add(value: \"item {xs.cap}\")\n  }\n}\n";
    let limits = Limits { max_memory: Some(4_000_000), ..Limits::default() };
    let options = RunOptions { limits, ..RunOptions::default() };
    let outcome = error_of(hoard, &options);
    assert_eq!(outcome.status, 1);
    assert_eq!(
        outcome.stderr,
        "error: memory limit exceeded: the program's heap grew past 4000000 bytes\n  at main (test.rae:4)\n"
    );
    let doubling = "func main() {\n  var s = \"ab\"\n  loop true {\n    s = s + s\n  }\n}\n";
    assert!(error_of(doubling, &options).stderr.starts_with("error: memory limit exceeded"));
    let (out, outcome) = run_with("func main() {\n  let xs: List(Int) = { 1, 2, 3 }\n  log(xs.length)\n}\n", &options);
    assert_eq!((out.as_str(), outcome.status), ("3\n", 0), "{}", outcome.stderr);
}

#[test]
fn a_watched_run_publishes_its_instruction_count() {
    let stats = Arc::new(super::VmStats::default());
    let options = RunOptions { stats: Some(Arc::clone(&stats)), ..RunOptions::default() };
    let (_, outcome) =
        run_with("func main() {\n  var n = 0\n  loop i: Int = 0, i < 5000, ++i {\n    n = n + i\n  }\n}\n", &options);
    assert_eq!(outcome.status, 0);
    let counted = stats.instructions.load(std::sync::atomic::Ordering::Relaxed);
    assert!(counted >= 5000, "a 5000-iteration loop runs at least 5000 instructions: {counted}");
}
