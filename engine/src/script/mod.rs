//! Scripting: functions whose bodies other languages run (`@function "lua"`), each language
//! behind the one [`ScriptVM`] trait.
//!
//! A program's script functions travel in its bytecode (`CompiledProgram::scripts`). Linking
//! the program ([`link`]) starts one VM per language it uses, loads every function into it and
//! turns each into a native of the link table, so the interpreter calls a script function as it
//! calls any native (`OP_NATIVE_CALL`). Arguments and results cross by the Rae signature
//! (`marshal`). A script VM lives as long as the link: a hot reload links again, so a changed
//! script is reloaded with the rest of the program.
//!
//! Lua 5.4 (mlua, vendored) is always built in. The other languages of the reference are
//! listed in [`LANGUAGES`] with the cargo feature that would bring them; a script in a
//! language this build lacks is a compile-time error that names the feature.

mod budget;
pub mod config;
#[cfg(feature = "javascript")]
mod javascript;
mod lua;
mod marshal;
#[cfg(feature = "python")]
mod python;
pub mod registry;
pub mod shared;
mod template;
#[cfg(feature = "wren")]
mod wren;

pub use config::{VmConfig, VmSettings};
pub use lua::capture_print;
pub use marshal::Types;
pub use registry::{VmFactory, VmRegistry};
#[cfg(test)]
mod tests;

use crate::bytecode::chunk::CompiledProgram;
use crate::host::NativeFn;
use crate::vm::value::Value;
use shared::{Shared, SharedScriptData, VmSlot};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::io::Write as _;
use std::rc::Rc;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Tables and objects nested deeper than this do not cross back (one that contains itself
/// would never end).
const MAX_DEPTH: usize = 100;

/// A value as it crosses between Rae and a script VM.
#[derive(Clone, Debug, PartialEq)]
pub enum ScriptValue {
    /// `none` (Lua's `nil`).
    None,
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(String),
    /// A Rae list (a Lua sequence).
    List(Vec<ScriptValue>),
    /// A Rae struct (a Lua table keyed by field name), fields in declaration order.
    Record(Vec<(String, ScriptValue)>),
    /// A Rae map (a Lua table), in the map's order.
    Map(Vec<(ScriptValue, ScriptValue)>),
}

/// Rae's way of showing a value (the REPL shows an input's result so): lists and tables in
/// braces, strings quoted.
impl fmt::Display for ScriptValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, items: Vec<String>| {
            if items.is_empty() {
                write!(f, "{{}}")
            } else {
                write!(f, "{{ {} }}", items.join(", "))
            }
        };
        match self {
            ScriptValue::None => write!(f, "none"),
            ScriptValue::Int(n) => write!(f, "{n}"),
            ScriptValue::Float(x) => write!(f, "{x:?}"),
            ScriptValue::Bool(b) => write!(f, "{b}"),
            ScriptValue::Str(s) => write!(f, "{s:?}"),
            ScriptValue::List(items) => list(f, items.iter().map(ToString::to_string).collect()),
            ScriptValue::Record(fields) => list(f, fields.iter().map(|(k, v)| format!("{k}: {v}")).collect()),
            ScriptValue::Map(entries) => list(f, entries.iter().map(|(k, v)| format!("{k}: {v}")).collect()),
        }
    }
}

/// What went wrong in a script VM. `line` is a line of the .rae file.
#[derive(Clone, Debug, PartialEq)]
pub enum ScriptError {
    /// The language's VM is not in this build.
    Disabled { lang: String },
    /// The code does not parse in its language.
    Syntax { lang: String, line: Option<u32>, message: String },
    /// The code failed while it ran.
    Runtime { lang: String, line: Option<u32>, message: String },
    /// The run was interrupted (Ctrl-C, a timeout, the workbench's stop button).
    Interrupted { lang: String },
    /// A value could not cross (a script returned a string where Rae expects an Int).
    Value { lang: String, message: String },
    /// The language's VM is in the build, but the project's configuration does not enable it.
    NotEnabled { lang: String, enabled: Vec<String> },
    /// A call passed a limit of the VM's settings (`limit` names the setting).
    Limit { lang: String, limit: &'static str, message: String },
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScriptError::Disabled { lang } => {
                let feature = language(lang).map_or(lang.as_str(), |l| l.feature);
                write!(f, "the {lang} VM is not in this build; build rae with the cargo feature `{feature}`")?;
                match language(lang).map(|l| l.presets) {
                    Some(presets) if !presets.is_empty() => write!(f, " (or a preset: {})", presets.join(", ")),
                    _ => Ok(()),
                }
            }
            ScriptError::Syntax { lang, message, .. } => write!(f, "{lang} syntax error: {message}"),
            ScriptError::Runtime { lang, message, .. } => write!(f, "{lang} error: {message}"),
            ScriptError::Interrupted { lang } => write!(f, "{lang} script interrupted"),
            ScriptError::Value { lang, message } => write!(f, "{lang} value error: {message}"),
            ScriptError::NotEnabled { lang, enabled } => write!(
                f,
                "the {lang} VM is not enabled by the project file {} (enabled: {})",
                config::PROJECT_FILE,
                if enabled.is_empty() { "none".to_string() } else { enabled.join(", ") }
            ),
            ScriptError::Limit { lang, limit, message } => {
                write!(f, "{lang} script stopped at its {limit} limit ({}): {message}", config::PROJECT_FILE)
            }
        }
    }
}

