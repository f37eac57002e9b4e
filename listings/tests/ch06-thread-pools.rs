//! Chapter 6, "Thread pools": what its listings do, and the claims its page
//! makes about time, order and shutdown.
//!
//! Each timing test runs the real program and reads its stamped lines
//! (`[ 100 ms] job 4 starts`). Lower bounds come from the sleeps and the
//! number of workers; upper bounds are ratios within one run, with slack.
//! The pool of listing 6-3 is also model-checked with loom (the tests
//! `loom_…`, compiled only with the `loom` feature): loom runs the pool's
//! code under every interleaving of its threads, not just the few a
//! timing test happens to see.

use std::time::Duration;

use book_tools::listing;
use book_tools::listing::{Listing, Run};
use book_tools::recording::Order;
use book_tools::timeline::{Span, most_at_once, one_at_a_time, span_ms};

/// How long each job of listings 6-1, 6-2, 6-4 and 6-6 sleeps.
const WAIT_MS: u64 = 100;
/// Their number of jobs and of workers.
const JOBS: u64 = 6;
const WORKERS: u64 = 3;

fn a_pool() -> Listing {
    listing!("ch06-01-a-pool")
}

fn lock_held() -> Listing {
    listing!("ch06-02-lock-held")
}

fn results() -> Listing {
    listing!("ch06-03-results")
}

fn rayon_pool() -> Listing {
    listing!("ch06-04-rayon-pool")
}

fn scoped_workers() -> Listing {
    listing!("ch06-06-scoped-workers")
}

/// `job 1` … `job 6`.
fn job_names() -> Vec<String> {
    (1..=JOBS).map(|i| format!("job {i}")).collect()
}

/// Rules every valid output keeps, whatever the order (see
/// `Run::assert_every_task_ran`), for the jobs. The spans, sorted by name.
fn assert_every_job_ran(run: &Run) -> Vec<Span> {
    let names = job_names();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    run.assert_every_task_ran(&names, WAIT_MS)
}

/// `JOBS` jobs of `WAIT_MS` on `WORKERS` workers take about
/// ⌈JOBS / WORKERS⌉ waits: never more than `WORKERS` jobs at once, so at
/// least that many waits (physics: each job sleeps its wait); and, from
/// the first start to the last end, less than one round more than that,
/// counted in the longest job of the same run.
fn assert_pool_takes_its_rounds(run: &Run) {
    let spans = assert_every_job_ran(run);
    let rounds = JOBS.div_ceil(WORKERS);
    let most = most_at_once(&spans);
    assert!(
        most <= WORKERS as usize,
        "{most} jobs at once on {WORKERS} workers:\n{}",
        run.stdout
    );
    let span = span_ms(&spans);
    assert!(
        span >= rounds * WAIT_MS,
        "{JOBS} jobs of {WAIT_MS} ms on {WORKERS} workers in {span} ms:\n{}",
        run.stdout
    );
    assert!(run.wall >= Duration::from_millis(rounds * WAIT_MS));
    let longest = spans.iter().map(|s| s.end_ms - s.start_ms).max().unwrap();
    assert!(
        span < (rounds + 1) * longest,
        "the jobs took {span} ms in all, not under {} times the longest ({longest} ms):\n{}",
        rounds + 1,
        run.stdout
    );
}

#[test]
fn n_jobs_on_w_workers_take_ceil_n_over_w_waits() {
    assert_pool_takes_its_rounds(&a_pool().run());
}

#[test]
fn shutdown_runs_every_accepted_job() {
    // `main` drops the pool right after queueing six jobs, when three at
    // most have started; `all done` comes after all six ended anyway.
    let run = a_pool().run();
    let spans = assert_every_job_ran(&run);
    let lines = run.lines();
    assert_eq!(lines.len(), 2 * spans.len() + 1, "{}", run.stdout);
    assert!(lines.last().unwrap().starts_with("all done in "));
}

/// Listing 6-1's pool, `main` and all, to be driven from a test.
#[allow(dead_code)]
mod a_pool_code {
    include!("../src/bin/ch06-01-a-pool.rs");
}

