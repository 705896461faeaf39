//! The debug hook through its API, with the VM on its own thread as a host runs it.

use super::{DebugController, PauseReason, PausedState, Resume, Status};
use crate::host::{HostState, NativeRegistry, OutputBuffer};
use crate::vm::{compile_source, Limits, Vm};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::Duration;

const PROGRAM: &str = r#"enum Color {
  red
  green
}

func square(x: view Int) ret Int {
  let y = x * x
  ret y
}

func fib(n: view Int) ret Int {
  if n < 2 {
    ret n
  }
  ret fib(n: n - 1) + fib(n: n - 2)
}

func main() {
  let c = Color.green
  var total = 0
  let names: List(String) = { "ann", "bob" }
  total = square(x: 3)

  total = total + fib(n: 3)
  log("{names.length} {total} {c}")
}
"#;

const WAIT: Duration = Duration::from_secs(20);

/// A program on its own thread, stopped before `main` until `go`.
struct Debuggee {
    ctl: Arc<DebugController>,
    go: mpsc::Sender<()>,
    done: JoinHandle<(Result<i32, String>, String)>,
}

fn debuggee(src: &str) -> Debuggee {
    let (send_ctl, ctl) = mpsc::channel();
    let (go, started) = mpsc::channel::<()>();
    let src = src.to_string();
    let done = std::thread::spawn(move || {
        let (program, warnings) = compile_source("main.rae", src, false).expect("the program compiles");
        assert_eq!(warnings, "");
        let out = OutputBuffer::new();
        let host = HostState::with_output(Box::new(out.clone()));
        let mut vm = Vm::new(program, &NativeRegistry::with_core(), host, Limits::default()).expect("links");
        send_ctl.send(vm.debugger()).expect("the test waits for the controller");
        let _ = started.recv();
        let result = vm.run_main().map_err(|e| e.to_string());
        (result, out.take_string())
    });
    Debuggee { ctl: ctl.recv().expect("the VM thread sends its controller"), go, done }
}

impl Debuggee {
    fn start(&self) {
        self.go.send(()).expect("the VM thread waits");
    }

    fn paused(&self) -> PausedState {
        match self.ctl.wait(WAIT) {
            Status::Paused(p) => p,
            other => panic!("expected a pause, got {other:?}"),
        }
    }

    fn resume(&self, how: Resume) -> PausedState {
        assert!(self.ctl.resume(how));
        self.paused()
    }

    fn finish(self) -> (Result<i32, String>, String) {
        assert!(self.ctl.resume(Resume::Continue) || self.ctl.status() == Status::Finished);
        let ended = self.done.join().expect("the VM thread does not panic");
        assert_eq!(self.ctl.status(), Status::Finished);
        ended
    }
}

/// `function:line` of each frame, innermost first.
fn stack(p: &PausedState) -> Vec<String> {
    p.frames.iter().map(|f| format!("{}:{}", f.function, f.line)).collect()
}

/// `name: Type = value` of each local of frame `i`.
fn locals(p: &PausedState, i: usize) -> Vec<String> {
    p.frames[i].locals.iter().map(|l| format!("{}: {} = {}", l.name, l.ty, l.value)).collect()
}

#[test]
fn a_breakpoint_stops_with_the_stack_and_the_locals_in_scope() {
    let d = debuggee(PROGRAM);
    let bp = d.ctl.set_breakpoint("main.rae", 22).expect("line 22 has code");
    assert_eq!((bp.line, bp.requested_line), (22, 22));
    d.start();
    // The column is the next instruction's: the call of `square`.
    let p = d.paused();
    assert_eq!((p.reason, p.file.as_str(), p.line, p.column), (PauseReason::Breakpoint, "main.rae", 22, 11));
    assert_eq!(stack(&p), ["main:22"]);
    assert_eq!(locals(&p, 0), ["c: Color = green", "total: Int = 0", "names: List(String) = { #(ann, bob), 2, 2 }"]);
    assert_eq!(d.finish(), (Ok(0), "2 11 green\n".to_string()));
}

