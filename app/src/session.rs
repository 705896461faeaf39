//! What survives a restart, saved through eframe's storage (a RON file in the data dir):
//! the dock layout (and with it the open files), unsaved edits, recent files and settings.
//! eframe saves it every few seconds too, so a crash loses at most that much typing.

use crate::dock::Tab;
use egui_dock::DockState;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const STORAGE_KEY: &str = "rae-workbench-session";
const MAX_RECENT: usize = 10;

#[derive(Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    pub dock: Option<DockState<Tab>>,
    /// Files whose edits were not saved, with the edited text.
    pub unsaved: Vec<(PathBuf, String)>,
    pub recent: Vec<PathBuf>,
    pub font_size: f32,
    pub auto_scroll: bool,
}

impl Default for Session {
    fn default() -> Session {
        Session { dock: None, unsaved: Vec::new(), recent: Vec::new(), font_size: 14.5, auto_scroll: true }
    }
}

/// Moves `path` to the front of the recent files.
pub fn remember(recent: &mut Vec<PathBuf>, path: &Path) {
    recent.retain(|p| p != path);
    recent.insert(0, path.to_owned());
    recent.truncate(MAX_RECENT);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_newest_first_and_bounded() {
        let mut recent = Vec::new();
        for i in 0..12 {
            remember(&mut recent, Path::new(&format!("{i}.rae")));
        }
        remember(&mut recent, Path::new("5.rae"));
        assert_eq!(recent.len(), MAX_RECENT);
        assert_eq!(recent[0], Path::new("5.rae"));
        assert_eq!(recent[1], Path::new("11.rae"));
        assert_eq!(recent.iter().filter(|p| *p == Path::new("5.rae")).count(), 1);
    }

    #[test]
    fn a_session_round_trips_through_ron() {
        let session = Session {
            dock: Some(crate::dock::default_layout(vec![Tab::File("a.rae".into())])),
            unsaved: vec![("a.rae".into(), "edited\n".into())],
            ..Session::default()
        };
        let text = ron::to_string(&session).unwrap();
        let back: Session = ron::from_str(&text).unwrap();
        assert_eq!(back.unsaved, session.unsaved);
        let tabs: Vec<Tab> = back.dock.unwrap().iter_all_tabs().map(|(_, t)| t.clone()).collect();
        assert_eq!(
            tabs,
            vec![Tab::File("a.rae".into()), Tab::Viewport, Tab::Inspector, Tab::Console, Tab::Repl, Tab::Problems]
        );
    }
}
