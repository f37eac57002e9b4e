// ANCHOR: starter
use tokio::task::JoinSet;

/// Downloads every page at once, in a `JoinSet`, and returns the pages in
/// the order of `names`. The downloads end in another order than they
/// start: this collects them as they end.
async fn download_all(names: Vec<&'static str>) -> Vec<String> {
    let mut set = JoinSet::new();
    for name in names {
        set.spawn(download(name));
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
// grader: fails results

/// The pages to download, and how long each download waits: the longest
/// first, so that the downloads end in another order than they start.
const PAGES: [(&str, u64); 4] = [("home", 200), ("about", 50), ("blog", 150), ("shop", 100)];

/// Downloads page `name`: it only waits, as a request to a slow server
/// does, without blocking its thread.
async fn download(name: &'static str) -> String {
    let millis = PAGES
        .iter()
        .find(|(page, _)| *page == name)
        .map_or(0, |p| p.1);
    tokio::time::sleep(std::time::Duration::from_millis(millis)).await;
    format!("<{name}>")
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let names: Vec<&'static str> = PAGES.iter().map(|(name, _)| *name).collect();
    let started = std::time::Instant::now();
    let pages = runtime.block_on(download_all(names.clone()));
    let took = started.elapsed();
    let wanted: Vec<String> = names.iter().map(|name| format!("<{name}>")).collect();
    let (mut sorted, mut wanted_sorted) = (pages.clone(), wanted.clone());
    sorted.sort();
    wanted_sorted.sort();
    let why = if pages == wanted_sorted {
        "the pages are sorted by name, but the order wanted is the order of `names`"
    } else if sorted == wanted_sorted {
        "every page, but in the order the downloads ended, not the order of `names`: `join_next` hands results back as they finish. Have each task return its index with its page, and put each page in its place"
    } else {
        "one page per name, in the order of `names`"
    };
    check(
        "results",
        pages == wanted,
        format_args!("got {pages:?}, expected {wanted:?}: {why}"),
    );
    // At once, the downloads take about as long as the longest; one after
    // another, as long as all of them together.
    let longest = std::time::Duration::from_millis(PAGES.iter().map(|p| p.1).max().unwrap());
    let total = std::time::Duration::from_millis(PAGES.iter().map(|p| p.1).sum());
    check(
        "overlap",
        took < longest * 2,
        format_args!(
            "your {} downloads took {took:.0?}; at once they take about as long as the longest, {longest:?}, and one after another {total:?}: do they overlap? A task awaited right after it is spawned makes the next one wait for it",
            names.len()
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
