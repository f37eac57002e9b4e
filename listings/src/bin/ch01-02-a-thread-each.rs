use std::thread;
use std::time::{Duration, Instant};

/// Stands in for any slow call that mostly waits: a download, a query.
fn task(name: &str, start: Instant) {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    thread::sleep(Duration::from_millis(200));
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
}

// ANCHOR: main
fn main() {
    let start = Instant::now();
    let mut handles = Vec::new();
    for name in ["task 1", "task 2", "task 3"] {
        handles.push(thread::spawn(move || task(name, start)));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
