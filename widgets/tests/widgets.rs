//! The widgets driven through egui_kittest: what a user sees and clicks, found by the
//! accessibility tree.

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use rae_widgets::{CodeEditor, Console, Diagnostic, LineCol, Location, ProblemsPanel, Severity, SourceRange, Stream};

fn diagnostic(severity: Severity, file: &str, start: (usize, usize), end: (usize, usize), message: &str) -> Diagnostic {
    Diagnostic {
        severity,
        code: "C0101".into(),
        message: message.into(),
        range: Some(SourceRange {
            file: file.into(),
            start: LineCol::new(start.0, start.1),
            end: LineCol::new(end.0, end.1),
        }),
    }
}

#[test]
fn the_editor_underlines_a_diagnostic_and_shows_its_message_on_hover() {
    let mut editor = CodeEditor::new("main.rae", "func main() {\n  log(count)\n}\n");
    editor.set_diagnostics(vec![diagnostic(Severity::Error, "main.rae", (2, 7), (2, 12), "unknown name `count`")]);
    let mut harness = Harness::new_ui_state(|ui, editor: &mut CodeEditor| editor.ui(ui), editor);
    harness.run();
    let label = "error[C0101]: unknown name `count`";
    let underline = harness.get_by_label(label);
    let bounds = underline.rect();
    assert!(bounds.width() > 20.0, "the underline spans the five characters of `count`: {bounds:?}");
    underline.hover();
    harness.run_steps(30);
    assert!(harness.query_all_by_label(label).count() >= 2, "hovering shows a tooltip with the message");
}

#[test]
fn go_to_line_moves_the_cursor() {
    let editor = CodeEditor::new("a.rae", "one\ntwo\nthree\n");
    let mut harness = Harness::new_ui_state(|ui, editor: &mut CodeEditor| editor.ui(ui), editor);
    harness.run();
    harness.state_mut().go_to(LineCol::new(3, 3));
    harness.run();
    assert_eq!(harness.state().cursor(), LineCol::new(3, 3));
}

#[test]
fn find_selects_the_next_match_and_replace_all_edits_the_text() {
    let mut editor = CodeEditor::new("a.rae", "let a = 1\nlet b = a\n");
    editor.open_find(true);
    let mut harness = Harness::new_ui_state(|ui, editor: &mut CodeEditor| editor.ui(ui), editor);
    harness.run();
    harness.get_all_by_role(egui::accesskit::Role::TextInput).next().expect("the find field").type_text("let");
    harness.run();
    assert!(harness.query_by_label("2 matches").is_some());
    harness.get_by_label("Next").click();
    harness.run();
    harness.get_by_label("Next").click();
    harness.run();
    assert_eq!(harness.state().cursor(), LineCol::new(2, 4), "the second `let` is selected");
    harness.get_all_by_role(egui::accesskit::Role::TextInput).nth(1).expect("the replace field").focus();
    harness.run();
    harness.get_all_by_role(egui::accesskit::Role::TextInput).nth(1).expect("the replace field").type_text("var");
    harness.run();
    harness.get_by_label("Replace all").click();
    harness.run();
    assert_eq!(harness.state().text(), "var a = 1\nvar b = a\n");
    assert!(harness.state_mut().take_changed());
}

struct Problems {
    panel: ProblemsPanel,
    clicked: Option<Location>,
}

#[test]
fn clicking_a_problem_gives_its_location() {
    let mut panel = ProblemsPanel::default();
    panel.set_diagnostics(vec![
        diagnostic(Severity::Warning, "a.rae", (1, 1), (1, 2), "unused"),
        diagnostic(Severity::Error, "b.rae", (3, 5), (3, 9), "type mismatch"),
    ]);
    assert_eq!(panel.diagnostics()[0].severity, Severity::Error, "errors come first");
    let state = Problems { panel, clicked: None };
    let mut harness = Harness::new_ui_state(
        |ui, s: &mut Problems| {
            if let Some(location) = s.panel.ui(ui) {
                s.clicked = Some(location);
            }
        },
        state,
    );
    harness.run();
    assert!(harness.query_by_label("1 error, 1 warning").is_some());
    harness.get_by_label_contains("b.rae:3:5").click();
    harness.run();
    assert_eq!(harness.state().clicked, Some(Location { file: "b.rae".into(), at: LineCol::new(3, 5) }));
}

#[test]
fn the_console_appends_lines_and_clears() {
    let mut console = Console::default();
    console.push(Stream::Stdout, "hello\nworld\n");
    console.push(Stream::Stderr, "error: boom");
    let mut harness = Harness::new_ui_state(|ui, c: &mut Console| c.ui(ui), console);
    harness.run();
    for line in ["hello", "world", "error: boom", "3 lines"] {
        assert!(harness.query_by_label(line).is_some(), "{line} is shown");
    }
    harness.state_mut().push(Stream::Stdout, "more");
    harness.run();
    assert!(harness.query_by_label("more").is_some());
    harness.get_by_label("Clear").click();
    harness.run();
    assert!(harness.query_by_label("hello").is_none());
    assert_eq!(harness.state().lines().count(), 0);
}

#[test]
fn the_console_keeps_only_the_newest_lines() {
    let mut console = Console::with_capacity(3);
    for i in 0..5 {
        console.push(Stream::Stdout, &i.to_string());
    }
    let lines: Vec<&str> = console.lines().map(|l| l.text.as_str()).collect();
    assert_eq!(lines, ["2", "3", "4"]);
}
