//! Checker tests: each rule through `driver::load_source` + `check_program`, compared on the
//! rendered short diagnostics (`LINE:COL: message`).

mod calls;
mod decls;
mod flow;
mod matches;
mod modes;
mod names;
mod programs;
mod typed;
mod types;
mod walk;

use super::{check_program, CheckOutput};
use crate::diag::{self, DiagFormat};
use crate::driver::{self, LoadOptions, Program};
pub use walk::{exprs_of, module_exprs};

/// Loads and checks `src` as `t.rae`; syntax diagnostics are included.
pub fn checked(src: &str) -> (Program, CheckOutput) {
    let (program, parse_diags) = driver::load_source("t.rae", src.to_string(), LoadOptions::default());
    let mut out = check_program(&program);
    out.diagnostics.extend(parse_diags);
    diag::sort(&mut out.diagnostics);
    (program, out)
}

/// Every diagnostic rendered in the reference format.
pub fn rendered(src: &str) -> String {
    let (program, out) = checked(src);
    diag::render_all(&out.diagnostics, &program.sources, DiagFormat::Short)
}

/// The first line of every diagnostic, without the file name: `3:7: unknown identifier 'x'`.
pub fn headers(src: &str) -> Vec<String> {
    rendered(src).lines().filter_map(|l| l.strip_prefix("t.rae:")).map(str::to_string).collect()
}

#[track_caller]
pub fn assert_clean(src: &str) {
    let r = rendered(src);
    assert!(r.is_empty(), "expected no diagnostics, got:\n{r}");
}

/// Exactly one diagnostic, whose first line is `expected` (`LINE:COL: message`).
#[track_caller]
pub fn assert_one(src: &str, expected: &str) {
    let h = headers(src);
    assert_eq!(h, vec![expected.to_string()], "full output:\n{}", rendered(src));
}

/// A program with `body` as the body of `main` (two-space indented by the caller).
pub fn in_main(body: &str) -> String {
    format!("func main() {{\n{body}}}\n")
}
