// ANCHOR: starter
use std::sync::atomic::{AtomicU8, Ordering};

/// The ids there are: 0 to MAX - 1, each for one caller only.
const MAX: u8 = 200;

static NEXT: AtomicU8 = AtomicU8::new(0);

/// Hands out the next free id, or `None` once all MAX are taken, and
/// forever after. Called from many threads at once.
fn allocate() -> Option<u8> {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    if id < MAX { Some(id) } else { None }
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails each id once

/// The threads that ask for ids at once, and how many times each asks:
/// twice as many requests as there are ids.
const THREADS: usize = 4;
const ASKS: usize = 100;

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let barrier = std::sync::Barrier::new(THREADS);
    let answers: Vec<Option<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|_| {
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait(); // all set off together
                    (0..ASKS).map(|_| allocate()).collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let ids: Vec<u8> = answers.iter().flatten().copied().collect();
    let distinct: std::collections::BTreeSet<u8> = ids.iter().copied().collect();
    let twice = ids.len() - distinct.len();
    check(
        "each id once",
        twice == 0,
        format_args!(
            "{} requests got {} ids, but only {} different ones: {twice} ids were handed out twice. `fetch_add` wraps around on overflow, so after 255 the counter starts again at 0 and hands out ids already taken; never move the counter past MAX: `fetch_update` (or a `compare_exchange_weak` loop) can refuse to change it",
            answers.len(),
            ids.len(),
            distinct.len()
        ),
    );
    let past: Vec<u8> = distinct.iter().copied().filter(|&id| id >= MAX).collect();
    check(
        "ids below MAX",
        past.is_empty(),
        format_args!(
            "{} ids past MAX ({MAX}) were handed out, from {} to {}. Stopping only when the counter would overflow (`checked_add`) is not enough: refuse once it reaches MAX",
            past.len(),
            past.first().unwrap_or(&0),
            past.last().unwrap_or(&0)
        ),
    );
    let missing = (0..MAX).filter(|id| !distinct.contains(id)).count();
    check(
        "every id",
        missing == 0,
        format_args!(
            "{missing} of the ids 0 to {} were never handed out, though {} requests were made: a request was refused while ids were left (a failed exchange must be retried with the value it saw)",
            MAX - 1,
            answers.len()
        ),
    );
    let later = allocate();
    check(
        "refuses forever after",
        later.is_none(),
        format_args!(
            "after all {MAX} ids were taken, one more request got {later:?}, not None: the counter moved on (and wrapped around) while it refused; leave it where it is"
        ),
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
