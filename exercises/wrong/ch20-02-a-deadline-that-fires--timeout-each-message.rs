// Mistake: a timeout around each `recv` is a new timer for every message,
// just like a `sleep` made inside the `select!`: with a message every
// 20 ms, it never reaches the deadline.
// grader: fails deadline, saying "a new timer every round"
use tokio::sync::mpsc;
use tokio::time::timeout;

async fn collect_until_deadline(mut rx: mpsc::Receiver<u32>) -> Vec<u32> {
    let mut got = Vec::new();
    while let Ok(Some(n)) = timeout(DEADLINE, rx.recv()).await {
        got.push(n);
    }
    got
}
