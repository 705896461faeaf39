//! Export: builds the current program as VM bytecode, a native executable or a hybrid `.raepkg`
//! bundle on a thread of its own (the UI keeps running and shows progress), then reports the
//! artifact or the build's diagnostics. The dialog picks the profile, the bundle's launcher
//! and the output folder.

use crate::runner::WORKER_STACK;
use rae_engine::build::{self, BuildOptions, Profile, Target};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// One export to run.
#[derive(Clone, Debug)]
pub struct ExportRequest {
    pub target: Target,
    pub profile: Profile,
    /// Hybrid only: the bundle's launcher is the whole toolchain (it can compile new sources).
    pub embed_compiler: bool,
    /// The program as diagnostics name it, and its text (the editor's, saved or not).
    pub path: String,
    pub text: String,
    pub out_dir: PathBuf,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExportOutcome {
    Built { artifact: PathBuf, warnings: String, took: Duration },
    Failed { message: String },
}

/// `<folder of the program>/build/<target>-<profile>`.
pub fn default_out_dir(program: &Path, target: Target, profile: Profile) -> PathBuf {
    let dir = program.parent().unwrap_or_else(|| Path::new(""));
    dir.join("build").join(format!("{}-{}", target.name(), profile.name()))
}

/// Runs the build (on the calling thread).
pub fn export(request: &ExportRequest) -> ExportOutcome {
    let started = Instant::now();
    let mut options = BuildOptions::new(&request.out_dir, request.profile);
    options.embed_compiler = request.embed_compiler;
    let (path, text, disk) = (request.path.as_str(), request.text.clone(), Path::new(&request.path));
    let built = match request.target {
        Target::Native => build::build_native_as(path, disk, text, &options).map(|b| (b.executable, b.warnings)),
        Target::Vm => build::build_vm_as(path, disk, text, &options).map(|a| (a.bytecode, a.warnings)),
        Target::Hybrid => {
            options.launcher = match launcher(request.embed_compiler) {
                Ok(l) => Some(l),
                Err(message) => return ExportOutcome::Failed { message },
            };
            build::build_hybrid_as(path, disk, text, &options)
                .map(|a| (a.bundle.unwrap_or_else(|| a.bytecode.clone()), a.warnings))
        }
    };
    match built {
        Ok((artifact, warnings)) => ExportOutcome::Built { artifact, warnings, took: started.elapsed() },
        Err(e) => ExportOutcome::Failed { message: e.to_string() },
    }
}

/// The bundle's launcher, beside the workbench: `rae` (the whole toolchain) when the compiler
/// is embedded, else the VM-only `rae-launch`.
fn launcher(embed_compiler: bool) -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| format!("cannot find the workbench executable: {e}"))?;
    let name = if embed_compiler { "rae" } else { "rae-launch" };
    let launcher = me.with_file_name(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if launcher.is_file() {
        Ok(launcher)
    } else {
        Err(format!("the bundle launcher '{}' is missing (`make build` builds it)", launcher.display()))
    }
}

/// Exports in the background, one at a time.
#[derive(Default)]
pub struct Exporter {
    running: Option<(Target, Instant, Receiver<ExportOutcome>)>,
}

impl Exporter {
    /// Starts `request` unless an export is running; `notify` runs when it is done.
    pub fn start(&mut self, request: ExportRequest, notify: impl Fn() + Send + 'static) -> std::io::Result<()> {
        if self.running.is_some() {
            return Ok(());
        }
        let (tx, rx) = mpsc::channel();
        let target = request.target;
        std::thread::Builder::new().name("rae-export".into()).stack_size(WORKER_STACK).spawn(move || {
            let _ = tx.send(export(&request));
            notify();
        })?;
        self.running = Some((target, Instant::now(), rx));
        Ok(())
    }

    /// What is being built and since when.
    pub fn busy(&self) -> Option<(Target, Instant)> {
        self.running.as_ref().map(|(t, since, _)| (*t, *since))
    }

    /// The outcome, once the running export is done.
    pub fn poll(&mut self) -> Option<ExportOutcome> {
        let outcome = self.running.as_ref()?.2.try_recv();
        match outcome {
            Ok(outcome) => {
                self.running = None;
                Some(outcome)
            }
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.running = None;
                Some(ExportOutcome::Failed { message: "the export thread stopped without a result".into() })
            }
        }
    }
}

/// The Export dialog's choices and the last result.
pub struct ExportDialog {
    pub target: Target,
    pub profile: Profile,
    pub embed_compiler: bool,
    pub out_dir: String,
    pub outcome: Option<ExportOutcome>,
}

