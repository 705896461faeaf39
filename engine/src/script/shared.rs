//! Globals shared between Rae and the script VMs.
//!
//! A top-level `var`, `let` or `const` that a script function of its module names (as a whole
//! word) is shared with the VM of that function's language, when its type can cross
//! (`CompiledProgram::shared`). The scripts see it as a global of their own language. Each VM
//! keeps the value it was last given as it reads it back (a struct may come back as a table
//! with the same fields, a big Int as a rounded JavaScript number), and only a difference from
//! that is a change of its scripts.
//!
//! Changes travel at safe points, the boundaries of a script call, in this order:
//! 1. before the call, Rae's changes since the last sync are taken (compared by identity, so
//!    an untouched list is not converted again), then every change the called VM has not seen
//!    is set in it;
//! 2. after the call, the VM's globals are compared with what it was last given: each change
//!    gets the next sequence number and is written back into Rae's globals at once.
//!
//! Each change has a sequence number, so the last writer wins: a VM that did not run since a
//! variable changed gets the newest value at its next call. A script may not change a `let` or
//! `const` global, nor give a variable a value of another type: either is an error of the call.

use super::marshal::Types;
use super::{template, ScriptError, ScriptHealth, ScriptVM, ScriptValue};
use crate::bytecode::chunk::{CompiledProgram, GlobalKind};
use crate::vm::value::Value;
use std::cell::RefCell;
use std::rc::Rc;

/// Whether `code` names `name` as a whole word (not inside a longer identifier). A name in a
/// string or a comment counts too: sharing a variable a script does not use costs only its copy.
pub fn mentions(code: &str, name: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    !name.is_empty()
        && code.match_indices(name).any(|(at, _)| {
            !code[..at].chars().next_back().is_some_and(ident)
                && !code[at + name.len()..].chars().next().is_some_and(ident)
        })
}

struct SharedVar {
    name: String,
    /// Its slot among Rae's globals.
    global: usize,
    ty: u32,
    /// The languages it is shared with (none: every language).
    langs: Vec<String>,
    /// A `var`: scripts may change it.
    writable: bool,
    value: ScriptValue,
    /// The sequence number of its last change (0: never changed).
    seq: u64,
}

/// A change to a shared variable, as a listener sees it.
#[derive(Debug, PartialEq)]
pub struct SharedChange<'a> {
    pub name: &'a str,
    /// The value as scripts see it.
    pub value: &'a ScriptValue,
    /// `rae`, or the language of the script that made it.
    pub by: &'a str,
    /// Its number in the sequence of changes.
    pub seq: u64,
}

/// Called with each change and the shared data (to `render` from), when the change is taken:
/// at the script call that follows a Rae change, or right after the call of a script that
/// made it (a Rae change after the last script call is never taken).
pub type Listener = Box<dyn FnMut(&SharedChange, &SharedScriptData)>;

/// The shared variables, their values as scripts see them and the order of their changes.
pub struct SharedScriptData {
    vars: Vec<SharedVar>,
    /// The sequence number of the last change.
    seq: u64,
    /// Rae's globals as last synced, compared by identity (`same`) to find Rae's changes.
    rae_seen: Vec<Value>,
    /// Changes from scripts not yet written into Rae's globals: (variable, value).
    to_rae: Vec<(usize, Value)>,
    types: Rc<Types>,
    listeners: Vec<Listener>,
}

/// One script VM, what it has seen of the shared variables and what it did.
pub struct VmSlot {
    pub vm: Box<dyn ScriptVM>,
    /// What it did so far; `health.lang` is its language.
    pub health: ScriptHealth,
    /// The shared variables its scripts name.
    vars: Vec<usize>,
    /// Each of those variables as this VM last had it, read back from the VM.
    seen: Vec<ScriptValue>,
    /// The sequence number up to which it has every change.
    synced: u64,
}

impl SharedScriptData {
    pub fn new(program: &CompiledProgram, types: Rc<Types>) -> SharedScriptData {
        let vars: Vec<SharedVar> = program
            .shared
            .iter()
            .filter_map(|s| {
                let g = program.globals.get(s.global as usize)?;
                Some(SharedVar {
                    name: g.name.clone(),
                    global: s.global as usize,
                    ty: s.ty,
                    langs: s.langs.clone(),
                    writable: g.kind == GlobalKind::Var,
                    value: ScriptValue::None,
                    seq: 0,
                })
            })
            .collect();
        let rae_seen = vec![Value::None; vars.len()];
        SharedScriptData { vars, seq: 0, rae_seen, to_rae: Vec::new(), types, listeners: Vec::new() }
    }

    /// Calls `listener` with every change from now on.
    pub fn listen(&mut self, listener: Listener) {
        self.listeners.push(listener);
    }

    /// Takes over `old`'s listeners and its sequence (a re-link replaces the shared data).
    pub fn take_listeners(&mut self, old: &mut SharedScriptData) {
        self.listeners.append(&mut old.listeners);
        self.seq = self.seq.max(old.seq);
    }

    /// `template` with each `{{name}}` (or `{{name.field}}`) replaced by that shared
    /// variable's value as of the last sync (`script::template`).
    pub fn render(&self, template: &str) -> Result<String, String> {
        template::render(template, |name| self.vars.iter().find(|v| v.name == name).map(|v| v.value.clone()))
    }

