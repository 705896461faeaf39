//! CLI tests of `rae build --target vm|hybrid`, `.raepkg` bundles and their launchers: the
//! artifacts and `bundle.json`, a bundle run from a copy with the source deleted, tamper
//! detection, `--embed-compiler`, limits and Ctrl-C, C sources, and a hybrid build on a
//! machine without a C compiler.

use rae_engine::manifest::source_hash;
use rae_tests::watch::{Stream, Watched, TICKER};
use rae_tests::{rae_bin, run_rae, workspace_root, Output};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const HELLO: &str = "func main() ret Int {\n  log(\"hello {6 * 7}\")\n  ret 3\n}\n";
const DIVIDE: &str = "func main() {\n  log(\"before\")\n  let z = 0\n  log(1 / z)\n}\n";

/// `rae` finds the VM-only launcher beside itself; `rae_bin` builds only `rae`.
fn ensure_launcher() {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        if std::env::var_os("RAE_BIN").is_some() {
            return;
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "rae-engine", "--bin", "rae-launch"])
            .current_dir(workspace_root())
            .status()
            .expect("invariant: cargo is runnable from the test process");
        assert!(status.success(), "building rae-launch failed");
    });
}

fn rae(dir: &Path, args: &[&str]) -> Output {
    ensure_launcher();
    run_rae(dir, args)
}

fn scratch(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rae-bundle-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("invariant: the temp dir is writable");
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("invariant: the temp dir is writable");
    }
    dir
}

fn exec(program: &Path, args: &[&str], cwd: &Path) -> Output {
    let out = Command::new(program).args(args).current_dir(cwd).output().expect("invariant: the program starts");
    Output {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code().unwrap_or(-1),
    }
}

