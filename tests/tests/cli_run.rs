//! End-to-end tests of `rae run` and `rae disasm`: output and exit statuses, runtime errors,
//! limits, and Ctrl-C (a real SIGINT) stopping a runaway loop within 50 ms.

use rae_tests::{rae_bin, run_rae};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn scratch(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rae-run-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("main.rae"), text).unwrap();
    dir
}

const SPIN: &str = "func main() {\n  var i = 0\n  loop true {\n    i++\n  }\n}\n";

#[test]
fn run_prints_program_output_and_exits_with_mains_status() {
    let dir = scratch("ok", "func main() ret Int {\n  log(\"sum {2 + 3}\")\n  ret 4\n}\n");
    let out = run_rae(&dir, &["run", "main.rae"]);
    assert_eq!((out.stdout.as_str(), out.stderr.as_str(), out.status), ("sum 5\n", "", 4));
}

#[test]
fn run_reports_diagnostics_like_check_and_runs_nothing() {
    let dir = scratch("diag", "func main() {\n  log(\"x\")\n  log(y)\n}\n");
    let run = run_rae(&dir, &["run", "main.rae"]);
    let check = run_rae(&dir, &["check", "main.rae"]);
    assert_eq!(run.status, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, check.stderr);
}

#[test]
fn runtime_errors_go_to_stderr_after_flushed_output() {
    let dir = scratch("err", "func main() {\n  log(\"before\")\n  let z = 0\n  log(1 / z)\n}\n");
    let out = run_rae(&dir, &["run", "main.rae"]);
    assert_eq!(out.status, 1);
    assert_eq!(out.stdout, "before\n");
    assert_eq!(out.stderr, "error: division by zero\n  at main (main.rae:4)\n");
}

#[test]
fn instruction_limit_and_timeout_flags_stop_a_runaway_loop() {
    let dir = scratch("limits", SPIN);
    let out = run_rae(&dir, &["run", "--max-instructions", "5000", "main.rae"]);
    assert_eq!(out.status, 1);
    assert_eq!(out.stderr, "error: instruction limit of 5000 reached\n  at main (main.rae:3)\n");
    let out = run_rae(&dir, &["run", "--timeout", "0.2", "main.rae"]);
    assert_eq!(out.status, 1);
    assert_eq!(out.stderr, "error: timeout after 0.2 seconds\n  at main (main.rae:3)\n");
    let deep =
        scratch("depth", "func f(n: view Int) ret Int {\n  ret f(n: n)\n}\n\nfunc main() {\n  log(f(n: 1))\n}\n");
    let out = run_rae(&deep, &["run", "--max-depth", "20", "main.rae"]);
    assert!(out.stderr.starts_with("error: stack overflow: call depth exceeded 20\n  at f (main.rae:2)\n"), "{out:?}");
}

#[test]
fn ctrl_c_stops_a_runaway_loop_within_50_ms() {
    let dir = scratch("sigint", SPIN);
    let mut child = Command::new(rae_bin())
        .args(["run", "main.rae"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rae starts");
    // Let it compile and enter the loop (the handler is installed before compiling).
    std::thread::sleep(Duration::from_millis(400));
    assert!(child.try_wait().unwrap().is_none(), "the loop ended by itself");
    let sent = Instant::now();
    let kill = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill runs");
    assert!(kill.success());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(sent.elapsed() < Duration::from_secs(5), "SIGINT did not stop the program");
        std::thread::sleep(Duration::from_millis(1));
    };
    let elapsed = sent.elapsed();
    let out = child.wait_with_output().unwrap();
    assert_eq!(status.code(), Some(130));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "error: interrupted\n  at main (main.rae:3)\n");
    assert!(elapsed < Duration::from_millis(50), "stopped after {elapsed:?}");
}

#[test]
fn disasm_lists_the_bytecode() {
    let dir = scratch("disasm", SPIN);
    let out = run_rae(&dir, &["disasm", "main.rae"]);
    assert_eq!(out.status, 0, "{out:?}");
    assert!(out.stdout.contains("func #1 main (main)"), "{}", out.stdout);
    assert!(out.stdout.contains("AddIntImm"), "{}", out.stdout);
    assert!(out.stdout.contains("Jump               target=@"), "{}", out.stdout);
}

