//! Chapter 12, "Data parallelism with rayon": what its listings compute,
//! and the claims its page makes about order, shares and speed.
//!
//! The debug tests check what no load can change: results, orders, counts,
//! and that each printed figure follows from the others. The claims about
//! speed are the `cpu_bound_…` tests, which `cargo book test` runs in
//! release, one at a time, after everything else; each takes the best of a
//! few attempts and scales what it expects to the logical CPUs there are
//! and to what they can do at once (see [`ceiling`]).
//!
//! A run is compared with its recording only on what does not depend on
//! the machine: the recording has as many threads as the recording
//! machine had logical CPUs, a new run as many as rayon gives it here
//! (`RAYON_NUM_THREADS`, or the logical CPUs).

use book_tools::listing;
use book_tools::listing::{Listing, Run, cores, floats, numbers};
use book_tools::oracle;
use book_tools::recording::{self, Order};
use book_tools::timeline::{most_at_once, one_at_a_time};
use std::time::{Duration, Instant};

/// As `Listing::assert_words`, for output with as many lines of one kind
/// as the run's machine or input asks for (a line per thread, a row per
/// size): lines of the same shape in a row count as one. Lines starting
/// with `vary` may say different things (the crossover line may say that
/// parallel won or that it never did; `crossover_table` checks it).
fn assert_same_lines(listing: &Listing, run: &Run, vary: &str) {
    listing.assert_words_of(run, Order::Exact, |text| {
        let text = recording::blank_numbers(text);
        let mut lines: Vec<&str> = text
            .lines()
            .filter(|l| vary.is_empty() || !l.starts_with(vary))
            .collect();
        lines.dedup_by(|a, b| recording::normalize(a) == recording::normalize(b));
        lines.join("\n")
    });
}

/// How many threads rayon's global pool has in a listing this test
/// process starts: `RAYON_NUM_THREADS` (inherited) if it names a number
/// above zero, else the logical CPUs, as rayon-core decides it.
fn rayon_threads() -> usize {
    let var = |name| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
    };
    match (var("RAYON_NUM_THREADS"), var("RAYON_RS_NUM_CPUS")) {
        (Some(n @ 1..), _) => n,
        (Some(0), _) | (None, None) | (None, Some(0)) => cores(),
        (None, Some(n)) => n,
    }
}

/// A `cpu_bound_` test needs two logical CPUs to mean anything.
fn skip_on_one_core(test: &str) -> bool {
    if cores() < 2 {
        book_tools::cpu_bound::skipped(
            test,
            "only one logical CPU is available, so nothing can run in parallel",
        );
        return true;
    }
    false
}

/// Runs `listing` with a global pool of a thread per logical CPU, whatever
/// `RAYON_NUM_THREADS` this test process inherited: the speed claims are
/// about one thread per logical CPU.
fn one_thread_per_cpu(listing: &mut Listing) {
    listing.spec.set_env("RAYON_NUM_THREADS", cores());
}

/// Whether `n` is prime, by trial division, as the listings test it.
fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

/// How many logical CPUs' worth of trial division the machine does right
/// now when `threads` threads compute at once: `threads` times one
/// thread's time alone over their time together, on the same numbers,
/// the best of two of each, taking turns. On a quiet machine whose logical
/// CPUs are each a core of its own, at a steady clock, it is about
/// `threads`. It is lower where two logical CPUs share a core (SMT: they
/// share its divider), where one busy core runs faster than all of them
/// (turbo), where some cores are slower (P and E cores), and where other
/// programs take CPUs: everything that would lower a parallel speedup
/// and is no fault of rayon's.
fn ceiling(threads: usize) -> f64 {
    use std::hint::black_box;
    let work = || {
        black_box(
            (black_box(500_000u64)..700_000)
                .filter(|&n| is_prime(n))
                .count(),
        )
    };
    let alone = || {
        let start = Instant::now();
        work();
        start.elapsed()
    };
    let together = || {
        let start = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(work);
            }
        });
        start.elapsed()
    };
    let (mut one, mut all) = (Duration::MAX, Duration::MAX);
    for _ in 0..2 {
        one = one.min(alone());
        all = all.min(together());
    }
    threads as f64 * one.as_secs_f64() / all.as_secs_f64()
}

