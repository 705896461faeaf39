//! The interactive `rae repl` in a real pseudo-terminal: tmux runs it, `send-keys` types and
//! `capture-pane` reads the screen. Covers what only a terminal has: the continuation prompt,
//! history recall with the arrow keys, Tab completion and Ctrl-C on a runaway loop.

use rae_tests::rae_bin;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One tmux server (its own socket) running one `rae repl`; killed on drop.
struct Terminal {
    socket: String,
}

impl Terminal {
    fn start(name: &str, history: &Path) -> Terminal {
        let socket = format!("rae-repl-test-{}-{name}", std::process::id());
        let command = format!("RAE_HISTORY={} {} repl", history.display(), rae_bin().display());
        let term = Terminal { socket };
        term.tmux(&["new-session", "-d", "-s", "t", "-x", "100", "-y", "40", &command]);
        term.wait_for("rae>", 1);
        term
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs (scripts/deps.sh installs it)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types `text` literally, then presses each of `keys` (tmux key names such as `Enter`).
    fn send(&self, text: &str, keys: &[&str]) {
        if !text.is_empty() {
            self.tmux(&["send-keys", "-t", "t", "-l", text]);
        }
        for key in keys {
            self.tmux(&["send-keys", "-t", "t", key]);
        }
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    /// Waits until `needle` shows (capture-pane drops trailing spaces, so prompts are matched
    /// without theirs) `count` times on the screen; panics with the screen after 10 s.
    fn wait_for(&self, needle: &str, count: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen();
            if screen.matches(needle).count() >= count {
                return screen;
            }
            assert!(Instant::now() < deadline, "waited for {count} x {needle:?}; the screen is:\n{screen}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

fn history_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rae-repl-term-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("history")
}

#[test]
fn a_function_typed_over_several_lines_continues_the_prompt_and_is_then_callable() {
    let term = Terminal::start("multiline", &history_file("multiline"));
    term.send("func square(x: view Int) ret Int {", &["Enter"]);
    term.wait_for("...>", 1);
    term.send("  ret x * x", &["Enter"]);
    term.wait_for("...>", 2);
    term.send("}", &["Enter"]);
    term.wait_for("rae>", 2);
    term.send("square(x: 12)", &["Enter"]);
    term.wait_for("= 144 : Int", 1);
}

#[test]
fn the_up_arrow_recalls_an_earlier_input_and_quitting_saves_the_history() {
    let history = history_file("history");
    let term = Terminal::start("history", &history);
    term.send("40 + 2", &["Enter"]);
    term.wait_for("= 42 : Int", 1);
    term.send("", &["Up", "Enter"]);
    term.wait_for("= 42 : Int", 2);
    term.send(":quit", &["Enter"]);
    // The editor writes the file as the REPL exits: wait for the line rather than the file.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut saved = String::new();
    while !saved.lines().any(|l| l == "40 + 2") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        saved = std::fs::read_to_string(&history).unwrap_or_default();
    }
    assert!(saved.lines().any(|l| l == "40 + 2"), "history file:\n{saved}");
}

#[test]
fn tab_completes_a_session_name_and_a_command() {
    let term = Terminal::start("complete", &history_file("complete"));
    term.send("var highScore = 7", &["Enter"]);
    term.wait_for("rae>", 2);
    term.send("highS", &["Tab", "Enter"]);
    term.wait_for("= 7 : Int", 1);
    term.send(":va", &["Tab", "Enter"]);
    term.wait_for("var highScore: Int = 7", 1);
}

#[test]
fn ctrl_c_stops_a_runaway_loop_and_the_session_goes_on() {
    let term = Terminal::start("interrupt", &history_file("interrupt"));
    term.send("var lives = 3", &["Enter"]);
    term.wait_for("rae>", 2);
    term.send("loop true { lives = lives + 1 }", &["Enter"]);
    // The loop is running once the line has been echoed and no new prompt came.
    term.wait_for("loop true", 1);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(term.screen().matches("rae>").count(), 2, "the loop should still be running:\n{}", term.screen());
    let pressed = Instant::now();
    term.send("", &["C-c"]);
    term.wait_for("error: interrupted", 1);
    let stopped = pressed.elapsed();
    assert!(stopped < Duration::from_secs(2), "Ctrl-C took {stopped:?}");
    term.send(":vars", &["Enter"]);
    // The interrupted input changed nothing.
    term.wait_for("var lives: Int = 3", 1);
}
