//! Checker: name resolution, types, parameter modes and the function manifest. (Being written.)

use crate::diag::Diagnostic;
use crate::driver::Program;
use crate::manifest::Manifest;

/// What the checker hands to the backends.
#[derive(Debug)]
pub struct CheckOutput {
    pub diagnostics: Vec<Diagnostic>,
    pub manifest: Manifest,
}

pub fn check_program(program: &Program) -> CheckOutput {
    CheckOutput { diagnostics: Vec::new(), manifest: Manifest::empty(&program.root_name()) }
}
