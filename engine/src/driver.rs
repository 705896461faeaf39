//! Loading a program: read the root file, parse it, follow `import`s to other files, and
//! hand the checker one `Program` with every module and its imports resolved.

use crate::diag::{Diagnostic, Severity};
use crate::source::{FileId, SourceMap};
use crate::syntax::ast::{ImportPath, Item};
use crate::syntax::{self, Parsed};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Modules the toolchain provides without a file. `core` is imported implicitly.
pub const LIBRARY_MODULES: &[&str] = &["core", "math", "string"];

/// Modules the toolchain ships as Rae source, imported by name: each loads like a file of the
/// program (its types, globals and constants are ordinary declarations; its `extern` functions
/// get the registry keys `<name>.<function>` that hosts serve).
pub const BUNDLED_MODULES: &[(&str, &str)] = &[("raylib", include_str!("bundled/raylib.rae"))];

/// Where the bundled module `name` seems to live, in diagnostics and stack traces.
fn bundled_path(name: &str) -> String {
    format!("<bundled>/{name}.rae")
}

pub const DIAG_MISSING_MODULE: &str = "M0001";
pub const DIAG_UNREADABLE_MODULE: &str = "M0002";
/// Every code the loader emits itself (the lexer's and parser's pass through it).
pub const CODES: &[&str] = &[DIAG_MISSING_MODULE, DIAG_UNREADABLE_MODULE];

#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// `--no-implicit`: do not import `core` into every module.
    pub no_implicit: bool,
}

/// What an `import` (or the implicit `core`) refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModuleRef {
    /// Index into `Program::modules`.
    Source(usize),
    /// One of `LIBRARY_MODULES`.
    Library(&'static str),
}

#[derive(Debug)]
pub struct ProgramModule {
    /// The file stem (`main`, `util`).
    pub name: String,
    pub file: FileId,
    pub parsed: Parsed,
    /// Resolved imports in source order; the implicit `core` comes first when enabled.
    pub imports: Vec<ModuleRef>,
}

/// Every module of one program; `modules[0]` is the root.
#[derive(Debug)]
pub struct Program {
    pub sources: SourceMap,
    pub modules: Vec<ProgramModule>,
    pub options: LoadOptions,
}

impl Program {
    pub fn root_name(&self) -> String {
        self.modules.first().map(|m| m.name.clone()).unwrap_or_default()
    }

    pub fn root(&self) -> &ProgramModule {
        &self.modules[0]
    }

    /// Whether the bundled module `name` is part of the program.
    pub fn uses_bundled(&self, name: &str) -> bool {
        let path = bundled_path(name);
        self.modules.iter().any(|m| self.sources.get(m.file).path == path)
    }
}

/// Loads `path` and everything it imports. Lexical, syntax and module diagnostics are
/// returned in the order found; a missing file reports `M0001` with the import trace.
pub fn load_program(path: &str, options: LoadOptions) -> Result<(Program, Vec<Diagnostic>), std::io::Error> {
    let text = std::fs::read_to_string(path)?;
    Ok(load_source(path, text, options))
}

/// Like [`load_program`] with the root's text given (editor buffers, tests); imports are
/// still read from disk relative to `path`.
pub fn load_source(path: &str, text: String, options: LoadOptions) -> (Program, Vec<Diagnostic>) {
    load_source_as(path, Path::new(path), text, options)
}

/// Like [`load_source`] for a root that lives at `path` on disk but is shown as
/// `display_path` in diagnostics and stack traces (as if the program were loaded from the
/// folder holding it); imports are read relative to `path`.
pub fn load_source_as(
    display_path: &str,
    path: &Path,
    text: String,
    options: LoadOptions,
) -> (Program, Vec<Diagnostic>) {
    let mut loader = Loader {
        program: Program { sources: SourceMap::new(), modules: Vec::new(), options },
        by_path: HashMap::new(),
        diags: Vec::new(),
    };
    loader.add_module(display_path, path.to_path_buf(), text, &[]);
    (loader.program, loader.diags)
}

/// Builds a program around a root module its host parsed itself (a REPL session joins the
/// declarations of many inputs in one module) from `file` in `sources`; the root's own
/// diagnostics stay with the host. Its imports are read relative to `path`.
pub fn load_parsed_root(
    sources: SourceMap,
    file: FileId,
    parsed: Parsed,
    path: &Path,
    options: LoadOptions,
) -> (Program, Vec<Diagnostic>) {
    let mut loader = Loader {
        program: Program { sources, modules: Vec::new(), options },
        by_path: HashMap::new(),
        diags: Vec::new(),
    };
    let display_path = loader.program.sources.get(file).path.clone();
    loader.add_parsed(&display_path, path.to_path_buf(), file, parsed, &[]);
    (loader.program, loader.diags)
}

struct Loader {
    program: Program,
    by_path: HashMap<PathBuf, usize>,
    diags: Vec<Diagnostic>,
}

impl Loader {
    /// Parses one module and, depth first, the files it imports. `chain` holds the paths of
    /// the importers from the root down, for the trace of a missing module.
    fn add_module(&mut self, display_path: &str, path: PathBuf, text: String, chain: &[String]) -> usize {
        let file = self.program.sources.add(display_path, text);
        let parsed = syntax::parse(file, &self.program.sources.get(file).text);
        self.diags.extend(parsed.diagnostics.iter().cloned());
        self.add_parsed(display_path, path, file, parsed, chain)
    }

