use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
fn main() {
    let start = Instant::now();
    let mut handles = Vec::new();
    for n in 1..=3u64 {
        // This thread's own data: `move` hands the vector over to it.
        let numbers: Vec<u64> = (1..=n * 100).collect();
        let handle = thread::spawn(move || {
            let name = format!("sum {n}");
            println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
            // The later a thread starts, the less it waits: they tend to
            // finish in the reverse order.
            thread::sleep(Duration::from_millis(250 - 50 * n));
            let sum: u64 = numbers.iter().sum();
            println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
            sum // what `join` hands back
        });
        handles.push(handle);
    }
    for (n, handle) in (1..).zip(handles) {
        let sum: u64 = handle.join().unwrap();
        println!("joined sum {n}: {sum}");
    }
}
// ANCHOR_END: main
