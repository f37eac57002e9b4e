use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use tokio::time::sleep;

const PERIOD: Duration = Duration::from_millis(100);

/// Sends ten messages, 30 ms apart: more often than the batch period.
async fn produce(tx: mpsc::Sender<u32>) {
    for n in 1..=10 {
        tx.send(n).await.unwrap();
        sleep(Duration::from_millis(30)).await;
    }
}

// ANCHOR: main
#[tokio::main]
async fn main() {
    let start = Instant::now();
    // One sleep for the whole loop, pinned on the stack so that `select!`
    // can poll it by `&mut` without taking it.
    let flush = sleep(PERIOD);
    tokio::pin!(flush);

    let (tx, mut rx) = mpsc::channel(8);
    tokio::spawn(produce(tx));
    let mut batch = Vec::new();
    loop {
        tokio::select! {
            biased; // the timer first: a busy channel cannot starve it
            () = &mut flush => {
                println!("[{:4} ms] flush {batch:?} (timer)", start.elapsed().as_millis());
                batch.clear();
                flush.set(sleep(PERIOD)); // re-arm: a new sleep in its place
            }
            message = rx.recv() => match message {
                Some(n) => {
                    println!("[{:4} ms] got {n}", start.elapsed().as_millis());
                    batch.push(n);
                }
                None => break,
            },
        }
    }
    println!(
        "[{:4} ms] flush {batch:?} (channel closed)",
        start.elapsed().as_millis()
    );
}
// ANCHOR_END: main
