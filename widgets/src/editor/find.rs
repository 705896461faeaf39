//! Find and replace: the bar's state and the text search behind it. Ranges are character
//! offsets, as egui's text cursors count.

#[derive(Default)]
pub struct FindBar {
    pub open: bool,
    pub show_replace: bool,
    pub query: String,
    pub replacement: String,
    pub match_case: bool,
    /// Set when the bar opens, so its field takes the keyboard focus once.
    pub focus_query: bool,
}

impl FindBar {
    pub fn open(&mut self, replace: bool) {
        self.open = true;
        self.show_replace |= replace;
        self.focus_query = true;
    }

    /// Every non-overlapping match of the query in `text`, as character ranges.
    pub fn matches(&self, text: &str) -> Vec<(usize, usize)> {
        let needle: Vec<char> = self.query.chars().collect();
        if needle.is_empty() {
            return Vec::new();
        }
        let hay: Vec<char> = text.chars().collect();
        let same = |a: char, b: char| if self.match_case { a == b } else { a.to_lowercase().eq(b.to_lowercase()) };
        let mut found = Vec::new();
        let mut i = 0;
        while i + needle.len() <= hay.len() {
            if hay[i..i + needle.len()].iter().zip(&needle).all(|(&a, &b)| same(a, b)) {
                found.push((i, i + needle.len()));
                i += needle.len();
            } else {
                i += 1;
            }
        }
        found
    }

    /// The match after the cursor at `from` (wrapping around), or before it when `backwards`.
    pub fn next_match(&self, text: &str, from: usize, backwards: bool) -> Option<(usize, usize)> {
        let all = self.matches(text);
        if backwards {
            all.iter().rev().find(|m| m.1 <= from).or(all.last()).copied()
        } else {
            all.iter().find(|m| m.0 >= from).or(all.first()).copied()
        }
    }

    /// Replaces every match; returns how many were replaced.
    pub fn replace_all(&self, text: &mut String) -> usize {
        let all = self.matches(text);
        for &(start, end) in all.iter().rev() {
            replace_chars(text, start, end, &self.replacement);
        }
        all.len()
    }
}

/// Replaces the characters `start..end` of `text` with `with`.
pub fn replace_chars(text: &mut String, start: usize, end: usize, with: &str) {
    let byte = |i: usize| text.char_indices().nth(i).map_or(text.len(), |(b, _)| b);
    let (from, to) = (byte(start), byte(end));
    text.replace_range(from..to, with);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(query: &str, match_case: bool) -> FindBar {
        FindBar { query: query.into(), replacement: "ñ".into(), match_case, ..FindBar::default() }
    }

    #[test]
    fn finds_with_and_without_case() {
        let text = "Let lét let LET";
        assert_eq!(bar("let", true).matches(text), vec![(8, 11)]);
        assert_eq!(bar("let", false).matches(text), vec![(0, 3), (8, 11), (12, 15)]);
        assert_eq!(bar("", false).matches(text), vec![]);
    }

    #[test]
    fn next_wraps_around_in_both_directions() {
        let b = bar("a", true);
        assert_eq!(b.next_match("a-a-a", 1, false), Some((2, 3)));
        assert_eq!(b.next_match("a-a-a", 5, false), Some((0, 1)));
        assert_eq!(b.next_match("a-a-a", 2, true), Some((0, 1)));
        assert_eq!(b.next_match("a-a-a", 0, true), Some((4, 5)));
    }

    #[test]
    fn replace_all_counts_and_keeps_other_text() {
        let mut text = "é x é".to_owned();
        assert_eq!(bar("é", true).replace_all(&mut text), 2);
        assert_eq!(text, "ñ x ñ");
    }
}
