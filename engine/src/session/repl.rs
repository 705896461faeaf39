//! A REPL over a session, for every host (the terminal's `rae repl`, the workbench's console):
//! one input is a `:command` or Rae code, and its results are written to the host's `out`
//! (shown values, listings) and `err` (diagnostics, errors); the program's own output goes to
//! the session's sink as it runs.

use super::{Evaluation, Session};
use crate::script;
use std::io::Write;
use std::time::Instant;

/// Every command with its argument and what it does, for `:help` and completion.
pub const COMMANDS: &[(&str, &str, &str)] = &[
    (":help", "", "list the commands"),
    (":type", " EXPR", "show the type of an expression without running it"),
    (":vars", "", "list the globals with their types and values"),
    (":funcs", "", "list the session's functions with their kind"),
    (":lang", " [LANG]", "run the next inputs as lua, javascript, … or rae (no LANG: show them)"),
    (":load", " FILE", "evaluate a .rae file as one input"),
    (":save", " FILE", "write the session's declarations as a .rae file"),
    (":reset", "", "forget every declaration and value"),
    (":time", "", "toggle timing of each input"),
    (":quit", "", "leave the REPL (Ctrl-D too)"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Next { ok: bool },
    Quit,
}

/// The language inputs are in until `:lang` changes it.
pub const RAE: &str = "rae";

pub struct Repl {
    session: Session,
    timing: bool,
    lang: String,
}

impl Repl {
    /// A REPL over `session`, in the language its project configuration makes the default
    /// (Rae unless that language is usable).
    pub fn new(session: Session) -> Repl {
        let scripts = &session.limits.scripts;
        let usable = script::VmRegistry::new(scripts.clone()).languages();
        let lang = scripts.default.as_deref().filter(|l| usable.contains(l)).unwrap_or(RAE).to_string();
        Repl { session, timing: false, lang }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The language of the next input (`rae`, or one `:lang` chose).
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// Whether `text` is an input in `lang` to run now: a `:command` line, or complete code
    /// (Rae unless `lang` names a script language of this build; for Rae see
    /// [`Session::is_complete`]); otherwise the host asks for more lines. Every line of `text`
    /// ends with its newline, the last one too (Python ends a block at an empty line).
    pub fn is_ready(lang: &str, text: &str) -> bool {
        text.trim_start().starts_with(':')
            || if script::available(lang) { script::is_complete(lang, text) } else { Session::is_complete(text) }
    }

    /// Runs one complete input, writing its results to `out` and `err`.
    pub fn input(&mut self, text: &str, out: &mut dyn Write, err: &mut dyn Write) -> Step {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Step::Next { ok: true };
        }
        let ok = match trimmed.strip_prefix(':') {
            Some(command) => {
                let (name, arg) = command.split_once(char::is_whitespace).unwrap_or((command, ""));
                match self.command(name, arg.trim(), out, err) {
                    Some(ok) => ok,
                    None => return Step::Quit,
                }
            }
            None if self.lang == RAE => self.eval(text, out, err),
            None => {
                let started = Instant::now();
                let result = self.session.eval_script(&self.lang, text);
                self.report(&result, started, out, err)
            }
        };
        let _ = out.flush();
        Step::Next { ok }
    }

    /// Evaluates Rae code and prints what it did.
    fn eval(&mut self, text: &str, out: &mut dyn Write, err: &mut dyn Write) -> bool {
        let started = Instant::now();
        let result = self.session.eval(text);
        self.report(&result, started, out, err)
    }

    /// Prints what an input started at `started` did.
    fn report(&self, result: &Evaluation, started: Instant, out: &mut dyn Write, err: &mut dyn Write) -> bool {
        let elapsed = started.elapsed();
        let _ = write!(err, "{}", result.messages);
        if let Some(shown) = &result.shown {
            let _ = writeln!(out, "{shown}");
        }
        if self.timing {
            let _ = writeln!(err, "({:.3} ms)", elapsed.as_secs_f64() * 1000.0);
        }
        result.ok()
    }

    /// `:lang`: shows the languages, or makes `name` the language of the next inputs.
    fn switch_language(&mut self, name: &str, out: &mut dyn Write, err: &mut dyn Write) -> bool {
        let registry = script::VmRegistry::new(self.session.limits.scripts.clone());
        let usable: Vec<&str> = std::iter::once(RAE).chain(registry.languages()).collect();
        if name.is_empty() {
            let _ = writeln!(out, "language: {} (available: {})", self.lang, usable.join(", "));
            return true;
        }
        if usable.contains(&name) {
            self.lang = name.to_string();
            let _ = writeln!(out, "language: {name}");
            return true;
        }
        match script::language(name) {
            Some(_) => {
                let refused =
                    registry.refusal(name).unwrap_or(script::ScriptError::Disabled { lang: name.to_string() });
                let _ = writeln!(err, "error: {refused}");
            }
            None => {
                let _ = writeln!(err, "error: unknown language '{name}' (available: {})", usable.join(", "));
            }
        }
        false
    }

    /// A `:command`; `None` to quit.
    fn command(&mut self, name: &str, arg: &str, out: &mut dyn Write, err: &mut dyn Write) -> Option<bool> {
        let ok = match name {
            "help" | "h" | "?" => {
                for (command, argument, what) in COMMANDS {
                    let _ = writeln!(out, "  {:<14} {what}", format!("{command}{argument}"));
                }
                true
            }
            "type" | "t" => match self.session.type_of(arg) {
                Ok(ty) => {
                    let _ = writeln!(out, "{arg} : {ty}");
                    true
                }
                Err(messages) => {
                    let _ = write!(err, "{messages}");
                    false
                }
            },
            "vars" => {
                for g in self.session.globals() {
                    let _ = writeln!(out, "{} {}: {} = {}", g.kind, g.name, g.ty, g.value);
                }
                true
            }
            "lang" => self.switch_language(arg, out, err),
            "funcs" => {
                for f in self.session.functions() {
                    let _ = writeln!(out, "{}  [{}]", f.signature(), f.kind.label());
                }
                true
            }
            "load" => match std::fs::read_to_string(arg) {
                Ok(text) => self.eval(&text, out, err),
                Err(e) => {
                    let _ = writeln!(err, "error: cannot read '{arg}': {e}");
                    false
                }
            },
            "save" => match std::fs::write(arg, self.session.source()) {
                Ok(()) => {
                    let _ = writeln!(out, "saved {} declarations to {arg}", self.session.definitions().len());
                    true
                }
                Err(e) => {
                    let _ = writeln!(err, "error: cannot write '{arg}': {e}");
                    false
                }
            },
            "reset" => {
                self.session.reset();
                let _ = writeln!(out, "session cleared");
                true
            }
            "time" => {
                self.timing = !self.timing;
                let _ = writeln!(out, "timing {}", if self.timing { "on" } else { "off" });
                true
            }
            "quit" | "q" | "exit" => return None,
            _ => {
                let _ = writeln!(err, "error: unknown command ':{name}' (:help lists the commands)");
                false
            }
        };
        Some(ok)
    }
}
