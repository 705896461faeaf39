//! End to end: the real `rae-workbench` window under Xvfb with Mesa's software GL, opened on the
//! pong sample with `--run`; a screenshot must show the workbench, and in its viewport the game's
//! pixels: its background filling a 4:3 rectangle, the player's paddle at its place on the left.
//! Needs `xvfb-run` and ImageMagick (scripts/deps.sh installs both).

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

/// The screenshot's pixels: width, height and RGB triples, by ImageMagick.
fn pixels(png: &Path) -> (usize, usize, Vec<u8>) {
    let size = Command::new("identify").args(["-format", "%w %h"]).arg(png).output().expect("identify runs");
    let size = String::from_utf8_lossy(&size.stdout).into_owned();
    let mut wh = size.split_whitespace().map(|n| n.parse::<usize>().expect("a size"));
    let (w, h) = (wh.next().expect("width"), wh.next().expect("height"));
    let raw = Command::new("convert").arg(png).args(["-depth", "8", "rgb:-"]).output().expect("convert runs");
    assert_eq!(raw.stdout.len(), w * h * 3, "convert gave every pixel");
    (w, h, raw.stdout)
}

/// samples/games/pong.rae: its background and the player's paddle colour, and where that
/// paddle's centre starts in the 640x480 game (x = margin + paddleWidth / 2, y = height / 2).
const BACKGROUND: [u8; 3] = [16, 24, 48];
const PLAYER: [u8; 3] = [80, 200, 120];
const PADDLE_CENTRE: (f64, f64) = (30.0 / 640.0, 240.0 / 480.0);

/// The bounding box of the pixels of colour `rgb`: (x0, y0, x1, y1), inclusive.
fn bounding_box(w: usize, h: usize, px: &[u8], rgb: [u8; 3]) -> Option<(usize, usize, usize, usize)> {
    let mut bbox: Option<(usize, usize, usize, usize)> = None;
    for y in 0..h {
        for x in 0..w {
            if px[(y * w + x) * 3..][..3] == rgb {
                let b = bbox.get_or_insert((x, y, x, y));
                *b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
            }
        }
    }
    bbox
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
    // Screenshots until the window has drawn (many colours: text, highlighting) and the game
    // shows in the viewport (its background colour), at most ~60 s.
    let script = r#"
        "$APP" "$FILE" --run & app=$!
        for i in $(seq 120); do
          sleep 0.5
          if import -window root "$SHOT" 2>/dev/null && [ "$(identify -format %k "$SHOT")" -gt 200 ] \
             && [ "$(convert "$SHOT" -fill white -opaque 'rgb(16,24,48)' -fill black +opaque white -format '%[fx:mean>0.02]' info:)" = 1 ]; then
            sleep 1; import -window root "$SHOT"; break
          fi
        done
        kill $app; wait $app 2>/dev/null; true
    "#;
    let status = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x800x24", "sh", "-c", script])
        .env("APP", env!("CARGO_BIN_EXE_rae-workbench"))
        .env("FILE", root.join("samples/games/pong.rae"))
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

    let (w, h, px) = pixels(&shot);
    let (x0, y0, x1, y1) = bounding_box(w, h, &px, BACKGROUND).expect("the game's background shows in the viewport");
    let (gw, gh) = ((x1 - x0 + 1) as f64, (y1 - y0 + 1) as f64);
    eprintln!("game at ({x0}, {y0}) size {gw}x{gh}");
    assert!(gw >= 200.0 && (gw / gh - 4.0 / 3.0).abs() < 0.02, "the game keeps its 4:3 aspect: {gw}x{gh}");
    let x = x0 + (PADDLE_CENTRE.0 * gw) as usize;
    let y = y0 + (PADDLE_CENTRE.1 * gh) as usize;
    let at = &px[(y * w + x) * 3..][..3];
    assert_eq!(at, PLAYER, "the player's paddle is at ({x}, {y})");
    std::fs::remove_dir_all(&home).unwrap();
}
