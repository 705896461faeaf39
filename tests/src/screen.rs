//! Looking at real windows: run a shell script on a fresh Xvfb display (Mesa's software GL),
//! then read the screenshot it took with ImageMagick and find colours in it.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// Whether `tool` is on the PATH (the window tests need `xvfb-run`, `import` and `convert`).
pub fn have(tool: &str) -> bool {
    Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success())
}

/// Whether the window tests can run here; says why not on stderr.
pub fn can_take_screenshots() -> bool {
    let ok = ["xvfb-run", "import", "convert", "identify"].iter().all(|t| have(t));
    if !ok {
        eprintln!("SKIPPED: xvfb-run or ImageMagick is missing (scripts/deps.sh installs them)");
    }
    ok
}

/// Runs `sh -c script` on a new X server with a `size` screen (`1280x800`) and `envs`;
/// true when the script succeeded.
pub fn xvfb_run(size: &str, script: &str, envs: &[(&str, &OsStr)]) -> bool {
    let mut cmd = Command::new("xvfb-run");
    cmd.args(["-a", "-s", &format!("-screen 0 {size}x24"), "sh", "-c", script]);
    cmd.env("LIBGL_ALWAYS_SOFTWARE", "1");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.status().is_ok_and(|s| s.success())
}

/// A screenshot's pixels.
pub struct Shot {
    pub width: usize,
    pub height: usize,
    rgb: Vec<u8>,
}

impl Shot {
    /// Reads a PNG (through ImageMagick's `identify` and `convert`).
    pub fn load(png: &Path) -> Shot {
        let size = Command::new("identify").args(["-format", "%w %h"]).arg(png).output().expect("identify runs");
        let size = String::from_utf8_lossy(&size.stdout).into_owned();
        let mut wh = size.split_whitespace().map(|n| n.parse::<usize>().expect("a size"));
        let (width, height) = (wh.next().expect("width"), wh.next().expect("height"));
        let raw = Command::new("convert").arg(png).args(["-depth", "8", "rgb:-"]).output().expect("convert runs");
        assert_eq!(raw.stdout.len(), width * height * 3, "convert gave every pixel of {}", png.display());
        Shot { width, height, rgb: raw.stdout }
    }

    pub fn at(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.width + x) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// The number of distinct colours.
    pub fn colours(&self) -> usize {
        let mut seen: Vec<[u8; 3]> = self.rgb.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    /// Mean brightness, 0 to 1.
    pub fn brightness(&self) -> f64 {
        self.rgb.iter().map(|&c| f64::from(c)).sum::<f64>() / (self.rgb.len().max(1) as f64 * 255.0)
    }

    /// The bounding box `(x0, y0, x1, y1)` (inclusive) of the pixels of colour `rgb`.
    pub fn bounding_box(&self, rgb: [u8; 3]) -> Option<(usize, usize, usize, usize)> {
        let mut bbox: Option<(usize, usize, usize, usize)> = None;
        for y in 0..self.height {
            for x in 0..self.width {
                if self.at(x, y) == rgb {
                    let b = bbox.get_or_insert((x, y, x, y));
                    *b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
                }
            }
        }
        bbox
    }
}

/// Runs `command` (shell words) on an 800x600 screen and returns the screenshot taken once
/// `background` fills more than 30% of it (a game window), or after 30 s.
pub fn screenshot_of_window(name: &str, command: &str, background: [u8; 3]) -> Shot {
    let dir = std::env::temp_dir().join(format!("rae-window-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let shot = dir.join("screen.png");
    let [r, g, b] = background;
    let script = format!(
        r#"
        {command} & app=$!
        for i in $(seq 60); do
          sleep 0.5
          if import -window root "$SHOT" 2>/dev/null \
             && [ "$(convert "$SHOT" -fill white -opaque 'rgb({r},{g},{b})' -fill black +opaque white -format '%[fx:mean>0.3]' info:)" = 1 ]; then
            break
          fi
        done
        kill $app; wait $app 2>/dev/null; true
    "#
    );
    assert!(xvfb_run("800x600", &script, &[("SHOT", shot.as_os_str())]), "xvfb-run failed");
    let screen = Shot::load(&shot);
    let _ = std::fs::remove_dir_all(&dir);
    screen
}

/// What samples/games/pong.rae draws: its background, the player's paddle colour, and where
/// that paddle's centre starts as a fraction of the 640x480 game (x = margin + paddleWidth / 2,
/// y = height / 2).
pub mod pong {
    use super::Shot;

    pub const SIZE: (usize, usize) = (640, 480);
    pub const BACKGROUND: [u8; 3] = [16, 24, 48];
    pub const PLAYER: [u8; 3] = [80, 200, 120];
    pub const PADDLE_CENTRE: (f64, f64) = (30.0 / 640.0, 240.0 / 480.0);

    /// Checks that `screen` shows pong at its own size (a window of its own) with the player's
    /// paddle where it starts; returns the game's top-left corner. `who` names the run.
    pub fn assert_window(screen: &Shot, who: &str) -> (usize, usize) {
        let (x0, y0, x1, y1) = screen.bounding_box(BACKGROUND).unwrap_or_else(|| panic!("{who}: no game on screen"));
        assert_eq!((x1 - x0 + 1, y1 - y0 + 1), SIZE, "{who}: the window is the game's size");
        let x = x0 + (PADDLE_CENTRE.0 * SIZE.0 as f64) as usize;
        let y = y0 + (PADDLE_CENTRE.1 * SIZE.1 as f64) as usize;
        assert_eq!(screen.at(x, y), PLAYER, "{who}: the player's paddle at ({x}, {y})");
        (x0, y0)
    }
}
