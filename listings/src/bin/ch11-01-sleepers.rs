use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

const TASKS: usize = 100_000;
const THREADS: usize = 10_000;
/// How long each task and thread would sleep: far longer than the program
/// runs, so that none can end before memory has been read. `main` ends
/// them early, once it has.
const LONG: Duration = Duration::from_secs(60);

/// A line of `/proc/self/status`, such as `VmRSS` (the memory of this
/// process that is resident in RAM now), in KiB.
fn status_kib(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|line| line.starts_with(field))
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"));
    // `VmRSS:	    4352 kB`
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// How many have gone to sleep, how many have finished, and whether to stop.
#[derive(Default)]
struct Counts {
    asleep: AtomicUsize,
    finished: AtomicUsize,
    stop: AtomicBool,
}

/// What one group reports.
fn report(what: &str, n: usize, before: usize, during: usize, counts: &Counts) {
    let alive = counts.asleep.load(Ordering::SeqCst) - counts.finished.load(Ordering::SeqCst);
    println!("{what}: {alive} of {n} alive when measured");
    println!("  VmRSS before {before} KiB, while asleep {during} KiB");
    println!("  {} bytes per {what}", (during - before) * 1024 / n);
}

// ANCHOR: sleepers
/// One sleeping task.
async fn sleeper(counts: Arc<Counts>) {
    counts.asleep.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(LONG).await;
    counts.finished.fetch_add(1, Ordering::SeqCst);
}

fn tasks(start: Instant) {
    // One thread runs every task: nothing runs until `main` awaits.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    runtime.block_on(async {
        let counts = Arc::new(Counts::default());
        let future = sleeper(counts.clone());
        println!(
            "one task's future: {} bytes",
            std::mem::size_of_val(&future)
        );
        drop(future);
        let before = status_kib("VmRSS");
        println!("[{:4} ms] tasks starts", start.elapsed().as_millis());
        for _ in 0..TASKS {
            tokio::spawn(sleeper(counts.clone()));
        }
        while counts.asleep.load(Ordering::SeqCst) < TASKS {
            tokio::task::yield_now().await; // let the tasks run
        }
        let during = status_kib("VmRSS");
        report("task", TASKS, before, during, &counts);
    });
    // Dropping the runtime drops every task in it, asleep or not.
    drop(runtime);
    println!("[{:4} ms] tasks ends", start.elapsed().as_millis());
}

fn threads(start: Instant) {
    let counts = Arc::new(Counts::default());
    let before = status_kib("VmRSS");
    println!("[{:4} ms] threads starts", start.elapsed().as_millis());
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let counts = counts.clone();
            thread::spawn(move || {
                counts.asleep.fetch_add(1, Ordering::SeqCst);
                // Asleep until `unpark`, or `LONG`; and again if woken early.
                while !counts.stop.load(Ordering::SeqCst) {
                    thread::park_timeout(LONG);
                }
                counts.finished.fetch_add(1, Ordering::SeqCst);
            })
        })
        .collect();
    while counts.asleep.load(Ordering::SeqCst) < THREADS {
        thread::sleep(Duration::from_millis(1));
    }
    let during = status_kib("VmRSS");
    report("thread", THREADS, before, during, &counts);
    // A thread cannot be dropped: it must be woken, and must end by itself.
    counts.stop.store(true, Ordering::SeqCst);
    for handle in &handles {
        handle.thread().unpark();
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("[{:4} ms] threads ends", start.elapsed().as_millis());
}
// ANCHOR_END: sleepers

fn main() {
    let start = Instant::now();
    tasks(start);
    threads(start);
    println!("peak VmHWM {} KiB", status_kib("VmHWM"));
    println!("all done in {} ms", start.elapsed().as_millis());
}
