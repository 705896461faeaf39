//! Inputs in another language (the REPL's `:lang lua`): the session keeps one VM per language,
//! whose own globals persist between inputs, and shares the session's Rae globals with it as
//! a link shares a program's (`crate::script::shared`): every root global whose type can
//! cross is set in the VM before the input runs, and the changes the input made to them are
//! checked against their Rae types and kept after it.

use super::{Evaluation, Outcome, Session, ENTRY};
use crate::bytecode::{compile_with, CompileOptions};
use crate::driver::ModuleRef;
use crate::script::shared::SharedScriptData;
use crate::script::{self, ScriptError, Types};
use std::io::Write;
use std::rc::Rc;
use std::sync::Arc;

impl Session {
    /// Runs `code` in the session's `lang` VM, started on first use.
    pub fn eval_script(&mut self, lang: &str, code: &str) -> Evaluation {
        self.inputs += 1;
        let label = format!("<{}>", self.inputs);
        let p = match self.prepare("", &label) {
            Ok(p) => p,
            Err(e) => return e,
        };
        let typed = &p.checked.typed;
        let preset = self.values.keys().cloned().collect();
        let options = CompileOptions {
            entry: ENTRY.to_string(),
            preset_globals: preset,
            share_globals: true,
            ..Default::default()
        };
        let compiled = match compile_with(&p.program, &p.checked, &options) {
            Ok(c) => c,
            Err(e) => return Evaluation::failed(Outcome::CompileError, format!("{e}\n")),
        };
        let mut data = SharedScriptData::new(&compiled, Rc::new(Types::of(&compiled)));
        // The Rae side runs first: constants and new initialisers get their values.
        let mut vm = match self.start(compiled, typed, &options.preset_globals) {
            Ok(vm) => vm,
            Err(e) => return Evaluation::failed(Outcome::CompileError, e.to_string()),
        };
        if let Err(e) = vm.run_entry() {
            return Evaluation::failed(Outcome::RuntimeError, e.to_string());
        }
        let mut globals = vm.globals().to_vec();
        let started = match self.scripts.remove(lang) {
            Some(script_vm) => Ok(script_vm),
            None => script::VmRegistry::new(self.limits.scripts.clone()).create(lang, Arc::clone(&self.interrupt)),
        };
        let mut slot = match started.and_then(|script_vm| data.slot(lang, script_vm)) {
            Ok(slot) => slot,
            Err(e) => return Evaluation::failed(Outcome::CompileError, format!("error: {e}\n")),
        };
        data.from_rae(&globals);
        let result = data.run(&mut slot, |vm| vm.eval(code)).and_then(|done| done);
        let printed = slot.vm.take_output();
        self.scripts.insert(lang.to_string(), slot.vm);
        let _ = self.sink.write_all(printed.as_bytes());
        let value = match result {
            Ok(value) => value,
            Err(e) => return failed(&e, &label),
        };
        data.into_rae(&mut globals);
        for (index, g) in typed.globals.iter().enumerate() {
            if let (ModuleRef::Source(0), Some(stored)) = (&g.module, self.values.get_mut(&g.name)) {
                stored.value = globals[index].clone();
            }
        }
        let shown = (value != script::ScriptValue::None).then(|| format!("= {value}"));
        Evaluation { outcome: Outcome::Done, messages: String::new(), shown }
    }
}

/// A failed input, with its line when the language gave one.
fn failed(e: &ScriptError, label: &str) -> Evaluation {
    let outcome = match e {
        ScriptError::Interrupted { .. } => Outcome::Interrupted,
        ScriptError::Syntax { .. } | ScriptError::Disabled { .. } | ScriptError::NotEnabled { .. } => {
            Outcome::CompileError
        }
        ScriptError::Runtime { .. } | ScriptError::Value { .. } | ScriptError::Limit { .. } => Outcome::RuntimeError,
    };
    let line = match e {
        ScriptError::Syntax { line: Some(line), .. } | ScriptError::Runtime { line: Some(line), .. } => {
            format!("\n  at {label}:{line}")
        }
        _ => String::new(),
    };
    Evaluation::failed(outcome, format!("error: {e}{line}\n"))
}
