// ANCHOR: starter
use std::collections::BTreeMap;
use std::sync::mpsc;
use std::thread;

/// Counts the words of `lines` with `peers` workers, a thread each: worker
/// `i` reads lines `i`, `i + peers`, `i + 2 * peers`… with `words`, and
/// reports its counts; the counts of all the workers are added up. A
/// worker may die (`words` panics on a line it cannot read): then the
/// count is an `Err` that says so, never partial counts, and never a hang.
fn count_words(lines: &[&str], peers: usize) -> Result<BTreeMap<String, u64>, String> {
    let (report, reports) = mpsc::channel();
    thread::scope(|scope| {
        for index in 0..peers {
            let report = report.clone();
            scope.spawn(move || {
                let mut counts = BTreeMap::new();
                for line in lines.iter().skip(index).step_by(peers) {
                    for word in words(line) {
                        *counts.entry(word).or_insert(0) += 1;
                    }
                }
                report.send(counts).unwrap();
            });
        }
        // One report from each worker.
        let mut total = BTreeMap::new();
        for _ in 0..peers {
            let counts: BTreeMap<String, u64> = reports.recv().unwrap();
            for (word, count) in counts {
                *total.entry(word).or_insert(0) += count;
            }
        }
        Ok(total)
    })
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails no deadlock

/// The text to count, one line per entry.
const TEXT: [&str; 6] = [
    "the map is not the territory",
    "the dataflow is the program",
    "every worker counts the words it owns",
    "no worker counts the words it does not own",
    "a word is counted where it is owned",
    "the owner of a word is the same on every worker",
];
/// The line a worker cannot read.
const UNREADABLE: &str = "\u{fffd}\u{fffd} an unreadable line \u{fffd}\u{fffd}";
/// How many workers the grader asks for.
const PEERS: usize = 3;

/// The words of `line`, as a worker reads them. It dies on a line it
/// cannot read, as a worker process may: here, a panic.
fn words(line: &str) -> Vec<String> {
    if line.contains('\u{fffd}') {
        panic!("the grader's words() cannot read {line:?}: this worker dies here, on purpose");
    }
    line.split_whitespace().map(String::from).collect()
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    // The worker the grader kills says so in one line; any other panic is
    // reported as usual.
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        match info.payload().downcast_ref::<String>() {
            Some(message) if message.contains("on purpose") => eprintln!("({message})"),
            _ => report(info),
        }
    }));
    let mut expected = std::collections::BTreeMap::<String, u64>::new();
    for word in TEXT.iter().flat_map(|line| line.split_whitespace()) {
        *expected.entry(word.to_string()).or_insert(0) += 1;
    }
    let counted = std::panic::catch_unwind(|| count_words(&TEXT, PEERS));
    check(
        "results",
        matches!(&counted, Ok(Ok(counts)) if *counts == expected),
        format_args!(
            "with no worker dying, count_words gave {counted:?}; the text has Ok({expected:?})"
        ),
    );

    // The same text with an unreadable line: worker 1 (of 3) reads line 4.
    let mut broken = TEXT.to_vec();
    broken.insert(4, UNREADABLE);
    let counted = std::panic::catch_unwind(|| count_words(&broken, PEERS));
    let problem = match counted {
        Ok(Err(why)) => {
            println!("(your count_words said: {why})");
            None
        }
        Ok(Ok(counts)) => Some(format!(
            "count_words returned Ok with {} words counted, though worker 1 died on line 5: partial counts, short of that worker's words, that look like a whole count. When a worker dies, the count must be an Err",
            counts.values().sum::<u64>()
        )),
        Err(_) => Some(
            "count_words panicked when worker 1 died, taking its caller down with it: turn a worker's death into an Err (joining its thread tells you of it)".to_string(),
        ),
    };
    check(
        "failed worker",
        problem.is_none(),
        problem.unwrap_or_default(),
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
