// ANCHOR: starter
use std::time::{Duration, Instant};

/// Calls `f` once to warm up, and returns that call's time apart; then
/// calls it `runs` times more, timing each call on its own, and returns
/// those times sorted, shortest first.
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Vec<Duration>) {
    let start = Instant::now();
    let mut times = Vec::new();
    for _ in 0..runs {
        f();
        times.push(start.elapsed());
    }
    (Duration::ZERO, times)
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails warm-up

/// How many runs the grader asks `measure` for.
const RUNS: usize = 9;
/// How long the first call of `work` takes: a cold start.
const COLD: std::time::Duration = std::time::Duration::from_millis(150);
/// How long each later call takes, in milliseconds, in the order called.
const WAITS_MS: [u64; RUNS] = [12, 3, 9, 15, 6, 18, 4, 10, 7];

static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The work to time. Its first call is slow, as a first call often is
/// (cold caches, pages not yet loaded); every later call takes its own
/// time, from `WAITS_MS`: a sleep stands in for the work, so that the
/// grader knows how long each call takes at least.
fn work() -> u64 {
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let wait = match call {
        0 => COLD,
        n => std::time::Duration::from_millis(WAITS_MS.get(n - 1).copied().unwrap_or(1)),
    };
    std::thread::sleep(wait);
    call as u64
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let started = std::time::Instant::now();
    let (warm_up, times) = measure(RUNS, work);
    let whole = started.elapsed();
    let calls = CALLS.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "calls",
        calls == RUNS + 1,
        format_args!(
            "measure({RUNS}, work) called work {calls} times: once to warm up, then once for each of the {RUNS} runs makes {}",
            RUNS + 1
        ),
    );
    check(
        "warm-up",
        warm_up >= COLD,
        format_args!(
            "your warm-up time is {warm_up:.0?}, but the first call of work takes at least {COLD:?}: time that first call on its own, and return its time apart from the runs"
        ),
    );
    // Each time covers one call, so it is at least that call's wait: the
    // k-th shortest time at least the k-th shortest wait. And the calls
    // come one after another inside measure: their times add up to no
    // more than the whole call to measure took.
    let mut waits: Vec<std::time::Duration> = WAITS_MS
        .iter()
        .map(|&ms| std::time::Duration::from_millis(ms))
        .collect();
    waits.sort();
    let total: std::time::Duration = times.iter().sum::<std::time::Duration>() + warm_up;
    let problem = if times.len() != RUNS {
        Some(format!(
            "you returned {} times for {RUNS} runs: is the warm-up's time among them? Keep it apart",
            times.len()
        ))
    } else if !times.is_sorted() {
        Some(format!(
            "your times are not sorted, shortest first: {times:.1?}"
        ))
    } else if total > whole {
        Some(format!(
            "your times and the warm-up add up to {} ms, more than the whole call to measure took ({} ms): a time must cover one run only. An Instant read once before the loop times every run so far; read the clock right before each call and right after it",
            total.as_millis(),
            whole.as_millis()
        ))
    } else {
        (0..RUNS).find(|&k| times[k] < waits[k]).map(|k| {
            format!(
                "your times are {times:.1?}, but the runs, sorted, take at least {waits:?}: your time {:.1?} is too short for its run. A time must cover one whole call: read the clock right before the call and right after it",
                times[k]
            )
        })
    };
    check("times", problem.is_none(), problem.unwrap_or_default());
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
