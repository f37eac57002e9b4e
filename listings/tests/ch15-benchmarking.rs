//! Chapter 15, "Benchmarking honestly": what its listings measure, and the
//! claims its page makes about those measurements.
//!
//! The listings print tables of times and of ratios they compute
//! themselves; the tests read the times back, compute the ratios again and
//! compare, so that no figure on the page is typed by hand. Claims about
//! CPU-bound work are tested in release, alone (`cpu_bound_…`), with the
//! best of several runs; the checks a busy machine cannot fool (equal
//! results, Python's processor time) are made on every run.

use std::path::PathBuf;
use std::process::Command;

use book_tools::cpu_bound;
use book_tools::listing;
use book_tools::listing::{Listing, Run, cores, floats};
use book_tools::recording::Order;

fn black_box_listing() -> Listing {
    listing!("ch15-01-black-box")
}

fn min_and_median() -> Listing {
    listing!("ch15-02-min-and-median")
}

fn min_and_median_debug() -> Listing {
    listing!(
        "ch15-02-min-and-median-debug",
        of = "ch15-02-min-and-median"
    )
}

fn cpu_and_io() -> Listing {
    listing!("ch15-03-cpu-and-io")
}

fn against_python() -> Listing {
    listing!("ch15-04-against-python")
}

/// The I/O tasks' wait in listing 15-3, and how many tasks it runs.
const WAIT_MS: f64 = 40.0;
const TASKS: f64 = 4.0;

/// Panics unless `run` printed the lines of the recording on the page, in
/// the same order (one thread prints everything), every number aside (these
/// listings print ratios and counts as well as times) and whichever build
/// either was (the tests run some listings in the other build).
fn assert_keeps_shape(listing: &Listing, run: &Run) {
    listing.assert_words_of(run, Order::Exact, |text| {
        text.replace("debug build", "# build")
            .replace("release build", "# build")
    });
}

/// `printed` is `computed` up to the rounding of the printed figures:
/// `unit` is the last digit printed (0.01 for `1.98x`, 1 for `111 times`).
fn assert_computed(printed: f64, computed: f64, unit: f64, what: &str, run: &Run) {
    assert!(
        (printed - computed).abs() <= 0.03 * computed + unit,
        "{what}: printed {printed}, but the printed times give {computed:.3}:\n{}",
        run.stdout
    );
}

/// The debug build of a listing, beside the release build a test in
/// release runs (`cargo book test` builds both); `None`, saying so, if it
/// was not built.
fn debug_build(listing: &Listing) -> Option<PathBuf> {
    let program = listing.program().to_string_lossy().into_owned();
    let debug = PathBuf::from(program.replace("/release/", "/debug/"));
    if debug.exists() {
        return Some(debug);
    }
    eprintln!(
        "skipped: no debug build at {} (`cargo test -p listings` makes it)",
        debug.display()
    );
    None
}

fn run_program(program: &std::path::Path, args: &[&str]) -> Run {
    let mut command = Command::new(program);
    command.args(args);
    listing::run(command)
}

// Listing 15-1: black_box.

/// The three times of listing 15-1, in µs, checked against the two ratios
/// it prints.
fn black_box_times(run: &Run) -> [f64; 3] {
    let time = |start: &str| *floats(run.line(start)).last().unwrap();
    let times = [
        time("1. result unused"),
        time("2. inputs and result"),
        time("3. every step"),
    ];
    for (row, fast) in [(1, times[0]), (2, times[1])] {
        let ratio_line = run
            .lines()
            .into_iter()
            .find(|l| l.ends_with(&format!("as long as {row}.")))
            .unwrap_or_else(|| panic!("no ratio for row {row}:\n{}", run.stdout));
        let printed = floats(ratio_line)[0];
        // The listing divides by at least 1 ns (0.001 µs).
        assert_computed(printed, times[2] / fast.max(0.001), 1.0, "ratio", run);
    }
    times
}

