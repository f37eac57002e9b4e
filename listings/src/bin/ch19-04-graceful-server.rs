use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::sleep;
use tokio_util::task::TaskTracker;

fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}

// ANCHOR: serve
/// Serves one request, a line `work MS`: works for MS milliseconds (here it
/// only waits), then replies `done MS`.
async fn serve(n: usize, stream: TcpStream, start: Instant) -> std::io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut line = String::new();
    BufReader::new(reader).read_line(&mut line).await?;
    let work: u64 = line
        .trim()
        .strip_prefix("work ")
        .unwrap_or("0")
        .parse()
        .unwrap_or(0);
    println!("[{:4} ms] request {n} starts", ms(start));
    sleep(Duration::from_millis(work)).await;
    writer
        .write_all(format!("done {work}\n").as_bytes())
        .await?;
    println!("[{:4} ms] request {n} ends", ms(start));
    Ok(())
}
// ANCHOR_END: serve

// ANCHOR: main
#[tokio::main]
async fn main() -> std::io::Result<()> {
    let start = Instant::now();
    let args: Vec<String> = std::env::args().collect();
    let port: u16 = args[1].parse().expect("a port");
    let deadline = Duration::from_millis(args[2].parse().expect("a deadline in ms"));
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let address = listener.local_addr()?;
    println!("listening on {address}");
    // ANCHOR_END: main
    if args.get(3).map(String::as_str) == Some("--demo") {
        tokio::spawn(demo(address, start));
    }
    // ANCHOR: main

    let tracker = TaskTracker::new();
    let mut requests = 0;
    let mut ctrl_c = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        tokio::select! {
            // Ctrl-C first: its first poll also installs its handler.
            biased;
            _ = &mut ctrl_c => break,
            accepted = listener.accept() => {
                let (stream, _) = accepted?;
                requests += 1;
                tracker.spawn(serve(requests, stream, start));
            }
        }
    }
    drop(listener); // closes the socket: new connections are refused
    println!("[{:4} ms] main: Ctrl-C, no more connections", ms(start));

    tracker.close();
    match tokio::time::timeout(deadline, tracker.wait()).await {
        Ok(()) => println!("[{:4} ms] main: every request answered", ms(start)),
        Err(_) => println!(
            "[{:4} ms] main: deadline passed, abandoning {} requests",
            ms(start),
            tracker.len()
        ),
    }
    Ok(()) // dropping the runtime drops the tasks still running
}
// ANCHOR_END: main

/// With `--demo` (for the recording): three clients send requests, then the
/// program sends itself a real SIGINT, as Ctrl-C in a terminal does, and a
/// fourth client tries to connect too late.
async fn demo(address: std::net::SocketAddr, start: Instant) {
    let mut clients = Vec::new();
    for work in [400, 350, 300] {
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream
            .write_all(format!("work {work}\n").as_bytes())
            .await
            .unwrap();
        clients.push(tokio::spawn(async move {
            let mut reply = String::new();
            stream.read_to_string(&mut reply).await.unwrap();
        }));
    }
    sleep(Duration::from_millis(100)).await;
    let pid = std::process::id().to_string();
    let kill = tokio::process::Command::new("kill")
        .args(["-INT", &pid])
        .status();
    assert!(kill.await.unwrap().success());
    sleep(Duration::from_millis(20)).await;
    if TcpStream::connect(address).await.is_err() {
        println!("[{:4} ms] late client: connection refused", ms(start));
    }
    for client in clients {
        client.await.unwrap();
    }
}
