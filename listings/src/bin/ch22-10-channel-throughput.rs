use std::thread;
use std::time::{Duration, Instant};

/// Messages per run, and interleaved rounds (best kept).
const MESSAGES: u64 = 200_000;
const ROUNDS: usize = 5;

// ANCHOR: main
/// One producer thread sends `MESSAGES` numbers; this thread receives
/// and adds them. `channel` makes an unbounded channel of one crate.
fn time<S, R>(
    channel: fn() -> (S, R),
    send: fn(&S, u64),
    recv: fn(&R) -> Option<u64>,
) -> (Duration, u64)
where
    S: Send + 'static,
{
    let (tx, rx) = channel();
    let start = Instant::now();
    let producer = thread::spawn(move || {
        for n in 0..MESSAGES {
            send(&tx, n);
        }
    }); // `tx` drops here, which closes the channel
    let mut sum = 0;
    while let Some(n) = recv(&rx) {
        sum += n;
    }
    producer.join().unwrap();
    (start.elapsed(), sum)
}

fn main() {
    let mut best = [Duration::MAX; 3];
    for _ in 0..ROUNDS {
        let runs = [
            time(
                std::sync::mpsc::channel,
                |tx, n| tx.send(n).unwrap(),
                |rx| rx.recv().ok(),
            ),
            time(
                crossbeam_channel::unbounded,
                |tx, n| tx.send(n).unwrap(),
                |rx| rx.recv().ok(),
            ),
            time(
                flume::unbounded,
                |tx, n| tx.send(n).unwrap(),
                |rx| rx.recv().ok(),
            ),
        ];
        for (best, (took, sum)) in best.iter_mut().zip(runs) {
            assert_eq!(sum, MESSAGES * (MESSAGES - 1) / 2); // none lost, none twice
            *best = (*best).min(took);
        }
    }
    // ANCHOR_END: main
    println!("{MESSAGES} messages, one producer, one consumer, best of {ROUNDS}:");
    for (name, took) in ["std::sync::mpsc", "crossbeam-channel", "flume"]
        .iter()
        .zip(best)
    {
        println!("  {name:<18} {:>6.1} ms", took.as_secs_f64() * 1e3);
    }
}
