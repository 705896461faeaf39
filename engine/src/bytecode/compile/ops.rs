//! Operators: arithmetic, comparison, logic and bitwise instructions chosen by operand type,
//! `++`/`--` on places, `as` conversions, and conditions compiled to (fused) branches.

use super::{err, FnState, R};
use crate::bytecode::chunk::{int_kind, Constant};
use crate::bytecode::opcodes::{Instr, Reg};
use crate::check::typed::Resolution;
use crate::check::types::{FloatTy, IntTy, Ty};
use crate::driver::ModuleRef;
use crate::syntax::ast::{BinOp, BindKind, Expr, ExprKind, Item, UnaryOp};

/// Whether evaluating `e` may write variables (calls with `mod` arguments, `++`/`--`), so an
/// operand read before it must be copied first.
fn has_effects(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Call { .. } => true,
        ExprKind::Unary { op, expr } => {
            matches!(op, UnaryOp::PreInc | UnaryOp::PreDec | UnaryOp::PostInc | UnaryOp::PostDec) || has_effects(expr)
        }
        ExprKind::Binary { lhs, rhs, .. } => has_effects(lhs) || has_effects(rhs),
        ExprKind::As { expr, .. } | ExprKind::Paren(expr) | ExprKind::Member { object: expr, .. } => has_effects(expr),
        ExprKind::Interp(_) | ExprKind::StructLit { .. } | ExprKind::ListLit(_) | ExprKind::Match(_) => true,
        _ => false,
    }
}

fn is_narrow(k: IntTy) -> bool {
    !matches!(k, IntTy::I64 | IntTy::U64)
}

/// How deep `const` initialisers referring to other consts are folded.
const CONST_DEPTH: u32 = 16;

