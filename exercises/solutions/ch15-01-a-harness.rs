use std::hint::black_box;
use std::time::{Duration, Instant};

/// Calls `f` once to warm up, and returns that call's time apart; then
/// calls it `runs` times more, timing each call on its own, and returns
/// those times sorted, shortest first.
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Vec<Duration>) {
    // The clock is read right before the call and right after it, so a
    // time covers that call and nothing else. `black_box` on the result
    // keeps a release build from dropping a call whose result is unused.
    let mut time_once = || {
        let start = Instant::now();
        black_box(f());
        start.elapsed()
    };
    // The first call pays what later ones do not (cold caches, pages to
    // load): its time is kept apart, not mixed into the runs.
    let warm_up = time_once();
    let mut times: Vec<Duration> = (0..runs).map(|_| time_once()).collect();
    times.sort();
    (warm_up, times)
}
