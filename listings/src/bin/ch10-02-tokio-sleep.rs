use std::time::{Duration, Instant};

// ANCHOR: task
/// The same task, waiting the async way: `tokio::time::sleep` hands the
/// thread back to the runtime until its timer fires.
async fn task(name: &str, start: Instant) {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    tokio::time::sleep(Duration::from_millis(100)).await;
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
