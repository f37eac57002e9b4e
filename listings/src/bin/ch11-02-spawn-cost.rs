use std::thread;
use std::time::{Duration, Instant};

const THREADS: u32 = 1_000;
const TASKS: u32 = 20_000;
const ROUNDS: u32 = 5;

/// The best (shortest) of `ROUNDS` runs of `f`, divided by `n`.
fn best_per_unit(n: u32, mut f: impl FnMut()) -> Duration {
    let best = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap();
    best / n
}

// ANCHOR: main
fn main() {
    // Threads: spawn them all, then join them all.
    let thread = best_per_unit(THREADS, || {
        let handles: Vec<_> = (0..THREADS).map(|i| thread::spawn(move || i)).collect();
        for handle in handles {
            handle.join().unwrap();
        }
    });

    // Tasks on a runtime with one thread: spawn them all, then await them
    // all, without a single wake-up crossing threads.
    let one_thread = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let task = best_per_unit(TASKS, || {
        one_thread.block_on(async {
            let handles: Vec<_> = (0..TASKS).map(|i| tokio::spawn(async move { i })).collect();
            for handle in handles {
                handle.await.unwrap();
            }
        })
    });

    // Tasks on a multi-thread runtime, spawned and awaited one at a time:
    // a worker thread runs each task, and wakes `main` when it is done.
    let workers = tokio::runtime::Runtime::new().unwrap();
    let ping_pong = best_per_unit(THREADS, || {
        workers.block_on(async {
            for i in 0..THREADS {
                tokio::spawn(async move { i }).await.unwrap();
            }
        })
    });

    println!("best of {ROUNDS} rounds, spawn and join:");
    println!("a thread: {} ns", thread.as_nanos());
    println!("a task, one-thread runtime: {} ns", task.as_nanos());
    println!("a task awaited across threads: {} ns", ping_pong.as_nanos());
}
// ANCHOR_END: main
