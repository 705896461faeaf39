//! The natives registry: every native by its registry key (the key the checker gives an
//! `extern`/`@native_only` function), link-time suggestions, and capability sets.

use super::{HostState, NativeFn};
use crate::vm::value::Value;
use std::collections::HashMap;
use std::rc::Rc;

/// One registered native: its key, its value parameters' types and its return type as Rae
/// writes them (`List(T)`, `opt T`; `None` for no `ret`), for the VM's link-time checks.
#[derive(Clone)]
pub struct Native {
    pub key: String,
    pub params: Vec<String>,
    pub ret: Option<String>,
    pub func: NativeFn,
    /// What the native does, when the VM can do it on the registers itself (no argument
    /// slice, no `dyn` call, no `Result`). A native a host registers has none.
    pub direct: Option<Direct>,
}

/// Natives the VM runs directly (see `vm::lower`).
#[derive(Clone, Copy, Debug)]
pub enum Direct {
    /// Maps one float to one float and does nothing else (`sqrt`, `floor`, …).
    F32(fn(f32) -> f32),
    F64(fn(f64) -> f64),
    /// `get(key:)` and `has(key:)` of `StringMap(V)`/`IntMap(V)`.
    MapGet,
    MapHas,
}

impl std::fmt::Debug for Native {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Native").field("key", &self.key).field("params", &self.params).field("ret", &self.ret).finish()
    }
}

/// Natives by key. Indices are stable once registered, so the VM links a call to an index.
#[derive(Clone, Debug, Default)]
pub struct NativeRegistry {
    natives: Vec<Native>,
    by_key: HashMap<String, usize>,
}

impl NativeRegistry {
    /// An empty registry.
    pub fn new() -> NativeRegistry {
        NativeRegistry::default()
    }

    /// Every function of the library modules `core`, `math` and `string`.
    pub fn with_core() -> NativeRegistry {
        let mut registry = NativeRegistry::new();
        super::core::register(&mut registry);
        super::list::register(&mut registry);
        super::map::register(&mut registry);
        super::math::register(&mut registry);
        super::string::register(&mut registry);
        registry
    }

    /// What a program run from the command line can call: the core library, and raylib in a
    /// window of its own when the engine is built with it.
    pub fn standard() -> NativeRegistry {
        let registry = NativeRegistry::with_core();
        #[cfg(feature = "raylib")]
        let registry = registry.with_raylib(super::raylib::Display::Window);
        registry
    }

    /// This registry with the raylib natives added, drawing on `display`.
    #[cfg(feature = "raylib")]
    pub fn with_raylib(mut self, display: super::raylib::Display) -> NativeRegistry {
        super::raylib::register(&mut self, display);
        self
    }

    /// Registers `func` under `key`, replacing a native already there (a host may override a
    /// library function); returns its index.
    pub fn register(&mut self, key: &str, params: Vec<String>, ret: Option<String>, func: NativeFn) -> usize {
        self.insert(Native { key: key.to_string(), params, ret, func, direct: None })
    }

    fn insert(&mut self, native: Native) -> usize {
        if let Some(&index) = self.by_key.get(&native.key) {
            self.natives[index] = native;
            return index;
        }
        self.by_key.insert(native.key.clone(), self.natives.len());
        self.natives.push(native);
        self.natives.len() - 1
    }

    /// Registers a float function under `key` (parameter and result type `ty`), callable both
    /// as a native and directly (`Direct::F32`/`F64`; anything else registers nothing).
    pub(super) fn define_unary(&mut self, key: &str, ty: &str, unary: Direct) {
        let func: NativeFn = match unary {
            Direct::F32(f) => Rc::new(move |_, a| Ok(Value::Float(f64::from(f(super::args::float(a, 0)? as f32))))),
            Direct::F64(f) => Rc::new(move |_, a| Ok(Value::Float(f(super::args::float(a, 0)?)))),
            Direct::MapGet | Direct::MapHas => return,
        };
        let (params, ret) = (vec![ty.to_string()], Some(ty.to_string()));
        self.insert(Native { key: key.to_string(), params, ret, func, direct: Some(unary) });
    }

    /// [`register`](Self::register) with the signature written as `&str`s, for the bundles here.
    pub(super) fn define(
        &mut self,
        key: &str,
        params: &[&str],
        ret: Option<&str>,
        func: impl Fn(&mut HostState, &mut [Value]) -> Result<Value, String> + 'static,
    ) {
        let params = params.iter().map(|p| p.to_string()).collect();
        self.register(key, params, ret.map(str::to_string), Rc::new(func));
    }

    /// Marks the native under `key` as one the VM may run directly.
    pub(super) fn mark_direct(&mut self, key: &str, direct: Direct) {
        if let Some(&index) = self.by_key.get(key) {
            self.natives[index].direct = Some(direct);
        }
    }

    pub fn lookup(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// The native at `index`, an index [`lookup`](Self::lookup) or `register` returned.
    pub fn get(&self, index: usize) -> &Native {
        &self.natives[index]
    }

    /// Every key, in registration order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.natives.iter().map(|n| n.key.as_str())
    }

    /// Up to `n` registered keys closest to `key` by edit distance, closest first (ties by
    /// key), for a link error's "did you mean".
    pub fn nearest(&self, key: &str, n: usize) -> Vec<&str> {
        let mut scored: Vec<(usize, &str)> = self.keys().map(|k| (edit_distance(key, k), k)).collect();
        scored.sort_unstable();
        scored.into_iter().take(n).map(|(_, k)| k).collect()
    }

