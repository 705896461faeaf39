//! Expressions: operator precedence, postfix chains, literals, brace literals, interpolation.

use super::{
    only_declaration, Parser, DIAG_CHAINED_COMPARISON, DIAG_EXPECTED, DIAG_MIXED_BITWISE, DIAG_UNEXPECTED_TOKEN,
};
use crate::source::Span;
use crate::syntax::ast::{Arg, BinOp, Expr, ExprKind, FieldInit, InterpPart, Mode, UnaryOp};
use crate::syntax::token::TokenKind;

/// How a precedence level treats a run of its operators.
#[derive(Clone, Copy, PartialEq)]
enum Chain {
    /// `a + b - c`: left-associative.
    Free,
    /// `a < b < c` is an error.
    Single,
    /// `a shl b shl c` is fine, `a bitand b shl c` is an error.
    SameOperator,
}

/// The operator at the parser's position and how many tokens it spans.
type OperatorAt = fn(&Parser) -> Option<(BinOp, usize)>;

impl Parser {
    pub(super) fn parse_expr(&mut self) -> Expr {
        self.nested(Parser::parse_or, Parser::error_here)
    }

    /// An `Error` expression at the current position, for input that was already reported.
    fn error_here(&mut self) -> Expr {
        let here = self.span();
        self.mk_expr(ExprKind::Error, Span { end: here.start, ..here })
    }

    fn parse_or(&mut self) -> Expr {
        self.binary_level(Parser::parse_and, |p| (*p.peek() == TokenKind::Or).then_some((BinOp::Or, 1)), Chain::Free)
    }

    fn parse_and(&mut self) -> Expr {
        self.binary_level(Parser::parse_not, |p| (*p.peek() == TokenKind::And).then_some((BinOp::And, 1)), Chain::Free)
    }

    /// `not` binds looser than comparisons: `not a is b` is `not (a is b)`.
    fn parse_not(&mut self) -> Expr {
        if !self.at(&TokenKind::Not) {
            return self.parse_comparison();
        }
        let start = self.bump();
        let operand = self.nested(Parser::parse_not, Parser::error_here);
        self.wrap(start, ExprKind::Unary { op: UnaryOp::Not, expr: Box::new(operand) })
    }

    fn parse_comparison(&mut self) -> Expr {
        let operator: OperatorAt = |p| {
            let op = match p.peek() {
                TokenKind::Lt => BinOp::Lt,
                TokenKind::Le => BinOp::Le,
                TokenKind::Gt => BinOp::Gt,
                TokenKind::Ge => BinOp::Ge,
                TokenKind::Is if *p.nth(1) == TokenKind::Not => return Some((BinOp::IsNot, 2)),
                TokenKind::Is => BinOp::Is,
                _ => return None,
            };
            Some((op, 1))
        };
        self.binary_level(Parser::parse_additive, operator, Chain::Single)
    }

    fn parse_additive(&mut self) -> Expr {
        let operator: OperatorAt = |p| match p.peek() {
            TokenKind::Plus => Some((BinOp::Add, 1)),
            TokenKind::Minus => Some((BinOp::Sub, 1)),
            _ => None,
        };
        self.binary_level(Parser::parse_multiplicative, operator, Chain::Free)
    }

    fn parse_multiplicative(&mut self) -> Expr {
        let operator: OperatorAt = |p| match p.peek() {
            TokenKind::Star => Some((BinOp::Mul, 1)),
            TokenKind::Slash => Some((BinOp::Div, 1)),
            TokenKind::Percent => Some((BinOp::Rem, 1)),
            _ => None,
        };
        self.binary_level(Parser::parse_bitwise, operator, Chain::Free)
    }

    fn parse_bitwise(&mut self) -> Expr {
        let operator: OperatorAt = |p| match p.peek() {
            TokenKind::BitAnd => Some((BinOp::BitAnd, 1)),
            TokenKind::BitOr => Some((BinOp::BitOr, 1)),
            TokenKind::BitXor => Some((BinOp::BitXor, 1)),
            TokenKind::Shl => Some((BinOp::Shl, 1)),
            TokenKind::Shr => Some((BinOp::Shr, 1)),
            _ => None,
        };
        self.binary_level(Parser::parse_as, operator, Chain::SameOperator)
    }

