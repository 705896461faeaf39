//! The line editor's helper: completion (keywords, session names, members, `:commands`),
//! hints, and highlighting from the Rae lexer.

use rae_engine::session::repl::COMMANDS;
use rae_engine::session::Session;
use rae_engine::source::FileId;
use rae_engine::syntax::lexer;
use rae_engine::syntax::token::{TokenKind, KEYWORDS};
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};
use std::borrow::Cow;
use std::collections::HashMap;

const KEYWORD: &str = "\x1b[1;34m";
const STRING: &str = "\x1b[32m";
const LITERAL: &str = "\x1b[35m";
const TYPE_NAME: &str = "\x1b[36m";
const COMMENT: &str = "\x1b[90m";
const HINT: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// What completion offers, copied from the session after each input.
pub struct ReplHelper {
    names: Vec<String>,
    members: HashMap<String, Vec<String>>,
}

impl ReplHelper {
    pub fn new(session: &Session) -> ReplHelper {
        let mut helper = ReplHelper { names: Vec::new(), members: HashMap::new() };
        helper.refresh(session);
        helper
    }

    pub fn refresh(&mut self, session: &Session) {
        self.names = session.names().to_vec();
        self.members = self
            .names
            .iter()
            .map(|n| (n.clone(), session.members(n).to_vec()))
            .filter(|(_, m)| !m.is_empty())
            .collect();
    }

    /// Where the word before `pos` starts, and what may complete it.
    fn candidates(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let before = &line[..pos];
        let start = before.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
        let word = &before[start..];
        let pool: Vec<String> = if before.starts_with(':') && !before.contains(char::is_whitespace) {
            return (0, matching(COMMANDS.iter().map(|c| c.0), before));
        } else if let Some(receiver) = before[..start].strip_suffix('.') {
            // `p.` offers p's fields and every function (member-call sugar).
            let name_start = receiver.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
            let fields = self.members.get(&receiver[name_start..]).cloned().unwrap_or_default();
            fields.into_iter().chain(self.names.iter().filter(|n| starts_lower(n)).cloned()).collect()
        } else {
            KEYWORDS.iter().map(|(k, _)| k.to_string()).chain(self.names.iter().cloned()).collect()
        };
        (start, matching(pool.iter().map(String::as_str), word))
    }
}

fn starts_lower(name: &str) -> bool {
    name.starts_with(|c: char| c.is_lowercase())
}

/// The candidates that extend `prefix`, sorted, without duplicates.
fn matching<'a>(pool: impl Iterator<Item = &'a str>, prefix: &str) -> Vec<String> {
    let mut out: Vec<String> = pool.filter(|c| c.starts_with(prefix) && *c != prefix).map(str::to_string).collect();
    out.sort();
    out.dedup();
    out
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, found) = self.candidates(line, pos);
        Ok((start, found.into_iter().map(|c| Pair { display: c.clone(), replacement: c }).collect()))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;

    /// The rest of the only candidate for the word at the end of the line.
    fn hint(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Option<String> {
        if pos < line.len() {
            return None;
        }
        let (start, found) = self.candidates(line, pos);
        let typed = pos - start;
        match found.as_slice() {
            [only] if typed >= 2 || line.starts_with(':') => Some(only[typed..].to_string()),
            _ => None,
        }
    }
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        Cow::Owned(highlight(line))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(format!("{HINT}{hint}{RESET}"))
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        true
    }
}

impl Validator for ReplHelper {}

impl Helper for ReplHelper {}

/// `line` with ANSI colours by token kind; `:commands` are left plain.
fn highlight(line: &str) -> String {
    if line.starts_with(':') {
        return line.to_string();
    }
    let lexed = lexer::lex(FileId(0), line);
    let mut spans: Vec<(usize, usize, &str)> = lexed
        .tokens
        .iter()
        .filter_map(|t| colour_of(&t.kind).map(|c| (t.span.start as usize, t.span.end as usize, c)))
        .chain(lexed.comments.iter().map(|c| (c.span.start as usize, c.span.end as usize, COMMENT)))
        .collect();
    spans.sort_unstable();
    let mut out = String::with_capacity(line.len() * 2);
    let mut at = 0;
    for (start, end, colour) in spans {
        let (start, end) = (start.max(at).min(line.len()), end.min(line.len()));
        if start >= end || !line.is_char_boundary(start) || !line.is_char_boundary(end) {
            continue;
        }
        out.push_str(&line[at..start]);
        out.push_str(colour);
        out.push_str(&line[start..end]);
        out.push_str(RESET);
        at = end;
    }
    out.push_str(&line[at..]);
    out
}

fn colour_of(kind: &TokenKind) -> Option<&'static str> {
    match kind {
        TokenKind::Str(_) | TokenKind::StrStart(_) | TokenKind::StrMid(_) | TokenKind::StrEnd(_) => Some(STRING),
        TokenKind::Int(_) | TokenKind::Float(_) | TokenKind::Char(_) => Some(LITERAL),
        TokenKind::True | TokenKind::False | TokenKind::None => Some(LITERAL),
        TokenKind::Ident(name) if name.starts_with(|c: char| c.is_uppercase()) => Some(TYPE_NAME),
        k if KEYWORDS.iter().any(|(_, kw)| kw == k) => Some(KEYWORD),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_strings_and_comments_are_coloured_and_text_is_kept() {
        let line = "let s = \"a(\" # note";
        let out = highlight(line);
        assert!(out.starts_with(&format!("{KEYWORD}let{RESET} s = {STRING}")), "{out:?}");
        assert!(out.ends_with(&format!("{COMMENT}# note{RESET}")), "{out:?}");
        let plain: String = out.split('\x1b').map(|p| p.split_once('m').map_or(p, |(_, rest)| rest)).collect();
        assert_eq!(plain, line);
    }

    #[test]
    fn completion_offers_commands_keywords_names_and_members() {
        let helper = ReplHelper {
            names: vec!["count".into(), "Point".into(), "origin".into()],
            members: HashMap::from([("origin".to_string(), vec!["x".to_string(), "y".to_string()])]),
        };
        assert_eq!(helper.candidates(":lo", 3), (0, vec![":load".to_string()]));
        assert_eq!(helper.candidates("lo", 2), (0, vec!["loop".to_string()]));
        assert_eq!(
            helper.candidates("log(co", 6),
            (4, vec!["const".to_string(), "continue".into(), "copy".into(), "count".into()])
        );
        let (start, members) = helper.candidates("origin.", 7);
        assert_eq!((start, members), (7, vec!["count".to_string(), "origin".into(), "x".into(), "y".into()]));
        assert_eq!(helper.hint("origin.y", 8, &Context::new(&rustyline::history::MemHistory::new())), None);
    }
}
