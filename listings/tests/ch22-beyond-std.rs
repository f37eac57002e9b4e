//! Chapter 22, "Beyond std: the crates people reach for": what its
//! listings do, and what its measurements may and may not claim.
//!
//! The runs assert what every valid execution keeps: each job taken by
//! exactly one consumer, every message received once, no torn config. The
//! three measurements against std run in release, in `cpu_bound_` tests
//! that `cargo book test` runs alone; they assert equal results on every
//! attempt, and one direction only (an `ArcSwap`'s readers beat an
//! `RwLock`'s on two CPUs or more), judged on quiet attempts.

use book_tools::cpu_bound;
use book_tools::listing;
use book_tools::listing::{Listing, Run, numbers};
use book_tools::recording::Order;

fn two_consumers() -> Listing {
    listing!("ch22-01-two-consumers")
}

fn parking_lot_listing() -> Listing {
    listing!("ch22-04-parking-lot")
}

fn select() -> Listing {
    listing!("ch22-05-select")
}

fn work_stealing() -> Listing {
    listing!("ch22-06-work-stealing")
}

fn flume_listing() -> Listing {
    listing!("ch22-07-flume")
}

fn arc_swap_config() -> Listing {
    listing!("ch22-08-arc-swap-config")
}

fn contended_locks() -> Listing {
    listing!("ch22-09-contended-locks")
}

fn channel_throughput() -> Listing {
    listing!("ch22-10-channel-throughput")
}

fn read_mostly_map() -> Listing {
    listing!("ch22-11-read-mostly-map")
}

fn on_one_core(mut listing: Listing) -> Listing {
    listing.spec.cores = Some(1);
    listing
}

// Listing 22-1: two consumers of one crossbeam channel.

/// Each worker says how many jobs it took; together they took all 1000,
/// and no job twice (the last line counts the distinct ones).
fn assert_each_job_taken_once(run: &Run) {
    let a = numbers(run.line("worker a took"));
    let b = numbers(run.line("worker b took"));
    assert_eq!(
        a[0] + b[0],
        1_000,
        "a job was lost or taken twice:\n{}",
        run.stdout
    );
    assert_eq!(
        run.line("distinct jobs done:"),
        "distinct jobs done: 1000 of 1000",
        "{}",
        run.stdout
    );
}

#[test]
fn two_consumers_take_each_job_exactly_once() {
    for listing in [two_consumers(), on_one_core(two_consumers())] {
        let run = listing.run();
        assert_each_job_taken_once(&run);
        listing.assert_words(&run, Order::Free);
    }
    assert_each_job_taken_once(&two_consumers().recorded_run());
}

#[test]
fn python_queue_has_two_consumers_too() {
    let Some(run) = book_tools::python!("ch22-01-two-consumers") else {
        return;
    };
    two_consumers().assert_words(&run, Order::Free);
    assert_each_job_taken_once(&run);
}

// Listing 22-4: parking_lot's sizes, and no poisoning.

fn assert_sizes_and_no_poisoning(run: &Run) {
    use std::mem::size_of;
    let size = |prefix: &str| numbers(run.line(prefix))[0] as usize;
    // The listing prints what `size_of` says on this machine; parking_lot's
    // are never larger than std's.
    let (std_mutex, pl_mutex) = (size("size_of std Mutex"), size("size_of parking_lot Mutex"));
    let (std_rwlock, pl_rwlock) = (
        size("size_of std RwLock"),
        size("size_of parking_lot RwLock"),
    );
    assert!(
        pl_mutex <= std_mutex && pl_rwlock <= std_rwlock,
        "{}",
        run.stdout
    );
    assert_eq!(pl_mutex, size_of::<parking_lot::Mutex<()>>());
    assert_eq!(std_mutex, size_of::<std::sync::Mutex<()>>());
    assert_eq!(
        run.line("the thread panicked:"),
        "the thread panicked: true"
    );
    assert_eq!(run.line("std lock() is Ok:"), "std lock() is Ok: false");
    assert_eq!(
        run.line("parking_lot lock() gives the value:"),
        "parking_lot lock() gives the value: 0"
    );
}

#[test]
fn parking_lot_locks_are_small_and_never_poisoned() {
    let listing = parking_lot_listing();
    let run = listing.run();
    assert_sizes_and_no_poisoning(&run);
    listing.assert_shape(&run, Order::Exact);
    assert_sizes_and_no_poisoning(&listing.recorded_run());
}

// Listing 22-5: crossbeam's select! over two channels.

fn assert_select_got_everything(run: &Run) {
    let lines = run.lines();
    let numbers: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("number"))
        .collect();
    assert_eq!(
        numbers,
        ["number 1", "number 2", "number 3"],
        "{}",
        run.stdout
    );
    assert_eq!(
        lines.iter().filter(|l| **l == "word hello").count(),
        1,
        "{}",
        run.stdout
    );
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    assert_eq!(lines.last(), Some(&"both channels closed: true"));
}

