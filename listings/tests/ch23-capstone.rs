//! Chapter 23, "Capstone: a job service": what the service of listing 23-1
//! does under load, with a slow client, past its bound, with a job that
//! panics or outlives its timeout, and on Ctrl-C; and what the load
//! generator of listing 23-2 measures.
//!
//! The tests start the service as a real process on a free loopback port,
//! in a process group of its own, killed when the test ends, and talk to it
//! over TCP. Counts are exact; times are bounded below by the service's own
//! sleeps and timeouts, and above by ratios within one run, with slack.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use book_tools::listing;
use book_tools::listing::{Listing, Run, Watched, numbers};
use book_tools::recording::Order;

fn job_service() -> Listing {
    listing!("ch23-01-job-service")
}

fn load_generator() -> Listing {
    listing!("ch23-02-load-generator")
}

/// Where the line containing `text` is in the run's output; panics unless
/// it is there exactly once.
fn line_at(run: &Run, text: &str) -> usize {
    let found: Vec<usize> = run
        .lines()
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains(text))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(found.len(), 1, "`{text}` once:\n{}", run.stdout);
    found[0]
}

/// Listing 23-1 running on a free port, its lines read as they come.
/// Dropping it kills it, whatever happened.
struct Service {
    watched: Watched,
    address: SocketAddr,
}

impl Service {
    /// Starts the service with a bound of `bound` jobs at once and a
    /// timeout of `timeout_ms` per request.
    fn start(bound: usize, timeout_ms: u64) -> Service {
        let mut watched = Watched::start(
            Command::new(job_service().program())
                .args(["0", &bound.to_string(), &timeout_ms.to_string()])
                .env("RUST_BACKTRACE", "0"),
        );
        let address = watched.listening();
        Service { watched, address }
    }

    fn connect(&self) -> Client {
        Client::new(self.address)
    }
}

/// One connection to the service.
struct Client {
    writer: TcpStream,
    reader: BufReader<TcpStream>,
}

impl Client {
    fn new(address: SocketAddr) -> Client {
        let stream = TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        Client {
            writer: stream.try_clone().unwrap(),
            reader: BufReader::new(stream),
        }
    }

    fn send(&mut self, request: &str) {
        self.writer
            .write_all(format!("{request}\n").as_bytes())
            .unwrap();
    }

    /// The next answer, or `None` once the service closed the connection.
    fn answer(&mut self) -> Option<String> {
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(n) if n > 0 => Some(line.trim_end().to_string()),
            _ => None,
        }
    }

    fn ask(&mut self, request: &str) -> String {
        self.send(request);
        self.answer().expect("an answer")
    }
}

/// The numbers of the line of `run` that starts with `prefix`.
fn numbers_of(run: &Run, prefix: &str) -> Vec<u64> {
    numbers(run.line(prefix))
}

/// What every run of the load generator keeps: every request answered,
/// correctly, and the service counted as many.
fn assert_every_request_answered(run: &Run, requests: u64) {
    let answered = numbers(run.line(&format!("{requests} requests")));
    assert_eq!(answered, vec![requests, 0], "{}", run.stdout);
    assert_eq!(
        numbers_of(run, "service: accepted"),
        vec![requests, requests],
        "{}",
        run.stdout
    );
}

fn p99_us(run: &Run) -> u64 {
    numbers_of(run, "latency p99")[1]
}

/// The cap on the service's peak resident memory while 10,000 requests
/// flow: 64 MiB, in the kB of `/proc/PID/status`.
const MEMORY_CAP_KB: u64 = 64 * 1024;

#[test]
fn ten_thousand_requests_all_answered_in_bounded_memory() {
    let listing = load_generator();
    let run = listing.run();
    listing.assert_words(&run, Order::Exact);
    assert_every_request_answered(&run, 10_000);
    let peak = numbers_of(&run, "service peak memory")[0];
    assert!(peak > 0 && peak < MEMORY_CAP_KB, "{}", run.stdout);
    // Nothing grows with the number of requests: a tenth of them reaches
    // nearly the same peak (half again, and 4 MiB, of slack).
    let mut fewer = load_generator();
    fewer.spec.args = vec!["8".into(), "1000".into()];
    let fewer = fewer.run();
    assert_every_request_answered(&fewer, 1000);
    let small = numbers_of(&fewer, "service peak memory")[0];
    assert!(
        peak <= small + small / 2 + 4 * 1024,
        "peak {peak} kB after 10,000 requests, {small} kB after 1,000"
    );
}

