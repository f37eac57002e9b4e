// ANCHOR: starter
/// Returns the sum of `process(item)` over all of `items`, with `PARTS`
/// threads sharing the work. `process` takes longer the larger the item:
/// give every thread about the same amount of work.
fn total(items: &[u64]) -> u64 {
    items.iter().map(|&item| process(item)).sum()
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails fair shares

/// How many threads share the work.
const PARTS: usize = 4;

/// Every item processed, and the thread that processed it.
static DONE: std::sync::Mutex<Vec<(std::thread::ThreadId, u64)>> =
    std::sync::Mutex::new(Vec::new());

/// Processes one item: work that takes longer the larger the item is
/// (`item` rounds of it), all CPU and no waiting.
fn process(item: u64) -> u64 {
    let mut state = item;
    for _ in 0..item * 1_000 {
        state = std::hint::black_box(
            state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1),
        );
    }
    std::hint::black_box(state);
    DONE.lock()
        .unwrap()
        .push((std::thread::current().id(), item));
    item * item
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let items: Vec<u64> = (1..=40).collect();
    let got = total(&items);
    let wanted: u64 = items.iter().map(|item| item * item).sum();
    let done = DONE.lock().unwrap().clone();

    // Each item exactly once, and the right sum.
    let times = |item: u64| done.iter().filter(|(_, i)| *i == item).count();
    let never: Vec<u64> = items.iter().copied().filter(|&i| times(i) == 0).collect();
    let again: Vec<u64> = items.iter().copied().filter(|&i| times(i) > 1).collect();
    let why = if !never.is_empty() || !again.is_empty() {
        format!(
            "{} items were never processed {never:?} and {} more than once {again:?}: each item must be processed exactly once. Do the threads take the same items? Thread `part` starts at item `part`",
            never.len(),
            again.len()
        )
    } else if got != wanted {
        format!("the total is {got}, expected {wanted}: the sum of `process(item)` over every item")
    } else {
        String::new()
    };
    check("results", why.is_empty(), why);

    // The work of each thread, in rounds of `process`: the sum of its items.
    let mut shares: Vec<(std::thread::ThreadId, u64)> = Vec::new();
    for &(thread, item) in &done {
        match shares.iter_mut().find(|(t, _)| *t == thread) {
            Some((_, work)) => *work += item,
            None => shares.push((thread, item)),
        }
    }
    let all: u64 = shares.iter().map(|(_, work)| work).sum();
    let fair = all / PARTS as u64;
    let most = shares.iter().map(|(_, work)| *work).max().unwrap_or(0);
    let least = shares.iter().map(|(_, work)| *work).min().unwrap_or(0);
    // Dealt out in turn, the busiest thread does about 1.07 fair shares;
    // in one piece each, 1.73. Counted, not timed: the verdict does not
    // depend on the machine.
    let why = if shares.len() == 1 {
        format!(
            "one thread did all the work ({all} rounds): share the items among {PARTS} threads (`std::thread::scope` lets them borrow `items`)"
        )
    } else if shares.len() != PARTS {
        format!(
            "{} threads shared the work; make it {PARTS}, one for each part",
            shares.len()
        )
    } else {
        format!(
            "the busiest thread did {most} rounds of work and the least busy {least}, where a fair share is about {fair}: items taken in one piece each (`chunks`) give the last thread the largest, slowest ones. Deal the items out in turn instead"
        )
    };
    check(
        "fair shares",
        shares.len() == PARTS && most * 4 <= fair * 5,
        why,
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
