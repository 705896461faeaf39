//! A notebook that draws with raylib: each cell's last frame is captured under it as a PNG
//! thumbnail of what the game drew. raylib needs a display, so this test starts its own Xvfb
//! (the only test of this binary, so setting DISPLAY cannot race with another test).

use rae_tests::screen::have;
use rae_workbench::notebook::{CellKind, Notebook, Output};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Xvfb(Child);

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_xvfb() -> Xvfb {
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "640x480x24"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("Xvfb starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("its stdout")).read_line(&mut line).expect("a display number");
    std::env::set_var("DISPLAY", format!(":{}", line.trim()));
    std::env::set_var("LIBGL_ALWAYS_SOFTWARE", "1");
    Xvfb(child)
}

#[test]
fn the_drawing_notebook_keeps_each_cells_last_frame() {
    if !have("Xvfb") {
        eprintln!("SKIPPED: Xvfb is missing (scripts/deps.sh installs it)");
        return;
    }
    let _display = start_xvfb();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_owned();
    let mut notebook = Notebook::open(&root.join("samples/notebooks/drawing.raenb"), || {}).expect("it opens");
    notebook.run_all();
    let deadline = Instant::now() + Duration::from_secs(60);
    while notebook.is_busy() {
        assert!(Instant::now() < deadline, "Run all finishes");
        std::thread::sleep(Duration::from_millis(20));
        notebook.pump();
    }
    let file = notebook.file();
    let code: Vec<_> = file.cells.iter().filter(|c| c.kind == CellKind::Code).collect();
    for cell in &code {
        assert!(!cell.outputs.iter().any(|o| matches!(o, Output::Err(_))), "no errors: {:?}", cell.outputs);
    }
    let frames: Vec<(u32, u32, &Vec<u8>)> = code
        .iter()
        .flat_map(|c| &c.outputs)
        .filter_map(|o| match o {
            Output::Frame { width, height, png } => Some((*width, *height, png)),
            _ => None,
        })
        .collect();
    assert_eq!(frames.len(), 2, "the two drawing cells each keep a frame");
    for (width, height, png) in frames {
        assert_eq!((width, height), (320, 240));
        let image = image::load_from_memory(png).expect("a PNG").to_rgba8();
        assert_eq!(image.get_pixel(5, 5).0, [30, 40, 90, 255], "the sky at the top left");
        assert_eq!(image.get_pixel(5, 235).0, [0, 117, 44, 255], "the ground (darkGreen) at the bottom");
    }
}
