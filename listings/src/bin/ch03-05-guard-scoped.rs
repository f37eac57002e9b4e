use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Stands in for slow work that does not need the shared data: a
/// download, a computation on the thread's own values.
fn fetch(id: u64) -> u64 {
    thread::sleep(Duration::from_millis(200));
    id * 10
}

// ANCHOR: job
/// One job: the slow call first, with no lock held; then the lock, for
/// one statement.
fn job(id: u64, total: &Mutex<u64>, start: Instant) {
    println!("[{:4} ms] job {id} starts", start.elapsed().as_millis());
    let value = fetch(id); // slow, and no lock held
    *total.lock().unwrap() += value; // locked for this statement only
    println!("[{:4} ms] job {id} ends", start.elapsed().as_millis());
}
// ANCHOR_END: job

fn main() {
    let start = Instant::now();
    let total = Arc::new(Mutex::new(0));
    let mut handles = Vec::new();
    for id in 1..=3 {
        let total = Arc::clone(&total);
        handles.push(thread::spawn(move || job(id, &total, start)));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("total = {}", total.lock().unwrap());
    println!("all done in {} ms", start.elapsed().as_millis());
}
