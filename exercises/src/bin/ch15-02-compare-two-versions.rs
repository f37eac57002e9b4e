// ANCHOR: starter
use std::time::{Duration, Instant};

/// Times two versions of the same work: one warm-up call of each, then
/// `rounds` rounds, each calling `a` once and then `b` once. Returns the
/// best (shortest) time of each, or an `Err` if ever they return different
/// results.
fn compare<T: PartialEq>(
    rounds: usize,
    mut a: impl FnMut() -> T,
    mut b: impl FnMut() -> T,
) -> Result<(Duration, Duration), String> {
    Ok((best_of(rounds, &mut a), best_of(rounds, &mut b)))
}

/// Calls `f` once to warm up, then `runs` times, and returns the shortest
/// time of those runs.
fn best_of<T>(runs: usize, f: &mut impl FnMut() -> T) -> Duration {
    f();
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails interleaved

/// How many rounds the grader asks `compare` for.
const ROUNDS: usize = 4;
/// Each version's quickest run, and an upper bound on a best time that
/// leaves it room to spare; its other runs wait `SLOW_MS`.
const FAST_MS: u64 = 20;
const BEST_BELOW_MS: u64 = 50;
const SLOW_MS: u64 = 80;

/// A version to time: each call notes `name` in `log`, waits for its
/// call's time in `waits_ms` (a sleep stands in for the work, so that the
/// grader knows how long each call takes at least; the first call is the
/// warm-up), and returns its call's answer in `answers`.
fn version<'a>(
    name: char,
    waits_ms: &'a [u64],
    answers: &'a [u64],
    log: &'a std::cell::RefCell<String>,
) -> impl FnMut() -> u64 + 'a {
    let mut call = 0;
    move || {
        log.borrow_mut().push(name);
        let wait = waits_ms.get(call).copied().unwrap_or(1);
        let answer = answers.get(call).copied().unwrap_or(0);
        call += 1;
        std::thread::sleep(std::time::Duration::from_millis(wait));
        answer
    }
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let (fast, slow) = (FAST_MS, SLOW_MS);
    let same = [7; ROUNDS + 1];

    // Two versions that agree; each has one quick run, in a different round.
    let log = std::cell::RefCell::new(String::new());
    let a_waits = [40, slow, slow, fast, slow];
    let b_waits = [40, fast, slow, slow, slow];
    let timed = compare(
        ROUNDS,
        version('a', &a_waits, &same, &log),
        version('b', &b_waits, &same, &log),
    );
    let log = log.into_inner();
    let expected = "ab".repeat(ROUNDS + 1);
    check(
        "interleaved",
        log == expected,
        format_args!(
            "the calls went {log}, expected {expected}: a warm-up call of each, then round after round, a then b in each, so that a busy moment of the machine slows both versions alike, not one of them"
        ),
    );
    let fastest = std::time::Duration::from_millis(FAST_MS);
    let below = std::time::Duration::from_millis(BEST_BELOW_MS);
    let problem = match timed {
        Err(e) => Some(format!(
            "compare returned Err({e:?}), though a and b always return the same result"
        )),
        Ok((best_a, best_b)) => [('a', best_a), ('b', best_b)]
            .into_iter()
            .find_map(|(name, best)| {
                if best < fastest {
                    Some(format!(
                        "the best time of {name} is {best:.1?}, shorter than its quickest run can take ({fastest:?}): does each time cover one whole call?"
                    ))
                } else if best >= below {
                    Some(format!(
                        "the best time of {name} is {best:.1?}, but one of its runs took about {fastest:?}: report each version's minimum; a mean or a median counts its slow runs too"
                    ))
                } else {
                    None
                }
            }),
    };
    check("best", problem.is_none(), problem.unwrap_or_default());

    // Two versions that agree but in one round, where b answers otherwise.
    let log = std::cell::RefCell::new(String::new());
    let quick = [1; ROUNDS + 1];
    let differs = [7, 7, 8, 7, 7];
    let timed = compare(
        ROUNDS,
        version('a', &quick, &same, &log),
        version('b', &quick, &differs, &log),
    );
    check(
        "same result",
        timed.is_err(),
        "compare returned times for a and b, though in one round b's result differed from a's: a version that computes something else has no speedup to report. Compare their results in every round, and return an Err when they differ",
    );
    finish();
}

// ---- The grader's helpers, the same in every exercise (exercises/grade.rs) ----

/// Prints one verdict line, `PASS property` or `FAIL property: why`.
fn check(property: &str, passed: bool, why: impl std::fmt::Display) {
    use std::sync::atomic::Ordering::Relaxed;
    CHECKS.fetch_add(1, Relaxed);
    if passed {
        println!("PASS {property}");
    } else {
        FAILED.fetch_add(1, Relaxed);
        println!("FAIL {property}: {why}");
    }
}

/// Ends the run if it is still going after `limit`, saying so: a run that
/// never ends has a thread (or task) waiting for something that never comes.
fn watchdog(limit: std::time::Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(limit);
        println!(
            "FAIL no deadlock: the run did not end within {limit:?}; something waits for what never comes (a lock never released, a message never sent, a thread never ended)"
        );
        println!("FAILED: the run was stopped");
        std::process::exit(1);
    });
}

/// The last line: every check passed, or how many failed (and exit code 1).
fn finish() {
    use std::sync::atomic::Ordering::Relaxed;
    let (checks, failed) = (CHECKS.load(Relaxed), FAILED.load(Relaxed));
    if failed == 0 {
        println!("PASSED: all {checks} checks");
    } else {
        println!("FAILED: {failed} of {checks} checks");
        std::process::exit(1);
    }
}

static CHECKS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static FAILED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
