//! Chapter 7, "Cooperative multitasking from scratch": what its listings
//! do, and the claims its page makes about laziness, task switching and
//! time.
//!
//! The executor's listings stamp every line (`[  50 ms] task a woke 0 ms
//! late`). The tests read them back: which task printed each line, and
//! when. Lower bounds on time come from the sleeps themselves; upper bounds
//! are ratios within one run, with slack. The executor of listing 7-3 is
//! also model-checked with loom (the tests `loom_…`, compiled only with the
//! `loom` feature), for wake-ups that come from other threads.

use book_tools::listing;
use book_tools::listing::{Listing, Run};
use book_tools::recording::Order;
use book_tools::timeline::{Span, span_ms};

/// How long each `sleep(STEP).await` of listings 7-3 and 7-4 asks for;
/// each of their tasks sleeps twice.
const STEP_MS: u64 = 50;
/// How long listing 7-4's blocker holds the thread (`thread::sleep`).
const BLOCK_MS: u64 = 200;

fn lazy_futures() -> Listing {
    listing!("ch07-01-lazy-futures")
}

fn poll_by_hand() -> Listing {
    listing!("ch07-02-poll-by-hand")
}

fn executor() -> Listing {
    listing!("ch07-03-executor")
}

/// Listing 7-3 run with `EXECUTOR_STEPS=1`: its executor prints each step
/// of each task, the source of the chapter's figure of a task's cycle.
fn executor_steps() -> Listing {
    listing!("ch07-03-executor-steps", of = "ch07-03-executor")
}

fn blocking_task() -> Listing {
    listing!("ch07-04-blocking-task")
}

fn pinned_poll() -> Listing {
    listing!("ch07-06-pinned-poll")
}

/// One stamped line: which task, and what it said after its name.
#[derive(Debug)]
struct Event {
    task: String,
    what: String,
}

/// The stamped lines of a run, in the order printed. The tasks are
/// `task a`, `task b`, `task c` and `blocker`.
fn events(run: &Run) -> Vec<Event> {
    run.lines()
        .iter()
        .filter_map(|line| {
            let (stamp, text) = line.strip_prefix('[')?.split_once(" ms] ")?;
            stamp.trim().parse::<u64>().ok()?;
            let task = ["task a", "task b", "task c", "blocker"]
                .into_iter()
                .find(|task| text.starts_with(&format!("{task} ")))
                .unwrap_or_else(|| panic!("a line of no task: {line:?} in:\n{}", run.stdout));
            Some(Event {
                task: task.to_owned(),
                what: text[task.len() + 1..].to_owned(),
            })
        })
        .collect()
}

/// Every task of the executor's listings has a body of plain code cut into
/// pieces by its `.await`s: `starts` … `sleeps` | `woke` … `sleeps` |
/// `woke` … `ends` (the blocker's is one piece, `starts` … `ends`). The
/// executor switches tasks only at an `.await`, so each piece is printed
/// whole: the line after a task's `starts` or `woke` line is that same
/// task's `sleeps` or `ends`, whatever else happens in the run. Each task
/// starts once and ends once, and `all done` is the last line.
fn assert_switches_only_at_awaits(run: &Run) {
    let events = events(run);
    for pair in events.windows(2) {
        let [first, next] = pair else { unreachable!() };
        let opens = first.what == "starts" || first.what.starts_with("woke ");
        if opens {
            assert!(
                next.task == first.task
                    && (next.what.starts_with("sleeps ") || next.what == "ends"),
                "{} was interrupted between two awaits by {:?}:\n{}",
                first.task,
                next,
                run.stdout
            );
        }
    }
    let mut tasks: Vec<&str> = events.iter().map(|e| e.task.as_str()).collect();
    tasks.sort();
    tasks.dedup();
    for task in tasks {
        let said = |what: &str| {
            events
                .iter()
                .filter(|e| e.task == task && e.what.starts_with(what))
                .count()
        };
        assert_eq!(
            (said("starts"), said("ends")),
            (1, 1),
            "{task}:\n{}",
            run.stdout
        );
        if task != "blocker" {
            assert_eq!(
                (said("sleeps "), said("woke ")),
                (2, 2),
                "{task}:\n{}",
                run.stdout
            );
        }
    }
    assert!(
        run.lines().last().unwrap().starts_with("all done in "),
        "{}",
        run.stdout
    );
}