#[test]
fn black_box_listing_runs_and_keeps_its_shape() {
    let mut listing = black_box_listing();
    listing.spec.args = vec!["1000000".into()];
    let run = listing.run();
    assert_keeps_shape(&listing, &run);
    assert!(run.stdout.starts_with("debug build, 1000000 steps"));
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "CPU-bound: run alone, in release, by cargo book test"
)]
fn cpu_bound_without_black_box_the_loop_is_gone() {
    let listing = black_box_listing();
    // Each attempt: a run of the release build, then of the debug build,
    // each checked for its shape and its ratios (which load cannot
    // change); judged on the best attempt made while the machine was
    // otherwise quiet.
    let debug = debug_build(&listing);
    let attempt = || {
        let run = listing.run();
        assert_keeps_shape(&listing, &run);
        assert!(run.stdout.starts_with("release build"), "{}", run.stdout);
        let [unused, formula, every_step] = black_box_times(&run);
        // How many times as long the real loop took as the slower of the
        // other two; and, in debug, the unused loop's share of the real one.
        let release = every_step / unused.max(formula).max(0.001);
        let debug = debug.as_ref().map(|debug| {
            let run = run_program(debug, &["1000000"]);
            assert!(run.stdout.starts_with("debug build"), "{}", run.stdout);
            let [unused, _, every_step] = black_box_times(&run);
            unused / every_step
        });
        (release, debug)
    };
    let holds =
        |(release, debug): &(f64, Option<f64>)| *release > 10.0 && debug.is_none_or(|d| d > 0.25);
    let attempts = cpu_bound::Attempts {
        max: 3,
        ..Default::default()
    };
    let Some(quiet) =
        cpu_bound::quiet_attempts("listing 15-1's times", attempts, attempt, |quiet| {
            quiet.iter().any(holds)
        })
    else {
        return;
    };
    let release = quiet.iter().map(|a| a.0).fold(0.0, f64::max);
    assert!(
        release > 10.0,
        "a loop without black_box took more than a tenth of the real loop, in every attempt"
    );
    // In a debug build nothing is optimised away: the unused loop runs too.
    if debug.is_some() {
        let debug = quiet.iter().filter_map(|a| a.1).fold(0.0, f64::max);
        assert!(
            debug > 0.25,
            "in debug, the unused loop took under a quarter of the real one, in every attempt"
        );
    }
}

// Listing 15-2, in release and in debug: warm-up, minimum and median.

struct Stats {
    steps: f64,
    min: f64,
    median: f64,
    max: f64,
    per_step_ns: f64,
}

/// What listing 15-2 (in either build) printed, checked: the
/// minimum is no more than the median, nor that more than the maximum, and
/// the time per step is the minimum over the steps.
fn stats(run: &Run) -> Stats {
    let number = |start: &str, i: usize| floats(run.line(start))[i];
    let stats = Stats {
        steps: floats(run.lines()[0])[0],
        min: number("min ", 0),
        median: number("median ", 0),
        max: number("max ", 0),
        per_step_ns: number("per step ", 0),
    };
    assert!(
        stats.min <= stats.median && stats.median <= stats.max,
        "{}",
        run.stdout
    );
    assert_computed(
        stats.per_step_ns,
        stats.min * 1e6 / stats.steps,
        0.001,
        "per step",
        run,
    );
    stats
}

