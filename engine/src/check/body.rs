//! Bodies: the per-function context (local scopes, loops, borrows), and the pass that checks
//! global initialisers, default values and every function body.

use super::codes;
use super::env::{Checker, GlobalState};
use super::place::Place;
use super::typed::{DeclRef, LocalInfo, LocalKind, ParamMode, TypedProgram};
use super::types::{FuncId, GlobalId, LocalId, Ty};
use crate::diag::Diagnostic;
use crate::manifest::FuncKind;
use crate::syntax::ast::{FuncDecl, Ident, Item};
use std::collections::HashMap;

/// State of the body being checked. Global initialisers and defaults use a context with no
/// function and no locals.
pub struct FnCtx {
    pub module: usize,
    pub func: Option<FuncId>,
    /// Return type of the function (`Ty::Void` for none).
    pub ret: Ty,
    /// Names of the function's type parameters, in order.
    pub type_params: Vec<String>,
    pub locals: Vec<LocalInfo>,
    /// Visible locals by name; the last entry is the innermost, with its scope depth.
    names: HashMap<String, Vec<(LocalId, u32)>>,
    /// Names declared in each open scope, to forget when it closes.
    scopes: Vec<Vec<String>>,
    /// One entry per enclosing loop (reset inside `defer`): whether a `break` targets it.
    pub loops: Vec<bool>,
    pub in_defer: bool,
    /// Lists borrowed by the enclosing collection loops.
    pub borrows: Vec<Place>,
}

impl FnCtx {
    pub fn new(module: usize, func: Option<FuncId>, ret: Ty, type_params: Vec<String>) -> FnCtx {
        FnCtx {
            module,
            func,
            ret,
            type_params,
            locals: Vec::new(),
            names: HashMap::new(),
            scopes: vec![Vec::new()],
            loops: Vec::new(),
            in_defer: false,
            borrows: Vec::new(),
        }
    }

    pub fn push_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    pub fn pop_scope(&mut self) {
        for name in self.scopes.pop().unwrap_or_default() {
            if let Some(stack) = self.names.get_mut(&name) {
                stack.pop();
            }
        }
    }

    pub fn lookup(&self, name: &str) -> Option<LocalId> {
        self.names.get(name).and_then(|s| s.last()).map(|(id, _)| *id)
    }

    pub fn local(&self, id: LocalId) -> &LocalInfo {
        &self.locals[id.0 as usize]
    }

    /// Names of every local in scope, for suggestions.
    pub fn visible_names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().filter(|(_, s)| !s.is_empty()).map(|(n, _)| n.as_str())
    }

    /// Adds a local to the innermost scope; `Err(previous)` when that scope already has it.
    fn add(&mut self, name: &str, info: LocalInfo) -> Result<LocalId, LocalId> {
        let depth = self.scopes.len() as u32;
        let stack = self.names.entry(name.to_string()).or_default();
        if let Some(&(prev, d)) = stack.last() {
            if d == depth {
                return Err(prev);
            }
        }
        let id = LocalId(self.locals.len() as u32);
        self.locals.push(info);
        stack.push((id, depth));
        if let Some(scope) = self.scopes.last_mut() {
            scope.push(name.to_string());
        }
        Ok(id)
    }
}

