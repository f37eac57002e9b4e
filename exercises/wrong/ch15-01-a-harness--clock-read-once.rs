// Mistake: the warm-up is right, but the clock is read once, before the
// loop, so each "time" is how long every run so far took together: the
// times grow with each run, however fast each run is.
// grader: fails times, saying "An Instant read once before the loop"
use std::hint::black_box;
use std::time::{Duration, Instant};

fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Vec<Duration>) {
    let start = Instant::now();
    black_box(f());
    let warm_up = start.elapsed();
    let start = Instant::now();
    let mut times = Vec::new();
    for _ in 0..runs {
        black_box(f());
        times.push(start.elapsed());
    }
    times.sort();
    (warm_up, times)
}
