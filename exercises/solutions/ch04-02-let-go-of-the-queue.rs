use std::sync::Mutex;

/// One of several workers that share the queue `jobs`.
fn worker(jobs: &Mutex<Vec<u32>>) {
    loop {
        // The guard is a temporary of this `let` statement: it is dropped
        // at the `;`, so the queue is unlocked before the job runs, and the
        // other workers can take jobs meanwhile.
        let next = jobs.lock().unwrap().pop();
        let Some(job) = next else {
            break; // the queue is empty
        };
        run(job);
    }
}
