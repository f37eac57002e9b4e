//! Chapter 14, "Hybrids: async with rayon and processes": what its listings
//! do, and the claims its page makes about time.
//!
//! Each test runs the real program and reads its stamped lines
//! (`[  12 ms] work starts`). Lower bounds come from physics (a ticker
//! cannot tick while its only thread counts primes); upper bounds are
//! ratios within one run, with slack. The claim about how soon rayon's
//! first answers arrive is CPU-bound, so it is a `cpu_bound_` test, run
//! alone and in release by `cargo book test`.

use book_tools::cpu_bound;
use book_tools::listing;
use book_tools::listing::{Listing, Run, numbers};
use book_tools::oracle;
use book_tools::recording::Order;
use book_tools::timeline::{Span, all_under_way_at_once, most_at_once, span_ms};

/// The ticker of listings 14-1 and 14-2 wakes every 20 ms.
const TICK_MS: u64 = 20;
/// How many primes listings 14-1 and 14-2 count below.
const PRIMES_BELOW: u64 = 200_000;
/// Listing 14-3 runs this many jobs each way.
const JOBS: usize = 8;
/// How many primes each job of listing 14-3 counts below, by default (the
/// debug build of the tests; the recording uses a larger number).
const JOB_PRIMES_BELOW: u64 = 40_000;
/// How long each child of listing 14-4 works.
const CHILD_MS: u64 = 200;
const CHILDREN: u64 = 4;

fn rayon_oneshot() -> Listing {
    listing!("ch14-01-rayon-oneshot")
}

fn in_the_task() -> Listing {
    listing!("ch14-02-in-the-task")
}

fn rayon_or_blocking() -> Listing {
    listing!("ch14-03-rayon-or-blocking")
}

fn worker_processes() -> Listing {
    listing!("ch14-04-worker-processes")
}

/// The rules every run of listings 14-1 and 14-2 keeps: the ticker was
/// under way for the whole of the work, the count is right, and the
/// longest gap between two ticks is reported. The work's span and that gap.
fn ticker_and_work(run: &Run) -> (Span, u64) {
    let spans = run.assert_every_task_ran(&["ticker", "work"], 0);
    let (ticker, work) = (&spans[0], &spans[1]);
    assert!(
        ticker.start_ms <= work.start_ms && work.end_ms <= ticker.end_ms,
        "the ticker was not under way for the whole work:\n{}",
        run.stdout
    );
    let answer = format!(
        "{} primes below {PRIMES_BELOW}",
        oracle::primes_below(PRIMES_BELOW)
    );
    assert!(run.lines().contains(&answer.as_str()), "{}", run.stdout);
    let gap = numbers(run.line("longest gap between ticks: "))[0];
    assert!(
        gap >= TICK_MS,
        "a gap shorter than the sleep:\n{}",
        run.stdout
    );
    (work.clone(), gap)
}

#[test]
fn work_on_rayon_leaves_the_ticker_ticking() {
    let listing = rayon_oneshot();
    // Best of up to three runs: on a busy machine one wake-up can come
    // late for reasons that have nothing to do with the listing.
    let mut best = u64::MAX;
    for _ in 0..3 {
        let run = listing.run();
        listing.assert_shape(&run, Order::Exact);
        let (work, gap) = ticker_and_work(&run);
        // The gap is shorter than the work, so at least one tick fell
        // inside it: the runtime's only thread was free while rayon counted.
        assert!(
            gap < work.ms(),
            "no tick while the work ran ({gap} ms gap):\n{}",
            run.stdout
        );
        best = best.min(gap);
        if best < 4 * TICK_MS {
            break;
        }
    }
    assert!(
        best < 4 * TICK_MS,
        "the longest gap between ticks was {best} ms, not under 4 × {TICK_MS} ms"
    );
}

#[tokio::test]
async fn a_panicking_rayon_job_wakes_its_receiver_with_an_error() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .panic_handler(|_| {}) // without one, the panic aborts the process
        .build()
        .unwrap();
    let (sender, receiver) = tokio::sync::oneshot::channel::<u32>();
    /// A computation that panics (without the panic hook's message).
    fn fails() -> u32 {
        std::panic::resume_unwind(Box::new("the job failed"))
    }
    pool.spawn(move || {
        let answer = fails();
        sender.send(answer).unwrap();
    });
    let awaited = tokio::time::timeout(std::time::Duration::from_secs(10), receiver).await;
    assert!(
        matches!(awaited, Ok(Err(_))),
        "the receiver did not get an error: {awaited:?}"
    );
}