/// The message a panic carried, if it was a string.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn once_every_worker_has_died_execute_panics() {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::sync::mpsc::{self, RecvTimeoutError};
    use std::sync::{Arc, Barrier};

    let pool = a_pool_code::ThreadPool::new(2);
    // Two bad jobs, one per worker: each waits until the test is ready,
    // then panics.
    let ready = Arc::new(Barrier::new(3));
    for _ in 0..2 {
        let ready = Arc::clone(&ready);
        pool.execute(move || {
            ready.wait();
            panic!("a bad job");
        });
    }
    // A third job, queued while both workers are held in the bad ones (the
    // queue is first in, first out): it reports on `ran` if it runs, and
    // drops its sender without a word if it is dropped unrun.
    let (report, ran) = mpsc::channel::<()>();
    pool.execute(move || report.send(()).unwrap());
    ready.wait();
    match ran.recv_timeout(Duration::from_secs(10)) {
        Err(RecvTimeoutError::Disconnected) => {} // dropped without running
        Ok(()) => panic!("the queued job ran, but no worker should be left"),
        Err(RecvTimeoutError::Timeout) => panic!("the queued job was neither run nor dropped"),
    }
    let refused = catch_unwind(AssertUnwindSafe(|| pool.execute(|| {})))
        .expect_err("execute accepted a job with no worker left");
    let message = panic_message(refused.as_ref());
    assert!(
        message.contains("the workers outlive the queue"),
        "execute panicked, but with: {message}"
    );
    let dropped = catch_unwind(AssertUnwindSafe(|| drop(pool)));
    assert!(
        dropped.is_err(),
        "dropping the pool joined dead workers without a panic"
    );
}

#[test]
fn the_lock_holding_worker_serializes_the_jobs() {
    let listing = lock_held();
    let run = listing.run();
    // One job at a time, taken from the queue first in, first out: the
    // order of the lines never changes.
    listing.assert_shape(&run, Order::Exact);
    let mut spans = assert_every_job_ran(&run);
    // Never two jobs at once: each starts only after the previous one
    // ended, so the waits add up, three workers or not.
    spans.sort_by_key(|s| (s.start_ms, s.end_ms));
    one_at_a_time(&spans).unwrap_or_else(|e| panic!("{e}:\n{}", run.stdout));
    assert_eq!(most_at_once(&spans), 1, "{}", run.stdout);
    assert!(span_ms(&spans) >= JOBS * WAIT_MS, "{}", run.stdout);
    assert!(run.wall >= Duration::from_millis(JOBS * WAIT_MS));
}

/// The waits of listing 6-3's `map`, in the order of its items.
const MAP_WAITS: [u64; 3] = [300, 100, 200];

/// Rules every valid output of listing 6-3 keeps: the answer, the
/// panic's message, each job of the `map` once, lasting its own wait, and
/// the results in the order of the items, printed after every job ended.
fn assert_results_in_input_order(run: &Run) -> Vec<Span> {
    let lines = run.lines();
    assert_eq!(
        lines[..2],
        ["answer: 42", "failed: no answer"],
        "{}",
        run.stdout
    );
    let spans = run.spans();
    assert_eq!(spans.len(), MAP_WAITS.len(), "{}", run.stdout);
    for wait in MAP_WAITS {
        let name = format!("job {wait}");
        let span = spans.iter().find(|s| s.lane == name).unwrap();
        assert!(span.end_ms - span.start_ms >= wait, "{}", run.stdout);
    }
    let results = format!("results: {MAP_WAITS:?}");
    let at = lines.iter().position(|l| *l == results);
    let at = at.unwrap_or_else(|| panic!("no line `{results}` in:\n{}", run.stdout));
    let last_end = lines.iter().rposition(|l| l.ends_with(" ends")).unwrap();
    assert!(at > last_end, "results before a job ended:\n{}", run.stdout);
    assert!(lines.last().unwrap().starts_with("all done in "));
    spans
}

#[test]
fn map_keeps_input_order() {
    // The shortest job ends first and the longest last, in any run where
    // the three overlap; the results still come in the order of the items.
    assert_results_in_input_order(&results().run());
}

#[test]
fn a_panicking_job_does_not_kill_its_worker() {
    let run = results().run();
    let spans = assert_results_in_input_order(&run);
    // After the panic, the three jobs of `map` are under way at one
    // instant: all three workers are still alive (with two, the third
    // job could start only when another ended).
    let last_start = spans.iter().map(|s| s.start_ms).max().unwrap();
    let first_end = spans.iter().map(|s| s.end_ms).min().unwrap();
    assert!(
        last_start < first_end,
        "a job waited for a free worker:\n{}",
        run.stdout
    );
    assert_eq!(most_at_once(&spans), 3, "{}", run.stdout);
    // The panic hook still reports the panic, on standard error.
    let stderr = &run.stderr;
    assert!(
        stderr.contains("panicked") && stderr.contains("no answer"),
        "standard error:\n{stderr}"
    );
}

