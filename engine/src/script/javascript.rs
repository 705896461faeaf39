//! JavaScript through QuickJS (rquickjs, feature `javascript`). Each script function is
//! evaluated once as `(function(params) {CODE\n})`, so line 1 of the code is the line of the
//! Rae body's `{`. QuickJS has no file, process or network access of its own (its `std` and
//! `os` modules are not loaded); `print` and `console.log` write to the program's output.

use super::budget::CallBudget;
use super::config::{Limit, VmSettings};
use super::registry::vm_factory;
use super::{stopped, ScriptError, ScriptVM, ScriptValue, Source, MAX_DEPTH};
use rquickjs::function::Rest;
use rquickjs::{Array, CatchResultExt, CaughtError, Context, Ctx, Function, Object, Persistent, Runtime, Value};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const LANG: &str = "javascript";
/// The words a JavaScript function's parameter cannot be (strict mode's included).
const KEYWORDS: &[&str] = &[
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "let",
    "static",
    "implements",
    "interface",
    "package",
    "private",
    "protected",
    "public",
    "await",
    "arguments",
    "eval",
];

pub struct JsVm {
    context: Context,
    functions: HashMap<String, Persistent<Function<'static>>>,
    /// The globals JavaScript starts with, which Rae's globals do not replace.
    builtins: HashSet<String>,
    output: Rc<RefCell<String>>,
    interrupt: Arc<AtomicBool>,
    budget: Arc<CallBudget>,
    /// Keeps the runtime (which owns the context's memory) alive; declared last, dropped last.
    runtime: Runtime,
}

// QuickJS's interrupt handler sees time, its allocator the heap; it counts no instructions.
vm_factory!(JsVm, |limit| limit != Limit::Instructions);

fn wrapped(source: &Source) -> String {
    source.padded(&format!("(function({}) {{{}\n}})", source.params.join(", "), source.code))
}

fn failed(e: impl ToString) -> ScriptError {
    ScriptError::Runtime { lang: LANG.into(), line: None, message: e.to_string() }
}

/// The line of `name:LINE:COL` in a QuickJS stack trace (the innermost frame of our code).
fn stack_line(name: &str, stack: &str) -> Option<u32> {
    let at = stack.find(&format!("{name}:"))? + name.len() + 1;
    stack[at..].split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// The message and line of a caught exception.
fn caught(name: &str, e: CaughtError) -> (Option<u32>, String) {
    match e {
        CaughtError::Exception(ex) => {
            let line = ex.stack().and_then(|s| stack_line(name, &s));
            let kind = kind_of(&ex);
            let message = ex.message().unwrap_or_default();
            (line, format!("{}: {message}", kind.unwrap_or_else(|| "Error".into())))
        }
        CaughtError::Value(v) => (None, format!("uncaught {}", describe(&v))),
        CaughtError::Error(e) => (None, e.to_string()),
    }
}

fn describe(v: &Value) -> String {
    match v.as_string().and_then(|s| s.to_string().ok()) {
        Some(s) => format!("\"{s}\""),
        None => v.type_name().to_string(),
    }
}

fn syntax_error(source: &Source, e: CaughtError) -> ScriptError {
    let (line, message) = caught(source.name, e);
    let message = message.strip_prefix("SyntaxError: ").unwrap_or(&message).to_string();
    ScriptError::Syntax { lang: LANG.into(), line: line.map(|l| l.min(source.last_line())), message }
}

/// Evaluates `code` as a global, sloppy-mode script named `name` in messages.
fn evaluated<'js>(ctx: &Ctx<'js>, code: String, name: &str) -> Result<Value<'js>, CaughtError<'js>> {
    let mut options = rquickjs::context::EvalOptions::default();
    options.global = true;
    options.strict = false;
    options.filename = Some(name.to_string());
    ctx.eval_with_options(code, options).catch(ctx)
}

fn eval_function<'js>(ctx: &Ctx<'js>, source: &Source) -> Result<Function<'js>, ScriptError> {
    let value = evaluated(ctx, wrapped(source), source.name).map_err(|e| syntax_error(source, e))?;
    value.into_function().ok_or_else(|| failed(format!("'{}' did not evaluate to a function", source.name)))
}

