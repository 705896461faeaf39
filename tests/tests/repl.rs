//! `rae repl` with stdin from a pipe: inputs joined until complete, values shown, state kept
//! across inputs, errors on stderr, exit status 1 when any input failed.

use rae_tests::run_rae_with_input;
use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rae-repl-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_script_defines_uses_and_redefines_with_state_kept() {
    let script = "\
var calls = 0
func greet(name: view String) ret String {
  calls++
  ret \"hi {name}\"
}
greet(name: \"ann\")
log(\"(\")
func greet(name: view String) ret String {
  calls = calls + 10
  ret \"hello {name}\"
}
greet(name: \"bo\")
calls
:vars
:funcs
:type greet(name: \"x\")
";
    let out = run_rae_with_input(&scratch("state"), &["repl"], script);
    assert_eq!(out.stderr, "");
    assert_eq!(
        out.stdout,
        "= hi ann : String\n(\n= hello bo : String\n= 11 : Int\nvar calls: Int = 11\n\
         greet(name: view String) ret String  [rae]\ngreet(name: \"x\") : String\n"
    );
    assert_eq!(out.status, 0);
}

#[test]
fn failed_inputs_print_diagnostics_change_nothing_and_set_the_exit_status() {
    let script = "var n = 1\nn = n + undefinedName\nn = 50\nlog(10 / (n - 50))\nn\n";
    let out = run_rae_with_input(&scratch("fail"), &["repl"], script);
    assert_eq!(out.stdout, "= 50 : Int\n");
    assert!(out.stderr.starts_with("<2>:1:9: unknown identifier 'undefinedName'"), "{}", out.stderr);
    assert!(out.stderr.contains("error: division by zero\n  at _replInput (<4>:1)\n"), "{}", out.stderr);
    assert_eq!(out.status, 1);
}

#[test]
fn an_input_left_open_at_the_end_fails() {
    let out = run_rae_with_input(&scratch("open"), &["repl"], "log(1)\nfunc f() {\n  log(2)\n");
    assert_eq!(out.stdout, "1\n");
    assert!(out.stderr.contains("unexpected end of file: expected '}'"), "{}", out.stderr);
    assert_eq!(out.status, 1);
}

#[test]
fn load_save_and_reset() {
    let dir = scratch("files");
    std::fs::write(dir.join("lib.rae"), "import math\n\nfunc half(x: view Int) ret Int {\n  ret x / 2\n}\n").unwrap();
    let script = ":load lib.rae\nlet big = half(x: 84)\n:save out.rae\n:reset\n:vars\nbig\n";
    let out = run_rae_with_input(&dir, &["repl"], script);
    assert!(out.stdout.starts_with("saved 3 declarations to out.rae\nsession cleared\n"), "{}", out.stdout);
    assert!(out.stderr.contains("unknown identifier 'big'"), "{}", out.stderr);
    assert_eq!(out.status, 1);
    let saved = std::fs::read_to_string(dir.join("out.rae")).unwrap();
    assert_eq!(saved, "import math\n\nfunc half(x: view Int) ret Int {\n  ret x / 2\n}\n\nlet big = half(x: 84)\n");
    let unknown = run_rae_with_input(&dir, &["repl"], ":frobnicate\n");
    assert!(unknown.stderr.contains("unknown command ':frobnicate'"), "{}", unknown.stderr);
    assert_eq!(unknown.status, 1);
}

#[test]
fn limits_apply_to_each_input() {
    let script = "var i = 0\nloop true {\n  i++\n}\ni\n";
    let out = run_rae_with_input(&scratch("limits"), &["repl", "--max-instructions", "10000"], script);
    assert!(out.stderr.contains("instruction limit"), "{}", out.stderr);
    assert_eq!(out.stdout, "= 0 : Int\n");
    assert_eq!(out.status, 1);
}

#[test]
fn lang_runs_inputs_in_another_language_with_the_sessions_globals() {
    let script = "\
var score = 10
let name = \"ada\"
:lang lua
score = score + #name
function twice(x)
  return x * 2
end
twice(score)
name = \"bob\"
:lang javascript
score += 100; `${name} has ${score}`
:lang python
def bonus(n):
    return n // 10

score += bonus(score)
f\"{name} has {score}\"
:lang wren
score = score * 2
\"%(name) ends with %(score)\"
:lang rae
score
:lang cobol
";
    let out = run_rae_with_input(&scratch("lang"), &["repl"], script);
    assert_eq!(
        out.stdout,
        "language: lua\n= 26\nlanguage: javascript\n= \"ada has 113\"\nlanguage: python\n= \"ada has 124\"\nlanguage: wren\n= 248\n= \"ada ends with 248\"\nlanguage: rae\n= 248 : Int\n"
    );
    assert!(out.stderr.contains("error: lua value error: 'name' is not a 'var' of the Rae program"), "{}", out.stderr);
    assert!(
        out.stderr.contains("error: unknown language 'cobol' (available: rae, lua, javascript, python, wren)"),
        "{}",
        out.stderr
    );
    assert_eq!(out.status, 1);
}

#[test]
fn the_project_file_of_the_folder_sets_the_starting_language_and_the_enabled_vms() {
    let dir = scratch("project");
    let config = "(scripting: (enabled: [\"lua\"], default: \"lua\", vms: {\"lua\": (timeout: 0.1)}))";
    std::fs::write(dir.join("rae.ron"), config).unwrap();
    let script = "\
1 + 2
while true do end
:lang javascript
:lang
";
    let out = run_rae_with_input(&dir, &["repl"], script);
    assert_eq!(out.stdout, "= 3\nlanguage: lua (available: rae, lua)\n", "{}", out.stderr);
    assert!(out.stderr.contains("error: lua script stopped at its timeout limit (rae.ron)"), "{}", out.stderr);
    assert!(out.stderr.contains("the javascript VM is not enabled by the project file rae.ron"), "{}", out.stderr);
    std::fs::write(dir.join("rae.ron"), "(scripting: (default: 7))").unwrap();
    let out = run_rae_with_input(&dir, &["repl"], "1\n");
    assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
    assert!(out.stderr.contains("rae.ron:1:"), "{}", out.stderr);
    assert_eq!(out.status, 2);
}