fn bundle_json(bundle: &Path) -> Value {
    let text = std::fs::read_to_string(bundle.join("bundle.json")).expect("invariant: the bundle has bundle.json");
    serde_json::from_str(&text).expect("invariant: bundle.json is JSON")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("invariant: the temp dir is writable");
    for entry in std::fs::read_dir(from).expect("invariant: the bundle is readable").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("invariant: the temp dir is writable");
        }
    }
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn vm_target_writes_bytecode_and_manifest_only() {
    let dir = scratch("vm", &[("hello.rae", HELLO)]);
    let out = rae(&dir, &["build", "--target", "vm", "--out", "o", "hello.rae"]);
    assert_eq!((out.status, out.stdout.as_str()), (0, "o/hello.raeb\n"), "{}", out.stderr);
    let bytes = std::fs::read(dir.join("o/hello.raeb")).unwrap_or_default();
    assert!(bytes.starts_with(b"RAEB"), "not a chunk file");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("o/hello.manifest")).unwrap_or_default())
            .expect("invariant: the manifest is JSON");
    assert_eq!(manifest["module"], "hello");
    assert_eq!(manifest["functions"][0]["name"], "main");
    assert!(!dir.join("o/hello.c").exists() && !dir.join("o/hello.raepkg").exists());
    let run = rae(&dir, &["run", "o/hello.raeb"]);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str(), run.status), ("hello 42\n", "", 3));
    let mut bytes = bytes;
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(dir.join("o/hello.raeb"), &bytes).expect("invariant: the build folder is writable");
    let run = rae(&dir, &["run", "o/hello.raeb"]);
    assert_eq!((run.stdout.as_str(), run.status), ("", 1));
    assert_eq!(
        run.stderr,
        "error: 'o/hello.raeb': invalid bytecode: checksum mismatch: the file is damaged or was modified\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hybrid_writes_bytecode_c_executable_and_a_described_bundle() {
    let dir = scratch("hybrid", &[("hello.rae", HELLO)]);
    let out = rae(&dir, &["build", "--target", "hybrid", "--profile", "dev", "--out", "o", "hello.rae"]);
    assert_eq!((out.status, out.stdout.as_str()), (0, "o/hello.raepkg\n"), "{}", out.stderr);
    for file in ["hello.raeb", "hello.manifest", "hello.c", "runtime/rae_runtime.h", "hello"] {
        assert!(dir.join("o").join(file).is_file(), "o/{file} missing");
    }
    let bundle = dir.join("o/hello.raepkg");
    let info = bundle_json(&bundle);
    assert_eq!(info["format_version"], 1);
    assert_eq!(info["module"], "hello");
    assert_eq!(info["entry"], "hello.raeb");
    assert_eq!(info["manifest"], "hello.manifest");
    assert_eq!(info["target"], "hybrid");
    assert_eq!(info["profile"], "dev");
    assert_eq!(info["native"], "native/hello");
    assert_eq!(info["launcher"], "launch");
    assert_eq!(info["embeds_compiler"], false);
    let files = info["files"].as_array().cloned().unwrap_or_default();
    let listed: Vec<&str> = files.iter().filter_map(|f| f["path"].as_str()).collect();
    let expected = [
        "hello.raeb",
        "hello.manifest",
        "c/hello.c",
        "c/runtime/rae_runtime.h",
        "c/runtime/rae_runtime.c",
        "native/hello",
        "launch",
    ];
    assert_eq!(listed, expected);
    for f in &files {
        let bytes = std::fs::read(bundle.join(f["path"].as_str().unwrap_or_default())).unwrap_or_default();
        assert_eq!(f["fnv1a64"].as_str(), Some(source_hash(&bytes).as_str()), "{f}");
        assert_eq!(f["size"].as_u64(), Some(bytes.len() as u64), "{f}");
    }
    // The bundle's manifest is the build's.
    let manifest = std::fs::read(bundle.join("hello.manifest")).unwrap_or_default();
    assert_eq!(manifest, std::fs::read(dir.join("o/hello.manifest")).unwrap_or_default());
    let run = rae(&dir, &["run", "o/hello.raepkg"]);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str(), run.status), ("hello 42\n", "", 3));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_copied_bundle_runs_without_source_or_toolchain() {
    let dir = scratch("copy", &[("hello.rae", HELLO), ("divide.rae", DIVIDE)]);
    for file in ["hello.rae", "divide.rae"] {
        let out = rae(&dir, &["build", "--target", "hybrid", "--profile", "dev", "--out", "o", file]);
        assert_eq!(out.status, 0, "{}", out.stderr);
    }
    let elsewhere = scratch("copy-target", &[]);
    copy_tree(&dir.join("o/hello.raepkg"), &elsewhere.join("hello.raepkg"));
    copy_tree(&dir.join("o/divide.raepkg"), &elsewhere.join("divide.raepkg"));
    std::fs::remove_dir_all(&dir).expect("invariant: the scratch folder can be deleted");
    let cwd = std::env::temp_dir();
    let launch = elsewhere.join("hello.raepkg/launch");
    let out = exec(&launch, &[], &cwd);
    assert_eq!((out.stdout.as_str(), out.stderr.as_str(), out.status), ("hello 42\n", "", 3));
    // The native executable in the bundle prints the same.
    let native = exec(&elsewhere.join("hello.raepkg/native/hello"), &[], &cwd);
    assert_eq!((native.stdout.as_str(), native.status), ("hello 42\n", 3));
    // A launcher also runs a bundle given by path, and runtime errors keep their trace.
    let out = exec(&launch, &[elsewhere.join("divide.raepkg").to_string_lossy().as_ref()], &cwd);
    assert_eq!(out.stdout, "before\n");
    assert_eq!(out.stderr, "error: division by zero\n  at main (divide.rae:4)\n");
    assert_eq!(out.status, 1);
    let out = exec(&launch, &["/nonexistent.raepkg"], &cwd);
    assert_eq!(out.status, 2, "{}", out.stderr);
    let _ = std::fs::remove_dir_all(&elsewhere);
}