/// What a syntax check may allocate (a bare context needs about 1 MB).
const CHECK_MEMORY: usize = 32 << 20;

/// Checks that the body parses, running none of it: the function expression is compiled as a
/// module that is only declared. A module is strict, so a body that only sloppy mode accepts
/// (`with`, `010`) is confirmed by evaluating the expression, which runs none of the body; but
/// what follows an early close of the wrapper (`/[{]/; }); …; (function() {`: Rae's lexer
/// does not know regex literals) would run, so that context has nothing of the host, a small
/// heap, and stops at its first interrupt poll.
fn check_syntax(source: &Source) -> Result<(), ScriptError> {
    let runtime = Runtime::new().map_err(failed)?;
    runtime.set_memory_limit(CHECK_MEMORY);
    // Raised before the evaluation: the syntax error's stack is read with it down.
    let evaluating = Arc::new(AtomicBool::new(false));
    let stop = Arc::clone(&evaluating);
    runtime.set_interrupt_handler(Some(Box::new(move || stop.load(Ordering::Relaxed))));
    let context = Context::full(&runtime).map_err(failed)?;
    context.with(|ctx| {
        let declared = rquickjs::Module::declare(ctx.clone(), source.name, wrapped(source)).catch(&ctx);
        let Err(e) = declared else { return Ok(()) };
        let error = syntax_error(source, e);
        evaluating.store(true, Ordering::Relaxed);
        match evaluated(&ctx, wrapped(source), source.name) {
            Ok(_) => Ok(()),
            Err(_) => Err(error),
        }
    })
}

/// Whether a REPL input is whole: it compiles (as a function body in a module that is only
/// declared, so nothing runs whatever the input holds) or fails within its lines; an error
/// found only at the wrapper's closing line means more could follow (an open block or call).
fn is_complete(code: &str) -> bool {
    let source = Source { name: "input", params: &[], code, line: 1 };
    let Ok(runtime) = Runtime::new() else { return true };
    let Ok(context) = Context::full(&runtime) else { return true };
    context.with(|ctx| match rquickjs::Module::declare(ctx.clone(), source.name, wrapped(&source)).catch(&ctx) {
        Ok(_) => true,
        Err(e) => caught(source.name, e).0.is_none_or(|line| line <= code.lines().count() as u32),
    })
}

impl JsVm {
    pub fn new(interrupt: Arc<AtomicBool>, settings: VmSettings) -> Result<JsVm, ScriptError> {
        let runtime = Runtime::new().map_err(failed)?;
        let flag = Arc::clone(&interrupt);
        let budget = Arc::new(CallBudget::new(LANG, settings));
        let timing = Arc::clone(&budget);
        // QuickJS allocates through Rust's allocator (feature `rust-alloc`), so the counting
        // allocator sees its heap and the memory cap stops a script as it stops Rae code.
        runtime.set_interrupt_handler(Some(Box::new(move || stopped(&flag) || timing.over_time())));
        // rquickjs says the limit does nothing under `rust-alloc`, but the vendored QuickJS
        // checks it in `js_malloc_rt` whatever the allocator (tested).
        if let Some(bytes) = settings.max_memory {
            runtime.set_memory_limit(usize::try_from(bytes).unwrap_or(usize::MAX));
        }
        let context = Context::full(&runtime).map_err(failed)?;
        let output = Rc::new(RefCell::new(String::new()));
        let sink = Rc::clone(&output);
        context
            .with(|ctx| -> rquickjs::Result<()> {
                let print = Function::new(ctx.clone(), move |args: Rest<Value>| {
                    let mut out = sink.borrow_mut();
                    for (i, v) in args.0.iter().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        out.push_str(&text(v));
                    }
                    out.push('\n');
                })?;
                let console = Object::new(ctx.clone())?;
                console.set("log", print.clone())?;
                ctx.globals().set("console", console)?;
                ctx.globals().set("print", print)
            })
            .map_err(failed)?;
        let names: Vec<String> = context.with(|ctx| {
            let names = evaluated(&ctx, "Object.getOwnPropertyNames(globalThis)".into(), "init").ok();
            names.and_then(|v| rquickjs::FromJs::from_js(&ctx, v).ok()).unwrap_or_default()
        });
        let builtins = names.into_iter().collect();
        Ok(JsVm { context, functions: HashMap::new(), builtins, output, interrupt, budget, runtime })
    }

    fn call_error(&self, name: &str, e: CaughtError) -> ScriptError {
        if stopped(&self.interrupt) {
            return ScriptError::Interrupted { lang: LANG.into() };
        }
        let (line, message) = caught(name, e);
        // At its memory limit QuickJS throws "out of memory", or `null` when even that error
        // cannot be allocated (a script's own `throw null` under a limit reads the same).
        if message.contains("out of memory") || message == "uncaught null" {
            self.budget.out_of_memory();
        }
        self.budget.stopped().unwrap_or(ScriptError::Runtime { lang: LANG.into(), line, message })
    }
}

