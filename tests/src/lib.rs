//! Shared helpers of the Rae test suite: locating the `rae` binary and running golden cases.
//!
//! A golden case is a folder `tests/cases/<NNN_name>/` with `main.rae`, `expected.txt` and an
//! optional `config`. The case runs `rae <command> [args] main.rae` inside its folder and
//! compares what the command printed (stdout, then stderr) with `expected.txt`, and its exit
//! status with the configured one.

pub mod bench;
pub mod screen;
pub mod watch;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Path of a `rae` binary built from the current sources. Builds it once per test process
/// (a no-op when it is fresh) so `cargo test -p rae-tests` never runs a stale CLI.
pub fn rae_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Ok(bin) = std::env::var("RAE_BIN") {
            return PathBuf::from(bin);
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "rae-engine", "--bin", "rae"])
            .current_dir(workspace_root())
            .status()
            .expect("invariant: cargo is runnable from the test process");
        assert!(status.success(), "building the rae binary failed");
        let target =
            std::env::var("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|_| workspace_root().join("target"));
        target.join("debug").join(format!("rae{}", std::env::consts::EXE_SUFFIX))
    })
}

/// What one run of the CLI printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

impl Output {
    /// stdout followed by stderr: the form `expected.txt` holds.
    pub fn combined(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs `rae args…` in `dir`.
pub fn run_rae(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(rae_bin()).args(args).current_dir(dir).output().expect("invariant: rae binary runs");
    output_of(out)
}

/// Runs `rae args…` in `dir` with `input` on its stdin (a pipe, not a terminal).
pub fn run_rae_with_input(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(rae_bin())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("invariant: rae binary runs");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).expect("invariant: rae reads its stdin");
    }
    output_of(child.wait_with_output().expect("invariant: rae binary runs"))
}

fn output_of(out: std::process::Output) -> Output {
    Output {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code().unwrap_or(-1),
    }
}

/// A case's `config`: `key: value` lines; `#` starts a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseConfig {
    /// The `rae` subcommand (`check` until the VM lands).
    pub command: String,
    /// Extra arguments placed between the command and `main.rae`.
    pub args: Vec<String>,
    /// Expected exit status.
    pub status: i32,
}

impl Default for CaseConfig {
    fn default() -> CaseConfig {
        CaseConfig { command: "check".to_string(), args: Vec::new(), status: 0 }
    }
}

impl CaseConfig {
    pub fn parse(text: &str) -> Result<CaseConfig, String> {
        let mut config = CaseConfig::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (key, value) = line.split_once(':').ok_or_else(|| format!("line {}: expected 'key: value'", n + 1))?;
            let value = value.trim();
            match key.trim() {
                "command" => config.command = value.to_string(),
                "args" => config.args = value.split_whitespace().map(str::to_string).collect(),
                "status" => {
                    config.status = value.parse().map_err(|_| format!("line {}: status must be a number", n + 1))?
                }
                other => return Err(format!("line {}: unknown key '{other}'", n + 1)),
            }
        }
        Ok(config)
    }
}

pub struct Case {
    pub name: String,
    pub dir: PathBuf,
}

/// Every case folder under `tests/cases`, sorted by name.
pub fn cases() -> Vec<Case> {
    let root = workspace_root().join("tests").join("cases");
    let mut cases: Vec<Case> = std::fs::read_dir(&root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().join("main.rae").is_file())
                .map(|e| Case { name: e.file_name().to_string_lossy().into_owned(), dir: e.path() })
                .collect()
        })
        .unwrap_or_default();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

impl Case {
    /// The case's `config`, or the defaults when it has none.
    pub fn config(&self) -> Result<CaseConfig, String> {
        match std::fs::read_to_string(self.dir.join("config")) {
            Ok(text) => CaseConfig::parse(&text),
            Err(_) => Ok(CaseConfig::default()),
        }
    }
}

/// Runs one case; `Err` explains the mismatch. With `bless`, a mismatching `expected.txt`
/// is rewritten instead (for authoring new cases; every blessed output must be reviewed).
pub fn run_case(case: &Case, bless: bool) -> Result<(), String> {
    let config = case.config()?;
    let mut args: Vec<&str> = vec![config.command.as_str()];
    args.extend(config.args.iter().map(String::as_str));
    args.push("main.rae");
    let out = run_rae(&case.dir, &args);
    let actual = out.combined();
    let expected_path = case.dir.join("expected.txt");
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if bless && (actual != expected || out.status != config.status) {
        std::fs::write(&expected_path, &actual).map_err(|e| e.to_string())?;
        if out.status != config.status {
            return Err(format!("exit status {} (config says {}); expected.txt blessed", out.status, config.status));
        }
        return Ok(());
    }
    let mut problems = Vec::new();
    if out.status != config.status {
        problems.push(format!("exit status: expected {}, got {}", config.status, out.status));
    }
    if actual != expected {
        problems.push(format!("output differs:\n{}", line_diff(&expected, &actual)));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// A minimal line diff: expected lines prefixed `-`, actual `+`, common lines ` `.
pub fn line_diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    // Longest common subsequence table; cases are small.
    let mut lcs = vec![vec![0usize; a.len() + 1]; e.len() + 1];
    for i in (0..e.len()).rev() {
        for j in (0..a.len()).rev() {
            lcs[i][j] = if e[i] == a[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < e.len() || j < a.len() {
        if i < e.len() && j < a.len() && e[i] == a[j] {
            out.push_str(&format!("   {}\n", e[i]));
            i += 1;
            j += 1;
        } else if j < a.len() && (i == e.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!(" + {}\n", a[j]));
            j += 1;
        } else {
            out.push_str(&format!(" - {}\n", e[i]));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_parses_keys_and_rejects_unknown_ones() {
        let c = CaseConfig::parse("command: check\nargs: --format json # comment\nstatus: 1\n").unwrap();
        assert_eq!(c, CaseConfig { command: "check".into(), args: vec!["--format".into(), "json".into()], status: 1 });
        assert!(CaseConfig::parse("colour: red").is_err());
        assert!(CaseConfig::parse("status: one").is_err());
    }

    #[test]
    fn diff_marks_changed_lines() {
        assert_eq!(line_diff("a\nb\n", "a\nc\n"), "   a\n + c\n - b\n");
    }
}
