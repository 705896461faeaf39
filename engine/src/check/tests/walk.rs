//! A walk over every expression of a tree, for tests that inspect the typed side tables.

use crate::syntax::ast::{
    ArmBody, Block, Else, Expr, ExprKind, IfCond, InterpPart, Item, LoopStmt, Match, Module, Stmt, StmtKind,
};

/// Every expression of a block, outermost first, in source order.
pub fn exprs_of(block: &Block) -> Vec<&Expr> {
    let mut out = Vec::new();
    block_exprs(block, &mut out);
    out
}

/// Every expression of a module (initialisers, defaults, bodies), except the callees of calls
/// (they have no type of their own: the `calls` table describes them).
pub fn module_exprs(module: &Module) -> Vec<&Expr> {
    let mut out = Vec::new();
    for item in &module.items {
        match item {
            Item::Func(f) => {
                f.params.iter().filter_map(|p| p.default.as_ref()).for_each(|e| expr_all(e, &mut out));
                if let Some(b) = &f.body {
                    block_exprs(b, &mut out);
                }
            }
            Item::Type(t) => t.fields.iter().filter_map(|f| f.default.as_ref()).for_each(|e| expr_all(e, &mut out)),
            Item::Global(g) => g.binding.init.iter().for_each(|(_, e)| expr_all(e, &mut out)),
            Item::Enum(_) | Item::Import(_) | Item::Error(_) => {}
        }
    }
    out
}

fn block_exprs<'a>(b: &'a Block, out: &mut Vec<&'a Expr>) {
    b.stmts.iter().for_each(|s| stmt_exprs(s, out));
}

fn stmt_exprs<'a>(s: &'a Stmt, out: &mut Vec<&'a Expr>) {
    match &s.kind {
        StmtKind::Let(b) => b.init.iter().for_each(|(_, e)| expr_all(e, out)),
        StmtKind::Assign { target, value, .. } => {
            expr_all(target, out);
            expr_all(value, out);
        }
        StmtKind::Expr(e) | StmtKind::Ret(Some(e)) => expr_all(e, out),
        StmtKind::If(i) => {
            match &i.cond {
                IfCond::Expr(e) | IfCond::Let { value: e, .. } => expr_all(e, out),
            }
            block_exprs(&i.then, out);
            match &i.otherwise {
                Some(Else::Block(b)) => block_exprs(b, out),
                Some(Else::If(s)) => stmt_exprs(s, out),
                None => {}
            }
        }
        StmtKind::Loop(LoopStmt::ForIn { iter, body, .. }) => {
            expr_all(iter, out);
            block_exprs(body, out);
        }
        StmtKind::Loop(LoopStmt::While { cond, body }) => {
            expr_all(cond, out);
            block_exprs(body, out);
        }
        StmtKind::Loop(LoopStmt::CStyle { init, cond, step, body }) => {
            init.init.iter().for_each(|(_, e)| expr_all(e, out));
            expr_all(cond, out);
            expr_all(step, out);
            block_exprs(body, out);
        }
        StmtKind::Match(m) => match_exprs(m, out),
        StmtKind::Defer(b) => block_exprs(b, out),
        StmtKind::Ret(None) | StmtKind::Break | StmtKind::Continue | StmtKind::Error => {}
    }
}

fn match_exprs<'a>(m: &'a Match, out: &mut Vec<&'a Expr>) {
    expr_all(&m.subject, out);
    for arm in &m.arms {
        arm.patterns.iter().for_each(|p| expr_all(p, out));
        match &arm.body {
            ArmBody::Block(b) => block_exprs(b, out),
            ArmBody::Expr(e) => expr_all(e, out),
        }
    }
}

fn expr_all<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    out.push(e);
    match &e.kind {
        ExprKind::Call { callee, args } => {
            if let ExprKind::Member { object, .. } = &callee.kind {
                expr_all(object, out);
            }
            args.iter().for_each(|a| expr_all(&a.value, out));
        }
        ExprKind::Member { object, .. } => expr_all(object, out),
        ExprKind::Binary { lhs, rhs, .. } => {
            expr_all(lhs, out);
            expr_all(rhs, out);
        }
        ExprKind::Index { object, index } => {
            expr_all(object, out);
            expr_all(index, out);
        }
        ExprKind::Unary { expr, .. } | ExprKind::Paren(expr) | ExprKind::As { expr, .. } => expr_all(expr, out),
        ExprKind::StructLit { fields, .. } => fields.iter().for_each(|f| expr_all(&f.value, out)),
        ExprKind::ListLit(items) => items.iter().for_each(|i| expr_all(i, out)),
        ExprKind::Interp(parts) => parts.iter().for_each(|p| {
            if let InterpPart::Expr(x) = p {
                expr_all(x, out);
            }
        }),
        ExprKind::Match(m) => match_exprs(m, out),
        _ => {}
    }
}
