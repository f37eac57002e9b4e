use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
fn main() {
    let start = Instant::now();
    let stamp = move |line: String| println!("[{:4} ms] {line}", start.elapsed().as_millis());
    let barrier = Arc::new(Barrier::new(3));
    let mut handles = Vec::new();
    for id in 1..=3u64 {
        let barrier = Arc::clone(&barrier);
        handles.push(thread::spawn(move || {
            stamp(format!("load {id} starts"));
            thread::sleep(Duration::from_millis(50 * id)); // 50, 100, 150 ms
            stamp(format!("load {id} ends"));

            // Blocks until all three threads have called `wait`; then all
            // three go on. Exactly one of them is told it is the leader.
            if barrier.wait().is_leader() {
                println!("all three loaded (the leader says this once)");
            }

            stamp(format!("sum {id} starts"));
            thread::sleep(Duration::from_millis(50));
            stamp(format!("sum {id} ends"));
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
