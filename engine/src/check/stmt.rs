//! Statements: bindings (`=` vs `=>`, const), assignment, `if`/`if let`, loops and their
//! borrows, `ret`, `break`/`continue`, `defer`; each reports whether it can fall through.

use super::body::FnCtx;
use super::codes;
use super::decl::NameKind;
use super::env::Checker;
use super::place::Write;
use super::type_expr::split_mode;
use super::typed::{LocalKind, Resolution};
use super::types::{RefMode, Ty};
use crate::diag::Diagnostic;
use crate::syntax::ast::{
    AssignOp, BindKind, Binding, Block, Else, Expr, ExprKind, IfCond, IfStmt, LoopStmt, Mode, Stmt, StmtKind,
};

impl Checker<'_> {
    /// Checks a block in a scope of its own; true when it never reaches its end.
    pub fn block_in_scope(&mut self, cx: &mut FnCtx, b: &Block) -> bool {
        cx.push_scope();
        let diverges = self.block_stmts(cx, b);
        cx.pop_scope();
        diverges
    }

    /// Checks a block's statements in the current scope (a function body shares its
    /// parameters' scope); true when it never reaches its end.
    pub fn block_stmts(&mut self, cx: &mut FnCtx, b: &Block) -> bool {
        let mut diverges = false;
        for s in &b.stmts {
            diverges |= self.stmt(cx, s);
        }
        diverges
    }

    /// Checks one statement; true when control cannot continue after it.
    fn stmt(&mut self, cx: &mut FnCtx, s: &Stmt) -> bool {
        match &s.kind {
            StmtKind::Let(b) => {
                self.check_name(NameKind::Variable, &b.name);
                let (ty, kind) = self.check_binding(cx, b);
                self.declare_local(cx, &b.name, ty, kind);
                false
            }
            StmtKind::Assign { target, op, value } => {
                self.assign(cx, target, *op, value);
                false
            }
            StmtKind::Expr(e) => {
                self.expr_any(cx, e, None);
                false
            }
            StmtKind::If(i) => self.if_stmt(cx, i),
            StmtKind::Loop(l) => self.loop_stmt(cx, l),
            StmtKind::Match(m) => self.match_stmt(cx, m),
            StmtKind::Ret(value) => {
                self.ret(cx, s, value.as_ref());
                true
            }
            StmtKind::Break | StmtKind::Continue => {
                let is_break = matches!(s.kind, StmtKind::Break);
                match cx.loops.last_mut() {
                    Some(broken) => *broken |= is_break,
                    None => {
                        let word = if is_break { "break" } else { "continue" };
                        let msg = format!("'{word}' is only valid inside a loop");
                        self.report(Diagnostic::error(codes::BAD_JUMP, s.span, msg));
                    }
                }
                true
            }
            StmtKind::Defer(b) => {
                let loops = std::mem::take(&mut cx.loops);
                let in_defer = std::mem::replace(&mut cx.in_defer, true);
                self.block_in_scope(cx, b);
                cx.loops = loops;
                cx.in_defer = in_defer;
                false
            }
            StmtKind::Error => false,
        }
    }

    /// A `let`/`var`/`const` (local or global): the binding's type and kind. Its name is
    /// checked by the caller (a global's when it is collected, so it is reported once).
    pub fn check_binding(&mut self, cx: &mut FnCtx, b: &Binding) -> (Ty, LocalKind) {
        let (mode, written) = match &b.ty {
            Some(te) => {
                let (mode, inner) = split_mode(te);
                (mode, Some(self.resolve_type(cx.module, inner, &cx.type_params).strip_refs()))
            }
            None => (None, None),
        };
        let alias = match mode {
            Some(Mode::View) => Some(RefMode::View),
            Some(Mode::Mod) => Some(RefMode::Mod),
            Some(other) => {
                let msg = format!("'{}' is a parameter mode; a binding's type cannot have it", other.keyword());
                let span = b.ty.as_ref().map_or(b.name.span, |t| t.span);
                self.report(Diagnostic::error(codes::ALIAS, span, msg));
                None
            }
            None => None,
        };
        let kind = match (alias, b.kind) {
            (Some(RefMode::View), _) => LocalKind::ViewAlias,
            (Some(RefMode::Mod), _) => LocalKind::ModAlias,
            (None, BindKind::Let) => LocalKind::Let,
            (None, BindKind::Var) => LocalKind::Var,
            (None, BindKind::Const) => LocalKind::Const,
        };
        if alias.is_some() && b.kind == BindKind::Var {
            let msg = "aliases are bind-once; declare with 'let', not 'var'";
            self.report(Diagnostic::error(codes::ALIAS, b.span, msg));
        }
        let Some((op, value)) = &b.init else {
            return (self.binding_without_value(b, alias, written), kind);
        };
        match (alias, op) {
            (Some(_), AssignOp::Copy) => {
                let msg = "use '=>' for alias bindings (view/mod)";
                self.report(Diagnostic::error(codes::ALIAS, value.span, msg));
            }
            (None, AssignOp::Bind) => {
                let msg = "'=>' is only legal when the target type is mod T or view T";
                self.report(Diagnostic::error(codes::ALIAS, value.span, msg));
            }
            _ => {}
        }
        if let (Some(_), ExprKind::StructLit { ty: Some(rhs), .. }) = (&written, &value.kind) {
            let msg = "with 'let', the binding's type must be written on the left-hand side only. Remove the type name from the RHS.";
            self.report(Diagnostic::error(codes::TYPE_ON_RHS, rhs.span, msg));
        }
        let ty = match &written {
            Some(t) => {
                self.expr_expect(cx, value, t);
                t.clone()
            }
            None => {
                let t = self.expr(cx, value, None);
                if t == Ty::None {
                    let msg =
                        format!("cannot infer the type of '{}' from 'none'; write its type: 'opt T'", b.name.name);
                    self.report(Diagnostic::error(codes::NEEDS_TYPE, value.span, msg));
                    Ty::Error
                } else {
                    t.strip_refs()
                }
            }
        };
        if alias == Some(RefMode::Mod) {
            self.check_writable(cx, value, Write::Mod);
        }
        if b.kind == BindKind::Const && !self.is_const_expr(cx, value) {
            let msg = format!("const '{}' must be initialised with a value known at compile time", b.name.name);
            self.report(Diagnostic::error(codes::NOT_CONST, value.span, msg));
        }
        (ty, kind)
    }

    /// `let x: T` alone (the default value); aliases and consts need a value.
    fn binding_without_value(&mut self, b: &Binding, alias: Option<RefMode>, written: Option<Ty>) -> Ty {
        if alias.is_some() {
            let msg = "use '=>' for alias bindings (view/mod)";
            self.report(Diagnostic::error(codes::ALIAS, b.name.span, msg));
        } else if b.kind == BindKind::Const {
            let msg = format!("const '{}' must be initialised with a value known at compile time", b.name.name);
            self.report(Diagnostic::error(codes::NOT_CONST, b.name.span, msg));
        }
        written.unwrap_or_else(|| {
            let kw = match b.kind {
                BindKind::Let => "let",
                BindKind::Var => "var",
                BindKind::Const => "const",
            };
            let msg = format!("'{0}' needs a type or a value: write '{kw} {0}: T' or '{kw} {0} = value'", b.name.name);
            self.report(Diagnostic::error(codes::NEEDS_TYPE, b.name.span, msg));
            Ty::Error
        })
    }

    /// Literals, consts, enum members and operators on them.
    fn is_const_expr(&self, cx: &FnCtx, e: &Expr) -> bool {
        let table = &self.out.modules[cx.module];
        match &e.kind {
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Bool(_)
            | ExprKind::Str(_)
            | ExprKind::Char(_)
            | ExprKind::None
            | ExprKind::Error => true,
            ExprKind::Paren(x) | ExprKind::Unary { expr: x, .. } | ExprKind::As { expr: x, .. } => {
                self.is_const_expr(cx, x)
            }
            ExprKind::Binary { lhs, rhs, .. } => self.is_const_expr(cx, lhs) && self.is_const_expr(cx, rhs),
            ExprKind::Ident(_) | ExprKind::Member { .. } => match table.resolutions.get(&e.id) {
                Some(Resolution::EnumMember(..)) => true,
                Some(Resolution::Global(g)) => self.out.global(*g).kind == BindKind::Const,
                Some(Resolution::Local(l)) => cx.local(*l).kind == LocalKind::Const,
                _ => table.ty(e.id).is_error(),
            },
            _ => false,
        }
    }

    fn assign(&mut self, cx: &mut FnCtx, target: &Expr, op: AssignOp, value: &Expr) {
        let ty = self.expr(cx, target, None);
        if op == AssignOp::Bind {
            let msg = "rebinding an alias is illegal. '=>' is only for 'let' bindings.";
            self.report(Diagnostic::error(codes::ALIAS, target.span, msg));
            self.expr(cx, value, None);
            return;
        }
        self.expr_expect(cx, value, &ty);
        self.check_writable(cx, target, Write::Assign);
    }

    /// A condition: must be Bool.
    pub fn condition(&mut self, cx: &mut FnCtx, e: &Expr) {
        let t = self.expr(cx, e, Some(&Ty::Bool));
        let t = t.strip_refs();
        if !t.is_error() && t != Ty::Bool {
            let msg = format!("a condition must be a Bool, but this is {}", self.name_of(&t));
            self.report(Diagnostic::error(codes::TYPE_MISMATCH, e.span, msg));
        }
    }

    fn if_stmt(&mut self, cx: &mut FnCtx, i: &IfStmt) -> bool {
        let then_diverges = match &i.cond {
            IfCond::Expr(c) => {
                self.condition(cx, c);
                self.block_in_scope(cx, &i.then)
            }
            IfCond::Let { name, ty, value } => {
                let actual = self.expr(cx, value, None);
                let (mode, inner) = split_mode(ty);
                let declared = self.resolve_type(cx.module, inner, &cx.type_params).strip_refs();
                match actual.strip_refs() {
                    Ty::Opt(held) => {
                        if !declared.is_error() && *held != declared {
                            let msg = format!(
                                "cannot convert {} to {}; they are different types",
                                self.name_of(&held),
                                self.name_of(&declared)
                            );
                            self.report(Diagnostic::error(codes::TYPE_MISMATCH, ty.span, msg));
                        }
                    }
                    Ty::Error => {}
                    other => {
                        let msg =
                            format!("'if let' needs an optional value (opt T), but this is {}", self.name_of(&other));
                        self.report(Diagnostic::error(codes::IF_LET, value.span, msg));
                    }
                }
                let kind = match mode {
                    Some(Mode::View) => LocalKind::ViewAlias,
                    Some(Mode::Mod) => LocalKind::ModAlias,
                    _ => LocalKind::IfLet,
                };
                cx.push_scope();
                self.declare_local(cx, name, declared, kind);
                let d = self.block_in_scope(cx, &i.then);
                cx.pop_scope();
                d
            }
        };
        let else_diverges = match &i.otherwise {
            None => false,
            Some(Else::Block(b)) => self.block_in_scope(cx, b),
            Some(Else::If(s)) => self.stmt(cx, s),
        };
        then_diverges && else_diverges
    }

    fn loop_stmt(&mut self, cx: &mut FnCtx, l: &LoopStmt) -> bool {
        match l {
            LoopStmt::While { cond, body } => {
                self.condition(cx, cond);
                let broke = self.loop_body(cx, body);
                matches!(cond.kind, ExprKind::Bool(true)) && !broke
            }
            LoopStmt::CStyle { init, cond, step, body } => {
                cx.push_scope();
                self.check_name(NameKind::Variable, &init.name);
                let (ty, _) = self.check_binding(cx, init);
                self.declare_local(cx, &init.name, ty, LocalKind::LoopCounter);
                self.condition(cx, cond);
                self.expr_any(cx, step, None);
                self.loop_body(cx, body);
                cx.pop_scope();
                false
            }
            LoopStmt::ForIn { name, ty, iter, body } => {
                let list = self.expr(cx, iter, None);
                let (mode, inner) = split_mode(ty);
                let declared = self.resolve_type(cx.module, inner, &cx.type_params).strip_refs();
                match list.list_elem() {
                    Some(elem) => {
                        if !declared.is_error() && !elem.is_error() && elem.strip_refs() != declared {
                            let msg = format!(
                                "loop variable '{}' is declared {}, but the list holds {}",
                                name.name,
                                self.name_of(&declared),
                                self.name_of(elem)
                            );
                            self.report(Diagnostic::error(codes::LOOP_ELEMENT, ty.span, msg));
                        }
                    }
                    None if list.is_error() => {}
                    None => {
                        let msg = format!("a collection loop needs a List, but this is {}", self.name_of(&list));
                        self.report(Diagnostic::error(codes::LOOP_ELEMENT, iter.span, msg));
                    }
                }
                let kind = match mode {
                    Some(Mode::View) => LocalKind::LoopView,
                    Some(Mode::Mod) => {
                        self.check_writable(cx, iter, Write::Mod);
                        LocalKind::LoopMod
                    }
                    _ => LocalKind::LoopCopy,
                };
                let borrow = self.place_of(cx, iter).map(|(p, _)| p);
                cx.push_scope();
                self.declare_local(cx, name, declared, kind);
                cx.borrows.extend(borrow.clone());
                self.loop_body(cx, body);
                if borrow.is_some() {
                    cx.borrows.pop();
                }
                cx.pop_scope();
                false
            }
        }
    }

    /// Checks a loop body; true when a `break` leaves this loop.
    fn loop_body(&mut self, cx: &mut FnCtx, body: &Block) -> bool {
        cx.loops.push(false);
        self.block_in_scope(cx, body);
        cx.loops.pop().unwrap_or(false)
    }

    fn ret(&mut self, cx: &mut FnCtx, s: &Stmt, value: Option<&Expr>) {
        if cx.in_defer {
            let msg =
                "'ret' is not allowed inside 'defer'; a deferred block runs while the function is already leaving";
            self.report(Diagnostic::error(codes::BAD_JUMP, s.span, msg));
        }
        let fname = cx.func.map(|f| self.out.func(f).name.clone()).unwrap_or_default();
        let expected = cx.ret.clone();
        match (value, &expected) {
            (Some(v), Ty::Void) => {
                self.expr_any(cx, v, None);
                let msg = format!(
                    "function '{fname}' has no return type, so 'ret' cannot give a value; add 'ret T' to its signature"
                );
                self.report(Diagnostic::error(codes::BAD_RETURN, v.span, msg));
            }
            (Some(v), t) => {
                self.expr_expect(cx, v, t);
            }
            (None, Ty::Void | Ty::Error) => {}
            (None, t) => {
                let msg = format!("'ret' needs a value of type {} in function '{fname}'", self.name_of(t));
                self.report(Diagnostic::error(codes::BAD_RETURN, s.span, msg));
            }
        }
    }
}
