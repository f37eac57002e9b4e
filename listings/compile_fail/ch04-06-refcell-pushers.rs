use std::cell::RefCell;
use std::thread;

fn main() {
    // ANCHOR: main
    let numbers = RefCell::new(Vec::new());
    thread::scope(|s| {
        s.spawn(|| {
            for n in 0..1_000_000 {
                numbers.borrow_mut().push(n);
            }
        });
        s.spawn(|| {
            for n in 1_000_000..2_000_000 {
                numbers.borrow_mut().push(n);
            }
        });
    });
    // ANCHOR_END: main
    let numbers = numbers.into_inner();
    let sum: u64 = numbers.iter().sum();
    println!("{} numbers, sum {sum}", numbers.len());
}
