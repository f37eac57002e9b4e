// ANCHOR: starter
/// Locks `lock`, waiting at most `limit`: `Some(guard)` if it got the lock
/// in time, `None` if not. `lock.lock()` waits as long as it takes, as
/// `Mutex::lock` does; `lock.try_lock()` never waits: `Some(guard)` if the
/// lock was free, `None` if another thread holds it.
fn lock_within(lock: &Lock, limit: std::time::Duration) -> Option<std::sync::MutexGuard<'_, u32>> {
    let _ = limit;
    Some(lock.lock())
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails gives up at the limit

/// A lock around a number, which counts the failed `try_lock` calls.
struct Lock {
    value: std::sync::Mutex<u32>,
    refused: std::sync::atomic::AtomicUsize,
}

impl Lock {
    fn new() -> Lock {
        Lock {
            value: std::sync::Mutex::new(0),
            refused: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Waits for the lock as long as it takes, as `Mutex::lock` does.
    fn lock(&self) -> std::sync::MutexGuard<'_, u32> {
        self.value
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Takes the lock if it is free; `None` at once if it is held.
    #[allow(dead_code)] // the starter does not use it; an answer does
    fn try_lock(&self) -> Option<std::sync::MutexGuard<'_, u32>> {
        match self.value.try_lock() {
            Ok(guard) => Some(guard),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => {
                self.refused
                    .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                None
            }
        }
    }
}

/// The limit when the lock stays held.
const SHORT: std::time::Duration = std::time::Duration::from_millis(100);
/// The limit when the lock is let go soon: many times what that takes.
const LONG: std::time::Duration = std::time::Duration::from_secs(1);
/// How long after your first refused try the holder lets go, in the third case.
const HOLD: std::time::Duration = std::time::Duration::from_millis(50);

/// Runs `lock_within(lock, limit)` on a thread of its own: whether it got
/// the lock and how long it took, or `None` if it had not returned after
/// `limit` and a second more.
fn attempt(
    lock: &std::sync::Arc<Lock>,
    limit: std::time::Duration,
) -> Option<(bool, std::time::Duration)> {
    let (done, result) = std::sync::mpsc::channel();
    let lock = std::sync::Arc::clone(lock);
    std::thread::spawn(move || {
        let start = std::time::Instant::now();
        let got = lock_within(&lock, limit).is_some();
        let _ = done.send((got, start.elapsed()));
    });
    result
        .recv_timeout(limit + std::time::Duration::from_secs(1))
        .ok()
}

fn main() {
    watchdog(std::time::Duration::from_secs(5));

    // A free lock.
    let free = std::sync::Arc::new(Lock::new());
    let got = attempt(&free, SHORT).is_some_and(|(got, _)| got);
    check(
        "takes a free lock",
        got,
        "`lock_within` did not take a lock that nobody held: try it first",
    );

    // A lock held by another thread the whole time.
    let held = std::sync::Arc::new(Lock::new());
    let (release, released) = std::sync::mpsc::channel::<()>();
    let (holding, holds) = std::sync::mpsc::channel();
    let holder = std::sync::Arc::clone(&held);
    std::thread::spawn(move || {
        let _guard = holder.lock();
        holding.send(()).unwrap();
        let _ = released.recv(); // until the grader says
    });
    holds.recv().unwrap();
    let outcome = attempt(&held, SHORT);
    drop(release);
    match outcome {
        None => {
            check(
                "gives up at the limit",
                false,
                format_args!(
                    "`lock_within` was still waiting more than a second after its {SHORT:?} limit, for a lock another thread never let go: `lock` waits as long as it takes. Try with `try_lock` in a loop, and give up once the limit has passed"
                ),
            );
            finish();
        }
        Some((got, took)) => check(
            "gives up at the limit",
            !got && took >= SHORT,
            format_args!(
                "with the lock held throughout, `lock_within` returned {} after {took:?}; expected `None`, no sooner than the {SHORT:?} limit: keep trying until the limit has passed",
                if got { "`Some`" } else { "`None`" }
            ),
        ),
    }

    // A lock let go soon after the first refused try.
    let soon = std::sync::Arc::new(Lock::new());
    let (holding, holds) = std::sync::mpsc::channel();
    let holder = std::sync::Arc::clone(&soon);
    std::thread::spawn(move || {
        let guard = holder.lock();
        holding.send(()).unwrap();
        let start = std::time::Instant::now();
        while holder.refused.load(std::sync::atomic::Ordering::SeqCst) == 0
            && start.elapsed() < LONG
        {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        std::thread::sleep(HOLD);
        drop(guard);
    });
    holds.recv().unwrap();
    let got = attempt(&soon, LONG).is_some_and(|(got, _)| got);
    check(
        "waits for a lock let go in time",
        got,
        format_args!(
            "the lock was let go {HOLD:?} after your first refused `try_lock`, well within the {LONG:?} limit, but `lock_within` did not return it: one try is not a wait. Try again, with a short sleep between tries, until the limit"
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
