use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};
use tokio::time::{sleep, timeout};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{Instrument, info, info_span, warn};

fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}

// ANCHOR: job
/// A job, as a request line names it: `primes N` counts the primes below
/// N; `sleep MS` holds a rayon thread for MS milliseconds, as a long job
/// does (without keeping a core busy); `panic` panics.
enum Job {
    Primes(u64),
    Sleep(u64),
    Panic,
}

fn parse(line: &str) -> Option<Job> {
    let mut words = line.split_whitespace();
    let job = match (words.next()?, words.next()) {
        ("primes", Some(n)) => Job::Primes(n.parse().ok()?),
        ("sleep", Some(ms)) => Job::Sleep(ms.parse().ok()?),
        ("panic", None) => Job::Panic,
        _ => return None,
    };
    words.next().is_none().then_some(job)
}

/// The CPU work itself, run on a rayon thread.
fn run(job: Job) -> u64 {
    match job {
        Job::Primes(n) => (2..n)
            .filter(|&k| (2..).take_while(|d| d * d <= k).all(|d| k % d != 0))
            .count() as u64,
        Job::Sleep(ms) => {
            std::thread::sleep(Duration::from_millis(ms));
            ms
        }
        Job::Panic => panic!("the job failed"),
    }
}
// ANCHOR_END: job

// ANCHOR: on_rayon
/// Chapter 14's bridge, with two changes. The job's permit travels with
/// it, so that the bound counts a job until it really ends (a job whose
/// request timed out runs on). And a panic comes back as an `Err`: rayon
/// would abort the whole process on a panic in `rayon::spawn`.
fn on_rayon(job: Job, permit: OwnedSemaphorePermit) -> oneshot::Receiver<Result<u64, String>> {
    let (sender, receiver) = oneshot::channel();
    rayon::spawn(move || {
        let result = catch_unwind(AssertUnwindSafe(|| run(job)));
        drop(permit); // before the answer: the client may send its next job at once
        let _ = sender.send(result.map_err(|_| "the job panicked".to_string()));
    });
    receiver
}
// ANCHOR_END: on_rayon

// ANCHOR: answer
/// Answers one request line: `ok RESULT`, or `error WHY`.
async fn answer(line: &str, jobs: &Arc<Semaphore>, limit: Duration) -> String {
    let Some(job) = parse(line) else {
        return "error bad request".into();
    };
    // Full? Refuse at once, rather than queue without a bound.
    let Ok(permit) = jobs.clone().try_acquire_owned() else {
        warn!("busy");
        return "error busy".into();
    };
    match timeout(limit, on_rayon(job, permit)).await {
        Ok(Ok(Ok(result))) => format!("ok {result}"),
        Ok(Ok(Err(why))) => format!("error {why}"),
        Ok(Err(_)) => "error the job was lost".into(),
        Err(_) => "error timeout".into(),
    }
}
// ANCHOR_END: answer

/// What the service counts: requests read in full, and answers sent.
#[derive(Default)]
struct Counts {
    accepted: AtomicU64,
    answered: AtomicU64,
}

// ANCHOR: serve
/// Serves one connection: one request line at a time, each answered before
/// the next is read, until the client closes it or the service stops.
async fn serve(
    stream: TcpStream,
    jobs: Arc<Semaphore>,
    limit: Duration,
    stop: CancellationToken,
    counts: Arc<Counts>,
) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    loop {
        line.clear();
        let read = tokio::select! {
            // Between requests, a shutdown closes the connection (half a
            // line read so far is dropped: it was never accepted).
            _ = stop.cancelled() => break,
            read = reader.read_line(&mut line) => read?,
        };
        if read == 0 || !line.ends_with('\n') {
            break; // the client closed its side
        }
        // Read in full: from here on, this request gets its answer.
        counts.accepted.fetch_add(1, Ordering::Relaxed);
        let request = line.trim();
        let span = info_span!("request", %request);
        let answer = answer(request, &jobs, limit).instrument(span.clone()).await;
        writer.write_all(format!("{answer}\n").as_bytes()).await?;
        counts.answered.fetch_add(1, Ordering::Relaxed);
        span.in_scope(|| info!(%answer));
    }
    Ok(())
}
// ANCHOR_END: serve

