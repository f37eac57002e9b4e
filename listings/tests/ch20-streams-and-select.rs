//! Chapter 20, "Streams, async traits and `select!` in depth": what its
//! listings do, and the claims its page makes about order, loss and time.
//!
//! Each listing test runs the real program and checks the rules every
//! valid output keeps. Lower bounds on time come from the sleeps
//! themselves, upper bounds are ratios within one run; the order in which
//! futures finish, which depends on the clock alone, is checked on tokio's
//! paused clock. Where a claim rests on chance (a random `select!`), the
//! test says how unlikely a failure is.

use std::time::Duration;

use book_tools::listing;
use book_tools::listing::{Listing, Run, numbers};
use book_tools::recording::Order;
use book_tools::timeline::{Span, most_at_once, span_ms};

fn a_stream() -> Listing {
    listing!("ch20-01-a-stream")
}

fn bounded() -> Listing {
    listing!("ch20-02-bounded")
}

fn unordered_or_joinset() -> Listing {
    listing!("ch20-03-unordered-or-joinset")
}

fn send_bounds() -> Listing {
    listing!("ch20-06-send-bounds")
}

fn recursion_and_closures() -> Listing {
    listing!("ch20-08-recursion-and-closures")
}

fn biased() -> Listing {
    listing!("ch20-09-biased")
}

fn else_and_preconditions() -> Listing {
    listing!("ch20-10-else-and-preconditions")
}

fn pinned_deadline() -> Listing {
    listing!("ch20-11-pinned-deadline")
}

fn reserve() -> Listing {
    listing!("ch20-12-reserve")
}

// Listing 20-1: a stream made with `unfold`, filtered and mapped.

/// The stream is pulled one item at a time: each reading is produced only
/// when `next` asks, so `got 2` comes after `produced 2` and before
/// `produced 3`, and the odd readings are filtered out.
fn assert_pulled_one_at_a_time(run: &Run) {
    let mut expected = Vec::new();
    for n in 1..=6 {
        expected.push(format!("produced {n}"));
        if n % 2 == 0 {
            expected.push(format!("got {n}"));
        }
    }
    expected.push("the stream ended".to_string());
    assert_eq!(run.lines(), expected, "{}", run.stdout);
}

#[test]
fn a_stream_produces_each_item_only_when_asked() {
    let listing = a_stream();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    assert_pulled_one_at_a_time(&run);
    // Six readings, 20 ms apart, one after another.
    assert!(run.wall >= Duration::from_millis(6 * 20), "{:?}", run.wall);
}

#[test]
fn python_async_generator_is_pulled_one_item_at_a_time_too() {
    let Some(run) = book_tools::python!("ch20-01-a-stream") else {
        return;
    };
    a_stream().assert_shape(&run, Order::Exact);
    assert_pulled_one_at_a_time(&run);
}

// Listing 20-2: buffer_unordered and for_each_concurrent, two at a time.

const JOBS: u64 = 6;
const AT_ONCE: usize = 2;
const JOB_MS: u64 = 100;

/// Rules every valid output of listing 20-2 (and of its Python
/// counterpart) keeps, for each of its two groups of six jobs: exactly two
/// under way at most; at least ⌈6 / 2⌉ = 3 waves of 100 ms; less than four
/// times the longest job in all (three waves, and one more as slack for a
/// busy machine, where one after another takes six).
fn assert_two_at_a_time(run: &Run) {
    let lanes: Vec<String> = ["fetch", "save"]
        .iter()
        .flat_map(|job| (1..=JOBS).map(move |i| format!("{job} {i}")))
        .collect();
    let lanes: Vec<&str> = lanes.iter().map(String::as_str).collect();
    let spans = run.assert_every_task_ran(&lanes, JOB_MS);
    run.line_at("fetched 6 pages");
    for job in ["fetch", "save"] {
        let group: Vec<Span> = spans
            .iter()
            .filter(|s| s.lane.starts_with(job))
            .cloned()
            .collect();
        assert_eq!(most_at_once(&group), AT_ONCE, "{job}:\n{}", run.stdout);
        let waves = JOBS.div_ceil(AT_ONCE as u64);
        let total = span_ms(&group);
        let longest = group.iter().map(Span::ms).max().unwrap();
        assert!(
            total >= waves * JOB_MS,
            "{job}: {total} ms:\n{}",
            run.stdout
        );
        assert!(
            total < (waves + 1) * longest,
            "{job}: {total} ms for {waves} waves of at most {longest} ms:\n{}",
            run.stdout
        );
    }
    // The saves start only once the fetches are all collected.
    let last_fetch = spans.iter().filter(|s| s.lane.starts_with("fetch"));
    let first_save = spans.iter().filter(|s| s.lane.starts_with("save"));
    assert!(
        last_fetch.map(|s| s.end_ms).max() <= first_save.map(|s| s.start_ms).min(),
        "{}",
        run.stdout
    );
}

