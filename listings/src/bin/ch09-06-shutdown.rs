use std::time::{Duration, Instant};

use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::sleep;

// ANCHOR: main
/// Works in units of 100 ms until told to stop; checks between units, so
/// that it never stops halfway through one. Returns how many it did.
async fn worker(name: char, mut stop: watch::Receiver<bool>, start: Instant) -> (char, u32) {
    let ms = || start.elapsed().as_millis();
    let mut done = 0;
    while !*stop.borrow_and_update() {
        let unit = done + 1;
        println!("[{:4} ms] {name}{unit} starts", ms());
        sleep(Duration::from_millis(100)).await; // one unit of work
        println!("[{:4} ms] {name}{unit} ends", ms());
        done = unit;
    }
    (name, done)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let (stop, watching) = watch::channel(false);
    let mut workers = JoinSet::new();
    for name in ['a', 'b', 'c'] {
        workers.spawn(worker(name, watching.clone(), start));
    }

    sleep(Duration::from_millis(250)).await;
    println!("[{:4} ms] main: stop", start.elapsed().as_millis());
    stop.send(true).unwrap();

    let mut exits = Vec::new();
    while let Some(exit) = workers.join_next().await {
        exits.push(exit.unwrap());
    }
    exits.sort();
    for (name, done) in exits {
        println!("{name} stopped cleanly after {done} units");
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
