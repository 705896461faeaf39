//! Every sample program runs on the VM and prints exactly its `NAME.expected.txt` (stdout then
//! stderr): the samples are what newcomers read first, so they must never rot.

use rae_tests::{run_rae, workspace_root};
use std::path::{Path, PathBuf};

/// Every `*.rae` under `dir` that has a `NAME.expected.txt` beside it.
fn samples_with_expectations(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            samples_with_expectations(&path, out);
        } else if path.extension().is_some_and(|e| e == "rae") && path.with_extension("expected.txt").is_file() {
            out.push(path);
        }
    }
}

#[test]
fn samples_print_their_expected_output() {
    let mut samples = Vec::new();
    samples_with_expectations(&workspace_root().join("samples"), &mut samples);
    samples.sort();
    assert!(samples.len() >= 6, "expected the sample programs with outputs, found {samples:?}");
    let mut failures = Vec::new();
    for sample in &samples {
        let dir = sample.parent().unwrap_or(Path::new("."));
        let file = sample.file_name().and_then(|f| f.to_str()).unwrap_or_default();
        let out = run_rae(dir, &["run", file]);
        let expected = std::fs::read_to_string(sample.with_extension("expected.txt")).unwrap_or_default();
        if out.status != 0 || out.combined() != expected {
            failures.push(format!(
                "{} (status {}):\n{}",
                sample.display(),
                out.status,
                rae_tests::line_diff(&expected, &out.combined())
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
