//! Declarations: collecting the types, enums, functions and globals of every module, resolving
//! struct fields and function signatures, and the naming and duplicate rules.

use super::codes;
use super::env::{Checker, GlobalState, Sym};
use super::names::{is_camel_case, is_pascal_case};
use super::type_expr::split_mode;
use super::typed::{DeclRef, EnumInfo, FieldInfo, FuncInfo, GlobalInfo, ParamInfo, ParamMode, StructInfo};
use super::types::{builtin_scalar, EnumId, FuncId, GlobalId, StructId, Ty, TypeParam, BUILTIN_CONTAINERS, INT};
use crate::diag::Diagnostic;
use crate::manifest::FuncKind;
use crate::script::{ScriptError, Source};
use crate::source::Span;
use crate::syntax::ast::{
    Attribute, EnumDecl, ExprKind, FuncDecl, GlobalDecl, Ident, Item, Mode, ScriptCode, TypeDecl, TypeExprKind,
};
use std::sync::Arc;

/// What kind of declaration a name belongs to, for the naming-convention messages.
#[derive(Clone, Copy)]
pub enum NameKind {
    Function,
    Parameter,
    Variable,
    Field,
    EnumMember,
    Type,
    Enum,
    TypeParameter,
}

impl Checker<'_> {
    /// Reports a declaration name that breaks the convention of its kind.
    pub fn check_name(&mut self, kind: NameKind, name: &Ident) {
        // An empty name comes from a declaration the parser already reported.
        if name.name.is_empty() {
            return;
        }
        let (what, camel) = match kind {
            NameKind::Function => ("function", true),
            NameKind::Parameter => ("parameter", true),
            NameKind::Variable => ("variable", true),
            NameKind::Field => ("field", true),
            NameKind::EnumMember => ("enum member", true),
            NameKind::Type => ("type", false),
            NameKind::Enum => ("enum", false),
            NameKind::TypeParameter => ("type parameter", false),
        };
        let ok = if camel { is_camel_case(&name.name) } else { is_pascal_case(&name.name) };
        if !ok {
            let style = if camel { "camelCase" } else { "PascalCase" };
            let msg = format!("{what} name '{}' must be {style}", name.name);
            self.report(Diagnostic::error(codes::NAMING, name.span, msg));
        }
    }

    /// Pass 1: gives every top-level declaration an id and a name in its module.
    pub fn collect_decls(&mut self) {
        for m in 0..self.mods.len() {
            let ast = self.mods[m].ast;
            for (i, item) in ast.items.iter().enumerate() {
                let decl = match item {
                    Item::Type(t) => self.collect_struct(m, i, t),
                    Item::Enum(e) => self.collect_enum(m, i, e),
                    Item::Func(f) => self.collect_func(m, i, f),
                    Item::Global(g) => self.collect_global(m, i, g),
                    Item::Import(_) | Item::Error(_) => DeclRef::None,
                };
                self.out.modules[m].items.push(decl);
            }
        }
        self.build_visible();
    }

    /// Adds `sym` under `name` to the module's own names unless that clashes with an earlier
    /// declaration (functions may share a name: overloads are checked later).
    fn declare(&mut self, module: usize, name: &Ident, sym: Sym) -> bool {
        if builtin_scalar(&name.name).is_some() || BUILTIN_CONTAINERS.contains(&name.name.as_str()) {
            let msg = format!("'{}' is a built-in type and cannot be redefined", name.name);
            self.report(Diagnostic::error(codes::DUPLICATE_DECL, name.span, msg));
            return false;
        }
        let existing = self.mods[module].own.get(&name.name).and_then(|v| v.first().copied());
        if let Some(first) = existing {
            if !(matches!(first, Sym::Func(_)) && matches!(sym, Sym::Func(_))) {
                let msg = format!("'{}' is already defined in this module", name.name);
                let d = Diagnostic::error(codes::DUPLICATE_DECL, name.span, msg)
                    .with_label(self.sym_span(first), "first defined here");
                self.report(d);
                return false;
            }
        }
        self.mods[module].own.entry(name.name.clone()).or_default().push(sym);
        true
    }

    fn sym_span(&self, sym: Sym) -> Span {
        match sym {
            Sym::Struct(id) => self.out.struct_info(id).span,
            Sym::Enum(id) => self.out.enum_info(id).span,
            Sym::Func(id) => self.out.func(id).span,
            Sym::Global(id) => self.out.global(id).span,
        }
    }

    fn collect_struct(&mut self, m: usize, item: usize, t: &TypeDecl) -> DeclRef {
        self.check_name(NameKind::Type, &t.name);
        self.check_attrs(&t.attrs, false);
        let id = StructId(self.out.structs.len() as u32);
        self.out.structs.push(StructInfo {
            name: t.name.name.clone(),
            module: self.mods[m].module_ref.clone(),
            item,
            type_params: t.type_params.iter().map(|p| p.name.clone()).collect(),
            fields: Vec::new(),
            span: t.name.span,
        });
        if self.declare(m, &t.name, Sym::Struct(id)) {
            DeclRef::Struct(id)
        } else {
            DeclRef::None
        }
    }

    fn collect_enum(&mut self, m: usize, item: usize, e: &EnumDecl) -> DeclRef {
        self.check_name(NameKind::Enum, &e.name);
        self.check_attrs(&e.attrs, false);
        let mut members: Vec<String> = Vec::with_capacity(e.members.len());
        for member in &e.members {
            self.check_name(NameKind::EnumMember, member);
            if members.contains(&member.name) {
                let msg = format!("enum '{}' already has a member '{}'", e.name.name, member.name);
                self.report(Diagnostic::error(codes::DUPLICATE_DECL, member.span, msg));
            }
            members.push(member.name.clone());
        }
        let id = EnumId(self.out.enums.len() as u32);
        let module = self.mods[m].module_ref.clone();
        self.out.enums.push(EnumInfo { name: e.name.name.clone(), module, item, members, span: e.name.span });
        if self.declare(m, &e.name, Sym::Enum(id)) {
            DeclRef::Enum(id)
        } else {
            DeclRef::None
        }
    }

    fn collect_func(&mut self, m: usize, item: usize, f: &FuncDecl) -> DeclRef {
        let id = FuncId(self.out.functions.len() as u32);
        self.out.functions.push(FuncInfo {
            name: f.name.name.clone(),
            module: self.mods[m].module_ref.clone(),
            item,
            params: Vec::new(),
            ret: Ty::Void,
            kind: FuncKind::Rae,
            native_only: false,
            host_symbol: None,
            registry_key: None,
            type_params: 0,
            locals: Vec::new(),
            span: f.name.span,
        });
        if self.declare(m, &f.name, Sym::Func(id)) {
            DeclRef::Func(id)
        } else {
            DeclRef::None
        }
    }

    fn collect_global(&mut self, m: usize, item: usize, g: &GlobalDecl) -> DeclRef {
        self.check_name(NameKind::Variable, &g.binding.name);
        self.check_attrs(&g.attrs, false);
        let id = GlobalId(self.out.globals.len() as u32);
        self.out.globals.push(GlobalInfo {
            name: g.binding.name.name.clone(),
            module: self.mods[m].module_ref.clone(),
            item,
            kind: g.binding.kind,
            ty: Ty::Error,
            span: g.binding.name.span,
        });
        self.global_state.push(GlobalState::Pending);
        if self.declare(m, &g.binding.name, Sym::Global(id)) {
            DeclRef::Global(id)
        } else {
            DeclRef::None
        }
    }

    /// Warns about attributes nothing reads. `for_func` admits the function attributes.
    pub fn check_attrs(&mut self, attrs: &[Attribute], for_func: bool) {
        const FUNC_ATTRS: &[&str] = &["vm_stub", "native_only", "function"];
        for a in attrs {
            if !(for_func && FUNC_ATTRS.contains(&a.name.name.as_str())) {
                let msg = format!("unknown attribute '@{}' is ignored", a.name.name);
                self.report(Diagnostic::warning(codes::UNKNOWN_ATTRIBUTE, a.span, msg));
            }
        }
    }

    /// Pass 2: field types of every struct, then the check that none contains itself.
    pub fn resolve_structs(&mut self) {
        for m in 0..self.mods.len() {
            let ast = self.mods[m].ast;
            for (i, item) in ast.items.iter().enumerate() {
                let (Item::Type(t), DeclRef::Struct(id)) = (item, self.out.modules[m].items[i]) else { continue };
                let params: Vec<String> = t.type_params.iter().map(|p| p.name.clone()).collect();
                for p in &t.type_params {
                    self.check_name(NameKind::TypeParameter, p);
                }
                let mut fields: Vec<FieldInfo> = Vec::with_capacity(t.fields.len());
                for f in &t.fields {
                    self.check_name(NameKind::Field, &f.name);
                    if fields.iter().any(|x| x.name == f.name.name) {
                        let msg = format!("type '{}' already has a field '{}'", t.name.name, f.name.name);
                        self.report(Diagnostic::error(codes::DUPLICATE_DECL, f.name.span, msg));
                    }
                    let ty = match &f.ty.kind {
                        TypeExprKind::Mode(Mode::View | Mode::Mod, _) => {
                            let msg = "view/mod not allowed in struct fields";
                            self.report(Diagnostic::error(codes::REF_IN_FIELD, f.ty.span, msg));
                            Ty::Error
                        }
                        _ => self.resolve_type(m, split_mode(&f.ty).1, &params),
                    };
                    fields.push(FieldInfo { name: f.name.name.clone(), ty, has_default: f.default.is_some() });
                }
                self.out.structs[id.0 as usize].fields = fields;
            }
        }
        self.check_recursive_structs();
    }

    /// Pass 3: every function's parameters, return type, kind and attributes.
    pub fn resolve_funcs(&mut self) {
        for m in 0..self.mods.len() {
            let ast = self.mods[m].ast;
            for (i, item) in ast.items.iter().enumerate() {
                let (Item::Func(f), DeclRef::Func(id)) = (item, self.out.modules[m].items[i]) else { continue };
                self.resolve_signature(m, id, f);
                self.resolve_kind(id, f);
            }
        }
        self.check_overloads();
    }

    fn resolve_signature(&mut self, m: usize, id: FuncId, f: &FuncDecl) {
        self.check_name(NameKind::Function, &f.name);
        let type_params: Vec<String> =
            f.params.iter().take_while(|p| p.is_type_param()).map(|p| p.name.name.clone()).collect();
        let mut params = Vec::with_capacity(f.params.len());
        for (pi, p) in f.params.iter().enumerate() {
            if p.is_type_param() {
                self.check_name(NameKind::TypeParameter, &p.name);
                if pi >= type_params.len() {
                    let msg = format!("type parameter '{}' must come before the value parameters", p.name.name);
                    self.report(Diagnostic::error(codes::PARAM_MODE, p.name.span, msg));
                }
                let index = pi.min(type_params.len()) as u32;
                let param = Ty::Param(TypeParam { index, name: p.name.name.as_str().into() });
                params.push(ParamInfo {
                    name: p.name.name.clone(),
                    mode: ParamMode::Type,
                    ty: Ty::Type(Arc::new(param)),
                    has_default: false,
                    span: p.name.span,
                });
                continue;
            }
            self.check_name(NameKind::Parameter, &p.name);
            let (mode, inner) = match super::type_expr::optional_ref_mode(&p.ty) {
                Some(Mode::Mod) => {
                    // The VM moves a `mod` argument in and back out; an absent one has no place
                    // to write back to yet, so this form is refused rather than half-supported.
                    let msg = format!(
                        "parameter '{}': 'opt mod' parameters are not supported yet; use 'mod' with a value, or return the new value",
                        p.name.name
                    );
                    self.report(Diagnostic::error(codes::PARAM_MODE, p.ty.span, msg));
                    (Some(Mode::View), &p.ty)
                }
                Some(m) => (Some(m), &p.ty),
                None => split_mode(&p.ty),
            };
            let mode = match mode {
                Some(Mode::View) => ParamMode::View,
                Some(Mode::Mod) => ParamMode::Mod,
                Some(Mode::Copy) => ParamMode::Copy,
                Some(Mode::Own) => ParamMode::Own,
                Some(Mode::Val) => {
                    let t = super::type_expr::type_expr_text(inner);
                    let msg = format!("parameter '{}' uses deprecated 'val {t}'; use 'copy {t}' instead", p.name.name);
                    self.report(Diagnostic::error(codes::PARAM_MODE, p.ty.span, msg));
                    ParamMode::Copy
                }
                None => {
                    let msg = format!(
                        "parameter '{}' must specify view/copy/mod/own; bare parameter types are not allowed",
                        p.name.name
                    );
                    let help = format!("write '{}: view {}'", p.name.name, super::type_expr::type_expr_text(inner));
                    self.report(Diagnostic::error(codes::PARAM_MODE, p.name.span, msg).with_help(help));
                    ParamMode::View
                }
            };
            let ty = self.resolve_type(m, inner, &type_params).strip_refs();
            params.push(ParamInfo {
                name: p.name.name.clone(),
                mode,
                ty,
                has_default: p.default.is_some(),
                span: p.name.span,
            });
        }
        let ret = match &f.ret {
            Some(t) => self.resolve_type(m, t, &type_params),
            None => Ty::Void,
        };
        let info = &mut self.out.functions[id.0 as usize];
        info.params = params;
        info.ret = ret;
        info.type_params = type_params.len() as u32;
        if m == 0 && f.name.name == "main" && !self.mods[m].is_library {
            let ok = info.params.is_empty() && matches!(info.ret, Ty::Void | INT);
            if !ok {
                let msg = "'main' must be declared as 'func main()' or 'func main() ret Int'";
                self.report(Diagnostic::error(codes::MAIN_SIGNATURE, f.name.span, msg));
            }
        }
    }

    /// FuncKind from `extern` and the attributes (reference section 11), with host symbol.
    fn resolve_kind(&mut self, id: FuncId, f: &FuncDecl) {
        self.check_attrs(&f.attrs, true);
        let name = &f.name.name;
        let mut is_extern = false;
        for p in &f.props {
            match p.name.as_str() {
                "extern" => is_extern = true,
                "pub" | "priv" => {
                    let msg = format!("'{}' is reserved; Rae has no visibility modifiers", p.name);
                    self.report(Diagnostic::error(codes::VISIBILITY, p.span, msg));
                }
                other => {
                    let msg = format!("unknown function property '{other}'");
                    self.report(Diagnostic::error(codes::FUNC_KIND, p.span, msg));
                }
            }
        }
        let vm_stub = f.attr("vm_stub");
        let native_only = f.attr("native_only");
        let script = f.attr("function").and_then(|a| self.script_language(a));
        let has_body = f.body.is_some();
        if let Some(a) = native_only {
            if vm_stub.is_some() || is_extern {
                let msg = "@native_only cannot be combined with @vm_stub or extern";
                self.report(Diagnostic::error(codes::FUNC_KIND, a.span, msg));
            }
        }
        if is_extern && has_body {
            let msg = format!("extern function '{name}' cannot have a body");
            self.report(Diagnostic::error(codes::FUNC_KIND, f.name.span, msg));
        }
        let kind = if let Some(lang) = script {
            self.check_script(f, &lang);
            FuncKind::Script(lang)
        } else if vm_stub.is_some() {
            if !has_body {
                let msg = format!("@vm_stub function '{name}' needs a Rae body for the VM to run");
                self.report(Diagnostic::error(codes::FUNC_KIND, f.name.span, msg));
            }
            FuncKind::NativeStub
        } else if is_extern {
            FuncKind::Extern
        } else {
            // A body in an unknown language (already reported) is still a body.
            if !has_body && f.script.is_none() {
                let msg = format!("function '{name}' has no body; write one or declare it 'extern'");
                self.report(Diagnostic::error(codes::FUNC_KIND, f.name.span, msg));
            }
            FuncKind::Rae
        };
        let info = &mut self.out.functions[id.0 as usize];
        info.host_symbol = matches!(kind, FuncKind::Extern | FuncKind::NativeStub).then(|| name.clone());
        info.native_only = native_only.is_some() && kind == FuncKind::Rae;
        info.kind = kind;
    }

    /// A script function has its language's code for a body, which that language's parser
    /// accepts (errors point at the line of the .rae file), in a language this build runs.
    fn check_script(&mut self, f: &FuncDecl, lang: &str) {
        let name = &f.name.name;
        let Some(script) = &f.script else {
            let msg = format!("{lang} function '{name}' needs its {lang} code in braces after the signature");
            return self.report(Diagnostic::error(codes::FUNC_KIND, f.name.span, msg));
        };
        for p in &f.params {
            if crate::script::reserved(lang, &p.name.name) {
                let msg = format!("parameter '{}' is a reserved word in {lang}; rename it", p.name.name);
                return self.report(Diagnostic::error(codes::SCRIPT_SYNTAX, p.name.span, msg));
            }
        }
        let params: Vec<&str> = f.params.iter().map(|p| p.name.name.as_str()).collect();
        let file = self.program.sources.get(script.span.file);
        let line = file.line_col(script.span.start).0 as u32;
        let source = Source { name, params: &params, code: &script.code, line };
        match crate::script::check_syntax(lang, &source) {
            Ok(()) => {}
            Err(e @ ScriptError::Disabled { .. }) => {
                let at = f.attr("function").map_or(f.name.span, |a| a.span);
                self.report(Diagnostic::error(codes::SCRIPT_DISABLED, at, e.to_string()));
            }
            Err(e) => {
                let line = match &e {
                    ScriptError::Syntax { line, .. } => *line,
                    _ => None,
                };
                let at = line.and_then(|l| line_span(script, l.saturating_sub(source.line) + 1)).unwrap_or(script.span);
                self.report(Diagnostic::error(codes::SCRIPT_SYNTAX, at, e.to_string()));
            }
        }
    }

    /// The language of `@function "lang"`, reporting a missing or unknown one.
    fn script_language(&mut self, a: &Attribute) -> Option<String> {
        let lang = match a.args.first().map(|e| &e.kind) {
            Some(ExprKind::Str(s)) => s.clone(),
            _ => {
                let msg = "@function needs the language as a string: @function \"lua\"";
                self.report(Diagnostic::error(codes::FUNC_KIND, a.span, msg));
                return None;
            }
        };
        if crate::script::language(&lang).is_none() {
            let known: Vec<&str> = crate::script::LANGUAGES.iter().map(|l| l.name).collect();
            let msg = format!("unknown script language '{lang}'; expected one of: {}", known.join(", "));
            self.report(Diagnostic::error(codes::FUNC_KIND, a.span, msg));
            return None;
        }
        Some(lang)
    }

    /// Rejects overloads with identical parameter types and computes registry keys, which
    /// carry the parameter types when a name is overloaded within its module.
    fn check_overloads(&mut self) {
        for m in 0..self.mods.len() {
            let groups: Vec<Vec<FuncId>> = self.mods[m]
                .own
                .values()
                .map(|syms| {
                    syms.iter()
                        .filter_map(|s| match s {
                            Sym::Func(f) => Some(*f),
                            _ => None,
                        })
                        .collect()
                })
                .collect();
            for group in groups {
                let keys: Vec<Vec<Ty>> = group.iter().map(|&f| self.param_types(f)).collect();
                for (i, &f) in group.iter().enumerate() {
                    if keys[..i].contains(&keys[i]) {
                        let info = self.out.func(f);
                        let msg = format!("function '{}' is already defined with the same parameter types", info.name);
                        self.report(Diagnostic::error(codes::DUPLICATE_DECL, info.span, msg));
                    }
                    self.set_registry_key(m, f, group.len() > 1);
                }
            }
        }
    }

    fn param_types(&self, f: FuncId) -> Vec<Ty> {
        self.out.func(f).value_params().map(|(_, p)| p.ty.clone()).collect()
    }

    fn set_registry_key(&mut self, m: usize, f: FuncId, overloaded: bool) {
        let info = self.out.func(f);
        // A script function is linked to its language's VM under `lang:module.name`.
        let prefix = match &info.kind {
            FuncKind::Script(lang) => format!("{lang}:"),
            _ if info.kind == FuncKind::Extern || info.native_only => String::new(),
            _ => return,
        };
        let mut key = format!("{prefix}{}.{}", self.mods[m].name, info.name);
        if overloaded {
            let types: Vec<String> = info.value_params().map(|(_, p)| self.name_of(&p.ty)).collect();
            key = format!("{key}({})", types.join(","));
        }
        self.out.functions[f.0 as usize].registry_key = Some(key);
    }
}

/// The text of line `line` of a script's code (line 1 is the line of its `{`), without its
/// indentation.
fn line_span(script: &ScriptCode, line: u32) -> Option<Span> {
    let code_start = script.span.start + 1;
    let mut offset = 0usize;
    for _ in 1..line {
        offset += script.code.get(offset..)?.find('\n')? + 1;
    }
    let text = script.code.get(offset..)?;
    let text = text.split('\n').next().unwrap_or_default();
    let indent = text.len() - text.trim_start().len();
    let start = code_start + (offset + indent) as u32;
    Some(Span { start, end: start + text.trim().len().max(1) as u32, ..script.span })
}