/// A ceiling of at least this share of the logical CPUs counts as a full
/// core per logical CPU: the machine is like the recording's, and the
/// claims stated for it are judged as they are.
const FULL: f64 = 0.9;

/// The ceiling around a run: measured just before and just after it, the
/// lower of the two (a busy moment during either is a busy moment near
/// the run).
fn ceiling_around<T>(threads: usize, run: impl FnOnce() -> T) -> (T, f64) {
    let before = ceiling(threads);
    let result = run();
    (result, before.min(ceiling(threads)))
}

// Listing 12-1: par_iter, and the order collect keeps.

const ITEMS: u64 = 8;

fn par_iter() -> Listing {
    listing!("ch12-01-par-iter")
}

/// The rules every run of listing 12-1 keeps, whatever order its threads
/// took the items in: each item ran once, for at least its 20 ms of work,
/// each on a rayon thread, never more at once than there are threads; the
/// items were taken in *some* order, and `collect` gave them back in the
/// order of the input, as a sequential `map` does. Returns the order in
/// which the items were taken.
fn assert_par_iter(run: &Run) -> Vec<u64> {
    let lanes: Vec<String> = (1..=ITEMS).map(|i| format!("item {i}")).collect();
    let lanes: Vec<&str> = lanes.iter().map(String::as_str).collect();
    let spans = run.assert_every_task_ran(&lanes, 20);
    let squares: Vec<u64> = (1..=ITEMS).map(|x| x * x).collect();
    let taken: Vec<Vec<u64>> = run.line("taken: ").split(", ").map(numbers).collect();
    let order: Vec<u64> = taken.iter().map(|pair| pair[0]).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(sorted, (1..=ITEMS).collect::<Vec<_>>(), "{}", run.stdout);
    let threads = taken.iter().map(|pair| pair[1]).max().unwrap() as usize + 1;
    assert!(
        most_at_once(&spans) <= threads.max(1),
        "more items under way than threads took items:\n{}",
        run.stdout
    );
    assert_eq!(numbers(run.line("collected: ")), squares, "{}", run.stdout);
    assert_eq!(
        numbers(run.line("sum of squares: ")),
        [squares.iter().sum::<u64>()]
    );
    let evens: Vec<u64> = (1..=ITEMS).filter(|x| x % 2 == 0).collect();
    assert_eq!(numbers(run.line("evens: ")), evens, "{}", run.stdout);
    assert_eq!(numbers(run.line("largest: ")), [ITEMS], "{}", run.stdout);
    order
}

#[test]
fn collect_keeps_the_input_order_whatever_order_the_items_ran_in() {
    let listing = par_iter();
    // Two runs: the order the items were taken in may differ between
    // them; what is collected may not.
    for _ in 0..2 {
        let run = listing.run();
        listing.assert_words(&run, Order::Free);
        let taken = assert_par_iter(&run);
        // Every thread index is one of the pool's.
        for pair in run.line("taken: ").split(", ") {
            assert!(numbers(pair)[1] < rayon_threads() as u64, "{}", run.stdout);
        }
        assert_eq!(taken.len() as u64, ITEMS);
    }
}

#[test]
fn the_recorded_run_took_items_out_of_order() {
    // The page says so of its recording: check that it does.
    let recorded = par_iter().recorded_run();
    let taken = assert_par_iter(&recorded);
    assert!(
        taken.windows(2).any(|w| w[1] < w[0]),
        "the recording took the items in order: record it again:\n{}",
        recorded.stdout
    );
}

// Listing 12-3: rayon::join and par_sort.

fn join() -> Listing {
    listing!("ch12-03-join")
}

/// The numbers listing 12-3 sums and sorts, made as it makes them.
fn scrambled(count: u64) -> Vec<u64> {
    (0..count)
        .map(|i| i.wrapping_mul(2_654_435_761) % 1_000_003)
        .collect()
}

