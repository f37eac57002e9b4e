use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// The numbers are handed out in blocks of this many.
const BLOCK: u64 = 1_000;

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

// ANCHOR: main
fn main() {
    // Count the primes below this many thousand: 100, or the argument.
    let blocks: u64 = match std::env::args().nth(1) {
        Some(arg) => arg.parse().expect("a number"),
        None => 100,
    };
    let threads = rayon::current_num_threads();

    let start = Instant::now();
    let sequential: u64 = (0..blocks).map(primes_in_block).sum();
    let sequential_time = start.elapsed();

    // How many numbers each of rayon's threads tested.
    let tested: Vec<AtomicU64> = (0..threads).map(|_| AtomicU64::new(0)).collect();
    let start = Instant::now();
    let parallel: u64 = (0..blocks)
        .into_par_iter()
        .map(|block| {
            let me = rayon::current_thread_index().unwrap();
            tested[me].fetch_add(BLOCK, Ordering::Relaxed);
            primes_in_block(block)
        })
        .sum();
    let parallel_time = start.elapsed();

    let speedup = sequential_time.as_secs_f64() / parallel_time.as_secs_f64();
    println!(
        "primes below {}: {sequential} (sequential), {parallel} (parallel)",
        blocks * BLOCK
    );
    println!("sequential: {}", ms(sequential_time));
    println!("parallel:   {} on {threads} threads", ms(parallel_time));
    for (thread, count) in tested.iter().enumerate() {
        println!(
            "thread {thread} tested {} numbers",
            count.load(Ordering::Relaxed)
        );
    }
    println!("speedup: {speedup:.2}");
    println!(
        "efficiency (speedup / threads): {:.2}",
        speedup / threads as f64
    );
}
// ANCHOR_END: main
