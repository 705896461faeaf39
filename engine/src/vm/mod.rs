//! The bytecode VM: link a compiled program against a natives registry, then run its globals
//! and `main`. `run_source` is the whole pipeline (load, check, compile, link, run) for the
//! CLI, tests and the REPL.
//!
//! ```text
//! let compiled = bytecode::compile(&program, &checked)?;
//! let mut vm = Vm::new(compiled, &NativeRegistry::with_core(), HostState::new(), Limits::default())?;
//! let status = vm.run_main()?;
//! ```

mod call;
pub mod debug;
pub mod error;
mod interp;
pub mod limits;
mod lower;
mod ops;
mod reload;
#[cfg(test)]
mod tests;
pub mod value;

pub use error::{LinkError, RuntimeError, TraceFrame};
pub use limits::{Limits, VmStats};

use crate::bytecode::chunk::CompiledProgram;
use crate::bytecode::verify::{self, Verified};
use crate::diag::{self, DiagFormat};
use crate::driver::{self, LoadOptions};
use crate::host::{HostState, NativeRegistry};
use call::{Frame, Linked, RtChunk};
use debug::DebugSession;
use limits::Guard;
use std::io::Write;
use std::rc::Rc;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use value::Value;

/// Exit status of a program stopped by Ctrl-C.
pub const EXIT_INTERRUPTED: i32 = 130;

/// A linked program ready to run.
pub struct Vm {
    program: Rc<CompiledProgram>,
    /// Each chunk as the interpreter runs it (code, constants as values, frame layout).
    chunks: Rc<[RtChunk]>,
    enum_names: Vec<Vec<Rc<String>>>,
    natives: Vec<Linked>,
    /// The script VMs serving some of the natives.
    scripts: crate::script::ScriptVms,
    pub host: HostState,
    limits: Limits,
    guard: Guard,
    max_depth: usize,
    stack: Vec<Value>,
    frames: Vec<Frame>,
    globals: Vec<Value>,
    /// The debug hook, once `debugger()` attached one.
    debug: Option<DebugSession>,
    /// Hot reload, once `hot_reload()` turned it on.
    hot: Option<reload::HotSession>,
}

impl Vm {
    /// Verifies the program and links every native it calls; nothing runs when a native is
    /// missing or an operand is out of range (so the interpreter cannot index out of bounds).
    pub fn new(
        program: CompiledProgram,
        registry: &NativeRegistry,
        host: HostState,
        limits: Limits,
    ) -> Result<Vm, LinkError> {
        match verify::verified(program) {
            Ok(program) => Vm::from_verified(program, registry, host, limits),
            Err(e) => Err(LinkError { problems: vec![format!("error: invalid bytecode: {e}")] }),
        }
    }

    /// Like [`Vm::new`] for a program verified already (read from a file, say).
    pub fn from_verified(
        program: Verified,
        registry: &NativeRegistry,
        host: HostState,
        limits: Limits,
    ) -> Result<Vm, LinkError> {
        if limits.max_memory.is_some() && !crate::alloc::counting() {
            let problem = "error: a memory limit needs the counting allocator (rae_engine::alloc::CountingAlloc as the #[global_allocator])";
            return Err(LinkError { problems: vec![problem.to_string()] });
        }
        let program = program.into_program();
        let natives = call::link(&program, registry, &limits.scripts, &host.interrupt)?;
        let guard = Guard::new(&limits, Arc::clone(&host.interrupt));
        let mut vm = Vm {
            globals: vec![Value::None; program.globals.len()],
            program: Rc::new(program),
            chunks: Rc::new([]),
            enum_names: Vec::new(),
            natives: Vec::new(),
            scripts: Vec::new(),
            host,
            max_depth: limits.max_depth.max(1),
            limits,
            guard,
            stack: Vec::with_capacity(1024),
            frames: Vec::new(),
            debug: None,
            hot: None,
        };
        vm.install(natives);
        Ok(vm)
    }

    /// Initialises the globals and runs `main`; the exit status is `main`'s result when it
    /// returns an Int, else 0. Program output is flushed before an error is returned.
    pub fn run_main(&mut self) -> Result<i32, RuntimeError> {
        Ok(match self.run_entry()? {
            Value::Int(n) if self.program.main_returns_int => n as i32,
            _ => 0,
        })
    }

    /// Initialises the globals (but those the compiler was told a host presets) and runs the
    /// entry, returning its result; program output is flushed either way.
    pub fn run_entry(&mut self) -> Result<Value, RuntimeError> {
        let result = loop {
            let result = self.run_chunk(self.program.init).and_then(|_| self.run_chunk(self.program.main));
            // A hot reload that cannot keep the program's state starts it again.
            match self.take_restart() {
                Some(Ok(())) => continue,
                Some(Err(message)) => break Err(RuntimeError { message, trace: Vec::new(), interrupted: false }),
                None => break result,
            }
        };
        let _ = self.host.out.flush();
        self.guard.finish();
        if let Some(session) = &self.debug {
            session.ctl.finish();
        }
        result
    }

    /// Publishes the run's instruction count to `stats` from now on.
    pub fn publish_stats(&mut self, stats: Arc<VmStats>) {
        self.guard.stats = Some(stats);
    }

    /// What each script VM of the run did so far.
    pub fn script_health(&self) -> Vec<crate::script::ScriptHealth> {
        self.scripts.iter().map(|slot| slot.borrow().health()).collect()
    }

