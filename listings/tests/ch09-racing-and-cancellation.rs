//! Chapter 9, "Racing, timeouts, and cancellation": what its listings do,
//! and the claims its page makes about order, loss and time.
//!
//! Each listing test runs the real program and reads what it printed. The
//! order of events (a guard's `ends` line after the winner woke up, no
//! `woke up` line from a loser) proves what was cancelled; lower bounds on
//! time come from the sleeps themselves, upper bounds are ratios within one
//! run. A few tests of tokio's own logic (the exact instant a loser is
//! dropped, the order of a semaphore's permits) run on tokio's paused
//! clock, where time moves only when every task waits, so they are exact.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use book_tools::listing;
use book_tools::listing::{Listing, Run};
use book_tools::recording::Order;
use book_tools::timeline::Span;

fn select() -> Listing {
    listing!("ch09-01-select")
}

fn timeout() -> Listing {
    listing!("ch09-02-timeout")
}

fn abort() -> Listing {
    listing!("ch09-03-abort")
}

fn lost_parts() -> Listing {
    listing!("ch09-04-lost-parts")
}

fn kept_parts() -> Listing {
    listing!("ch09-05-kept-parts")
}

fn shutdown() -> Listing {
    listing!("ch09-06-shutdown")
}

fn channels() -> Listing {
    listing!("ch09-07-channels")
}

fn semaphore() -> Listing {
    listing!("ch09-08-semaphore")
}

/// Whether any line of the run contains `text`.
fn has_line(run: &Run, text: &str) -> bool {
    run.lines().iter().any(|l| l.contains(text))
}

// Listing 9-1: select! between a 100 ms and a 200 ms operation.

/// Rules every valid output of listing 9-1 (and of its Python counterpart)
/// keeps: both start; the fast one wakes up and wins; the slow one never
/// wakes up, yet its guard runs (`slow ends`), after the fast one woke up
/// and before the winner is announced.
fn assert_the_loser_was_dropped(run: &Run) {
    let fast = run.span("fast");
    let slow = run.span("slow");
    assert!(!has_line(run, "slow woke up"), "{}", run.stdout);
    let woke = run.line_at("fast woke up");
    let slow_ends = run.line_at("slow ends");
    let won = run.line_at("fast won");
    assert!(woke < slow_ends && slow_ends < won, "{}", run.stdout);
    assert!(fast.ms() >= 100, "{}", run.stdout);
    // Dropped when the winner finished, not at the end of its own sleep.
    assert!(slow.end_ms >= fast.end_ms, "{}", run.stdout);
    assert!(run.reported_ms() >= 100, "{}", run.stdout);
    assert_eq!(run.lines().len(), 7, "{}", run.stdout);
}

#[test]
fn select_drops_the_loser() {
    let listing = select();
    let run = listing.run();
    // select! polls its branches in a random order: either may start first.
    listing.assert_shape(&run, Order::Free);
    assert_the_loser_was_dropped(&run);
}

/// What happened, and when, on the paused clock: each entry is an event
/// and the milliseconds since the test began.
type Log = Arc<Mutex<Vec<(String, u64)>>>;

fn log_event(log: &Log, start: tokio::time::Instant, event: String) {
    let ms = start.elapsed().as_millis() as u64;
    log.lock().unwrap().push((event, ms));
}

