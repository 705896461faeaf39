//! Lua 5.4 through mlua. Each script function is its own chunk, `local PARAMS = ... CODE`, so
//! the body cannot reach outside its function and line 1 of the chunk is the line of the Rae
//! body's `{`. Scripts reach Lua's base library without its file loaders, bytecode loading
//! or `string.dump`, and the table, string, math, utf8 and coroutine libraries (no `io`, `os`,
//! `require` or `debug`); `print` writes to the program's output.

use super::budget::CallBudget;
use super::config::VmSettings;
use super::marshal::key_order;
use super::registry::vm_factory;
use super::{stopped, ScriptError, ScriptVM, ScriptValue, Source, MAX_DEPTH};
use mlua::chunk::ChunkMode;
use mlua::{HookTriggers, Lua, LuaOptions, StdLib, VmState};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

const LANG: &str = "lua";
/// Lua instructions between two looks at the interrupt flag (a few microseconds).
const HOOK_EVERY: u32 = 1000;
/// Lua's reserved words, which a Rae parameter name must not be.
const KEYWORDS: &[&str] = &[
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in", "local", "nil",
    "not", "or", "repeat", "return", "then", "true", "until", "while",
];

/// Run once in every state, with the function that says whether the run was stopped: `pcall`
/// and `xpcall` must not swallow a stop, `load` takes text only (Lua does not verify
/// bytecode), and `string.dump` (which makes bytecode) goes.
const PRELUDE: &str = r#"
local stopped = ...
local pcall, xpcall, error, load = pcall, xpcall, error, load
local function rethrow(ok, ...)
  if not ok and stopped() then error("stopped", 0) end
  return ok, ...
end
_G.pcall = function(...) return rethrow(pcall(...)) end
_G.xpcall = function(f, handler, ...)
  return rethrow(xpcall(f, function(e) if stopped() then return e end return handler(e) end, ...))
end
_G.load = function(chunk, name, _, env) return load(chunk, name, "t", env) end
_G.dofile, _G.loadfile, string.dump = nil, nil, nil
"#;

pub struct LuaVm {
    lua: Lua,
    functions: HashMap<String, mlua::Function>,
    /// The globals Lua starts with (its libraries), which Rae's globals do not replace.
    builtins: HashSet<String>,
    output: Rc<RefCell<String>>,
    interrupt: Arc<AtomicBool>,
    budget: Arc<CallBudget>,
}

// Lua keeps every limit: its hook counts instructions and time, its allocator the heap.
vm_factory!(LuaVm, |_| true);

fn libraries() -> StdLib {
    StdLib::TABLE | StdLib::STRING | StdLib::MATH | StdLib::UTF8 | StdLib::COROUTINE
}

/// The chunk of a function: its parameters are the chunk's arguments, on the line of the `{`.
fn chunk(source: &Source) -> String {
    if source.params.is_empty() {
        source.padded(source.code)
    } else {
        source.padded(&format!("local {} = ...;{}", source.params.join(", "), source.code))
    }
}

/// Replaces `print` in `lua` with one that appends to `sink`, formatted as Lua's own.
pub fn capture_print(lua: &Lua, sink: Rc<RefCell<String>>) -> mlua::Result<()> {
    let print = lua.create_function(move |_, args: mlua::Variadic<mlua::Value>| {
        let mut out = sink.borrow_mut();
        for (i, value) in args.iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            out.push_str(&value.to_string()?);
        }
        out.push('\n');
        Ok(())
    })?;
    lua.globals().set("print", print)
}

/// Splits Lua's `name:LINE: message` (after mlua's `syntax error: ` or `runtime error: `)
/// into the line and the message.
fn located(name: &str, message: &str) -> (Option<u32>, String) {
    let first = message.lines().next().unwrap_or_default();
    let first = ["syntax error: ", "runtime error: "].iter().fold(first, |m, p| m.strip_prefix(p).unwrap_or(m));
    let rest = first.strip_prefix(name).and_then(|r| r.strip_prefix(':'));
    if let Some((line, text)) = rest.and_then(|r| r.split_once(':')) {
        if let Ok(line) = line.parse() {
            return (Some(line), text.trim().to_string());
        }
    }
    (None, first.trim().to_string())
}

fn syntax_error(source: &Source, e: &mlua::Error) -> ScriptError {
    let (line, message) = located(source.name, &e.to_string());
    ScriptError::Syntax { lang: LANG.into(), line: line.map(|l| l.min(source.last_line())), message }
}

/// `code` compiled as text (Lua does not verify binary chunks), named `name` in messages.
fn compiled(lua: &Lua, code: &str, name: &str) -> mlua::Result<mlua::Function> {
    lua.load(code).set_name(format!("={name}")).set_mode(ChunkMode::Text).into_function()
}

