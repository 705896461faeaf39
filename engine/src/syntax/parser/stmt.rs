//! Blocks and statements: bindings, assignment, if, loops, match, ret, defer.

use super::{only_declaration, Parser, DIAG_TRAILING};
use crate::source::Span;
use crate::syntax::ast::{
    ArmBody, AssignOp, BindKind, Binding, Block, Else, IfCond, IfStmt, LoopStmt, Match, MatchArm, Stmt, StmtKind,
};
use crate::syntax::token::TokenKind;

impl Parser {
    /// `{ stmt NEWLINE stmt … }`. An error inside a statement skips to that statement's line
    /// end, so the block's later statements are still read.
    pub(super) fn parse_block(&mut self) -> Block {
        let start = self.span();
        if !self.open_brace() {
            return Block { stmts: Vec::new(), span: Span { end: start.start, ..start } };
        }
        let fallback = |_: &mut Parser| Vec::new();
        let stmts = self.nested(Parser::parse_stmts, fallback);
        Block { stmts, span: self.span_from(start) }
    }

    /// Consumes the `{` opening a block or match body. When it is missing at the end of the
    /// line, reports it and reads the next lines as the body anyway (also when the `{` stands
    /// alone on the next line), so its statements and `}` do not derail the enclosing block.
    fn open_brace(&mut self) -> bool {
        if self.eat(&TokenKind::LBrace) {
            return true;
        }
        self.error_expected("'{'");
        if !self.at(&TokenKind::Newline) {
            return false;
        }
        self.skip_newlines();
        self.eat(&TokenKind::LBrace);
        true
    }

    /// The statements of a block after its `{`, through its `}`.
    fn parse_stmts(&mut self) -> Vec<Stmt> {
        let saved = std::mem::replace(&mut self.struct_lits, true);
        let mut stmts = Vec::new();
        loop {
            self.skip_newlines();
            if self.eat(&TokenKind::RBrace) {
                break;
            }
            if self.at(&TokenKind::Eof) || only_declaration(self.peek()) {
                self.error_expected("'}'");
                break;
            }
            self.begin_unit();
            let start = self.pos;
            stmts.push(self.parse_stmt());
            if !self.recovering && !matches!(self.peek(), TokenKind::Newline | TokenKind::RBrace | TokenKind::Eof) {
                let found = self.peek().describe();
                self.error(DIAG_TRAILING, self.span(), format!("expected end of line after statement, found {found}"));
            }
            if self.recovering {
                self.skip_line();
            }
            if self.pos == start {
                self.bump();
            }
        }
        self.struct_lits = saved;
        stmts
    }

    pub(super) fn parse_stmt(&mut self) -> Stmt {
        let start = self.span();
        let kind = match self.peek() {
            TokenKind::Let | TokenKind::Var | TokenKind::Const => {
                self.parse_binding().map_or(StmtKind::Error, StmtKind::Let)
            }
            TokenKind::If => self.parse_if(),
            TokenKind::Loop => self.parse_loop(),
            TokenKind::Match => StmtKind::Match(self.parse_match()),
            TokenKind::Ret => {
                self.bump();
                if matches!(self.peek(), TokenKind::Newline | TokenKind::RBrace | TokenKind::Eof) {
                    StmtKind::Ret(None)
                } else {
                    // `ret view x` / `ret mod x`: the function's return type already says
                    // what kind of reference comes back, so the word carries nothing more.
                    if matches!(self.peek(), TokenKind::View | TokenKind::Mod) {
                        self.bump();
                    }
                    StmtKind::Ret(Some(self.parse_expr()))
                }
            }
            TokenKind::Break => {
                self.bump();
                StmtKind::Break
            }
            TokenKind::Continue => {
                self.bump();
                StmtKind::Continue
            }
            TokenKind::Defer => {
                self.bump();
                StmtKind::Defer(self.parse_block())
            }
            _ => {
                let target = self.parse_expr();
                match self.assign_op() {
                    Some(op) => StmtKind::Assign { target, op, value: self.parse_expr() },
                    None => StmtKind::Expr(target),
                }
            }
        };
        Stmt { kind, span: self.span_from(start) }
    }

