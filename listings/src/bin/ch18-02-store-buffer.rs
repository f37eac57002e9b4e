use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::thread;

/// How many times each way runs the pattern.
const ROUNDS: usize = 50_000;

/// Two threads meet here before and after every round, so that their
/// stores and loads run at nearly the same moment.
struct Meeting {
    arrived: AtomicUsize,
    round: AtomicUsize,
}

impl Meeting {
    /// Waits until both threads have arrived for round `round`.
    fn meet(&self, round: usize) {
        if self.arrived.fetch_add(1, Ordering::AcqRel) % 2 == 1 {
            self.round.store(round, Ordering::Release);
        } else {
            let mut spins = 0u32;
            while self.round.load(Ordering::Acquire) < round {
                spins += 1;
                if spins < 100 {
                    std::hint::spin_loop();
                } else {
                    thread::yield_now(); // let the other thread run, even on one core
                }
            }
        }
    }
}

// ANCHOR: pattern
/// One side of the store-buffer test: store 1 to `mine`, then load
/// `theirs`. Returns what the load saw, for every round.
fn side(
    mine: &AtomicU32,
    theirs: &AtomicU32,
    meeting: &Meeting,
    store: Ordering,
    load: Ordering,
) -> Vec<u32> {
    let mut seen = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        meeting.meet(2 * round + 1);
        mine.store(1, store);
        seen.push(theirs.load(load));
        meeting.meet(2 * round + 2);
        mine.store(0, Ordering::Relaxed); // reset for the next round
    }
    seen
}

/// Runs the pattern ROUNDS times and counts each outcome (a, b): what
/// the first thread loaded, and what the second did.
fn count(store: Ordering, load: Ordering) -> [[usize; 2]; 2] {
    let (x, y) = (AtomicU32::new(0), AtomicU32::new(0));
    let meeting = Meeting {
        arrived: AtomicUsize::new(0),
        round: AtomicUsize::new(0),
    };
    let (a, b) = thread::scope(|s| {
        let first = s.spawn(|| side(&x, &y, &meeting, store, load));
        let second = s.spawn(|| side(&y, &x, &meeting, store, load));
        (first.join().unwrap(), second.join().unwrap())
    });
    let mut counts = [[0; 2]; 2];
    for (a, b) in a.into_iter().zip(b) {
        counts[a as usize][b as usize] += 1;
    }
    counts
}
// ANCHOR_END: pattern

fn main() {
    for (name, store, load) in [
        ("Release/Acquire", Ordering::Release, Ordering::Acquire),
        ("SeqCst", Ordering::SeqCst, Ordering::SeqCst),
    ] {
        let counts = count(store, load);
        println!("{name}, {ROUNDS} rounds:");
        for (a, b) in [(0, 1), (1, 0), (1, 1), (0, 0)] {
            println!("  a = {a}, b = {b}: {:>6}", counts[a][b]);
        }
    }
}
