//! Coverage: every diagnostic code the front end can emit is produced by at least one golden case.

use std::collections::BTreeSet;

/// Runs `rae check --format json` on every `check` case (with its own arguments, less any
/// `--format`) and collects the codes of the diagnostics it printed.
fn codes_produced_by_cases() -> BTreeSet<String> {
    let mut produced = BTreeSet::new();
    for case in rae_tests::cases() {
        let config = case.config().unwrap_or_else(|why| panic!("{}: bad config: {why}", case.name));
        if config.command != "check" {
            continue;
        }
        let mut args = vec!["check", "--format", "json"];
        let mut rest = config.args.iter().map(String::as_str);
        while let Some(arg) = rest.next() {
            if arg == "--format" {
                rest.next();
            } else if !arg.starts_with("--format=") {
                args.push(arg);
            }
        }
        args.push("main.rae");
        let out = rae_tests::run_rae(&case.dir, &args);
        produced.extend(out.stdout.lines().filter_map(diagnostic_code));
    }
    produced
}

/// The `code` of one JSON diagnostic line; `None` for anything else (such as a manifest).
fn diagnostic_code(line: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    value.get("severity")?.as_str()?;
    Some(value.get("code")?.as_str()?.to_string())
}

#[test]
fn every_diagnostic_code_has_a_golden_case() {
    let produced = codes_produced_by_cases();
    let known = rae_engine::all_diagnostic_codes();
    let missing: Vec<&str> = known.iter().copied().filter(|code| !produced.contains(*code)).collect();
    assert!(missing.is_empty(), "codes without a golden case under tests/cases: {missing:?}");
    let unlisted: Vec<&String> = produced.iter().filter(|code| !known.contains(&code.as_str())).collect();
    assert!(unlisted.is_empty(), "codes emitted but missing from all_diagnostic_codes(): {unlisted:?}");
}

#[test]
fn json_lines_yield_their_code() {
    assert_eq!(diagnostic_code(r#"{"severity":"error","code":"C0001","message":"m"}"#), Some("C0001".into()));
    assert_eq!(diagnostic_code(r#"{"functions":[]}"#), None);
    assert_eq!(diagnostic_code("main.rae:1:1: unknown identifier 'x'"), None);
}
