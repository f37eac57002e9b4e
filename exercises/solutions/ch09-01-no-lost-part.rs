use tokio::sync::mpsc;
use tokio::time::timeout;

/// Receives every message until the channel closes, calling `idle()`
/// whenever nothing has arrived for `TICK`.
async fn receive_all(mut rx: mpsc::Receiver<u32>) -> Vec<[u32; 2]> {
    let mut messages = Vec::new();
    // The parts of the message under way live here, in the loop's own
    // variables: no future that `timeout` drops can take them away.
    let mut parts = Vec::new();
    loop {
        // `recv` is cancel safe: dropped by the timeout before it returns,
        // it has taken nothing off the channel.
        match timeout(TICK, rx.recv()).await {
            Ok(Some(part)) => {
                parts.push(part);
                if parts.len() == 2 {
                    messages.push([parts[0], parts[1]]);
                    parts.clear();
                }
            }
            Ok(None) => break, // the channel is closed
            Err(_elapsed) => idle(),
        }
    }
    messages
}
