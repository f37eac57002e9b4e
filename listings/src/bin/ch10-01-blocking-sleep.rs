use std::time::{Duration, Instant};

// ANCHOR: task
/// A task that waits the wrong way: `std::thread::sleep` blocks the thread
/// that runs it, and with it every other task of that thread.
async fn task(name: &str, start: Instant) {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    std::thread::sleep(Duration::from_millis(100));
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
}
// ANCHOR_END: task

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let mut handles = Vec::new();
    for name in ["task 1", "task 2", "task 3"] {
        handles.push(tokio::spawn(task(name, start)));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