#[test]
fn rayon_pool_takes_ceil_n_over_w_waits_too() {
    let run = rayon_pool().run();
    assert_pool_takes_its_rounds(&run);
    let lines = run.lines();
    assert!(
        lines.contains(&"squares: [1, 4, 9, 16, 25, 36]"),
        "{}",
        run.stdout
    );
    assert!(lines.contains(&"threads in the pool: 3"), "{}", run.stdout);
}

#[test]
fn scoped_workers_take_ceil_n_over_w_waits_too() {
    assert_pool_takes_its_rounds(&scoped_workers().run());
}

#[test]
fn outputs_keep_the_recorded_shape() {
    // Workers race to print: any order of the same lines is valid; the
    // rules an order must keep are checked by the tests above.
    // (Listing 6-2's order is fixed: its test checks the exact shape.)
    for listing in [a_pool(), results(), rayon_pool(), scoped_workers()] {
        listing.assert_shape(&listing.run(), Order::Free);
    }
}

#[test]
fn recorded_runs_keep_the_rules_too() {
    // The outputs on the page are themselves valid runs.
    // A recording keeps no wall time: its stamps are what is checked.
    let recorded = |listing: Listing| Run {
        wall: Duration::MAX,
        ..listing.recorded_run()
    };
    for listing in [a_pool(), rayon_pool(), scoped_workers()] {
        let run = recorded(listing);
        assert_every_job_ran(&run);
        assert!(most_at_once(&run.spans()) <= WORKERS as usize);
    }
    let run = recorded(lock_held());
    assert_eq!(most_at_once(&assert_every_job_ran(&run)), 1);
    assert_results_in_input_order(&recorded(results()));
}

#[test]
fn python_executor_takes_ceil_n_over_w_waits_too() {
    let Some(run) = book_tools::python!("ch06-01-a-pool") else {
        return;
    };
    // The same lines as listing 6-1, in any valid order, and the same
    // bounds.
    a_pool().assert_shape(&run, Order::Free);
    assert_pool_takes_its_rounds(&run);
}

#[test]
fn python_futures_keep_input_order_too() {
    let Some(run) = book_tools::python!("ch06-03-results") else {
        return;
    };
    results().assert_shape(&run, Order::Free);
    assert_results_in_input_order(&run);
}

/// Listing 6-3, compiled with loom's primitives in place of std's (its
/// `sync` module switches on the `loom` feature), `main` and all.
#[cfg(feature = "loom")]
#[allow(dead_code)]
#[path = "../src/bin/ch06-03-results.rs"]
mod loom_pool;

/// Model checks of listing 6-3's pool: `loom::model` runs each closure
/// again and again, once for every way its threads can interleave (up to
/// loom's bounds), and fails if an assertion fails in any of them, or if
/// the threads deadlock. Two workers and two or three jobs keep the number
/// of interleavings small enough to explore in seconds.
#[cfg(feature = "loom")]
mod loom_checks {
    use super::loom_pool::ThreadPool;
    use loom::sync::Arc;
    use loom::sync::atomic::{AtomicUsize, Ordering::SeqCst};

    /// How many times loom may preempt a thread (switch away from it where
    /// it could have gone on) in one execution. Every interleaving with at
    /// most this many preemptions is explored; the bound keeps the number
    /// of interleavings in the thousands instead of the billions.
    const PREEMPTIONS: usize = 3;

    /// Explores every interleaving of `f`'s threads, up to the bound.
    fn model(f: impl Fn() + Sync + Send + 'static) {
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = Some(PREEMPTIONS);
        builder.check(f);
    }

    #[test]
    fn loom_shutdown_runs_every_accepted_job() {
        model(|| {
            let ran = Arc::new(AtomicUsize::new(0));
            let pool = ThreadPool::new(2);
            for _ in 0..2 {
                let ran = Arc::clone(&ran);
                // The handle is dropped at once: nobody waits for the job
                // but the pool's shutdown.
                drop(pool.submit(move || ran.fetch_add(1, SeqCst)));
            }
            drop(pool);
            assert_eq!(ran.load(SeqCst), 2, "a queued job was lost");
        });
    }

