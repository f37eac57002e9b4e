//! Chapter 1, "Three waits, two ways": what its listings do, and the claims
//! its page makes about time.
//!
//! Each test runs the real program and reads its stamped lines
//! (`[  12 ms] task 1 starts`). Lower bounds come from the sleeps
//! themselves; upper bounds are ratios within one run, with slack.

use std::process::Command;
use std::time::Duration;

use book_tools::listing;
use book_tools::listing::{Listing, Run};
use book_tools::recording::Order;
use book_tools::timeline::{Span, all_under_way_at_once, one_at_a_time, span_ms};

/// How long each task of the chapter sleeps.
const WAIT: Duration = Duration::from_millis(200);
const WAIT_MS: u64 = 200;
const TASKS: [&str; 3] = ["task 1", "task 2", "task 3"];

fn one_after_another() -> Listing {
    listing!("ch01-01-one-after-another")
}

fn a_thread_each() -> Listing {
    listing!("ch01-02-a-thread-each")
}

/// Rules every valid output of both listings keeps, whatever the order:
/// each task starts and ends exactly once, lasts at least one wait, and
/// `all done` comes last, no sooner than the last task ended.
fn assert_every_task_ran(run: &Run) -> Vec<Span> {
    let spans = run.assert_every_task_ran(&TASKS, WAIT_MS);
    assert_eq!(run.lines().len(), 2 * TASKS.len() + 1, "{}", run.stdout);
    spans
}

#[test]
fn one_after_another_adds_up_the_waits() {
    let run = one_after_another().run();
    let spans = assert_every_task_ran(&run);
    // In order, each starting only after the previous one ended.
    one_at_a_time(&spans).unwrap_or_else(|e| panic!("{e}:\n{}", run.stdout));
    let three_waits = 3 * WAIT;
    assert!(run.reported_ms() >= 3 * WAIT_MS, "{}", run.stdout);
    assert!(run.wall >= three_waits, "took only {:?}", run.wall);
}

/// The waits overlap: at one instant all three tasks were under way, and
/// together they lasted less than twice the longest of them (one after
/// another, they last the sum of all three). Measured from the program's own
/// stamps, so the time a loaded machine takes to start the process does not
/// count.
fn assert_waits_overlap(run: &Run) {
    let spans = assert_every_task_ran(run);
    assert!(
        all_under_way_at_once(&spans),
        "a task ended before the last one started:\n{}",
        run.stdout
    );
    let longest = spans.iter().map(|s| s.end_ms - s.start_ms).max().unwrap();
    let span = span_ms(&spans);
    assert!(
        span < 2 * longest,
        "the tasks took {span} ms in all, not under twice the longest ({longest} ms):\n{}",
        run.stdout
    );
}

#[test]
fn a_thread_each_overlaps_the_waits() {
    let run = a_thread_each().run();
    assert_waits_overlap(&run);
    assert!(run.reported_ms() >= WAIT_MS, "{}", run.stdout);
}

#[test]
fn a_thread_each_overlaps_the_waits_even_on_one_core() {
    // `taskset -c 0` (from util-linux) lets a program run on core 0 only.
    let one_core = |program: &str| {
        let mut command = Command::new("taskset");
        command.args(["-c", "0", program]);
        command
    };
    let cores = book_tools::listing::run(one_core("nproc"));
    assert_eq!(cores.stdout.trim(), "1", "taskset did not restrict nproc");
    let listing = a_thread_each();
    let run = book_tools::listing::run(one_core(listing.program().to_str().unwrap()));
    assert_waits_overlap(&run);
}

#[test]
fn threads_take_less_than_half_the_time() {
    // Best of three runs of each, side by side, so that both see the same
    // machine, and one unlucky moment on a busy one does not decide.
    let best = |listing: Listing| {
        (0..3)
            .map(|_| span_ms(&assert_every_task_ran(&listing.run())))
            .min()
            .unwrap()
    };
    let (sequential, threaded) = (best(one_after_another()), best(a_thread_each()));
    assert!(sequential >= 3 * WAIT_MS);
    assert!(
        threaded * 2 < sequential,
        "threads {threaded} ms, one after another {sequential} ms"
    );
}

#[test]
fn outputs_keep_the_recorded_shape() {
    // One thread prints everything: the order is fixed.
    let listing = one_after_another();
    listing.assert_shape(&listing.run(), Order::Exact);
    // Threads race to print: any order of the same lines is valid; the
    // rules an order must keep are checked by the tests above.
    let listing = a_thread_each();
    listing.assert_shape(&listing.run(), Order::Free);
}

#[test]
fn recorded_runs_keep_the_rules_too() {
    // The output on the page is itself a valid run.
    for listing in [one_after_another(), a_thread_each()] {
        assert_every_task_ran(&listing.recorded_run());
    }
}

#[test]
fn python_threads_overlap_their_waits_too() {
    let Some(run) = book_tools::python!("ch01-02-a-thread-each") else {
        return;
    };
    // The same lines as listing 1-2 prints, in any valid order, and the
    // same overlap.
    a_thread_each().assert_shape(&run, Order::Free);
    assert_waits_overlap(&run);
}
