use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;

fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}

/// Starts a blocking job of 300 ms on `runtime`'s blocking threads, and
/// returns once it is under way.
fn start_blocking_job(runtime: &Runtime, name: &'static str, start: Instant) {
    let (started, under_way) = mpsc::channel();
    runtime.spawn_blocking(move || {
        println!("[{:4} ms] {name} starts", ms(start));
        started.send(()).unwrap();
        thread::sleep(Duration::from_millis(300)); // no `.await`: no way to stop it
        println!("[{:4} ms] {name} ends", ms(start));
    });
    under_way.recv().unwrap();
}

// ANCHOR: main
fn main() {
    let start = Instant::now();

    let runtime = Runtime::new().unwrap();
    start_blocking_job(&runtime, "blocking 1", start);
    println!("[{:4} ms] drop(runtime) starts", ms(start));
    drop(runtime); // waits for every blocking job
    println!("[{:4} ms] drop(runtime) ends", ms(start));

    let runtime = Runtime::new().unwrap();
    start_blocking_job(&runtime, "blocking 2", start);
    println!("[{:4} ms] shutdown_timeout starts", ms(start));
    runtime.shutdown_timeout(Duration::from_millis(50)); // waits 50 ms at most
    println!("[{:4} ms] shutdown_timeout ends", ms(start));

    thread::sleep(Duration::from_millis(400)); // main goes on with other work
    println!("all done in {} ms", ms(start));
}
// ANCHOR_END: main
