use std::time::{Duration, Instant};

use tokio::sync::watch;
use tokio::time::sleep;

/// Prints `NAME ends` when it is dropped: when its future finishes, or when
/// the future is dropped before it could.
struct Guard {
    name: &'static str,
    start: Instant,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let ms = self.start.elapsed().as_millis();
        println!("[{ms:4} ms] {} ends", self.name);
    }
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let ms = move || start.elapsed().as_millis();
    // The worker publishes how many steps it has done.
    let (progress, mut steps_done) = watch::channel(0);
    let worker = tokio::spawn(async move {
        let _guard = Guard {
            name: "worker",
            start,
        };
        println!("[{:4} ms] worker starts", ms());
        for step in 1..=3 {
            sleep(Duration::from_millis(200)).await;
            println!("[{:4} ms] worker: step {step} done", ms());
            progress.send_replace(step);
        }
        println!("[{:4} ms] worker: all steps done", ms());
    });

    steps_done.wait_for(|&step| step == 1).await.unwrap();
    println!("[{:4} ms] main: abort the worker", ms());
    worker.abort();
    match worker.await {
        Ok(()) => println!("the worker finished"),
        Err(e) => println!("the worker was cancelled: {}", e.is_cancelled()),
    }
    println!("all done in {} ms", ms());
}
// ANCHOR_END: main
