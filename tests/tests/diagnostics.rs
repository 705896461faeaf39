//! Snapshots of rendered diagnostics in the three output formats (insta).

use rae_engine::check::check_program;
use rae_engine::diag::{self, DiagFormat};
use rae_engine::driver::{load_source, LoadOptions};

fn render(src: &str, format: DiagFormat) -> String {
    let (program, mut diags) = load_source("demo.rae", src.to_string(), LoadOptions::default());
    diags.extend(check_program(&program).diagnostics);
    diag::sort(&mut diags);
    diag::render_all(&diags, &program.sources, format)
}

/// One file, several unrelated problems from every stage.
const MIXED: &str = r#"type Point {
  x: Int
  y: Int
}

func shift(p: view Point, dx: Int) {
  p.x = p.x + dx
}

@tool "x"
func main() {
  let n: Int = 007
  let f: Float = 1.5
  let g: Float64 = 2.5
  f = g
  let p: Point = { x: 1, y: 2 }
  shift(p, dx: 3)
  log(missng)
}
"#;

#[test]
fn short_format() {
    insta::assert_snapshot!(render(MIXED, DiagFormat::Short));
}

#[test]
fn rich_format() {
    insta::assert_snapshot!(render(MIXED, DiagFormat::Rich { color: false }));
}

#[test]
fn json_format() {
    insta::assert_snapshot!(render(MIXED, DiagFormat::Json));
}
