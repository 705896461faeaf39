//! Tokens of Rae and the one table of keywords and word operators.

use crate::source::Span;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TokenKind {
    // Literals. Integers keep their magnitude as u64 (a leading `-` is unary minus).
    Int(u64),
    Float(f64),
    Char(char),
    /// A complete string without interpolation (escapes already applied), or a raw string.
    Str(String),
    /// `"text{` — the literal text before the first interpolation.
    StrStart(String),
    /// `}text{` — literal text between two interpolations.
    StrMid(String),
    /// `}text"` — literal text after the last interpolation.
    StrEnd(String),
    Ident(String),
    /// `{ code }` of a `@function "lang"` function: the code between the braces, verbatim.
    ScriptBody(String),

    // Keywords (see KEYWORDS).
    Type,
    Func,
    Let,
    Var,
    Const,
    Ret,
    Spawn,
    View,
    Mod,
    Copy,
    Own,
    Val,
    Opt,
    If,
    Else,
    Match,
    Case,
    Default,
    Loop,
    In,
    True,
    False,
    None,
    And,
    Or,
    Not,
    Is,
    Pub,
    Priv,
    Extern,
    Pack,
    Enum,
    Import,
    Defer,
    As,
    Break,
    Continue,
    // Word operators on Int.
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
    BitNot,

    // Punctuation and operators.
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Lt,
    Le,
    Gt,
    Ge,
    /// `=`
    Assign,
    /// `=>`
    FatArrow,
    PlusPlus,
    MinusMinus,
    Dot,
    Comma,
    Colon,
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    At,

    /// End of a line where a statement may end. Not emitted inside `(…)` or `[…]`.
    Newline,
    Eof,
}

/// Every keyword and word operator with its token: the one list (the lexer, the REPL's
/// completion and the highlighter derive from it).
pub const KEYWORDS: &[(&str, TokenKind)] = &[
    ("type", TokenKind::Type),
    ("func", TokenKind::Func),
    ("let", TokenKind::Let),
    ("var", TokenKind::Var),
    ("const", TokenKind::Const),
    ("ret", TokenKind::Ret),
    ("spawn", TokenKind::Spawn),
    ("view", TokenKind::View),
    ("mod", TokenKind::Mod),
    ("copy", TokenKind::Copy),
    ("own", TokenKind::Own),
    ("val", TokenKind::Val),
    ("opt", TokenKind::Opt),
    ("if", TokenKind::If),
    ("else", TokenKind::Else),
    ("match", TokenKind::Match),
    ("case", TokenKind::Case),
    ("default", TokenKind::Default),
    ("loop", TokenKind::Loop),
    ("in", TokenKind::In),
    ("true", TokenKind::True),
    ("false", TokenKind::False),
    ("none", TokenKind::None),
    ("and", TokenKind::And),
    ("or", TokenKind::Or),
    ("not", TokenKind::Not),
    ("is", TokenKind::Is),
    ("pub", TokenKind::Pub),
    ("priv", TokenKind::Priv),
    ("extern", TokenKind::Extern),
    ("pack", TokenKind::Pack),
    ("enum", TokenKind::Enum),
    ("import", TokenKind::Import),
    ("defer", TokenKind::Defer),
    ("as", TokenKind::As),
    ("break", TokenKind::Break),
    ("continue", TokenKind::Continue),
    ("bitand", TokenKind::BitAnd),
    ("bitor", TokenKind::BitOr),
    ("bitxor", TokenKind::BitXor),
    ("shl", TokenKind::Shl),
    ("shr", TokenKind::Shr),
    ("bitnot", TokenKind::BitNot),
];

/// The keyword token for `word`, if it is one.
pub fn keyword(word: &str) -> Option<TokenKind> {
    KEYWORDS.iter().find(|(k, _)| *k == word).map(|(_, t)| t.clone())
}

impl TokenKind {
    /// The source spelling of a keyword token, for messages such as `'view' is a reserved keyword`.
    pub fn keyword_text(&self) -> Option<&'static str> {
        KEYWORDS.iter().find(|(_, t)| t == self).map(|(k, _)| *k)
    }

    /// A short human description for "expected X, found Y" messages.
    pub fn describe(&self) -> String {
        if let Some(k) = self.keyword_text() {
            return format!("'{k}'");
        }
        let s = match self {
            TokenKind::Int(_) => "integer literal",
            TokenKind::Float(_) => "float literal",
            TokenKind::Char(_) => "character literal",
            TokenKind::Str(_) | TokenKind::StrStart(_) => "string literal",
            TokenKind::StrMid(_) | TokenKind::StrEnd(_) => "string text",
            TokenKind::Ident(_) => "identifier",
            TokenKind::ScriptBody(_) => "script function body",
            TokenKind::Plus => "'+'",
            TokenKind::Minus => "'-'",
            TokenKind::Star => "'*'",
            TokenKind::Slash => "'/'",
            TokenKind::Percent => "'%'",
            TokenKind::Lt => "'<'",
            TokenKind::Le => "'<='",
            TokenKind::Gt => "'>'",
            TokenKind::Ge => "'>='",
            TokenKind::Assign => "'='",
            TokenKind::FatArrow => "'=>'",
            TokenKind::PlusPlus => "'++'",
            TokenKind::MinusMinus => "'--'",
            TokenKind::Dot => "'.'",
            TokenKind::Comma => "','",
            TokenKind::Colon => "':'",
            TokenKind::LParen => "'('",
            TokenKind::RParen => "')'",
            TokenKind::LBrace => "'{'",
            TokenKind::RBrace => "'}'",
            TokenKind::LBracket => "'['",
            TokenKind::RBracket => "']'",
            TokenKind::At => "'@'",
            TokenKind::Newline => "end of line",
            TokenKind::Eof => "end of file",
            _ => "token",
        };
        s.to_string()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CommentKind {
    /// `# …` to the end of the line.
    Line,
    /// `#[ … ]#`
    Block,
}

/// A comment kept beside the token stream so that `rae format` can put it back.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comment {
    pub kind: CommentKind,
    pub span: Span,
    /// The comment exactly as written, markers included.
    pub text: String,
}
