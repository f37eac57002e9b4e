use std::time::{Duration, Instant};

use tokio::time::sleep;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}

// ANCHOR: main
/// Works in units of 40 ms until its token is cancelled; a unit under way
/// when that happens is dropped at its `await`.
async fn worker(name: &str, token: CancellationToken, start: Instant) {
    println!("[{:4} ms] {name} starts", ms(start));
    loop {
        tokio::select! {
            _ = token.cancelled() => break,
            _ = sleep(Duration::from_millis(40)) => {} // one unit of work
        }
    }
    println!("[{:4} ms] {name} ends", ms(start));
}

#[tokio::main]
async fn main() {
    let start = Instant::now();
    let root = CancellationToken::new();
    let uploads = root.child_token(); // cancelled with `root`, or alone
    let tracker = TaskTracker::new();
    tracker.spawn(worker("upload 1", uploads.child_token(), start));
    tracker.spawn(worker("upload 2", uploads.child_token(), start));
    tracker.spawn(worker("indexer", root.child_token(), start));

    sleep(Duration::from_millis(150)).await;
    println!("[{:4} ms] main: cancel the uploads", ms(start));
    uploads.cancel(); // its children too, but not its parent

    sleep(Duration::from_millis(150)).await;
    println!("[{:4} ms] main: cancel everything", ms(start));
    root.cancel();

    tracker.close(); // no more tasks: `wait` may now return
    tracker.wait().await; // until every task has ended
    println!("all done in {} ms", ms(start));
}
// ANCHOR_END: main
