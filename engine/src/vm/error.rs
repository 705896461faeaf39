//! Runtime errors with their Rae stack trace, and link errors reported before a run starts.

use std::fmt;

/// One frame of a stack trace: `  at FUNC (file.rae:LINE)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceFrame {
    pub function: String,
    pub file: String,
    pub line: u32,
}

/// A runtime error: the message and the call stack, innermost frame first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeError {
    pub message: String,
    pub trace: Vec<TraceFrame>,
    /// Stopped by the interrupt flag (Ctrl-C): the CLI exits with 130 instead of 1.
    pub interrupted: bool,
}

/// A run of identical consecutive frames longer than `FOLD_OVER` prints `REPEATS_SHOWN` of
/// them and a count, so a runaway recursion gives a readable trace instead of ten thousand lines
/// while a short recursion still shows every frame.
const FOLD_OVER: usize = 10;
const REPEATS_SHOWN: usize = 3;

impl fmt::Display for RuntimeError {
    /// `error: MESSAGE` and one `  at FUNC (file.rae:LINE)` line per frame; a run of more than
    /// `FOLD_OVER` identical frames ends with `  ... previous frame repeated N more times`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        let mut rest = self.trace.as_slice();
        while let Some(frame) = rest.first() {
            let run = rest.iter().take_while(|other| *other == frame).count();
            let shown = if run > FOLD_OVER { REPEATS_SHOWN } else { run };
            for _ in 0..shown {
                writeln!(f, "  at {} ({}:{})", frame.function, frame.file, frame.line)?;
            }
            if shown < run {
                writeln!(f, "  ... previous frame repeated {} more times", run - REPEATS_SHOWN)?;
            }
            rest = &rest[run..];
        }
        Ok(())
    }
}

impl std::error::Error for RuntimeError {}

/// Natives the program needs that the registry lacks or declares differently. Nothing runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkError {
    pub problems: Vec<String>,
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LinkError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_prints_innermost_first_in_reference_format() {
        let e = RuntimeError {
            message: "division by zero".into(),
            trace: vec![
                TraceFrame { function: "divide".into(), file: "main.rae".into(), line: 2 },
                TraceFrame { function: "main".into(), file: "main.rae".into(), line: 6 },
            ],
            interrupted: false,
        };
        assert_eq!(e.to_string(), "error: division by zero\n  at divide (main.rae:2)\n  at main (main.rae:6)\n");
    }

    #[test]
    fn runs_of_identical_frames_are_folded() {
        let frame = |function: &str, line| TraceFrame { function: function.into(), file: "m.rae".into(), line };
        let mut trace = vec![frame("down", 2); 12];
        trace.extend(vec![frame("down", 7); 10]);
        trace.push(frame("main", 9));
        let e = RuntimeError { message: "stack overflow: call depth exceeded 23".into(), trace, interrupted: false };
        let expected = format!(
            "error: stack overflow: call depth exceeded 23\n{}  ... previous frame repeated 9 more times\n{}  at main (m.rae:9)\n",
            "  at down (m.rae:2)\n".repeat(3),
            "  at down (m.rae:7)\n".repeat(10)
        );
        assert_eq!(e.to_string(), expected);
    }
}
