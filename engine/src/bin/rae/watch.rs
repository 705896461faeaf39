//! `rae run --watch FILE`: runs the program on the VM and hot-reloads it whenever the file or
//! one of its imports is saved (`rae_engine::hot`). Each reload prints a `[hot-patch]` line on
//! stderr; a save that does not compile prints its diagnostics and the program keeps running.
//! When the program ends (or stops on a runtime error), the next save runs it again; Ctrl-C
//! quits.

use rae_engine::build::launch::{ctrl_c_flag, LaunchOptions};
use rae_engine::host::{HostState, NativeRegistry};
use rae_engine::hot::watch::{compile_file, SourceWatch, Version};
use rae_engine::hot::{HotController, HotEvent};
use rae_engine::vm::{Vm, EXIT_INTERRUPTED};
use std::io::LineWriter;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The run a saved version goes to; between runs, versions queue for the next one.
type Target = Arc<Mutex<Option<Arc<HotController>>>>;

pub fn run(path: &str, options: LaunchOptions, no_implicit: bool) -> u8 {
    let root = PathBuf::from(path);
    let first = compile_file(&root, no_implicit);
    let watch = match SourceWatch::new(&root, &first.files, no_implicit) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let interrupt = ctrl_c_flag();
    let target: Target = Arc::new(Mutex::new(None));
    let (queue_tx, queue) = mpsc::channel();
    let shared = Arc::clone(&target);
    std::thread::spawn(move || watch_files(watch, &shared, &queue_tx));
    let registry = NativeRegistry::standard();
    let mut version = first;
    loop {
        match version.program {
            Ok((program, warnings)) => {
                eprint!("{warnings}");
                let mut host = HostState::with_output(Box::new(LineWriter::new(std::io::stdout())));
                host.interrupt = Arc::clone(&interrupt);
                // A bundle's project file configures its script VMs, as in `rae run app.raepkg`.
                let mut limits = options.limits.clone();
                if let Some(scripts) = version.scripts {
                    limits.scripts = scripts;
                }
                let mut vm = match Vm::new(program, &registry, host, limits) {
                    Ok(vm) => vm,
                    Err(e) => {
                        eprint!("{e}");
                        return 1;
                    }
                };
                let (ctl, events) = vm.hot_reload(&registry);
                std::thread::spawn(move || events.iter().for_each(|e| eprintln!("{e}")));
                *lock(&target) = Some(ctl);
                let result = vm.run_main();
                *lock(&target) = None;
                drop(vm);
                let status = match result {
                    Ok(status) => status,
                    Err(e) if e.interrupted => {
                        eprint!("{e}");
                        return EXIT_INTERRUPTED as u8;
                    }
                    Err(e) => {
                        eprint!("{e}");
                        1
                    }
                };
                eprintln!("[hot-patch] the program ended with exit status {status}; save a file to run it again, Ctrl-C quits");
            }
            Err(diagnostics) => {
                eprint!("{diagnostics}");
                eprintln!("[hot-patch] waiting for a version that compiles; Ctrl-C quits");
            }
        }
        match next_version(&queue, &interrupt) {
            Some(v) => version = v,
            None => return EXIT_INTERRUPTED as u8,
        }
    }
}

/// Compiles every saved version: a running program gets it as a hot reload (or, broken, as
/// diagnostics), otherwise it waits in `queue` for the next run.
fn watch_files(mut watch: SourceWatch, target: &Target, queue: &mpsc::Sender<Version>) {
    while let Some(version) = watch.next_version() {
        let running = lock(target).clone();
        match (running, version.program) {
            (Some(ctl), Ok((program, warnings))) => {
                eprint!("{warnings}");
                ctl.propose(program);
            }
            (Some(ctl), Err(diagnostics)) => ctl.report(HotEvent::Broken(diagnostics)),
            (None, program) => {
                if queue.send(Version { program, ..version }).is_err() {
                    return;
                }
            }
        }
    }
}

/// The next version saved between runs; `None` on Ctrl-C.
fn next_version(queue: &Receiver<Version>, interrupt: &AtomicBool) -> Option<Version> {
    loop {
        if interrupt.load(Ordering::SeqCst) {
            return None;
        }
        match queue.recv_timeout(Duration::from_millis(50)) {
            // Only the newest of the saves made while nothing ran is worth running.
            Ok(version) => return Some(queue.try_iter().last().unwrap_or(version)),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

fn lock(target: &Target) -> std::sync::MutexGuard<'_, Option<Arc<HotController>>> {
    target.lock().unwrap_or_else(|p| p.into_inner())
}
