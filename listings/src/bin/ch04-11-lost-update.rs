use std::sync::{Barrier, Mutex};
use std::thread;

const THREADS: usize = 4;

// ANCHOR: steps
/// Adds 1 to the counter, locking it once to read and once to write.
fn add_one_in_two_steps(counter: &Mutex<u64>, barrier: &Barrier) {
    let seen = *counter.lock().unwrap(); // the guard is dropped at this `;`
    barrier.wait(); // every thread has read the counter
    *counter.lock().unwrap() = seen + 1;
}

/// Adds 1 to the counter under one lock: read and write together.
fn add_one_in_one_step(counter: &Mutex<u64>, barrier: &Barrier) {
    barrier.wait(); // every thread is about to add
    *counter.lock().unwrap() += 1;
}
// ANCHOR_END: steps

/// Starts `THREADS` threads that each call `add_one` once, and reports
/// what the counter holds when they are done.
fn race(name: &str, add_one: fn(&Mutex<u64>, &Barrier)) {
    let counter = Mutex::new(0);
    let barrier = Barrier::new(THREADS);
    thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| add_one(&counter, &barrier));
        }
    });
    let counter = counter.into_inner().unwrap();
    println!("{name}: {THREADS} threads added 1 each, counter = {counter}");
}

fn main() {
    race("two steps", add_one_in_two_steps);
    race("one step", add_one_in_one_step);
}