/// Logs `NAME dropped` when dropped.
struct Guard(&'static str, Log, tokio::time::Instant);

impl Drop for Guard {
    fn drop(&mut self) {
        log_event(&self.1, self.2, format!("{} dropped", self.0));
    }
}

async fn operation(name: &'static str, ms: u64, log: Log, start: tokio::time::Instant) {
    let _guard = Guard(name, log.clone(), start);
    tokio::time::sleep(Duration::from_millis(ms)).await;
    log_event(&log, start, format!("{name} woke up"));
}

#[tokio::test(start_paused = true)]
async fn select_drops_the_loser_the_moment_the_winner_finishes() {
    let log = Log::default();
    let start = tokio::time::Instant::now();
    tokio::select! {
        () = operation("fast", 100, log.clone(), start) => {},
        () = operation("slow", 200, log.clone(), start) => {},
    }
    log_event(&log, start, "select! returned".into());
    let events = log.lock().unwrap().clone();
    let expected = [
        ("fast woke up", 100),
        ("fast dropped", 100),
        ("slow dropped", 100),
        ("select! returned", 100),
    ];
    let expected: Vec<(String, u64)> = expected.iter().map(|&(e, t)| (e.into(), t)).collect();
    assert_eq!(events, expected);
}

/// On the real clock: a future that blocks its thread never returns
/// `Pending`, so nothing can drop it before it is done.
#[tokio::test]
async fn a_future_that_never_awaits_cannot_be_cut_short() {
    let began = std::time::Instant::now();
    let result = tokio::time::timeout(Duration::from_millis(50), async {
        std::thread::sleep(Duration::from_millis(100));
    })
    .await;
    assert!(began.elapsed() >= Duration::from_millis(100));
    assert!(result.is_ok(), "{result:?}");
}

// Listing 9-2: timeout around a 50 ms and a 200 ms operation.

fn assert_the_deadline_drops_the_inner_future(run: &Run, gave_up: &str) {
    // The quick one finished in time.
    run.line_at("quick woke up");
    // The slow one was dropped at the deadline: its guard ran, its code
    // after the await never did, and the deadline did not fire early.
    let slow = run.span("slow");
    assert!(!has_line(run, "slow woke up"), "{}", run.stdout);
    assert!(run.line_at("slow ends") < run.line_at(gave_up));
    assert!(slow.ms() >= 100, "{}", run.stdout);
    assert!(run.span("quick").ms() >= 50, "{}", run.stdout);
}

#[test]
fn timeout_gives_ok_or_elapsed_and_drops_the_inner_future() {
    let listing = timeout();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    run.line_at("quick: Ok(\"quick\")");
    assert_the_deadline_drops_the_inner_future(&run, "slow: gave up, deadline has elapsed");
}

#[tokio::test(start_paused = true)]
async fn timeout_drops_the_inner_future_exactly_at_the_deadline() {
    let log = Log::default();
    let start = tokio::time::Instant::now();
    let limit = Duration::from_millis(100);
    let result = tokio::time::timeout(limit, operation("slow", 200, log.clone(), start)).await;
    assert!(result.is_err());
    log_event(&log, start, "timeout returned".into());
    let events = log.lock().unwrap().clone();
    assert_eq!(
        events,
        [
            ("slow dropped".into(), 100),
            ("timeout returned".into(), 100)
        ]
    );
}

// Listing 9-3: a task aborted halfway through its steps.

#[tokio::test(start_paused = true)]
async fn dropping_a_join_handle_does_not_cancel_the_task() {
    let log = Log::default();
    let start = tokio::time::Instant::now();
    let handle = tokio::spawn(operation("detached", 100, log.clone(), start));
    drop(handle);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let events = log.lock().unwrap().clone();
    assert_eq!(
        events,
        [
            ("detached woke up".into(), 100),
            ("detached dropped".into(), 100)
        ]
    );
}

#[tokio::test]
async fn aborting_a_task_that_has_finished_still_gives_its_value() {
    // A task that has already finished when `abort` comes: awaiting its
    // handle gives its value, `Ok`, not a cancellation.
    let finished = tokio::spawn(async { 7 });
    while !finished.is_finished() {
        tokio::task::yield_now().await;
    }
    finished.abort();
    assert_eq!(finished.await.unwrap(), 7);
    // One still waiting at an `.await` is cancelled.
    let waiting = tokio::spawn(async {
        tokio::time::sleep(Duration::from_secs(60)).await;
        7
    });
    waiting.abort();
    assert!(waiting.await.unwrap_err().is_cancelled());
}

fn assert_the_task_stopped_at_its_await(run: &Run, stop_line: &str, cancelled_line: &str) {
    let worker = run.span("worker");
    run.line_at("worker: step 1 done");
    assert!(!has_line(run, "step 2 done"), "{}", run.stdout);
    assert!(!has_line(run, "all steps done"), "{}", run.stdout);
    let aborted = run.line_at(stop_line);
    let ends = run.line_at("worker ends");
    assert!(aborted < ends, "{}", run.stdout);
    assert!(ends < run.line_at(cancelled_line), "{}", run.stdout);
    // The abort came after the first step, so the worker lasted that long.
    assert!(worker.ms() >= 200, "{}", run.stdout);
}

#[test]
fn an_aborted_task_stops_at_its_next_await_and_its_cleanup_runs() {
    let listing = abort();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    assert_the_task_stopped_at_its_await(
        &run,
        "main: abort the worker",
        "the worker was cancelled: true",
    );
}

// Listings 9-4 and 9-5: messages of two parts, read in a select! loop with
// a 15 ms timer.

const PARTS: [u32; 6] = [11, 12, 21, 22, 31, 32];

/// The numbers in `text` of the form `[11, 12]`.
fn numbers_in_brackets(line: &str) -> Vec<u32> {
    let inside = line.split_once('[').unwrap().1.split_once(']').unwrap().0;
    inside.split(", ").map(|n| n.parse().unwrap()).collect()
}

/// The number N of the last line, `received N of 3 messages`.
fn received(run: &Run) -> usize {
    let last = run.lines().last().copied().unwrap_or_default();
    last.strip_prefix("received ")
        .and_then(|l| l.strip_suffix(" of 3 messages"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no `received N of 3 messages` line:\n{}", run.stdout))
}

/// The lines listing 9-4 may print: how many parts a run loses depends on
/// when its reads lose their races, so the recording's exact lines are one
/// valid output of several. Each line is a whole message, a lost part, or
/// the count at the end.
fn assert_lines_of_a_lossy_loop(run: &Run) {
    let lines = run.lines();
    let (last, rest) = lines.split_last().expect("some output");
    assert!(last.starts_with("received "), "{}", run.stdout);
    for line in rest {
        let parts = numbers_in_brackets(line);
        let whole = line.starts_with("got message [") && parts.len() == 2;
        let lost = line.starts_with("a read was dropped holding [")
            && line.ends_with("]: lost")
            && parts.len() == 1;
        assert!(whole || lost, "unexpected line {line:?}:\n{}", run.stdout);
    }
}

#[test]
fn the_cancel_unsafe_loop_loses_parts() {
    let listing = lost_parts();
    let run = listing.run();
    assert_lines_of_a_lossy_loop(&run);
    let got: Vec<u32> = run
        .lines()
        .iter()
        .filter(|l| l.starts_with("got message"))
        .flat_map(|l| numbers_in_brackets(l))
        .collect();
    let lost: Vec<u32> = run
        .lines()
        .iter()
        .filter(|l| l.starts_with("a read was dropped holding"))
        .flat_map(|l| numbers_in_brackets(l))
        .collect();
    assert!(received(&run) < 3, "nothing was lost:\n{}", run.stdout);
    assert!(!lost.is_empty(), "{}", run.stdout);
    assert_eq!(got.len(), 2 * received(&run), "{}", run.stdout);
    // Every part sent was either delivered in a message or lost in a
    // dropped read: none vanished without a trace, none came twice.
    let mut accounted: Vec<u32> = got.iter().chain(&lost).copied().collect();
    accounted.sort();
    assert_eq!(accounted, PARTS, "{}", run.stdout);
}

#[tokio::test(start_paused = true)]
async fn a_pinned_read_re_armed_with_set_loses_nothing() {
    use tokio::sync::mpsc;
    use tokio::time::sleep;

    /// Listing 9-4's `read_message`, owning the receiver and handing it
    /// back with the message, so that a new read can be made from it while
    /// the pinned one still exists.
    async fn read_message(mut rx: mpsc::Receiver<u32>) -> (Option<Vec<u32>>, mpsc::Receiver<u32>) {
        let mut parts = Vec::new();
        while parts.len() < 2 {
            match rx.recv().await {
                Some(part) => parts.push(part),
                None => return (None, rx),
            }
        }
        (Some(parts), rx)
    }

    let (tx, rx) = mpsc::channel(8);
    tokio::spawn(async move {
        for part in PARTS {
            tx.send(part).await.unwrap();
            sleep(Duration::from_millis(80)).await;
        }
    });
    // One read, kept across the turns of the loop: a race it loses leaves
    // it where it was. Once it has completed, `set` puts a new one in its
    // place; a completed future must not be polled again.
    let read = read_message(rx);
    tokio::pin!(read);
    let (mut messages, mut ticks) = (Vec::new(), 0);
    loop {
        tokio::select! {
            (message, rx) = &mut read => match message {
                Some(parts) => {
                    messages.push(parts);
                    read.set(read_message(rx));
                }
                None => break,
            },
            _ = sleep(Duration::from_millis(10)) => ticks += 1,
        }
    }
    assert_eq!(messages, [[11, 12], [21, 22], [31, 32]]);
    assert!(
        ticks > 0,
        "the timer never won a race: nothing was cut short"
    );
}

#[test]
fn the_fixed_loop_loses_nothing() {
    let listing = kept_parts();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    assert_eq!(received(&run), 3, "{}", run.stdout);
    let got: Vec<Vec<u32>> = run
        .lines()
        .iter()
        .filter(|l| l.starts_with("got message"))
        .map(|l| numbers_in_brackets(l))
        .collect();
    assert_eq!(got, [[11, 12], [21, 22], [31, 32]], "{}", run.stdout);
}

// Listing 9-6: three workers stopped by a watch channel.

/// Rules every valid output of listing 9-6 keeps: each unit that started
/// ended (no work half done) and lasted its 100 ms; no unit started after
/// the stop; each worker reports a clean exit with as many units as it
/// ran; every worker was gone within one unit of the stop.
fn assert_every_worker_stopped_cleanly(run: &Run) {
    let spans = run.spans();
    let stop_line = run
        .lines()
        .iter()
        .find(|l| l.ends_with("main: stop"))
        .map(|l| l.to_string())
        .unwrap_or_else(|| panic!("no stop line:\n{}", run.stdout));
    let stop_ms: u64 = stop_line[1..]
        .split(" ms]")
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(stop_ms >= 250, "{}", run.stdout);
    for worker in ['a', 'b', 'c'] {
        let units: Vec<&Span> = spans
            .iter()
            .filter(|s| s.lane.starts_with(worker))
            .collect();
        assert!(!units.is_empty(), "{worker} did no work:\n{}", run.stdout);
        for (i, unit) in units.iter().enumerate() {
            assert_eq!(unit.lane, format!("{worker}{}", i + 1), "{}", run.stdout);
            assert!(unit.ms() >= 100, "{}", run.stdout);
            assert!(
                unit.start_ms <= stop_ms,
                "a unit began after the stop:\n{}",
                run.stdout
            );
        }
        run.line_at(&format!(
            "{worker} stopped cleanly after {} units",
            units.len()
        ));
    }
    // Every unit under way at the stop had begun before it, so it ended
    // less than one unit's time after it.
    let longest = spans.iter().map(Span::ms).max().unwrap();
    let last_end = spans.iter().map(|s| s.end_ms).max().unwrap();
    assert!(last_end - stop_ms <= longest, "{}", run.stdout);
    assert!(run.reported_ms() >= last_end, "{}", run.stdout);
}

/// The lines listing 9-6 may print. How many units each worker does
/// before the stop depends on how the machine schedules it (three in the
/// recording, fewer on a machine too busy to keep time), so the shape is
/// checked line by line: stamped unit lines, the stop, one exit per worker
/// and the total, in any order the rules above allow.
fn assert_lines_of_a_shutdown(run: &Run) {
    let lines = run.lines();
    let exits = lines
        .iter()
        .filter(|l| l.contains(" stopped cleanly after "))
        .count();
    assert_eq!(exits, 3, "{}", run.stdout);
    assert!(run.reported_ms() > 0, "{}", run.stdout);
    for line in &lines[..lines.len() - 1] {
        let stamped = line.starts_with('[') && line.contains(" ms] ");
        let event = line.split_once(" ms] ").map(|(_, e)| e).unwrap_or("");
        let unit = |e: &str| {
            let (name, what) = e.split_once(' ').unwrap_or(("", ""));
            matches!(what, "starts" | "ends")
                && name.len() >= 2
                && name.starts_with(['a', 'b', 'c'])
                && name[1..].parse::<u32>().is_ok()
        };
        let ok = (stamped && (event == "main: stop" || unit(event)))
            || line.contains(" stopped cleanly after ");
        assert!(ok, "unexpected line {line:?}:\n{}", run.stdout);
    }
}

#[test]
fn shutdown_lets_every_worker_finish_its_unit_and_exit() {
    let run = shutdown().run();
    assert_lines_of_a_shutdown(&run);
    assert_every_worker_stopped_cleanly(&run);
}

// Listing 9-7: mpsc, oneshot, broadcast and watch, on one thread.

/// One run of listing 9-7, shared by the tests of its four parts.
fn channels_run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let listing = channels();
        let run = listing.run();
        // One thread runs every task: the order is fixed.
        listing.assert_shape(&run, Order::Exact);
        run
    })
}

