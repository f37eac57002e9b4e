use std::sync::mpsc;

/// Runs `measure` on every item, as jobs of the pool, and returns the
/// results in the order of `items`, whatever order the jobs end in.
fn map_in_order(pool: &ThreadPool, items: Vec<u64>) -> Vec<u64> {
    let (sender, results) = mpsc::channel();
    let count = items.len();
    // Every job is queued before any result is received, so they all run
    // at once; each sends its item's index along with its result.
    for (index, item) in items.into_iter().enumerate() {
        let sender = sender.clone();
        pool.execute(move || {
            sender.send((index, measure(item))).unwrap();
        });
    }
    // Results arrive as the jobs end; the index puts each in its place.
    let mut ordered = vec![0; count];
    for (index, result) in results.iter().take(count) {
        ordered[index] = result;
    }
    ordered
}
