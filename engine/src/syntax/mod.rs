//! Syntax: tokens, lexer, parser, the tree, its debug dump and the canonical formatter.
//!
//! Invariant: lexing and parsing never fail and never panic. They always return a tree
//! (with `Error` nodes where the input was unreadable) plus diagnostics.

pub mod ast;
pub mod dump;
pub mod format;
pub mod lexer;
pub mod parser;
pub mod token;

use crate::diag::Diagnostic;
use crate::source::FileId;

/// Tokens, comments and lexical diagnostics of one file.
#[derive(Debug, Clone)]
pub struct Lexed {
    pub tokens: Vec<token::Token>,
    pub comments: Vec<token::Comment>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The tree of one file with its comments and every lexical and syntax diagnostic.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub module: ast::Module,
    pub comments: Vec<token::Comment>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lexes and parses one file.
pub fn parse(file: FileId, text: &str) -> Parsed {
    let lexed = lexer::lex(file, text);
    parser::parse_tokens(file, lexed)
}