#[test]
fn a_slow_client_does_not_stall_the_others() {
    let run = |slow: &str| {
        let mut listing = load_generator();
        listing.spec.args = vec!["4".into(), "2000".into(), slow.into()];
        let run = listing.run();
        assert_every_request_answered(&run, 2000);
        run
    };
    let plain = run("0");
    let slowed = run("8");
    assert_eq!(numbers_of(&slowed, "4 connections"), vec![4, 8]);
    // Eight connections stalled on half a request: the others' p99 stays
    // within 5× the p99 without them, plus 50 ms for a loaded machine.
    let (p99, p99_slowed) = (p99_us(&plain), p99_us(&slowed));
    assert!(
        p99_slowed <= 5 * p99 + 50_000,
        "p99 {p99_slowed} µs with slow clients, {p99} µs without"
    );
}

#[test]
fn past_its_bound_the_service_refuses_at_once() {
    const JOB_MS: u64 = 800;
    let service = Service::start(2, 5_000);
    let mut clients: Vec<Client> = (0..6).map(|_| service.connect()).collect();
    let sent = Instant::now();
    for client in &mut clients {
        client.send(&format!("sleep {JOB_MS}"));
    }
    let (mut ok, mut busy) = (0, 0);
    // Answered in any order: read them all on threads of their own.
    let answers: Vec<(String, Duration)> = std::thread::scope(|s| {
        let readers: Vec<_> = clients
            .iter_mut()
            .map(|c| s.spawn(move || (c.answer().expect("an answer"), sent.elapsed())))
            .collect();
        readers.into_iter().map(|r| r.join().unwrap()).collect()
    });
    for (answer, after) in &answers {
        match answer.as_str() {
            "ok 800" => {
                ok += 1;
                assert!(*after >= Duration::from_millis(JOB_MS));
            }
            "error busy" => {
                busy += 1;
                // Refused at once, not queued behind the jobs under way.
                assert!(
                    *after < Duration::from_millis(JOB_MS),
                    "busy after {after:?}"
                );
            }
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert!(ok <= 2 && busy >= 4 && ok + busy == 6, "{answers:?}");
}

#[test]
fn a_job_that_panics_gets_an_error_and_the_service_keeps_serving() {
    let service = Service::start(4, 5_000);
    let mut client = service.connect();
    assert_eq!(client.ask("panic"), "error the job panicked");
    assert_eq!(client.ask("primes 100"), "ok 25");
    assert_eq!(service.connect().ask("primes 1000"), "ok 168");
    assert_eq!(client.ask("primes 10 please"), "error bad request");
}

#[test]
fn a_request_past_its_timeout_is_answered_timeout() {
    const TIMEOUT_MS: u64 = 200;
    const JOB_MS: u64 = 900;
    let service = Service::start(1, TIMEOUT_MS);
    let mut client = service.connect();
    let sent = Instant::now();
    assert_eq!(client.ask(&format!("sleep {JOB_MS}")), "error timeout");
    let after = sent.elapsed();
    assert!(after >= Duration::from_millis(TIMEOUT_MS), "{after:?}");
    assert!(after < Duration::from_millis(JOB_MS), "{after:?}");
    // The job runs on, and holds the only permit until it really ends.
    if sent.elapsed() < Duration::from_millis(JOB_MS - 100) {
        assert_eq!(client.ask("primes 10"), "error busy");
    }
    std::thread::sleep(Duration::from_millis(JOB_MS + 100).saturating_sub(sent.elapsed()));
    assert_eq!(client.ask("primes 10"), "ok 4");
}

#[test]
fn ctrl_c_mid_load_loses_no_accepted_request() {
    let mut service = Service::start(4, 5_000);
    let answered = Arc::new(AtomicU64::new(0));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let mut client = service.connect();
            let answered = answered.clone();
            std::thread::spawn(move || {
                let mut mine = 0;
                loop {
                    // The service may close the connection at any moment:
                    // a failed send ends the client too.
                    if client.writer.write_all(b"primes 1000\n").is_err() {
                        break mine;
                    }
                    match client.answer() {
                        Some(answer) => {
                            assert_eq!(answer, "ok 168");
                            mine += 1;
                            answered.fetch_add(1, Ordering::Relaxed);
                        }
                        None => break mine,
                    }
                }
            })
        })
        .collect();
    let started = Instant::now();
    while answered.load(Ordering::Relaxed) < 200 {
        assert!(started.elapsed() < Duration::from_secs(10), "no load");
        std::thread::sleep(Duration::from_millis(1));
    }
    service.watched.interrupt();
    service.watched.wait_for("no more connections");
    assert!(
        TcpStream::connect(service.address).is_err(),
        "a connection was accepted after Ctrl-C"
    );
    let got: u64 = clients.into_iter().map(|c| c.join().unwrap()).sum();
    let (status, run) = service.watched.exit();
    assert!(status.success(), "{status}:\n{}", run.stdout);
    // Every request the service read in full was answered, and reached
    // its client.
    assert_eq!(
        numbers_of(&run, "accepted"),
        vec![got, got],
        "clients got {got} answers:\n{}",
        run.stdout
    );
    assert!(got >= 200);
    line_at(&run, "main: every connection closed");
}

