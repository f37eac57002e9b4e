// ANCHOR: starter
use std::sync::atomic::{AtomicU64, Ordering};

/// Called by one thread per page, all at the same time: counts the
/// page's visits and adds them to `total`.
fn add_visits(total: &AtomicU64, page: u32) {
    let so_far = total.load(Ordering::Relaxed);
    total.store(so_far + count_visits(page), Ordering::Relaxed);
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails no lost update

/// How long counting a page's visits takes.
const WAIT: std::time::Duration = std::time::Duration::from_millis(100);

/// How many counts are under way now, and the most that ever were at once:
/// counted, not timed, so that a busy machine cannot change the verdict.
static RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static MOST: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Notes that one more count is under way.
fn begin() {
    use std::sync::atomic::Ordering::SeqCst;
    MOST.fetch_max(RUNNING.fetch_add(1, SeqCst) + 1, SeqCst);
}

/// Notes that one count is over.
fn end() {
    RUNNING.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
}

/// Counts the visits of `page` (1 to 4) by reading its log, which takes a
/// while. Page 1 had 1 visit, page 2 had 10, page 3 100, page 4 1000, so
/// that the total shows whose visits it holds.
fn count_visits(page: u32) -> u64 {
    begin();
    std::thread::sleep(WAIT);
    end();
    10u64.pow(page - 1)
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let pages = [1, 2, 3, 4];
    let total = std::sync::atomic::AtomicU64::new(0);
    let barrier = std::sync::Barrier::new(pages.len());
    let started = std::time::Instant::now();
    std::thread::scope(|s| {
        for page in pages {
            let (total, barrier) = (&total, &barrier);
            s.spawn(move || {
                barrier.wait(); // all four set off together
                add_visits(total, page);
            });
        }
    });
    let took = started.elapsed();
    let got = total.into_inner();
    let kept: Vec<u32> = pages
        .iter()
        .copied()
        .filter(|&page| got / 10u64.pow(page - 1) % 10 == 1)
        .collect();
    check(
        "no lost update",
        got == 1111,
        format_args!(
            "the total is {got}, but the four pages' visits add up to 1111 (1 + 10 + 100 + 1000): only the visits of pages {kept:?} are in it. Each thread loaded the total, counted, then stored its own sum, and a store made from an old total wipes out what the other threads added in between. No `Ordering` makes a load and a later store one step: add in one step, with `fetch_add`"
        ),
    );
    // Counts that overlap are under way at the same time; counts that take
    // turns, never two at once, however fast or busy the machine.
    let most = MOST.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "overlap",
        most > 1,
        format_args!(
            "the four counts took {took:.0?}, one at a time; at once they take about {WAIT:?}: they took turns. A lock held through `count_visits` makes every other thread wait for the slow count; count first, with no lock held, then add"
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
