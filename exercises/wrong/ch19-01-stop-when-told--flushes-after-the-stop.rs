// Mistake: waits for the signal and the period at once, but flushes
// whichever comes first, so the stop itself triggers one more flush.
// grader: fails no flush after the stop, saying "flush(es) after the stop"
use tokio::sync::watch;
use tokio::time::sleep;

async fn flusher(mut stop: watch::Receiver<bool>) -> u32 {
    let mut flushes = 0;
    while !*stop.borrow() {
        tokio::select! {
            _ = stop.changed() => {}
            _ = sleep(PERIOD) => {}
        }
        flush();
        flushes += 1;
    }
    flushes
}
