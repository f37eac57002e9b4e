// ANCHOR: starter
/// Returns once `signal` has been raised. Another thread raises it with
/// `signal.raise()`, which sets the flag under the lock and then calls
/// `signal.wake.notify_all()`, once. `signal.lock()` locks the flag as
/// `Mutex::lock` does (a `MutexGuard<bool>`); `signal.wake` is a `Condvar`.
fn wait_until_raised(signal: &Signal) {
    let raised = *signal.lock(); // the lock is let go at the end of this line
    if !raised {
        let flag = signal.lock();
        drop(signal.wake.wait(flag).unwrap());
    }
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails wakes up

/// A flag behind a lock, and the condition variable that announces it.
struct Signal {
    flag: std::sync::Mutex<bool>,
    wake: std::sync::Condvar,
    /// How many times the waiting thread has locked the flag.
    locks: std::sync::atomic::AtomicUsize,
}

impl Signal {
    /// Locks the flag, as `Mutex::lock` does. (For the grader: the second
    /// time the waiting thread locks it, the signal is raised just before,
    /// as if another thread had raised it at that very moment: the worst
    /// moment, for a wait that checked the flag and then let go of it.)
    fn lock(&self) -> std::sync::MutexGuard<'_, bool> {
        use std::sync::atomic::Ordering::SeqCst;
        let waiter = std::thread::current().name() == Some("waiter");
        if waiter && self.locks.fetch_add(1, SeqCst) == 1 {
            self.raise();
        }
        self.flag
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Sets the flag under the lock, then wakes every waiting thread; a
    /// signal already raised is not announced again.
    fn raise(&self) {
        let mut flag = self
            .flag
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !*flag {
            *flag = true;
            drop(flag);
            self.wake.notify_all();
        }
    }
}

/// How long the raising thread waits before it raises the signal.
const RAISE_AFTER: std::time::Duration = std::time::Duration::from_millis(100);
/// How long the grader waits for the waiting thread: many times what it needs.
const DEADLINE: std::time::Duration = std::time::Duration::from_secs(1);

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let signal = std::sync::Arc::new(Signal {
        flag: std::sync::Mutex::new(false),
        wake: std::sync::Condvar::new(),
        locks: std::sync::atomic::AtomicUsize::new(0),
    });
    let (done, returned) = std::sync::mpsc::channel();
    let waiting = std::sync::Arc::clone(&signal);
    std::thread::Builder::new()
        .name("waiter".into())
        .spawn(move || {
            wait_until_raised(&waiting);
            let raised = *waiting
                .flag
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            done.send(raised).unwrap();
        })
        .unwrap();
    let raising = std::sync::Arc::clone(&signal);
    std::thread::spawn(move || {
        std::thread::sleep(RAISE_AFTER);
        raising.raise();
    });
    match returned.recv_timeout(DEADLINE) {
        Ok(raised) => {
            check("wakes up", true, "");
            check(
                "returns only once raised",
                raised,
                "`wait_until_raised` returned while the flag was still false: a wait that gives up (a timeout) or a single `wait` that is not repeated until the flag is true lets it return too early. Loop: `while !*flag { flag = signal.wake.wait(flag).unwrap() }`",
            );
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => check(
            "wakes up",
            false,
            format_args!(
                "still waiting {DEADLINE:?} after the signal was raised: it missed the wake-up. It checked the flag, let go of the lock, and the signal was raised and announced before it began to wait, so nobody will announce it again. Keep the lock from the check to the wait: `let mut flag = signal.lock(); while !*flag {{ flag = signal.wake.wait(flag).unwrap() }}`"
            ),
        ),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            check("wakes up", false, "`wait_until_raised` panicked")
        }
    }
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
