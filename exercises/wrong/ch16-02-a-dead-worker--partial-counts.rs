// Mistake: nothing hangs, since the report of a dead worker is skipped,
// but the count is then short of that worker's words, and is returned as
// if it were whole.
// grader: fails failed worker, saying "partial counts"
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
        for counts in workers.into_iter().filter_map(|w| w.join().ok()) {
            for (word, count) in counts {
                *total.entry(word).or_insert(0) += count;
            }
        }
        Ok(total)
    })
}
