//! Saving while a program runs hot-reloads it: the status bar says what was patched, and a
//! save with errors says it was not applied while the program goes on.

mod common;

use egui_kittest::kittest::Queryable;

const TICKER: &str = "var count: Int = 0\n\nfunc tick() {\n  count = count + 1\n  log(\"v1 {count}\")\n}\n\nfunc main() {\n  loop true {\n    tick()\n    sleep(ms: 20)\n  }\n}\n";

#[test]
fn saving_a_running_program_reloads_it_and_the_status_bar_says_so() {
    let dir = std::env::temp_dir().join(format!("rae-workbench-hot-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let file = dir.join("ticker.rae");
    std::fs::write(&file, TICKER).expect("the program is written");
    let mut harness = common::workbench(&file, true, egui::vec2(1280.0, 800.0));
    let running =
        |h: &egui_kittest::Harness<'static, rae_workbench::Workbench>| h.query_by_label_contains("▶ Running").is_some();
    common::wait_until(&mut harness, 30, "the program to run", running);
    let edit = |h: &mut egui_kittest::Harness<'static, rae_workbench::Workbench>, text: String| {
        h.state_mut().current_doc().expect("the program is open").editor.set_text(text);
        h.state_mut().save_current();
    };
    edit(&mut harness, TICKER.replace("count + 1", "count + \"one\""));
    common::wait_until(&mut harness, 30, "the refused reload", |h| {
        h.query_by_label_contains("not applied: the saved version has errors").is_some()
    });
    assert!(running(&harness), "the old code keeps running");
    edit(&mut harness, TICKER.replace("v1 {count}", "v2 {count}"));
    common::wait_until(&mut harness, 30, "the reload", |h| {
        h.query_by_label_contains("hot reload: changed: tick").is_some()
    });
    assert!(running(&harness));
    harness.state_mut().stop();
    let _ = std::fs::remove_dir_all(&dir);
}
