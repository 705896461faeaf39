//! Wren 0.4 (vendored with a poll for stopping runaway scripts: vendor/wren/README.md). Each
//! VM keeps everything in one module: the shared variables are its module variables and each
//! script function is a module variable holding a function,
//! `var rae__fn_N = Fn.new {|PARAMS| CODE }`, whose `{` is on the line of the Rae body's `{`
//! (so Wren's line numbers are lines of the .rae file). Scripts call each other by their Rae
//! name as Wren calls functions: `fib.call(n - 1)`. The VM has no module loader: `import`
//! reaches nothing.

mod ffi;

use super::budget::CallBudget;
use super::config::{Limit, VmSettings};
use super::marshal::key_order;
use super::registry::vm_factory;
use super::{stopped, ScriptError, ScriptVM, ScriptValue, Source, MAX_DEPTH};
use ffi::{Callbacks, Handle, Outcome, Report, SlotType, Vm};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

const LANG: &str = "wren";
/// Wren's reserved words, which a Rae parameter name must not be.
const KEYWORDS: &[&str] = &[
    "as",
    "break",
    "class",
    "construct",
    "continue",
    "else",
    "false",
    "for",
    "foreign",
    "if",
    "import",
    "in",
    "is",
    "null",
    "return",
    "static",
    "super",
    "this",
    "true",
    "var",
    "while",
];
/// The classes of Wren's core module, which every script sees.
const CORE: &[&str] = &[
    "Bool",
    "Class",
    "Fiber",
    "Fn",
    "List",
    "Map",
    "MapSequence",
    "MapEntry",
    "Null",
    "Num",
    "Object",
    "Range",
    "Sequence",
    "SkipSequence",
    "String",
    "StringByteSequence",
    "StringCodePointSequence",
    "System",
    "TakeSequence",
    "WhereSequence",
];
/// The first element of a list that stands for a map (the C API cannot list a map's keys).
const MAP_TAG: &str = "\u{1}rae.map";
/// Run once in every VM: `rae__flat` turns maps (at any depth) into tagged key/value lists.
const PRELUDE: &str = r#"
var rae__value = null
var rae__flat = null
rae__flat = Fn.new {|v, depth|
  if (depth > 100) Fiber.abort("maps and lists nested more than 100 deep (does one contain itself?)")
  if (v is Map) {
    var out = ["\x01rae.map"]
    for (k in v.keys) {
      out.add(rae__flat.call(k, depth + 1))
      out.add(rae__flat.call(v[k], depth + 1))
    }
    return out
  }
  if (v is List) return v.map {|x| rae__flat.call(x, depth + 1) }.toList
  return v
}
"#;

/// What a VM's callbacks collect.
#[derive(Default)]
struct Collected {
    output: String,
    reports: Vec<Report>,
}

pub struct WrenVm {
    vm: Vm,
    collected: Rc<RefCell<Collected>>,
    /// Each loaded function's module variable and call signature, by key.
    functions: HashMap<String, (String, Handle)>,
    /// The setter function of each shared variable set so far.
    setters: HashMap<String, String>,
    /// `call(_)` and `call(_,_)`, for setters and `rae__flat`.
    call1: Handle,
    call2: Handle,
    interrupt: Arc<AtomicBool>,
    budget: Arc<CallBudget>,
}

// Wren keeps the timeout; it counts no instructions and allocates through C's heap.
vm_factory!(WrenVm, |limit| limit == Limit::Timeout);

