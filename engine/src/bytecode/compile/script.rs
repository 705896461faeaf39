//! Script functions (`@function "lang"`): what the VM needs to call one, its code and the
//! types its arguments and result cross as (`ScriptType`).

use super::{err, Compiler, R};
use crate::bytecode::chunk::{ScriptFunc, ScriptType, SharedGlobal};
use crate::check::typed::ParamMode;
use crate::check::types::{FloatTy, FuncId, IntTy, Ty};
use crate::driver::ModuleRef;
use crate::manifest::FuncKind;
use crate::script::shared;
use crate::syntax::ast::Item;

impl Compiler<'_> {
    /// Records script function `func`, called through the native `key`.
    pub(super) fn script_func(&mut self, func: FuncId, key: &str, lang: &str) -> R<()> {
        let info = self.typed.func(func);
        let module = match info.module {
            ModuleRef::Source(m) => m,
            _ => return err(format!("library function '{}' cannot have a {lang} body", info.name)),
        };
        let Some(Item::Func(decl)) = self.program.modules[module].parsed.module.items.get(info.item) else {
            return err(format!("function '{}' has no declaration", info.name));
        };
        let Some(script) = &decl.script else {
            return err(format!("function '{}' has no {lang} body", info.name));
        };
        let source = self.program.sources.files().get(script.span.file.0 as usize);
        let file = source.map(|f| f.path.clone()).unwrap_or_default();
        let line = source.map_or(0, |f| f.line_col(script.span.start).0 as u32);
        let mut params = Vec::new();
        for p in &info.params {
            if matches!(p.mode, ParamMode::Mod | ParamMode::Type) {
                let what = if p.mode == ParamMode::Mod { "a 'mod' parameter" } else { "a type parameter" };
                return err(format!("{lang} function '{}' cannot take {what} ('{}')", info.name, p.name));
            }
            let ty = self.script_type(&p.ty, &info.name, lang)?;
            params.push((p.name.clone(), ty));
        }
        let ret = match info.ret.strip_refs() {
            Ty::Void => None,
            ty => Some(self.script_type(&ty, &info.name, lang)?),
        };
        self.share_globals(&info.module, &script.code, lang);
        self.import_named_scripts(func, &script.code, lang)?;
        let (name, code) = (info.name.clone(), script.code.clone());
        let (key, lang) = (key.to_string(), lang.to_string());
        self.out.scripts.push(ScriptFunc { key, lang, name, params, ret, code, file, line });
        Ok(())
    }

    /// Imports the other functions of `func`'s module and language that `code` names: a script
    /// calls them by their Rae name (`crate::script::ScriptVM::alias`), so their VM must have
    /// them even when no Rae code calls them.
    fn import_named_scripts(&mut self, func: FuncId, code: &str, lang: &str) -> R<()> {
        let typed = self.typed;
        let module = &typed.func(func).module;
        for (index, other) in typed.functions.iter().enumerate() {
            let same_language = matches!(&other.kind, FuncKind::Script(l) if l == lang);
            if index != func.0 as usize
                && same_language
                && other.module == *module
                && shared::mentions(code, &other.name)
            {
                self.native(FuncId(index as u32))?;
            }
        }
        Ok(())
    }

    /// Shares with the scripts every global of `module` that `code` names (see
    /// `crate::script::shared`).
    fn share_globals(&mut self, module: &ModuleRef, code: &str, lang: &str) {
        let typed = self.typed;
        for (index, global) in typed.globals.iter().enumerate() {
            if global.module == *module && shared::mentions(code, &global.name) {
                self.share_global(index as u32, Some(lang));
            }
        }
    }

    /// Shares every global of the root module (`CompileOptions::share_globals`).
    pub(super) fn share_root_globals(&mut self) {
        let typed = self.typed;
        for (index, global) in typed.globals.iter().enumerate() {
            if global.module == ModuleRef::Source(0) {
                self.share_global(index as u32, None);
            }
        }
    }

    /// Shares global `index` with `lang` (`None`: every language); one whose type cannot
    /// cross stays Rae's alone.
    fn share_global(&mut self, index: u32, lang: Option<&str>) {
        if let Some(shared) = self.out.shared.iter_mut().find(|s| s.global == index) {
            if let Some(lang) = lang.filter(|l| !shared.langs.iter().any(|s| s == l)) {
                shared.langs.push(lang.to_string());
            }
            return;
        }
        let global = &self.typed.globals[index as usize];
        let mark = self.out.script_types.len();
        match self.script_type(&global.ty, &global.name, lang.unwrap_or("a script")) {
            Ok(ty) => {
                let langs = lang.map(|l| vec![l.to_string()]).unwrap_or_default();
                self.out.shared.push(SharedGlobal { global: index, ty, langs });
            }
            // Drop what the failed attempt added, so no half-built type is found later.
            Err(_) => {
                self.out.script_types.truncate(mark);
                self.script_types.retain(|_, i| (*i as usize) < mark);
            }
        }
    }

    /// The index of `ty` in the program's script types, added with its parts when new.
    fn script_type(&mut self, ty: &Ty, func: &str, lang: &str) -> R<u32> {
        let ty = ty.strip_refs();
        if let Some(&i) = self.script_types.get(&ty) {
            return Ok(i);
        }
        let index = self.out.script_types.len() as u32;
        // Reserved first, so a struct that contains itself (through a list) refers to it.
        self.out.script_types.push(ScriptType::Int);
        self.script_types.insert(ty.clone(), index);
        let entry = match &ty {
            Ty::Int(IntTy::I64) => ScriptType::Int,
            Ty::Float(FloatTy::F64) => ScriptType::Float,
            Ty::Float(FloatTy::F32) => ScriptType::Float32,
            Ty::Bool => ScriptType::Bool,
            Ty::String => ScriptType::Str,
            Ty::Char => ScriptType::Char,
            Ty::Enum(id) => ScriptType::Enum(id.0),
            Ty::List(t) => ScriptType::List(self.script_type(t, func, lang)?),
            Ty::StringMap(t) => ScriptType::StrMap(self.script_type(t, func, lang)?),
            Ty::IntMap(t) => ScriptType::IntMap(self.script_type(t, func, lang)?),
            Ty::Opt(t) => ScriptType::Opt(self.script_type(t, func, lang)?),
            Ty::Struct(id, args) => {
                let layout = self.struct_layout(*id, args);
                let binds: Vec<Option<Ty>> = args.iter().cloned().map(Some).collect();
                let field_tys: Vec<Ty> =
                    self.typed.struct_info(*id).fields.iter().map(|f| f.ty.subst(&binds)).collect();
                let fields = field_tys.iter().map(|t| self.script_type(t, func, lang)).collect::<R<Vec<u32>>>()?;
                ScriptType::Struct { layout, fields }
            }
            other => {
                let name = self.typed.ty_name(other);
                return err(format!("{lang} function '{func}': a value of type '{name}' cannot cross into {lang}"));
            }
        };
        self.out.script_types[index as usize] = entry;
        Ok(index)
    }
}
