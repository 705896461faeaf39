//! Expressions: literals, names, members, struct and list literals, interpolation and the
//! default value of every type. Operators live in `ops`, calls in `call`.

use super::{err, FnState, R};
use crate::bytecode::chunk::Constant;
use crate::bytecode::opcodes::{Instr, Reg};
use crate::check::typed::{BuiltinField, Resolution};
use crate::check::types::{FloatTy, Ty};
use crate::driver::ModuleRef;
use crate::syntax::ast::{Expr, ExprKind, FieldInit, InterpPart, Item};

impl<'a> FnState<'a, '_> {
    /// A register holding `e`'s value: a local's own register when `e` names one (so the
    /// caller must not write it), otherwise a fresh temporary.
    pub fn expr_reg(&mut self, e: &'a Expr) -> R<Reg> {
        if let Some(r) = self.place_of(e).and_then(|p| p.as_reg()) {
            return Ok(r);
        }
        self.expr_temp(e)
    }

    /// A fresh temporary holding `e`'s value.
    pub fn expr_temp(&mut self, e: &'a Expr) -> R<Reg> {
        let t = self.temp()?;
        self.expr_into(e, t)?;
        Ok(t)
    }

    /// Evaluates `e` into `dst`. Temporaries it uses are released afterwards.
    pub fn expr_into(&mut self, e: &'a Expr, dst: Reg) -> R<()> {
        let mark = self.next_temp;
        let ty = self.ty(e);
        self.note_heap(dst, &ty);
        let typed = self.c.typed;
        let table = &typed.modules[self.module];
        match &e.kind {
            ExprKind::Int(n) => self.number_into(dst, &ty, *n as i64, *n as f64),
            ExprKind::Float(x) => self.number_into(dst, &ty, 0, *x),
            ExprKind::Bool(b) => {
                self.emit(Instr::LoadBool { dst, value: u8::from(*b) });
            }
            ExprKind::Str(s) => self.load_const(dst, Constant::Str(s.clone())),
            ExprKind::Char(c) => self.load_const(dst, Constant::Char(*c)),
            ExprKind::None => {
                self.emit(Instr::LoadNone { dst });
            }
            ExprKind::Interp(parts) => self.interp(parts, dst)?,
            ExprKind::Ident(_) => match (table.resolutions.get(&e.id), self.int_const(e)) {
                (Some(Resolution::EnumMember(_, i)), _) => {
                    self.emit(Instr::LoadInt { dst, value: i64::from(*i) });
                }
                // `const` globals are folded.
                (Some(Resolution::Global(_)), Some(value)) => {
                    self.emit(Instr::LoadInt { dst, value });
                }
                (Some(Resolution::Local(_) | Resolution::Global(_)), _) => {
                    let Some(place) = self.place_of(e) else { return err("internal error: unresolved name") };
                    self.read_place(&place, dst);
                }
                _ => return err(format!("internal error: name at {:?} has no value", e.span)),
            },
            ExprKind::Unary { op, expr } => self.unary(e, *op, expr, Some(dst))?,
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, dst)?,
            ExprKind::As { expr, .. } => self.cast(expr, &ty, dst)?,
            ExprKind::Call { .. } => self.call(e, Some(dst), &[])?,
            ExprKind::Member { object, .. } => self.member(e, object, dst)?,
            ExprKind::StructLit { fields, .. } => self.struct_literal(e, &ty, fields, dst)?,
            ExprKind::ListLit(items) => {
                let first = self.temps(items.len())?;
                for (i, item) in items.iter().enumerate() {
                    self.expr_into(item, first + i as Reg)?;
                }
                self.emit(Instr::MakeList { dst, first, count: items.len() as u16 });
            }
            ExprKind::Match(m) => self.match_expr(m, dst)?,
            ExprKind::Paren(inner) => self.expr_into(inner, dst)?,
            ExprKind::Index { .. } | ExprKind::Error => return err("internal error: unchecked expression"),
        }
        self.next_temp = mark;
        Ok(())
    }

    /// A numeric literal of type `ty` (an integer literal may have a float type).
    fn number_into(&mut self, dst: Reg, ty: &Ty, int: i64, float: f64) {
        match ty {
            Ty::Float(FloatTy::F32) => self.load_const(dst, Constant::Float(float as f32 as f64)),
            Ty::Float(FloatTy::F64) => self.load_const(dst, Constant::Float(float)),
            _ => {
                self.emit(Instr::LoadInt { dst, value: int });
            }
        }
    }

    pub fn load_const(&mut self, dst: Reg, k: Constant) {
        let k = self.constant(k);
        self.emit(Instr::LoadConst { dst, k });
    }

    /// `"a {x} b"`: every part into consecutive registers, then one `Interp`. Enum values
    /// print their member name, which only the compiler knows.
    fn interp(&mut self, parts: &'a [InterpPart], dst: Reg) -> R<()> {
        let first = self.temps(parts.len())?;
        for (i, part) in parts.iter().enumerate() {
            let r = first + i as Reg;
            match part {
                InterpPart::Lit(s) => self.load_const(r, Constant::Str(s.clone())),
                InterpPart::Expr(x) => {
                    self.expr_into(x, r)?;
                    self.enum_name(&self.ty(x), r, r);
                }
            }
        }
        self.emit(Instr::Interp { dst, first, count: parts.len() as u16 });
        Ok(())
    }

    /// Replaces an enum ordinal by its member name (no-op for other types). Returns whether
    /// `ty` was an enum.
    pub fn enum_name(&mut self, ty: &Ty, src: Reg, dst: Reg) -> bool {
        let inner = match ty {
            Ty::Opt(t) => &**t,
            t => t,
        };
        if let Ty::Enum(id) = inner {
            self.emit(Instr::EnumName { dst, a: src, e: id.0 });
            return true;
        }
        false
    }

    fn member(&mut self, e: &'a Expr, object: &'a Expr, dst: Reg) -> R<()> {
        let typed = self.c.typed;
        let resolution = typed.modules[self.module].resolutions.get(&e.id).cloned();
        match resolution {
            Some(Resolution::EnumMember(_, i)) => {
                self.emit(Instr::LoadInt { dst, value: i64::from(i) });
            }
            Some(Resolution::Field(f)) => match self.place_of(e) {
                Some(place) => self.read_place(&place, dst),
                None => {
                    let obj = self.expr_reg(object)?;
                    self.emit(Instr::GetField { dst, obj, field: f as u16 });
                }
            },
            Some(Resolution::BuiltinField(which)) => {
                let a = self.expr_reg(object)?;
                match which {
                    BuiltinField::Length => self.emit(Instr::Len { dst, a }),
                    BuiltinField::Cap => self.emit(Instr::Cap { dst, a }),
                };
            }
            _ => return err("internal error: unresolved member"),
        }
        Ok(())
    }

    /// `Point { x: 1 }`, `{ x: 1 }`, `T {}`: given fields in place, the rest defaulted.
    fn struct_literal(&mut self, e: &'a Expr, ty: &Ty, fields: &'a [FieldInit], dst: Reg) -> R<()> {
        let Ty::Struct(id, args) = ty else {
            if fields.is_empty() {
                return self.default_into(ty, dst);
            }
            return err("internal error: struct literal of a non-struct type");
        };
        let indices = self.c.typed.modules[self.module].struct_literals.get(&e.id).cloned().unwrap_or_default();
        let count = self.c.typed.struct_info(*id).fields.len();
        let first = self.temps(count)?;
        let mut given = vec![None; count];
        for (f, &index) in fields.iter().zip(&indices) {
            if let Some(slot) = given.get_mut(index as usize) {
                *slot = Some(&f.value);
            }
        }
        for (i, value) in given.into_iter().enumerate() {
            let r = first + i as Reg;
            match value {
                Some(v) => self.expr_into(v, r)?,
                None => self.field_default(*id, args, i, r)?,
            }
        }
        let ty = self.c.struct_layout(*id, args);
        self.emit(Instr::MakeStruct { dst, first, count: count as u16, ty });
        Ok(())
    }

    /// The initial value of field `i` of a struct: its declared default or its type's.
    fn field_default(&mut self, id: crate::check::types::StructId, args: &[Ty], i: usize, dst: Reg) -> R<()> {
        let typed = self.c.typed;
        let info = typed.struct_info(id);
        let args: Vec<Option<Ty>> = args.iter().cloned().map(Some).collect();
        let field_ty = info.fields.get(i).map_or(Ty::Error, |f| f.ty.subst(&args));
        let decl_default = match (&info.module, info.fields.get(i).is_some_and(|f| f.has_default)) {
            (ModuleRef::Source(m), true) => match self.c.program.modules[*m].parsed.module.items.get(info.item) {
                Some(Item::Type(t)) => t.fields.get(i).and_then(|f| f.default.as_ref()).map(|d| (*m, d)),
                _ => None,
            },
            _ => None,
        };
        match decl_default {
            Some((m, default)) => {
                let saved = (std::mem::replace(&mut self.module, m), std::mem::take(&mut self.type_args));
                let result = self.expr_into(default, dst);
                (self.module, self.type_args) = saved;
                result
            }
            None => self.default_into(&field_ty.strip_refs(), dst),
        }
    }

    /// The default value of a type: `0`, `0.0`, `false`, `""`, `none`, empty containers, and
    /// structs with every field defaulted.
    pub fn default_into(&mut self, ty: &Ty, dst: Reg) -> R<()> {
        match ty {
            Ty::Int(_) | Ty::Enum(_) => {
                self.emit(Instr::LoadInt { dst, value: 0 });
            }
            Ty::Float(_) => self.load_const(dst, Constant::Float(0.0)),
            Ty::Bool => {
                self.emit(Instr::LoadBool { dst, value: 0 });
            }
            Ty::String => self.load_const(dst, Constant::Str(String::new())),
            Ty::Char => self.load_const(dst, Constant::Char('\0')),
            Ty::List(_) => {
                self.emit(Instr::MakeList { dst, first: dst, count: 0 });
            }
            Ty::StringMap(_) => {
                self.emit(Instr::NewMap { dst, kind: 0 });
            }
            Ty::IntMap(_) => {
                self.emit(Instr::NewMap { dst, kind: 1 });
            }
            Ty::Struct(id, args) => {
                let mark = self.next_temp;
                let count = self.c.typed.struct_info(*id).fields.len();
                let first = self.temps(count)?;
                for i in 0..count {
                    self.field_default(*id, args, i, first + i as Reg)?;
                }
                let ty = self.c.struct_layout(*id, args);
                self.emit(Instr::MakeStruct { dst, first, count: count as u16, ty });
                self.next_temp = mark;
            }
            Ty::Opt(_) | Ty::None | Ty::Void => {
                self.emit(Instr::LoadNone { dst });
            }
            Ty::Ref(_, t) => return self.default_into(t, dst),
            Ty::Param(_) | Ty::Type(_) | Ty::Error => {
                return err(format!("internal error: no default value for {}", self.c.typed.ty_name(ty)))
            }
        }
        Ok(())
    }
}
