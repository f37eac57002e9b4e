//! Chapter 13, "Processes": what its listings do, and the claims its page
//! makes about order, crashes, memory and the cost of a process.
//!
//! Each test runs the real program, which starts processes of its own (the
//! run's timeout kills them all if it hangs). Process ids change from run
//! to run, so the shape checks here set every number aside
//! (`Listing::assert_words`).
//! The one claim about time is a ratio measured within one run.

use std::collections::BTreeSet;

use book_tools::listing;
use book_tools::listing::{Listing, Run, numbers};
use book_tools::oracle;
use book_tools::recording::Order;
use book_tools::timeline::most_at_once;

/// The workers of the pool of listing 13-3.
const WORKERS: usize = 2;

fn run_a_program() -> Listing {
    listing!("ch13-01-run-a-program")
}

fn a_worker() -> Listing {
    listing!("ch13-02-a-worker")
}

fn process_pool() -> Listing {
    listing!("ch13-03-process-pool")
}

fn separate_memory() -> Listing {
    listing!("ch13-04-separate-memory")
}

fn a_worker_crashes() -> Listing {
    listing!("ch13-03-crashing-workers", of = "ch13-03-process-pool")
}

fn a_worker_hangs() -> Listing {
    listing!("ch13-03-hanging-worker", of = "ch13-03-process-pool")
}

fn start_cost() -> Listing {
    listing!("ch13-05-start-cost")
}

/// The one number after `pid ` in `line`.
fn pid_in(line: &str) -> u64 {
    let (_, after) = line
        .split_once("pid ")
        .unwrap_or_else(|| panic!("no pid in {line:?}"));
    numbers(after)[0]
}

#[test]
fn command_reports_status_output_and_failure() {
    let listing = run_a_program();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    let lines = run.lines();
    assert!(lines.contains(&"  success: true"), "{}", run.stdout);
    assert!(
        lines.contains(&"  stdout: \"hello from echo\\n\""),
        "{}",
        run.stdout
    );
    assert!(lines.contains(&"ls: success: false"), "{}", run.stdout);
    let code = lines
        .iter()
        .find(|l| l.starts_with("  exit code: Some("))
        .unwrap_or_else(|| panic!("no exit code:\n{}", run.stdout));
    assert_ne!(numbers(code), [0], "{}", run.stdout);
    assert_eq!(lines.last(), Some(&"no-such-program: not found"));
}

#[test]
fn a_worker_is_another_run_of_the_same_program() {
    let listing = a_worker();
    let run = listing.run();
    listing.assert_words(&run, Order::Exact);
    let lines = run.lines();
    let parent = pid_in(lines[0]);
    let answers: Vec<_> = lines
        .iter()
        .filter(|l| l.contains(" squared is "))
        .map(|l| numbers(l))
        .collect();
    assert_eq!(answers.len(), 3, "{}", run.stdout);
    for answer in &answers {
        let [n, square, pid] = answer[..] else {
            panic!("{answer:?}")
        };
        assert_eq!(square, n * n, "{}", run.stdout);
        assert_ne!(pid, parent, "the parent did the work:\n{}", run.stdout);
        assert_eq!(pid, answers[0][2], "more than one worker:\n{}", run.stdout);
    }
    let last = lines.last().unwrap();
    assert_eq!(pid_in(last), answers[0][2], "{}", run.stdout);
    assert!(last.ends_with("ended: exit status: 0"), "{}", run.stdout);
}

/// What a run of the pool (listing 13-3, its workers crashing or not) shows: the pid of each
/// worker it started, in order, and each item's result and pid, in the
/// order printed.
struct Pooled {
    started: Vec<u64>,
    results: Vec<(u64, u64, u64, u64)>,
}

/// The rules every run of the pool keeps, crashes or not: every item starts
/// and ends once; never more items under way than workers; one result line
/// per item, in input order, each right, each worked out by one of the
/// workers the pool started.
fn assert_pool_rules(run: &Run) -> Pooled {
    let started: Vec<u64> = run
        .lines()
        .iter()
        .filter(|l| l.starts_with("worker pid ") && l.ends_with(" started"))
        .map(|l| pid_in(l))
        .collect();
    let results: Vec<(u64, u64, u64, u64)> = run
        .lines()
        .iter()
        .filter(|l| l.starts_with("item ") && l.contains(" primes below "))
        .map(|l| match numbers(l)[..] {
            [index, primes, n, pid] => (index, primes, n, pid),
            _ => panic!("{l:?}"),
        })
        .collect();
    let items = results.len();
    assert_eq!(items, 8, "{}", run.stdout);
    let lanes: Vec<String> = (0..items).map(|i| format!("item {i}")).collect();
    let lanes: Vec<&str> = lanes.iter().map(String::as_str).collect();
    let spans = run.assert_every_task_ran(&lanes, 0);
    assert!(
        most_at_once(&spans) <= WORKERS,
        "more items under way than workers:\n{}",
        run.stdout
    );
    for (at, &(index, primes, n, pid)) in results.iter().enumerate() {
        assert_eq!(index, at as u64, "not in input order:\n{}", run.stdout);
        assert_eq!(
            primes,
            oracle::primes_below(n),
            "item {index} is wrong:\n{}",
            run.stdout
        );
        assert!(
            started.contains(&pid),
            "item {index} by pid {pid}, not a worker:\n{}",
            run.stdout
        );
    }
    let pids: BTreeSet<u64> = started.iter().copied().collect();
    assert_eq!(pids.len(), started.len(), "a pid twice:\n{}", run.stdout);
    Pooled { started, results }
}

