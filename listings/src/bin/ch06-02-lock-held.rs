use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

/// A job: any closure the pool can send to a worker and run once.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed number of worker threads that take jobs from one queue.
pub struct ThreadPool {
    workers: Vec<thread::JoinHandle<()>>,
    queue: Option<mpsc::Sender<Job>>,
}

impl ThreadPool {
    /// Starts `size` workers, all waiting on the same empty queue.
    pub fn new(size: usize) -> ThreadPool {
        assert!(size > 0, "a pool needs at least one worker");
        let (queue, jobs) = mpsc::channel::<Job>();
        // One receiver, shared by every worker: a Mutex lets one take a job
        // at a time, an Arc lets them all own it.
        let jobs = Arc::new(Mutex::new(jobs));
        let workers = (0..size)
            .map(|_| {
                let jobs = Arc::clone(&jobs);
                thread::spawn(move || work(&jobs))
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

// ANCHOR: work
/// What each worker does, with a bug: it keeps the queue locked while the
/// job runs, so no other worker can take a job meanwhile.
fn work(jobs: &Mutex<mpsc::Receiver<Job>>) {
    // The guard `lock()` returns is a temporary of the `while let`
    // condition: it lives until the end of the loop body, job included.
    while let Ok(job) = jobs.lock().unwrap().recv() {
        job();
    }
}
// ANCHOR_END: work

impl Drop for ThreadPool {
    /// Shuts down gracefully: closes the queue, then waits for every worker
    /// to finish every job still in it.
    fn drop(&mut self) {
        drop(self.queue.take());
        for worker in self.workers.drain(..) {
            worker.join().unwrap();
        }
    }
}

/// Stands in for any slow call that mostly waits: a download, a query.
fn job(name: &str, start: Instant) {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    thread::sleep(Duration::from_millis(100));
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
}

fn main() {
    let start = Instant::now();
    let pool = ThreadPool::new(3);
    for i in 1..=6 {
        pool.execute(move || job(&format!("job {i}"), start));
    }
    drop(pool); // waits for all six jobs
    println!("all done in {} ms", start.elapsed().as_millis());
}