/// A REPL input (named `input`): an expression, whose value is shown, or else statements.
fn compiled_input(lua: &Lua, code: &str) -> mlua::Result<mlua::Function> {
    compiled(lua, &format!("return {code}"), "input").or_else(|_| compiled(lua, code, "input"))
}

/// Checks that the body parses, in a bare Lua state (nothing runs).
fn check_syntax(source: &Source) -> Result<(), ScriptError> {
    let failed = |e: mlua::Error| syntax_error(source, &e);
    let lua = Lua::new_with(StdLib::NONE, LuaOptions::default()).map_err(failed)?;
    compiled(&lua, &chunk(source), source.name).map_err(failed)?;
    Ok(())
}

/// Whether a REPL input is whole: it compiles as an expression or as statements, or fails
/// before its end (the error is then shown); Lua says `near <eof>` (`near '<eof>'` in an open
/// string) when more could follow, not `'<eof>' expected` (when there is too much).
fn is_complete(code: &str) -> bool {
    let Ok(lua) = Lua::new_with(StdLib::NONE, LuaOptions::default()) else { return true };
    match compiled_input(&lua, code) {
        Ok(_) => true,
        Err(e) => {
            let message = e.to_string();
            !(message.contains("near <eof>") || message.contains("near '<eof>'"))
        }
    }
}

impl LuaVm {
    pub fn new(interrupt: Arc<AtomicBool>, settings: VmSettings) -> Result<LuaVm, ScriptError> {
        let failed = |e: mlua::Error| ScriptError::Runtime { lang: LANG.into(), line: None, message: e.to_string() };
        let lua = Lua::new_with(libraries(), LuaOptions::default()).map_err(failed)?;
        let budget = Arc::new(CallBudget::new(LANG, settings));
        let output = Rc::new(RefCell::new(String::new()));
        capture_print(&lua, Rc::clone(&output)).map_err(failed)?;
        let flag = Arc::clone(&interrupt);
        let is_stopped = lua.create_function(move |_, ()| Ok(stopped(&flag))).map_err(failed)?;
        lua.load(PRELUDE).set_name("=prelude").call::<()>(is_stopped).map_err(failed)?;
        // A global hook reaches coroutines too (a thread hook would stop at the main thread).
        let flag = Arc::clone(&interrupt);
        let spending = Arc::clone(&budget);
        lua.set_global_hook(HookTriggers::new().every_nth_instruction(HOOK_EVERY), move |_, _| {
            if stopped(&flag) || spending.spend(HOOK_EVERY.into()) {
                Err(mlua::Error::runtime("stopped"))
            } else {
                Ok(VmState::Continue)
            }
        })
        .map_err(failed)?;
        if let Some(bytes) = settings.max_memory {
            lua.set_memory_limit(usize::try_from(bytes).unwrap_or(usize::MAX)).map_err(failed)?;
        }
        let globals = lua.globals();
        let builtins = globals.pairs::<String, mlua::Value>().filter_map(|pair| pair.ok().map(|(k, _)| k)).collect();
        Ok(LuaVm { lua, functions: HashMap::new(), builtins, output, interrupt, budget })
    }

    fn runtime_error(&self, name: &str, e: &mlua::Error) -> ScriptError {
        // The flag, not the message, says whether the run was stopped: a script cannot fake it.
        if stopped(&self.interrupt) {
            return ScriptError::Interrupted { lang: LANG.into() };
        }
        if matches!(e, mlua::Error::MemoryError(_)) {
            self.budget.out_of_memory();
        }
        if let Some(limit) = self.budget.stopped() {
            return limit;
        }
        let (line, message) = located(name, &e.to_string());
        ScriptError::Runtime { lang: LANG.into(), line, message }
    }

    fn to_lua(&self, v: ScriptValue) -> mlua::Result<mlua::Value> {
        Ok(match v {
            ScriptValue::None => mlua::Value::Nil,
            ScriptValue::Int(n) => mlua::Value::Integer(n),
            ScriptValue::Float(x) => mlua::Value::Number(x),
            ScriptValue::Bool(b) => mlua::Value::Boolean(b),
            ScriptValue::Str(s) => mlua::Value::String(self.lua.create_string(&s)?),
            ScriptValue::List(items) => {
                let t = self.lua.create_table_with_capacity(items.len(), 0)?;
                for (i, x) in items.into_iter().enumerate() {
                    t.raw_set(i + 1, self.to_lua(x)?)?;
                }
                mlua::Value::Table(t)
            }
            ScriptValue::Record(fields) => {
                let t = self.lua.create_table_with_capacity(0, fields.len())?;
                for (k, x) in fields {
                    t.raw_set(k, self.to_lua(x)?)?;
                }
                mlua::Value::Table(t)
            }
            ScriptValue::Map(entries) => {
                let t = self.lua.create_table_with_capacity(0, entries.len())?;
                for (k, x) in entries {
                    t.raw_set(self.to_lua(k)?, self.to_lua(x)?)?;
                }
                mlua::Value::Table(t)
            }
        })
    }
}

