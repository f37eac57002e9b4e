//! Chapter 8, "Tokio basics": what its listings do, and the claims its page
//! makes about time, order, threads and failures.
//!
//! Each test runs the real program and reads what it printed. Lower bounds
//! on time come from the sleeps themselves; upper bounds are ratios within
//! one run, with slack. Where tasks race to print, the tests check the rules
//! every valid order keeps, never one order.

use std::collections::BTreeSet;

use book_tools::listing;
use book_tools::listing::{Listing, Run};
use book_tools::recording::Order;
use book_tools::timeline::{Span, all_under_way_at_once, one_at_a_time, span_ms};

/// How long each task of listings 8-3 and 8-4 sleeps.
const WAIT_MS: u64 = 200;
const TASKS: [&str; 3] = ["task 1", "task 2", "task 3"];
/// The downloads of listings 8-5 and 8-7, with how long each takes.
const FETCHES: [(&str, u64); 3] = [("a", 50), ("b", 150), ("c", 100)];

fn tokio_main() -> Listing {
    listing!("ch08-01-tokio-main")
}

fn runtime_by_hand() -> Listing {
    listing!("ch08-02-runtime-by-hand")
}

fn one_after_another() -> Listing {
    listing!("ch08-03-one-after-another")
}

fn joined() -> Listing {
    listing!("ch08-04-joined")
}

fn spawned() -> Listing {
    listing!("ch08-05-spawned")
}

fn joinset() -> Listing {
    listing!("ch08-07-joinset")
}

fn current_thread() -> Listing {
    listing!("ch08-08-current-thread")
}

fn multi_thread() -> Listing {
    listing!("ch08-09-multi-thread")
}

fn try_join() -> Listing {
    listing!("ch08-10-try-join")
}

fn a_task_panics() -> Listing {
    listing!("ch08-11-a-task-panics")
}

// ---------------------------------------------------------------------------
// `#[tokio::main]` and the runtime it builds

#[test]
fn the_attribute_builds_the_same_runtime_as_the_builder() {
    let (attribute, by_hand) = (tokio_main().run(), runtime_by_hand().run());
    assert_eq!(
        attribute.lines(),
        ["runtime: MultiThread", "hello from an async fn"],
        "{}",
        attribute.stdout
    );
    assert_eq!(attribute.stdout, by_hand.stdout);
    tokio_main().assert_shape(&attribute, Order::Exact);
    runtime_by_hand().assert_shape(&by_hand, Order::Exact);
}

// ---------------------------------------------------------------------------
// Three sleeps: awaited one after another, then joined

/// Each of the three tasks starts and ends once and lasts at least its
/// wait; `all done` comes last, no sooner than the last task ended. The
/// spans, sorted by name.
fn assert_every_task_ran(run: &Run) -> Vec<Span> {
    let spans = run.assert_every_task_ran(&TASKS, WAIT_MS);
    assert_eq!(run.lines().len(), 2 * TASKS.len() + 1, "{}", run.stdout);
    spans
}

/// One after another: each task starts only after the previous one ended,
/// so the run takes at least three sleeps.
fn assert_waits_add_up(run: &Run) {
    let spans = assert_every_task_ran(run);
    one_at_a_time(&spans).unwrap_or_else(|e| panic!("{e}:\n{}", run.stdout));
    assert!(span_ms(&spans) >= 3 * WAIT_MS, "{}", run.stdout);
    assert!(run.reported_ms() >= 3 * WAIT_MS, "{}", run.stdout);
}

/// Joined: all three tasks are under way at one instant, the run lasts at
/// least one sleep (each task does) and at most 1.5 times its longest task.
/// From the program's own stamps, so the time a loaded machine takes to
/// start the process does not count.
fn assert_waits_overlap(run: &Run) {
    waits_overlap(run).unwrap_or_else(|e| panic!("{e}"));
}

/// As [`assert_waits_overlap`], but `Err` if only the upper bound fails: a
/// loaded machine can stall a program between two of its lines, so that
/// bound is asked of the best of a few runs (see [`best_of`]).
fn waits_overlap(run: &Run) -> Result<(), String> {
    let spans = assert_every_task_ran(run);
    assert!(
        all_under_way_at_once(&spans),
        "a task ended before the last one started:\n{}",
        run.stdout
    );
    let longest = spans.iter().map(|s| s.end_ms - s.start_ms).max().unwrap();
    let span = span_ms(&spans);
    assert!(span >= WAIT_MS, "{}", run.stdout);
    if 2 * span <= 3 * longest {
        Ok(())
    } else {
        Err(format!(
            "the tasks took {span} ms in all, over 1.5 times the longest ({longest} ms):\n{}",
            run.stdout
        ))
    }
}

