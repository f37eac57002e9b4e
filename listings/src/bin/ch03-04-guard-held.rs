use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Stands in for slow work that does not need the shared data: a
/// download, a computation on the thread's own values.
fn fetch(id: u64) -> u64 {
    thread::sleep(Duration::from_millis(200));
    id * 10
}

// ANCHOR: main
/// One job: it takes the lock, then makes the slow call holding it.
fn job(id: u64, total: &Mutex<u64>, start: Instant) {
    let mut sum = total.lock().unwrap(); // locked from here...
    println!("[{:4} ms] job {id} starts", start.elapsed().as_millis());
    *sum += fetch(id); // ...through the slow call...
    println!("[{:4} ms] job {id} ends", start.elapsed().as_millis());
} // ...to here, where `sum` goes out of scope

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
// ANCHOR_END: main
