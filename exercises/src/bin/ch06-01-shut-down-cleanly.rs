// ANCHOR: starter
/// Shuts the pool down when it is dropped. It must return only once every
/// job already queued has run, and every worker thread has ended. The
/// pool's fields: `workers`, the workers' `JoinHandle`s, and `queue`, the
/// `Sender` end of the job queue, an `Option` so that `take` can drop it.
impl Drop for ThreadPool {
    fn drop(&mut self) {
        for worker in self.workers.drain(..) {
            worker.join().unwrap();
        }
    }
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails no deadlock

/// A job: any closure the pool can send to a worker and run once.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// Listing 6-1's pool: a fixed number of worker threads that take jobs
/// from one queue. Only its `Drop` is yours.
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
                std::thread::spawn(move || work(&jobs))
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

/// What each worker does: take a job, run it, until the queue is closed
/// (every `Sender` dropped) and empty.
fn work(jobs: &std::sync::Mutex<std::sync::mpsc::Receiver<Job>>) {
    loop {
        let job = jobs.lock().unwrap().recv();
        match job {
            Ok(job) => job(),
            Err(_) => break,
        }
    }
}

/// How long each job takes.
const WAIT: std::time::Duration = std::time::Duration::from_millis(50);
/// How many jobs are queued before the pool is dropped.
const JOBS: usize = 6;
/// How long dropping the pool may take: the jobs need two rounds of
/// `WAIT` on three workers, so this is plenty even on a busy machine.
const LIMIT: std::time::Duration = std::time::Duration::from_secs(1);

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let ended = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let pool = ThreadPool::new(3);
    for _ in 0..JOBS {
        let ended = std::sync::Arc::clone(&ended);
        pool.execute(move || {
            std::thread::sleep(WAIT);
            ended.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        });
    }
    // Drops the pool on a thread of its own, so that a drop that never
    // returns can be reported here, with its cause.
    let (returned, dropped) = std::sync::mpsc::channel();
    let counter = std::sync::Arc::clone(&ended);
    std::thread::spawn(move || {
        drop(pool);
        let _ = returned.send(counter.load(std::sync::atomic::Ordering::SeqCst));
    });
    match dropped.recv_timeout(LIMIT) {
        Ok(ended_then) => {
            check("no deadlock", true, "");
            check(
                "no lost job",
                ended_then == JOBS,
                format_args!(
                    "when dropping the pool returned, {ended_then} of the {JOBS} jobs had ended; the others were still queued or running, and a program that ends then loses them. Close the queue, then join every worker: a worker finishes the jobs still queued before it stops"
                ),
            );
        }
        Err(_) => check(
            "no deadlock",
            false,
            format_args!(
                "dropping the pool did not return within {LIMIT:?}, though {} of its {JOBS} jobs had ended: the workers still wait in `recv` for another job, because the queue is still open. It closes when its `Sender` is dropped, and the pool's own one, `self.queue`, is dropped only after `drop` returns: drop it first, with `self.queue.take()`, then join the workers",
                ended.load(std::sync::atomic::Ordering::SeqCst)
            ),
        ),
    }
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