/// How many slices the recursion of listing 12-3 sums on the spot.
fn leaves(len: usize) -> usize {
    if len <= 10_000 {
        1
    } else {
        leaves(len / 2) + leaves(len - len / 2)
    }
}

fn assert_join(run: &Run, count: u64) {
    let numbers_ = scrambled(count);
    let sum: u64 = numbers_.iter().sum();
    assert_eq!(numbers(run.line("sequential sum: ")), [sum]);
    assert_eq!(numbers(run.line("join sum: ")), [sum], "{}", run.stdout);
    let summed = numbers(run.lines()[2]);
    assert_eq!(summed[0] as usize, leaves(count as usize), "{}", run.stdout);
    assert_eq!(
        run.line("par_sort equals sort"),
        "par_sort equals sort: true"
    );
    let mut sorted = numbers_;
    sorted.sort();
    let ends = [&sorted[..3], &sorted[sorted.len() - 3..]].concat();
    assert_eq!(numbers(run.line("smallest: ")), ends, "{}", run.stdout);
}

#[test]
fn join_and_par_sort_give_the_sequential_results() {
    let mut listing = join();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    assert_join(&run, 100_000);
    // An input that does not halve evenly, and one below the cut-off.
    for count in [123_457, 9_999] {
        listing.spec.args = vec![count.to_string()];
        assert_join(&listing.run(), count);
    }
}

// Listing 12-4: par_chunks, and how many threads a pool has.

fn pool_size() -> Listing {
    listing!("ch12-04-pool-size")
}

/// The pool sizes listing 12-4 reports, and checks every chunk was taken
/// once and the primes counted right in each pool.
fn assert_pool_size(run: &Run) -> (u64, u64) {
    let lines = run.lines();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    let global = numbers(run.line("global pool: "))[0];
    let own = numbers(run.line("own pool: "))[0];
    for (pool, threads) in [(lines[1], global), (lines[3], own)] {
        let found = numbers(pool);
        assert_eq!(found[0], oracle::primes_below(100_000), "{pool}");
        let chunks = &found[1..];
        assert_eq!(chunks.len() as u64, threads, "one count per thread: {pool}");
        assert_eq!(chunks.iter().sum::<u64>(), 10, "ten chunks: {pool}");
    }
    (global, own)
}

#[test]
fn rayon_num_threads_and_the_builder_size_the_pools() {
    let listing = pool_size();
    assert_eq!(
        listing.spec.env,
        [("RAYON_NUM_THREADS".to_owned(), "3".to_owned())],
        "declared with RAYON_NUM_THREADS=3"
    );
    let run = listing.run();
    listing.assert_words(&run, Order::Exact);
    assert_eq!(assert_pool_size(&run), (3, 2), "{}", run.stdout);
    // Without the variable (not even one this test inherited), the global
    // pool has a thread per logical CPU.
    let mut command = std::process::Command::new(listing.program());
    command.env_remove("RAYON_NUM_THREADS");
    command.env_remove("RAYON_RS_NUM_CPUS");
    let run = listing::run(command);
    assert_eq!(
        assert_pool_size(&run),
        (cores() as u64, 2),
        "{}",
        run.stdout
    );
}

// Listing 12-5: speedup and efficiency on CPU-bound work.

fn efficiency() -> Listing {
    listing!("ch12-05-efficiency")
}

/// What one run of listing 12-5 reported.
#[derive(Debug)]
struct Efficiency {
    threads: usize,
    speedup: f64,
    efficiency: f64,
}

