use std::time::{Duration, Instant};

// ANCHOR: metrics
/// Each worker's total busy time so far, in milliseconds.
fn busy_ms(metrics: &tokio::runtime::RuntimeMetrics) -> Vec<u128> {
    (0..metrics.num_workers())
        .map(|worker| metrics.worker_total_busy_duration(worker).as_millis())
        .collect()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let metrics = runtime.metrics();
    println!("workers: {}", metrics.num_workers());
    let before = busy_ms(&metrics);
    let start = Instant::now();
    runtime.block_on(async {
        // Chapter 10's mistake: a blocking sleep inside a task.
        let blocker = tokio::spawn(async { std::thread::sleep(Duration::from_millis(300)) });
        tokio::time::sleep(Duration::from_millis(100)).await;
        println!("tasks alive while it blocks: {}", metrics.num_alive_tasks());
        blocker.await.unwrap();
    });
    // A worker adds its busy time when it goes idle: wait for that.
    let blocked = |busy: &[u128]| busy.iter().zip(&before).any(|(b, a)| b - a >= 300);
    let mut after = busy_ms(&metrics);
    while !blocked(&after) && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(10));
        after = busy_ms(&metrics);
    }
    for (worker, (b, a)) in after.iter().zip(&before).enumerate() {
        println!("worker {worker}: busy {} ms", b - a);
    }
}
// ANCHOR_END: metrics
