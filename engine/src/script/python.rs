//! Python through pyo3 and the system's CPython (feature `python`). Each script function is
//! compiled as `def f(PARAMS):` with the body indented under it, the `def` on the line before
//! the Rae body's `{`, so the body's lines are lines of the .rae file.
//!
//! CPython is one interpreter per process: every `PyVm` is its own global namespace (its
//! functions, its shared variables, its `print`) in that interpreter, and modules a script
//! imports are shared. Python is not a sandbox (docs/scripting.md, "Security").
//!
//! A runaway script is stopped from a watchdog thread per VM: while a call runs and the
//! interrupt flag is up, or the call is past its timeout (`rae.ron`), it raises
//! `KeyboardInterrupt` in the calling thread.

use super::budget::CallBudget;
use super::config::{Limit, VmSettings};
use super::registry::vm_factory;
use super::{stopped, ScriptError, ScriptVM, ScriptValue, Source, MAX_DEPTH};
use pyo3::exceptions::{PyKeyboardInterrupt, PyMemoryError, PySyntaxError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyCFunction, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::ThreadId;
use std::time::Duration;

const LANG: &str = "python";
/// How often the watchdog looks at the interrupt flag while a call runs.
const WATCH_EVERY: Duration = Duration::from_millis(5);
/// The name a function is defined under before it is taken out of the namespace.
const DEF_NAME: &str = "__rae_def__";
/// Python's reserved words, which a Rae parameter name must not be.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// Run in every namespace, given `__rae_write__` (which appends to the VM's output): `print`
/// writes there, formatted by Python's own.
const PRELUDE: &str = r#"
import builtins as __rae_builtins__, types as __rae_types__
__rae_out__ = __rae_types__.SimpleNamespace(write=__rae_write__, flush=lambda: None)
del __rae_write__
def print(*args, sep=" ", end="\n", file=None, flush=False):
    __rae_builtins__.print(*args, sep=sep, end=end, file=__rae_out__ if file is None else file, flush=flush)
"#;

// The watchdog sees time; CPython's heap is the process's and its instructions go uncounted.
vm_factory!(PyVm, |limit| limit == Limit::Timeout);

/// What the watchdog thread shares with its VM.
struct Watch {
    /// The Python id of the thread inside a call of this VM, 0 when none is.
    running: AtomicU64,
    /// Calls started so far: a stop is raised only in the call it was meant for.
    calls: AtomicU64,
    /// The VM is gone: the watchdog ends.
    closed: AtomicBool,
    interrupt: Arc<AtomicBool>,
    budget: CallBudget,
}

impl Watch {
    /// The call running now and its thread, if it must stop (interrupted, or past its timeout).
    fn to_stop(&self) -> Option<(u64, u64)> {
        let (thread, call) = (self.running.load(Ordering::Acquire), self.calls.load(Ordering::Acquire));
        (thread != 0 && (self.interrupt.load(Ordering::Relaxed) || self.budget.over_time())).then_some((thread, call))
    }
}

pub struct PyVm {
    namespace: Py<PyDict>,
    functions: HashMap<String, Py<PyAny>>,
    /// The names Python starts with (its builtins, the prelude's), which Rae's globals do not
    /// replace.
    builtins: HashSet<String>,
    watch: Arc<Watch>,
    /// The Python id of the thread that called last (asking Python costs a microsecond).
    caller: Cell<Option<(ThreadId, u64)>>,
    /// What `print` wrote since the last call (Python's objects must be `Send`).
    output: Arc<Mutex<String>>,
}

fn failed(e: impl ToString) -> ScriptError {
    ScriptError::Runtime { lang: LANG.into(), line: None, message: e.to_string() }
}

fn value_error(message: impl ToString) -> ScriptError {
    ScriptError::Value { lang: LANG.into(), message: message.to_string() }
}

/// The `def` of a function: its header on the line before the body's `{` line, then the body
/// as written, with the rest of the `{` line at the indent of the body's first statement.
/// Lines keep their text (a multi-line string too); only a body written at column 0 is
/// indented, by four spaces. A closing `pass` makes a body of comments a function too.
fn definition(source: &Source) -> String {
    let mut lines = source.code.split('\n');
    let first = lines.next().unwrap_or_default().trim();
    let rest: Vec<&str> = lines.collect();
    // Python sets a block's indent by its first statement; comment lines do not count.
    let statement = rest.iter().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let indent = statement.map_or("", |l| &l[..l.len() - l.trim_start_matches([' ', '\t']).len()]);
    let (indent, added) = if indent.is_empty() { ("    ", "    ") } else { (indent, "") };
    // The header takes the line before the `{` (a body on line 1 of a file ends up one late).
    let mut text = "\n".repeat(source.line.saturating_sub(2) as usize);
    text.push_str(&format!("def {DEF_NAME}({}):\n", source.params.join(", ")));
    if !first.is_empty() {
        text.push_str(indent);
        text.push_str(first);
    }
    for line in rest {
        text.push('\n');
        if !line.trim().is_empty() {
            text.push_str(added);
        }
        text.push_str(line);
    }
    text.push_str(&format!("\n{indent}pass\n"));
    text
}

/// `code` compiled in `mode` (`exec`, `eval`, `single`) and named `name` in messages.
fn compiled<'py>(py: Python<'py>, code: &str, name: &str, mode: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("builtins")?.getattr("compile")?.call1((code, name, mode, 0, true))
}

