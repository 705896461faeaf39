//! The build pipeline behind `rae build`: load and check a program once, then write bytecode
//! (`targets`), C compiled into a native executable (here), or both plus a `.raepkg` bundle.
//!
//! `rae build --target native --out DIR FILE` writes `DIR/<stem>.c` (kept, for debugging),
//! the runtime (`DIR/runtime/rae_runtime.{h,c}`), `DIR/<stem>.manifest` (the function
//! manifest as JSON) and the executable `DIR/<stem>`. `--target vm` writes `DIR/<stem>.raeb`
//! and the manifest; `--target hybrid` writes all of them and `DIR/<stem>.raepkg/`.

pub mod launch;
pub mod profile;
pub mod raepkg;
mod raylib_link;
pub mod run_build;
pub mod targets;
pub mod toolchain;

pub use profile::Profile;
pub use targets::{build_hybrid_as, build_vm_as, Artifacts, Target};
pub use toolchain::Toolchain;

use crate::bytecode::CompiledProgram;
use crate::cbackend::{self, ExternFn, RUNTIME_C, RUNTIME_C_NAME, RUNTIME_H, RUNTIME_H_NAME};
use crate::check::{CheckOutput, TypedProgram};
use crate::diag::{self, DiagFormat};
use crate::driver::{self, LoadOptions, ModuleRef, Program};
use crate::manifest::FuncKind;
use std::fmt;
use std::path::{Path, PathBuf};

/// The folder of the build directory that holds the C runtime.
pub const RUNTIME_DIR: &str = "runtime";

/// How many lines of the C compiler's complaint an internal compiler error shows.
const CC_LINES_SHOWN: usize = 12;

#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub profile: Profile,
    pub out_dir: PathBuf,
    /// User C files that define `extern` functions.
    pub c_sources: Vec<PathBuf>,
    /// A runtime already compiled for this profile (`compile_runtime`), linked instead of
    /// compiling `rae_runtime.c` again; test suites build it once.
    pub runtime_object: Option<PathBuf>,
    pub no_implicit: bool,
    pub toolchain: Option<Toolchain>,
    /// The executable a hybrid build copies into its bundle as the launcher (none: no launcher).
    pub launcher: Option<PathBuf>,
    /// Whether that launcher is the whole toolchain (recorded in `bundle.json`).
    pub embed_compiler: bool,
}

impl BuildOptions {
    pub fn new(out_dir: impl Into<PathBuf>, profile: Profile) -> BuildOptions {
        BuildOptions {
            profile,
            out_dir: out_dir.into(),
            c_sources: Vec::new(),
            runtime_object: None,
            no_implicit: false,
            toolchain: None,
            launcher: None,
            embed_compiler: false,
        }
    }
}

/// What a successful build wrote, and the warnings it printed (rendered diagnostics).
#[derive(Clone, Debug)]
pub struct BuildOutput {
    pub c_file: PathBuf,
    pub executable: PathBuf,
    pub manifest: PathBuf,
    pub warnings: String,
}

/// Why a build failed; `exit_status` is the CLI's status for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// The program has errors (rendered exactly as `rae check` prints them).
    Diagnostics(String),
    /// The bytecode compiler or the C backend refused the program.
    Program(String),
    /// No C compiler.
    NoCompiler,
    /// Files could not be read or written.
    Io(String),
    /// `extern` functions (Rae name, C symbol) whose host symbol no C source defines.
    MissingSymbols(Vec<(String, String)>),
    /// The user's C sources did not compile or link.
    UserC(String),
    /// The generated C did not compile: our bug.
    Internal { compiler_output: String, c_file: PathBuf },
}

impl BuildError {
    pub fn exit_status(&self) -> u8 {
        match self {
            BuildError::Diagnostics(_) | BuildError::Program(_) | BuildError::MissingSymbols(_) => 1,
            BuildError::UserC(_) => 1,
            BuildError::NoCompiler | BuildError::Io(_) => 2,
            BuildError::Internal { .. } => 3,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Diagnostics(text) => write!(f, "{text}"),
            BuildError::Program(text) | BuildError::Io(text) => writeln!(f, "{text}"),
            BuildError::NoCompiler => writeln!(f, "{}", toolchain::INSTALL_HINT),
            BuildError::MissingSymbols(missing) => {
                for (function, symbol) in missing {
                    writeln!(
                        f,
                        "error: extern function '{function}' needs the C symbol '{symbol}', but no C source defines it (pass the file that does with --c-source FILE)"
                    )?;
                }
                Ok(())
            }
            BuildError::UserC(output) => {
                write!(f, "error: the C sources given with --c-source did not compile:\n{output}")
            }
            BuildError::Internal { compiler_output, c_file } => {
                writeln!(f, "internal compiler error: the generated C did not compile")?;
                for line in compiler_output.lines().take(CC_LINES_SHOWN) {
                    writeln!(f, "  {line}")?;
                }
                writeln!(f, "the generated C is kept at {}", c_file.display())
            }
        }
    }
}

