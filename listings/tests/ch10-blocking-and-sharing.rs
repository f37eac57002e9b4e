//! Chapter 10, "Blocking and sharing": what its listings do, and the claims
//! its page makes about time and about what compiles.
//!
//! Each test runs the real program and reads its stamped lines
//! (`[  12 ms] task 1 starts`). Lower bounds come from the sleeps
//! themselves (and from how many threads can run them); upper bounds are
//! ratios within one run, with slack. Every sleep of the chapter is 100 ms.

use std::path::Path;

use book_tools::listing;
use book_tools::listing::{Listing, Run};
use book_tools::oracle;
use book_tools::recording::Order;
use book_tools::timeline::{Span, all_under_way_at_once, most_at_once, one_at_a_time, span_ms};

/// How long each task of the chapter waits, in milliseconds.
const WAIT_MS: u64 = 100;
const TASKS: [&str; 3] = ["task 1", "task 2", "task 3"];

fn blocking_sleep() -> Listing {
    listing!("ch10-01-blocking-sleep")
}

fn tokio_sleep() -> Listing {
    listing!("ch10-02-tokio-sleep")
}

fn spawn_blocking() -> Listing {
    listing!("ch10-03-spawn-blocking")
}

fn two_workers() -> Listing {
    listing!("ch10-04-two-workers")
}

fn cpu_off_the_loop() -> Listing {
    listing!("ch10-05-cpu-off-the-loop")
}

fn shared_counter() -> Listing {
    listing!("ch10-06-shared-counter")
}

fn guard_in_a_block() -> Listing {
    listing!("ch10-09-guard-in-a-block")
}

fn match_on_a_value() -> Listing {
    listing!("ch10-10-match-on-a-value")
}

fn tokio_mutex() -> Listing {
    listing!("ch10-11-tokio-mutex")
}

/// The tasks ran one after another: in the order they started, each
/// started only when the previous one had ended.
fn assert_one_at_a_time(run: &Run, spans: &[Span]) {
    let mut spans = spans.to_vec();
    spans.sort_by_key(|s| (s.start_ms, s.end_ms));
    one_at_a_time(&spans).unwrap_or_else(|e| panic!("{e}:\n{}", run.stdout));
}

/// The waits overlapped: at one instant every task was under way, and from
/// the first `starts` to the last `ends` the run lasted at most 1.5 times
/// its longest task (one after another it would last three).
fn assert_waits_overlap(run: &Run, spans: &[Span]) {
    assert!(
        all_under_way_at_once(spans),
        "a task ended before the last one started:\n{}",
        run.stdout
    );
    let longest = spans.iter().map(|s| s.end_ms - s.start_ms).max().unwrap();
    let span = span_ms(spans);
    assert!(
        2 * span <= 3 * longest,
        "the tasks took {span} ms in all, more than 1.5 times the longest ({longest} ms):\n{}",
        run.stdout
    );
}

#[test]
fn blocking_sleep_on_current_thread_serializes_the_tasks() {
    let listing = blocking_sleep();
    let run = listing.run();
    // One thread runs the tasks, and a blocked thread runs nothing else:
    // the order is fixed.
    listing.assert_shape(&run, Order::Exact);
    let spans = run.assert_every_task_ran(&TASKS, WAIT_MS);
    assert_one_at_a_time(&run, &spans);
    assert!(span_ms(&spans) >= 3 * WAIT_MS, "{}", run.stdout);
    assert!(run.reported_ms() >= 3 * WAIT_MS, "{}", run.stdout);
}

#[test]
fn tokio_sleep_overlaps_the_waits() {
    let listing = tokio_sleep();
    let run = listing.run();
    listing.assert_shape(&run, Order::Free);
    let spans = run.assert_every_task_ran(&TASKS, WAIT_MS);
    assert_waits_overlap(&run, &spans);
}

