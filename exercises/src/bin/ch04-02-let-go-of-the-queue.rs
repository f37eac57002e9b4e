// ANCHOR: starter
use std::sync::Mutex;

/// One of several workers that share the queue `jobs`: takes a job from
/// the queue and runs it, again and again, until the queue is empty.
fn worker(jobs: &Mutex<Vec<u32>>) {
    while let Some(job) = jobs.lock().unwrap().pop() {
        run(job);
    }
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails overlap

/// How long each job takes.
const WAIT: std::time::Duration = std::time::Duration::from_millis(50);
const WORKERS: usize = 3;
const JOBS: u32 = 6;

/// How many jobs are running now, and the most that ever ran at once.
static RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static MOST: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// Every job run, in the order they ended.
static DONE: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());

/// Runs job `job`: it takes a while, and needs no lock.
fn run(job: u32) {
    use std::sync::atomic::Ordering::SeqCst;
    let now = RUNNING.fetch_add(1, SeqCst) + 1;
    MOST.fetch_max(now, SeqCst);
    std::thread::sleep(WAIT);
    RUNNING.fetch_sub(1, SeqCst);
    DONE.lock().unwrap().push(job);
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let jobs = std::sync::Mutex::new((1..=JOBS).collect::<Vec<u32>>());
    let started = std::time::Instant::now();
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(|| worker(&jobs));
        }
    });
    let took = started.elapsed();
    let mut done = DONE.lock().unwrap().clone();
    done.sort_unstable();
    let wanted: Vec<u32> = (1..=JOBS).collect();
    check(
        "results",
        done == wanted,
        format_args!("the jobs run were {done:?}; expected {wanted:?}: every job, once"),
    );
    // Jobs that overlap are under way at the same time; with the queue
    // locked through each job, never two are, however fast or busy the
    // machine: counted, not timed.
    let most = MOST.load(std::sync::atomic::Ordering::SeqCst);
    let rounds = JOBS.div_ceil(WORKERS as u32);
    check(
        "overlap",
        most > 1,
        format_args!(
            "the {JOBS} jobs took {took:.0?}, at most {most} at a time; {WORKERS} workers running them at once take about {:?}. The queue stayed locked while each job ran: the guard made in a `while let`, `match` or `if let` line lives through the whole block it runs. Take the job in a `let` statement of its own, which releases the lock at its `;`",
            WAIT * rounds
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
