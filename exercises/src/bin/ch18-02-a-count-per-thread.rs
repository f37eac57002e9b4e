// ANCHOR: starter
use std::sync::atomic::{AtomicU64, Ordering};

/// How many requests have been handled: each worker thread must report
/// the requests *it* handled.
static HANDLED: AtomicU64 = AtomicU64::new(0);

/// Called by a worker thread for each request it handles.
fn note_request() {
    HANDLED.fetch_add(1, Ordering::Relaxed);
}

/// How many requests the calling thread has handled so far.
fn handled_by_this_thread() -> u64 {
    HANDLED.load(Ordering::Relaxed)
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails each its own

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    // Worker i handles 10 × (i + 1) requests; all of them have finished
    // before any reads its count.
    let workers = 3;
    let barrier = std::sync::Barrier::new(workers);
    let counts: Vec<(u64, u64)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers as u64)
            .map(|i| {
                let barrier = &barrier;
                s.spawn(move || {
                    let mine = 10 * (i + 1);
                    for _ in 0..mine {
                        note_request();
                    }
                    barrier.wait();
                    (mine, handled_by_this_thread())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let wrong: Vec<String> = counts
        .iter()
        .filter(|(mine, said)| mine != said)
        .map(|(mine, said)| format!("a worker that handled {mine} said {said}"))
        .collect();
    let cause = if counts.iter().all(|&(_, said)| said == 0) {
        "Every count read 0: the counter `handled_by_this_thread` reads is not the one `note_request` adds to (each `thread_local!` declares a variable of its own: declare it once, outside both functions)"
    } else {
        "Each worker must count only its own requests: one `static` counter is shared by every thread, so each reads the total of all; `thread_local!` gives each thread a counter of its own"
    };
    check(
        "each its own",
        wrong.is_empty(),
        format_args!("{}. {cause}", wrong.join(", ")),
    );
    let fresh = std::thread::spawn(handled_by_this_thread).join().unwrap();
    check(
        "a new thread starts at 0",
        fresh == 0,
        format_args!("a thread that handled nothing said {fresh}: it sees other threads' requests"),
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
