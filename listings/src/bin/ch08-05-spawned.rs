use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep};

/// Stands in for a download that takes `ms` milliseconds.
async fn fetch(name: &'static str, ms: u64, start: Instant) -> String {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    sleep(Duration::from_millis(ms)).await;
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
    format!("page {name}")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let mut handles: Vec<JoinHandle<String>> = Vec::new();
    for (name, ms) in [("a", 50), ("b", 150), ("c", 100)] {
        handles.push(tokio::spawn(fetch(name, ms, start)));
    }
    // In the order they were spawned, whatever order they finish in.
    for handle in handles {
        let page = handle.await.expect("the task panicked");
        println!("got {page}");
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
