use std::thread;
use std::time::{Duration, Instant};

fn task(name: &str, start: Instant) {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    thread::sleep(Duration::from_millis(200));
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
}

fn main() {
    let start = Instant::now();
    let mut handles = Vec::new();
    for name in ["task 1", "task 2", "task 3"] {
        // ANCHOR: spawn
        handles.push(thread::spawn(|| task(name, start)));
        // ANCHOR_END: spawn
    }
    for handle in handles {
        handle.join().unwrap();
    }
}