/// Runs `run` up to [`TRIES`] times until `check` accepts a run (every run
/// must pass the assertions inside `check`); panics with the last refusal.
fn best_of(run: impl Fn() -> Run, check: impl Fn(&Run) -> Result<(), String>) -> Run {
    let mut refused = String::new();
    for _ in 0..TRIES {
        let one = run();
        match check(&one) {
            Ok(()) => return one,
            Err(why) => refused = why,
        }
    }
    panic!("no run of {TRIES} passed; the last: {refused}");
}

#[test]
fn awaits_one_after_another_add_up() {
    let listing = one_after_another();
    let run = listing.run();
    assert_waits_add_up(&run);
    // One task prints everything, in the order it awaits: the order is fixed.
    listing.assert_shape(&run, Order::Exact);
}

#[test]
fn joined_sleeps_take_about_one_sleep() {
    let listing = joined();
    let run = best_of(|| listing.run(), waits_overlap);
    // `join!` polls its futures in turns that rotate: any order of the lines
    // that keeps the rules above is valid.
    listing.assert_shape(&run, Order::Free);
}

// ---------------------------------------------------------------------------
// Spawned tasks: results in spawn order, or as they finish

/// The pages a run received, in the order of its `got page X` lines.
fn pages_got(run: &Run) -> Vec<String> {
    run.lines()
        .iter()
        .filter_map(|l| l.strip_prefix("got page "))
        .map(str::to_owned)
        .collect()
}

/// Where the line that ends with `text` is in the output.
fn line_of(run: &Run, text: &str) -> usize {
    run.lines()
        .iter()
        .position(|l| l.ends_with(text))
        .unwrap_or_else(|| panic!("no line ending {text:?}:\n{}", run.stdout))
}

/// Rules both listings keep: every download starts before any ends (they
/// run at once) and lasts at least its time; each page is printed once,
/// and only after its task's `ends` line; `all done` comes last. The
/// names, in the order of their `ends` lines.
fn assert_downloads_overlap(run: &Run) -> Vec<String> {
    let spans = run.spans();
    let names: BTreeSet<&str> = spans.iter().map(|s| s.lane.as_str()).collect();
    assert_eq!(names, BTreeSet::from(["a", "b", "c"]), "{}", run.stdout);
    for (name, ms) in FETCHES {
        let span = spans.iter().find(|s| s.lane == name).unwrap();
        assert!(span.end_ms - span.start_ms >= ms, "{}", run.stdout);
    }
    let last_start = spans.iter().map(|s| s.start_ms).max().unwrap();
    let first_end = spans.iter().map(|s| s.end_ms).min().unwrap();
    assert!(last_start <= first_end, "{}", run.stdout);
    for name in ["a", "b", "c"] {
        assert!(
            line_of(run, &format!("got page {name}")) > line_of(run, &format!("] {name} ends")),
            "page {name} arrived before its task ended:\n{}",
            run.stdout
        );
    }
    let mut got = pages_got(run);
    got.sort();
    assert_eq!(got, ["a", "b", "c"], "every page, once:\n{}", run.stdout);
    let last_end = spans.iter().map(|s| s.end_ms).max().unwrap();
    assert!(run.reported_ms() >= last_end, "{}", run.stdout);
    let lines = run.lines();
    assert!(lines.last().unwrap().starts_with("all done in "));
    let mut ended: Vec<(usize, String)> = ["a", "b", "c"]
        .iter()
        .map(|n| (line_of(run, &format!("] {n} ends")), n.to_string()))
        .collect();
    ended.sort();
    ended.into_iter().map(|(_, n)| n).collect()
}

#[test]
fn awaiting_handles_gives_results_in_spawn_order() {
    let listing = spawned();
    let run = listing.run();
    assert_downloads_overlap(&run);
    // Whatever order the tasks end in: page c waits for page b.
    assert_eq!(pages_got(&run), ["a", "b", "c"], "{}", run.stdout);
    assert!(line_of(&run, "got page c") > line_of(&run, "] b ends"));
    // One thread runs every task (a current-thread runtime): the tasks
    // start in spawn order, and end in the order their timers fire, which
    // a loaded machine may bunch together.
    listing.assert_shape(&run, Order::Free);
}

