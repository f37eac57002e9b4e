use std::time::{Duration, Instant};

use futures::StreamExt;
use futures::stream;
use tokio::time::sleep;

/// Stands in for a request that mostly waits: it prints when it starts and
/// ends, and waits 100 ms in between.
async fn fetch(id: u32, start: Instant) -> u32 {
    println!("[{:4} ms] fetch {id} starts", start.elapsed().as_millis());
    sleep(Duration::from_millis(100)).await;
    println!("[{:4} ms] fetch {id} ends", start.elapsed().as_millis());
    id * 10
}

/// Stands in for a write that mostly waits, and returns nothing.
async fn save(id: u32, start: Instant) {
    println!("[{:4} ms] save {id} starts", start.elapsed().as_millis());
    sleep(Duration::from_millis(100)).await;
    println!("[{:4} ms] save {id} ends", start.elapsed().as_millis());
}

#[tokio::main]
async fn main() {
    let start = Instant::now();
    // ANCHOR: buffer_unordered
    // A stream of six futures, of which at most two run at a time; each
    // result comes out as soon as its future is done.
    let pages: Vec<u32> = stream::iter(1..=6)
        .map(|id| fetch(id, start))
        .buffer_unordered(2)
        .collect()
        .await;
    println!("fetched {} pages", pages.len());
    // ANCHOR_END: buffer_unordered
    // ANCHOR: for_each_concurrent
    // The same limit when there is nothing to collect: at most two saves
    // at a time.
    stream::iter(1..=6)
        .for_each_concurrent(2, |id| save(id, start))
        .await;
    // ANCHOR_END: for_each_concurrent
    println!("all done in {} ms", start.elapsed().as_millis());
}
