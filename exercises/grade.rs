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