    /// Gives variable `i`'s new value (already stored) to the listeners.
    fn announce(&mut self, i: usize, by: &str) {
        let mut listeners = std::mem::take(&mut self.listeners);
        let var = &self.vars[i];
        let change = SharedChange { name: &var.name, value: &var.value, by, seq: var.seq };
        for listener in &mut listeners {
            listener(&change, self);
        }
        self.listeners = listeners;
    }

    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }

    /// A slot for `vm`, sharing the variables shared with `lang`, but those the language has
    /// as a global of its own (a library such as Lua's `math`) and a second one of a name (two
    /// modules' `count`: the first declared wins). Each is defined in the VM from the start.
    pub fn slot(&self, lang: &str, mut vm: Box<dyn ScriptVM>) -> Result<VmSlot, ScriptError> {
        let mut vars: Vec<usize> = Vec::new();
        for (i, var) in self.vars.iter().enumerate() {
            let with_lang = var.langs.is_empty() || var.langs.iter().any(|l| l == lang);
            let taken = vm.builtin(&var.name) || vars.iter().any(|&j| self.vars[j].name == var.name);
            if with_lang && !taken {
                vars.push(i);
            }
        }
        let mut seen = Vec::with_capacity(vars.len());
        for &i in &vars {
            vm.set_global(&self.vars[i].name, self.vars[i].value.clone())?;
            seen.push(vm.get_global(&self.vars[i].name)?);
        }
        let health = ScriptHealth { lang: lang.to_string(), ..ScriptHealth::default() };
        Ok(VmSlot { vm, health, vars, seen, synced: 0 })
    }

    /// Takes Rae's changes to the shared globals (step 1 of the module comment).
    pub fn from_rae(&mut self, globals: &[Value]) {
        for i in 0..self.vars.len() {
            let Some(now) = globals.get(self.vars[i].global) else { continue };
            if same(&self.rae_seen[i], now) {
                continue;
            }
            self.rae_seen[i] = now.clone();
            let value = self.types.to_script(self.vars[i].ty, now);
            if value != self.vars[i].value {
                self.seq += 1;
                let var = &mut self.vars[i];
                (var.value, var.seq) = (value, self.seq);
                self.announce(i, "rae");
            }
        }
    }

    /// Runs `work` in `slot`'s VM between the two syncs: the changes it has not seen go in
    /// before, and when `work` succeeds its scripts' changes come out after. The outer error
    /// is the sync's (always an error of the run), the inner one `work`'s.
    pub fn run(
        &mut self,
        slot: &mut VmSlot,
        work: impl FnOnce(&mut dyn ScriptVM) -> Result<ScriptValue, ScriptError>,
    ) -> Result<Result<ScriptValue, ScriptError>, ScriptError> {
        self.push(slot)?;
        let done = work(slot.vm.as_mut());
        if done.is_ok() {
            self.pull(slot)?;
        }
        Ok(done)
    }

    /// Sets in `slot`'s VM every change it has not seen (step 1).
    fn push(&self, slot: &mut VmSlot) -> Result<(), ScriptError> {
        for (k, &i) in slot.vars.iter().enumerate() {
            let var = &self.vars[i];
            if var.seq > slot.synced {
                slot.vm.set_global(&var.name, var.value.clone())?;
                slot.seen[k] = slot.vm.get_global(&var.name)?;
            }
        }
        slot.synced = self.seq;
        Ok(())
    }

    /// Takes the changes `slot`'s scripts made since it last had them (step 2), checked
    /// against the Rae types.
    fn pull(&mut self, slot: &mut VmSlot) -> Result<(), ScriptError> {
        let synced: Vec<(&str, &ScriptValue)> =
            slot.vars.iter().zip(&slot.seen).map(|(&i, seen)| (self.vars[i].name.as_str(), seen)).collect();
        let changes = slot.vm.pending_changes(&synced)?;
        for (k, value) in changes {
            let i = slot.vars[k];
            let var = &self.vars[i];
            let refused = |message: String| ScriptError::Value { lang: slot.health.lang.clone(), message };
            if !var.writable {
                return Err(refused(format!(
                    "'{}' is not a 'var' of the Rae program; a script cannot change it",
                    var.name
                )));
            }
            let rae = self.types.to_rae(var.ty, value.clone()).map_err(|m| refused(format!("'{}': {m}", var.name)))?;
            // The shared value is the Rae value's script form, which every VM is given.
            let shared = self.types.to_script(var.ty, &rae);
            // Another form of the same value (Lua's 11.0 for an Int 11) changes nothing.
            if shared == var.value {
                slot.seen[k] = value;
                continue;
            }
            self.seq += 1;
            let var = &mut self.vars[i];
            (var.value, var.seq) = (shared, self.seq);
            slot.seen[k] = value;
            self.to_rae.push((i, rae));
            self.announce(i, &slot.health.lang);
        }
        slot.synced = self.seq;
        Ok(())
    }

    /// Writes the scripts' changes into Rae's globals (the end of step 2).
    pub fn into_rae(&mut self, globals: &mut [Value]) {
        for (i, value) in self.to_rae.drain(..) {
            if let Some(slot) = globals.get_mut(self.vars[i].global) {
                self.rae_seen[i] = value.clone();
                *slot = value;
            }
        }
    }
}

/// The shared data of one link, which every script native of the link holds; the interpreter
/// syncs Rae's side around each script call through it.
pub type Shared = Rc<RefCell<SharedScriptData>>;

/// Whether two values are the same: scalars by value (floats by their bits), heap values by
/// identity (a change to a shared heap value copies it first, so its identity changes).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y),
        (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
        (Value::Struct(x), Value::Struct(y)) => Rc::ptr_eq(x, y),
        (Value::Map(x), Value::Map(y)) => Rc::ptr_eq(x, y),
        _ => a == b,
    }
}

impl VmSlot {
    /// What the VM did so far, with its heap as it is now.
    pub fn health(&self) -> ScriptHealth {
        ScriptHealth { memory: self.vm.memory(), ..self.health.clone() }
    }
}
