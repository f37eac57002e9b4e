use std::sync::Mutex;
use std::thread;

// ANCHOR: main
fn main() {
    let numbers = Mutex::new(Vec::new());
    thread::scope(|s| {
        s.spawn(|| {
            for n in 0..1_000_000 {
                numbers.lock().unwrap().push(n);
            }
        });
        s.spawn(|| {
            for n in 1_000_000..2_000_000 {
                numbers.lock().unwrap().push(n);
            }
        });
    });
    let numbers = numbers.into_inner().unwrap();
    let sum: u64 = numbers.iter().sum();
    println!("{} numbers, sum {sum}", numbers.len());
}
// ANCHOR_END: main