#[test]
fn spawn_blocking_overlaps_the_waits() {
    let listing = spawn_blocking();
    let run = listing.run();
    listing.assert_shape(&run, Order::Free);
    let spans = run.assert_every_task_ran(&TASKS, WAIT_MS);
    assert_waits_overlap(&run, &spans);
}

#[test]
fn two_workers_run_at_most_two_blocking_tasks_at_once() {
    let listing = two_workers();
    let run = listing.run();
    listing.assert_shape(&run, Order::Free);
    let tasks = ["task 1", "task 2", "task 3", "task 4"];
    let spans = run.assert_every_task_ran(&tasks, WAIT_MS);
    assert!(most_at_once(&spans) <= 2, "{}", run.stdout);
    // Four blocking waits, two threads: at least two waits, end to end.
    assert!(span_ms(&spans) >= 2 * WAIT_MS, "{}", run.stdout);
}

/// Not a listing: the page's remark that a computation blocks like a sleep.
/// On a `current_thread` runtime, a ticker task sleeps 25 ms at a time
/// while the main task keeps the thread busy for 100 ms without an
/// `.await`: no tick can happen until the loop is over.
#[test]
fn cpu_work_inside_a_task_holds_up_the_other_tasks() {
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    runtime.block_on(async {
        let start = Instant::now();
        let ticks = Arc::new(Mutex::new(Vec::new()));
        let ticker = tokio::spawn({
            let ticks = Arc::clone(&ticks);
            async move {
                for _ in 0..4 {
                    tokio::time::sleep(Duration::from_millis(25)).await;
                    ticks.lock().unwrap().push(start.elapsed());
                }
            }
        });
        tokio::task::yield_now().await; // the ticker starts its first sleep
        let work_start = start.elapsed();
        let busy = Instant::now();
        while busy.elapsed() < Duration::from_millis(WAIT_MS) {
            std::hint::spin_loop();
        }
        let work_end = start.elapsed();
        ticker.await.unwrap();
        let ticks = ticks.lock().unwrap();
        assert_eq!(ticks.len(), 4);
        assert!(
            ticks.iter().all(|&t| t >= work_end),
            "a tick at {ticks:?}, inside the work from {work_start:?} to {work_end:?}"
        );
    });
}

#[test]
fn cpu_work_on_the_blocking_pool_leaves_the_ticker_ticking() {
    let listing = cpu_off_the_loop();
    let run = listing.run();
    listing.assert_shape(&run, Order::Free);
    let work = run.span("work");
    let ticker = run.span("ticker");
    let ticks: Vec<u64> = run
        .lines()
        .iter()
        .filter_map(|line| line.strip_suffix(" ms] tick"))
        .filter_map(|line| line.trim_start_matches('[').trim().parse().ok())
        .collect();
    assert_eq!(ticks.len(), 4, "{}", run.stdout);
    assert!(
        ticks
            .iter()
            .all(|&t| ticker.start_ms <= t && t <= ticker.end_ms),
        "{}",
        run.stdout
    );
    // The runtime's only thread was free while the work ran elsewhere: the
    // ticker ticked in the middle of the work.
    assert!(
        ticks.iter().any(|&t| work.start_ms < t && t < work.end_ms),
        "no tick while the work ran:\n{}",
        run.stdout
    );
    let answer = format!("{} primes below 150000", oracle::primes_below(150_000));
    assert!(run.lines().contains(&answer.as_str()), "{}", run.stdout);
}

#[test]
fn the_shared_counter_total_is_exact() {
    let listing = shared_counter();
    for _ in 0..2 {
        let run = listing.run();
        listing.assert_shape(&run, Order::Exact);
        let total = run
            .lines()
            .last()
            .and_then(|l| l.split("total = ").nth(1))
            .and_then(|n| n.parse::<u64>().ok());
        assert_eq!(total, Some(100 * 100), "{}", run.stdout);
    }
}

