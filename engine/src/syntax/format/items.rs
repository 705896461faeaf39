//! Formatting top-level declarations: imports, globals, functions, struct and enum types, attributes.

use super::printer::Printer;
use crate::syntax::ast::{Attribute, Field, FuncDecl, Ident, ImportDecl, ImportPath, Item, Module, Param, TypeDecl};

impl Printer<'_> {
    pub(super) fn module(&mut self, module: &Module) {
        let mut prev: Option<&Item> = None;
        for item in &module.items {
            let grouped = prev.is_some_and(|p| same_group(p, item));
            self.item(item, prev.is_some() && !grouped);
            prev = Some(item);
        }
    }

    /// One declaration with its attributes; `force_blank` separates it from the previous one.
    fn item(&mut self, item: &Item, force_blank: bool) {
        let attrs = match item {
            Item::Func(d) => d.attrs.as_slice(),
            Item::Type(d) => &d.attrs,
            Item::Enum(d) => &d.attrs,
            Item::Global(d) => &d.attrs,
            Item::Import(_) | Item::Error(_) => &[],
        };
        for (i, attr) in attrs.iter().enumerate() {
            self.lead_in(attr.span.start, force_blank && i == 0);
            self.attribute(attr);
            self.end_line(attr.span.end);
        }
        // Comments between the attributes and the keyword print before the keyword, on their own lines.
        let head = match item {
            Item::Func(d) => d.name.span.start,
            Item::Type(d) => d.name.span.start,
            Item::Enum(d) => d.name.span.start,
            Item::Global(d) => d.binding.name.span.start,
            Item::Import(d) => d.span.start,
            Item::Error(span) => span.start,
        };
        self.lead_in(head, force_blank && attrs.is_empty());
        match item {
            Item::Func(d) => self.func(d),
            Item::Type(d) => self.type_decl(d),
            Item::Enum(d) => {
                self.write("enum ");
                self.write(&d.name.name);
                self.write(" ");
                self.braced(d.name.span.end, d.span.end, &d.members, |p, member: &Ident, _| {
                    p.lead_in(member.span.start, false);
                    p.write(&member.name);
                    p.end_line(member.span.end);
                });
            }
            Item::Global(d) => self.binding(&d.binding, true),
            Item::Import(d) => self.import(d),
            Item::Error(span) => self.verbatim(*span),
        }
        self.end_line(item.span().end);
    }

    /// `@name`, `@name "text"` or `@name(args)`: the parenthesised form is kept when written.
    fn attribute(&mut self, attr: &Attribute) {
        self.write("@");
        self.write(&attr.name.name);
        if self.code_between(attr.name.span.end, attr.span.end).trim_start().starts_with('(') {
            self.write("(");
            self.comma_list(&attr.args, |p, a| p.expr(a));
            self.write(")");
        } else if !attr.args.is_empty() {
            self.write(" ");
            self.comma_list(&attr.args, |p, a| p.expr(a));
        }
    }

    fn func(&mut self, d: &FuncDecl) {
        self.write("func ");
        self.write(&d.name.name);
        self.write("(");
        self.comma_list(&d.params, |p, param| p.param(param));
        self.write(")");
        for prop in &d.props {
            self.write(" ");
            self.write(&prop.name);
        }
        if let Some(ret) = &d.ret {
            self.write(" ret ");
            self.ty(ret);
        }
        if let Some(body) = &d.body {
            self.write(" ");
            self.block(body);
        }
        // Another language's code is that language's business: written back as it was.
        if let Some(script) = &d.script {
            self.write(" {");
            self.write(&script.code);
            self.write("}");
        }
    }

    fn param(&mut self, param: &Param) {
        self.write(&param.name.name);
        self.write(": ");
        self.ty(&param.ty);
        if let Some(default) = &param.default {
            self.write(" = ");
            self.expr(default);
        }
    }

    fn type_decl(&mut self, d: &TypeDecl) {
        self.write("type ");
        self.write(&d.name.name);
        if !d.type_params.is_empty() {
            self.write("(");
            self.comma_list(&d.type_params, |p, t| {
                p.write(&t.name);
                p.write(": type");
            });
            self.write(")");
        }
        self.write(" ");
        let from = d.type_params.last().map_or(d.name.span.end, |t| t.span.end);
        self.braced(from, d.span.end, &d.fields, |p, field: &Field, _| {
            p.lead_in(field.span.start, false);
            p.write(&field.name.name);
            p.write(": ");
            p.ty(&field.ty);
            if let Some(default) = &field.default {
                p.write(" = ");
                p.expr(default);
            }
            p.end_line(field.span.end);
        });
    }

    fn import(&mut self, d: &ImportDecl) {
        self.write("import ");
        match &d.path {
            ImportPath::Name(name) | ImportPath::Relative(name) => self.write(name),
            // The string as written, escapes included: from its opening quote to the end of the declaration.
            ImportPath::Str(text) => {
                let written = self.source(d.span.start, d.span.end);
                match written.find('"') {
                    Some(quote) => self.write(&written[quote..]),
                    None => self.write(&format!("{text:?}")),
                }
            }
        }
    }
}

/// Consecutive imports, and consecutive globals, may stay together without a blank line.
fn same_group(prev: &Item, next: &Item) -> bool {
    matches!((prev, next), (Item::Import(_), Item::Import(_)) | (Item::Global(_), Item::Global(_)))
}
