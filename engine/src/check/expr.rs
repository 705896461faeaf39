//! Expressions: literals and their adaptation to the expected type, names, operators, `as`,
//! members, indexing, struct and list literals, and the implicit conversions at each use.

use super::body::FnCtx;
use super::codes;
use super::env::{Checker, Sym};
use super::names::closest;
use super::typed::{BuiltinField, Coercion, Resolution};
use super::types::{Ty, TypeParam, FLOAT, INT};
use crate::diag::Diagnostic;
use crate::syntax::ast::{BinOp, Expr, ExprKind, Ident, InterpPart, UnaryOp};
use std::sync::Arc;

/// Whether an expression is made of numeric literals only (`1`, `-2.5`, `(1 + 2) * 3`), so
/// that its type comes from its context; `Some(true)` when a float literal is inside.
pub fn literal_kind(e: &Expr) -> Option<bool> {
    match &e.kind {
        ExprKind::Int(_) => Some(false),
        ExprKind::Float(_) => Some(true),
        ExprKind::Paren(inner) => literal_kind(inner),
        ExprKind::Unary { op: UnaryOp::Neg | UnaryOp::BitNot, expr } => literal_kind(expr),
        ExprKind::Binary { op, lhs, rhs } if !op.is_comparison() && !matches!(op, BinOp::And | BinOp::Or) => {
            Some(literal_kind(lhs)? || literal_kind(rhs)?)
        }
        _ => None,
    }
}

/// The value type a hint asks a literal to take: through references and `opt`.
pub fn literal_hint(hint: Option<&Ty>) -> Option<&Ty> {
    match hint?.unref() {
        Ty::Opt(inner) => Some(inner.unref()),
        other => Some(other),
    }
}

