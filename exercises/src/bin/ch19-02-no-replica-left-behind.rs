// ANCHOR: starter
use tokio::sync::mpsc;

/// Asks every replica for `key` at once and returns the first answer. The
/// replicas that lose the race are of no more use: none may still be
/// running when this returns.
async fn first_answer(key: u32) -> u32 {
    let (tx, mut rx) = mpsc::channel(REPLICAS.len());
    for replica in REPLICAS {
        let tx = tx.clone();
        tokio::spawn(async move {
            let _ = tx.send(ask(replica, key).await).await;
        });
    }
    rx.recv().await.unwrap()
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails nothing left running

/// How long each replica takes to answer, in milliseconds.
const REPLICAS: [u64; 3] = [50, 400, 800];

/// How many calls to `ask` are under way.
static RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Counts a call to `ask` as under way until it is dropped: when it
/// returns, and when its task is cancelled.
struct UnderWay;

impl Drop for UnderWay {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Asks the replica that takes `ms` for `key`'s value.
async fn ask(ms: u64, key: u32) -> u32 {
    RUNNING.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let _under_way = UnderWay;
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    key * 2
}

fn main() {
    watchdog(std::time::Duration::from_secs(4));
    // One thread runs every task: an aborted task is dropped only when that
    // thread gets round to it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (answer, took, running) = runtime.block_on(async {
        let started = std::time::Instant::now();
        let answer = first_answer(21).await;
        // Read at once, without an `.await` in between.
        let running = RUNNING.load(std::sync::atomic::Ordering::SeqCst);
        (answer, started.elapsed(), running)
    });
    check(
        "results",
        answer == 42,
        format_args!("the answer was {answer}, not 42"),
    );
    let (fastest, second) = (REPLICAS[0], REPLICAS[1]);
    check(
        "first answer in time",
        took < std::time::Duration::from_millis(second),
        format_args!(
            "the answer took {took:?}, though the fastest replica answers in {fastest} ms and the next in {second} ms: `first_answer` waited for every replica. Return as soon as the first answer is in"
        ),
    );
    check(
        "nothing left running",
        running == 0,
        format_args!(
            "{running} replica(s) still running when `first_answer` returned: a task started with `tokio::spawn` runs on by itself, and `abort` (or `abort_all`, or dropping a JoinSet) only asks it to stop at its next turn. Start the replicas in a `tokio::task::JoinSet`, take the first answer with `join_next`, then `.await` the set's `shutdown()`, which returns once every task is gone"
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
