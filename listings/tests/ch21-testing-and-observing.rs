//! Chapter 21, "Testing and observing concurrent code": the one-shot
//! channel that ordinary runs pass and loom fails, the retry tested on a
//! paused clock, the signs of a deadlock (no CPU, two threads waiting in
//! a lock, parking_lot's detector), ThreadSanitizer's report of a data
//! race, tracing's spans across `.await`, and tokio's runtime metrics.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use book_tools::listing;
use book_tools::listing::{Listing, Run, Watched};
use book_tools::recording::Order;

// The one-shot channel: ordinary runs, then loom.

fn relaxed_oneshot() -> Listing {
    listing!("ch21-01-relaxed-oneshot")
}

fn oneshot() -> Listing {
    listing!("ch21-02-oneshot")
}

fn assert_every_round_received_42(run: &Run) {
    let line = run.line("1000 rounds:");
    assert_eq!(
        listing::numbers(line),
        vec![1000, 1000, 42],
        "a round did not receive 42:\n{}",
        run.stdout
    );
}

#[test]
fn a_thousand_runs_of_the_relaxed_oneshot_all_pass() {
    let listing = relaxed_oneshot();
    let run = listing.run();
    assert_every_round_received_42(&run);
    listing.assert_shape(&run, Order::Exact);
    assert_every_round_received_42(&listing.recorded_run());
}

#[test]
fn a_thousand_runs_of_the_fixed_oneshot_all_pass() {
    let listing = oneshot();
    let run = listing.run();
    assert_every_round_received_42(&run);
    listing.assert_shape(&run, Order::Exact);
}

/// The fixed listing is the relaxed one with its flag's store made
/// `Release` and its load `Acquire`, comments aside.
#[test]
fn the_fixed_oneshot_differs_only_in_its_orderings() {
    listing::assert_file_changes_only(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/bin/ch21-01-relaxed-oneshot.rs"
        ),
        concat!(env!("CARGO_MANIFEST_DIR"), "/src/bin/ch21-02-oneshot.rs"),
        &[
            (
                "ready.store(true, Ordering::Relaxed)",
                "ready.store(true, Ordering::Release)",
            ),
            (
                "ready.load(Ordering::Relaxed)",
                "ready.load(Ordering::Acquire)",
            ),
        ],
    );
}

/// Listing 21-1, compiled with loom's threads, atomics and cell.
#[cfg(feature = "loom")]
#[allow(dead_code)]
mod loom_relaxed_oneshot {
    include!("../src/bin/ch21-01-relaxed-oneshot.rs");
}

/// Listing 21-2, compiled with loom's threads, atomics and cell.
#[cfg(feature = "loom")]
#[allow(dead_code)]
mod loom_oneshot {
    include!("../src/bin/ch21-02-oneshot.rs");
}

#[cfg(feature = "loom")]
mod loom_checks {
    fn model(f: impl Fn() + Sync + Send + 'static) {
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = Some(2);
        builder.check(f);
    }

    #[test]
    fn loom_finds_the_race_in_the_relaxed_oneshot() {
        let outcome = std::panic::catch_unwind(|| {
            model(|| assert_eq!(super::loom_relaxed_oneshot::one_round(), 42));
        });
        let Err(panic) = outcome else {
            panic!("loom found no race in the one-shot channel with Relaxed orderings");
        };
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        assert!(
            message.contains("Causality violation"),
            "the model failed, but not for a race on the slot: {message}"
        );
    }

    #[test]
    fn loom_passes_the_fixed_oneshot() {
        model(|| assert_eq!(super::loom_oneshot::one_round(), 42));
    }
}

// The retry, on the real clock and on a paused one.

#[allow(dead_code)]
mod retry_listing {
    include!("../src/bin/ch21-03-retry.rs");
}

