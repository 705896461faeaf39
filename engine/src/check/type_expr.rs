//! Written types: resolving a `TypeExpr` (or an expression naming a type) to a `Ty`, and
//! printing a `TypeExpr` back as Rae text for the manifest.

use super::codes;
use super::env::{Checker, Sym};
use super::names::closest;
use super::types::{builtin_scalar, RefMode, Ty, TypeParam, BUILTIN_CONTAINERS};
use crate::diag::Diagnostic;
use crate::syntax::ast::{Expr, ExprKind, Mode, TypeArg, TypeExpr, TypeExprKind};
use std::sync::Arc;

/// Type parameters in scope while resolving a type: their names, in declaration order.
pub type TypeParams<'n> = &'n [String];

impl Checker<'_> {
    /// Resolves a written type in `module`. `view`/`mod` become `Ty::Ref`; `copy`/`own`/`val`
    /// layers are dropped (parameter modes are read by the caller). Reports unknown names.
    pub fn resolve_type(&mut self, module: usize, te: &TypeExpr, params: TypeParams) -> Ty {
        match &te.kind {
            TypeExprKind::Error => Ty::Error,
            TypeExprKind::Opt(inner) => Ty::opt(self.resolve_type(module, inner, params)),
            TypeExprKind::Mode(mode, inner) => {
                let inner = self.resolve_type(module, inner, params);
                match mode {
                    Mode::View => Ty::Ref(RefMode::View, Arc::new(inner)),
                    Mode::Mod => Ty::Ref(RefMode::Mod, Arc::new(inner)),
                    Mode::Copy | Mode::Own | Mode::Val => inner,
                }
            }
            TypeExprKind::Named { name, args } => {
                let mut types = Vec::with_capacity(args.len());
                for arg in args {
                    match arg {
                        TypeArg::Type(t) => types.push(self.resolve_type(module, t, params)),
                        TypeArg::Named(n, _) => {
                            let msg = format!("type '{}' takes no argument named '{}'", name.name, n.name);
                            self.report(Diagnostic::error(codes::UNKNOWN_TYPE, n.span, msg));
                            return Ty::Error;
                        }
                    }
                }
                if types.is_empty() {
                    if let Some(index) = params_index(params, &name.name) {
                        return Ty::Param(TypeParam { index, name: name.name.as_str().into() });
                    }
                }
                self.named_type(module, &name.name, types, te).unwrap_or(Ty::Error)
            }
        }
    }

    /// The type `name(args)` denotes; reports and returns `None` when it denotes nothing.
    fn named_type(&mut self, module: usize, name: &str, args: Vec<Ty>, te: &TypeExpr) -> Option<Ty> {
        let found = self.type_by_name(module, name, args.clone());
        match found {
            Some(Ok(ty)) => Some(ty),
            Some(Err(expected)) => {
                let msg = match expected {
                    0 => format!("type '{name}' takes no type arguments"),
                    1 => format!("type '{name}' takes 1 type argument, but {} were given", args.len()),
                    n => format!("type '{name}' takes {n} type arguments, but {} were given", args.len()),
                };
                self.report(Diagnostic::error(codes::UNKNOWN_TYPE, te.span, msg));
                None
            }
            None => {
                let mut d = Diagnostic::error(codes::UNKNOWN_TYPE, te.span, format!("unknown type '{name}'"));
                if let Some(s) = self.suggest_type(module, name) {
                    d = d.with_help(format!("did you mean '{s}'?"));
                }
                self.report(d);
                None
            }
        }
    }

    /// `Some(Ok(ty))` when `name` is a type taking `args`; `Some(Err(n))` when it is a type
    /// wanting `n` arguments; `None` when no type has that name.
    pub fn type_by_name(&self, module: usize, name: &str, args: Vec<Ty>) -> Option<Result<Ty, usize>> {
        if let Some(t) = builtin_scalar(name) {
            return Some(if args.is_empty() { Ok(t) } else { Err(0) });
        }
        if BUILTIN_CONTAINERS.contains(&name) {
            let Ok([elem]) = <[Ty; 1]>::try_from(args) else { return Some(Err(1)) };
            let elem = Arc::new(elem);
            return Some(Ok(match name {
                "List" => Ty::List(elem),
                "StringMap" => Ty::StringMap(elem),
                _ => Ty::IntMap(elem),
            }));
        }
        self.lookup(module, name).iter().find_map(|s| match s {
            Sym::Struct(id) => {
                let want = self.out.struct_info(*id).type_params.len();
                Some(if want == args.len() { Ok(Ty::Struct(*id, args.clone().into())) } else { Err(want) })
            }
            Sym::Enum(id) => Some(if args.is_empty() { Ok(Ty::Enum(*id)) } else { Err(0) }),
            _ => None,
        })
    }

    fn suggest_type(&self, module: usize, name: &str) -> Option<String> {
        const BUILTIN: &[&str] = &[
            "Int",
            "Int8",
            "Int16",
            "Int32",
            "Int64",
            "UInt8",
            "UInt16",
            "UInt32",
            "UInt64",
            "Float",
            "Float32",
            "Float64",
            "Bool",
            "String",
            "Char32",
            "Char",
            "List",
            "StringMap",
            "IntMap",
        ];
        let declared = self.mods[module]
            .visible
            .iter()
            .filter(|(_, syms)| syms.iter().any(|s| matches!(s, Sym::Struct(_) | Sym::Enum(_))))
            .map(|(n, _)| n.as_str());
        closest(name, BUILTIN.iter().copied().chain(declared)).map(str::to_string)
    }

    /// The type an expression names, if it names one: `Int`, `Point`, `List(Int)`,
    /// `Pair(Float)`. Does not report anything.
    pub fn expr_as_type(&self, module: usize, e: &Expr, params: TypeParams) -> Option<Ty> {
        match &e.kind {
            ExprKind::Ident(name) => {
                if let Some(index) = params_index(params, name) {
                    return Some(Ty::Param(TypeParam { index, name: name.as_str().into() }));
                }
                self.type_by_name(module, name, Vec::new())?.ok()
            }
            ExprKind::Call { callee, args } => {
                let ExprKind::Ident(name) = &callee.kind else { return None };
                let mut types = Vec::with_capacity(args.len());
                for a in args {
                    if a.name.is_some() || a.mode.is_some() {
                        return None;
                    }
                    types.push(self.expr_as_type(module, &a.value, params)?);
                }
                self.type_by_name(module, name, types)?.ok()
            }
            ExprKind::Paren(inner) => self.expr_as_type(module, inner, params),
            _ => None,
        }
    }
}

