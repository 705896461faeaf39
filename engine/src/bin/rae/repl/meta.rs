//! One REPL input: a `:command`, or Rae code for the session, with its results printed
//! (program output on stdout as it runs, shown values on stdout, diagnostics on stderr).

use rae_engine::session::Session;
use std::io::Write;
use std::time::Instant;

/// Every command with its argument and what it does, for `:help` and completion.
pub const COMMANDS: &[(&str, &str, &str)] = &[
    (":help", "", "list the commands"),
    (":type", " EXPR", "show the type of an expression without running it"),
    (":vars", "", "list the globals with their types and values"),
    (":funcs", "", "list the session's functions with their kind"),
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

pub struct Repl {
    session: Session,
    timing: bool,
}

impl Repl {
    pub fn new(session: Session) -> Repl {
        Repl { session, timing: false }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Runs one complete input.
    pub fn input(&mut self, text: &str) -> Step {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Step::Next { ok: true };
        }
        let ok = match trimmed.strip_prefix(':') {
            Some(command) => {
                let (name, arg) = command.split_once(char::is_whitespace).unwrap_or((command, ""));
                match self.command(name, arg.trim()) {
                    Some(ok) => ok,
                    None => return Step::Quit,
                }
            }
            None => self.eval(text),
        };
        Step::Next { ok }
    }

    /// Evaluates Rae code and prints what it did.
    fn eval(&mut self, text: &str) -> bool {
        let started = Instant::now();
        let result = self.session.eval(text);
        let elapsed = started.elapsed();
        eprint!("{}", result.messages);
        if let Some(shown) = &result.shown {
            println!("{shown}");
        }
        let _ = std::io::stdout().flush();
        if self.timing {
            eprintln!("({:.3} ms)", elapsed.as_secs_f64() * 1000.0);
        }
        result.ok()
    }

    /// A `:command`; `None` to quit.
    fn command(&mut self, name: &str, arg: &str) -> Option<bool> {
        let ok = match name {
            "help" | "h" | "?" => {
                for (command, argument, what) in COMMANDS {
                    println!("  {:<14} {what}", format!("{command}{argument}"));
                }
                true
            }
            "type" | "t" => match self.session.type_of(arg) {
                Ok(ty) => {
                    println!("{arg} : {ty}");
                    true
                }
                Err(messages) => {
                    eprint!("{messages}");
                    false
                }
            },
            "vars" => {
                for g in self.session.globals() {
                    println!("{} {}: {} = {}", g.kind, g.name, g.ty, g.value);
                }
                true
            }
            "funcs" => {
                for f in self.session.functions() {
                    println!("{}  [{}]", f.signature(), f.kind.label());
                }
                true
            }
            "load" => match std::fs::read_to_string(arg) {
                Ok(text) => self.eval(&text),
                Err(e) => {
                    eprintln!("error: cannot read '{arg}': {e}");
                    false
                }
            },
            "save" => match std::fs::write(arg, self.session.source()) {
                Ok(()) => {
                    println!("saved {} declarations to {arg}", self.session.definitions().len());
                    true
                }
                Err(e) => {
                    eprintln!("error: cannot write '{arg}': {e}");
                    false
                }
            },
            "reset" => {
                self.session.reset();
                println!("session cleared");
                true
            }
            "time" => {
                self.timing = !self.timing;
                println!("timing {}", if self.timing { "on" } else { "off" });
                true
            }
            "quit" | "q" | "exit" => return None,
            _ => {
                eprintln!("error: unknown command ':{name}' (:help lists the commands)");
                false
            }
        };
        Some(ok)
    }
}
