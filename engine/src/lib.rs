//! The Rae toolchain as a library: source → syntax → check → manifest (→ backends, later).
//!
//! Hosts (the `rae` CLI, the REPL, the workbench) talk to the engine through this API only.

pub mod check;
pub mod diag;
pub mod driver;
pub mod manifest;
pub mod source;
pub mod syntax;