/// Reads a run of listing 12-5 and checks what load cannot change: both
/// counts are the primes below the limit; every number was tested once, by
/// one of the pool's threads; the speedup is the ratio of the two times,
/// and the efficiency the speedup over the threads. With `fair`, each
/// thread also tested at least a quarter of an even share (in the
/// parallel round the listing reports, its fastest).
fn efficiency_of(run: &Run, fair: bool) -> Efficiency {
    let counts = numbers(run.line("primes below "));
    let [limit, sequential, parallel] = counts[..] else {
        panic!("{}", run.stdout);
    };
    assert_eq!(sequential, oracle::primes_below(limit), "{}", run.stdout);
    assert_eq!(parallel, sequential, "{}", run.stdout);
    let sequential_ms = floats(run.line("sequential: "))[0];
    let parallel_line = floats(run.line("parallel: "));
    let (parallel_ms, threads) = (parallel_line[0], parallel_line[1] as usize);
    let tested: Vec<u64> = run
        .lines()
        .iter()
        .filter(|l| l.starts_with("thread "))
        .map(|l| numbers(l)[1])
        .collect();
    assert_eq!(tested.len(), threads, "a line per thread:\n{}", run.stdout);
    assert_eq!(tested.iter().sum::<u64>(), limit, "{}", run.stdout);
    if fair {
        let even = limit / threads as u64;
        for &share in &tested {
            assert!(
                share * 4 >= even,
                "a thread tested {share} of {limit} numbers, under a quarter of an even share:\n{}",
                run.stdout
            );
        }
    }
    let speedup = floats(run.line("speedup: "))[0];
    let efficiency = floats(run.line("efficiency (speedup / threads): "))[0];
    let expected = sequential_ms / parallel_ms;
    assert!(
        (speedup - expected).abs() <= 0.01 + expected * 0.02,
        "{}",
        run.stdout
    );
    assert!(
        (efficiency - speedup / threads as f64).abs() <= 0.011,
        "{}",
        run.stdout
    );
    Efficiency {
        threads,
        speedup,
        efficiency,
    }
}

#[test]
fn the_efficiency_listing_counts_right_and_reports_its_own_figures() {
    let mut listing = efficiency();
    assert!(listing.spec.release, "declared to run in release");
    // A debug build: the primes below 100,000, not the recording's limit.
    listing.spec.args = vec!["100".into()];
    let run = listing.run();
    assert_same_lines(&listing, &run, "");
    let found = efficiency_of(&run, false);
    assert_eq!(found.threads, rayon_threads(), "{}", run.stdout);
}

// The scaling curve: listing 12-5 again at every thread count.

fn scaling() -> Listing {
    listing!("ch12-05-efficiency-scaling", of = "ch12-05-efficiency")
}

/// How many counts of the curve a debug test runs: every count of this
/// machine, up to this many (a run at each count takes a fraction of a
/// second; a machine of 64 CPUs would take long for no more proof).
const CURVE_COUNTS: usize = 3;

#[test]
fn the_scaling_curve_is_a_run_of_listing_12_5_at_every_thread_count() {
    let listing = scaling();
    assert_eq!(
        listing.spec.scaling.as_deref(),
        Some("RAYON_NUM_THREADS"),
        "declared a curve over rayon's threads"
    );
    // A debug build and the primes below 50,000, at counts 1, 2, …
    let counts = cores().min(CURVE_COUNTS);
    let mut spec = listing.spec.clone();
    spec.args = vec!["50".into()];
    let mut runs = Vec::new();
    let curve = spec
        .curve(counts, |each| {
            let run = each.run(listing.program());
            runs.push(run.clone());
            Ok(run.stdout)
        })
        .unwrap();
    let points = book_tools::scaling::points(&curve).unwrap();
    assert_eq!(points.len(), counts, "a point per count:\n{curve}");
    for (point, run) in points.iter().zip(&runs) {
        // Each run counted right, on as many threads as its point says
        // (the variable reached rayon), and the point is its speedup.
        let found = efficiency_of(run, false);
        assert_eq!(found.threads, point.threads, "{}", run.stdout);
        assert!(
            (found.speedup - point.speedup).abs() < 0.006,
            "{curve}\n{}",
            run.stdout
        );
    }
}

