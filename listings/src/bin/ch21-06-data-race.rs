use std::cell::UnsafeCell;
use std::thread;

// ANCHOR: race
/// A counter with no lock and no atomic: a number in an `UnsafeCell`.
struct Counter(UnsafeCell<u64>);

// Safety: none. This promise is false: two threads may add at once.
unsafe impl Sync for Counter {}

static COUNT: Counter = Counter(UnsafeCell::new(0));

fn add_one() {
    // Safety: none; this is the data race.
    unsafe { *COUNT.0.get() += 1 }
}

fn main() {
    let adders: Vec<_> = (0..2)
        .map(|_| thread::spawn(|| (0..1000).for_each(|_| add_one())))
        .collect();
    for adder in adders {
        adder.join().unwrap();
    }
    // Safety: every adder has been joined.
    println!("count: {}", unsafe { *COUNT.0.get() });
}
// ANCHOR_END: race
