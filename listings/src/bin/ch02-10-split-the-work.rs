use std::thread;
use std::time::{Duration, Instant};

/// How many threads share the work, whatever the machine.
const THREADS: u64 = 4;
/// The numbers are dealt out in blocks of this many.
const BLOCK: u64 = 1_000;

// ANCHOR: work
/// Whether `n` is prime, by trial division: slow on purpose, all CPU.
fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

/// How many primes are in part `part` of `parts` of the numbers below
/// `limit`. The parts take turns, a block at a time, so that each gets
/// as many large (slow to test) numbers as the others.
fn count_part(part: u64, parts: u64, limit: u64) -> u64 {
    (part * BLOCK..limit)
        .step_by((parts * BLOCK) as usize)
        .flat_map(|block| block..(block + BLOCK).min(limit))
        .filter(|&n| is_prime(n))
        .count() as u64
}
// ANCHOR_END: work

// ANCHOR: cpu_time
/// The processor time this process has used so far, all its threads
/// together. Linux keeps it in `/proc/self/stat`, in hundredths of a
/// second; elsewhere this says zero.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the program's name, which is in parentheses: the
    // 12th and 13th are the time spent in the program and in the kernel.
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .map(|field| field.parse::<u64>().unwrap_or(0))
        .sum();
    Duration::from_millis(ticks * 10)
}
// ANCHOR_END: cpu_time

fn stamp(clock: Instant, event: &str) {
    println!("[{:4} ms] {event}", clock.elapsed().as_millis());
}

// ANCHOR: main
fn main() {
    // Count the primes below this: 200000, or the first argument.
    let limit: u64 = match std::env::args().nth(1) {
        Some(arg) => arg.parse().expect("a number"),
        None => 200_000,
    };
    // ANCHOR: cores
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    println!("available parallelism: {cores}");
    // ANCHOR_END: cores
    let (clock, cpu) = (Instant::now(), cpu_time());

    stamp(clock, "alone starts");
    let alone = count_part(0, 1, limit);
    stamp(clock, "alone ends");
    let (alone_time, alone_cpu) = (clock.elapsed(), cpu_time() - cpu);

    let mut handles = Vec::new();
    for part in 0..THREADS {
        handles.push(thread::spawn(move || {
            stamp(clock, &format!("part {} starts", part + 1));
            let count = count_part(part, THREADS, limit);
            stamp(clock, &format!("part {} ends", part + 1));
            count
        }));
    }
    let counts: Vec<u64> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let threads_time = clock.elapsed() - alone_time;
    let threads_cpu = cpu_time() - cpu - alone_cpu;

    let ms = |time: Duration| time.as_millis();
    println!(
        "alone: {alone} primes below {limit} in {} ms, {} ms of CPU time",
        ms(alone_time),
        ms(alone_cpu)
    );
    let parts: Vec<String> = counts.iter().map(u64::to_string).collect();
    println!(
        "{THREADS} threads: {} = {} primes in {} ms, {} ms of CPU time",
        parts.join(" + "),
        counts.iter().sum::<u64>(),
        ms(threads_time),
        ms(threads_cpu)
    );
    let speedup = alone_time.as_secs_f64() / threads_time.as_secs_f64();
    println!("speed-up: {speedup:.2}");
}
// ANCHOR_END: main
