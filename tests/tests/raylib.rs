//! `import raylib` end to end: samples/games/pong.rae in a window of its own, on the VM
//! (`rae run`) and as a native executable (`rae build`, raylib linked statically). Both fail the
//! same way without a display, and under Xvfb both draw the game's pixels at the same places.

use rae_tests::screen::{can_take_screenshots, pong, xvfb_run, Shot};
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

/// Runs `command` (a shell word list) on an 800x600 screen and returns the screenshot taken
/// once the game's background shows.
fn screenshot_of(name: &str, command: &str) -> Shot {
    let dir = std::env::temp_dir().join(format!("rae-raylib-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let shot = dir.join("screen.png");
    let script = format!(
        r#"
        {command} & app=$!
        for i in $(seq 60); do
          sleep 0.5
          if import -window root "$SHOT" 2>/dev/null \
             && [ "$(convert "$SHOT" -fill white -opaque 'rgb(16,24,48)' -fill black +opaque white -format '%[fx:mean>0.3]' info:)" = 1 ]; then
            break
          fi
        done
        kill $app; wait $app 2>/dev/null; true
    "#
    );
    assert!(xvfb_run("800x600", &script, &[("SHOT", shot.as_os_str())]), "xvfb-run failed");
    let screen = Shot::load(&shot);
    std::fs::remove_dir_all(&dir).unwrap();
    screen
}

/// The game's rectangle must be 640x480 and the paddle where pong starts it.
fn game_rect(screen: &Shot, who: &str) -> (usize, usize) {
    let (x0, y0, x1, y1) = screen.bounding_box(pong::BACKGROUND).unwrap_or_else(|| panic!("{who}: no game on screen"));
    assert_eq!((x1 - x0 + 1, y1 - y0 + 1), pong::SIZE, "{who}: the window is the game's size");
    let x = x0 + (pong::PADDLE_CENTRE.0 * pong::SIZE.0 as f64) as usize;
    let y = y0 + (pong::PADDLE_CENTRE.1 * pong::SIZE.1 as f64) as usize;
    assert_eq!(screen.at(x, y), pong::PLAYER, "{who}: the player's paddle at ({x}, {y})");
    (x0, y0)
}

#[test]
fn under_xvfb_the_vm_and_the_native_build_draw_the_same_game() {
    if !can_take_screenshots() {
        return;
    }
    let root = workspace_root();
    let vm = screenshot_of(
        "vm",
        &format!("cd '{}' && '{}' run samples/games/pong.rae", root.display(), rae_bin().display()),
    );
    let native = screenshot_of("native", &format!("'{}'", pong_native().display()));
    assert_eq!(game_rect(&vm, "rae run"), game_rect(&native, "native"), "both windows at the same place");
}
