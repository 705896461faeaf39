//! The cross-language benchmark's machinery (tests/benches/vm_vs_lua.rs drives it): timing,
//! the Rae, Python, C and native runners, the checksum comparison and the table.
//!
//! What is timed: the Rae VM runs in this process and is timed around `main` alone, after the
//! program was loaded, checked and compiled, with a freshly linked VM for each repetition.
//! Python, C and native run as subprocesses (C compiled once with `cc -O2`, the Rae program
//! built once by the native backend with the release profile, both into a scratch folder): a
//! process is timed from spawn to exit, less the median start-up of an empty program of the
//! same language measured the same way. Each column is the median of the repetitions.

use rae_engine::build::{self, BuildError, BuildOptions, Profile, Toolchain};
use rae_engine::bytecode::{self, CompiledProgram};
use rae_engine::check;
use rae_engine::diag::{self, DiagFormat};
use rae_engine::driver::{self, LoadOptions};
use rae_engine::host::{HostState, NativeRegistry, OutputBuffer};
use rae_engine::vm::{Limits, Vm};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The programs of samples/bench/: each is NAME.rae, NAME.lua, NAME.py and NAME.c.
pub const PROGRAMS: [&str; 8] =
    ["fib", "loops", "binary_trees", "nbody", "method_call", "string_build", "list_sort", "map_ops"];

/// Issue 4's goal for the VM, for every program.
pub const GOAL_RAE_PER_LUA: f64 = 0.7;

/// Issue 5's goal for the native backend: at most this much slower than hand-written C at -O2.
pub const GOAL_NATIVE_PER_C: f64 = 1.2;

/// The folder that holds the benchmark programs.
pub fn bench_dir() -> PathBuf {
    crate::workspace_root().join("samples").join("bench")
}

/// One finished run: what the program printed and how long it took.
#[derive(Debug)]
pub struct Run {
    pub output: String,
    pub elapsed: Duration,
}

/// One language's result for one program.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// The median run time and the (identical) output of every repetition.
    Timed { median: Duration, output: String },
    /// The language's tool is not installed.
    Missing,
    /// The program did not build or run, or its repetitions disagreed.
    Failed(String),
}

impl Cell {
    fn millis(&self) -> Option<f64> {
        match self {
            Cell::Timed { median, .. } => Some(median.as_secs_f64() * 1000.0),
            Cell::Missing | Cell::Failed(_) => None,
        }
    }
}