impl Checker<'_> {
    /// Checks `e` as a value (not a type name, not a call without a result) and records its type.
    pub fn expr(&mut self, cx: &mut FnCtx, e: &Expr, hint: Option<&Ty>) -> Ty {
        let ty = self.expr_any(cx, e, hint);
        self.require_value(cx, e, ty)
    }

    /// Reports a type name or a call without result used where a value is needed.
    pub fn require_value(&mut self, cx: &FnCtx, e: &Expr, ty: Ty) -> Ty {
        let msg = match &ty {
            Ty::Type(t) => format!("type {} cannot be used as a value", self.name_of(t)),
            Ty::Void => "this call returns nothing, so it has no value to use".to_string(),
            _ => return ty,
        };
        self.report(Diagnostic::error(codes::NOT_A_VALUE, e.span, msg));
        self.set_ty(cx.module, e.id, Ty::Error);
        Ty::Error
    }

    /// Checks `e` where a value of `expected` is needed, reporting a mismatch.
    pub fn expr_expect(&mut self, cx: &mut FnCtx, e: &Expr, expected: &Ty) -> Ty {
        let actual = self.expr(cx, e, Some(expected));
        self.coerce(cx, e, &actual, expected);
        actual
    }

    /// Checks `e` and records its type; type names give `Ty::Type`, calls without a result
    /// `Ty::Void` (statements may have those).
    pub fn expr_any(&mut self, cx: &mut FnCtx, e: &Expr, hint: Option<&Ty>) -> Ty {
        let ty = match &e.kind {
            ExprKind::Int(n) => self.int_literal(e, *n, false, hint),
            ExprKind::Float(_) => match literal_hint(hint) {
                Some(t @ Ty::Float(_)) => t.clone(),
                _ => FLOAT,
            },
            ExprKind::Bool(_) => Ty::Bool,
            ExprKind::Str(_) => Ty::String,
            ExprKind::Char(_) => Ty::Char,
            ExprKind::None => Ty::None,
            ExprKind::Interp(parts) => {
                for part in parts {
                    if let InterpPart::Expr(x) = part {
                        self.expr(cx, x, None);
                    }
                }
                Ty::String
            }
            ExprKind::Ident(name) => self.ident(cx, e, name),
            ExprKind::Unary { op, expr } => self.unary(cx, e, *op, expr, hint),
            ExprKind::Binary { op, lhs, rhs } => self.binary(cx, e, *op, lhs, rhs, hint),
            ExprKind::As { expr, ty } => {
                let from = self.expr(cx, expr, None);
                let to = self.resolve_type(cx.module, ty, &cx.type_params);
                self.cast(e, &from, to)
            }
            ExprKind::Call { callee, args } => self.call(cx, e, callee, args, hint),
            ExprKind::Member { object, name } => self.member(cx, e, object, name),
            ExprKind::Index { object, index } => {
                let obj = self.expr(cx, object, None);
                self.expr(cx, index, Some(&INT));
                self.index(e, &obj)
            }
            ExprKind::StructLit { ty, fields } => self.struct_literal(cx, e, ty.as_ref(), fields, hint),
            ExprKind::ListLit(items) => self.list_literal(cx, items, hint),
            ExprKind::Match(m) => self.match_expr(cx, m, hint),
            ExprKind::Paren(inner) => self.expr_any(cx, inner, hint),
            ExprKind::Error => Ty::Error,
        };
        self.set_ty(cx.module, e.id, ty.clone());
        ty
    }

    /// An integer literal (magnitude `n`) typed by its context, range-checked.
    fn int_literal(&mut self, e: &Expr, n: u64, negative: bool, hint: Option<&Ty>) -> Ty {
        let ty = match literal_hint(hint) {
            Some(t @ (Ty::Int(_) | Ty::Float(_))) => t.clone(),
            _ => INT,
        };
        if let Ty::Int(it) = ty {
            if n > it.max_literal(negative) {
                let sign = if negative { "-" } else { "" };
                let msg = format!("integer literal {sign}{n} does not fit in {}", self.name_of(&ty));
                self.report(Diagnostic::error(codes::LITERAL_RANGE, e.span, msg));
            }
        }
        ty
    }

    fn ident(&mut self, cx: &mut FnCtx, e: &Expr, name: &str) -> Ty {
        if let Some(index) = cx.type_params.iter().position(|p| p == name) {
            let ty = Ty::Param(TypeParam { index: index as u32, name: name.into() });
            self.table(cx.module).resolutions.insert(e.id, Resolution::Type(ty.clone()));
            return Ty::Type(Arc::new(ty));
        }
        if let Some(id) = cx.lookup(name) {
            self.table(cx.module).resolutions.insert(e.id, Resolution::Local(id));
            return cx.local(id).ty.clone();
        }
        match self.lookup(cx.module, name).first().copied() {
            Some(Sym::Global(g)) => {
                self.table(cx.module).resolutions.insert(e.id, Resolution::Global(g));
                return self.global_type(g);
            }
            Some(Sym::Func(_)) => {
                let msg = format!("function '{name}' cannot be used as a value; call it: '{name}(…)'");
                self.report(Diagnostic::error(codes::NOT_A_VALUE, e.span, msg));
                return Ty::Error;
            }
            _ => {}
        }
        if let Some(Ok(ty)) = self.type_by_name(cx.module, name, Vec::new()) {
            self.table(cx.module).resolutions.insert(e.id, Resolution::Type(ty.clone()));
            return Ty::Type(Arc::new(ty));
        }
        self.unknown_name(cx, e, name);
        Ty::Error
    }

    /// `unknown identifier 'X'`, with the module to import or a close name as help.
    pub fn unknown_name(&mut self, cx: &FnCtx, e: &Expr, name: &str) {
        let span = match &e.kind {
            ExprKind::Member { name: n, .. } => n.span,
            _ => e.span,
        };
        if name == "some" {
            let msg =
                "'some' is not a Rae keyword; write 'is not none' to test for a value, or 'is none' for its absence";
            self.report(Diagnostic::error(codes::UNKNOWN_NAME, span, msg));
            return;
        }
        let mut d = Diagnostic::error(codes::UNKNOWN_NAME, span, format!("unknown identifier '{name}'"));
        if let Some(help) = self.import_help(cx.module, name) {
            d = d.with_help(help);
        } else {
            let module_names = self.mods[cx.module].visible.keys().map(String::as_str);
            if let Some(s) = closest(name, cx.visible_names().chain(module_names)) {
                d = d.with_help(format!("did you mean '{s}'?"));
            }
        }
        self.report(d);
    }

    /// `'sqrt' is in module 'math': add 'import math'` when a library module that is not
    /// imported declares `name`.
    pub fn import_help(&self, module: usize, name: &str) -> Option<String> {
        let libs = self.library_names.get(name)?;
        let imported: Vec<&str> = self.mods[module].imports.iter().map(|&i| self.mods[i].name.as_str()).collect();
        let lib = libs.iter().find(|l| !imported.contains(l))?;
        // The reference spells the string module's import as a string literal.
        let import = if *lib == "string" { "\"string\"".to_string() } else { lib.to_string() };
        Some(format!("'{name}' is in module '{lib}': add 'import {import}'"))
    }

    fn unary(&mut self, cx: &mut FnCtx, e: &Expr, op: UnaryOp, operand: &Expr, hint: Option<&Ty>) -> Ty {
        match op {
            UnaryOp::Neg => {
                let ty = match &operand.kind {
                    ExprKind::Int(n) => {
                        let ty = self.int_literal(e, *n, true, hint);
                        self.set_ty(cx.module, operand.id, ty.clone());
                        ty
                    }
                    _ => self.expr(cx, operand, hint),
                };
                match ty {
                    Ty::Int(it) if !it.is_signed() => {
                        let msg = format!("cannot negate a value of unsigned type {}", self.name_of(&ty));
                        self.report(Diagnostic::error(codes::BAD_OPERATOR, e.span, msg));
                        Ty::Error
                    }
                    _ => self.operand_kind(e, "-", ty, Ty::is_numeric),
                }
            }
            UnaryOp::Not => {
                let ty = self.expr(cx, operand, Some(&Ty::Bool));
                self.operand_kind(e, "not", ty, |t| *t == Ty::Bool)
            }
            UnaryOp::BitNot => {
                let ty = self.expr(cx, operand, hint);
                self.operand_kind(e, "bitnot", ty, Ty::is_integer)
            }
            UnaryOp::PreInc | UnaryOp::PreDec | UnaryOp::PostInc | UnaryOp::PostDec => {
                let ty = self.expr(cx, operand, None);
                let text = if matches!(op, UnaryOp::PreInc | UnaryOp::PostInc) { "++" } else { "--" };
                let ty = self.operand_kind(e, text, ty, Ty::is_integer);
                if !ty.is_error() {
                    self.check_writable(cx, operand, super::place::Write::Assign);
                }
                ty
            }
        }
    }

    /// `ty` when `ok(ty)`, otherwise reports that `op` does not apply to it.
    pub fn operand_kind(&mut self, e: &Expr, op: &str, ty: Ty, ok: impl Fn(&Ty) -> bool) -> Ty {
        let value = ty.unref().clone();
        if value.is_error() || ok(&value) {
            return value;
        }
        let msg = format!("operator '{op}' cannot be applied to {}", self.name_of(&value));
        self.report(Diagnostic::error(codes::BAD_OPERATOR, e.span, msg));
        Ty::Error
    }

    /// `x as T`: numeric ↔ numeric and enum ↔ integer.
    fn cast(&mut self, e: &Expr, from: &Ty, to: Ty) -> Ty {
        let from = from.unref();
        let ok = from.is_error()
            || to.is_error()
            || *from == to
            || (from.is_numeric() && to.is_numeric())
            || matches!((from, &to), (Ty::Enum(_), Ty::Int(_)) | (Ty::Int(_), Ty::Enum(_)));
        if !ok {
            let msg = format!("cannot convert {} to {} with 'as'", self.name_of(from), self.name_of(&to));
            let help = (matches!(from, Ty::Char) && to.is_integer()).then_some("use '.toInt()' for a code point");
            let mut d = Diagnostic::error(codes::BAD_CAST, e.span, msg);
            if let Some(h) = help {
                d = d.with_help(h);
            }
            self.report(d);
            return Ty::Error;
        }
        to
    }

    fn index(&mut self, e: &Expr, obj: &Ty) -> Ty {
        let msg = match obj.unref() {
            Ty::Error => return Ty::Error,
            Ty::List(_) => "a List is not indexed with '[]'; use '.at(index: i)', '.viewAt(index: i)', or '.modAt(index: i)' and handle the optional result. '[]' is for Array(T, cap: N), whose length is part of its type".to_string(),
            other => format!("a value of type {} cannot be indexed with '[]'", self.name_of(other)),
        };
        self.report(Diagnostic::error(codes::BAD_INDEX, e.span, msg));
        Ty::Error
    }

    /// `object.name` as a value: an enum member, a struct field, or a container's length.
    fn member(&mut self, cx: &mut FnCtx, e: &Expr, object: &Expr, name: &Ident) -> Ty {
        let obj = self.expr_any(cx, object, None);
        let field = |this: &mut Self, r: Resolution, ty: Ty| {
            this.table(cx.module).resolutions.insert(e.id, r);
            ty
        };
        match obj.unref() {
            Ty::Error => Ty::Error,
            Ty::Type(t) => match &**t {
                Ty::Enum(id) => {
                    let info = self.out.enum_info(*id);
                    if let Some(i) = info.members.iter().position(|m| *m == name.name) {
                        return field(self, Resolution::EnumMember(*id, i as u32), Ty::Enum(*id));
                    }
                    let mut d = Diagnostic::error(
                        codes::BAD_FIELD,
                        name.span,
                        format!("enum '{}' has no member '{}'", info.name, name.name),
                    );
                    if let Some(s) = closest(&name.name, info.members.iter().map(String::as_str)) {
                        d = d.with_help(format!("did you mean '{}.{s}'?", info.name));
                    }
                    self.report(d);
                    Ty::Error
                }
                other => {
                    let msg = format!("type {} has no member '{}'", self.name_of(other), name.name);
                    self.report(Diagnostic::error(codes::BAD_FIELD, name.span, msg));
                    Ty::Error
                }
            },
            Ty::Struct(id, args) => {
                let info = self.out.struct_info(*id);
                if let Some(i) = info.fields.iter().position(|f| f.name == name.name) {
                    let args: Vec<Option<Ty>> = args.iter().cloned().map(Some).collect();
                    let ty = info.fields[i].ty.subst(&args);
                    return field(self, Resolution::Field(i as u32), ty);
                }
                let names: Vec<&str> = info.fields.iter().map(|f| f.name.as_str()).collect();
                let suggestion = closest(&name.name, names).map(str::to_string);
                self.no_field(cx, &obj, name, suggestion);
                Ty::Error
            }
            Ty::List(_) | Ty::StringMap(_) | Ty::IntMap(_) if name.name == "length" => {
                field(self, Resolution::BuiltinField(BuiltinField::Length), INT)
            }
            Ty::List(_) if name.name == "cap" => field(self, Resolution::BuiltinField(BuiltinField::Cap), INT),
            _ => {
                self.no_field(cx, &obj, name, None);
                Ty::Error
            }
        }
    }

    fn no_field(&mut self, cx: &FnCtx, obj: &Ty, name: &Ident, suggestion: Option<String>) {
        let msg = format!("type {} has no field '{}'", self.name_of(obj.unref()), name.name);
        let mut d = Diagnostic::error(codes::BAD_FIELD, name.span, msg);
        if let Ty::Opt(inner) = obj.unref() {
            d = d.with_help(format!("it may be none: unwrap it first with 'if let v: {} = …'", self.name_of(inner)));
        } else if !self.lookup_funcs(cx.module, &name.name).is_empty() {
            d = d.with_help(format!("'{0}' is a function: call it as '.{0}()'", name.name));
        } else if let Some(s) = suggestion {
            d = d.with_help(format!("did you mean '{s}'?"));
        }
        self.report(d);
    }

    /// Checks that a value of `actual` may be used where `expected` is needed, recording the
    /// implicit conversion (`T` → `opt T`, `none`) and reporting a mismatch at `e`.
    pub fn coerce(&mut self, cx: &FnCtx, e: &Expr, actual: &Ty, expected: &Ty) -> bool {
        let (a, x) = (actual.strip_refs(), expected.strip_refs());
        if a.contains_error() || x.contains_error() || a == x {
            return true;
        }
        match (&a, &x) {
            (Ty::None, Ty::Opt(_)) => {
                self.table(cx.module).coercions.insert(e.id, Coercion::NoneOf(x.clone()));
                return true;
            }
            (_, Ty::Opt(inner)) if **inner == a => {
                self.table(cx.module).coercions.insert(e.id, Coercion::WrapOpt(x.clone()));
                return true;
            }
            _ => {}
        }
        let (an, xn) = (self.name_of(&a), self.name_of(&x));
        let d = if a.is_numeric() && x.is_numeric() {
            let msg = format!(
                "cannot implicitly convert {an} to {xn}; Rae has no implicit numeric conversions - write `value as {xn}`"
            );
            Diagnostic::error(codes::NUMERIC_CONVERSION, e.span, msg)
        } else if a == Ty::None {
            let msg = format!("cannot convert none to {xn}; only 'opt' types can hold none");
            Diagnostic::error(codes::TYPE_MISMATCH, e.span, msg)
        } else {
            let msg = format!("cannot convert {an} to {xn}; they are different types");
            let d = Diagnostic::error(codes::TYPE_MISMATCH, e.span, msg);
            match &a {
                Ty::Opt(inner) if **inner == x => d.with_help(format!("unwrap it first: 'if let v: {xn} = …'")),
                _ => d,
            }
        };
        self.report(d);
        false
    }
}
