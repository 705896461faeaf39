//! Pause and step frame on a real raylib game in the runner: the game stops between frames,
//! a step lets exactly one frame through, Continue resumes and Stop ends a paused game. raylib
//! needs a display, so this test starts its own Xvfb (it is the only test of this binary, so
//! setting DISPLAY cannot race with another test).

use rae_tests::screen::have;
use rae_workbench::runner::{RunEvent, RunState, Runner};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const GAME: &str = "import raylib\n\nfunc main() {\n  initWindow(width: 64, height: 48, title: \"frames\")\n  setTargetFPS(fps: 120)\n  var frame = 0\n  loop not windowShouldClose() {\n    beginDrawing()\n    clearBackground(color: blue)\n    endDrawing()\n    frame = frame + 1\n    log(\"frame {frame}\")\n  }\n}\n";

/// An Xvfb server on a free display, killed when dropped.
struct Xvfb(Child);

impl Xvfb {
    fn start() -> Option<Xvfb> {
        let mut child = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "320x240x24"])
            .stdout(Stdio::piped())
            .spawn()
            .ok()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take()?).read_line(&mut line).ok()?;
        std::env::set_var("DISPLAY", format!(":{}", line.trim()));
        std::env::set_var("LIBGL_ALWAYS_SOFTWARE", "1");
        Some(Xvfb(child))
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The frame numbers the game logged within `within`.
fn frames(runner: &mut Runner, within: Duration) -> Vec<u64> {
    let deadline = Instant::now() + within;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match runner.wait_event(left) {
            Some(RunEvent::Output { line, .. }) => {
                seen.extend(line.strip_prefix("frame ").and_then(|n| n.parse::<u64>().ok()));
            }
            Some(RunEvent::Finished { status, .. }) => panic!("the game ended early with status {status}"),
            None => break,
        }
    }
    seen
}

/// After a pause: the frames still in flight (at most the one being drawn), once a quiet
/// 400 ms shows the game holds.
fn settle(runner: &mut Runner) -> usize {
    let mut late = 0;
    loop {
        let seen = frames(runner, Duration::from_millis(400)).len();
        if seen == 0 {
            return late;
        }
        late += seen;
        assert!(late <= 2, "paused: the game goes on ({late} frames after the pause)");
    }
}

#[test]
fn pause_holds_the_game_between_frames_and_step_lets_one_through() {
    if !have("Xvfb") {
        eprintln!("SKIPPED: Xvfb is missing (scripts/deps.sh installs it)");
        return;
    }
    let _display = Xvfb::start().expect("Xvfb starts");
    let mut runner = Runner::spawn(|| {}).unwrap();
    runner.run("frames.rae", GAME);
    let started = Instant::now();
    while frames(&mut runner, Duration::from_millis(100)).is_empty() {
        assert!(started.elapsed() < Duration::from_secs(20), "the game draws frames");
    }

    runner.set_paused(true);
    settle(&mut runner);
    runner.step_frame();
    assert_eq!(frames(&mut runner, Duration::from_millis(2000)).len(), 1, "a step is exactly one frame");

    runner.set_paused(false);
    assert!(frames(&mut runner, Duration::from_millis(500)).len() > 5, "Continue resumes the game");

    runner.set_paused(true);
    settle(&mut runner);
    let stop = Instant::now();
    runner.stop();
    while !matches!(runner.state(), RunState::Exited { .. }) {
        runner.wait_event(Duration::from_secs(5)).expect("the runner answers");
    }
    assert!(stop.elapsed() < Duration::from_millis(500), "a paused game stops at once: {:?}", stop.elapsed());
}