// ANCHOR: main
#[tokio::main]
async fn main() -> io::Result<()> {
    let start = Instant::now();
    let args: Vec<String> = std::env::args().collect();
    let port: u16 = args[1].parse().expect("a port");
    let bound: usize = args[2].parse().expect("how many jobs at once");
    let limit = Duration::from_millis(args[3].parse().expect("a timeout in ms"));
    let demo = args.get(4).map(String::as_str) == Some("--demo");
    // ANCHOR_END: main
    // With `--demo`, the events go to stdout, to be recorded with the rest.
    let events = match demo {
        true => tracing_subscriber::fmt::writer::BoxMakeWriter::new(io::stdout),
        false => tracing_subscriber::fmt::writer::BoxMakeWriter::new(io::stderr),
    };
    // ANCHOR: main
    // A rayon thread for each job the bound lets in: none waits in rayon's
    // queue, where its timeout would run before its work starts.
    rayon::ThreadPoolBuilder::new()
        .num_threads(bound)
        .build_global()
        .unwrap();
    tracing_subscriber::fmt()
        .without_time()
        .with_ansi(false)
        .with_writer(events)
        .init();
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let address = listener.local_addr()?;
    println!("listening on {address}");
    // ANCHOR_END: main
    let clients = demo.then(|| tokio::spawn(play_clients(address, start)));
    // ANCHOR: main

    let jobs = Arc::new(Semaphore::new(bound));
    let counts = Arc::new(Counts::default());
    let stop = CancellationToken::new();
    let tracker = TaskTracker::new();
    let mut ctrl_c = std::pin::pin!(tokio::signal::ctrl_c());
    let mut connections = 0;
    loop {
        tokio::select! {
            biased; // Ctrl-C first: its first poll installs its handler
            _ = &mut ctrl_c => break,
            accepted = listener.accept() => {
                let (stream, _) = accepted?;
                connections += 1;
                let span = info_span!("conn", id = connections);
                let serving = serve(stream, jobs.clone(), limit, stop.clone(), counts.clone());
                tracker.spawn(serving.instrument(span));
            }
        }
    }
    drop(listener); // new connections are refused
    stop.cancel(); // idle connections close; requests under way go on
    println!("[{:4} ms] main: Ctrl-C, no more connections", ms(start));
    tracker.close();
    // Every request under way ends within `limit`: one more second for
    // the last answers to be written.
    match timeout(limit + Duration::from_secs(1), tracker.wait()).await {
        Ok(()) => println!("[{:4} ms] main: every connection closed", ms(start)),
        Err(_) => println!("[{:4} ms] main: deadline passed", ms(start)),
    }
    // ANCHOR_END: main
    if let Some(clients) = clients {
        clients.await.unwrap(); // the demo's clients print their last lines
    }
    // ANCHOR: main
    let accepted = counts.accepted.load(Ordering::Relaxed);
    let answered = counts.answered.load(Ordering::Relaxed);
    println!("accepted {accepted} requests, answered {answered}");
    Ok(())
}
// ANCHOR_END: main

/// With `--demo` (for the recording): clients send a job that panics and
/// then one that does not on the same connection, two long jobs that fill
/// a bound of 2 (the second past the timeout), one job too many, then the
/// program sends itself a real SIGINT, and one more client comes too late.
async fn play_clients(address: std::net::SocketAddr, start: Instant) {
    let client = |requests: &'static [&'static str]| async move {
        let mut stream = TcpStream::connect(address).await.unwrap();
        for request in requests {
            println!("[{:4} ms] {request} starts", ms(start));
            stream
                .write_all(format!("{request}\n").as_bytes())
                .await
                .unwrap();
            let mut reply = [0; 64];
            let n = stream.read(&mut reply).await.unwrap();
            let reply = String::from_utf8_lossy(&reply[..n]);
            println!("[{:4} ms] {request} -> {}", ms(start), reply.trim());
            println!("[{:4} ms] {request} ends", ms(start));
        }
    };
    client(&["panic", "primes 100"]).await;
    let first = tokio::spawn(client(&["sleep 300"]));
    let second = tokio::spawn(client(&["sleep 800"]));
    sleep(Duration::from_millis(50)).await;
    client(&["primes 1000"]).await;
    sleep(Duration::from_millis(50)).await;
    let pid = std::process::id().to_string();
    let kill = tokio::process::Command::new("kill")
        .args(["-INT", &pid])
        .status();
    assert!(kill.await.unwrap().success());
    sleep(Duration::from_millis(20)).await;
    if TcpStream::connect(address).await.is_err() {
        println!("[{:4} ms] late client: connection refused", ms(start));
    }
    first.await.unwrap();
    second.await.unwrap();
}