/// The stamp of the line ending in `event`.
fn stamp_of(run: &Run, event: &str) -> u64 {
    let line = run.lines()[run.line_at(event)];
    line[1..]
        .split(" ms]")
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn assert_sends_wait_while_full(run: &Run, sent: &str) {
    let stamps: Vec<u64> = (1..=4)
        .map(|n| stamp_of(run, &format!("{sent} {n}")))
        .collect();
    // The receiver starts only when the third send waits for room, and
    // then sleeps 100 ms before it takes a message: the third send returns
    // at least 100 ms after the second, and the first two did not wait.
    assert!(stamps[2] - stamps[1] >= 100, "{}", run.stdout);
    assert!(
        stamps[1] - stamps[0] < stamps[2] - stamps[1],
        "{}",
        run.stdout
    );
    assert!(stamps.windows(2).all(|w| w[0] <= w[1]), "{}", run.stdout);
}

#[test]
fn mpsc_send_waits_while_the_channel_is_full() {
    let run = channels_run();
    assert_sends_wait_while_full(run, "mpsc: sent");
    run.line_at("mpsc: the consumer got [1, 2, 3, 4]");
}

#[test]
fn oneshot_carries_the_reply() {
    channels_run().line_at("oneshot: 12 squared is 144");
}

#[test]
fn broadcast_gives_every_value_to_every_receiver_and_tells_a_laggard() {
    let run = channels_run();
    run.line_at("broadcast: first got 1, second got 1");
    run.line_at("broadcast: first got 2, second got 2");
    run.line_at("broadcast: late lagged, 3 values lost");
    run.line_at("broadcast: late then got [4, 5]");
}

#[test]
fn watch_keeps_only_the_latest_value() {
    channels_run().line_at("watch: sent 1 to 5, the watcher saw [5]");
}

#[test]
fn watch_send_stores_nothing_without_a_receiver_and_send_replace_always_stores() {
    let (tx, rx) = tokio::sync::watch::channel(0);
    drop(rx);
    // No receiver left: `send` fails, hands the value back, and the channel
    // still holds the old one.
    let refused = tx.send(1).unwrap_err();
    assert_eq!(refused.0, 1);
    assert_eq!(*tx.borrow(), 0, "`send` stored its value");
    // `send_replace` stores it all the same, for receivers made later.
    assert_eq!(tx.send_replace(2), 0);
    assert_eq!(*tx.borrow(), 2);
    assert_eq!(*tx.subscribe().borrow(), 2);
}

// Listing 9-8: seven operations of 100 ms, three permits.

const OPS: usize = 7;
const PERMITS: usize = 3;
const OP_MS: u64 = 100;

/// Rules every valid output of listing 9-8 keeps: every operation ran once
/// for at least 100 ms; at no operation's start were more than three under
/// way, by the stamps and by the program's own gauge, which saw exactly
/// three (there are more operations than permits); and the seven took at
/// least ⌈7/3⌉ × 100 ms, and less than ⌈7/3⌉ + 1 times the longest (the
/// one more is slack for a busy machine, which may wake a waiting task
/// late).
fn assert_three_at_a_time(run: &Run) {
    let spans = run.spans();
    assert_eq!(spans.len(), OPS, "{}", run.stdout);
    for span in &spans {
        assert!(span.ms() >= OP_MS, "{}", run.stdout);
        // An operation prints `ends` before it gives its permit back, so
        // one that ended at the same millisecond is over.
        let under_way = spans
            .iter()
            .filter(|s| s.start_ms <= span.start_ms && span.start_ms < s.end_ms)
            .count();
        assert!(under_way <= PERMITS, "{under_way} at once:\n{}", run.stdout);
    }
    run.line_at(&format!("at most {PERMITS} operations ran at once"));
    let waves = OPS.div_ceil(PERMITS) as u64;
    let first = spans.iter().map(|s| s.start_ms).min().unwrap();
    let last = spans.iter().map(|s| s.end_ms).max().unwrap();
    let longest = spans.iter().map(Span::ms).max().unwrap();
    let total = last - first;
    assert!(total >= waves * OP_MS, "{}", run.stdout);
    assert!(
        total < (waves + 1) * longest,
        "{total} ms for {waves} waves of at most {longest} ms:\n{}",
        run.stdout
    );
}

#[test]
fn the_semaphore_lets_three_run_at_once_in_three_waves() {
    let listing = semaphore();
    let run = listing.run();
    listing.assert_shape(&run, Order::Free);
    assert_three_at_a_time(&run);
}

#[tokio::test(start_paused = true)]
async fn the_semaphore_hands_out_permits_in_the_order_they_were_asked_for() {
    // On the test's single thread, the tasks ask in the order they were
    // spawned; a fair semaphore serves them in that order.
    let permits = Arc::new(tokio::sync::Semaphore::new(PERMITS));
    let log = Log::default();
    let start = tokio::time::Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for op in 1..=OPS {
        let (permits, log) = (permits.clone(), log.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire().await.unwrap();
            log_event(&log, start, format!("op {op}"));
            tokio::time::sleep(Duration::from_millis(OP_MS)).await;
        });
    }
    tasks.join_all().await;
    let events = log.lock().unwrap().clone();
    let expected: Vec<(String, u64)> = (1..=OPS)
        .map(|op| (format!("op {op}"), (op as u64 - 1) / PERMITS as u64 * OP_MS))
        .collect();
    assert_eq!(events, expected);
}

