// ANCHOR: starter
use std::collections::HashMap;
use std::sync::Mutex;

/// Returns the value of `key`: from `cache` if it is there, otherwise
/// fetched (slowly) and stored in `cache` for next time. Several threads
/// call it at once, each with its own key.
fn get(cache: &Mutex<HashMap<u32, String>>, key: u32) -> String {
    let mut map = cache.lock().unwrap();
    if let Some(value) = map.get(&key) {
        return value.clone();
    }
    let value = fetch(key);
    map.insert(key, value.clone());
    value
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails overlap

/// How long a fetch takes.
const WAIT: std::time::Duration = std::time::Duration::from_millis(100);

/// How many times `fetch` was called.
static FETCHES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many fetches are under way now, and the most that ever were at once:
/// counted, not timed, so that a busy machine cannot change the verdict.
static RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static MOST: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Notes that one more fetch is under way.
fn begin() {
    use std::sync::atomic::Ordering::SeqCst;
    MOST.fetch_max(RUNNING.fetch_add(1, SeqCst) + 1, SeqCst);
}

/// Notes that one fetch is over.
fn end() {
    RUNNING.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
}

/// Fetches the value of `key` from a slow service. It needs no lock.
fn fetch(key: u32) -> String {
    FETCHES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    begin();
    std::thread::sleep(WAIT);
    end();
    format!("value {key}")
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let keys = [1, 2, 3];
    let cache = std::sync::Mutex::new(std::collections::HashMap::new());
    // Three threads, three keys, an empty cache: three fetches at once.
    let started = std::time::Instant::now();
    let first: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = keys
            .iter()
            .map(|&key| {
                let cache = &cache;
                s.spawn(move || get(cache, key))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let took = started.elapsed();
    // The same keys again: each must now come from the cache.
    let again: Vec<String> = keys.iter().map(|&key| get(&cache, key)).collect();
    let fetches = FETCHES.load(std::sync::atomic::Ordering::SeqCst);

    let wanted: Vec<String> = keys.iter().map(|key| format!("value {key}")).collect();
    check(
        "results",
        first == wanted && again == wanted,
        format_args!(
            "got {first:?}, then {again:?}; expected {wanted:?} both times: each key's own value"
        ),
    );
    // Fetches that overlap are under way at the same time; fetches that
    // take turns, never two at once, however fast or busy the machine.
    let most = MOST.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "overlap",
        most > 1,
        format_args!(
            "the three threads took {took:.0?} to get three keys, one fetch at a time; fetched at once they take about {WAIT:?}: the fetches took turns. The cache stayed locked while a value was fetched, so every other thread waited for it, even for another key. Lock the cache to look, let go, fetch, then lock it again to insert"
        ),
    );
    check(
        "cached",
        fetches == keys.len(),
        format_args!(
            "{fetches} fetches for {} keys asked for twice each: a value fetched once must be in the cache the next time. Does your `insert` go into the cache itself, or into a copy of it?",
            keys.len()
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
