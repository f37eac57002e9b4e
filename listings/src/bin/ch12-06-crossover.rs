use std::hint::black_box;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// A cheap operation on one number.
fn cheap(x: usize) -> u64 {
    let x = x as u64;
    x.wrapping_mul(x) ^ (x >> 3)
}

/// The best (shortest) of seven timed calls of `f`: a busy machine slows
/// some calls, not all.
fn best_of_seven(mut f: impl FnMut() -> u64) -> Duration {
    (0..7)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap()
}

fn micros(time: Duration) -> String {
    format!("{:.1} µs", time.as_secs_f64() * 1e6)
}

// ANCHOR: main
fn main() {
    // Sizes from 100 numbers up to this, four times larger each step.
    let largest: usize = match std::env::args().nth(1) {
        Some(arg) => arg.parse().expect("a number"),
        None => 100_000,
    };
    let sizes: Vec<usize> = std::iter::successors(Some(100), |n| Some(n * 4))
        .take_while(|&n| n <= largest)
        .collect();

    // ANCHOR: sweep
    // The same sum of the numbers 0 to n - 1, one thread against rayon's
    // pool, at each size n.
    let times: Vec<(Duration, Duration)> = sizes
        .iter()
        .map(|&n| {
            let n = black_box(n);
            let sequential = best_of_seven(|| (0..n).map(cheap).sum());
            let parallel = best_of_seven(|| (0..n).into_par_iter().map(cheap).sum());
            (sequential, parallel)
        })
        .collect();
    // The crossover: the smallest size from which on parallel always won.
    let wins = times.iter().rev().take_while(|(s, p)| p < s).count();
    let crossover = sizes.get(sizes.len() - wins).copied();
    // ANCHOR_END: sweep

    // ANCHOR: min_len
    // The fix: never split the input into pieces of less than half that,
    // so that an input smaller than the crossover stays in one piece.
    let min_len = crossover.unwrap_or(largest) / 2;
    let fixed: Vec<Duration> = sizes
        .iter()
        .map(|&n| {
            let range = 0..black_box(n);
            best_of_seven(|| {
                let pieces = range.clone().into_par_iter().with_min_len(min_len);
                pieces.map(cheap).sum()
            })
        })
        .collect();
    // ANCHOR_END: min_len

    println!(
        "{} threads; best of 7 runs at each size",
        rayon::current_num_threads()
    );
    println!("   items  sequential    parallel  ratio  with_min_len  ratio");
    for ((n, (sequential, parallel)), fixed) in sizes.iter().zip(&times).zip(&fixed) {
        let ratio = |time: &Duration| time.as_secs_f64() / sequential.as_secs_f64();
        println!(
            "{n:>8} {:>11} {:>11} {:>6.2} {:>13} {:>6.2}",
            micros(*sequential),
            micros(*parallel),
            ratio(parallel),
            micros(*fixed),
            ratio(fixed)
        );
    }
    match crossover {
        Some(n) => println!("crossover: parallel wins from {n} items on"),
        None => println!("crossover: parallel never won, up to {largest} items"),
    }
    println!("with_min_len({min_len})");
}
// ANCHOR_END: main
