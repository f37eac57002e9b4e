// ANCHOR: starter
/// Checks the three services at once and returns their answers, or, as
/// soon as one check fails, its error: once one has failed, waiting for
/// the others is wasted time, and nothing of theirs may go on running.
async fn check_all() -> Result<[u32; 3], String> {
    let (disk, network, cache) = tokio::join!(probe("disk"), probe("network"), probe("cache"));
    Ok([disk?, network?, cache?])
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails stops at the first error

/// Each service, how long its check takes, and its answer when it is up.
const SERVICES: [(&str, u64, u32); 3] =
    [("disk", 300, 71), ("network", 50, 12), ("cache", 200, 98)];

/// Whether the network is down: the second round of the grader says so.
static NETWORK_DOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// Whether `check_all` has returned in this round.
static RETURNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// Checks that ran on to their end after `check_all` had returned.
static LATE: std::sync::Mutex<Vec<&str>> = std::sync::Mutex::new(Vec::new());

/// Probes `service`: waits a while, as a request does, then answers, or
/// fails if the service is down.
async fn probe(service: &'static str) -> Result<u32, String> {
    use std::sync::atomic::Ordering::SeqCst;
    let (_, millis, answer) = *SERVICES.iter().find(|s| s.0 == service).unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(millis)).await;
    if RETURNED.load(SeqCst) {
        LATE.lock().unwrap().push(service);
    }
    if service == "network" && NETWORK_DOWN.load(SeqCst) {
        return Err("network: unreachable".to_string());
    }
    Ok(answer)
}

fn main() {
    use std::sync::atomic::Ordering::SeqCst;
    watchdog(std::time::Duration::from_secs(3));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let wanted_up: Result<[u32; 3], String> = Ok(SERVICES.map(|s| s.2));
    let wanted_down: Result<[u32; 3], String> = Err("network: unreachable".to_string());
    let (up, down, took) = runtime.block_on(async {
        // Round one: every service is up.
        let up = check_all().await;
        // Round two: the network is down, and its check, the quickest,
        // fails first.
        NETWORK_DOWN.store(true, SeqCst);
        let started = std::time::Instant::now();
        let down = check_all().await;
        let took = started.elapsed();
        RETURNED.store(true, SeqCst);
        // Long enough for the slowest check to end, had it gone on.
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        (up, down, took)
    });
    check(
        "results",
        up == wanted_up && down == wanted_down,
        format_args!(
            "with every service up, got {up:?}, expected {wanted_up:?} (the answers in the order disk, network, cache); with the network down, got {down:?}, expected {wanted_down:?}"
        ),
    );
    // The failing check takes NETWORK; the others, far longer.
    let network = std::time::Duration::from_millis(SERVICES[1].1);
    check(
        "stops at the first error",
        took < network * 3,
        format_args!(
            "with the network down, `check_all` returned after {took:.0?}, though the network's check failed after {network:?}: it waited for the other checks first. `join!` waits for every future, and awaits one after another wait for each in turn; `tokio::try_join!` returns at the first `Err`"
        ),
    );
    let late = LATE.lock().unwrap().clone();
    check(
        "nothing left running",
        late.is_empty(),
        format_args!(
            "the checks of {late:?} ran on to their end after `check_all` had returned its error: they were spawned, and dropping a `JoinHandle` does not stop its task. Leave them in `try_join!`, which drops the others when one fails, or keep the tasks in a `JoinSet`, whose drop aborts them"
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
