//! Loops (while, C-style, collection loops with copy/view/mod element windows) and `match`
//! as a statement and as an expression.

use super::{ExitAction, FnState, LoopCtx, WriteBack, R};
use crate::bytecode::opcodes::{Instr, Reg};
use crate::check::typed::{LocalKind, Resolution};
use crate::check::types::{IntTy, Ty};
use crate::syntax::ast::{ArmBody, Block, Expr, ExprKind, LoopStmt, Match, UnaryOp};

impl<'a> FnState<'a, '_> {
    pub fn loop_stmt(&mut self, l: &'a LoopStmt) -> R<()> {
        // Every loop has a scope of its own (the loop variable, a write-back); `break` runs
        // its exit actions, `continue` does not (the continue target does).
        self.scopes.push(Vec::new());
        let header = self.pos;
        self.loops.push(LoopCtx { header, scopes: self.scopes.len() - 1, breaks: Vec::new(), continues: Vec::new() });
        let result = match l {
            LoopStmt::While { cond, body } => self.while_loop(cond, body),
            LoopStmt::CStyle { init, cond, step, body } => {
                let slot = self.binding_slot(&init.name)?;
                let reg = self.local_reg(slot);
                self.declare(slot);
                match &init.init {
                    Some((_, value)) => self.expr_into(value, reg)?,
                    None => self.default_into(&self.local_ty(slot), reg)?,
                }
                self.counted_loop(cond, Some(step), body)
            }
            LoopStmt::ForIn { name, iter, body, .. } => self.for_in(name, iter, body),
        };
        result?;
        let Some(ctx) = self.loops.pop() else { return Ok(()) };
        for j in ctx.breaks {
            self.patch_here(j);
        }
        self.pop_scope();
        Ok(())
    }

    fn while_loop(&mut self, cond: &'a Expr, body: &'a Block) -> R<()> {
        self.counted_loop(cond, None, body)
    }

    /// Rotated: `if not cond goto exit; top: body; continue: step; if cond goto top; exit:`,
    /// one dispatch per iteration less than testing at the top.
    fn counted_loop(&mut self, cond: &'a Expr, step: Option<&'a Expr>, body: &'a Block) -> R<()> {
        let exits = self.cond_false(cond)?;
        let top = self.here();
        self.block(body)?;
        self.patch_continues();
        // The step and the test belong to the loop header (a stopped loop reports it).
        let body = self.pos;
        self.pos = self.loops.last().map_or(body, |l| l.header);
        if let Some(step) = step {
            let mark = self.next_temp;
            self.expr_stmt(step)?;
            self.next_temp = mark;
        }
        self.cond_true(cond, top)?;
        self.pos = body;
        for j in exits {
            self.patch_here(j);
        }
        Ok(())
    }

    fn patch_continues(&mut self) {
        let continues = self.loops.last_mut().map(|l| std::mem::take(&mut l.continues)).unwrap_or_default();
        for j in continues {
            self.patch_here(j);
        }
    }

    /// `loop v: T in xs`: copies (`T`, `view T`) read each element into `v`; a `mod T`
    /// window also writes `v` back into the list after each iteration and on every exit.
    fn for_in(&mut self, name: &'a crate::syntax::ast::Ident, iter: &'a Expr, body: &'a Block) -> R<()> {
        let slot = self.binding_slot(name)?;
        let v = self.local_reg(slot);
        self.declare(slot);
        let window = if self.local_kind(slot) == Some(LocalKind::LoopMod) { self.place_of(iter) } else { None };
        // The list: a local's own register, or a temporary copy (which pins the elements
        // for the loop; the checker forbids changing the list inside it).
        let list = match &window {
            Some(p) => match p.as_reg() {
                Some(r) => r,
                None => {
                    let t = self.temp()?;
                    self.read_place(p, t);
                    t
                }
            },
            None => self.expr_reg(iter)?,
        };
        let len = self.temp()?;
        let index = self.temp()?;
        self.emit(Instr::Len { dst: len, a: list });
        self.emit(Instr::LoadInt { dst: index, value: 0 });
        let writeback = window.clone().map(|container| WriteBack { container, key: index, elem: v, map: false });
        if window.as_ref().is_some_and(|p| p.as_reg().is_none()) {
            // Reading the element below goes through `list`, refreshed each iteration; it
            // must not hold a second reference while the body writes.
            self.emit(Instr::LoadNone { dst: list });
        }
        if let (Some(w), Some(scope)) = (&writeback, self.scopes.last_mut()) {
            scope.push(ExitAction::WriteBack(w.clone()));
        }
        let exit = self.emit(Instr::JumpIfNotLtInt { a: index, b: len, target: 0 });
        let top = self.here();
        match &window {
            Some(p) if p.as_reg().is_none() => {
                self.read_place(p, list);
                self.emit(Instr::ListGet { dst: v, list, index });
                self.emit(Instr::LoadNone { dst: list });
            }
            _ => {
                self.emit(Instr::ListGet { dst: v, list, index });
                if let Some(w) = &writeback {
                    self.detach(w, body)?;
                }
            }
        }
        self.block(body)?;
        self.patch_continues();
        if let Some(w) = &writeback {
            self.write_back(w)?;
        }
        self.emit(Instr::AddIntImm { dst: index, a: index, imm: 1 });
        let body = self.pos;
        self.pos = self.loops.last().map_or(body, |l| l.header);
        self.emit(Instr::JumpIfLtInt { a: index, b: len, target: top });
        self.pos = body;
        self.patch_here(exit);
        if self.is_temp(list) {
            self.emit(Instr::LoadNone { dst: list });
        }
        Ok(())
    }

    pub fn match_stmt(&mut self, m: &'a Match) -> R<()> {
        self.match_arms(m, |fx, body| match body {
            ArmBody::Block(b) => fx.block(b),
            ArmBody::Expr(e) => fx.expr_stmt(e),
        })
    }

    pub fn match_expr(&mut self, m: &'a Match, dst: Reg) -> R<()> {
        self.match_arms(m, |fx, body| match body {
            ArmBody::Expr(e) => fx.expr_into(e, dst),
            ArmBody::Block(b) => fx.block(b),
        })
    }

    /// Tests the cases in order (the `default` arm, wherever written, runs when none match).
    fn match_arms(&mut self, m: &'a Match, mut arm: impl FnMut(&mut Self, &'a ArmBody) -> R<()>) -> R<()> {
        let mark = self.next_temp;
        let mut subject = self.expr_reg(&m.subject)?;
        let ty = self.ty(&m.subject);
        let int_cases = matches!(ty, Ty::Int(IntTy::I64) | Ty::Enum(_));
        if !self.is_temp(subject) {
            // An arm may assign the matched variable; the remaining tests use the old value.
            let t = self.temp()?;
            self.emit(Instr::Move { dst: t, src: subject });
            subject = t;
        }
        let mut ends = Vec::new();
        for a in m.arms.iter().filter(|a| !a.is_default) {
            let mut to_body = Vec::new();
            let mut next = Vec::new();
            let single = a.patterns.len() == 1;
            for p in &a.patterns {
                let imm = if int_cases { self.case_imm(p) } else { None };
                match (imm, single) {
                    (Some(imm), true) => next.push(self.emit(Instr::JumpIfNotEqIntImm { a: subject, imm, target: 0 })),
                    _ => {
                        let t = self.temp()?;
                        self.expr_into(p, t)?;
                        let eq = if int_cases {
                            Instr::EqInt { dst: t, a: subject, b: t }
                        } else {
                            Instr::Eq { dst: t, a: subject, b: t }
                        };
                        self.emit(eq);
                        if single {
                            next.push(self.emit(Instr::JumpIfFalse { cond: t, target: 0 }));
                        } else {
                            to_body.push(self.emit(Instr::JumpIfTrue { cond: t, target: 0 }));
                        }
                        self.next_temp -= 1;
                    }
                }
            }
            if !single {
                next.push(self.emit(Instr::Jump { target: 0 }));
            }
            for j in to_body {
                self.patch_here(j);
            }
            arm(self, &a.body)?;
            ends.push(self.emit(Instr::Jump { target: 0 }));
            for j in next {
                self.patch_here(j);
            }
        }
        if let Some(d) = m.arms.iter().find(|a| a.is_default) {
            arm(self, &d.body)?;
        }
        for j in ends {
            self.patch_here(j);
        }
        self.next_temp = mark;
        Ok(())
    }

    /// The integer a case pattern stands for: a literal or an enum member's ordinal.
    fn case_imm(&self, p: &Expr) -> Option<i64> {
        match &p.kind {
            ExprKind::Int(n) => i64::try_from(*n).ok(),
            ExprKind::Paren(inner) => self.case_imm(inner),
            ExprKind::Unary { op: UnaryOp::Neg, expr } => self.case_imm(expr).map(i64::wrapping_neg),
            ExprKind::Member { .. } | ExprKind::Ident(_) => {
                match self.c.typed.modules[self.module].resolutions.get(&p.id)? {
                    Resolution::EnumMember(_, i) => Some(i64::from(*i)),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}
