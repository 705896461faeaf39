//! Finding the system C compiler: `$CC` when set, else the first of `cc`, `gcc`, `clang` on
//! the `PATH`.

use std::path::{Path, PathBuf};

/// Compilers tried, in order, when `$CC` is not set.
const CANDIDATES: &[&str] = &["cc", "gcc", "clang"];

/// What to tell a user who has no C compiler.
pub const INSTALL_HINT: &str = "error: no C compiler found: native builds need one (set $CC, or install cc, gcc or clang; on Debian/Ubuntu: sudo apt-get install gcc, on Fedora: sudo dnf install gcc, on macOS: xcode-select --install)";

/// A C compiler command: the program and the arguments `$CC` put before ours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toolchain {
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl Toolchain {
    /// `$CC` (split on white space, as make does) or the first candidate found on `path`.
    pub fn find(cc: Option<&str>, path: Option<&str>) -> Option<Toolchain> {
        if let Some(cc) = cc.map(str::trim).filter(|c| !c.is_empty()) {
            let mut words = cc.split_whitespace().map(str::to_string);
            let program = words.next()?;
            return Some(Toolchain { program: PathBuf::from(program), args: words.collect() });
        }
        let dirs: Vec<PathBuf> = path.map(|p| std::env::split_paths(p).collect()).unwrap_or_default();
        CANDIDATES.iter().find_map(|name| {
            dirs.iter()
                .map(|d| d.join(name))
                .find(|p| is_executable(p))
                .map(|program| Toolchain { program, args: vec![] })
        })
    }

    /// The toolchain this process's environment selects.
    pub fn from_env() -> Option<Toolchain> {
        let cc = std::env::var("CC").ok();
        let path = std::env::var("PATH").ok();
        Toolchain::find(cc.as_deref(), path.as_deref())
    }

    pub fn command(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(&self.program);
        cmd.args(&self.args);
        cmd
    }
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata().map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cc_wins_and_keeps_its_arguments() {
        let t = Toolchain::find(Some("clang -m64"), Some("/nonexistent")).unwrap();
        assert_eq!(t.program, PathBuf::from("clang"));
        assert_eq!(t.args, vec!["-m64".to_string()]);
    }

    #[test]
    fn nothing_on_the_path_means_no_toolchain() {
        assert_eq!(Toolchain::find(None, Some("/nonexistent-dir")), None);
        assert_eq!(Toolchain::find(Some("  "), None), None);
        assert!(INSTALL_HINT.contains("apt-get install gcc"));
    }

    #[test]
    fn the_path_is_searched_in_order() {
        let dir = std::env::temp_dir().join(format!("rae-toolchain-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let gcc = dir.join("gcc");
        std::fs::write(&gcc, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&gcc, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let found = Toolchain::find(None, dir.to_str()).unwrap();
        assert_eq!(found.program, gcc);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