/// The parallel efficiency rayon must reach on CPU-bound work: over the
/// logical CPUs where each is a full core (as on the recording machine),
/// over the measured [`ceiling`] elsewhere.
const EFFICIENCY: f64 = 0.8;

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "CPU-bound: run alone, in release, by cargo book test"
)]
fn cpu_bound_rayon_reaches_an_efficiency_of_0_8_and_every_thread_does_a_share() {
    if skip_on_one_core("cpu_bound_rayon_reaches_an_efficiency_of_0_8") {
        return;
    }
    let cpus = cores();
    let mut listing = efficiency();
    one_thread_per_cpu(&mut listing);
    // Up to five attempts, a pause between them to let a burst of other
    // work pass. Each attempt measures the ceiling around one run of the
    // listing, which itself times both versions in turns, five rounds
    // each. Every attempt must count right and share the work fairly.
    let mut seen: Vec<(Efficiency, f64)> = Vec::new();
    for attempt in 0..5 {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(250));
        }
        let (run, ceiling) = ceiling_around(cpus, || listing.run());
        assert_same_lines(&listing, &run, "");
        let found = efficiency_of(&run, true);
        assert_eq!(found.threads, cpus, "{}", run.stdout);
        eprintln!(
            "efficiency {:.2}, speedup {:.2}, ceiling {ceiling:.2} of {cpus}",
            found.efficiency, found.speedup
        );
        let full = ceiling >= FULL * cpus as f64;
        let met = found.efficiency >= EFFICIENCY;
        seen.push((found, ceiling));
        if full && met {
            return;
        }
    }
    // No attempt with a full core per logical CPU met the bound.
    let full: Vec<&(Efficiency, f64)> = seen
        .iter()
        .filter(|(_, c)| *c >= FULL * cpus as f64)
        .collect();
    assert!(
        full.is_empty(),
        "best efficiency {:.2} in {} attempts with a full core per logical CPU, expected at least {EFFICIENCY}",
        full.iter().map(|(f, _)| f.efficiency).fold(0.0, f64::max),
        full.len()
    );
    // The machine never gave each logical CPU a full core's work: judge
    // rayon against what the machine could do at once.
    let best = seen
        .iter()
        .map(|(f, c)| f.speedup / c.min(cpus as f64))
        .fold(0.0, f64::max);
    book_tools::cpu_bound::skipped(
        &format!("efficiency {EFFICIENCY} over {cpus} logical CPUs"),
        &format!(
            "they never did more than {:.2} CPUs' work at once (shared cores, clock speeds or other programs); judged against that instead",
            seen.iter().map(|(_, c)| *c).fold(0.0, f64::max)
        ),
    );
    assert!(
        best >= EFFICIENCY,
        "best speedup over the measured ceiling {best:.2}, expected at least {EFFICIENCY}"
    );
}

// Listing 12-6: where parallel stops paying.

fn crossover() -> Listing {
    listing!("ch12-06-crossover")
}

/// One row of listing 12-6's table.
#[derive(Debug)]
struct Row {
    items: u64,
    sequential_us: f64,
    parallel_us: f64,
    ratio: f64,
    fixed_us: f64,
    fixed_ratio: f64,
}

