use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_utils::CachePadded;

/// Additions per thread, and how many times each layout is timed.
const ADDS: u64 = 2_000_000;
const RUNS: usize = 5;

// ANCHOR: layouts
/// Two counters side by side: 16 bytes, almost surely in one cache line.
struct Packed {
    counters: [AtomicU64; 2],
}

/// Two counters, each padded to a cache line of its own
/// (`CachePadded` aligns to 128 bytes on x86-64 and aarch64).
struct Padded {
    counters: [CachePadded<AtomicU64>; 2],
}

/// Thread `i` adds to counter `i` only: the threads share no data.
fn race(counters: [&AtomicU64; 2]) -> Duration {
    let together = Barrier::new(2);
    let start = Instant::now();
    thread::scope(|s| {
        for counter in counters {
            let together = &together;
            s.spawn(move || {
                together.wait(); // both set off at once
                for _ in 0..ADDS {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    start.elapsed()
}
// ANCHOR_END: layouts

fn main() {
    let (mut packed_best, mut padded_best) = (Duration::MAX, Duration::MAX);
    // Interleaved, best of RUNS each: both layouts see the same machine.
    for _ in 0..RUNS {
        let packed = Packed {
            counters: [AtomicU64::new(0), AtomicU64::new(0)],
        };
        let [a, b] = &packed.counters;
        packed_best = packed_best.min(race([a, b]));
        let padded = Padded {
            counters: [
                CachePadded::new(AtomicU64::new(0)),
                CachePadded::new(AtomicU64::new(0)),
            ],
        };
        let [a, b] = &padded.counters;
        padded_best = padded_best.min(race([a, b]));
        assert_eq!(
            a.load(Ordering::Relaxed) + b.load(Ordering::Relaxed),
            2 * ADDS
        );
    }
    println!("2 threads x {ADDS} additions, best of {RUNS}:");
    println!(
        "  packed into one cache line: {:>7.1} ms",
        packed_best.as_secs_f64() * 1e3
    );
    println!(
        "  padded apart:               {:>7.1} ms",
        padded_best.as_secs_f64() * 1e3
    );
    println!(
        "  packed / padded: {:.1}x",
        packed_best.as_secs_f64() / padded_best.as_secs_f64()
    );
}