fn params_index(params: TypeParams, name: &str) -> Option<u32> {
    params.iter().position(|p| p == name).map(|i| i as u32)
}

/// A written type as Rae text: `List(Int)`, `opt String`, `view Point`, `Array(Int, cap: 4)`.
pub fn type_expr_text(te: &TypeExpr) -> String {
    match &te.kind {
        TypeExprKind::Error => "?".to_string(),
        TypeExprKind::Opt(inner) => format!("opt {}", type_expr_text(inner)),
        TypeExprKind::Mode(mode, inner) => format!("{} {}", mode.keyword(), type_expr_text(inner)),
        TypeExprKind::Named { name, args } if args.is_empty() => name.name.clone(),
        TypeExprKind::Named { name, args } => {
            let args: Vec<String> = args
                .iter()
                .map(|a| match a {
                    TypeArg::Type(t) => type_expr_text(t),
                    TypeArg::Named(n, v) => format!("{}: {}", n.name, expr_text(v)),
                })
                .collect();
            format!("{}({})", name.name, args.join(", "))
        }
    }
}

/// Short text of the simple expressions that appear inside types (`cap: 4`).
fn expr_text(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Int(n) => n.to_string(),
        ExprKind::Ident(n) => n.clone(),
        _ => "…".to_string(),
    }
}

/// The type under a parameter's mode, with the mode (if any).
pub fn split_mode(te: &TypeExpr) -> (Option<Mode>, &TypeExpr) {
    match &te.kind {
        TypeExprKind::Mode(m, inner) => (Some(*m), inner),
        _ => (None, te),
    }
}

/// The mode of an optional reference parameter, `opt view T` / `opt mod T` (reference
/// section 4): the whole written type stays the parameter's type.
pub fn optional_ref_mode(te: &TypeExpr) -> Option<Mode> {
    match &te.kind {
        TypeExprKind::Opt(inner) => match &inner.kind {
            TypeExprKind::Mode(m @ (Mode::View | Mode::Mod), _) => Some(*m),
            _ => None,
        },
        _ => None,
    }
}
