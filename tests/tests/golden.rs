//! Golden runner: every folder under tests/cases is one case (see rae_tests docs).
//! `RAE_BLESS=1 cargo test -p rae-tests --test golden` rewrites expected outputs; review them.
//! A filter argument runs only the cases whose name contains it.

use std::process::ExitCode;

fn main() -> ExitCode {
    let bless = std::env::var_os("RAE_BLESS").is_some();
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let cases: Vec<_> = rae_tests::cases()
        .into_iter()
        .filter(|c| filter.is_empty() || filter.iter().any(|f| c.name.contains(f)))
        .collect();
    let (mut passed, mut failed) = (0, 0);
    for case in &cases {
        match rae_tests::run_case(case, bless) {
            Ok(()) => {
                passed += 1;
                println!("ok     {}", case.name);
            }
            Err(why) => {
                failed += 1;
                println!("FAILED {}\n{}", case.name, why);
            }
        }
    }
    println!("\ngolden: {passed} passed, {failed} failed");
    if failed > 0 || cases.is_empty() {
        if cases.is_empty() {
            println!("no golden cases found under tests/cases");
        }
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
