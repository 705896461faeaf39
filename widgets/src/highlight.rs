//! Syntax highlighting with syntect and our grammar (`assets/syntax/rae.sublime-syntax`, built
//! into the binary). A `Highlighter` keeps the layout job of the last text it saw, so a frame
//! without an edit costs a string comparison, not a re-highlight.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId};
use std::sync::OnceLock;
use syntect::easy::HighlightLines;
use syntect::highlighting::{Theme, ThemeSet};
use syntect::parsing::{SyntaxDefinition, SyntaxSet};
use syntect::util::LinesWithEndings;

const RAE_SYNTAX: &str = include_str!("../../assets/syntax/rae.sublime-syntax");
const THEME: &str = "base16-ocean.dark";

struct Assets {
    syntaxes: SyntaxSet,
    theme: Theme,
}

/// Parsed once per process: building the grammar's regexes takes a few milliseconds.
fn assets() -> &'static Assets {
    static ASSETS: OnceLock<Assets> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let grammar = SyntaxDefinition::load_from_str(RAE_SYNTAX, true, Some("rae"))
            .expect("invariant: the embedded rae.sublime-syntax parses (highlight tests check it)");
        // syntect's own syntaxes colour the bodies of `@function "lua"` (JavaScript, Python)
        // functions, which the grammar embeds.
        let mut builder = SyntaxSet::load_defaults_newlines().into_builder();
        builder.add(grammar);
        let mut themes = ThemeSet::load_defaults();
        let theme = themes.themes.remove(THEME).expect("invariant: syntect's default themes include base16-ocean.dark");
        Assets { syntaxes: builder.build(), theme }
    })
}

#[derive(Default)]
pub struct Highlighter {
    cached: Option<(String, FontId, LayoutJob)>,
}

impl Highlighter {
    /// The coloured layout of `text` in `font`, recomputed only when either changed.
    pub fn layout_job(&mut self, text: &str, font: &FontId) -> LayoutJob {
        match &self.cached {
            Some((cached, cached_font, job)) if cached == text && cached_font == font => job.clone(),
            _ => {
                let job = highlight(text, font);
                self.cached = Some((text.to_owned(), font.clone(), job.clone()));
                job
            }
        }
    }
}

/// Colours `text` line by line; if the grammar ever fails on a line, the rest stays plain
/// rather than disappearing.
pub fn highlight(text: &str, font: &FontId) -> LayoutJob {
    let assets = assets();
    let syntax =
        assets.syntaxes.find_syntax_by_extension("rae").unwrap_or_else(|| assets.syntaxes.find_syntax_plain_text());
    let mut lines = HighlightLines::new(syntax, &assets.theme);
    let plain = assets.theme.settings.foreground.map_or(Color32::LIGHT_GRAY, to_colour);
    let mut job = LayoutJob::default();
    let mut consumed = 0;
    for line in LinesWithEndings::from(text) {
        let Ok(pieces) = lines.highlight_line(line, &assets.syntaxes) else { break };
        for (style, piece) in pieces {
            job.append(piece, 0.0, TextFormat::simple(font.clone(), to_colour(style.foreground)));
        }
        consumed += line.len();
    }
    if consumed < text.len() {
        job.append(&text[consumed..], 0.0, TextFormat::simple(font.clone(), plain));
    }
    job
}

fn to_colour(c: syntect::highlighting::Color) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colour_of(job: &LayoutJob, word: &str) -> Color32 {
        let start = job.text.find(word).expect("word is in the text");
        let section = job
            .sections
            .iter()
            .find(|s| s.byte_range.contains(&egui::text::ByteIndex(start)))
            .expect("every byte is in a section");
        section.format.color
    }

    #[test]
    fn keywords_strings_and_comments_get_distinct_colours() {
        let text = "func main() {\n  let s = \"hi\" # note\n  log(s)\n}\n";
        let job = highlight(text, &FontId::monospace(14.0));
        assert_eq!(job.text, text);
        let (keyword, string, comment, name) =
            (colour_of(&job, "func"), colour_of(&job, "\"hi\""), colour_of(&job, "# note"), colour_of(&job, "log"));
        assert_ne!(keyword, string);
        assert_ne!(keyword, comment);
        assert_ne!(string, comment);
        assert_ne!(keyword, name);
    }

    #[test]
    fn a_script_body_is_coloured_as_its_language_and_rae_resumes_after_it() {
        let text = "@function \"lua\"\nfunc f(n: view Int) ret Int {\n  local total = n -- lua comment\n  return total\n}\n\nfunc g() {\n  let local = 1 # rae comment\n}\n";
        let job = highlight(text, &FontId::monospace(14.0));
        let (lua_keyword, lua_comment) = (colour_of(&job, "local total"), colour_of(&job, "-- lua comment"));
        let (rae_keyword, rae_comment) = (colour_of(&job, "let local"), colour_of(&job, "# rae comment"));
        assert_eq!(lua_keyword, rae_keyword, "Lua's `local` is a keyword there");
        assert_eq!(lua_comment, rae_comment, "`--` starts a Lua comment");
        assert_ne!(colour_of(&job, "local = 1"), rae_keyword, "after the body, `local` is a Rae name again");
    }

    #[test]
    fn the_cache_is_reused_until_the_text_changes() {
        let mut h = Highlighter::default();
        let font = FontId::monospace(14.0);
        let first = h.layout_job("let x = 1\n", &font);
        assert_eq!(h.layout_job("let x = 1\n", &font).text, first.text);
        assert_eq!(h.layout_job("let y = 2\n", &font).text, "let y = 2\n");
    }
}
