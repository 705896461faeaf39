//! End to end: the real `rae-workbench` window under Xvfb with Mesa's software GL, opened on the
//! pong sample with `--run`; a screenshot must show the workbench, and in its viewport the game's
//! pixels: its background filling a 4:3 rectangle, the player's paddle at its place on the left.
//! Needs `xvfb-run` and ImageMagick (scripts/deps.sh installs both).

use rae_tests::screen::{can_take_screenshots, pong, xvfb_run, Shot};
use std::path::Path;

#[test]
fn the_window_opens_under_xvfb_and_shows_the_game_in_the_viewport() {
    if !can_take_screenshots() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_owned();
    let home = std::env::temp_dir().join(format!("rae-workbench-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let shot = home.join("screen.png");
    // Screenshots until the window has drawn (many colours: text, highlighting) and the game
    // fills part of the viewport (its background colour), at most ~60 s.
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
    let (data, file) = (home.join("data"), root.join("samples/games/pong.rae"));
    let envs = [
        ("APP", env!("CARGO_BIN_EXE_rae-workbench").as_ref()),
        ("FILE", file.as_os_str()),
        ("SHOT", shot.as_os_str()),
        ("HOME", home.as_os_str()),
        ("XDG_DATA_HOME", data.as_os_str()),
    ];
    assert!(xvfb_run("1280x800", script, &envs), "xvfb-run failed");
    let screen = Shot::load(&shot);
    let (colours, mean) = (screen.colours(), screen.brightness());
    eprintln!("screenshot {}: {colours} colours, mean brightness {mean:.3}", shot.display());
    assert!(colours > 200, "the screen is not blank: {colours} colours");
    assert!(mean < 0.35, "the dark theme is on: mean brightness {mean:.3}");

    let (x0, y0, x1, y1) = screen.bounding_box(pong::BACKGROUND).expect("the game's background shows in the viewport");
    let (gw, gh) = ((x1 - x0 + 1) as f64, (y1 - y0 + 1) as f64);
    eprintln!("game at ({x0}, {y0}) size {gw}x{gh}");
    assert!(gw >= 200.0 && (gw / gh - 4.0 / 3.0).abs() < 0.02, "the game keeps its 4:3 aspect: {gw}x{gh}");
    let x = x0 + (pong::PADDLE_CENTRE.0 * gw) as usize;
    let y = y0 + (pong::PADDLE_CENTRE.1 * gh) as usize;
    assert_eq!(screen.at(x, y), pong::PLAYER, "the player's paddle is at ({x}, {y})");
    std::fs::remove_dir_all(&home).unwrap();
}
