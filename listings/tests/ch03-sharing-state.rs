//! Chapter 3, "Sharing state": what its listings do, and the claims its
//! page makes about them.
//!
//! Each test runs the real program and reads what it printed. Where threads
//! race, the order of lines changes from run to run: the tests check the
//! rules every valid order keeps (a lock's holders never overlap, no thread
//! passes a barrier early, every addition is counted), never one order.
//! Lower bounds on time come from the sleeps; upper bounds are ratios
//! within one run, with slack. The counters' race is timed in release, in
//! the `cpu_bound_` tests, which `cargo book test` runs alone.

use book_tools::cpu_bound;
use book_tools::listing;
use book_tools::listing::{Listing, Run};
use book_tools::recording::Order;
use book_tools::timeline::Span;

/// How long each job's slow call sleeps (listings 3-4 and 3-5), the loader
/// loads (3-11) and the table takes to build (3-13).
const SLOW_MS: u64 = 200;
/// How long each reader, and the writer, of listing 3-7 hold the lock.
const READ_MS: u64 = 100;

fn arc_shared_data() -> Listing {
    listing!("ch03-01-arc-shared-data")
}

fn mutex_counter() -> Listing {
    listing!("ch03-03-mutex-counter")
}

fn guard_held() -> Listing {
    listing!("ch03-04-guard-held")
}

fn guard_scoped() -> Listing {
    listing!("ch03-05-guard-scoped")
}

fn poisoned() -> Listing {
    listing!("ch03-06-poisoned")
}

fn rwlock() -> Listing {
    listing!("ch03-07-rwlock")
}

fn atomic_counter() -> Listing {
    listing!("ch03-08-atomic-counter")
}

fn publish() -> Listing {
    listing!("ch03-09-publish")
}

fn which_counter() -> Listing {
    listing!("ch03-10-which-counter")
}

fn condvar() -> Listing {
    listing!("ch03-11-condvar")
}

fn barrier() -> Listing {
    listing!("ch03-12-barrier")
}

fn once() -> Listing {
    listing!("ch03-13-once")
}

/// The spans whose lane starts with `prefix`, in the order they started.
fn spans_of<'a>(spans: &'a [Span], prefix: &str) -> Vec<&'a Span> {
    spans
        .iter()
        .filter(|s| s.lane.starts_with(prefix))
        .collect()
}

/// The line that starts with `prefix`, without it; panics if there is none.
fn value_after<'a>(run: &'a Run, prefix: &str) -> &'a str {
    run.lines()
        .into_iter()
        .find_map(|line| line.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no line `{prefix}…` in:\n{}", run.stdout))
}

fn number(text: &str, run: &Run) -> u64 {
    text.trim()
        .parse()
        .unwrap_or_else(|_| panic!("{text:?} is not a number in:\n{}", run.stdout))
}

// Listing 3-1: Arc.

