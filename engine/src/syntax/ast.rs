//! The syntax tree. Every node carries its span; every expression carries an `ExprId`
//! (dense per module, assigned by the parser) so later stages keep side tables such as the
//! checker's expression types instead of rebuilding the tree.

use crate::source::{FileId, Span};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ExprId(pub u32);

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// One parsed file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Module {
    pub file: FileId,
    pub items: Vec<Item>,
    /// Number of `ExprId`s handed out: ids are `0..expr_count`.
    pub expr_count: u32,
}

/// `@name`, `@name "text"` or `@name(args)` before a declaration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attribute {
    pub name: Ident,
    pub args: Vec<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Item {
    Func(FuncDecl),
    Type(TypeDecl),
    Enum(EnumDecl),
    Global(GlobalDecl),
    Import(ImportDecl),
    /// A declaration the parser could not read; its diagnostic is already reported.
    Error(Span),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Func(d) => d.span,
            Item::Type(d) => d.span,
            Item::Enum(d) => d.span,
            Item::Global(d) => d.span(),
            Item::Import(d) => d.span,
            Item::Error(s) => *s,
        }
    }
}

/// `func name(params) [props] [ret T] { body }`; no body for `extern` functions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FuncDecl {
    pub attrs: Vec<Attribute>,
    pub name: Ident,
    pub params: Vec<Param>,
    /// Properties written after the parameter list: `extern`, `pub`, `priv`, … in order.
    pub props: Vec<Ident>,
    pub ret: Option<TypeExpr>,
    pub body: Option<Block>,
    /// The body of a `@function "lang"` function: that language's code (then `body` is none).
    pub script: Option<ScriptCode>,
    pub span: Span,
}

/// A script function's code, as written between its braces; `span` covers the braces.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScriptCode {
    pub code: String,
    pub span: Span,
}

impl FuncDecl {
    pub fn is_extern(&self) -> bool {
        self.props.iter().any(|p| p.name == "extern")
    }

    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attrs.iter().find(|a| a.name.name == name)
    }
}

/// A parameter. `ty` holds the written mode as its outermost `TypeExprKind::Mode`
/// (`view Int` is `Mode(View, Int)`); a bare type has no mode (an error the checker reports).
/// A type parameter `T: type` has `ty` = `Named("type")`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Param {
    pub name: Ident,
    pub ty: TypeExpr,
    pub default: Option<Expr>,
    pub span: Span,
}

impl Param {
    pub fn is_type_param(&self) -> bool {
        matches!(&self.ty.kind, TypeExprKind::Named { name, args } if name.name == "type" && args.is_empty())
    }
}

/// `type Name(T: type) { field: T … }`
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeDecl {
    pub attrs: Vec<Attribute>,
    pub name: Ident,
    pub type_params: Vec<Ident>,
    pub fields: Vec<Field>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    pub name: Ident,
    pub ty: TypeExpr,
    pub default: Option<Expr>,
    pub span: Span,
}

/// `enum Name { member … }`
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnumDecl {
    pub attrs: Vec<Attribute>,
    pub name: Ident,
    pub members: Vec<Ident>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BindKind {
    Let,
    Var,
    Const,
}

/// A top-level `let`/`var`/`const`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GlobalDecl {
    pub attrs: Vec<Attribute>,
    pub binding: Binding,
}

/// `let|var|const name[: T] [= | => value]`, shared by globals and local statements.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Binding {
    pub kind: BindKind,
    pub name: Ident,
    pub ty: Option<TypeExpr>,
    /// `=` (Copy) or `=>` (Bind) and the value; `None` for `let x: T` alone.
    pub init: Option<(AssignOp, Expr)>,
    pub span: Span,
}