/// A VM whose reports and output go to `collected`, stopping when `poll` says so.
fn new_vm(collected: &Rc<RefCell<Collected>>, poll: Box<dyn Fn() -> bool>) -> Result<Vm, ScriptError> {
    let (out, reports) = (Rc::clone(collected), Rc::clone(collected));
    let mut vm = Vm::new(Callbacks {
        write: Box::new(move |text| out.borrow_mut().output.push_str(text)),
        report: Box::new(move |report| {
            // Only the innermost frame of a trace is kept (the line of the error).
            let mut reports = reports.borrow_mut();
            if !(matches!(report, Report::Trace { .. }) && matches!(reports.reports.last(), Some(Report::Trace { .. })))
            {
                reports.reports.push(report);
            }
        }),
        poll,
    })
    .ok_or_else(|| runtime(None, "the Wren VM could not start".into()))?;
    if vm.interpret(PRELUDE) != Outcome::Success {
        let reports = std::mem::take(&mut collected.borrow_mut().reports);
        return Err(runtime(None, format!("internal error: the Wren prelude failed: {reports:?}")));
    }
    Ok(vm)
}

fn runtime(line: Option<u32>, message: String) -> ScriptError {
    ScriptError::Runtime { lang: LANG.into(), line, message }
}

/// `var NAME = Fn.new {|PARAMS|` on the line before the body's `{`, then the body from the
/// rest of that line on (so a body is always a block of statements), then `}`.
fn definition(name: &str, source: &Source) -> String {
    let params = if source.params.is_empty() { String::new() } else { format!("|{}|", source.params.join(", ")) };
    let before = "\n".repeat(source.line.saturating_sub(2) as usize);
    format!("{before}var {name} = Fn.new {{{params}\n{}\n}}\n", source.code)
}

/// The compile errors among `reports`, as one syntax error at the first one's line (Wren
/// reports each error; the first is the cause). A name a function uses that nothing defines
/// yet is not a syntax error (`Error at 'x': Variable is used but not defined.`): the shared
/// variables and the other functions are defined when the program links.
fn syntax_error(reports: &[Report], source: &Source) -> Option<ScriptError> {
    let (line, message) = reports.iter().find_map(|r| match r {
        Report::Compile { line, message } if undefined_name(message).is_none() => Some((*line, message.clone())),
        _ => None,
    })?;
    let line = Some(line.clamp(source.line, source.last_line()));
    Some(ScriptError::Syntax { lang: LANG.into(), line, message })
}

/// The name of an `Error at 'NAME': Variable is used but not defined.` report.
fn undefined_name(message: &str) -> Option<&str> {
    let name = message.strip_prefix("Error at '")?.strip_suffix("': Variable is used but not defined.")?;
    Some(name)
}

/// The message and line of a runtime error from its reports: the message, then the stack
/// trace, innermost frame first.
fn runtime_error(reports: &[Report]) -> ScriptError {
    let message = reports.iter().find_map(|r| match r {
        Report::Runtime { message } => Some(message.clone()),
        _ => None,
    });
    let line = reports.iter().find_map(|r| match r {
        Report::Trace { line, .. } => Some(*line),
        _ => None,
    });
    runtime(line, message.unwrap_or_else(|| "the script failed".into()))
}

/// Checks that the body compiles, in a VM of its own (defining the function runs none of it).
fn check_syntax(source: &Source) -> Result<(), ScriptError> {
    undefined_names(source).map(drop)
}

/// Compiles the body in a VM of its own: its syntax error, or the names it uses that it does
/// not define (the shared variables and other functions, among others). A compile that fails
/// leaves what it declared in its module, which is why a VM that runs scripts compiles a
/// function only once this said it would compile.
fn undefined_names(source: &Source) -> Result<Vec<String>, ScriptError> {
    let collected = Rc::new(RefCell::new(Collected::default()));
    let mut vm = new_vm(&collected, Box::new(|| true))?;
    if vm.interpret(&definition("rae__check", source)) == Outcome::Success {
        return Ok(Vec::new());
    }
    let reports = &collected.borrow().reports;
    if let Some(e) = syntax_error(reports, source) {
        return Err(e);
    }
    Ok(reports
        .iter()
        .filter_map(|r| match r {
            Report::Compile { message, .. } => undefined_name(message).map(str::to_string),
            _ => None,
        })
        .collect())
}

