//! The formatter's output buffer: indentation, line breaks, kept blank lines and the placement of comments.

use crate::source::Span;
use crate::syntax::token::{Comment, CommentKind};

/// Writes canonical text while walking the tree in source order. Comments are not in the
/// tree, so the printer keeps a cursor into them and drops each one in front of the first
/// node that starts after it (own-line comments) or at the end of the line it was on
/// (trailing comments and comments inside expressions).
pub(super) struct Printer<'a> {
    src: &'a str,
    /// Comments in source order; `comments[next..]` are not printed yet.
    comments: Vec<&'a Comment>,
    next: usize,
    out: String,
    indent: usize,
    /// Whether the current output line already has text (and its indentation).
    line_open: bool,
    /// Source offset just past the last node or comment printed: the source between it and
    /// the next node tells whether the user separated them with a blank line.
    last_end: u32,
    /// Right after an opening brace (or at the top of the file), where blank lines are dropped.
    at_block_start: bool,
}

impl<'a> Printer<'a> {
    pub(super) fn new(src: &'a str, comments: &'a [Comment]) -> Printer<'a> {
        let mut comments: Vec<&Comment> = comments.iter().collect();
        comments.sort_by_key(|c| c.span.start);
        Printer {
            src,
            comments,
            next: 0,
            out: String::new(),
            indent: 0,
            line_open: false,
            last_end: 0,
            at_block_start: true,
        }
    }

    /// The text with every comment left over printed and exactly one final newline.
    pub(super) fn finish(mut self) -> String {
        self.comments_before(u32::MAX);
        let len = self.out.trim_end_matches('\n').len();
        self.out.truncate(len);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    pub(super) fn write(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.line_open {
            self.out.extend(std::iter::repeat_n("  ", self.indent));
            self.line_open = true;
        }
        self.out.push_str(text);
        self.at_block_start = false;
    }

    /// Writes `items` separated by `, `.
    pub(super) fn comma_list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.write(", ");
            }
            each(self, item);
        }
    }

    /// Copies the source text of `span` as written (literals keep the user's spelling). Comments
    /// the lexer found inside it (in an interpolation) are part of that text, so they are dropped
    /// from the cursor instead of being printed twice.
    pub(super) fn verbatim(&mut self, span: Span) {
        self.write(self.source(span.start, span.end));
        let pending = &self.comments[self.next..];
        let from = self.next + pending.partition_point(|c| c.span.start < span.start);
        let to = from + self.comments[from..].partition_point(|c| c.span.start < span.end);
        self.comments.drain(from..to);
    }

    /// The source text between two offsets (empty when they are not a valid range).
    pub(super) fn source(&self, from: u32, to: u32) -> &'a str {
        self.src.get(from as usize..to as usize).unwrap_or("")
    }

    /// The code between two offsets: the source with the comments not printed yet left out.
    pub(super) fn code_between(&self, from: u32, to: u32) -> String {
        let mut code = String::new();
        let mut at = from;
        for c in self.comments[self.next..].iter().take_while(|c| c.span.start < to) {
            if c.span.start >= at {
                code.push_str(self.source(at, c.span.start));
                at = c.span.end;
            }
        }
        if at < to {
            code.push_str(self.source(at, to));
        }
        code
    }

    /// Ends the current line, whose last token ended at source offset `here`. Comments that are
    /// still pending from inside the line and comments that followed `here` on the same source
    /// line go to the end of this line; a `#` comment runs to the end of the line, so whatever
    /// follows it waits for the next own-line spot.
    pub(super) fn end_line(&mut self, here: u32) {
        let mut pos = here;
        while let Some(&c) = self.comments.get(self.next) {
            if c.span.start >= here && !self.same_line(pos, c.span.start) {
                break;
            }
            if self.line_open {
                self.write(" ");
            }
            self.write(comment_text(c));
            self.next += 1;
            pos = pos.max(c.span.end);
            if c.kind == CommentKind::Line {
                break;
            }
        }
        self.out.push('\n');
        self.line_open = false;
        self.last_end = self.last_end.max(pos);
    }

    /// Prints, each on its own line, the comments that come before the node starting at `pos`,
    /// keeping one blank line wherever the source had at least one. `force_blank` asks for a
    /// blank line before the first of them (between two top-level declarations).
    pub(super) fn lead_in(&mut self, pos: u32, force_blank: bool) {
        let force = self.comments_before_with(pos, force_blank);
        self.separate(pos, force);
    }

    /// Prints the comments left before `end`, the closing brace of a block: they stay inside it.
    pub(super) fn comments_before(&mut self, end: u32) {
        self.comments_before_with(end, false);
    }

    /// Whether a comment not yet printed starts before `pos`.
    pub(super) fn has_comment_before(&self, pos: u32) -> bool {
        self.comments.get(self.next).is_some_and(|c| c.span.start < pos)
    }

    /// `{`, one line per item printed by `each` (which calls `lead_in` and `end_line` itself and
    /// is told whether the item is the last one),
    /// then `}` on its own line; `{}` when there is nothing inside, comments included.
    /// `from` is a source offset at or before the opening brace, `end` the end of the braces.
    pub(super) fn braced<T>(&mut self, from: u32, end: u32, items: &[T], mut each: impl FnMut(&mut Self, &T, bool)) {
        if items.is_empty() && !self.has_comment_before(end) {
            self.write("{}");
            return;
        }
        let open = self.after_open_brace(from);
        self.write("{");
        self.end_line(open);
        self.indent += 1;
        self.at_block_start = true;
        for (i, item) in items.iter().enumerate() {
            each(self, item, i + 1 == items.len());
        }
        self.comments_before(end);
        self.indent -= 1;
        self.write("}");
    }

    /// Returns whether the blank line `force` asked for is still owed (no comment took it).
    fn comments_before_with(&mut self, pos: u32, mut force: bool) -> bool {
        while let Some(&c) = self.comments.get(self.next).filter(|c| c.span.start < pos) {
            self.separate(c.span.start, force);
            force = false;
            self.write(comment_text(c));
            self.out.push('\n');
            self.line_open = false;
            self.next += 1;
            self.last_end = self.last_end.max(c.span.end);
        }
        force
    }

    /// Puts a blank line before the thing starting at `pos` if asked to, or if the source had
    /// one between it and what was printed last.
    fn separate(&mut self, pos: u32, force: bool) {
        let had_blank = self
            .src
            .get(self.last_end as usize..pos as usize)
            .is_some_and(|gap| gap.bytes().filter(|&b| b == b'\n').count() >= 2);
        if (force || had_blank) && !self.at_block_start && !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// Whether only spaces and separating commas lie between `from` and `to` in the source.
    fn same_line(&self, from: u32, to: u32) -> bool {
        self.src
            .get(from as usize..to as usize)
            .is_some_and(|gap| gap.bytes().all(|b| matches!(b, b' ' | b'\t' | b',')))
    }

    /// The source offset just past the first `{` at or after `from`, skipping comments.
    fn after_open_brace(&self, from: u32) -> u32 {
        let bytes = self.src.as_bytes();
        let mut i = from as usize;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'{' => return i as u32 + 1,
                b'#' => {
                    let at = self.comments.partition_point(|c| (c.span.start as usize) < i);
                    match self.comments.get(at).filter(|c| c.span.start as usize == i) {
                        Some(c) => i = (c.span.end as usize).max(i + 1),
                        None => i += 1,
                    }
                }
                _ => i += 1,
            }
        }
        from
    }
}

/// A comment as printed: `#` comments lose trailing spaces; block comments are kept whole.
fn comment_text(c: &Comment) -> &str {
    match c.kind {
        CommentKind::Line => c.text.trim_end(),
        CommentKind::Block => &c.text,
    }
}
