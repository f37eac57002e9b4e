use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{interval, sleep};

const ITEMS: u32 = 30;

/// How many items were dropped before a consumer took them.
static LOST: AtomicU32 = AtomicU32::new(0);

/// An item that counts itself lost if it is dropped before a consumer
/// took it.
struct Item {
    n: u32,
    delivered: bool,
}

impl Drop for Item {
    fn drop(&mut self) {
        if !self.delivered {
            LOST.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Takes items slowly, 8 ms each, and returns what it received.
async fn consume(mut rx: mpsc::Receiver<Item>) -> Vec<u32> {
    let mut got = Vec::new();
    while let Some(mut item) = rx.recv().await {
        item.delivered = true;
        got.push(item.n);
        sleep(Duration::from_millis(8)).await;
    }
    got
}

// ANCHOR: send
/// Sends every item while a 2 ms tick keeps other work going.
async fn with_send(tx: mpsc::Sender<Item>) -> u32 {
    let mut items = (1..=ITEMS)
        .map(|n| Item {
            n,
            delivered: false,
        })
        .peekable();
    let mut tick = interval(Duration::from_millis(2));
    let mut ticks = 0;
    while items.peek().is_some() {
        tokio::select! {
            // The item is taken from `items` when the `select!` starts, and
            // moved into the send's future: if the tick wins, it is dropped.
            _ = tx.send(items.next().unwrap()) => {}
            _ = tick.tick() => ticks += 1,
        }
    }
    ticks
}
// ANCHOR_END: send

// ANCHOR: reserve
/// The same loop, made cancel safe: race for a free slot, not for a send.
async fn with_reserve(tx: mpsc::Sender<Item>) -> u32 {
    let mut items = (1..=ITEMS)
        .map(|n| Item {
            n,
            delivered: false,
        })
        .peekable();
    let mut tick = interval(Duration::from_millis(2));
    let mut ticks = 0;
    while items.peek().is_some() {
        tokio::select! {
            // A lost race drops only the wait for a slot; the item is taken
            // from `items` once the slot is ours, and `send` cannot fail.
            permit = tx.reserve() => permit.unwrap().send(items.next().unwrap()),
            _ = tick.tick() => ticks += 1,
        }
    }
    ticks
}
// ANCHOR_END: reserve

#[tokio::main]
async fn main() {
    let (tx, rx) = mpsc::channel(1);
    let consumer = tokio::spawn(consume(rx));
    let ticks = with_send(tx).await;
    let got = consumer.await.unwrap();
    let lost = LOST.swap(0, Ordering::Relaxed);
    println!(
        "send: the tick won {ticks} races; {lost} items lost, {} of {ITEMS} arrived",
        got.len()
    );

    let (tx, rx) = mpsc::channel(1);
    let consumer = tokio::spawn(consume(rx));
    let ticks = with_reserve(tx).await;
    let got = consumer.await.unwrap();
    let in_order = got == (1..=ITEMS).collect::<Vec<_>>();
    let lost = LOST.swap(0, Ordering::Relaxed);
    println!(
        "reserve: the tick won {ticks} races; {lost} items lost, {} of {ITEMS} arrived, in order: {in_order}",
        got.len()
    );
}
