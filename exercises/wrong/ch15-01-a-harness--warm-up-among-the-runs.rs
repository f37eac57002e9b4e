// Mistake: the warm-up is timed along with the runs and sorted in among
// them, and the "warm-up time" returned is just the shortest time. The
// slow first call then sits among the runs, where it skews the median and
// the maximum, and `runs + 1` times come back.
// grader: fails times, saying "is the warm-up's time among them"
use std::hint::black_box;
use std::time::{Duration, Instant};

fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Vec<Duration>) {
    let mut times: Vec<Duration> = (0..=runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times)
}
