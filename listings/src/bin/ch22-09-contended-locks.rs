use std::thread;
use std::time::{Duration, Instant};

/// Threads, additions per thread, and interleaved rounds (best kept).
const THREADS: u64 = 4;
const ADDS: u64 = 50_000;
const ROUNDS: usize = 5;

// ANCHOR: main
fn std_mutex() -> (Duration, u64) {
    let counter = std::sync::Mutex::new(0u64);
    let start = Instant::now();
    thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..ADDS {
                    *counter.lock().unwrap() += 1;
                }
            });
        }
    });
    (start.elapsed(), counter.into_inner().unwrap())
}

fn parking_lot_mutex() -> (Duration, u64) {
    let counter = parking_lot::Mutex::new(0u64);
    let start = Instant::now();
    thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..ADDS {
                    *counter.lock() += 1;
                }
            });
        }
    });
    (start.elapsed(), counter.into_inner())
}
// ANCHOR_END: main

fn main() {
    let (mut best_std, mut best_pl) = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        let (t, total) = std_mutex();
        assert_eq!(total, THREADS * ADDS);
        best_std = best_std.min(t);
        let (t, total) = parking_lot_mutex();
        assert_eq!(total, THREADS * ADDS);
        best_pl = best_pl.min(t);
    }
    println!("{THREADS} threads x {ADDS} locked additions, best of {ROUNDS}:");
    println!(
        "  std::sync::Mutex:   {:>6.1} ms",
        best_std.as_secs_f64() * 1e3
    );
    println!(
        "  parking_lot::Mutex: {:>6.1} ms",
        best_pl.as_secs_f64() * 1e3
    );
    println!("  every total: {}", THREADS * ADDS);
}
