//! Chapter 18, "Memory ordering and atomics": what its listings do, and
//! what loom finds that a run on one machine cannot show.
//!
//! A run shows what one CPU did; the claims about what the memory model
//! allows (the store buffer's `0, 0` under `Release`/`Acquire`, a spin lock
//! with `Relaxed` orderings racing on its value) are loom's, in the
//! `loom_` tests. The runs assert only what every valid execution keeps:
//! counts that add up, outcomes the model allows, no id handed out twice.
//! False sharing is timed in release, in a `cpu_bound_` test that
//! `cargo book test` runs alone.

use std::collections::BTreeSet;

use book_tools::cpu_bound;
use book_tools::listing;
use book_tools::listing::{Listing, Run, numbers};
use book_tools::recording::Order;

fn happens_before() -> Listing {
    listing!("ch18-01-happens-before")
}

fn store_buffer() -> Listing {
    listing!("ch18-02-store-buffer")
}

fn id_allocator() -> Listing {
    listing!("ch18-03-id-allocator")
}

fn spin_lock() -> Listing {
    listing!("ch18-04-spin-lock")
}

fn fences() -> Listing {
    listing!("ch18-05-fences")
}

fn false_sharing() -> Listing {
    listing!("ch18-06-false-sharing")
}

fn park() -> Listing {
    listing!("ch18-07-park")
}

fn thread_local() -> Listing {
    listing!("ch18-08-thread-local")
}

// Listing 18-1: a Release store read by an Acquire load.

/// How long the writer of listing 18-1 prepares its data, and main of
/// listing 18-7 waits before it wakes the waiter.
const PREPARE_MS: u64 = 50;
const WAKE_MS: u64 = 100;

/// The rules every run of listing 18-1 keeps: the reader reads 42, never
/// 0, and it ends no sooner than the writer's wait, which comes before the
/// store it must have seen.
fn assert_reader_saw_the_data(run: &Run) {
    let spans = run.assert_every_task_ran(&["reader", "writer"], 0);
    let seen = run
        .lines()
        .into_iter()
        .find(|l| l.contains("reader sees data = "))
        .unwrap_or_else(|| panic!("no `reader sees` line:\n{}", run.stdout));
    assert!(
        seen.ends_with("data = 42"),
        "the reader saw the flag without the data:\n{}",
        run.stdout
    );
    let (reader, writer) = (&spans[0], &spans[1]);
    assert!(
        writer.ms() >= PREPARE_MS,
        "the writer published before its wait was over:\n{}",
        run.stdout
    );
    assert!(
        reader.end_ms >= PREPARE_MS,
        "the reader ended before the writer could publish:\n{}",
        run.stdout
    );
}

#[test]
fn the_acquire_load_sees_what_came_before_the_release_store() {
    for listing in [happens_before(), happens_before().on_one_core()] {
        let run = listing.run();
        assert_reader_saw_the_data(&run);
        listing.assert_shape(&run, Order::Free);
    }
    assert_reader_saw_the_data(&happens_before().recorded_run());
}

// Listing 18-2: the store-buffer test, on this machine's CPU.

/// The counts of one ordering: rounds, and (a, b) → count.
struct Outcomes {
    name: String,
    rounds: u64,
    counts: Vec<((u64, u64), u64)>,
}

