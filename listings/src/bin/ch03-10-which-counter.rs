use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Each way is timed this many times; the table shows the fastest run.
const RUNS: u32 = 5;

/// A way to count: given threads and additions each, the total reached.
type Way = fn(u64, u64) -> u64;

// ANCHOR: ways
/// Every thread locks the shared total for each addition.
fn with_a_mutex(threads: u64, adds: u64) -> u64 {
    let total = Arc::new(Mutex::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let total = Arc::clone(&total);
            thread::spawn(move || {
                for _ in 0..adds {
                    *total.lock().unwrap() += black_box(1);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    *total.lock().unwrap()
}

/// Every thread adds to the shared total atomically.
fn with_an_atomic(threads: u64, adds: u64) -> u64 {
    let total = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let total = Arc::clone(&total);
            thread::spawn(move || {
                for _ in 0..adds {
                    total.fetch_add(black_box(1), Ordering::Relaxed);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    total.load(Ordering::Relaxed)
}

/// Every thread counts on its own; the sums are added up after the joins.
fn with_local_sums(threads: u64, adds: u64) -> u64 {
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            thread::spawn(move || {
                let mut mine = 0;
                for _ in 0..adds {
                    mine += black_box(1);
                }
                mine
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).sum()
}
// ANCHOR_END: ways

/// The total one way reaches, and its fastest time of [`RUNS`].
fn timed(way: Way, threads: u64, adds: u64) -> (u64, Duration) {
    let mut best = Duration::MAX;
    let mut total = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        total = way(threads, adds);
        best = best.min(start.elapsed());
    }
    (total, best)
}

// ANCHOR: main
fn main() {
    // `cargo run -- THREADS ADDS`; small defaults for a quick debug run.
    let mut args = std::env::args().skip(1).map(|a| a.parse::<u64>().unwrap());
    let threads = args.next().unwrap_or(4);
    let adds = args.next().unwrap_or(100_000);
    println!("{threads} threads, {adds} additions each, fastest of {RUNS} runs:");
    println!("{:<11} {:>10} {:>10}", "way", "total", "time");
    let ways: [(&str, Way); 3] = [
        ("mutex", with_a_mutex),
        ("atomic", with_an_atomic),
        ("local sums", with_local_sums),
    ];
    for (name, way) in ways {
        let (total, time) = timed(way, threads, adds);
        let ms = time.as_secs_f64() * 1000.0;
        println!("{name:<11} {total:>10} {ms:>7.1} ms");
    }
}
// ANCHOR_END: main
