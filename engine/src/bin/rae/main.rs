//! The `rae` command line: run, check, build, format, disassemble, lex and parse Rae programs,
//! and the REPL.

mod build_cmd;
mod commands;
mod repl;
mod watch;

use clap::{Parser, Subcommand, ValueEnum};
use rae_engine::alloc::CountingAlloc;

/// Counts the heap for `rae run --max-memory`.
#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "rae", version, about = "The Rae toolchain", propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// file:line:col, the source line and a caret (the reference format)
    Short,
    /// rustc-style report with labels and colours on a terminal
    Rich,
    /// one JSON object per diagnostic and line
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BuildTarget {
    /// bytecode and manifest
    Vm,
    /// generated C, compiled into an executable
    Native,
    /// bytecode, C, the executable and a .raepkg bundle with a launcher
    Hybrid,
    /// reserved for pure-VM (web/WASM) deployment
    VmRelease,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BuildProfile {
    /// -O0 -g
    Dev,
    /// -O2
    Release,
}

/// The VM's limits, for `run` and for each input of `repl`.
#[derive(clap::Args)]
struct LimitArgs {
    /// Stop after about N instructions.
    #[arg(long, value_name = "N")]
    max_instructions: Option<u64>,
    /// Deepest call nesting allowed.
    #[arg(long, value_name = "N", default_value_t = rae_engine::vm::limits::DEFAULT_MAX_DEPTH)]
    max_depth: usize,
    /// Stop after this many seconds of wall time.
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<f64>,
    /// Stop when the program's heap grows past this many bytes.
    #[arg(long, value_name = "BYTES")]
    max_memory: Option<u64>,
}

impl LimitArgs {
    fn limits(self) -> rae_engine::vm::Limits {
        rae_engine::vm::Limits {
            max_instructions: self.max_instructions,
            max_depth: self.max_depth,
            timeout: self.timeout,
            max_memory: self.max_memory,
            scripts: rae_engine::script::VmConfig::default(),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Report the diagnostics of one or more programs; exit 1 when any has an error.
    Check {
        #[arg(required = true)]
        files: Vec<String>,
        /// How diagnostics are printed.
        #[arg(long, value_enum, default_value_t = OutputFormat::Short)]
        format: OutputFormat,
        /// Print the function manifest of each program as JSON on stdout.
        #[arg(long)]
        manifest: bool,
        /// Do not import `core` implicitly.
        #[arg(long)]
        no_implicit: bool,
    },
    /// Print canonical Rae (two-space indent, LF, final newline).
    #[command(alias = "fmt")]
    Format {
        #[arg(required = true)]
        files: Vec<String>,
        /// Rewrite the files in place.
        #[arg(long, conflicts_with = "check")]
        write: bool,
        /// Exit 1 when a file is not formatted; print nothing else.
        #[arg(long)]
        check: bool,
    },
    /// Compile and run a program (or run a .raepkg bundle) on the VM; its output goes to
    /// stdout, errors to stderr.
    Run {
        /// A .rae file, or a .raepkg bundle folder.
        file: String,
        #[command(flatten)]
        limits: LimitArgs,
        /// Pause at FILE:LINE (repeatable): print the stack and the locals on stderr, go on.
        #[arg(long = "break", value_name = "FILE:LINE", value_parser = parse_breakpoint)]
        breakpoints: Vec<(String, u32)>,
        /// Do not import `core` implicitly.
        #[arg(long)]
        no_implicit: bool,
        /// Hot-reload the program when FILE or one of its imports is saved, keeping its state
        /// (docs/hot-reload.md); run it again on the next save once it ends.
        #[arg(long, conflicts_with = "breakpoints")]
        watch: bool,
        /// Print each change of a variable shared with script functions on stderr, with who
        /// made it (`[shared #3] score = 15 (lua)`).
        #[arg(long, conflicts_with = "watch")]
        trace_shared: bool,
    },
    /// Build a program: native executable (via C), VM bytecode, or both plus a .raepkg bundle.
    Build {
        file: String,
        /// What to build.
        #[arg(long, value_enum, default_value_t = BuildTarget::Native)]
        target: BuildTarget,
        /// dev = -O0 -g, release = -O2.
        #[arg(long, value_enum, default_value_t = BuildProfile::Release)]
        profile: BuildProfile,
        /// Directory for the artifacts.
        #[arg(long, value_name = "DIR", default_value = "build")]
        out: String,
        /// Deprecated alias of `--target native`.
        #[arg(long)]
        emit_c: bool,
        /// A C file defining `extern` functions (repeatable).
        #[arg(long = "c-source", value_name = "FILE")]
        c_source: Vec<String>,
        /// Hybrid: the bundle's launcher is the whole toolchain, so the app can compile .rae
        /// files at run time (without it: the smaller VM-only launcher).
        #[arg(long)]
        embed_compiler: bool,
        /// Do not import `core` implicitly.
        #[arg(long)]
        no_implicit: bool,
    },
    /// Print the bytecode of a program (debugging).
    Disasm {
        file: String,
        /// Do not import `core` implicitly.
        #[arg(long)]
        no_implicit: bool,
    },
    /// Interactive REPL: declarations and values persist from input to input. With stdin
    /// from a file or a pipe, evaluates it line by line; exit 1 if any input failed.
    Repl {
        /// Limits of each input.
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Dump the tokens of a file (debugging).
    Lex { file: String },
    /// Dump the syntax tree of a file (debugging).
    Parse { file: String },
}

/// `FILE:LINE` of `--break`.
fn parse_breakpoint(arg: &str) -> Result<(String, u32), String> {
    let bad = || format!("'{arg}' is not FILE:LINE (a line number from 1)");
    let (file, line) = arg.rsplit_once(':').ok_or_else(bad)?;
    match line.parse::<u32>() {
        Ok(line) if line > 0 && !file.is_empty() => Ok((file.to_string(), line)),
        _ => Err(bad()),
    }
}

fn main() -> ExitCode {
    // Copied into a bundle by `--embed-compiler`, this binary is its launcher: started without
    // arguments it runs the bundle; with arguments it is the toolchain.
    if std::env::args_os().len() == 1 {
        if let Some(bundle) = rae_engine::build::launch::launched_bundle() {
            return ExitCode::from(rae_engine::build::launch::launch(&bundle, Default::default()));
        }
    }
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Check { files, format, manifest, no_implicit } => {
            commands::check(&files, format, manifest, no_implicit)
        }
        Command::Format { files, write, check } => commands::format(&files, write, check),
        Command::Run { file, limits, breakpoints, no_implicit, watch, trace_shared } => {
            let mut limits = limits.limits();
            // A source program's project file configures its script VMs; a bundle runs as built.
            if !rae_engine::build::launch::is_compiled(std::path::Path::new(&file)) {
                match rae_engine::script::VmConfig::for_program(std::path::Path::new(&file)) {
                    Ok(config) => limits.scripts = config,
                    Err(e) => {
                        eprintln!("{e}");
                        return ExitCode::from(2);
                    }
                }
            }
            let options =
                rae_engine::build::launch::LaunchOptions { limits, interrupt: None, breakpoints, trace_shared };
            if watch {
                watch::run(&file, options, no_implicit)
            } else {
                commands::run(&file, options, no_implicit)
            }
        }
        Command::Build { file, target, profile, out, emit_c, c_source, embed_compiler, no_implicit } => {
            let request = build_cmd::BuildRequest {
                target,
                profile,
                out,
                emit_c,
                c_sources: c_source,
                embed_compiler,
                no_implicit,
            };
            build_cmd::build(&file, &request)
        }
        Command::Disasm { file, no_implicit } => commands::disasm(&file, no_implicit),
        Command::Repl { limits } => repl::run(limits.limits()),
        Command::Lex { file } => commands::lex(&file),
        Command::Parse { file } => commands::parse(&file),
    };
    ExitCode::from(status)
}
