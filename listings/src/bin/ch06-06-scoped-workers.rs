use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// Stands in for any slow call that mostly waits: a download, a query.
fn job(name: &str, start: Instant) {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    thread::sleep(Duration::from_millis(100));
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
}

// ANCHOR: main
fn main() {
    let start = Instant::now();
    let names: Vec<String> = (1..=6).map(|i| format!("job {i}")).collect();
    // The queue is the list itself; `next` is the index of the next job
    // to take, and `fetch_add` hands each index to exactly one worker.
    let next = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                while let Some(name) = names.get(next.fetch_add(1, Ordering::Relaxed)) {
                    job(name, start);
                }
            });
        }
    }); // returns when all three workers have returned
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
