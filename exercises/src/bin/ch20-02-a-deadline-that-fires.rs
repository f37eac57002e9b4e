// ANCHOR: starter
use tokio::sync::mpsc;
use tokio::time::sleep;

/// Collects the messages of `rx` until `DEADLINE` has passed since the
/// call, and returns what came by then. Messages keep coming, more often
/// than the deadline: it must end the loop on time all the same.
async fn collect_until_deadline(mut rx: mpsc::Receiver<u32>) -> Vec<u32> {
    let mut got = Vec::new();
    loop {
        tokio::select! {
            () = sleep(DEADLINE) => break,
            Some(n) = rx.recv() => got.push(n),
        }
    }
    got
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails deadline

/// How long after the call the collecting must stop.
const DEADLINE: std::time::Duration = std::time::Duration::from_millis(200);
/// How often a message comes, and how many come.
const EVERY: std::time::Duration = std::time::Duration::from_millis(20);
const MESSAGES: u32 = 40;

fn main() {
    watchdog(std::time::Duration::from_secs(4));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (got, took) = runtime.block_on(async {
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        // A message every EVERY, MESSAGES in all: they keep coming for
        // at least (MESSAGES - 1) × EVERY, long after the deadline.
        tokio::spawn(async move {
            for n in 1..=MESSAGES {
                if tx.send(n).await.is_err() {
                    return; // the collector has stopped: nobody listens
                }
                tokio::time::sleep(EVERY).await;
            }
        });
        let started = std::time::Instant::now();
        let got = collect_until_deadline(rx).await;
        (got, started.elapsed())
    });
    let in_order: Vec<u32> = (1..=got.len() as u32).collect();
    check(
        "results",
        !got.is_empty() && got == in_order,
        format_args!(
            "got {got:?}: expected the messages that came before the deadline, from 1, in order, none missing"
        ),
    );
    // Messages keep coming for (MESSAGES - 1) × EVERY, longer than
    // 3 × DEADLINE: a loop that ends only when they stop misses this bound.
    check(
        "deadline",
        DEADLINE <= took && took < DEADLINE * 3,
        format_args!(
            "the loop ended {took:.0?} after the call, and the deadline is {DEADLINE:?}: a `sleep(DEADLINE)` made inside the loop is a new timer every round, and every message starts it again. Make one sleep before the loop, pin it (`tokio::pin!` or `std::pin::pin!`), and race `&mut` to it"
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