#[test]
fn break_prints_each_pause_with_the_stack_and_locals_and_goes_on() {
    let program = "func square(x: view Int) ret Int {\n  let y = x * x\n  ret y\n}\n\nfunc main() {\n  var total = 0\n  loop i: Int = 1, i < 3, ++i {\n\n    total = total + square(x: i)\n  }\n  log(total)\n}\n";
    let dir = scratch("break", program);
    let out = run_rae(&dir, &["run", "--break", "main.rae:3", "--break", "main.rae:9", "main.rae"]);
    assert_eq!((out.stdout.as_str(), out.status), ("5\n", 0), "{}", out.stderr);
    let pause = |x: i64, total: i64| {
        format!(
            "paused at breakpoint: main.rae:10:21\n  in main (main.rae:10)\n    total: Int = {total}\n    i: Int = {x}\n\
             paused at breakpoint: main.rae:3:3\n  in square (main.rae:3)\n    x: Int = {x}\n    y: Int = {}\n  in main (main.rae:10)\n    total: Int = {total}\n    i: Int = {x}\n",
            x * x
        )
    };
    let expected = format!(
        "breakpoint at main.rae:3\nbreakpoint at main.rae:10 (line 9 has no code; moved to the next line that has)\n{}{}",
        pause(1, 0),
        pause(2, 1)
    );
    assert_eq!(out.stderr, expected);
    let out = run_rae(&dir, &["run", "--break", "main.rae:40", "main.rae"]);
    assert_eq!(out.status, 2);
    assert_eq!(out.stderr, "error: --break main.rae:40: no code on or after line 40 of 'main.rae'\n");
}

#[test]
fn watch_hot_reloads_each_save_keeps_state_and_survives_a_broken_save() {
    use rae_tests::watch::{Stream, Watched, TICKER};
    let dir = scratch("watch", TICKER);
    let mut run = Watched::start(&dir.join("main.rae"));
    let wait = Duration::from_secs(20);
    run.wait_for(Stream::Out, wait, |l| l == "v1 3").unwrap();
    run.save(&TICKER.replace("count + 1", "count + \"one\""));
    let (_, broken, _) = run.wait_for(Stream::Err, wait, |l| l.starts_with("[hot-patch]")).unwrap();
    assert_eq!(broken, "[hot-patch] not applied, the old code keeps running:");
    run.wait_for(Stream::Err, wait, |l| l.contains("mismatched types Int and String")).unwrap();
    let (_, before, _) = run.wait_for(Stream::Out, wait, |l| l.starts_with("v1 ")).unwrap();
    run.save(&TICKER.replace("v1 {count}", "v2 {count}"));
    let (_, patched, _) = run.wait_for(Stream::Err, wait, |l| l.starts_with("[hot-patch]")).unwrap();
    assert_eq!(patched, "[hot-patch] changed: tick");
    let (_, after, _) = run.wait_for(Stream::Out, wait, |l| l.starts_with("v2 ")).unwrap();
    let count = |l: &str| l[3..].parse::<i64>().unwrap();
    assert!(count(&after) > count(&before), "the counter went on: {before} then {after}");
    assert_eq!(run.interrupt(), Some(130));
}

#[test]
fn trace_shared_prints_each_change_of_a_shared_variable_with_who_made_it() {
    let program = "var score = 10\n\n@function \"lua\"\nfunc bonus() {\n  score = score + 5\n}\n\n\
                   func main() {\n  bonus()\n  score = score * 2\n  bonus()\n  log(score)\n}\n";
    let dir = scratch("trace", program);
    let out = run_rae(&dir, &["run", "--trace-shared", "main.rae"]);
    assert_eq!(out.stdout, "35\n");
    let trace = "[shared #1] score = 10 (rae)\n[shared #2] score = 15 (lua)\n\
                 [shared #3] score = 30 (rae)\n[shared #4] score = 35 (lua)\n";
    assert_eq!((out.stderr.as_str(), out.status), (trace, 0));
    let quiet = run_rae(&dir, &["run", "main.rae"]);
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("35\n", ""));
}