#[test]
fn recorded_runs_keep_the_rules_too() {
    assert_the_loser_was_dropped(&select().recorded_run());
    assert_the_deadline_drops_the_inner_future(
        &timeout().recorded_run(),
        "slow: gave up, deadline has elapsed",
    );
    assert_the_task_stopped_at_its_await(
        &abort().recorded_run(),
        "main: abort the worker",
        "the worker was cancelled: true",
    );
    assert_lines_of_a_shutdown(&shutdown().recorded_run());
    assert_every_worker_stopped_cleanly(&shutdown().recorded_run());
    assert_lines_of_a_lossy_loop(&lost_parts().recorded_run());
    assert_sends_wait_while_full(&channels().recorded_run(), "mpsc: sent");
    assert_three_at_a_time(&semaphore().recorded_run());
}

// The Python counterparts.

#[test]
fn python_wait_first_completed_then_cancel_drops_the_loser_too() {
    let Some(run) = book_tools::python!("ch09-01-select") else {
        return;
    };
    select().assert_shape(&run, Order::Free);
    assert_the_loser_was_dropped(&run);
}

#[test]
fn python_timeout_cancels_the_inner_coroutine() {
    let Some(run) = book_tools::python!("ch09-02-timeout") else {
        return;
    };
    run.line_at("quick: 'quick'");
    assert_the_deadline_drops_the_inner_future(&run, "slow: gave up, TimeoutError");
}

