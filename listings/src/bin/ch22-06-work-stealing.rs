use std::thread;

use crossbeam_deque::{Steal, Worker};

// ANCHOR: main
fn main() {
    let own = Worker::new_lifo(); // the owner pushes and pops at one end
    for job in 1..=100u64 {
        own.push(job);
    }
    let stealer = own.stealer(); // others take from the other end

    let thief = thread::spawn(move || {
        let (mut done, mut sum) = (0, 0);
        loop {
            match stealer.steal() {
                Steal::Success(job) => {
                    done += 1;
                    sum += job;
                }
                Steal::Retry => continue, // lost a race with the owner: try again
                Steal::Empty => break,
            }
        }
        (done, sum)
    });
    let (mut done, mut sum) = (0, 0);
    while let Some(job) = own.pop() {
        done += 1;
        sum += job;
    }
    let (stolen, stolen_sum) = thief.join().unwrap();
    println!("jobs done by owner + thief: {}", done + stolen);
    println!(
        "sum of their jobs: {} (1 + ... + 100 = 5050)",
        sum + stolen_sum
    );
}
// ANCHOR_END: main