    /// Consumes `=` or `=>`.
    pub(super) fn assign_op(&mut self) -> Option<AssignOp> {
        let op = match self.peek() {
            TokenKind::Assign => AssignOp::Copy,
            TokenKind::FatArrow => AssignOp::Bind,
            _ => return None,
        };
        self.bump();
        Some(op)
    }

    /// An expression in the head of `if`/`loop`/`match`, where `Name {` opens the body.
    fn parse_head_expr(&mut self) -> crate::syntax::ast::Expr {
        self.with_struct_lits(false, Parser::parse_expr)
    }

    /// `if cond { … } [else if … | else { … }]`; `else` may start the line after `}`.
    fn parse_if(&mut self) -> StmtKind {
        self.nested(Parser::parse_if_inner, |_| StmtKind::Error)
    }

    fn parse_if_inner(&mut self) -> StmtKind {
        self.bump();
        let cond = if self.eat(&TokenKind::Let) {
            let Some(name) = self.name() else { return StmtKind::Error };
            if !self.expect(&TokenKind::Colon) {
                return StmtKind::Error;
            }
            let ty = self.with_struct_lits(false, Parser::parse_type);
            if !self.expect(&TokenKind::Assign) {
                return StmtKind::Error;
            }
            IfCond::Let { name, ty, value: self.parse_head_expr() }
        } else {
            IfCond::Expr(self.parse_head_expr())
        };
        let then = self.parse_block();
        let mut lookahead = 0;
        while *self.nth(lookahead) == TokenKind::Newline {
            lookahead += 1;
        }
        let otherwise = if *self.nth(lookahead) == TokenKind::Else {
            self.skip_newlines();
            self.bump();
            if self.at(&TokenKind::If) {
                let start = self.span();
                let kind = self.parse_if();
                Some(Else::If(Box::new(Stmt { kind, span: self.span_from(start) })))
            } else {
                Some(Else::Block(self.parse_block()))
            }
        } else {
            None
        };
        StmtKind::If(IfStmt { cond, then, otherwise })
    }

    /// `loop cond { … }`, `loop i: T = init, cond, step { … }`, `loop v: T in list { … }`
    fn parse_loop(&mut self) -> StmtKind {
        self.bump();
        let typed = matches!(self.peek(), TokenKind::Ident(_)) && *self.nth(1) == TokenKind::Colon;
        if !typed {
            let cond = self.parse_head_expr();
            return StmtKind::Loop(LoopStmt::While { cond, body: self.parse_block() });
        }
        let start = self.span();
        let Some(name) = self.name() else { return StmtKind::Error };
        self.bump();
        let ty = self.with_struct_lits(false, Parser::parse_type);
        if self.eat(&TokenKind::In) {
            let iter = self.parse_head_expr();
            return StmtKind::Loop(LoopStmt::ForIn { name, ty, iter, body: self.parse_block() });
        }
        if !self.at(&TokenKind::Assign) {
            self.error_expected("'=' or 'in'");
            return StmtKind::Error;
        }
        self.bump();
        let value = self.parse_head_expr();
        let init = Binding {
            kind: BindKind::Var,
            name,
            ty: Some(ty),
            init: Some((AssignOp::Copy, value)),
            span: self.span_from(start),
        };
        if !self.expect(&TokenKind::Comma) {
            return StmtKind::Error;
        }
        let cond = self.parse_head_expr();
        if !self.expect(&TokenKind::Comma) {
            return StmtKind::Error;
        }
        let step = self.parse_head_expr();
        StmtKind::Loop(LoopStmt::CStyle { init: Box::new(init), cond, step, body: self.parse_block() })
    }