impl Checker<'_> {
    /// Declares a local named `name` in the innermost scope and records its slot.
    pub fn declare_local(&mut self, cx: &mut FnCtx, name: &Ident, ty: Ty, kind: LocalKind) -> LocalId {
        let info = LocalInfo { name: name.name.clone(), ty, kind, span: name.span };
        let id = match cx.add(&name.name, info.clone()) {
            Ok(id) => id,
            Err(prev) => {
                let msg = format!("'{}' is already defined in this scope", name.name);
                let first = cx.local(prev).span;
                self.report(
                    Diagnostic::error(codes::DUPLICATE_LOCAL, name.span, msg).with_label(first, "first defined here"),
                );
                // Still give the new binding a slot so later uses resolve to it.
                cx.locals.push(info);
                LocalId(cx.locals.len() as u32 - 1)
            }
        };
        self.table(cx.module).bindings.insert(name.span, id);
        id
    }

    /// Pass 4: globals, defaults of fields and parameters, then every function body.
    pub fn check_bodies(&mut self) {
        for m in 0..self.mods.len() {
            let ast = self.mods[m].ast;
            for (i, item) in ast.items.iter().enumerate() {
                match (item, self.out.modules[m].items[i]) {
                    (Item::Global(_), DeclRef::Global(g)) => {
                        self.global_type(g);
                    }
                    (Item::Type(t), DeclRef::Struct(s)) => {
                        let mut cx = FnCtx::new(m, None, Ty::Void, Vec::new());
                        for (fi, f) in t.fields.iter().enumerate() {
                            let Some(default) = &f.default else { continue };
                            let ty = self.out.struct_info(s).fields.get(fi).map_or(Ty::Error, |f| f.ty.clone());
                            let ty = if ty.contains_params() { Ty::Error } else { ty };
                            self.expr_expect(&mut cx, default, &ty);
                        }
                    }
                    (Item::Func(f), DeclRef::Func(id)) => self.check_func(m, id, f),
                    _ => {}
                }
            }
        }
    }

    /// The type of a global, checking its initialiser on first use (globals may be used
    /// before their declaration). A global whose type depends on itself is an error.
    pub fn global_type(&mut self, g: GlobalId) -> Ty {
        match self.global_state[g.0 as usize] {
            GlobalState::Done => return self.out.global(g).ty.clone(),
            GlobalState::InProgress => {
                let info = self.out.global(g);
                let msg = format!("the type of global '{}' depends on itself; write its type", info.name);
                let span = info.span;
                self.report(Diagnostic::error(codes::NEEDS_TYPE, span, msg));
                return Ty::Error;
            }
            GlobalState::Pending => {}
        }
        self.global_state[g.0 as usize] = GlobalState::InProgress;
        let info = self.out.global(g);
        let (item, module_ref) = (info.item, info.module.clone());
        let m = self.mods.iter().position(|m| m.module_ref == module_ref).unwrap_or(0);
        let ty = match self.mods[m].ast.items.get(item) {
            Some(Item::Global(decl)) => {
                let mut cx = FnCtx::new(m, None, Ty::Void, Vec::new());
                self.check_binding(&mut cx, &decl.binding).0
            }
            _ => Ty::Error,
        };
        self.out.globals[g.0 as usize].ty = ty.clone();
        self.global_state[g.0 as usize] = GlobalState::Done;
        ty
    }

    fn check_func(&mut self, m: usize, id: FuncId, f: &FuncDecl) {
        let info = self.out.func(id).clone();
        let type_params: Vec<String> =
            info.params.iter().take(info.type_params as usize).map(|p| p.name.clone()).collect();
        let mut cx = FnCtx::new(m, Some(id), info.ret.clone(), type_params);
        for (p, decl) in info.params.iter().zip(&f.params) {
            let kind = LocalKind::Param(p.mode);
            let slot = LocalInfo { name: p.name.clone(), ty: p.ty.clone(), kind, span: p.span };
            if cx.add(&p.name, slot.clone()).is_err() {
                let msg = format!("'{}' is already defined in this scope", p.name);
                self.report(Diagnostic::error(codes::DUPLICATE_LOCAL, p.span, msg));
                cx.locals.push(slot);
            }
            if let Some(default) = &decl.default {
                if p.mode != ParamMode::Type {
                    let ty = if p.ty.contains_params() { Ty::Error } else { p.ty.clone() };
                    self.expr_expect(&mut cx, default, &ty);
                }
            }
        }
        let body = match (&f.body, &info.kind) {
            (Some(body), FuncKind::Rae | FuncKind::NativeStub) => body,
            _ => {
                self.out.functions[id.0 as usize].locals = cx.locals;
                return;
            }
        };
        let diverges = self.block_stmts(&mut cx, body);
        if !diverges && info.ret != Ty::Void && !info.ret.is_error() {
            let msg = format!(
                "function '{}' must return a value of type {} on every path",
                info.name,
                self.name_of(&info.ret)
            );
            self.report(Diagnostic::error(codes::MISSING_RETURN, f.name.span, msg));
        }
        self.out.functions[id.0 as usize].locals = cx.locals;
    }

    /// Hands over the typed program (source modules' tables only) and the diagnostics.
    pub fn finish(self) -> (TypedProgram, Vec<Diagnostic>) {
        let mut out = self.out;
        out.modules.truncate(self.program.modules.len());
        (out, self.diags)
    }
}