/// `code` compiled in `mode`, named as `source`; a syntax error is at a line of `source`.
fn compiled_source<'py>(
    py: Python<'py>,
    code: &str,
    source: &Source,
    mode: &str,
) -> Result<Bound<'py, PyAny>, ScriptError> {
    compiled(py, code, source.name, mode).map_err(|e| match e.is_instance_of::<PySyntaxError>(py) {
        true => syntax_error(py, source, &e),
        false => failed(e),
    })
}

fn syntax_error(py: Python<'_>, source: &Source, e: &PyErr) -> ScriptError {
    let value = e.value(py);
    let line = value.getattr("lineno").ok().and_then(|l| l.extract::<u32>().ok());
    let message = value.getattr("msg").ok().and_then(|m| m.extract::<String>().ok()).unwrap_or_else(|| e.to_string());
    ScriptError::Syntax { lang: LANG.into(), line: line.map(|l| l.min(source.last_line())), message }
}

/// Checks that the body parses: compiling a `def` runs nothing.
fn check_syntax(source: &Source) -> Result<(), ScriptError> {
    pyo3::prepare_freethreaded_python();
    Python::with_gil(|py| compiled_source(py, &definition(source), source, "exec").map(|_| ()))
}

/// Whether a REPL input (lines, each with its newline) is whole, as Python's interactive
/// prompt decides it (`codeop`): a block ends with an empty line; an input that cannot parse
/// is whole (its error is shown).
fn is_complete(code: &str) -> bool {
    let code = code.strip_suffix('\n').unwrap_or(code);
    pyo3::prepare_freethreaded_python();
    Python::with_gil(|py| {
        let command = py.import("codeop").and_then(|m| m.getattr("compile_command")?.call1((code, "input", "single")));
        !matches!(command, Ok(c) if c.is_none())
    })
}

/// Raises `exception` in the Python thread `thread` the next time it runs Python code, or with
/// `None` withdraws one not raised yet.
#[allow(unsafe_code)]
fn async_exception(_gil: Python<'_>, thread: u64, exception: Option<&Bound<'_, PyType>>) {
    let exception = exception.map_or(std::ptr::null_mut(), |e| e.as_ptr());
    // SAFETY: `_gil` proves the GIL is held, which is all the function asks (pyo3 types the
    // thread id `long`, CPython `unsigned long`: the cast keeps its bits); `exception` is an
    // exception class alive for the call (or null: clear), and an unknown thread id is ignored.
    unsafe { pyo3::ffi::PyThreadState_SetAsyncExc(thread as std::os::raw::c_long, exception) };
}