#[test]
fn joinset_gives_results_as_they_finish() {
    let listing = joinset();
    let run = listing.run();
    let ended = assert_downloads_overlap(&run);
    // One thread runs every task, and a task ends right after its `ends`
    // line: the pages come exactly in the order of those lines.
    assert_eq!(pages_got(&run), ended, "{}", run.stdout);
    listing.assert_shape(&run, Order::Free);
}

#[test]
fn recorded_downloads_end_shortest_first() {
    // The recordings on the page show the order the times make when the
    // machine keeps up (50, 100, 150 ms): a, c, b.
    for listing in [spawned(), joinset()] {
        let run = listing.recorded_run();
        assert_eq!(assert_downloads_overlap(&run), ["a", "c", "b"]);
    }
}

// ---------------------------------------------------------------------------
// Where tasks run: current_thread and multi_thread runtimes

/// A thread as `here()` prints it: `main ThreadId(1)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Thread {
    name: String,
    id: String,
}

fn thread(text: &str) -> Thread {
    let (name, id) = text
        .trim()
        .rsplit_once(' ')
        .unwrap_or_else(|| panic!("not `name ThreadId(n)`: {text:?}"));
    assert!(id.starts_with("ThreadId("), "{text:?}");
    Thread {
        name: name.to_owned(),
        id: id.to_owned(),
    }
}

/// The thread `main` ran on, and for each of the four tasks the threads it
/// ran on before and after its sleep.
fn threads(run: &Run) -> (Thread, Vec<(String, Thread, Thread)>) {
    let lines = run.lines();
    let main = lines[0]
        .strip_prefix("main runs on ")
        .map(thread)
        .unwrap_or_else(|| panic!("no `main runs on` line first:\n{}", run.stdout));
    let mut tasks: Vec<(String, Thread, Thread)> = lines[1..]
        .iter()
        .map(|line| {
            let (task, rest) = line.split_once(" ran on ").unwrap();
            let (before, after) = rest.split_once(", then on ").unwrap();
            (task.to_owned(), thread(before), thread(after))
        })
        .collect();
    tasks.sort();
    let names: Vec<&str> = tasks.iter().map(|t| t.0.as_str()).collect();
    assert_eq!(
        names,
        ["task 1", "task 2", "task 3", "task 4"],
        "{}",
        run.stdout
    );
    (main, tasks)
}

#[test]
fn current_thread_runs_every_task_on_one_thread() {
    let listing = current_thread();
    let run = listing.run();
    let (main, tasks) = threads(&run);
    assert_eq!(main.name, "main", "{}", run.stdout);
    for (task, before, after) in &tasks {
        assert_eq!(
            before, &main,
            "{task} did not start on main:\n{}",
            run.stdout
        );
        assert_eq!(after, &main, "{task} did not end on main:\n{}", run.stdout);
    }
    listing.assert_shape(&run, Order::Free);
}

#[test]
fn multi_thread_runs_spawned_tasks_on_its_workers() {
    let listing = multi_thread();
    let run = listing.run();
    let (main, tasks) = threads(&run);
    assert_eq!(main.name, "main", "{}", run.stdout);
    let mut workers = BTreeSet::new();
    for (task, before, after) in &tasks {
        for thread in [before, after] {
            assert_eq!(thread.name, "tokio-rt-worker", "{task}:\n{}", run.stdout);
            assert_ne!(thread.id, main.id, "{task} ran on main:\n{}", run.stdout);
            workers.insert(thread.id.clone());
        }
    }
    assert!(
        workers.len() <= 2,
        "more threads than the 2 workers:\n{}",
        run.stdout
    );
    listing.assert_shape(&run, Order::Free);
}

// ---------------------------------------------------------------------------
// Errors and panics

/// How many runs a test makes, at most, to see one in which the machine
/// kept up with the program's timers. A heavily loaded machine can stall a
/// program long enough that timers due 50 ms apart fire together; such a
/// run must still keep every rule, but proves less.
const TRIES: usize = 5;

