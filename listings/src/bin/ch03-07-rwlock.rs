use std::sync::{Arc, Barrier, RwLock};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
/// Prints `line` stamped with the milliseconds since `start`.
fn stamp(start: Instant, line: &str) {
    println!("[{:4} ms] {line}", start.elapsed().as_millis());
}

fn main() {
    let start = Instant::now();
    let prices = Arc::new(RwLock::new(vec![10, 20, 30]));
    // A gate for four threads: `wait` returns once all four have called it.
    let gate = Arc::new(Barrier::new(4));

    let mut handles = Vec::new();
    for id in 1..=3 {
        let (prices, gate) = (Arc::clone(&prices), Arc::clone(&gate));
        handles.push(thread::spawn(move || {
            let list = prices.read().unwrap(); // shared with other readers
            stamp(start, &format!("reader {id} starts"));
            gate.wait(); // all three readers hold a read guard now
            thread::sleep(Duration::from_millis(100)); // reading takes a while
            stamp(start, &format!("reader {id} ends"));
            drop(list); // one reader fewer
        }));
    }
    handles.push(thread::spawn(move || {
        gate.wait(); // comes after all three readers got their guards
        let mut list = prices.write().unwrap(); // waits for every reader
        stamp(start, "writer starts");
        thread::sleep(Duration::from_millis(100));
        list.push(40);
        stamp(start, "writer ends");
    }));
    for handle in handles {
        handle.join().unwrap();
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
