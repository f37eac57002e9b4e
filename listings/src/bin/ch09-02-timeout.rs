use std::time::{Duration, Instant};

use tokio::time::{sleep, timeout};

/// Prints `NAME ends` when it is dropped: when its future finishes, or when
/// the future is dropped before it could.
struct Guard {
    name: &'static str,
    start: Instant,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let ms = self.start.elapsed().as_millis();
        println!("[{ms:4} ms] {} ends", self.name);
    }
}

/// Sleeps for `ms`, standing for any slow operation, and returns its name.
async fn operation(name: &'static str, ms: u64, start: Instant) -> &'static str {
    let _guard = Guard { name, start };
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    sleep(Duration::from_millis(ms)).await;
    println!("[{:4} ms] {name} woke up", start.elapsed().as_millis());
    name
}

// ANCHOR: main
#[tokio::main]
async fn main() {
    let start = Instant::now();
    let limit = Duration::from_millis(100);

    let quick = timeout(limit, operation("quick", 50, start)).await;
    println!("quick: {quick:?}");

    let slow = timeout(limit, operation("slow", 1000, start)).await;
    match slow {
        Ok(name) => println!("{name} made it in time"),
        Err(elapsed) => println!("slow: gave up, {elapsed}"),
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
