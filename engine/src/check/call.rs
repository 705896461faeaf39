//! Calls: finding the callee (plain, member-call sugar, type receiver), mapping named and
//! positional arguments to parameters, and checking the chosen function's arguments.

use super::body::FnCtx;
use super::codes;
use super::env::{Checker, Sym};
use super::overload::{self, Plan};
use super::place::Write;
use super::typed::{ArgSource, CallTarget, ParamMode, Resolution};
use super::types::{unify, FuncId, Ty};
use crate::diag::Diagnostic;
use crate::source::Span;
use crate::syntax::ast::{Arg, Expr, ExprKind, Mode};
use std::sync::Arc;

/// What stands before the `.` of a member call.
pub enum Receiver<'e> {
    None,
    /// `p.dist(q: r)`: the value is the first value argument.
    Value(&'e Expr, Ty),
    /// `Float.createList(cap: 4)`: the type is the first type argument.
    Type(Ty),
}

/// Why arguments do not fit a function's parameters.
pub enum MapError {
    Missing(String),
    NoParam(Span, String),
    Duplicate(Span, String),
    Positional(Span),
    TooMany(Span),
    MissingAfterType { needed: usize, given: usize, type_args: usize },
    NoReceiverParam,
    NoTypeParam,
    NotAType(Span, String),
}