#[test]
fn work_in_the_task_stalls_the_ticker() {
    let listing = in_the_task();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    let (work, gap) = ticker_and_work(&run);
    // No tick can happen while the only thread counts, so one gap spans
    // the whole work (+ 1: the stamps are whole milliseconds).
    assert!(
        gap + 1 >= work.ms(),
        "the ticker ticked during the work ({gap} ms gap, {} ms of work):\n{}",
        work.ms(),
        run.stdout
    );
    // And that is far longer than a tick.
    assert!(gap >= 2 * TICK_MS, "{}", run.stdout);
}

#[test]
fn recorded_ticker_runs_keep_the_rules_too() {
    let (work, gap) = ticker_and_work(&rayon_oneshot().recorded_run());
    assert!(gap < work.ms() && gap < 4 * TICK_MS);
    let (work, gap) = ticker_and_work(&in_the_task().recorded_run());
    assert!(gap + 1 >= work.ms());
}

/// What a run of listing 14-3 reports of its machine, and its spans.
struct Pools {
    /// The logical CPUs it ran on.
    cpus: usize,
    /// The threads of rayon's pool (one per logical CPU, unless
    /// `RAYON_NUM_THREADS` says otherwise).
    threads: usize,
    rayon: Vec<Span>,
    blocking: Vec<Span>,
}

/// The rules every run of listing 14-3 keeps, for jobs counting below
/// `n`: each job ran once, both ways gave the same answer, the right one;
/// rayon never ran more jobs at once than it has threads, and the blocking
/// pool ran more at once than there are logical CPUs.
fn rayon_and_blocking(run: &Run, n: u64) -> Pools {
    let first = run.lines()[0];
    assert!(first.ends_with(" jobs"), "{first}");
    let [cpus, threads, jobs] = numbers(first)[..] else {
        panic!("{first}");
    };
    assert_eq!(jobs as usize, JOBS, "{first}");
    let (cpus, threads) = (cpus as usize, threads as usize);
    let lanes: Vec<String> = (1..=JOBS)
        .flat_map(|i| [format!("rayon {i}"), format!("block {i}")])
        .collect();
    let lanes: Vec<&str> = lanes.iter().map(String::as_str).collect();
    let spans = run.assert_every_task_ran(&lanes, 0);
    let (rayon, blocking): (Vec<Span>, Vec<Span>) =
        spans.into_iter().partition(|s| s.lane.starts_with("rayon"));
    let total = JOBS * oracle::primes_below(n) as usize;
    for way in ["rayon", "spawn_blocking"] {
        let said = format!("{way}: {total} primes in all");
        assert!(run.lines().contains(&said.as_str()), "{}", run.stdout);
    }
    assert!(
        most_at_once(&rayon) <= threads,
        "more rayon jobs than its {threads} threads at once:\n{}",
        run.stdout
    );
    assert!(
        most_at_once(&blocking) > cpus,
        "spawn_blocking ran no more jobs than logical CPUs ({cpus}) at once:\n{}",
        run.stdout
    );
    Pools {
        cpus,
        threads,
        rayon,
        blocking,
    }
}

#[test]
fn rayon_runs_a_job_per_thread_and_the_blocking_pool_all_at_once() {
    let mut listing = rayon_or_blocking();
    // The default, smaller jobs: this is a debug build. Still on the two
    // cores of its declaration.
    listing.spec.args.clear();
    let run = listing.run();
    listing.assert_words(&run, Order::Free);
    rayon_and_blocking(&run, JOB_PRIMES_BELOW);
}

#[test]
fn recorded_rayon_and_blocking_run_keeps_the_rules_too() {
    let listing = rayon_or_blocking();
    let n: u64 = listing.spec.args[0].parse().unwrap();
    // The recording machine's claim: two threads on two logical CPUs.
    let pools = rayon_and_blocking(&listing.recorded_run(), n);
    assert_eq!((pools.cpus, pools.threads), (2, 2));
}