#[test]
fn the_retry_calls_three_times_on_the_real_clock() {
    let listing = listing!("ch21-03-retry");
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    let ms = |prefix: &str| {
        let line = run
            .lines()
            .into_iter()
            .find(|l| l.contains(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}`:\n{}", run.stdout));
        listing::numbers(line)[0]
    };
    // Each failed call waits its 100 ms limit, then the 50 ms pause.
    assert!(ms("call 2") >= 150, "{}", run.stdout);
    assert!(ms("call 3") >= 300, "{}", run.stdout);
    assert!(ms("answer") >= 310, "{}", run.stdout);
    assert!(
        run.stdout.contains("answer: Some(\"pong\")"),
        "{}",
        run.stdout
    );
}

// ANCHOR: paused
/// On a paused clock, tokio moves time forward to the next timer whenever
/// every task is waiting: a minute of timeouts and pauses passes at once.
#[tokio::test(start_paused = true)]
async fn the_retry_gives_up_after_three_timeouts_on_a_paused_clock() {
    use retry_listing::retry;
    use tokio::time::{Instant, sleep};
    let real = std::time::Instant::now();
    let start = Instant::now(); // tokio's clock: paused
    let limit = Duration::from_secs(10);
    let pause = Duration::from_secs(20);
    let mut calls = Vec::new();
    let answer: Option<()> = retry(3, limit, pause, |n| {
        calls.push((n, start.elapsed()));
        sleep(Duration::from_secs(3600)) // a service that never answers
    })
    .await;
    assert_eq!(answer, None);
    let secs = |s| Duration::from_secs(s);
    assert_eq!(calls, [(1, secs(0)), (2, secs(30)), (3, secs(60))]);
    assert_eq!(start.elapsed(), secs(70));
    assert!(
        real.elapsed() < secs(5),
        "the paused clock did not skip ahead"
    );
}
// ANCHOR_END: paused

#[tokio::test(start_paused = true)]
async fn the_retry_returns_the_first_answer_on_a_paused_clock() {
    use retry_listing::retry;
    use tokio::time::{Instant, sleep};
    let start = Instant::now();
    let limit = Duration::from_secs(10);
    let answer = retry(3, limit, Duration::from_secs(20), |n| async move {
        sleep(Duration::from_secs(if n == 1 { 60 } else { 4 })).await;
        n
    })
    .await;
    assert_eq!(answer, Some(2));
    assert_eq!(start.elapsed(), Duration::from_secs(10 + 20 + 4));
}

// A deadlock: no CPU, every thread in a lock, and parking_lot's report.

/// Its CPU time so far, user and system, in clock ticks.
fn cpu_ticks(program: &Watched) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", program.id())).unwrap();
    // Fields after the `(name)`: state is field 3, utime 14, stime 15.
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

fn deadlocked() -> Watched {
    let mut watched = Watched::start(&mut Command::new(listing!("ch04-12-deadlock").program()));
    watched.wait_for_lines("waiting for", 2);
    watched
}

#[test]
fn a_deadlocked_process_uses_no_cpu_while_a_busy_loop_does() {
    let stuck = deadlocked();
    let mut busy = Watched::start(&mut Command::new(listing!("ch21-04-busy-loop").program()));
    busy.wait_for("spinning");
    // A moment for the last thread to go to sleep in its lock.
    std::thread::sleep(Duration::from_millis(50));
    let (stuck_before, busy_before) = (cpu_ticks(&stuck), cpu_ticks(&busy));
    std::thread::sleep(Duration::from_millis(300));
    let (stuck_used, busy_used) = (
        cpu_ticks(&stuck) - stuck_before,
        cpu_ticks(&busy) - busy_before,
    );
    assert_eq!(stuck_used, 0, "the deadlocked process used CPU time");
    assert!(busy_used > 0, "the busy loop used no CPU time");
}

#[test]
fn the_busy_loop_never_ends() {
    let listing = listing!("ch21-04-busy-loop");
    let hung = listing
        .run_within(Duration::from_millis(300))
        .expect_err("the busy loop ended");
    assert_eq!(hung.printed, "spinning\n");
    assert_eq!(listing.recorded(), "spinning\n");
}

/// gdb, if there is one and it may attach, shows both threads of the
/// deadlock waiting in a lock, inside `transfer`.
#[test]
fn gdb_shows_both_threads_waiting_in_a_lock() {
    if Command::new("gdb").arg("--version").output().is_err() {
        println!("skipped: no gdb on this machine");
        return;
    }
    let stuck = deadlocked();
    let mut gdb = Command::new("gdb");
    gdb.args(["-nx", "-batch", "-p", &stuck.id().to_string()])
        .args(["-ex", "thread apply all bt"]);
    let (run, _) = listing::run_to_exit(gdb, Duration::from_secs(20))
        .unwrap_or_else(|hung| panic!("gdb did not finish: {}", hung.printed));
    if run.stderr.contains("ptrace: Operation not permitted") {
        println!("skipped: gdb may not attach here (ptrace: Operation not permitted)");
        return;
    }
    let waiting = run
        .stdout
        .split("\nThread ")
        .filter(|thread| thread.contains("transfer") && thread.contains("futex"))
        .count();
    assert_eq!(
        waiting, 2,
        "not two threads waiting in a lock inside transfer:\n{}\n{}",
        run.stdout, run.stderr
    );
}

#[test]
fn parking_lot_reports_the_deadlock_from_inside() {
    let listing = listing!("ch21-05-deadlock-detector");
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    assert_eq!(
        run.lines(),
        [
            "deadlock: 2 threads wait for each other",
            "a thread waits for a lock, inside transfer: true",
            "a thread waits for a lock, inside transfer: true",
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn python_faulthandler_shows_both_threads_in_transfer() {
    let Some(run) = book_tools::python!("ch21-05-deadlock-detector") else {
        return;
    };
    let stuck = run
        .stderr
        .split("\n\n")
        .filter(|thread| thread.contains("in transfer"))
        .count();
    assert_eq!(stuck, 2, "{}", run.stderr);
    let mut lines = run.lines();
    lines.sort();
    assert_eq!(
        lines,
        [
            "a to b: gave up waiting for the second lock",
            "b to a: gave up waiting for the second lock",
        ]
    );
}

// ThreadSanitizer, where there is a nightly toolchain.

#[test]
fn the_racy_counter_counts_at_most_every_addition() {
    let listing = listing!("ch21-06-data-race");
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    let count = listing::numbers(run.line("count:"))[0];
    assert!(count <= 2000, "{}", run.stdout);
}

/// Listing 21-6 built with ThreadSanitizer by the nightly compiler, kept in
/// `target/ch21-tsan/` under a name made from the source and the compiler.
fn thread_sanitized() -> Result<PathBuf, String> {
    let version = Command::new("rustc")
        .args(["+nightly", "-vV"])
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    if !version.status.success() {
        return Err("no nightly toolchain (`rustup toolchain install nightly`)".into());
    }
    let dir = env!("CARGO_MANIFEST_DIR");
    let source = format!("{dir}/src/bin/ch21-06-data-race.rs");
    let text = std::fs::read_to_string(&source).unwrap();
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (text, version.stdout).hash(&mut hasher);
    let folder = PathBuf::from(format!("{dir}/../target/ch21-tsan"));
    let exe = folder.join(format!("race-{:016x}", hasher.finish()));
    if exe.exists() {
        return Ok(exe);
    }
    std::fs::create_dir_all(&folder).unwrap();
    let partial = folder.join(format!("building-{}", std::process::id()));
    let out = Command::new("rustc")
        .args(["+nightly", "--edition", "2024", "-g"])
        .args([
            "-Zsanitizer=thread",
            "-Cunsafe-allow-abi-mismatch=sanitizer",
        ])
        .args(["--target", "x86_64-unknown-linux-gnu", "-o"])
        .arg(&partial)
        .arg(&source)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "nightly rustc failed to build with ThreadSanitizer:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::rename(&partial, &exe).unwrap();
    Ok(exe)
}

#[test]
fn thread_sanitizer_reports_the_data_race_in_add_one() {
    if !cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        println!("skipped: the test builds for x86_64 Linux");
        return;
    }
    let exe = match thread_sanitized() {
        Ok(exe) => exe,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let (run, status) = listing::run_to_exit(Command::new(exe), Duration::from_secs(20))
        .unwrap_or_else(|hung| panic!("the sanitized program hung: {}", hung.printed));
    assert!(!status.success(), "ThreadSanitizer let it succeed");
    assert!(
        run.stderr.contains("WARNING: ThreadSanitizer: data race"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("ch21_06_data_race::add_one"),
        "{}",
        run.stderr
    );
}

// tracing's spans, and tokio's metrics.

#[test]
fn every_event_is_inside_its_tasks_span() {
    let listing = listing!("ch21-07-spans");
    let run = listing.run();
    listing.assert_shape(&run, Order::Free);
    for checked in [&run, &listing.recorded_run()] {
        let mut lines = checked.lines();
        assert_eq!(lines.pop(), Some(" INFO all done"), "{}", checked.stdout);
        lines.sort();
        assert_eq!(
            lines,
            [
                " INFO cleanup{a=10 b=20}: finished",
                " INFO cleanup{a=10 b=20}: started",
                " INFO fetch{id=1 wait_ms=40}: answered",
                " INFO fetch{id=1 wait_ms=40}: asking",
                " INFO fetch{id=2 wait_ms=10}: answered",
                " INFO fetch{id=2 wait_ms=10}: asking",
            ],
            "{}",
            checked.stdout
        );
        // Both calls asked before either answered: they ran at once.
        let at = |line: &str| checked.lines().iter().position(|l| l.ends_with(line));
        let last_ask = at("wait_ms=10}: asking").max(at("wait_ms=40}: asking"));
        let first_answer = at("wait_ms=10}: answered").min(at("wait_ms=40}: answered"));
        assert!(last_ask < first_answer, "{}", checked.stdout);
    }
}

#[test]
fn one_worker_is_busy_for_the_whole_blocking_sleep() {
    let listing = listing!("ch21-08-busy-workers");
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    assert_eq!(run.line("workers:"), "workers: 2");
    assert_eq!(run.line("tasks alive"), "tasks alive while it blocks: 1");
    let busy: Vec<u64> = run
        .lines()
        .iter()
        .filter(|l| l.starts_with("worker "))
        .map(|l| listing::numbers(l)[1])
        .collect();
    assert_eq!(busy.len(), 2, "{}", run.stdout);
    let (most, least) = (*busy.iter().max().unwrap(), *busy.iter().min().unwrap());
    assert!(
        most >= 300,
        "no worker was busy for the 300 ms sleep: {busy:?}"
    );
    assert!(least < most, "{busy:?}");
}

#[test]
fn python_debug_mode_warns_of_the_slow_step() {
    let Some(run) = book_tools::python!("ch21-08-busy-workers") else {
        return;
    };
    assert_eq!(run.lines(), ["done"]);
    assert!(
        run.stderr.contains("Executing <Task") && run.stderr.contains("took"),
        "no slow-callback warning:\n{}",
        run.stderr
    );
}
