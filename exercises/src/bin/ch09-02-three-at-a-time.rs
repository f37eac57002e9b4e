// ANCHOR: starter
/// Fetches every id, each in a task of its own, and returns the pages in
/// the order of `ids`. The server takes at most `LIMIT` requests at once:
/// never have more than that under way.
async fn fetch_all(ids: Vec<u32>) -> Vec<String> {
    let handles: Vec<_> = ids.into_iter().map(|id| tokio::spawn(fetch(id))).collect();
    let mut pages = Vec::new();
    for handle in handles {
        pages.push(handle.await.unwrap());
    }
    pages
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails limit

/// How many requests the server takes at once.
const LIMIT: usize = 3;
/// How long each request takes.
const WAIT: std::time::Duration = std::time::Duration::from_millis(100);
/// How many pages to fetch.
const IDS: u32 = 9;

/// How many fetches are under way now, and the most there ever were.
static UNDER_WAY: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static MOST: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Fetches page `id` from the server: it only waits, and counts how many
/// fetches are under way at once.
async fn fetch(id: u32) -> String {
    use std::sync::atomic::Ordering::SeqCst;
    let now = UNDER_WAY.fetch_add(1, SeqCst) + 1;
    MOST.fetch_max(now, SeqCst);
    tokio::time::sleep(WAIT).await;
    UNDER_WAY.fetch_sub(1, SeqCst);
    format!("page {id}")
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let ids: Vec<u32> = (1..=IDS).collect();
    let started = std::time::Instant::now();
    let pages = runtime.block_on(fetch_all(ids.clone()));
    let took = started.elapsed();
    let wanted: Vec<String> = ids.iter().map(|id| format!("page {id}")).collect();
    check(
        "results",
        pages == wanted,
        format_args!("got {pages:?}, expected {wanted:?}: every page, in the order of the ids"),
    );
    let most = MOST.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "limit",
        most <= LIMIT,
        format_args!(
            "{most} fetches were under way at once, and the server takes at most {LIMIT}: is each fetch made while holding a permit of a `Semaphore` of {LIMIT}, until it ends? `let _ = semaphore.acquire()…` drops the permit at once (bind it to a name, `_permit`), and a permit taken outside the task and dropped once it is spawned limits the spawning, not the fetches"
        ),
    );
    // LIMIT at a time, the fetches take IDS / LIMIT rounds of WAIT; one at
    // a time, IDS rounds.
    let rounds = WAIT * IDS.div_ceil(LIMIT as u32);
    check(
        "overlap",
        took < rounds * 2,
        format_args!(
            "your {IDS} fetches took {took:.0?}; {LIMIT} at a time they take about {rounds:?}: do {LIMIT} of them run at once? A task awaited right after it is spawned makes the next one wait for it"
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
