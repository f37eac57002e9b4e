use std::thread;

// ANCHOR: main
fn main() {
    let (jobs, inbox) = crossbeam_channel::unbounded::<u32>();
    let workers: Vec<_> = ["worker a", "worker b"]
        .into_iter()
        .map(|name| {
            let inbox = inbox.clone(); // a second receiver of the same queue
            thread::spawn(move || {
                let mine: Vec<u32> = inbox.iter().collect(); // until all senders drop
                println!("{name} took {} jobs", mine.len());
                mine
            })
        })
        .collect();
    drop(inbox);
    for job in 0..1_000 {
        jobs.send(job).unwrap();
    }
    drop(jobs); // no sender left: each worker's loop ends once the queue is empty

    let mut all: Vec<u32> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    all.sort();
    all.dedup();
    println!("distinct jobs done: {} of 1000", all.len());
}
// ANCHOR_END: main
