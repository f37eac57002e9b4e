// ANCHOR: starter
use std::sync::Arc;

use tokio::sync::Semaphore;

/// Answers one request: `ok RESULT`. At most as many jobs as `jobs` has
/// permits may run at once; past that, answer `error busy` at once, instead
/// of making the request wait in a queue with no end.
async fn handle(jobs: Arc<Semaphore>, n: u64) -> String {
    // Waits for a free permit: the queue of waiting requests has no bound.
    let _permit = jobs.acquire().await.unwrap();
    format!("ok {}", job(n).await)
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails refuses past the bound

/// How many jobs may run at once, how many requests come at once, and how
/// long each job takes.
const BOUND: usize = 3;
const REQUESTS: u64 = 10;
const JOB: std::time::Duration = std::time::Duration::from_millis(200);

/// Jobs running now, and the most there ever were at once.
static RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static MOST: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A job: works (here, waits) for `JOB`, and gives back twice `n`.
async fn job(n: u64) -> u64 {
    use std::sync::atomic::Ordering::SeqCst;
    let now = RUNNING.fetch_add(1, SeqCst) + 1;
    MOST.fetch_max(now, SeqCst);
    tokio::time::sleep(JOB).await;
    RUNNING.fetch_sub(1, SeqCst);
    2 * n
}

fn main() {
    watchdog(std::time::Duration::from_secs(4));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Every request at once; each answer with the time it took.
    let answers: Vec<(u64, String, std::time::Duration)> = runtime.block_on(async {
        let jobs = std::sync::Arc::new(tokio::sync::Semaphore::new(BOUND));
        let started = std::time::Instant::now();
        let tasks: Vec<_> = (1..=REQUESTS)
            .map(|n| {
                let jobs = jobs.clone();
                tokio::spawn(async move { (n, handle(jobs, n).await, started.elapsed()) })
            })
            .collect();
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(task.await.unwrap());
        }
        answers
    });
    let most = MOST.load(std::sync::atomic::Ordering::SeqCst);
    let busy: Vec<_> = answers
        .iter()
        .filter(|(_, a, _)| a == "error busy")
        .collect();
    let ok = answers
        .iter()
        .filter(|(_, a, _)| a.starts_with("ok "))
        .count();
    check(
        "results",
        answers
            .iter()
            .all(|(n, a, _)| *a == format!("ok {}", 2 * n) || a == "error busy"),
        format_args!(
            "{answers:?}: every answer is `ok` and twice the request's number, or `error busy`"
        ),
    );
    check(
        "at most the bound at once",
        most <= BOUND,
        format_args!(
            "{most} jobs ran at once, and the bound is {BOUND}: the permit was let go before the job ran. `let _ = …` and `let Ok(_) = …` drop it at once; bind it to a name, `_permit`, that lives until the job ends"
        ),
    );
    check(
        "refuses past the bound",
        busy.len() as u64 == REQUESTS - BOUND as u64 && ok == BOUND,
        format_args!(
            "{} of {REQUESTS} requests, sent at once with a bound of {BOUND}, were refused ({ok} answered `ok`); expected {}: past the bound, answer `error busy` at once (`try_acquire_owned`, not `acquire`, which waits in a queue with no bound). One semaphore for all requests, never a new one per request",
            busy.len(),
            REQUESTS - BOUND as u64
        ),
    );
    check(
        "refused at once",
        busy.iter().all(|(_, _, took)| *took < JOB),
        format_args!(
            "a refusal came only after {:?}, when a job had ended: refuse without waiting",
            busy.iter().map(|(_, _, t)| *t).max().unwrap_or_default()
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
