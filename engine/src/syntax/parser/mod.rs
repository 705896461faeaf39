//! Parser: tokens → tree plus diagnostics; never fails. (Being written.)

use super::ast::Module;
use super::{Lexed, Parsed};
use crate::source::FileId;

pub fn parse_tokens(file: FileId, lexed: Lexed) -> Parsed {
    Parsed {
        module: Module { file, items: Vec::new(), expr_count: 0 },
        comments: lexed.comments,
        diagnostics: lexed.diagnostics,
    }
}
