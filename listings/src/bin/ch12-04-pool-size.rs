use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

/// Whether `n` is prime, by trial division: slow on purpose, all CPU.
fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

// ANCHOR: chunks
/// Counts the primes in `numbers`, a chunk of 10,000 at a time, and how
/// many chunks each thread of the current pool took.
fn primes_in_chunks(numbers: &[u64]) -> (usize, Vec<usize>) {
    let chunks_by: Vec<AtomicUsize> = (0..rayon::current_num_threads())
        .map(|_| AtomicUsize::new(0))
        .collect();
    let primes = numbers
        .par_chunks(10_000)
        .map(|chunk| {
            let me = rayon::current_thread_index().unwrap();
            chunks_by[me].fetch_add(1, Ordering::Relaxed);
            chunk.iter().filter(|&&n| is_prime(n)).count()
        })
        .sum();
    (
        primes,
        chunks_by.into_iter().map(AtomicUsize::into_inner).collect(),
    )
}
// ANCHOR_END: chunks

// ANCHOR: main
fn main() {
    let numbers: Vec<u64> = (0..100_000).collect();

    // The global pool: as many threads as cores, unless the environment
    // variable RAYON_NUM_THREADS says otherwise.
    println!("global pool: {} threads", rayon::current_num_threads());
    let (primes, chunks_by) = primes_in_chunks(&numbers);
    println!("{primes} primes, chunks taken by each thread: {chunks_by:?}");

    // A pool of our own, of two threads; `install` runs the closure in it,
    // and every parallel iterator inside uses it.
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let (threads, (primes, chunks_by)) =
        two.install(|| (rayon::current_num_threads(), primes_in_chunks(&numbers)));
    println!("own pool: {threads} threads");
    println!("{primes} primes, chunks taken by each thread: {chunks_by:?}");
}
// ANCHOR_END: main