/// How `print` shows a value: strings as they are, anything else as `String(v)` would.
fn text(v: &Value) -> String {
    if let Some(s) = v.as_string().and_then(|s| s.to_string().ok()) {
        return s;
    }
    let ctx = v.ctx();
    let shown: rquickjs::Result<rquickjs::String> =
        ctx.globals().get::<_, Function>("String").and_then(|f| f.call((v.clone(),)));
    shown.ok().and_then(|s| s.to_string().ok()).unwrap_or_default()
}

fn to_js<'js>(ctx: &Ctx<'js>, v: ScriptValue) -> rquickjs::Result<Value<'js>> {
    Ok(match v {
        ScriptValue::None => Value::new_null(ctx.clone()),
        // JavaScript numbers are doubles: integers beyond 2^53 lose precision.
        ScriptValue::Int(n) => Value::new_number(ctx.clone(), n as f64),
        ScriptValue::Float(x) => Value::new_number(ctx.clone(), x),
        ScriptValue::Bool(b) => Value::new_bool(ctx.clone(), b),
        ScriptValue::Str(s) => rquickjs::String::from_str(ctx.clone(), &s)?.into_value(),
        ScriptValue::List(items) => {
            let array = Array::new(ctx.clone())?;
            for (i, x) in items.into_iter().enumerate() {
                array.set(i, to_js(ctx, x)?)?;
            }
            array.into_value()
        }
        ScriptValue::Record(fields) => {
            let object = Object::new(ctx.clone())?;
            for (k, x) in fields {
                object.set(k, to_js(ctx, x)?)?;
            }
            object.into_value()
        }
        ScriptValue::Map(entries) => {
            let object = Object::new(ctx.clone())?;
            for (k, x) in entries {
                let key = match k {
                    ScriptValue::Str(s) => s,
                    ScriptValue::Int(n) => n.to_string(),
                    other => format!("{other:?}"),
                };
                object.set(key, to_js(ctx, x)?)?;
            }
            object.into_value()
        }
    })
}

/// A JavaScript value as a script value: an array is a list, another object a map by its own
/// enumerable keys; a number with an integer value is an integer.
fn from_js(v: Value, depth: usize) -> Result<ScriptValue, String> {
    if v.is_undefined() || v.is_null() {
        return Ok(ScriptValue::None);
    }
    if let Some(b) = v.as_bool() {
        return Ok(ScriptValue::Bool(b));
    }
    if let Some(n) = v.as_int() {
        return Ok(ScriptValue::Int(n.into()));
    }
    if let Some(x) = v.as_float() {
        return Ok(if x.fract() == 0.0 && x.abs() < 9.0e15 {
            ScriptValue::Int(x as i64)
        } else {
            ScriptValue::Float(x)
        });
    }
    if let Some(s) = v.as_string() {
        return s.to_string().map(ScriptValue::Str).map_err(|e| e.to_string());
    }
    if v.is_function() {
        return Err("a JavaScript function cannot cross into Rae".into());
    }
    if v.is_object() && depth >= MAX_DEPTH {
        return Err(format!("objects nested more than {MAX_DEPTH} deep (does an object contain itself?)"));
    }
    if let Some(array) = v.as_array() {
        let items = array.iter::<Value>().map(|x| x.map_err(|e| e.to_string()).and_then(|x| from_js(x, depth + 1)));
        return items.collect::<Result<_, _>>().map(ScriptValue::List);
    }
    if let Some(object) = v.as_object() {
        let entries = object.props::<String, Value>().map(|p| {
            let (k, x) = p.map_err(|e| e.to_string())?;
            Ok((ScriptValue::Str(k), from_js(x, depth + 1)?))
        });
        return entries.collect::<Result<_, String>>().map(ScriptValue::Map);
    }
    Err(format!("a JavaScript {} cannot cross into Rae", v.type_name()))
}