/// Reads a run of listing 12-6 and checks that its figures follow from
/// each other: sizes from 100, four times larger each step; each ratio is
/// its time over the sequential one; the crossover is the smallest size
/// from which on every ratio is under 1 (within the rounding of the
/// printed ratios); `with_min_len` got half of it.
/// With `threads`, the pool must have had that many threads (a recording
/// has the recording machine's).
fn crossover_table(run: &Run, threads: Option<usize>) -> (Vec<Row>, Option<u64>) {
    let lines = run.lines();
    let pool = numbers(lines[0])[0] as usize;
    assert!(pool >= 1, "{}", run.stdout);
    if let Some(threads) = threads {
        assert_eq!(pool, threads, "the pool's threads:\n{}", run.stdout);
    }
    let rows: Vec<Row> = lines[2..lines.len() - 2]
        .iter()
        .map(|l| {
            let d = floats(l);
            let [
                items,
                sequential_us,
                parallel_us,
                ratio,
                fixed_us,
                fixed_ratio,
            ] = d[..]
            else {
                panic!("{l}");
            };
            Row {
                items: items as u64,
                sequential_us,
                parallel_us,
                ratio,
                fixed_us,
                fixed_ratio,
            }
        })
        .collect();
    assert!(!rows.is_empty(), "{}", run.stdout);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.items, 100 * 4u64.pow(i as u32), "{}", run.stdout);
        // The times are rounded to 0.1 µs before printing.
        let near = |ratio: f64, time: f64| {
            let (low, high) = (
                (time - 0.05).max(0.0) / (row.sequential_us + 0.05),
                (time + 0.05) / (row.sequential_us - 0.05).max(0.001),
            );
            ratio >= low - 0.006 && ratio <= high + 0.006
        };
        assert!(near(row.ratio, row.parallel_us), "{row:?}");
        assert!(near(row.fixed_ratio, row.fixed_us), "{row:?}");
    }
    let wins = rows.iter().rev().take_while(|r| r.ratio < 1.0).count();
    let crossover_line = lines[lines.len() - 2];
    let crossover = if crossover_line.contains("never won") {
        None
    } else {
        Some(numbers(crossover_line)[0])
    };
    // Within the rounding of the printed ratios: the listing compared the
    // times themselves.
    let from = rows.len() - wins;
    match crossover {
        Some(n) => {
            let at = rows.iter().position(|r| r.items == n).unwrap();
            assert!(
                rows[at..].iter().all(|r| r.ratio <= 1.0)
                    && (at == 0 || rows[at - 1].ratio >= 0.995),
                "{}",
                run.stdout
            );
            assert!(at.abs_diff(from) <= 1, "{}", run.stdout);
        }
        None => assert!(rows.last().unwrap().ratio >= 0.995, "{}", run.stdout),
    }
    // Without a crossover, the largest input asked for (the line says it).
    let largest = numbers(crossover_line)[0];
    let min_len = numbers(lines[lines.len() - 1])[0];
    assert_eq!(min_len, crossover.unwrap_or(largest) / 2, "{}", run.stdout);
    (rows, crossover)
}

#[test]
fn the_crossover_listing_computes_its_figures_from_its_own_times() {
    let mut listing = crossover();
    // A debug build: sizes up to 100,000, not the recording's.
    listing.spec.args.clear();
    let run = listing.run();
    assert_same_lines(&listing, &run, "crossover: ");
    crossover_table(&run, Some(rayon_threads()));
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "CPU-bound: run alone, in release, by cargo book test"
)]
fn cpu_bound_tiny_inputs_are_slower_in_parallel_and_with_min_len_fixes_them() {
    if skip_on_one_core("cpu_bound_tiny_inputs_are_slower_in_parallel") {
        return;
    }
    let cpus = cores();
    let mut listing = crossover();
    one_thread_per_cpu(&mut listing);
    // Up to three attempts, each already the best of seven at every size,
    // until one shows parallel winning at the largest size.
    let mut ceilings = Vec::new();
    for attempt in 1..=3 {
        let (run, ceiling) = ceiling_around(cpus, || listing.run());
        ceilings.push(ceiling);
        assert_same_lines(&listing, &run, "crossover: ");
        let (rows, crossover) = crossover_table(&run, Some(cpus));
        let tiny = &rows[0];
        // Load only slows the parallel version, which wakes other threads:
        // this holds on any machine, in every attempt.
        assert!(
            tiny.parallel_us > 2.0 * tiny.sequential_us,
            "at {} items, parallel is not twice as slow:\n{}",
            tiny.items,
            run.stdout
        );
        assert!(
            tiny.fixed_us * 2.0 < tiny.parallel_us,
            "with_min_len did not halve the time of the tiny input:\n{}",
            run.stdout
        );
        let large = rows.last().unwrap();
        if crossover.is_some() && large.fixed_us < large.sequential_us {
            return;
        }
        eprintln!(
            "attempt {attempt}: parallel did not win at the largest size (ceiling {ceiling:.2} of {cpus}):\n{}",
            run.stdout
        );
        // A pause lets a burst of other work on the machine pass.
        std::thread::sleep(Duration::from_millis(250));
    }
    let most = ceilings.iter().copied().fold(0.0, f64::max);
    assert!(
        most < FULL * cpus as f64,
        "in three attempts, parallel never beat sequential at the largest size"
    );
    book_tools::cpu_bound::skipped(
        "parallel winning at the largest size",
        &format!(
            "the {cpus} logical CPUs never did more than {most:.2} CPUs' work at once (shared cores, clock speeds or other programs)"
        ),
    );
}

