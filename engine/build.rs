//! Tells the engine where raylib-sys built raylib (its `include/` and `lib/libraylib.a`), so
//! native builds of programs that `import raylib` link the same raylib the VM uses.

fn main() {
    println!("cargo::rerun-if-env-changed=DEP_RAYLIB_INCLUDE");
    if let Some(include) = std::env::var_os("DEP_RAYLIB_INCLUDE") {
        if let Some(dir) = std::path::Path::new(&include).parent() {
            println!("cargo::rustc-env=RAE_RAYLIB_BUILT={}", dir.display());
        }
    }
}
