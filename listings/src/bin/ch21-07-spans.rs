use std::time::Duration;

use tracing::{Instrument, info, info_span};

// ANCHOR: spans
/// Each call runs in a span named `fetch` with its arguments as fields;
/// every event inside it, before and after the `.await`, is tagged with it.
#[tracing::instrument]
async fn fetch(id: u32, wait_ms: u64) -> u32 {
    info!("asking");
    tokio::time::sleep(Duration::from_millis(wait_ms)).await;
    info!("answered");
    id * 10
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .without_time() // no timestamps, no colours: a stable recording
        .with_ansi(false)
        .with_target(false)
        .init();
    // Two calls at once, interleaved at their awaits.
    let (a, b) = tokio::join!(fetch(1, 40), fetch(2, 10));
    // A spawned task, with a span given by hand.
    let task = tokio::spawn(
        async {
            info!("started");
            tokio::task::yield_now().await; // may resume on another worker
            info!("finished");
        }
        .instrument(info_span!("cleanup", a, b)),
    );
    task.await.unwrap();
    info!("all done");
}
// ANCHOR_END: spans
