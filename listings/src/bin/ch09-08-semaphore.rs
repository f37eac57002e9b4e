use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::sleep;

/// How many operations are under way now, and the most there ever were.
#[derive(Default)]
struct Gauge {
    now: AtomicUsize,
    max: AtomicUsize,
}

// ANCHOR: main
#[tokio::main]
async fn main() {
    let start = Instant::now();
    let permits = Arc::new(Semaphore::new(3));
    let gauge = Arc::new(Gauge::default());
    let mut operations = JoinSet::new();
    for op in 1..=7 {
        let (permits, gauge) = (permits.clone(), gauge.clone());
        operations.spawn(async move {
            // Waits here while three operations hold the three permits.
            let _permit = permits.acquire().await.unwrap();
            let running = gauge.now.fetch_add(1, Ordering::SeqCst) + 1;
            gauge.max.fetch_max(running, Ordering::SeqCst);
            println!("[{:4} ms] op {op} starts", start.elapsed().as_millis());
            sleep(Duration::from_millis(100)).await; // the operation
            println!("[{:4} ms] op {op} ends", start.elapsed().as_millis());
            gauge.now.fetch_sub(1, Ordering::SeqCst);
        }); // `_permit` is dropped here, and the next waiting task gets it
    }
    operations.join_all().await;
    let max = gauge.max.load(Ordering::SeqCst);
    println!("at most {max} operations ran at once");
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
