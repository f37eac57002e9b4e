// ANCHOR: starter
/// Answers request `id`. `lookup` is a call into a synchronous library: it
/// blocks its thread for a while, and it has no async version. Keep it
/// off the runtime's thread, where the other tasks run.
async fn answer(id: u32) -> String {
    lookup(id)
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails heartbeat

/// How long each `lookup` blocks its thread.
const WAIT: std::time::Duration = std::time::Duration::from_millis(200);
/// How often the heartbeat wants to tick.
const TICK: std::time::Duration = std::time::Duration::from_millis(10);

/// How many times the heartbeat has ticked.
static BEATS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// How many ticks came while a lookup was blocking (added up over lookups).
static BEATS_DURING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A blocking call with no async version: it keeps its thread for `WAIT`.
fn lookup(id: u32) -> String {
    use std::sync::atomic::Ordering::SeqCst;
    let before = BEATS.load(SeqCst);
    std::thread::sleep(WAIT);
    BEATS_DURING.fetch_add(BEATS.load(SeqCst) - before, SeqCst);
    format!("answer {id}")
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    // One thread runs every task: the heartbeat, and your `answer`s.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ids = [1, 2, 3, 4];
    let (answers, took) = runtime.block_on(async {
        let heartbeat = tokio::spawn(async {
            loop {
                tokio::time::sleep(TICK).await;
                BEATS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        });
        let started = std::time::Instant::now();
        let handles: Vec<_> = ids.iter().map(|&id| tokio::spawn(answer(id))).collect();
        let mut answers = Vec::new();
        for handle in handles {
            answers.push(match handle.await {
                Ok(answer) => answer,
                Err(e) => format!("(the task failed: {e})"),
            });
        }
        let took = started.elapsed();
        heartbeat.abort();
        (answers, took)
    });
    let wanted: Vec<String> = ids.iter().map(|id| format!("answer {id}")).collect();
    check(
        "results",
        answers == wanted,
        format_args!("got {answers:?}, expected {wanted:?}: every answer, in the order of the ids"),
    );
    // The heartbeat runs on the runtime's only thread: while that thread is
    // blocked in a lookup, it cannot tick at all, however fast the machine.
    let beats = BEATS_DURING.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "heartbeat",
        beats > 0,
        "the heartbeat did not tick once while the lookups ran: each lookup blocked the runtime's only thread, and no other task could run. An async fn that calls a blocking function blocks its thread, even inside tokio::spawn or after an .await: run the call on tokio's blocking pool, with tokio::task::spawn_blocking, and .await its handle",
    );
    // On the blocking pool the lookups run at once, in about one WAIT; on
    // the runtime's thread, one after another, in at least four, however
    // fast the machine. Three is far from both.
    check(
        "overlap",
        took < WAIT * 3,
        format_args!(
            "your {} lookups took {took:.0?}; on the blocking pool they run at once, in about {WAIT:?}: on the runtime's thread they run one after another",
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
