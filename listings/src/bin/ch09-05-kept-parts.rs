use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::sleep;

/// Sends three messages of two parts each, 80 ms apart.
async fn produce(tx: mpsc::Sender<u32>) {
    for message in [10, 20, 30] {
        for part in [message + 1, message + 2] {
            tx.send(part).await.unwrap();
            sleep(Duration::from_millis(80)).await;
        }
    }
}

// ANCHOR: main
#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::channel(8);
    tokio::spawn(produce(tx));
    let mut received = 0;
    // The half-read message lives here, outside the select!, so that no
    // dropped future can take it away.
    let mut buffer = Vec::new();
    loop {
        tokio::select! {
            // `recv` is cancel safe: dropped before it returns, it has
            // taken nothing from the channel.
            part = rx.recv() => match part {
                Some(part) => {
                    buffer.push(part);
                    if buffer.len() == 2 {
                        println!("got message {buffer:?}");
                        buffer.clear();
                        received += 1;
                    }
                }
                None => break,
            },
            _ = sleep(Duration::from_millis(10)) => {}
        }
    }
    println!("received {received} of 3 messages");
}
// ANCHOR_END: main
