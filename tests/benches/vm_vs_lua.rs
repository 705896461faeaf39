//! Cross-language benchmark (issues 4, 5): samples/bench/ on the Rae VM, Lua 5.4, CPython, C and native.
//!
//! Run with `make bench` or `cargo bench -p rae-tests --bench vm_vs_lua [-- NAME…]` (names
//! filter the programs; `RAE_BENCH_REPS` sets the repetitions, 5 by default). Lua runs in this
//! process (mlua, vendored) and, like the Rae VM, is timed around the run alone: the chunk is
//! compiled first, untimed, in a fresh Lua state for each repetition. How the other languages
//! are timed is in `rae_tests::bench`. Every language must print the same checksum line, or the
//! benchmark fails; a missing tool (no `python3`, no C compiler for C and native) shows `n/a`,
//! never a number.

use rae_tests::bench::{self, Cell, Row, Run, Scratch, Tools};
use std::cell::RefCell;
use std::path::Path;
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

const DEFAULT_REPS: usize = 5;

/// One run of Lua 5.4. `print` is replaced by one that writes to a buffer, so output costs
/// what the Rae VM's buffered output costs and can be compared.
fn run_lua(source: &str, name: &str) -> Result<Run, String> {
    let lua = mlua::Lua::new();
    let printed = Rc::new(RefCell::new(String::new()));
    rae_engine::script::capture_print(&lua, Rc::clone(&printed)).map_err(|e| e.to_string())?;
    let chunk = lua.load(source).set_name(format!("@{name}.lua")).into_function().map_err(|e| e.to_string())?;
    let start = Instant::now();
    chunk.call::<()>(()).map_err(|e| e.to_string())?;
    let elapsed = start.elapsed();
    let output = printed.borrow().clone();
    Ok(Run { output, elapsed })
}

fn measure_lua(path: &Path, name: &str, reps: usize) -> Cell {
    match std::fs::read_to_string(path) {
        Ok(source) => bench::measure(reps, || run_lua(&source, name)),
        Err(e) => Cell::Failed(format!("cannot read {}: {e}", path.display())),
    }
}

fn bench_program(name: &'static str, dir: &Path, tools: &Tools, reps: usize) -> Row {
    let file = |ext: &str| dir.join(format!("{name}.{ext}"));
    Row {
        name,
        rae: bench::measure_rae(&file("rae"), reps),
        lua: measure_lua(&file("lua"), name, reps),
        python: tools.measure_python(&file("py"), reps),
        c: tools.measure_c(&file("c"), reps),
        native: tools.measure_native(&file("rae"), reps),
    }
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; every other argument names a program to run.
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let reps = std::env::var("RAE_BENCH_REPS").ok().and_then(|r| r.parse().ok()).filter(|&r| r > 0);
    let reps = reps.unwrap_or(DEFAULT_REPS);
    let tools = match Scratch::new("vm-vs-lua").and_then(|scratch| Tools::find(scratch, reps)) {
        Ok(tools) => tools,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let dir = bench::bench_dir();
    let mut rows = Vec::new();
    for name in bench::PROGRAMS.into_iter().filter(|name| filter.is_empty() || filter.iter().any(|f| f == name)) {
        eprintln!("vm_vs_lua: {name}");
        rows.push(bench_program(name, &dir, &tools, reps));
    }
    println!();
    print!("{}", bench::table(&rows, reps));
    let problems: Vec<String> = rows.iter().flat_map(Row::problems).collect();
    if problems.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!("error: the benchmark failed:");
    for problem in &problems {
        eprintln!("  {problem}");
    }
    ExitCode::FAILURE
}
