use std::time::{Duration, Instant};

use futures::StreamExt;
use futures::future::join_all;
use futures::stream::FuturesUnordered;
use tokio::task::JoinSet;
use tokio::time::sleep;

/// A job that prints when it starts and ends, and waits `ms` in between.
async fn job(name: String, ms: u64, start: Instant) -> String {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    sleep(Duration::from_millis(ms)).await;
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
    name
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let prefix = String::from("unordered"); // a local, borrowed below

    // Spawned tasks: each is 'static and Send, owns what it uses, and runs
    // on the runtime whether or not anyone awaits the set.
    let mut set = JoinSet::new();
    for (i, ms) in [(1, 60), (2, 30)] {
        set.spawn(job(format!("task {i}"), ms, start));
    }
    // Futures in a FuturesUnordered: they may borrow `prefix`, and they run
    // only inside this task, when it polls the set.
    let mut unordered = FuturesUnordered::new();
    for (i, ms) in [(1, 60), (2, 30)] {
        let prefix = &prefix;
        unordered.push(async move { job(format!("{prefix} {i}"), ms, start).await });
    }

    println!("main: waits 100 ms, polling neither");
    sleep(Duration::from_millis(100)).await;
    println!("main: polls both");
    while let Some(done) = set.join_next().await {
        println!("joinset gave {}", done.unwrap());
    }
    while let Some(done) = unordered.next().await {
        println!("FuturesUnordered gave {done}");
    }

    // join_all: every future at once, in this task, the results in the
    // order the futures were given.
    let all = join_all([(1, 60), (2, 30)].map(|(i, ms)| job(format!("all {i}"), ms, start))).await;
    println!("join_all gave {all:?}");
}
// ANCHOR_END: main