/// What the user did in the dialog this frame.
pub enum DialogAction {
    None,
    Build,
    Close,
    Open(PathBuf),
}

impl ExportDialog {
    pub fn new(target: Target, program: &Path) -> ExportDialog {
        let profile = Profile::Release;
        let out_dir = default_out_dir(program, target, profile).display().to_string();
        ExportDialog { target, profile, embed_compiler: false, out_dir, outcome: None }
    }

    /// The export of `program` (its text as in the editor) with the dialog's choices.
    pub fn request(&self, program: &Path, text: String) -> ExportRequest {
        ExportRequest {
            target: self.target,
            profile: self.profile,
            embed_compiler: self.embed_compiler,
            path: program.to_string_lossy().into_owned(),
            text,
            out_dir: PathBuf::from(&self.out_dir),
        }
    }

    pub fn title(target: Target) -> &'static str {
        match target {
            Target::Vm => "Export VM bytecode",
            Target::Native => "Export native executable",
            Target::Hybrid => "Export hybrid bundle (.raepkg)",
        }
    }

    pub fn ui(&mut self, ctx: &egui::Context, program: &Path, busy: Option<Instant>) -> DialogAction {
        let mut action = DialogAction::None;
        let mut open = true;
        egui::Window::new(Self::title(self.target)).open(&mut open).collapsible(false).resizable(true).show(
            ctx,
            |ui| {
                ui.label(format!("Program: {}", program.display()));
                ui.horizontal(|ui| {
                    ui.label("Profile:");
                    let before = self.profile;
                    ui.radio_value(&mut self.profile, Profile::Release, "release (-O2)");
                    ui.radio_value(&mut self.profile, Profile::Dev, "dev (-O0 -g)");
                    if before != self.profile {
                        self.out_dir = default_out_dir(program, self.target, self.profile).display().to_string();
                    }
                });
                if self.target == Target::Hybrid {
                    ui.checkbox(&mut self.embed_compiler, "Embed the compiler (the bundle can compile new .rae files)");
                }
                ui.horizontal(|ui| {
                    ui.label("Output folder:");
                    ui.text_edit_singleline(&mut self.out_dir);
                });
                ui.separator();
                match busy {
                    Some(since) => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(format!("Building… {:.1} s", since.elapsed().as_secs_f64()));
                        });
                    }
                    None => {
                        if ui.button("Build").clicked() {
                            action = DialogAction::Build;
                        }
                    }
                }
                match &self.outcome {
                    Some(ExportOutcome::Built { artifact, warnings, took }) => {
                        ui.label(format!("Built in {:.1} s:", took.as_secs_f64()));
                        ui.monospace(artifact.display().to_string());
                        ui.horizontal(|ui| {
                            if ui.button("Open folder").clicked() {
                                action = DialogAction::Open(artifact.parent().unwrap_or(artifact).to_path_buf());
                            }
                            if ui.button("Copy path").clicked() {
                                ui.ctx().copy_text(artifact.display().to_string());
                            }
                        });
                        if !warnings.is_empty() {
                            ui.colored_label(rae_widgets::theme::WARNING, warnings);
                        }
                    }
                    Some(ExportOutcome::Failed { message }) => {
                        ui.colored_label(rae_widgets::theme::ERROR, "The build failed:");
                        egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
                            ui.monospace(message);
                        });
                    }
                    None => {}
                }
            },
        );
        if !open {
            action = DialogAction::Close;
        }
        action
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifacts_go_under_build_beside_the_program() {
        let dir = default_out_dir(Path::new("samples/games/pong.rae"), Target::Native, Profile::Dev);
        assert_eq!(dir, Path::new("samples/games/build/native-dev"));
    }

    #[test]
    fn a_program_with_errors_fails_with_its_diagnostics() {
        let out_dir = std::env::temp_dir().join(format!("rae-export-bad-{}", std::process::id()));
        let request = ExportRequest {
            target: Target::Vm,
            profile: Profile::Dev,
            embed_compiler: false,
            path: "bad.rae".into(),
            text: "func main() {\n  log(nope)\n}\n".into(),
            out_dir: out_dir.clone(),
        };
        match export(&request) {
            ExportOutcome::Failed { message } => assert!(message.contains("bad.rae:2:7"), "{message}"),
            other => panic!("expected a failure, got {other:?}"),
        }
        let _ = std::fs::remove_dir_all(out_dir);
    }
}