#[test]
fn min_and_median_keep_their_order() {
    let listing = min_and_median_debug();
    let run = listing.run();
    assert_keeps_shape(&listing, &run);
    assert!(run.stdout.starts_with("debug build"), "{}", run.stdout);
    stats(&run);
    // Listing 15-2 is the same program, recorded in release.
    let mut listing = min_and_median();
    listing.spec.args = vec!["200000".into()];
    stats(&listing.run());
    // And the recordings on the page keep the same rules.
    for listing in [min_and_median(), min_and_median_debug()] {
        stats(&listing.recorded_run());
    }
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "CPU-bound: run alone, in release, by cargo book test"
)]
fn cpu_bound_a_debug_build_is_several_times_slower() {
    let release = min_and_median();
    let Some(debug) = debug_build(&min_and_median_debug()) else {
        return;
    };
    let debug_args = min_and_median_debug().spec.args;
    let debug_args: Vec<&str> = debug_args.iter().map(String::as_str).collect();
    // Each attempt runs both builds, one after the other, each checked
    // for the order of its figures; judged on the best of up to three
    // attempts made while the machine was otherwise quiet.
    let attempt = || {
        let run = release.run();
        assert_keeps_shape(&release, &run);
        assert!(run.stdout.starts_with("release build"), "{}", run.stdout);
        let release_ns = stats(&run).per_step_ns;
        let run = run_program(&debug, &debug_args);
        assert!(run.stdout.starts_with("debug build"), "{}", run.stdout);
        (release_ns, stats(&run).per_step_ns)
    };
    let best = |attempts: &[(f64, f64)]| {
        let release = attempts.iter().map(|a| a.0).fold(f64::MAX, f64::min);
        let debug = attempts.iter().map(|a| a.1).fold(f64::MAX, f64::min);
        (release, debug)
    };
    let attempts = cpu_bound::Attempts {
        max: 3,
        ..Default::default()
    };
    let Some(quiet) =
        cpu_bound::quiet_attempts("listing 15-2's two builds", attempts, attempt, |a| {
            let (release, debug) = best(a);
            debug >= 4.0 * release
        })
    else {
        return;
    };
    let (release_ns, debug_ns) = best(&quiet);
    assert!(
        debug_ns >= 4.0 * release_ns,
        "debug {debug_ns} ns a step, release {release_ns} ns: not four times slower"
    );
}

#[test]
fn python_min_and_median_keep_their_order_too() {
    let Some(run) = book_tools::python!("ch15-02-min-and-median") else {
        return;
    };
    assert!(
        run.stdout.starts_with("Python, 100000 steps"),
        "{}",
        run.stdout
    );
    stats(&run);
}

// Listing 15-3: the guides' benchmark, done right.

/// One row of a table of listing 15-3: a version's time in ms, the
/// speedup the listing printed, and the rest of its numbers.
struct Row {
    name: String,
    ms: f64,
    speedup: f64,
    rest: Vec<f64>,
}

/// The rows of the table that follows the line starting with `title`,
/// up to the next title, after checking that each printed speedup is the
/// first row's time over that row's.
fn table(run: &Run, title: &str) -> Vec<Row> {
    let lines = run.lines();
    let at = lines
        .iter()
        .position(|l| l.starts_with(title))
        .unwrap_or_else(|| panic!("no {title:?} in:\n{}", run.stdout));
    let rows: Vec<Row> = lines[at + 2..]
        .iter()
        // A row: a name, then a time in ms.
        .take_while(|l| l.split_whitespace().nth(2) == Some("ms"))
        .map(|l| {
            let name = l.split_whitespace().next().unwrap().to_owned();
            let numbers = floats(l);
            Row {
                name,
                ms: numbers[0],
                speedup: numbers[1],
                rest: numbers[2..].to_vec(),
            }
        })
        .collect();
    assert_eq!(rows[0].name, "sequential", "{}", run.stdout);
    // Times are printed to a tenth of a millisecond, speedups to a
    // hundredth: a speedup is right if some pair of times that round to the
    // printed ones gives it. (Computed from the printed times alone, 2.5 ms
    // over 2.4 ms is 1.042, where the listing rightly printed 1.00x for
    // 2.45 ms over 2.44 ms: that failed a clean CI run.)
    let (half_ms, half_speedup) = (0.05, 0.005 + 1e-9);
    let first = rows[0].ms;
    for row in &rows {
        let low = (first - half_ms) / (row.ms + half_ms);
        let high = (first + half_ms) / (row.ms - half_ms).max(half_ms / 10.0);
        assert!(
            row.speedup + half_speedup >= low && row.speedup - half_speedup <= high,
            "{}: printed speedup {}, but times that round to the printed {first} ms and {} ms \
             give {low:.3} to {high:.3}:\n{}",
            row.name,
            row.speedup,
            row.ms,
            run.stdout
        );
    }
    rows
}

fn row<'a>(rows: &'a [Row], name: &str) -> &'a Row {
    rows.iter().find(|r| r.name == name).unwrap()
}

