use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::Command;

/// The answer the service must give to `primes n`, computed here.
fn count_primes(n: u64) -> u64 {
    (2..n)
        .filter(|&k| (2..).take_while(|d| d * d <= k).all(|d| k % d != 0))
        .count() as u64
}

// ANCHOR: client
/// One connection: `requests` requests, one after another, each timed from
/// its send to its answer. Gives back the latencies and the wrong answers.
async fn client(address: String, requests: u64, first: u64) -> (Vec<Duration>, u64) {
    let stream = TcpStream::connect(&address).await.unwrap();
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    let (mut latencies, mut wrong) = (Vec::new(), 0);
    for i in first..first + requests {
        let n = 100 + i % 100;
        let sent = Instant::now();
        writer
            .write_all(format!("primes {n}\n").as_bytes())
            .await
            .unwrap();
        let answer = lines.next_line().await.unwrap().unwrap_or_default();
        latencies.push(sent.elapsed());
        if answer != format!("ok {}", count_primes(n)) {
            wrong += 1;
        }
    }
    (latencies, wrong)
}
// ANCHOR_END: client

// ANCHOR: main
#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let connections: u64 = args[1].parse().expect("how many connections");
    let requests: u64 = args[2].parse().expect("how many requests in all");
    let slow: usize = args
        .get(3)
        .map_or(0, |s| s.parse().expect("how many slow clients"));
    // The service: listing 23-1, built beside this program, on a free port,
    // with a bound of one job per connection and a timeout of 2000 ms.
    let service = std::env::current_exe()
        .unwrap()
        .with_file_name("ch23-01-job-service");
    let mut service = Command::new(&service)
        .args(["0", &connections.to_string(), "2000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("{e}: build {} first", service.display()));
    let pid = service.id().unwrap().to_string();
    let mut said = BufReader::new(service.stdout.take().unwrap()).lines();
    let listening = said.next_line().await.unwrap().unwrap();
    let address = listening["listening on ".len()..].to_string();

    // Slow clients send half a request, then stall.
    let mut stalled = Vec::new();
    for _ in 0..slow {
        let mut stream = TcpStream::connect(&address).await.unwrap();
        stream.write_all(b"primes 1").await.unwrap();
        stalled.push(stream);
    }

    let start = Instant::now();
    let each = requests / connections;
    let clients: Vec<_> = (0..connections)
        .map(|c| tokio::spawn(client(address.clone(), each, c * each)))
        .collect();
    let (mut latencies, mut wrong) = (Vec::new(), 0);
    for c in clients {
        let (l, w) = c.await.unwrap();
        latencies.extend(l);
        wrong += w;
    }
    let took = start.elapsed();
    latencies.sort();
    let at = |q: usize| latencies[(latencies.len() * q / 100).min(latencies.len() - 1)];
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let peak = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();

    println!("{connections} connections, {slow} slow clients");
    println!("{} requests, {wrong} wrong answers", latencies.len());
    println!(
        "throughput: {:.0} requests/s",
        latencies.len() as f64 / took.as_secs_f64()
    );
    println!("latency p50: {} µs", at(50).as_micros());
    println!("latency p99: {} µs", at(99).as_micros());
    println!(
        "service peak memory: {} kB",
        peak.split_whitespace().nth(1).unwrap()
    );

    // Ctrl-C for the service, and its last word.
    let kill = Command::new("kill").args(["-INT", &pid]).status().await;
    assert!(kill.unwrap().success());
    let mut last = String::new();
    while let Some(line) = said.next_line().await.unwrap() {
        last = line;
    }
    assert!(service.wait().await.unwrap().success());
    println!("service: {last}");
}
// ANCHOR_END: main
