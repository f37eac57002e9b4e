use std::sync::{Arc, Mutex, mpsc};
use std::thread;

/// Two workers do the jobs, each job by exactly one of them: `work` is
/// called once per job, on a worker thread.
fn run(jobs: Vec<u32>, work: fn(u32)) {
    let (tx, rx) = mpsc::channel::<u32>();
    let rx = Arc::new(Mutex::new(rx)); // one receiver, taken in turns
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let rx = Arc::clone(&rx);
            thread::spawn(move || {
                loop {
                    // The guard is a temporary: dropped at the `;`, before the work.
                    let job = rx.lock().unwrap().recv();
                    match job {
                        Ok(job) => work(job),
                        Err(_) => break, // no sender left, queue empty
                    }
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