    #[test]
    fn loom_a_result_is_received_exactly_once() {
        model(|| {
            let runs = Arc::new(AtomicUsize::new(0));
            let pool = ThreadPool::new(2);
            let counted = Arc::clone(&runs);
            let handle = pool.submit(move || {
                counted.fetch_add(1, SeqCst);
                42
            });
            assert_eq!(handle.join().unwrap(), 42);
            drop(pool);
            assert_eq!(runs.load(SeqCst), 1, "the job ran more than once");
        });
    }

    #[test]
    fn loom_map_keeps_input_order() {
        model(|| {
            let pool = ThreadPool::new(2);
            assert_eq!(pool.map([1, 2], |x| x * 10), [10, 20]);
        });
    }

    #[test]
    fn loom_a_panicking_job_leaves_its_worker_alive() {
        model(|| {
            // One worker: if the panic killed it, the second job would
            // never run, and loom would report the deadlock.
            let pool = ThreadPool::new(1);
            let failed = pool.submit(|| -> u32 { panic!("no answer") });
            let answer = pool.submit(|| 42);
            assert!(failed.join().is_err());
            assert_eq!(answer.join().unwrap(), 42);
        });
    }
}

/// The quiz's "Which of these can it print?" question on a pool whose
/// workers hold the queue's lock in a `match`, answered by loom: the
/// program runs in every interleaving of its threads (no preemption bound),
/// and the outputs it printed are the question's correct options, no more
/// and no fewer.
#[cfg(feature = "loom")]
mod loom_quiz {
    use listings::outcomes::{outcomes, question};

    /// The quiz's question on the lock held in a `match`.
    const LOCK_HELD_IN_A_MATCH: &str = "d3dfe3ba-046e-4b8e-b914-c7b165406ff3";

    /// The question's program, with loom's threads, `Arc` and `Mutex`, a
    /// `println!` that loom sees, and a channel with std's rules built on
    /// loom's (`listings::outcomes::mpsc`; the pool's other model checks use
    /// `ch06_loom`'s, too many steps to explore without a preemption bound).
    // The `match` is what the question is about: clippy would have it a
    // `while let`, which holds the lock just as long (listing 6-2).
    #[allow(clippy::while_let_loop)]
    mod lock_held_in_a_match {
        use listings::loom_println as println;

        // QUIZ PROGRAM d3dfe3ba-046e-4b8e-b914-c7b165406ff3 STARTS
        use listings::outcomes::mpsc;
        use loom::sync::{Arc, Mutex};
        use loom::thread;

        type Job = Box<dyn FnOnce() + Send>;

        fn main() {
            let (queue, jobs) = mpsc::channel::<Job>();
            let jobs = Arc::new(Mutex::new(jobs));
            let mut workers = Vec::new();
            for _ in 0..2 {
                let jobs = Arc::clone(&jobs);
                workers.push(thread::spawn(move || {
                    loop {
                        match jobs.lock().unwrap().recv() {
                            Ok(job) => job(),
                            Err(_) => break,
                        }
                    }
                }));
            }
            for name in ["a", "b"] {
                queue
                    .send(Box::new(move || {
                        println!("{name} starts");
                        println!("{name} ends");
                    }))
                    .unwrap();
            }
            drop(queue);
            for worker in workers {
                worker.join().unwrap();
            }
        }
        // QUIZ PROGRAM d3dfe3ba-046e-4b8e-b914-c7b165406ff3 ENDS

        pub(super) fn program() {
            main();
        }
    }

    #[test]
    fn loom_a_lock_held_in_a_match_runs_the_jobs_one_at_a_time() {
        let quiz = question("ch06-thread-pools", LOCK_HELD_IN_A_MATCH);
        let std_to_loom = [
            (
                "use std::sync::{Arc, Mutex, mpsc};",
                "use listings::outcomes::mpsc;\nuse loom::sync::{Arc, Mutex};",
            ),
            ("use std::thread;", "use loom::thread;"),
        ];
        quiz.assert_program_is_copied_in("ch06-thread-pools.rs", &std_to_loom);
        let printed = outcomes(lock_held_in_a_match::program);
        let expected = "`a starts` then `a ends` then `b starts` then `b ends`";
        assert_eq!(printed, [expected.to_owned()].into());
        quiz.assert_lists_exactly(&printed);
    }
}
