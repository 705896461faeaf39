//! Places and who may write them: assignment targets, `++`/`--`, `mod` arguments and
//! receivers, `mod` loop windows, and lists borrowed by their collection loops.

use super::body::FnCtx;
use super::codes;
use super::env::Checker;
use super::typed::{LocalKind, ParamMode, Resolution};
use super::types::{GlobalId, LocalId};
use crate::diag::Diagnostic;
use crate::syntax::ast::{BindKind, Expr, ExprKind};

/// A storage location: a variable and a path of field indices into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    root: Root,
    path: Vec<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Root {
    Local(LocalId),
    Global(GlobalId),
}

impl Place {
    /// Whether writing `self` may change `other` (same place, or a place containing it).
    fn covers(&self, other: &Place) -> bool {
        self.root == other.root && other.path.starts_with(&self.path)
    }
}

/// How a place is about to be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Write {
    /// `x = …`, `x.f = …`, `x++`.
    Assign,
    /// Passed to a `mod` parameter (written `mod x`, or as the receiver of member-call sugar),
    /// bound by `let m: mod T => x`, or iterated by `loop v: mod T in x`.
    Mod,
}

impl Checker<'_> {
    /// The place `e` denotes (after it was type-checked), with the name of its root variable.
    pub fn place_of(&self, cx: &FnCtx, e: &Expr) -> Option<(Place, String)> {
        match &e.kind {
            ExprKind::Paren(inner) => self.place_of(cx, inner),
            ExprKind::Ident(name) => {
                let root = match self.out.modules[cx.module].resolutions.get(&e.id)? {
                    Resolution::Local(id) => Root::Local(*id),
                    Resolution::Global(id) => Root::Global(*id),
                    _ => return None,
                };
                Some((Place { root, path: Vec::new() }, name.clone()))
            }
            ExprKind::Member { object, .. } => {
                let Resolution::Field(index) = self.out.modules[cx.module].resolutions.get(&e.id)? else { return None };
                let (mut place, name) = self.place_of(cx, object)?;
                place.path.push(*index);
                Some((place, name))
            }
            _ => None,
        }
    }

    /// Reports why `target` (already type-checked) cannot be written the way `how` says;
    /// returns whether it can.
    pub fn check_writable(&mut self, cx: &FnCtx, target: &Expr, how: Write) -> bool {
        if self.out.modules[cx.module].ty(target.id).is_error() {
            return false;
        }
        let is_builtin_field = matches!(
            (&target.kind, self.out.modules[cx.module].resolutions.get(&target.id)),
            (ExprKind::Member { .. }, Some(Resolution::BuiltinField(_)))
        );
        if is_builtin_field {
            let ExprKind::Member { name, .. } = &target.kind else { return false };
            let msg = format!("'{}' is read-only: it changes only through the container's functions", name.name);
            self.report(Diagnostic::error(codes::IMMUTABLE, target.span, msg));
            return false;
        }
        let Some((place, root_name)) = self.place_of(cx, target) else {
            let msg = match how {
                Write::Assign => "cannot assign to this expression; only variables and their fields can be written",
                Write::Mod => "only a variable or one of its fields can be passed as 'mod'",
            };
            self.report(Diagnostic::error(codes::NOT_A_PLACE, target.span, msg));
            return false;
        };
        let whole = place.path.is_empty();
        let error = match place.root {
            Root::Local(id) => local_write_error(cx.local(id).kind, &root_name, whole, how),
            Root::Global(id) => binding_write_error(self.out.global(id).kind, &root_name, whole, how),
        };
        if let Some((code, msg)) = error {
            self.report(Diagnostic::error(code, target.span, msg));
            return false;
        }
        if cx.borrows.iter().any(|b| place.covers(b)) {
            let msg = "cannot mutate a List while a collection loop borrows its elements";
            self.report(Diagnostic::error(codes::LOOP_MUTATION, target.span, msg));
            return false;
        }
        true
    }
}

type WriteError = Option<(&'static str, String)>;

fn local_write_error(kind: LocalKind, name: &str, whole: bool, how: Write) -> WriteError {
    let through_view = || Some((codes::VIEW_MUTATION, format!("cannot mutate through read-only view '{name}'")));
    match kind {
        LocalKind::Param(ParamMode::View) if whole && how == Write::Assign => Some((
            codes::VIEW_PARAM_WRITE,
            format!("cannot assign to read-only view parameter '{name}'; declare it 'mod' to allow writes"),
        )),
        LocalKind::Param(ParamMode::View) | LocalKind::ViewAlias | LocalKind::LoopView => through_view(),
        LocalKind::Let | LocalKind::IfLet => binding_write_error(BindKind::Let, name, whole, how),
        LocalKind::Const => binding_write_error(BindKind::Const, name, whole, how),
        LocalKind::Param(_)
        | LocalKind::Var
        | LocalKind::ModAlias
        | LocalKind::LoopCopy
        | LocalKind::LoopMod
        | LocalKind::LoopCounter => None,
    }
}

fn binding_write_error(kind: BindKind, name: &str, whole: bool, how: Write) -> WriteError {
    match (kind, how) {
        (BindKind::Var, _) => None,
        (BindKind::Const, _) => {
            Some((codes::IMMUTABLE, format!("cannot change constant '{name}'; it is fixed at compile time")))
        }
        (BindKind::Let, Write::Assign) if whole => {
            Some((codes::IMMUTABLE, format!("cannot reassign immutable 'let' binding '{name}'")))
        }
        // Immutability is of the binding: its contents may change through fields and `mod`.
        (BindKind::Let, _) => None,
    }
}
