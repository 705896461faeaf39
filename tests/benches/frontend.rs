//! Front-end throughput: lex, parse and check a generated 100k-line program.
//! Goal (issue 3): at least 2 million lines a minute. Prints lines/minute for each stage.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rae_engine::check::check_program;
use rae_engine::driver::{load_source, LoadOptions};
use rae_engine::source::FileId;
use rae_engine::syntax::{lexer, parse};
use std::fmt::Write as _;
use std::time::Instant;

/// A realistic program of about `lines` lines: structs, enums, loops, matches, lists, calls.
/// (The 1000-line cap is a per-file rule; the benchmark measures raw stage speed and its
/// single diagnostic about the cap is part of the measured work.)
fn generate(lines: usize) -> String {
    let mut src = String::from("enum Mode {\n  idle\n  run\n  stop\n}\n\n");
    let mut i = 0;
    while src.lines().count() < lines {
        let _ = write!(
            src,
            r#"type Item{i} {{
  id: Int
  weight: Float
  name: String
}}

func score{i}(items: view List(Item{i}), mode: view Mode, bias: view Int) ret Int {{
  var total: Int = bias
  loop it: view Item{i} in items {{
    if it.id % 2 is 0 and it.weight > 1.5 {{
      total = total + it.id * 3
    }} else {{
      total = total - 1
    }}
  }}
  loop k: Int = 0, k < 10, ++k {{
    total = total + (k shl 1)
  }}
  match mode {{
    case Mode.idle {{
      total = total + 1
    }}
    case Mode.run {{
      total = total * 2
    }}
    case Mode.stop {{
      ret 0
    }}
  }}
  let label: String = "item {{total}} of {i}"
  log(label)
  ret total
}}

"#
        );
        i += 1;
    }
    src
}

fn bench(c: &mut Criterion) {
    let src = generate(100_000);
    let lines = src.lines().count();
    report(&src, lines);
    let mut group = c.benchmark_group("frontend");
    group.sample_size(10);
    group.throughput(Throughput::Elements(lines as u64));
    group.bench_function("lex", |b| b.iter(|| lexer::lex(FileId(0), &src)));
    group.bench_function("lex+parse", |b| b.iter(|| parse(FileId(0), &src)));
    group.bench_function("lex+parse+check", |b| {
        b.iter(|| {
            let (program, _) = load_source("bench.rae", src.clone(), LoadOptions::default());
            check_program(&program)
        })
    });
    group.finish();
}

/// One timed pass per stage, printed as lines per minute so the figure reads directly.
fn report(src: &str, lines: usize) {
    let per_minute = |secs: f64| lines as f64 / secs * 60.0;
    let t = Instant::now();
    let _ = lexer::lex(FileId(0), src);
    let lex = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let _ = parse(FileId(0), src);
    let parse_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let (program, _) = load_source("bench.rae", src.to_string(), LoadOptions::default());
    let _ = check_program(&program);
    let full = t.elapsed().as_secs_f64();
    println!(
        "frontend on {lines} lines: lex {:.1}M lines/min, lex+parse {:.1}M lines/min, lex+parse+check {:.1}M lines/min (goal 2M)",
        per_minute(lex) / 1e6,
        per_minute(parse_s) / 1e6,
        per_minute(full) / 1e6
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