#[test]
fn python_cancel_raises_inside_the_task_at_its_await() {
    let Some(run) = book_tools::python!("ch09-03-abort") else {
        return;
    };
    assert_the_task_stopped_at_its_await(
        &run,
        "main: cancel the worker",
        "the worker was cancelled: True",
    );
    // The exception came into the task's own code, after the cancel and
    // before its cleanup.
    let raised = run.line_at("worker: CancelledError at its await");
    assert!(run.line_at("main: cancel the worker") < raised);
    assert!(raised < run.line_at("worker ends"));
}

#[test]
fn python_queue_put_waits_while_the_queue_is_full() {
    let Some(run) = book_tools::python!("ch09-07-queue") else {
        return;
    };
    assert_sends_wait_while_full(&run, "queue: put");
    run.line_at("queue: the consumer got [1, 2, 3, 4]");
}

#[test]
fn python_semaphore_lets_three_run_at_once_too() {
    let Some(run) = book_tools::python!("ch09-08-semaphore") else {
        return;
    };
    semaphore().assert_shape(&run, Order::Free);
    assert_three_at_a_time(&run);
}

/// The quiz's "Which of these can it print?" question on a `select!` loop
/// that loses a part, answered by a model checker. loom cannot run tokio,
/// so the test runs the quiz's program twice over: as it is, with tokio
/// (`select_program`: it compiles, and it ends), and as a loom model of
/// its race (`select_model`), whose every output is listed.
#[cfg(feature = "loom")]
mod loom_quiz {
    use listings::outcomes::{outcomes, question};

