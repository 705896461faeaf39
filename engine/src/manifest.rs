//! The function manifest: every function of every source module with its kind, signature and
//! host symbol, plus types and globals, in a stable order. The VM links natives by it and the
//! C backend emits calls to the same symbols; it is written beside every build's artifacts.

use serde::{Deserialize, Serialize};

/// Bumped whenever the JSON shape changes.
pub const MANIFEST_VERSION: u32 = 1;

/// How a function is executed (see docs/hybrid.md for the exact rules).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FuncKind {
    /// A Rae body: runs on the VM and compiles to C.
    Rae,
    /// Declared `extern`, no body: a C symbol in native builds, a registered native in the VM.
    Extern,
    /// `@vm_stub`: the Rae body is the VM's stand-in; native builds call the host symbol.
    NativeStub,
    /// `@function "lang"`: the body is run by that language's embedded VM.
    Script(String),
}

impl FuncKind {
    pub fn label(&self) -> String {
        match self {
            FuncKind::Rae => "rae".into(),
            FuncKind::Extern => "extern".into(),
            FuncKind::NativeStub => "native-stub".into(),
            FuncKind::Script(lang) => format!("script:{lang}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamEntry {
    pub name: String,
    /// `view`, `mod`, `copy`, `own`, or `type` for a type parameter.
    pub mode: String,
    /// The parameter's type as Rae writes it (`List(Int)`, `opt String`).
    #[serde(rename = "type")]
    pub ty: String,
    pub has_default: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionEntry {
    pub module: String,
    pub name: String,
    pub kind: FuncKind,
    /// `@native_only`: the VM must find a registered native under `registry_key`.
    pub native_only: bool,
    pub params: Vec<ParamEntry>,
    /// Return type, `None` when the function returns nothing.
    pub returns: Option<String>,
    /// The C symbol native builds call (Extern, NativeStub).
    pub host_symbol: Option<String>,
    /// The natives-registry key the VM links (Extern, `@native_only`).
    pub registry_key: Option<String>,
    /// Every attribute as written, known or not (`@vm_stub`, `@tool "x"`).
    pub attributes: Vec<String>,
    pub location: Location,
}

impl FunctionEntry {
    /// `name(a: view Int, b: mod List(Int)) ret Int`
    pub fn signature(&self) -> String {
        let params: Vec<String> = self.params.iter().map(|p| format!("{}: {} {}", p.name, p.mode, p.ty)).collect();
        let ret = self.returns.as_ref().map(|r| format!(" ret {r}")).unwrap_or_default();
        format!("{}({}){}", self.name, params.join(", "), ret)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldEntry {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeEntry {
    pub module: String,
    pub name: String,
    pub type_params: Vec<String>,
    pub fields: Vec<FieldEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumEntry {
    pub module: String,
    pub name: String,
    pub members: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalEntry {
    pub module: String,
    pub name: String,
    /// `let`, `var` or `const`.
    pub binding: String,
    #[serde(rename = "type")]
    pub ty: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleEntry {
    pub name: String,
    pub path: String,
    /// FNV-1a 64 of the file's bytes, hex: lets hot reload and builds see what changed.
    pub source_hash: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    /// The root module (the file the program was built from).
    pub module: String,
    pub modules: Vec<ModuleEntry>,
    pub functions: Vec<FunctionEntry>,
    pub types: Vec<TypeEntry>,
    pub enums: Vec<EnumEntry>,
    pub globals: Vec<GlobalEntry>,
}

impl Manifest {
    pub fn empty(module: &str) -> Manifest {
        Manifest {
            format_version: MANIFEST_VERSION,
            module: module.to_string(),
            modules: Vec::new(),
            functions: Vec::new(),
            types: Vec::new(),
            enums: Vec::new(),
            globals: Vec::new(),
        }
    }

    /// Sorts every list by (module, name) so the JSON is stable across runs.
    pub fn normalize(&mut self) {
        self.functions
            .sort_by(|a, b| (&a.module, &a.name, a.location.line).cmp(&(&b.module, &b.name, b.location.line)));
        self.types.sort_by(|a, b| (&a.module, &a.name).cmp(&(&b.module, &b.name)));
        self.enums.sort_by(|a, b| (&a.module, &a.name).cmp(&(&b.module, &b.name)));
        self.globals.sort_by(|a, b| (&a.module, &a.name).cmp(&(&b.module, &b.name)));
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Manifest, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// FNV-1a, 64-bit, as lowercase hex.
pub fn source_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}
