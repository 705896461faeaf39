//! The REPL console in the workbench, as a user types: a declaration, then an expression that
//! uses it shows its value; a runaway loop is stopped and the session keeps its state; the
//! inspector lists the session's globals and an edit there changes the session.

use egui::accesskit::Role;
use egui_kittest::kittest::{By, Queryable};
mod common;

use egui_kittest::Harness;
use rae_workbench::dock::Tab;
use rae_workbench::Workbench;
use std::time::Duration;

/// The workbench on the pong sample (the usual layout: editor, viewport, inspector, REPL).
fn harness() -> Harness<'static, Workbench> {
    let mut harness =
        common::workbench(&common::workspace_root().join("samples/games/pong.rae"), false, egui::vec2(1280.0, 800.0));
    harness.state_mut().show_tab(Tab::Repl);
    harness.run();
    harness
}

/// Types `text` into the REPL's input (once the previous input is done) and presses Enter.
fn enter(harness: &mut Harness<'static, Workbench>, text: &str) {
    enter_at(harness, "rae>", text);
}

/// [`enter`] with the input labelled by `prompt` (`lua>` after `:lang lua`).
fn enter_at(harness: &mut Harness<'static, Workbench>, prompt: &str, text: &str) {
    common::wait_until(harness, 20, "the previous input", |h| !h.state().repl_busy());
    let input = harness.get(By::new().label(prompt).role(Role::MultilineTextInput));
    input.focus();
    input.type_text(text);
    harness.step();
    harness.key_press(egui::Key::Enter);
    harness.step();
}

/// Steps the UI until a transcript line contains `wanted`.
fn wait_for(harness: &mut Harness<'static, Workbench>, wanted: &str) {
    common::wait_until(harness, 20, wanted, |h| h.query_all_by_label_contains(wanted).next().is_some());
}

#[test]
fn a_declaration_then_an_expression_shows_its_value() {
    let mut harness = harness();
    enter(&mut harness, "var total = 40");
    wait_for(&mut harness, "rae> var total = 40");
    enter(&mut harness, "total + 2");
    wait_for(&mut harness, "= 42 : Int");
}

#[test]
fn lang_lua_runs_lua_inputs_that_share_the_sessions_globals() {
    let mut harness = harness();
    enter(&mut harness, "var hp = 3");
    enter(&mut harness, ":lang lua");
    wait_for(&mut harness, "language: lua");
    common::wait_until(&mut harness, 20, "the lua prompt", |h| h.query_by_label("lua>").is_some());
    enter_at(&mut harness, "lua>", "for i = 1, 3 do\n  hp = hp * 2\nend");
    wait_for(&mut harness, "lua> for i = 1, 3 do");
    enter_at(&mut harness, "lua>", ":lang rae");
    wait_for(&mut harness, "language: rae");
    enter(&mut harness, "hp");
    wait_for(&mut harness, "= 24 : Int");
}

#[test]
fn stop_ends_a_runaway_input_and_the_session_goes_on() {
    let mut harness = harness();
    enter(&mut harness, "var n = 7");
    enter(&mut harness, "loop true {\n  n = n + 1\n}");
    wait_for(&mut harness, "...> }");
    std::thread::sleep(Duration::from_millis(200));
    harness.step();
    harness.get_by_label("■ Stop input").click();
    wait_for(&mut harness, "■ stopped");
    enter(&mut harness, "n");
    wait_for(&mut harness, "= 7 : Int");
}

#[test]
fn the_inspector_shows_repl_globals_and_edits_them() {
    let mut harness = harness();
    harness.state_mut().show_tab(Tab::Inspector);
    harness.run();
    enter(&mut harness, "var score = 5");
    enter(&mut harness, "let name = \"rae\"");
    wait_for(&mut harness, "var score");
    wait_for(&mut harness, "let name");
    // A click on the value opens its editor (clicks can land while the layout still moves).
    let by_field = || By::new().value("5").role(Role::TextInput);
    for _ in 0..10 {
        if harness.query(by_field()).is_some() {
            break;
        }
        harness.get_by_label("5").click();
        harness.run();
    }
    let field = harness.get(by_field());
    field.focus();
    field.type_text(" + 37");
    harness.step();
    harness.key_press(egui::Key::Enter);
    harness.step();
    wait_for(&mut harness, "rae> score = 5 + 37");
    common::wait_until(&mut harness, 20, "the new value 42", |h| h.query_all_by_label("42").next().is_some());
}
