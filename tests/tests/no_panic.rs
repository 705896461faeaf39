//! Property tests: the front end (lexer, parser, module loader, checker) never panics, on
//! arbitrary text and on soups of real Rae tokens, and always reports errors with a location
//! inside the file.

use proptest::prelude::*;
use rae_engine::check::check_program;
use rae_engine::driver::{load_source, LoadOptions};

/// Texts of real tokens, so the soup reaches deep into the parser and checker.
const PIECES: &[&str] = &[
    "func",
    "type",
    "enum",
    "let",
    "var",
    "const",
    "ret",
    "if",
    "else",
    "loop",
    "in",
    "match",
    "case",
    "default",
    "break",
    "continue",
    "defer",
    "view",
    "mod",
    "copy",
    "own",
    "val",
    "opt",
    "none",
    "true",
    "false",
    "and",
    "or",
    "not",
    "is",
    "as",
    "bitand",
    "shl",
    "bitnot",
    "extern",
    "pub",
    "import",
    "@vm_stub",
    "@native_only",
    "@tool",
    "main",
    "x",
    "y",
    "Point",
    "List",
    "Int",
    "Float",
    "String",
    "log",
    "createList",
    "add",
    "0",
    "1",
    "007",
    "3.5",
    "\"s\"",
    "\"a{x}b\"",
    "'c'",
    "r\"raw\"",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    ".",
    "=",
    "=>",
    "+",
    "-",
    "*",
    "/",
    "%",
    "<",
    "<=",
    "++",
    "--",
    "\n",
    "\n",
    "\n",
    "  ",
    "# c\n",
    "#[ b ]#",
    "\"",
    "{}",
    "Color.red",
    "T: type",
];

fn check_text(text: &str) {
    let (program, mut diags) = load_source("fuzz.rae", text.to_string(), LoadOptions::default());
    diags.extend(check_program(&program).diagnostics);
    for d in &diags {
        if let Some(span) = d.span {
            assert!(span.start <= span.end, "inverted span in {d:?}");
            assert!(span.end as usize <= program.sources.get(span.file).text.len(), "span past end in {d:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        check_text(&text);
    }

    #[test]
    fn token_soup_never_panics(pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..120)) {
        check_text(&pieces.join(" "));
    }

    #[test]
    fn mutated_program_never_panics(cut in 0usize..400, insert in proptest::sample::select(PIECES)) {
        let program = include_str!("../../samples/programs/inventory.rae");
        let at = program.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(program.len());
        check_text(&format!("{}{}{}", &program[..at], insert, &program[at..]));
    }
}
