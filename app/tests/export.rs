//! Export from the menu, as a user does it: Export > Export native executable… > Build on the
//! pong sample; the executable it reports runs the same game (a screenshot under Xvfb).

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use rae_tests::screen::{can_take_screenshots, pong, screenshot_of_window};
use rae_workbench::export::ExportOutcome;
use rae_workbench::{Startup, Workbench};
use std::time::{Duration, Instant};

#[test]
fn export_native_from_the_menu_builds_the_game() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_owned();
    let dir = std::env::temp_dir().join(format!("rae-export-menu-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let program = dir.join("pong.rae");
    std::fs::copy(root.join("samples/games/pong.rae"), &program).unwrap();

    let startup = Startup { file: Some(program.clone()), run: false };
    let workbench = Workbench::new(&egui::Context::default(), None, startup).expect("the workbench starts");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, wb: &mut Workbench| wb.ui(ui), workbench);
    harness.run();
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label("Export native executable…").click();
    harness.run();
    harness.get_by_label("Build").click();
    harness.step();
    harness.step();
    assert!(harness.query_by_label_contains("Building…").is_some(), "the dialog shows progress");

    let deadline = Instant::now() + Duration::from_secs(180);
    while harness.state().export_outcome().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        harness.step();
    }
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