    /// The quiz's question on a `select!` loop with a cancel-unsafe branch.
    const LOST_PART: &str = "16cb58c1-e237-40ff-8e3d-b798ad4dc088";

    /// The question's program as the quiz shows it, with tokio.
    mod select_program {
        // QUIZ PROGRAM 16cb58c1-e237-40ff-8e3d-b798ad4dc088 STARTS
        use tokio::sync::mpsc;

        /// Reads one message: two parts, which arrive one after the other.
        async fn read_message(rx: &mut mpsc::Receiver<u32>) -> Option<Vec<u32>> {
            let mut parts = Vec::new();
            while parts.len() < 2 {
                parts.push(rx.recv().await?);
            }
            Some(parts)
        }

        #[tokio::main]
        async fn main() {
            let (tx, mut rx) = mpsc::channel(2);
            let (tick_tx, mut ticks) = mpsc::channel(1);
            tokio::spawn(async move {
                tx.send(1).await.unwrap();
                tick_tx.send(()).await.unwrap();
                tx.send(2).await.unwrap();
            });
            loop {
                tokio::select! {
                    biased; // poll the branches in the order written
                    message = read_message(&mut rx) => match message {
                        Some(parts) => println!("got {parts:?}"),
                        None => break,
                    },
                    Some(()) = ticks.recv() => println!("tick"),
                }
            }
        }
        // QUIZ PROGRAM 16cb58c1-e237-40ff-8e3d-b798ad4dc088 ENDS

