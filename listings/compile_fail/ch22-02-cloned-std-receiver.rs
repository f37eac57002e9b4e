use std::sync::mpsc;
use std::thread;

// ANCHOR: main
fn main() {
    let (jobs, inbox) = mpsc::channel::<u32>();
    let second = inbox.clone(); // a second consumer of std's channel?
    let worker = thread::spawn(move || second.iter().count());
    for job in 0..10 {
        jobs.send(job).unwrap();
    }
    drop(jobs);
    println!("{} + {}", inbox.iter().count(), worker.join().unwrap());
}
// ANCHOR_END: main
