// Mistake: waits for the signal alone, so it stops at once, but does none
// of its work until then.
// grader: fails flushes before the stop, saying "must keep doing its work"
use tokio::sync::watch;

async fn flusher(mut stop: watch::Receiver<bool>) -> u32 {
    let _ = stop.changed().await;
    0
}
