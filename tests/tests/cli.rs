//! End-to-end tests of the `rae` command line: exit statuses, output streams and formats.

use rae_tests::run_rae;
use std::path::PathBuf;

/// A fresh directory under the system temp dir holding the given files.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rae-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (path, text) in files {
        std::fs::write(dir.join(path), text).unwrap();
    }
    dir
}

const CLEAN: &str =
    "func area(w: view Int, h: view Int) ret Int {\n  ret w * h\n}\n\nfunc main() {\n  log(area(w: 2, h: 3))\n}\n";

const THREE_ERRORS: &str = "func main() {\n  let a: Int = 007\n  let b: Int = missing\n  let c: Int = 1\n  c = 2\n}\n";

#[test]
fn clean_program_exits_zero_silently() {
    let dir = scratch("clean", &[("main.rae", CLEAN)]);
    let out = run_rae(&dir, &["check", "main.rae"]);
    assert_eq!(out.status, 0, "{out:?}");
    assert_eq!(out.combined(), "");
}

#[test]
fn three_errors_give_three_located_diagnostics() {
    let dir = scratch("three", &[("main.rae", THREE_ERRORS)]);
    let out = run_rae(&dir, &["check", "main.rae"]);
    assert_eq!(out.status, 1, "{out:?}");
    assert_eq!(out.stdout, "");
    let heads: Vec<&str> = out.stderr.lines().filter(|l| l.starts_with("main.rae:")).collect();
    assert_eq!(
        heads,
        [
            "main.rae:2:16: integer literal cannot contain leading zeros",
            "main.rae:3:16: unknown identifier 'missing'",
            "main.rae:5:3: cannot reassign immutable 'let' binding 'c'",
        ],
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("     5 |   c = 2\n       |   ^~~~\n"), "{}", out.stderr);
}

#[test]
fn json_format_is_one_object_per_line_on_stdout() {
    let dir = scratch("json", &[("main.rae", THREE_ERRORS)]);
    let out = run_rae(&dir, &["check", "--format", "json", "main.rae"]);
    assert_eq!(out.status, 1);
    let objects: Vec<serde_json::Value> = out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(objects.len(), 3);
    assert_eq!(objects[1]["message"], "unknown identifier 'missing'");
    assert_eq!(objects[1]["line"], 3);
    assert_eq!(objects[1]["column"], 16);
    assert_eq!(objects[1]["severity"], "error");
}

#[test]
fn rich_format_shows_code_and_source() {
    let dir = scratch("rich", &[("main.rae", THREE_ERRORS)]);
    let out = run_rae(&dir, &["check", "--format", "rich", "main.rae"]);
    assert_eq!(out.status, 1);
    assert!(out.stderr.contains("error[L"), "{}", out.stderr);
    assert!(out.stderr.contains("┌─ main.rae:2:16"), "{}", out.stderr);
}

#[test]
fn usage_errors_exit_two() {
    let dir = scratch("usage", &[]);
    let missing = run_rae(&dir, &["check", "nope.rae"]);
    assert_eq!(missing.status, 2);
    assert!(missing.stderr.contains("cannot read 'nope.rae'"), "{}", missing.stderr);
    assert_eq!(run_rae(&dir, &["check", "--frobnicate", "x.rae"]).status, 2);
    assert_eq!(run_rae(&dir, &["check"]).status, 2);
}

#[test]
fn manifest_lists_the_four_kinds_and_warns_on_unknown_attribute() {
    let src = "func plain() ret Int {\n  ret 1\n}\n\nfunc hostAdd(a: view Int, b: view Int) extern ret Int\n\n@vm_stub\nfunc fastHash(x: view Int) ret Int {\n  ret x * 31\n}\n\n@native_only\nfunc simd(x: view Int) ret Int {\n  ret x\n}\n\n@inline_hint\nfunc hinted() {\n}\n";
    let dir = scratch("manifest", &[("main.rae", src)]);
    let out = run_rae(&dir, &["check", "--manifest", "main.rae"]);
    assert_eq!(out.status, 0, "{out:?}");
    assert!(
        out.stderr.contains("main.rae:17:1: warning: unknown attribute '@inline_hint' is ignored"),
        "{}",
        out.stderr
    );
    let manifest: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let kind_of = |name: &str| {
        let f = manifest["functions"].as_array().unwrap().iter().find(|f| f["name"] == name).unwrap().clone();
        (f["kind"].clone(), f["native_only"].clone(), f["host_symbol"].clone(), f["registry_key"].clone())
    };
    assert_eq!(kind_of("plain").0, "Rae");
    assert_eq!(kind_of("hostAdd"), ("Extern".into(), false.into(), "hostAdd".into(), "main.hostAdd".into()));
    assert_eq!(kind_of("fastHash").0, "NativeStub");
    assert_eq!(kind_of("simd").0, "Rae");
    assert_eq!(kind_of("simd").1, true);
    assert_eq!(kind_of("hinted").0, "Rae");
}

#[test]
fn format_check_write_round_trip() {
    let messy = "func   main( ) {\n    log( \"hi\" )\n}\n";
    let dir = scratch("format", &[("main.rae", messy)]);
    let check = run_rae(&dir, &["format", "--check", "main.rae"]);
    assert_eq!(check.status, 1);
    let printed = run_rae(&dir, &["format", "main.rae"]);
    assert_eq!(printed.status, 0);
    assert_eq!(printed.stdout, "func main() {\n  log(\"hi\")\n}\n");
    assert_eq!(run_rae(&dir, &["format", "--write", "main.rae"]).status, 0);
    assert_eq!(std::fs::read_to_string(dir.join("main.rae")).unwrap(), printed.stdout);
    assert_eq!(run_rae(&dir, &["format", "--check", "main.rae"]).status, 0);
}

#[test]
fn format_fixes_crlf_and_missing_final_newline() {
    let dir = scratch("crlf", &[("main.rae", "func main() {\r\n  log(1)\r\n}")]);
    let check = run_rae(&dir, &["check", "main.rae"]);
    assert_eq!(check.status, 1);
    assert!(check.stderr.contains("CRLF found"), "{}", check.stderr);
    assert!(check.stderr.contains("Missing final newline"), "{}", check.stderr);
    assert_eq!(run_rae(&dir, &["format", "--write", "main.rae"]).status, 0);
    assert_eq!(run_rae(&dir, &["check", "main.rae"]).status, 0);
}

#[test]
fn lex_and_parse_dump() {
    let dir = scratch("dump", &[("main.rae", CLEAN)]);
    let lex = run_rae(&dir, &["lex", "main.rae"]);
    assert_eq!(lex.status, 0);
    assert!(lex.stdout.starts_with("1:1\tFunc\n1:6\tIdent(\"area\")\n"), "{}", lex.stdout);
    let parse = run_rae(&dir, &["parse", "main.rae"]);
    assert_eq!(parse.status, 0);
    assert!(parse.stdout.contains("area"), "{}", parse.stdout);
}

#[test]
fn missing_import_prints_the_trace() {
    let dir = scratch(
        "imports",
        &[("main.rae", "import ./util\n\nfunc main() {\n}\n"), ("util.rae", "import ./gone\n\nfunc helper() {\n}\n")],
    );
    let out = run_rae(&dir, &["check", "main.rae"]);
    assert_eq!(out.status, 1);
    assert_eq!(
        out.stderr,
        "error: imported module './gone' not found (required by 'util.rae')\n  import trace:\n    -> main.rae\n    -> util.rae\n    -> ./gone\n"
    );
}