    /// One left-associative precedence level. Line ends after an operator are skipped, so an
    /// expression may continue on the next line.
    fn binary_level(&mut self, operand: fn(&mut Parser) -> Expr, operator: OperatorAt, chain: Chain) -> Expr {
        let mut lhs = operand(self);
        let base = self.depth;
        let mut first: Option<BinOp> = None;
        let mut complained = false;
        while let Some((op, len)) = operator(self) {
            if !self.deepen() {
                break;
            }
            let op_span = self.span();
            if let Some(first) = first.filter(|_| !complained) {
                if chain == Chain::Single {
                    self.report(DIAG_CHAINED_COMPARISON, op_span, "comparison operators cannot be chained; use 'and'");
                    complained = true;
                } else if chain == Chain::SameOperator && first != op {
                    let message =
                        format!("mixing bitwise operators '{}' and '{}' requires parentheses", first.text(), op.text());
                    self.report(DIAG_MIXED_BITWISE, op_span, message);
                    complained = true;
                }
            }
            first.get_or_insert(op);
            for _ in 0..len {
                self.bump();
            }
            self.skip_newlines();
            let rhs = operand(self);
            let span = lhs.span.to(self.span_from(op_span));
            lhs = self.mk_expr(ExprKind::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs) }, span);
        }
        self.depth = base;
        if complained {
            // The grouping the user meant is unknown: an Error node keeps the checker from
            // reporting type errors about a grouping nobody wrote.
            return self.mk_expr(ExprKind::Error, lhs.span);
        }
        lhs
    }

    /// `expr as T`: tighter than every binary operator, looser than unary ones.
    fn parse_as(&mut self) -> Expr {
        let mut expr = self.parse_unary();
        let base = self.depth;
        while self.at(&TokenKind::As) && self.deepen() {
            self.bump();
            let ty = self.parse_type();
            let start = expr.span;
            expr = self.wrap(start, ExprKind::As { expr: Box::new(expr), ty });
        }
        self.depth = base;
        expr
    }

    fn parse_unary(&mut self) -> Expr {
        let op = match self.peek() {
            TokenKind::Minus => UnaryOp::Neg,
            TokenKind::BitNot => UnaryOp::BitNot,
            TokenKind::PlusPlus => UnaryOp::PreInc,
            TokenKind::MinusMinus => UnaryOp::PreDec,
            _ => return self.parse_postfix(),
        };
        let start = self.bump();
        let operand = self.nested(Parser::parse_unary, Parser::error_here);
        self.wrap(start, ExprKind::Unary { op, expr: Box::new(operand) })
    }

    /// Calls `(args)`, members `.name`, indexing `[i]` and postfix `++`/`--`.
    fn parse_postfix(&mut self) -> Expr {
        let mut expr = self.parse_primary();
        let base = self.depth;
        loop {
            let postfix = matches!(
                self.peek(),
                TokenKind::LParen | TokenKind::Dot | TokenKind::LBracket | TokenKind::PlusPlus | TokenKind::MinusMinus
            );
            if !postfix || !self.deepen() {
                break;
            }
            let start = expr.span;
            let kind = match self.peek() {
                TokenKind::LParen => {
                    self.bump();
                    let args = self.delimited(TokenKind::RParen, Parser::parse_arg);
                    ExprKind::Call { callee: Box::new(expr), args }
                }
                TokenKind::Dot => {
                    self.bump();
                    let Some(name) = self.name() else { break };
                    ExprKind::Member { object: Box::new(expr), name }
                }
                TokenKind::LBracket => {
                    self.bump();
                    let index = self.with_struct_lits(true, Parser::parse_expr);
                    self.expect(&TokenKind::RBracket);
                    ExprKind::Index { object: Box::new(expr), index: Box::new(index) }
                }
                TokenKind::PlusPlus => {
                    self.bump();
                    ExprKind::Unary { op: UnaryOp::PostInc, expr: Box::new(expr) }
                }
                _ => {
                    self.bump();
                    ExprKind::Unary { op: UnaryOp::PostDec, expr: Box::new(expr) }
                }
            };
            expr = self.wrap(start, kind);
        }
        self.depth = base;
        expr
    }

    /// `value`, `name: value`, `mod value`, `name: view value`.
    fn parse_arg(&mut self) -> Arg {
        let start = self.span();
        let name = if self.at_label() {
            let name = self.name();
            self.bump();
            name
        } else {
            None
        };
        let mode = match self.peek() {
            TokenKind::View => Some(Mode::View),
            TokenKind::Mod => Some(Mode::Mod),
            _ => None,
        };
        if mode.is_some() {
            self.bump();
        }
        let value = self.parse_expr();
        Arg { name, mode, value, span: self.span_from(start) }
    }

    pub(super) fn parse_primary(&mut self) -> Expr {
        let start = self.span();
        let kind = match self.peek() {
            TokenKind::Int(n) => ExprKind::Int(*n),
            TokenKind::Float(f) => ExprKind::Float(*f),
            TokenKind::Str(text) => ExprKind::Str(text.clone()),
            TokenKind::Char(c) => ExprKind::Char(*c),
            TokenKind::True => ExprKind::Bool(true),
            TokenKind::False => ExprKind::Bool(false),
            TokenKind::None => ExprKind::None,
            TokenKind::Ident(name) => {
                if self.struct_lits && name.starts_with(|c: char| c.is_ascii_uppercase()) && self.type_then_brace() {
                    return self.parse_typed_struct();
                }
                ExprKind::Ident(name.clone())
            }
            TokenKind::StrStart(_) => return self.parse_interp(),
            TokenKind::LParen => {
                self.bump();
                let inner = self.with_struct_lits(true, Parser::parse_expr);
                self.expect(&TokenKind::RParen);
                return self.wrap(start, ExprKind::Paren(Box::new(inner)));
            }
            TokenKind::LBrace if self.struct_lits => return self.parse_brace_literal(),
            TokenKind::Match => {
                let m = self.parse_match();
                return self.wrap(start, ExprKind::Match(Box::new(m)));
            }
            _ => return self.unexpected(),
        };
        self.bump();
        self.wrap(start, kind)
    }

    /// A token that cannot start an expression. It is consumed unless it closes or separates
    /// something, or starts a block or a declaration, so the enclosing construct can resync.
    fn unexpected(&mut self) -> Expr {
        let span = self.span();
        self.error_or_eof(DIAG_UNEXPECTED_TOKEN, "unexpected token in expression", "expression");
        let keep = matches!(
            self.peek(),
            TokenKind::RParen
                | TokenKind::RBracket
                | TokenKind::RBrace
                | TokenKind::LBrace
                | TokenKind::Comma
                | TokenKind::Newline
                | TokenKind::Eof
                | TokenKind::StrMid(_)
                | TokenKind::StrEnd(_)
        ) || only_declaration(self.peek());
        if !keep {
            self.bump();
        }
        self.mk_expr(ExprKind::Error, span)
    }

    /// Whether the identifier here is a type followed by `{`: `Point {` or `Pair(Int) {`.
    fn type_then_brace(&self) -> bool {
        match self.nth(1) {
            TokenKind::LBrace => true,
            TokenKind::LParen => {
                let mut depth = 0usize;
                for (i, token) in self.tokens.iter().enumerate().skip(self.pos + 1) {
                    match token.kind {
                        TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace => depth += 1,
                        TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                return self.token(i + 1).kind == TokenKind::LBrace;
                            }
                        }
                        TokenKind::Newline | TokenKind::Eof => return false,
                        _ => {}
                    }
                }
                false
            }
            _ => false,
        }
    }

    /// `Point { x: 1 }`, `Pair(Int) { a: 1 }`, `T {}`.
    fn parse_typed_struct(&mut self) -> Expr {
        let start = self.span();
        let ty = self.parse_type();
        let fields = if self.expect(&TokenKind::LBrace) { self.field_inits() } else { Vec::new() };
        self.wrap(start, ExprKind::StructLit { ty: Some(ty), fields })
    }

    /// `{}`, `{ name: value, … }` or `{ value, … }`: a struct when it starts with `name:`.
    fn parse_brace_literal(&mut self) -> Expr {
        let start = self.bump();
        self.skip_newlines();
        let kind = if self.at_label() || self.at(&TokenKind::RBrace) {
            ExprKind::StructLit { ty: None, fields: self.field_inits() }
        } else {
            ExprKind::ListLit(self.delimited(TokenKind::RBrace, Parser::parse_expr))
        };
        self.wrap(start, kind)
    }

    /// `name: value, …}` after a struct literal's `{`.
    fn field_inits(&mut self) -> Vec<FieldInit> {
        let field = |p: &mut Parser| {
            let start = p.span();
            let name = p.name()?;
            if !p.expect(&TokenKind::Colon) {
                return None;
            }
            let value = p.parse_expr();
            Some(FieldInit { name, value, span: p.span_from(start) })
        };
        self.delimited(TokenKind::RBrace, field).into_iter().flatten().collect()
    }

    /// `"text{expr}text{expr}text"`: StrStart expr (StrMid expr)* StrEnd. An empty `{}` never
    /// reaches here (the lexer reports it and keeps the text as a plain string).
    fn parse_interp(&mut self) -> Expr {
        let start = self.span();
        let mut parts = Vec::new();
        if let TokenKind::StrStart(text) = self.peek() {
            push_text(&mut parts, text);
            self.bump();
        }
        loop {
            if !matches!(self.peek(), TokenKind::StrMid(_) | TokenKind::StrEnd(_)) {
                parts.push(InterpPart::Expr(self.with_struct_lits(true, Parser::parse_expr)));
            }
            match self.peek() {
                TokenKind::StrMid(text) => {
                    push_text(&mut parts, text);
                    self.bump();
                }
                TokenKind::StrEnd(text) => {
                    push_text(&mut parts, text);
                    self.bump();
                    break;
                }
                _ => {
                    self.unclosed_interpolation();
                    break;
                }
            }
        }
        self.wrap(start, ExprKind::Interp(parts))
    }

    /// Reports an interpolation whose expression is followed by something other than `}`,
    /// then skips to the end of its string.
    fn unclosed_interpolation(&mut self) {
        self.error_or_eof(DIAG_EXPECTED, "expected '}' in interpolated string", "'}' in interpolated string");
        let mut depth = 0usize;
        loop {
            match self.peek() {
                TokenKind::Newline | TokenKind::Eof => return,
                TokenKind::StrStart(_) => depth += 1,
                TokenKind::StrEnd(_) if depth == 0 => {
                    self.bump();
                    return;
                }
                TokenKind::StrEnd(_) => depth -= 1,
                _ => {}
            }
            self.bump();
        }
    }

    /// Builds an expression spanning from `start` to the last consumed token.
    fn wrap(&mut self, start: Span, kind: ExprKind) -> Expr {
        let span = self.span_from(start);
        self.mk_expr(kind, span)
    }
}

