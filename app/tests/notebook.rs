//! Notebooks in the workbench: the tour notebook opened with `--run` runs every cell in one
//! session, each cell's outputs land under it, and Save writes a file that loads back equal.

mod common;

use egui_kittest::kittest::Queryable;
use rae_workbench::notebook::{CellKind, NotebookFile, Output};

#[test]
fn the_tour_runs_every_cell_and_saves_its_outputs() {
    let (dir, path) = common::scratch_copy("notebook", "samples/notebooks/tour.raenb");
    let mut harness = common::workbench(&path, true, egui::vec2(1280.0, 1600.0));
    common::wait_until(&mut harness, 60, "Run all", |h| {
        let notebook = h.state().notebook(&path).expect("the notebook is open");
        let ran = notebook.file().cells.iter().filter(|c| c.kind == CellKind::Code).all(|c| !c.outputs.is_empty());
        ran && !notebook.is_busy()
    });
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