#[test]
fn the_pool_returns_results_in_input_order() {
    let listing = process_pool();
    let run = listing.run();
    listing.assert_words(&run, Order::Free);
    let pooled = assert_pool_rules(&run);
    assert_eq!(pooled.started.len(), WORKERS, "{}", run.stdout);
    assert!(!run.stdout.contains("died"), "{}", run.stdout);
    let pids: BTreeSet<u64> = pooled.results.iter().map(|r| r.3).collect();
    assert!(pids.len() <= WORKERS, "{}", run.stdout);
}

#[test]
fn the_pool_survives_crashing_workers_and_retries_their_items() {
    let listing = a_worker_crashes();
    let run = listing.run(); // panics unless the pool exits with success
    listing.assert_words(&run, Order::Free);
    let pooled = assert_pool_rules(&run);
    let died: Vec<&str> = run
        .lines()
        .into_iter()
        .filter(|l| l.contains(" died on item "))
        .collect();
    // Item 2's worker aborts (SIGABRT is signal 6 on Linux), item 5's
    // panics (a Rust panic exits with code 101): each once, each reported.
    let mut reasons: Vec<(u64, &str)> = died
        .iter()
        .map(|l| (numbers(l.split(" died ").nth(1).unwrap())[0], *l))
        .collect();
    reasons.sort();
    let [(2, aborted), (5, panicked)] = reasons[..] else {
        panic!("not one crash on item 2 and one on item 5:\n{}", run.stdout)
    };
    assert!(aborted.ends_with("(killed by signal 6)"), "{}", run.stdout);
    assert!(panicked.ends_with("(exit code 101)"), "{}", run.stdout);
    // Two workers, and one fresh worker for each crash.
    assert_eq!(pooled.started.len(), WORKERS + 2, "{}", run.stdout);
    for line in &died {
        let dead = pid_in(line);
        assert!(pooled.started.contains(&dead), "{}", run.stdout);
    }
    // The retried items were worked out by workers started after the crash.
    for item in [2, 5] {
        let pid = pooled.results[item].3;
        let nth = pooled.started.iter().position(|&p| p == pid).unwrap();
        assert!(
            nth >= WORKERS,
            "item {item} by an old worker:\n{}",
            run.stdout
        );
    }
}

#[test]
fn the_pool_kills_a_hung_worker_at_its_deadline_and_retries_its_item() {
    let listing = a_worker_hangs();
    // Exits with success, within the run's timeout: a feeder blocked for
    // ever on a hung worker would fail here.
    let run = listing.run();
    listing.assert_words(&run, Order::Free);
    let pooled = assert_pool_rules(&run);
    assert!(!run.stdout.contains(" died "), "{}", run.stdout);
    let timed_out: Vec<&str> = run
        .lines()
        .into_iter()
        .filter(|l| l.contains(" timed out on item "))
        .collect();
    // One worker hung, on item 3, and was killed (SIGKILL, signal 9).
    let [line] = timed_out[..] else {
        panic!("not one worker timed out:\n{}", run.stdout)
    };
    let [pid, item, deadline_ms, signal] = numbers(line)[..] else {
        panic!("{line:?}")
    };
    assert_eq!(item, 3, "{}", run.stdout);
    assert!(line.ends_with("(killed by signal 9)"), "{}", run.stdout);
    assert_eq!(signal, 9);
    assert!(pooled.started.contains(&pid), "{}", run.stdout);
    // Two workers, and one fresh worker for the hung one, which worked out
    // item 3 again.
    assert_eq!(pooled.started.len(), WORKERS + 1, "{}", run.stdout);
    let by = pooled.results[3].3;
    let nth = pooled.started.iter().position(|&p| p == by).unwrap();
    assert!(nth >= WORKERS, "item 3 by an old worker:\n{}", run.stdout);
    // Item 3 waited out the whole deadline (a lower bound: the pool waited
    // at least that long), and meanwhile the other worker went on: another
    // item ended while item 3 was under way.
    let hung = run.span("item 3");
    assert!(hung.ms() >= deadline_ms, "{hung:?}:\n{}", run.stdout);
    let others_done = (0..8)
        .filter(|&i| i != 3)
        .map(|i| run.span(&format!("item {i}")))
        .filter(|s| hung.start_ms <= s.end_ms && s.end_ms <= hung.end_ms)
        .count();
    assert!(
        others_done > 0,
        "the pool stalled on the hung worker:\n{}",
        run.stdout
    );
}