/// How late `task` said its `n`th wake-up (from 1) came, in milliseconds.
fn lateness(run: &Run, task: &str, n: usize) -> u64 {
    let woke: Vec<Event> = events(run)
        .into_iter()
        .filter(|e| e.task == task && e.what.starts_with("woke "))
        .collect();
    let what = &woke[n - 1].what;
    what.strip_prefix("woke ")
        .and_then(|rest| rest.strip_suffix(" ms late"))
        .and_then(|ms| ms.parse().ok())
        .unwrap_or_else(|| panic!("not `woke N ms late`: {what:?}"))
}

/// Listing 7-3's run (or its Python twin's): three tasks, each sleeping
/// twice `STEP_MS`, on one thread. Each lasts at least its two sleeps; the
/// three are under way at one instant; and from the first `starts` to the
/// last `ends` the run lasts no more than 1.5 times its longest task (one
/// after another, it would last three times as long).
fn assert_sleeps_overlap(run: &Run) {
    assert_switches_only_at_awaits(run);
    let spans = run.spans();
    let lanes: Vec<&str> = spans.iter().map(|s| s.lane.as_str()).collect();
    assert_eq!(lanes, ["task a", "task b", "task c"], "{}", run.stdout);
    for span in &spans {
        assert!(
            span.ms() >= 2 * STEP_MS,
            "{} ended before its two sleeps were over:\n{}",
            span.lane,
            run.stdout
        );
    }
    let last_start = spans.iter().map(|s| s.start_ms).max().unwrap();
    let first_end = spans.iter().map(|s| s.end_ms).min().unwrap();
    assert!(
        last_start < first_end,
        "not all under way at once:\n{}",
        run.stdout
    );
    let longest = spans.iter().map(Span::ms).max().unwrap();
    let span = span_ms(&spans);
    assert!(
        2 * span <= 3 * longest,
        "the tasks took {span} ms in all, more than 1.5 times the longest ({longest} ms):\n{}",
        run.stdout
    );
    assert!(run.reported_ms() >= span, "{}", run.stdout);
}

#[test]
fn a_future_does_nothing_until_polled() {
    let run = lazy_futures().run();
    assert_eq!(
        run.lines(),
        [
            "made a future for `dropped`",
            "made a future for `polled`",
            "polled: running",
            "polled: ready with 6",
        ],
        "the body of `hello` runs only when polled, and never for the future dropped unpolled"
    );
}

#[test]
fn each_poll_runs_a_future_to_its_next_pending_await() {
    let run = poll_by_hand().run();
    assert_eq!(
        run.lines(),
        [
            "poll 1",
            "  step 1",
            "  -> Pending",
            "poll 2",
            "  step 2",
            "  -> Ready(42)",
        ]
    );
}

#[test]
fn the_executor_switches_tasks_only_at_await_points() {
    // Both executor listings, new runs and the recordings on the page.
    for listing in [executor(), blocking_task()] {
        assert_switches_only_at_awaits(&listing.run());
        assert_switches_only_at_awaits(&listing.recorded_run());
    }
}

#[test]
fn three_tasks_sleeping_on_one_thread_take_about_one_task() {
    let run = executor().run();
    assert_sleeps_overlap(&run);
    assert!(run.reported_ms() >= 2 * STEP_MS, "{}", run.stdout);
}

