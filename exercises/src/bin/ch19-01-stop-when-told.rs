// ANCHOR: starter
use tokio::sync::watch;
use tokio::time::sleep;

/// Flushes the cache every `PERIOD` until `stop` turns `true`, then
/// returns how many flushes it made. Once told to stop it must return at
/// once, without another flush, even in the middle of a wait.
async fn flusher(stop: watch::Receiver<bool>) -> u32 {
    let mut flushes = 0;
    while !*stop.borrow() {
        sleep(PERIOD).await;
        flush();
        flushes += 1;
    }
    flushes
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails no flush after the stop

/// How long `flusher` waits between two flushes.
const PERIOD: std::time::Duration = std::time::Duration::from_millis(200);
/// When the grader tells the flusher to stop: in the middle of a wait.
const STOP_AT: std::time::Duration = std::time::Duration::from_millis(500);

/// How many flushes there have been.
static FLUSHES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Writes the cache to disk; here, it only counts.
fn flush() {
    FLUSHES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
}

fn main() {
    watchdog(std::time::Duration::from_secs(4));
    // One thread runs both the flusher and the grader's task: between two
    // of the flusher's `.await`s, nothing else runs.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (before, outcome) = runtime.block_on(async {
        let (stop, watching) = tokio::sync::watch::channel(false);
        let task = tokio::spawn(flusher(watching));
        tokio::time::sleep(STOP_AT).await;
        let before = FLUSHES.load(std::sync::atomic::Ordering::SeqCst);
        let told = std::time::Instant::now();
        stop.send(true).unwrap();
        let limit = std::time::Duration::from_secs(1);
        let outcome = match tokio::time::timeout(limit, task).await {
            Ok(Ok(returned)) => Some((returned, told.elapsed())),
            Ok(Err(e)) => panic!("the flusher failed: {e}"),
            Err(_) => None,
        };
        (before, outcome)
    });
    let after = FLUSHES.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "flushes before the stop",
        before >= 1,
        format_args!(
            "no flush in the {STOP_AT:?} before the stop, though one is due every {PERIOD:?}: the flusher must keep doing its work until it is told to stop"
        ),
    );
    check(
        "no flush after the stop",
        after == before,
        format_args!(
            "{} flush(es) after the stop: the flusher flushed once more after the signal came, because it looked at the signal only after a flush (asleep when told, it slept on to the end of its {PERIOD:?}), or flushed whatever woke it. Wait for the signal and the period at once (`tokio::select!` on `stop.changed()` and the sleep), and return without flushing as soon as the signal wins",
            after - before
        ),
    );
    let Some((returned, took)) = outcome else {
        check(
            "stops when told",
            false,
            "the flusher was still running 1 s after the stop: nothing in its loop ever returns once `stop` is true",
        );
        finish();
        return;
    };
    check(
        "stops when told",
        took < PERIOD,
        format_args!(
            "the flusher returned {took:?} after the stop: it waited out the rest of its {PERIOD:?} sleep before it looked at the signal. Wait for the signal and the sleep at once"
        ),
    );
    check(
        "results",
        returned == after,
        format_args!("the flusher returned {returned}, but it made {after} flushes"),
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