#[test]
fn memory_changes_do_not_cross_either_way() {
    let listing = separate_memory();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    let value = |prefix: &str| {
        let line = run
            .lines()
            .into_iter()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} line:\n{}", run.stdout));
        *numbers(line).last().unwrap()
    };
    let parent_set = value("parent: I set COUNTER to 1 and");
    let child_born = value("child: COUNTER is");
    let child_set = value("child: I set COUNTER to");
    let parent_after = value("parent: after the child's change");
    let parent_set_again = value("parent: I set COUNTER to");
    let child_after = value("child: after the parent's change");
    assert_eq!(parent_set, 1);
    // The child is a fresh run: it starts from the program's initial value,
    // not from the parent's.
    assert_ne!(child_born, parent_set, "{}", run.stdout);
    assert_eq!(child_born, 0, "{}", run.stdout);
    // The child's change does not reach the parent.
    assert_ne!(child_set, parent_set);
    assert_eq!(parent_after, parent_set, "{}", run.stdout);
    // The parent's change does not reach the child.
    assert_ne!(parent_set_again, child_set);
    assert_eq!(child_after, child_set, "{}", run.stdout);
}

#[test]
fn starting_a_process_costs_over_three_times_a_thread() {
    // Best of five rounds each, in one run, and a wide margin (the ratio
    // measured is tens of times), so that it holds on a busy machine and
    // in a debug build.
    let listing = start_cost();
    let run = listing.run();
    listing.assert_words(&run, Order::Exact);
    let number = |prefix: &str| {
        let line = run
            .lines()
            .into_iter()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} line:\n{}", run.stdout));
        numbers(line)[0]
    };
    let (process_us, thread_us) = (number("a process:"), number("a thread:"));
    assert!(thread_us > 0, "{}", run.stdout);
    assert!(
        process_us > 3 * thread_us,
        "a process {process_us} us, a thread {thread_us} us:\n{}",
        run.stdout
    );
    let task_ns = number("a tokio task:");
    assert!(
        thread_us * 1000 > task_ns,
        "a thread {thread_us} us, a task {task_ns} ns:\n{}",
        run.stdout
    );
    let ratio = number("a process costs as much as");
    assert!(ratio > 3, "{}", run.stdout);
}

#[test]
fn recorded_runs_keep_the_rules_too() {
    // The outputs on the page are themselves valid runs.
    assert_pool_rules(&process_pool().recorded_run());
    assert_pool_rules(&a_worker_crashes().recorded_run());
    assert_pool_rules(&a_worker_hangs().recorded_run());
}

#[test]
fn python_pool_map_keeps_input_order_too() {
    let Some(run) = book_tools::python!("ch13-03-process-pool") else {
        return;
    };
    let lines = run.lines();
    let parent = pid_in(lines[0]);
    let results: Vec<Vec<u64>> = lines[1..].iter().map(|l| numbers(l)).collect();
    assert_eq!(results.len(), 8, "{}", run.stdout);
    let mut pids = BTreeSet::new();
    for (at, result) in results.iter().enumerate() {
        let [index, primes, n, pid] = result[..] else {
            panic!("{result:?}")
        };
        assert_eq!(index, at as u64, "not in input order:\n{}", run.stdout);
        assert_eq!(primes, oracle::primes_below(n), "{}", run.stdout);
        assert_ne!(pid, parent, "the parent did the work:\n{}", run.stdout);
        pids.insert(pid);
    }
    assert!(pids.len() <= WORKERS, "{}", run.stdout);
}

#[test]
fn python_fork_copies_memory_spawn_does_not_neither_shares() {
    let Some(run) = book_tools::python!("ch13-04-separate-memory") else {
        return;
    };
    assert_eq!(
        run.lines(),
        [
            "parent: I set COUNTER to 1",
            // fork: the child starts as a copy of the parent's memory.
            "fork child: COUNTER is 1 at the start",
            "fork child: I set COUNTER to 100",
            "parent: after the fork child's change, COUNTER is 1",
            // spawn: the child is a fresh run, from the initial value.
            "spawn child: COUNTER is 0 at the start",
            "spawn child: I set COUNTER to 100",
            "parent: after the spawn child's change, COUNTER is 1",
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn python_fork_copies_a_held_lock_locked_with_no_thread_to_release_it() {
    let Some(run) = book_tools::python!("ch13-04-fork-with-threads") else {
        return;
    };
    assert_eq!(
        run.lines(),
        [
            // Only the thread that called fork goes on in the child...
            "child: 1 thread",
            // ...so the lock another thread held stays held in the child,
            "child: took the lock within a second: False",
            // while in the parent that thread releases it.
            "parent: took the lock: True",
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn python_pool_breaks_on_a_crashed_worker() {
    let Some(run) = book_tools::python!("ch13-03-crashing-workers") else {
        return;
    };
    assert_eq!(
        run.lines(),
        [
            "map raised BrokenProcessPool",
            "submit raised BrokenProcessPool: the pool is done for",
            "the parent is still running",
        ],
        "{}",
        run.stdout
    );
}
