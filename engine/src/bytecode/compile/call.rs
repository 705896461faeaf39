//! Calls: argument layout (receiver, written, default), `mod` arguments moved in and written
//! back, user functions by chunk, natives through the link table, and the library calls the
//! compiler handles itself (`toString`, and `add`/`get`/`at` on lists).

use super::{err, FnState, R};
use crate::bytecode::opcodes::{Instr, Reg};
use crate::check::typed::{ArgSource, CallTarget, ParamMode};
use crate::check::types::Ty;
use crate::driver::ModuleRef;
use crate::manifest::FuncKind;
use crate::syntax::ast::{Expr, ExprKind, Item};

/// Where each parameter's value comes from, resolved to expressions.
pub enum ArgExpr<'a> {
    Type,
    Expr(&'a Expr),
    /// The parameter's default, written in the callee's module.
    Default(usize, &'a Expr),
    Missing,
}

impl<'a> FnState<'a, '_> {
    /// The call target of a call expression and the expression of every parameter.
    pub fn call_parts(&self, e: &'a Expr) -> R<(CallTarget, Vec<ArgExpr<'a>>)> {
        let ExprKind::Call { callee, args } = &e.kind else { return err("internal error: not a call") };
        let typed = self.c.typed;
        let Some(target) = typed.modules[self.module].calls.get(&e.id).cloned() else {
            return err("internal error: call without a target");
        };
        let info = typed.func(target.func);
        let decl_params = match &info.module {
            ModuleRef::Source(m) => match self.c.program.modules[*m].parsed.module.items.get(info.item) {
                Some(Item::Func(d)) => Some((*m, &d.params)),
                _ => None,
            },
            ModuleRef::Library(_) => None,
        };
        let parts = target
            .args
            .iter()
            .enumerate()
            .map(|(pi, src)| match src {
                ArgSource::TypeArg => ArgExpr::Type,
                ArgSource::Receiver => match &callee.kind {
                    ExprKind::Member { object, .. } => ArgExpr::Expr(object),
                    _ => ArgExpr::Missing,
                },
                ArgSource::Written(i) => args.get(*i as usize).map_or(ArgExpr::Missing, |a| ArgExpr::Expr(&a.value)),
                ArgSource::Default => decl_params
                    .and_then(|(m, ps)| ps.get(pi).and_then(|p| p.default.as_ref()).map(|d| ArgExpr::Default(m, d)))
                    .unwrap_or(ArgExpr::Missing),
            })
            .collect();
        Ok((target, parts))
    }

    /// Compiles a call into `dst` (or a discarded temporary). `overrides` gives registers
    /// already holding some parameters' values (by parameter index).
    pub fn call(&mut self, e: &'a Expr, dst: Option<Reg>, overrides: &[(usize, Reg)]) -> R<()> {
        self.set_line(e.span);
        let (target, parts) = self.call_parts(e)?;
        let typed = self.c.typed;
        let info = typed.func(target.func);
        let type_args: Vec<Ty> = target.type_args.iter().map(|t| self.subst(t)).collect();
        let ret_ty = info.ret.subst(&type_args.iter().cloned().map(Some).collect::<Vec<_>>()).strip_refs();
        let out = match dst {
            Some(d) => d,
            None => self.temp()?,
        };
        self.note_heap(out, &ret_ty);
        if info.module == ModuleRef::Library("core") && self.library_call(&info.name, &parts, out)? {
            return Ok(());
        }
        // Script functions run in their language's VM, which the VM links as a native.
        let native = matches!(info.kind, FuncKind::Extern | FuncKind::Script(_)) || info.native_only;
        // Natives receive value arguments only; user functions get every parameter's register.
        let passed: Vec<usize> =
            (0..parts.len()).filter(|&pi| !(native && info.params[pi].mode == ParamMode::Type)).collect();
        let base = self.temps(passed.len())?;
        // The VM clears argument registers after the call (or the caller moves `mod` ones
        // back), so they need no `Clear` at the statement's end.
        let heap_before = self.heap_temp;
        let mut writebacks = Vec::new();
        for (j, &pi) in passed.iter().enumerate() {
            let r = base + j as Reg;
            if let Some(&(_, src)) = overrides.iter().find(|(p, _)| *p == pi) {
                self.emit(Instr::Move { dst: r, src });
                continue;
            }
            let is_mod = info.params[pi].mode == ParamMode::Mod;
            match &parts[pi] {
                ArgExpr::Type => {}
                ArgExpr::Expr(x) if is_mod => match self.place_of(x) {
                    Some(place) => writebacks.push((place, r)),
                    None => self.expr_into(x, r)?,
                },
                ArgExpr::Expr(x) => self.expr_into(x, r)?,
                ArgExpr::Default(m, d) => {
                    let saved = std::mem::replace(&mut self.module, *m);
                    let result = self.expr_into(d, r);
                    self.module = saved;
                    result?;
                }
                ArgExpr::Missing => return err(format!("internal error: missing argument in call to '{}'", info.name)),
            }
        }
        self.heap_temp = heap_before;
        // `mod` places are moved out last, so the other arguments still read them.
        for (place, r) in &writebacks {
            self.take_place(place, *r);
        }
        let result = if writebacks.is_empty() || self.is_temp(out) { out } else { self.temp()? };
        self.set_line(e.span);
        let count = passed.len() as u16;
        if native {
            let native = self.c.native(target.func)?;
            self.emit(Instr::NativeCall { native, args: base, count, dst: result });
        } else {
            let func = self.c.instance(target.func, type_args);
            self.emit(Instr::Call { func, args: base, count, dst: result });
        }
        for (place, r) in &writebacks {
            self.write_place(place, *r);
        }
        if result != out {
            self.emit(Instr::Take { dst: out, src: result });
        }
        Ok(())
    }

    fn ty_of_part(&self, parts: &[ArgExpr<'a>], i: usize) -> Option<Ty> {
        match parts.get(i) {
            Some(ArgExpr::Expr(x)) => Some(self.ty(x)),
            _ => None,
        }
    }

    /// The core functions the compiler implements itself (for speed, or because only it
    /// knows enum names): `add` on a list and `set` on a map held in a register, element
    /// reads of lists, `toString`; false for every other one.
    fn library_call(&mut self, name: &str, parts: &[ArgExpr<'a>], dst: Reg) -> R<bool> {
        let value = |i: usize| match parts.get(i) {
            Some(ArgExpr::Expr(x)) => Some(*x),
            _ => None,
        };
        match name {
            "add" if matches!(self.ty_of_part(parts, 1), Some(Ty::List(_))) => {
                // Straight into the list's register; other places go through the native.
                let (Some(list), Some(v)) = (value(1), value(2)) else { return Ok(false) };
                let Some(reg) = self.place_of(list).and_then(|p| p.as_reg()) else { return Ok(false) };
                let src = self.expr_temp(v)?;
                self.emit(Instr::ListPush { list: reg, src });
            }
            "set" if matches!(self.ty_of_part(parts, 1), Some(Ty::StringMap(_) | Ty::IntMap(_))) => {
                // Straight into the map's register, as `add` on lists.
                let (Some(map), Some(k), Some(v)) = (value(1), value(2), value(3)) else { return Ok(false) };
                let Some(reg) = self.place_of(map).and_then(|p| p.as_reg()) else { return Ok(false) };
                let key = self.expr_temp(k)?;
                let src = self.expr_temp(v)?;
                self.emit(Instr::MapSet { map: reg, key, src });
            }
            "get" | "at" | "viewAt" if matches!(self.ty_of_part(parts, 1), Some(Ty::List(_))) => {
                let (Some(list), Some(index)) = (value(1), value(2)) else { return Ok(false) };
                let list = self.expr_reg(list)?;
                let index = self.expr_reg(index)?;
                self.emit(Instr::ListAt { dst, list, index });
            }
            "toString" => {
                let Some(x) = value(1) else { return err("internal error: toString without a value") };
                let a = self.expr_reg(x)?;
                let ty = self.ty(x);
                if !self.enum_name(&ty, a, dst) {
                    self.emit(Instr::ToStr { dst, a });
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