impl std::error::Error for BuildError {}

fn io(what: &str, path: &Path, e: std::io::Error) -> BuildError {
    BuildError::Io(format!("error: cannot {what} '{}': {e}", path.display()))
}

/// A compiler that cannot be started because it does not exist is no compiler at all.
fn spawn_error(toolchain: &Toolchain, e: std::io::Error) -> BuildError {
    if e.kind() == std::io::ErrorKind::NotFound {
        BuildError::NoCompiler
    } else {
        io("run the C compiler", &toolchain.program, e)
    }
}

/// Builds the program `text` (read from `path`) into a native executable.
pub fn build_native(path: &str, text: String, options: &BuildOptions) -> Result<BuildOutput, BuildError> {
    build_native_as(path, Path::new(path), text, options)
}

/// Like [`build_native`] for a program at `disk_path` that diagnostics and stack traces call
/// `path` (see `driver::load_source_as`).
pub fn build_native_as(
    path: &str,
    disk_path: &Path,
    text: String,
    options: &BuildOptions,
) -> Result<BuildOutput, BuildError> {
    let mut front = FrontEnd::load(path, disk_path, text, options.no_implicit)?;
    let c = front.emit_c()?;
    let stem = program_stem(path);
    let sources =
        write_native_sources(&options.out_dir, &stem, &c, &front.checked.manifest.to_json(), front.uses_raylib())?;
    let toolchain = options.toolchain.clone().or_else(Toolchain::from_env).ok_or(BuildError::NoCompiler)?;
    let executable = compile_native(&toolchain, &sources, &front.externs(), options)?;
    Ok(BuildOutput { c_file: sources.c_file, executable, manifest: sources.manifest, warnings: front.warnings })
}

/// A program that passed the front end (loaded once, checked once), ready for every backend.
pub(crate) struct FrontEnd {
    pub program: Program,
    pub checked: CheckOutput,
    /// The warnings, rendered as `rae check` prints them.
    pub warnings: String,
}

impl FrontEnd {
    pub fn load(path: &str, disk_path: &Path, text: String, no_implicit: bool) -> Result<FrontEnd, BuildError> {
        let (program, mut diags) = driver::load_source_as(path, disk_path, text, LoadOptions { no_implicit });
        let checked = crate::check::check_program(&program);
        diags.extend(checked.diagnostics.iter().cloned());
        diag::sort(&mut diags);
        let warnings = diag::render_all(&diags, &program.sources, DiagFormat::Short);
        if diag::has_errors(&diags) {
            return Err(BuildError::Diagnostics(warnings));
        }
        Ok(FrontEnd { program, checked, warnings })
    }

    /// The bytecode the VM runs: `@native_only` functions stay calls to registered natives.
    pub fn compile_bytecode(&self) -> Result<CompiledProgram, BuildError> {
        crate::bytecode::compile(&self.program, &self.checked).map_err(|e| self.program_error(e))
    }

    /// The C of the program. Native builds compile the bodies of `@native_only` functions,
    /// which the VM leaves to a registered native, so this clears the flag for good.
    pub fn emit_c(&mut self) -> Result<String, BuildError> {
        for f in &mut self.checked.typed.functions {
            f.native_only = false;
        }
        let compiled = self.compile_bytecode()?;
        cbackend::emit_program(&compiled, &self.externs()).map_err(|e| self.program_error(e))
    }

    fn externs(&self) -> Vec<ExternFn> {
        extern_functions(&self.checked.typed)
    }

    /// Whether the program has functions in another language, which native builds refuse.
    pub fn has_scripts(&self) -> bool {
        self.checked.manifest.functions.iter().any(|f| matches!(f.kind, crate::manifest::FuncKind::Script(_)))
    }

    /// Whether native builds must link raylib.
    pub fn uses_raylib(&self) -> bool {
        self.program.uses_bundled("raylib")
    }

    fn program_error(&self, e: impl fmt::Display) -> BuildError {
        BuildError::Program(format!("{}{e}", self.warnings))
    }
}