/// Whether a REPL input is whole: Wren reports `Error at end of file` when more could follow.
fn is_complete(code: &str) -> bool {
    let collected = Rc::new(RefCell::new(Collected::default()));
    let Ok(mut vm) = new_vm(&collected, Box::new(|| true)) else { return true };
    // Wrapped in a function that is never called, so nothing of the input runs.
    vm.interpret(&format!("var rae__input = Fn.new {{\n{code}\n}}\n"));
    let reports = &collected.borrow().reports;
    !reports.iter().any(|r| matches!(r, Report::Compile { message, .. } if message.starts_with("Error at end of file")))
}

impl WrenVm {
    pub fn new(interrupt: Arc<AtomicBool>, settings: VmSettings) -> Result<WrenVm, ScriptError> {
        let budget = Arc::new(CallBudget::new(LANG, settings));
        let collected = Rc::new(RefCell::new(Collected::default()));
        let (flag, spending) = (Arc::clone(&interrupt), Arc::clone(&budget));
        let mut vm = new_vm(&collected, Box::new(move || stopped(&flag) || spending.over_time()))?;
        let (call1, call2) = (vm.call_handle("call(_)"), vm.call_handle("call(_,_)"));
        let (functions, setters) = (HashMap::new(), HashMap::new());
        Ok(WrenVm { vm, collected, functions, setters, call1, call2, interrupt, budget })
    }

    /// Runs `source` in the module, its reports taken.
    fn interpret(&mut self, source: &str) -> (Outcome, Vec<Report>) {
        let outcome = self.vm.interpret(source);
        (outcome, std::mem::take(&mut self.collected.borrow_mut().reports))
    }

    /// Runs top-level code the host wrote (definitions and assignments).
    fn run_host_code(&mut self, code: &str) -> Result<(), ScriptError> {
        match self.interpret(code) {
            (Outcome::Success, _) => Ok(()),
            (_, reports) => Err(self.failure(&reports)),
        }
    }

    /// Why a call or an input failed: a stop, or the script's error.
    fn failure(&self, reports: &[Report]) -> ScriptError {
        // The flag, not the message, says whether the run was stopped: a script cannot fake it.
        if stopped(&self.interrupt) {
            return ScriptError::Interrupted { lang: LANG.into() };
        }
        if let Some(limit) = self.budget.stopped() {
            return limit;
        }
        runtime_error(reports)
    }

    /// Declares module variable `name` (as `null`) unless it exists.
    fn declare(&mut self, name: &str) -> Result<(), ScriptError> {
        if self.vm.has_variable(name) {
            return Ok(());
        }
        self.run_host_code(&format!("var {name} = null\n"))
    }

    /// Puts `value` into `slot`, using the slots after it for its elements.
    fn put(&mut self, slot: i32, value: ScriptValue) {
        self.vm.ensure(slot + 3);
        match value {
            ScriptValue::None => self.vm.set_null(slot),
            ScriptValue::Int(n) => self.vm.set_num(slot, n as f64),
            ScriptValue::Float(x) => self.vm.set_num(slot, x),
            ScriptValue::Bool(b) => self.vm.set_bool(slot, b),
            ScriptValue::Str(s) => self.vm.set_str(slot, &s),
            ScriptValue::List(items) => {
                self.vm.set_new_list(slot);
                for item in items {
                    self.put(slot + 1, item);
                    self.vm.push(slot, slot + 1);
                }
            }
            ScriptValue::Record(fields) => {
                let entries = fields.into_iter().map(|(k, v)| (ScriptValue::Str(k), v)).collect();
                self.put(slot, ScriptValue::Map(entries));
            }
            ScriptValue::Map(entries) => {
                self.vm.set_new_map(slot);
                for (k, v) in entries {
                    self.put(slot + 1, k);
                    self.put(slot + 2, v);
                    self.vm.map_insert(slot, slot + 1, slot + 2);
                }
            }
        }
    }

