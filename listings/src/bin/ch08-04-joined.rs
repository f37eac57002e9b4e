use std::time::Duration;

use tokio::time::{Instant, sleep};

/// Stands in for any slow call that mostly waits: a download, a query.
async fn task(name: &str, start: Instant) {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    sleep(Duration::from_millis(200)).await;
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
}

// ANCHOR: main
#[tokio::main]
async fn main() {
    let start = Instant::now();
    tokio::join!(
        task("task 1", start),
        task("task 2", start),
        task("task 3", start),
    );
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
