use std::sync::{Arc, Mutex};
use std::thread;

const THREADS: u64 = 4;
const ADDS: u64 = 10_000;

// ANCHOR: main
fn main() {
    let visits = Arc::new(Mutex::new(0u64));
    let mut handles = Vec::new();
    for _ in 0..THREADS {
        let visits = Arc::clone(&visits);
        handles.push(thread::spawn(move || {
            for _ in 0..ADDS {
                // `lock` waits until no other thread holds the lock, then
                // returns a guard: a `&mut u64` that unlocks when dropped.
                let mut count = visits.lock().unwrap();
                *count += 1;
            } // the guard is dropped here, at the end of each iteration
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    let total = *visits.lock().unwrap();
    println!("{THREADS} threads, {ADDS} additions each: visits = {total}");
}
// ANCHOR_END: main