    /// The value in `slot` (maps already flattened by `rae__flat`).
    fn take(&mut self, slot: i32, depth: usize) -> Result<ScriptValue, String> {
        Ok(match self.vm.slot_type(slot) {
            SlotType::Null => ScriptValue::None,
            SlotType::Bool => ScriptValue::Bool(self.vm.get_bool(slot)),
            SlotType::Num => number(self.vm.get_num(slot)),
            SlotType::String => ScriptValue::Str(
                String::from_utf8(self.vm.get_bytes(slot)).map_err(|_| "a string that is not UTF-8".to_string())?,
            ),
            SlotType::List if depth >= MAX_DEPTH => return Err(format!("lists nested more than {MAX_DEPTH} deep")),
            SlotType::List => {
                self.vm.ensure(slot + 2);
                let mut items = Vec::new();
                for i in 0..self.vm.list_count(slot) {
                    self.vm.list_element(slot, i, slot + 1);
                    items.push(self.take(slot + 1, depth + 1)?);
                }
                match items.split_first() {
                    Some((ScriptValue::Str(tag), rest)) if tag == MAP_TAG => {
                        let mut entries: Vec<_> = rest.chunks(2).map(|p| (p[0].clone(), p[1].clone())).collect();
                        entries.sort_by(|(a, _), (b, _)| key_order(a, b));
                        ScriptValue::Map(entries)
                    }
                    _ => ScriptValue::List(items),
                }
            }
            SlotType::Map => return Err("a map that was not flattened".into()),
            SlotType::Foreign | SlotType::Unknown => {
                return Err(
                    "a Wren object cannot cross into Rae (only numbers, booleans, strings, lists and maps can)".into()
                )
            }
        })
    }

    /// The value in slot 0 after a call, maps flattened through `rae__flat`.
    fn result(&mut self) -> Result<ScriptValue, ScriptError> {
        let value_error = |message: String| ScriptError::Value { lang: LANG.into(), message };
        if matches!(self.vm.slot_type(0), SlotType::List | SlotType::Map) {
            let value = self.vm.keep(0);
            self.vm.ensure(3);
            self.vm.get_variable("rae__flat", 0);
            self.vm.set_handle(1, &value);
            self.vm.set_num(2, 0.0);
            self.vm.release(value);
            if self.vm.call(&self.call2) != Outcome::Success {
                let reports = std::mem::take(&mut self.collected.borrow_mut().reports);
                return Err(self.failure(&reports));
            }
        }
        self.take(0, 0).map_err(value_error)
    }

    /// Calls the function in module variable `var` with `args`.
    fn call_variable(
        &mut self,
        var: &str,
        signature: &Handle,
        args: Vec<ScriptValue>,
    ) -> Result<ScriptValue, ScriptError> {
        let count = i32::try_from(args.len()).unwrap_or(i32::MAX);
        self.vm.ensure(count + 4);
        self.vm.get_variable(var, 0);
        for (i, arg) in (1..).zip(args) {
            // Each argument is built in the slots past the arguments, then moved into place.
            self.put(count + 1, arg);
            let kept = self.vm.keep(count + 1);
            self.vm.set_handle(i, &kept);
            self.vm.release(kept);
        }
        self.budget.start();
        match self.vm.call(signature) {
            Outcome::Success => self.result(),
            _ => {
                let reports = std::mem::take(&mut self.collected.borrow_mut().reports);
                Err(self.failure(&reports))
            }
        }
    }
}

/// A Wren number: an integer when it has an integer value that a double holds exactly.
fn number(x: f64) -> ScriptValue {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        ScriptValue::Int(x as i64)
    } else {
        ScriptValue::Float(x)
    }
}

