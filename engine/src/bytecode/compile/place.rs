//! Places: a local register or a global, followed by a path of field indices. Assignments,
//! `mod` arguments, aliases (`let m: mod P => p.inner`) and write-backs all go through them.

use super::{err, FnState, R};
use crate::bytecode::opcodes::{Instr, Reg};
use crate::check::typed::{Resolution, TypedModule, TypedProgram};
use crate::check::types::{FuncId, Ty};
use crate::driver::{ModuleRef, Program};
use crate::syntax::ast::{ArmBody, Else, Expr, ExprKind, Item, LoopStmt, Stmt, StmtKind};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Root {
    Reg(Reg),
    Global(u32),
}

/// A storage location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub root: Root,
    pub path: Vec<u16>,
}

impl Place {
    pub fn reg(r: Reg) -> Place {
        Place { root: Root::Reg(r), path: Vec::new() }
    }

    /// The register when the place is a whole local.
    pub fn as_reg(&self) -> Option<Reg> {
        match self.root {
            Root::Reg(r) if self.path.is_empty() => Some(r),
            _ => None,
        }
    }
}

impl FnState<'_, '_> {
    /// The place an expression denotes, if it is a variable or a field path of one.
    pub fn place_of(&self, e: &Expr) -> Option<Place> {
        let table = self.c.typed.modules.get(self.module)?;
        match &e.kind {
            ExprKind::Paren(inner) => self.place_of(inner),
            ExprKind::Ident(_) => match table.resolutions.get(&e.id)? {
                Resolution::Local(slot) => match self.aliases.get(slot) {
                    Some(p) => Some(p.clone()),
                    None => Some(Place::reg(self.local_reg(*slot))),
                },
                Resolution::Global(g) => Some(Place { root: Root::Global(g.0), path: Vec::new() }),
                _ => None,
            },
            ExprKind::Member { object, .. } => match table.resolutions.get(&e.id)? {
                Resolution::Field(i) => {
                    let mut p = self.place_of(object)?;
                    p.path.push(*i as u16);
                    Some(p)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Copies the value at `place` into `dst`.
    pub fn read_place(&mut self, place: &Place, dst: Reg) {
        let mut from = match place.root {
            Root::Reg(r) => r,
            Root::Global(g) => {
                self.emit(Instr::GetGlobal { dst, global: g });
                dst
            }
        };
        if place.path.is_empty() && from != dst {
            self.emit(Instr::Move { dst, src: from });
        }
        for &f in &place.path {
            self.emit(Instr::GetField { dst, obj: from, field: f });
            from = dst;
        }
    }

    /// Stores temporary `src` (moved) into `place`.
    pub fn write_place(&mut self, place: &Place, src: Reg) {
        match (&place.root, place.path.as_slice()) {
            (Root::Reg(r), []) => {
                self.emit(Instr::Take { dst: *r, src });
            }
            (Root::Reg(r), [f]) => {
                self.emit(Instr::SetField { obj: *r, field: *f, src });
            }
            (Root::Reg(r), path) => {
                let path = self.path(path);
                self.emit(Instr::SetPath { obj: *r, path, src });
            }
            (Root::Global(g), []) => {
                self.emit(Instr::SetGlobal { global: *g, src });
            }
            (Root::Global(g), path) => {
                let path = self.path(path);
                self.emit(Instr::SetGlobalPath { global: *g, path, src });
            }
        }
    }

    /// Moves the value at `place` into `dst`, leaving `none` there (for `mod` arguments,
    /// which are written back after the call, so the callee mutates without copying).
    pub fn take_place(&mut self, place: &Place, dst: Reg) {
        match (&place.root, place.path.as_slice()) {
            (Root::Reg(r), []) => {
                self.emit(Instr::Take { dst, src: *r });
            }
            (Root::Reg(r), path) => {
                let path = self.path(path);
                self.emit(Instr::TakePath { dst, obj: *r, path });
            }
            (Root::Global(g), []) => {
                self.emit(Instr::TakeGlobal { dst, global: *g });
            }
            (Root::Global(g), path) => {
                let path = self.path(path);
                self.emit(Instr::TakeGlobalPath { dst, global: *g, path });
            }
        }
    }

    /// The place of an assignment target; the checker proved it is one.
    pub fn target_place(&self, e: &Expr) -> R<Place> {
        match self.place_of(e) {
            Some(p) => Ok(p),
            None => err("internal error: assignment target is not a place"),
        }
    }
}

/// For a function returning a reference (`ret view p.name`), the parameter and field path
/// every `ret` returns, so `let t: view String => nameOf(p: hero)` can alias `hero.name`.
pub fn ref_return(typed: &TypedProgram, program: &Program, func: FuncId) -> Option<(usize, Vec<u16>)> {
    let info = typed.func(func);
    if !matches!(info.ret, Ty::Ref(..)) {
        return None;
    }
    let ModuleRef::Source(m) = info.module else { return None };
    let Some(Item::Func(decl)) = program.modules.get(m)?.parsed.module.items.get(info.item) else { return None };
    let mut rets = Vec::new();
    collect_rets(&decl.body.as_ref()?.stmts, &mut rets);
    let table = typed.modules.get(m)?;
    let mut found: Option<(usize, Vec<u16>)> = None;
    for e in rets {
        let place = param_path(table, e, info.params.len())?;
        if found.as_ref().is_some_and(|f| *f != place) {
            return None;
        }
        found = Some(place);
    }
    found
}

fn param_path(table: &TypedModule, e: &Expr, params: usize) -> Option<(usize, Vec<u16>)> {
    match (&e.kind, table.resolutions.get(&e.id)) {
        (ExprKind::Paren(inner), _) => param_path(table, inner, params),
        (ExprKind::Ident(_), Some(Resolution::Local(slot))) if (slot.0 as usize) < params => {
            Some((slot.0 as usize, Vec::new()))
        }
        (ExprKind::Member { object, .. }, Some(Resolution::Field(i))) => {
            let (p, mut path) = param_path(table, object, params)?;
            path.push(*i as u16);
            Some((p, path))
        }
        _ => None,
    }
}

fn collect_rets<'e>(stmts: &'e [Stmt], out: &mut Vec<&'e Expr>) {
    for s in stmts {
        match &s.kind {
            StmtKind::Ret(Some(e)) => out.push(e),
            StmtKind::If(i) => {
                collect_rets(&i.then.stmts, out);
                match &i.otherwise {
                    Some(Else::Block(b)) => collect_rets(&b.stmts, out),
                    Some(Else::If(s)) => collect_rets(std::slice::from_ref(&**s), out),
                    None => {}
                }
            }
            StmtKind::Loop(l) => match l {
                LoopStmt::While { body, .. } | LoopStmt::CStyle { body, .. } | LoopStmt::ForIn { body, .. } => {
                    collect_rets(&body.stmts, out)
                }
            },
            StmtKind::Match(m) => {
                for arm in &m.arms {
                    if let ArmBody::Block(b) = &arm.body {
                        collect_rets(&b.stmts, out);
                    }
                }
            }
            _ => {}
        }
    }
}
