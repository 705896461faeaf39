//! `rae format`: canonical Rae text from the tree and its comments. (Being written.)

use super::Parsed;

pub fn format_module(parsed: &Parsed, source: &str) -> String {
    let _ = parsed;
    source.to_string()
}