#[test]
fn select_receives_every_message_of_both_channels() {
    for listing in [select(), on_one_core(select())] {
        let run = listing.run();
        assert_select_got_everything(&run);
        listing.assert_shape(&run, Order::Free);
    }
    assert_select_got_everything(&select().recorded_run());
}

// Listing 22-6: a work-stealing deque.

#[test]
fn owner_and_thief_do_every_job_once() {
    for listing in [work_stealing(), on_one_core(work_stealing())] {
        let run = listing.run();
        assert_eq!(
            run.line("jobs done by owner + thief:"),
            "jobs done by owner + thief: 100"
        );
        assert_eq!(numbers(run.line("sum of their jobs:"))[0], 5050);
        listing.assert_shape(&run, Order::Exact);
    }
}

// Listing 22-7: flume, from a thread to async tasks.

#[test]
fn flume_carries_every_message_from_a_thread_to_async_tasks() {
    for listing in [flume_listing(), on_one_core(flume_listing())] {
        let run = listing.run();
        assert_eq!(numbers(run.line("received in total:"))[0], 55);
        listing.assert_shape(&run, Order::Exact);
    }
}

// Listing 22-8: an ArcSwap'd config, read while it is replaced.

fn assert_no_torn_config(run: &Run) {
    for reader in ["reader a:", "reader b:"] {
        assert_eq!(
            numbers(run.line(reader)),
            [100_000, 0],
            "a reader saw a torn config:\n{}",
            run.stdout
        );
    }
    assert_eq!(run.line("last version:"), "last version: 1000");
}

#[test]
fn arc_swap_readers_never_see_a_torn_config() {
    for listing in [arc_swap_config(), on_one_core(arc_swap_config())] {
        let run = listing.run();
        assert_no_torn_config(&run);
        listing.assert_shape(&run, Order::Free);
    }
    assert_no_torn_config(&arc_swap_config().recorded_run());
}

// Listings 22-9 to 22-11: against std, in release.

/// The best times (ms) a measuring listing printed, in its order.
fn times(run: &Run) -> Vec<f64> {
    run.lines()
        .into_iter()
        .filter(|l| l.ends_with(" ms"))
        .map(|l| *listing::floats(l).last().unwrap())
        .collect()
}

/// What the recordings must show: each listing's times, and the results
/// it checked (a listing asserts its own totals, and would have failed).
#[test]
fn the_recorded_measurements_are_whole() {
    let locks = contended_locks().recorded_run();
    assert_eq!(times(&locks).len(), 2, "{}", locks.stdout);
    assert_eq!(locks.line("every total:").trim(), "every total: 200000");
    let channels = channel_throughput().recorded_run();
    assert_eq!(times(&channels).len(), 3, "{}", channels.stdout);
    let maps = read_mostly_map().recorded_run();
    assert_eq!(times(&maps).len(), 3, "{}", maps.stdout);
    assert_eq!(
        maps.line("every way read the same values:"),
        "every way read the same values: true"
    );
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "CPU-bound: run alone, in release, by cargo book test"
)]
fn cpu_bound_ch22_locks_and_channels_give_the_same_results() {
    // No claim of speed: on Linux std's futex mutex and parking_lot's
    // trade places from run to run, as do the three channels. Each
    // listing asserts its totals (every addition, every message, once).
    for listing in [contended_locks(), channel_throughput()] {
        let run = listing.run();
        listing.assert_words(&run, Order::Exact);
        assert!(times(&run).iter().all(|&ms| ms > 0.0), "{}", run.stdout);
    }
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "CPU-bound: run alone, in release, by cargo book test"
)]
fn cpu_bound_ch22_arc_swap_readers_beat_rwlock_readers() {
    let listing = read_mostly_map();
    let attempt = || {
        let run = listing.run();
        listing.assert_words(&run, Order::Exact);
        assert_eq!(
            run.line("every way read the same values:"),
            "every way read the same values: true"
        );
        let t = times(&run);
        (t[0], t[2]) // RwLock, ArcSwap
    };
    if listing::cores() < 2 {
        // One CPU: the readers take turns, no lock is contended, and the
        // times are alike. Only the results are checked.
        attempt();
        println!("skipped: one logical CPU, so the readers never contend");
        return;
    }
    let best = |attempts: &[(f64, f64)]| {
        let rwlock = attempts.iter().map(|a| a.0).fold(f64::MAX, f64::min);
        let arcswap = attempts.iter().map(|a| a.1).fold(f64::MAX, f64::min);
        (rwlock, arcswap)
    };
    let holds = |attempts: &[(f64, f64)]| {
        let (rwlock, arcswap) = best(attempts);
        attempts.len() >= 2 && arcswap < rwlock
    };
    let attempts = cpu_bound::Attempts {
        min: 2,
        max: 4,
        ..Default::default()
    };
    let Some(quiet) =
        cpu_bound::quiet_attempts("listing 22-11's read times", attempts, attempt, holds)
    else {
        return;
    };
    let (rwlock, arcswap) = best(&quiet);
    assert!(
        arcswap < rwlock,
        "ArcSwap's readers took {arcswap} ms, RwLock's {rwlock} ms: no cost of the shared reader count on {} CPUs",
        listing::cores()
    );
}
