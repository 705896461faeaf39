//! The `vm` and `hybrid` targets of `rae build`: bytecode and manifest, and for hybrid also
//! the C, the native executable and the `.raepkg` bundle, all from one front-end pass.

use super::raepkg::{self, BundleFiles};
use super::{
    compile_native, io, no_native_part, program_stem, write_file, write_native_sources, BuildError, BuildOptions,
    FrontEnd, Toolchain,
};
use crate::bytecode::format;
use crate::script::VmConfig;
use std::path::{Path, PathBuf};

/// The extension of bytecode files.
pub const BYTECODE_EXT: &str = "raeb";
/// The extension of manifest files (JSON).
pub const MANIFEST_EXT: &str = "manifest";

/// What `rae build` builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Vm,
    Native,
    Hybrid,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Vm => "vm",
            Target::Native => "native",
            Target::Hybrid => "hybrid",
        }
    }
}

/// What a `vm` or `hybrid` build wrote, and the warnings it printed.
#[derive(Clone, Debug)]
pub struct Artifacts {
    pub bytecode: PathBuf,
    pub manifest: PathBuf,
    /// Hybrid only: the generated C.
    pub c_file: Option<PathBuf>,
    /// Hybrid only, and only when a C compiler was found.
    pub executable: Option<PathBuf>,
    /// Hybrid only: the `.raepkg` folder.
    pub bundle: Option<PathBuf>,
    /// Rendered diagnostics (warnings) and build notes, for stderr.
    pub warnings: String,
}

/// `--target vm`: `DIR/<stem>.raeb` and `DIR/<stem>.manifest`.
pub fn build_vm_as(
    path: &str,
    disk_path: &Path,
    text: String,
    options: &BuildOptions,
) -> Result<Artifacts, BuildError> {
    let front = FrontEnd::load(path, disk_path, text, options.no_implicit)?;
    let bytes = format::write(&front.compile_bytecode()?);
    let stem = program_stem(path);
    let dir = &options.out_dir;
    std::fs::create_dir_all(dir).map_err(|e| io("create", dir, e))?;
    let bytecode = dir.join(format!("{stem}.{BYTECODE_EXT}"));
    let manifest = dir.join(format!("{stem}.{MANIFEST_EXT}"));
    write_file(&bytecode, &bytes)?;
    write_file(&manifest, front.checked.manifest.to_json().as_bytes())?;
    Ok(Artifacts { bytecode, manifest, c_file: None, executable: None, bundle: None, warnings: front.warnings })
}

