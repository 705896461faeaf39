//! What the workbench's egui_kittest tests share: the whole workbench in a harness, opened on
//! a sample (or a copy of it in a scratch folder), and waiting for a condition.

#![allow(dead_code)] // each test binary uses its own part

use egui_kittest::Harness;
use rae_workbench::{Startup, Workbench};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_owned()
}

/// A fresh folder with a copy of the sample `sample` (a path under the workspace root); returns
/// the folder and the copy.
pub fn scratch_copy(test: &str, sample: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("rae-workbench-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let copy = dir.join(Path::new(sample).file_name().expect("a file name"));
    std::fs::copy(workspace_root().join(sample), &copy).expect("the sample is copied");
    (dir, copy)
}

/// The workbench opened on `file` (run at once with `run`) in a window of `size`.
pub fn workbench(file: &Path, run: bool, size: egui::Vec2) -> Harness<'static, Workbench> {
    let startup = Startup { file: Some(file.to_owned()), run };
    let workbench = Workbench::new(&egui::Context::default(), None, startup).expect("the workbench starts");
    Harness::builder().with_size(size).build_ui_state(|ui, wb: &mut Workbench| wb.ui(ui), workbench)
}

/// Steps the UI until `done` holds, for at most `seconds`; `what` names it in the failure.
pub fn wait_until(
    harness: &mut Harness<'static, Workbench>,
    seconds: u64,
    what: &str,
    done: impl Fn(&Harness<'static, Workbench>) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !done(harness) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
}
