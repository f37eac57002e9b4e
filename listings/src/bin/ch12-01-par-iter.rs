use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// Keeps the calling thread busy for `ms` milliseconds: a stand-in for
/// real work on one item (unlike a sleep, it keeps a core busy).
fn work_for(ms: u64) {
    let until = Instant::now() + Duration::from_millis(ms);
    while Instant::now() < until {
        std::hint::spin_loop();
    }
}

// ANCHOR: main
fn main() {
    let start = Instant::now();
    let items: Vec<u64> = (1..=8).collect();
    // Which rayon thread took which item, in the order they were taken.
    let taken = Mutex::new(Vec::new());

    let squares: Vec<u64> = items
        .par_iter()
        .map(|&x| {
            let thread = rayon::current_thread_index().unwrap();
            taken
                .lock()
                .unwrap()
                .push(format!("{x} on thread {thread}"));
            println!("[{:4} ms] item {x} starts", start.elapsed().as_millis());
            work_for(20);
            println!("[{:4} ms] item {x} ends", start.elapsed().as_millis());
            x * x
        })
        .collect();

    println!("taken: {}", taken.into_inner().unwrap().join(", "));
    println!("collected: {squares:?}");

    // The same iterator, other endings.
    let sum: u64 = items.par_iter().map(|&x| x * x).sum();
    let evens: Vec<u64> = items.par_iter().copied().filter(|x| x % 2 == 0).collect();
    let largest = items.par_iter().copied().reduce(|| 0, u64::max);
    println!("sum of squares: {sum}");
    println!("evens: {evens:?}");
    println!("largest: {largest}");
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
