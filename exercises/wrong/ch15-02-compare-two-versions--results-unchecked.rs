// Mistake: the rounds are interleaved and the best times right, but the
// results only go into `black_box`: nothing compares them, so a version
// that computes something else gets timed as if it did the same work.
// grader: fails same result, saying "b's result differed from a's"
use std::hint::black_box;
use std::time::{Duration, Instant};

fn compare<T: PartialEq>(
    rounds: usize,
    mut a: impl FnMut() -> T,
    mut b: impl FnMut() -> T,
) -> Result<(Duration, Duration), String> {
    black_box(a());
    black_box(b());
    let (mut best_a, mut best_b) = (Duration::MAX, Duration::MAX);
    for _ in 0..rounds {
        let start = Instant::now();
        black_box(a());
        best_a = best_a.min(start.elapsed());
        let start = Instant::now();
        black_box(b());
        best_b = best_b.min(start.elapsed());
    }
    Ok((best_a, best_b))
}
