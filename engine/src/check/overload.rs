//! Overload resolution: the shape of each argument, and the cost of passing it to a
//! candidate's parameter (exact 0; literal adaptation, `opt` wrapping and generics cost more).

use super::body::FnCtx;
use super::env::Checker;
use super::expr::literal_kind;
use super::typed::{ArgSource, TypedProgram};
use super::types::{unify, FloatTy, FuncId, IntTy, Ty, FLOAT, INT};
use crate::syntax::ast::{Arg, ExprKind};

/// How the arguments of a call map onto one candidate's parameters.
#[derive(Clone, Debug)]
pub struct Plan {
    pub func: FuncId,
    /// Per parameter; `None` only while mapping.
    pub sources: Vec<Option<ArgSource>>,
    /// Type arguments written explicitly (positionally, by name, or as a type receiver).
    pub type_binds: Vec<Option<Ty>>,
}

/// What an argument looks like before a candidate gives it an expected type.
#[derive(Clone, Debug)]
pub enum Shape {
    /// Checked without context.
    Checked(Ty),
    /// Numeric literals only; `true` when a float literal is inside.
    Literal(bool),
    None,
    /// `{ … }` / `{}`, which take the parameter's type.
    Untyped,
    /// Names a type: only a type parameter can take it.
    TypeName,
}

impl Shape {
    /// The argument's type when it was already checked (so it is not checked twice).
    pub fn into_checked(self) -> Option<Ty> {
        match self {
            Shape::Checked(t) => Some(t),
            _ => None,
        }
    }
}

impl Checker<'_> {
    pub fn arg_shape(&mut self, cx: &mut FnCtx, arg: &Arg) -> Shape {
        let v = &arg.value;
        if let Some(float) = literal_kind(v) {
            return Shape::Literal(float);
        }
        match &v.kind {
            ExprKind::None => Shape::None,
            ExprKind::StructLit { ty: None, .. } | ExprKind::ListLit(_) => Shape::Untyped,
            _ if self.expr_as_type(cx.module, v, &cx.type_params).is_some() => Shape::TypeName,
            _ => Shape::Checked(self.expr(cx, v, None)),
        }
    }
}

/// The total cost of a plan, or `None` when some argument cannot be passed.
pub fn score(out: &TypedProgram, plan: &Plan, recv: Option<&Ty>, shapes: &[Shape]) -> Option<u32> {
    let info = out.func(plan.func);
    let mut binds = plan.type_binds.clone();
    let mut cost = 0;
    for (p, s) in info.params.iter().zip(&plan.sources) {
        cost += match s {
            Some(ArgSource::Receiver) => ty_cost(&p.ty, recv?, &mut binds)?,
            Some(ArgSource::Written(i)) => shape_cost(&p.ty, shapes.get(*i as usize)?, &mut binds)?,
            _ => 0,
        };
    }
    Some(cost)
}

fn ty_cost(pattern: &Ty, actual: &Ty, binds: &mut [Option<Ty>]) -> Option<u32> {
    if actual.contains_error() {
        return Some(0);
    }
    if pattern.contains_params() {
        return unify(pattern, actual, binds).then_some(1);
    }
    let (p, a) = (pattern.strip_refs(), actual.strip_refs());
    match (&p, &a) {
        _ if p == a => Some(0),
        (Ty::Opt(_), Ty::None) => Some(0),
        (Ty::Opt(inner), _) if **inner == a => Some(1),
        _ => None,
    }
}

fn shape_cost(pattern: &Ty, shape: &Shape, binds: &mut [Option<Ty>]) -> Option<u32> {
    let target = pattern.subst(binds).strip_refs();
    let (target, wrap) = match target {
        Ty::Opt(inner) => ((*inner).clone(), 1),
        t => (t, 0),
    };
    let cost = match (shape, &target) {
        (Shape::Checked(t), _) => return ty_cost(pattern, t, binds),
        (Shape::Literal(float), Ty::Param(_)) => {
            let default = if *float { FLOAT } else { INT };
            return unify(pattern, &default, binds).then_some(2);
        }
        (Shape::Literal(false), Ty::Int(IntTy::I64)) => 0,
        (Shape::Literal(false), Ty::Int(_)) => 1,
        (Shape::Literal(_), Ty::Float(FloatTy::F32)) => {
            if matches!(shape, Shape::Literal(true)) {
                0
            } else {
                2
            }
        }
        (Shape::Literal(float), Ty::Float(FloatTy::F64)) => {
            if *float {
                1
            } else {
                3
            }
        }
        (Shape::None, _) if wrap == 1 => return Some(0),
        (Shape::Untyped, Ty::Struct(..) | Ty::List(_) | Ty::StringMap(_) | Ty::IntMap(_)) => 0,
        _ => return None,
    };
    Some(cost + wrap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::types::{FLOAT, INT};

    #[test]
    fn literal_costs_prefer_the_natural_type() {
        let mut b = Vec::new();
        assert_eq!(shape_cost(&INT, &Shape::Literal(false), &mut b), Some(0));
        assert_eq!(shape_cost(&FLOAT, &Shape::Literal(false), &mut b), Some(2));
        assert_eq!(shape_cost(&Ty::Float(FloatTy::F64), &Shape::Literal(false), &mut b), Some(3));
        assert_eq!(shape_cost(&INT, &Shape::Literal(true), &mut b), None);
        assert_eq!(shape_cost(&Ty::opt(INT), &Shape::None, &mut b), Some(0));
        assert_eq!(shape_cost(&INT, &Shape::None, &mut b), None);
        assert_eq!(ty_cost(&Ty::opt(INT), &INT, &mut b), Some(1));
    }
}
