//! Struct and list literals: typed (`Point { x: 1 }`), typed by context (`{ x: 1 }`, `{}`),
//! and `{ a, b, c }` lists.

use super::body::FnCtx;
use super::codes;
use super::env::Checker;
use super::expr::literal_hint;
use super::names::closest;
use super::types::Ty;
use crate::diag::Diagnostic;
use crate::syntax::ast::{Expr, FieldInit, TypeExpr};

impl Checker<'_> {
    /// A struct literal; without fields it is the default value of its type (any type).
    pub fn struct_literal(
        &mut self,
        cx: &mut FnCtx,
        e: &Expr,
        written: Option<&TypeExpr>,
        fields: &[FieldInit],
        hint: Option<&Ty>,
    ) -> Ty {
        let target = match written {
            Some(te) => self.resolve_type(cx.module, te, &cx.type_params).strip_refs(),
            None => match literal_hint(hint) {
                Some(t) if !matches!(t, Ty::None | Ty::Void | Ty::Type(_)) => t.strip_refs(),
                _ => {
                    let msg = if fields.is_empty() {
                        "cannot infer the type of '{}'; write the type on the left ('let p: Point = {}') or before it ('Point {}')"
                    } else {
                        "cannot infer the type of this struct literal; write the type on the left: 'let p: Point = { … }'"
                    };
                    self.report(Diagnostic::error(codes::NEEDS_TYPE, e.span, msg));
                    for f in fields {
                        self.expr(cx, &f.value, None);
                    }
                    return Ty::Error;
                }
            },
        };
        if fields.is_empty() || target.is_error() {
            for f in fields {
                self.expr(cx, &f.value, None);
            }
            return target;
        }
        let Ty::Struct(id, args) = &target else {
            let msg = format!("a literal with fields needs a struct type, but {} is expected", self.name_of(&target));
            self.report(Diagnostic::error(codes::TYPE_MISMATCH, e.span, msg));
            for f in fields {
                self.expr(cx, &f.value, None);
            }
            return Ty::Error;
        };
        let args: Vec<Option<Ty>> = args.iter().cloned().map(Some).collect();
        let mut indices: Vec<u32> = Vec::with_capacity(fields.len());
        for f in fields {
            let info = self.out.struct_info(*id);
            let Some(index) = info.fields.iter().position(|x| x.name == f.name.name) else {
                let mut d = Diagnostic::error(
                    codes::BAD_FIELD,
                    f.name.span,
                    format!("type {} has no field '{}'", self.name_of(&target), f.name.name),
                );
                if let Some(s) = closest(&f.name.name, info.fields.iter().map(|x| x.name.as_str())) {
                    d = d.with_help(format!("did you mean '{s}'?"));
                }
                self.report(d);
                self.expr(cx, &f.value, None);
                indices.push(u32::MAX);
                continue;
            };
            if indices.contains(&(index as u32)) {
                let msg = format!("field '{}' is given twice", f.name.name);
                self.report(Diagnostic::error(codes::BAD_FIELD, f.name.span, msg));
            }
            let ty = self.out.struct_info(*id).fields[index].ty.subst(&args);
            self.expr_expect(cx, &f.value, &ty);
            indices.push(index as u32);
        }
        self.table(cx.module).struct_literals.insert(e.id, indices);
        target
    }

    /// `{ a, b, c }`: a list of the expected element type, or of the first element's type.
    pub fn list_literal(&mut self, cx: &mut FnCtx, items: &[Expr], hint: Option<&Ty>) -> Ty {
        let mut elem = literal_hint(hint).and_then(|h| h.list_elem()).cloned();
        for item in items {
            match elem.clone() {
                Some(t) => {
                    self.expr_expect(cx, item, &t);
                }
                None => {
                    let t = self.expr(cx, item, None);
                    if t == Ty::None {
                        let msg = "cannot infer the element type of this list from 'none'; write the list's type";
                        self.report(Diagnostic::error(codes::NEEDS_TYPE, item.span, msg));
                        elem = Some(Ty::Error);
                    } else {
                        elem = Some(t.strip_refs());
                    }
                }
            }
        }
        Ty::list(elem.unwrap_or(Ty::Error))
    }
}
