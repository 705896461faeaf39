//! `.raepkg` bundles: a folder holding a program's bytecode, manifest, C sources, native
//! executable and launcher, described by `bundle.json`; written by hybrid builds, read
//! (hash-checked and verified) before the VM runs it.

use super::{io, write_file, BuildError, BuildOptions, RUNTIME_DIR};
use crate::bytecode::format;
use crate::bytecode::verify::Verified;
use crate::cbackend::{RUNTIME_C, RUNTIME_C_NAME, RUNTIME_H, RUNTIME_H_NAME};
use crate::manifest::source_hash;
use crate::script::config::PROJECT_FILE;
use crate::script::VmConfig;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// Bumped whenever the shape of `bundle.json` changes.
pub const BUNDLE_FORMAT_VERSION: u32 = 1;
/// The extension of bundle folders.
pub const BUNDLE_EXT: &str = "raepkg";
/// The description of a bundle, at its top.
pub const BUNDLE_JSON: &str = "bundle.json";
/// The launcher's file name inside a bundle (plus the platform's executable suffix).
pub const LAUNCHER_STEM: &str = "launch";
/// Where the C sources go inside a bundle.
const C_DIR: &str = "c";
/// Where the native executable goes inside a bundle.
const NATIVE_DIR: &str = "native";

/// Printed by a hybrid build that found no C compiler.
pub const NO_NATIVE_WARNING: &str =
    "warning: no C compiler found: the bundle has no native executable (the VM runs its bytecode)";

/// `bundle.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleInfo {
    pub format_version: u32,
    /// The root module's name.
    pub module: String,
    /// The bytecode file the launcher runs (relative to the bundle).
    pub entry: String,
    pub manifest: String,
    pub target: String,
    pub profile: String,
    /// The native executable, when the build had a C compiler.
    pub native: Option<String>,
    /// The launcher, when the build had one to copy.
    pub launcher: Option<String>,
    /// Whether the launcher is the whole `rae` toolchain (`--embed-compiler`).
    pub embeds_compiler: bool,
    /// Every other file of the bundle with its size and FNV-1a 64 hash (hex).
    pub files: Vec<BundleFile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleFile {
    pub path: String,
    pub size: u64,
    pub fnv1a64: String,
}

/// What goes into a bundle besides the launcher.
pub struct BundleFiles<'a> {
    pub stem: &'a str,
    /// The program's project file (`rae.ron`), which the launcher reads from the bundle.
    pub project: Option<&'a str>,
    pub bytecode: &'a [u8],
    pub manifest: &'a str,
    /// The generated C, unless the program has no native part (script functions).
    pub c: Option<&'a str>,
    pub executable: Option<&'a Path>,
    pub c_sources: &'a [PathBuf],
}

/// Writes `DIR/<stem>.raepkg/` afresh and returns its path.
pub fn write_bundle(dir: &Path, files: &BundleFiles, options: &BuildOptions) -> Result<PathBuf, BuildError> {
    let bundle = dir.join(format!("{}.{BUNDLE_EXT}", files.stem));
    // A bundle left by an earlier build may hold files this one would not list.
    if bundle.exists() {
        std::fs::remove_dir_all(&bundle).map_err(|e| io("replace", &bundle, e))?;
    }
    std::fs::create_dir_all(&bundle).map_err(|e| io("create", &bundle, e))?;
    let mut writer = BundleWriter { root: bundle.clone(), files: Vec::new() };
    let entry = format!("{}.{}", files.stem, super::targets::BYTECODE_EXT);
    let manifest = format!("{}.{}", files.stem, super::targets::MANIFEST_EXT);
    writer.put(&entry, files.bytecode)?;
    writer.put(&manifest, files.manifest.as_bytes())?;
    if let Some(project) = files.project {
        writer.put(PROJECT_FILE, project.as_bytes())?;
    }
    if let Some(c) = files.c {
        let runtime = format!("{C_DIR}/{RUNTIME_DIR}");
        writer.put(&format!("{C_DIR}/{}.c", files.stem), c.as_bytes())?;
        writer.put(&format!("{runtime}/{RUNTIME_H_NAME}"), RUNTIME_H.as_bytes())?;
        writer.put(&format!("{runtime}/{RUNTIME_C_NAME}"), RUNTIME_C.as_bytes())?;
        for source in files.c_sources {
            let name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            writer.copy(source, &format!("{C_DIR}/{name}"))?;
        }
    }
    let native = match files.executable {
        Some(exe) => {
            let name = exe.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            Some(writer.copy(exe, &format!("{NATIVE_DIR}/{name}"))?)
        }
        None => None,
    };
    let launcher = match &options.launcher {
        Some(binary) => Some(writer.copy(binary, &format!("{LAUNCHER_STEM}{}", std::env::consts::EXE_SUFFIX))?),
        None => None,
    };
    let info = BundleInfo {
        format_version: BUNDLE_FORMAT_VERSION,
        module: files.stem.to_string(),
        entry,
        manifest,
        target: super::Target::Hybrid.name().to_string(),
        profile: options.profile.name().to_string(),
        native,
        launcher,
        embeds_compiler: options.embed_compiler,
        files: writer.files,
    };
    let json = serde_json::to_string_pretty(&info).map_err(|e| BuildError::Io(format!("error: bundle.json: {e}")))?;
    write_file(&bundle.join(BUNDLE_JSON), format!("{json}\n").as_bytes())?;
    Ok(bundle)
}

/// Writes files into a bundle and records each one's hash.
struct BundleWriter {
    root: PathBuf,
    files: Vec<BundleFile>,
}

impl BundleWriter {
    fn put(&mut self, rel: &str, bytes: &[u8]) -> Result<String, BuildError> {
        write_file(&self.place(rel)?, bytes)?;
        self.record(rel, bytes);
        Ok(rel.to_string())
    }

