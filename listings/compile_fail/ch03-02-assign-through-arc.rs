use std::sync::Arc;
use std::thread;

fn main() {
    let visits = Arc::new(0u64);
    let mut handles = Vec::new();
    for _ in 0..2 {
        let visits = Arc::clone(&visits);
        handles.push(thread::spawn(move || {
            *visits += 1;
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("visits: {visits}");
}
