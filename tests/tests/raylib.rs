//! `import raylib` end to end: samples/games/pong.rae in a window of its own, on the VM
//! (`rae run`) and as a native executable (`rae build`, raylib linked statically). Both fail the
//! same way without a display, and under Xvfb both draw the game's pixels at the same places.
//! Every game of samples/games/ checks clean, builds natively, and shows its window.

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

/// The games of samples/games/ and the background each fills its window with.
const GAMES: &[(&str, [u8; 3])] = &[("pong", pong::BACKGROUND), ("snake", [34, 68, 44]), ("breakout", [52, 28, 72])];

#[test]
fn every_game_checks_clean_builds_natively_and_opens_its_window() {
    let root = workspace_root();
    let listed: Vec<String> = std::fs::read_dir(root.join("samples/games"))
        .unwrap()
        .filter_map(|e| e.ok()?.path().file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    for name in &listed {
        assert!(GAMES.iter().any(|(g, _)| g == name), "samples/games/{name}.rae is listed in GAMES");
    }
    let out = std::env::temp_dir().join(format!("rae-games-{}", std::process::id()));
    for (name, background) in GAMES {
        let source = format!("samples/games/{name}.rae");
        let checked = run_rae(&root, &["check", &source]);
        assert_eq!((checked.status, checked.combined()), (0, String::new()), "{source} checks clean");
        let built = run_rae(&root, &["build", "--profile", "dev", "--out", out.to_str().unwrap(), &source]);
        assert_eq!(built.status, 0, "{source} builds natively:\n{}", built.combined());
        if can_take_screenshots() {
            let run = format!("cd '{}' && '{}' run {source}", root.display(), rae_bin().display());
            let screen = screenshot_of_window(name, &run, *background);
            let (x0, y0, x1, y1) = screen.bounding_box(*background).unwrap_or_else(|| panic!("{name}: no window"));
            assert!(x1 - x0 + 1 >= 600 && y1 - y0 + 1 >= 400, "{name} fills its 640x480 window");
        }
    }
    let _ = std::fs::remove_dir_all(out);
}
