//! Lua 5.4 through mlua. Each script function is compiled once, as
//! `return function(params) CODE end`, so line 1 of the chunk is the line of the Rae body's
//! `{`. Scripts reach only Lua's base library without its file loaders, and the table,
//! string, math, utf8 and coroutine libraries (no `io`, `os`, `require` or `debug`); `print`
//! writes to the program's output.

use super::{ScriptError, ScriptVM, ScriptValue};
use mlua::{HookTriggers, Lua, LuaOptions, StdLib, VmState};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const LANG: &str = "lua";
/// Lua instructions between two looks at the interrupt flag (a few microseconds).
const HOOK_EVERY: u32 = 1000;
/// The message the hook stops a script with, told apart from the script's own errors.
const INTERRUPTED: &str = "rae: interrupted";

pub struct LuaVm {
    lua: Lua,
    functions: HashMap<String, mlua::Function>,
    output: Rc<RefCell<String>>,
}

fn libraries() -> StdLib {
    StdLib::TABLE | StdLib::STRING | StdLib::MATH | StdLib::UTF8 | StdLib::COROUTINE
}

/// The chunk that defines a function; its name (`=name`) is how Lua's messages cite it.
fn wrapped(params: &[&str], code: &str) -> String {
    format!("return function({}){code}\nend", params.join(", "))
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

/// A syntax error in `code`; one found at the wrapper's closing `end` (the code ended too
/// early) is placed on the code's last line, the one with the Rae body's `}`.
fn syntax_error(name: &str, code: &str, e: &mlua::Error) -> ScriptError {
    let (line, message) = located(name, &e.to_string());
    let last = code.lines().count().max(1) as u32 + u32::from(code.ends_with('\n'));
    ScriptError::Syntax { lang: LANG.into(), line: line.map(|l| l.min(last)), message }
}

/// Checks that the body parses, in a bare Lua state (nothing runs).
pub fn check_syntax(name: &str, params: &[&str], code: &str) -> Result<(), ScriptError> {
    let failed = |e: mlua::Error| syntax_error(name, code, &e);
    let lua = Lua::new_with(StdLib::NONE, LuaOptions::default()).map_err(failed)?;
    lua.load(wrapped(params, code)).set_name(format!("={name}")).into_function().map_err(failed)?;
    Ok(())
}

impl LuaVm {
    pub fn new(interrupt: Arc<AtomicBool>) -> Result<LuaVm, ScriptError> {
        let failed = |e: mlua::Error| ScriptError::Runtime { lang: LANG.into(), line: None, message: e.to_string() };
        let lua = Lua::new_with(libraries(), LuaOptions::default()).map_err(failed)?;
        let output = Rc::new(RefCell::new(String::new()));
        let sink = Rc::clone(&output);
        let print = lua
            .create_function(move |_, args: mlua::Variadic<mlua::Value>| {
                let mut out = sink.borrow_mut();
                for (i, value) in args.iter().enumerate() {
                    if i > 0 {
                        out.push('\t');
                    }
                    out.push_str(&value.to_string()?);
                }
                out.push('\n');
                Ok(())
            })
            .map_err(failed)?;
        let globals = lua.globals();
        globals.set("print", print).map_err(failed)?;
        // The base library's file loaders would reach the file system.
        for name in ["dofile", "loadfile"] {
            globals.set(name, mlua::Value::Nil).map_err(failed)?;
        }
        lua.set_hook(HookTriggers::new().every_nth_instruction(HOOK_EVERY), move |_, _| {
            if interrupt.load(Ordering::Relaxed) {
                Err(mlua::Error::runtime(INTERRUPTED))
            } else {
                Ok(VmState::Continue)
            }
        })
        .map_err(failed)?;
        Ok(LuaVm { lua, functions: HashMap::new(), output })
    }

    fn runtime_error(&self, name: &str, e: &mlua::Error) -> ScriptError {
        let text = e.to_string();
        if text.contains(INTERRUPTED) {
            return ScriptError::Interrupted { lang: LANG.into() };
        }
        let (line, message) = located(name, &text);
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
/// table a map (functions, threads and userdata do not cross).
fn from_lua(v: mlua::Value) -> Result<ScriptValue, String> {
    Ok(match v {
        mlua::Value::Nil => ScriptValue::None,
        mlua::Value::Boolean(b) => ScriptValue::Bool(b),
        mlua::Value::Integer(n) => ScriptValue::Int(n),
        mlua::Value::Number(x) => ScriptValue::Float(x),
        mlua::Value::String(s) => ScriptValue::Str(s.to_str().map_err(|e| e.to_string())?.to_string()),
        mlua::Value::Table(t) => {
            let n = t.raw_len();
            let pairs =
                t.pairs::<mlua::Value, mlua::Value>().collect::<mlua::Result<Vec<_>>>().map_err(|e| e.to_string())?;
            if pairs.len() == n {
                let items = (1..=n).map(|i| t.raw_get::<mlua::Value>(i).map_err(|e| e.to_string()).and_then(from_lua));
                ScriptValue::List(items.collect::<Result<_, _>>()?)
            } else {
                let entries = pairs.into_iter().map(|(k, x)| Ok((from_lua(k)?, from_lua(x)?)));
                ScriptValue::Map(entries.collect::<Result<_, String>>()?)
            }
        }
        other => return Err(format!("a Lua {} cannot cross into Rae", other.type_name())),
    })
}

impl ScriptVM for LuaVm {
    fn language(&self) -> &'static str {
        LANG
    }

    fn load_function(&mut self, name: &str, params: &[&str], code: &str) -> Result<(), ScriptError> {
        let chunk = self.lua.load(wrapped(params, code)).set_name(format!("={name}"));
        let make = chunk.into_function().map_err(|e| syntax_error(name, code, &e))?;
        let function = make.call::<mlua::Function>(()).map_err(|e| self.runtime_error(name, &e))?;
        self.functions.insert(name.to_string(), function);
        Ok(())
    }

    fn call(&mut self, name: &str, args: Vec<ScriptValue>) -> Result<ScriptValue, ScriptError> {
        let value_error = |message: String| ScriptError::Value { lang: LANG.into(), message };
        let Some(function) = self.functions.get(name) else {
            return Err(value_error(format!("no function '{name}' is loaded")));
        };
        let args = args.into_iter().map(|a| self.to_lua(a)).collect::<mlua::Result<Vec<_>>>();
        let args = args.map_err(|e| value_error(e.to_string()))?;
        let result = function.call::<mlua::Value>(mlua::MultiValue::from_iter(args));
        from_lua(result.map_err(|e| self.runtime_error(name, &e))?).map_err(value_error)
    }

    fn set_global(&mut self, name: &str, value: ScriptValue) -> Result<(), ScriptError> {
        let value = self.to_lua(value).map_err(|e| self.runtime_error(name, &e))?;
        self.lua.globals().set(name, value).map_err(|e| self.runtime_error(name, &e))
    }

    fn get_global(&mut self, name: &str) -> Result<ScriptValue, ScriptError> {
        let value = self.lua.globals().get::<mlua::Value>(name).map_err(|e| self.runtime_error(name, &e))?;
        from_lua(value).map_err(|message| ScriptError::Value { lang: LANG.into(), message })
    }

    fn take_output(&mut self) -> String {
        std::mem::take(&mut *self.output.borrow_mut())
    }
}
