//! `rae build`: maps the flags onto the build pipeline's targets and prints what was written.

use crate::commands::{read, EXIT_USAGE};
use crate::{BuildProfile, BuildTarget};
use rae_engine::build::{self, raepkg::BUNDLE_EXT, BuildOptions, Target};
use std::path::{Path, PathBuf};

/// The VM-only launcher binary, built beside `rae` (`cargo build` builds both).
const LAUNCHER_BIN: &str = "rae-launch";

/// What `rae build` was asked for.
pub struct BuildRequest {
    pub target: BuildTarget,
    pub profile: BuildProfile,
    pub out: String,
    pub emit_c: bool,
    pub c_sources: Vec<String>,
    pub embed_compiler: bool,
    pub no_implicit: bool,
}

/// Whether `path` names a `.raepkg` bundle rather than a source file.
pub fn is_bundle(path: &str) -> bool {
    Path::new(path).extension().is_some_and(|ext| ext == BUNDLE_EXT)
}

pub fn build(path: &str, request: &BuildRequest) -> u8 {
    let target = match resolve_target(request) {
        Ok(t) => t,
        Err(message) => {
            eprintln!("{message}");
            return EXIT_USAGE;
        }
    };
    if is_bundle(path) {
        eprintln!("error: '{path}' is a bundle; `rae build` takes a .rae file (run a bundle with `rae run {path}`)");
        return EXIT_USAGE;
    }
    let text = match read(path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let profile = match request.profile {
        BuildProfile::Dev => build::Profile::Dev,
        BuildProfile::Release => build::Profile::Release,
    };
    let mut options = BuildOptions::new(&request.out, profile);
    options.c_sources = request.c_sources.iter().map(Into::into).collect();
    options.no_implicit = request.no_implicit;
    options.embed_compiler = request.embed_compiler;
    let disk = Path::new(path);
    let built = match target {
        Target::Native => build::build_native_as(path, disk, text, &options).map(|b| (b.warnings, b.executable)),
        Target::Vm => build::build_vm_as(path, disk, text, &options).map(|a| (a.warnings, a.bytecode)),
        Target::Hybrid => {
            options.launcher = match launcher(request.embed_compiler) {
                Ok(l) => Some(l),
                Err(message) => {
                    eprintln!("{message}");
                    return EXIT_USAGE;
                }
            };
            build::build_hybrid_as(path, disk, text, &options)
                .map(|a| (a.warnings, a.bundle.unwrap_or_else(|| a.bytecode.clone())))
        }
    };
    match built {
        Ok((warnings, artifact)) => {
            eprint!("{warnings}");
            println!("{}", artifact.display());
            0
        }
        Err(e) => {
            eprint!("{e}");
            e.exit_status()
        }
    }
}

/// The target the flags ask for, or the usage error they are.
fn resolve_target(request: &BuildRequest) -> Result<Target, String> {
    let target = if request.emit_c {
        eprintln!("warning: --emit-c is deprecated; use --target native");
        BuildTarget::Native
    } else {
        request.target
    };
    let target = match target {
        BuildTarget::Native => Target::Native,
        BuildTarget::Vm => Target::Vm,
        BuildTarget::Hybrid => Target::Hybrid,
        BuildTarget::VmRelease => {
            return Err(
                "error: --target vm-release is reserved for pure-VM (web/WASM) deployment, not implemented yet".into()
            )
        }
    };
    if request.embed_compiler && target != Target::Hybrid {
        return Err(format!(
            "error: --embed-compiler needs --target hybrid (only bundles have a launcher), not --target {}",
            target.name()
        ));
    }
    Ok(target)
}

/// The executable a hybrid build copies into its bundle: this very `rae` when the compiler is
/// embedded, else the VM-only `rae-launch` that sits beside it.
fn launcher(embed_compiler: bool) -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| format!("error: cannot find the rae executable: {e}"))?;
    if embed_compiler {
        return Ok(me);
    }
    let launcher = me.with_file_name(format!("{LAUNCHER_BIN}{}", std::env::consts::EXE_SUFFIX));
    if launcher.is_file() {
        Ok(launcher)
    } else {
        Err(format!(
            "error: the bundle launcher '{}' is missing (build it with `cargo build -p rae-engine --bin {LAUNCHER_BIN}`, or pass --embed-compiler)",
            launcher.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(target: BuildTarget, emit_c: bool, embed_compiler: bool) -> BuildRequest {
        BuildRequest {
            target,
            profile: BuildProfile::Dev,
            out: "build".into(),
            emit_c,
            c_sources: Vec::new(),
            embed_compiler,
            no_implicit: false,
        }
    }

    #[test]
    fn bundles_are_recognised_by_their_extension() {
        assert!(is_bundle("app.raepkg") && is_bundle("dist/app.raepkg/"));
        assert!(!is_bundle("app.rae") && !is_bundle("raepkg"));
    }

    #[test]
    fn flags_resolve_to_a_target_or_a_usage_error() {
        assert_eq!(resolve_target(&request(BuildTarget::Hybrid, false, true)), Ok(Target::Hybrid));
        assert_eq!(resolve_target(&request(BuildTarget::Vm, true, false)), Ok(Target::Native));
        assert!(resolve_target(&request(BuildTarget::Vm, false, true)).is_err_and(|e| e.contains("--target vm")));
        assert!(resolve_target(&request(BuildTarget::VmRelease, false, false)).is_err_and(|e| e.contains("reserved")));
    }
}
