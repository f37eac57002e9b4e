//! Listing 13-3: a pool of two worker processes, results in input order.
use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

const WORKERS: usize = 2;
/// How long the pool waits for one answer before it gives up on the worker.
const DEADLINE: Duration = Duration::from_secs(5);

/// The work: how many primes there are below `n`, by trial division.
fn primes_below(n: u32) -> u32 {
    (2..n)
        .filter(|&k| (2..).take_while(|d| d * d <= k).all(|d| k % d != 0))
        .count() as u32
}

// ANCHOR: worker
/// A worker: reads `index attempt n` lines, answers each with one line,
/// the result and its own pid.
/// Told to (`--abort-on I`, `--panic-on I`, `--hang-on I`), it crashes or
/// hangs on item I, but only on its first attempt.
fn worker(args: &[String]) {
    let crash_on = |flag: &str| {
        let at = args.iter().position(|a| a == flag)?;
        args[at + 1].parse::<usize>().ok()
    };
    for line in io::stdin().lock().lines() {
        let line = line.unwrap();
        let mut words = line.split(' ').map(|w| w.parse::<usize>().unwrap());
        let (index, attempt, n) = (
            words.next().unwrap(),
            words.next().unwrap(),
            words.next().unwrap(),
        );
        if attempt == 1 && crash_on("--abort-on") == Some(index) {
            std::process::abort();
        }
        if attempt == 1 && crash_on("--panic-on") == Some(index) {
            panic!("item {index} is poison");
        }
        if attempt == 1 && crash_on("--hang-on") == Some(index) {
            loop {
                thread::sleep(Duration::from_secs(60)); // never answers
            }
        }
        let mut out = io::stdout().lock();
        let pid = std::process::id();
        writeln!(out, "{} {pid}", primes_below(n as u32)).unwrap();
        out.flush().unwrap(); // one whole line, sent at once
    }
}
// ANCHOR_END: worker

/// One worker process, with a pipe to its standard input and one from its
/// standard output.
struct Worker {
    child: Child,
    to: ChildStdin,
    /// The worker's answers, one line each, passed on by a thread that
    /// reads its standard output, so that the feeder can wait for an answer
    /// with a deadline.
    answers: Receiver<String>,
}

/// Why a worker gave no answer.
enum NoAnswer {
    /// Its pipe closed: the worker is gone.
    Died,
    /// It is still there, but said nothing before the deadline.
    TooSlow,
}

// ANCHOR: ask
impl Worker {
    /// Starts this very program again as a worker, passing on our arguments.
    fn start() -> Worker {
        let mut child = Command::new(env::current_exe().unwrap())
            .arg("worker")
            .args(env::args().skip(1))
            // A panic's message is enough: a backtrace, in a debug build,
            // can take seconds to print, and the deadline would count them.
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let to = child.stdin.take().unwrap();
        let from = BufReader::new(child.stdout.take().unwrap());
        let (send, answers) = mpsc::channel();
        // The reader ends when the pipe closes: the worker exited, or was
        // killed.
        thread::spawn(move || {
            for line in from.lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Worker { child, to, answers }
    }

    /// Sends one item and waits, at most `DEADLINE`, for its answer: the
    /// result and the pid of the worker that says it worked it out.
    fn ask(&mut self, index: usize, attempt: u32, n: u32) -> Result<(u32, u32), NoAnswer> {
        writeln!(self.to, "{index} {attempt} {n}").map_err(|_| NoAnswer::Died)?;
        let answer = match self.answers.recv_timeout(DEADLINE) {
            Ok(answer) => answer,
            Err(RecvTimeoutError::Timeout) => return Err(NoAnswer::TooSlow),
            Err(RecvTimeoutError::Disconnected) => return Err(NoAnswer::Died),
        };
        // A garbled answer counts as none: the worker is not working.
        let (result, pid) = answer.trim().split_once(' ').ok_or(NoAnswer::Died)?;
        match (result.parse(), pid.parse()) {
            (Ok(result), Ok(pid)) => Ok((result, pid)),
            _ => Err(NoAnswer::Died),
        }
    }

    /// Closes its standard input, which ends its loop, and waits for it.
    fn stop(self) -> ExitStatus {
        let Worker { mut child, to, .. } = self;
        drop(to);
        child.wait().unwrap()
    }

    /// Ends a worker that does not answer: kills it, and waits for it.
    fn kill(mut self) -> ExitStatus {
        self.child.kill().unwrap();
        self.child.wait().unwrap()
    }
}
// ANCHOR_END: ask

/// How a worker ended, in words.
fn how(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit code {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        (None, None) => status.to_string(),
    }
}

// ANCHOR: map
/// `items` worked out by a pool of `WORKERS` processes: each result with
/// the pid of the process that worked it out, in the order of `items`.
fn map(items: &[u32], start: Instant) -> Vec<(u32, u32)> {
    let next = AtomicUsize::new(0);
    let mut results = vec![None; items.len()];
    thread::scope(|s| {
        let feeders: Vec<_> = (0..WORKERS)
            .map(|_| {
                let mut worker = Worker::start();
                println!("worker pid {} started", worker.child.id());
                let next = &next;
                // One thread per worker: it takes the next item not yet
                // taken, sends it, and waits for the answer.
                s.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::SeqCst);
                        let Some(&n) = items.get(index) else { break };
                        let ms = start.elapsed().as_millis();
                        println!("[{ms:4} ms] item {index} starts");
                        let mut attempt = 1;
                        let answer = loop {
                            let pid = worker.child.id();
                            let failure = match worker.ask(index, attempt, n) {
                                Ok(answer) => break answer,
                                Err(failure) => failure,
                            };
                            // The worker died, or hangs: end it, say how,
                            // start a fresh one, and send it the same item
                            // again.
                            match failure {
                                NoAnswer::Died => {
                                    let status = worker.stop();
                                    println!("worker pid {pid} died on item {index} ({})", how(status));
                                }
                                NoAnswer::TooSlow => {
                                    let status = worker.kill();
                                    let ms = DEADLINE.as_millis();
                                    println!(
                                        "worker pid {pid} timed out on item {index} after {ms} ms ({})",
                                        how(status)
                                    );
                                }
                            }
                            assert!(attempt < 3, "item {index} failed {attempt} workers");
                            worker = Worker::start();
                            println!("worker pid {} started", worker.child.id());
                            attempt += 1;
                        };
                        let ms = start.elapsed().as_millis();
                        println!("[{ms:4} ms] item {index} ends");
                        done.push((index, answer));
                    }
                    let status = worker.stop();
                    assert!(status.success(), "{status}");
                    done
                })
            })
            .collect();
        // Each answer goes back to the place of its item.
        for feeder in feeders {
            for (index, answer) in feeder.join().unwrap() {
                results[index] = Some(answer);
            }
        }
    });
    results.into_iter().map(Option::unwrap).collect()
}
// ANCHOR_END: map

// ANCHOR: main
fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("worker") {
        return worker(&args[1..]);
    }
    let start = Instant::now();
    let items = [
        100_000, 25_000, 75_000, 50_000, 10_000, 90_000, 40_000, 60_000,
    ];
    let results = map(&items, start);
    for (index, (n, (primes, pid))) in items.iter().zip(results).enumerate() {
        println!("item {index}: {primes} primes below {n} (pid {pid})");
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
