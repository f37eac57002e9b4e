use std::thread;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_millis(100);
const ROUNDS: u32 = 3;

// ANCHOR: main
fn main() {
    let (mut one, mut three) = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        // One plain wait, on this thread.
        let start = Instant::now();
        thread::sleep(WAIT);
        one = one.min(start.elapsed());

        // The same wait on three new threads, started and joined.
        let start = Instant::now();
        let sleepers: Vec<_> = (0..3)
            .map(|_| thread::spawn(|| thread::sleep(WAIT)))
            .collect();
        for sleeper in sleepers {
            sleeper.join().unwrap();
        }
        three = three.min(start.elapsed());
    }
    let (wait, one, three) = (WAIT.as_millis(), one.as_micros(), three.as_micros());
    println!("best of {ROUNDS} rounds:");
    println!("one wait of {wait} ms: {one} µs");
    println!("three threads waiting {wait} ms: {three} µs");
    // (Zero, in the unlikely case the threads beat the plain wait.)
    println!("the threads cost {} µs more", three.saturating_sub(one));
}
// ANCHOR_END: main