/// A Lua value as a script value: a table whose keys are exactly 1..n is a list, any other
/// table a map with its keys sorted (Lua's own order changes from run to run); functions,
/// threads and userdata do not cross.
fn from_lua(v: mlua::Value, depth: usize) -> Result<ScriptValue, String> {
    Ok(match v {
        mlua::Value::Nil => ScriptValue::None,
        mlua::Value::Boolean(b) => ScriptValue::Bool(b),
        mlua::Value::Integer(n) => ScriptValue::Int(n),
        mlua::Value::Number(x) => ScriptValue::Float(x),
        mlua::Value::String(s) => ScriptValue::Str(s.to_str().map_err(|e| e.to_string())?.to_string()),
        mlua::Value::Table(_) if depth >= MAX_DEPTH => {
            return Err(format!("tables nested more than {MAX_DEPTH} deep (does a table contain itself?)"))
        }
        mlua::Value::Table(t) => {
            let n = t.raw_len();
            let pairs =
                t.pairs::<mlua::Value, mlua::Value>().collect::<mlua::Result<Vec<_>>>().map_err(|e| e.to_string())?;
            let mut entries = pairs
                .into_iter()
                .map(|(k, x)| Ok((from_lua(k, depth + 1)?, from_lua(x, depth + 1)?)))
                .collect::<Result<Vec<_>, String>>()?;
            let is_list = entries.len() == n
                && entries.iter().all(|(k, _)| matches!(k, ScriptValue::Int(i) if (1..=n as i64).contains(i)));
            entries.sort_by(|(a, _), (b, _)| key_order(a, b));
            if is_list {
                ScriptValue::List(entries.into_iter().map(|(_, x)| x).collect())
            } else {
                ScriptValue::Map(entries)
            }
        }
        other => return Err(format!("a Lua {} cannot cross into Rae", other.type_name())),
    })
}

impl ScriptVM for LuaVm {
    fn load_function(&mut self, source: &Source) -> Result<(), ScriptError> {
        let function = compiled(&self.lua, &chunk(source), source.name).map_err(|e| syntax_error(source, &e))?;
        self.functions.insert(source.name.to_string(), function);
        Ok(())
    }

    fn alias(&mut self, key: &str, name: &str) -> Result<(), ScriptError> {
        let failed = |e: mlua::Error| ScriptError::Runtime { lang: LANG.into(), line: None, message: e.to_string() };
        match self.functions.get(key) {
            Some(function) => self.lua.globals().raw_set(name, function.clone()).map_err(failed),
            None => Ok(()),
        }
    }

    fn call(&mut self, name: &str, args: Vec<ScriptValue>) -> Result<ScriptValue, ScriptError> {
        let value_error = |message: String| ScriptError::Value { lang: LANG.into(), message };
        let Some(function) = self.functions.get(name) else {
            return Err(value_error(format!("no function '{name}' is loaded")));
        };
        let args = args.into_iter().map(|a| self.to_lua(a)).collect::<mlua::Result<Vec<_>>>();
        let args = args.map_err(|e| value_error(e.to_string()))?;
        self.budget.start();
        let result = function.call::<mlua::Value>(mlua::MultiValue::from_iter(args));
        from_lua(result.map_err(|e| self.runtime_error(name, &e))?, 0).map_err(value_error)
    }

    fn take_output(&mut self) -> String {
        std::mem::take(&mut *self.output.borrow_mut())
    }

    fn set_global(&mut self, name: &str, value: ScriptValue) -> Result<(), ScriptError> {
        let value_error = |e: mlua::Error| ScriptError::Value { lang: LANG.into(), message: e.to_string() };
        let value = self.to_lua(value).map_err(value_error)?;
        self.lua.globals().raw_set(name, value).map_err(value_error)
    }

    fn get_global(&mut self, name: &str) -> Result<ScriptValue, ScriptError> {
        let value_error = |message: String| ScriptError::Value { lang: LANG.into(), message };
        let value = self.lua.globals().raw_get::<mlua::Value>(name).map_err(|e| value_error(e.to_string()))?;
        from_lua(value, 0).map_err(value_error)
    }

    fn memory(&self) -> Option<u64> {
        Some(self.lua.used_memory() as u64)
    }

    fn builtin(&self, name: &str) -> bool {
        self.builtins.contains(name)
    }

    fn eval(&mut self, code: &str) -> Result<ScriptValue, ScriptError> {
        let source = Source { name: "input", params: &[], code, line: 1 };
        let function = compiled_input(&self.lua, code).map_err(|e| syntax_error(&source, &e))?;
        self.budget.start();
        let result = function.call::<mlua::Value>(()).map_err(|e| self.runtime_error(source.name, &e))?;
        from_lua(result, 0).map_err(|message| ScriptError::Value { lang: LANG.into(), message })
    }
}
