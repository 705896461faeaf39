//! Hot reload cases: every folder under tests/hot holds versions `v1.rae`, `v2.rae`, … of one
//! program and `expected.txt`. The runner runs v1 on the VM with hot reload on; each time the
//! program prints a line `swap`, it compiles the next version and proposes it, exactly as
//! `rae run --watch` does after a save. What the reloads did (`[hot-patch] …` lines, a broken
//! version's diagnostics) goes into the transcript where it happened, then any runtime error
//! and the exit status. The transcript must equal `expected.txt`.
//! `RAE_BLESS=1 cargo test -p rae-tests --test hot` rewrites expected outputs; review them.

use rae_engine::host::{HostState, NativeRegistry};
use rae_engine::hot::{HotController, HotEvent};
use rae_engine::vm::{compile_source, Limits, Vm};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::mpsc::Receiver;
use std::sync::Arc;

/// What the program printed and what its reloads did, in order.
#[derive(Default)]
struct Transcript {
    text: String,
    partial: String,
    /// The versions not proposed yet, oldest first.
    versions: VecDeque<String>,
    hot: Option<(Arc<HotController>, Receiver<HotEvent>)>,
}

impl Transcript {
    fn drain_events(&mut self) {
        if let Some((_, events)) = &self.hot {
            for event in events.try_iter() {
                self.text.push_str(&format!("{event}\n"));
            }
        }
    }

    fn swap(&mut self) {
        let (Some(next), Some((ctl, _))) = (self.versions.pop_front(), &self.hot) else {
            self.text.push_str("(no version left to swap in)\n");
            return;
        };
        match compile_source("main.rae", next, false) {
            Ok((program, _)) => ctl.propose(program),
            Err(diagnostics) => ctl.report(HotEvent::Broken(diagnostics)),
        }
    }
}

/// The VM's output: appends to the shared transcript and acts on `swap` lines.
struct Output(Rc<RefCell<Transcript>>);

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut t = self.0.borrow_mut();
        t.drain_events();
        t.partial.push_str(&String::from_utf8_lossy(buf));
        while let Some(end) = t.partial.find('\n') {
            let line: String = t.partial.drain(..=end).collect();
            t.text.push_str(&line);
            if line == "swap\n" {
                t.swap();
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn run_case(dir: &Path) -> Result<String, String> {
    let mut versions = VecDeque::new();
    for n in 1.. {
        match std::fs::read_to_string(dir.join(format!("v{n}.rae"))) {
            Ok(text) => versions.push_back(text),
            Err(_) => break,
        }
    }
    let first = versions.pop_front().ok_or("no v1.rae")?;
    let (program, _) = compile_source("main.rae", first, false)?;
    let transcript = Rc::new(RefCell::new(Transcript { versions, ..Transcript::default() }));
    let host = HostState::with_output(Box::new(Output(Rc::clone(&transcript))));
    let registry = NativeRegistry::standard();
    // A case that never finishes fails instead of hanging the suite.
    let limits = Limits { timeout: Some(20.0), ..Limits::default() };
    let mut vm = Vm::new(program, &registry, host, limits).map_err(|e| e.to_string())?;
    transcript.borrow_mut().hot = Some(vm.hot_reload(&registry));
    let result = vm.run_main();
    drop(vm);
    let mut t = transcript.borrow_mut();
    t.drain_events();
    let status = match result {
        Ok(status) => status,
        Err(e) => {
            t.text.push_str(&e.to_string());
            1
        }
    };
    let partial = std::mem::take(&mut t.partial);
    t.text.push_str(&partial);
    t.text.push_str(&format!("exit status {status}\n"));
    Ok(t.text.clone())
}

fn main() -> ExitCode {
    let bless = std::env::var_os("RAE_BLESS").is_some();
    let root = rae_tests::workspace_root().join("tests").join("hot");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    dirs.sort();
    let (mut passed, mut failed) = (0, 0);
    for dir in &dirs {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let expected_path = dir.join("expected.txt");
        let outcome = run_case(dir).and_then(|actual| {
            if bless {
                std::fs::write(&expected_path, &actual).map_err(|e| e.to_string())?;
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if actual == expected {
                Ok(())
            } else {
                Err(format!("--- expected\n{expected}--- actual\n{actual}"))
            }
        });
        match outcome {
            Ok(()) => {
                passed += 1;
                println!("ok     {name}");
            }
            Err(why) => {
                failed += 1;
                println!("FAILED {name}\n{why}");
            }
        }
    }
    println!("\nhot: {passed} passed, {failed} failed");
    if failed > 0 || dirs.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
