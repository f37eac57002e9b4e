// ANCHOR: starter
/// Runs `crunch` on every input and returns the answers in the order of
/// `inputs`. Each `crunch` keeps a core busy for a while, with no `.await`
/// in it: keep it off the runtime's thread, so that the heartbeat ticks on.
async fn crunch_all(inputs: Vec<u64>) -> Vec<u64> {
    let mut answers = Vec::new();
    for n in inputs {
        answers.push(crunch(n));
    }
    answers
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails heartbeat

/// How long each `crunch` keeps its thread busy.
const WORK: std::time::Duration = std::time::Duration::from_millis(150);
/// How often the heartbeat ticks.
const TICK: std::time::Duration = std::time::Duration::from_millis(10);

static CRUNCHED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Adds up `1..=n`, slowly: like real CPU work, it keeps its thread busy
/// (for `WORK`), and has no `.await` in it.
fn crunch(n: u64) -> u64 {
    CRUNCHED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let start = std::time::Instant::now();
    let mut spins: u64 = 0;
    while start.elapsed() < WORK {
        spins = std::hint::black_box(spins + 1);
    }
    (1..=n).sum()
}

/// A task that must keep ticking while your code runs, as a server must
/// keep answering: it wakes every `TICK` and notes when, until `STOP`.
async fn heartbeat() -> Vec<std::time::Instant> {
    let mut ticks = Vec::new();
    while !STOP.load(std::sync::atomic::Ordering::Relaxed) {
        tokio::time::sleep(TICK).await;
        ticks.push(std::time::Instant::now());
    }
    ticks
}

/// The longest stretch from `from` to `to` without a tick.
fn longest_gap(
    ticks: &[std::time::Instant],
    from: std::time::Instant,
    to: std::time::Instant,
) -> std::time::Duration {
    let mut last = from;
    let mut longest = std::time::Duration::ZERO;
    for &tick in ticks.iter().filter(|&&t| t > from && t < to) {
        longest = longest.max(tick - last);
        last = tick;
    }
    longest.max(to - last)
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let inputs: Vec<u64> = vec![10, 20, 30];
    let (answers, ticks, from, to) = runtime.block_on(async {
        let heartbeat = tokio::spawn(heartbeat());
        // The heartbeat is under way before your code starts.
        tokio::time::sleep(TICK * 3).await;
        let from = std::time::Instant::now();
        let answers = crunch_all(inputs.clone()).await;
        let to = std::time::Instant::now();
        STOP.store(true, std::sync::atomic::Ordering::Relaxed);
        (answers, heartbeat.await.unwrap(), from, to)
    });
    let wanted: Vec<u64> = inputs.iter().map(|&n| (1..=n).sum()).collect();
    let crunched = CRUNCHED.load(std::sync::atomic::Ordering::Relaxed);
    check(
        "results",
        answers == wanted && crunched == inputs.len(),
        format_args!(
            "got {answers:?} from {crunched} calls to crunch, expected {wanted:?} from {}: one crunch per input, the answers in the order of the inputs",
            inputs.len()
        ),
    );
    // A crunch on the runtime's only thread keeps every task from running
    // for all of WORK, however fast the machine: the heartbeat misses it.
    // Anywhere else, the heartbeat wakes every TICK or so.
    let gap = longest_gap(&ticks, from, to);
    check(
        "heartbeat",
        gap < WORK,
        format_args!(
            "the heartbeat went {gap:.0?} without a tick while crunch_all ran, though it ticks every {TICK:?}: the runtime's only thread was kept from it. Each crunch keeps its thread busy for {WORK:?}: called in the task, or by a par_iter the task waits for, or waited for with a blocking recv() on a std channel, it stops every task; hand each job to rayon::spawn and await a oneshot receiver"
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
