use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
fn main() {
    let start = Instant::now();
    let stamp = move || start.elapsed().as_millis();
    let data = AtomicU64::new(0);
    let ready = AtomicBool::new(false);
    thread::scope(|s| {
        s.spawn(|| {
            println!("[{:4} ms] writer starts", stamp());
            thread::sleep(Duration::from_millis(50)); // preparing the data
            data.store(42, Ordering::Relaxed); // (1) write the data
            ready.store(true, Ordering::Release); // (2) release: publish it
            println!("[{:4} ms] writer ends", stamp());
        });
        s.spawn(|| {
            println!("[{:4} ms] reader starts", stamp());
            while !ready.load(Ordering::Acquire) {
                // (3) acquire: once this reads true, (1) happened before (4)
                thread::sleep(Duration::from_millis(1));
            }
            let seen = data.load(Ordering::Relaxed); // (4) read the data
            println!("[{:4} ms] reader sees data = {seen}", stamp());
            println!("[{:4} ms] reader ends", stamp());
        });
    });
    println!("all done in {} ms", stamp());
}
// ANCHOR_END: main
