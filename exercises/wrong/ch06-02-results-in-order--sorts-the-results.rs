// Mistake: sorting puts the results in the order of their values, which
// is the order of the items only when the items happen to be sorted.
// grader: fails results, saying "sorted by value"
use std::sync::mpsc;

fn map_in_order(pool: &ThreadPool, items: Vec<u64>) -> Vec<u64> {
    let (sender, results) = mpsc::channel();
    let count = items.len();
    for item in items {
        let sender = sender.clone();
        pool.execute(move || {
            sender.send(measure(item)).unwrap();
        });
    }
    let mut collected: Vec<u64> = results.iter().take(count).collect();
    collected.sort();
    collected
}
