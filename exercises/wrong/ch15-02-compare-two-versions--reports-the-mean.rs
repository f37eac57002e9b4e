// Mistake: the rounds are interleaved and the results compared, but it
// reports each version's mean time. One slow run, the machine busy for a
// moment, drags the mean up: it is not the best time, which the task asks
// for.
// grader: fails best, saying "a mean or a median counts its slow runs too"
use std::hint::black_box;
use std::time::{Duration, Instant};

fn compare<T: PartialEq>(
    rounds: usize,
    mut a: impl FnMut() -> T,
    mut b: impl FnMut() -> T,
) -> Result<(Duration, Duration), String> {
    if black_box(a()) != black_box(b()) {
        return Err("the warm-up calls differ".to_owned());
    }
    let (mut total_a, mut total_b) = (Duration::ZERO, Duration::ZERO);
    for round in 1..=rounds {
        let start = Instant::now();
        let result_a = black_box(a());
        total_a += start.elapsed();
        let start = Instant::now();
        let result_b = black_box(b());
        total_b += start.elapsed();
        if result_a != result_b {
            return Err(format!("round {round} differs"));
        }
    }
    let runs = rounds.max(1) as u32;
    Ok((total_a / runs, total_b / runs))
}
