// ANCHOR: starter
use std::sync::RwLock;

#[derive(Clone, Debug, PartialEq)]
struct Config {
    version: u64,
    limit: u64, // always version * 10
}

/// A config that many threads read and one thread replaces.
struct Shared {
    version: RwLock<u64>,
    limit: RwLock<u64>,
}

impl Shared {
    fn new(config: Config) -> Shared {
        Shared {
            version: RwLock::new(config.version),
            limit: RwLock::new(config.limit),
        }
    }

    /// The config as it is now: one whole config, never half of two.
    fn read(&self) -> Config {
        Config {
            version: *self.version.read().unwrap(),
            limit: *self.limit.read().unwrap(),
        }
    }

    /// Replaces the config. `halfway()` is where the grader reads while
    /// the writer is busy: keep calling it, between the steps of your
    /// update.
    fn replace(&self, config: Config) {
        *self.version.write().unwrap() = config.version;
        halfway();
        *self.limit.write().unwrap() = config.limit;
    }
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails never torn

/// The config the grader shares, and every config its readers saw halfway
/// through a `replace`.
static SHARED: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
static SEEN: std::sync::Mutex<Vec<Config>> = std::sync::Mutex::new(Vec::new());

/// Called by `replace` in the middle of an update: another thread reads
/// the config now, while the writer waits.
fn halfway() {
    let seen = std::thread::spawn(|| SHARED.get().unwrap().read())
        .join()
        .unwrap();
    SEEN.lock().unwrap().push(seen);
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let config = |version| Config {
        version,
        limit: version * 10,
    };
    let _ = SHARED.set(Shared::new(config(1)));
    let shared = SHARED.get().unwrap();
    let mut after = Vec::new();
    for version in 2..=4 {
        shared.replace(config(version));
        after.push(shared.read());
    }
    let seen = SEEN.lock().unwrap().clone();
    check(
        "halfway is called",
        seen.len() == 3,
        format_args!(
            "`halfway()` ran {} times in 3 calls of `replace`: call it once in each, between building the new config and storing it",
            seen.len()
        ),
    );
    let torn: Vec<&Config> = seen.iter().filter(|c| c.limit != c.version * 10).collect();
    check(
        "never torn",
        torn.is_empty(),
        format_args!(
            "a reader in the middle of `replace` saw {torn:?}: a version from one config and a limit from another. Two fields updated one at a time are torn between the steps, under one lock or two: build the whole new config, then swap it in with one store, as `RwLock<Arc<Config>>`"
        ),
    );
    let whole = seen
        .iter()
        .all(|c| (1..=4).contains(&c.version) && c.limit % 10 == 0);
    check(
        "the old or the new",
        whole,
        format_args!("a reader saw {seen:?}, a config that was never stored"),
    );
    check(
        "the latest after replace",
        after == [config(2), config(3), config(4)],
        format_args!("after each `replace`, `read` gave {after:?}, not the config just stored"),
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
