use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// How many messages the channel holds before `send` waits.
const CAPACITY: usize = 2;
const MESSAGES: u32 = 7;
/// How long the consumer works on each message.
const WORK: Duration = Duration::from_millis(50);

fn main() {
    let start = Instant::now();
    let ms = move || start.elapsed().as_millis();
    let (tx, rx) = mpsc::sync_channel(CAPACITY);

    // A slow consumer.
    let consumer = thread::spawn(move || {
        for item in rx {
            println!("[{:4} ms] work {item} starts", ms());
            thread::sleep(WORK);
            println!("[{:4} ms] work {item} ends", ms());
        }
    });

    // A fast producer: it has nothing to do but send.
    let mut blocked = Duration::ZERO;
    for item in 1..=MESSAGES {
        println!("[{:4} ms] send {item} starts", ms());
        let before = Instant::now();
        tx.send(item).unwrap(); // waits while the channel is full
        blocked += before.elapsed();
        println!("[{:4} ms] send {item} ends", ms());
    }
    drop(tx);
    let blocked_ms = blocked.as_secs_f64() * 1000.0;
    println!("the producer was blocked in send for {blocked_ms:.1} ms in all");

    consumer.join().unwrap();
    println!("all done in {} ms", ms());
}
