use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// Stands in for any slow call that mostly waits: a download, a query.
fn job(name: &str, start: Instant) {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    thread::sleep(Duration::from_millis(100));
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
}

// ANCHOR: main
fn main() {
    let start = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();

    // scope: jobs may borrow (here, `names`), and `scope` returns only
    // when every job spawned in it has finished.
    let names: Vec<String> = (1..=6).map(|i| format!("job {i}")).collect();
    pool.scope(|s| {
        for name in &names {
            s.spawn(move |_| job(name, start));
        }
    });

    // install: runs a closure on the pool, and rayon's parallel iterators
    // inside it use the pool's threads. Results keep the input's order.
    let squares: Vec<u64> = pool.install(|| (1..=6u64).into_par_iter().map(|x| x * x).collect());
    println!("squares: {squares:?}");

    // spawn: fire and forget. The job must own what it uses ('static),
    // and nothing waits for it: a channel brings its answer back.
    let (sender, answer) = mpsc::channel();
    pool.spawn(move || sender.send(rayon::current_num_threads()).unwrap());
    println!("threads in the pool: {}", answer.recv().unwrap());
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