/// The CPU table of listing 15-3, with its rules, which hold on any
/// machine: the four versions, in order, agree on the result, and no
/// version kept more CPUs busy than it had threads and the machine had
/// CPUs, nor the sequential one more than one (give or take the rounding
/// of the processor time to a hundredth of a second, once a round, over
/// the wall time of three rounds).
fn cpu_table(run: &Run) -> Vec<Row> {
    let cpus = floats(run.lines()[0])[0];
    assert!(cpus >= 1.0, "{}", run.stdout);
    let rows = table(run, "CPU-bound:");
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["sequential", "threads", "rayon", "processes"]);
    let slack = |row: &Row| 0.03 / (3.0 * row.ms / 1e3);
    for (row, threads) in rows.iter().zip([1.0, TASKS, cpus, TASKS]) {
        let most = threads.min(cpus) + slack(row);
        assert!(
            row.rest[0] <= most,
            "{} kept {} CPUs busy, more than {most:.2}:\n{}",
            row.name,
            row.rest[0],
            run.stdout
        );
    }
    for row in &rows {
        assert_eq!(
            row.rest[1], rows[0].rest[1],
            "results differ:\n{}",
            run.stdout
        );
    }
    rows
}

/// The I/O rules of listing 15-3: one after another, the waits add up (at
/// least four waits); on threads and with async they overlap, so each
/// takes less than twice one wait, as the sequential run measured it. `Err`
/// says which version did not overlap its waits.
fn io_waits_overlap(run: &Run) -> Result<(), String> {
    let rows = table(run, "I/O-bound:");
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["sequential", "threads", "async"]);
    let sequential = rows[0].ms;
    assert!(sequential >= TASKS * WAIT_MS, "{}", run.stdout);
    let one_wait = sequential / TASKS;
    for name in ["threads", "async"] {
        if row(&rows, name).ms >= 2.0 * one_wait {
            return Err(format!("{name} did not overlap its waits:\n{}", run.stdout));
        }
    }
    Ok(())
}

fn assert_io_waits_overlap(run: &Run) {
    io_waits_overlap(run).unwrap_or_else(|e| panic!("{e}"));
}

/// The cores listing 15-3 printed are the cores there are.
fn assert_cores(run: &Run) {
    assert_eq!(floats(run.lines()[0]), [cores() as f64], "{}", run.stdout);
}

#[test]
fn io_waits_overlap_on_threads_and_async() {
    let mut listing = cpu_and_io();
    listing.spec.args = vec!["100000".into()];
    // Up to three runs: on a machine so busy that a woken thread waits
    // longer than a whole wait for a core, one run may not show it.
    let mut overlapped = Err(String::new());
    for _ in 0..3 {
        let run = listing.run();
        assert_keeps_shape(&listing, &run);
        assert_cores(&run);
        cpu_table(&run);
        overlapped = io_waits_overlap(&run);
        if overlapped.is_ok() {
            break;
        }
    }
    overlapped.unwrap_or_else(|e| panic!("in three runs, {e}"));
}

#[test]
fn recorded_tables_compute_their_ratios() {
    // New runs: every table a test reads has its ratios checked (`table`).
    let mut listing = cpu_and_io();
    listing.spec.args = vec!["100000".into()];
    let run = listing.run();
    assert_cores(&run);
    cpu_table(&run);
    // The figures on the page: every ratio is computed from the times
    // printed beside it, and the recorded runs keep every rule.
    // They are compared with a new run only on what holds on any
    // machine: the recording's CPU count is its machine's, not this one's.
    let run = cpu_and_io().recorded_run();
    cpu_table(&run);
    assert_io_waits_overlap(&run);
    black_box_times(&black_box_listing().recorded_run());
    python_against_rust(&against_python().recorded_run());
}

