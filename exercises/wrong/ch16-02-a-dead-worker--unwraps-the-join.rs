// Mistake: nothing hangs, since each worker is joined, but `unwrap` turns
// a dead worker into a panic of `count_words` itself: the caller, which
// asked for a `Result`, goes down with the worker.
// grader: fails failed worker, saying "panicked when worker 1 died"
use std::collections::BTreeMap;
use std::thread;

fn count_words(lines: &[&str], peers: usize) -> Result<BTreeMap<String, u64>, String> {
    thread::scope(|scope| {
        let workers: Vec<_> = (0..peers)
            .map(|index| {
                scope.spawn(move || {
                    let mut counts = BTreeMap::new();
                    for line in lines.iter().skip(index).step_by(peers) {
                        for word in words(line) {
                            *counts.entry(word).or_insert(0) += 1;
                        }
                    }
                    counts
                })
            })
            .collect();
        let mut total = BTreeMap::new();
        for worker in workers {
            for (word, count) in worker.join().unwrap() {
                *total.entry(word).or_insert(0) += count;
            }
        }
        Ok(total)
    })
}
