//! Edit → new behaviour latency of hot reload: `rae run --watch` runs a program that prints a
//! line every millisecond; each round saves a version that prints a new word and times the
//! file write to the first line of the new code (notify, the debouncer, compiling, the next
//! safe point). Goal: under 100 ms. Prints the median, the fastest and the slowest round.

use rae_tests::watch::{Stream, Watched};
use std::time::Duration;

const ROUNDS: usize = 15;

fn program(word: &str) -> String {
    format!(
        "var frames: Int = 0\n\nfunc frame() {{\n  frames = frames + 1\n  log(\"{word} {{frames}}\")\n}}\n\nfunc main() {{\n  loop true {{\n    frame()\n    sleep(ms: 1)\n  }}\n}}\n"
    )
}

fn main() {
    let dir = std::env::temp_dir().join(format!("rae-hot-latency-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("invariant: temp dir is writable");
    let file = dir.join("main.rae");
    std::fs::write(&file, program("v0")).expect("invariant: temp dir is writable");
    let mut run = Watched::start(&file);
    let wait = Duration::from_secs(30);
    run.wait_for(Stream::Out, wait, |l| l.starts_with("v0 ")).expect("the program runs");
    let mut times = Vec::new();
    for round in 1..=ROUNDS {
        // Let the previous save's events settle, as between two real edits.
        std::thread::sleep(Duration::from_millis(150));
        let word = format!("v{round}");
        let prefix = format!("{word} ");
        let saved = run.save(&program(&word));
        let (_, _, seen) = run.wait_for(Stream::Out, wait, |l| l.starts_with(&prefix)).expect("the new code runs");
        times.push(seen.duration_since(saved));
    }
    drop(run);
    let _ = std::fs::remove_dir_all(&dir);
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("\nhot reload latency (file write -> first line of the new code, rae run --watch, {ROUNDS} saves)");
    println!(
        "median {:.1} ms   fastest {:.1} ms   slowest {:.1} ms   goal < 100 ms",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}
