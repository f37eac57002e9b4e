// ANCHOR: starter
use std::process::Command;

/// Runs every command line with `sh -c`, and returns what each one did, in
/// the order of `lines`: `Ok(what it printed)` if it succeeded, and
/// `Err(what it printed to its standard error)` if it failed. Each one
/// mostly waits: run them all at once.
fn run_all(lines: &[String]) -> Vec<Result<String, String>> {
    let mut results = Vec::new();
    for line in lines {
        let out = Command::new("sh").arg("-c").arg(line).output().unwrap();
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        results.push(if out.status.success() {
            Ok(text(&out.stdout))
        } else {
            Err(text(&out.stderr))
        });
    }
    results
}
// ANCHOR_END: starter

// The grader: hidden on the page. It writes paths in full, so that your
// `use` lines never clash with its own.
// grader: fails overlap

/// How long each slow command waits.
const WAIT: std::time::Duration = std::time::Duration::from_millis(200);

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let wait = WAIT.as_secs_f64();
    let lines = vec![
        format!("sleep {wait}; echo one"),
        format!("sleep {wait}; echo two"),
        format!("sleep {wait}; echo no such disk >&2; exit 3"),
        "echo four".to_owned(),
    ];
    let started = std::time::Instant::now();
    let results = run_all(&lines);
    let took = started.elapsed();
    let ok = |s: &str| Ok::<String, String>(s.to_owned());
    let wanted = vec![
        ok("one\n"),
        ok("two\n"),
        Err("no such disk\n".to_owned()),
        ok("four\n"),
    ];
    // The commands that succeed, and the one that fails, are checked apart.
    let (succeeded, failed) = if results.len() == wanted.len() {
        (
            [0, 1, 3].iter().all(|&i| results[i] == wanted[i]),
            results[2] == wanted[2],
        )
    } else {
        (false, false)
    };
    check(
        "results",
        succeeded,
        format_args!(
            "got {results:?}, expected {wanted:?}: what each command printed, in the order of the lines. A child started with spawn() writes to the parent's own output, unless its stdout and stderr are set to Stdio::piped() (output() pipes them for you)"
        ),
    );
    check(
        "exit status",
        failed,
        format_args!(
            "the third command printed to its standard error and exited with code 3, so its result should be {:?}, but it was {:?}: a program that runs and fails is not an error of Rust's; its exit status says so (status.success())",
            wanted[2],
            results
                .get(2)
                .map_or("missing".to_owned(), |r| format!("{r:?}"))
        ),
    );
    // Run at once, the three slow commands take about one WAIT (and the
    // start of four processes); one after another, at least three WAITs,
    // however fast the machine.
    check(
        "overlap",
        took < WAIT * 5 / 2,
        format_args!(
            "your {} commands took {took:.0?}; run at once they take about {WAIT:?}: does each one wait for the one before it? A child waited for right after it is spawned (output(), or wait_with_output() in the same loop) makes the next one wait: spawn every child first, then wait for each in turn",
            lines.len()
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
