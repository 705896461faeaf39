//! `rae parse`: an indented outline of the tree, one node per line, without spans or ids (so
//! two trees that differ only in layout dump identically).
//!
//! A child line may carry a prefix naming its role (`= `, `arg x: `, `cond `); the children
//! of that node are then indented relative to the text after the prefix.

use super::ast::{
    ArmBody, AssignOp, Attribute, BindKind, Binding, Block, Else, Expr, ExprKind, Field, Ident, IfCond, ImportPath,
    InterpPart, Item, LoopStmt, Match, Module, Param, Stmt, StmtKind, TypeArg, TypeExpr, TypeExprKind, UnaryOp,
};
use std::fmt::Write as _;

pub fn dump_module(module: &Module) -> String {
    let mut dumper = Dumper { out: String::new() };
    for item in &module.items {
        dumper.item(item);
    }
    dumper.out
}

/// Indentation of one nesting level.
const STEP: usize = 2;

struct Dumper {
    out: String,
}

impl Dumper {
    /// Writes a line whose text is the node itself and returns its children's indentation.
    fn head(&mut self, indent: usize, text: &str) -> usize {
        self.line(indent, "", text)
    }

    /// Writes one line and returns the indentation of its children. `prefix` names the node's
    /// role in its parent (`= `, `cond `) and shifts the children right by its width.
    fn line(&mut self, indent: usize, prefix: &str, text: &str) -> usize {
        let _ = writeln!(self.out, "{:indent$}{prefix}{text}", "");
        indent + prefix.len() + STEP
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Import(d) => {
                let path = match &d.path {
                    ImportPath::Name(name) => name.clone(),
                    ImportPath::Str(text) => format!("{text:?}"),
                    ImportPath::Relative(path) => path.clone(),
                };
                self.head(0, &format!("import {path}"));
            }
            Item::Func(f) => {
                let inner = self.head(0, &format!("func {}", f.name.name));
                self.attrs(inner, &f.attrs);
                let params = self.head(inner, "params");
                for p in &f.params {
                    self.param(params, p);
                }
                if !f.props.is_empty() {
                    let names: Vec<&str> = f.props.iter().map(|p| p.name.as_str()).collect();
                    self.head(inner, &format!("props {}", names.join(" ")));
                }
                if let Some(ret) = &f.ret {
                    self.ty(inner, "ret ", ret);
                }
                if let Some(body) = &f.body {
                    self.block(inner, "body", body);
                }
                if let Some(script) = &f.script {
                    self.head(inner, &format!("script {:?}", script.code));
                }
            }
            Item::Type(t) => {
                let inner = self.head(0, &format!("type {}", t.name.name));
                self.attrs(inner, &t.attrs);
                if !t.type_params.is_empty() {
                    let names: Vec<&str> = t.type_params.iter().map(|p| p.name.as_str()).collect();
                    self.head(inner, &format!("type params {}", names.join(" ")));
                }
                for field in &t.fields {
                    self.field(inner, field);
                }
            }
            Item::Enum(e) => {
                let inner = self.head(0, &format!("enum {}", e.name.name));
                self.attrs(inner, &e.attrs);
                for member in &e.members {
                    self.head(inner, &format!("member {}", member.name));
                }
            }
            Item::Global(g) => self.binding(0, &g.attrs, &g.binding),
            Item::Error(_) => {
                self.head(0, "error");
            }
        }
    }

    fn attrs(&mut self, indent: usize, attrs: &[Attribute]) {
        for attr in attrs {
            let inner = self.head(indent, &format!("@{}", attr.name.name));
            for arg in &attr.args {
                self.expr(inner, "", arg);
            }
        }
    }

    fn param(&mut self, indent: usize, p: &Param) {
        self.typed_name(indent, "param ", &p.name, &p.ty, p.default.as_ref());
    }

    fn field(&mut self, indent: usize, f: &Field) {
        self.typed_name(indent, "field ", &f.name, &f.ty, f.default.as_ref());
    }

    fn typed_name(&mut self, indent: usize, role: &str, name: &Ident, ty: &TypeExpr, default: Option<&Expr>) {
        let inner = self.head(indent, &format!("{role}{}", name.name));
        self.ty(inner, "type ", ty);
        if let Some(value) = default {
            self.expr(inner, "= ", value);
        }
    }

    /// `let x` / `var x` / `const x` with its attributes (globals only), type and value.
    fn binding(&mut self, indent: usize, attrs: &[Attribute], b: &Binding) {
        let word = match b.kind {
            BindKind::Let => "let ",
            BindKind::Var => "var ",
            BindKind::Const => "const ",
        };
        let inner = self.head(indent, &format!("{word}{}", b.name.name));
        self.attrs(inner, attrs);
        if let Some(ty) = &b.ty {
            self.ty(inner, "type ", ty);
        }
        if let Some((op, value)) = &b.init {
            self.expr(inner, assign_prefix(*op), value);
        }
    }

    // ------------------------------------------------------------ types

    /// `WORD TYPE` on one line; values of named arguments (`cap: 4`) follow as child lines.
    fn ty(&mut self, indent: usize, word: &str, ty: &TypeExpr) {
        let mut named = Vec::new();
        let text = type_text(ty, &mut named);
        let inner = self.head(indent, &format!("{word}{text}"));
        for (name, value) in named {
            self.expr(inner, &format!("{}: ", name.name), value);
        }
    }

    // ------------------------------------------------------------ statements

    fn block(&mut self, indent: usize, header: &str, block: &Block) {
        let inner = self.head(indent, header);
        for stmt in &block.stmts {
            self.stmt(inner, stmt);
        }
    }

    fn stmt(&mut self, indent: usize, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Let(b) => self.binding(indent, &[], b),
            StmtKind::Assign { target, op, value } => {
                let inner = self.head(indent, &format!("assign {}", assign_prefix(*op).trim_end()));
                self.expr(inner, "", target);
                self.expr(inner, "", value);
            }
            StmtKind::Expr(e) => {
                let inner = self.head(indent, "expr");
                self.expr(inner, "", e);
            }
            StmtKind::If(s) => {
                let inner = self.head(indent, "if");
                match &s.cond {
                    IfCond::Expr(cond) => self.expr(inner, "cond ", cond),
                    IfCond::Let { name, ty, value } => {
                        let let_inner = self.head(inner, &format!("cond let {}", name.name));
                        self.ty(let_inner, "type ", ty);
                        self.expr(let_inner, "= ", value);
                    }
                }
                self.block(inner, "then", &s.then);
                match &s.otherwise {
                    Some(Else::Block(b)) => self.block(inner, "else", b),
                    Some(Else::If(nested)) => {
                        let else_inner = self.head(inner, "else");
                        self.stmt(else_inner, nested);
                    }
                    None => {}
                }
            }
            StmtKind::Loop(l) => self.loop_stmt(indent, l),
            StmtKind::Match(m) => self.match_node(indent, "", m),
            StmtKind::Ret(value) => {
                let inner = self.head(indent, "ret");
                if let Some(value) = value {
                    self.expr(inner, "", value);
                }
            }
            StmtKind::Break => {
                self.head(indent, "break");
            }
            StmtKind::Continue => {
                self.head(indent, "continue");
            }
            StmtKind::Defer(b) => self.block(indent, "defer", b),
            StmtKind::Error => {
                self.head(indent, "error");
            }
        }
    }

    fn loop_stmt(&mut self, indent: usize, l: &LoopStmt) {
        match l {
            LoopStmt::While { cond, body } => {
                let inner = self.head(indent, "loop");
                self.expr(inner, "cond ", cond);
                self.block(inner, "body", body);
            }
            LoopStmt::CStyle { init, cond, step, body } => {
                let inner = self.head(indent, "loop");
                self.binding(inner, &[], init);
                self.expr(inner, "cond ", cond);
                self.expr(inner, "step ", step);
                self.block(inner, "body", body);
            }
            LoopStmt::ForIn { name, ty, iter, body } => {
                let inner = self.head(indent, &format!("loop {}", name.name));
                self.ty(inner, "type ", ty);
                self.expr(inner, "in ", iter);
                self.block(inner, "body", body);
            }
        }
    }

    fn match_node(&mut self, indent: usize, prefix: &str, m: &Match) {
        let inner = self.line(indent, prefix, "match");
        self.expr(inner, "subject ", &m.subject);
        for arm in &m.arms {
            let arm_inner = self.head(inner, if arm.is_default { "default" } else { "case" });
            for pattern in &arm.patterns {
                self.expr(arm_inner, "", pattern);
            }
            match &arm.body {
                ArmBody::Block(b) => self.block(arm_inner, "then", b),
                ArmBody::Expr(e) => self.expr(arm_inner, "=> ", e),
            }
        }
    }

    // ------------------------------------------------------------ expressions

    fn expr(&mut self, indent: usize, prefix: &str, e: &Expr) {
        let leaf = match &e.kind {
            ExprKind::Int(n) => format!("int {n}"),
            ExprKind::Float(f) => format!("float {f:?}"),
            ExprKind::Bool(b) => format!("bool {b}"),
            ExprKind::Str(s) => format!("str {s:?}"),
            ExprKind::Char(c) => format!("char {c:?}"),
            ExprKind::None => "none".to_string(),
            ExprKind::Ident(name) => format!("ident {name}"),
            ExprKind::Error => "error".to_string(),
            _ => return self.compound_expr(indent, prefix, e),
        };
        self.line(indent, prefix, &leaf);
    }

    fn compound_expr(&mut self, indent: usize, prefix: &str, e: &Expr) {
        match &e.kind {
            ExprKind::Interp(parts) => {
                let inner = self.line(indent, prefix, "interp");
                for part in parts {
                    match part {
                        InterpPart::Lit(text) => {
                            self.head(inner, &format!("text {text:?}"));
                        }
                        InterpPart::Expr(e) => self.expr(inner, "", e),
                    }
                }
            }
            ExprKind::Unary { op, expr } => {
                let inner = self.line(indent, prefix, unary_text(*op));
                self.expr(inner, "", expr);
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let inner = self.line(indent, prefix, &format!("binary {}", op.text()));
                self.expr(inner, "", lhs);
                self.expr(inner, "", rhs);
            }
            ExprKind::As { expr, ty } => {
                let inner = self.line(indent, prefix, "as");
                self.expr(inner, "", expr);
                self.ty(inner, "type ", ty);
            }
            ExprKind::Call { callee, args } => {
                let inner = self.line(indent, prefix, "call");
                self.expr(inner, "", callee);
                for arg in args {
                    let name = arg.name.as_ref().map(|n| format!("{}: ", n.name)).unwrap_or_default();
                    let mode = arg.mode.map(|m| format!("{} ", m.keyword())).unwrap_or_default();
                    self.expr(inner, &format!("arg {name}{mode}"), &arg.value);
                }
            }
            ExprKind::Member { object, name } => {
                let inner = self.line(indent, prefix, &format!("member {}", name.name));
                self.expr(inner, "", object);
            }
            ExprKind::Index { object, index } => {
                let inner = self.line(indent, prefix, "index");
                self.expr(inner, "", object);
                self.expr(inner, "", index);
            }
            ExprKind::StructLit { ty, fields } => {
                let inner = self.line(indent, prefix, "struct");
                if let Some(ty) = ty {
                    self.ty(inner, "type ", ty);
                }
                for field in fields {
                    self.expr(inner, &format!("{}: ", field.name.name), &field.value);
                }
            }
            ExprKind::ListLit(items) => {
                let inner = self.line(indent, prefix, "list");
                for item in items {
                    self.expr(inner, "", item);
                }
            }
            ExprKind::Match(m) => self.match_node(indent, prefix, m),
            ExprKind::Paren(inner_expr) => {
                let inner = self.line(indent, prefix, "paren");
                self.expr(inner, "", inner_expr);
            }
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Bool(_)
            | ExprKind::Str(_)
            | ExprKind::Char(_)
            | ExprKind::None
            | ExprKind::Ident(_)
            | ExprKind::Error => self.expr(indent, prefix, e),
        }
    }
}

