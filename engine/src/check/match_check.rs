//! `match`: case patterns, duplicate cases, exhaustiveness (closed enum and Bool matches,
//! `default` for open value spaces), and match expressions whose arms share one type.

use super::body::FnCtx;
use super::codes;
use super::env::Checker;
use super::typed::Resolution;
use super::types::{EnumId, Ty};
use crate::diag::Diagnostic;
use crate::syntax::ast::{ArmBody, Expr, ExprKind, Match, UnaryOp};
use std::collections::HashSet;

/// The constant a case pattern compares with, for duplicate detection.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum CaseKey {
    Int(bool, u64),
    Float(u64),
    Str(String),
    Char(char),
    Bool(bool),
    Member(EnumId, u32),
}

impl Checker<'_> {
    pub fn match_stmt(&mut self, cx: &mut FnCtx, m: &Match) -> bool {
        self.match_cases(cx, m);
        let mut all_diverge = true;
        for arm in &m.arms {
            let d = match &arm.body {
                ArmBody::Block(b) => self.block_in_scope(cx, b),
                ArmBody::Expr(e) => {
                    self.expr_any(cx, e, None);
                    false
                }
            };
            all_diverge &= d;
        }
        // A match missing cases was reported already, so it counts as complete here.
        all_diverge && !m.arms.is_empty()
    }

    pub fn match_expr(&mut self, cx: &mut FnCtx, m: &Match, hint: Option<&Ty>) -> Ty {
        self.match_cases(cx, m);
        // A hint that still holds type parameters (the `T` of `log(value: view T)`) is
        // inferred from the arms, not imposed on them.
        let mut result: Option<Ty> = hint.filter(|h| !h.is_error() && !h.contains_params()).cloned();
        let mut failed = false;
        for arm in &m.arms {
            match &arm.body {
                ArmBody::Expr(e) => match result.clone() {
                    Some(t) => failed |= !self.coerce_arm(cx, e, &t),
                    None => {
                        let t = self.expr(cx, e, None);
                        if t != Ty::None {
                            result = Some(t.strip_refs());
                        }
                    }
                },
                ArmBody::Block(b) => {
                    let msg = "a match used as a value needs '=>' arms: 'case 1 => value'";
                    self.report(Diagnostic::error(codes::BAD_CASE, arm.span, msg));
                    self.block_in_scope(cx, b);
                    failed = true;
                }
            }
        }
        match result {
            Some(t) if !failed => t,
            _ => Ty::Error,
        }
    }

    fn coerce_arm(&mut self, cx: &mut FnCtx, e: &Expr, t: &Ty) -> bool {
        let actual = self.expr(cx, e, Some(t));
        self.coerce(cx, e, &actual, t)
    }

    /// Checks the subject and every pattern, reports duplicates and exhaustiveness.
    fn match_cases(&mut self, cx: &mut FnCtx, m: &Match) {
        let subject = self.expr(cx, &m.subject, None).strip_refs();
        let open = match &subject {
            Ty::Int(_) | Ty::Float(_) | Ty::String | Ty::Char => true,
            Ty::Enum(_) | Ty::Bool | Ty::Error => false,
            other => {
                let msg = format!(
                    "cannot match on a value of type {}; cases compare with 'is' on numbers, String, Char32, Bool and enum members",
                    self.name_of(other)
                );
                self.report(Diagnostic::error(codes::BAD_CASE, m.subject.span, msg));
                for arm in &m.arms {
                    for p in &arm.patterns {
                        self.expr(cx, p, None);
                    }
                }
                return;
            }
        };
        let mut keys: HashSet<CaseKey> = HashSet::new();
        let mut default_arm = None;
        for arm in &m.arms {
            if arm.is_default {
                if default_arm.is_some() {
                    let msg = "a match has at most one 'default' arm";
                    self.report(Diagnostic::error(codes::BAD_CASE, arm.span, msg));
                }
                default_arm = Some(arm.span);
            }
            for p in &arm.patterns {
                let t = self.expr(cx, p, Some(&subject));
                if !self.coerce(cx, p, &t, &subject) || t.is_error() {
                    continue;
                }
                let Some(key) = self.case_key(cx, p) else {
                    let msg = "a case must be a literal or an enum member";
                    self.report(Diagnostic::error(codes::BAD_CASE, p.span, msg));
                    continue;
                };
                if keys.contains(&key) {
                    let msg = format!("duplicate case '{}' in match", self.case_text(&key, p));
                    self.report(Diagnostic::error(codes::BAD_CASE, p.span, msg));
                }
                keys.insert(key);
            }
        }
        if open {
            if default_arm.is_none() {
                let msg = format!(
                    "match on {} requires a 'default' arm (its value space is open-ended)",
                    self.name_of(&subject)
                );
                self.report(Diagnostic::error(codes::MISSING_DEFAULT, m.span, msg));
            }
            return;
        }
        match &subject {
            Ty::Enum(id) => {
                let info = self.out.enum_info(*id);
                if let Some(span) = default_arm {
                    let msg = format!(
                        "match on enum '{}' must not use a 'default' arm; name every variant (remove 'default' and add the missing cases, or group them with an or-pattern)",
                        info.name
                    );
                    self.report(Diagnostic::error(codes::ENUM_DEFAULT, span, msg));
                    return;
                }
                let missing = (0..info.members.len() as u32).find(|i| !keys.contains(&CaseKey::Member(*id, *i)));
                if let Some(i) = missing {
                    let msg = format!(
                        "non-exhaustive match on enum '{0}': missing case '{0}.{1}' (add it)",
                        info.name, info.members[i as usize]
                    );
                    self.report(Diagnostic::error(codes::NON_EXHAUSTIVE, m.span, msg));
                }
            }
            Ty::Bool => {
                let missing = [true, false].into_iter().find(|b| !keys.contains(&CaseKey::Bool(*b)));
                if let (Some(b), None) = (missing, default_arm) {
                    let msg = format!("non-exhaustive match on Bool: missing case '{b}' (add it)");
                    self.report(Diagnostic::error(codes::NON_EXHAUSTIVE, m.span, msg));
                }
            }
            _ => {}
        }
    }

    fn case_key(&self, cx: &FnCtx, p: &Expr) -> Option<CaseKey> {
        Some(match &p.kind {
            ExprKind::Paren(inner) => return self.case_key(cx, inner),
            ExprKind::Int(n) => CaseKey::Int(false, *n),
            ExprKind::Unary { op: UnaryOp::Neg, expr } => match expr.kind {
                ExprKind::Int(n) => CaseKey::Int(n != 0, n),
                ExprKind::Float(f) => CaseKey::Float((-f).to_bits()),
                _ => return None,
            },
            ExprKind::Float(f) => CaseKey::Float(f.to_bits()),
            ExprKind::Str(s) => CaseKey::Str(s.clone()),
            ExprKind::Char(c) => CaseKey::Char(*c),
            ExprKind::Bool(b) => CaseKey::Bool(*b),
            ExprKind::Member { .. } => match self.out.modules[cx.module].resolutions.get(&p.id)? {
                Resolution::EnumMember(id, i) => CaseKey::Member(*id, *i),
                _ => return None,
            },
            _ => return None,
        })
    }

    fn case_text(&self, key: &CaseKey, p: &Expr) -> String {
        match key {
            CaseKey::Member(id, i) => {
                let info = self.out.enum_info(*id);
                format!("{}.{}", info.name, info.members.get(*i as usize).map_or("", String::as_str))
            }
            _ => self.span_text(p.span).to_string(),
        }
    }
}