#[test]
fn try_join_returns_the_first_error_and_drops_the_rest() {
    let listing = try_join();
    let mut kept_up = false;
    for _ in 0..TRIES {
        let run = listing.run();
        let lines = run.lines();
        let events: Vec<&str> = lines
            .iter()
            .map(|l| l.split("] ").last().unwrap())
            .collect();
        assert_eq!(events.len(), 5, "{}", run.stdout);
        assert_eq!(
            events[3], "try_join! gave Err(\"network failed\")",
            "{}",
            run.stdout
        );
        assert!(lines[4].starts_with("all done in "), "{}", run.stdout);
        let network = line_of(&run, "] network: finished");
        assert!(
            stamp_of(&run, "] network: finished") >= 50,
            "{}",
            run.stdout
        );
        // Each slower check either finished, no sooner than its sleep
        // allows, or was dropped after the error.
        for (name, ms) in [("disk", 150), ("cache", 100)] {
            let done = format!("] {name}: finished");
            let dropped = format!("] {name}: dropped, never finished");
            let ended: Vec<&&str> = lines
                .iter()
                .filter(|l| l.ends_with(&done) || l.ends_with(&dropped))
                .collect();
            assert_eq!(ended.len(), 1, "{name}, once:\n{}", run.stdout);
            if ended[0].ends_with(&done) {
                assert!(stamp_of(&run, &done) >= ms, "{}", run.stdout);
            } else {
                assert!(line_of(&run, &dropped) > network, "{}", run.stdout);
            }
        }
        // When the machine keeps up, the error comes before either slower
        // check could finish, and both are dropped, in the order
        // `try_join!` holds them.
        if events[1..3]
            == [
                "disk: dropped, never finished",
                "cache: dropped, never finished",
            ]
        {
            assert_eq!(events[0], "network: finished");
            listing.assert_shape(&run, Order::Exact);
            kept_up = true;
            break;
        }
    }
    assert!(kept_up, "no run of {TRIES} dropped the slower checks");
}

/// The stamp of the line that ends with `text`.
fn stamp_of(run: &Run, text: &str) -> u64 {
    let line = run
        .lines()
        .into_iter()
        .find(|l| l.ends_with(text))
        .unwrap_or_else(|| panic!("no line ending {text:?}:\n{}", run.stdout));
    let ms = line.trim_start_matches('[').split(" ms]").next().unwrap();
    ms.trim().parse().unwrap()
}

#[test]
fn a_panicking_task_does_not_stop_the_others() {
    let mut listing = a_task_panics();
    // The hook's message only: a backtrace (if the environment asks for one)
    // takes a debug build much processor time to print.
    listing.spec.env.push(("RUST_BACKTRACE".into(), "0".into()));
    let mut kept_up = false;
    for _ in 0..TRIES {
        // `run` panics unless the program exits successfully.
        let run = listing.run();
        // `main` reads the handles in order, each once its task is over;
        // the tasks print on their own, so a task's line may come after
        // `main` has read an earlier handle.
        let lines = run.lines();
        let read: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| l.contains(": finished with ") || l.contains(": panicked with "))
            .collect();
        assert_eq!(
            read,
            [
                "ok: finished with Ok(42)",
                "err: finished with Err(\"no such user\")",
                "panics: panicked with \"index out of range\"",
            ],
            "{}",
            run.stdout
        );
        for (task, read) in [("ok: returns Ok", read[0]), ("err: returns Err", read[1])] {
            assert!(
                line_of(&run, task) < line_of(&run, read),
                "{task} after it was read:\n{}",
                run.stdout
            );
            // Its sleep of 100 ms allows no sooner.
            assert!(stamp_of(&run, task) >= 100, "{}", run.stdout);
        }
        assert!(stamp_of(&run, "panics: about to panic") >= 50);
        assert_eq!(lines.len(), 7, "{}", run.stdout);
        assert!(lines[6].starts_with("all done in "), "{}", run.stdout);
        // The runtime's worker caught the panic; the default hook printed it.
        assert!(
            run.stderr.contains("thread 'tokio-rt-worker' (")
                && run
                    .stderr
                    .contains("panicked at listings/src/bin/ch08-11-a-task-panics.rs:")
                && run.stderr.contains("index out of range"),
            "stderr:\n{}",
            run.stderr
        );
        // The lines of the tasks and of `main` interleave in more than one
        // way.
        listing.assert_shape(&run, Order::Free);
        // A panic before 100 ms came while the two other tasks were still
        // asleep: they ran on after it, to their ends.
        if stamp_of(&run, "panics: about to panic") < 100 {
            kept_up = true;
            break;
        }
    }
    assert!(
        kept_up,
        "no run of {TRIES} panicked before the others ended"
    );
}

