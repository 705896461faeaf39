//! Formatting expressions and type expressions on one line (a match expression opens lines of its own).

use super::printer::Printer;
use crate::syntax::ast::{Arg, Expr, ExprKind, FieldInit, TypeArg, TypeExpr, TypeExprKind, UnaryOp};

impl Printer<'_> {
    pub(super) fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Char(_)
            | ExprKind::Interp(_)
            | ExprKind::Error => self.verbatim(e.span),
            ExprKind::Bool(b) => self.write(if *b { "true" } else { "false" }),
            ExprKind::None => self.write("none"),
            ExprKind::Ident(name) => self.write(name),
            ExprKind::Unary { op, expr } => self.unary(*op, expr),
            ExprKind::Binary { op, lhs, rhs } => {
                self.expr(lhs);
                self.write(" ");
                self.write(op.text());
                self.write(" ");
                self.expr(rhs);
            }
            ExprKind::As { expr, ty } => {
                self.expr(expr);
                self.write(" as ");
                self.ty(ty);
            }
            ExprKind::Call { callee, args } => {
                self.expr(callee);
                self.write("(");
                self.comma_list(args, |p, arg| p.arg(arg));
                self.write(")");
            }
            ExprKind::Member { object, name } => {
                self.expr(object);
                self.write(".");
                self.write(&name.name);
            }
            ExprKind::Index { object, index } => {
                self.expr(object);
                self.write("[");
                self.expr(index);
                self.write("]");
            }
            ExprKind::StructLit { ty, fields } => {
                if let Some(ty) = ty {
                    self.ty(ty);
                    self.write(" ");
                }
                self.braces_inline(fields, |p, field: &FieldInit| {
                    p.write(&field.name.name);
                    p.write(": ");
                    p.expr(&field.value);
                });
            }
            ExprKind::ListLit(items) => self.braces_inline(items, |p, item| p.expr(item)),
            ExprKind::Match(m) => self.match_(m),
            ExprKind::Paren(inner) => {
                self.write("(");
                self.expr(inner);
                self.write(")");
            }
        }
    }

    pub(super) fn ty(&mut self, t: &TypeExpr) {
        match &t.kind {
            TypeExprKind::Named { name, args } => {
                self.write(&name.name);
                if !args.is_empty() {
                    self.write("(");
                    self.comma_list(args, |p, arg| match arg {
                        TypeArg::Type(t) => p.ty(t),
                        TypeArg::Named(name, value) => {
                            p.write(&name.name);
                            p.write(": ");
                            p.expr(value);
                        }
                    });
                    self.write(")");
                }
            }
            TypeExprKind::Opt(inner) => {
                self.write("opt ");
                self.ty(inner);
            }
            TypeExprKind::Mode(mode, inner) => {
                self.write(mode.keyword());
                self.write(" ");
                self.ty(inner);
            }
            TypeExprKind::Error => self.verbatim(t.span),
        }
    }

    /// `name: mode value`, each part only when written.
    fn arg(&mut self, arg: &Arg) {
        if let Some(name) = &arg.name {
            self.write(&name.name);
            self.write(": ");
        }
        if let Some(mode) = arg.mode {
            self.write(mode.keyword());
            self.write(" ");
        }
        self.expr(&arg.value);
    }

    fn unary(&mut self, op: UnaryOp, operand: &Expr) {
        match prefix_text(op) {
            Some(text) => {
                self.write(text);
                // `- -x` and `- --x` must not run together into `--x`, nor `++ ++x` into `++++x`.
                let glued = match &operand.kind {
                    ExprKind::Unary { op: inner, .. } => {
                        prefix_text(*inner).and_then(|t| t.chars().next()) == text.chars().last()
                    }
                    _ => false,
                };
                if glued {
                    self.write(" ");
                }
                self.expr(operand);
            }
            None => {
                self.expr(operand);
                self.write(if op == UnaryOp::PostInc { "++" } else { "--" });
            }
        }
    }

    /// `{ a, b }` on one line, `{}` when empty.
    fn braces_inline<T>(&mut self, items: &[T], each: impl FnMut(&mut Self, &T)) {
        if items.is_empty() {
            self.write("{}");
            return;
        }
        self.write("{ ");
        self.comma_list(items, each);
        self.write(" }");
    }
}

/// The text of a prefix operator (word operators with their space); `None` for postfix ones.
fn prefix_text(op: UnaryOp) -> Option<&'static str> {
    match op {
        UnaryOp::Neg => Some("-"),
        UnaryOp::Not => Some("not "),
        UnaryOp::BitNot => Some("bitnot "),
        UnaryOp::PreInc => Some("++"),
        UnaryOp::PreDec => Some("--"),
        UnaryOp::PostInc | UnaryOp::PostDec => None,
    }
}