// Listing 12-7: Amdahl's law.

fn amdahl() -> Listing {
    listing!("ch12-07-amdahl")
}

/// What one run of listing 12-7 reported.
#[derive(Debug)]
struct Amdahl {
    predicted: f64,
    measured: f64,
}

/// Reads a run of listing 12-7 and checks its rules: the serial part, then
/// the parallel part, on one thread, then on the global pool, one at a
/// time; the serial fraction and both speedups follow from the stamped
/// times (which are whole milliseconds, so within their rounding). With
/// `threads`, the pool must have had that many threads (a recording has
/// the recording machine's).
fn amdahl_of(run: &Run, threads: Option<usize>) -> Amdahl {
    let lanes = [
        "serial on 1 thread",
        "par on 1 thread",
        "serial on the pool",
        "par on the pool",
    ];
    let spans = run.spans();
    assert_eq!(
        spans.iter().map(|s| s.lane.clone()).collect::<Vec<_>>(),
        lanes,
        "{}",
        run.stdout
    );
    one_at_a_time(&spans).unwrap_or_else(|e| panic!("{e}:\n{}", run.stdout));
    let s = floats(run.line("serial fraction s = "));
    let (fraction, n) = (s[0], s[1] as usize);
    assert!(n >= 1, "{}", run.stdout);
    if let Some(threads) = threads {
        assert_eq!(n, threads, "the pool's threads:\n{}", run.stdout);
    }
    let predicted = *floats(run.line("Amdahl predicts ")).last().unwrap();
    let measured = floats(run.line("measured speedup = "))[0];
    let formula = 1.0 / (fraction + (1.0 - fraction) / n as f64);
    assert!((predicted - formula).abs() < 0.02, "{}", run.stdout);
    // From the stamps, give or take a millisecond: each program runs from
    // its serial part's start to its parallel part's end.
    let ms = |first: usize, last: usize| (spans[last].end_ms - spans[first].start_ms) as f64;
    let (one, all) = (ms(0, 1), ms(2, 3));
    let stamped = ms(0, 0) / one;
    assert!(
        (fraction - stamped).abs() <= 0.01 + 2.0 / one,
        "s = {fraction}, the stamps say {stamped:.2}:\n{}",
        run.stdout
    );
    if all >= 10.0 {
        let speedup = one / all;
        assert!(
            (measured - speedup).abs() <= 0.01 + speedup * 4.0 / all,
            "speedup {measured}, the stamps say {speedup:.2}:\n{}",
            run.stdout
        );
    }
    Amdahl {
        predicted,
        measured,
    }
}

#[test]
fn the_amdahl_listing_computes_its_prediction_from_the_measured_fraction() {
    let mut listing = amdahl();
    assert!(listing.spec.release, "declared to run in release");
    // A debug build: the listing's small default parts.
    listing.spec.args.clear();
    let run = listing.run();
    listing.assert_words(&run, Order::Exact);
    amdahl_of(&run, Some(rayon_threads()));
}

