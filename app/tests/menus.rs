//! The menu bar through egui_kittest: every menu opens and lists its items, and View brings
//! back a panel that was not showing.

mod common;

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use rae_workbench::Workbench;

const MENUS: &[(&str, &[&str])] = &[
    ("File", &["Open…", "Open recent", "Save", "Save as…", "Quit"]),
    ("Edit", &["Find", "Replace", "Go to line"]),
    ("Run", &["Run", "Stop", "Restart", "Pause", "Step frame"]),
    ("Export", &["Export native executable…", "Export hybrid bundle (.raepkg)…", "Export VM bytecode…"]),
    ("View", &["Console", "REPL", "Problems", "Viewport", "Inspector", "Larger text", "Smaller text", "Reset layout"]),
];

fn harness() -> Harness<'static, Workbench> {
    let mut harness =
        common::workbench(&common::workspace_root().join("samples/games/pong.rae"), false, egui::vec2(1280.0, 800.0));
    harness.run();
    harness
}

#[test]
fn every_menu_lists_its_items() {
    let mut harness = harness();
    for (menu, items) in MENUS {
        // Toolbar buttons share some names (Run, Stop): the open menu must add its own.
        let count = |h: &Harness<'static, Workbench>, item: &str| h.query_all_by_label_contains(item).count();
        let before: Vec<usize> = items.iter().map(|item| count(&harness, item)).collect();
        harness.get_by_label(menu).click();
        harness.run();
        for (item, before) in items.iter().zip(before) {
            assert!(count(&harness, item) > before, "{menu} has {item}");
        }
        harness.key_press(egui::Key::Escape);
        harness.run();
    }
}

#[test]
fn export_opens_its_dialog_with_the_profile_choice() {
    let mut harness = harness();
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label("Export hybrid bundle (.raepkg)…").click();
    harness.run();
    assert!(harness.query_by_label("release (-O2)").is_some());
    assert!(harness.query_by_label("Embed the compiler (the bundle can compile new .rae files)").is_some());
    assert!(harness.query_by_label("Build").is_some());
}
