//! Watching a program's source files (the root and every file it imports) and compiling each
//! saved version. Directories are watched rather than files, because editors often save by
//! writing a new file and renaming it over the old one; a debouncer turns the burst of events
//! one save makes into one reload. A file counts as saved only when its bytes changed: reading
//! a file (as compiling does) makes events too, and a touch changes nothing.

use crate::build::launch::is_compiled;
use crate::build::raepkg::{open_bundle, BUNDLE_JSON};
use crate::bytecode::chunk::CompiledProgram;
use crate::bytecode::format;
use crate::script::VmConfig;
use crate::vm::compile_source_files;
use notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// Events closer together than this are one save.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// One version of the program: its bytecode (with warnings) or the diagnostics that stopped
/// it, and the files it was read from.
pub struct Version {
    pub program: Result<(CompiledProgram, String), String>,
    pub files: Vec<PathBuf>,
    /// A bundle's project file (`rae.ron`), which configures the script VMs of the runs of
    /// this version; `None` for sources and bytecode files, whose runs keep their own.
    pub scripts: Option<VmConfig>,
}

/// Reads and compiles the program rooted at `path`. A `.raepkg` bundle or a `.raeb` file is
/// read as its verified bytecode instead: a bundle rebuilt in place is the next version.
pub fn compile_file(path: &Path, no_implicit: bool) -> Version {
    if is_compiled(path) {
        return read_compiled(path);
    }
    let shown = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let (program, files) = compile_source_files(&shown, text, no_implicit);
            let files = files.into_iter().map(PathBuf::from).filter(|f| f.is_file()).collect();
            Version { program, files, scripts: None }
        }
        Err(e) => Version {
            program: Err(format!("error: cannot read {shown}: {e}\n")),
            files: vec![path.to_path_buf()],
            scripts: None,
        },
    }
}

/// A bundle's or bytecode file's program; a bundle is watched through its `bundle.json` (which
/// holds the entry's hash) and its entry bytecode.
fn read_compiled(path: &Path) -> Version {
    let (program, files, scripts) = if path.is_dir() {
        match open_bundle(path) {
            Ok(b) => (Ok(b.program), vec![path.join(BUNDLE_JSON), path.join(b.info.entry)], Some(b.scripts)),
            Err(e) => (Err(e.to_string()), vec![path.join(BUNDLE_JSON)], None),
        }
    } else {
        let program = std::fs::read(path)
            .map_err(|e| format!("cannot read '{}': {e}", path.display()))
            .and_then(|bytes| format::read(&bytes).map_err(|e| format!("'{}': {e}", path.display())));
        (program, vec![path.to_path_buf()], None)
    };
    let program = program.map(|p| (p.into_program(), String::new())).map_err(|e| format!("error: {e}\n"));
    Version { program, files, scripts }
}

/// Watches the files of a program and hands out each version saved.
pub struct SourceWatch {
    root: PathBuf,
    no_implicit: bool,
    debouncer: Debouncer<notify::RecommendedWatcher>,
    events: Receiver<DebounceEventResult>,
    dirs: BTreeSet<PathBuf>,
    /// Each watched file and its bytes as last seen (`None`: unreadable).
    files: BTreeMap<PathBuf, Option<Vec<u8>>>,
}

impl SourceWatch {
    /// Starts watching `files` (those of the version running) of the program rooted at `root`.
    pub fn new(root: &Path, files: &[PathBuf], no_implicit: bool) -> Result<SourceWatch, String> {
        let (tx, events) = mpsc::channel();
        let debouncer = new_debouncer(DEBOUNCE, tx).map_err(|e| format!("cannot watch files: {e}"))?;
        let mut watch = SourceWatch {
            root: root.to_path_buf(),
            no_implicit,
            debouncer,
            events,
            dirs: BTreeSet::new(),
            files: BTreeMap::new(),
        };
        watch.follow(files)?;
        Ok(watch)
    }

    /// Blocks until a watched file is saved, then compiles the program again; `None` once the
    /// watcher has stopped.
    pub fn next_version(&mut self) -> Option<Version> {
        loop {
            let Ok(batch) = self.events.recv() else { return None };
            let mut saved = false;
            for event in batch.unwrap_or_default() {
                if let Some(seen) = self.files.get_mut(&canonical(&event.path)) {
                    let now = std::fs::read(&event.path).ok();
                    saved |= now != *seen;
                    *seen = now;
                }
            }
            // A bundle being rebuilt is complete once its `bundle.json` (written last) is back.
            let complete = !self.root.is_dir() || self.root.join(BUNDLE_JSON).is_file();
            if saved && complete {
                let version = compile_file(&self.root, self.no_implicit);
                // A new import is watched from now on.
                let _ = self.follow(&version.files);
                return Some(version);
            }
        }
    }

    fn follow(&mut self, files: &[PathBuf]) -> Result<(), String> {
        // A bundle is a directory that a rebuild deletes and writes again: its files stand for
        // it, and the directory holding it is watched with everything below.
        let bundle = self.root.is_dir().then(|| canonical(&self.root));
        let root = Some(self.root.clone()).filter(|_| bundle.is_none());
        for file in files.iter().chain(root.iter()) {
            let file = canonical(file);
            let dir = match &bundle {
                Some(b) => b.parent().map(Path::to_path_buf),
                None => file.parent().map(Path::to_path_buf),
            };
            let Some(dir) = dir else { continue };
            if self.dirs.insert(dir.clone()) {
                let mode = if bundle.is_some() { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
                self.debouncer
                    .watcher()
                    .watch(&dir, mode)
                    .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
            }
            if let std::collections::btree_map::Entry::Vacant(entry) = self.files.entry(file) {
                let bytes = std::fs::read(entry.key()).ok();
                entry.insert(bytes);
            }
        }
        Ok(())
    }
}

/// The path with its directory resolved (the file itself may be gone between two writes).
fn canonical(path: &Path) -> PathBuf {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (dir.canonicalize(), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}
