use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

/// Below this many numbers, a slice is summed on the spot: splitting it
/// further would cost more than it saves.
const CUTOFF: usize = 10_000;

/// How many slices were summed on the spot: the leaves of the recursion.
static LEAVES: AtomicUsize = AtomicUsize::new(0);

// ANCHOR: sum
/// Sums `numbers` by splitting them in two and summing both halves at once.
fn parallel_sum(numbers: &[u64]) -> u64 {
    if numbers.len() <= CUTOFF {
        LEAVES.fetch_add(1, Ordering::Relaxed);
        return numbers.iter().sum();
    }
    let (left, right) = numbers.split_at(numbers.len() / 2);
    // Runs both closures, perhaps on two threads, and returns when both
    // have finished: they may borrow `left` and `right`.
    let (a, b) = rayon::join(|| parallel_sum(left), || parallel_sum(right));
    a + b
}
// ANCHOR_END: sum

// ANCHOR: main
fn main() {
    let count: usize = match std::env::args().nth(1) {
        Some(arg) => arg.parse().expect("a number"),
        None => 100_000,
    };
    // Numbers in a scrambled order, the same on every run.
    let numbers: Vec<u64> = (0..count as u64)
        .map(|i| i.wrapping_mul(2_654_435_761) % 1_000_003)
        .collect();

    let sequential: u64 = numbers.iter().sum();
    let parallel = parallel_sum(&numbers);
    println!("sequential sum: {sequential}");
    println!("join sum:       {parallel}");
    println!(
        "{} slices of at most {CUTOFF} numbers summed",
        LEAVES.load(Ordering::Relaxed)
    );

    let mut sorted = numbers.clone();
    sorted.sort();
    let mut par_sorted = numbers.clone();
    par_sorted.par_sort();
    println!("par_sort equals sort: {}", par_sorted == sorted);
    println!(
        "smallest: {:?}, largest: {:?}",
        &par_sorted[..3],
        &par_sorted[count - 3..]
    );
}
// ANCHOR_END: main