/// From the first job's start to the first answer, in milliseconds.
fn first_answer_ms(spans: &[Span]) -> u64 {
    let first_start = spans.iter().map(|s| s.start_ms).min().unwrap();
    spans.iter().map(|s| s.end_ms).min().unwrap() - first_start
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "CPU-bound: run alone, in release, by cargo book test"
)]
fn cpu_bound_rayon_gives_its_first_answers_sooner() {
    let mut listing = rayon_or_blocking();
    let n: u64 = listing.spec.args[0].parse().unwrap();
    let what = "listing 14-3's first answers";
    // A rayon thread per logical CPU, whatever this test inherited.
    let declared = listing.spec.cores.unwrap();
    listing.spec.set_env("RAYON_NUM_THREADS", declared);
    // Each attempt runs both pools, one after the other, and checks what
    // load cannot fool (`rayon_and_blocking`): rayon ran no more jobs than
    // threads, spawn_blocking ran more than CPUs, and the answers were
    // equal and right. It gives the ratio of the first answer's time on the
    // blocking pool to its time on rayon, judged on the best of up to three
    // attempts made while the machine was otherwise quiet.
    // The listing's pool has a thread per CPU it may use: as many as it
    // says it has (run on the CPUs of its declaration, not this test's).
    let cpus = std::cell::Cell::new(0);
    let attempt = || {
        let run = listing.run();
        listing.assert_words(&run, Order::Free);
        let pools = rayon_and_blocking(&run, n);
        cpus.set(pools.cpus);
        first_answer_ms(&pools.blocking) as f64 / first_answer_ms(&pools.rayon).max(1) as f64
    };
    // Time-sliced, 8 jobs on `cpus` CPUs all end at about 8 / cpus job
    // lengths; rayon's first ends after one. Half of that, for slack.
    let expected = || JOBS as f64 / cpus.get() as f64;
    let best = |ratios: &[f64]| ratios.iter().copied().fold(0.0, f64::max);
    let attempts = cpu_bound::Attempts {
        max: 3,
        ..Default::default()
    };
    let quiet = cpu_bound::quiet_attempts(what, attempts, attempt, |a| {
        cpus.get() < 2 || best(a) > expected() / 2.0
    });
    if cpus.get() < 2 {
        cpu_bound::skipped(
            what,
            "fewer than 2 logical CPUs, so the pools cannot differ",
        );
        return;
    }
    if let Some(quiet) = quiet {
        let (best, expected) = (best(&quiet), expected());
        assert!(
            best > expected / 2.0,
            "the first answer came only {best:.1} times sooner on rayon (expected about {expected:.1})"
        );
    }
}

#[test]
fn worker_processes_overlap_and_all_succeed() {
    let listing = worker_processes();
    let run = listing.run();
    listing.assert_shape(&run, Order::Free);
    assert_children_overlap_and_answer(&run);
    let spans = run.spans();
    // Slack for starting four processes on a busy machine: under twice
    // the longest child, where one after another would take four times.
    let longest = spans.iter().map(Span::ms).max().unwrap();
    let span = span_ms(&spans);
    assert!(
        span < 2 * longest,
        "the children took {span} ms in all, not under twice the longest ({longest} ms):\n{}",
        run.stdout
    );
}

/// The rules every run of listing 14-4 (and its Python twin) keeps: each
/// child ran once, for at least its work, all at once, and each answered
/// (a child that failed would have failed the program).
fn assert_children_overlap_and_answer(run: &Run) {
    let lanes: Vec<String> = (1..=CHILDREN).map(|i| format!("child {i}")).collect();
    let lanes: Vec<&str> = lanes.iter().map(String::as_str).collect();
    let spans = run.assert_every_task_ran(&lanes, CHILD_MS);
    assert!(
        all_under_way_at_once(&spans),
        "a child ended before the last one started:\n{}",
        run.stdout
    );
    for i in 1..=CHILDREN {
        let said = format!("child {i} said: worker {i}: {i} squared is {}", i * i);
        assert!(run.lines().contains(&said.as_str()), "{}", run.stdout);
    }
}

#[test]
fn recorded_worker_processes_keep_the_rules_too() {
    assert_children_overlap_and_answer(&worker_processes().recorded_run());
}

#[test]
fn python_process_pool_keeps_the_event_loop_ticking() {
    let Some(run) = book_tools::python!("ch14-01-rayon-oneshot") else {
        return;
    };
    let spans = run.assert_every_task_ran(&["ticker", "work"], 0);
    let work = &spans[1];
    let answer = format!("{} primes below 60000", oracle::primes_below(60_000));
    assert!(run.lines().contains(&answer.as_str()), "{}", run.stdout);
    let ticks: Vec<u64> = run
        .lines()
        .iter()
        .filter(|l| l.ends_with(" ms] tick"))
        .map(|l| numbers(l)[0])
        .collect();
    assert!(
        ticks.iter().any(|&t| work.start_ms < t && t < work.end_ms),
        "no tick while the other process counted:\n{}",
        run.stdout
    );
}

#[test]
fn python_subprocesses_overlap_and_all_succeed() {
    let Some(run) = book_tools::python!("ch14-04-worker-processes") else {
        return;
    };
    // The same lines as listing 14-4, in any valid order.
    worker_processes().assert_shape(&run, Order::Free);
    assert_children_overlap_and_answer(&run);
}