#[test]
fn recorded_runs_keep_the_rules_too() {
    // The outputs on the page are themselves valid runs.
    assert_waits_add_up(&one_after_another().recorded_run());
    assert_waits_overlap(&joined().recorded_run());
    let run = spawned().recorded_run();
    assert_downloads_overlap(&run);
    assert_eq!(pages_got(&run), ["a", "b", "c"]);
    let run = joinset().recorded_run();
    assert_eq!(pages_got(&run), assert_downloads_overlap(&run));
    assert_eq!(pages_got(&run), ["a", "c", "b"]);
    let (main, tasks) = threads(&current_thread().recorded_run());
    assert!(tasks.iter().all(|(_, b, a)| b == &main && a == &main));
    let (main, tasks) = threads(&multi_thread().recorded_run());
    assert!(
        tasks
            .iter()
            .all(|(_, b, a)| b.id != main.id && a.id != main.id)
    );
}

// ---------------------------------------------------------------------------
// The Python counterparts

#[test]
fn python_gather_overlaps_the_waits_too() {
    let python = || book_tools::python!("ch08-04-joined");
    if python().is_none() {
        return;
    }
    // The same lines as listing 8-4, and the same overlap.
    let run = best_of(|| python().unwrap(), waits_overlap);
    joined().assert_shape(&run, Order::Free);
}

#[test]
fn python_gather_keeps_input_order_and_as_completed_does_not() {
    let Some(run) = book_tools::python!("ch08-07-joinset") else {
        return;
    };
    let lines = run.lines();
    assert!(
        lines.contains(&"gather gave ['page a', 'page b', 'page c']"),
        "{}",
        run.stdout
    );
    let completed: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("as_completed gave page "))
        .collect();
    assert_eq!(completed, ["a", "c", "b"], "{}", run.stdout);
    // Both rounds ran the three downloads at once, by the rules of listings
    // 8-5 and 8-7: the lines before `gather gave`, then the lines after.
    let split = lines
        .iter()
        .position(|l| l.starts_with("gather gave"))
        .unwrap();
    for round in [&lines[..split], &lines[split + 1..]] {
        let text: Vec<&str> = round
            .iter()
            .copied()
            .filter(|l| l.starts_with('['))
            .collect();
        let round = Run::printed(text.join("\n"));
        let spans = round.spans();
        assert_eq!(spans.len(), 3, "{}", run.stdout);
        for (name, ms) in FETCHES {
            let span = spans.iter().find(|s| s.lane == name).unwrap();
            assert!(span.end_ms - span.start_ms >= ms, "{}", run.stdout);
        }
        let last_start = spans.iter().map(|s| s.start_ms).max().unwrap();
        let first_end = spans.iter().map(|s| s.end_ms).min().unwrap();
        assert!(last_start <= first_end, "{}", run.stdout);
    }
}

#[test]
fn python_task_group_cancels_the_rest() {
    let Some(run) = book_tools::python!("ch08-10-try-join") else {
        return;
    };
    let mut events: Vec<&str> = run
        .lines()
        .iter()
        .map(|l| l.split("] ").last().unwrap())
        .collect();
    assert_eq!(events[0], "network: finished", "{}", run.stdout);
    assert_eq!(
        events[3], "TaskGroup raised ValueError('network failed')",
        "{}",
        run.stdout
    );
    // The two slower tasks are cancelled, in an order the group chooses.
    events[1..3].sort();
    assert_eq!(
        events[1..3],
        [
            "cache: cancelled, never finished",
            "disk: cancelled, never finished"
        ],
        "{}",
        run.stdout
    );
    assert_eq!(events.len(), 5, "{}", run.stdout);
}

#[test]
fn python_return_exceptions_makes_the_error_a_value() {
    let Some(run) = book_tools::python!("ch08-11-a-task-panics") else {
        return;
    };
    let lines = run.lines();
    assert!(
        lines[0].ends_with("] fails: about to raise"),
        "{}",
        run.stdout
    );
    assert!(lines[1].ends_with("] ok: returns 42"), "{}", run.stdout);
    assert_eq!(
        lines[2..4],
        [
            "gather gave 42",
            "gather gave IndexError('index out of range')"
        ],
        "{}",
        run.stdout
    );
    assert!(run.reported_ms() >= 100, "{}", run.stdout);
}

// ---------------------------------------------------------------------------
// What the page says of Tokio itself, tested on the paused clock (order and
// outcome only: no claim about real time rests on these)

