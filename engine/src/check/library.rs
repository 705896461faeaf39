//! The library modules (`core`, `math`, `string`): Rae files of extern declarations embedded in
//! the engine and parsed with file ids of their own, outside the program's `SourceMap`.

use super::typed::LibraryModule;
use crate::source::{FileId, Span};
use crate::syntax;

/// File ids of library modules start here, far past any program's files, so a span can tell
/// that it points into the library (the checker never reports diagnostics there).
pub const LIBRARY_FILE_BASE: u32 = 0x8000_0000;

const SOURCES: &[(&str, &str)] = &[
    ("core", include_str!("library/core.rae")),
    ("math", include_str!("library/math.rae")),
    ("string", include_str!("library/string.rae")),
];

/// Parses every library module, in the order of `driver::LIBRARY_MODULES`.
pub fn load() -> Vec<LibraryModule> {
    crate::driver::LIBRARY_MODULES
        .iter()
        .enumerate()
        .map(|(i, &name)| {
            let text = SOURCES.iter().find(|(n, _)| *n == name).map_or("", |(_, t)| t);
            LibraryModule { name, parsed: syntax::parse(FileId(LIBRARY_FILE_BASE + i as u32), text) }
        })
        .collect()
}

pub fn is_library_span(span: Span) -> bool {
    span.file.0 >= LIBRARY_FILE_BASE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_module_has_a_source() {
        for name in crate::driver::LIBRARY_MODULES {
            assert!(SOURCES.iter().any(|(n, _)| n == name), "library module {name} has no source");
        }
        let libs = load();
        assert_eq!(libs.len(), crate::driver::LIBRARY_MODULES.len());
        // The checker never reports into the library, so a slip in its source would go unseen.
        for lib in &libs {
            assert!(
                lib.parsed.diagnostics.is_empty(),
                "library/{}.rae parses cleanly: {:?}",
                lib.name,
                lib.parsed.diagnostics
            );
        }
        assert!(is_library_span(Span::new(FileId(LIBRARY_FILE_BASE), 0, 0)));
        assert!(!is_library_span(Span::new(FileId(0), 0, 0)));
    }
}
