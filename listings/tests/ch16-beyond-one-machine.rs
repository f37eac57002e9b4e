//! Chapter 16, "When one machine is not enough": a timely dataflow that
//! counts words on two worker threads of one process and on two processes
//! that find each other through a host file, on 127.0.0.1.
//!
//! The tests count the words themselves, from the text in the listing's
//! source, and route each word by hand, so they check the program's answer
//! and its routing against a computation of their own.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use book_tools::listing;
use book_tools::listing::{Listing, Run};
use book_tools::recording::Order;

const SOURCE: &str = include_str!("../src/bin/ch16-01-word-count.rs");

fn two_processes() -> Listing {
    listing!("ch16-01-word-count")
}

fn one_process() -> Listing {
    listing!("ch16-01-one-process", of = "ch16-01-word-count")
}

/// The text the listing counts, read from its source: the string of
/// `const TEXT`.
fn text() -> &'static str {
    let from = SOURCE.find("const TEXT: &str = \"").expect("const TEXT") + 20;
    let len = SOURCE[from..].find("\";").expect("the end of TEXT");
    &SOURCE[from..from + len]
}

/// Every word of the text and how many times it occurs, counted here.
fn expected_counts() -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for word in text().split_whitespace() {
        *counts.entry(word.to_string()).or_insert(0) += 1;
    }
    counts
}

/// The worker a word is routed to among `peers`: the sum of its bytes,
/// modulo the number of workers (what timely's `exchange` does with the
/// key the listing gives it).
fn owner(word: &str, peers: usize) -> usize {
    (word.bytes().map(u64::from).sum::<u64>() % peers as u64) as usize
}

/// The report of a run: for each worker, the words it counted and their
/// counts, from its `worker W of P counted: word=n …` line.
fn report(run: &Run, peers: usize) -> Vec<BTreeMap<String, u64>> {
    (0..peers)
        .map(|w| {
            let line = run.line(&format!("worker {w} of {peers} counted:"));
            let (_, words) = line.split_once("counted:").unwrap();
            words
                .split_whitespace()
                .map(|entry| {
                    let (word, count) = entry.split_once('=').unwrap();
                    (word.to_string(), count.parse().unwrap())
                })
                .collect()
        })
        .collect()
}

/// The rules every valid run keeps: every round is reported complete, in
/// order; each worker holds exactly the words routed to it; together they
/// hold the right count of every word; the totals line agrees.
fn assert_counted_right(run: &Run, peers: usize) -> Vec<BTreeMap<String, u64>> {
    let rounds: Vec<&str> = run
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("round "))
        .collect();
    let want: Vec<String> = (0..text().lines().count())
        .map(|r| {
            format!(
                "round {r} complete: every worker has counted line {}",
                r + 1
            )
        })
        .collect();
    assert_eq!(rounds, want, "{}", run.stdout);

    let shares = report(run, peers);
    let mut all = BTreeMap::new();
    for (w, share) in shares.iter().enumerate() {
        for word in share.keys() {
            assert_eq!(
                owner(word, peers),
                w,
                "worker {w} counted {word:?}, routed to worker {}:\n{}",
                owner(word, peers),
                run.stdout
            );
        }
        all.extend(share.clone());
    }
    let expected = expected_counts();
    assert_eq!(all, expected, "{}", run.stdout);
    let total: u64 = expected.values().sum();
    let totals = run.line(&format!("{total} words,"));
    assert_eq!(
        listing::numbers(totals),
        vec![total, expected.len() as u64],
        "{}",
        run.stdout
    );
    shares
}

#[test]
fn two_processes_count_every_word_and_each_worker_its_own() {
    let listing = two_processes();
    // Run as declared: process 0 here, process 1 as its companion, both on
    // 127.0.0.1; the runner fails the test if either fails or if they take
    // longer than its time limit.
    assert!(
        listing
            .spec
            .args
            .iter()
            .any(|a| a.starts_with("127.0.0.1:"))
    );
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    assert_counted_right(&run, 2);
}

#[test]
fn one_process_with_two_threads_gives_the_same_answer() {
    let threads = one_process().run();
    one_process().assert_shape(&threads, Order::Exact);
    let by_threads = assert_counted_right(&threads, 2);
    let processes = two_processes().run();
    let by_processes = assert_counted_right(&processes, 2);
    // The same words, counted by the same worker, in both runs.
    assert_eq!(by_threads, by_processes);
}

/// A free port on 127.0.0.1 (held until the processes are started).
fn free_port() -> (TcpListener, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    (listener, port)
}

/// Kills the process it holds when dropped, whatever happens in the test.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_dead_process_fails_the_whole_computation() {
    let program = two_processes().program().to_path_buf();
    let (l0, p0) = free_port();
    let (l1, p1) = free_port();
    drop((l0, l1));
    let hosts = format!("127.0.0.1:{p0},127.0.0.1:{p1}");
    let start = |process: &str, extra: &[&str]| {
        let child = Command::new(&program)
            .args(["--hosts", &hosts, "-n", "2", "-p", process])
            .args(extra)
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        Killed(child)
    };
    // Process 1 dies once round 1 is complete; process 0 is left alone.
    let mut dying = start("1", &["--stop-after-round", "1"]);
    let mut survivor = start("0", &[]);
    let limit = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = survivor.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < limit,
            "process 0 neither finished nor failed within 20 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let died = dying.0.wait().unwrap();
    assert_eq!(died.code(), Some(1), "process 1 stopped on purpose");
    let output = |child: &mut Killed| {
        use std::io::Read;
        let mut text = String::new();
        child
            .0
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        child
            .0
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let printed = output(&mut survivor);
    assert!(!status.success(), "process 0 succeeded:\n{printed}");
    assert!(
        printed.contains("timely communication error"),
        "process 0 failed for another reason:\n{printed}"
    );
    // It got no further than the dead process did: no later round, no
    // report. (Round 1 itself it may or may not have seen complete: that
    // depends on whether process 1's last progress message arrived before
    // its connection closed.)
    for later in ["round 2 complete", "round 3 complete", "counted:"] {
        assert!(!printed.contains(later), "{printed}");
    }
}

#[test]
fn the_recording_shows_a_valid_run() {
    assert_counted_right(&two_processes().recorded_run(), 2);
    assert_counted_right(&one_process().recorded_run(), 2);
}

#[test]
fn dask_counts_the_same_words() {
    let Some(run) = book_tools::python!("ch16-01-word-count", venv) else {
        return;
    };
    let expected = expected_counts();
    let counted: BTreeMap<String, u64> = run
        .lines()
        .into_iter()
        .filter_map(|line| line.split_once('='))
        .map(|(word, count)| (word.to_string(), count.parse().unwrap()))
        .collect();
    assert_eq!(counted, expected, "{}", run.stdout);
    let total: u64 = expected.values().sum();
    let line = run.line(&format!("{total} words,"));
    assert_eq!(
        listing::numbers(line),
        vec![total, expected.len() as u64, 2],
        "two workers: {}",
        run.stdout
    );
}
