use std::hint::black_box;
use std::time::{Duration, Instant};

// ANCHOR: work
/// The work the Python guides time: add up `i * n` for every `i` below
/// `steps` (wrapping around on overflow, as a `u64` must).
fn work(n: u64, steps: u64) -> u64 {
    let mut total: u64 = 0;
    for i in 0..steps {
        total = total.wrapping_add(i.wrapping_mul(n));
    }
    total
}

/// The same loop, with every step's `i` passed through `black_box`: the
/// compiler must assume it knows nothing about that value, so it has to
/// run every step, storing `i` to memory and reading it back, one at a
/// time. That is a different program, slower than anything the compiler
/// would make of `work`.
fn work_kept(n: u64, steps: u64) -> u64 {
    let mut total: u64 = 0;
    for i in 0..steps {
        total = total.wrapping_add(black_box(i).wrapping_mul(n));
    }
    total
}
// ANCHOR_END: work

/// Prints one timing, in microseconds, and returns it.
fn show(what: &str, took: Duration) -> Duration {
    println!("{what:<36} {:>12.3} µs", took.as_secs_f64() * 1e6);
    took
}

// ANCHOR: main
fn main() {
    // How many steps: 2000000, or the first argument.
    let steps: u64 = match std::env::args().nth(1) {
        Some(arg) => arg.parse().expect("a number"),
        None => 2_000_000,
    };
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!("{build} build, {steps} steps");

    // 1. The result is never used.
    let start = Instant::now();
    work(3, steps);
    let unused = show("1. result unused", start.elapsed());

    // 2. Inputs and result go through black_box, as criterion does.
    let start = Instant::now();
    let total = black_box(work(black_box(3), black_box(steps)));
    let formula = show("2. inputs and result in black_box", start.elapsed());

    // 3. Every step goes through black_box.
    let start = Instant::now();
    let kept = black_box(work_kept(3, steps));
    let every_step = show("3. every step in black_box", start.elapsed());

    assert_eq!(total, kept, "the three loops compute the same sum");
    let ratio = |fast: Duration| every_step.as_secs_f64() / fast.as_secs_f64().max(1e-9);
    println!(
        "every step in black_box took {:.0} times as long as 1.",
        ratio(unused)
    );
    println!(
        "every step in black_box took {:.0} times as long as 2.",
        ratio(formula)
    );
}
// ANCHOR_END: main
