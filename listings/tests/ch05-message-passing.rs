//! Chapter 5, "Message passing": what its listings do, and the claims its
//! page makes about time.
//!
//! Each test runs the real program and reads what it printed: the messages
//! it received, and its stamped lines (`[  52 ms] send 4 ends`). Lower
//! bounds on time come from the sleeps themselves; upper bounds are ratios
//! within one run, with slack. Where threads race, every order that keeps
//! the rules is accepted, and no other.

use std::collections::BTreeMap;
use std::time::Duration;

use book_tools::listing;
use book_tools::listing::{Listing, Run};
use book_tools::recording::Order;
use book_tools::timeline::{Span, one_at_a_time};

fn three_producers() -> Listing {
    listing!("ch05-01-three-producers")
}

fn forgotten_sender() -> Listing {
    listing!("ch05-03-forgotten-sender")
}

fn backpressure() -> Listing {
    listing!("ch05-04-backpressure")
}

fn pipeline() -> Listing {
    listing!("ch05-05-pipeline")
}

/// The index of the first line of `run` that contains `text`.
fn line_with(run: &Run, text: &str) -> usize {
    run.lines()
        .iter()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no line with {text:?} in:\n{}", run.stdout))
}

// Listings 5-1 and 5-3: three producers, one channel.

const PRODUCERS: [&str; 3] = ["prod 1", "prod 2", "prod 3"];
/// How many messages each producer sends: 1, 2, 3.
const EACH: u32 = 3;

/// The messages a run received, in the order it printed them: each
/// `got message N of NAME` line as `(NAME, N)`.
fn received(run: &Run) -> Vec<(String, u32)> {
    run.lines()
        .iter()
        .filter_map(|line| {
            let (n, name) = line.split_once("got message ")?.1.split_once(" of ")?;
            Some((name.to_owned(), n.parse().ok()?))
        })
        .collect()
}

/// Every message sent arrived exactly once, and each producer's arrived in
/// the order it sent them: read per producer, the messages received are
/// exactly 1, 2, 3. (Between producers, any interleaving is valid.)
fn assert_each_message_once_in_order(run: &Run) {
    let mut by_producer: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (name, n) in received(run) {
        by_producer.entry(name).or_default().push(n);
    }
    let sent: BTreeMap<String, Vec<u32>> = PRODUCERS
        .iter()
        .map(|p| (p.to_string(), (1..=EACH).collect()))
        .collect();
    assert_eq!(
        by_producer, sent,
        "received (per producer, in order) is not what was sent:\n{}",
        run.stdout
    );
    let total = PRODUCERS.len() as u32 * EACH;
    assert_eq!(received(run).len() as u32, total, "{}", run.stdout);
}

/// The rules every valid output of listing 5-1 keeps: each producer starts
/// and ends once, each message arrives once and in its producer's order,
/// and the count and `all done` come last.
fn assert_three_producers_rules(run: &Run) -> Vec<Span> {
    let spans = run.spans();
    let mut lanes: Vec<&str> = spans.iter().map(|s| s.lane.as_str()).collect();
    lanes.sort();
    assert_eq!(lanes, PRODUCERS, "every producer, once:\n{}", run.stdout);
    assert_each_message_once_in_order(run);
    let lines = run.lines();
    let n = lines.len();
    assert_eq!(n, 2 * PRODUCERS.len() + 9 + 2, "{}", run.stdout);
    assert_eq!(lines[n - 2], "received 9 messages", "{}", run.stdout);
    let last_end = spans.iter().map(|s| s.end_ms).max().unwrap();
    assert!(run.reported_ms() >= last_end, "{}", run.stdout);
    spans
}

#[test]
fn every_message_arrives_exactly_once_and_in_order() {
    let run = three_producers().run();
    assert_three_producers_rules(&run);
}

#[test]
fn the_loop_ends_when_the_last_sender_is_dropped() {
    let run = three_producers().run();
    assert_three_producers_rules(&run);
    // A producer prints `ends` just before its closure returns and drops
    // its sender; the loop in main ends only once every sender is gone, so
    // `received 9 messages` follows every producer's `ends` and every
    // message, in every run.
    let count = line_with(&run, "received 9 messages");
    for producer in PRODUCERS {
        let ends = line_with(&run, &format!("{producer} ends"));
        assert!(
            ends < count,
            "the loop ended before {producer} did:\n{}",
            run.stdout
        );
    }
    let last_message = run
        .lines()
        .iter()
        .rposition(|l| l.contains("got message"))
        .unwrap();
    assert!(last_message < count, "{}", run.stdout);
}

