//! `rae repl`: the terminal REPL over `rae_engine::session`. On a terminal it edits with
//! rustyline (history, completion, hints, highlighting); with stdin from a file or a pipe it
//! reads line by line, joining lines until an input is complete, with the same semantics.

mod helper;

use helper::ReplHelper;
use rae_engine::session::repl::{Repl, Step};
use rae_engine::session::Session;
use rae_engine::vm::Limits;
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{Config, Editor};
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::sync::atomic::Ordering;

/// Shown while an input is incomplete.
const CONTINUATION: &str = "...> ";
/// Entries kept in the history file.
const HISTORY_SIZE: usize = 1000;

/// Runs the REPL; the exit status is 1 when any input failed (0 on a terminal, where a failed
/// input is part of the conversation).
pub fn run(mut limits: Limits) -> u8 {
    let base = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    // The project file of the current directory configures the script VMs.
    match rae_engine::script::VmConfig::in_dir(&base) {
        Ok(config) => limits.scripts = config,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    }
    let mut session = Session::new(Box::new(std::io::stdout()), base);
    session.limits = limits;
    let mut repl = Repl::new(session);
    if std::io::stdin().is_terminal() {
        interactive(&mut repl)
    } else {
        stop_runs_on_ctrl_c(&repl);
        script(&mut repl)
    }
}

/// Ctrl-C during a run raises the session's interrupt flag. rustyline installs its own SIGINT
/// handler when its editor is created and keeps it until the editor is dropped, so this must
/// come after: while rustyline reads a line the terminal is raw and Ctrl-C is a key instead.
fn stop_runs_on_ctrl_c(repl: &Repl) {
    let flag = repl.session().interrupt_flag();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
}

/// Evaluates stdin line by line, joining incomplete inputs; no prompts.
fn script(repl: &mut Repl) -> u8 {
    let mut failed = false;
    let mut pending = String::new();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        pending.push_str(&line);
        pending.push('\n');
        if Repl::is_ready(repl.lang(), &pending) {
            match repl.input(&std::mem::take(&mut pending), &mut std::io::stdout(), &mut std::io::stderr()) {
                Step::Next { ok } => failed |= !ok,
                Step::Quit => return u8::from(failed),
            }
        }
    }
    // An input still open at the end of the script fails with its "unexpected end of file".
    if !pending.trim().is_empty() {
        failed |=
            !matches!(repl.input(&pending, &mut std::io::stdout(), &mut std::io::stderr()), Step::Next { ok: true });
    }
    u8::from(failed)
}

fn interactive(repl: &mut Repl) -> u8 {
    let config = Config::builder().max_history_size(HISTORY_SIZE).map(|b| b.auto_add_history(false).build());
    let Ok(config) = config else {
        eprintln!("error: cannot configure the line editor");
        return 1;
    };
    let mut editor: Editor<ReplHelper, FileHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot start the line editor: {e}");
            return 1;
        }
    };
    editor.set_helper(Some(ReplHelper::new(repl.session())));
    stop_runs_on_ctrl_c(repl);
    let history = history_path();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    println!("Rae REPL: type declarations, statements or expressions; :help lists the commands.");
    let mut pending = String::new();
    loop {
        let prompt = if pending.is_empty() { format!("{}> ", repl.lang()) } else { CONTINUATION.to_string() };
        match editor.readline(&prompt) {
            Ok(line) => {
                pending.push_str(&line);
                pending.push('\n');
                if !Repl::is_ready(repl.lang(), &pending) {
                    continue;
                }
                let input = std::mem::take(&mut pending);
                let _ = editor.add_history_entry(input.trim_end());
                let step = repl.input(&input, &mut std::io::stdout(), &mut std::io::stderr());
                if let Some(helper) = editor.helper_mut() {
                    helper.refresh(repl.session());
                }
                if step == Step::Quit {
                    break;
                }
            }
            // Ctrl-C at the prompt drops the input being typed.
            Err(ReadlineError::Interrupted) => pending.clear(),
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("error: {e}");
                break;
            }
        }
    }
    if let Some(path) = &history {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = editor.save_history(path) {
            eprintln!("warning: cannot save the history to {}: {e}", path.display());
        }
    }
    0
}

/// `$RAE_HISTORY`, else `history` in the user's data directory (`~/.local/share/rae/` on
/// Linux); `None` when there is no such directory.
fn history_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("RAE_HISTORY") {
        return Some(PathBuf::from(path));
    }
    dirs::data_dir().map(|d| d.join("rae").join("history"))
}