/// Watches `watch` until its VM is gone: while a call runs and must stop, raises
/// `KeyboardInterrupt` in the calling thread (again every few milliseconds, should the script
/// catch it). The memory cap is seen by `print` instead: it is counted per thread.
fn watchdog(watch: Arc<Watch>) {
    while !watch.closed.load(Ordering::Relaxed) {
        std::thread::sleep(WATCH_EVERY);
        let Some(seen) = watch.to_stop() else { continue };
        Python::with_gil(|py| {
            // The call may have ended while the GIL was awaited, and the next one begun.
            if watch.to_stop() == Some(seen) {
                async_exception(py, seen.0, Some(&py.get_type::<PyKeyboardInterrupt>()));
            }
        });
    }
}

fn to_py(py: Python<'_>, v: ScriptValue) -> PyResult<Bound<'_, PyAny>> {
    Ok(match v {
        ScriptValue::None => py.None().into_bound(py),
        ScriptValue::Int(n) => PyInt::new(py, n).into_any(),
        ScriptValue::Float(x) => PyFloat::new(py, x).into_any(),
        ScriptValue::Bool(b) => PyBool::new(py, b).to_owned().into_any(),
        ScriptValue::Str(s) => PyString::new(py, &s).into_any(),
        ScriptValue::List(items) => {
            let list = PyList::empty(py);
            for x in items {
                list.append(to_py(py, x)?)?;
            }
            list.into_any()
        }
        ScriptValue::Record(fields) => {
            let dict = PyDict::new(py);
            for (k, x) in fields {
                dict.set_item(k, to_py(py, x)?)?;
            }
            dict.into_any()
        }
        ScriptValue::Map(entries) => {
            let dict = PyDict::new(py);
            for (k, x) in entries {
                dict.set_item(to_py(py, k)?, to_py(py, x)?)?;
            }
            dict.into_any()
        }
    })
}

/// A Python value as a script value: a list or tuple is a list, a dict (or an object's
/// attributes, as `vars` gives them) a map in its own order.
fn from_py(v: &Bound<'_, PyAny>, depth: usize) -> Result<ScriptValue, String> {
    let shown = |e: PyErr| e.to_string();
    if v.is_none() {
        return Ok(ScriptValue::None);
    }
    // `bool` is a subclass of `int`: it is asked first.
    if let Ok(b) = v.downcast::<PyBool>() {
        return Ok(ScriptValue::Bool(b.is_true()));
    }
    if v.is_instance_of::<PyInt>() {
        return v.extract().map(ScriptValue::Int).map_err(|_| format!("the Python int {v} does not fit an Int"));
    }
    if let Ok(x) = v.downcast::<PyFloat>() {
        return Ok(ScriptValue::Float(x.value()));
    }
    if let Ok(s) = v.downcast::<PyString>() {
        return s.to_str().map(|s| ScriptValue::Str(s.to_string())).map_err(shown);
    }
    let type_name = || v.get_type().name().map(|n| n.to_string()).unwrap_or_default();
    if depth >= MAX_DEPTH {
        return Err(format!("values nested more than {MAX_DEPTH} deep (does a {} contain itself?)", type_name()));
    }
    if let Ok(list) = v.downcast::<PyList>() {
        return list.iter().map(|x| from_py(&x, depth + 1)).collect::<Result<_, _>>().map(ScriptValue::List);
    }
    if let Ok(tuple) = v.downcast::<PyTuple>() {
        return tuple.iter().map(|x| from_py(&x, depth + 1)).collect::<Result<_, _>>().map(ScriptValue::List);
    }
    let dict = match v.downcast::<PyDict>() {
        Ok(dict) => dict.clone(),
        Err(_) => match v.getattr("__dict__").ok().and_then(|d| d.downcast_into::<PyDict>().ok()) {
            Some(dict) if !v.is_callable() && !v.is_instance_of::<PyType>() => dict,
            _ => return Err(format!("a Python {} cannot cross into Rae", type_name())),
        },
    };
    let entries = dict.iter().map(|(k, x)| Ok((from_py(&k, depth + 1)?, from_py(&x, depth + 1)?)));
    entries.collect::<Result<_, String>>().map(ScriptValue::Map)
}

impl PyVm {
    pub fn new(interrupt: Arc<AtomicBool>, settings: VmSettings) -> Result<PyVm, ScriptError> {
        pyo3::prepare_freethreaded_python();
        let output = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&output);
        let (namespace, builtins) = Python::with_gil(|py| -> PyResult<_> {
            let namespace = PyDict::new(py);
            let write = PyCFunction::new_closure(py, None, None, move |args, _| -> PyResult<usize> {
                // CPython's own heap is not counted, but what a script prints is.
                if crate::alloc::over_cap() {
                    return Err(PyMemoryError::new_err("memory limit exceeded"));
                }
                let text: String = args.get_item(0)?.extract()?;
                sink.lock().unwrap_or_else(PoisonError::into_inner).push_str(&text);
                Ok(text.chars().count())
            })?;
            namespace.set_item("__rae_write__", write)?;
            let prelude = compiled(py, PRELUDE, "prelude", "exec")?;
            py.import("builtins")?.getattr("exec")?.call1((prelude, &namespace))?;
            let mut builtins: HashSet<String> = namespace.keys().iter().map(|k| k.to_string()).collect();
            builtins.extend(py.import("builtins")?.dir()?.iter().map(|k| k.to_string()));
            Ok((namespace.unbind(), builtins))
        })
        .map_err(failed)?;
        let watch = Arc::new(Watch {
            running: AtomicU64::new(0),
            calls: AtomicU64::new(0),
            closed: AtomicBool::new(false),
            interrupt,
            budget: CallBudget::new(LANG, settings),
        });
        let watching = Arc::clone(&watch);
        std::thread::Builder::new().name("python watchdog".into()).spawn(move || watchdog(watching)).map_err(failed)?;
        Ok(PyVm { namespace, functions: HashMap::new(), builtins, watch, caller: Cell::new(None), output })
    }

    /// Runs `work` as a call the watchdog may stop. A stop raised too late to land in it is
    /// withdrawn, so that it cannot hit the next call.
    fn guarded<'py, T>(&self, py: Python<'py>, work: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
        let me = std::thread::current().id();
        let thread = match self.caller.get() {
            Some((id, thread)) if id == me => thread,
            _ => {
                let thread: u64 = py.import("threading")?.getattr("get_ident")?.call0()?.extract()?;
                self.caller.set(Some((me, thread)));
                thread
            }
        };
        self.watch.budget.start();
        self.watch.calls.fetch_add(1, Ordering::AcqRel);
        self.watch.running.store(thread, Ordering::Release);
        let result = work();
        self.watch.running.store(0, Ordering::Release);
        async_exception(py, thread, None);
        result
    }

    /// A runtime error: its class and message, at the innermost line of this VM's functions.
    fn runtime_error(&self, py: Python<'_>, e: &PyErr) -> ScriptError {
        // The flag, not the exception, says whether the run was stopped: a script cannot fake it.
        if stopped(&self.watch.interrupt) {
            return ScriptError::Interrupted { lang: LANG.into() };
        }
        if let Some(limit) = self.watch.budget.stopped() {
            return limit;
        }
        let mut line = None;
        let mut frame = e.traceback(py).map(Bound::into_any);
        while let Some(tb) = frame.filter(|tb| !tb.is_none()) {
            let file = tb.getattr("tb_frame").and_then(|f| f.getattr("f_code")?.getattr("co_filename"));
            let ours = file
                .ok()
                .and_then(|f| f.extract::<String>().ok())
                .is_some_and(|f| f == "input" || self.functions.contains_key(&f));
            if ours {
                line = tb.getattr("tb_lineno").ok().and_then(|l| l.extract::<u32>().ok());
            }
            frame = tb.getattr("tb_next").ok();
        }
        let kind = e.get_type(py).name().map(|n| n.to_string()).unwrap_or_else(|_| "Exception".into());
        let text = e.value(py).str().map(|s| s.to_string()).unwrap_or_default();
        let message = if text.is_empty() { kind } else { format!("{kind}: {text}") };
        ScriptError::Runtime { lang: LANG.into(), line, message }
    }
}

