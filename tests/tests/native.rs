//! Differential test of the C backend: every golden case with `command: run` is built as a
//! native executable (profile dev) and run in its folder; stdout, stderr and the exit status
//! must be exactly what the VM gave (`expected.txt`, `config`). The runtime is compiled once
//! per test process and linked into each case; cases build on two threads.
//! `RAE_CASE=name` runs only the cases whose name contains it; `RAE_NATIVE_PROFILE=release`
//! builds them with the release profile instead. A case with script functions
//! (`@function "lua"`) that the VM runs must be refused by the native build with its message.

use rae_engine::build::{self, BuildError, BuildOptions, Profile, Toolchain};
use rae_tests::{cases, line_diff, run_rae, Case};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Flags of `rae run` that configure the VM itself; a native executable has no equivalent,
/// so cases that need them are skipped (and listed).
const VM_ONLY_FLAGS: &[&str] = &["--max-instructions", "--max-depth", "--timeout", "--max-memory", "--break"];
const THREADS: usize = 2;
/// What a native build says of a program with script functions.
const SCRIPT_REFUSAL: &str = "native builds run Rae code only";

struct Outcome {
    combined: String,
    status: i32,
}

fn profile() -> Profile {
    match std::env::var("RAE_NATIVE_PROFILE").as_deref() {
        Ok("release") => Profile::Release,
        _ => Profile::Dev,
    }
}

fn build_and_run(case: &Case, args: &[String], runtime: &Path, work: &Path) -> Result<Outcome, String> {
    let main = case.dir.join("main.rae");
    let text = std::fs::read_to_string(&main).map_err(|e| e.to_string())?;
    let mut options = BuildOptions::new(work.join(&case.name), profile());
    options.runtime_object = Some(runtime.to_path_buf());
    options.no_implicit = args.iter().any(|a| a == "--no-implicit");
    // Named as `rae run main.rae` names it inside the case folder, so diagnostics and stack
    // traces print the same path.
    let built = match build::build_native_as("main.rae", &main, text, &options) {
        Ok(b) => b,
        Err(BuildError::Diagnostics(text)) => return Ok(Outcome { combined: text, status: 1 }),
        Err(e) => return Err(format!("build failed (status {}):\n{e}", e.exit_status())),
    };
    let out = Command::new(&built.executable).current_dir(&case.dir).output().map_err(|e| e.to_string())?;
    Ok(Outcome {
        combined: format!(
            "{}{}{}",
            String::from_utf8_lossy(&out.stdout),
            built.warnings,
            String::from_utf8_lossy(&out.stderr)
        ),
        status: out.status.code().unwrap_or(-1),
    })
}

