use std::time::{Duration, Instant};

use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::time::sleep;

// ANCHOR: mpsc
/// A channel that holds two messages; its receiver starts late.
async fn bounded(start: Instant) {
    let (tx, mut rx) = mpsc::channel(2);
    let consumer = tokio::spawn(async move {
        sleep(Duration::from_millis(100)).await;
        let mut got = Vec::new();
        while let Some(n) = rx.recv().await {
            got.push(n);
        }
        got
    });
    for n in 1..=4 {
        tx.send(n).await.unwrap(); // waits while the channel is full
        println!("[{:4} ms] mpsc: sent {n}", start.elapsed().as_millis());
    }
    drop(tx);
    println!("mpsc: the consumer got {:?}", consumer.await.unwrap());
}
// ANCHOR_END: mpsc

// ANCHOR: oneshot
/// A request that carries the channel for its reply.
struct Square {
    n: u64,
    reply: oneshot::Sender<u64>,
}

async fn ask_for_a_reply() {
    let (requests, mut inbox) = mpsc::channel::<Square>(8);
    tokio::spawn(async move {
        while let Some(Square { n, reply }) = inbox.recv().await {
            let _ = reply.send(n * n); // the asker may have given up
        }
    });
    let (reply, answer) = oneshot::channel();
    requests.send(Square { n: 12, reply }).await.unwrap();
    println!("oneshot: 12 squared is {}", answer.await.unwrap());
}
// ANCHOR_END: oneshot

// ANCHOR: broadcast
/// Every receiver gets every value; one that falls too far behind is told
/// how many it missed.
async fn to_everyone() {
    let (tx, mut first) = broadcast::channel(2);
    let mut second = tx.subscribe();
    let mut late = tx.subscribe();
    for n in 1..=2 {
        tx.send(n).unwrap();
        println!(
            "broadcast: first got {}, second got {}",
            first.recv().await.unwrap(),
            second.recv().await.unwrap()
        );
    }
    // `late` has read nothing yet; the channel keeps only 2 values.
    for n in 3..=5 {
        tx.send(n).unwrap();
    }
    match late.recv().await {
        Err(broadcast::error::RecvError::Lagged(missed)) => {
            println!("broadcast: late lagged, {missed} values lost");
        }
        other => println!("broadcast: late got {other:?}"),
    }
    let rest = [late.recv().await.unwrap(), late.recv().await.unwrap()];
    println!("broadcast: late then got {rest:?}");
}
// ANCHOR_END: broadcast

// ANCHOR: watch
/// Only the latest value is kept.
async fn latest_only() {
    let (tx, mut rx) = watch::channel(0);
    let watcher = tokio::spawn(async move {
        let mut seen = Vec::new();
        while rx.changed().await.is_ok() {
            seen.push(*rx.borrow_and_update());
        }
        seen
    });
    for n in 1..=5 {
        tx.send(n).unwrap(); // never waits: it replaces the value
    }
    drop(tx);
    println!(
        "watch: sent 1 to 5, the watcher saw {:?}",
        watcher.await.unwrap()
    );
}
// ANCHOR_END: watch

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    bounded(start).await;
    ask_for_a_reply().await;
    to_everyone().await;
    latest_only().await;
}
