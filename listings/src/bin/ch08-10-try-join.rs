use std::time::Duration;

use tokio::time::{Instant, sleep};

/// Prints a line if the future that owns it is dropped before it is done.
struct Unfinished {
    name: &'static str,
    start: Instant,
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        let ms = self.start.elapsed().as_millis();
        println!("[{ms:4} ms] {}: dropped, never finished", self.name);
    }
}

/// Waits `ms`, then answers `Ok` or `Err`.
async fn check(name: &'static str, ms: u64, ok: bool, start: Instant) -> Result<u64, String> {
    let guard = Unfinished { name, start };
    sleep(Duration::from_millis(ms)).await;
    std::mem::forget(guard); // finished: no "dropped" line
    let at = start.elapsed().as_millis();
    println!("[{at:4} ms] {name}: finished");
    if ok {
        Ok(ms)
    } else {
        Err(format!("{name} failed"))
    }
}

#[tokio::main]
async fn main() {
    let start = Instant::now();
    let result = tokio::try_join!(
        check("disk", 150, true, start),
        check("network", 50, false, start),
        check("cache", 100, true, start),
    );
    println!("try_join! gave {result:?}");
    println!("all done in {} ms", start.elapsed().as_millis());
}
