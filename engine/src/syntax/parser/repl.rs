//! REPL inputs: declarations and statements mixed at top level.

use super::{starts_declaration, Parser, DIAG_TRAILING};
use crate::syntax::ast::{Item, Stmt};
use crate::syntax::token::TokenKind;

impl Parser {
    /// A REPL input: declarations (a `let`/`var`/`const` at top level declares a global) and
    /// statements, each ended by a line end. Recovers at line ends like a block does.
    pub(super) fn parse_entries(&mut self) -> (Vec<Item>, Vec<Stmt>) {
        let (mut items, mut stmts) = (Vec::new(), Vec::new());
        loop {
            self.skip_newlines();
            if self.at(&TokenKind::Eof) {
                break;
            }
            self.begin_unit();
            let start = self.pos;
            if starts_declaration(self.peek()) {
                items.push(self.parse_item());
            } else {
                stmts.push(self.parse_stmt());
            }
            if !self.recovering && !matches!(self.peek(), TokenKind::Newline | TokenKind::Eof) {
                let found = self.peek().describe();
                self.error(DIAG_TRAILING, self.span(), format!("expected end of line, found {found}"));
            }
            if self.recovering {
                self.skip_line();
            }
            if self.pos == start {
                self.bump();
            }
        }
        (items, stmts)
    }
}