    /// `match subject { case p, q { … } | case p => expr | default { … } | default => expr }`,
    /// arms separated by line ends and/or commas. Used by statements and expressions alike.
    pub(super) fn parse_match(&mut self) -> Match {
        let start = self.bump();
        let subject = self.parse_head_expr();
        let mut arms = Vec::new();
        if self.open_brace() {
            let saved = std::mem::replace(&mut self.struct_lits, true);
            self.parse_arms(&mut arms);
            self.struct_lits = saved;
        }
        Match { subject, arms, span: self.span_from(start) }
    }

    /// Arms up to the match's `}`. After an error, lines are skipped up to the next arm.
    fn parse_arms(&mut self, arms: &mut Vec<MatchArm>) {
        loop {
            while matches!(self.peek(), TokenKind::Newline | TokenKind::Comma) {
                self.bump();
            }
            if self.eat(&TokenKind::RBrace) {
                return;
            }
            if self.at(&TokenKind::Eof) || only_declaration(self.peek()) {
                self.error_expected("'}'");
                return;
            }
            let start = self.pos;
            if matches!(self.peek(), TokenKind::Case | TokenKind::Default) {
                self.begin_unit();
                arms.push(self.parse_arm());
                let ended = matches!(self.peek(), TokenKind::Newline | TokenKind::Comma | TokenKind::RBrace);
                if !self.recovering && !ended {
                    self.error_expected("',' or end of line");
                }
            } else {
                self.error_expected("'case', 'default' or '}'");
            }
            if self.recovering {
                self.skip_line();
            }
            if self.pos == start {
                self.bump();
            }
        }
    }

    fn parse_arm(&mut self) -> MatchArm {
        let start = self.span();
        let is_default = self.bump_is_default();
        let mut patterns = Vec::new();
        if !is_default {
            loop {
                patterns.push(self.parse_head_expr());
                if !self.eat(&TokenKind::Comma) {
                    break;
                }
            }
        }
        let body = if self.eat(&TokenKind::FatArrow) {
            ArmBody::Expr(self.parse_expr())
        } else if self.at(&TokenKind::LBrace) {
            ArmBody::Block(self.parse_block())
        } else {
            self.error_expected("'{' or '=>'");
            ArmBody::Block(Block { stmts: Vec::new(), span: self.span().end_point() })
        };
        MatchArm { patterns, is_default, body, span: self.span_from(start) }
    }

    /// Consumes `case` or `default`; true for `default`.
    fn bump_is_default(&mut self) -> bool {
        let is_default = self.at(&TokenKind::Default);
        self.bump();
        is_default
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, diags, dump, outline};

    /// The dump of `body` as the body of `func f()`, without the function's own lines.
    fn body(stmts: &str) -> String {
        let indented: String = stmts.lines().map(|l| format!("  {l}\n")).collect();
        let text = dump(&format!("func f() {{\n{indented}}}\n"));
        text.lines().skip(3).map(|l| format!("{}\n", l.get(4..).unwrap_or(""))).collect()
    }

    #[test]
    fn bindings() {
        let expected = outline(
            "
            let x
              type Int
            var y
              = int 7
            const z
              = int 40
            let r
              type view Point
              => ident p
            ",
        );
        assert_eq!(body("let x: Int\nvar y = 7\nconst z = 40\nlet r: view Point => p"), expected);
    }

    #[test]
    fn assignments_to_names_members_and_indexes() {
        let expected = outline(
            "
            assign =
              ident x
              int 1
            assign =
              member c
                member b
                  ident a
              int 2
            assign =>
              index
                ident xs
                int 0
              ident p
            expr
              postfix ++
                member n
                  ident p
            ",
        );
        assert_eq!(body("x = 1\na.b.c = 2\nxs[0] => p\np.n++"), expected);
    }

    #[test]
    fn if_else_chains_with_else_on_the_next_line() {
        let src = "if a {\n  log(1)\n}\nelse if b {\n} else {\n  ret\n}";
        let expected = outline(
            "
            if
              cond ident a
              then
                expr
                  call
                    ident log
                    arg int 1
              else
                if
                  cond ident b
                  then
                  else
                    ret
            ",
        );
        assert_eq!(body(src), expected);
    }

