use std::thread;

/// Writes `first`, `first + 1`, … into every slot of `part`.
fn fill(part: &mut [u64], first: u64) {
    for (slot, n) in part.iter_mut().zip(first..) {
        *slot = n;
    }
}

// ANCHOR: main
fn main() {
    let mut numbers = vec![0; 2_000_000];
    let (low, high) = numbers.split_at_mut(1_000_000);
    thread::scope(|s| {
        s.spawn(|| fill(low, 0));
        s.spawn(|| fill(high, 1_000_000));
    });
    let sum: u64 = numbers.iter().sum();
    println!("{} numbers, sum {sum}", numbers.len());
}
// ANCHOR_END: main