/// Reads listing 18-2's output, and checks what every run keeps: each
/// ordering's four outcomes, each a 0 or a 1, adding up to its rounds.
fn outcomes_of(run: &Run) -> Vec<Outcomes> {
    let lines = run.lines();
    assert_eq!(lines.len(), 10, "{}", run.stdout);
    let mut all = Vec::new();
    for block in lines.chunks(5) {
        let (name, rounds) = block[0]
            .split_once(", ")
            .unwrap_or_else(|| panic!("{}", run.stdout));
        let counts: Vec<((u64, u64), u64)> = block[1..]
            .iter()
            .map(|line| match numbers(line)[..] {
                [a, b, count] if a <= 1 && b <= 1 => ((a, b), count),
                _ => panic!("not an outcome: {line:?}"),
            })
            .collect();
        let seen: BTreeSet<(u64, u64)> = counts.iter().map(|c| c.0).collect();
        assert_eq!(seen.len(), 4, "each outcome once:\n{}", run.stdout);
        let rounds = numbers(rounds)[0];
        let total: u64 = counts.iter().map(|c| c.1).sum();
        assert_eq!(total, rounds, "the counts add up:\n{}", run.stdout);
        all.push(Outcomes {
            name: name.to_owned(),
            rounds,
            counts,
        });
    }
    let names: Vec<&str> = all.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Release/Acquire", "SeqCst"], "{}", run.stdout);
    all
}

/// Under `SeqCst`, every store and load is in one order that all threads
/// agree on, so one of the two loads comes after the other thread's store:
/// both cannot read 0.
fn assert_seq_cst_never_shows_both_zeros(run: &Run) {
    let all = outcomes_of(run);
    let both_zero = all[1].counts.iter().find(|c| c.0 == (0, 0)).unwrap().1;
    assert_eq!(
        both_zero, 0,
        "SeqCst showed both loads reading 0 in {both_zero} of {} rounds:\n{}",
        all[1].rounds, run.stdout
    );
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "CPU-bound: run alone, in release, by cargo book test"
)]
fn cpu_bound_seq_cst_never_shows_both_zeros_on_this_cpu() {
    // For Release/Acquire nothing is asserted beyond the counts adding
    // up: loom proves (0, 0) allowed, and whether a CPU shows it is its
    // own affair. Not confined to one core, and run alone: its threads
    // meet twice a round by spinning, and `yield_now` gives a core that
    // another busy program shares back only after that program's time
    // slice. Alone it takes a tenth of a second; beside the other tests
    // it took seconds, spinning all the while, CPU the others needed.
    let listing = store_buffer();
    let run = listing.run();
    assert_seq_cst_never_shows_both_zeros(&run);
    listing.assert_words(&run, Order::Exact);
    assert_seq_cst_never_shows_both_zeros(&store_buffer().recorded_run());
}

// Listing 18-3: an id allocator that refuses instead of overflowing.

#[test]
fn every_id_is_handed_out_once_then_refused() {
    for listing in [id_allocator(), id_allocator().on_one_core()] {
        let run = listing.run();
        listing.assert_shape(&run, Order::Exact);
        let first = numbers(run.line("ids handed out:"));
        assert_eq!(first, [1_000, 1_000, 1_000], "{}", run.stdout);
        assert_eq!(run.line("refused after:"), "refused after: (None, None)");
        assert_eq!(run.line("counter stays at"), "counter stays at 1000");
    }
}

// Listing 18-4: a spin lock.

#[test]
fn the_spin_lock_loses_no_addition() {
    for listing in [spin_lock(), spin_lock().on_one_core()] {
        let run = listing.run();
        listing.assert_shape(&run, Order::Exact);
        let line = run.line("2 threads x");
        assert_eq!(numbers(line), [2, 100_000, 200_000], "{}", run.stdout);
    }
}

// Listing 18-5: fences.

#[test]
fn the_fences_publish_the_data() {
    for listing in [fences(), fences().on_one_core()] {
        let run = listing.run();
        assert_eq!(run.stdout, "data = 42\n");
        listing.assert_shape(&run, Order::Exact);
    }
}

// Listing 18-6: false sharing, timed in release.