    /// Adds a parsed module and, depth first, the files it imports.
    fn add_parsed(
        &mut self,
        display_path: &str,
        path: PathBuf,
        file: FileId,
        parsed: Parsed,
        chain: &[String],
    ) -> usize {
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let index = self.program.modules.len();
        self.by_path.insert(normalize(&path), index);
        let imports: Vec<(ImportPath, crate::source::Span)> = parsed
            .module
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Import(d) => Some((d.path.clone(), d.span)),
                _ => None,
            })
            .collect();
        self.program.modules.push(ProgramModule { name, file, parsed, imports: Vec::new() });

        let mut resolved = Vec::new();
        if !self.program.options.no_implicit {
            resolved.push(ModuleRef::Library("core"));
        }
        let mut chain = chain.to_vec();
        chain.push(display_path.to_string());
        for (import, _span) in imports {
            let written = match &import {
                ImportPath::Name(n) | ImportPath::Str(n) => n.clone(),
                ImportPath::Relative(p) => p.clone(),
            };
            if let ImportPath::Name(n) | ImportPath::Str(n) = &import {
                if let Some(lib) = LIBRARY_MODULES.iter().find(|l| **l == n.as_str()) {
                    if !resolved.contains(&ModuleRef::Library(lib)) {
                        resolved.push(ModuleRef::Library(lib));
                    }
                    continue;
                }
            }
            let bundled = match &import {
                ImportPath::Name(n) => BUNDLED_MODULES.iter().find(|(name, _)| name == n),
                _ => None,
            };
            let target = match bundled {
                Some((name, _)) => PathBuf::from(bundled_path(name)),
                None => resolve_relative(&path, &written),
            };
            if let Some(&existing) = self.by_path.get(&normalize(&target)) {
                resolved.push(ModuleRef::Source(existing));
                continue;
            }
            if let Some((_, text)) = bundled {
                let shown = target.to_string_lossy().into_owned();
                let child = self.add_module(&shown, target, (*text).to_string(), &chain);
                resolved.push(ModuleRef::Source(child));
                continue;
            }
            match std::fs::read_to_string(&target) {
                Ok(text) => {
                    let shown = display_of(display_path, &written);
                    let child = self.add_module(&shown, target, text, &chain);
                    resolved.push(ModuleRef::Source(child));
                }
                Err(err) => self.diags.push(missing_module(&written, display_path, &chain, &err)),
            }
        }
        self.program.modules[index].imports = resolved;
        index
    }
}

fn missing_module(written: &str, importer: &str, chain: &[String], err: &std::io::Error) -> Diagnostic {
    // A file that exists but cannot be read (not UTF-8, a directory, no permission) is not
    // "not found": saying so would send the user looking for a file that is there.
    let (code, problem) = if err.kind() == std::io::ErrorKind::NotFound {
        (DIAG_MISSING_MODULE, "not found")
    } else {
        (DIAG_UNREADABLE_MODULE, "cannot be read")
    };
    let mut d = Diagnostic::new(
        Severity::Error,
        code,
        None,
        format!("imported module '{written}' {problem} (required by '{importer}')"),
    );
    d.trace.push("  import trace:".to_string());
    d.trace.extend(chain.iter().map(|m| format!("    -> {m}")));
    d.trace.push(format!("    -> {written}"));
    if err.kind() != std::io::ErrorKind::NotFound {
        d.notes.push(err.to_string());
    }
    d
}

/// `./util/strings` relative to the importing file, with `.rae` added.
fn resolve_relative(importer: &Path, written: &str) -> PathBuf {
    let dir = importer.parent().unwrap_or_else(|| Path::new(""));
    let mut p = dir.join(written);
    if p.extension().is_none_or(|e| e != "rae") {
        p.set_extension("rae");
    }
    p
}

/// The path shown in diagnostics for an imported file: the importer's directory joined with
/// what the import wrote, without `./` noise.
fn display_of(importer_display: &str, written: &str) -> String {
    let p = resolve_relative(Path::new(importer_display), written);
    normalize(&p).to_string_lossy().into_owned()
}

/// Removes `.` segments and folds `dir/..` so that one file has one key.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error, ErrorKind};

    #[test]
    fn a_missing_module_and_an_unreadable_one_are_told_apart() {
        let chain = ["main.rae".to_string()];
        let missing = missing_module("./util", "main.rae", &chain, &Error::from(ErrorKind::NotFound));
        assert_eq!(missing.code, DIAG_MISSING_MODULE);
        assert_eq!(missing.message, "imported module './util' not found (required by 'main.rae')");
        assert_eq!(missing.trace, ["  import trace:", "    -> main.rae", "    -> ./util"]);
        assert!(missing.notes.is_empty());

        let err = Error::new(ErrorKind::InvalidData, "stream did not contain valid UTF-8");
        let unreadable = missing_module("./legacy", "main.rae", &chain, &err);
        assert_eq!(unreadable.code, DIAG_UNREADABLE_MODULE);
        assert_eq!(unreadable.message, "imported module './legacy' cannot be read (required by 'main.rae')");
        assert_eq!(unreadable.notes, ["stream did not contain valid UTF-8"]);
    }
}
