use std::time::{Duration, Instant};

// ANCHOR: task
/// A blocking call that cannot be rewritten (a synchronous library, a file
/// read, a long computation), moved off the runtime's thread.
async fn task(name: &'static str, start: Instant) {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    tokio::task::spawn_blocking(|| std::thread::sleep(Duration::from_millis(100)))
        .await
        .unwrap();
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
}
// ANCHOR_END: task

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