/// The best times (ms) of the packed and the padded counters in one run
/// of listing 18-6, which keeps the best of its own interleaved runs.
fn false_sharing_times(run: &Run) -> (f64, f64) {
    let ms = |prefix: &str| -> f64 {
        let line = run.line(prefix);
        let floats = listing::floats(line);
        assert!(line.ends_with(" ms"), "{line:?}");
        *floats.last().unwrap()
    };
    (ms("packed into one cache line:"), ms("padded apart:"))
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "CPU-bound: run alone, in release, by cargo book test"
)]
fn cpu_bound_ch18_padded_counters_beat_packed_ones() {
    let cores = listing::cores();
    if cores < 2 {
        println!(
            "skipped: one logical CPU, so the two threads never run at once and share no cache line"
        );
        return;
    }
    let listing = false_sharing();
    let attempt = || {
        let run = listing.run();
        listing.assert_words(&run, Order::Exact);
        false_sharing_times(&run)
    };
    let best = |attempts: &[(f64, f64)]| {
        let packed = attempts.iter().map(|a| a.0).fold(f64::MAX, f64::min);
        let padded = attempts.iter().map(|a| a.1).fold(f64::MAX, f64::min);
        (packed, padded)
    };
    let holds = |attempts: &[(f64, f64)]| {
        let (packed, padded) = best(attempts);
        attempts.len() >= 2 && padded < packed
    };
    let attempts = cpu_bound::Attempts {
        min: 2,
        max: 4,
        ..Default::default()
    };
    let Some(quiet) = cpu_bound::quiet_attempts("listing 18-6's times", attempts, attempt, holds)
    else {
        return;
    };
    let (packed, padded) = best(&quiet);
    assert!(
        padded < packed,
        "padded counters took {padded} ms, packed ones {packed} ms: no cost of false sharing on {cores} CPUs"
    );
}

#[test]
fn the_recorded_false_sharing_ratio_is_its_two_times() {
    // The page's recording: both layouts timed, and the ratio it prints is
    // the ratio of its two times. (The listing itself asserts that every
    // addition was counted.)
    let run = false_sharing().recorded_run();
    let (packed, padded) = false_sharing_times(&run);
    let ratio = *listing::floats(run.line("packed / padded:"))
        .last()
        .unwrap();
    assert!((ratio - packed / padded).abs() < 0.1, "{}", run.stdout);
}

// Listing 18-7: park and unpark.

fn assert_waiter_woke_after_the_flag(run: &Run) {
    let spans = run.assert_every_task_ran(&["main", "waiter"], 0);
    let (main, waiter) = (&spans[0], &spans[1]);
    assert!(main.ms() >= WAKE_MS, "{}", run.stdout);
    assert!(
        waiter.end_ms >= WAKE_MS,
        "the waiter went on before main raised the flag:\n{}",
        run.stdout
    );
}

#[test]
fn the_parked_thread_goes_on_only_once_woken() {
    for listing in [park(), park().on_one_core()] {
        let run = listing.run();
        assert_waiter_woke_after_the_flag(&run);
        listing.assert_shape(&run, Order::Free);
    }
    assert_waiter_woke_after_the_flag(&park().recorded_run());
}

#[test]
fn python_event_wakes_the_waiter_too() {
    let Some(run) = book_tools::python!("ch18-07-park") else {
        return;
    };
    park().assert_shape(&run, Order::Free);
    assert_waiter_woke_after_the_flag(&run);
}

// Listing 18-8: thread_local!.

fn assert_each_thread_counted_its_own(run: &Run) {
    let mut lines = run.lines();
    assert_eq!(lines.pop(), Some("main counted 0 calls"), "{}", run.stdout);
    lines.sort();
    assert_eq!(
        lines,
        ["worker a counted 3 calls", "worker b counted 5 calls"],
        "{}",
        run.stdout
    );
}

#[test]
fn each_thread_counts_its_own_calls() {
    for listing in [thread_local(), thread_local().on_one_core()] {
        let run = listing.run();
        assert_each_thread_counted_its_own(&run);
        listing.assert_shape(&run, Order::Free);
    }
}

#[test]
fn python_thread_local_counts_the_same() {
    let Some(run) = book_tools::python!("ch18-08-thread-local") else {
        return;
    };
    thread_local().assert_shape(&run, Order::Free);
    assert_each_thread_counted_its_own(&run);
}