impl ScriptVM for WrenVm {
    fn load_function(&mut self, source: &Source) -> Result<(), ScriptError> {
        // Names of functions loaded later (or of nothing): declared now, defined when their
        // turn comes (a name nothing defines stays `null`).
        for name in undefined_names(source)? {
            self.declare(&name)?;
        }
        let var = format!("rae__fn_{}", self.functions.len());
        let (outcome, reports) = self.interpret(&definition(&var, source));
        if outcome != Outcome::Success {
            return Err(syntax_error(&reports, source).unwrap_or_else(|| runtime_error(&reports)));
        }
        let blanks = vec!["_"; source.params.len()].join(",");
        let signature = self.vm.call_handle(&format!("call({blanks})"));
        self.functions.insert(source.name.to_string(), (var, signature));
        Ok(())
    }

    fn alias(&mut self, key: &str, name: &str) -> Result<(), ScriptError> {
        let Some((var, _)) = self.functions.get(key) else { return Ok(()) };
        let var = var.clone();
        self.declare(name)?;
        self.run_host_code(&format!("{name} = {var}\n"))
    }

    fn call(&mut self, name: &str, args: Vec<ScriptValue>) -> Result<ScriptValue, ScriptError> {
        let Some((var, signature)) = self.functions.get(name).cloned() else {
            return Err(ScriptError::Value { lang: LANG.into(), message: format!("no function '{name}' is loaded") });
        };
        self.call_variable(&var, &signature, args)
    }

    fn take_output(&mut self) -> String {
        std::mem::take(&mut self.collected.borrow_mut().output)
    }

    fn set_global(&mut self, name: &str, value: ScriptValue) -> Result<(), ScriptError> {
        let setter = match self.setters.get(name) {
            Some(setter) => setter.clone(),
            None => {
                self.declare(name)?;
                let setter = format!("rae__set_{}", self.setters.len());
                self.run_host_code(&format!("var {setter} = Fn.new {{|v| {name} = v }}\n"))?;
                self.setters.insert(name.to_string(), setter.clone());
                setter
            }
        };
        let call1 = self.call1;
        self.call_variable(&setter, &call1, vec![value]).map(|_| ())
    }

    fn get_global(&mut self, name: &str) -> Result<ScriptValue, ScriptError> {
        if !self.vm.has_variable(name) {
            return Ok(ScriptValue::None);
        }
        self.vm.ensure(1);
        self.vm.get_variable(name, 0);
        self.result()
    }

    fn memory(&self) -> Option<u64> {
        None
    }

    fn builtin(&self, name: &str) -> bool {
        CORE.contains(&name)
    }

    fn eval(&mut self, code: &str) -> Result<ScriptValue, ScriptError> {
        self.budget.start();
        // A one-line expression's value is kept; anything else runs as statements. Whether it
        // is an expression is asked of a VM of its own: a failed compile leaves names behind.
        let expression = format!("rae__value = ({})", code.trim_end());
        let probe = Source { name: "input", params: &[], code: &expression, line: 1 };
        if code.trim_end().contains('\n') || undefined_names(&probe).is_err() {
            self.run_statements(code)?;
            return Ok(ScriptValue::None);
        }
        match self.interpret(&format!("{expression}\n")) {
            (Outcome::Success, _) => self.get_global("rae__value"),
            (Outcome::CompileError, reports) => Err(runtime_error(&reports)),
            (Outcome::RuntimeError, reports) => Err(self.failure(&reports)),
        }
    }
}

impl WrenVm {
    /// A REPL input that is not an expression.
    fn run_statements(&mut self, code: &str) -> Result<(), ScriptError> {
        let source = Source { name: "input", params: &[], code, line: 1 };
        match self.interpret(&format!("{code}\n")) {
            (Outcome::Success, _) => Ok(()),
            (Outcome::CompileError, reports) => {
                Err(syntax_error(&reports, &source).unwrap_or_else(|| runtime_error(&reports)))
            }
            (Outcome::RuntimeError, reports) => Err(self.failure(&reports)),
        }
    }
}