        pub(super) fn program() {
            main();
        }
    }

    /// The program of `select_program`, modelled with loom's threads.
    ///
    /// What is modelled. The program's two tasks are two threads: on
    /// tokio's multi-threaded runtime (`#[tokio::main]`) they run at the
    /// same time, and their steps may interleave in any way. The spawned
    /// task takes four steps, one atomic operation each: part 1 sent, the
    /// tick sent, part 2 sent, and its end, which drops both senders and so
    /// closes both channels (each `send` has room in its channel and never
    /// waits). Since only `main` receives, a channel is all in what the
    /// producer has sent and `main` has taken: one poll of `recv` reads the
    /// producer's progress and takes the next message (`Some`), or finds
    /// the channel closed and empty (`None`), or nothing yet (pending).
    /// `main`'s task polls its `select!` as tokio does: `read_message`
    /// first (`biased;`), which takes every part there is until it holds
    /// two; then, if it is still pending, the tick branch, which ends the
    /// `select!` with `Some(())` and is disabled with `None`. If no branch
    /// ends it, the task sleeps (`park`) until the producer's next step
    /// wakes it (`unpark`, tokio's waker), and polls again.
    /// `read_message` keeps its parts across those polls, and they are
    /// dropped with it when the tick branch wins: the loss the question is
    /// about.
    ///
    /// Why that is faithful. What `main` prints depends only on what each
    /// poll of a `recv` finds, and the model polls what tokio polls, in the
    /// same order, with every interleaving of the two tasks' steps left to
    /// loom; nothing in the program waits for a time, so timing rules none
    /// of them out. A poll reads with a read-modify-write, which sees the
    /// latest step: loom would otherwise also let it see an older one,
    /// which is the same as polling earlier, an interleaving it explores
    /// anyway. Dropping the two senders in one step loses nothing: in
    /// between, the tick branch would be pending instead of disabled,
    /// neither of which ends the `select!`. What tokio adds is left out:
    /// its cooperative budget (a task yields after many operations, far
    /// more than these few) and its wake-ups without a change (a poll
    /// that finds what the last one found).
    ///
    /// The quiz's `select!` is `biased;` for this model's sake: an unbiased
    /// one draws the branch to poll first at every poll, and exploring
    /// both draws of every poll in every interleaving takes loom minutes,
    /// not the few seconds all the loom checks have.
    mod select_model {
        use listings::loom_println as println;
        use loom::sync::Arc;
        use loom::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        use loom::thread;

