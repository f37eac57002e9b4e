use tokio::sync::mpsc;
use tokio::time::sleep;

/// Collects the messages of `rx` until `DEADLINE` has passed since the
/// call, and returns what came by then.
async fn collect_until_deadline(mut rx: mpsc::Receiver<u32>) -> Vec<u32> {
    let mut got = Vec::new();
    // One timer for the whole loop, started now. Pinned, it can be polled
    // by `&mut` in every round without being dropped when a message wins.
    let deadline = sleep(DEADLINE);
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            () = &mut deadline => break,
            Some(n) = rx.recv() => got.push(n),
        }
    }
    got
}