/// The name every artifact of `path` is called by: its file stem.
pub(crate) fn program_stem(path: &str) -> String {
    Path::new(path).file_stem().map_or_else(|| "main".into(), |s| s.to_string_lossy().into_owned())
}

/// The files a native compile reads, as written into the build directory.
pub(crate) struct NativeSources {
    pub c_file: PathBuf,
    pub manifest: PathBuf,
    pub runtime_dir: PathBuf,
    pub executable: PathBuf,
    /// The raylib natives' C, for a program that imports raylib.
    pub raylib_c: Option<PathBuf>,
}

/// Writes `DIR/<stem>.c`, `DIR/<stem>.manifest` and the runtime under `DIR/runtime/` (with the
/// raylib natives when the program uses raylib).
pub(crate) fn write_native_sources(
    dir: &Path,
    stem: &str,
    c: &str,
    manifest: &str,
    raylib: bool,
) -> Result<NativeSources, BuildError> {
    std::fs::create_dir_all(dir).map_err(|e| io("create", dir, e))?;
    // The runtime has a folder of its own, so no program name can collide with it.
    let runtime_dir = dir.join(RUNTIME_DIR);
    std::fs::create_dir_all(&runtime_dir).map_err(|e| io("create", &runtime_dir, e))?;
    let sources = NativeSources {
        c_file: dir.join(format!("{stem}.c")),
        manifest: dir.join(format!("{stem}.manifest")),
        executable: dir.join(format!("{stem}{}", std::env::consts::EXE_SUFFIX)),
        raylib_c: raylib.then(|| runtime_dir.join(raylib_link::RAYLIB_C_NAME)),
        runtime_dir,
    };
    write_file(&sources.c_file, c.as_bytes())?;
    write_file(&sources.runtime_dir.join(RUNTIME_H_NAME), RUNTIME_H.as_bytes())?;
    write_file(&sources.runtime_dir.join(RUNTIME_C_NAME), RUNTIME_C.as_bytes())?;
    write_file(&sources.manifest, manifest.as_bytes())?;
    if let Some(raylib_c) = &sources.raylib_c {
        write_file(raylib_c, raylib_link::RAYLIB_C.as_bytes())?;
    }
    Ok(sources)
}

pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    std::fs::write(path, bytes).map_err(|e| io("write", path, e))
}

