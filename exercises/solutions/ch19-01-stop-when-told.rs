use tokio::sync::watch;
use tokio::time::sleep;

/// Flushes the cache every `PERIOD` until `stop` turns `true`, then
/// returns how many flushes it made.
async fn flusher(mut stop: watch::Receiver<bool>) -> u32 {
    let mut flushes = 0;
    loop {
        tokio::select! {
            // Look at the signal first, should both be ready at once.
            biased;
            // `changed` is cancel safe: losing the race to the sleep, it
            // loses nothing. It fails only if the sender is gone: stop then too.
            _ = stop.changed() => break,
            _ = sleep(PERIOD) => {
                flush();
                flushes += 1;
            }
        }
    }
    flushes
}
