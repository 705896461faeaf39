//! The VM runner and checker threads: output arrives, stop is fast even on a runaway loop,
//! restart runs the new program, and checks are debounced.

use rae_widgets::{Severity, Stream};
use rae_workbench::checker::{Checker, DEBOUNCE};
use rae_workbench::runner::{RunEvent, RunState, Runner};
use std::time::{Duration, Instant};

const HELLO: &str = "func main() {\n  log(\"hello\")\n  log(\"world\")\n}\n";
const SPIN: &str = "func main() {\n  var i = 0\n  loop true {\n    i++\n  }\n}\n";
const WAIT: Duration = Duration::from_secs(20);

/// Events until the run of the latest job finishes.
fn until_finished(runner: &mut Runner) -> Vec<RunEvent> {
    let mut events = Vec::new();
    while !matches!(runner.state(), RunState::Exited { .. }) {
        events.push(runner.wait_event(WAIT).expect("the runner answers"));
    }
    events
}

fn output(events: &[RunEvent], wanted: Stream) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            RunEvent::Output { stream, line } if *stream == wanted => Some(line.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_run_sends_its_output_lines_then_its_status() {
    let mut runner = Runner::spawn(|| {}).unwrap();
    runner.run("hello.rae", HELLO);
    assert!(runner.is_running());
    let events = until_finished(&mut runner);
    assert_eq!(output(&events, Stream::Stdout), ["hello", "world"]);
    assert!(matches!(events.last(), Some(RunEvent::Finished { status: 0, .. })));
}

#[test]
fn compile_errors_arrive_on_stderr_with_status_1() {
    let mut runner = Runner::spawn(|| {}).unwrap();
    runner.run("bad.rae", "func main() {\n  log(missing)\n}\n");
    let events = until_finished(&mut runner);
    let stderr = output(&events, Stream::Stderr).join("\n");
    assert!(stderr.contains("bad.rae:2:7"), "{stderr}");
    assert!(matches!(runner.state(), RunState::Exited { status: 1, .. }));
}

#[test]
fn stop_ends_a_runaway_loop_within_50_ms() {
    let mut runner = Runner::spawn(|| {}).unwrap();
    runner.run("spin.rae", SPIN);
    assert!(runner.wait_event(Duration::from_millis(300)).is_none(), "the loop is still running");
    let asked = Instant::now();
    runner.stop();
    let events = until_finished(&mut runner);
    let took = asked.elapsed();
    eprintln!("stop took {took:?}");
    assert!(took < Duration::from_millis(50), "stop took {took:?}");
    assert!(matches!(events.last(), Some(RunEvent::Finished { status: 130, .. })));
}

#[test]
fn restart_stops_the_old_run_and_starts_the_new_one() {
    let mut runner = Runner::spawn(|| {}).unwrap();
    runner.run("spin.rae", SPIN);
    std::thread::sleep(Duration::from_millis(50));
    runner.run("hello.rae", HELLO);
    let events = until_finished(&mut runner);
    let statuses: Vec<i32> = events
        .iter()
        .filter_map(|e| if let RunEvent::Finished { status, .. } = e { Some(*status) } else { None })
        .collect();
    assert_eq!(statuses, [130, 0], "the spinning run was stopped, the new one ran");
    assert_eq!(output(&events, Stream::Stdout), ["hello", "world"]);
}

#[test]
fn checks_wait_for_typing_to_pause_and_report_located_diagnostics() {
    let checker = Checker::spawn(|| {}).unwrap();
    let started = Instant::now();
    for n in 0..5 {
        checker.request("t.rae", &format!("func main() {{\n  log(x{n})\n}}\n"));
        std::thread::sleep(Duration::from_millis(50));
    }
    let result = checker.wait_result(WAIT).expect("a check result");
    assert!(started.elapsed() >= DEBOUNCE, "the check waited for the pause");
    assert_eq!(result.path, "t.rae");
    let d = result.diagnostics.first().expect("the unknown name is reported");
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("x4"), "only the last text was checked: {}", d.message);
    let range = d.range.as_ref().expect("the diagnostic has a place");
    assert_eq!((range.file.as_str(), range.start.line, range.start.column, range.end.column), ("t.rae", 2, 7, 9));
    assert!(checker.wait_result(DEBOUNCE * 2).is_none(), "five quick edits make one check");
}

#[test]
fn break_pauses_a_running_program_with_its_call_stack_and_continue_resumes_it() {
    let program = "func spin(limit: view Int) {\n  var i = 0\n  loop true {\n    i = i + 1\n  }\n}\n\nfunc main() {\n  spin(limit: 7)\n}\n";
    let mut runner = Runner::spawn(|| {}).unwrap();
    runner.run("spin.rae", program);
    let deadline = Instant::now() + WAIT;
    let paused = loop {
        runner.break_in();
        if let Some(state) = runner.paused_state() {
            break state;
        }
        assert!(Instant::now() < deadline, "Break pauses the program");
        std::thread::sleep(Duration::from_millis(10));
    };
    let functions: Vec<&str> = paused.frames.iter().map(|f| f.function.as_str()).collect();
    assert_eq!(functions, ["spin", "main"], "innermost frame first");
    let locals: Vec<&str> = paused.frames[0].locals.iter().map(|l| l.name.as_str()).collect();
    assert!(locals.contains(&"limit") && locals.contains(&"i"), "the frame's locals: {locals:?}");
    runner.resume(rae_engine::vm::debug::Resume::Continue);
    std::thread::sleep(Duration::from_millis(50));
    assert!(runner.paused_state().is_none(), "Continue lets it run");
    runner.stop();
    let events = until_finished(&mut runner);
    assert!(matches!(events.last(), Some(RunEvent::Finished { status: rae_engine::vm::EXIT_INTERRUPTED, .. })));
}