impl ScriptVM for JsVm {
    fn load_function(&mut self, source: &Source) -> Result<(), ScriptError> {
        let function = self.context.with(|ctx| {
            let f = eval_function(&ctx, source)?;
            Ok::<_, ScriptError>(Persistent::save(&ctx, f))
        })?;
        self.functions.insert(source.name.to_string(), function);
        Ok(())
    }

    fn alias(&mut self, key: &str, name: &str) -> Result<(), ScriptError> {
        let Some(function) = self.functions.get(key).cloned() else { return Ok(()) };
        self.context.with(|ctx| ctx.globals().set(name, function.restore(&ctx)?)).map_err(failed)
    }

    fn call(&mut self, name: &str, args: Vec<ScriptValue>) -> Result<ScriptValue, ScriptError> {
        let value_error = |message: String| ScriptError::Value { lang: LANG.into(), message };
        let Some(function) = self.functions.get(name).cloned() else {
            return Err(value_error(format!("no function '{name}' is loaded")));
        };
        self.context.with(|ctx| {
            let function = function.restore(&ctx).map_err(failed)?;
            let args =
                args.into_iter().map(|a| to_js(&ctx, a)).collect::<rquickjs::Result<Vec<_>>>().map_err(failed)?;
            self.budget.start();
            let result: Value = function.call((Rest(args),)).catch(&ctx).map_err(|e| self.call_error(name, e))?;
            from_js(result, 0).map_err(value_error)
        })
    }

    fn take_output(&mut self) -> String {
        std::mem::take(&mut *self.output.borrow_mut())
    }

    fn set_global(&mut self, name: &str, value: ScriptValue) -> Result<(), ScriptError> {
        self.context.with(|ctx| ctx.globals().set(name, to_js(&ctx, value)?)).map_err(failed)
    }

    fn get_global(&mut self, name: &str) -> Result<ScriptValue, ScriptError> {
        self.context.with(|ctx| {
            let value: Value = ctx.globals().get(name).map_err(failed)?;
            from_js(value, 0).map_err(|message| ScriptError::Value { lang: LANG.into(), message })
        })
    }

    fn memory(&self) -> Option<u64> {
        u64::try_from(self.runtime.memory_usage().malloc_size).ok()
    }

    fn builtin(&self, name: &str) -> bool {
        self.builtins.contains(name)
    }

    fn eval(&mut self, code: &str) -> Result<ScriptValue, ScriptError> {
        let source = Source { name: "input", params: &[], code, line: 1 };
        self.budget.start();
        self.context.with(|ctx| {
            let value = evaluated(&ctx, code.to_string(), source.name).map_err(|e| match e {
                CaughtError::Exception(ref ex) if kind_of(ex).as_deref() == Some("SyntaxError") => {
                    syntax_error(&source, e)
                }
                e => self.call_error(source.name, e),
            })?;
            from_js(value, 0).map_err(|message| ScriptError::Value { lang: LANG.into(), message })
        })
    }
}

/// The name of an exception's constructor (`TypeError`).
fn kind_of(ex: &rquickjs::Exception) -> Option<String> {
    ex.as_object().get::<_, Object>("constructor").ok().and_then(|c| c.get("name").ok())
}