/// `--target hybrid`: the `vm` artifacts, the native ones (`DIR/<stem>.c`, the runtime, the
/// executable when a C compiler exists) and the bundle `DIR/<stem>.raepkg/`. A program with
/// script functions has no native part (native builds run Rae code only): its bundle carries
/// the bytecode, which the launcher runs with the script VMs, and a warning says why.
pub fn build_hybrid_as(
    path: &str,
    disk_path: &Path,
    text: String,
    options: &BuildOptions,
) -> Result<Artifacts, BuildError> {
    let mut front = FrontEnd::load(path, disk_path, text, options.no_implicit)?;
    // The project file beside the program configures its script VMs in the bundle too: it is
    // read once, checked, and those bytes go into the bundle.
    let project = match VmConfig::project_path(disk_path) {
        Some(file) => {
            let text = std::fs::read_to_string(&file).map_err(|e| io("read", &file, e))?;
            VmConfig::parse(&file.display().to_string(), &text).map_err(|e| BuildError::Program(format!("{e}\n")))?;
            Some(text)
        }
        None => None,
    };
    let bytes = format::write(&front.compile_bytecode()?);
    let stem = program_stem(path);
    let manifest_json = front.checked.manifest.to_json();
    let mut warnings = front.warnings.clone();
    let c = match front.emit_c() {
        Ok(c) => Some(c),
        Err(e) if front.has_scripts() => {
            warnings.push_str(&no_native_part(&e));
            None
        }
        Err(e) => return Err(e),
    };
    let sources = match &c {
        Some(c) => Some(write_native_sources(&options.out_dir, &stem, c, &manifest_json, front.uses_raylib())?),
        None => None,
    };
    let manifest = options.out_dir.join(format!("{stem}.{MANIFEST_EXT}"));
    if sources.is_none() {
        std::fs::create_dir_all(&options.out_dir).map_err(|e| io("create", &options.out_dir, e))?;
        write_file(&manifest, manifest_json.as_bytes())?;
    }
    let bytecode = options.out_dir.join(format!("{stem}.{BYTECODE_EXT}"));
    write_file(&bytecode, &bytes)?;
    // A machine without a C compiler still gets a bundle the VM runs.
    let toolchain = options.toolchain.clone().or_else(Toolchain::from_env).ok_or(BuildError::NoCompiler);
    let executable = match (&sources, toolchain) {
        (None, _) => None,
        (Some(sources), toolchain) => {
            match toolchain.and_then(|t| compile_native(&t, sources, &front.externs(), options)) {
                Ok(executable) => Some(executable),
                Err(BuildError::NoCompiler) => {
                    warnings.push_str(raepkg::NO_NATIVE_WARNING);
                    warnings.push('\n');
                    None
                }
                Err(e) => return Err(e),
            }
        }
    };
    let files = BundleFiles {
        stem: &stem,
        project: project.as_deref(),
        bytecode: &bytes,
        manifest: &manifest_json,
        c: c.as_deref(),
        executable: executable.as_deref(),
        c_sources: &options.c_sources,
    };
    let bundle = raepkg::write_bundle(&options.out_dir, &files, options)?;
    Ok(Artifacts {
        bytecode,
        manifest: sources.as_ref().map_or(manifest, |s| s.manifest.clone()),
        c_file: sources.map(|s| s.c_file),
        executable,
        bundle: Some(bundle),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::launch::{run_bundle, LaunchOptions};
    use crate::build::{Profile, Toolchain};
    use crate::host::OutputBuffer;

    const PROGRAM: &str = "func main() ret Int {\n  log(\"seven {3 + 4}\")\n  ret 7\n}\n";

    fn scratch(name: &str) -> PathBuf {
        crate::build::scratch_dir("rae-targets-unit", name)
    }

    #[test]
    fn vm_bytecode_reads_back_as_the_compiled_program() {
        let dir = scratch("vm");
        let built =
            build_vm_as("seven.rae", Path::new("seven.rae"), PROGRAM.into(), &BuildOptions::new(&dir, Profile::Dev));
        let bytes = built.as_ref().ok().and_then(|a| std::fs::read(&a.bytecode).ok()).unwrap_or_default();
        let _ = std::fs::remove_dir_all(&dir);
        let program = format::read(&bytes);
        assert!(program.is_ok_and(|p| p.main_returns_int), "{built:?}");
    }

    #[test]
    fn a_hybrid_bundle_without_compiler_or_launcher_runs_on_the_vm() {
        let dir = scratch("hybrid");
        let mut options = BuildOptions::new(&dir, Profile::Dev);
        options.toolchain = Some(Toolchain { program: PathBuf::from("/nonexistent/cc"), args: vec![] });
        let built = build_hybrid_as("seven.rae", Path::new("seven.rae"), PROGRAM.into(), &options);
        let (warnings, bundle) = match built {
            Ok(a) => (a.warnings, a.bundle.unwrap_or_default()),
            Err(e) => (e.to_string(), PathBuf::new()),
        };
        let out = OutputBuffer::new();
        let outcome = run_bundle(&bundle, &LaunchOptions::default(), Box::new(out.clone()));
        let info = std::fs::read_to_string(bundle.join(raepkg::BUNDLE_JSON)).unwrap_or_default();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(warnings.contains(raepkg::NO_NATIVE_WARNING), "{warnings}");
        assert_eq!((outcome.status, outcome.stderr.as_str(), out.take_string().as_str()), (7, "", "seven 7\n"));
        assert!(info.contains("\"launcher\": null") && info.contains("\"native\": null"), "{info}");
    }
}
