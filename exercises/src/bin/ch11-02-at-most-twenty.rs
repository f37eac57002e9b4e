// ANCHOR: starter
/// Fetches every page, a task each, and returns them in the order of
/// `ids`. The server refuses a client that has more than `LIMIT` fetches
/// under way at once: keep at most `LIMIT` of them under way.
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

/// How many fetches the server lets one client have under way at once.
const LIMIT: usize = 20;
/// How many pages to fetch.
const PAGES: u32 = 60;
/// How long each fetch waits for the server.
const WAIT: std::time::Duration = std::time::Duration::from_millis(100);

/// How many fetches are under way now, and the most there ever were.
static OPEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static MOST: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// How many fetches the server refused.
static REFUSED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Fetches page `id` from a server that allows `LIMIT` fetches at once: one
/// more, and it refuses it.
async fn fetch(id: u32) -> String {
    use std::sync::atomic::Ordering::SeqCst;
    let open = OPEN.fetch_add(1, SeqCst) + 1;
    MOST.fetch_max(open, SeqCst);
    if open > LIMIT {
        OPEN.fetch_sub(1, SeqCst);
        REFUSED.fetch_add(1, SeqCst);
        return format!("refused {id}");
    }
    tokio::time::sleep(WAIT).await;
    OPEN.fetch_sub(1, SeqCst);
    format!("page {id}")
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ids: Vec<u32> = (1..=PAGES).collect();
    // LIMIT at a time, the pages come in three waves of one WAIT each; one
    // at a time, they would take sixty. `fetch_all` gets three times the
    // three, and is dropped if it is not done by then.
    let waves = (PAGES as usize).div_ceil(LIMIT) as u32;
    let limit = WAIT * waves * 3;
    let started = std::time::Instant::now();
    let pages =
        runtime.block_on(async { tokio::time::timeout(limit, fetch_all(ids.clone())).await });
    let took = started.elapsed();
    let most = MOST.load(std::sync::atomic::Ordering::SeqCst);
    let refused = REFUSED.load(std::sync::atomic::Ordering::SeqCst);
    match &pages {
        Ok(pages) => {
            let wanted: Vec<String> = ids.iter().map(|id| format!("page {id}")).collect();
            let wrong: Vec<&String> = pages
                .iter()
                .zip(&wanted)
                .filter(|(page, wanted)| page != wanted)
                .map(|(page, _)| page)
                .take(3)
                .collect();
            check(
                "results",
                *pages == wanted,
                format_args!(
                    "got {} pages, {} of them wrong (first: {wrong:?}); expected \"page 1\" to \"page {PAGES}\", in the order of the ids",
                    pages.len(),
                    pages.iter().zip(&wanted).filter(|(p, w)| p != w).count()
                ),
            );
        }
        Err(_) => check(
            "results",
            false,
            format_args!(
                "fetch_all had not returned after {limit:?}, so its pages could not be checked"
            ),
        ),
    }
    check(
        "limit",
        most <= LIMIT,
        format_args!(
            "the server refused {refused} of the {PAGES} fetches: more than {LIMIT} were under way at once. Every fetch must hold a permit of one Semaphore of LIMIT permits, shared by all the tasks (in an Arc), until the fetch is done: `let _ = ...acquire()` drops the permit at once; keep it in a named variable, such as `_permit`"
        ),
    );
    check(
        "overlap",
        pages.is_ok() && took < limit,
        format_args!(
            "the {PAGES} fetches took {took:.0?}; {LIMIT} at a time they take about {:?}: let LIMIT fetches wait at once, not one",
            WAIT * waves
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
