use std::thread;

fn main() {
    // ANCHOR: main
    let mut numbers = Vec::new();
    thread::scope(|s| {
        s.spawn(|| {
            for n in 0..1_000_000 {
                numbers.push(n);
            }
        });
        s.spawn(|| {
            for n in 1_000_000..2_000_000 {
                numbers.push(n);
            }
        });
    });
    // ANCHOR_END: main
    let sum: u64 = numbers.iter().sum();
    println!("{} numbers, sum {sum}", numbers.len());
}