/// Runs `run` `reps` times; the outputs must agree, the time is their median.
pub fn measure(reps: usize, mut run: impl FnMut() -> Result<Run, String>) -> Cell {
    let mut times = Vec::with_capacity(reps);
    let mut first: Option<String> = None;
    for _ in 0..reps {
        let result = match run() {
            Ok(result) => result,
            Err(message) => return Cell::Failed(message),
        };
        match &first {
            Some(output) if *output != result.output => {
                return Cell::Failed(format!("repetitions disagree: {output:?} then {:?}", result.output))
            }
            Some(_) => {}
            None => first = Some(result.output),
        }
        times.push(result.elapsed);
    }
    match first {
        Some(output) => Cell::Timed { median: median(times), output },
        None => Cell::Failed("no repetition ran".to_string()),
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// Loads, checks and compiles a Rae program to bytecode (done once, untimed).
pub fn compile_rae(path: &Path) -> Result<CompiledProgram, String> {
    let path = path.to_string_lossy();
    let (program, mut diags) =
        driver::load_program(&path, LoadOptions::default()).map_err(|e| format!("cannot read {path}: {e}"))?;
    let checked = check::check_program(&program);
    diags.extend(checked.diagnostics.iter().cloned());
    if diag::has_errors(&diags) {
        return Err(diag::render_all(&diags, &program.sources, DiagFormat::Short));
    }
    bytecode::compile(&program, &checked).map_err(|e| e.to_string())
}

/// One run of the Rae VM in this process: link a fresh VM (untimed), then time `main`. Output
/// goes to a buffer, as a host that shows it in a window would do.
fn run_rae(compiled: &CompiledProgram, registry: &NativeRegistry) -> Result<Run, String> {
    let out = OutputBuffer::new();
    let host = HostState::with_output(Box::new(out.clone()));
    let mut vm = Vm::new(compiled.clone(), registry, host, Limits::default()).map_err(|e| e.to_string())?;
    let start = Instant::now();
    vm.run_main().map_err(|e| e.to_string())?;
    let elapsed = start.elapsed();
    Ok(Run { output: out.take_string(), elapsed })
}

/// The Rae column: compile once, then `reps` timed runs.
pub fn measure_rae(path: &Path, reps: usize) -> Cell {
    match compile_rae(path) {
        Ok(compiled) => {
            let registry = NativeRegistry::with_core();
            measure(reps, || run_rae(&compiled, &registry))
        }
        Err(message) => Cell::Failed(message),
    }
}

/// Runs `program args…` to completion; its time is from spawn to exit less `startup`.
fn run_process(program: &Path, args: &[&Path], startup: Duration) -> Result<Run, String> {
    let start = Instant::now();
    let out =
        Command::new(program).args(args).output().map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    let elapsed = start.elapsed().saturating_sub(startup);
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(format!("{} failed ({}): {}", program.display(), out.status, stderr.trim()));
    }
    Ok(Run { output: String::from_utf8_lossy(&out.stdout).into_owned(), elapsed })
}

/// The median start-up time of a process, from runs of an empty program; `None` when it
/// does not run at all (the tool is missing).
fn startup(reps: usize, run: impl FnMut() -> Result<Run, String>) -> Option<Duration> {
    match measure(reps, run) {
        Cell::Timed { median, .. } => Some(median),
        Cell::Missing | Cell::Failed(_) => None,
    }
}

/// A scratch folder for the C executables and the empty programs, removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    /// A fresh folder in the temp dir; `tag` keeps folders of concurrent users apart.
    pub fn new(tag: &str) -> Result<Scratch, String> {
        let dir = std::env::temp_dir().join(format!("rae-bench-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Scratch(dir))
    }

    /// Writes `text` to `name` inside the folder.
    fn file(&self, name: &str, text: &str) -> Result<PathBuf, String> {
        let path = self.0.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Best effort: a leftover folder in the temp dir is harmless.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The C compiler: `$CC`, else `cc`, as the native builds find it.
struct CCompiler(PathBuf);

impl CCompiler {
    /// Compiles `source` with `-O2` into the scratch folder; returns the executable.
    fn compile(&self, source: &Path, scratch: &Scratch) -> Result<PathBuf, String> {
        let stem = source.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let exe = scratch.0.join(format!("{stem}{}", std::env::consts::EXE_SUFFIX));
        let out = Command::new(&self.0)
            .args(["-std=c99", "-O2", "-o"])
            .arg(&exe)
            .arg(source)
            .arg("-lm")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.0.display()))?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            return Err(format!("{} failed on {}: {}", self.0.display(), source.display(), stderr.trim()));
        }
        Ok(exe)
    }
}

/// The native backend's column: each Rae program built with the release profile into the
/// scratch folder, timed less the start-up of an empty Rae program built the same way (which
/// includes what every native program pays before `main`, such as its big-stack thread).
struct Native {
    options: BuildOptions,
    startup: Duration,
}

impl Native {
    /// Builds and times the empty program. `Err` is the cell every program gets instead:
    /// `Missing` without a C compiler, `Failed` when even the empty program does not run.
    fn find(toolchain: Option<Toolchain>, scratch: &Scratch, reps: usize) -> Result<Native, Cell> {
        let toolchain = toolchain.ok_or(Cell::Missing)?;
        let options = BuildOptions {
            toolchain: Some(toolchain),
            ..BuildOptions::new(scratch.0.join("native"), Profile::Release)
        };
        let empty = scratch.file("empty.rae", "func main() {\n}\n").map_err(Cell::Failed)?;
        let exe = build_native(&empty, &options)?;
        match measure(reps, || run_process(&exe, &[], Duration::ZERO)) {
            Cell::Timed { median, .. } => Ok(Native { options, startup: median }),
            other => Err(other),
        }
    }

    /// The native column for `program`: built once, then `reps` runs.
    fn measure(&self, program: &Path, reps: usize) -> Cell {
        match build_native(program, &self.options) {
            Ok(exe) => measure(reps, || run_process(&exe, &[], self.startup)),
            Err(cell) => cell,
        }
    }
}

/// Builds `program` into an executable; a missing C compiler is `Missing`, not a failure.
fn build_native(program: &Path, options: &BuildOptions) -> Result<PathBuf, Cell> {
    let text = std::fs::read_to_string(program)
        .map_err(|e| Cell::Failed(format!("cannot read {}: {e}", program.display())))?;
    match build::build_native(&program.to_string_lossy(), text, options) {
        Ok(built) => Ok(built.executable),
        Err(BuildError::NoCompiler) => Err(Cell::Missing),
        Err(e) => {
            Err(Cell::Failed(format!("native build of {} failed: {}", program.display(), e.to_string().trim_end())))
        }
    }
}

/// The interpreter `python3` stands for. Version managers put a shell-script shim first on
/// PATH whose own start-up is slow and noisy; the real executable keeps the subtraction fair.
fn find_python() -> Option<PathBuf> {
    let out = Command::new("python3").args(["-c", "import sys; print(sys.executable)"]).output().ok()?;
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
}

/// The subprocess languages, found (or not) once per benchmark run, with their start-up times.
pub struct Tools {
    python: Option<(PathBuf, Duration)>,
    c: Option<(CCompiler, Duration)>,
    native: Result<Native, Cell>,
    scratch: Scratch,
}

impl Tools {
    pub fn find(scratch: Scratch, reps: usize) -> Result<Tools, String> {
        let empty_py = scratch.file("empty.py", "")?;
        let python = find_python().and_then(|python| {
            let startup = startup(reps, || run_process(&python, &[&empty_py], Duration::ZERO))?;
            Some((python, startup))
        });
        let compiler = CCompiler(std::env::var_os("CC").map_or_else(|| PathBuf::from("cc"), PathBuf::from));
        let empty_c = scratch.file("empty.c", "int main(void) { return 0; }\n")?;
        let c = compiler.compile(&empty_c, &scratch).ok().and_then(|exe| {
            let startup = startup(reps, || run_process(&exe, &[], Duration::ZERO))?;
            Some((compiler, startup))
        });
        let native = Native::find(Toolchain::from_env(), &scratch, reps);
        Ok(Tools { python, c, native, scratch })
    }

    /// The Python column for `script`.
    pub fn measure_python(&self, script: &Path, reps: usize) -> Cell {
        match &self.python {
            Some((python, startup)) => measure(reps, || run_process(python, &[script], *startup)),
            None => Cell::Missing,
        }
    }

    /// The C column for `source`: compiled once, then `reps` runs.
    pub fn measure_c(&self, source: &Path, reps: usize) -> Cell {
        match &self.c {
            Some((compiler, startup)) => match compiler.compile(source, &self.scratch) {
                Ok(exe) => measure(reps, || run_process(&exe, &[], *startup)),
                Err(message) => Cell::Failed(message),
            },
            None => Cell::Missing,
        }
    }

    /// The native column for the Rae program `program`: built once, then `reps` runs.
    pub fn measure_native(&self, program: &Path, reps: usize) -> Cell {
        match &self.native {
            Ok(native) => native.measure(program, reps),
            Err(cell) => cell.clone(),
        }
    }
}

/// Everything measured for one program.
pub struct Row {
    pub name: &'static str,
    pub rae: Cell,
    pub lua: Cell,
    pub python: Cell,
    pub c: Cell,
    /// The Rae program built by the native backend.
    pub native: Cell,
}

impl Row {
    fn cells(&self) -> [(&'static str, &Cell); 5] {
        [("Rae", &self.rae), ("Lua", &self.lua), ("Python", &self.python), ("C", &self.c), ("native", &self.native)]
    }

    /// What makes the benchmark fail: a failed run, or a checksum that differs from the
    /// first language's. A missing tool is no problem.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut reference: Option<(&str, &str)> = None;
        for (language, cell) in self.cells() {
            match cell {
                Cell::Failed(message) => problems.push(format!("{}: {language}: {message}", self.name)),
                Cell::Timed { output, .. } => match reference {
                    Some((first, expected)) if expected != output => problems
                        .push(format!("{}: {language} printed {output:?} but {first} printed {expected:?}", self.name)),
                    Some(_) => {}
                    None => reference = Some((language, output)),
                },
                Cell::Missing => {}
            }
        }
        problems
    }
}

fn ratio(cell: &Cell, other: &Cell) -> Option<f64> {
    match (cell.millis(), other.millis()) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    }
}