/// A script language of the reference and how a build gets it.
pub struct Language {
    pub name: &'static str,
    /// The cargo feature of the engine that compiles its VM in.
    pub feature: &'static str,
    /// The feature presets that include it.
    pub presets: &'static [&'static str],
}

/// Every language `@function` accepts.
pub const LANGUAGES: &[Language] = &[
    Language { name: "lua", feature: "lua", presets: &[] },
    Language { name: "javascript", feature: "javascript", presets: &["embedded", "desktop", "full"] },
    Language { name: "python", feature: "python", presets: &["desktop", "full"] },
    Language { name: "wren", feature: "wren", presets: &["full"] },
    Language { name: "micropython", feature: "micropython", presets: &["full"] },
];

pub fn language(name: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|l| l.name == name)
}

/// Whether `word` is reserved in `lang`, so that a parameter cannot be named so there.
pub fn reserved(lang: &str, word: &str) -> bool {
    registry::factory(lang).is_some_and(|f| f.keywords().contains(&word))
}

/// A script function's source: `name(params…)` with the body `code`, whose first line (the
/// line of its `{`) is line `line` of the .rae file.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub name: &'a str,
    pub params: &'a [&'a str],
    pub code: &'a str,
    pub line: u32,
}

impl Source<'_> {
    /// The code with blank lines in front, so that the language's own line numbers (in its
    /// messages too) are lines of the .rae file.
    fn padded(&self, text: &str) -> String {
        "\n".repeat(self.line.saturating_sub(1) as usize) + text
    }

    /// The last line of the body (its `}`): where an error found past the code belongs.
    fn last_line(&self) -> u32 {
        let lines = self.code.lines().count().max(1) as u32 + u32::from(self.code.ends_with('\n'));
        self.line.saturating_add(lines - 1)
    }
}

/// One embedded VM of a script language.
pub trait ScriptVM {
    /// Defines the function of `source`, known to this VM as `source.name`.
    fn load_function(&mut self, source: &Source) -> Result<(), ScriptError>;
    /// Makes the function loaded as `key` the global `name` too, so that scripts call it (and
    /// it calls itself) by its Rae name, with positional arguments.
    fn alias(&mut self, key: &str, name: &str) -> Result<(), ScriptError>;
    fn call(&mut self, name: &str, args: Vec<ScriptValue>) -> Result<ScriptValue, ScriptError>;
    /// What the scripts printed since the last call, for the program's output.
    fn take_output(&mut self) -> String;
    /// Sets global `name` of this VM (a shared variable, see [`shared`]).
    fn set_global(&mut self, name: &str, value: ScriptValue) -> Result<(), ScriptError>;
    /// Global `name` of this VM (`none` when it has none).
    fn get_global(&mut self, name: &str) -> Result<ScriptValue, ScriptError>;
    /// Whether `name` is a global the language starts with (a library such as Lua's `math`).
    fn builtin(&self, name: &str) -> bool;
    /// Runs a REPL input: the value of an expression, or statements (then `none`).
    fn eval(&mut self, code: &str) -> Result<ScriptValue, ScriptError>;
    /// The bytes the VM's heap holds now (as its allocator counts them), when it can tell.
    fn memory(&self) -> Option<u64>;
    /// The variables among `synced` (a name and the value this VM last had for it) that its
    /// scripts changed since, by their index in `synced`.
    fn pending_changes(&mut self, synced: &[(&str, &ScriptValue)]) -> Result<Vec<(usize, ScriptValue)>, ScriptError> {
        let mut changed = Vec::new();
        for (i, &(name, was)) in synced.iter().enumerate() {
            let now = self.get_global(name)?;
            if now != *was {
                changed.push((i, now));
            }
        }
        Ok(changed)
    }
}

/// Whether this build has a VM for `lang`.
pub fn available(lang: &str) -> bool {
    registry::factory(lang).is_some()
}

/// Whether `code` is a whole REPL input in `lang`, or stops where more lines could complete it.
pub fn is_complete(lang: &str, code: &str) -> bool {
    registry::factory(lang).is_none_or(|f| f.is_complete(code))
}

/// Checks that the source parses as a function in `lang`, without running it (the checker
/// calls this for every script function).
pub fn check_syntax(lang: &str, source: &Source) -> Result<(), ScriptError> {
    match registry::factory(lang) {
        Some(f) => f.check_syntax(source),
        None => Err(ScriptError::Disabled { lang: lang.to_string() }),
    }
}

/// Whether the run was stopped: interrupted (Ctrl-C, a timeout) or over its memory cap (as the
/// calling thread counts it).
fn stopped(interrupt: &AtomicBool) -> bool {
    interrupt.load(std::sync::atomic::Ordering::Relaxed) || crate::alloc::over_cap()
}

