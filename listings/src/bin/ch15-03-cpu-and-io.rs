use std::hint::black_box;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// How many tasks each version runs, as in the Python guides.
const TASKS: u64 = 4;
/// How long each I/O task waits (a sleep stands for a download).
const WAIT: Duration = Duration::from_millis(40);

// ANCHOR: work
/// One CPU-bound task: `i * n` added up for every `i` in `from..to`, each
/// `i` through `black_box`, so that the processor runs every step, one at
/// a time (listing 15-1): a stand-in for work that has no shortcut. Never
/// inlined, so that every version runs the very same machine code.
#[inline(never)]
fn task(n: u64, from: u64, to: u64) -> u64 {
    let mut total: u64 = 0;
    for i in from..to {
        total = total.wrapping_add(black_box(i).wrapping_mul(n));
    }
    total
}

fn sequential(steps: u64) -> u64 {
    (1..=TASKS)
        .map(|n| task(n, 0, steps))
        .fold(0, u64::wrapping_add)
}

fn threads(steps: u64) -> u64 {
    let handles: Vec<_> = (1..=TASKS)
        .map(|n| thread::spawn(move || task(n, 0, steps)))
        .collect();
    handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .fold(0, u64::wrapping_add)
}

/// How many pieces rayon gets of each task.
const PIECES: u64 = 64;

/// Each task cut into pieces, which rayon's threads share out: four
/// whole tasks on two threads leave nothing to move to a thread that
/// finished early, or to take from one that a busy core slowed down.
fn with_rayon(steps: u64) -> u64 {
    (0..TASKS * PIECES)
        .into_par_iter()
        .map(|k| {
            let (n, piece) = (k / PIECES + 1, k % PIECES);
            task(n, steps * piece / PIECES, steps * (piece + 1) / PIECES)
        })
        .reduce(|| 0, u64::wrapping_add)
}

/// Each task in a process of its own: this very program, started again
/// with the arguments `task N STEPS`, prints its result.
fn processes(steps: u64) -> u64 {
    let me = std::env::current_exe().expect("the path of this program");
    let children: Vec<_> = (1..=TASKS)
        .map(|n| {
            Command::new(&me)
                .args(["task", &n.to_string(), &steps.to_string()])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("a worker process")
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().expect("its result");
            assert!(out.status.success(), "a worker failed");
            String::from_utf8(out.stdout)
                .unwrap()
                .trim()
                .parse::<u64>()
                .unwrap()
        })
        .fold(0, u64::wrapping_add)
}

fn io_sequential() {
    for _ in 0..TASKS {
        thread::sleep(WAIT);
    }
}

fn io_threads() {
    let handles: Vec<_> = (0..TASKS)
        .map(|_| thread::spawn(|| thread::sleep(WAIT)))
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
}

fn io_async(runtime: &tokio::runtime::Runtime) {
    runtime.block_on(async {
        let tasks: Vec<_> = (0..TASKS)
            .map(|_| tokio::spawn(tokio::time::sleep(WAIT)))
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
    });
}
// ANCHOR_END: work

// ANCHOR: measure
/// The processor time used so far by this process (all its threads) and by
/// the child processes it has waited for, from Linux's `/proc/self/stat`,
/// in hundredths of a second; elsewhere, zero.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // After the name in parentheses, fields 12 to 15: user and system time
    // of this process, then of its children.
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(4)
        .map(|field| field.parse::<u64>().unwrap_or(0))
        .sum();
    Duration::from_millis(ticks * 10)
}

/// What one version gave: its result, its best (minimum) time, and the
/// CPU time over the wall time of its timed runs together.
struct Timing {
    result: u64,
    best: Duration,
    cpu: Duration,
    wall: Duration,
}

impl Timing {
    fn cpu_per_wall(&self) -> f64 {
        self.cpu.as_secs_f64() / self.wall.as_secs_f64()
    }
}

/// Runs each version once to warm up, then `rounds` rounds of every
/// version in turn, so that a busy moment of the machine falls on all the
/// versions alike, not on one of them.
fn measure(rounds: usize, versions: &[&dyn Fn() -> u64]) -> Vec<Timing> {
    let mut timings: Vec<Timing> = versions
        .iter()
        .map(|f| Timing {
            result: f(), // warm-up
            best: Duration::MAX,
            cpu: Duration::ZERO,
            wall: Duration::ZERO,
        })
        .collect();
    for _ in 0..rounds {
        for (f, timing) in versions.iter().zip(&mut timings) {
            let (cpu, start) = (cpu_time(), Instant::now());
            assert_eq!(f(), timing.result, "every run computes the same");
            let took = start.elapsed();
            timing.cpu += cpu_time() - cpu;
            timing.wall += took;
            timing.best = timing.best.min(took);
        }
    }
    timings
}
// ANCHOR_END: measure

// ANCHOR: main
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("task") {
        // A worker process: one task, its result on standard output.
        let number = |i: usize| args[i].parse::<u64>().expect("a number");
        println!("{}", task(number(1), 0, number(2)));
        return;
    }
    // Steps per task: 50000, or the first argument.
    let steps: u64 = args
        .first()
        .map_or(50_000, |a| a.parse().expect("a number"));
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    println!("{cores} cores");
    println!("CPU-bound: {TASKS} tasks of {steps} steps, best of 3 rounds after a warm-up");
    println!("version      best time  speedup  CPU / wall  result");
    let names = ["sequential", "threads", "rayon", "processes"];
    let timings = measure(
        3,
        &[
            &|| sequential(steps),
            &|| threads(steps),
            &|| with_rayon(steps),
            &|| processes(steps),
        ],
    );
    for (name, timing) in names.iter().zip(&timings) {
        println!(
            "{name:<11} {:>8.1} ms {:>7.2}x {:>11.2}  {}",
            timing.best.as_secs_f64() * 1e3,
            timings[0].best.as_secs_f64() / timing.best.as_secs_f64(),
            timing.cpu_per_wall(),
            timing.result,
        );
    }

    let wait = WAIT.as_millis();
    println!("I/O-bound: {TASKS} waits of {wait} ms, one run each");
    println!("version           time  speedup");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let time = |f: &dyn Fn()| {
        let start = Instant::now();
        f();
        start.elapsed()
    };
    let io_base = time(&io_sequential);
    for (name, took) in [
        ("sequential", io_base),
        ("threads", time(&io_threads)),
        ("async", time(&|| io_async(&runtime))),
    ] {
        println!(
            "{name:<11} {:>8.1} ms {:>7.2}x",
            took.as_secs_f64() * 1e3,
            io_base.as_secs_f64() / took.as_secs_f64(),
        );
    }
}
// ANCHOR_END: main
