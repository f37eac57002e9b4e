use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

/// Counts the primes below `n` by trial division: pure work for a core.
fn count_primes(n: u64) -> usize {
    (2..n)
        .filter(|&k| (2..).take_while(|d| d * d <= k).all(|d| k % d != 0))
        .count()
}

/// Wakes every `period` until `done`, and gives back the longest gap
/// between two of its wake-ups (its start and its end included).
async fn ticker(period: Duration, done: Arc<AtomicBool>, start: Instant) -> Duration {
    println!("[{:4} ms] ticker starts", start.elapsed().as_millis());
    let mut last = Instant::now();
    let mut longest = Duration::ZERO;
    while !done.load(Ordering::Relaxed) {
        tokio::time::sleep(period).await;
        longest = longest.max(last.elapsed());
        last = Instant::now();
    }
    println!("[{:4} ms] ticker ends", start.elapsed().as_millis());
    longest
}

// ANCHOR: on_rayon
/// Starts `work` on rayon's pool at once, and gives back a receiver that
/// a task can await for its result.
fn on_rayon<T, F>(work: F) -> oneshot::Receiver<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (sender, receiver) = oneshot::channel();
    rayon::spawn(move || {
        // Fails only if nobody awaits the answer any more: then drop it.
        let _ = sender.send(work());
    });
    receiver
}
// ANCHOR_END: on_rayon

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .map_or(200_000, |a| a.parse().unwrap());
    let start = Instant::now();
    let done = Arc::new(AtomicBool::new(false));
    // The ticker needs the runtime's only thread every 20 ms.
    let ticker = tokio::spawn(ticker(Duration::from_millis(20), done.clone(), start));
    tokio::time::sleep(Duration::from_millis(50)).await;

    println!("[{:4} ms] work starts", start.elapsed().as_millis());
    let primes = on_rayon(move || count_primes(n)).await.unwrap();
    println!("[{:4} ms] work ends", start.elapsed().as_millis());

    done.store(true, Ordering::Relaxed);
    let longest = ticker.await.unwrap();
    println!("{primes} primes below {n}");
    println!("longest gap between ticks: {} ms", longest.as_millis());
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