#[test]
fn a_task_that_never_awaits_blocks_the_others() {
    let run = blocking_task().run();
    assert_switches_only_at_awaits(&run);
    let [a, blocker, c] = [run.span("task a"), run.span("blocker"), run.span("task c")];
    assert!(blocker.ms() >= BLOCK_MS, "{}", run.stdout);
    // No other line while the blocker holds the thread: checked above (its
    // `starts` is followed by its `ends`). Task c is not even started.
    assert!(c.start_ms >= blocker.end_ms, "{}", run.stdout);
    // Task a went to sleep for STEP_MS before the blocker began, and could
    // wake only after it ended: at least BLOCK_MS after asking, so it is
    // late by at least BLOCK_MS - STEP_MS, and by no more than the time the
    // blocker held the thread.
    let late = lateness(&run, "task a", 1);
    assert!(
        late >= BLOCK_MS - STEP_MS,
        "task a only {late} ms late:\n{}",
        run.stdout
    );
    assert!(
        late <= blocker.ms(),
        "task a {late} ms late, more than the blocker held the thread:\n{}",
        run.stdout
    );
    // The blocker's time adds to the run instead of overlapping: the run
    // lasts at least the block and task c's two sleeps, and no more than
    // 1.5 times the blocker and task c back to back.
    let span = span_ms(&[a, blocker.clone(), c.clone()]);
    assert!(span >= BLOCK_MS + 2 * STEP_MS, "{}", run.stdout);
    assert!(
        2 * span <= 3 * (blocker.ms() + c.ms()),
        "{span} ms in all:\n{}",
        run.stdout
    );
}

#[test]
fn pinned_futures_are_polled_to_the_end() {
    let run = pinned_poll().run();
    assert_eq!(
        run.lines(),
        [
            "poll 1: Pending",
            "first is still 1",
            "poll 2: Ready(())",
            "plain: Pending",
        ]
    );
}

#[test]
fn the_blocking_listing_runs_the_same_executor() {
    // Listing 7-4 repeats listing 7-3's executor (hidden on the page), so
    // that each is a whole program with a Run button. They must not drift.
    let executor_part = |name: &str| {
        let path = format!("{}/src/bin/{name}.rs", env!("CARGO_MANIFEST_DIR"));
        let code = std::fs::read_to_string(&path).unwrap();
        code.split("// ANCHOR: main").next().unwrap().to_owned()
    };
    assert_eq!(
        executor_part("ch07-03-executor"),
        executor_part("ch07-04-blocking-task")
    );
}

#[test]
fn outputs_keep_the_recorded_shape() {
    // One thread prints everything, and the executor polls in a fixed
    // order (the queue is first in, first out; timers fire soonest first):
    // the order of the lines never changes.
    for listing in [
        lazy_futures(),
        poll_by_hand(),
        executor(),
        blocking_task(),
        pinned_poll(),
    ] {
        listing.assert_shape(&listing.run(), Order::Exact);
    }
}

#[test]
fn recorded_runs_keep_the_rules_too() {
    assert_sleeps_overlap(&executor().recorded_run());
    let recorded = blocking_task().recorded_run();
    assert!(lateness(&recorded, "task a", 1) >= BLOCK_MS - STEP_MS);
}

/// The steps each task of listing 7-3 went through, by its number, in the
/// order printed (`step: task 1: polled`).
fn steps(run: &Run) -> Vec<(String, Vec<String>)> {
    let mut tasks: Vec<(String, Vec<String>)> = Vec::new();
    for line in run.lines() {
        let Some((task, what)) = line
            .strip_prefix("step: ")
            .and_then(|rest| rest.split_once(": "))
        else {
            continue;
        };
        match tasks.iter_mut().find(|(t, _)| t == task) {
            Some((_, steps)) => steps.push(what.to_owned()),
            None => tasks.push((task.to_owned(), vec![what.to_owned()])),
        }
    }
    tasks
}