/// The `listings` crate's folder.
fn listings_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A listing's source, and the same source with `edit` made to it (each
/// `(from, to)` must be found).
fn edited(listing: &str, edits: &[(&str, &str)]) -> (String, String) {
    let path = listings_dir().join(format!("src/bin/{listing}.rs"));
    let source = std::fs::read_to_string(&path).unwrap();
    let mut changed = source.clone();
    for (from, to) in edits {
        assert!(changed.contains(from), "{from:?} is not in {listing}");
        changed = changed.replacen(from, to, 1);
    }
    (source, changed)
}

/// The words of rustc's error for a `std::sync::MutexGuard` held across an
/// `.await` in a spawned task. The error has no code (it says "future
/// cannot be sent between threads safely"), so its words are checked.
const GUARD_ACROSS_AWAIT: [&str; 5] = [
    "future cannot be sent between threads safely",
    "std::sync::MutexGuard",
    "which is not `Send`",
    "await occurs here",
    "required by a bound in `tokio::spawn`",
];

/// `fixed` compiles, and `broken` fails with the guard-across-`.await`
/// error (both type-checked against the tokio the tests use).
fn assert_guard_across_await_fails(name: &str, fixed: &str, broken: &str) {
    if let Err(e) = listing::type_check(fixed, name) {
        panic!("{name} itself does not compile:\n{e}");
    }
    let Err(error) = listing::type_check(broken, name) else {
        panic!("{name} with the guard across the `.await` compiles:\n{broken}");
    };
    for words in GUARD_ACROSS_AWAIT {
        assert!(error.contains(words), "no {words:?} in:\n{error}");
    }
}

