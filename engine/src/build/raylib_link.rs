//! raylib in native builds: programs that `import raylib` compile `rae_raylib.c` (the C side of
//! the raylib natives) and link raylib's static library, the one raylib-sys built from the C
//! sources it ships (found by build.rs), or the one in `$RAE_RAYLIB_DIR`. Only the usual
//! system X11/GL libraries are linked dynamically, so the executable runs where those exist.

use super::BuildError;
use std::path::{Path, PathBuf};

pub(crate) const RAYLIB_C_NAME: &str = "rae_raylib.c";
pub(crate) const RAYLIB_C: &str = include_str!("../cbackend/runtime/rae_raylib.c");

/// What raylib's GLFW backend needs from the system on Linux.
const SYSTEM_LIBS: &[&str] = &["-lGL", "-lX11", "-ldl", "-lrt", "-lm", "-pthread"];

/// Where raylib's headers and static library are.
pub(crate) struct RaylibLib {
    include: PathBuf,
    archive: PathBuf,
}

impl RaylibLib {
    /// `$RAE_RAYLIB_DIR`, else the raylib this engine was built with.
    pub(crate) fn locate() -> Result<RaylibLib, BuildError> {
        let dir = std::env::var_os("RAE_RAYLIB_DIR")
            .map(PathBuf::from)
            .or_else(|| option_env!("RAE_RAYLIB_BUILT").map(PathBuf::from));
        let found = dir.map(|d| RaylibLib { include: d.join("include"), archive: d.join("lib").join("libraylib.a") });
        match found {
            Some(lib) if lib.include.join("raylib.h").is_file() && lib.archive.is_file() => Ok(lib),
            _ => Err(BuildError::Io(
                "error: this program imports raylib, and native builds link raylib's static library, which was not found: \
                 build rae with the `raylib` feature (the default), or set RAE_RAYLIB_DIR to a folder holding \
                 include/raylib.h and lib/libraylib.a"
                    .into(),
            )),
        }
    }

    /// The compiler arguments that build `raylib_c` into the program and link raylib.
    pub(crate) fn args(&self, raylib_c: &Path) -> Vec<std::ffi::OsString> {
        let mut args = vec![raylib_c.as_os_str().to_owned(), "-I".into(), self.include.as_os_str().to_owned()];
        args.push(self.archive.as_os_str().to_owned());
        args.extend(SYSTEM_LIBS.iter().map(Into::into));
        args
    }
}