impl<'a> FnState<'a, '_> {
    /// The value of an `Int` expression known at compile time: literals, `const` globals and
    /// arithmetic on them (`i < limit`, `% modulus` become immediates). `None` when it is not
    /// constant or would fault (division by zero is left to run time).
    pub fn int_const(&self, e: &Expr) -> Option<i64> {
        self.int_const_in(self.module, e, CONST_DEPTH)
    }

    fn int_const_in(&self, module: usize, e: &Expr, depth: u32) -> Option<i64> {
        let depth = depth.checked_sub(1)?;
        let typed = self.c.typed;
        if typed.modules.get(module)?.ty(e.id) != &Ty::Int(IntTy::I64) {
            return None;
        }
        let int = |x: &Expr| self.int_const_in(module, x, depth);
        Some(match &e.kind {
            ExprKind::Int(n) => i64::try_from(*n).ok()?,
            ExprKind::Paren(inner) => int(inner)?,
            ExprKind::Unary { op: UnaryOp::Neg, expr } => int(expr)?.wrapping_neg(),
            ExprKind::Binary { op, lhs, rhs } => {
                let (x, y) = (int(lhs)?, int(rhs)?);
                match op {
                    BinOp::Add => x.wrapping_add(y),
                    BinOp::Sub => x.wrapping_sub(y),
                    BinOp::Mul => x.wrapping_mul(y),
                    BinOp::Div => x.checked_div(y)?,
                    BinOp::Rem => x.checked_rem(y)?,
                    BinOp::Shl => x.wrapping_shl(y as u32),
                    BinOp::Shr => x.wrapping_shr(y as u32),
                    BinOp::BitAnd => x & y,
                    BinOp::BitOr => x | y,
                    BinOp::BitXor => x ^ y,
                    _ => return None,
                }
            }
            ExprKind::Ident(_) => {
                let Some(Resolution::Global(g)) = typed.modules[module].resolutions.get(&e.id) else { return None };
                let info = typed.global(*g);
                let (BindKind::Const, ModuleRef::Source(m)) = (info.kind, &info.module) else { return None };
                let Some(Item::Global(decl)) = self.c.program.modules.get(*m)?.parsed.module.items.get(info.item)
                else {
                    return None;
                };
                self.int_const_in(*m, &decl.binding.init.as_ref()?.1, depth)?
            }
            _ => return None,
        })
    }

    /// `op operand` into `dst`; with `dst == None` (a statement such as `i++`) only the
    /// effect is compiled.
    pub fn unary(&mut self, e: &'a Expr, op: UnaryOp, operand: &'a Expr, dst: Option<Reg>) -> R<()> {
        let ty = self.ty(e);
        match op {
            UnaryOp::PreInc | UnaryOp::PreDec | UnaryOp::PostInc | UnaryOp::PostDec => {
                let delta = if matches!(op, UnaryOp::PreInc | UnaryOp::PostInc) { 1 } else { -1 };
                let post = matches!(op, UnaryOp::PostInc | UnaryOp::PostDec);
                return self.inc_dec(operand, &ty, delta, post, dst);
            }
            _ => {}
        }
        let Some(dst) = dst else {
            let t = self.temp()?;
            return self.unary(e, op, operand, Some(t));
        };
        match (op, &operand.kind) {
            (UnaryOp::Neg, ExprKind::Int(n)) if matches!(ty, Ty::Int(_)) => {
                self.emit(Instr::LoadInt { dst, value: (*n as i64).wrapping_neg() });
                return Ok(());
            }
            (UnaryOp::Neg, ExprKind::Int(n)) => {
                self.float_const(dst, &ty, -(*n as f64));
                return Ok(());
            }
            (UnaryOp::Neg, ExprKind::Float(x)) => {
                self.float_const(dst, &ty, -*x);
                return Ok(());
            }
            _ => {}
        }
        let a = self.expr_reg(operand)?;
        match (op, &ty) {
            (UnaryOp::Neg, Ty::Float(_)) => self.emit(Instr::NegFloat { dst, a }),
            (UnaryOp::Neg, _) => self.emit(Instr::NegInt { dst, a }),
            (UnaryOp::BitNot, _) => self.emit(Instr::BitNot { dst, a }),
            _ => self.emit(Instr::Not { dst, a }),
        };
        self.wrap(&ty, dst);
        Ok(())
    }

    fn float_const(&mut self, dst: Reg, ty: &Ty, x: f64) {
        let x = if *ty == Ty::Float(FloatTy::F32) { x as f32 as f64 } else { x };
        self.load_const(dst, Constant::Float(x));
    }

    /// Narrow integer results wrap to their width.
    fn wrap(&mut self, ty: &Ty, dst: Reg) {
        if let Ty::Int(k) = ty {
            if is_narrow(*k) {
                self.emit(Instr::WrapInt { dst, kind: int_kind(*k) });
            }
        }
    }

    fn inc_dec(&mut self, operand: &'a Expr, ty: &Ty, delta: i64, post: bool, dst: Option<Reg>) -> R<()> {
        let place = self.target_place(operand)?;
        if let Some(r) = place.as_reg() {
            if let (Some(d), true) = (dst, post) {
                self.emit(Instr::Move { dst: d, src: r });
            }
            self.emit(Instr::AddIntImm { dst: r, a: r, imm: delta });
            self.wrap(ty, r);
            if let (Some(d), false) = (dst, post) {
                self.emit(Instr::Move { dst: d, src: r });
            }
            return Ok(());
        }
        let t = self.temp()?;
        self.read_place(&place, t);
        if let (Some(d), true) = (dst, post) {
            self.emit(Instr::Move { dst: d, src: t });
        }
        self.emit(Instr::AddIntImm { dst: t, a: t, imm: delta });
        self.wrap(ty, t);
        if let (Some(d), false) = (dst, post) {
            self.emit(Instr::Move { dst: d, src: t });
        }
        self.write_place(&place, t);
        Ok(())
    }

    /// Evaluates both operands; the left one is copied to a temporary when the right one
    /// could change the variable it names: only code that names a local can change it (a
    /// call through a `mod` argument, `++`), so a right side that never mentions the local
    /// (nor an alias of it) leaves it be.
    fn operands(&mut self, lhs: &'a Expr, rhs: &'a Expr) -> R<(Reg, Reg)> {
        let mut a = self.expr_reg(lhs)?;
        if !self.is_temp(a) && has_effects(rhs) && self.names_register(a, rhs.span) {
            let t = self.temp()?;
            self.emit(Instr::Move { dst: t, src: a });
            a = t;
        }
        let b = self.expr_reg(rhs)?;
        Ok((a, b))
    }

    pub fn binary(&mut self, op: BinOp, lhs: &'a Expr, rhs: &'a Expr, dst: Reg) -> R<()> {
        if matches!(op, BinOp::And | BinOp::Or) {
            // `dst` is written before the right side runs, so it must not be a variable
            // the right side reads.
            let t = if self.is_temp(dst) { dst } else { self.temp()? };
            self.expr_into(lhs, t)?;
            let j = if op == BinOp::And {
                self.emit(Instr::JumpIfFalse { cond: t, target: 0 })
            } else {
                self.emit(Instr::JumpIfTrue { cond: t, target: 0 })
            };
            self.expr_into(rhs, t)?;
            self.patch_here(j);
            if t != dst {
                self.emit(Instr::Move { dst, src: t });
            }
            return Ok(());
        }
        let ty = self.ty(lhs);
        if let (BinOp::Add | BinOp::Sub, Ty::Int(IntTy::I64), Some(n)) = (op, &ty, self.int_const(rhs)) {
            let a = self.expr_reg(lhs)?;
            let imm = if op == BinOp::Add { n } else { n.wrapping_neg() };
            self.emit(Instr::AddIntImm { dst, a, imm });
            return Ok(());
        }
        let (a, b) = self.operands(lhs, rhs)?;
        let rty = self.ty(rhs);
        let instr = match (op, &ty) {
            (BinOp::Is | BinOp::IsNot, _) => {
                let ints = matches!(ty, Ty::Int(_) | Ty::Enum(_)) && matches!(rty, Ty::Int(_) | Ty::Enum(_));
                match (op == BinOp::Is, ints) {
                    (true, true) => Instr::EqInt { dst, a, b },
                    (false, true) => Instr::NeInt { dst, a, b },
                    (true, false) => Instr::Eq { dst, a, b },
                    (false, false) => Instr::Ne { dst, a, b },
                }
            }
            (_, Ty::Int(k)) => int_op(op, *k, dst, a, b)?,
            (_, Ty::Float(w)) => float_op(op, *w, dst, a, b)?,
            (BinOp::Add, Ty::String) => Instr::Concat { dst, a, b },
            (BinOp::Lt, _) => Instr::Lt { dst, a, b },
            (BinOp::Le, _) => Instr::Le { dst, a, b },
            (BinOp::Gt, _) => Instr::Lt { dst, a: b, b: a },
            (BinOp::Ge, _) => Instr::Le { dst, a: b, b: a },
            _ => return err(format!("internal error: operator '{}' on {}", op.text(), self.c.typed.ty_name(&ty))),
        };
        self.emit(instr);
        if !op.is_comparison() {
            self.wrap(&ty, dst);
        }
        Ok(())
    }

    /// `expr as T` into `dst`, where `to` is T.
    pub fn cast(&mut self, expr: &'a Expr, to: &Ty, dst: Reg) -> R<()> {
        let from = self.ty(expr);
        match (&from, to) {
            (Ty::Int(f), Ty::Float(w)) => {
                let a = self.expr_reg(expr)?;
                let f32 = *w == FloatTy::F32;
                self.emit(match (f, f32) {
                    (IntTy::U64, _) => Instr::U64ToFloat { dst, a, f32: u8::from(f32) },
                    (_, true) => Instr::IntToF32 { dst, a },
                    (_, false) => Instr::IntToF64 { dst, a },
                });
            }
            (Ty::Float(_), Ty::Int(k)) => {
                let a = self.expr_reg(expr)?;
                self.emit(Instr::FloatToInt { dst, a, kind: int_kind(*k) });
            }
            (Ty::Float(FloatTy::F64), Ty::Float(FloatTy::F32)) => {
                let a = self.expr_reg(expr)?;
                self.emit(Instr::ToF32 { dst, a });
            }
            _ => {
                self.expr_into(expr, dst)?;
                if from != *to {
                    self.wrap(to, dst);
                }
            }
        }
        Ok(())
    }

    /// Compiles a condition that jumps when it is false; returns the jumps to patch.
    pub fn cond_false(&mut self, e: &'a Expr) -> R<Vec<usize>> {
        let mark = self.next_temp;
        let jumps = self.cond_false_inner(e)?;
        self.next_temp = mark;
        Ok(jumps)
    }

    fn cond_false_inner(&mut self, e: &'a Expr) -> R<Vec<usize>> {
        match &e.kind {
            ExprKind::Paren(inner) => return self.cond_false_inner(inner),
            ExprKind::Bool(true) => return Ok(Vec::new()),
            ExprKind::Binary { op: BinOp::And, lhs, rhs } => {
                let mut jumps = self.cond_false_inner(lhs)?;
                jumps.extend(self.cond_false_inner(rhs)?);
                return Ok(jumps);
            }
            ExprKind::Binary { op, lhs, rhs } if self.ty(lhs) == Ty::Int(IntTy::I64) => {
                if let Some(j) = self.fused_branch(*op, lhs, rhs)? {
                    return Ok(vec![j]);
                }
            }
            _ => {}
        }
        let t = self.expr_reg(e)?;
        Ok(vec![self.emit(Instr::JumpIfFalse { cond: t, target: 0 })])
    }

    /// Compiles a condition that jumps to `target` when it is true (the bottom test of a
    /// rotated loop).
    pub fn cond_true(&mut self, e: &'a Expr, target: u32) -> R<()> {
        let mark = self.next_temp;
        match &e.kind {
            ExprKind::Paren(inner) => self.cond_true(inner, target)?,
            ExprKind::Bool(true) => {
                self.emit(Instr::Jump { target });
            }
            ExprKind::Binary { op: BinOp::Or, lhs, rhs } => {
                self.cond_true(lhs, target)?;
                self.cond_true(rhs, target)?;
            }
            ExprKind::Binary { op: BinOp::And, lhs, rhs } => {
                let skip = self.cond_false(lhs)?;
                self.cond_true(rhs, target)?;
                for j in skip {
                    self.patch_here(j);
                }
            }
            ExprKind::Binary { op, lhs, rhs }
                if self.ty(lhs) == Ty::Int(IntTy::I64)
                    && matches!(op, BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge) =>
            {
                let instr = match (op, self.int_const(rhs)) {
                    (BinOp::Lt, Some(imm)) => Instr::JumpIfLtIntImm { a: self.expr_reg(lhs)?, imm, target },
                    (BinOp::Le, Some(imm)) if imm < i64::MAX => {
                        Instr::JumpIfLtIntImm { a: self.expr_reg(lhs)?, imm: imm + 1, target }
                    }
                    _ => {
                        let (a, b) = self.operands(lhs, rhs)?;
                        match op {
                            BinOp::Lt => Instr::JumpIfLtInt { a, b, target },
                            BinOp::Le => Instr::JumpIfLeInt { a, b, target },
                            BinOp::Gt => Instr::JumpIfLtInt { a: b, b: a, target },
                            _ => Instr::JumpIfLeInt { a: b, b: a, target },
                        }
                    }
                };
                self.emit(instr);
            }
            _ => {
                let cond = self.expr_reg(e)?;
                self.emit(Instr::JumpIfTrue { cond, target });
            }
        }
        self.next_temp = mark;
        Ok(())
    }

    /// Compare-and-branch on Int operands (`i < n`, `i <= 10`, `n is 0`).
    fn fused_branch(&mut self, op: BinOp, lhs: &'a Expr, rhs: &'a Expr) -> R<Option<usize>> {
        let imm = self.int_const(rhs);
        let instr = match (op, imm) {
            (BinOp::Lt, Some(imm)) => {
                let a = self.expr_reg(lhs)?;
                Instr::JumpIfNotLtIntImm { a, imm, target: 0 }
            }
            (BinOp::Le, Some(imm)) if imm < i64::MAX => {
                let a = self.expr_reg(lhs)?;
                Instr::JumpIfNotLtIntImm { a, imm: imm + 1, target: 0 }
            }
            (BinOp::Is, Some(imm)) => {
                let a = self.expr_reg(lhs)?;
                Instr::JumpIfNotEqIntImm { a, imm, target: 0 }
            }
            (BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge, _) => {
                let (a, b) = self.operands(lhs, rhs)?;
                match op {
                    BinOp::Lt => Instr::JumpIfNotLtInt { a, b, target: 0 },
                    BinOp::Le => Instr::JumpIfNotLeInt { a, b, target: 0 },
                    BinOp::Gt => Instr::JumpIfNotLtInt { a: b, b: a, target: 0 },
                    _ => Instr::JumpIfNotLeInt { a: b, b: a, target: 0 },
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(self.emit(instr)))
    }
}

fn int_op(op: BinOp, k: IntTy, dst: Reg, a: Reg, b: Reg) -> R<Instr> {
    let unsigned = k == IntTy::U64;
    Ok(match op {
        BinOp::Add => Instr::AddInt { dst, a, b },
        BinOp::Sub => Instr::SubInt { dst, a, b },
        BinOp::Mul => Instr::MulInt { dst, a, b },
        BinOp::Div if unsigned => Instr::DivU64 { dst, a, b },
        BinOp::Div => Instr::DivInt { dst, a, b },
        BinOp::Rem if unsigned => Instr::RemU64 { dst, a, b },
        BinOp::Rem => Instr::RemInt { dst, a, b },
        BinOp::BitAnd => Instr::BitAnd { dst, a, b },
        BinOp::BitOr => Instr::BitOr { dst, a, b },
        BinOp::BitXor => Instr::BitXor { dst, a, b },
        BinOp::Shl => Instr::Shl { dst, a, b },
        BinOp::Shr if unsigned => Instr::ShrU64 { dst, a, b },
        BinOp::Shr => Instr::Shr { dst, a, b },
        BinOp::Lt if unsigned => Instr::LtU64 { dst, a, b },
        BinOp::Le if unsigned => Instr::LeU64 { dst, a, b },
        BinOp::Gt if unsigned => Instr::LtU64 { dst, a: b, b: a },
        BinOp::Ge if unsigned => Instr::LeU64 { dst, a: b, b: a },
        BinOp::Lt => Instr::LtInt { dst, a, b },
        BinOp::Le => Instr::LeInt { dst, a, b },
        BinOp::Gt => Instr::LtInt { dst, a: b, b: a },
        BinOp::Ge => Instr::LeInt { dst, a: b, b: a },
        _ => return err(format!("internal error: operator '{}' on an integer", op.text())),
    })
}

fn float_op(op: BinOp, w: FloatTy, dst: Reg, a: Reg, b: Reg) -> R<Instr> {
    let f32 = w == FloatTy::F32;
    Ok(match (op, f32) {
        (BinOp::Add, true) => Instr::AddF32 { dst, a, b },
        (BinOp::Sub, true) => Instr::SubF32 { dst, a, b },
        (BinOp::Mul, true) => Instr::MulF32 { dst, a, b },
        (BinOp::Div, true) => Instr::DivF32 { dst, a, b },
        (BinOp::Rem, true) => Instr::RemF32 { dst, a, b },
        (BinOp::Add, false) => Instr::AddF64 { dst, a, b },
        (BinOp::Sub, false) => Instr::SubF64 { dst, a, b },
        (BinOp::Mul, false) => Instr::MulF64 { dst, a, b },
        (BinOp::Div, false) => Instr::DivF64 { dst, a, b },
        (BinOp::Rem, false) => Instr::RemF64 { dst, a, b },
        (BinOp::Lt, _) => Instr::LtFloat { dst, a, b },
        (BinOp::Le, _) => Instr::LeFloat { dst, a, b },
        (BinOp::Gt, _) => Instr::LtFloat { dst, a: b, b: a },
        (BinOp::Ge, _) => Instr::LeFloat { dst, a: b, b: a },
        _ => return err(format!("internal error: operator '{}' on a float", op.text())),
    })
}
