// ANCHOR: starter
use std::sync::mpsc;

/// Runs `measure` on every item, as jobs of the pool, and returns the
/// results in the order of `items`. The jobs run at once, and end in
/// another order than they started: this collects the results as they end.
fn map_in_order(pool: &ThreadPool, items: Vec<u64>) -> Vec<u64> {
    let (sender, results) = mpsc::channel();
    let count = items.len();
    for item in items {
        let sender = sender.clone();
        pool.execute(move || {
            sender.send(measure(item)).unwrap();
        });
    }
    results.iter().take(count).collect()
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails results

/// A job: any closure the pool can send to a worker and run once.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// Listing 6-1's pool, with `execute` only.
pub struct ThreadPool {
    workers: Vec<std::thread::JoinHandle<()>>,
    queue: Option<std::sync::mpsc::Sender<Job>>,
}

impl ThreadPool {
    /// Starts `size` workers, all waiting on the same empty queue.
    pub fn new(size: usize) -> ThreadPool {
        let (queue, jobs) = std::sync::mpsc::channel::<Job>();
        let jobs = std::sync::Arc::new(std::sync::Mutex::new(jobs));
        let workers = (0..size)
            .map(|_| {
                let jobs = std::sync::Arc::clone(&jobs);
                std::thread::spawn(move || {
                    loop {
                        let job = jobs.lock().unwrap().recv();
                        match job {
                            Ok(job) => job(),
                            Err(_) => break,
                        }
                    }
                })
            })
            .collect();
        ThreadPool {
            workers,
            queue: Some(queue),
        }
    }

    /// Puts a job in the queue; the first free worker will run it.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        let queue = self.queue.as_ref().expect("the queue closes only on drop");
        queue
            .send(Box::new(job))
            .expect("the workers outlive the queue");
    }
}

impl Drop for ThreadPool {
    /// Closes the queue, then waits for every worker.
    fn drop(&mut self) {
        drop(self.queue.take());
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

/// The items, in the order their results are wanted.
const ITEMS: [u64; 6] = [7, 3, 9, 1, 4, 6];
/// How long `measure` takes for every item but the first.
const WAIT: std::time::Duration = std::time::Duration::from_millis(50);
/// The longest the first item's job waits for the others: it never needs
/// as long when the jobs run at once (the others take three rounds of
/// `WAIT` on the two other workers).
const SLOW_LIMIT: std::time::Duration = std::time::Duration::from_millis(600);

/// How many jobs of items other than the first have ended.
static ENDED: std::sync::Mutex<usize> = std::sync::Mutex::new(0);
static ENDED_CHANGED: std::sync::Condvar = std::sync::Condvar::new();
/// Whether the first item's job gave up waiting for the others.
static TIMED_OUT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Measures `item`: takes a while, and returns its square. The first
/// item's job is the slowest, whatever the machine: it ends only once the
/// job of every other item has ended (or after `SLOW_LIMIT`), so that the
/// jobs end in another order than they start.
fn measure(item: u64) -> u64 {
    let mut ended = ENDED.lock().unwrap();
    if item == ITEMS[0] {
        let others = ITEMS.len() - 1;
        let (ended, waited) = ENDED_CHANGED
            .wait_timeout_while(ended, SLOW_LIMIT, |ended| *ended < others)
            .unwrap();
        drop(ended);
        if waited.timed_out() {
            TIMED_OUT.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    } else {
        drop(ended);
        std::thread::sleep(WAIT);
        ended = ENDED.lock().unwrap();
        *ended += 1;
        ENDED_CHANGED.notify_all();
    }
    item * item
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let pool = ThreadPool::new(3);
    let results = map_in_order(&pool, ITEMS.to_vec());
    drop(pool);
    let wanted: Vec<u64> = ITEMS.iter().map(|item| item * item).collect();
    let mut sorted = wanted.clone();
    sorted.sort_unstable();
    let mut same_values = results.clone();
    same_values.sort_unstable();
    let why = if results == sorted {
        "the results are sorted by value, but the order wanted is the order of the items, not of their values"
    } else if same_values == sorted {
        "every result, but in the order the jobs ended (the first item's job is the slowest), not in the order of the items. Tag each result with its item's index and put it in its place, or give each job a channel of its own and receive from them in order"
    } else {
        "one result per item, in the order of the items"
    };
    check(
        "results",
        results == wanted,
        format_args!("got {results:?}, expected {wanted:?}: {why}"),
    );
    check(
        "overlap",
        !TIMED_OUT.load(std::sync::atomic::Ordering::SeqCst),
        format_args!(
            "the first item's job waited {SLOW_LIMIT:?} for the jobs of the other items, which did not run meanwhile: did the jobs run at once? Receiving a job's result right after queueing it makes the next job wait for it; queue every job first"
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
