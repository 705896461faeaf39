//! Export from the menu, as a user does it: Export > Export native executable… > Build on the
//! pong sample; the executable it reports runs the same game (a screenshot under Xvfb).

mod common;

use egui_kittest::kittest::Queryable;
use rae_tests::screen::{can_take_screenshots, pong, screenshot_of_window};
use rae_workbench::export::ExportOutcome;

#[test]
fn export_native_from_the_menu_builds_the_game() {
    let (dir, program) = common::scratch_copy("export", "samples/games/pong.rae");
    let mut harness = common::workbench(&program, false, egui::vec2(1280.0, 800.0));
    harness.run();
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label("Export native executable…").click();
    harness.run();
    harness.get_by_label("Build").click();
    harness.step();
    harness.step();
    assert!(harness.query_by_label_contains("Building…").is_some(), "the dialog shows progress");

    common::wait_until(&mut harness, 180, "the export", |h| h.state().export_outcome().is_some());
    harness.run();
    let artifact = match harness.state().export_outcome() {
        Some(ExportOutcome::Built { artifact, .. }) => artifact.clone(),
        other => panic!("the export did not build: {other:?}"),
    };
    assert_eq!(artifact, dir.join("build/native-release/pong"), "release build beside the program");
    assert!(artifact.is_file());
    assert!(harness.query_by_label(&artifact.display().to_string()).is_some(), "the dialog shows the path");

    if can_take_screenshots() {
        let screen = screenshot_of_window("exported", &format!("'{}'", artifact.display()), pong::BACKGROUND);
        pong::assert_window(&screen, "the exported executable");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
