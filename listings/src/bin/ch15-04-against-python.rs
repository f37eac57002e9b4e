use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

/// The Python program that runs the same tasks (in the book's repository).
const PYTHON: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/python/ch15-04-against-python.py"
);
const TASKS: u64 = 4;

/// The task of listing 15-3, never inlined, as there.
#[inline(never)]
fn task(n: u64, steps: u64) -> u64 {
    let mut total: u64 = 0;
    for i in 0..steps {
        total = total.wrapping_add(black_box(i).wrapping_mul(n));
    }
    total
}

// ANCHOR: main
fn main() {
    // Steps per task: 300000, or the first argument.
    let steps: u64 = match std::env::args().nth(1) {
        Some(arg) => arg.parse().expect("a number"),
        None => 300_000,
    };
    // Python first: its own program prints its own times.
    let out = Command::new("python3")
        .arg(PYTHON)
        .arg(steps.to_string())
        .output()
        .expect("python3, to run the Python version");
    assert!(out.status.success(), "the Python version failed");
    let python = String::from_utf8(out.stdout).unwrap();
    print!("{python}");
    let python_ms: f64 = python
        .lines()
        .find_map(|line| line.strip_prefix("sequential"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|ms| ms.parse().ok())
        .expect("Python's sequential time");

    // The same tasks in Rust, one after another: the best of 10 runs,
    // after a warm-up.
    let sequential = || {
        (1..=TASKS)
            .map(|n| task(n, steps))
            .fold(0, u64::wrapping_add)
    };
    let result = sequential();
    let mut best = Duration::MAX;
    for _ in 0..10 {
        let start = Instant::now();
        assert_eq!(sequential(), result);
        best = best.min(start.elapsed());
    }
    let rust_ms = best.as_secs_f64() * 1e3;
    println!("Rust, the same {TASKS} tasks, sequential: {rust_ms:.3} ms, result {result}");
    println!(
        "Rust sequential is {:.0} times as fast as Python sequential",
        python_ms / rust_ms
    );
}
// ANCHOR_END: main
