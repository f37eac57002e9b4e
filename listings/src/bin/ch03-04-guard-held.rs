use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Stands in for slow work that does not need the shared data: a
/// download, a computation on the thread's own values.
fn fetch(job: u64) -> u64 {
    thread::sleep(Duration::from_millis(100));
    job * 10
}

// ANCHOR: main
fn main() {
    let start = Instant::now();
    let total = Arc::new(Mutex::new(0u64));
    let mut handles = Vec::new();
    for job in 1..=3 {
        let total = Arc::clone(&total);
        handles.push(thread::spawn(move || {
            let mut sum = total.lock().unwrap(); // locked from here...
            println!("[{:4} ms] job {job} starts", start.elapsed().as_millis());
            *sum += fetch(job); // ...through the slow call...
            println!("[{:4} ms] job {job} ends", start.elapsed().as_millis());
        })); // ...to here, where `sum` goes out of scope
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("total = {}", total.lock().unwrap());
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
