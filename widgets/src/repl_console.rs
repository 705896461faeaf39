//! The REPL console: the transcript of a session (inputs echoed after a prompt, program output,
//! values, errors) over a multi-line input. Enter runs the input when the host says it is
//! ready (complete code or a `:command`), else starts a new line; Up/Down recall the history
//! on a one-line input; Tab completes a name. The widget knows nothing of the engine: the host
//! runs the inputs it returns and pushes their output lines.

use crate::console::{Console, Stream};
use egui::{Key, Modifiers, RichText, TextEdit, TextStyle};

/// The prompt of Rae inputs; another language's inputs get `LANG> `.
pub const PROMPT: &str = "rae> ";
pub const CONTINUATION: &str = "...> ";
const COMMANDS: &[&str] = &[":help", ":type", ":vars", ":funcs", ":lang", ":load", ":save", ":reset", ":time", ":quit"];

#[derive(Default)]
pub struct ReplConsole {
    pub transcript: Console,
    input: String,
    history: Vec<String>,
    /// The history entry shown while browsing with Up/Down.
    browsing: Option<usize>,
    /// Candidates of the last Tab that did not settle on one name.
    candidates: Vec<String>,
    /// The language of the inputs when not Rae (the session's `:lang`).
    lang: Option<String>,
}

/// What the user asked for this frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplAction {
    None,
    Run(String),
    Stop,
}

impl ReplConsole {
    pub fn input(&self) -> &str {
        &self.input
    }

    /// Names the language the next inputs are in, shown by the prompt (`rae` or empty: Rae).
    pub fn set_language(&mut self, lang: &str) {
        self.lang = (!lang.is_empty() && lang != "rae").then(|| lang.to_string());
    }

    fn prompt(&self) -> String {
        self.lang.as_ref().map_or_else(|| PROMPT.to_string(), |lang| format!("{lang}> "))
    }

    /// Draws the console. `ready` tells whether an input is complete; `names` are completion
    /// candidates; `busy` is true while an input runs (the input waits, Stop is offered).
    pub fn ui(&mut self, ui: &mut egui::Ui, ready: &dyn Fn(&str) -> bool, names: &[String], busy: bool) -> ReplAction {
        let row = ui.text_style_height(&TextStyle::Monospace);
        let input_rows = self.input.lines().count().clamp(1, 8);
        let input_height = row * input_rows as f32 + 40.0;
        let width = ui.available_width();
        let transcript_height = (ui.available_height() - input_height).max(row * 3.0);
        ui.allocate_ui(egui::vec2(width, transcript_height), |ui| self.transcript.ui(ui));
        let mut action = ReplAction::None;
        ui.horizontal(|ui| {
            let prompt = ui.label(RichText::new(self.prompt().trim_end()).monospace().color(crate::theme::INFO));
            let id = ui.make_persistent_id("repl-input");
            let focused = ui.memory(|m| m.has_focus(id));
            if focused && !busy {
                action = self.keys(ui, ready, names);
            }
            let edit = TextEdit::multiline(&mut self.input)
                .id(id)
                .code_editor()
                .desired_rows(input_rows)
                .desired_width(ui.available_width() - 70.0)
                .hint_text("a declaration, statement or expression; :help");
            let response = ui.add_enabled(!busy, edit).labelled_by(prompt.id);
            if busy {
                if ui.button("■ Stop input").clicked() {
                    action = ReplAction::Stop;
                }
            } else if ui.button("Run").clicked() && !self.input.trim().is_empty() {
                action = self.submit();
            }
            if matches!(action, ReplAction::Run(_)) || response.clicked() {
                response.request_focus();
            }
        });
        if !self.candidates.is_empty() {
            ui.label(RichText::new(self.candidates.join("  ")).monospace().small().color(crate::theme::DIM));
        }
        action
    }

    /// Enter, Up/Down and Tab on the focused input, consumed before the text edit sees them.
    fn keys(&mut self, ui: &mut egui::Ui, ready: &dyn Fn(&str) -> bool, names: &[String]) -> ReplAction {
        let one_line = !self.input.contains('\n');
        let (enter, up, down, tab) = ui.input_mut(|i| {
            // Asked only at Enter: a script language's parser may wait for a busy VM's lock.
            let enter = i.key_pressed(Key::Enter) && ready(&self.input) && i.consume_key(Modifiers::NONE, Key::Enter);
            let up = one_line && i.consume_key(Modifiers::NONE, Key::ArrowUp);
            let down = one_line && i.consume_key(Modifiers::NONE, Key::ArrowDown);
            let tab = i.consume_key(Modifiers::NONE, Key::Tab);
            (enter, up, down, tab)
        });
        if up {
            self.recall(-1);
        }
        if down {
            self.recall(1);
        }
        if tab {
            self.complete(names);
        }
        if enter && !self.input.trim().is_empty() {
            return self.submit();
        }
        ReplAction::None
    }

