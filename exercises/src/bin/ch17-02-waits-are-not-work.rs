// ANCHOR: starter
use rayon::prelude::*;

/// Fetches every page and returns the digest of each, in the order of
/// `ids`. A `fetch` is a blocking call that only waits; `digest` computes.
fn fetch_and_digest(ids: &[u64]) -> Vec<u64> {
    ids.par_iter().map(|&id| digest(&fetch(id))).collect()
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails overlap

/// How long each fetch waits.
const WAIT: std::time::Duration = std::time::Duration::from_millis(100);
/// How many logical CPUs the grader's machine has: the threads of the
/// rayon pool it runs your code on, whatever machine runs it.
const CPUS: usize = 2;

static FETCHED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Fetches page `id`: a blocking call (say, a library's synchronous HTTP
/// client) that only waits, as a request to a slow server does.
fn fetch(id: u64) -> String {
    FETCHED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    std::thread::sleep(WAIT);
    format!("page {id}")
}

/// A digest of `page`: a little computation (FNV-1a).
fn digest(page: &str) -> u64 {
    page.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let ids: Vec<u64> = (1..=8).collect();
    // Your code runs as on a machine with CPUS logical CPUs: rayon's
    // threads, inside `install`, are this pool's.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(CPUS)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let digests = pool.install(|| fetch_and_digest(&ids));
    let took = started.elapsed();
    let wanted: Vec<u64> = ids.iter().map(|id| digest(&format!("page {id}"))).collect();
    let fetched = FETCHED.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "results",
        digests == wanted && fetched == ids.len(),
        format_args!(
            "got {digests:?} from {fetched} fetches, expected {wanted:?} from {}: one fetch per id, the digests in the order of the ids",
            ids.len()
        ),
    );
    // Waits that overlap take about one WAIT, however busy the machine.
    // Eight waits on two threads take at least four.
    check(
        "overlap",
        took < WAIT * 2,
        format_args!(
            "your {} fetches took {took:.0?}; all waiting at once, they take about {WAIT:?}. rayon runs as many jobs at once as it has threads ({CPUS} here, one per logical CPU), so its threads wait in turns; an async task that makes a blocking call holds its runtime's thread just as long. Waits need a thread each (std::thread::scope), or async waits",
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