/// Adds a literal piece of an interpolated string; empty pieces carry nothing.
fn push_text(parts: &mut Vec<InterpPart>, text: &str) {
    if !text.is_empty() {
        parts.push(InterpPart::Lit(text.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{diags, dump_expr, outline};

    fn check(expr: &str, expected: &str) {
        assert_eq!(
            dump_expr(expr),
            format!("let x\n{}", outline(expected).lines().map(|l| format!("  {l}\n")).collect::<String>())
        );
    }

    #[test]
    fn bitwise_binds_tighter_than_arithmetic_and_comparison() {
        check(
            "1 + 2 shl 4",
            "
            = binary +
                int 1
                binary shl
                  int 2
                  int 4
            ",
        );
        check(
            "511 bitand 255 is 255",
            "
            = binary is
                binary bitand
                  int 511
                  int 255
                int 255
            ",
        );
    }

    #[test]
    fn as_binds_tighter_than_binary_and_looser_than_unary() {
        check(
            "b as Float * 2.0",
            "
            = binary *
                as
                  ident b
                  type Float
                float 2.0
            ",
        );
        check(
            "-x as Float",
            "
            = as
                unary -
                  ident x
                type Float
            ",
        );
    }

    #[test]
    fn not_is_looser_than_comparison_and_is_not_is_one_operator() {
        check(
            "not a is b",
            "
            = unary not
                binary is
                  ident a
                  ident b
            ",
        );
        check(
            "a is not none or c and d",
            "
            = binary or
                binary is not
                  ident a
                  none
                binary and
                  ident c
                  ident d
            ",
        );
    }

    #[test]
    fn arithmetic_is_left_associative_with_the_usual_levels() {
        check(
            "a - b - c * d % e",
            "
            = binary -
                binary -
                  ident a
                  ident b
                binary %
                  binary *
                    ident c
                    ident d
                  ident e
            ",
        );
    }

    #[test]
    fn chained_comparisons_are_an_error() {
        let message = "comparison operators cannot be chained; use 'and'".to_string();
        assert_eq!(diags("let ok = 0 < a < 2\n"), [("P0103", message.clone())]);
        assert_eq!(diags("let ok = a is b is c\n"), [("P0103", message)]);
    }

    #[test]
    fn mixing_bitwise_operators_needs_parentheses() {
        let message = "mixing bitwise operators 'bitand' and 'shl' requires parentheses".to_string();
        assert_eq!(diags("let m = 6 bitand 3 shl 1\n"), [("P0104", message)]);
        assert!(diags("let m = 1 shl 2 shl 3\n").is_empty());
        assert!(diags("let m = (6 bitand 3) shl 1\n").is_empty());
    }

    #[test]
    fn an_expression_continues_after_an_operator_at_line_end() {
        check(
            "a +\n  b",
            "
            = binary +
                ident a
                ident b
            ",
        );
    }

    #[test]
    fn unary_and_postfix_operators() {
        check(
            "bitnot --x + y++",
            "
            = binary +
                unary bitnot
                  prefix --
                    ident x
                postfix ++
                  ident y
            ",
        );
    }

    #[test]
    fn calls_with_named_and_moded_arguments_members_and_indexes() {
        check(
            "p.dist(mod q, r: view s, t: mod u, 3)[i].z",
            "
            = member z
                index
                  call
                    member dist
                      ident p
                    arg mod ident q
                    arg r: view ident s
                    arg t: mod ident u
                    arg int 3
                  ident i
            ",
        );
    }

    #[test]
    fn literals() {
        check(
            "f(1, 2.5, \"s\\n\", 'c', true, false, none)",
            "
            = call
                ident f
                arg int 1
                arg float 2.5
                arg str \"s\\n\"
                arg char 'c'
                arg bool true
                arg bool false
                arg none
            ",
        );
    }

    #[test]
    fn interpolated_strings() {
        check(
            "\"a {x + 1} b {f(y: \"{z}\")}\"",
            "
            = interp
                text \"a \"
                binary +
                  ident x
                  int 1
                text \" b \"
                call
                  ident f
                  arg y: interp
                           ident z
            ",
        );
        assert_eq!(diags("let s = \"{a b}\"\nlet t = 1\n"), [("P0002", "expected '}' in interpolated string".into())]);
    }

    #[test]
    fn brace_literals() {
        check("{}", "= struct");
        check(
            "{ x: 1,\n  y: 2 }",
            "
            = struct
                x: int 1
                y: int 2
            ",
        );
        check(
            "{\n  10\n  20,\n}",
            "
            = list
                int 10
                int 20
            ",
        );
    }

    #[test]
    fn typed_struct_literals() {
        check(
            "Point { x: 1 }",
            "
            = struct
                type Point
                x: int 1
            ",
        );
        check(
            "Pair(Int) { a: T {} }",
            "
            = struct
                type Pair(Int)
                a: struct
                     type T
            ",
        );
        check(
            "Pair(Int)",
            "
            = call
                ident Pair
                arg ident Int
            ",
        );
    }

    #[test]
    fn match_and_parentheses_in_expressions() {
        check(
            "(match v { case 1 => 10, default => 20 }) * 2",
            "
            = binary *
                paren
                  match
                    subject ident v
                    case
                      int 1
                      => int 10
                    default
                      => int 20
                int 2
            ",
        );
    }

    #[test]
    fn unexpected_tokens() {
        assert_eq!(
            diags("func main() {\n  let x: Int = * 3\n}\n"),
            [("P0101", "unexpected token in expression".into())]
        );
        assert_eq!(diags("let x = f(, 1)\n"), [("P0101", "unexpected token in expression".into())]);
        assert_eq!(diags("let x = a.1\n"), [("P0002", "expected identifier, found integer literal".into())]);
    }
}
