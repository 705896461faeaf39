//! `rae run --watch` driven from a test or a benchmark: start it on a program, wait for the
//! lines it prints, save new versions of the file, stop it with Ctrl-C.

use crate::rae_bin;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

/// A program for watching: it prints `v1 1`, `v1 2`, … every 10 ms; a version that prints
/// `v2 …` shows that a save reached it, and the count shows that its state was kept.
pub const TICKER: &str = "var count: Int = 0\n\nfunc tick() {\n  count = count + 1\n  log(\"v1 {count}\")\n}\n\nfunc main() {\n  loop count < 100000 {\n    tick()\n    sleep(ms: 10)\n  }\n}\n";

/// Which stream a line came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// A line and when it arrived.
pub type Line = (Stream, String, Instant);

pub struct Watched {
    child: Child,
    lines: Receiver<Line>,
    file: PathBuf,
    /// Every line read so far, for failure messages.
    pub seen: Vec<(Stream, String)>,
}

impl Watched {
    /// Runs `rae run --watch FILE` in FILE's directory.
    pub fn start(file: &Path) -> Watched {
        Watched::start_with(rae_bin(), file)
    }

    /// Runs `PROGRAM run --watch FILE` in FILE's directory (a bundle's launcher, say).
    pub fn start_with(program: &Path, file: &Path) -> Watched {
        let dir = file.parent().unwrap_or(Path::new("."));
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut child = Command::new(program)
            .args(["run", "--watch", &name])
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("invariant: rae binary runs");
        let (tx, lines) = mpsc::channel();
        if let Some(out) = child.stdout.take() {
            forward(out, Stream::Out, tx.clone());
        }
        if let Some(err) = child.stderr.take() {
            forward(err, Stream::Err, tx);
        }
        Watched { child, lines, file: file.to_path_buf(), seen: Vec::new() }
    }

    /// Waits up to `timeout` for a line of `stream` that `wanted` accepts.
    pub fn wait_for(
        &mut self,
        stream: Stream,
        timeout: Duration,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<Line, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok((s, text, at)) => {
                    self.seen.push((s, text.clone()));
                    if s == stream && wanted(&text) {
                        return Ok((s, text, at));
                    }
                }
                Err(_) => return Err(format!("no such line within {timeout:?}; seen: {:#?}", self.seen)),
            }
        }
    }

    /// Saves `text` as the watched file; returns when it was written.
    pub fn save(&self, text: &str) -> Instant {
        std::fs::write(&self.file, text).expect("invariant: the scratch file is writable");
        Instant::now()
    }

    /// Sends Ctrl-C (SIGINT) and returns the exit status.
    pub fn interrupt(mut self) -> Option<i32> {
        let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        None
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn forward(stream: impl Read + Send + 'static, which: Stream, tx: Sender<Line>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send((which, line, Instant::now())).is_err() {
                return;
            }
        }
    });
}
