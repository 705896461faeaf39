//! The build behind `rae run FILE`: a hybrid dev build into the program's run directory (a
//! cache folder, never beside the source), then the VM runs the bytecode it wrote.
//!
//! A pure-VM program has no native parts, so its build is the front end plus two small files
//! (bytecode and manifest, rewritten only when their content changed). A program with
//! `@native_only` functions also gets its C and the dev executable; the C compiler runs only
//! when the C or the flags changed since the last build (a stamp file keeps their hash).
//! The bundle is not written: it is for shipping, and its launcher is megabytes to copy.

use super::targets::{BYTECODE_EXT, MANIFEST_EXT};
use super::{
    compile_native, io, no_native_part, program_stem, raepkg, write_native_sources, BuildError, BuildOptions, FrontEnd,
    Toolchain,
};
use crate::driver::ModuleRef;
use crate::manifest::source_hash;
use std::path::{Path, PathBuf};

/// What `rae run` built: the bytecode to run, the manifest beside it, the dev executable of a
/// program with native parts (when it built), and the warnings for stderr.
#[derive(Clone, Debug)]
pub struct RunBuild {
    pub bytecode: PathBuf,
    pub manifest: PathBuf,
    pub executable: Option<PathBuf>,
    pub warnings: String,
}

/// The run directory of the program at `disk_path`:
/// `$XDG_CACHE_HOME/rae/run/<stem>-<hash of its absolute path>/` (`~/.cache` without
/// `XDG_CACHE_HOME`, the system's temporary folder without a home).
pub fn run_dir(disk_path: &Path) -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let absolute = std::path::absolute(disk_path).unwrap_or_else(|_| disk_path.to_path_buf());
    let stem = program_stem(&disk_path.to_string_lossy());
    let key = source_hash(absolute.to_string_lossy().as_bytes());
    cache.join("rae").join("run").join(format!("{stem}-{key}"))
}

/// Builds the program for a run into `options.out_dir` (see the module documentation). A
/// native part that does not build is a warning: the VM is what runs.
pub fn build_for_run(
    path: &str,
    disk_path: &Path,
    text: String,
    options: &BuildOptions,
) -> Result<RunBuild, BuildError> {
    let mut front = FrontEnd::load(path, disk_path, text, options.no_implicit)?;
    let bytes = crate::bytecode::format::write(&front.compile_bytecode()?);
    let stem = program_stem(path);
    let dir = &options.out_dir;
    std::fs::create_dir_all(dir).map_err(|e| io("create", dir, e))?;
    let bytecode = dir.join(format!("{stem}.{BYTECODE_EXT}"));
    let manifest = dir.join(format!("{stem}.{MANIFEST_EXT}"));
    let manifest_json = front.checked.manifest.to_json();
    write_if_changed(&bytecode, &bytes)?;
    write_if_changed(&manifest, manifest_json.as_bytes())?;
    let mut warnings = front.warnings.clone();
    let native_parts =
        front.checked.typed.functions.iter().any(|f| f.native_only && matches!(f.module, ModuleRef::Source(_)));
    let executable = if native_parts {
        let c = front.emit_c()?;
        match build_native_part(&front, &stem, &c, &manifest_json, options) {
            Ok(exe) => Some(exe),
            Err(warning) => {
                warnings.push_str(&warning);
                None
            }
        }
    } else {
        None
    };
    Ok(RunBuild { bytecode, manifest, executable, warnings })
}

