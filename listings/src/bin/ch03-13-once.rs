use std::sync::{LazyLock, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: statics
/// When the program started: set once, by the first call of `ms`.
static START: OnceLock<Instant> = OnceLock::new();

fn ms() -> u128 {
    START.get_or_init(Instant::now).elapsed().as_millis()
}

/// A table built on first use, by whichever thread gets there first.
static SQUARES: LazyLock<Vec<u64>> = LazyLock::new(|| {
    println!("[{:4} ms] build starts", ms());
    thread::sleep(Duration::from_millis(200)); // building takes a while
    println!("[{:4} ms] build ends", ms());
    (0..1_000).map(|n| n * n).collect()
});
// ANCHOR_END: statics

// ANCHOR: main
fn main() {
    ms(); // starts the clock
    let mut handles = Vec::new();
    for id in 1..=3 {
        handles.push(thread::spawn(move || {
            println!("[{:4} ms] reader {id} starts", ms());
            let square = SQUARES[12]; // the first use builds; the others wait
            println!("[{:4} ms] reader {id} ends", ms());
            square
        }));
    }
    let squares: Vec<u64> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    println!("each reader read 12 × 12 = {squares:?}");
    let refused = START.set(Instant::now()).is_err();
    println!("a second START.set is refused: {refused}");
    println!("all done in {} ms", ms());
}
// ANCHOR_END: main
