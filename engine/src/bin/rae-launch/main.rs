//! `rae-launch`: the VM-only launcher copied into `.raepkg` bundles; runs a bundle's verified
//! bytecode with the VM and the core natives, without the front end or a C compiler.

use rae_engine::build::launch::{launch, launched_bundle, LaunchOptions};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: rae-launch [BUNDLE.raepkg]\n\nRuns a Rae bundle on the VM. Without an argument it runs the bundle it sits in.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bundle = match args.as_slice() {
        [] => launched_bundle(),
        [flag] if flag == "--help" || flag == "-h" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        [path] => Some(PathBuf::from(path)),
        _ => None,
    };
    match bundle {
        Some(bundle) => ExitCode::from(launch(&bundle, LaunchOptions::default())),
        None => {
            eprintln!("error: no bundle to run\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
