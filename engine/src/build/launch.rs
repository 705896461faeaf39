//! Running a `.raepkg` bundle (or a bare `.raeb` file) on the VM: what `rae run app.raepkg` and
//! a bundle's launcher do, with no front end involved.

use super::raepkg::{open_bundle, BundleError, BUNDLE_JSON, LAUNCHER_STEM};
use super::targets::BYTECODE_EXT;
use crate::bytecode::{format, CompiledProgram};
use crate::host::{HostState, NativeRegistry};
use crate::vm::{Limits, RunOutcome, Vm, EXIT_INTERRUPTED};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Opens (hash check, checksum, verifier), links and runs the bundle's bytecode; the program's
/// output goes to `out`, everything else is in the outcome's `stderr`.
pub fn run_bundle(
    bundle: &Path,
    limits: Limits,
    interrupt: Option<Arc<AtomicBool>>,
    out: Box<dyn Write>,
) -> RunOutcome {
    run_opened(open_bundle(bundle).map(|b| b.program), limits, interrupt, out)
}

/// Like [`run_bundle`] for a bytecode file written by `rae build --target vm` (checksum and
/// verifier, no bundle hash).
pub fn run_bytecode_file(
    path: &Path,
    limits: Limits,
    interrupt: Option<Arc<AtomicBool>>,
    out: Box<dyn Write>,
) -> RunOutcome {
    let program = std::fs::read(path)
        .map_err(|e| BundleError { message: format!("cannot read '{}': {e}", path.display()), status: 2 })
        .and_then(|bytes| {
            format::read(&bytes).map_err(|e| BundleError { message: format!("'{}': {e}", path.display()), status: 1 })
        });
    run_opened(program, limits, interrupt, out)
}

fn run_opened(
    program: Result<CompiledProgram, BundleError>,
    limits: Limits,
    interrupt: Option<Arc<AtomicBool>>,
    out: Box<dyn Write>,
) -> RunOutcome {
    let program = match program {
        Ok(p) => p,
        Err(e) => return RunOutcome { status: i32::from(e.status), stderr: e.to_string() },
    };
    let mut host = HostState::with_output(out);
    if let Some(flag) = interrupt {
        host.interrupt = flag;
    }
    let mut vm = match Vm::new(program, &NativeRegistry::with_core(), host, limits) {
        Ok(vm) => vm,
        Err(e) => return RunOutcome { status: 1, stderr: e.to_string() },
    };
    match vm.run_main() {
        Ok(status) => RunOutcome { status, stderr: String::new() },
        Err(e) => RunOutcome { status: if e.interrupted { EXIT_INTERRUPTED } else { 1 }, stderr: e.to_string() },
    }
}

/// Whether `path` names something [`launch`] runs (a bundle or a bytecode file) rather than a
/// source file.
pub fn is_compiled(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == super::raepkg::BUNDLE_EXT || ext == BYTECODE_EXT)
}

/// The command-line side of [`run_bundle`] and [`run_bytecode_file`] (chosen by the extension):
/// Ctrl-C stops the program, output goes to stdout, errors to stderr; returns the exit status.
pub fn launch(path: &Path, limits: Limits) -> u8 {
    let interrupt = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&interrupt);
    // Without a handler Ctrl-C still ends the process, only without the trace.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    let out = Box::new(std::io::BufWriter::new(std::io::stdout()));
    let outcome = if path.extension().is_some_and(|ext| ext == BYTECODE_EXT) {
        run_bytecode_file(path, limits, Some(interrupt), out)
    } else {
        run_bundle(path, limits, Some(interrupt), out)
    };
    eprint!("{}", outcome.stderr);
    // Exit statuses are bytes: `main` returning 256 exits with 0, as in C.
    outcome.status as u8
}

/// The bundle this process is the launcher of: the folder holding the running executable,
/// when the executable is named like a launcher and a `bundle.json` sits beside it.
pub fn launched_bundle() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let is_launcher = exe.file_stem().is_some_and(|stem| stem == LAUNCHER_STEM);
    let dir = exe.parent()?;
    (is_launcher && dir.join(BUNDLE_JSON).is_file()).then(|| dir.to_path_buf())
}
