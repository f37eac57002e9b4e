use std::hint::black_box;
use std::time::{Duration, Instant};

/// The loop of listing 15-1 that really runs: `i * n` added up for every
/// `i` below `steps`, each `i` through `black_box`.
fn work(n: u64, steps: u64) -> u64 {
    let mut total: u64 = 0;
    for i in 0..steps {
        total = total.wrapping_add(black_box(i).wrapping_mul(n));
    }
    total
}

// ANCHOR: measure
/// Runs `f` once to warm up (its time is returned apart), then `runs`
/// times more, and returns the warm-up time and the others, sorted.
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Vec<Duration>) {
    let mut time_once = || {
        let start = Instant::now();
        black_box(f());
        start.elapsed()
    };
    let warm_up = time_once();
    let mut times: Vec<Duration> = (0..runs).map(|_| time_once()).collect();
    times.sort();
    (warm_up, times)
}
// ANCHOR_END: measure

fn ms(time: Duration) -> String {
    format!("{:.3} ms", time.as_secs_f64() * 1e3)
}

// ANCHOR: main
fn main() {
    // How many steps each run adds up: 1000000, or the first argument.
    let steps: u64 = match std::env::args().nth(1) {
        Some(arg) => arg.parse().expect("a number"),
        None => 1_000_000,
    };
    // ANCHOR: build
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!("{build} build, {steps} steps a run");
    // ANCHOR_END: build

    let (warm_up, times) = measure(9, || work(black_box(3), black_box(steps)));
    let (min, median, max) = (times[0], times[times.len() / 2], times[times.len() - 1]);
    println!("warm-up  {}", ms(warm_up));
    println!("min      {}", ms(min));
    println!("median   {}", ms(median));
    println!("max      {}", ms(max));
    let per_step = min.as_secs_f64() * 1e9 / steps as f64;
    println!("per step {per_step:.3} ns (min / steps)");
}
// ANCHOR_END: main
