//! Line/column positions (1-based, columns in characters, as the engine reports them) and their
//! character offsets in a text, which is what egui's text cursors count.

/// A 1-based line and 1-based column counted in characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineCol {
    pub fn new(line: usize, column: usize) -> LineCol {
        LineCol { line, column }
    }
}

/// The character offset of `at` in `text`; positions past a line's end or the text's end clamp
/// to that end, so stale diagnostics after an edit still land somewhere sensible.
pub fn char_index(text: &str, at: LineCol) -> usize {
    let mut line = 1;
    let mut index = 0;
    let mut chars = text.chars().peekable();
    while line < at.line {
        match chars.next() {
            Some('\n') => line += 1,
            Some(_) => {}
            None => return index,
        }
        index += 1;
    }
    let mut column = 1;
    while column < at.column {
        match chars.peek() {
            Some('\n') | None => break,
            Some(_) => {
                chars.next();
                index += 1;
                column += 1;
            }
        }
    }
    index
}

/// The line and column of the character offset `index` (clamped to the text's end).
pub fn line_col(text: &str, index: usize) -> LineCol {
    let mut at = LineCol::new(1, 1);
    for c in text.chars().take(index) {
        if c == '\n' {
            at = LineCol::new(at.line + 1, 1);
        } else {
            at.column += 1;
        }
    }
    at
}

/// The character range of line `line` (1-based) without its newline.
pub fn line_range(text: &str, line: usize) -> (usize, usize) {
    let start = char_index(text, LineCol::new(line, 1));
    let len = text.chars().skip(start).take_while(|&c| c != '\n').count();
    (start, start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_round_trip() {
        let text = "ab\nçde\n\nx";
        for index in 0..=text.chars().count() {
            assert_eq!(char_index(text, line_col(text, index)), index, "offset {index}");
        }
        assert_eq!(line_col(text, 4), LineCol::new(2, 2));
        assert_eq!(char_index(text, LineCol::new(2, 99)), 6);
        assert_eq!(char_index(text, LineCol::new(9, 1)), text.chars().count());
        assert_eq!(line_range(text, 2), (3, 6));
        assert_eq!(line_range(text, 3), (7, 7));
    }
}
