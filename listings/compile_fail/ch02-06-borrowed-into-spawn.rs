use std::thread;

fn main() {
    let numbers: Vec<u64> = (1..=1000).collect();
    let (left, right) = numbers.split_at(numbers.len() / 2);
    // ANCHOR: spawn
    let a = thread::spawn(move || left.iter().sum::<u64>());
    let b = thread::spawn(move || right.iter().sum::<u64>());
    // ANCHOR_END: spawn
    println!("{}", a.join().unwrap() + b.join().unwrap());
}