fn assign_prefix(op: AssignOp) -> &'static str {
    match op {
        AssignOp::Copy => "= ",
        AssignOp::Bind => "=> ",
    }
}

fn unary_text(op: UnaryOp) -> &'static str {
    match op {
        UnaryOp::Neg => "unary -",
        UnaryOp::Not => "unary not",
        UnaryOp::BitNot => "unary bitnot",
        UnaryOp::PreInc => "prefix ++",
        UnaryOp::PreDec => "prefix --",
        UnaryOp::PostInc => "postfix ++",
        UnaryOp::PostDec => "postfix --",
    }
}

/// The type as written, with `name: …` standing for named arguments, whose values are
/// collected into `named` to be dumped below it.
fn type_text<'a>(ty: &'a TypeExpr, named: &mut Vec<(&'a Ident, &'a Expr)>) -> String {
    match &ty.kind {
        TypeExprKind::Named { name, args } if args.is_empty() => name.name.clone(),
        TypeExprKind::Named { name, args } => {
            let args: Vec<String> = args
                .iter()
                .map(|arg| match arg {
                    TypeArg::Type(t) => type_text(t, named),
                    TypeArg::Named(arg_name, value) => {
                        named.push((arg_name, value));
                        format!("{}: …", arg_name.name)
                    }
                })
                .collect();
            format!("{}({})", name.name, args.join(", "))
        }
        TypeExprKind::Opt(inner) => format!("opt {}", type_text(inner, named)),
        TypeExprKind::Mode(mode, inner) => format!("{} {}", mode.keyword(), type_text(inner, named)),
        TypeExprKind::Error => "error".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::dump_module;
    use crate::source::FileId;
    use crate::syntax::parse;

    fn dump(src: &str) -> String {
        dump_module(&parse(FileId(0), src).module)
    }

    #[test]
    fn the_documented_outline() {
        let expected = "func main\n  params\n  body\n    let x\n      type Int\n      = binary +\n          int 1\n          int 2\n";
        assert_eq!(dump("func main() {\n  let x: Int = 1 + 2\n}\n"), expected);
    }

    #[test]
    fn layout_does_not_change_the_dump() {
        let tight = "type P { x: Int, y: Int }\nfunc f(a: view P) ret Int {\n  ret a.x +\n    a.y # sum\n}\n";
        let loose = "type P {\n  x: Int\n  y: Int\n}\n\n\nfunc f(  a : view P )  ret Int {\n\n  ret a.x + a.y\n}\n";
        assert_eq!(dump(tight), dump(loose));
        assert_ne!(dump(tight), dump(&loose.replace("a.y", "a.x")));
    }

    #[test]
    fn declarations_and_error_nodes() {
        let src = "import core\nimport \"string\"\nimport ./util\nenum E { a }\n\
                   func f() {\n  let = 1\n  x = (\n  )\n}\nfunc (\n";
        let expected = "import core\nimport \"string\"\nimport ./util\nenum E\n  member a\n\
                        func f\n  params\n  body\n    error\n    assign =\n      ident x\n      paren\n        error\nerror\n";
        assert_eq!(dump(src), expected);
    }
}