#[test]
fn a_running_programs_globals_can_be_read_and_a_var_set() {
    let program = "var score = 0\nlet name = \"rae\"\n\nfunc main() {\n  loop true {\n    score = score + 1\n  }\n}\n";
    let mut runner = Runner::spawn(|| {}).unwrap();
    runner.run("score.rae", program);
    let read = |runner: &mut Runner| {
        let deadline = Instant::now() + WAIT;
        loop {
            runner.request_globals();
            std::thread::sleep(Duration::from_millis(10));
            if let Some(globals) = runner.take_globals() {
                break globals;
            }
            assert!(Instant::now() < deadline, "the program answers");
        }
    };
    let globals = read(&mut runner);
    let names: Vec<(&str, &str, &str)> = globals.iter().map(|g| (g.kind, g.name.as_str(), g.ty.as_str())).collect();
    assert!(names.contains(&("var", "score", "Int")) && names.contains(&("let", "name", "String")), "{names:?}");
    runner.set_global("score", "-1000000000000000");
    let deadline = Instant::now() + WAIT;
    loop {
        let globals = read(&mut runner);
        let score: i64 = globals.iter().find(|g| g.name == "score").unwrap().value.parse().unwrap();
        if score < 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the new value reaches the program");
    }
    runner.set_global("name", "\"other\"");
    let _ = read(&mut runner);
    assert_eq!(runner.take_set_error().as_deref(), Some("'name' is not a var: its value cannot change"));
    runner.stop();
    until_finished(&mut runner);
}

/// The running program's next hot reload event; output is drained meanwhile.
fn next_hot_event(runner: &mut Runner) -> rae_engine::hot::HotEvent {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(event) = runner.hot_events().into_iter().next() {
            return event;
        }
        assert!(Instant::now() < deadline, "the reload is reported");
        let _ = runner.wait_event(Duration::from_millis(10));
    }
}

/// The value N of the next stdout line `PREFIX N`.
fn next_count(runner: &mut Runner, prefix: &str) -> i64 {
    loop {
        if let RunEvent::Output { stream: Stream::Stdout, line } = runner.wait_event(WAIT).expect("the program prints")
        {
            if let Some(n) = line.strip_prefix(prefix) {
                return n.parse().expect("a count");
            }
        }
    }
}

#[test]
fn a_saved_version_reloads_into_the_running_program_and_a_broken_one_does_not() {
    use rae_engine::hot::HotEvent;
    let v1 = "var count: Int = 0\n\nfunc tick() {\n  count = count + 1\n  log(\"v1 {count}\")\n}\n\nfunc main() {\n  loop true {\n    tick()\n    sleep(ms: 5)\n  }\n}\n";
    let mut runner = Runner::spawn(|| {}).unwrap();
    assert!(!runner.reload(v1), "nothing runs yet");
    runner.run("tick.rae", v1);
    while next_count(&mut runner, "v1 ") < 3 {}
    assert!(runner.reload(&v1.replace("count + 1", "count + \"one\"")));
    match next_hot_event(&mut runner) {
        HotEvent::Broken(diagnostics) => assert!(diagnostics.contains("tick.rae:4:"), "{diagnostics}"),
        other => panic!("expected the broken version to be refused, got {other}"),
    }
    let before = next_count(&mut runner, "v1 ");
    assert!(runner.reload(&v1.replace("v1 {count}", "v2 {count}")));
    assert_eq!(next_hot_event(&mut runner).to_string(), "[hot-patch] changed: tick");
    let after = next_count(&mut runner, "v2 ");
    assert!(after > before, "the count went on: {before}, then {after}");
    runner.stop();
    until_finished(&mut runner);
}

#[test]
fn a_running_programs_script_vms_report_their_calls() {
    let program = "var total = 0\n\n@function \"lua\"\nfunc bump(n: view Int) ret Int {\n  return n + 1\n}\n\n\
                   func main() {\n  loop true {\n    total = bump(n: total)\n  }\n}\n";
    let mut runner = Runner::spawn(|| {}).unwrap();
    runner.run("bump.rae", program);
    let deadline = Instant::now() + WAIT;
    let health = loop {
        runner.request_globals();
        std::thread::sleep(Duration::from_millis(10));
        if runner.take_globals().is_some() {
            let health = runner.script_health();
            if health.first().is_some_and(|h| h.calls > 0) {
                break health;
            }
        }
        assert!(Instant::now() < deadline, "the program answers");
    };
    assert_eq!((health.len(), health[0].lang.as_str(), health[0].functions, health[0].errors), (1, "lua", 1, 0));
    assert!(health[0].memory > Some(0), "{health:?}");
    runner.stop();
    until_finished(&mut runner);
}