/// Four owners while the threads wait to start, one after the joins, and
/// each thread read the whole vector.
fn assert_arc_counts_owners(run: &Run) {
    let lines = run.lines();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    assert_eq!(lines[0], "owners before the threads start: 4");
    assert_eq!(lines[4], "owners after the joins: 1");
    let mut results = lines[1..4].to_vec();
    results.sort();
    assert_eq!(
        results,
        [
            "thread 0: sum = 5050",
            "thread 1: max = 100",
            "thread 2: evens = 50"
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn arc_counts_its_owners() {
    let run = arc_shared_data().run();
    assert_arc_counts_owners(&run);
}

// Listing 3-2 must not compile: `listings/src/lib.rs` checks it. Its
// Python counterpart runs and loses an update.

#[test]
fn python_loses_an_update_without_a_lock() {
    let Some(run) = book_tools::python!("ch03-02-assign-through-arc") else {
        return;
    };
    // `visits += 1` is a read, an add and a write: separate bytecodes,
    // between which the interpreter may switch threads.
    let steps: Vec<&str> = value_after(&run, "visits += 1 runs as: ")
        .split(" -> ")
        .collect();
    assert_eq!(steps.len(), 3, "{}", run.stdout);
    assert!(steps[0].starts_with("LOAD_"), "{}", run.stdout);
    assert!(steps[2].starts_with("STORE_"), "{}", run.stdout);
    // With the switch between read and write, one addition is lost.
    assert_eq!(
        value_after(&run, "two threads added 1 each, without a lock: visits = "),
        "1"
    );
}

// Listing 3-3: Mutex.

/// The listing's own count of threads and additions, and the total it
/// reached: `4 threads, 10000 additions each: visits = 40000`.
fn counted(run: &Run) -> (u64, u64, u64) {
    let line = run.lines()[0];
    let words: Vec<&str> = line.split([' ', ',', ':']).collect();
    let (threads, adds, total) = (words[0], words[3], words[words.len() - 1]);
    (number(threads, run), number(adds, run), number(total, run))
}

fn assert_no_addition_lost(run: &Run) {
    assert_eq!(run.lines().len(), 1, "{}", run.stdout);
    let (threads, adds, total) = counted(run);
    assert!(threads > 1 && adds > 1, "{}", run.stdout);
    assert_eq!(total, threads * adds, "additions lost:\n{}", run.stdout);
}

#[test]
fn mutex_counter_never_loses_an_addition() {
    for _ in 0..3 {
        assert_no_addition_lost(&mutex_counter().run());
    }
    // On one core the threads are switched in the middle of their loops.
    assert_no_addition_lost(&mutex_counter().on_one_core().run());
}

#[test]
fn python_lock_counts_every_addition() {
    let Some(run) = book_tools::python!("ch03-03-mutex-counter") else {
        return;
    };
    // The same line as listing 3-3 prints, and the same total.
    let rust = mutex_counter().run();
    assert_eq!(run.lines()[0], rust.lines()[0], "{}", run.stdout);
    assert_eq!(
        value_after(&run, "two threads added 1 each, with a lock: visits = "),
        "2"
    );
}

// Listings 3-4 and 3-5: the guard's scope.

/// Every job ran once, took at least its slow step, and the total is the
/// sum of all three jobs' values.
fn assert_every_job_ran(run: &Run) -> Vec<Span> {
    let spans = run.spans();
    let mut lanes: Vec<&str> = spans.iter().map(|s| s.lane.as_str()).collect();
    lanes.sort();
    assert_eq!(lanes, ["job 1", "job 2", "job 3"], "{}", run.stdout);
    for span in &spans {
        assert!(
            span.end_ms - span.start_ms >= SLOW_MS,
            "{} ended before its slow call was over:\n{}",
            span.lane,
            run.stdout
        );
    }
    assert_eq!(value_after(run, "total = "), "60");
    let last_end = spans.iter().map(|s| s.end_ms).max().unwrap();
    assert!(run.reported_ms() >= last_end, "{}", run.stdout);
    spans
}

/// No two jobs held the lock at once: each job starts (takes the lock) at
/// or after the previous one ended (released it). So they add up.
fn assert_jobs_take_turns(run: &Run) {
    let spans = assert_every_job_ran(run);
    for pair in spans.windows(2) {
        assert!(
            pair[1].start_ms >= pair[0].end_ms,
            "{} held the lock before {} let go:\n{}",
            pair[1].lane,
            pair[0].lane,
            run.stdout
        );
    }
    assert!(run.reported_ms() >= 3 * SLOW_MS, "{}", run.stdout);
}

/// The jobs' slow steps overlapped: all three were under way at one
/// instant, and together they took less than twice the longest.
fn assert_jobs_overlap(run: &Run) {
    let spans = assert_every_job_ran(run);
    let last_start = spans.iter().map(|s| s.start_ms).max().unwrap();
    let first_end = spans.iter().map(|s| s.end_ms).min().unwrap();
    assert!(last_start < first_end, "{}", run.stdout);
    let longest = spans.iter().map(|s| s.end_ms - s.start_ms).max().unwrap();
    let first_start = spans.iter().map(|s| s.start_ms).min().unwrap();
    let last_end = spans.iter().map(|s| s.end_ms).max().unwrap();
    assert!(
        last_end - first_start < 2 * longest,
        "the jobs took {} ms in all, not under twice the longest ({longest} ms):\n{}",
        last_end - first_start,
        run.stdout
    );
}

#[test]
fn a_guard_held_through_the_slow_call_makes_the_jobs_take_turns() {
    assert_jobs_take_turns(&guard_held().run());
}

#[test]
fn a_guard_scoped_to_one_statement_lets_the_jobs_overlap() {
    assert_jobs_overlap(&guard_scoped().run());
    // Sleeping needs no core: they overlap on one core too.
    assert_jobs_overlap(&guard_scoped().on_one_core().run());
}

// Listing 3-6: poisoning.

fn assert_poisoned_then_recovered(run: &Run) {
    assert_eq!(run.lines().len(), 5, "{}", run.stdout);
    assert_eq!(value_after(run, "the thread panicked: "), "true");
    assert_eq!(value_after(run, "the mutex is poisoned: "), "true");
    assert!(value_after(run, "lock() returned Err: ").contains("poisoned"));
    // The data is there, half changed, as the panic left it.
    assert_eq!(value_after(run, "recovered the data anyway: "), "[70, 50]");
    assert_eq!(
        value_after(run, "after clear_poison, lock() is Ok: "),
        "true"
    );
}

#[test]
fn a_panic_while_locked_poisons_and_into_inner_recovers() {
    let listing = poisoned();
    let run = listing.run();
    // One thread prints everything, after the join: the order is fixed.
    listing.assert_shape(&run, Order::Exact);
    assert_poisoned_then_recovered(&run);
}

// Listing 3-7: RwLock.

/// All three readers held the lock at once, and the writer had it alone,
/// after every reader let go.
fn assert_readers_share_writer_waits(run: &Run) {
    let spans = run.spans();
    assert_eq!(spans.len(), 4, "{}", run.stdout);
    let readers = spans_of(&spans, "reader ");
    assert_eq!(readers.len(), 3, "{}", run.stdout);
    let writer = run.span("writer");
    let last_reader_start = readers.iter().map(|s| s.start_ms).max().unwrap();
    let first_reader_end = readers.iter().map(|s| s.end_ms).min().unwrap();
    let last_reader_end = readers.iter().map(|s| s.end_ms).max().unwrap();
    assert!(
        last_reader_start < first_reader_end,
        "a reader let go before the last one got in:\n{}",
        run.stdout
    );
    assert!(
        writer.start_ms >= last_reader_end,
        "the writer got in while a reader held the lock:\n{}",
        run.stdout
    );
    for span in &spans {
        assert!(span.end_ms - span.start_ms >= READ_MS, "{}", run.stdout);
    }
    // Readers, then the writer: at least two holds, one after the other.
    assert!(run.reported_ms() >= 2 * READ_MS, "{}", run.stdout);
    assert!(run.reported_ms() >= writer.end_ms, "{}", run.stdout);
}

#[test]
fn readers_share_the_lock_and_the_writer_waits_for_all() {
    assert_readers_share_writer_waits(&rwlock().run());
    assert_readers_share_writer_waits(&rwlock().on_one_core().run());
}

// Listings 3-8 and 3-9: atomics.

#[test]
fn relaxed_atomic_counter_never_loses_an_addition() {
    for _ in 0..3 {
        assert_no_addition_lost(&atomic_counter().run());
    }
    assert_no_addition_lost(&atomic_counter().on_one_core().run());
}

fn assert_nothing_stale(run: &Run) {
    assert_eq!(
        run.stdout.trim(),
        "rounds: 1000, rounds that saw the flag without the data: 0"
    );
}

#[test]
fn release_and_acquire_publish_the_data_with_the_flag() {
    for _ in 0..2 {
        assert_nothing_stale(&publish().run());
    }
    assert_nothing_stale(&publish().on_one_core().run());
}

// Listing 3-9 under loom: every interleaving, and every value a load may
// return under the memory model, not just what this machine happens to do.

/// The words of the failure a stale round makes the model checks report.
#[cfg(feature = "loom")]
const STALE: &str = "the reader saw the flag without the data";

/// Listing 3-9, compiled with loom's threads and atomics in place of std's
/// (its `sync` module switches on the `loom` feature), `main` and all.
#[cfg(feature = "loom")]
#[allow(dead_code)]
mod loom_publish {
    include!("../src/bin/ch03-09-publish.rs");

    /// One round of the listing, as it is.
    pub(super) fn one_round() -> bool {
        round()
    }
}

/// Listing 3-9's mailbox and round with the flag stored and loaded
/// `Relaxed`: the listing word for word otherwise, which
/// `the_relaxed_model_is_listing_3_9_with_only_the_flag_changed` checks.
#[cfg(feature = "loom")]
#[allow(dead_code)]
mod loom_relaxed_publish {
    use loom::sync::Arc;
    use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use loom::thread;

    // RELAXED COPY STARTS
    struct Mailbox {
        lines: AtomicU64,
        words: AtomicU64,
        ready: AtomicBool,
    }

    fn round() -> bool {
        let mailbox = Arc::new(Mailbox {
            lines: AtomicU64::new(0),
            words: AtomicU64::new(0),
            ready: AtomicBool::new(false),
        });
        let writer = {
            let mailbox = Arc::clone(&mailbox);
            thread::spawn(move || {
                mailbox.lines.store(12, Ordering::Relaxed);
                mailbox.words.store(345, Ordering::Relaxed);
                mailbox.ready.store(true, Ordering::Relaxed);
            })
        };
        while !mailbox.ready.load(Ordering::Relaxed) {
            thread::yield_now();
        }
        let seen = (
            mailbox.lines.load(Ordering::Relaxed),
            mailbox.words.load(Ordering::Relaxed),
        );
        writer.join().unwrap();
        seen == (12, 345)
    }
    // RELAXED COPY ENDS

    pub(super) fn one_round() -> bool {
        round()
    }
}

#[test]
fn the_relaxed_model_is_listing_3_9_with_only_the_flag_changed() {
    assert_the_relaxed_copy_is_the_listing();
}

/// Fails unless the Relaxed copy above is listing 3-9's mailbox and round
/// with the flag's `Release` store and `Acquire` load made `Relaxed`, and
/// nothing else changed (comments aside).
fn assert_the_relaxed_copy_is_the_listing() {
    // The listing publishes with one Release store and one Acquire load,
    // and the copy has neither.
    listing::assert_copy_changes_only(
        concat!(env!("CARGO_MANIFEST_DIR"), "/src/bin/ch03-09-publish.rs"),
        ("struct Mailbox {", "// ANCHOR_END: round"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ch03-sharing-state.rs"),
        "RELAXED COPY",
        &[
            ("Ordering::Release", "Ordering::Relaxed"),
            ("Ordering::Acquire", "Ordering::Relaxed"),
        ],
    );
}

/// Model checks of listing 3-9: `loom::model` runs the round again and
/// again, once for every interleaving of its two threads (up to loom's
/// bounds) and for every value each load may return under the memory model
/// (loom treats `SeqCst` as `AcqRel`, which these checks do not use).
#[cfg(feature = "loom")]
mod loom_checks {
    use super::STALE;

    /// Explores every interleaving of `f`'s threads, up to the bound.
    fn model(f: impl Fn() + Sync + Send + 'static) {
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = Some(3);
        builder.check(f);
    }

    #[test]
    fn loom_release_and_acquire_never_show_the_flag_without_the_data() {
        model(|| assert!(super::loom_publish::one_round(), "{STALE}"));
    }

    #[test]
    fn loom_a_relaxed_flag_can_be_seen_without_the_data() {
        super::assert_the_relaxed_copy_is_the_listing();
        let outcome = std::panic::catch_unwind(|| {
            model(|| assert!(super::loom_relaxed_publish::one_round(), "{STALE}"));
        });
        let Err(panic) = outcome else {
            panic!("loom found no execution in which the Relaxed flag came before its data");
        };
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        assert!(
            message.contains(STALE),
            "the model failed, but not for a stale read: {message}"
        );
    }
}

// Listing 3-10: which counter is fastest.

/// One row of the table: a way, the total it reached, its time in ms.
struct Row {
    way: String,
    total: u64,
    ms: f64,
}

/// The threads and additions of the table's header, and its three rows,
/// each checked to reach exactly threads × additions.
fn counters(run: &Run) -> Vec<Row> {
    let lines = run.lines();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    let words: Vec<&str> = lines[0].split([' ', ',']).collect();
    let (threads, adds) = (number(words[0], run), number(words[3], run));
    let rows: Vec<Row> = lines[2..]
        .iter()
        .map(|line| {
            let (way, rest) = line.split_at(11);
            let fields: Vec<&str> = rest.split_whitespace().collect();
            assert_eq!(fields.len(), 3, "{line:?}");
            assert_eq!(fields[2], "ms", "{line:?}");
            Row {
                way: way.trim().to_owned(),
                total: number(fields[0], run),
                ms: fields[1].parse().unwrap(),
            }
        })
        .collect();
    let ways: Vec<&str> = rows.iter().map(|r| r.way.as_str()).collect();
    assert_eq!(ways, ["mutex", "atomic", "local sums"], "{}", run.stdout);
    for row in &rows {
        assert_eq!(
            row.total,
            threads * adds,
            "{} lost additions:\n{}",
            row.way,
            run.stdout
        );
    }
    rows
}

#[test]
fn every_counter_reaches_threads_times_adds() {
    // Small workloads, in the debug build: the totals, not the times.
    for (threads, adds) in [(4, 20_000), (3, 7_001), (2, 1)] {
        let mut listing = which_counter();
        listing.spec.args = vec![threads.to_string(), adds.to_string()];
        counters(&listing.run());
    }
    let mut listing = which_counter().on_one_core();
    listing.spec.args = vec!["3".into(), "10000".into()];
    counters(&listing.run());
    // With no arguments, the defaults the Run button uses.
    let mut listing = which_counter();
    listing.spec.args.clear();
    counters(&listing.run());
}

/// The fastest time, in ms, of the mutex, the atomic and the local sums
/// over the attempts (runs of the listing as declared, each of which
/// already keeps the fastest of its own five runs of each way) made while
/// the machine was otherwise quiet: every attempt checks that no way lost
/// an addition, which no load can change; a busy moment slows one attempt,
/// so another is made until the claims below hold. `None`, having said
/// so, if other work kept the machine busy through every attempt.
/// Measured once, for both tests that use it.
fn fastest_of_quiet_runs() -> Option<[f64; 3]> {
    static FASTEST: std::sync::OnceLock<Option<[f64; 3]>> = std::sync::OnceLock::new();
    *FASTEST.get_or_init(|| {
        let listing = which_counter();
        let attempt = || {
            let run = listing.run();
            listing.assert_shape(&run, Order::Exact);
            let rows = counters(&run);
            [rows[0].ms, rows[1].ms, rows[2].ms]
        };
        let fastest = |attempts: &[[f64; 3]]| {
            [0, 1, 2].map(|i| attempts.iter().map(|a| a[i]).fold(f64::MAX, f64::min))
        };
        let holds = |attempts: &[[f64; 3]]| {
            let [mutex, atomic, local] = fastest(attempts);
            local * 10.0 < mutex && local < atomic && atomic < mutex
        };
        let attempts = cpu_bound::Attempts {
            max: 3,
            ..Default::default()
        };
        cpu_bound::quiet_attempts("listing 3-10's times", attempts, attempt, holds)
            .map(|quiet| fastest(&quiet))
    })
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "CPU-bound: run alone, in release, by cargo book test"
)]
fn cpu_bound_local_sums_beat_the_mutex_by_far() {
    let Some([mutex, _, local]) = fastest_of_quiet_runs() else {
        return;
    };
    assert!(
        local * 10.0 < mutex,
        "local sums {local} ms, mutex {mutex} ms: not ten times faster"
    );
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "CPU-bound: run alone, in release, by cargo book test"
)]
fn cpu_bound_the_atomic_beats_the_mutex() {
    let Some([mutex, atomic, local]) = fastest_of_quiet_runs() else {
        return;
    };
    assert!(atomic < mutex, "atomic {atomic} ms, mutex {mutex} ms");
    assert!(local < atomic, "local sums {local} ms, atomic {atomic} ms");
}

// Listing 3-11: Condvar.

/// Both waiters went on only after the loader set the flag; the latecomer
/// started after the only notification, so it must not have waited for
/// one (the run finishing, under the runner's timeout, shows it did not).
fn assert_waiters_wait_for_the_flag(run: &Run) {
    let spans = run.spans();
    assert_eq!(spans.len(), 4, "{}", run.stdout);
    let loader = run.span("loader");
    assert!(loader.end_ms - loader.start_ms >= SLOW_MS, "{}", run.stdout);
    for waiter in ["waiter 1", "waiter 2", "late"] {
        let waiter = run.span(waiter);
        assert!(
            waiter.end_ms >= loader.end_ms,
            "{} went on before the flag was set:\n{}",
            waiter.lane,
            run.stdout
        );
    }
    let late = run.span("late");
    assert!(late.start_ms >= loader.end_ms, "{}", run.stdout);
    assert!(run.reported_ms() >= SLOW_MS, "{}", run.stdout);
}

#[test]
fn waiters_go_on_only_after_the_flag_is_set() {
    assert_waiters_wait_for_the_flag(&condvar().run());
    assert_waiters_wait_for_the_flag(&condvar().on_one_core().run());
}

// Listing 3-12: Barrier.

fn assert_nobody_passes_early(run: &Run) {
    let spans = run.spans();
    let loads = spans_of(&spans, "load ");
    let sums = spans_of(&spans, "sum ");
    assert_eq!((loads.len(), sums.len()), (3, 3), "{}", run.stdout);
    let last_load_end = loads.iter().map(|s| s.end_ms).max().unwrap();
    for sum in &sums {
        assert!(
            sum.start_ms >= last_load_end,
            "{} started before every load ended:\n{}",
            sum.lane,
            run.stdout
        );
    }
    // Load `id` sleeps 50 × id ms: the slowest decides when sums start.
    for id in 1..=3 {
        let load = run.span(&format!("load {id}"));
        assert!(load.end_ms - load.start_ms >= 50 * id, "{}", run.stdout);
    }
    let leaders = run
        .lines()
        .iter()
        .filter(|l| l.starts_with("all three loaded"))
        .count();
    assert_eq!(leaders, 1, "one leader, once:\n{}", run.stdout);
    assert!(run.reported_ms() >= 150 + 50, "{}", run.stdout);
}

#[test]
fn no_thread_passes_the_barrier_before_all_arrive() {
    assert_nobody_passes_early(&barrier().run());
    assert_nobody_passes_early(&barrier().on_one_core().run());
}

// Listing 3-13: OnceLock and LazyLock.

fn assert_built_once(run: &Run) {
    let spans = run.spans();
    let builds = spans_of(&spans, "build");
    assert_eq!(builds.len(), 1, "built more than once:\n{}", run.stdout);
    let build = builds[0];
    assert!(build.end_ms - build.start_ms >= SLOW_MS, "{}", run.stdout);
    let readers = spans_of(&spans, "reader ");
    assert_eq!(readers.len(), 3, "{}", run.stdout);
    for reader in readers {
        assert!(
            reader.end_ms >= build.end_ms,
            "{} read before the table was built:\n{}",
            reader.lane,
            run.stdout
        );
    }
    assert_eq!(
        value_after(run, "each reader read 12 × 12 = "),
        "[144, 144, 144]"
    );
    assert_eq!(value_after(run, "a second START.set is refused: "), "true");
}

#[test]
fn lazy_lock_builds_once_and_every_reader_waits_for_it() {
    assert_built_once(&once().run());
    assert_built_once(&once().on_one_core().run());
}

// The recordings the page shows.

#[test]
fn outputs_keep_the_recorded_shape() {
    // Threads race to print: any order of the same lines is valid; the
    // rules an order must keep are checked by the tests above.
    for listing in [
        arc_shared_data(),
        guard_held(),
        guard_scoped(),
        rwlock(),
        condvar(),
        barrier(),
        once(),
    ] {
        listing.assert_shape(&listing.run(), Order::Free);
    }
    // One line, or one thread printing: the order is fixed.
    for listing in [mutex_counter(), atomic_counter(), publish()] {
        listing.assert_shape(&listing.run(), Order::Exact);
    }
}

#[test]
fn recorded_runs_keep_the_rules_too() {
    // The outputs on the page are themselves valid runs.
    let recorded = |listing: Listing| listing.recorded_run();
    assert_arc_counts_owners(&recorded(arc_shared_data()));
    assert_no_addition_lost(&recorded(mutex_counter()));
    assert_jobs_take_turns(&recorded(guard_held()));
    assert_jobs_overlap(&recorded(guard_scoped()));
    assert_poisoned_then_recovered(&recorded(poisoned()));
    assert_readers_share_writer_waits(&recorded(rwlock()));
    assert_no_addition_lost(&recorded(atomic_counter()));
    assert_nothing_stale(&recorded(publish()));
    let table = counters(&recorded(which_counter()));
    assert!(table[2].ms * 10.0 < table[0].ms && table[1].ms < table[0].ms);
    assert_waiters_wait_for_the_flag(&recorded(condvar()));
    assert_nobody_passes_early(&recorded(barrier()));
    assert_built_once(&recorded(once()));
}

/// The quiz's "Which of these can it print?" questions, answered by loom:
/// each program runs in every interleaving of its threads, and the outputs
/// it printed are the question's correct options, no more and no fewer.
#[cfg(feature = "loom")]
mod loom_quiz {
    use listings::outcomes::{outcomes, question};

    /// The quiz's question on a lost update: two threads each load the
    /// counter and store it plus 1.
    const LOST_UPDATE: &str = "d02aa227-ce07-4868-bc86-989aa67ba705";

    /// The quiz's question on a flag stored and loaded `Relaxed`.
    const RELAXED_FLAG: &str = "5a059a45-64c7-4d9b-bdeb-f26dd5954f6a";

    /// std's threads and atomics in the quiz, loom's in the copies.
    const STD_TO_LOOM: &[(&str, &str)] = &[
        ("use std::sync::Arc;", "use loom::sync::Arc;"),
        ("use std::sync::atomic::", "use loom::sync::atomic::"),
        ("use std::thread;", "use loom::thread;"),
    ];

    /// The program of the question on a lost update, with loom's threads
    /// and atomics, and a `println!` that loom sees (a line printed whole,
    /// under a lock, as std's is).
    mod lost_update {
        use listings::loom_println as println;

        // QUIZ PROGRAM d02aa227-ce07-4868-bc86-989aa67ba705 STARTS
        use loom::sync::Arc;
        use loom::sync::atomic::{AtomicU64, Ordering};
        use loom::thread;

        fn main() {
            let visits = Arc::new(AtomicU64::new(0));
            let mut handles = Vec::new();
            for _ in 0..2 {
                let visits = Arc::clone(&visits);
                handles.push(thread::spawn(move || {
                    let seen = visits.load(Ordering::SeqCst);
                    visits.store(seen + 1, Ordering::SeqCst);
                }));
            }
            for handle in handles {
                handle.join().unwrap();
            }
            println!("{}", visits.load(Ordering::SeqCst));
        }
        // QUIZ PROGRAM d02aa227-ce07-4868-bc86-989aa67ba705 ENDS

        pub(super) fn program() {
            main();
        }
    }

    /// The program of the question on a `Relaxed` flag, with loom's
    /// threads and atomics, and a `println!` that loom sees.
    mod relaxed_flag {
        use listings::loom_println as println;

        // QUIZ PROGRAM 5a059a45-64c7-4d9b-bdeb-f26dd5954f6a STARTS
        use loom::sync::Arc;
        use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        use loom::thread;

        fn main() {
            let data = Arc::new(AtomicU64::new(0));
            let ready = Arc::new(AtomicBool::new(false));
            let writer = {
                let (data, ready) = (Arc::clone(&data), Arc::clone(&ready));
                thread::spawn(move || {
                    data.store(42, Ordering::Relaxed);
                    ready.store(true, Ordering::Relaxed);
                })
            };
            while !ready.load(Ordering::Relaxed) {
                thread::yield_now();
            }
            println!("{}", data.load(Ordering::Relaxed));
            writer.join().unwrap();
        }
        // QUIZ PROGRAM 5a059a45-64c7-4d9b-bdeb-f26dd5954f6a ENDS

        pub(super) fn program() {
            main();
        }
    }

    #[test]
    fn loom_a_load_then_a_store_can_lose_an_update() {
        let quiz = question("ch03-sharing-state", LOST_UPDATE);
        quiz.assert_program_is_copied_in("ch03-sharing-state.rs", STD_TO_LOOM);
        let printed = outcomes(lost_update::program);
        assert_eq!(printed, ["`1`", "`2`"].map(String::from).into());
        quiz.assert_lists_exactly(&printed);
    }

    /// loom explores only part of the weak-memory behaviours the memory
    /// model allows (it treats `SeqCst` as `AcqRel` and never reorders one
    /// thread's own operations): it finds both outputs here, and no other
    /// value is ever stored, so no other can print.
    #[test]
    fn loom_a_relaxed_flag_can_show_the_data_or_not() {
        let quiz = question("ch03-sharing-state", RELAXED_FLAG);
        quiz.assert_program_is_copied_in("ch03-sharing-state.rs", STD_TO_LOOM);
        let printed = outcomes(relaxed_flag::program);
        assert_eq!(printed, ["`0`", "`42`"].map(String::from).into());
        quiz.assert_lists_exactly(&printed);
    }
}