#[test]
fn the_producers_send_at_the_same_time() {
    let run = three_producers().run();
    let spans = assert_three_producers_rules(&run);
    // Every producer has started before the first one ends: each sleeps
    // at least 3 × 20 ms, and they are all started at once.
    let last_start = spans.iter().map(|s| s.start_ms).max().unwrap();
    let first_end = spans.iter().map(|s| s.end_ms).min().unwrap();
    assert!(
        last_start < first_end,
        "a producer ended before the last one started:\n{}",
        run.stdout
    );
}

/// The rules every valid output of listing 5-3 keeps.
fn assert_forgotten_sender_rules(run: &Run) {
    let lines = run.lines();
    assert_eq!(lines[0], "every producer has finished", "{}", run.stdout);
    assert_each_message_once_in_order(run);
    let n = lines.len();
    assert_eq!(n, 1 + 9 + 2, "{}", run.stdout);
    assert!(
        lines[n - 2].starts_with("received 9 messages, then nothing for"),
        "{}",
        run.stdout
    );
    assert_eq!(
        lines[n - 1],
        "the channel is still open: a sender is still alive"
    );
    assert!(!run.stdout.contains("closed"), "{}", run.stdout);
}

#[test]
fn a_forgotten_sender_keeps_the_channel_open() {
    // Every producer has finished and every message has been received, yet
    // the channel never reports itself closed: main still holds a sender.
    // `recv_timeout` gives up after 200 ms with `Timeout`, never
    // `Disconnected`, in every run; a plain `for` loop would wait forever.
    let run = forgotten_sender().run();
    assert_forgotten_sender_rules(&run);
    assert!(run.wall >= Duration::from_millis(200), "{:?}", run.wall);
}

// Listing 5-4: a bounded channel, a fast producer and a slow consumer.

const CAPACITY: usize = 2;
const MESSAGES: usize = 7;
/// How long the consumer works on each message, in ms.
const WORK_MS: u64 = 50;
/// The sends that must wait for the consumer: all but the first
/// `CAPACITY + 1` (the channel holds `CAPACITY`, the consumer one more).
const WAITING_SENDS: u64 = (MESSAGES - CAPACITY - 1) as u64;

/// One run of listing 5-4 (or its Python counterpart), read back.
struct Backpressure {
    /// `send k`, from before `send` to after it returned, for k = 1….
    sends: Vec<Span>,
    /// `work k`: the consumer's work on message k.
    works: Vec<Span>,
    /// The time the producer spent inside `send`, as the program measured it.
    blocked_ms: f64,
}

