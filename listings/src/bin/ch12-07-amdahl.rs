use std::hint::black_box;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// Whether `n` is prime, by trial division: slow on purpose, all CPU.
fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

// ANCHOR: parts
/// The serial part: each step needs the one before, so no thread can help.
fn serial_part(steps: u64) -> u64 {
    let mut x = 1u64;
    for _ in 0..steps {
        x = black_box(x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1));
    }
    x
}

/// The parallel part: the primes below `limit`, counted by rayon.
fn parallel_part(limit: u64) -> usize {
    (0..limit).into_par_iter().filter(|&n| is_prime(n)).count()
}
// ANCHOR_END: parts

/// Runs both parts, one after the other, stamping each as `NAME on POOL`;
/// returns the time of each part.
fn program(steps: u64, limit: u64, pool: &str, start: Instant) -> (Duration, Duration) {
    // Prints the time and returns it: the stamps and the durations agree.
    let stamp = |event: &str| {
        let now = Instant::now();
        println!("[{:4} ms] {event}", (now - start).as_millis());
        now
    };
    let t0 = stamp(&format!("serial on {pool} starts"));
    black_box(serial_part(steps));
    let t1 = stamp(&format!("serial on {pool} ends"));
    stamp(&format!("par on {pool} starts"));
    black_box(parallel_part(limit));
    let t2 = stamp(&format!("par on {pool} ends"));
    (t1 - t0, t2 - t1)
}

// ANCHOR: main
fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|a| a.parse::<u64>().expect("a number"));
    let steps = args.next().unwrap_or(300_000);
    let limit = args.next().unwrap_or(30_000);
    let start = Instant::now();

    // On one thread: the serial fraction s is the serial part's share.
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let (serial, parallel) = one.install(|| program(steps, limit, "1 thread", start));
    let one_thread = serial + parallel;
    let s = serial.as_secs_f64() / one_thread.as_secs_f64();

    // On every thread of rayon's global pool.
    let n = rayon::current_num_threads();
    let (serial_n, parallel_n) = program(steps, limit, "the pool", start);
    let n_threads = serial_n + parallel_n;

    let predicted = 1.0 / (s + (1.0 - s) / n as f64);
    let measured = one_thread.as_secs_f64() / n_threads.as_secs_f64();
    println!("serial fraction s = {s:.2}, n = {n} threads");
    println!("Amdahl predicts 1 / (s + (1 - s) / n) = {predicted:.2}");
    println!("measured speedup = {measured:.2}");
}
// ANCHOR_END: main