fn show(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "n/a".to_string(), |v| format!("{v:.decimals$}"))
}

/// The results table, ending with the goal lines.
pub fn table(rows: &[Row], reps: usize) -> String {
    let mut out = String::new();
    let _ =
        writeln!(out, "samples/bench: median of {reps} runs, milliseconds (Python, C and native less their start-up)");
    let _ = writeln!(
        out,
        "{:<14} {:>9} {:>9} {:>10} {:>9} {:>9} {:>8} {:>11} {:>8} {:>9}",
        "program", "Rae ms", "Lua ms", "Python ms", "C ms", "native ms", "Rae/Lua", "Rae/Python", "Rae/C", "native/C"
    );
    for row in rows {
        let _ = writeln!(
            out,
            "{:<14} {:>9} {:>9} {:>10} {:>9} {:>9} {:>8} {:>11} {:>8} {:>9}",
            row.name,
            show(row.rae.millis(), 1),
            show(row.lua.millis(), 1),
            show(row.python.millis(), 1),
            show(row.c.millis(), 1),
            show(row.native.millis(), 1),
            show(ratio(&row.rae, &row.lua), 2),
            show(ratio(&row.rae, &row.python), 2),
            show(ratio(&row.rae, &row.c), 2),
            show(ratio(&row.native, &row.c), 2),
        );
    }
    goal_line(&mut out, "Rae/Lua", GOAL_RAE_PER_LUA, rows.iter().map(|r| ratio(&r.rae, &r.lua)));
    goal_line(&mut out, "native/C", GOAL_NATIVE_PER_C, rows.iter().map(|r| ratio(&r.native, &r.c)));
    out
}