fn assert_the_demo_keeps_its_rules(run: &Run) {
    for (request, answer) in [
        ("panic", "error the job panicked"),
        ("primes 100", "ok 25"),
        ("primes 1000", "error busy"),
        ("sleep 300", "ok 300"),
        ("sleep 800", "error timeout"),
    ] {
        line_at(run, &format!("] {request} -> {answer}"));
    }
    let ctrl_c = line_at(run, "main: Ctrl-C, no more connections");
    assert!(line_at(run, "late client: connection refused") > ctrl_c);
    // The long job was under way at the signal, and answered after it.
    assert!(line_at(run, "] sleep 800 starts") < ctrl_c);
    assert!(ctrl_c < line_at(run, "] sleep 800 ends"));
    assert!(run.span("sleep 800").ms() >= 500, "{}", run.stdout);
    assert!(
        run.lines()
            .last()
            .unwrap()
            .ends_with("accepted 5 requests, answered 5")
    );
}

#[test]
fn the_recorded_demo_refuses_times_out_and_shuts_down_gracefully() {
    let listing = job_service();
    let run = listing.run();
    listing.assert_words(&run, Order::Free);
    assert_the_demo_keeps_its_rules(&run);
}

#[test]
fn recorded_runs_keep_the_rules_too() {
    assert_the_demo_keeps_its_rules(&job_service().recorded_run());
    let load = load_generator().recorded_run();
    assert_every_request_answered(&load, 10_000);
    assert!(numbers_of(&load, "service peak memory")[0] < MEMORY_CAP_KB);
    let (p50, p99) = (
        numbers_of(&load, "latency p50")[1],
        numbers_of(&load, "latency p99")[1],
    );
    assert!(p50 <= p99, "{}", load.stdout);
}

#[test]
fn python_service_refuses_times_out_and_survives_a_failed_job_too() {
    let Some(run) = book_tools::python!("ch23-01-job-service") else {
        return;
    };
    // One client at a time prints, but for the two long jobs: any order.
    let mut lines = run.lines();
    lines.sort();
    let mut expected = vec![
        "panic -> error the job panicked",
        "primes 10 -> error busy",
        "primes 100 -> ok 25",
        "primes 1000 -> ok 168",
        "sleep 200 -> ok 200",
        "sleep 500 -> error timeout",
        "the service stopped",
    ];
    expected.sort();
    assert_eq!(lines, expected, "{}", run.stdout);
    assert_eq!(run.lines().last(), Some(&"the service stopped"));
}