    /// Copies rather than writes, so an executable keeps its permissions.
    fn copy(&mut self, from: &Path, rel: &str) -> Result<String, BuildError> {
        let to = self.place(rel)?;
        std::fs::copy(from, &to).map_err(|e| io("copy", from, e))?;
        let bytes = std::fs::read(&to).map_err(|e| io("read", &to, e))?;
        self.record(rel, &bytes);
        Ok(rel.to_string())
    }

    /// The path of `rel` in the bundle, its directory created.
    fn place(&self, rel: &str) -> Result<PathBuf, BuildError> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io("create", dir, e))?;
        }
        Ok(path)
    }

    fn record(&mut self, rel: &str, bytes: &[u8]) {
        self.files.push(BundleFile { path: rel.to_string(), size: bytes.len() as u64, fnv1a64: source_hash(bytes) });
    }
}

/// Why a bundle cannot run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleError {
    pub message: String,
    /// 2 when the bundle cannot be read at all (a usage error, like an unreadable file), else 1.
    pub status: u8,
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)
    }
}

impl std::error::Error for BundleError {}

/// A bundle whose entry bytecode passed its hash, its checksum and the verifier.
pub struct OpenBundle {
    pub info: BundleInfo,
    pub program: Verified,
    /// The script VMs' configuration, from the bundle's `rae.ron` (the default without one).
    pub scripts: VmConfig,
}

/// Reads `bundle/bundle.json` and the entry bytecode; refuses a file whose hash differs from
/// the one recorded, then lets `format::read` check the checksum and verify every operand.
pub fn open_bundle(bundle: &Path) -> Result<OpenBundle, BundleError> {
    let shown = bundle.display();
    let json_path = bundle.join(BUNDLE_JSON);
    let json = std::fs::read_to_string(&json_path)
        .map_err(|e| BundleError { message: format!("cannot read '{}': {e}", json_path.display()), status: 2 })?;
    let bad = |message: String| BundleError { message, status: 1 };
    let info: BundleInfo =
        serde_json::from_str(&json).map_err(|e| bad(format!("'{shown}' is not a valid bundle: {BUNDLE_JSON}: {e}")))?;
    if info.format_version != BUNDLE_FORMAT_VERSION {
        return Err(bad(format!(
            "'{shown}' has bundle format {} (this launcher reads format {BUNDLE_FORMAT_VERSION})",
            info.format_version
        )));
    }
    let bytes = checked_file(bundle, &info, &info.entry)?;
    let program = format::read(&bytes).map_err(|e| bad(format!("bundle '{shown}': {e}")))?;
    let mut scripts = VmConfig::default();
    if info.files.iter().any(|f| f.path == PROJECT_FILE) {
        let text = checked_file(bundle, &info, PROJECT_FILE)?;
        let name = bundle.join(PROJECT_FILE).display().to_string();
        scripts = VmConfig::parse(&name, &String::from_utf8_lossy(&text))
            .map_err(|e| bad(e.trim_start_matches("error: ").to_string()))?;
    }
    Ok(OpenBundle { info, program, scripts })
}

/// The bytes of the bundle's file `rel`, which must be listed in `bundle.json` with the hash
/// they have.
fn checked_file(bundle: &Path, info: &BundleInfo, rel: &str) -> Result<Vec<u8>, BundleError> {
    let shown = bundle.display();
    let bad = |message: String| BundleError { message, status: 1 };
    let path = inside(bundle, rel).ok_or_else(|| bad(format!("'{shown}': '{rel}' is not a file of the bundle")))?;
    let recorded = info
        .files
        .iter()
        .find(|f| f.path == rel)
        .ok_or_else(|| bad(format!("'{shown}': {BUNDLE_JSON} has no hash for '{rel}'")))?;
    let bytes = std::fs::read(&path).map_err(|e| bad(format!("cannot read '{}': {e}", path.display())))?;
    if source_hash(&bytes) != recorded.fnv1a64 {
        return Err(bad(format!(
            "bundle '{shown}' is damaged or was modified: '{rel}' does not match its hash in {BUNDLE_JSON}"
        )));
    }
    Ok(bytes)
}

/// `rel` joined to `root` when it is a plain relative path that stays inside `root`.
fn inside(root: &Path, rel: &str) -> Option<PathBuf> {
    let path = Path::new(rel);
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    (plain && !rel.is_empty()).then(|| root.join(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_must_stay_inside_the_bundle() {
        let root = Path::new("/b/app.raepkg");
        assert_eq!(inside(root, "app.raeb"), Some(root.join("app.raeb")));
        assert_eq!(inside(root, "c/app.c"), Some(root.join("c/app.c")));
        for escaping in ["../app.raeb", "/etc/passwd", "", "./app.raeb", "c/../../x"] {
            assert_eq!(inside(root, escaping), None, "{escaping}");
        }
    }

    #[test]
    fn a_missing_bundle_is_a_usage_error_and_a_bad_one_is_not() {
        let dir = std::env::temp_dir().join(format!("rae-raepkg-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let missing = open_bundle(&dir).err();
        assert_eq!(missing.map(|e| e.status), Some(2));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        std::fs::write(dir.join(BUNDLE_JSON), "{\"format_version\": 1}").unwrap_or_default();
        let invalid = open_bundle(&dir).err();
        let _ = std::fs::remove_dir_all(&dir);
        let invalid = invalid.unwrap_or_else(|| BundleError { message: "opened".into(), status: 0 });
        assert_eq!(invalid.status, 1);
        assert!(invalid.message.contains("is not a valid bundle"), "{}", invalid.message);
    }
}
