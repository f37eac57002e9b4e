// ANCHOR: starter
use std::sync::mpsc;
use std::thread;

/// Two workers do the jobs, each job by exactly one of them: `work` is
/// called once per job, on a worker thread.
fn run(jobs: Vec<u32>, work: fn(u32)) {
    let mut senders = Vec::new();
    let mut workers = Vec::new();
    for _ in 0..2 {
        let (tx, rx) = mpsc::channel::<u32>();
        senders.push(tx);
        workers.push(thread::spawn(move || {
            for job in rx {
                work(job);
            }
        }));
    }
    for job in jobs {
        for tx in &senders {
            tx.send(job).unwrap(); // every worker gets every job
        }
    }
    drop(senders); // no sender left: each worker's loop ends
    for worker in workers {
        worker.join().unwrap();
    }
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails each job once

/// The jobs, and how long the first two wait for each other.
const JOBS: u32 = 20;
const MEET_WITHIN: std::time::Duration = std::time::Duration::from_secs(1);

/// Every call of `work`: (thread, job).
static DONE: std::sync::Mutex<Vec<(std::thread::ThreadId, u32)>> =
    std::sync::Mutex::new(Vec::new());
/// How many calls have begun, and whether the first two met.
static BEGUN: std::sync::Mutex<usize> = std::sync::Mutex::new(0);
static ARRIVED: std::sync::Condvar = std::sync::Condvar::new();

/// The job: the first two calls wait (up to MEET_WITHIN) until both have
/// begun, which two workers taking turns at one queue always do.
fn work(job: u32) {
    {
        let mut begun = BEGUN.lock().unwrap();
        *begun += 1;
        ARRIVED.notify_all();
        if *begun <= 2 {
            let _ = ARRIVED
                .wait_timeout_while(begun, MEET_WITHIN, |b| *b < 2)
                .unwrap();
        }
    }
    DONE.lock()
        .unwrap()
        .push((std::thread::current().id(), job));
}

fn main() {
    watchdog(std::time::Duration::from_secs(4));
    let caller = std::thread::current().id();
    let started = std::time::Instant::now();
    run((0..JOBS).collect(), work);
    let waited = started.elapsed();
    let done = DONE.lock().unwrap().clone();
    let mut times = vec![0; JOBS as usize];
    for &(_, job) in &done {
        times[job as usize] += 1;
    }
    let twice: Vec<u32> = (0..JOBS).filter(|&j| times[j as usize] > 1).collect();
    let never: Vec<u32> = (0..JOBS).filter(|&j| times[j as usize] == 0).collect();
    check(
        "each job once",
        twice.is_empty() && never.is_empty(),
        format_args!(
            "{} of {JOBS} jobs were done more than once ({twice:?}) and {} never ({never:?}). Each worker has a channel of its own and gets a copy of every job: make one channel, and share its one `Receiver` between the workers as `Arc<Mutex<Receiver<u32>>>`",
            twice.len(),
            never.len()
        ),
    );
    check(
        "on worker threads",
        done.iter().all(|&(thread, _)| thread != caller),
        "some jobs ran on the thread that called `run`: hand them to the workers",
    );
    check(
        "two jobs at once",
        waited < MEET_WITHIN,
        format_args!(
            "the first job waited {waited:?} for a second job to start beside it, in vain: a worker held the lock on the receiver while it worked, so the other could take nothing. Lock only to `recv` one job (`let job = rx.lock().unwrap().recv();`), and drop the guard before the work"
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
