// ANCHOR: starter
use std::thread;

/// Parses every text on a thread of its own, all at once, and returns the
/// results in the order of `texts`: `Ok(number)`, or, for a text that
/// `parse` panicked on, `Err` with the panic's message (`message(&*payload)`
/// reads it, as in listing 2-5).
fn parse_all(texts: &[&'static str]) -> Vec<Result<u64, String>> {
    let handles: Vec<_> = texts
        .iter()
        .map(|&text| thread::spawn(move || parse(text)))
        .collect();
    handles
        .into_iter()
        .map(|handle| Ok(handle.join().unwrap()))
        .collect()
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails results

/// How long each parse waits.
const WAIT: std::time::Duration = std::time::Duration::from_millis(100);

/// How many parses are under way now, and the most that ever were at once:
/// counted, not timed, so that a busy machine cannot change the verdict.
static RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static MOST: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Notes that one more parse is under way.
fn begin() {
    use std::sync::atomic::Ordering::SeqCst;
    MOST.fetch_max(RUNNING.fetch_add(1, SeqCst) + 1, SeqCst);
}

/// Notes that one parse is over.
fn end() {
    RUNNING.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
}

/// Parses `text` slowly (a check against a slow service, say), and panics
/// if it is not a number, as `text.parse().unwrap()` would.
fn parse(text: &str) -> u64 {
    begin();
    std::thread::sleep(WAIT);
    end();
    match text.parse() {
        Ok(number) => number,
        Err(_) => panic!("{text:?} is not a number"),
    }
}

/// The message a panic carried, if it is text (listing 2-5's).
fn message(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "(not text)"
    }
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    // A panic prints its message, as Rust's default hook does, but never a
    // backtrace: with `RUST_BACKTRACE` set, printing one can take longer
    // than a parse, and the timing would judge the backtrace.
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        eprintln!("thread '{}' {info}", thread.name().unwrap_or("<unnamed>"));
    }));
    let texts = ["12", "x7", "30", "5"];
    let wanted: Vec<Result<u64, String>> = texts
        .iter()
        .map(|text| {
            text.parse()
                .map_err(|_| format!("{text:?} is not a number"))
        })
        .collect();
    let started = std::time::Instant::now();
    let results = match std::panic::catch_unwind(|| parse_all(&texts)) {
        Ok(results) => results,
        Err(payload) => {
            check(
                "results",
                false,
                format_args!(
                    "parse_all panicked ({:?}) instead of returning: the thread that parsed \"x7\" panicked, `join` handed its panic back as an `Err`, and `unwrap` on that `Err` made it a panic of yours. Match on what `join` returns instead",
                    message(&*payload)
                ),
            );
            finish();
            return;
        }
    };
    let took = started.elapsed();
    let why = match results
        .iter()
        .zip(&texts)
        .zip(&wanted)
        .find(|((got, _), want)| got != want)
    {
        _ if results.len() != texts.len() => format!(
            "got {} results for {} texts: one result per text, in their order",
            results.len(),
            texts.len()
        ),
        Some(((Ok(got), text), Err(_))) => format!(
            "{text:?} came back as Ok({got}), but its thread panicked: a thread that panics has no value to give back. `join` says so with an `Err`: report it as an `Err` holding the panic's message"
        ),
        Some(((Err(got), text), Err(want))) => format!(
            "the Err for {text:?} says {got:?}; it should carry the panic's message, {want:?} (`message(&*payload)` reads it from the `Err` of `join`)"
        ),
        Some(((got, text), want)) => format!(
            "got {got:?} for {text:?}, expected {want:?}: every result, in the order of the texts"
        ),
        None => String::new(),
    };
    check("results", why.is_empty(), why);
    // Parses that overlap are under way at the same time; one after
    // another, never two at once, however fast or busy the machine.
    let most = MOST.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "overlap",
        most > 1,
        format_args!(
            "your {} parses took {took:.0?}, one at a time; run at once they take about {WAIT:?}: do they overlap? A thread joined right after it is spawned makes the next one wait for it",
            texts.len()
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