/// Compiles the written sources (and the user's C sources) into `sources.executable`.
pub(crate) fn compile_native(
    toolchain: &Toolchain,
    sources: &NativeSources,
    externs: &[ExternFn],
    options: &BuildOptions,
) -> Result<PathBuf, BuildError> {
    let runtime = match &options.runtime_object {
        Some(object) => object.clone(),
        None => sources.runtime_dir.join(RUNTIME_C_NAME),
    };
    let raylib = match &sources.raylib_c {
        Some(raylib_c) => raylib_link::RaylibLib::locate()?.args(raylib_c),
        None => Vec::new(),
    };
    let mut cmd = toolchain.command();
    cmd.args(options.profile.c_flags()).arg("-std=gnu11").arg("-I").arg(&sources.runtime_dir);
    cmd.arg("-o").arg(&sources.executable).arg(&sources.c_file).arg(&runtime).args(&options.c_sources);
    cmd.args(raylib).args(["-lm", "-pthread"]);
    let out = cmd.output().map_err(|e| spawn_error(toolchain, e))?;
    if !out.status.success() {
        let text = format!("{}{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout));
        return Err(classify_cc_failure(text, &sources.c_file, externs, !options.c_sources.is_empty()));
    }
    Ok(sources.executable.clone())
}

/// A failed C compile is the user's when it is a missing `extern` symbol or their own C
/// source; anything else is a bug of the generated C.
fn classify_cc_failure(output: String, c_file: &Path, externs: &[ExternFn], user_c: bool) -> BuildError {
    // GNU ld quotes `sym', lld and Apple's ld "sym" or 'sym'.
    let missing: Vec<(String, String)> = externs
        .iter()
        .filter(|ext| {
            let quoted = [format!("`{}'", ext.symbol), format!("\"{}\"", ext.symbol), format!("'{}'", ext.symbol)];
            output.contains("undefined") && quoted.iter().any(|q| output.contains(q.as_str()))
        })
        .map(|ext| (ext.name.clone(), ext.symbol.clone()))
        .collect();
    if !missing.is_empty() {
        return BuildError::MissingSymbols(missing);
    }
    let generated = c_file.to_string_lossy();
    if user_c && !output.contains(generated.as_ref()) && !output.contains(RUNTIME_C_NAME) {
        return BuildError::UserC(output);
    }
    BuildError::Internal { compiler_output: output, c_file: c_file.to_path_buf() }
}

/// Every `extern` function of the program's own modules (the library's are the runtime's) with its C-facing signature.
fn extern_functions(typed: &TypedProgram) -> Vec<ExternFn> {
    typed
        .functions
        .iter()
        .filter(|f| f.kind == FuncKind::Extern && matches!(f.module, ModuleRef::Source(_)))
        .filter_map(|f| {
            Some(ExternFn {
                name: f.name.clone(),
                key: f.registry_key.clone()?,
                symbol: f.host_symbol.clone()?,
                params: f.value_params().map(|(_, p)| p.ty.clone()).collect(),
                ret: f.ret.clone(),
            })
        })
        .collect()
}

/// Compiles the C runtime for `profile` into an object file in `dir` (for builds that link
/// it with `BuildOptions::runtime_object`).
pub fn compile_runtime(toolchain: &Toolchain, profile: Profile, dir: &Path) -> Result<PathBuf, BuildError> {
    std::fs::create_dir_all(dir).map_err(|e| io("create", dir, e))?;
    let source = dir.join(RUNTIME_C_NAME);
    std::fs::write(dir.join(RUNTIME_H_NAME), RUNTIME_H).map_err(|e| io("write", dir, e))?;
    std::fs::write(&source, RUNTIME_C).map_err(|e| io("write", &source, e))?;
    let object = dir.join(format!("rae_runtime_{}.o", profile.name()));
    let out = toolchain
        .command()
        .args(profile.c_flags())
        .arg("-std=gnu11")
        .arg("-c")
        .arg(&source)
        .arg("-o")
        .arg(&object)
        .output()
        .map_err(|e| spawn_error(toolchain, e))?;
    if !out.status.success() {
        return Err(BuildError::Internal {
            compiler_output: String::from_utf8_lossy(&out.stderr).into_owned(),
            c_file: source,
        });
    }
    Ok(object)
}

/// An empty, per-process scratch directory path for unit tests of the build stages.
#[cfg(test)]
pub(crate) fn scratch_dir(prefix: &str, name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("{prefix}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A native part that did not build, as a warning: the VM still runs the program.
fn no_native_part(e: &BuildError) -> String {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    format!("warning: the native part was not built (the VM runs the program): {first}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::types::{IntTy, Ty};

    fn host_add() -> ExternFn {
        ExternFn {
            name: "hostAdd".into(),
            key: "main.hostAdd".into(),
            symbol: "hostAdd".into(),
            params: vec![Ty::Int(IntTy::I64)],
            ret: Ty::Int(IntTy::I64),
        }
    }

    #[test]
    fn undefined_extern_symbols_are_the_users_problem() {
        let out = "/usr/bin/ld: main.o: in function `rx_0':\nmain.c:(.text+0x1): undefined reference to `hostAdd'\n";
        let e = classify_cc_failure(out.into(), Path::new("b/main.c"), &[host_add()], false);
        assert_eq!(e, BuildError::MissingSymbols(vec![("hostAdd".into(), "hostAdd".into())]));
        assert_eq!(e.exit_status(), 1);
        assert!(e.to_string().contains("extern function 'hostAdd' needs the C symbol 'hostAdd'"));
    }

    #[test]
    fn other_failures_on_generated_c_are_internal_errors() {
        let out = "b/main.c:3:1: error: expected ';'\n";
        let e = classify_cc_failure(out.into(), Path::new("b/main.c"), &[host_add()], true);
        assert_eq!(e.exit_status(), 3);
        let text = e.to_string();
        assert!(text.starts_with("internal compiler error: the generated C did not compile\n  b/main.c:3:1"), "{text}");
        assert!(text.ends_with("the generated C is kept at b/main.c\n"), "{text}");
        let user = classify_cc_failure("host.c:1:1: error: nope\n".into(), Path::new("b/main.c"), &[], true);
        assert_eq!(user.exit_status(), 1);
    }

    #[test]
    fn a_missing_compiler_says_how_to_install_one() {
        let toolchain = Toolchain { program: PathBuf::from("/nonexistent/cc"), args: vec![] };
        let dir = std::env::temp_dir().join(format!("rae-no-cc-test-{}", std::process::id()));
        let e = compile_runtime(&toolchain, Profile::Dev, &dir);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(e, Err(BuildError::NoCompiler));
        assert!(BuildError::NoCompiler.to_string().contains("no C compiler found"));
        assert_eq!(BuildError::NoCompiler.exit_status(), 2);
    }
}