/// The dev executable, compiled only when the C, the C sources or the flags changed since
/// the build that wrote the stamp (which also keeps a failure, so an unchanged program that
/// cannot build natively is not compiled again). `Err` is the warning for stderr.
fn build_native_part(
    front: &FrontEnd,
    stem: &str,
    c: &str,
    manifest_json: &str,
    options: &BuildOptions,
) -> Result<PathBuf, String> {
    let Some(toolchain) = options.toolchain.clone().or_else(Toolchain::from_env) else {
        return Err(format!("{}\n", raepkg::NO_NATIVE_WARNING));
    };
    let mut key = format!("{c}\n{:?}\n{toolchain:?}\n{:?}\n", options.profile.c_flags(), options.c_sources);
    for source in &options.c_sources {
        key.push_str(&source_hash(&std::fs::read(source).unwrap_or_default()));
    }
    let hash = source_hash(key.as_bytes());
    let stamp = options.out_dir.join(format!("{stem}.stamp"));
    let sources = write_native_sources(&options.out_dir, stem, c, manifest_json, front.uses_raylib())
        .map_err(|e| no_native_part(&e))?;
    let recorded = std::fs::read_to_string(&stamp).unwrap_or_default();
    match recorded.split_once('\n') {
        Some((h, "")) if h == hash && sources.executable.is_file() => return Ok(sources.executable),
        Some((h, failed)) if h == hash && !failed.is_empty() => return Err(failed.to_string()),
        _ => {}
    }
    let _ = std::fs::remove_file(&stamp);
    let built = compile_native(&toolchain, &sources, &front.externs(), options).map_err(|e| no_native_part(&e));
    let outcome = built.as_ref().err().map_or("", String::as_str);
    write_if_changed(&stamp, format!("{hash}\n{outcome}").as_bytes()).map_err(|e| no_native_part(&e))?;
    built
}

/// Writes `bytes` to `path` unless it holds them already; through a temporary file and a
/// rename, so a concurrent run of the same program never reads half a file.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    let temp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&temp, bytes).map_err(|e| io("write", &temp, e))?;
    std::fs::rename(&temp, path).map_err(|e| io("write", path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::Profile;

    fn scratch(name: &str) -> PathBuf {
        crate::build::scratch_dir("rae-run-build", name)
    }

    #[test]
    fn run_dirs_live_in_the_cache_and_differ_per_file() {
        let a = run_dir(Path::new("/src/a/main.rae"));
        let b = run_dir(Path::new("/src/b/main.rae"));
        assert_ne!(a, b);
        assert!(a.ends_with(a.file_name().unwrap_or_default()) && a.to_string_lossy().contains("rae/run/main-"));
        assert!(!a.starts_with("/src"), "{}", a.display());
    }

    #[test]
    fn a_pure_vm_program_writes_bytecode_and_manifest_only_and_reuses_them() {
        let dir = scratch("vm");
        let options = BuildOptions::new(&dir, Profile::Dev);
        let program = "func main() {\n  log(1)\n}\n";
        let built = build_for_run("p.rae", Path::new("p.rae"), program.into(), &options).map_err(|e| e.to_string());
        let first = built
            .as_ref()
            .map(|b| (b.executable.clone(), std::fs::metadata(&b.bytecode).and_then(|m| m.modified()).ok()));
        let again = build_for_run("p.rae", Path::new("p.rae"), program.into(), &options).map_err(|e| e.to_string());
        let second = again.as_ref().map(|b| std::fs::metadata(&b.bytecode).and_then(|m| m.modified()).ok());
        let files: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        let _ = std::fs::remove_dir_all(&dir);
        let (executable, written) = first.expect("builds");
        assert_eq!(executable, None, "no native part, no C compile");
        assert_eq!(second.expect("builds again"), written, "unchanged bytecode is not rewritten");
        let mut files = files;
        files.sort();
        assert_eq!(files, ["p.manifest", "p.raeb"]);
    }

    #[test]
    fn native_parts_compile_once_and_an_unchanged_program_reuses_the_executable() {
        let dir = scratch("native");
        let options = BuildOptions::new(&dir, Profile::Dev);
        let program = "@native_only\nfunc twice(n: view Int) ret Int {\n  ret n * 2\n}\n\nfunc main() {\n  log(1)\n}\n";
        let build = || build_for_run("n.rae", Path::new("n.rae"), program.into(), &options).map_err(|e| e.to_string());
        let modified =
            |b: &RunBuild| b.executable.as_ref().and_then(|e| std::fs::metadata(e).and_then(|m| m.modified()).ok());
        let first = build().map(|b| (modified(&b), b.warnings));
        let second = build().map(|b| modified(&b));
        let _ = std::fs::remove_dir_all(&dir);
        let ((built, warnings), again) = (first.expect("builds"), second.expect("builds again"));
        assert_eq!(warnings, "");
        assert!(built.is_some(), "the dev executable was built");
        assert_eq!(again, built, "the second build did not compile again");
    }
}
