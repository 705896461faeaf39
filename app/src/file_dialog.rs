//! Native file dialogs for File > Open and Save as (rfd: the desktop's file-chooser portal,
//! else zenity), each on a thread of its own so the workbench keeps drawing while it is open.
//! Where neither exists (a bare X server, as under Xvfb), the in-app path prompt serves.

use crate::prompt::Purpose;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

/// Whether a native dialog can open here: a desktop session with its portal, or zenity.
pub fn available() -> bool {
    let desktop =
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() && std::env::var_os("XDG_CURRENT_DESKTOP").is_some();
    desktop || which("zenity")
}

fn which(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

/// The dialog open now, if any.
#[derive(Default)]
pub struct NativeDialog {
    open: Option<(Purpose, Receiver<Option<PathBuf>>)>,
}

impl NativeDialog {
    /// Opens the dialog for `purpose` in the folder of `start`; `notify` wakes the UI when the
    /// user has chosen. Does nothing while another dialog is open.
    pub fn show(&mut self, purpose: Purpose, start: &Path, notify: impl Fn() + Send + 'static) {
        if self.open.is_some() {
            return;
        }
        let folder =
            if start.is_dir() { start.to_owned() } else { start.parent().map(Path::to_path_buf).unwrap_or_default() };
        let name = start.file_name().map(|n| n.to_string_lossy().into_owned());
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new().name("rae-file-dialog".into()).spawn(move || {
            let dialog = rfd::FileDialog::new()
                .set_directory(&folder)
                .add_filter("Rae programs and notebooks", &["rae", "raenb"])
                .add_filter("All files", &["*"]);
            let chosen = match purpose {
                Purpose::Open => dialog.pick_file(),
                Purpose::SaveAs => match &name {
                    Some(name) => dialog.set_file_name(name).save_file(),
                    None => dialog.save_file(),
                },
            };
            let _ = tx.send(chosen);
            notify();
        });
        if spawned.is_ok() {
            self.open = Some((purpose, rx));
        }
    }

    /// The user's choice once the dialog closed: `Some(None)` when cancelled.
    pub fn poll(&mut self) -> Option<(Purpose, Option<PathBuf>)> {
        let (purpose, rx) = self.open.as_ref()?;
        let purpose = *purpose;
        match rx.try_recv() {
            Ok(chosen) => {
                self.open = None;
                Some((purpose, chosen))
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.open = None;
                Some((purpose, None))
            }
        }
    }
}
