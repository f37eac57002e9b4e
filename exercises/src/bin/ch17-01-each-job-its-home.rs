// ANCHOR: starter
/// Runs every job and returns the answers in the order of `jobs`. A
/// `Fetch` only waits; a `Crunch` keeps a core busy for a while. Give each
/// kind the home it needs: the waits should overlap, and the heartbeat
/// should tick on.
async fn run_all(jobs: Vec<Job>) -> Vec<u64> {
    let mut answers = Vec::new();
    for job in jobs {
        let answer = match job {
            Job::Fetch(id) => fetch(id).await,
            Job::Crunch(n) => crunch(n),
        };
        answers.push(answer);
    }
    answers
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails heartbeat

/// A job of a server: a page to fetch (it waits), or a sum to crunch (it
/// computes).
#[derive(Clone, Copy, Debug)]
enum Job {
    Fetch(u64),
    Crunch(u64),
}

/// How long each fetch waits.
const WAIT: std::time::Duration = std::time::Duration::from_millis(100);
/// How long each `crunch` keeps its thread busy.
const WORK: std::time::Duration = std::time::Duration::from_millis(150);
/// How often the heartbeat ticks.
const TICK: std::time::Duration = std::time::Duration::from_millis(10);

static FETCHES: std::sync::Mutex<Vec<(u64, std::time::Instant, std::time::Instant)>> =
    std::sync::Mutex::new(Vec::new());
static CRUNCHED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Fetches page `id`: it only waits, as a request to a slow server does,
/// and answers `id * 100`.
async fn fetch(id: u64) -> u64 {
    let start = std::time::Instant::now();
    tokio::time::sleep(WAIT).await;
    FETCHES
        .lock()
        .unwrap()
        .push((id, start, std::time::Instant::now()));
    id * 100
}

/// Adds up `1..=n`, slowly: like real CPU work, it keeps its thread busy
/// (for `WORK`), and has no `.await` in it.
fn crunch(n: u64) -> u64 {
    CRUNCHED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
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
    let jobs = vec![
        Job::Fetch(1),
        Job::Crunch(10),
        Job::Fetch(2),
        Job::Fetch(3),
        Job::Crunch(20),
        Job::Fetch(4),
    ];
    let (answers, ticks, from, to) = runtime.block_on(async {
        let heartbeat = tokio::spawn(heartbeat());
        // The heartbeat is under way before your code starts.
        tokio::time::sleep(TICK * 3).await;
        let from = std::time::Instant::now();
        let answers = run_all(jobs.clone()).await;
        let to = std::time::Instant::now();
        STOP.store(true, std::sync::atomic::Ordering::Relaxed);
        (answers, heartbeat.await.unwrap(), from, to)
    });
    let wanted: Vec<u64> = jobs
        .iter()
        .map(|job| match *job {
            Job::Fetch(id) => id * 100,
            Job::Crunch(n) => (1..=n).sum(),
        })
        .collect();
    let fetches = FETCHES.lock().unwrap().clone();
    let crunched = CRUNCHED.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "results",
        answers == wanted && fetches.len() == 4 && crunched == 2,
        format_args!(
            "got {answers:?} from {} fetches and {crunched} crunches, expected {wanted:?} from 4 and 2: each job run once, the answers in the order of the jobs",
            fetches.len()
        ),
    );
    // Waits that overlap are all under way at one instant: the last fetch
    // starts before the first one ends. One after another, each starts
    // only after the one before it has ended.
    let last_start = fetches.iter().max_by_key(|f| f.1);
    let first_end = fetches.iter().min_by_key(|f| f.2);
    let overlap = match (last_start, first_end) {
        (Some(late), Some(early)) if late.1 >= early.2 => Err(format!(
            "fetch {} started only after fetch {} had ended: awaited one after another, the waits add up. Start every fetch before you await any (tokio::spawn each one, and keep the handles)",
            late.0, early.0
        )),
        _ => Ok(()),
    };
    check(
        "overlap",
        overlap.is_ok(),
        overlap.err().unwrap_or_default(),
    );
    // A crunch on the runtime's only thread keeps every task from running
    // for all of WORK, however fast the machine.
    let gap = longest_gap(&ticks, from, to);
    check(
        "heartbeat",
        gap < WORK,
        format_args!(
            "the heartbeat went {gap:.0?} without a tick while run_all ran, though it ticks every {TICK:?}: a crunch ran on the runtime's only thread, for {WORK:?}, whether called in run_all or in a tokio task (async does nothing for CPU work). Send each crunch to rayon, and await a oneshot receiver for its answer"
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