#[tokio::test(start_paused = true)]
async fn a_dropped_handle_detaches_and_a_dropped_joinset_aborts() {
    use tokio::sync::oneshot;
    use tokio::time::{Duration, sleep};

    // A task whose handle is dropped runs on to its end.
    let (done, finished) = oneshot::channel();
    let handle = tokio::spawn(async move {
        sleep(Duration::from_millis(100)).await;
        done.send("finished").unwrap();
    });
    drop(handle);
    assert_eq!(finished.await, Ok("finished"));

    // A task in a dropped `JoinSet` is aborted: its future is dropped
    // before the end, and with it the sender it owned.
    let (done, finished) = oneshot::channel::<&str>();
    let mut set = tokio::task::JoinSet::new();
    set.spawn(async move {
        sleep(Duration::from_millis(100)).await;
        done.send("finished").unwrap();
    });
    drop(set);
    assert!(finished.await.is_err(), "the task ran to its end");
}

#[test]
fn a_panic_in_main_or_in_join_is_not_caught() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    // A panic in a future given to `block_on` (the body of `main`), here
    // inside `join!`, comes out of `block_on` itself.
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runtime.block_on(async {
            tokio::join!(async { panic!("in join") }, async {});
        })
    }));
    let payload = caught.expect_err("the panic was caught inside");
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"in join"));
}

// ---------------------------------------------------------------------------
// What `tokio::spawn` asks of a task, and what a runtime's end waits for

#[test]
fn a_future_that_is_not_send_runs_with_spawn_local() {
    use std::rc::Rc;
    use tokio::time::{Duration, sleep};

    // A future that keeps an `Rc` across an `.await` is not `Send` (an
    // `Rc` is not: chapter 4), so `tokio::spawn`, whose bound is
    // `F: Future + Send + 'static`, cannot take it, on any runtime.
    // `spawn_local` on a `LocalSet` takes it, and runs it on the thread that
    // drives the set.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let local = tokio::task::LocalSet::new();
    let here = std::thread::current().id();
    let (value, ran_on) = local.block_on(&runtime, async {
        tokio::task::spawn_local(async {
            let shared = Rc::new(41);
            sleep(Duration::from_millis(1)).await;
            (*shared + 1, std::thread::current().id())
        })
        .await
        .unwrap()
    });
    assert_eq!((value, ran_on), (42, here));
}

#[test]
fn the_runtime_waits_for_a_started_blocking_closure_that_abort_cannot_stop() {
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    const BLOCK: Duration = Duration::from_millis(100);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();

    // `abort` on a blocking closure that has started: it runs to its end,
    // and its handle gives its value, not a cancellation.
    let (started_tx, started) = mpsc::channel();
    let handle = runtime.spawn_blocking(move || {
        started_tx.send(()).unwrap();
        std::thread::sleep(BLOCK);
        42
    });
    started.recv().unwrap();
    handle.abort();
    assert_eq!(runtime.block_on(handle).unwrap(), 42);

    // Dropping the runtime while a blocking closure runs: the drop returns
    // only after the closure has ended.
    let (started_tx, started) = mpsc::channel();
    let (ended_tx, ended) = mpsc::channel();
    runtime.spawn_blocking(move || {
        started_tx.send(Instant::now()).unwrap();
        std::thread::sleep(BLOCK);
        ended_tx.send(()).unwrap();
    });
    let began = started.recv().unwrap();
    drop(runtime);
    assert!(began.elapsed() >= BLOCK);
    assert_eq!(
        ended.try_recv(),
        Ok(()),
        "the drop returned before the closure ended"
    );

    // `shutdown_timeout` stops waiting at its limit, and leaves the closure
    // running: this one ends only when the test lets it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let (release_tx, release) = mpsc::channel::<()>();
    let (ended_tx, ended) = mpsc::channel();
    let (started_tx, started) = mpsc::channel();
    runtime.spawn_blocking(move || {
        started_tx.send(()).unwrap();
        release.recv().unwrap();
        ended_tx.send(()).unwrap();
    });
    started.recv().unwrap();
    let limit = Duration::from_millis(50);
    let asked = Instant::now();
    runtime.shutdown_timeout(limit);
    assert!(asked.elapsed() >= limit);
    assert!(ended.try_recv().is_err(), "the closure ended on its own");
    release_tx.send(()).unwrap();
    ended
        .recv_timeout(Duration::from_secs(10))
        .expect("the closure ran on after the shutdown and ended when released");
}