        /// The producer's steps: part 1 sent, the tick sent, part 2 sent,
        /// and its end, which closes both channels.
        const PART_1: usize = 1;
        const TICK: usize = 2;
        const PART_2: usize = 3;
        const CLOSED: usize = 4;

        /// What the two tasks share.
        struct Shared {
            /// How many steps the producer has taken.
            steps: AtomicUsize,
            /// `main`'s thread, to wake.
            main: thread::Thread,
        }

        impl Shared {
            /// One poll of a channel's `recv`, for a receiver that has
            /// taken `taken` of the messages `sent` says the producer has
            /// sent after so many steps: `Some` with the next message's
            /// number, or with `None` for a channel closed and empty;
            /// `None` while pending.
            fn poll_recv(
                &self,
                taken: &mut usize,
                sent: fn(usize) -> usize,
            ) -> Option<Option<usize>> {
                let steps = self.steps.fetch_add(0, SeqCst);
                if *taken < sent(steps) {
                    *taken += 1;
                    Some(Some(*taken))
                } else if steps >= CLOSED {
                    Some(None)
                } else {
                    None
                }
            }
        }

        /// The parts sent after so many steps.
        fn parts_sent(steps: usize) -> usize {
            usize::from(steps >= PART_1) + usize::from(steps >= PART_2)
        }

        /// The ticks sent after so many steps.
        fn ticks_sent(steps: usize) -> usize {
            usize::from(steps >= TICK)
        }

        /// How a `select!` ended.
        enum Won {
            Message(Option<Vec<usize>>),
            Tick,
        }

        /// `main`'s task: the `select!` loop.
        fn main_task(shared: &Shared) {
            let (mut parts_taken, mut ticks_taken) = (0, 0);
            loop {
                // A new `select!`: a new `read_message`, holding nothing,
                // and the tick branch enabled.
                let mut parts = Vec::new();
                let mut tick_enabled = true;
                let won = 'select: loop {
                    // `read_message`, polled: it takes parts until it holds
                    // two, the channel is closed (`?` returns `None`), or
                    // there is none yet.
                    while let Some(part) = shared.poll_recv(&mut parts_taken, parts_sent) {
                        match part {
                            Some(part) => parts.push(part),
                            None => break 'select Won::Message(None),
                        }
                        if parts.len() == 2 {
                            break 'select Won::Message(Some(std::mem::take(&mut parts)));
                        }
                    }
                    if tick_enabled {
                        match shared.poll_recv(&mut ticks_taken, ticks_sent) {
                            Some(Some(_)) => break 'select Won::Tick,
                            // `Some(()) = …` does not match `None`: the
                            // branch is disabled.
                            Some(None) => tick_enabled = false,
                            None => {}
                        }
                    }
                    thread::park();
                };
                // The `select!` is over: `read_message` is dropped, with
                // any part it held.
                drop(parts);
                match won {
                    Won::Message(Some(parts)) => println!("got {parts:?}"),
                    Won::Message(None) => break,
                    Won::Tick => println!("tick"),
                }
            }
        }

        pub(super) fn program() {
            let shared = Arc::new(Shared {
                steps: AtomicUsize::new(0),
                main: thread::current(),
            });
            let producer = Arc::clone(&shared);
            // Not joined: loom's `join` would take the producer's last
            // `unpark` for its own wake-up. loom runs every thread to its
            // end anyway, and only `main` prints.
            thread::spawn(move || {
                for _ in [PART_1, TICK, PART_2, CLOSED] {
                    producer.steps.fetch_add(1, SeqCst);
                    producer.main.unpark();
                }
            });
            main_task(&shared);
        }
    }

    #[test]
    fn loom_a_select_loop_can_lose_a_part_with_the_read_it_drops() {
        let quiz = question("ch09-racing-and-cancellation", LOST_PART);
        quiz.assert_program_is_copied_in("ch09-racing-and-cancellation.rs", &[]);
        // The program as the quiz shows it compiles, and ends.
        for _ in 0..3 {
            select_program::program();
        }
        let printed = outcomes(select_model::program);
        let expected = [
            "`got [1, 2]`",
            "`got [1, 2]` then `tick`",
            "`tick`",
            "`tick` then `got [1, 2]`",
        ];
        assert_eq!(printed, expected.map(String::from).into());
        quiz.assert_lists_exactly(&printed);
    }
}
