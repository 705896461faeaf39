//! End to end: the real `rae-workbench` window under Xvfb with Mesa's software GL, opened on a
//! sample with `--run`; a screenshot of the screen must show the workbench, not an empty
//! screen. Needs `xvfb-run` and ImageMagick (scripts/deps.sh installs both).

use std::path::{Path, PathBuf};
use std::process::Command;

fn have(tool: &str) -> bool {
    Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success())
}

/// Number of distinct colours and mean brightness (0..1) of an image, by ImageMagick.
fn colour_stats(png: &Path) -> (u64, f64) {
    let out = Command::new("identify").args(["-format", "%k %[fx:mean]"]).arg(png).output().expect("identify runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    let colours = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let mean = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0);
    (colours, mean)
}

#[test]
fn the_window_opens_under_xvfb_and_draws_the_workbench() {
    if !have("xvfb-run") || !have("import") {
        eprintln!("SKIPPED: xvfb-run or ImageMagick's import is missing (scripts/deps.sh installs them)");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_owned();
    let home = std::env::temp_dir().join(format!("rae-workbench-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let shot: PathBuf = home.join("screen.png");
    // Screenshots until the window has drawn (many colours: text, highlighting), at most ~60 s.
    let script = r#"
        "$APP" "$FILE" --run & app=$!
        for i in $(seq 120); do
          sleep 0.5
          if import -window root "$SHOT" 2>/dev/null && [ "$(identify -format %k "$SHOT")" -gt 200 ]; then
            sleep 1; import -window root "$SHOT"; break
          fi
        done
        kill $app; wait $app 2>/dev/null; true
    "#;
    let status = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x800x24", "sh", "-c", script])
        .env("APP", env!("CARGO_BIN_EXE_rae-workbench"))
        .env("FILE", root.join("samples/programs/life.rae"))
        .env("SHOT", &shot)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .status()
        .expect("xvfb-run starts");
    assert!(status.success(), "xvfb-run failed: {status}");
    let (colours, mean) = colour_stats(&shot);
    eprintln!("screenshot {}: {colours} colours, mean brightness {mean:.3}", shot.display());
    assert!(colours > 200, "the screen is not blank: {colours} colours");
    assert!(mean < 0.35, "the dark theme is on: mean brightness {mean:.3}");
    std::fs::remove_dir_all(&home).unwrap();
}
