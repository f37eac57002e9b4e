use std::time::{Duration, Instant};

/// Counts the primes below `n` by trial division: pure work for a core.
fn count_primes(n: u64) -> usize {
    (2..n)
        .filter(|&k| (2..).take_while(|d| d * d <= k).all(|d| k % d != 0))
        .count()
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let stamp = move |event: &str| println!("[{:4} ms] {event}", start.elapsed().as_millis());
    // A task that needs the runtime's thread every 25 ms.
    let ticker = tokio::spawn(async move {
        stamp("ticker starts");
        for _ in 0..4 {
            tokio::time::sleep(Duration::from_millis(25)).await;
            stamp("tick");
        }
        stamp("ticker ends");
    });
    stamp("work starts");
    let primes = tokio::task::spawn_blocking(|| count_primes(150_000))
        .await
        .unwrap();
    stamp("work ends");
    ticker.await.unwrap();
    println!("{primes} primes below 150000");
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
