//! `import raylib` end to end: samples/games/pong.rae in a window of its own, on the VM
//! (`rae run`) and as a native executable (`rae build`, raylib linked statically). Both fail the
//! same way without a display, and under Xvfb both draw the game's pixels at the same places.

use rae_tests::screen::{can_take_screenshots, pong, screenshot_of_window};
use rae_tests::{rae_bin, run_rae, workspace_root};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// pong built natively (dev profile), once per test process.
fn pong_native() -> &'static Path {
    static EXE: OnceLock<PathBuf> = OnceLock::new();
    EXE.get_or_init(|| {
        let out = std::env::temp_dir().join(format!("rae-raylib-native-{}", std::process::id()));
        // Built from the workspace root, so its stack traces name the file as `rae run` does.
        let built = run_rae(
            &workspace_root(),
            &[
                "build",
                "--target",
                "native",
                "--profile",
                "dev",
                "--out",
                out.to_str().unwrap(),
                "samples/games/pong.rae",
            ],
        );
        assert_eq!(built.status, 0, "pong builds natively:\n{}", built.combined());
        PathBuf::from(built.stdout.trim())
    })
}

#[test]
fn without_a_display_the_vm_and_the_native_build_fail_alike() {
    let exe = pong_native();
    let native = Command::new(exe)
        .current_dir(workspace_root())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let vm = Command::new(rae_bin())
        .args(["run", "samples/games/pong.rae"])
        .current_dir(workspace_root())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&vm.stderr).into_owned();
    assert!(stderr.starts_with("error: initWindow: there is no display to open a window on"), "{stderr}");
    assert!(stderr.contains("  at main (samples/games/pong.rae:"), "{stderr}");
    assert_eq!(vm.status.code(), Some(1));
    assert_eq!(native.status.code(), vm.status.code());
    assert_eq!(String::from_utf8_lossy(&native.stderr), stderr);
    assert_eq!(native.stdout, vm.stdout);
}

#[test]
fn under_xvfb_the_vm_and_the_native_build_draw_the_same_game() {
    if !can_take_screenshots() {
        return;
    }
    let root = workspace_root();
    let vm_run = format!("cd '{}' && '{}' run samples/games/pong.rae", root.display(), rae_bin().display());
    let vm = screenshot_of_window("vm", &vm_run, pong::BACKGROUND);
    let native = screenshot_of_window("native", &format!("'{}'", pong_native().display()), pong::BACKGROUND);
    assert_eq!(pong::assert_window(&vm, "rae run"), pong::assert_window(&native, "native"), "both at the same place");
}