/// Reads a run of listing 5-4 and checks the rules every valid output
/// keeps, whatever the interleaving: each message sent once and worked on
/// once, in order, one at a time, each for at least the work's duration,
/// never before it was sent; `all done` last.
fn backpressure_rules(run: &Run) -> Backpressure {
    let spans = run.spans();
    assert_eq!(spans.len(), 2 * MESSAGES, "{}", run.stdout);
    let of = |kind: &str| -> Vec<Span> {
        (1..=MESSAGES)
            .map(|k| run.span(&format!("{kind} {k}")))
            .collect()
    };
    let (sends, works) = (of("send"), of("work"));
    for pair in sends.windows(2).chain(works.windows(2)) {
        assert!(
            pair[1].start_ms >= pair[0].end_ms,
            "{} started before {} ended:\n{}",
            pair[1].lane,
            pair[0].lane,
            run.stdout
        );
    }
    for (send, work) in sends.iter().zip(&works) {
        assert!(
            work.end_ms - work.start_ms >= WORK_MS,
            "{} was shorter than the work:\n{}",
            work.lane,
            run.stdout
        );
        assert!(work.start_ms >= send.start_ms, "{}", run.stdout);
    }
    let blocked_ms = run
        .lines()
        .iter()
        .find_map(|l| {
            l.strip_prefix("the producer was blocked in send for ")?
                .strip_suffix(" ms in all")?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no `blocked in send` line in:\n{}", run.stdout));
    assert!(run.reported_ms() >= works[MESSAGES - 1].end_ms);
    Backpressure {
        sends,
        works,
        blocked_ms,
    }
}

/// The producer was blocked in `send` for at least about
/// `WAITING_SENDS × WORK` in all, and less than one and a half times that.
///
/// The lower bound is physics: the last send can return only once the
/// consumer has taken message `MESSAGES - CAPACITY`, which it does after
/// working on each of the `WAITING_SENDS` messages before it for at least
/// `WORK`, one after another, all after the first send began. The producer
/// spends that whole stretch inside `send`, but for the moments it prints
/// between two sends: a tenth is left for those, which a loaded machine can
/// stretch. The upper bound compares with the consumer's own measured work
/// in the same run, so slow sleeps on a busy machine move both sides.
fn assert_held_back(bp: &Backpressure, run: &Run) {
    let floor = (WAITING_SENDS * WORK_MS) as f64;
    assert!(
        bp.blocked_ms >= 0.9 * floor,
        "blocked only {} ms, under about {floor} ms:\n{}",
        bp.blocked_ms,
        run.stdout
    );
    // The same bound without any slack, from the stamps: from its first
    // send to its last, the producer took at least that long.
    let sending = bp.sends[MESSAGES - 1].end_ms - bp.sends[0].start_ms;
    assert!(sending >= WAITING_SENDS * WORK_MS, "{}", run.stdout);
    let mean_work = bp
        .works
        .iter()
        .map(|w| (w.end_ms - w.start_ms) as f64)
        .sum::<f64>()
        / MESSAGES as f64;
    let ceiling = 1.5 * WAITING_SENDS as f64 * mean_work;
    assert!(
        bp.blocked_ms < ceiling,
        "blocked {} ms, not under 1.5 × {WAITING_SENDS} × {mean_work} ms:\n{}",
        bp.blocked_ms,
        run.stdout
    );
}

/// `send k` returns only after the consumer has finished message
/// `k - CAPACITY - 1` (it then takes message `k - CAPACITY`, which makes
/// room): the producer is never more than `CAPACITY + 1` messages ahead of
/// the consumer. Each side reads its clock in an order that the channel
/// itself enforces, so this holds in every run, to the millisecond.
fn assert_never_more_than_capacity_ahead(bp: &Backpressure, run: &Run) {
    for k in CAPACITY + 2..=MESSAGES {
        let (send, freed_by) = (&bp.sends[k - 1], &bp.works[k - CAPACITY - 2]);
        assert!(
            send.end_ms >= freed_by.end_ms,
            "{} returned before {} ended:\n{}",
            send.lane,
            freed_by.lane,
            run.stdout
        );
    }
}

#[test]
fn a_full_channel_holds_the_producer_back() {
    let run = backpressure().run();
    let bp = backpressure_rules(&run);
    assert_held_back(&bp, &run);
}

#[test]
fn the_producer_is_never_more_than_capacity_ahead() {
    let run = backpressure().run();
    let bp = backpressure_rules(&run);
    assert_never_more_than_capacity_ahead(&bp, &run);
}

#[test]
fn python_queue_holds_the_producer_back_too() {
    let Some(run) = book_tools::python!("ch05-04-backpressure") else {
        return;
    };
    // The same lines as listing 5-4, in any valid order, held to the same
    // rules and the same bounds.
    backpressure().assert_shape(&run, Order::Free);
    let bp = backpressure_rules(&run);
    assert_held_back(&bp, &run);
    assert_never_more_than_capacity_ahead(&bp, &run);
}

// Listing 5-5: a pipeline of three stages.

const ITEMS: u32 = 4;
/// Each stage and how long it works on one item, in ms.
const STAGES: [(&str, u64); 3] = [("fetch", 40), ("scan", 80), ("store", 40)];

/// Reads a run of listing 5-5 and checks the rules every valid output
/// keeps: each stage takes the items in order, one at a time, each for at
/// least its work; each item goes through the stages in order; the items
/// leave in the order they came. Returns each stage's spans.
fn pipeline_rules(run: &Run) -> Vec<Vec<Span>> {
    let spans = run.spans();
    assert_eq!(spans.len(), STAGES.len() * ITEMS as usize, "{}", run.stdout);
    let stages: Vec<Vec<Span>> = STAGES
        .iter()
        .map(|(stage, work_ms)| {
            let items: Vec<Span> = (1..=ITEMS)
                .map(|i| run.span(&format!("{stage} {i}")))
                .collect();
            for item in &items {
                assert!(item.end_ms - item.start_ms >= *work_ms, "{}", run.stdout);
            }
            one_at_a_time(&items).unwrap_or_else(|e| panic!("{e}:\n{}", run.stdout));
            items
        })
        .collect();
    for pair in stages.windows(2) {
        for (before, after) in pair[0].iter().zip(&pair[1]) {
            assert!(
                after.start_ms >= before.end_ms,
                "{} started before {} ended:\n{}",
                after.lane,
                before.lane,
                run.stdout
            );
        }
    }
    let lines = run.lines();
    assert_eq!(
        lines[lines.len() - 2],
        "items finished in the order [1, 2, 3, 4]",
        "{}",
        run.stdout
    );
    let last_end = spans.iter().map(|s| s.end_ms).max().unwrap();
    assert!(run.reported_ms() >= last_end, "{}", run.stdout);
    stages
}

#[test]
fn a_pipeline_keeps_its_items_in_order() {
    let run = pipeline().run();
    pipeline_rules(&run);
}

#[test]
fn a_pipeline_overlaps_its_stages() {
    let run = pipeline().run();
    let stages = pipeline_rules(&run);
    let busy = |stage: &[Span]| stage.iter().map(|s| s.end_ms - s.start_ms).sum::<u64>();
    let busy: Vec<u64> = stages.iter().map(|s| busy(s)).collect();
    let all = stages.iter().flatten();
    let first = all.clone().map(|s| s.start_ms).min().unwrap();
    let last = all.map(|s| s.end_ms).max().unwrap();
    let span = last - first;
    // Physics: the scan stage alone works 4 × 80 ms, one item after
    // another, and it can start only after the first fetch, and the last
    // store only after it: at least 40 + 4 × 80 + 40 ms in all.
    let [(_, fetch_ms), (_, scan_ms), (_, store_ms)] = STAGES;
    let floor = fetch_ms + u64::from(ITEMS) * scan_ms + store_ms;
    assert!(
        span >= floor,
        "the pipeline took {span} ms, under {floor} ms:\n{}",
        run.stdout
    );
    // The stages overlap: the run takes less than one and a half times the
    // busiest stage's own work (measured in this run), which is less than
    // the sum of every stage's work, what one thread would take.
    let busiest = *busy.iter().max().unwrap();
    let sum: u64 = busy.iter().sum();
    assert!(
        span * 2 < busiest * 3,
        "the pipeline took {span} ms, not under 1.5 × its busiest stage ({busiest} ms):\n{}",
        run.stdout
    );
    assert!(span < sum, "{}", run.stdout);
}

// Every listing and recording.

#[test]
fn outputs_keep_the_recorded_shape() {
    // Threads race to print in every listing of this chapter: any order of
    // the same lines is valid; the tests above check the rules an order
    // must keep.
    for listing in [
        three_producers(),
        forgotten_sender(),
        backpressure(),
        pipeline(),
    ] {
        listing.assert_shape(&listing.run(), Order::Free);
    }
}

#[test]
fn recorded_runs_keep_the_rules_too() {
    // The outputs on the page are themselves valid runs.
    let recorded = |listing: Listing| listing.recorded_run();
    assert_three_producers_rules(&recorded(three_producers()));
    assert_forgotten_sender_rules(&recorded(forgotten_sender()));
    let run = recorded(backpressure());
    let bp = backpressure_rules(&run);
    assert_held_back(&bp, &run);
    assert_never_more_than_capacity_ahead(&bp, &run);
    pipeline_rules(&recorded(pipeline()));
}

/// The quiz's "Which of these can it print?" question on two producers,
/// answered by loom: the program runs in every interleaving of its
/// threads, and the outputs it printed are the question's correct options,
/// no more and no fewer.
#[cfg(feature = "loom")]
mod loom_quiz {
    use listings::outcomes::{outcomes, question};

    /// The quiz's question on two producers sending two messages each.
    const TWO_PRODUCERS: &str = "92954c75-d3f0-44a1-818b-f965953d303a";

    /// The question's program, with loom's threads, a `println!` that loom
    /// sees, and a channel with std's rules built on loom's
    /// (`listings::outcomes::mpsc`: first in, first out, and `recv` reports
    /// the channel closed once every sender is gone and it is empty, which
    /// is what ends the program's `iter`).
    mod two_producers {
        use listings::loom_println as println;

        // QUIZ PROGRAM 92954c75-d3f0-44a1-818b-f965953d303a STARTS
        use listings::outcomes::mpsc;
        use loom::thread;

        fn main() {
            let (tx, rx) = mpsc::channel();
            for producer in [1, 2] {
                // Each producer owns a sender of its own: a clone of `tx`.
                let tx = tx.clone();
                thread::spawn(move || {
                    for message in 1..=2 {
                        tx.send(producer * 10 + message).unwrap();
                    }
                });
            }
            drop(tx);
            let received: Vec<u32> = rx.iter().collect();
            println!("{received:?}");
        }
        // QUIZ PROGRAM 92954c75-d3f0-44a1-818b-f965953d303a ENDS

        pub(super) fn program() {
            main();
        }
    }

    #[test]
    fn loom_two_producers_messages_interleave_each_in_its_order() {
        let quiz = question("ch05-message-passing", TWO_PRODUCERS);
        let std_to_loom = [
            ("use std::sync::mpsc;", "use listings::outcomes::mpsc;"),
            ("use std::thread;", "use loom::thread;"),
        ];
        quiz.assert_program_is_copied_in("ch05-message-passing.rs", &std_to_loom);
        let printed = outcomes(two_producers::program);
        let expected = [
            "`[11, 12, 21, 22]`",
            "`[11, 21, 12, 22]`",
            "`[11, 21, 22, 12]`",
            "`[21, 11, 12, 22]`",
            "`[21, 11, 22, 12]`",
            "`[21, 22, 11, 12]`",
        ];
        assert_eq!(printed, expected.map(String::from).into());
        quiz.assert_lists_exactly(&printed);
    }
}
