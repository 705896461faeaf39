//! Tells the engine where raylib-sys built raylib (its `include/` and `lib/libraylib.a`), so
//! native builds of programs that `import raylib` link the same raylib the VM uses; with the
//! `wren` feature, compiles the vendored Wren (vendor/wren/README.md).

fn main() {
    println!("cargo::rerun-if-env-changed=DEP_RAYLIB_INCLUDE");
    if let Some(include) = std::env::var_os("DEP_RAYLIB_INCLUDE") {
        if let Some(dir) = std::path::Path::new(&include).parent() {
            println!("cargo::rustc-env=RAE_RAYLIB_BUILT={}", dir.display());
        }
    }
    #[cfg(feature = "wren")]
    wren();
}

#[cfg(feature = "wren")]
fn wren() {
    let dir = std::path::Path::new("vendor/wren");
    println!("cargo::rerun-if-changed={}", dir.display());
    println!("cargo::rerun-if-changed=src/script/wren/shim.c");
    let sources = ["wren_compiler", "wren_core", "wren_debug", "wren_primitive", "wren_utils", "wren_value", "wren_vm"];
    cc::Build::new()
        .files(sources.iter().map(|s| dir.join(format!("{s}.c"))))
        .file("src/script/wren/shim.c")
        .include(dir)
        .define("WREN_OPT_META", "0")
        .define("WREN_OPT_RANDOM", "0")
        .std("c99")
        .opt_level(2)
        // Not our code: its warnings are upstream's.
        .warnings(false)
        .compile("wren");
}
