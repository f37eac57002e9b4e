use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

/// Prints `line` stamped with the milliseconds since `start`.
fn stamp(start: Instant, line: &str) {
    println!("[{:4} ms] {line}", start.elapsed().as_millis());
}

// ANCHOR: main
fn main() {
    let start = Instant::now();
    let barrier = Arc::new(Barrier::new(3));
    let mut handles = Vec::new();
    for id in 1..=3 {
        let barrier = Arc::clone(&barrier);
        handles.push(thread::spawn(move || {
            stamp(start, &format!("load {id} starts"));
            thread::sleep(Duration::from_millis(50 * id)); // 50, 100, 150 ms
            stamp(start, &format!("load {id} ends"));

            // Blocks until all three threads have called `wait`; then all
            // three go on. Exactly one of them is told it is the leader.
            if barrier.wait().is_leader() {
                println!("all three loaded (the leader says this once)");
            }

            stamp(start, &format!("sum {id} starts"));
            thread::sleep(Duration::from_millis(50));
            stamp(start, &format!("sum {id} ends"));
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
