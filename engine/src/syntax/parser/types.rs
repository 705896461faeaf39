//! Type expressions: `Int`, `List(Int)`, `Array(T, cap: 4)`, `opt T`, `view T`, `type`.

use super::Parser;
use crate::source::Span;
use crate::syntax::ast::{Ident, Mode, TypeArg, TypeExpr, TypeExprKind};
use crate::syntax::token::TokenKind;

impl Parser {
    pub(super) fn parse_type(&mut self) -> TypeExpr {
        self.nested(Parser::parse_type_inner, Parser::error_type)
    }

    fn parse_type_inner(&mut self) -> TypeExpr {
        let start = self.span();
        let mode = match self.peek() {
            TokenKind::View => Some(Mode::View),
            TokenKind::Mod => Some(Mode::Mod),
            TokenKind::Copy => Some(Mode::Copy),
            TokenKind::Own => Some(Mode::Own),
            TokenKind::Val => Some(Mode::Val),
            _ => None,
        };
        let kind = match (mode, self.peek()) {
            (Some(mode), _) => {
                self.bump();
                TypeExprKind::Mode(mode, Box::new(self.parse_type()))
            }
            (None, TokenKind::Opt) => {
                self.bump();
                TypeExprKind::Opt(Box::new(self.parse_type()))
            }
            (None, TokenKind::Ident(name)) => {
                let name = Ident { name: name.clone(), span: start };
                self.bump();
                let args = if self.eat(&TokenKind::LParen) {
                    self.delimited(TokenKind::RParen, Parser::parse_type_arg)
                } else {
                    Vec::new()
                };
                TypeExprKind::Named { name, args }
            }
            // The kind of a type parameter: `T: type`.
            (None, TokenKind::Type) => {
                self.bump();
                TypeExprKind::Named { name: Ident { name: "type".to_string(), span: start }, args: Vec::new() }
            }
            (None, _) => {
                self.error_expected("type");
                return self.error_type();
            }
        };
        TypeExpr { kind, span: self.span_from(start) }
    }

    /// A type argument: a type, or `name: value` such as `cap: 4`.
    fn parse_type_arg(&mut self) -> TypeArg {
        if self.at_label() {
            if let Some(name) = self.name() {
                self.bump();
                return TypeArg::Named(name, self.parse_expr());
            }
        }
        TypeArg::Type(self.parse_type())
    }

    /// An `Error` type at the current position, for input that was already reported.
    fn error_type(&mut self) -> TypeExpr {
        let here = self.span();
        TypeExpr { kind: TypeExprKind::Error, span: Span { end: here.start, ..here } }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{diags, dump};

    fn ty(text: &str) -> String {
        dump(&format!("let x: {text}\n")).lines().nth(1).unwrap_or("").trim().to_string()
    }

    #[test]
    fn every_type_form() {
        assert_eq!(ty("Int"), "type Int");
        assert_eq!(ty("List(Pair(Int))"), "type List(Pair(Int))");
        assert_eq!(ty("opt view Point"), "type opt view Point");
        for mode in ["view", "mod", "copy", "own", "val"] {
            assert_eq!(ty(&format!("{mode} Int")), format!("type {mode} Int"));
        }
        assert_eq!(dump("let a: Array(T, cap: 4)\n"), "let a\n  type Array(T, cap: …)\n    cap: int 4\n");
    }

    #[test]
    fn a_missing_type() {
        assert_eq!(diags("let x: = 1\n"), [("P0002", "expected type, found '='".into())]);
        assert_eq!(diags("let x: List(Int\n"), [("P0001", "unexpected end of file: expected ',' or ')'".into())]);
        assert_eq!(diags("let x: List(Int]\n"), [("P0002", "expected ',' or ')', found ']'".into())]);
    }
}
