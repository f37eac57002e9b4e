// ANCHOR: starter
use std::sync::mpsc;
use std::thread;

/// Hands every item that `produce` makes to a consumer thread, which runs
/// `consume` on each in turn, and returns once all are consumed.
/// `produce` is fast and `consume` slow: the producer must wait while
/// `CAPACITY` items already wait for the consumer.
fn pipeline() {
    let (tx, rx) = mpsc::channel();
    let consumer = thread::spawn(move || {
        for item in rx {
            consume(item);
        }
    });
    for n in 1..=ITEMS {
        tx.send(produce(n)).unwrap();
    }
    drop(tx);
    consumer.join().unwrap();
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails backpressure

/// How many items may wait in the channel.
const CAPACITY: usize = 2;
/// How many items there are.
const ITEMS: u32 = 10;
/// How long the consumer works on each item.
const WORK: std::time::Duration = std::time::Duration::from_millis(20);
/// How long the grader waits for `pipeline`: many times what it needs.
const DEADLINE: std::time::Duration = std::time::Duration::from_secs(1);

/// Items made, items whose consumption has started, and the most items
/// ever made but not yet taken up by the consumer.
static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static AHEAD: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// Every item consumed, in order.
static CONSUMED: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());

/// Makes item `n`, at once.
fn produce(n: u32) -> u32 {
    use std::sync::atomic::Ordering::SeqCst;
    let made = MADE.fetch_add(1, SeqCst) + 1;
    AHEAD.fetch_max(made - STARTED.load(SeqCst), SeqCst);
    n
}

/// Works on `item`, which takes a while.
fn consume(item: u32) {
    STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    CONSUMED.lock().unwrap().push(item);
    std::thread::sleep(WORK);
}

fn main() {
    use std::sync::atomic::Ordering::SeqCst;
    watchdog(std::time::Duration::from_secs(3));
    let (done, returned) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        pipeline();
        let _ = done.send(());
    });
    let ended = returned.recv_timeout(DEADLINE).is_ok();
    check(
        "no deadlock",
        ended,
        format_args!(
            "pipeline did not return within {DEADLINE:?}: {} items made, {} consumed. A `send` on a full bounded channel waits until the receiver takes an item out: is the consumer already receiving, on a thread of its own, while the producer sends?",
            MADE.load(SeqCst),
            STARTED.load(SeqCst)
        ),
    );
    if !ended {
        finish();
        return;
    }
    let consumed = CONSUMED.lock().unwrap().clone();
    let wanted: Vec<u32> = (1..=ITEMS).collect();
    check(
        "no lost message",
        consumed == wanted,
        format_args!(
            "the consumer got {consumed:?}; expected {wanted:?}: every item, once, in order"
        ),
    );
    // Counted, not timed: with a bound of CAPACITY, the producer can make
    // an item only once all but CAPACITY of the items it sent before have
    // been received, and the consumer takes up each item it receives
    // before it receives the next.
    let ahead = AHEAD.load(SeqCst);
    check(
        "backpressure",
        ahead <= CAPACITY + 2,
        format_args!(
            "the producer got {ahead} items ahead of the consumer (made, and not yet taken up by `consume`); with room for {CAPACITY} in the channel it can be at most {} ahead: {CAPACITY} waiting in the channel, one in each thread's hands. An unbounded `channel()`, or a bound as large as the whole job, lets items pile up; `sync_channel(CAPACITY)` makes `send` wait while the channel is full",
            CAPACITY + 2
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
