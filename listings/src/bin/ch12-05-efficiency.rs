use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// The numbers are handed out in blocks of this many.
const BLOCK: u64 = 1_000;
/// Each version is timed this many times, the two taking turns.
const ROUNDS: usize = 5;

/// Whether `n` is prime, by trial division: slow on purpose, all CPU.
fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

/// How many primes are in block `block`.
fn primes_in_block(block: u64) -> u64 {
    (block * BLOCK..(block + 1) * BLOCK)
        .filter(|&n| is_prime(n))
        .count() as u64
}

fn ms(time: Duration) -> String {
    format!("{:.1} ms", time.as_secs_f64() * 1e3)
}

/// The result of `f`, and how long it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let result = f();
    (result, start.elapsed())
}

// ANCHOR: padded
/// A counter on a cache line of its own. Counters side by side in a `Vec`
/// would share one line, and every increment by one thread would take
/// that line away from the others' cores ("false sharing"). 128 bytes,
/// because some processors fetch lines in pairs.
#[repr(align(128))]
struct Counter(AtomicU64);
// ANCHOR_END: padded

// ANCHOR: main
fn main() {
    // Count the primes below this many thousand: 100, or the argument.
    let blocks: u64 = match std::env::args().nth(1) {
        Some(arg) => arg.parse().expect("a number"),
        None => 100,
    };
    let threads = rayon::current_num_threads();

    let sequential = || (0..blocks).map(primes_in_block).sum::<u64>();
    // Also counts how many numbers each of rayon's threads tested.
    let parallel = |tested: &[Counter]| {
        (0..blocks)
            .into_par_iter()
            .map(|block| {
                let me = rayon::current_thread_index().unwrap();
                tested[me].0.fetch_add(BLOCK, Ordering::Relaxed);
                primes_in_block(block)
            })
            .sum::<u64>()
    };
    let counters =
        || -> Vec<Counter> { (0..threads).map(|_| Counter(AtomicU64::new(0))).collect() };

    // One untimed run of each first: the pool's threads start, and the
    // code and data reach the caches.
    let mut counts = (sequential(), parallel(&counters()));
    // Then the two take turns, the first going first in even rounds, the
    // other in odd ones: a busy moment or a change of clock speed falls on
    // both. Each keeps its best (shortest) time.
    let (mut best_sequential, mut best_parallel) = (Duration::MAX, Duration::MAX);
    let mut shares = Vec::new();
    for round in 0..ROUNDS {
        let tested = counters();
        let (s, p) = if round % 2 == 0 {
            let s = timed(sequential);
            (s, timed(|| parallel(&tested)))
        } else {
            let p = timed(|| parallel(&tested));
            (timed(sequential), p)
        };
        counts = (s.0, p.0);
        best_sequential = best_sequential.min(s.1);
        if p.1 < best_parallel {
            best_parallel = p.1;
            shares = tested.iter().map(|c| c.0.load(Ordering::Relaxed)).collect();
        }
    }

    let speedup = best_sequential.as_secs_f64() / best_parallel.as_secs_f64();
    println!(
        "primes below {}: {} (sequential), {} (parallel)",
        blocks * BLOCK,
        counts.0,
        counts.1
    );
    println!("best of {ROUNDS} rounds each, taking turns, after a warm-up:");
    println!("sequential: {}", ms(best_sequential));
    println!("parallel:   {} on {threads} threads", ms(best_parallel));
    for (thread, count) in shares.iter().enumerate() {
        println!("thread {thread} tested {count} numbers");
    }
    println!("speedup: {speedup:.2}");
    println!(
        "efficiency (speedup / threads): {:.2}",
        speedup / threads as f64
    );
}
// ANCHOR_END: main