#[test]
fn buffer_unordered_and_for_each_concurrent_run_two_at_a_time() {
    let listing = bounded();
    let run = listing.run();
    listing.assert_shape(&run, Order::Free);
    assert_two_at_a_time(&run);
}

#[test]
fn python_semaphore_runs_two_at_a_time_too() {
    let Some(run) = book_tools::python!("ch20-02-bounded") else {
        return;
    };
    bounded().assert_shape(&run, Order::Free);
    assert_two_at_a_time(&run);
}

#[tokio::test(start_paused = true)]
async fn buffer_unordered_gives_results_as_they_finish_and_buffered_in_order() {
    use futures::StreamExt;
    // Job 1 is the slowest: buffer_unordered hands it out last, `buffered`
    // (the ordered variant) first, as the stream's order says.
    let job = |(id, ms): (u32, u64)| async move {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        id
    };
    let jobs = [(1, 30), (2, 10), (3, 20)];
    let unordered: Vec<u32> = futures::stream::iter(jobs)
        .map(job)
        .buffer_unordered(3)
        .collect()
        .await;
    assert_eq!(unordered, [2, 3, 1]);
    let ordered: Vec<u32> = futures::stream::iter(jobs)
        .map(job)
        .buffered(3)
        .collect()
        .await;
    assert_eq!(ordered, [1, 2, 3]);
}

// Listing 20-3: JoinSet, FuturesUnordered and join_all.

