//! Running a `.raepkg` bundle (or a bare `.raeb` file) on the VM: what `rae run app.raepkg` and
//! a bundle's launcher do, with no front end involved.

use super::raepkg::{open_bundle, BundleError, BUNDLE_JSON, LAUNCHER_STEM};
use super::targets::BYTECODE_EXT;
use crate::bytecode::format;
use crate::bytecode::verify::Verified;
use crate::host::{HostState, NativeRegistry};
use crate::vm::debug::{DebugController, Resume, Status};
use crate::vm::{Limits, RunOutcome, Vm, EXIT_INTERRUPTED};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How a program runs: the limits, the stop flag (Ctrl-C), the breakpoints whose pauses are
/// printed on stderr (`rae run --break FILE:LINE`), and whether the changes of the variables
/// shared with scripts are printed there too (`--trace-shared`).
#[derive(Clone, Debug, Default)]
pub struct LaunchOptions {
    pub limits: Limits,
    pub interrupt: Option<Arc<AtomicBool>>,
    pub breakpoints: Vec<(String, u32)>,
    pub trace_shared: bool,
}

/// Opens (hash check, checksum, verifier), links and runs the bundle's bytecode; the program's
/// output goes to `out`, everything else is in the outcome's `stderr`.
pub fn run_bundle(bundle: &Path, options: &LaunchOptions, out: Box<dyn Write>) -> RunOutcome {
    match open_bundle(bundle) {
        Ok(b) => {
            // The bundle's project file configures its script VMs, as `rae.ron` does a source's.
            let mut options = options.clone();
            options.limits.scripts = b.scripts;
            run_program(b.program, &options, out)
        }
        Err(e) => refused(e),
    }
}

/// Like [`run_bundle`] for a bytecode file written by `rae build --target vm` (checksum and
/// verifier, no bundle hash).
pub fn run_bytecode_file(path: &Path, options: &LaunchOptions, out: Box<dyn Write>) -> RunOutcome {
    let program = std::fs::read(path)
        .map_err(|e| BundleError { message: format!("cannot read '{}': {e}", path.display()), status: 2 })
        .and_then(|bytes| {
            format::read(&bytes).map_err(|e| BundleError { message: format!("'{}': {e}", path.display()), status: 1 })
        });
    match program {
        Ok(p) => run_program(p, options, out),
        Err(e) => refused(e),
    }
}

fn refused(e: BundleError) -> RunOutcome {
    RunOutcome { status: i32::from(e.status), stderr: e.to_string() }
}

/// Links and runs verified bytecode. With breakpoints, a debugger is attached and every
/// pause is printed on stderr (as `PausedState` displays it) before the program goes on.
pub fn run_program(program: Verified, options: &LaunchOptions, out: Box<dyn Write>) -> RunOutcome {
    let mut host = HostState::with_output(out);
    if let Some(flag) = &options.interrupt {
        host.interrupt = Arc::clone(flag);
    }
    let mut vm = match Vm::from_verified(program, &NativeRegistry::standard(), host, options.limits.clone()) {
        Ok(vm) => vm,
        Err(e) => return RunOutcome { status: 1, stderr: e.to_string() },
    };
    if let Some(shared) = vm.shared_script_data().filter(|_| options.trace_shared) {
        shared
            .borrow_mut()
            .listen(Box::new(|c, _| eprintln!("[shared #{}] {} = {} ({})", c.seq, c.name, c.value, c.by)));
    }
    let reporter = if options.breakpoints.is_empty() {
        None
    } else {
        let ctl = vm.debugger();
        for (file, line) in &options.breakpoints {
            match ctl.set_breakpoint(file, *line) {
                Ok(bp) => eprintln!("{}", bp.describe()),
                Err(e) => return RunOutcome { status: 2, stderr: format!("error: --break {file}:{line}: {e}\n") },
            }
        }
        Some(std::thread::spawn(move || report_pauses(&ctl)))
    };
    let result = vm.run_main();
    if let Some(reporter) = reporter {
        let _ = reporter.join();
    }
    match result {
        Ok(status) => RunOutcome { status, stderr: String::new() },
        Err(e) => RunOutcome { status: if e.interrupted { EXIT_INTERRUPTED } else { 1 }, stderr: e.to_string() },
    }
}

/// Prints each pause on stderr and continues, until the program finishes.
fn report_pauses(ctl: &DebugController) {
    loop {
        match ctl.wait(Duration::from_secs(3600)) {
            Status::Paused(state) => {
                eprint!("{state}");
                ctl.resume(Resume::Continue);
            }
            Status::Finished => return,
            Status::Running => {}
        }
    }
}

/// Whether `path` names something [`launch`] runs (a bundle or a bytecode file) rather than a
/// source file.
pub fn is_compiled(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == super::raepkg::BUNDLE_EXT || ext == BYTECODE_EXT)
}

/// The command-line side of [`run_bundle`] and [`run_bytecode_file`] (chosen by the extension):
/// Ctrl-C stops the program, output goes to stdout, errors to stderr; returns the exit status.
pub fn launch(path: &Path, mut options: LaunchOptions) -> u8 {
    options.interrupt = Some(ctrl_c_flag());
    let out = stdout_for(&options);
    let outcome = if path.extension().is_some_and(|ext| ext == BYTECODE_EXT) {
        run_bytecode_file(path, &options, out)
    } else {
        run_bundle(path, &options, out)
    };
    eprint!("{}", outcome.stderr);
    // Exit statuses are bytes: `main` returning 256 exits with 0, as in C.
    outcome.status as u8
}

/// The program's stdout: buffered, or written line by line beside `--trace-shared`'s lines on
/// stderr.
pub fn stdout_for(options: &LaunchOptions) -> Box<dyn Write> {
    if options.trace_shared {
        Box::new(std::io::LineWriter::new(std::io::stdout()))
    } else {
        Box::new(std::io::BufWriter::new(std::io::stdout()))
    }
}

/// A stop flag that Ctrl-C raises. (Without a handler Ctrl-C still ends the process, only
/// without the trace.)
pub fn ctrl_c_flag() -> Arc<AtomicBool> {
    let interrupt = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&interrupt);
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    interrupt
}

/// The bundle this process is the launcher of: the folder holding the running executable,
/// when the executable is named like a launcher and a `bundle.json` sits beside it.
pub fn launched_bundle() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let is_launcher = exe.file_stem().is_some_and(|stem| stem == LAUNCHER_STEM);
    let dir = exe.parent()?;
    (is_launcher && dir.join(BUNDLE_JSON).is_file()).then(|| dir.to_path_buf())
}