/// What the first line of the Python program says: its build (`true`:
/// free-threaded) and whether the GIL was on in its run; a standard
/// build always runs with it.
fn python_build_and_gil(run: &Run) -> (bool, bool) {
    let line = run.line("Python ");
    let says = |words: &str| line.contains(words);
    let free_threaded = says(", free-threaded build,");
    assert!(free_threaded || says(", standard build,"), "{line}");
    let gil = says(", GIL enabled,");
    assert!(gil || says(", GIL disabled,"), "{line}");
    assert!(
        gil || free_threaded,
        "a standard build without its GIL: {line}"
    );
    (free_threaded, gil)
}

#[test]
fn python_says_its_build_and_whether_its_gil_is_on() {
    let Some(python) = listing::python() else {
        return;
    };
    // The interpreter's own answers: the build from sysconfig, the run
    // from sys._is_gil_enabled() where it exists (3.13 and later).
    let mut ask = Command::new(python);
    ask.args([
        "-c",
        "import sys, sysconfig; \
         print(bool(sysconfig.get_config_var('Py_GIL_DISABLED')), \
               getattr(sys, '_is_gil_enabled', lambda: True)())",
    ]);
    let answer = listing::run(ask);
    let expected = match answer.stdout.trim() {
        "False True" => (false, true),
        "True True" => (true, true),
        "True False" => (true, false),
        other => panic!("a standard build without its GIL? {other:?}"),
    };
    let mut program = Command::new(python);
    program.arg(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/python/ch15-04-against-python.py"
    ));
    program.arg("2000");
    let run = listing::run(program);
    assert_eq!(python_build_and_gil(&run), expected, "{}", run.stdout);
    python_against_rust(&against_python().recorded_run());
}

/// What listing 15-4 printed, checked: Python and Rust agree on the
/// result; the printed ratio is Python's time over Rust's; it returns
/// that ratio and Python's threads' CPU time over wall time, if Python
/// had its GIL on (as a standard build always has).
fn python_against_rust(run: &Run) -> (f64, Option<f64>) {
    let (_, gil) = python_build_and_gil(run);
    let python = table(run, "CPU-bound:");
    let rust = floats(run.line("Rust, the same"));
    let [_, rust_ms, rust_result] = rust[..] else {
        panic!("{}", run.stdout)
    };
    for row in &python {
        assert_eq!(*row.rest.last().unwrap(), rust_result, "{}", run.stdout);
    }
    let ratio = floats(run.line("Rust sequential is"))[0];
    assert_computed(
        ratio,
        python[0].ms / rust_ms,
        1.0,
        "Rust against Python",
        run,
    );
    let threads = row(&python, "threads").rest[0];
    (ratio, gil.then_some(threads))
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "CPU-bound: run alone, in release, by cargo book test"
)]
fn cpu_bound_the_guides_benchmark_done_right() {
    let listing = cpu_and_io();
    let cores = cores();
    let usable = cores.min(TASKS as usize) as f64;
    // Threads and rayon: 0.8 of each usable CPU. Processes: 0.7, as they
    // also start four processes on every run (quiet, they measured about
    // 0.9 here, against about 0.97 for threads).
    let expected = [0.8 * usable, 0.8 * usable, 0.7 * usable];
    // Each attempt is a run of the listing, which measures the versions in
    // turn, round after round. On every attempt, its rules (equal results,
    // no more CPUs busy than there are); then the speedups of that attempt,
    // and the CPUs its threads kept busy (which other work can only lower).
    let attempt = || {
        let run = listing.run();
        assert_keeps_shape(&listing, &run);
        assert_cores(&run);
        let rows = cpu_table(&run);
        let speedups = ["threads", "rayon", "processes"].map(|name| row(&rows, name).speedup);
        (speedups, row(&rows, "threads").rest[0])
    };
    type Figures = ([f64; 3], f64);
    let best = |attempts: &[Figures]| {
        let speedups = [0, 1, 2].map(|i| attempts.iter().map(|a| a.0[i]).fold(0.0, f64::max));
        let busy = attempts.iter().map(|a| a.1).fold(0.0, f64::max);
        (speedups, busy)
    };
    let enough = |attempts: &[Figures]| {
        let (speedups, busy) = best(attempts);
        speedups.iter().zip(expected).all(|(&s, e)| s >= e) && busy >= expected[0]
    };
    if cores < 2 {
        attempt();
        cpu_bound::skipped(
            "the speedups of listing 15-3",
            &format!("{cores} CPU is available, so there is no speedup to measure"),
        );
    } else if let Some(quiet) = cpu_bound::quiet_attempts(
        "the speedups of listing 15-3",
        cpu_bound::Attempts::default(),
        attempt,
        enough,
    ) {
        let (speedups, busy) = best(&quiet);
        assert!(
            enough(&quiet),
            "best speedups (threads, rayon, processes) {speedups:?}, threads kept {busy:.2} CPUs busy, in {} quiet attempts: expected {expected:?} on {cores} CPUs",
            quiet.len()
        );
    }
    // Python, beside it: the same tasks, whose threads take turns.
    if listing::python().is_none() {
        return;
    }
    // Listing 15-4 runs python/ch15-04-against-python.py and compares.
    let run = against_python().run();
    assert_keeps_shape(&against_python(), &run);
    let (ratio, threads) = python_against_rust(&run);
    if let Some(cpu_per_wall) = threads {
        assert!(
            cpu_per_wall < 1.3,
            "Python's threads kept {cpu_per_wall} cores busy, with the GIL:\n{}",
            run.stdout
        );
    } else {
        eprintln!(
            "skipped: the bound on Python's threads because this free-threaded \
             Python ran without its GIL, so its threads may run in parallel"
        );
    }
    assert!(
        ratio >= 10.0,
        "Rust only {ratio} times as fast:\n{}",
        run.stdout
    );
}

