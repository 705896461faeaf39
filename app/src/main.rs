//! `rae-workbench [FILE] [--run]`: opens the workbench, optionally on a file, and runs it.

use clap::Parser;
use rae_workbench::{session, Startup, Workbench, WorkbenchApp};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "rae-workbench", version, about = "The Rae workbench: edit, check and run Rae programs")]
struct Cli {
    /// A .rae file or a notebook (.raenb) to open.
    file: Option<PathBuf>,
    /// Run FILE as soon as the window opens.
    #[arg(long, requires = "file")]
    run: bool,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Rae Workbench")
            .with_app_id("rae-workbench")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        persist_window: true,
        ..eframe::NativeOptions::default()
    };
    let startup = Startup { file: cli.file, run: cli.run };
    eframe::run_native(
        "rae-workbench",
        options,
        Box::new(move |cc| {
            rae_widgets::theme::apply(&cc.egui_ctx);
            let saved = cc.storage.and_then(|s| eframe::get_value(s, session::STORAGE_KEY));
            let workbench = Workbench::new(&cc.egui_ctx, saved, startup)?;
            Ok(Box::new(WorkbenchApp { workbench }))
        }),
    )
    .map_err(|e| anyhow::anyhow!("the workbench window could not open: {e}"))
}
