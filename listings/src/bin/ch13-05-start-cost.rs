use std::env;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const PROCESSES: u32 = 5;
const THREADS: u32 = 200;
const TASKS: u32 = 2_000;
const ROUNDS: u32 = 5;

/// The best (shortest) of `ROUNDS` runs of `f`, divided by `n`.
fn best_per_unit(n: u32, mut f: impl FnMut()) -> Duration {
    let best = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap();
    best / n
}

// ANCHOR: main
fn main() {
    if env::args().nth(1).as_deref() == Some("exit") {
        return; // a child that does nothing at all
    }
    let me = env::current_exe().unwrap();

    // A process: start this program again, and wait for it to exit.
    let process = best_per_unit(PROCESSES, || {
        for _ in 0..PROCESSES {
            let status = Command::new(&me)
                .arg("exit")
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
        }
    });

    // A thread: spawn it, and join it.
    let thread = best_per_unit(THREADS, || {
        for i in 0..THREADS {
            thread::spawn(move || i).join().unwrap();
        }
    });

    // A tokio task, on a runtime with one thread: spawn it, and await it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let task = best_per_unit(TASKS, || {
        runtime.block_on(async {
            for i in 0..TASKS {
                tokio::spawn(async move { i }).await.unwrap();
            }
        })
    });

    println!("best of {ROUNDS} rounds, start one and wait for it to end:");
    println!("a process: {} us", process.as_micros());
    println!("a thread: {} us", thread.as_micros());
    println!("a tokio task: {} ns", task.as_nanos());
    let ratio = process.as_secs_f64() / thread.as_secs_f64();
    println!("a process costs as much as {ratio:.0} threads");
}
// ANCHOR_END: main