impl Drop for PyVm {
    fn drop(&mut self) {
        self.watch.closed.store(true, Ordering::Relaxed);
    }
}

impl ScriptVM for PyVm {
    fn load_function(&mut self, source: &Source) -> Result<(), ScriptError> {
        let function = Python::with_gil(|py| {
            let code = compiled_source(py, &definition(source), source, "exec")?;
            let namespace = self.namespace.bind(py);
            let exec = py.import("builtins").and_then(|b| b.getattr("exec")).map_err(failed)?;
            exec.call1((code, namespace)).map_err(failed)?;
            let function =
                namespace.get_item(DEF_NAME).map_err(failed)?.ok_or_else(|| failed("no function defined"))?;
            namespace.del_item(DEF_NAME).map_err(failed)?;
            Ok(function.unbind())
        })?;
        self.functions.insert(source.name.to_string(), function);
        Ok(())
    }

    fn alias(&mut self, key: &str, name: &str) -> Result<(), ScriptError> {
        Python::with_gil(|py| match self.functions.get(key) {
            Some(function) => self.namespace.bind(py).set_item(name, function.bind(py)).map_err(failed),
            None => Ok(()),
        })
    }

    fn call(&mut self, name: &str, args: Vec<ScriptValue>) -> Result<ScriptValue, ScriptError> {
        Python::with_gil(|py| {
            let Some(function) = self.functions.get(name) else {
                return Err(value_error(format!("no function '{name}' is loaded")));
            };
            let args = args.into_iter().map(|a| to_py(py, a)).collect::<PyResult<Vec<_>>>().map_err(value_error)?;
            let args = PyTuple::new(py, args).map_err(value_error)?;
            let result = self.guarded(py, || function.bind(py).call1(args)).map_err(|e| self.runtime_error(py, &e))?;
            from_py(&result, 0).map_err(value_error)
        })
    }

