//! An open file: its path, its editor, and the text last read from or written to disk, which
//! tells whether there are unsaved changes. Saves are atomic: write a sibling file, then
//! rename it over the original, so a crash mid-save never leaves half a file.

use rae_widgets::CodeEditor;
use std::io;
use std::path::{Path, PathBuf};

pub struct Document {
    pub path: PathBuf,
    pub editor: CodeEditor,
    saved: String,
}

impl Document {
    pub fn open(path: &Path) -> io::Result<Document> {
        let text = std::fs::read_to_string(path)?;
        Ok(Document { path: path.to_owned(), editor: CodeEditor::new(path, text.clone()), saved: text })
    }

    /// A document for a file that does not exist yet; it is created on the first save.
    pub fn create(path: &Path) -> Document {
        Document { path: path.to_owned(), editor: CodeEditor::new(path, ""), saved: String::new() }
    }

    pub fn is_dirty(&self) -> bool {
        self.editor.text() != self.saved
    }

    /// The path as the engine and the diagnostics spell it.
    pub fn path_str(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }

    /// The tab title: the file name, with a dot while there are unsaved changes.
    pub fn title(&self) -> String {
        let name = self.path.file_name().map_or_else(|| self.path_str(), |n| n.to_string_lossy().into_owned());
        if self.is_dirty() {
            format!("{name} *")
        } else {
            name
        }
    }

    pub fn save(&mut self) -> io::Result<()> {
        write_atomically(&self.path, self.editor.text())?;
        self.saved = self.editor.text().to_owned();
        Ok(())
    }

    pub fn save_as(&mut self, path: &Path) -> io::Result<()> {
        write_atomically(path, self.editor.text())?;
        let text = self.editor.text().to_owned();
        self.editor = CodeEditor::new(path, text.clone());
        self.path = path.to_owned();
        self.saved = text;
        Ok(())
    }

    /// Puts back edits that were not saved when the workbench last stopped.
    pub fn restore_unsaved(&mut self, text: String) {
        self.editor.set_text(text);
    }
}

/// Writes `text` to `path` by way of a temporary file in the same directory and a rename.
pub fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    let name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let temp = path.with_file_name(format!(".{}.saving", name.to_string_lossy()));
    std::fs::write(&temp, text)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_are_dirty_until_saved_and_saves_replace_the_file() {
        let dir = std::env::temp_dir().join(format!("rae-doc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.rae");
        std::fs::write(&path, "old\n").unwrap();
        let mut doc = Document::open(&path).unwrap();
        assert!(!doc.is_dirty());
        doc.restore_unsaved("new\n".into());
        assert!(doc.is_dirty());
        assert_eq!(doc.title(), "a.rae *");
        doc.save().unwrap();
        assert!(!doc.is_dirty());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no temporary file is left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
