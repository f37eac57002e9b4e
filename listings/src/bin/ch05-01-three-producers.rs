use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let start = Instant::now();
    let (tx, rx) = mpsc::channel();
    for (name, pause) in [("prod 1", 20), ("prod 2", 30), ("prod 3", 40)] {
        // Each producer owns a sender of its own: a clone of `tx`.
        let tx = tx.clone();
        thread::spawn(move || {
            println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
            for n in 1..=3 {
                thread::sleep(Duration::from_millis(pause));
                tx.send((name, n)).unwrap();
            }
            println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
            // The closure ends here, and drops its sender.
        });
    }
    // main sends nothing: drop its own sender, or the loop below never ends.
    drop(tx);

    let mut received = 0;
    for (name, n) in rx {
        let now = start.elapsed().as_millis();
        println!("[{now:4} ms] got message {n} of {name}");
        received += 1;
    }
    println!("received {received} messages");
    println!("all done in {} ms", start.elapsed().as_millis());
}
