//! Binary operators: operand typing (literals adapt to the other side), the operand types
//! each operator accepts, and the mixed-type diagnostics.

use super::body::FnCtx;
use super::codes;
use super::env::Checker;
use super::expr::literal_kind;
use super::types::{Ty, FLOAT};
use crate::diag::Diagnostic;
use crate::syntax::ast::{BinOp, Expr, ExprKind};

impl Checker<'_> {
    pub fn binary(&mut self, cx: &mut FnCtx, e: &Expr, op: BinOp, lhs: &Expr, rhs: &Expr, hint: Option<&Ty>) -> Ty {
        match op {
            BinOp::And | BinOp::Or => {
                let l = self.expr(cx, lhs, Some(&Ty::Bool));
                let r = self.expr(cx, rhs, Some(&Ty::Bool));
                let l = self.operand_kind(lhs, op.text(), l, |t| *t == Ty::Bool);
                let r = self.operand_kind(rhs, op.text(), r, |t| *t == Ty::Bool);
                if l.is_error() || r.is_error() {
                    return Ty::Error;
                }
                Ty::Bool
            }
            BinOp::Is | BinOp::IsNot => self.equality(cx, e, op, lhs, rhs),
            _ => {
                // Arithmetic and bitwise results have the operands' type, so the context's
                // numeric type flows into literal operands; comparisons give no such hint.
                let hint = if op.is_comparison() { None } else { hint.map(Ty::unref).filter(|t| t.is_numeric()) };
                let (l, r) = self.operands(cx, lhs, rhs, hint);
                let ty = self.same_operands(e, op, &l, &r);
                let ok: fn(&Ty) -> bool = match op {
                    BinOp::Add => |t| t.is_numeric() || *t == Ty::String,
                    BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => Ty::is_numeric,
                    BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                        |t| t.is_numeric() || matches!(t, Ty::String | Ty::Char)
                    }
                    _ => Ty::is_integer,
                };
                let ty = self.operand_kind(e, op.text(), ty, ok);
                if op.is_comparison() && !ty.is_error() {
                    Ty::Bool
                } else {
                    ty
                }
            }
        }
    }

    /// Types both operands; a literal-only side takes the other side's type.
    fn operands(&mut self, cx: &mut FnCtx, lhs: &Expr, rhs: &Expr, hint: Option<&Ty>) -> (Ty, Ty) {
        match (literal_kind(lhs), literal_kind(rhs)) {
            (Some(lf), Some(rf)) => {
                let fallback = (lf || rf).then_some(FLOAT);
                let hint = hint.or(fallback.as_ref());
                let l = self.expr(cx, lhs, hint);
                let r = self.expr(cx, rhs, Some(&l));
                (l, r)
            }
            (Some(_), None) => {
                let r = self.expr(cx, rhs, hint);
                let l = self.expr(cx, lhs, Some(&r));
                (l, r)
            }
            _ => {
                let l = self.expr(cx, lhs, hint);
                let r = self.expr(cx, rhs, Some(&l));
                (l, r)
            }
        }
    }

    /// The common type of two operands, or a mismatch diagnostic at the whole expression.
    fn same_operands(&mut self, e: &Expr, op: BinOp, l: &Ty, r: &Ty) -> Ty {
        let (l, r) = (l.strip_refs(), r.strip_refs());
        if l.is_error() || r.is_error() {
            return Ty::Error;
        }
        if l == r {
            return l;
        }
        let (ln, rn) = (self.name_of(&l), self.name_of(&r));
        let mut msg = format!("mismatched types {ln} and {rn} in '{}'", op.text());
        if l.is_numeric() && r.is_numeric() {
            msg.push_str(&format!("; Rae has no implicit numeric conversions - write `value as {rn}`"));
        }
        self.report(Diagnostic::error(codes::OPERAND_MISMATCH, e.span, msg));
        Ty::Error
    }

    /// `is` / `is not`: two values of one type, or an optional against `none`.
    fn equality(&mut self, cx: &mut FnCtx, e: &Expr, op: BinOp, lhs: &Expr, rhs: &Expr) -> Ty {
        let none_side = match (&lhs.kind, &rhs.kind) {
            (_, ExprKind::None) => Some((lhs, rhs)),
            (ExprKind::None, _) => Some((rhs, lhs)),
            _ => None,
        };
        if let Some((value, none)) = none_side {
            let t = self.expr(cx, value, None);
            self.expr(cx, none, None);
            let t = t.strip_refs();
            if matches!(t, Ty::Opt(_)) {
                self.coerce(cx, none, &Ty::None, &t);
            }
            if !(t.is_error() || matches!(t, Ty::Opt(_) | Ty::None)) {
                let word = if op == BinOp::Is { "is none" } else { "is not none" };
                let msg = format!("'{word}' needs an optional value, but this is {}", self.name_of(&t));
                self.report(Diagnostic::error(codes::BAD_OPERATOR, value.span, msg));
                return Ty::Error;
            }
            return Ty::Bool;
        }
        let (l, r) = self.operands(cx, lhs, rhs, None);
        let (ls, rs) = (l.strip_refs(), r.strip_refs());
        // A value compares with an optional of its type (`opt T is T`): it is wrapped.
        match (&ls, &rs) {
            (Ty::Opt(a), b) if **a == *b => {
                self.coerce(cx, rhs, &rs, &ls);
            }
            (b, Ty::Opt(a)) if **a == *b => {
                self.coerce(cx, lhs, &ls, &rs);
            }
            _ => {
                if self.same_operands(e, op, &l, &r).is_error() {
                    return Ty::Error;
                }
            }
        }
        if matches!(ls, Ty::Void | Ty::Type(_)) {
            return Ty::Error;
        }
        Ty::Bool
    }
}