#[test]
fn tampered_bundles_are_clean_errors() {
    let dir = scratch("tamper", &[("hello.rae", HELLO)]);
    let out = rae(&dir, &["build", "--target", "hybrid", "--profile", "dev", "--out", "o", "hello.rae"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let bundle = dir.join("o/hello.raepkg");
    let entry = bundle.join("hello.raeb");
    let mut bytes = std::fs::read(&entry).unwrap_or_default();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&entry, &bytes).expect("invariant: the bundle is writable");
    let out = rae(&dir, &["run", "o/hello.raepkg"]);
    assert_eq!((out.stdout.as_str(), out.status), ("", 1));
    assert_eq!(
        out.stderr,
        "error: bundle 'o/hello.raepkg' is damaged or was modified: 'hello.raeb' does not match its hash in bundle.json\n"
    );
    // With bundle.json's hash forged too, the chunk file's own checksum still refuses it.
    let json = std::fs::read_to_string(bundle.join("bundle.json")).unwrap_or_default();
    let info = bundle_json(&bundle);
    let old = info["files"][0]["fnv1a64"].as_str().unwrap_or_default().to_string();
    std::fs::write(bundle.join("bundle.json"), json.replace(&old, &source_hash(&bytes)))
        .expect("invariant: the bundle is writable");
    let out = exec(&bundle.join("launch"), &[], &dir);
    assert_eq!((out.stdout.as_str(), out.status), ("", 1));
    assert!(out.stderr.contains("invalid bytecode: checksum mismatch"), "{}", out.stderr);
    std::fs::write(bundle.join("bundle.json"), "{ not json").expect("invariant: the bundle is writable");
    let out = rae(&dir, &["run", "o/hello.raepkg"]);
    assert_eq!(out.status, 1);
    assert!(out.stderr.starts_with("error: 'o/hello.raepkg' is not a valid bundle: bundle.json:"), "{}", out.stderr);
    let out = rae(&dir, &["run", "missing.raepkg"]);
    assert_eq!(out.status, 2);
    assert!(out.stderr.starts_with("error: cannot read 'missing.raepkg/bundle.json'"), "{}", out.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn embed_compiler_ships_the_toolchain_as_launcher() {
    let dir = scratch("embed", &[("hello.rae", HELLO), ("other.rae", DIVIDE)]);
    let out = rae(&dir, &["build", "--target", "hybrid", "--profile", "dev", "--out", "small", "hello.rae"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let args = ["build", "--target", "hybrid", "--profile", "dev", "--embed-compiler", "--out", "big", "hello.rae"];
    let out = rae(&dir, &args);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let big = dir.join("big/hello.raepkg");
    assert_eq!(bundle_json(&big)["embeds_compiler"], true);
    let (small_size, big_size) = (size(&dir.join("small/hello.raepkg/launch")), size(&big.join("launch")));
    println!("launcher sizes: VM-only {small_size} bytes, with the compiler {big_size} bytes");
    assert!(small_size > 0 && small_size < big_size, "{small_size} vs {big_size}");
    let out = exec(&big.join("launch"), &[], Path::new("/"));
    assert_eq!((out.stdout.as_str(), out.status), ("hello 42\n", 3), "{}", out.stderr);
    // With arguments the embedded launcher is the compiler: it checks and runs source files.
    let out = exec(&big.join("launch"), &["run", "other.rae"], &dir);
    assert_eq!((out.stdout.as_str(), out.status), ("before\n", 1), "{}", out.stderr);
    // ... and hot-reloads them (issue 8): a save reaches the running program, state kept.
    std::fs::write(dir.join("tick.rae"), TICKER).expect("write tick.rae");
    let mut run = Watched::start_with(&big.join("launch"), &dir.join("tick.rae"));
    let wait = Duration::from_secs(20);
    run.wait_for(Stream::Out, wait, |l| l == "v1 3").unwrap();
    run.save(&TICKER.replace("v1 {count}", "v2 {count}"));
    let (_, patched, _) = run.wait_for(Stream::Err, wait, |l| l.starts_with("[hot-patch]")).unwrap();
    assert_eq!(patched, "[hot-patch] changed: tick");
    let (_, next, _) = run.wait_for(Stream::Out, wait, |l| l.starts_with("v2 ")).unwrap();
    let count: i64 = next.trim_start_matches("v2 ").parse().unwrap_or(0);
    assert!(count > 3, "the count went on from where v1 left it: {next}");
    assert_eq!(run.interrupt(), Some(130));
    // A running bundle takes a new build of itself: the bundle is the watched program.
    std::fs::write(dir.join("tick.rae"), TICKER).expect("write tick.rae");
    let build = ["build", "--target", "hybrid", "--profile", "dev", "--out", "ticker", "tick.rae"];
    assert_eq!(rae(&dir, &build).status, 0);
    let mut run = Watched::start_with(&big.join("launch"), &dir.join("ticker/tick.raepkg"));
    run.wait_for(Stream::Out, wait, |l| l == "v1 3").unwrap();
    std::fs::write(dir.join("tick.rae"), TICKER.replace("v1 {count}", "v2 {count}")).expect("write tick.rae");
    assert_eq!(rae(&dir, &build).status, 0);
    let (_, patched, _) = run.wait_for(Stream::Err, wait, |l| l.starts_with("[hot-patch]")).unwrap();
    assert_eq!(patched, "[hot-patch] changed: tick");
    let (_, next, _) = run.wait_for(Stream::Out, wait, |l| l.starts_with("v2 ")).unwrap();
    assert!(next.trim_start_matches("v2 ").parse::<i64>().unwrap_or(0) > 3, "{next}");
    assert_eq!(run.interrupt(), Some(130));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn build_flags_that_do_not_fit_are_usage_errors() {
    let dir = scratch("flags", &[("hello.rae", HELLO), ("bad.rae", "func main() {\n  log(nope)\n}\n")]);
    let out = rae(&dir, &["build", "--target", "vm", "--embed-compiler", "hello.rae"]);
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("--embed-compiler needs --target hybrid"), "{}", out.stderr);
    let out = rae(&dir, &["build", "--embed-compiler", "hello.rae"]);
    assert_eq!(out.status, 2, "native is the default target: {}", out.stderr);
    let out = rae(&dir, &["build", "--target", "hybrid", "app.raepkg"]);
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("is a bundle"), "{}", out.stderr);
    for target in ["vm", "hybrid"] {
        let out = rae(&dir, &["build", "--target", target, "--out", "o", "bad.rae"]);
        assert_eq!(out.status, 1, "{target}");
        assert!(out.stderr.starts_with("bad.rae:2:7: unknown identifier 'nope'"), "{}", out.stderr);
        assert!(!dir.join("o").exists(), "{target} wrote files for a program with errors");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hybrid_without_a_c_compiler_still_bundles_the_bytecode() {
    let dir = scratch("no-cc", &[("hello.rae", HELLO)]);
    ensure_launcher();
    let out = Command::new(rae_bin())
        .args(["build", "--target", "hybrid", "--out", "o", "hello.rae"])
        .env("CC", "/nonexistent/cc")
        .current_dir(&dir)
        .output()
        .expect("invariant: rae runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("no C compiler found: the bundle has no native executable"), "{stderr}");
    let bundle = dir.join("o/hello.raepkg");
    assert_eq!(bundle_json(&bundle)["native"], Value::Null);
    assert!(bundle.join("c/hello.c").is_file() && !bundle.join("native").exists());
    let out = exec(&bundle.join("launch"), &[], &dir);
    assert_eq!((out.stdout.as_str(), out.status), ("hello 42\n", 3));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bundle_runs_honour_limits_and_ctrl_c() {
    let spin = "func main() {\n  var i = 0\n  loop true {\n    i++\n  }\n}\n";
    let dir = scratch("limits", &[("spin.rae", spin)]);
    let out = rae(&dir, &["build", "--target", "hybrid", "--profile", "dev", "--out", "o", "spin.rae"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let out = rae(&dir, &["run", "--max-instructions", "5000", "o/spin.raepkg/"]);
    assert_eq!(out.status, 1);
    assert_eq!(out.stderr, "error: instruction limit of 5000 reached\n  at main (spin.rae:3)\n");
    let mut child = Command::new(dir.join("o/spin.raepkg/launch"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("invariant: the launcher starts");
    std::thread::sleep(Duration::from_millis(300));
    let kill = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
    assert!(kill.is_ok_and(|s| s.success()));
    let sent = Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        assert!(sent.elapsed() < Duration::from_secs(5), "SIGINT did not stop the launcher");
        std::thread::sleep(Duration::from_millis(1));
    }
    let out = child.wait_with_output().expect("invariant: the launcher ended");
    assert_eq!(out.status.code(), Some(130));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "error: interrupted\n  at main (spin.rae:3)\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn c_sources_travel_in_the_bundle() {
    let program =
        "func hostAdd(a: view Int, b: view Int) extern ret Int\n\nfunc main() {\n  log(hostAdd(a: 40, b: 2))\n}\n";
    let host = "#include <stdint.h>\nint64_t hostAdd(int64_t a, int64_t b) { return a + b; }\n";
    let dir = scratch("c-sources", &[("ext.rae", program), ("host.c", host)]);
    let args = ["build", "--target", "hybrid", "--profile", "dev", "--out", "o", "--c-source", "host.c", "ext.rae"];
    let out = rae(&dir, &args);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let bundle = dir.join("o/ext.raepkg");
    assert_eq!(std::fs::read_to_string(bundle.join("c/host.c")).unwrap_or_default(), host);
    let native = exec(&bundle.join("native/ext"), &[], &dir);
    assert_eq!((native.stdout.as_str(), native.status), ("42\n", 0));
    // The VM has no native registered for the extern: the launcher says so and runs nothing.
    let out = exec(&bundle.join("launch"), &[], &dir);
    assert_eq!((out.stdout.as_str(), out.status), ("", 1));
    assert!(out.stderr.contains("hostAdd"), "{}", out.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_md_documents_every_build_and_run_flag() {
    let doc = std::fs::read_to_string(workspace_root().join("docs/cli.md")).unwrap_or_default();
    for command in ["build", "run"] {
        let help = rae(&workspace_root(), &[command, "--help"]).stdout;
        let flags = help.split_whitespace().filter(|w| w.starts_with("--") && w.len() > 2);
        for flag in flags.map(|w| w.trim_end_matches([',', '.'])) {
            if flag != "--help" && flag != "--version" {
                assert!(doc.contains(flag), "docs/cli.md does not mention `rae {command} {flag}`");
            }
        }
    }
}

#[test]
fn a_program_with_script_functions_bundles_its_bytecode_and_runs_its_scripts() {
    let program = "var hits = 0\n\n@function \"lua\"\nfunc hit(n: view Int) ret String {\n  hits = hits + n\n  return string.rep(\"*\", hits)\n}\n\nfunc main() {\n  log(hit(n: 2))\n  log(hit(n: 1))\n  log(hits)\n}\n";
    let dir = scratch("script", &[("stars.rae", program)]);
    let out = rae(&dir, &["build", "--target", "hybrid", "--out", "o", "stars.rae"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(
            "warning: the native part was not built (the VM runs the program): function 'hit' has a lua body"
        ),
        "{}",
        out.stderr
    );
    let bundle = dir.join("o/stars.raepkg");
    let described = bundle_json(&bundle);
    assert_eq!(described["native"], Value::Null);
    let files: Vec<&str> = described["files"].as_array().unwrap().iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(files, ["stars.raeb", "stars.manifest", "launch"], "bytecode, manifest and launcher, no C");
    let elsewhere = scratch("script-target", &[]);
    copy_tree(&bundle, &elsewhere.join("stars.raepkg"));
    std::fs::remove_dir_all(&dir).expect("invariant: the scratch folder can be deleted");
    let out = exec(&elsewhere.join("stars.raepkg/launch"), &[], &std::env::temp_dir());
    assert_eq!((out.stdout.as_str(), out.stderr.as_str(), out.status), ("**\n***\n3\n", "", 0));
    let _ = std::fs::remove_dir_all(&elsewhere);
}

#[test]
fn a_bundle_carries_the_programs_project_file() {
    let program =
        "@function \"lua\"\nfunc spin() {\n  while true do end\n}\n\nfunc main() {\n  log(\"spinning\")\n  spin()\n}\n";
    let project = "(scripting: (vms: {\"lua\": (timeout: 0.2)}))\n";
    let dir = scratch("project", &[("spin.rae", program), ("rae.ron", project)]);
    let out = rae(&dir, &["build", "--target", "hybrid", "--out", "o", "spin.rae"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let bundle = dir.join("o/spin.raepkg");
    let described = bundle_json(&bundle);
    let files: Vec<&str> = described["files"].as_array().unwrap().iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(files, ["spin.raeb", "spin.manifest", "rae.ron", "launch"]);
    let elsewhere = scratch("project-target", &[]);
    copy_tree(&bundle, &elsewhere.join("spin.raepkg"));
    std::fs::remove_dir_all(&dir).expect("invariant: the scratch folder can be deleted");
    let out = exec(&elsewhere.join("spin.raepkg/launch"), &[], &std::env::temp_dir());
    assert_eq!(out.stdout, "spinning\n");
    assert!(out.stderr.starts_with("error: lua script stopped at its timeout limit (rae.ron)"), "{}", out.stderr);
    assert_eq!(out.status, 1);
    // `rae run --watch` runs a bundle under its project file too.
    let mut run = Watched::start(&elsewhere.join("spin.raepkg"));
    let wait = Duration::from_secs(20);
    run.wait_for(Stream::Err, wait, |l| l.starts_with("error: lua script stopped at its timeout limit (rae.ron)"))
        .unwrap();
    run.wait_for(Stream::Err, wait, |l| l.contains("the program ended with exit status 1")).unwrap();
    assert_eq!(run.interrupt(), Some(130));
    // The project file is hash-checked like the bytecode.
    std::fs::write(elsewhere.join("spin.raepkg/rae.ron"), "(scripting: ())\n").unwrap();
    let out = exec(&elsewhere.join("spin.raepkg/launch"), &[], &std::env::temp_dir());
    assert!(out.stderr.contains("is damaged or was modified: 'rae.ron' does not match its hash"), "{}", out.stderr);
    let _ = std::fs::remove_dir_all(&elsewhere);
}
