//! Declarations: imports, functions, types, enums, globals and the attributes before them.

use super::{only_declaration, starts_declaration, Parser, DIAG_TRAILING, DIAG_VISIBILITY_PREFIX};
use crate::source::Span;
use crate::syntax::ast::{
    Attribute, BindKind, Binding, EnumDecl, Expr, Field, FuncDecl, GlobalDecl, Ident, ImportDecl, ImportPath, Item,
    Param, ScriptCode, TypeDecl, TypeExpr,
};
use crate::syntax::token::TokenKind;

/// `name: Type [= default]`, the shape shared by parameters and struct fields.
struct TypedName {
    name: Ident,
    ty: TypeExpr,
    default: Option<Expr>,
    span: Span,
}

impl Parser {
    /// The whole file: declarations until the end of input, recovering at declaration lines.
    pub(super) fn parse_items(&mut self) -> Vec<Item> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            if self.at(&TokenKind::Eof) {
                break;
            }
            self.begin_unit();
            let start = self.pos;
            let stray = !starts_declaration(self.peek());
            items.push(self.parse_item());
            // A declaration keyword right after an item is accepted: after an unclosed `(` the
            // lexer drops the line ends that would separate them.
            let ended = matches!(self.peek(), TokenKind::Newline | TokenKind::Eof) || only_declaration(self.peek());
            if !self.recovering && !ended {
                let found = self.peek().describe();
                let message = format!("expected end of line after declaration, found {found}");
                self.error(DIAG_TRAILING, self.span(), message);
            }
            if self.recovering {
                self.skip_to_declaration(!stray);
            }
            if self.pos == start {
                self.bump();
            }
        }
        items
    }

    pub(super) fn parse_item(&mut self) -> Item {
        let start = self.span();
        let attrs = self.parse_attributes();
        let visibility = match self.peek() {
            TokenKind::Pub => Some("pub"),
            TokenKind::Priv => Some("priv"),
            _ => None,
        };
        if let Some(word) = visibility {
            let message = format!(
                "Function property '{word}' cannot be defined before function. It must be put into the properties \
                 section after the function parameters like this: 'func name() {word}'"
            );
            self.report(DIAG_VISIBILITY_PREFIX, self.span(), message);
            self.bump();
        }
        match self.peek() {
            TokenKind::Func => self.parse_func(attrs, start),
            TokenKind::Type => self.parse_type_decl(attrs, start),
            TokenKind::Enum => self.parse_enum(attrs, start),
            TokenKind::Let | TokenKind::Var | TokenKind::Const => match self.parse_binding() {
                Some(binding) => Item::Global(GlobalDecl { attrs, binding }),
                None => Item::Error(self.span_from(start)),
            },
            TokenKind::Import if attrs.is_empty() => self.parse_import(),
            _ => {
                self.error_expected(if attrs.is_empty() { "declaration" } else { "declaration after attribute" });
                if !matches!(self.peek(), TokenKind::Newline | TokenKind::Eof) {
                    self.bump();
                }
                Item::Error(self.span_from(start))
            }
        }
    }

    /// `@name`, `@name "text"`, `@name(args)`, each on its own line or several on one.
    fn parse_attributes(&mut self) -> Vec<Attribute> {
        let mut attrs = Vec::new();
        while self.at(&TokenKind::At) {
            let start = self.bump();
            let Some(name) = self.name() else { break };
            let args = match self.peek() {
                TokenKind::Str(_) | TokenKind::StrStart(_) => vec![self.parse_primary()],
                TokenKind::LParen => {
                    self.bump();
                    self.delimited(TokenKind::RParen, Parser::parse_expr)
                }
                _ => Vec::new(),
            };
            attrs.push(Attribute { name, args, span: self.span_from(start) });
            self.skip_newlines();
        }
        attrs
    }

    /// `func name(params) props [ret T] [{ body }]`. An error in the header drops the whole
    /// function (an `Item::Error`); errors in the body keep it.
    fn parse_func(&mut self, attrs: Vec<Attribute>, start: Span) -> Item {
        self.bump();
        let Some(name) = self.name() else { return Item::Error(self.span_from(start)) };
        if !self.expect(&TokenKind::LParen) {
            return Item::Error(self.span_from(start));
        }
        let params = self.delimited(TokenKind::RParen, Parser::parse_param).into_iter().flatten().collect();
        let props = self.parse_props();
        let ret = if self.eat(&TokenKind::Ret) { Some(self.parse_type()) } else { None };
        if self.recovering {
            return Item::Error(self.span_from(start));
        }
        let script = match self.peek() {
            TokenKind::ScriptBody(code) => Some(code.clone()),
            _ => None,
        };
        let script = script.map(|code| ScriptCode { code, span: self.bump() });
        let body = if self.at(&TokenKind::LBrace) { Some(self.parse_block()) } else { None };
        Item::Func(FuncDecl { attrs, name, params, props, ret, body, script, span: self.span_from(start) })
    }

    fn parse_param(&mut self) -> Option<Param> {
        let TypedName { name, ty, default, span } = self.parse_typed_name()?;
        Some(Param { name, ty, default, span })
    }

    fn parse_field(&mut self) -> Option<Field> {
        let TypedName { name, ty, default, span } = self.parse_typed_name()?;
        Some(Field { name, ty, default, span })
    }

    fn parse_typed_name(&mut self) -> Option<TypedName> {
        let start = self.span();
        let name = self.name()?;
        if !self.expect(&TokenKind::Colon) {
            return None;
        }
        let ty = self.parse_type();
        let default = if self.eat(&TokenKind::Assign) { Some(self.parse_expr()) } else { None };
        Some(TypedName { name, ty, default, span: self.span_from(start) })
    }

    /// The words after the parameter list: `extern`, `pub`, `priv` or any identifier.
    fn parse_props(&mut self) -> Vec<Ident> {
        let mut props = Vec::new();
        loop {
            let name = match self.peek() {
                TokenKind::Ident(name) => name.clone(),
                kind @ (TokenKind::Extern | TokenKind::Pub | TokenKind::Priv | TokenKind::Pack) => {
                    kind.keyword_text().unwrap_or_default().to_string()
                }
                _ => break,
            };
            let span = self.bump();
            props.push(Ident { name, span });
        }
        props
    }

    /// `type Name[(T: type, …)] { field: Type [= default] … }`
    fn parse_type_decl(&mut self, attrs: Vec<Attribute>, start: Span) -> Item {
        self.bump();
        let Some(name) = self.name() else { return Item::Error(self.span_from(start)) };
        let mut type_params = Vec::new();
        if self.eat(&TokenKind::LParen) {
            type_params = self.delimited(TokenKind::RParen, Parser::parse_type_param).into_iter().flatten().collect();
        }
        if self.recovering || !self.expect(&TokenKind::LBrace) {
            return Item::Error(self.span_from(start));
        }
        let fields = self.decl_body(Parser::parse_field);
        Item::Type(TypeDecl { attrs, name, type_params, fields, span: self.span_from(start) })
    }

    /// `T: type` in a type declaration's parameter list.
    fn parse_type_param(&mut self) -> Option<Ident> {
        let name = self.name()?;
        (self.expect(&TokenKind::Colon) && self.expect(&TokenKind::Type)).then_some(name)
    }

    /// `enum Name { member … }`
    fn parse_enum(&mut self, attrs: Vec<Attribute>, start: Span) -> Item {
        self.bump();
        let Some(name) = self.name() else { return Item::Error(self.span_from(start)) };
        if !self.expect(&TokenKind::LBrace) {
            return Item::Error(self.span_from(start));
        }
        let members = self.decl_body(Parser::name);
        Item::Enum(EnumDecl { attrs, name, members, span: self.span_from(start) })
    }

    /// Entries of a type or enum body up to `}`, one per line or separated by commas. An
    /// entry with an error is skipped to its line end so that the others are still read.
    fn decl_body<T>(&mut self, mut entry: impl FnMut(&mut Parser) -> Option<T>) -> Vec<T> {
        let mut entries = Vec::new();
        loop {
            while matches!(self.peek(), TokenKind::Newline | TokenKind::Comma) {
                self.bump();
            }
            if self.eat(&TokenKind::RBrace) {
                break;
            }
            if self.at(&TokenKind::Eof) || (only_declaration(self.peek()) && !self.at_label()) {
                self.error_expected("'}'");
                break;
            }
            self.begin_unit();
            let start = self.pos;
            entries.extend(entry(self));
            if !self.recovering && !matches!(self.peek(), TokenKind::Newline | TokenKind::Comma | TokenKind::RBrace) {
                self.error_expected("',' or end of line");
            }
            if self.recovering {
                self.skip_line();
            }
            if self.pos == start {
                self.bump();
            }
        }
        entries
    }

    /// `import core`, `import "string"`, `import ./relative/path`
    fn parse_import(&mut self) -> Item {
        let start = self.bump();
        let path = match self.peek().clone() {
            TokenKind::Ident(name) => {
                self.bump();
                ImportPath::Name(name)
            }
            TokenKind::Str(text) => {
                self.bump();
                ImportPath::Str(text)
            }
            TokenKind::Dot | TokenKind::Slash => ImportPath::Relative(self.relative_path()),
            _ => {
                self.error_expected("module name or path");
                return Item::Error(self.span_from(start));
            }
        };
        Item::Import(ImportDecl { path, span: self.span_from(start) })
    }

    /// Rebuilds `./util/strings` or `../x/y` from the adjacent tokens the lexer split it into.
    fn relative_path(&mut self) -> String {
        let mut text = String::new();
        while text.is_empty() || self.span().start == self.prev.end {
            let piece = match self.peek() {
                TokenKind::Dot => ".".to_string(),
                TokenKind::Slash => "/".to_string(),
                TokenKind::Minus => "-".to_string(),
                TokenKind::Ident(name) => name.clone(),
                TokenKind::Int(n) => n.to_string(),
                kind => match kind.keyword_text() {
                    Some(word) => word.to_string(),
                    None => break,
                },
            };
            text.push_str(&piece);
            self.bump();
        }
        text
    }

    /// `let|var|const name [: T] [= value | => value]`, at top level or in a block. `None`
    /// when the name is missing (the error is reported).
    pub(super) fn parse_binding(&mut self) -> Option<Binding> {
        let start = self.span();
        let kind = match self.peek() {
            TokenKind::Var => BindKind::Var,
            TokenKind::Const => BindKind::Const,
            _ => BindKind::Let,
        };
        self.bump();
        let name = self.name()?;
        let ty = if self.eat(&TokenKind::Colon) { Some(self.parse_type()) } else { None };
        let init = self.assign_op().map(|op| (op, self.parse_expr()));
        Some(Binding { kind, name, ty, init, span: self.span_from(start) })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, diags, dump, outline, parse_ok};
    use crate::syntax::ast::{ImportPath, Item};

    #[test]
    fn imports_in_every_form() {
        let parsed = parse_ok("import core\nimport \"string\"\nimport ./util/strings\nimport ../x/my-lib\n");
        let paths: Vec<_> = parsed
            .module
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Import(d) => Some(d.path.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            paths,
            [
                ImportPath::Name("core".into()),
                ImportPath::Str("string".into()),
                ImportPath::Relative("./util/strings".into()),
                ImportPath::Relative("../x/my-lib".into()),
            ]
        );
    }

    #[test]
    fn functions_with_params_props_and_return_types() {
        let src = "func hostAdd(a: view Int, b: view Int = 2) extern ret Int\n\
                   func area(T: type, w: mod List(T)) pub ret opt view T {\n  ret w\n}\n";
        let expected = outline(
            "
            func hostAdd
              params
                param a
                  type view Int
                param b
                  type view Int
                  = int 2
              props extern
              ret Int
            func area
              params
                param T
                  type type
                param w
                  type mod List(T)
              props pub
              ret opt view T
              body
                ret
                  ident w
            ",
        );
        assert_eq!(dump(src), expected);
    }

    #[test]
    fn a_parameter_without_a_mode_is_not_a_syntax_error() {
        assert_eq!(dump("func f(x: Int)\n"), outline("func f\n  params\n    param x\n      type Int\n"));
    }

    #[test]
    fn attributes_in_every_form() {
        let src = "@vm_stub\n@function \"lua\" @limit(1, 2)\nfunc f() {\n  return { 1 } -- }\n}\n@tool\nlet g = 1\n";
        let expected = outline(
            "
            func f
              @vm_stub
              @function
                str \"lua\"
              @limit
                int 1
                int 2
              params
              script \"\\n  return { 1 } -- }\\n\"
            let g
              @tool
              = int 1
            ",
        );
        assert_eq!(dump(src), expected);
    }

    #[test]
    fn an_attribute_needs_a_declaration() {
        assert_eq!(
            diags("@tool\n"),
            [("P0001", "unexpected end of file: expected declaration after attribute".into())]
        );
        assert_eq!(codes("@tool\n42\nfunc main() {\n}\n"), ["P0002"]);
        assert_eq!(codes("@tool\nimport core\n"), ["P0002"]);
    }

    #[test]
    fn visibility_before_a_declaration_is_reported_and_the_function_kept() {
        let message = "Function property 'pub' cannot be defined before function. It must be put into the properties \
                       section after the function parameters like this: 'func name() pub'";
        assert_eq!(diags("pub func helper() {\n}\n"), [("P0201", message.to_string())]);
        let parsed = crate::syntax::parse(crate::source::FileId(0), "priv func helper() {\n}\n");
        assert!(
            parsed.diagnostics[0].message.contains("'priv' cannot")
                && parsed.diagnostics[0].message.ends_with("'func name() priv'")
        );
        assert!(matches!(&parsed.module.items[0], Item::Func(f) if f.name.name == "helper" && f.props.is_empty()));
    }

    #[test]
    fn keywords_as_names_are_reported_and_used() {
        assert_eq!(diags("func mod() {\n}\n"), [("P0202", "'mod' is a reserved keyword".into())]);
        assert_eq!(diags("func f(type: view Int) {\n}\n"), [("P0202", "'type' is a reserved keyword".into())]);
        assert_eq!(
            diags("func main() {\n  let view: Int = 1\n}\n"),
            [("P0202", "'view' is a reserved keyword".into())]
        );
        let parsed = crate::syntax::parse(crate::source::FileId(0), "let view: Int = 1\n");
        assert!(matches!(&parsed.module.items[0], Item::Global(g) if g.binding.name.name == "view"));
    }

    #[test]
    fn types_with_parameters_fields_and_defaults() {
        let src = "type Pair(T: type, U: type) {\n  a: T = 1, b: U\n\n  c: List(Int)\n}\ntype Track { title: String, seconds: Int }\n";
        let expected = outline(
            "
            type Pair
              type params T U
              field a
                type T
                = int 1
              field b
                type U
              field c
                type List(Int)
            type Track
              field title
                type String
              field seconds
                type Int
            ",
        );
        assert_eq!(dump(src), expected);
    }

    #[test]
    fn a_bad_field_does_not_hide_the_others() {
        let src = "type P {\n  x Int\n  y: Int\n  z: = 3\n}\n";
        assert_eq!(codes(src), ["P0002", "P0002"]);
        let parsed = crate::syntax::parse(crate::source::FileId(0), src);
        assert!(matches!(&parsed.module.items[0], Item::Type(t) if t.fields.len() == 2));
    }

    #[test]
    fn enums_one_member_per_line_or_comma_separated() {
        let expected = outline("enum Color\n  member red\n  member green\n  member blue\n");
        assert_eq!(dump("enum Color {\n  red\n  green\n  blue\n}\n"), expected);
        assert_eq!(dump("enum Color { red, green, blue }\n"), expected);
    }

    #[test]
    fn globals_of_every_kind() {
        let expected =
            outline("let a\n  type Int\n  = int 1\nvar b\n  = int 2\nconst c\n  = int 3\nlet d\n  type Int\n");
        assert_eq!(dump("let a: Int = 1\nvar b = 2\nconst c = 3\nlet d: Int\n"), expected);
    }

    #[test]
    fn garbage_after_a_declaration() {
        assert_eq!(
            diags("func f() {\n} x\n"),
            [("P0003", "expected end of line after declaration, found identifier".into())]
        );
        assert_eq!(diags("}\nfunc f() {\n}\n"), [("P0002", "expected declaration, found '}'".into())]);
    }
}