    fn take_output(&mut self) -> String {
        std::mem::take(&mut *self.output.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn set_global(&mut self, name: &str, value: ScriptValue) -> Result<(), ScriptError> {
        Python::with_gil(|py| self.namespace.bind(py).set_item(name, to_py(py, value)?)).map_err(value_error)
    }

    fn get_global(&mut self, name: &str) -> Result<ScriptValue, ScriptError> {
        Python::with_gil(|py| match self.namespace.bind(py).get_item(name).map_err(value_error)? {
            Some(value) => from_py(&value, 0).map_err(value_error),
            None => Ok(ScriptValue::None),
        })
    }

    fn memory(&self) -> Option<u64> {
        // CPython allocates with its own allocator, shared by every VM of the process.
        None
    }

    fn builtin(&self, name: &str) -> bool {
        self.builtins.contains(name)
    }

    fn eval(&mut self, code: &str) -> Result<ScriptValue, ScriptError> {
        let source = Source { name: "input", params: &[], code, line: 1 };
        Python::with_gil(|py| {
            let (code, expression) = match compiled(py, code, "input", "eval") {
                Ok(code) => (code, true),
                Err(_) => (compiled_source(py, code, &source, "exec")?, false),
            };
            let run = if expression { "eval" } else { "exec" };
            let namespace = self.namespace.bind(py);
            let builtins = py.import("builtins").map_err(failed)?;
            let result = self
                .guarded(py, || builtins.getattr(run)?.call1((code, namespace)))
                .map_err(|e| self.runtime_error(py, &e))?;
            from_py(&result, 0).map_err(value_error)
        })
    }
}
