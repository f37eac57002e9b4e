// Mistake: a channel per job keeps the order, but each result is received
// right after its job is queued, so the next job is queued only once this
// one has ended: the pool runs one job at a time.
// grader: fails overlap, saying "right after queueing it"
use std::sync::mpsc;

fn map_in_order(pool: &ThreadPool, items: Vec<u64>) -> Vec<u64> {
    let mut ordered = Vec::new();
    for item in items {
        let (sender, result) = mpsc::channel();
        pool.execute(move || {
            sender.send(measure(item)).unwrap();
        });
        ordered.push(result.recv().unwrap());
    }
    ordered
}
