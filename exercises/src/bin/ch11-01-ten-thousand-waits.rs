// ANCHOR: starter
/// Waits for the reply to every request, and returns the replies in the
/// order of `ids`. Each `reply` only waits: ten thousand of them, in
/// tasks, should take about one wait.
async fn gather(ids: Vec<u32>) -> Vec<String> {
    let mut replies = Vec::new();
    for id in ids {
        replies.push(reply(id).await);
    }
    replies
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails overlap

/// How many requests wait for their replies.
const REQUESTS: u32 = 10_000;
/// How long each reply takes to come.
const WAIT: std::time::Duration = std::time::Duration::from_millis(200);

/// How many replies have come.
static DONE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// How many replies are being waited for now, and the most ever at once.
static WAITING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static MOST_WAITING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The reply to request `id`: it only waits, as a request to a slow server
/// does.
async fn reply(id: u32) -> String {
    use std::sync::atomic::Ordering::SeqCst;
    MOST_WAITING.fetch_max(WAITING.fetch_add(1, SeqCst) + 1, SeqCst);
    tokio::time::sleep(WAIT).await;
    WAITING.fetch_sub(1, SeqCst);
    DONE.fetch_add(1, SeqCst);
    format!("reply {id}")
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    // One thread runs every task: tasks need no thread of their own.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ids: Vec<u32> = (1..=REQUESTS).collect();
    // Waits that overlap take about one WAIT, however many there are, plus
    // the work of starting ten thousand tasks, which a busy machine slows
    // down (past five WAITs, once, beside a compiler); one after another,
    // they would take ten thousand WAITs, far longer than the run may. So
    // `gather` gets ten WAITs, and is dropped if it is not done by then.
    // Whether the waits overlapped is judged by how many were under way at
    // once, which no load changes.
    let limit = WAIT * 10;
    let started = std::time::Instant::now();
    let replies =
        runtime.block_on(async { tokio::time::timeout(limit, gather(ids.clone())).await });
    let took = started.elapsed();
    let done = DONE.load(std::sync::atomic::Ordering::SeqCst);
    let most = MOST_WAITING.load(std::sync::atomic::Ordering::SeqCst);
    match &replies {
        Ok(replies) => {
            let right = replies.len() == ids.len()
                && replies
                    .iter()
                    .zip(&ids)
                    .all(|(reply, id)| *reply == format!("reply {id}"));
            let first: Vec<&String> = replies.iter().take(3).collect();
            check(
                "results",
                right,
                format_args!(
                    "got {} replies, beginning {first:?}; expected {REQUESTS}, \"reply 1\", \"reply 2\"...: every reply, in the order of the ids",
                    replies.len()
                ),
            );
        }
        Err(_) => check(
            "results",
            false,
            format_args!(
                "gather had not returned after {limit:?}, so its replies could not be checked"
            ),
        ),
    }
    check(
        "overlap",
        most == REQUESTS as usize,
        format_args!(
            "at most {most} of the {REQUESTS} waits were under way at once, and {done} replies had come after {took:.0?}; run at once, all of them take about {WAIT:?}: do the waits overlap? A future does nothing until it is awaited, and a task awaited right after it is spawned makes the next one wait for it: spawn every task first (tokio::spawn), then await their handles"
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
