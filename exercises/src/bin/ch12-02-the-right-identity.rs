// ANCHOR: starter
use rayon::prelude::*;

/// How many readings, their sum, the lowest and the highest.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Summary {
    count: usize,
    sum: i64,
    min: i32,
    max: i32,
}

impl Summary {
    /// The summary of one reading.
    fn of(reading: i32) -> Summary {
        Summary {
            count: 1,
            sum: i64::from(reading),
            min: reading,
            max: reading,
        }
    }

    /// The summary of two groups of readings, from theirs.
    fn combine(self, other: Summary) -> Summary {
        Summary {
            count: self.count + other.count,
            sum: self.sum + other.sum,
            min: self.min.min(other.min),
            max: self.max.max(other.max),
        }
    }
}

/// Reads every sensor, on rayon's threads, and sums the readings up.
fn summarize(sensors: &[u32]) -> Summary {
    sensors
        .par_iter()
        .map(|&sensor| Summary::of(read(sensor)))
        .reduce(
            || Summary {
                count: 0,
                sum: 0,
                min: 0,
                max: 0,
            },
            Summary::combine,
        )
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails results

/// How long a sensor takes to read.
const READ: std::time::Duration = std::time::Duration::from_millis(5);
/// The threads of the grader's rayon pool, which runs `summarize`.
const THREADS: usize = 4;

/// The threads that read a sensor.
static READERS: std::sync::Mutex<Vec<std::thread::ThreadId>> = std::sync::Mutex::new(Vec::new());

/// Reads a sensor, which takes a while.
fn read(sensor: u32) -> i32 {
    READERS.lock().unwrap().push(std::thread::current().id());
    std::thread::sleep(READ);
    reading(sensor)
}

/// What sensor `sensor` reads. Sensors below 100 are outside in winter
/// (every reading below zero), the others in summer (every one above).
fn reading(sensor: u32) -> i32 {
    let spread = (sensor * 7 % 19) as i32;
    if sensor < 100 {
        -3 - spread
    } else {
        12 + spread
    }
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    // A pool of its own, the same size on every machine: its threads sleep
    // through their readings, so several of them get some, even on one core.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(THREADS)
        .build()
        .unwrap();
    let mut wrong = Vec::new();
    for (season, sensors) in [
        ("winter", (0..40).collect::<Vec<u32>>()),
        ("summer", (100..140).collect()),
    ] {
        let got = pool.install(|| summarize(&sensors));
        // The right answer, worked out here one reading at a time.
        let readings: Vec<i32> = sensors.iter().map(|&s| reading(s)).collect();
        let wanted = (
            readings.len(),
            readings.iter().map(|&r| i64::from(r)).sum::<i64>(),
            *readings.iter().min().unwrap(),
            *readings.iter().max().unwrap(),
        );
        if (got.count, got.sum, got.min, got.max) != wanted {
            wrong.push(format!(
                "in {season}, got {got:?}, expected count {}, sum {}, min {}, max {}",
                wanted.0, wanted.1, wanted.2, wanted.3
            ));
        }
    }
    check(
        "results",
        wrong.is_empty(),
        format_args!(
            "{}. rayon starts every piece of the split from the identity, so it is used once per piece, and `fold` gives one partial summary per piece, for `reduce` to combine. The identity must change nothing when combined: a count and a sum of 0, a min above every reading (i32::MAX), a max below every reading (i32::MIN)",
            wrong.join("; ")
        ),
    );
    let readers: std::collections::HashSet<std::thread::ThreadId> =
        READERS.lock().unwrap().iter().copied().collect();
    check(
        "parallel",
        readers.len() > 1,
        format_args!(
            "every sensor was read by one thread, one after another, although the pool has {THREADS}: `iter()` runs on the calling thread; `par_iter()` spreads the sensors over the pool's threads"
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
