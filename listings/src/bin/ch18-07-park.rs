use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
fn main() {
    let start = Instant::now();
    let stamp = move || start.elapsed().as_millis();
    let go = AtomicBool::new(false);
    thread::scope(|s| {
        let waiter = s.spawn(|| {
            println!("[{:4} ms] waiter starts", stamp());
            // park may return early (a spurious wake-up): check the flag.
            while !go.load(Ordering::Acquire) {
                thread::park();
            }
            println!("[{:4} ms] waiter ends", stamp());
        });
        println!("[{:4} ms] main starts", stamp());
        thread::sleep(Duration::from_millis(100));
        go.store(true, Ordering::Release);
        waiter.thread().unpark(); // wake it (or make its next park return at once)
        println!("[{:4} ms] main ends", stamp());
    });
    println!("all done in {} ms", stamp());
}
// ANCHOR_END: main
