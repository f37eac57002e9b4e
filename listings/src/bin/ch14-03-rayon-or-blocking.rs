use std::time::Instant;

use tokio::sync::oneshot;

/// Counts the primes below `n` by trial division: pure work for a core.
fn count_primes(n: u64) -> usize {
    (2..n)
        .filter(|&k| (2..).take_while(|d| d * d <= k).all(|d| k % d != 0))
        .count()
}

/// Starts `work` on rayon's pool at once, and gives back a receiver that
/// a task can await for its result (listing 14-1).
fn on_rayon<T, F>(work: F) -> oneshot::Receiver<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (sender, receiver) = oneshot::channel();
    rayon::spawn(move || {
        let _ = sender.send(work());
    });
    receiver
}

/// One CPU job, stamped where it runs: on a thread of a pool.
fn job(name: String, n: u64, start: Instant) -> usize {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    let primes = count_primes(n);
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
    primes
}

// ANCHOR: main
const JOBS: usize = 8;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .map_or(40_000, |a| a.parse().unwrap());
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = rayon::current_num_threads();
    println!("{cpus} logical CPUs, {threads} rayon threads, {JOBS} jobs");
    let start = Instant::now();

    // Eight jobs on rayon: its threads, one per logical CPU, take them
    // in turn.
    let receivers: Vec<_> = (1..=JOBS)
        .map(|i| on_rayon(move || job(format!("rayon {i}"), n, start)))
        .collect();
    let mut on_rayon_pool = Vec::new();
    for receiver in receivers {
        on_rayon_pool.push(receiver.await.unwrap());
    }

    // The same eight jobs on the blocking pool: a thread each, at once.
    let handles: Vec<_> = (1..=JOBS)
        .map(|i| tokio::task::spawn_blocking(move || job(format!("block {i}"), n, start)))
        .collect();
    let mut on_blocking_pool = Vec::new();
    for handle in handles {
        on_blocking_pool.push(handle.await.unwrap());
    }

    let total = |answers: Vec<usize>| answers.iter().sum::<usize>();
    println!("rayon: {} primes in all", total(on_rayon_pool));
    println!("spawn_blocking: {} primes in all", total(on_blocking_pool));
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