#[test]
fn steps_go_into_over_and_out_of_calls_by_line() {
    let d = debuggee(PROGRAM);
    d.ctl.set_breakpoint("main.rae", 22).expect("line 22 has code");
    d.start();
    d.paused();
    let p = d.resume(Resume::StepIn);
    assert_eq!((p.reason, stack(&p)), (PauseReason::Step, vec!["square:7".to_string(), "main:22".to_string()]));
    assert_eq!(locals(&p, 0), ["x: Int = 3"], "y is not in scope before its line ran");
    let p = d.resume(Resume::StepOver);
    assert_eq!(stack(&p), ["square:8", "main:22"]);
    assert_eq!(locals(&p, 0), ["x: Int = 3", "y: Int = 9"]);
    let p = d.resume(Resume::StepOut);
    assert_eq!(stack(&p), ["main:24"]);
    assert!(locals(&p, 0).contains(&"total: Int = 9".to_string()));
    let p = d.resume(Resume::StepOver);
    assert_eq!(stack(&p), ["main:25"], "stepping over fib(n: 3) does not stop inside it");
    assert!(locals(&p, 0).contains(&"total: Int = 11".to_string()));
    assert_eq!(d.finish(), (Ok(0), "2 11 green\n".to_string()));
}

#[test]
fn a_line_without_code_moves_to_the_next_line_with_code() {
    let d = debuggee(PROGRAM);
    let bp = d.ctl.set_breakpoint("main.rae", 23).expect("a later line has code");
    assert_eq!((bp.requested_line, bp.line), (23, 24));
    assert!(bp.describe().contains("moved"), "{}", bp.describe());
    assert!(d.ctl.set_breakpoint("main.rae", 40).is_err(), "no code after the last line");
    assert!(d.ctl.set_breakpoint("other.rae", 3).is_err(), "not a file of the program");
    d.start();
    assert_eq!(stack(&d.paused()), ["main:24"]);
    assert_eq!(d.finish().0, Ok(0));
}

#[test]
fn a_breakpoint_in_a_recursive_function_stops_in_every_call_until_cleared() {
    let d = debuggee(PROGRAM);
    d.ctl.set_breakpoint("main.rae", 13).expect("line 13 has code");
    d.start();
    let p = d.paused();
    assert_eq!(stack(&p), ["fib:13", "fib:15", "fib:15", "main:24"]);
    assert_eq!(locals(&p, 0), ["n: Int = 1"]);
    assert_eq!(locals(&p, 1), ["n: Int = 2"]);
    assert_eq!(locals(&p, 2), ["n: Int = 3"]);
    let p = d.resume(Resume::Continue);
    assert_eq!((stack(&p).len(), locals(&p, 0)), (4, vec!["n: Int = 0".to_string()]));
    assert!(d.ctl.clear_breakpoint("main.rae", 13));
    assert!(!d.ctl.clear_breakpoint("main.rae", 13), "already cleared");
    assert_eq!(d.finish(), (Ok(0), "2 11 green\n".to_string()));
}

#[test]
fn a_running_loop_pauses_from_another_thread_and_stops_while_paused() {
    let d = debuggee("func main() {\n  var n = 0\n  loop true {\n    n++\n  }\n}\n");
    d.start();
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(d.ctl.status(), Status::Running);
    d.ctl.pause();
    let p = d.paused();
    assert_eq!((p.reason, p.frames.len()), (PauseReason::Pause, 1));
    assert!(matches!(p.line, 3 | 4), "{p}");
    let n: i64 = p.frames[0].locals[0].value.parse().expect("n is an Int");
    assert!(n > 0, "the loop ran before the pause");
    d.ctl.stop();
    let (result, _) = d.done.join().expect("the VM thread does not panic");
    let stopped = result.expect_err("a stopped program ends with an error");
    assert!(stopped.starts_with("error: interrupted\n  at main (main.rae:"), "{stopped}");
}
