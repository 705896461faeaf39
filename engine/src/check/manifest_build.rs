//! Builds the manifest (every function, type, enum and global of the source modules) from
//! the checked declarations; library modules are not listed.

use super::env::Checker;
use super::type_expr::{split_mode, type_expr_text};
use super::typed::{DeclRef, ParamMode};
use super::types::Ty;
use crate::manifest::{
    source_hash, EnumEntry, FieldEntry, FunctionEntry, GlobalEntry, Location, Manifest, ModuleEntry, ParamEntry,
    TypeEntry,
};
use crate::source::Span;
use crate::syntax::ast::{Attribute, BindKind, Item};

impl Checker<'_> {
    pub fn build_manifest(&self) -> Manifest {
        let mut manifest = Manifest::empty(&self.program.root_name());
        for m in &self.program.modules {
            let file = self.program.sources.get(m.file);
            manifest.modules.push(ModuleEntry {
                name: m.name.clone(),
                path: file.path.clone(),
                source_hash: source_hash(file.text.as_bytes()),
            });
        }
        for (m, module) in self.program.modules.iter().enumerate() {
            for (i, item) in module.parsed.module.items.iter().enumerate() {
                match item {
                    Item::Func(f) => {
                        let Some(id) = self.out.func_of_item(m, i) else { continue };
                        let info = self.out.func(id);
                        let params = info
                            .params
                            .iter()
                            .zip(&f.params)
                            .map(|(p, decl)| ParamEntry {
                                name: p.name.clone(),
                                mode: p.mode.text().to_string(),
                                ty: match p.mode {
                                    ParamMode::Type => "type".to_string(),
                                    _ => type_expr_text(split_mode(&decl.ty).1),
                                },
                                has_default: p.has_default,
                            })
                            .collect();
                        manifest.functions.push(FunctionEntry {
                            module: module.name.clone(),
                            name: info.name.clone(),
                            kind: info.kind.clone(),
                            native_only: info.native_only,
                            params,
                            returns: f.ret.as_ref().map(type_expr_text),
                            host_symbol: info.host_symbol.clone(),
                            registry_key: info.registry_key.clone(),
                            attributes: self.attribute_texts(&f.attrs),
                            location: self.location(f.name.span),
                        });
                    }
                    Item::Type(t) => manifest.types.push(TypeEntry {
                        module: module.name.clone(),
                        name: t.name.name.clone(),
                        type_params: t.type_params.iter().map(|p| p.name.clone()).collect(),
                        fields: t
                            .fields
                            .iter()
                            .map(|f| FieldEntry { name: f.name.name.clone(), ty: type_expr_text(&f.ty) })
                            .collect(),
                    }),
                    Item::Enum(e) => manifest.enums.push(EnumEntry {
                        module: module.name.clone(),
                        name: e.name.name.clone(),
                        members: e.members.iter().map(|m| m.name.clone()).collect(),
                    }),
                    Item::Global(g) => {
                        let b = &g.binding;
                        let ty = match &b.ty {
                            Some(t) => type_expr_text(t),
                            None => self.global_ty_text(m, i),
                        };
                        let binding = match b.kind {
                            BindKind::Let => "let",
                            BindKind::Var => "var",
                            BindKind::Const => "const",
                        };
                        manifest.globals.push(GlobalEntry {
                            module: module.name.clone(),
                            name: b.name.name.clone(),
                            binding: binding.to_string(),
                            ty,
                        });
                    }
                    Item::Import(_) | Item::Error(_) => {}
                }
            }
        }
        manifest.normalize();
        manifest
    }

    fn global_ty_text(&self, module: usize, item: usize) -> String {
        match self.out.modules[module].items.get(item) {
            Some(DeclRef::Global(g)) => self.name_of(&self.out.global(*g).ty),
            _ => self.name_of(&Ty::Error),
        }
    }

    /// Attributes exactly as written (`@vm_stub`, `@tool "x"`).
    fn attribute_texts(&self, attrs: &[Attribute]) -> Vec<String> {
        attrs
            .iter()
            .map(|a| {
                let text = self.span_text(a.span).trim();
                if text.starts_with('@') && !text.contains('\n') {
                    text.to_string()
                } else {
                    format!("@{}", a.name.name)
                }
            })
            .collect()
    }

    fn location(&self, span: Span) -> Location {
        let file = self.program.sources.get(span.file);
        let (line, column) = file.line_col(span.start);
        Location { file: file.path.clone(), line, column }
    }
}
