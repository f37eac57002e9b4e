// ANCHOR: starter
use std::process::{Child, ExitStatus};
use std::time::Duration;

/// Waits for `child` to end, but not longer than `deadline`. Returns
/// `Some(its exit status)` if it ended in time; if not, ends it, and
/// returns `None`. Either way, nothing of it may be left behind.
fn wait_or_kill(mut child: Child, _deadline: Duration) -> Option<ExitStatus> {
    // Waits for as long as the child runs.
    Some(child.wait().unwrap())
}
// ANCHOR_END: starter

// The grader: hidden on the page. It writes paths in full, so that your
// `use` lines never clash with its own.
// grader: fails deadline

/// The deadline the grader gives.
const DEADLINE: std::time::Duration = std::time::Duration::from_millis(500);

/// Calls your `wait_or_kill` on a thread, and waits for its answer no longer
/// than twice the deadline: the answer and how long it took, or `None`.
fn call(
    child: std::process::Child,
) -> Option<(Option<std::process::ExitStatus>, std::time::Duration)> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let status = wait_or_kill(child, DEADLINE);
        // The grader may have stopped waiting for it.
        let _ = send.send((status, started.elapsed()));
    });
    receive.recv_timeout(DEADLINE * 2).ok()
}

/// What `call` got, in words.
fn said(answer: Option<(Option<std::process::ExitStatus>, std::time::Duration)>) -> String {
    match answer {
        None => "no answer".to_owned(),
        Some((None, _)) => "None".to_owned(),
        Some((Some(status), _)) => format!("Some({status})"),
    }
}

/// The state of process `pid` (`'Z'` for a zombie, one that ended but was
/// never waited for), or `None` if it is gone.
fn state(pid: u32) -> Option<char> {
    if std::path::Path::new("/proc/self/stat").exists() {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        stat.rsplit_once(')')?.1.trim_start().chars().next()
    } else {
        let out = std::process::Command::new("ps")
            .args(["-o", "stat=", "-p", &pid.to_string()])
            .output()
            .ok()?;
        String::from_utf8_lossy(&out.stdout).trim().chars().next()
    }
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    // A child that ends at once, with exit code 3.
    let quick = std::process::Command::new("sh")
        .args(["-c", "exit 3"])
        .spawn()
        .unwrap();
    let quick = call(quick);
    // A child that hangs, as far as the deadline is concerned.
    let hung = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    let pid = hung.id();
    let hung = call(hung);

    let mut wrong = Vec::new();
    if quick.and_then(|(status, _)| status).map(|s| s.code()) != Some(Some(3)) {
        wrong.push(format!(
            "for a child that exits with code 3 at once, got {}, expected Some(exit status: 3)",
            said(quick)
        ));
    }
    if hung.map(|(status, _)| status) != Some(None) {
        wrong.push(format!(
            "for a child that hangs, got {}, expected None, once it is killed",
            said(hung)
        ));
    }
    check("results", wrong.is_empty(), wrong.join("; "));
    let quick_took = quick.map(|(_, took)| took);
    check(
        "prompt",
        quick_took.is_some_and(|took| took < DEADLINE / 2),
        format_args!(
            "the child that ends at once was reported {}, with a deadline of {DEADLINE:?}: a child that ends in time must be reported when it ends, not at the deadline. Rather than sleeping through the whole deadline, ask it with try_wait() every few milliseconds",
            quick_took.map_or("never".to_owned(), |took| format!("after {took:.0?}"))
        ),
    );
    let hung_took = hung.map(|(_, took)| took);
    check(
        "deadline",
        hung_took.is_some_and(|took| took >= DEADLINE),
        match hung_took {
            None => format!(
                "wait_or_kill had not returned {:?} after it was given a child that hangs, with a deadline of {DEADLINE:?}: child.wait() waits as long as the child runs, for ever if it hangs. Ask it with try_wait() every few milliseconds until the deadline, and kill it then",
                DEADLINE * 2
            ),
            Some(took) => format!(
                "wait_or_kill gave up on the child after {took:.0?}, before its deadline of {DEADLINE:?}"
            ),
        },
    );
    // Whatever is left of the hung child: gone, a zombie, or still running.
    // A kill takes a moment to land, so the grader looks for a while.
    let mut left = state(pid);
    let looking = std::time::Instant::now();
    while left.is_some_and(|s| s != 'Z') && looking.elapsed() < DEADLINE {
        std::thread::sleep(std::time::Duration::from_millis(10));
        left = state(pid);
    }
    check(
        "nothing left running",
        hung.is_some() && left.is_none(),
        match left {
            _ if hung.is_none() => "the child that hangs was still running at twice its deadline".to_owned(),
            Some('Z') => "the child that hangs was killed but never waited for: it is a zombie, an ended process whose exit status nobody collected. Call child.wait() after child.kill()".to_owned(),
            Some(_) => "the child that hangs is still running after wait_or_kill returned: returning None only stops waiting; child.kill() ends the child (then child.wait() collects it)".to_owned(),
            None => String::new(),
        },
    );
    // A child left running is ended here, so that none outlives the run.
    if left.is_some_and(|s| s != 'Z') {
        let _ = std::process::Command::new("sh")
            .args(["-c", &format!("kill -9 {pid}")])
            .status();
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
