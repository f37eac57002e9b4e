// Mistake: edition 2024 drops an `if let`'s temporaries before its `else`
// block, but not before the block that runs when the pattern matches: the
// guard is still alive while the job runs.
// grader: fails overlap, saying "The queue stayed locked while each job ran"
use std::sync::Mutex;

fn worker(jobs: &Mutex<Vec<u32>>) {
    loop {
        if let Some(job) = jobs.lock().unwrap().pop() {
            run(job);
        } else {
            break;
        }
    }
}