impl GlobalDecl {
    pub fn span(&self) -> Span {
        self.binding.span
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ImportPath {
    /// `import core`, `import math`
    Name(String),
    /// `import "string"`
    Str(String),
    /// `import ./relative/path` (text without the extension, as written)
    Relative(String),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportDecl {
    pub path: ImportPath,
    pub span: Span,
}

// ---------------------------------------------------------------- types

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Mode {
    View,
    Mod,
    Copy,
    Own,
    /// The deprecated spelling of `copy`; parsed so the checker can explain it.
    Val,
}

impl Mode {
    pub fn keyword(self) -> &'static str {
        match self {
            Mode::View => "view",
            Mode::Mod => "mod",
            Mode::Copy => "copy",
            Mode::Own => "own",
            Mode::Val => "val",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeExpr {
    pub kind: TypeExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TypeExprKind {
    /// `Int`, `Point`, `List(Int)`, `Pair(T)`, `type`. Arguments may be named (`Array(T, cap: 4)`).
    Named {
        name: Ident,
        args: Vec<TypeArg>,
    },
    /// `opt T`
    Opt(Box<TypeExpr>),
    /// `view T`, `mod T`, `copy T`, `own T`, `val T`
    Mode(Mode, Box<TypeExpr>),
    Error,
}

/// An argument of a type: a type, or `name: value` such as `cap: 4`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TypeArg {
    Type(TypeExpr),
    Named(Ident, Expr),
}

// ---------------------------------------------------------------- statements

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AssignOp {
    /// `=`: copy the value.
    Copy,
    /// `=>`: bind a reference.
    Bind,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum StmtKind {
    Let(Binding),
    /// `target = value` / `target => value`
    Assign {
        target: Expr,
        op: AssignOp,
        value: Expr,
    },
    Expr(Expr),
    If(IfStmt),
    Loop(LoopStmt),
    Match(Match),
    Ret(Option<Expr>),
    Break,
    Continue,
    Defer(Block),
    /// A statement the parser could not read; its diagnostic is already reported.
    Error,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IfStmt {
    pub cond: IfCond,
    pub then: Block,
    /// `else { … }` or `else if …` (an `If` statement wrapped in a block of one).
    pub otherwise: Option<Else>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum IfCond {
    Expr(Expr),
    /// `if let name: T = value`
    Let {
        name: Ident,
        ty: TypeExpr,
        value: Expr,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Else {
    Block(Block),
    If(Box<Stmt>),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum LoopStmt {
    /// `loop cond { … }` (`loop true { … }` included)
    While { cond: Expr, body: Block },
    /// `loop i: Int = 0, i < 10, ++i { … }`
    CStyle { init: Box<Binding>, cond: Expr, step: Expr, body: Block },
    /// `loop v: T in list { … }` — `ty` carries `view`/`mod` for element windows.
    ForIn { name: Ident, ty: TypeExpr, iter: Expr, body: Block },
}

/// `match v { case a, b { … } default { … } }` or the expression form with `=>` arms.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Match {
    pub subject: Expr,
    pub arms: Vec<MatchArm>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatchArm {
    /// Patterns of a `case` arm; empty for `default`.
    pub patterns: Vec<Expr>,
    pub is_default: bool,
    pub body: ArmBody,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ArmBody {
    /// Statement form: `case 1 { … }`
    Block(Block),
    /// Expression form: `case 1 => 10`
    Expr(Expr),
}

// ---------------------------------------------------------------- expressions

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Expr {
    pub id: ExprId,
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum UnaryOp {
    Neg,
    Not,
    BitNot,
    PreInc,
    PreDec,
    PostInc,
    PostDec,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Lt,
    Le,
    Gt,
    Ge,
    Is,
    IsNot,
    And,
    Or,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
}

impl BinOp {
    /// The operator as written in source.
    pub fn text(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Is => "is",
            BinOp::IsNot => "is not",
            BinOp::And => "and",
            BinOp::Or => "or",
            BinOp::BitAnd => "bitand",
            BinOp::BitOr => "bitor",
            BinOp::BitXor => "bitxor",
            BinOp::Shl => "shl",
            BinOp::Shr => "shr",
        }
    }

    pub fn is_bitwise(self) -> bool {
        matches!(self, BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::Shl | BinOp::Shr)
    }

    pub fn is_comparison(self) -> bool {
        matches!(self, BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Is | BinOp::IsNot)
    }
}

/// A call argument: `value`, `name: value`, `name: mod value`, `mod value`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Arg {
    pub name: Option<Ident>,
    /// `mod x` / `view x` written at the call site.
    pub mode: Option<Mode>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldInit {
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum InterpPart {
    Lit(String),
    Expr(Expr),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ExprKind {
    Int(u64),
    Float(f64),
    Bool(bool),
    /// A string without interpolation, escapes applied (raw strings too; the formatter
    /// reprints literals from their source spans).
    Str(String),
    Char(char),
    None,
    /// `"a {x} b"`: literal parts and expressions in order.
    Interp(Vec<InterpPart>),
    Ident(String),
    Unary {
        op: UnaryOp,
        expr: Box<Expr>,
    },
    Binary {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `expr as T`
    As {
        expr: Box<Expr>,
        ty: TypeExpr,
    },
    Call {
        callee: Box<Expr>,
        args: Vec<Arg>,
    },
    /// `object.name` (a field, an enum member `Color.green`, or the callee of a member call)
    Member {
        object: Box<Expr>,
        name: Ident,
    },
    /// `object[index]`
    Index {
        object: Box<Expr>,
        index: Box<Expr>,
    },
    /// `Point { x: 1 }`, `Pair(Int) { a: 1, b: 2 }`, `T {}`, or untyped `{ x: 1, y: 2 }`.
    /// An empty `{}` without a type is parsed as an untyped struct literal; the checker
    /// reads it as the default value of the expected type (struct, list or map).
    StructLit {
        ty: Option<TypeExpr>,
        fields: Vec<FieldInit>,
    },
    /// `{ a, b, c }`
    ListLit(Vec<Expr>),
    Match(Box<Match>),
    Paren(Box<Expr>),
    /// An expression the parser could not read; its diagnostic is already reported.
    Error,
}