/// How far the measured speedup may fall from Amdahl's prediction, as a
/// fraction of the prediction.
const AMDAHL_TOLERANCE: f64 = 0.15;

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "CPU-bound: run alone, in release, by cargo book test"
)]
fn cpu_bound_the_measured_speedup_is_near_amdahls_prediction() {
    if skip_on_one_core("cpu_bound_the_measured_speedup_is_near_amdahls_prediction") {
        return;
    }
    let cpus = cores();
    let mut listing = amdahl();
    one_thread_per_cpu(&mut listing);
    // Up to five attempts; the first within the tolerance ends the test.
    // A run slowed by another program misses on either side (its
    // one-thread time or its pool's time is too long), so any attempt
    // within it counts. The law assumes every thread a full core, so an
    // attempt counts against the claim only if the ceiling around it says
    // the machine gave that.
    let (mut seen, mut judged) = (Vec::new(), 0);
    for _ in 0..5 {
        let (run, ceiling) = ceiling_around(cpus, || listing.run());
        listing.assert_words(&run, Order::Exact);
        let found = amdahl_of(&run, Some(cpus));
        let off = found.measured / found.predicted - 1.0;
        if off.abs() <= AMDAHL_TOLERANCE {
            return;
        }
        judged += usize::from(ceiling >= FULL * cpus as f64);
        seen.push(format!(
            "{:.2} for {:.2} (ceiling {ceiling:.2})",
            found.measured, found.predicted
        ));
        // A pause lets a burst of other work on the machine pass.
        std::thread::sleep(Duration::from_millis(250));
    }
    assert_eq!(
        judged,
        0,
        "no attempt within {AMDAHL_TOLERANCE} of the prediction: measured {}",
        seen.join(", ")
    );
    book_tools::cpu_bound::skipped(
        "Amdahl's prediction",
        &format!(
            "the {cpus} logical CPUs never did a full core's work each (shared cores, clock speeds or other programs): measured {}",
            seen.join(", ")
        ),
    );
}

// The page's recordings are valid runs too.

#[test]
fn recorded_runs_keep_the_rules_too() {
    assert_par_iter(&par_iter().recorded_run());
    assert_join(&join().recorded_run(), 100_000);
    assert_eq!(assert_pool_size(&pool_size().recorded_run()), (3, 2));
    // The recording machine's claim: 0.8 over its logical CPUs.
    let recorded = efficiency().recorded_run();
    let found = efficiency_of(&recorded, true);
    assert!(found.efficiency >= EFFICIENCY, "{}", recorded.stdout);
    // The recorded curve: a point for every logical CPU the recording
    // machine had, and at the last the same claim.
    let curve = scaling().recorded();
    let points = book_tools::scaling::points(&curve).unwrap();
    let machine = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("recorded/machine.txt"),
    )
    .unwrap();
    assert_eq!(points.len() as u64, numbers(&machine)[0], "{curve}");
    let last = points.last().unwrap();
    assert!(last.speedup / last.threads as f64 >= EFFICIENCY, "{curve}");
    // The page's crossover recording shows what its claims say: the
    // tiny input slower in parallel, a crossover, and with_min_len fast at
    // both ends.
    let (rows, crossover) = crossover_table(&crossover().recorded_run(), None);
    let (tiny, large) = (&rows[0], rows.last().unwrap());
    assert!(tiny.ratio > 2.0 && crossover.is_some());
    assert!(tiny.fixed_us * 2.0 < tiny.parallel_us && large.fixed_ratio < 1.0);
    let found = amdahl_of(&amdahl().recorded_run(), None);
    assert!((found.measured / found.predicted - 1.0).abs() <= AMDAHL_TOLERANCE);
}

// Coming from Python: Pool.map and joblib, on the virtual environment
// that has joblib.

#[test]
fn python_pool_map_and_joblib_keep_the_order_too() {
    let Some(run) = book_tools::python!("ch12-01-par-iter", venv) else {
        return;
    };
    let lines = run.lines();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    let squares: Vec<u64> = (1..=ITEMS).map(|x| x * x).collect();
    for (name, at) in [("Pool.map: ", 0), ("joblib: ", 2)] {
        let results = lines[at]
            .strip_prefix(name)
            .unwrap_or_else(|| panic!("{}", run.stdout));
        assert_eq!(numbers(results), squares, "{}", run.stdout);
        // The work ran in other processes, at most the two asked for.
        let workers = numbers(lines[at + 1])[0];
        assert!((1..=2).contains(&workers), "{}", run.stdout);
        assert!(
            lines[at + 1].ends_with("none of them this one"),
            "{}",
            run.stdout
        );
    }
}
