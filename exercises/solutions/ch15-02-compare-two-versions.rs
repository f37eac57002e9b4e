use std::hint::black_box;
use std::time::{Duration, Instant};

/// Times one call of `f`, and returns its time and its result, kept from
/// the optimiser by `black_box`.
fn time_once<T>(f: &mut impl FnMut() -> T) -> (Duration, T) {
    let start = Instant::now();
    let result = black_box(f());
    (start.elapsed(), result)
}

/// Times two versions of the same work: one warm-up call of each, then
/// `rounds` rounds, each calling `a` once and then `b` once. Returns the
/// best (shortest) time of each, or an `Err` if ever they return different
/// results.
fn compare<T: PartialEq>(
    rounds: usize,
    mut a: impl FnMut() -> T,
    mut b: impl FnMut() -> T,
) -> Result<(Duration, Duration), String> {
    // The warm-up calls are compared too, but their times are not kept.
    let ((_, first_a), (_, first_b)) = (time_once(&mut a), time_once(&mut b));
    if first_a != first_b {
        return Err("a and b differ on their warm-up call".to_owned());
    }
    let (mut best_a, mut best_b) = (Duration::MAX, Duration::MAX);
    // One call of each per round: a busy moment of the machine falls on
    // both versions, not on all the runs of one of them.
    for round in 1..=rounds {
        let (took_a, result_a) = time_once(&mut a);
        let (took_b, result_b) = time_once(&mut b);
        // A speedup means nothing if the faster version computes
        // something else.
        if result_a != result_b {
            return Err(format!("a and b return different results in round {round}"));
        }
        // The minimum: most of what disturbs a run only adds time.
        best_a = best_a.min(took_a);
        best_b = best_b.min(took_b);
    }
    Ok((best_a, best_b))
}