// The criterion benchmark, benches/ch15-sequential-or-rayon.rs.

/// The benchmark's executable, which `cargo test` builds beside this test
/// binary (the newest, if several builds lie there); `None`, saying so, if
/// only this test was built (`cargo test --test chapters`).
fn benchmark_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().unwrap();
    let newest = std::fs::read_dir(exe.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with("ch15_sequential_or_rayon-") && path.extension().is_none()
        })
        .filter_map(|path| Some((path.metadata().ok()?.modified().ok()?, path)))
        .max();
    if newest.is_none() {
        eprintln!("skipped: the benchmark is not built (`cargo test -p listings` builds it)");
    }
    newest.map(|(_, path)| path)
}

#[test]
fn criterion_runs_each_benchmark_once_under_cargo_test() {
    let Some(benchmark) = benchmark_binary() else {
        return;
    };
    // As `cargo test` runs it, and as `cargo book test` does, with
    // options of libtest's that criterion does not know.
    for args in [
        &[][..],
        &["--test-threads=1"][..],
        &["--skip", "the_book_in_a_browser", "--test-threads", "8"][..],
    ] {
        let run = run_program(&benchmark, args);
        let mut tested = Vec::new();
        for size in [
            "16", "64", "256", "1024", "4096", "16384", "65536", "262144",
        ] {
            for version in ["sequential", "rayon"] {
                tested.push(format!("Testing work on every item/{version}/{size}"));
                tested.push("Success".to_owned());
            }
        }
        let lines: Vec<&str> = run.lines().into_iter().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines, tested, "{}", run.stdout);
    }
}

/// The table a clean CI run printed: 2.5 ms over 2.4 ms, rightly printed
/// as 1.00x (the unrounded times were nearly equal), passes; a speedup no
/// pair of times rounding to the printed ones gives fails.
#[test]
fn a_speedup_is_checked_against_the_rounding_of_its_times() {
    let table_of = |speedup: &str| {
        Run::printed(format!(
            "CPU-bound: 4 tasks\nversion      best time  speedup\n\
             sequential       2.5 ms    1.00x\nthreads          2.4 ms    {speedup}\n"
        ))
    };
    assert_eq!(table(&table_of("1.00x"), "CPU-bound:").len(), 2);
    let wrong = std::panic::catch_unwind(|| table(&table_of("1.10x"), "CPU-bound:"));
    assert!(
        wrong.is_err(),
        "1.10x is no ratio of 2.45..2.55 over 2.35..2.45"
    );
}
