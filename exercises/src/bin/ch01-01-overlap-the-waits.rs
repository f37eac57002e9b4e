// ANCHOR: starter
/// Fetches every page, and returns them in the order of `ids`. Each
/// `fetch` only waits (for a slow server, say): make the waits overlap.
fn fetch_all(ids: &[u32]) -> Vec<String> {
    let mut pages = Vec::new();
    for &id in ids {
        pages.push(fetch(id));
    }
    pages
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails overlap

/// How long each fetch waits.
const WAIT: std::time::Duration = std::time::Duration::from_millis(100);

/// Fetches page `id`: it only waits, as a request to a slow server does.
fn fetch(id: u32) -> String {
    std::thread::sleep(WAIT);
    format!("page {id}")
}

fn main() {
    watchdog(std::time::Duration::from_secs(5));
    let ids = [1, 2, 3];
    let started = std::time::Instant::now();
    let pages = fetch_all(&ids);
    let took = started.elapsed();
    let wanted: Vec<String> = ids.iter().map(|id| format!("page {id}")).collect();
    check(
        "results",
        pages == wanted,
        format_args!("got {pages:?}, expected {wanted:?}: every page, in the order of the ids"),
    );
    // However busy the machine, waits that overlap take about one WAIT;
    // one after another they take at least three.
    check(
        "overlap",
        took < WAIT * 2,
        format_args!(
            "your {} fetches took {took:.0?}; run at once they take about {WAIT:?}: do the waits overlap? A thread joined right after it is spawned makes the next one wait for it",
            ids.len()
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
