//! The Rae toolchain as a library: source → syntax → check → manifest (→ backends, later).
//!
//! Hosts (the `rae` CLI, the REPL, the workbench) talk to the engine through this API only.

pub mod alloc;
pub mod build;
pub mod bytecode;
pub mod cbackend;
pub mod check;
pub mod diag;
pub mod driver;
pub mod host;
pub mod hot;
pub mod manifest;
pub mod script;
pub mod session;
pub mod source;
pub mod syntax;
pub mod vm;

/// Unit tests count allocations as the CLI does (`alloc`), so memory caps can be tested.
#[cfg(test)]
#[global_allocator]
static ALLOC: alloc::CountingAlloc = alloc::CountingAlloc;

/// Every diagnostic code the front end can emit: lexer, parser, checker, then module loader.
/// Each stage lists its own codes once (diag.rs sits below them all, so the union lives here);
/// the golden coverage test holds a case for each.
pub fn all_diagnostic_codes() -> Vec<&'static str> {
    [syntax::lexer::CODES, syntax::parser::CODES, check::codes::CODES, driver::CODES].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_codes_are_unique_and_prefixed_by_their_stage() {
        let codes = all_diagnostic_codes();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), codes.len(), "a code is listed twice: {codes:?}");
        for code in &codes {
            let (stage, digits) = code.split_at(1);
            assert!(["L", "P", "C", "M"].contains(&stage), "{code}");
            assert!(digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()), "{code}");
        }
        assert!(codes.contains(&"L0001") && codes.contains(&"P0202") && codes.contains(&"C0043"));
        assert!(codes.contains(&"M0002"));
    }
}
