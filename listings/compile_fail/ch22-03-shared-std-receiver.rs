use std::sync::mpsc;
use std::thread;

// ANCHOR: main
fn main() {
    let (jobs, inbox) = mpsc::channel::<u32>();
    for job in 0..10 {
        jobs.send(job).unwrap();
    }
    drop(jobs);
    thread::scope(|s| {
        for _ in 0..2 {
            let inbox = &inbox; // both threads borrow the one receiver
            s.spawn(move || inbox.iter().count());
        }
    });
}
// ANCHOR_END: main
