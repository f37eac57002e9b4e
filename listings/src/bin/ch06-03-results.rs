use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::thread::sleep;
use std::time::{Duration, Instant};

use self::sync::{Arc, Mutex, mpsc, thread};

/// The pool's primitives: std's. The chapter's model checks compile this
/// file with loom's instead (`cargo test -p listings --features loom`).
mod sync {
    #[cfg(not(feature = "loom"))]
    pub(crate) use std::{
        sync::{Arc, Mutex, mpsc},
        thread,
    };
    #[cfg(feature = "loom")]
    pub(crate) use {
        listings::ch06_loom::mpsc,
        loom::{
            sync::{Arc, Mutex},
            thread,
        },
    };
}

// ANCHOR: pool
type Job = Box<dyn FnOnce() + Send + 'static>;

/// What a job that panicked leaves behind: the value it panicked with.
pub type Panic = Box<dyn Any + Send + 'static>;

pub struct ThreadPool {
    workers: Vec<thread::JoinHandle<()>>,
    queue: Option<mpsc::Sender<Job>>,
}

/// The result of one submitted job, to wait for.
pub struct JobHandle<T> {
    result: mpsc::Receiver<Result<T, Panic>>,
}

impl<T> JobHandle<T> {
    /// Waits for the job: `Ok` with what it returned, `Err` if it panicked.
    pub fn join(self) -> Result<T, Panic> {
        self.result
            .recv()
            .expect("the pool runs every job it accepts")
    }
}

impl ThreadPool {
    pub fn new(size: usize) -> ThreadPool {
        assert!(size > 0, "a pool needs at least one worker");
        let (queue, jobs) = mpsc::channel::<Job>();
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

    /// Queues `f` and returns a handle to its result. A panic in `f` is
    /// caught, so its worker lives on, and handed to the handle.
    pub fn submit<T, F>(&self, f: F) -> JobHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (sender, result) = mpsc::channel();
        let job = move || {
            let outcome = panic::catch_unwind(AssertUnwindSafe(f));
            // The handle may be gone: then nobody wants the result.
            let _ = sender.send(outcome);
        };
        let queue = self.queue.as_ref().expect("the queue closes only on drop");
        queue
            .send(Box::new(job))
            .expect("the workers outlive the queue");
        JobHandle { result }
    }

    /// Runs `f` on every item, spread over the workers, and returns the
    /// results in the order of the items, whatever order they finish in.
    /// If a job panics, `map` panics with the same value.
    pub fn map<I, F, R>(&self, items: I, f: F) -> Vec<R>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        F: Fn(I::Item) -> R + Send + Sync + 'static,
        R: Send + 'static,
    {
        let f = Arc::new(f);
        let handles: Vec<JobHandle<R>> = items
            .into_iter()
            .map(|item| {
                let f = Arc::clone(&f);
                self.submit(move || f(item))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| panic::resume_unwind(panic))
            })
            .collect()
    }
}

fn work(jobs: &Mutex<mpsc::Receiver<Job>>) {
    loop {
        let job = jobs.lock().unwrap().recv();
        match job {
            Ok(job) => job(),
            Err(_) => break,
        }
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        drop(self.queue.take());
        for worker in self.workers.drain(..) {
            worker.join().unwrap();
        }
    }
}

/// The message a job panicked with, if it was a string.
fn message(panic: &Panic) -> &str {
    match panic.downcast_ref::<&str>() {
        Some(text) => text,
        None => "(not a string)",
    }
}

fn main() {
    let pool = ThreadPool::new(3);

    let answer = pool.submit(|| 6 * 7);
    println!("answer: {}", answer.join().unwrap());

    let failed = pool.submit(|| -> u64 { panic!("no answer") });
    match failed.join() {
        Ok(value) => println!("failed: returned {value}"),
        Err(panic) => println!("failed: {}", message(&panic)),
    }

    // Each item is how long its job sleeps, in milliseconds.
    let start = Instant::now();
    let results = pool.map([300, 100, 200], move |ms| {
        let name = format!("job {ms}");
        println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
        sleep(Duration::from_millis(ms));
        println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
        ms
    });
    println!("results: {results:?}");
    drop(pool);
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: pool
