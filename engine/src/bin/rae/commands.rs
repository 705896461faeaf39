//! The subcommands of `rae`; each returns the process exit status.

use crate::OutputFormat;
use rae_engine::build::launch::{self, LaunchOptions};
use rae_engine::build::{self, run_build};
use rae_engine::bytecode;
use rae_engine::diag::{self, DiagFormat};
use rae_engine::driver::{self, LoadOptions};
use rae_engine::source::FileId;
use rae_engine::syntax::{self, dump, format as fmt, lexer};
use std::io::{IsTerminal, Write};

/// Exit status for a program with errors.
const EXIT_ERRORS: u8 = 1;
/// Exit status for usage errors: bad flags (clap), unreadable files.
pub const EXIT_USAGE: u8 = 2;

pub fn read(path: &str) -> Result<String, u8> {
    std::fs::read(path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).map_err(|e| {
        eprintln!("error: cannot read '{path}': {e}");
        EXIT_USAGE
    })
}

pub fn check(files: &[String], format: OutputFormat, manifest: bool, no_implicit: bool) -> u8 {
    let diag_format = match format {
        OutputFormat::Short => DiagFormat::Short,
        OutputFormat::Rich => DiagFormat::Rich { color: std::io::stderr().is_terminal() },
        OutputFormat::Json => DiagFormat::Json,
    };
    let mut status = 0;
    for path in files {
        let text = match read(path) {
            Ok(t) => t,
            Err(code) => return code,
        };
        let (program, mut diags) = driver::load_source(path, text, LoadOptions { no_implicit });
        let checked = rae_engine::check::check_program(&program);
        diags.extend(checked.diagnostics);
        diag::sort(&mut diags);
        let rendered = diag::render_all(&diags, &program.sources, diag_format);
        if format == OutputFormat::Json {
            print!("{rendered}");
        } else {
            eprint!("{rendered}");
        }
        if diag::has_errors(&diags) {
            status = EXIT_ERRORS;
        } else if manifest {
            println!("{}", checked.manifest.to_json());
        }
    }
    status
}

pub fn format(files: &[String], write: bool, check: bool) -> u8 {
    let mut status = 0;
    for path in files {
        let original = match read(path) {
            Ok(t) => t,
            Err(code) => return code,
        };
        // CRLF endings and a missing final newline are lexer errors that formatting exists to fix.
        let text = fmt::normalize_line_endings(&original);
        let parsed = syntax::parse(FileId(0), &text);
        if parsed.diagnostics.iter().any(|d| d.is_error()) {
            let mut sources = rae_engine::source::SourceMap::new();
            sources.add(path.as_str(), text.as_str());
            eprint!("{}", diag::render_all(&parsed.diagnostics, &sources, DiagFormat::Short));
            status = EXIT_ERRORS;
            continue;
        }
        let formatted = fmt::format_module(&parsed, &text);
        if check {
            if formatted != original {
                eprintln!("{path}: not formatted");
                status = EXIT_ERRORS;
            }
        } else if write {
            if formatted != original {
                if let Err(e) = std::fs::write(path, &formatted) {
                    eprintln!("error: cannot write '{path}': {e}");
                    return EXIT_USAGE;
                }
            }
        } else {
            let _ = std::io::stdout().write_all(formatted.as_bytes());
        }
    }
    status
}

/// `rae run`: a hybrid dev build into the program's run directory, then the VM on the bytecode
/// it wrote; Ctrl-C raises the VM's interrupt flag. A `.raepkg` bundle or a `.raeb` file runs
/// its verified bytecode instead, with no front end.
pub fn run(path: &str, mut options: LaunchOptions, no_implicit: bool) -> u8 {
    if launch::is_compiled(std::path::Path::new(path)) {
        return launch::launch(std::path::Path::new(path), options);
    }
    let text = match read(path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let disk_path = std::path::Path::new(path);
    let mut build_options = build::BuildOptions::new(run_build::run_dir(disk_path), build::Profile::Dev);
    build_options.no_implicit = no_implicit;
    let built = match run_build::build_for_run(path, disk_path, text, &build_options) {
        Ok(built) => built,
        Err(e) => {
            eprint!("{e}");
            return e.exit_status();
        }
    };
    eprint!("{}", built.warnings);
    options.interrupt = Some(launch::ctrl_c_flag());
    let out = launch::stdout_for(&options);
    let outcome = launch::run_bytecode_file(&built.bytecode, &options, out);
    eprint!("{}", outcome.stderr);
    // Exit statuses are bytes: `main` returning 256 exits with 0, as in C.
    outcome.status as u8
}

/// `rae disasm`: diagnostics as `rae check` prints them, or the program's bytecode.
pub fn disasm(path: &str, no_implicit: bool) -> u8 {
    let text = match read(path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let (program, mut diags) = driver::load_source(path, text, LoadOptions { no_implicit });
    let checked = rae_engine::check::check_program(&program);
    diags.extend(checked.diagnostics.iter().cloned());
    diag::sort(&mut diags);
    eprint!("{}", diag::render_all(&diags, &program.sources, DiagFormat::Short));
    if diag::has_errors(&diags) {
        return EXIT_ERRORS;
    }
    match bytecode::compile(&program, &checked) {
        Ok(compiled) => {
            print!("{}", bytecode::disasm::disassemble(&compiled));
            0
        }
        Err(e) => {
            eprintln!("{e}");
            EXIT_ERRORS
        }
    }
}

pub fn lex(path: &str) -> u8 {
    let text = match read(path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut sources = rae_engine::source::SourceMap::new();
    let file = sources.add(path, text.as_str());
    let lexed = lexer::lex(file, &text);
    let src = sources.get(file);
    let mut out = String::new();
    for t in &lexed.tokens {
        let (line, col) = src.line_col(t.span.start);
        out.push_str(&format!("{line}:{col}\t{:?}\n", t.kind));
    }
    print!("{out}");
    eprint!("{}", diag::render_all(&lexed.diagnostics, &sources, DiagFormat::Short));
    if diag::has_errors(&lexed.diagnostics) {
        EXIT_ERRORS
    } else {
        0
    }
}

pub fn parse(path: &str) -> u8 {
    let text = match read(path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut sources = rae_engine::source::SourceMap::new();
    let file = sources.add(path, text.as_str());
    let parsed = syntax::parse(file, &text);
    print!("{}", dump::dump_module(&parsed.module));
    eprint!("{}", diag::render_all(&parsed.diagnostics, &sources, DiagFormat::Short));
    if diag::has_errors(&parsed.diagnostics) {
        EXIT_ERRORS
    } else {
        0
    }
}