#[test]
fn a_guard_across_an_await_does_not_compile_and_the_block_fixes_it() {
    // Listing 10-8 keeps the guard to the end of the task; listing 10-9
    // drops it in a block before the `.await`.
    let broken =
        std::fs::read_to_string(listings_dir().join("compile_fail/ch10-08-guard-across-await.rs"))
            .unwrap();
    let fixed = std::fs::read_to_string(listings_dir().join("src/bin/ch10-09-guard-in-a-block.rs"))
        .unwrap();
    assert_guard_across_await_fails("ch10-08-guard-across-await", &fixed, &broken);
    let listing = guard_in_a_block();
    let run = listing.run();
    listing.assert_shape(&run, Order::Free);
    let lines = run.lines();
    assert_eq!(lines.len(), 2 * TASKS.len(), "{}", run.stdout);
    for task in TASKS {
        let sent = lines
            .iter()
            .position(|l| *l == format!("{task} sent its request"));
        let got = lines
            .iter()
            .position(|l| *l == format!("{task} got its reply"));
        assert!(
            matches!((sent, got), (Some(s), Some(g)) if s < g),
            "{task}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn a_match_on_the_lock_holds_it_and_a_value_does_not() {
    // Matching on `queue.lock().unwrap().pop()` keeps the guard, a
    // temporary of the scrutinee, to the end of the `match`, across its
    // `.await`.
    let (fixed, broken) = edited(
        "ch10-10-match-on-a-value",
        &[
            ("let next = queue.lock().unwrap().pop();", ""),
            ("match next {", "match queue.lock().unwrap().pop() {"),
        ],
    );
    assert_guard_across_await_fails("ch10-10-match-on-a-value", &fixed, &broken);
    let listing = match_on_a_value();
    let run = listing.run();
    listing.assert_shape(&run, Order::Free);
    let spans = run.assert_every_task_ran(&["job 1", "job 2", "job 3"], WAIT_MS);
    // Two tasks share one thread and take jobs from one queue: the lock is
    // free while a job waits, so the first two jobs overlap, and never more
    // than two run at once (three jobs, two tasks: at least two waits).
    let (job1, job2) = (run.span("job 1"), run.span("job 2"));
    assert!(
        job1.start_ms.max(job2.start_ms) < job1.end_ms.min(job2.end_ms),
        "{}",
        run.stdout
    );
    assert_eq!(most_at_once(&spans), 2, "{}", run.stdout);
    assert!(span_ms(&spans) >= 2 * WAIT_MS, "{}", run.stdout);
}

/// The rules of listing 10-11 and its Python twin: the three requests take
/// turns on the connection (one at a time, so at least three waits in
/// all), and the task that needs no lock is not held up by the tasks that
/// wait for it: it runs during the first request and ends before the
/// second one does (its timer and the first request's run out together;
/// the second request's runs out a whole wait later).
fn assert_requests_take_turns(run: &Run) {
    let spans = run.assert_every_task_ran(&["req 1", "req 2", "req 3", "other"], WAIT_MS);
    let mut requests: Vec<Span> = spans.into_iter().filter(|s| s.lane != "other").collect();
    assert_one_at_a_time(run, &requests);
    assert!(span_ms(&requests) >= 3 * WAIT_MS, "{}", run.stdout);
    requests.sort_by_key(|s| s.start_ms);
    let (first, second) = (&requests[0], &requests[1]);
    let other = run.span("other");
    assert!(
        other.start_ms < first.end_ms && first.start_ms < other.end_ms,
        "the other task did not run during the first request:\n{}",
        run.stdout
    );
    assert!(
        other.end_ms < second.end_ms,
        "the other task ended after the second request:\n{}",
        run.stdout
    );
    assert!(run.lines().contains(&"3 exchanges"), "{}", run.stdout);
}

#[test]
fn tokio_mutex_is_held_across_the_await_without_blocking_the_thread() {
    let listing = tokio_mutex();
    let run = listing.run();
    listing.assert_shape(&run, Order::Free);
    assert_requests_take_turns(&run);
}

#[test]
fn recorded_runs_keep_the_rules_too() {
    let recorded = blocking_sleep().recorded_run();
    let spans = recorded.assert_every_task_ran(&TASKS, WAIT_MS);
    assert_one_at_a_time(&recorded, &spans);
    for listing in [tokio_sleep(), spawn_blocking()] {
        let recorded = listing.recorded_run();
        let spans = recorded.assert_every_task_ran(&TASKS, WAIT_MS);
        assert_waits_overlap(&recorded, &spans);
    }
    let recorded = two_workers().recorded_run();
    let spans = recorded.assert_every_task_ran(&["task 1", "task 2", "task 3", "task 4"], WAIT_MS);
    assert!(most_at_once(&spans) <= 2);
    assert_requests_take_turns(&tokio_mutex().recorded_run());
}

#[test]
fn python_time_sleep_blocks_the_event_loop() {
    let Some(run) = book_tools::python!("ch10-01-blocking-sleep") else {
        return;
    };
    blocking_sleep().assert_shape(&run, Order::Exact);
    let spans = run.assert_every_task_ran(&TASKS, WAIT_MS);
    assert_one_at_a_time(&run, &spans);
    assert!(span_ms(&spans) >= 3 * WAIT_MS, "{}", run.stdout);
}

#[test]
fn python_asyncio_sleep_and_to_thread_overlap_the_waits() {
    for (run, listing) in [
        (book_tools::python!("ch10-02-tokio-sleep"), tokio_sleep()),
        (
            book_tools::python!("ch10-03-spawn-blocking"),
            spawn_blocking(),
        ),
    ] {
        let Some(run) = run else {
            return;
        };
        listing.assert_shape(&run, Order::Free);
        let spans = run.assert_every_task_ran(&TASKS, WAIT_MS);
        assert_waits_overlap(&run, &spans);
    }
}

#[test]
fn python_asyncio_lock_is_held_across_the_await_too() {
    let Some(run) = book_tools::python!("ch10-11-tokio-mutex") else {
        return;
    };
    tokio_mutex().assert_shape(&run, Order::Free);
    assert_requests_take_turns(&run);
}