// The spin lock with `Relaxed`: a copy of listing 18-4's lock, checked
// against the listing here, and run under loom below.

/// Fails unless the Relaxed copy below is listing 18-4's lock with its
/// `Acquire` swap and `Release` store made `Relaxed`, nothing else changed
/// (comments aside).
fn assert_the_relaxed_lock_is_the_listing() {
    listing::assert_copy_changes_only(
        concat!(env!("CARGO_MANIFEST_DIR"), "/src/bin/ch18-04-spin-lock.rs"),
        ("pub struct SpinLock<T> {", "// ANCHOR_END: lock"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ch18-memory-ordering.rs"),
        "RELAXED LOCK",
        &[
            ("Ordering::Acquire", "Ordering::Relaxed"),
            ("Ordering::Release", "Ordering::Relaxed"),
        ],
    );
}

#[test]
fn the_relaxed_lock_is_listing_18_4_with_only_the_orderings_changed() {
    assert_the_relaxed_lock_is_the_listing();
}

/// Listing 18-4, compiled with loom's threads, atomics and cell.
#[cfg(feature = "loom")]
#[allow(dead_code)]
mod loom_spin_lock {
    include!("../src/bin/ch18-04-spin-lock.rs");
}

/// Listing 18-4's lock with `Relaxed` in place of `Acquire` and `Release`.
#[cfg(feature = "loom")]
#[allow(dead_code)]
mod loom_relaxed_lock {
    use loom::cell::UnsafeCell;
    use loom::sync::atomic::{AtomicBool, Ordering};
    use loom::thread;

    // RELAXED LOCK STARTS
    pub struct SpinLock<T> {
        locked: AtomicBool,
        value: UnsafeCell<T>,
    }

    unsafe impl<T: Send> Sync for SpinLock<T> {}

    impl<T> SpinLock<T> {
        pub fn new(value: T) -> Self {
            SpinLock {
                locked: AtomicBool::new(false),
                value: UnsafeCell::new(value),
            }
        }

        pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
            while self
                .locked
                .compare_exchange_weak(false, true, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
            {
                thread::yield_now();
            }
            let result = self.value.with_mut(|value| f(unsafe { &mut *value }));
            self.locked.store(false, Ordering::Relaxed);
            result
        }
    }
    // RELAXED LOCK ENDS

    pub fn two_adders() -> u64 {
        let total = loom::sync::Arc::new(SpinLock::new(0u64));
        let other = {
            let total = loom::sync::Arc::clone(&total);
            thread::spawn(move || total.with(|n| *n += 1))
        };
        total.with(|n| *n += 1);
        other.join().unwrap();
        total.with(|n| *n)
    }
}

/// Model checks: every interleaving of the threads (up to a preemption
/// bound where said), and every value each load may return under the
/// memory model.
#[cfg(feature = "loom")]
mod loom_checks {
    fn model(f: impl Fn() + Sync + Send + 'static) {
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = Some(3);
        builder.check(f);
    }

    #[test]
    fn loom_the_spin_lock_keeps_its_value_to_one_thread_at_a_time() {
        // Listing 18-4's own two threads, one addition each.
        model(|| assert_eq!(super::loom_spin_lock::two_adders(1), 2));
    }

    #[test]
    fn loom_a_relaxed_spin_lock_races_on_its_value() {
        super::assert_the_relaxed_lock_is_the_listing();
        let outcome = std::panic::catch_unwind(|| {
            model(|| assert_eq!(super::loom_relaxed_lock::two_adders(), 2));
        });
        let Err(panic) = outcome else {
            panic!("loom found no race in the spin lock with Relaxed orderings");
        };
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        assert!(
            message.contains("Causality violation"),
            "the model failed, but not for a race on the value: {message}"
        );
    }
}

/// The quiz's "Which of these can it print?" questions on the store
/// buffer, answered by loom in every interleaving, with no preemption
/// bound.
#[cfg(feature = "loom")]
mod loom_quiz {
    use listings::outcomes::{outcomes, question};

    /// The store buffer with `Release` stores and `Acquire` loads.
    const RELEASE_ACQUIRE: &str = "4f3b8f0e-6a43-4c1e-9d0a-2b7c5e18a901";
    /// The store buffer with a `SeqCst` fence between store and load.
    const SEQ_CST_FENCE: &str = "b1d6c2a4-8e57-4f09-a3c2-7d9e4f60b812";

    const STD_TO_LOOM: &[(&str, &str)] = &[
        ("use std::sync::Arc;", "use loom::sync::Arc;"),
        ("use std::sync::atomic::", "use loom::sync::atomic::"),
        ("use std::thread;", "use loom::thread;"),
    ];

    mod release_acquire {
        use listings::loom_println as println;

        // QUIZ PROGRAM 4f3b8f0e-6a43-4c1e-9d0a-2b7c5e18a901 STARTS
        use loom::sync::Arc;
        use loom::sync::atomic::{AtomicU32, Ordering};
        use loom::thread;

        fn main() {
            let x = Arc::new(AtomicU32::new(0));
            let y = Arc::new(AtomicU32::new(0));
            let (x2, y2) = (Arc::clone(&x), Arc::clone(&y));
            let first = thread::spawn(move || {
                x2.store(1, Ordering::Release);
                y2.load(Ordering::Acquire)
            });
            y.store(1, Ordering::Release);
            let b = x.load(Ordering::Acquire);
            let a = first.join().unwrap();
            println!("a={a} b={b}");
        }
        // QUIZ PROGRAM 4f3b8f0e-6a43-4c1e-9d0a-2b7c5e18a901 ENDS

        pub(super) fn program() {
            main();
        }
    }

    mod seq_cst_fence {
        use listings::loom_println as println;

        // QUIZ PROGRAM b1d6c2a4-8e57-4f09-a3c2-7d9e4f60b812 STARTS
        use loom::sync::Arc;
        use loom::sync::atomic::{AtomicU32, Ordering, fence};
        use loom::thread;

        fn main() {
            let x = Arc::new(AtomicU32::new(0));
            let y = Arc::new(AtomicU32::new(0));
            let (x2, y2) = (Arc::clone(&x), Arc::clone(&y));
            let first = thread::spawn(move || {
                x2.store(1, Ordering::Relaxed);
                fence(Ordering::SeqCst);
                y2.load(Ordering::Relaxed)
            });
            y.store(1, Ordering::Relaxed);
            fence(Ordering::SeqCst);
            let b = x.load(Ordering::Relaxed);
            let a = first.join().unwrap();
            println!("a={a} b={b}");
        }
        // QUIZ PROGRAM b1d6c2a4-8e57-4f09-a3c2-7d9e4f60b812 ENDS

        pub(super) fn program() {
            main();
        }
    }

    #[test]
    fn loom_release_and_acquire_let_both_loads_read_zero() {
        let quiz = question("ch18-memory-ordering", RELEASE_ACQUIRE);
        quiz.assert_program_is_copied_in("ch18-memory-ordering.rs", STD_TO_LOOM);
        let printed = outcomes(release_acquire::program);
        assert!(printed.contains("`a=0 b=0`"), "{printed:?}");
        assert_eq!(printed.len(), 4, "{printed:?}");
        quiz.assert_lists_exactly(&printed);
    }

    #[test]
    fn loom_seq_cst_fences_never_let_both_loads_read_zero() {
        let quiz = question("ch18-memory-ordering", SEQ_CST_FENCE);
        quiz.assert_program_is_copied_in("ch18-memory-ordering.rs", STD_TO_LOOM);
        let printed = outcomes(seq_cst_fence::program);
        assert!(!printed.contains("`a=0 b=0`"), "{printed:?}");
        assert_eq!(printed.len(), 3, "{printed:?}");
        quiz.assert_lists_exactly(&printed);
    }
}