    /// The variables the program shares with its script VMs (none when it shares none), for a
    /// host that listens to their changes or renders `{{name}}` templates from them.
    pub fn shared_script_data(&self) -> Option<crate::script::shared::Shared> {
        self.natives.iter().find_map(|n| n.shared.clone())
    }

    /// The globals, by the checker's `GlobalId` order.
    pub fn globals(&self) -> &[Value] {
        &self.globals
    }

    /// Sets a global before the run (a REPL session carrying values from input to input);
    /// an index out of range is ignored.
    pub fn set_global(&mut self, index: usize, value: Value) {
        if let Some(slot) = self.globals.get_mut(index) {
            *slot = value;
        }
    }

    /// Gives the host state back once the program is done with it.
    pub fn into_host(self) -> HostState {
        self.host
    }

    /// Instructions counted so far (in blocks, at checkpoints).
    pub fn instructions(&self) -> u64 {
        self.guard.executed
    }
}

/// How to run a program.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    pub limits: Limits,
    /// `--no-implicit`: do not import `core`.
    pub no_implicit: bool,
    /// Raised by Ctrl-C (or a host's stop button) to stop the program.
    pub interrupt: Option<Arc<AtomicBool>>,
    /// Where the run publishes its instruction count (see [`VmStats`]).
    pub stats: Option<Arc<VmStats>>,
    /// Receives the run's debugger once the program is linked, so a host on another thread
    /// can pause it and read its call stack (`debug::DebugController`).
    pub debugger: Option<std::sync::mpsc::Sender<Arc<debug::DebugController>>>,
    /// Turns hot reload on and receives its controller and events once the program is linked
    /// (`crate::hot`), so a host can apply saved versions to the running program.
    pub hot: Option<std::sync::mpsc::Sender<HotLink>>,
}

/// A run's hot reload as a host holds it: the controller and the events of its reloads.
pub type HotLink = (Arc<crate::hot::HotController>, std::sync::mpsc::Receiver<crate::hot::HotEvent>);

/// What a run produced besides the program's own output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunOutcome {
    /// The process exit status: `main`'s result, 1 after an error, 130 when interrupted.
    pub status: i32,
    /// Diagnostics, a link error or a runtime error with its trace, as printed on stderr.
    pub stderr: String,
}

/// Loads, checks and compiles the program in `text`: the bytecode and the rendered warnings,
/// or everything the failure printed (diagnostics as `rae check` prints them).
pub fn compile_source(path: &str, text: String, no_implicit: bool) -> Result<(CompiledProgram, String), String> {
    compile_source_files(path, text, no_implicit).0
}

/// [`compile_source`], and the paths of the source files the program was read from (the
/// root's and its imports', even when they failed to compile: a watcher watches them all).
pub fn compile_source_files(
    path: &str,
    text: String,
    no_implicit: bool,
) -> (Result<(CompiledProgram, String), String>, Vec<String>) {
    let (program, diags) = driver::load_source(path, text, LoadOptions { no_implicit });
    let files = program.sources.files().iter().map(|f| f.path.clone()).collect();
    (compile_loaded(&program, diags), files)
}

fn compile_loaded(
    program: &driver::Program,
    mut diags: Vec<diag::Diagnostic>,
) -> Result<(CompiledProgram, String), String> {
    let checked = crate::check::check_program(program);
    diags.extend(checked.diagnostics.iter().cloned());
    diag::sort(&mut diags);
    let rendered = diag::render_all(&diags, &program.sources, DiagFormat::Short);
    if diag::has_errors(&diags) {
        return Err(rendered);
    }
    match crate::bytecode::compile(program, &checked) {
        Ok(c) => Ok((c, rendered)),
        Err(e) => Err(format!("{rendered}{e}\n")),
    }
}

/// Loads, checks, compiles, links and runs the program in `text` (imports are read relative
/// to `path`); the program's output goes to `out`. Compile diagnostics print exactly as
/// `rae check` prints them, and then nothing runs.
pub fn run_source(path: &str, text: String, options: &RunOptions, out: Box<dyn Write>) -> RunOutcome {
    run_source_with(path, text, options, &NativeRegistry::standard(), out)
}

/// [`run_source`] with the natives of `registry` (a host's own, e.g. raylib drawing into its
/// viewport, or a restricted capability set).
pub fn run_source_with(
    path: &str,
    text: String,
    options: &RunOptions,
    registry: &NativeRegistry,
    out: Box<dyn Write>,
) -> RunOutcome {
    let fail = |stderr: String| RunOutcome { status: 1, stderr };
    let (compiled, rendered) = match compile_source(path, text, options.no_implicit) {
        Ok(c) => c,
        Err(stderr) => return fail(stderr),
    };
    let mut host = HostState::with_output(out);
    if let Some(flag) = &options.interrupt {
        host.interrupt = Arc::clone(flag);
    }
    let mut vm = match Vm::new(compiled, registry, host, options.limits.clone()) {
        Ok(vm) => vm,
        Err(e) => return fail(format!("{rendered}{e}")),
    };
    if let Some(stats) = &options.stats {
        vm.publish_stats(Arc::clone(stats));
    }
    if let Some(to_host) = &options.debugger {
        let _ = to_host.send(vm.debugger());
    }
    if let Some(to_host) = &options.hot {
        let _ = to_host.send(vm.hot_reload(registry));
    }
    match vm.run_main() {
        Ok(status) => RunOutcome { status, stderr: rendered },
        Err(e) => {
            let status = if e.interrupted { EXIT_INTERRUPTED } else { 1 };
            RunOutcome { status, stderr: format!("{rendered}{e}") }
        }
    }
}