    /// Echoes the input into the transcript, keeps it in the history and hands it out.
    fn submit(&mut self) -> ReplAction {
        let text = std::mem::take(&mut self.input);
        let first = self.prompt();
        for (i, line) in text.trim_end().lines().enumerate() {
            let prompt = if i == 0 { first.as_str() } else { CONTINUATION };
            self.transcript.push(Stream::Info, &format!("{prompt}{line}"));
        }
        let entry = text.trim_end().to_owned();
        if self.history.last() != Some(&entry) {
            self.history.push(entry);
        }
        self.browsing = None;
        self.candidates.clear();
        ReplAction::Run(text)
    }

    /// Steps through the history (`-1` older, `1` newer); past the newest, the input empties.
    fn recall(&mut self, step: isize) {
        if self.history.is_empty() {
            return;
        }
        let newest = self.history.len() - 1;
        let next = match (self.browsing, step) {
            (None, -1) => Some(newest),
            (None, _) => None,
            (Some(i), -1) => Some(i.saturating_sub(1)),
            (Some(i), _) if i < newest => Some(i + 1),
            (Some(_), _) => None,
        };
        self.browsing = next;
        self.input = next.map(|i| self.history[i].clone()).unwrap_or_default();
    }

    /// Completes the word before the end of the input: at once when one name fits, else up to
    /// what the candidates share, listing them.
    fn complete(&mut self, names: &[String]) {
        let start = self.input.rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).map_or(0, |i| i + 1);
        let word = &self.input[start..];
        if word.is_empty() {
            return;
        }
        let mut fits: Vec<String> = COMMANDS
            .iter()
            .map(|c| c.to_string())
            .chain(names.iter().cloned())
            .filter(|n| n.starts_with(word) && n != word)
            .collect();
        fits.sort();
        fits.dedup();
        let Some(first) = fits.first() else { return };
        let shared = fits.iter().fold(first.clone(), |acc, n| common_prefix(&acc, n).to_owned());
        self.input.truncate(start);
        self.input.push_str(&shared);
        self.candidates = if fits.len() > 1 { fits } else { Vec::new() };
    }
}

fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let end = a
        .char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .last()
        .map_or(0, |((i, c), _)| i + c.len_utf8());
    &a[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_goes_back_and_forward_then_empties() {
        let mut repl = ReplConsole::default();
        for input in ["let a = 1\n", "a + 1\n"] {
            repl.input = input.into();
            repl.submit();
        }
        repl.recall(-1);
        assert_eq!(repl.input, "a + 1");
        repl.recall(-1);
        assert_eq!(repl.input, "let a = 1");
        repl.recall(1);
        assert_eq!(repl.input, "a + 1");
        repl.recall(1);
        assert_eq!(repl.input, "");
    }

    #[test]
    fn tab_completes_a_unique_name_and_lists_several() {
        let names = vec!["counter".to_string(), "count".to_string(), "log".to_string()];
        let mut repl = ReplConsole { input: "log(cou".into(), ..ReplConsole::default() };
        repl.complete(&names);
        assert_eq!(repl.input, "log(count");
        assert_eq!(repl.candidates, ["count", "counter"]);
        repl.input = ":va".into();
        repl.complete(&names);
        assert_eq!(repl.input, ":vars");
    }

    #[test]
    fn submitting_echoes_the_input_with_prompts() {
        let mut repl = ReplConsole { input: "func f() {\n  ret\n}\n".into(), ..ReplConsole::default() };
        assert_eq!(repl.submit(), ReplAction::Run("func f() {\n  ret\n}\n".into()));
        let lines: Vec<&str> = repl.transcript.lines().map(|l| l.text.as_str()).collect();
        assert_eq!(lines, ["rae> func f() {", "...>   ret", "...> }"]);
    }

    #[test]
    fn the_prompt_names_another_language() {
        let mut repl = ReplConsole::default();
        repl.set_language("lua");
        repl.input = "x = 1".into();
        repl.submit();
        repl.set_language("rae");
        repl.input = "x".into();
        repl.submit();
        let lines: Vec<&str> = repl.transcript.lines().map(|l| l.text.as_str()).collect();
        assert_eq!(lines, ["lua> x = 1", "rae> x"]);
    }
}
