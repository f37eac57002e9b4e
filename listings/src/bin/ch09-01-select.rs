use std::time::{Duration, Instant};

use tokio::time::sleep;

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

// ANCHOR: main
/// Sleeps for `ms`, standing for any slow operation, and returns its name.
async fn operation(name: &'static str, ms: u64, start: Instant) -> &'static str {
    let _guard = Guard { name, start };
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    sleep(Duration::from_millis(ms)).await;
    println!("[{:4} ms] {name} woke up", start.elapsed().as_millis());
    name
}

#[tokio::main]
async fn main() {
    let start = Instant::now();
    let winner = tokio::select! {
        name = operation("fast", 100, start) => name,
        name = operation("slow", 1000, start) => name,
    };
    println!("{winner} won");
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
