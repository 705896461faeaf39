//! Notebooks in the workbench: the tour notebook opened with `--run` runs every cell in one
//! session, each cell's outputs land under it, and Save writes a file that loads back equal.

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use rae_workbench::notebook::{CellKind, NotebookFile, Output};
use rae_workbench::{Startup, Workbench};
use std::time::{Duration, Instant};

#[test]
fn the_tour_runs_every_cell_and_saves_its_outputs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_owned();
    let dir = std::env::temp_dir().join(format!("rae-notebook-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tour.raenb");
    std::fs::copy(root.join("samples/notebooks/tour.raenb"), &path).unwrap();

    let startup = Startup { file: Some(path.clone()), run: true };
    let workbench = Workbench::new(&egui::Context::default(), None, startup).expect("the workbench starts");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1600.0))
        .build_ui_state(|ui, wb: &mut Workbench| wb.ui(ui), workbench);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        harness.step();
        let notebook = harness.state().notebook(&path).expect("the notebook is open");
        let file = notebook.file();
        let done = file.cells.iter().filter(|c| c.kind == CellKind::Code).all(|c| !c.outputs.is_empty());
        if done && !notebook.is_busy() {
            break;
        }
        assert!(Instant::now() < deadline, "Run all did not finish: {file:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run();
    let file = harness.state().notebook(&path).unwrap().file();
    for cell in file.cells.iter().filter(|c| c.kind == CellKind::Code) {
        assert!(!cell.outputs.iter().any(|o| matches!(o, Output::Err(_))), "cell failed: {cell:?}");
    }
    let outputs: Vec<&Output> = file.cells.iter().flat_map(|c| &c.outputs).collect();
    assert!(outputs.contains(&&Output::Out("= 42 : Int".into())), "{outputs:?}");
    assert!(outputs.contains(&&Output::Out("= umbrella : String".into())), "{outputs:?}");
    assert!(harness.query_by_label("= 42 : Int").is_some(), "the outputs show under their cells");

    harness.get_by_label("Save").click();
    harness.run();
    let saved = NotebookFile::parse(&std::fs::read_to_string(&path).unwrap()).expect("the saved notebook loads");
    assert_eq!(saved, file, "save then load gives the same notebook, outputs included");
    std::fs::remove_dir_all(&dir).unwrap();
}
