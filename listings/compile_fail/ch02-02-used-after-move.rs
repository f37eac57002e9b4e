use std::thread;

fn main() {
    // ANCHOR: moved
    let numbers: Vec<u64> = (1..=100).collect();
    let handle = thread::spawn(move || numbers.iter().sum::<u64>());
    println!("summing {} numbers", numbers.len());
    // ANCHOR_END: moved
    println!("sum: {}", handle.join().unwrap());
}
