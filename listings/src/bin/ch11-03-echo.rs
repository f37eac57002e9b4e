//! An echo server two ways, and the clients that load them:
//!
//! - `serve tokio PORT`: one task per connection, on tokio's runtime;
//! - `serve threads PORT`: one thread per connection;
//! - `clients PORT PORT`: a thousand connections to each server in turn.
//!
//! The servers and the clients are separate processes, so that each
//! server's memory is its own.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::timeout;

/// Every message, and every reply, is this many bytes.
const SIZE: usize = 64;
const CONNECTIONS: usize = 1_000;
const ROUNDS: usize = 10;
/// The longest any connect, read or write may take.
const LIMIT: Duration = Duration::from_secs(10);
/// A server that is still running after this stops, and fails.
const SERVER_LIFE: Duration = Duration::from_secs(25);
/// The message that asks a server for its memory figures, and stops it.
const STATS: &[u8] = b"stats";

/// A line of `/proc/self/status` (`VmRSS`, `VmHWM`), in KiB.
fn status_kib(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// The reply to `stats`: resident memory when idle and at its peak.
fn stats(idle_kib: usize) -> [u8; SIZE] {
    let mut reply = [b' '; SIZE];
    let text = format!("{idle_kib} {}", status_kib("VmHWM"));
    reply[..text.len()].copy_from_slice(text.as_bytes());
    reply
}

// ANCHOR: servers
fn serve_threads(port: u16) {
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let idle_kib = status_kib("VmRSS");
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        std::thread::spawn(move || {
            stream.set_read_timeout(Some(LIMIT)).unwrap();
            let mut message = [0; SIZE];
            // Until the client closes the connection (or stays silent).
            while stream.read_exact(&mut message).is_ok() {
                if message.starts_with(STATS) {
                    stream.write_all(&stats(idle_kib)).unwrap();
                    std::process::exit(0);
                }
                stream.write_all(&message).unwrap();
            }
        });
    }
}

async fn serve_tokio(port: u16) {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    let idle_kib = status_kib("VmRSS");
    loop {
        let (mut stream, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            let mut message = [0; SIZE];
            while let Ok(Ok(_)) = timeout(LIMIT, stream.read_exact(&mut message)).await {
                if message.starts_with(STATS) {
                    stream.write_all(&stats(idle_kib)).await.unwrap();
                    std::process::exit(0);
                }
                stream.write_all(&message).await.unwrap();
            }
        });
    }
}
// ANCHOR_END: servers

/// Connects to the server on `port`, waiting for it to start listening.
async fn connect(port: u16) -> tokio::net::TcpStream {
    let start = Instant::now();
    loop {
        match tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
            Ok(stream) => return stream,
            Err(e) if start.elapsed() > LIMIT => panic!("cannot connect to {port}: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

/// One round trip: sends `message`, and checks the reply is the same bytes.
async fn round_trip(stream: &mut tokio::net::TcpStream, message: &[u8; SIZE]) {
    timeout(LIMIT, stream.write_all(message))
        .await
        .expect("a write timed out")
        .unwrap();
    let mut reply = [0; SIZE];
    timeout(LIMIT, stream.read_exact(&mut reply))
        .await
        .expect("a read timed out")
        .unwrap();
    assert_eq!(reply, *message, "a wrong reply");
}

async fn load(name: &str, port: u16) {
    // Every connection open at once before the clock starts. Each is
    // opened with a first round trip, so that the server has accepted it
    // before the next one knocks.
    let mut streams = Vec::new();
    for _ in 0..CONNECTIONS {
        let mut stream = connect(port).await;
        round_trip(&mut stream, &[b'!'; SIZE]).await;
        streams.push(stream);
    }
    let start = Instant::now();
    let clients: Vec<_> = (0..CONNECTIONS)
        .zip(streams)
        .map(|(client, mut stream)| {
            tokio::spawn(async move {
                for round in 0..ROUNDS {
                    let mut message = [b'.'; SIZE];
                    let text = format!("client {client} round {round} ");
                    message[..text.len()].copy_from_slice(text.as_bytes());
                    round_trip(&mut stream, &message).await;
                }
            })
        })
        .collect();
    for client in clients {
        client.await.unwrap();
    }
    let elapsed = start.elapsed();
    let requests = CONNECTIONS * ROUNDS;
    let per_second = requests as f64 / elapsed.as_secs_f64();
    println!("{name}: {CONNECTIONS} connections, {requests} replies, every one right");
    println!("  {per_second:.0} requests per second");
    // Ask the server how much memory it used; it stops after replying.
    let mut stream = connect(port).await;
    let mut ask = [b' '; SIZE];
    ask[..STATS.len()].copy_from_slice(STATS);
    timeout(LIMIT, stream.write_all(&ask))
        .await
        .unwrap()
        .unwrap();
    let mut reply = String::new();
    let read = stream.read_to_string(&mut reply);
    timeout(LIMIT, read).await.unwrap().unwrap();
    let kib: Vec<usize> = reply
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let [idle, peak] = kib[..] else {
        panic!("{reply}")
    };
    let per_connection = (peak - idle) * 1024 / CONNECTIONS;
    println!("  server VmRSS idle {idle} KiB, peak VmHWM {peak} KiB");
    println!("  {per_connection} bytes per connection");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let port = |i: usize| -> u16 {
        let port = args.get(i).expect("a port number");
        port.parse().unwrap()
    };
    match args.first().map_or("", String::as_str) {
        "serve" => {
            std::thread::spawn(|| {
                std::thread::sleep(SERVER_LIFE);
                eprintln!("no `stats` request within {SERVER_LIFE:?}: stopping");
                std::process::exit(1);
            });
            match args.get(1).map_or("", String::as_str) {
                "tokio" => tokio::runtime::Runtime::new()
                    .unwrap()
                    .block_on(serve_tokio(port(2))),
                "threads" => serve_threads(port(2)),
                other => panic!("no server called {other}"),
            }
        }
        "clients" => {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(load("tokio", port(1)));
            runtime.block_on(load("threads", port(2)));
        }
        other => panic!("`serve tokio|threads PORT` or `clients PORT PORT`, not {other}"),
    }
}