/// `goal: WHAT <= GOAL (met by M of N programs)`; a ratio that could not be measured is not met.
fn goal_line(out: &mut String, what: &str, goal: f64, ratios: impl ExactSizeIterator<Item = Option<f64>>) {
    let total = ratios.len();
    let met = ratios.filter(|r| r.is_some_and(|r| r <= goal)).count();
    let _ = writeln!(out, "goal: {what} <= {goal} (met by {met} of {total} programs)");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timed(ms: u64, output: &str) -> Cell {
        Cell::Timed { median: Duration::from_millis(ms), output: output.to_string() }
    }

    fn row(rae: Cell, lua: Cell, python: Cell, c: Cell, native: Cell) -> Row {
        Row { name: "fib", rae, lua, python, c, native }
    }

    #[test]
    fn measure_takes_the_median_and_needs_agreeing_outputs() {
        let mut times = [30, 10, 20].into_iter();
        let cell = measure(3, || {
            Ok(Run { output: "7\n".to_string(), elapsed: Duration::from_millis(times.next().unwrap_or(0)) })
        });
        assert_eq!(cell, timed(20, "7\n"));

        let mut n = 0;
        let cell = measure(3, || {
            n += 1;
            Ok(Run { output: format!("{n}\n"), elapsed: Duration::ZERO })
        });
        assert!(matches!(cell, Cell::Failed(m) if m.contains("disagree")), "outputs 1 then 2 must fail");

        let cell = measure(3, || Err("boom".to_string()));
        assert_eq!(cell, Cell::Failed("boom".to_string()));
    }

    #[test]
    fn problems_catch_a_differing_checksum_and_a_failure_but_not_a_missing_tool() {
        let agreeing = row(timed(10, "1\n"), timed(5, "1\n"), Cell::Missing, timed(1, "1\n"), timed(1, "1\n"));
        assert!(agreeing.problems().is_empty());

        let differing = row(timed(10, "1\n"), timed(5, "1\n"), timed(9, "2\n"), Cell::Missing, Cell::Missing);
        let problems = differing.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("Python printed \"2\\n\" but Rae printed \"1\\n\""), "{problems:?}");

        let native_differs = row(timed(10, "1\n"), Cell::Missing, Cell::Missing, Cell::Missing, timed(1, "3\n"));
        assert_eq!(
            native_differs.problems(),
            vec!["fib: native printed \"3\\n\" but Rae printed \"1\\n\"".to_string()]
        );

        let failed = row(
            Cell::Failed("stack overflow".to_string()),
            timed(5, "1\n"),
            Cell::Missing,
            Cell::Missing,
            Cell::Failed("no such file".to_string()),
        );
        assert_eq!(failed.problems(), ["fib: Rae: stack overflow", "fib: native: no such file"]);
    }

    #[test]
    fn table_shows_ratios_and_never_a_number_for_a_missing_tool() {
        let rows = [
            row(timed(50, "1\n"), timed(100, "1\n"), Cell::Missing, timed(5, "1\n"), timed(6, "1\n")),
            row(timed(80, "1\n"), timed(100, "1\n"), timed(400, "1\n"), timed(10, "1\n"), timed(13, "1\n")),
            row(timed(80, "1\n"), timed(100, "1\n"), timed(400, "1\n"), Cell::Missing, Cell::Missing),
        ];
        let text = table(&rows, 5);
        let cells: Vec<Vec<&str>> =
            text.lines().filter(|l| l.starts_with("fib")).map(|l| l.split_whitespace().collect()).collect();
        assert_eq!(cells[0], ["fib", "50.0", "100.0", "n/a", "5.0", "6.0", "0.50", "n/a", "10.00", "1.20"]);
        assert_eq!(cells[1], ["fib", "80.0", "100.0", "400.0", "10.0", "13.0", "0.80", "0.20", "8.00", "1.30"]);
        assert_eq!(cells[2], ["fib", "80.0", "100.0", "400.0", "n/a", "n/a", "0.80", "0.20", "n/a", "n/a"]);
        let goals = "goal: Rae/Lua <= 0.7 (met by 1 of 3 programs)\ngoal: native/C <= 1.2 (met by 1 of 3 programs)\n";
        assert!(text.ends_with(goals), "{text}");
    }

    #[test]
    fn a_failing_process_is_an_error_and_start_up_is_subtracted() {
        let scratch = Scratch::new("unit").unwrap_or_else(|e| panic!("{e}"));
        let fails = scratch.file("fails.sh", "echo oops >&2; exit 3\n").unwrap_or_else(|e| panic!("{e}"));
        let err = run_process(Path::new("sh"), &[&fails], Duration::ZERO).err().unwrap_or_default();
        assert!(err.contains("oops"), "{err}");

        let prints = scratch.file("prints.sh", "echo 42\n").unwrap_or_else(|e| panic!("{e}"));
        let run = run_process(Path::new("sh"), &[&prints], Duration::from_secs(3600));
        let run = run.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((run.output.as_str(), run.elapsed), ("42\n", Duration::ZERO));
        assert_eq!(startup(2, || Err("not installed".to_string())), None);
    }

    #[test]
    fn no_c_compiler_makes_the_native_column_missing() {
        let scratch = Scratch::new("unit-no-cc").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(Native::find(None, &scratch, 1), Err(Cell::Missing)));
        let absent = Toolchain { program: PathBuf::from("/nonexistent/cc"), args: vec![] };
        assert!(matches!(Native::find(Some(absent), &scratch, 1), Err(Cell::Missing)));
    }

    #[test]
    fn native_builds_run_and_report_their_output_and_their_failures() {
        let Some(toolchain) = Toolchain::from_env() else {
            eprintln!("no C compiler: the native column is n/a, nothing to run");
            return;
        };
        let scratch = Scratch::new("unit-native").unwrap_or_else(|e| panic!("{e}"));
        let native = Native::find(Some(toolchain), &scratch, 1).unwrap_or_else(|cell| panic!("{cell:?}"));
        let file = |name: &str, text: &str| scratch.file(name, text).unwrap_or_else(|e| panic!("{e}"));

        let prints = file("prints.rae", "func main() {\n  log(6 * 7)\n}\n");
        assert!(matches!(native.measure(&prints, 2), Cell::Timed { output, .. } if output == "42\n"));

        let divides = file("divides.rae", "func main() {\n  var n = 0\n  log(1 / n)\n}\n");
        let cell = native.measure(&divides, 1);
        assert!(matches!(&cell, Cell::Failed(m) if m.contains("division by zero")), "{cell:?}");

        let wrong = file("wrong.rae", "func main() {\n  log(undefinedName)\n}\n");
        let cell = native.measure(&wrong, 1);
        assert!(
            matches!(&cell, Cell::Failed(m) if m.starts_with("native build of") && m.contains("wrong.rae")),
            "{cell:?}"
        );
    }

    #[test]
    fn every_program_has_all_four_languages_and_its_rae_version_compiles() {
        let dir = bench_dir();
        for name in PROGRAMS {
            for ext in ["rae", "lua", "py", "c"] {
                assert!(dir.join(format!("{name}.{ext}")).is_file(), "samples/bench/{name}.{ext} is missing");
            }
            if let Err(message) = compile_rae(&dir.join(format!("{name}.rae"))) {
                panic!("samples/bench/{name}.rae does not compile:\n{message}");
            }
        }
    }
}