fn check_case(case: &Case, runtime: &Path, work: &Path) -> Result<(), String> {
    let config = case.config()?;
    let expected = std::fs::read_to_string(case.dir.join("expected.txt")).unwrap_or_default();
    let uses_scripts = std::fs::read_to_string(case.dir.join("main.rae")).is_ok_and(|s| s.contains("@function \""));
    let outcome = match build_and_run(case, &config.args, runtime, work) {
        Err(why) if uses_scripts && why.contains(SCRIPT_REFUSAL) => return Ok(()),
        outcome => outcome?,
    };
    let mut problems = Vec::new();
    if outcome.status != config.status {
        problems.push(format!("exit status: expected {}, got {}", config.status, outcome.status));
    }
    if outcome.combined != expected {
        problems.push(format!("output differs:\n{}", line_diff(&expected, &outcome.combined)));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn native_builds_print_what_the_vm_prints() {
    let Some(toolchain) = Toolchain::from_env() else {
        panic!("{}", rae_engine::build::toolchain::INSTALL_HINT);
    };
    let work: PathBuf = std::env::temp_dir().join(format!("rae-native-test-{}", std::process::id()));
    let runtime = build::compile_runtime(&toolchain, profile(), &work.join("runtime"))
        .unwrap_or_else(|e| panic!("the C runtime does not compile:\n{e}"));
    let filter = std::env::var("RAE_CASE").unwrap_or_default();
    let mut runnable = Vec::new();
    let mut skipped = Vec::new();
    for case in cases().into_iter().filter(|c| c.name.contains(&filter)) {
        let Ok(config) = case.config() else { continue };
        if config.command != "run" {
            continue;
        }
        if config.args.iter().any(|a| VM_ONLY_FLAGS.contains(&a.as_str())) {
            skipped.push(case.name.clone());
        } else {
            runnable.push(case);
        }
    }
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = runnable.get(k) else { break };
                if let Err(why) = check_case(case, &runtime, &work) {
                    failures.lock().unwrap_or_else(|p| p.into_inner()).push(format!("FAILED {}\n{why}", case.name));
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&work);
    for name in &skipped {
        println!("skipped {name} (its args use a VM-only flag)");
    }
    let mut failures = failures.into_inner().unwrap_or_else(|p| p.into_inner());
    failures.sort();
    println!("native: {} cases, {} failed, {} skipped", runnable.len(), failures.len(), skipped.len());
    assert!(!runnable.is_empty(), "no run cases found under tests/cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A fresh folder for one CLI test, holding `files`.
fn scratch(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rae-native-cli-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("invariant: the temp dir is writable");
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("invariant: the temp dir is writable");
    }
    dir
}

const HELLO: &str = "func main() ret Int {\n  log(\"hello {6 * 7}\")\n  ret 3\n}\n";

#[test]
fn build_writes_c_manifest_and_executable() {
    let dir = scratch("layout", &[("hello.rae", HELLO)]);
    let out = run_rae(&dir, &["build", "--profile", "dev", "--out", "out", "hello.rae"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    for file in ["hello.c", "hello.manifest", "hello", "runtime/rae_runtime.h", "runtime/rae_runtime.c"] {
        assert!(dir.join("out").join(file).is_file(), "{file} missing");
    }
    let manifest = std::fs::read_to_string(dir.join("out/hello.manifest")).unwrap_or_default();
    assert!(manifest.contains("\"main\""), "{manifest}");
    let run = Command::new(dir.join("out/hello")).output().expect("invariant: the executable runs");
    assert_eq!(String::from_utf8_lossy(&run.stdout), "hello 42\n");
    assert_eq!(run.status.code(), Some(3));
    // The defaults: native, release, into build/.
    let out = run_rae(&dir, &["build", "hello.rae"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(dir.join("build/hello").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_reserved_target_exits_2() {
    let dir = scratch("targets", &[("hello.rae", HELLO)]);
    let out = run_rae(&dir, &["build", "--target", "vm-release", "hello.rae"]);
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("reserved for pure-VM (web/WASM) deployment, not implemented yet"), "{}", out.stderr);
    // `vm` and `hybrid` are tested in bundle.rs.
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unknown_targets_and_profiles_list_the_valid_values() {
    let dir = scratch("values", &[("hello.rae", HELLO)]);
    let out = run_rae(&dir, &["build", "--target", "wasm", "hello.rae"]);
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("[possible values: vm, native, hybrid, vm-release]"), "{}", out.stderr);
    let out = run_rae(&dir, &["build", "--profile", "fast", "hello.rae"]);
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("[possible values: dev, release]"), "{}", out.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn emit_c_is_a_deprecated_alias_of_native() {
    let dir = scratch("emit-c", &[("hello.rae", HELLO)]);
    let out = run_rae(&dir, &["build", "--emit-c", "--profile", "dev", "--out", "o", "hello.rae"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stderr.contains("--emit-c is deprecated; use --target native"), "{}", out.stderr);
    assert!(dir.join("o/hello").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn extern_functions_call_user_c_sources() {
    let program = "func hostAdd(a: view Int, b: view Int) extern ret Int\n\nfunc half(x: view Float) extern ret Float\n\nfunc main() {\n  log(hostAdd(a: 40, b: 2))\n  log(half(x: 3.0))\n}\n";
    let host = "#include <stdint.h>\nint64_t hostAdd(int64_t a, int64_t b) { return a + b; }\nfloat half(float x) { return x / 2; }\n";
    let dir = scratch("extern", &[("ext.rae", program), ("host.c", host)]);
    let out = run_rae(&dir, &["build", "--profile", "dev", "--out", "o", "--c-source", "host.c", "ext.rae"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let run = Command::new(dir.join("o/ext")).output().expect("invariant: the executable runs");
    assert_eq!(String::from_utf8_lossy(&run.stdout), "42\n1.5\n");

    let out = run_rae(&dir, &["build", "--profile", "dev", "--out", "o", "ext.rae"]);
    assert_eq!(out.status, 1);
    for name in ["hostAdd", "half"] {
        let line = format!("error: extern function '{name}' needs the C symbol '{name}', but no C source defines it");
        assert!(out.stderr.contains(&line), "{}", out.stderr);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn extern_functions_take_and_return_strings_lists_and_structs() {
    let dir = scratch(
        "extern-heap",
        &[("ext.rae", include_str!("native_extern/ext.rae")), ("host.c", include_str!("native_extern/host.c"))],
    );
    let out = run_rae(&dir, &["build", "--profile", "dev", "--out", "o", "--c-source", "host.c", "ext.rae"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let run = Command::new(dir.join("o/ext")).output().expect("invariant: the executable runs");
    assert_eq!(String::from_utf8_lossy(&run.stdout), "HI RAE!\n{ #(1, 4, 9, 16), 4, 4 }\n30\n2\n1\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn programs_with_errors_build_nothing() {
    let dir = scratch("errors", &[("bad.rae", "func main() {\n  log(nope)\n}\n")]);
    let out = run_rae(&dir, &["build", "--out", "o", "bad.rae"]);
    assert_eq!(out.status, 1);
    assert!(out.stderr.starts_with("bad.rae:2:7: unknown identifier 'nope'"), "{}", out.stderr);
    assert!(!dir.join("o/bad").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_c_compiler_says_how_to_install_one() {
    let dir = scratch("no-cc", &[("hello.rae", HELLO)]);
    let out = Command::new(rae_tests::rae_bin())
        .args(["build", "--out", "o", "hello.rae"])
        .env("CC", "/nonexistent/cc")
        .current_dir(&dir)
        .output()
        .expect("invariant: rae runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no C compiler found"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn native_only_bodies_are_compiled_into_native_builds() {
    let program =
        "@native_only\nfunc twice(n: view Int) ret Int {\n  ret n * 2\n}\n\nfunc main() {\n  log(twice(n: 21))\n}\n";
    let dir = scratch("native-only", &[("only.rae", program)]);
    let out = run_rae(&dir, &["build", "--profile", "dev", "--out", "o", "only.rae"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let run = Command::new(dir.join("o/only")).output().expect("invariant: the executable runs");
    assert_eq!(String::from_utf8_lossy(&run.stdout), "42\n");
    // The VM has no native registered for it, so only the native build runs it.
    assert_eq!(run_rae(&dir, &["run", "only.rae"]).status, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Corners the golden cases may not reach: each program runs on the VM (in process) and as a
/// native executable, and both must print the same and exit the same.
const CORNERS: &[(&str, &str)] = &[
    (
        "int_edges",
        "import math\n\nfunc main() {\n  let low = -9223372036854775807 - 1\n  log(low / -1)\n  log(low % -1)\n  log(-7 % 3)\n  log(1 shl 64)\n  log(1 shl 63)\n  log(-8 shr 1)\n  log(low * -1)\n  log(abs(low))\n  log(bitnot 0)\n  log(popcount(-1))\n  log(leadingZeros(0))\n  log(trailingZeros(8))\n  let big: Float64 = 100000000000000000000000.0\n  log(big as Int)\n  let small: Float = -3.9\n  log(small as Int)\n  log(300 as UInt8)\n  log(-1 as UInt16)\n  log(70000 as Int16)\n}\n",
    ),
    (
        "float_edges",
        "import math\n\nfunc main() {\n  let z: Float64 = 0.0\n  log(1.0 / z)\n  log(-1.0 / z)\n  log(z / z)\n  log(-z)\n  let third: Float = 1.0 / 3.0\n  log(third)\n  let t64: Float64 = 1.0 / 3.0\n  log(t64)\n  log(123456789.0)\n  log(0.000012345)\n  log(sqrt(2.0))\n  log(pow(2.0, exponent: 0.5))\n  log(lerp(a: 1.0, b: 3.0, t: 0.25))\n  log(round(2.5))\n  log(5.5 % 2.0)\n  seed(n: 42)\n  log(random())\n  log(random(min: 1, max: 6))\n  log(randomFloat(min: -1.0, max: 1.0))\n  log(random(min: 5, max: 5))\n}\n",
    ),
    (
        "string_edges",
        "import \"string\"\n\nfunc main() {\n  log(\" \\t hi there \\n\".trim())\n  log(\"9223372036854775807\".toInt())\n  log(\"9223372036854775808\".toInt())\n  log(\"-9223372036854775808\".toInt())\n  log(\"+5\".toInt())\n  log(\"-\".toInt())\n  log(\"1e3\".toFloat())\n  log(\" 1\".toFloat())\n  log(\"inf\".toFloat())\n  log(\".5\".toFloat())\n  log(\"a,b,,c\".split(sep: \",\"))\n  log(\"\".split(sep: \",\"))\n  log(\"añb\".split(sep: \"\"))\n  log(\"aaa\".replace(old: \"aa\", new: \"b\"))\n  log(\"Hello 💜\".length())\n  log(\"Hello 💜\".at(index: 6))\n  log(\"Hello 💜\".sub(start: -3, len: 2))\n  log(\"abc\".compare(other: \"abd\"))\n  log(\"MiXeD\".toUpper())\n  log(\"MiXeD\".toLower())\n  log(\"haystack\".indexOf(sub: \"\"))\n  log(\"b\" < \"a\")\n}\n",
    ),
    (
        "containers",
        "func main() {\n  var xs: List(Float64) = { 0.5, -0.0, 0.0, -1.0 }\n  xs.sort()\n  log(xs)\n  xs.sortDesc()\n  log(xs)\n  var ys = createList(Int, cap: 0)\n  ys.add(value: 3)\n  ys.insert(index: 0, value: 1)\n  ys.truncate(len: -1)\n  log(ys)\n  ys.add(value: 9)\n  let snapshot = ys\n  ys.add(value: 10)\n  log(snapshot)\n  log(ys)\n  var m = createStringMap(Int, cap: 2)\n  m.set(key: \"b\", value: 1)\n  m.set(key: \"a\", value: 2)\n  m.set(key: \"c\", value: 3)\n  m.remove(key: \"a\")\n  m.set(key: \"a\", value: 4)\n  log(m)\n  var n = createStringMap(Int, cap: 2)\n  n.set(key: \"a\", value: 4)\n  n.set(key: \"b\", value: 1)\n  n.set(key: \"c\", value: 3)\n  log(m is n)\n  log(m.keys().join(sep: \"+\"))\n}\n",
    ),
];

#[test]
fn corner_cases_match_the_vm() {
    let Some(toolchain) = Toolchain::from_env() else {
        panic!("{}", rae_engine::build::toolchain::INSTALL_HINT);
    };
    let work = std::env::temp_dir().join(format!("rae-native-corners-{}", std::process::id()));
    let mut failures = Vec::new();
    for (name, program) in CORNERS {
        let vm_out = rae_engine::host::OutputBuffer::new();
        let options = rae_engine::vm::RunOptions::default();
        let vm = rae_engine::vm::run_source("main.rae", program.to_string(), &options, Box::new(vm_out.clone()));
        let vm_text = format!("{}{}", vm_out.take_string(), vm.stderr);
        let mut build_options = BuildOptions::new(work.join(name), Profile::Dev);
        build_options.toolchain = Some(toolchain.clone());
        let built = build::build_native(
            &work.join(name).join("main.rae").to_string_lossy(),
            program.to_string(),
            &build_options,
        )
        .unwrap_or_else(|e| panic!("{name} does not build:\n{e}"));
        let out = Command::new(&built.executable).output().expect("invariant: the executable runs");
        let native_text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        if native_text != vm_text || out.status.code() != Some(vm.status) {
            failures.push(format!("{name}:\n{}", line_diff(&vm_text, &native_text)));
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
