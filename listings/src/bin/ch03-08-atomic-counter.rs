use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

const THREADS: u64 = 4;
const ADDS: u64 = 10_000;

// ANCHOR: main
fn main() {
    let visits = Arc::new(AtomicU64::new(0));
    let mut handles = Vec::new();
    for _ in 0..THREADS {
        let visits = Arc::clone(&visits);
        handles.push(thread::spawn(move || {
            for _ in 0..ADDS {
                // One indivisible read-add-write; no lock, no guard.
                visits.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for handle in handles {
        handle.join().unwrap(); // join waits for every addition
    }
    let total = visits.load(Ordering::Relaxed);
    println!("{THREADS} threads, {ADDS} additions each: visits = {total}");
}
// ANCHOR_END: main