    #[test]
    fn if_let() {
        let expected = outline(
            "
            if
              cond let level
                type Int
                = call
                    member get
                      ident levels
                    arg key: ident k
              then
            ",
        );
        assert_eq!(body("if let level: Int = levels.get(key: k) {\n}"), expected);
    }

    #[test]
    fn struct_literals_are_not_read_in_the_head_of_if_loop_and_match() {
        let expected = outline(
            "
            if
              cond binary is
                     ident x
                     ident Y
              then
                break
            loop
              cond binary <
                     ident i
                     ident N
              body
            ",
        );
        assert_eq!(body("if x is Y {\n  break\n}\nloop i < N {\n}"), expected);
        // Parentheses allow them again.
        assert!(body("if p is (Point { x: 1 }) {\n}").contains("struct"));
    }

    #[test]
    fn loops_of_every_kind() {
        let src = "loop true {\n}\nloop i: Int = 0, i < 10, ++i {\n  continue\n}\nloop p: mod Particle in ps {\n}";
        let expected = outline(
            "
            loop
              cond bool true
              body
            loop
              var i
                type Int
                = int 0
              cond binary <
                     ident i
                     int 10
              step prefix ++
                     ident i
              body
                continue
            loop p
              type mod Particle
              in ident ps
              body
            ",
        );
        assert_eq!(body(src), expected);
    }

    #[test]
    fn match_statement_and_expression() {
        let src = "match v {\n  case 1 {\n    log(1)\n  }\n  case 2, -3 {\n  }\n  default {\n  }\n}\n\
                   let n: Int = match c { case Color.red => 10, default => 20 }";
        let expected = outline(
            "
            match
              subject ident v
              case
                int 1
                then
                  expr
                    call
                      ident log
                      arg int 1
              case
                int 2
                unary -
                  int 3
                then
              default
                then
            let n
              type Int
              = match
                  subject ident c
                  case
                    member red
                      ident Color
                    => int 10
                  default
                    => int 20
            ",
        );
        assert_eq!(body(src), expected);
    }

    #[test]
    fn match_arms_may_mix_forms_and_separators() {
        let src = "match s {\n  case \"a\" => log(1),\n  case \"b\" { }, default => 0\n}";
        assert_eq!(body(src).matches("=> ").count(), 2);
        assert_eq!(codes("func f() {\n  match s {\n    oops\n    case 1 { }\n  }\n}\n"), ["P0002"]);
    }

    #[test]
    fn ret_break_continue_defer() {
        let expected = outline(
            "
            defer
              expr
                call
                  ident close
            ret
            ret
              binary +
                ident a
                int 1
            ret
              member current
                ident lib
            ",
        );
        assert_eq!(body("defer {\n  close()\n}\nret\nret a + 1\nret view lib.current"), expected);
        assert_eq!(dump("func f() {\n  ret }\n"), outline("func f\n  params\n  body\n    ret\n"));
    }

    #[test]
    fn trailing_tokens_after_a_statement() {
        assert_eq!(
            diags("func f() {\n  log(1) log(2)\n  let x = 1\n}\n"),
            [("P0003", "expected end of line after statement, found identifier".to_string())]
        );
    }

    #[test]
    fn an_error_skips_only_its_own_statement() {
        let src = "func f() {\n  let = 1\n  let y = 1 + * 2\n  let z = 2\n  if x { let w = ) }\n  log(z)\n}\n";
        let found = diags(src);
        assert_eq!(found.len(), 3, "{found:?}");
        let parsed = crate::syntax::parse(crate::source::FileId(0), src);
        let text = crate::syntax::dump::dump_module(&parsed.module);
        assert!(text.contains("let z") && text.contains("ident log"), "{text}");
    }
}
