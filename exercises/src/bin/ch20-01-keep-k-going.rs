// ANCHOR: starter
use tokio::task::JoinSet;

/// Fetches every id, each in a task of its own, and returns the pages in
/// any order. The server takes at most `LIMIT` requests at once: never
/// have more than that under way, and start the next one as soon as a
/// place is free.
async fn fetch_all(ids: Vec<u32>) -> Vec<String> {
    let mut set = JoinSet::new();
    for id in ids {
        set.spawn(fetch(id));
    }
    let mut pages = Vec::new();
    while let Some(page) = set.join_next().await {
        pages.push(page.unwrap());
    }
    pages
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails limit

/// How many requests the server takes at once.
const LIMIT: usize = 3;
/// How long a slow request takes, and a quick one.
const SLOW: std::time::Duration = std::time::Duration::from_millis(300);
const QUICK: std::time::Duration = std::time::Duration::from_millis(10);
/// How many pages to fetch.
const IDS: u32 = 9;

/// How many fetches are under way now, and the most there ever were.
static UNDER_WAY: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static MOST: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Fetches page `id` from the server: it only waits, `SLOW` for every third
/// id and `QUICK` for the others, and counts the fetches under way at once.
async fn fetch(id: u32) -> String {
    use std::sync::atomic::Ordering::SeqCst;
    let now = UNDER_WAY.fetch_add(1, SeqCst) + 1;
    MOST.fetch_max(now, SeqCst);
    tokio::time::sleep(if id.is_multiple_of(3) { SLOW } else { QUICK }).await;
    UNDER_WAY.fetch_sub(1, SeqCst);
    format!("page {id}")
}

fn main() {
    watchdog(std::time::Duration::from_secs(4));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let ids: Vec<u32> = (1..=IDS).collect();
    let started = std::time::Instant::now();
    let mut pages = runtime.block_on(fetch_all(ids.clone()));
    let took = started.elapsed();
    pages.sort_by_key(|page| page[5..].parse::<u32>().unwrap_or(0));
    let wanted: Vec<String> = ids.iter().map(|id| format!("page {id}")).collect();
    check(
        "results",
        pages == wanted,
        format_args!("got {pages:?}, expected every page of {wanted:?} once, in any order"),
    );
    let most = MOST.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "limit",
        most <= LIMIT,
        format_args!(
            "{most} fetches were under way at once, and the server takes at most {LIMIT}: spawn {LIMIT} fetches, and then spawn the next only when `join_next` has given one back (`set.len()` says how many are in the set)"
        ),
    );
    // The three slow fetches (ids 3, 6, 9) fall in different groups of
    // LIMIT: waiting for a whole group before starting the next takes at
    // least three slow fetches, one after another. Topped up, the quick
    // fetches run beside the slow ones, and it takes little more than one.
    let groups = SLOW * 3;
    check(
        "pace",
        took < groups,
        format_args!(
            "your {IDS} fetches took {took:.0?}, at least {groups:?}, as long as three slow fetches one after another: does a group of {LIMIT} wait for its slowest before the next group starts? Start a new fetch as soon as any one ends, with `set.join_next().await`"
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