/// What one script VM of a run did so far (the inspector shows it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScriptHealth {
    pub lang: String,
    /// The functions loaded into it.
    pub functions: usize,
    pub calls: u64,
    /// Calls that failed (a runtime error, a wrong result, a stop).
    pub errors: u64,
    /// Time spent in its calls, giving it and taking back the shared variables included.
    pub time: Duration,
    /// The bytes its heap holds (`None`: the VM cannot tell, as CPython's shared heap).
    pub memory: Option<u64>,
}

/// The script VMs of one link, by language.
pub type ScriptVms = Vec<Rc<RefCell<VmSlot>>>;

/// A script function as a native of the link table, with the shared variables it syncs.
pub struct ScriptNative {
    pub func: NativeFn,
    /// The link's shared variables, when the program has any: the interpreter gives them
    /// Rae's changes before a call and takes the scripts' changes after it.
    pub shared: Option<Shared>,
}

/// The natives serving `program`'s script functions, by registry key, and the VMs behind them.
/// Each language the program uses gets one VM, with every function of that language loaded.
pub fn link(
    program: &CompiledProgram,
    registry: &VmRegistry,
    interrupt: &Arc<AtomicBool>,
) -> Result<(HashMap<String, ScriptNative>, ScriptVms), String> {
    let types = Rc::new(marshal::Types::of(program));
    let shared: Shared = Rc::new(RefCell::new(SharedScriptData::new(program, Rc::clone(&types))));
    let syncs = !shared.borrow().is_empty();
    let mut vms: HashMap<&str, Rc<RefCell<VmSlot>>> = HashMap::new();
    // The VMs in the order their languages first appear, for a stable health listing.
    let mut order = ScriptVms::new();
    let mut natives = HashMap::new();
    for (index, script) in program.scripts.iter().enumerate() {
        let at = |e: &ScriptError, line: Option<u32>| {
            let line = line.unwrap_or(script.line);
            format!("error: {}:{line}: in {} function '{}': {e}", script.file, script.lang, script.name)
        };
        let vm = match vms.get(script.lang.as_str()) {
            Some(vm) => Rc::clone(vm),
            None => {
                let vm = registry.create(&script.lang, Arc::clone(interrupt)).map_err(|e| at(&e, None))?;
                let vm = shared.borrow().slot(&script.lang, vm).map_err(|e| at(&e, None))?;
                let vm = Rc::new(RefCell::new(vm));
                vms.insert(&script.lang, Rc::clone(&vm));
                order.push(Rc::clone(&vm));
                vm
            }
        };
        let params: Vec<&str> = script.params.iter().map(|(n, _)| n.as_str()).collect();
        // Functions are known to their VM by key: two modules (or overloads) may share a name.
        let source = Source { name: &script.key, params: &params, code: &script.code, line: script.line };
        vm.borrow_mut().health.functions += 1;
        if let Err(e) = vm.borrow_mut().vm.load_function(&source) {
            let line = match &e {
                ScriptError::Syntax { line, .. } | ScriptError::Runtime { line, .. } => *line,
                _ => None,
            };
            return Err(at(&e, line));
        }
        // A name two modules share in one language, or one the language has, gets no alias.
        let unique = program.scripts.iter().filter(|s| s.lang == script.lang && s.name == script.name).count() == 1;
        let mut slot = vm.borrow_mut();
        if unique && !slot.vm.builtin(&script.name) {
            slot.vm.alias(&script.key, &script.name).map_err(|e| at(&e, None))?;
        }
        drop(slot);
        let types = Rc::clone(&types);
        let data = Rc::clone(&shared);
        let call: NativeFn = Rc::new(move |host, args| {
            let script = &types.scripts[index];
            let values = script.params.iter().zip(args.iter()).map(|((_, ty), v)| types.to_script(*ty, v)).collect();
            let (mut slot, mut data) = (vm.borrow_mut(), data.borrow_mut());
            let started = Instant::now();
            let outcome = data.run(&mut slot, |vm| match vm.call(&script.key, values) {
                // A function without `ret` drops what the script returned, whatever it was.
                Err(ScriptError::Value { .. }) if script.ret.is_none() => Ok(ScriptValue::None),
                called => called,
            });
            slot.health.calls += 1;
            slot.health.time += started.elapsed();
            slot.health.errors += u64::from(!matches!(outcome, Ok(Ok(_))));
            let printed = slot.vm.take_output();
            if !printed.is_empty() {
                host.out.write_all(printed.as_bytes()).map_err(|e| e.to_string())?;
            }
            let result = outcome.map_err(|e| types.describe(index, &e))?;
            let (value, ty) = match (result, script.ret) {
                (Ok(_), None) => return Ok(Value::None),
                (Err(e), _) => return Err(types.describe(index, &e)),
                (Ok(value), Some(ty)) => (value, ty),
            };
            let value_error = |message| ScriptError::Value { lang: script.lang.clone(), message };
            types.to_rae(ty, value).map_err(|m| types.describe(index, &value_error(m)))
        });
        natives.insert(script.key.clone(), ScriptNative { func: call, shared: syncs.then(|| Rc::clone(&shared)) });
    }
    Ok((natives, order))
}