/// Each of the three tasks is spawned and queued; then, for each of its
/// two sleeps, polled, `Pending`, woken by its timer's waker and queued
/// again; and last polled to `Ready`. Nothing else: no task is polled
/// without being woken, and none is woken twice for one sleep.
fn assert_each_task_goes_round_the_cycle(run: &Run) {
    let sleep = ["polled", "Pending", "woken", "queued"];
    let mut cycle = vec!["spawned", "queued"];
    cycle.extend(sleep.iter().chain(&sleep));
    cycle.extend(["polled", "Ready"]);
    let tasks = steps(run);
    let names: Vec<&str> = tasks.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(names, ["task 1", "task 2", "task 3"], "{}", run.stdout);
    for (task, steps) in &tasks {
        assert_eq!(steps, &cycle, "{task}:\n{}", run.stdout);
    }
}

#[test]
fn the_executor_steps_go_poll_pending_waker_queue_until_ready() {
    let listing = executor_steps();
    let run = listing.run();
    assert_each_task_goes_round_the_cycle(&run);
    assert_each_task_goes_round_the_cycle(&listing.recorded_run());
    // Printing its steps changes nothing else the listing does.
    assert_sleeps_overlap(&run);
    // The same lines as the recording, in any order: when the timer thread
    // wakes a task against the executor polling another depends on timing.
    listing.assert_shape(&run, Order::Free);
}

/// Listing 7-3's timers, taken from its file as it is, to poll a `Sleep`
/// by hand with wakers the test can count.
#[cfg(not(feature = "loom"))]
#[allow(dead_code)]
mod executor_timers {
    include!("../src/bin/ch07-03-executor.rs");

    mod sleep_checks {
        use std::pin::Pin;
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::task::{Context, Wake, Waker};
        use std::time::Duration;

        use super::{STEP, TIMERS, fire_due_timers, sleep};

        /// A waker that counts how many times it was woken.
        struct Count(AtomicUsize);

        impl Wake for Count {
            fn wake(self: Arc<Self>) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }

        fn counting() -> (Arc<Count>, Waker) {
            let count = Arc::new(Count(AtomicUsize::new(0)));
            (Arc::clone(&count), Waker::from(count))
        }

        #[test]
        fn a_sleep_adds_one_timer_and_wakes_the_latest_waker() {
            let (first, first_waker) = counting();
            let (second, second_waker) = counting();
            let mut sleeping = sleep(STEP);
            let mut sleeping = Pin::new(&mut sleeping);
            // Polled three times before its deadline, the last time with
            // another waker (as when a future moves to another task).
            for waker in [&first_waker, &first_waker, &second_waker] {
                let mut cx = Context::from_waker(waker);
                assert!(sleeping.as_mut().poll(&mut cx).is_pending());
            }
            assert_eq!(TIMERS.with_borrow(Vec::len), 1, "one timer, not three");
            std::thread::sleep(STEP + Duration::from_millis(5));
            fire_due_timers();
            let woken = |count: &Count| count.0.load(Ordering::SeqCst);
            assert_eq!((woken(&first), woken(&second)), (0, 1));
            assert_eq!(TIMERS.with_borrow(Vec::len), 0);
            let mut cx = Context::from_waker(&second_waker);
            assert!(sleeping.poll(&mut cx).is_ready());
        }
    }
}

#[test]
fn python_coroutines_are_lazy_too() {
    let Some(run) = book_tools::python!("ch07-01-lazy-futures") else {
        return;
    };
    // The very lines listing 7-1 prints.
    assert_eq!(run.stdout, lazy_futures().recorded());
}

#[test]
fn python_generators_take_turns_the_same_way() {
    let Some(run) = book_tools::python!("ch07-03-executor") else {
        return;
    };
    // The lines of listing 7-3, in the same order, within the same bounds.
    executor().assert_shape(&run, Order::Exact);
    assert_sleeps_overlap(&run);
}