    /// A registry with only the natives `allow` names, for untrusted code. An entry is a key
    /// (`math.abs(Int)`), a function name that covers all its overloads (`math.abs`), or a
    /// module prefix (`math.*`); `*` allows everything.
    pub fn restricted(&self, allow: &[&str]) -> NativeRegistry {
        let mut out = NativeRegistry::new();
        for native in self.natives.iter().filter(|n| allow.iter().any(|a| allows(a, &n.key))) {
            out.insert(native.clone());
        }
        out
    }
}

fn allows(entry: &str, key: &str) -> bool {
    if entry == "*" || entry == key {
        return true;
    }
    if let Some(module) = entry.strip_suffix(".*") {
        return key.strip_prefix(module).is_some_and(|rest| rest.starts_with('.'));
    }
    key.strip_prefix(entry).is_some_and(|rest| rest.starts_with('('))
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::typed::ParamMode;
    use crate::driver::{self, LoadOptions, ModuleRef};

    fn constant(n: i64) -> NativeFn {
        Rc::new(move |_, _| Ok(Value::Int(n)))
    }

    fn sample() -> NativeRegistry {
        let mut r = NativeRegistry::new();
        for (i, key) in ["core.log", "core.logS", "math.abs(Int)", "math.abs(Float)", "string.trim"].iter().enumerate()
        {
            r.register(key, vec!["Int".into()], None, constant(i as i64));
        }
        r
    }

    fn call(r: &NativeRegistry, key: &str) -> Value {
        let native = r.get(r.lookup(key).unwrap());
        (native.func)(&mut HostState::with_output(Box::new(std::io::sink())), &mut []).unwrap()
    }

    #[test]
    fn register_lookup_and_replace() {
        let mut r = sample();
        assert_eq!(r.lookup("core.logS"), Some(1));
        assert_eq!(r.lookup("core.nope"), None);
        assert_eq!(call(&r, "math.abs(Float)"), Value::Int(3));
        assert_eq!(r.register("math.abs(Float)", vec![], Some("Float".into()), constant(42)), 3);
        assert_eq!(call(&r, "math.abs(Float)"), Value::Int(42));
        assert_eq!(r.get(3).ret.as_deref(), Some("Float"));
        assert_eq!(r.keys().count(), 5);
    }

    #[test]
    fn overriding_a_float_native_drops_its_direct_form() {
        let mut r = NativeRegistry::with_core();
        let key = "math.sqrt(Float64)";
        assert!(r.get(r.lookup(key).unwrap()).direct.is_some());
        assert!(r.restricted(&["math.sqrt"]).get(1).direct.is_some(), "restricting keeps it");
        r.register(key, vec!["Float64".into()], Some("Float64".into()), constant(1));
        assert!(r.get(r.lookup(key).unwrap()).direct.is_none());
    }

    #[test]
    fn nearest_keys_by_edit_distance() {
        let r = sample();
        assert_eq!(r.nearest("core.lgo", 2), vec!["core.log", "core.logS"]);
        assert_eq!(r.nearest("math.abs(Int64)", 1), vec!["math.abs(Int)"]);
        assert_eq!(r.nearest("x", 0), Vec::<&str>::new());
        assert_eq!(r.nearest("x", 99).len(), 5);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("💜a", "a"), 1);
    }

    #[test]
    fn restricted_registries_keep_only_what_is_allowed() {
        let r = sample();
        let keys = |allow: &[&str]| r.restricted(allow).keys().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(keys(&["math.*"]), vec!["math.abs(Int)", "math.abs(Float)"]);
        assert_eq!(keys(&["core.log"]), vec!["core.log"]);
        assert_eq!(keys(&["math.abs", "string.*"]), vec!["math.abs(Int)", "math.abs(Float)", "string.trim"]);
        assert_eq!(keys(&["math.abs(Float)"]), vec!["math.abs(Float)"]);
        assert_eq!(keys(&["mat.*", "core.lo", "str*"]), Vec::<String>::new());
        assert_eq!(keys(&["*"]).len(), 5);
        let restricted = r.restricted(&["string.*"]);
        assert_eq!(call(&restricted, "string.trim"), Value::Int(4));
        assert_eq!(restricted.lookup("core.log"), None);
    }

    #[test]
    fn every_library_function_has_a_native_with_its_signature() {
        let (program, _) =
            driver::load_source("main.rae", "import math\nimport \"string\"\n".into(), LoadOptions::default());
        let checked = crate::check::check_program(&program);
        let typed = &checked.typed;
        let registry = NativeRegistry::with_core();
        let mut seen = 0;
        for f in typed.functions.iter().filter(|f| matches!(f.module, ModuleRef::Library(_))) {
            let key = f.registry_key.as_deref().unwrap_or_else(|| panic!("library function {} has no key", f.name));
            let index = registry.lookup(key).unwrap_or_else(|| panic!("no native registered for {key}"));
            let native = registry.get(index);
            let params: Vec<String> =
                f.params.iter().filter(|p| p.mode != ParamMode::Type).map(|p| typed.ty_name(&p.ty)).collect();
            assert_eq!(native.params, params, "parameters of {key}");
            let ret = (f.ret != crate::check::types::Ty::Void).then(|| typed.ty_name(&f.ret));
            assert_eq!(native.ret, ret, "return type of {key}");
            seen += 1;
        }
        assert!(seen > 100, "only {seen} library functions found");
        let keys: std::collections::HashSet<&str> =
            typed.functions.iter().filter_map(|f| f.registry_key.as_deref()).collect();
        for key in registry.keys() {
            assert!(keys.contains(key), "native {key} serves no library function");
        }
    }
}
