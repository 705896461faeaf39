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
    /// The input ended inside a raw string or a block comment (more lines could close it).
    pub open_at_end: bool,
}

/// The tree of one file with its comments and every lexical and syntax diagnostic.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub module: ast::Module,
    pub comments: Vec<token::Comment>,
    pub diagnostics: Vec<Diagnostic>,
    /// The input stopped before a construct was closed (a block, a call, a raw string, a
    /// block comment): more lines could complete it. The REPL asks for them on this flag.
    pub ends_early: bool,
}

/// Lexes and parses one file.
pub fn parse(file: FileId, text: &str) -> Parsed {
    let lexed = lexer::lex(file, text);
    parser::parse_tokens(file, lexed)
}

/// One REPL input: declarations (`let`/`var`/`const` at top level declare globals) and the
/// statements between them, in source order each.
#[derive(Debug, Clone)]
pub struct ReplParsed {
    pub items: Vec<ast::Item>,
    pub stmts: Vec<ast::Stmt>,
    pub diagnostics: Vec<Diagnostic>,
    pub ends_early: bool,
    /// One past the last `ExprId` handed out (ids start at the `first_expr` given).
    pub expr_count: u32,
}

/// Lexes and parses a REPL input whose expression ids start at `first_expr`, so that its tree
/// can join the trees of earlier inputs in one module.
pub fn parse_repl(file: FileId, text: &str, first_expr: u32) -> ReplParsed {
    let lexed = lexer::lex(file, text);
    parser::parse_repl_tokens(file, lexed, first_expr)
}