/// Listing 7-3, compiled with loom's `Mutex` and `Condvar` in place of
/// std's (its `sync` module switches on the `loom` feature), `main` and
/// all; its checks are a module inside it, so that they can reach the
/// executor's private items.
#[cfg(feature = "loom")]
#[allow(dead_code)]
mod loom_executor {
    include!("../src/bin/ch07-03-executor.rs");

    /// Model checks of listing 7-3's executor: `loom::model` runs each closure
    /// under every interleaving of its threads (up to a bound), and fails if
    /// an assertion fails in any of them, or if every thread is blocked for
    /// good, as the executor would be after a lost wake-up.
    mod loom_checks {
        use std::pin::Pin;
        use std::task::{Context, Poll, Waker};

        use super::Executor;
        use loom::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        use loom::sync::{Arc, Mutex};

        /// How many times loom may preempt a thread in one execution; every
        /// interleaving with at most this many is explored.
        const PREEMPTIONS: usize = 3;

        fn model(f: impl Fn() + Sync + Send + 'static) {
            let mut builder = loom::model::Builder::new();
            builder.preemption_bound = Some(PREEMPTIONS);
            builder.check(f);
        }

        /// Something another thread fires once; a task waits for it. The
        /// waiting future leaves its waker here, and `fire` wakes it: the
        /// pattern of every real event source (a socket, a channel, a timer
        /// thread).
        struct Signal {
            state: Mutex<(bool, Option<Waker>)>,
        }

        impl Signal {
            fn new() -> Arc<Signal> {
                Arc::new(Signal {
                    state: Mutex::new((false, None)),
                })
            }

            fn fire(&self) {
                let waker = {
                    let mut state = self.state.lock().unwrap();
                    state.0 = true;
                    state.1.take()
                };
                if let Some(waker) = waker {
                    waker.wake();
                }
            }

            /// Whether it has fired; if not, `cx`'s waker will be woken when
            /// it does.
            fn fired(&self, cx: &Context<'_>) -> bool {
                let mut state = self.state.lock().unwrap();
                if !state.0 {
                    state.1 = Some(cx.waker().clone());
                }
                state.0
            }
        }

        /// Ready once every one of its signals has fired. With two signals,
        /// its task is woken twice, once by each, from two threads.
        struct All(Vec<Arc<Signal>>);

        impl Future for All {
            type Output = ();

            fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
                // Every signal is asked (and leaves a waker), not just the first.
                let fired = self.0.iter().filter(|s| s.fired(cx)).count();
                if fired == self.0.len() {
                    Poll::Ready(())
                } else {
                    Poll::Pending
                }
            }
        }

        /// One task waits for `signals`, each fired from a thread of its own,
        /// while the executor runs; `run` must return, with the task's body
        /// run to its end exactly once.
        fn wait_for_threads(signals: usize) {
            let signals: Vec<Arc<Signal>> = (0..signals).map(|_| Signal::new()).collect();
            let finished = Arc::new(AtomicUsize::new(0));
            let executor = Executor::new();
            let (waiting, done) = (All(signals.clone()), Arc::clone(&finished));
            executor.spawn(async move {
                waiting.await;
                done.fetch_add(1, SeqCst);
            });
            let threads: Vec<_> = signals
                .into_iter()
                .map(|signal| loom::thread::spawn(move || signal.fire()))
                .collect();
            executor.run();
            for thread in threads {
                thread.join().unwrap();
            }
            assert_eq!(finished.load(SeqCst), 1);
        }

        #[test]
        fn loom_a_wake_from_another_thread_is_never_lost() {
            // The wake may come before the first poll, during it, or while the
            // executor is about to wait: in each, the task is polled again.
            model(|| wait_for_threads(1));
        }

        #[test]
        fn loom_a_task_woken_twice_finishes_once() {
            // Two wakes of one task, from two threads: it may sit in the queue
            // twice, and be polled after it has finished; it still runs to its
            // end once, and the executor still stops.
            model(|| wait_for_threads(2));
        }
    }
}
