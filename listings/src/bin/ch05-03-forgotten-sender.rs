use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::channel();
    let mut producers = Vec::new();
    for name in ["prod 1", "prod 2", "prod 3"] {
        let tx = tx.clone();
        producers.push(thread::spawn(move || {
            for n in 1..=3 {
                tx.send((name, n)).unwrap();
            }
        }));
    }
    // The bug: no `drop(tx)`. main still holds a sender.
    for producer in producers {
        producer.join().unwrap();
    }
    println!("every producer has finished");

    let mut received = 0;
    loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok((name, n)) => {
                println!("got message {n} of {name}");
                received += 1;
            }
            Err(RecvTimeoutError::Timeout) => {
                println!("received {received} messages, then nothing for 200 ms");
                println!("the channel is still open: a sender is still alive");
                break;
            }
            Err(RecvTimeoutError::Disconnected) => {
                println!("received {received} messages, and the channel closed");
                break;
            }
        }
    }
}
