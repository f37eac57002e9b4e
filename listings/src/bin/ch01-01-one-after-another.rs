use std::thread;
use std::time::{Duration, Instant};

/// Stands in for any slow call that mostly waits: a download, a query.
fn task(name: &str, start: Instant) {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    thread::sleep(Duration::from_millis(200));
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
}

fn main() {
    let start = Instant::now();
    for name in ["task 1", "task 2", "task 3"] {
        task(name, start);
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
