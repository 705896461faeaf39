//! Formatting blocks and statements: bindings, assignments, if/else chains, loops, match, ret, defer.

use super::printer::Printer;
use crate::syntax::ast::{
    ArmBody, AssignOp, BindKind, Binding, Block, Else, IfCond, IfStmt, LoopStmt, Match, MatchArm, Stmt, StmtKind,
};

impl Printer<'_> {
    /// `{` + one statement per line + `}`, or `{}` when empty.
    pub(super) fn block(&mut self, block: &Block) {
        self.braced(block.span.start, block.span.end, &block.stmts, |p, stmt, _| {
            p.lead_in(stmt.span.start, false);
            p.stmt_body(stmt);
            p.end_line(stmt.span.end);
        });
    }

    /// `let|var|const name: T = value`; the keyword is left out for the counter of a C-style loop.
    pub(super) fn binding(&mut self, b: &Binding, with_keyword: bool) {
        if with_keyword {
            self.write(match b.kind {
                BindKind::Let => "let ",
                BindKind::Var => "var ",
                BindKind::Const => "const ",
            });
        }
        self.write(&b.name.name);
        if let Some(ty) = &b.ty {
            self.write(": ");
            self.ty(ty);
        }
        if let Some((op, value)) = &b.init {
            self.write(assign_text(*op));
            self.expr(value);
        }
    }

    /// `match v {` + one arm per line + `}`, for the statement and the expression forms alike.
    pub(super) fn match_(&mut self, m: &Match) {
        self.write("match ");
        self.expr(&m.subject);
        self.write(" ");
        self.braced(m.subject.span.end, m.span.end, &m.arms, |p, arm, last| p.arm(arm, last));
    }

    /// One arm; `=>` arms are separated by commas, as in the one-line form `case 1 => 10, default => 20`.
    fn arm(&mut self, arm: &MatchArm, last: bool) {
        self.lead_in(arm.span.start, false);
        if arm.is_default {
            self.write("default");
        } else {
            self.write("case ");
            self.comma_list(&arm.patterns, |p, pattern| p.expr(pattern));
        }
        match &arm.body {
            ArmBody::Block(block) => {
                self.write(" ");
                self.block(block);
            }
            ArmBody::Expr(value) => {
                self.write(" => ");
                self.expr(value);
                if !last {
                    self.write(",");
                }
            }
        }
        self.end_line(arm.span.end);
    }

    /// A statement without its line break (an `else if` continues the line of the `}` before it).
    fn stmt_body(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Let(b) => self.binding(b, true),
            StmtKind::Assign { target, op, value } => {
                self.expr(target);
                self.write(assign_text(*op));
                self.expr(value);
            }
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::If(s) => self.if_stmt(s),
            StmtKind::Loop(l) => self.loop_stmt(l),
            StmtKind::Match(m) => self.match_(m),
            StmtKind::Ret(value) => {
                self.write("ret");
                if let Some(value) = value {
                    // The tree drops the `view`/`mod` of `ret view x` (the return type already says
                    // it), but the user wrote it, so it is read back from the source.
                    let head = self.code_between(stmt.span.start, value.span.start);
                    if let Some(word) = head.split_whitespace().nth(1).filter(|w| matches!(*w, "view" | "mod")) {
                        self.write(" ");
                        self.write(word);
                    }
                    self.write(" ");
                    self.expr(value);
                }
            }
            StmtKind::Break => self.write("break"),
            StmtKind::Continue => self.write("continue"),
            StmtKind::Defer(block) => {
                self.write("defer ");
                self.block(block);
            }
            StmtKind::Error => self.verbatim(stmt.span),
        }
    }

    fn if_stmt(&mut self, s: &IfStmt) {
        self.write("if ");
        match &s.cond {
            IfCond::Expr(cond) => self.expr(cond),
            IfCond::Let { name, ty, value } => {
                self.write("let ");
                self.write(&name.name);
                self.write(": ");
                self.ty(ty);
                self.write(" = ");
                self.expr(value);
            }
        }
        self.write(" ");
        self.block(&s.then);
        match &s.otherwise {
            None => {}
            Some(Else::Block(block)) => {
                self.write(" else ");
                self.block(block);
            }
            Some(Else::If(stmt)) => {
                self.write(" else ");
                self.stmt_body(stmt);
            }
        }
    }

    fn loop_stmt(&mut self, l: &LoopStmt) {
        self.write("loop ");
        let body = match l {
            LoopStmt::While { cond, body } => {
                self.expr(cond);
                body
            }
            LoopStmt::CStyle { init, cond, step, body } => {
                self.binding(init, false);
                self.write(", ");
                self.expr(cond);
                self.write(", ");
                self.expr(step);
                body
            }
            LoopStmt::ForIn { name, ty, iter, body } => {
                self.write(&name.name);
                self.write(": ");
                self.ty(ty);
                self.write(" in ");
                self.expr(iter);
                body
            }
        };
        self.write(" ");
        self.block(body);
    }
}

fn assign_text(op: AssignOp) -> &'static str {
    match op {
        AssignOp::Copy => " = ",
        AssignOp::Bind => " => ",
    }
}
