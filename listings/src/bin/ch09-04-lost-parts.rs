use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::sleep;

/// The parts a read has taken from the channel so far. If the read is
/// dropped before its message is whole, they are dropped with it: this
/// prints them.
struct Buffer(Vec<u32>);

impl Drop for Buffer {
    fn drop(&mut self) {
        if !self.0.is_empty() {
            println!("a read was dropped holding {:?}: lost", self.0);
        }
    }
}

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
/// Reads one message: two parts, which arrive one after the other.
async fn read_message(rx: &mut mpsc::Receiver<u32>) -> Option<Vec<u32>> {
    let mut buffer = Buffer(Vec::new());
    while buffer.0.len() < 2 {
        buffer.0.push(rx.recv().await?);
    }
    Some(std::mem::take(&mut buffer.0))
}

#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::channel(8);
    tokio::spawn(produce(tx));
    let mut received = 0;
    loop {
        tokio::select! {
            message = read_message(&mut rx) => match message {
                Some(parts) => {
                    println!("got message {parts:?}");
                    received += 1;
                }
                None => break,
            },
            // Something else to do now and then: here, nothing.
            _ = sleep(Duration::from_millis(10)) => {}
        }
    }
    println!("received {received} of 3 messages");
}
// ANCHOR_END: main