/// Rules every valid output of listing 20-3 keeps: the spawned tasks start
/// while `main` waits without polling them; the futures of
/// the FuturesUnordered start only once `main` polls the set, at least
/// 100 ms in; join_all gives its results in the order of its futures.
fn assert_lazy_unordered_eager_joinset(run: &Run) {
    let polls = run.line_at("main: polls both");
    let waits = run.line_at("main: waits 100 ms, polling neither");
    for i in 1..=2 {
        // On one thread, the tasks run as soon as `main` awaits its sleep,
        // before its timer can wake it. (When they end is a matter of
        // timers only: a machine that stalls through both deadlines may
        // wake `main` first.)
        let starts = run.line_at(&format!("task {i} starts"));
        let ends = run.line_at(&format!("task {i} ends"));
        assert!(waits < starts && starts < polls, "{}", run.stdout);
        assert!(starts < ends, "{}", run.stdout);
        let starts = run.line_at(&format!("unordered {i} starts"));
        assert!(polls < starts, "{}", run.stdout);
        assert!(
            run.span(&format!("unordered {i}")).start_ms >= 100,
            "{}",
            run.stdout
        );
        run.line_at(&format!("joinset gave task {i}"));
        run.line_at(&format!("FuturesUnordered gave unordered {i}"));
    }
    run.line_at(r#"join_all gave ["all 1", "all 2"]"#);
    assert_eq!(run.lines().len(), 19, "{}", run.stdout);
}

#[test]
fn a_joinset_runs_on_its_own_and_futures_unordered_only_when_polled() {
    let listing = unordered_or_joinset();
    let run = listing.run();
    listing.assert_shape(&run, Order::Free);
    assert_lazy_unordered_eager_joinset(&run);
}

#[tokio::test(start_paused = true)]
async fn futures_unordered_and_joinset_give_results_as_they_finish() {
    use futures::StreamExt;
    let job = |(id, ms): (u32, u64)| async move {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        id
    };
    let jobs = [(1, 30), (2, 10), (3, 20)];
    let mut set = tokio::task::JoinSet::new();
    for j in jobs {
        set.spawn(job(j));
    }
    let from_set: Vec<u32> = set.join_all().await; // join_all: all of them
    // JoinSet::join_all gives them as they finished.
    assert_eq!(from_set, [2, 3, 1]);
    let unordered: futures::stream::FuturesUnordered<_> = jobs.map(job).into_iter().collect();
    assert_eq!(unordered.collect::<Vec<u32>>().await, [2, 3, 1]);
    assert_eq!(futures::future::join_all(jobs.map(job)).await, [1, 2, 3]);
}

// Listing 20-6: the two fixes of the `Send` problem.

#[test]
fn send_bounds_let_a_generic_caller_spawn() {
    let listing = send_bounds();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    assert_eq!(
        run.lines(),
        ["page 1", "Some(42)", "None"],
        "{}",
        run.stdout
    );
}

// Listing 20-8: boxed recursion and an async closure.

#[test]
fn boxed_recursion_sums_the_tree_and_the_async_closure_counts_its_calls() {
    let listing = recursion_and_closures();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    // 1 + 2 + 3 + 4 + 5: every node once.
    run.line_at("sum of the tree: 15");
    // The closure changed `calls`, which `main` reads after the retries.
    run.line_at("answer Ok(300) after 3 calls");
}

// Listing 20-9: `biased;` against random order.

/// The counts of listing 20-9: (random first, random second), (biased
/// first, biased second).
fn wins(run: &Run) -> ([u64; 2], [u64; 2]) {
    let random = numbers(run.line("random order:"));
    let biased = numbers(run.line("biased:"));
    ([random[0], random[1]], [biased[0], biased[1]])
}

/// Every round has a winner; `biased;` picks the first branch every time;
/// the random order picks each branch at least once.
fn assert_biased_and_random(run: &Run) {
    let (random, biased) = wins(run);
    assert_eq!(biased, [1000, 0], "{}", run.stdout);
    assert_eq!(random[0] + random[1], 1000, "{}", run.stdout);
    // tokio picks the branch it polls first uniformly at random, so one
    // branch wins all 1000 rounds with probability 2 × 2^-1000 (below
    // 10^-300): never, in practice.
    assert!(random[0] >= 1 && random[1] >= 1, "{}", run.stdout);
}

#[test]
fn biased_picks_the_first_ready_branch_and_random_order_picks_each() {
    let listing = biased();
    let run = listing.run();
    listing.assert_words(&run, Order::Exact);
    assert_biased_and_random(&run);
}

// Listing 20-10: preconditions and `else`.

#[test]
fn else_ends_the_loop_when_every_branch_is_disabled() {
    let listing = else_and_preconditions();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    assert_eq!(
        run.lines(),
        [
            "a gave 1",
            "a gave 2",
            "a gave 3",
            "b gave 10",
            "b gave 20",
            "done: 3 from a, 2 left in a",
        ],
        "{}",
        run.stdout
    );
}

// Listing 20-11: a pinned timer, re-armed with `set`.

const PERIOD_MS: u64 = 100;

/// Rules every valid output of listing 20-11 keeps: every message arrives
/// once and in order and goes into exactly one flush; the timer's flushes
/// come at least a period apart (the first at least a period in); and the
/// timer fired at least once while messages were still coming, before
/// message 5: the timer is made before the producer is spawned, and the
/// producer sends message 5 at least 4 × 30 ms = 120 ms after it starts,
/// so the timer is due when the loop polls for that message, and
/// `biased;` polls the timer first.
fn assert_the_timer_fires_between_messages(run: &Run) {
    let mut got = Vec::new();
    let mut flushed = Vec::new();
    let mut timer_ms = Vec::new();
    let mut first_timer_line = None;
    let mut got_5_line = None;
    for (i, line) in run.lines().iter().enumerate() {
        let ms = numbers(line)[0];
        let (_, rest) = line.split_once("] ").unwrap();
        if let Some(n) = rest.strip_prefix("got ") {
            got.push(n.parse::<u64>().unwrap());
            if n == "5" {
                got_5_line = Some(i);
            }
        } else if rest.starts_with("flush") {
            flushed.extend(numbers(rest));
            if rest.ends_with("(timer)") {
                timer_ms.push(ms);
                first_timer_line.get_or_insert(i);
            }
        }
    }
    let all: Vec<u64> = (1..=10).collect();
    assert_eq!(got, all, "{}", run.stdout);
    assert_eq!(flushed, all, "{}", run.stdout);
    assert!(run.lines().last().unwrap().ends_with("(channel closed)"));
    let mut previous = 0;
    for ms in &timer_ms {
        assert!(*ms >= previous + PERIOD_MS, "{}", run.stdout);
        previous = *ms;
    }
    assert!(
        first_timer_line.is_some() && first_timer_line < got_5_line,
        "the timer did not fire before message 5:\n{}",
        run.stdout
    );
}

#[test]
fn a_pinned_timer_fires_while_messages_keep_coming() {
    let listing = pinned_deadline();
    let run = listing.run();
    // How many flushes the timer makes depends on the machine's timing:
    // compare the `got` lines and the last line only.
    listing.assert_words_of(&run, Order::Exact, |text| {
        text.lines()
            .filter(|l| l.contains("got") || l.contains("closed"))
            .map(|l| format!("{}\n", l.split(" flush").next().unwrap()))
            .collect()
    });
    assert_the_timer_fires_between_messages(&run);
}

#[tokio::test(start_paused = true)]
async fn a_sleep_made_anew_in_every_round_never_fires_while_messages_keep_coming() {
    // The mistake listing 20-11 avoids: `sleep(PERIOD)` written inside the
    // `select!` is a new timer in every round, and a message every 30 ms
    // resets it before it can reach 100 ms.
    let (tx, mut rx) = tokio::sync::mpsc::channel(8);
    tokio::spawn(async move {
        for n in 1..=10 {
            tx.send(n).await.unwrap();
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
    });
    let mut timer_flushes = 0;
    loop {
        tokio::select! {
            biased;
            () = tokio::time::sleep(Duration::from_millis(PERIOD_MS)) => timer_flushes += 1,
            message = rx.recv() => if message.is_none() { break },
        }
    }
    assert_eq!(timer_flushes, 0);
}

// Listing 20-12: send against reserve in a select! loop.

/// The numbers of a summary line: (ticks won, items lost, items arrived).
fn summary(run: &Run, prefix: &str) -> (u64, u64, u64) {
    let n = numbers(run.line(prefix));
    (n[0], n[1], n[2])
}

/// Rules every valid output of listing 20-12 keeps. With `send`, every
/// race the tick wins drops one item; with `reserve`, none is lost, and
/// all 30 arrive in order. The tick won at least once in each loop: from
/// the third item on, the producer waits for the consumer, which takes
/// 8 ms an item, four tick periods. Each such wait ends with the tick
/// winning unless, at every poll in it, the channel was ready as well and
/// `select!`'s fair coin chose the channel; for all 27 or more waits, that
/// has a probability below 2^-27.
fn assert_reserve_loses_nothing(run: &Run) {
    let (ticks, lost, arrived) = summary(run, "send:");
    assert_eq!(
        lost, ticks,
        "one item lost per race the tick won:\n{}",
        run.stdout
    );
    assert_eq!(arrived + lost, 30, "{}", run.stdout);
    assert!(lost >= 1, "{}", run.stdout);
    let (ticks, lost, arrived) = summary(run, "reserve:");
    assert!(ticks >= 1, "{}", run.stdout);
    assert_eq!((lost, arrived), (0, 30), "{}", run.stdout);
    assert!(
        run.line("reserve:").ends_with("in order: true"),
        "{}",
        run.stdout
    );
}

#[test]
fn reserve_loses_no_item_where_send_loses_one_per_race_the_tick_wins() {
    let listing = reserve();
    let run = listing.run();
    listing.assert_words(&run, Order::Exact);
    assert_reserve_loses_nothing(&run);
}

#[test]
fn recorded_runs_keep_the_rules_too() {
    assert_pulled_one_at_a_time(&a_stream().recorded_run());
    assert_two_at_a_time(&bounded().recorded_run());
    assert_lazy_unordered_eager_joinset(&unordered_or_joinset().recorded_run());
    assert_biased_and_random(&biased().recorded_run());
    assert_the_timer_fires_between_messages(&pinned_deadline().recorded_run());
    assert_reserve_loses_nothing(&reserve().recorded_run());
}
