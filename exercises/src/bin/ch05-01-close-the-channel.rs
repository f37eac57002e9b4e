// ANCHOR: starter
use std::sync::mpsc;
use std::thread;

/// Reads every source on a thread of its own, all at once, each sending
/// its lines into one channel as it reads them, and returns every line
/// received, once every source is done.
fn gather(sources: &[u32]) -> Vec<String> {
    let (tx, rx) = mpsc::channel();
    for &source in sources {
        let tx = tx.clone();
        thread::spawn(move || {
            for line in 1..=LINES {
                tx.send(read_line(source, line)).unwrap();
            }
        });
    }
    rx.iter().collect()
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails no deadlock

/// How many lines each source has.
const LINES: u32 = 3;
/// How long reading one line takes.
const WAIT: std::time::Duration = std::time::Duration::from_millis(50);
/// How long the grader waits for `gather`: many times what it needs.
const DEADLINE: std::time::Duration = std::time::Duration::from_secs(1);

/// How many lines have been read, by every source together.
static READ: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// How many reads are under way now, and the most that ever were at once:
/// counted, not timed, so that a busy machine cannot change the verdict.
static RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static MOST: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Notes that one more read is under way.
fn begin() {
    use std::sync::atomic::Ordering::SeqCst;
    MOST.fetch_max(RUNNING.fetch_add(1, SeqCst) + 1, SeqCst);
}

/// Notes that one read is over.
fn end() {
    RUNNING.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
}

/// Reads line `line` of source `source`: each line takes a while to come.
fn read_line(source: u32, line: u32) -> String {
    begin();
    std::thread::sleep(WAIT);
    end();
    READ.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    format!("source {source} line {line}")
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let sources = [1, 2, 3];
    let (done, returned) = std::sync::mpsc::channel();
    let started = std::time::Instant::now();
    std::thread::spawn(move || {
        let lines = gather(&sources);
        let _ = done.send((lines, started.elapsed()));
    });
    let all = sources.len() as u32 * LINES;
    let Ok((lines, took)) = returned.recv_timeout(DEADLINE) else {
        let read = READ.load(std::sync::atomic::Ordering::SeqCst);
        check(
            "no deadlock",
            false,
            format_args!(
                "gather did not return within {DEADLINE:?}, though the sources had read {read} of their {all} lines: its receiving loop still waits for a message. It ends only when every `Sender` is dropped: is one still alive, such as the one `channel()` gave you?"
            ),
        );
        finish();
        return;
    };
    check("no deadlock", true, "");

    let mut missing = Vec::new();
    for source in sources {
        let wanted: Vec<String> = (1..=LINES)
            .map(|line| format!("source {source} line {line}"))
            .collect();
        let got: Vec<&String> = lines
            .iter()
            .filter(|l| l.starts_with(&format!("source {source} ")))
            .collect();
        if got != wanted.iter().collect::<Vec<_>>() {
            missing.push(format!("source {source} gave {got:?}"));
        }
    }
    check(
        "no lost message",
        missing.is_empty() && lines.len() as u32 == all,
        format_args!(
            "got {} of the {all} lines ({}): every line, once, each source's in its order. A loop that stops as soon as the channel is empty for the moment (`try_iter`, `try_recv`) misses the lines still to come; iterating over the receiver (`for line in rx`) ends only when every `Sender` is gone",
            lines.len(),
            missing.join("; ")
        ),
    );
    // Sources read at once have several lines under way at the same time;
    // read one after another, never two, however fast or busy the machine.
    let most = MOST.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "overlap",
        most > 1,
        format_args!(
            "gather took {took:.0?}, reading one line at a time; the sources read at once take about {:?}: are they read one after another?",
            WAIT * LINES
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
