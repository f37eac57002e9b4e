// Mistake: each worker locks the shared receiver once and keeps the guard
// for its whole loop, so the other worker never gets a job.
// grader: fails two jobs at once, saying "held the lock on the receiver while it worked"
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

fn run(jobs: Vec<u32>, work: fn(u32)) {
    let (tx, rx) = mpsc::channel::<u32>();
    let rx = Arc::new(Mutex::new(rx));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let rx = Arc::clone(&rx);
            thread::spawn(move || {
                let rx = rx.lock().unwrap();
                for job in rx.iter() {
                    work(job);
                }
            })
        })
        .collect();
    for job in jobs {
        tx.send(job).unwrap();
    }
    drop(tx);
    for worker in workers {
        worker.join().unwrap();
    }
}