impl Checker<'_> {
    pub fn call(&mut self, cx: &mut FnCtx, e: &Expr, callee: &Expr, args: &[Arg], hint: Option<&Ty>) -> Ty {
        let Some((name, name_span, recv, candidates)) = self.callee(cx, callee) else {
            return self.unchecked_call(cx, args);
        };
        let candidates = match &recv {
            Receiver::Value(_, rt) => {
                let fitting: Vec<FuncId> =
                    candidates.iter().copied().filter(|&f| self.accepts_receiver(f, rt)).collect();
                if fitting.is_empty() {
                    self.no_receiver_fit(cx, &name, name_span, rt, &candidates);
                    return self.unchecked_call(cx, args);
                }
                fitting
            }
            _ => candidates,
        };
        let mut plans = Vec::new();
        let mut first_error = None;
        for &f in &candidates {
            match self.map_args(cx, f, &recv, args) {
                Ok(plan) => plans.push(plan),
                Err(err) => {
                    first_error.get_or_insert(err);
                }
            }
        }
        let chosen = match (plans.len(), first_error) {
            (0, Some(err)) if candidates.len() == 1 => {
                self.report_map_error(candidates[0], name_span, err);
                None
            }
            (0, _) => {
                let msg = format!("no overload of '{name}' takes these arguments");
                self.report_no_overload(name_span, &candidates, msg);
                None
            }
            (1, _) => plans.pop().map(|p| (p, vec![None; args.len()])),
            _ => self.pick_overload(cx, &name, name_span, &recv, args, plans),
        };
        let Some((plan, pre)) = chosen else {
            return self.unchecked_call(cx, args);
        };
        self.apply_call(cx, e, callee, &recv, args, plan, pre, hint)
    }

    /// A call whose target is unknown (already reported): its arguments are still checked,
    /// without expectations, so that their own mistakes are found.
    fn unchecked_call(&mut self, cx: &mut FnCtx, args: &[Arg]) -> Ty {
        for a in args {
            self.expr_any(cx, &a.value, None);
        }
        Ty::Error
    }

    /// The callee's name, where to report about it, the receiver, and the visible functions
    /// of that name; `None` after reporting a callee that is not a function.
    fn callee<'e>(&mut self, cx: &mut FnCtx, callee: &'e Expr) -> Option<(String, Span, Receiver<'e>, Vec<FuncId>)> {
        match &callee.kind {
            ExprKind::Ident(name) => {
                let is_global = self.lookup(cx.module, name).iter().any(|s| matches!(s, Sym::Global(_)));
                if cx.lookup(name).is_some() || is_global {
                    let msg = format!("'{name}' is a variable, not a function");
                    self.report(Diagnostic::error(codes::NOT_A_VALUE, callee.span, msg));
                    return None;
                }
                let funcs = self.lookup_funcs(cx.module, name);
                if funcs.is_empty() {
                    if self.type_by_name(cx.module, name, Vec::new()).is_some() {
                        let msg = format!("type '{name}' cannot be called; write a literal such as '{name} {{ … }}'");
                        self.report(Diagnostic::error(codes::NOT_A_VALUE, callee.span, msg));
                    } else {
                        self.unknown_name(cx, callee, name);
                    }
                    return None;
                }
                Some((name.clone(), callee.span, Receiver::None, funcs))
            }
            ExprKind::Member { object, name } => {
                let obj = self.expr_any(cx, object, None);
                let recv = match obj {
                    Ty::Error => return None,
                    Ty::Type(t) => Receiver::Type((*t).clone()),
                    other => Receiver::Value(object, self.require_value(cx, object, other)),
                };
                if matches!(&recv, Receiver::Value(_, Ty::Error)) {
                    return None;
                }
                let funcs = self.lookup_funcs(cx.module, &name.name);
                if funcs.is_empty() {
                    self.unknown_name(cx, callee, &name.name);
                    return None;
                }
                Some((name.name.clone(), name.span, recv, funcs))
            }
            _ => {
                // An erroneous callee (such as one the parser cut off) has been reported already.
                if !self.expr_any(cx, callee, None).is_error() {
                    let msg = "this expression cannot be called; only functions can";
                    self.report(Diagnostic::error(codes::NOT_A_VALUE, callee.span, msg));
                }
                None
            }
        }
    }

    /// Whether `f`'s first value parameter takes a receiver of type `rt`.
    fn accepts_receiver(&self, f: FuncId, rt: &Ty) -> bool {
        let info = self.out.func(f);
        let Some((_, p)) = info.value_params().next() else { return false };
        let mut binds = vec![None; info.type_params as usize];
        unify(&p.ty, rt, &mut binds)
    }

    fn no_receiver_fit(&mut self, cx: &FnCtx, name: &str, span: Span, rt: &Ty, candidates: &[FuncId]) {
        let msg = format!("no function '{name}' takes a receiver of type {}", self.name_of(rt));
        let mut d = Diagnostic::error(codes::OVERLOAD, span, msg);
        for &f in candidates.iter().take(8) {
            d = d.with_note(format!("candidate: {}", self.signature(f)));
        }
        if let Some(help) = self.import_help(cx.module, name) {
            d = d.with_help(help);
        }
        self.report(d);
    }

    /// Maps the written arguments (and receiver) of a call onto `f`'s parameters.
    fn map_args(&self, cx: &FnCtx, f: FuncId, recv: &Receiver, args: &[Arg]) -> Result<Plan, MapError> {
        let info = self.out.func(f);
        let k = info.type_params as usize;
        let n = info.params.len();
        let mut plan = Plan { func: f, sources: vec![None; n], type_binds: vec![None; k] };
        match recv {
            Receiver::Type(t) if k > 0 => {
                plan.sources[0] = Some(ArgSource::TypeArg);
                plan.type_binds[0] = Some(t.clone());
            }
            Receiver::Type(_) => return Err(MapError::NoTypeParam),
            Receiver::Value(..) if n > k => plan.sources[k] = Some(ArgSource::Receiver),
            Receiver::Value(..) => return Err(MapError::NoReceiverParam),
            Receiver::None => {}
        }
        let mut positional_type = false;
        for (i, arg) in args.iter().enumerate() {
            let written = Some(ArgSource::Written(i as u32));
            let Some(label) = &arg.name else {
                if i != 0 || matches!(recv, Receiver::Value(..)) {
                    return Err(MapError::Positional(arg.span));
                }
                if k > 0 && plan.sources[0].is_none() && arg.mode.is_none() {
                    if let Some(t) = self.expr_as_type(cx.module, &arg.value, &cx.type_params) {
                        plan.sources[0] = Some(ArgSource::TypeArg);
                        plan.type_binds[0] = Some(t);
                        positional_type = true;
                        continue;
                    }
                }
                let Some(pi) = (k..n).find(|&p| plan.sources[p].is_none()) else {
                    return Err(MapError::TooMany(arg.span));
                };
                plan.sources[pi] = written;
                continue;
            };
            let Some(pi) = info.params.iter().position(|p| p.name == label.name) else {
                return Err(MapError::NoParam(label.span, label.name.clone()));
            };
            if plan.sources[pi].is_some() {
                return Err(MapError::Duplicate(label.span, label.name.clone()));
            }
            if pi < k {
                let Some(t) = self.expr_as_type(cx.module, &arg.value, &cx.type_params) else {
                    return Err(MapError::NotAType(arg.value.span, label.name.clone()));
                };
                plan.type_binds[pi] = Some(t);
                plan.sources[pi] = Some(ArgSource::TypeArg);
            } else {
                plan.sources[pi] = written;
            }
        }
        let missing = (k..n).find(|&p| plan.sources[p].is_none() && !info.params[p].has_default);
        if let Some(p) = missing {
            if positional_type {
                let needed = (k..n).filter(|&p| !info.params[p].has_default).count();
                let given = plan.sources.iter().filter(|s| matches!(s, Some(ArgSource::Written(_)))).count();
                return Err(MapError::MissingAfterType { needed, given, type_args: k });
            }
            return Err(MapError::Missing(info.params[p].name.clone()));
        }
        for (p, s) in plan.sources.iter_mut().enumerate() {
            if s.is_none() {
                *s = Some(if p < k { ArgSource::TypeArg } else { ArgSource::Default });
            }
        }
        Ok(plan)
    }

    fn report_map_error(&mut self, f: FuncId, span: Span, err: MapError) {
        let name = self.out.func(f).name.clone();
        let d = match err {
            MapError::Missing(p) => {
                Diagnostic::error(codes::BAD_ARGUMENTS, span, format!("missing argument '{p}' in call to '{name}'"))
            }
            MapError::NoParam(at, p) => {
                let mut d = Diagnostic::error(
                    codes::BAD_ARGUMENTS,
                    at,
                    format!("function '{name}' has no parameter named '{p}'"),
                );
                let params: Vec<String> = self.out.func(f).params.iter().map(|p| p.name.clone()).collect();
                if let Some(s) = super::names::closest(&p, params.iter().map(String::as_str)) {
                    d = d.with_help(format!("did you mean '{s}'?"));
                }
                d
            }
            MapError::Duplicate(at, p) => Diagnostic::error(
                codes::BAD_ARGUMENTS,
                at,
                format!("argument '{p}' is given twice in call to '{name}'"),
            ),
            MapError::Positional(at) => Diagnostic::error(
                codes::BAD_ARGUMENTS,
                at,
                format!("only the first argument of a call may be positional; name this argument of '{name}'"),
            ),
            MapError::TooMany(at) => {
                Diagnostic::error(codes::BAD_ARGUMENTS, at, format!("too many arguments in call to '{name}'"))
            }
            MapError::MissingAfterType { needed, given, type_args } => {
                let what = if type_args == 1 { "argument" } else { "arguments" };
                let msg = format!(
                    "call to '{name}' is missing value arguments: it needs {needed} after its type {what}, but {given} were given"
                );
                Diagnostic::error(codes::GENERIC_ARGS, span, msg)
            }
            MapError::NoReceiverParam => {
                let msg = format!("function '{name}' has no parameters, so it cannot be called with member syntax");
                Diagnostic::error(codes::BAD_ARGUMENTS, span, msg)
            }
            MapError::NoTypeParam => {
                let msg = format!("function '{name}' has no type parameter, so it cannot be called on a type");
                Diagnostic::error(codes::GENERIC_ARGS, span, msg)
            }
            MapError::NotAType(at, p) => {
                let msg = format!("'{p}' is a type parameter of '{name}'; give it a type such as 'Int'");
                Diagnostic::error(codes::GENERIC_ARGS, at, msg)
            }
        };
        self.report(d);
    }

    /// An overload diagnostic listing the candidates' signatures.
    fn report_no_overload(&mut self, span: Span, candidates: &[FuncId], msg: String) {
        let mut d = Diagnostic::error(codes::OVERLOAD, span, msg);
        for &f in candidates.iter().take(8) {
            d = d.with_note(format!("candidate: {}", self.signature(f)));
        }
        self.report(d);
    }

    /// `name(T: type, a: view Int) ret Float`, for overload notes.
    pub fn signature(&self, f: FuncId) -> String {
        let info = self.out.func(f);
        let params: Vec<String> = info
            .params
            .iter()
            .map(|p| match p.mode {
                ParamMode::Type => format!("{}: type", p.name),
                m => format!("{}: {} {}", p.name, m.text(), self.name_of(&p.ty)),
            })
            .collect();
        let ret = match &info.ret {
            Ty::Void => String::new(),
            t => format!(" ret {}", self.name_of(t)),
        };
        format!("{}({}){ret}", info.name, params.join(", "))
    }

    /// Checks every argument against the chosen function and records the call. `pre[i]` is
    /// the type of written argument `i` when overload resolution already checked it.
    #[allow(clippy::too_many_arguments)]
    fn apply_call(
        &mut self,
        cx: &mut FnCtx,
        e: &Expr,
        callee: &Expr,
        recv: &Receiver,
        args: &[Arg],
        plan: Plan,
        pre: Vec<Option<Ty>>,
        hint: Option<&Ty>,
    ) -> Ty {
        let info = self.out.func(plan.func).clone();
        let mut binds = plan.type_binds.clone();
        let sources: Vec<ArgSource> = plan.sources.iter().map(|s| s.unwrap_or(ArgSource::Default)).collect();
        for (p, source) in info.params.iter().zip(&sources) {
            match *source {
                ArgSource::Receiver => {
                    if let Receiver::Value(object, rt) = recv {
                        unify(&p.ty, rt, &mut binds);
                        self.coerce(cx, object, rt, &p.ty.subst(&binds));
                        if p.mode == ParamMode::Mod {
                            self.check_writable(cx, object, Write::Mod);
                        }
                    }
                }
                ArgSource::Written(i) => {
                    let Some(arg) = args.get(i as usize) else { continue };
                    let expected = p.ty.subst(&binds);
                    let t = match pre.get(i as usize).cloned().flatten() {
                        Some(t) => t,
                        None => self.expr(cx, &arg.value, Some(&expected)),
                    };
                    unify(&p.ty, &t, &mut binds);
                    self.coerce(cx, &arg.value, &t, &p.ty.subst(&binds));
                    self.check_arg_mode(cx, &info.name, p.mode, &p.name, arg);
                }
                ArgSource::TypeArg | ArgSource::Default => {}
            }
        }
        self.record_type_args(cx, &info.params, args, &sources, &binds);
        if binds.iter().any(Option::is_none) {
            if let Some(h) = hint {
                unify(&info.ret, &h.strip_refs(), &mut binds);
            }
        }
        for (i, b) in binds.iter_mut().enumerate() {
            if b.is_none() {
                let tp = info.params.get(i).map_or("T", |p| p.name.as_str());
                let msg = format!(
                    "cannot infer the type parameter '{tp}' of '{}'; give it as the first argument, e.g. '{}(Int, …)'",
                    info.name, info.name
                );
                self.report(Diagnostic::error(codes::GENERIC_ARGS, e.span, msg));
                *b = Some(Ty::Error);
            }
        }
        let ret = info.ret.subst(&binds);
        let type_args: Vec<Ty> = binds.into_iter().map(|b| b.unwrap_or(Ty::Error)).collect();
        let member_sugar = !matches!(recv, Receiver::None);
        let table = self.table(cx.module);
        table.resolutions.insert(callee.id, Resolution::Func(plan.func));
        table.calls.insert(e.id, CallTarget { func: plan.func, type_args, member_sugar, args: sources });
        ret
    }

    /// Written arguments that fill a type parameter (positionally or by name) get the type
    /// they name recorded, like any type used as a value.
    fn record_type_args(
        &mut self,
        cx: &FnCtx,
        params: &[super::typed::ParamInfo],
        args: &[Arg],
        sources: &[ArgSource],
        binds: &[Option<Ty>],
    ) {
        for (i, arg) in args.iter().enumerate() {
            if sources.contains(&ArgSource::Written(i as u32)) {
                continue;
            }
            let index = match &arg.name {
                Some(label) => params.iter().position(|p| p.name == label.name),
                None => Some(0),
            };
            let t = index.and_then(|i| binds.get(i).cloned().flatten()).unwrap_or(Ty::Error);
            self.record_type_arg(cx, &arg.value, t);
        }
    }

    fn record_type_arg(&mut self, cx: &FnCtx, e: &Expr, t: Ty) {
        self.set_ty(cx.module, e.id, Ty::Type(Arc::new(t.clone())));
        self.table(cx.module).resolutions.insert(e.id, Resolution::Type(t));
    }

    /// `mod` parameters need `mod x` on a writable place; `mod`/`view` written elsewhere is wrong.
    fn check_arg_mode(&mut self, cx: &FnCtx, func: &str, mode: ParamMode, param: &str, arg: &Arg) {
        match (mode, arg.mode) {
            (ParamMode::Mod, Some(Mode::Mod)) => {
                self.check_writable(cx, &arg.value, Write::Mod);
            }
            (ParamMode::Mod, _) => {
                let text = self.span_text(arg.value.span).to_string();
                let text = if text.is_empty() || text.contains('\n') { "x".to_string() } else { text };
                let msg = format!("argument '{param}' of '{func}' is a 'mod' parameter; pass it as 'mod {text}'");
                self.report(Diagnostic::error(codes::MOD_ARGUMENT, arg.value.span, msg));
            }
            (_, Some(Mode::Mod)) | (ParamMode::Copy | ParamMode::Own, Some(Mode::View)) => {
                let written = arg.mode.map_or("", |m| m.keyword());
                let msg = format!(
                    "parameter '{param}' of '{func}' is a '{}' parameter; remove '{written}' before the argument",
                    mode.text()
                );
                self.report(Diagnostic::error(codes::MOD_ARGUMENT, arg.span, msg));
            }
            _ => {}
        }
    }

    /// Several overloads fit the argument names: score them on the argument types.
    fn pick_overload(
        &mut self,
        cx: &mut FnCtx,
        name: &str,
        span: Span,
        recv: &Receiver,
        args: &[Arg],
        plans: Vec<Plan>,
    ) -> Option<(Plan, Vec<Option<Ty>>)> {
        let shapes: Vec<overload::Shape> = args.iter().map(|a| self.arg_shape(cx, a)).collect();
        let recv_ty = match recv {
            Receiver::Value(_, t) => Some(t.clone()),
            _ => None,
        };
        let scored: Vec<(u32, Plan)> = plans
            .into_iter()
            .filter_map(|p| overload::score(&self.out, &p, recv_ty.as_ref(), &shapes).map(|c| (c, p)))
            .collect();
        let best = scored.iter().map(|(c, _)| *c).min();
        let Some(best) = best else {
            let all = self.lookup_funcs(cx.module, name);
            self.report_no_overload(span, &all, format!("no overload of '{name}' matches these argument types"));
            return None;
        };
        let mut winners: Vec<Plan> = scored.into_iter().filter(|(c, _)| *c == best).map(|(_, p)| p).collect();
        // A function of the calling module shadows an equally good one it imports.
        let own = self.mods[cx.module].module_ref.clone();
        if winners.iter().any(|p| self.out.func(p.func).module == own) {
            winners.retain(|p| self.out.func(p.func).module == own);
        }
        if winners.len() > 1 {
            let tied: Vec<FuncId> = winners.iter().map(|p| p.func).collect();
            self.report_no_overload(
                span,
                &tied,
                format!("ambiguous call to '{name}': several overloads fit equally well"),
            );
            return None;
        }
        let pre = shapes.into_iter().map(overload::Shape::into_checked).collect();
        winners.pop().map(|p| (p, pre))
    }
}
