//! Checking as you type, off the UI thread: the UI sends the text after every edit; the
//! checker thread waits until a file has been quiet for `DEBOUNCE`, then loads and checks it
//! (imports come from disk) and sends the diagnostics and the manifest's functions back,
//! converted for the widgets.

use crate::runner::WORKER_STACK;
use rae_engine::diag;
use rae_engine::driver::{self, LoadOptions};
use rae_engine::manifest::FunctionEntry;
use rae_widgets::{Diagnostic, FunctionRow, LineCol, Severity, SourceRange};
use std::collections::BTreeMap;
use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How long a file must be left alone before it is checked.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

struct CheckRequest {
    path: String,
    text: String,
}

/// The diagnostics of one check of the program rooted at `path` (its imports included).
#[derive(Clone, Debug)]
pub struct CheckResult {
    pub path: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The program's functions as its manifest lists them (for the inspector).
    pub functions: Vec<FunctionRow>,
    pub took: Duration,
}

pub struct Checker {
    requests: Sender<CheckRequest>,
    results: Receiver<CheckResult>,
}

impl Checker {
    /// Starts the checker thread; `notify` is called when a result is ready.
    pub fn spawn(notify: impl Fn() + Send + 'static) -> io::Result<Checker> {
        let (requests, request_rx) = mpsc::channel();
        let (result_tx, results) = mpsc::channel();
        std::thread::Builder::new().name("rae-check".into()).stack_size(WORKER_STACK).spawn(move || {
            while let Some(batch) = next_batch(&request_rx) {
                for (path, text) in batch {
                    if result_tx.send(check(path, text)).is_err() {
                        return;
                    }
                    notify();
                }
            }
        })?;
        Ok(Checker { requests, results })
    }

    /// Asks for a check of `text` as the file `path`, once the typing pauses.
    pub fn request(&self, path: &str, text: &str) {
        let _ = self.requests.send(CheckRequest { path: path.to_owned(), text: text.to_owned() });
    }

    pub fn poll(&self) -> Vec<CheckResult> {
        self.results.try_iter().collect()
    }

    /// Waits up to `timeout` for the next result (for tests).
    pub fn wait_result(&self, timeout: Duration) -> Option<CheckResult> {
        self.results.recv_timeout(timeout).ok()
    }
}

/// The latest text of every file asked for, once no request came for `DEBOUNCE`; `None` when
/// the UI is gone.
fn next_batch(requests: &Receiver<CheckRequest>) -> Option<BTreeMap<String, String>> {
    let first = requests.recv().ok()?;
    let mut batch = BTreeMap::from([(first.path, first.text)]);
    loop {
        match requests.recv_timeout(DEBOUNCE) {
            Ok(newer) => {
                batch.insert(newer.path, newer.text);
            }
            Err(RecvTimeoutError::Timeout) => return Some(batch),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// Loads and checks the program, exactly as `rae check` does.
pub fn check(path: String, text: String) -> CheckResult {
    let started = Instant::now();
    let (program, mut diags) = driver::load_source(&path, text, LoadOptions::default());
    let checked = rae_engine::check::check_program(&program);
    diags.extend(checked.diagnostics);
    diag::sort(&mut diags);
    let diagnostics = diags.iter().map(|d| convert(d, &program.sources)).collect();
    let functions = checked.manifest.functions.iter().map(function_row).collect();
    CheckResult { path, diagnostics, functions, took: started.elapsed() }
}

fn function_row(f: &FunctionEntry) -> FunctionRow {
    let mut links = Vec::new();
    if let Some(symbol) = &f.host_symbol {
        links.push(format!("C {symbol}"));
    }
    if let Some(key) = &f.registry_key {
        links.push(format!("native {key}"));
    }
    let kind = if f.native_only { format!("{} (native only)", f.kind.label()) } else { f.kind.label() };
    FunctionRow { module: f.module.clone(), kind, signature: f.signature(), links: links.join(", ") }
}

fn convert(d: &diag::Diagnostic, sources: &rae_engine::source::SourceMap) -> Diagnostic {
    let json = diag::to_json(d, sources);
    let range = match (json.file, json.line, json.column, json.end_line, json.end_column) {
        (Some(file), Some(line), Some(column), Some(end_line), Some(end_column)) => Some(SourceRange {
            file: file.to_owned(),
            start: LineCol::new(line, column),
            end: LineCol::new(end_line, end_column),
        }),
        _ => None,
    };
    let mut message = d.message.clone();
    for extra in d.labels.iter().map(|l| &l.message).chain(&d.notes).chain(&d.help) {
        message.push('\n');
        message.push_str(extra);
    }
    Diagnostic {
        severity: match d.severity {
            diag::Severity::Error => Severity::Error,
            diag::Severity::Warning => Severity::Warning,
        },
        code: d.code.to_owned(),
        message,
        range,
    }
}
