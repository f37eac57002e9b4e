use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

/// Stands in for a download that takes `ms` milliseconds.
async fn fetch(name: &'static str, ms: u64, start: Instant) -> String {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    sleep(Duration::from_millis(ms)).await;
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
    format!("page {name}")
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let mut set = JoinSet::new();
    for (name, ms) in [("a", 50), ("b", 150), ("c", 100)] {
        set.spawn(fetch(name, ms, start));
    }
    // As they finish: `join_next` waits for whichever task ends first, and
    // gives `None` once the set is empty.
    while let Some(result) = set.join_next().await {
        let page = result.expect("the task panicked");
        println!("got {page}");
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
