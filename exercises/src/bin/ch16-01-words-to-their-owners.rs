// ANCHOR: starter
use std::collections::BTreeMap;
use std::thread;

/// Counts the words of `lines` with `peers` workers, a thread each. Worker
/// `i` reads lines `i`, `i + peers`, `i + 2 * peers`…, and the words it
/// counts must be the words it owns: a word belongs to worker
/// `key(word) % peers`. Returns each worker's counts, worker 0's first.
fn count_words(lines: &[&str], peers: usize) -> Vec<BTreeMap<String, u64>> {
    thread::scope(|scope| {
        let workers: Vec<_> = (0..peers)
            .map(|index| {
                scope.spawn(move || {
                    let mut counts = BTreeMap::new();
                    for line in lines.iter().skip(index).step_by(peers) {
                        for word in line.split_whitespace() {
                            *counts.entry(word.to_string()).or_insert(0) += 1;
                        }
                    }
                    counts
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    })
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails owners

/// The text to count, one line per entry.
const TEXT: [&str; 6] = [
    "the map is not the territory",
    "the dataflow is the program",
    "every worker counts the words it owns",
    "no worker counts the words it does not own",
    "a word is counted where it is owned",
    "the owner of a word is the same on every worker",
];

/// The number every worker computes for a word, the same everywhere: the
/// sum of its bytes (as in listing 16-1). Worker `key(word) % peers` owns
/// the word.
fn key(word: &str) -> u64 {
    word.bytes().map(u64::from).sum()
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let mut expected = std::collections::BTreeMap::<String, u64>::new();
    for word in TEXT.iter().flat_map(|line| line.split_whitespace()) {
        *expected.entry(word.to_string()).or_insert(0) += 1;
    }
    let mut wrong_counts = Vec::new();
    let mut wrong_owner = None;
    for peers in [1, 3] {
        let workers = match std::panic::catch_unwind(|| count_words(&TEXT, peers)) {
            Ok(workers) => workers,
            Err(_) => {
                wrong_counts.push(format!("with {peers} workers, count_words panicked"));
                continue;
            }
        };
        let mut together = std::collections::BTreeMap::<String, u64>::new();
        for counts in &workers {
            for (word, count) in counts {
                *together.entry(word.clone()).or_insert(0) += count;
            }
        }
        if workers.len() != peers || together != expected {
            wrong_counts.push(format!(
                "with {peers} workers, you returned the counts of {} workers, and together they make {together:?}",
                workers.len()
            ));
        }
        for (index, counts) in workers.iter().enumerate() {
            for word in counts.keys() {
                let owner = key(word) % peers as u64;
                if owner != index as u64 && wrong_owner.is_none() {
                    wrong_owner = Some(format!(
                        "with {peers} workers, worker {index} counted {word:?}, which worker {owner} owns (key({word:?}) % {peers} is {owner}): a word counted where it was read, or by whichever worker took it from a shared queue, has its count split among workers, and no worker has the whole. Send each word to its owner, on that worker's own channel, and let the owner count it"
                    ));
                }
            }
        }
    }
    check(
        "results",
        wrong_counts.is_empty(),
        format_args!(
            "{}; the text has {expected:?}: every occurrence counted once, by one worker",
            wrong_counts.join("; ")
        ),
    );
    check(
        "owners",
        wrong_owner.is_none(),
        wrong_owner.unwrap_or_default(),
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
